"""The library API mirrors the command line."""

from __future__ import annotations

import io
import json

import provenance
from tests.fixtures.store import SEED


def test_scan_report_export_from_python(settings, tmp_path):
    summary = provenance.scan([SEED], settings)
    assert (summary.scanned, summary.references) == (1, 27)
    paths = provenance.write_reports(settings)
    assert [p.name for p in paths] == ["000-f0a8ddd99eaae0a6.md", "index.md"]
    out = io.StringIO()
    assert provenance.export_references("json", out, settings) == 27
    assert {r["outlet_name"] for r in json.loads(out.getvalue())} >= {
        "Asia-Plus",
        "REGNUM News Agency",
    }


def test_pure_stages_compose():
    doc = provenance.read_document(SEED)
    result = provenance.scan_document(doc)
    assert len(result.claims) == 39
    parens = provenance.find_parentheticals("Troops (News.tj, October 20, 21).")
    assert [r.outlet for r in parens[0].references] == ["News.tj", "News.tj"]
    assert (
        provenance.load_registry().resolve("Regnum").outlet.id
        == provenance.load_registry().resolve("Regnum.ru").outlet.id
    )


def test_scan_is_both_the_call_and_the_job_package() -> None:
    """``provenance.scan(...)`` runs a scan, and ``provenance.scan.ingest`` is still the module,
    whichever of the two was reached first (the sub-package would otherwise shadow the call)."""
    import importlib

    import provenance.scan.split

    assert callable(provenance.scan)
    assert provenance.scan.split is importlib.import_module("provenance.scan.split")
    assert provenance.scan.ingest.read_document is provenance.read_document


def test_one_path_given_as_a_string_is_one_path(settings, tmp_path):
    """provenance.scan("seeds/", settings) walked "s", "e", "e"... and then "/"."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    summary = provenance.scan(str(folder), settings)
    assert summary.scanned == 1 and summary.errors == []
    assert provenance.scan_document(str(folder / "a.txt")).claims  # a path, read


def test_reading_calls_never_make_up_a_database(tmp_path):
    """check_links on a mistyped database path made an empty one and found nothing."""
    import pytest

    from provenance.config import Settings
    from provenance.errors import StoreError

    settings = Settings(db=str(tmp_path / "typo.db"), reports=str(tmp_path / "r"))
    for call in (provenance.check_links, provenance.write_reports, provenance.check_sources):
        with pytest.raises(StoreError, match="no database here"):
            call(settings)
    assert not (tmp_path / "typo.db").exists()


def test_a_reports_folder_that_is_a_file_is_one_error(settings, tmp_path):
    import dataclasses

    import pytest

    from provenance.errors import StoreError

    (tmp_path / "afile").write_text("x", encoding="utf-8")
    bad = dataclasses.replace(settings, reports=str(tmp_path / "afile"))
    with pytest.raises(StoreError, match="afile: is a file, not a reports folder"):
        provenance.scan([SEED], bad)
