"""The database is browsable with Datasette, with the shipped metadata (db/datasette.yml)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.config import Settings
from tests.fixtures.archive import free_port
from tests.fixtures.store import ROOT, SEED

DATASETTE = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
pytestmark = pytest.mark.skipif(not Path(DATASETTE).exists(), reason="datasette not installed")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def datasette(tmp_path):
    """A Datasette on 127.0.0.1 serving a scanned seed with db/datasette.yml."""
    db = tmp_path / "provenance.db"
    pipeline.scan([SEED], Settings(db=str(db), reports=str(tmp_path / "r")), write=False)
    port = free_port()
    proc = subprocess.Popen(
        [
            DATASETTE,
            "serve",
            str(db),
            "-m",
            str(ROOT / "db" / "datasette.yml"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get_json(f"{base}/-/versions.json")
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_browse_sources_view_search_and_facets(datasette):
    rows = get_json(f"{datasette}/provenance/sources.json?_shape=array&_size=100")
    assert len(rows) == 27
    assert {r["outlet"] for r in rows if r["written"] == "News.tj"} == {"Asia-Plus"}
    hits = get_json(f"{datasette}/provenance/claim_texts.json?_search=Ishkoshim&_shape=array")
    assert len(hits) == 1 and "10,000" in hits[0]["text"]
    assert any("10,000" in r["claim"] for r in rows)  # sources shows the claim text too
    refs = get_json(f"{datasette}/provenance/references.json?_labels=on&_size=1")
    facets = refs["facet_results"]
    assert "outlet_id" in facets.get("results", facets)
    cits = get_json(f"{datasette}/provenance/citation_texts.json?kind=citation&_shape=array")
    assert cits and all(c["raw"].startswith("(") and c["raw"].endswith(")") for c in cits)
    assert any(r["written"] == "Regnum" for r in rows)  # the outlet as written, from its lookup
    meta = get_json(f"{datasette}/-/metadata.json")
    assert "sources" in meta["databases"]["provenance"]["tables"]
