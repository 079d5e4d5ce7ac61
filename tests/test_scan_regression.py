"""Scanning a generated corpus gives the same rows and byte-identical reports as the gold.

The gold (tests/data/gold/scan_corpus.json) holds a SHA-256 per table of the rows a scan
stores and per report file it writes; it was written before the scan was made faster,
so speed work cannot change what is stored or reported. A change that alters the
output on purpose rewrites it with ``python tests/test_scan_regression.py`` (and says
so in its commit message).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from provenance import pipeline  # noqa: E402
from provenance.config import Settings  # noqa: E402
from provenance.store import scans as store  # noqa: E402
from tests.corpus import write_corpus  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold" / "scan_corpus.json"
# The stored rows, as the user sees them (claim text included: the claim_texts view reads
# it back from the document text), in id order.
QUERIES = {
    "documents": (
        "select id, path, slug, sha256, size, format, encoding, title, author, publisher, "
        "series, url, original_url, original_publisher, republisher, meta_sources, links, "
        "body_start, body_end, text, published, accessed, updated, problems "
        "from documents order by id"
    ),
    "claims": (
        "select id, document_id, paragraph, sentence, start, [end], text, n_citations, "
        "n_references from claim_texts order by id"
    ),
    "citations": "select * from citation_texts order by id",
    "references": 'select * from "references" order by id',
    "fts": "select rowid, text from claims_fts where claims_fts match 'Tajikistan' order by rowid",
}


def _digest(value: Any) -> str:
    data = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False)
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def scan_corpus(tmp: Path) -> dict[str, Any]:
    """Scan the generated corpus in ``tmp``; returns counts and digests of rows and reports."""
    (tmp / ".git").mkdir()  # the project root: stored paths are relative to it
    write_corpus(tmp / "corpus")
    settings = Settings(db=str(tmp / "p.db"), reports=str(tmp / "reports"))
    db = store.open_db(settings.db)
    summary = pipeline.scan([tmp / "corpus"], settings, db=db)
    tables = {}
    for name, sql in QUERIES.items():
        rows = [list(r) for r in db.execute(sql).fetchall()]
        tables[name] = {"rows": len(rows), "sha256": _digest(rows)}
    db.close()
    reports = {p.name: _digest(p.read_bytes()) for p in sorted((tmp / "reports").glob("*.md"))}
    return {
        "scanned": summary.scanned,
        "references": summary.references,
        "tables": tables,
        "reports": reports,
    }


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return scan_corpus(tmp_path_factory.mktemp("regression"))


def test_same_counts(scanned):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert (scanned["scanned"], scanned["references"]) == (gold["scanned"], gold["references"])
    assert scanned["scanned"] == 64


@pytest.mark.parametrize("table", list(QUERIES))
def test_same_rows(scanned, table):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert scanned["tables"][table] == gold["tables"][table]


def test_byte_identical_reports(scanned):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert sorted(scanned["reports"]) == sorted(gold["reports"])
    reports = scanned["reports"]
    differ = [name for name, digest in gold["reports"].items() if reports[name] != digest]
    assert differ == []


def test_scan_reports_from_memory_equal_report_from_database(tmp_path, monkeypatch):
    """The scan renders from its own results; `provenance report` from the database: same bytes."""
    (tmp_path / ".git").mkdir()
    write_corpus(tmp_path / "corpus", n=12)
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "scan-reports"))
    db = store.open_db(settings.db)
    loads: list[int] = []
    real_load = store.load_scan
    monkeypatch.setattr(store, "load_scan", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    summary = pipeline.scan([tmp_path / "corpus"], settings, db=db)
    assert summary.scanned == 16 and loads == []  # nothing read back to render a fresh scan
    again = Settings(db=settings.db, reports=str(tmp_path / "db-reports"))
    pipeline.write_reports(db, again)
    assert len(loads) == 16  # this time every report came from the database
    scanned = {p.name: p.read_bytes() for p in (tmp_path / "scan-reports").iterdir()}
    from_db = {p.name: p.read_bytes() for p in (tmp_path / "db-reports").iterdir()}
    assert len(scanned) == 17 and scanned == from_db


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = scan_corpus(Path(folder))
    GOLD.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLD}: {result['scanned']} documents, {result['references']} references")
