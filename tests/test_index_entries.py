"""Stored index entries: index.md made without reading every scan back.

A scan that changed one document of many used to read every other document back from
SQLite to make index.md. Each document's index entry is now stored with its rows; these
tests check that index.md made from the stored entries is byte for byte the one that
``provenance report`` makes from the scans, with and without archive verdicts, and that
an entry from other rows or other code is never shown.
"""

from __future__ import annotations

import dataclasses
import os
import time
import zlib
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.archive import store as checkstore
from provenance.config import Settings
from provenance.models import ReferenceCheck
from provenance.report import checks as checkreport
from provenance.report import document as report
from provenance.report import entries
from provenance.store import scans as store

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f0a8ddd99eaae0a6.txt"
OUTLETS = ["News.tj", "Regnum", "Asia-Plus", "Centre1.com", "TASS", "Ozodi.org"]


def write_corpus(folder: Path, n: int = 6) -> None:
    """``n`` small documents, each citing a few outlets on a few dates."""
    folder.mkdir()
    for i in range(n):
        lines = [f"Title {i}", ""]
        for j in range(4):
            a, b = OUTLETS[(i + j) % len(OUTLETS)], OUTLETS[(i * 2 + j + 1) % len(OUTLETS)]
            lines.append(
                f"Officials in Dushanbe met {i} delegations over {j + 10} days "
                f"({a}, March {j + 1}, 2020; {b}, April {i + 2}, 2020). "
                f"The talks went on without a citation in paragraph {j}."
            )
            lines.append("")
        (folder / f"d{i}.txt").write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture()
def scanned(tmp_path: Path):
    """A scanned corpus with its reports; yields (db, settings, corpus folder)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"), jobs=1)
    db = store.open_db(settings.db)
    pipeline.scan([corpus], settings, db=db)
    yield db, settings, corpus
    db.close()


@pytest.fixture()
def read_back(monkeypatch):
    """The ids of the documents whose scan is read back from the database."""
    ids: list[int] = []
    load = store.load_scan

    def counting(db, doc_id, *args, **kwargs):
        ids.append(doc_id)
        return load(db, doc_id, *args, **kwargs)

    monkeypatch.setattr(store, "load_scan", counting)
    return ids


def index_from_scans(db, settings: Settings, tmp_path: Path) -> str:
    """index.md as ``provenance report`` makes it: every scan read back and rendered."""
    fresh = dataclasses.replace(settings, reports=str(tmp_path / "from-scans"))
    db.execute("delete from index_entries")  # so that nothing stored is used
    pipeline.write_reports(db, fresh)
    return (tmp_path / "from-scans" / "index.md").read_text(encoding="utf-8")


def index_md(settings: Settings) -> str:
    return (Path(settings.reports) / "index.md").read_text(encoding="utf-8")


def change(corpus: Path, name: str = "d2.txt") -> None:
    path = corpus / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nA new claim here (Regnum, May 5, 2020).\n", encoding="utf-8")


def test_a_one_file_rescan_reads_no_other_document_back(scanned, read_back, tmp_path):
    db, settings, corpus = scanned
    before = index_md(settings)
    change(corpus)
    summary = pipeline.scan([corpus], settings, db=db)
    assert (summary.scanned, summary.unchanged) == (1, 5)
    assert read_back == []  # the changed one is rendered from its scan, the rest stored
    after = index_md(settings)
    assert after != before  # its counts changed
    assert after == index_from_scans(db, settings, tmp_path)


def test_stored_entries_get_the_current_archive_verdicts(scanned, read_back, tmp_path):
    db, settings, corpus = scanned
    ids = [row[0] for row in db.execute('select id from "references" order by id')]
    statuses = ["verified", "no-captures", "verified", "error", "a-future-status"]
    with db.atomic():
        for ref_id, status in zip(ids[::3], statuses * len(ids), strict=False):
            checkstore.save_check(db, ReferenceCheck(reference_id=ref_id, status=status))
    pipeline.write_reports(db, settings, only=())  # as `provenance check` ends
    read_back.clear()
    change(corpus)
    pipeline.scan([corpus], settings, db=db)
    assert read_back == []
    index = index_md(settings)
    assert "| Verified |" in index  # the verdict columns are there
    assert index == index_from_scans(db, settings, tmp_path)


def test_a_check_rewrites_only_the_reports_whose_verdicts_changed(scanned, read_back, tmp_path):
    db, settings, corpus = scanned
    reports = Path(settings.reports)
    stamps = {p.name: p.stat().st_mtime_ns for p in reports.glob("*.md")}
    shown = (reports / "d2.md").read_text()
    d2 = db.execute("select id from documents where path like '%d2.txt'").fetchone()[0]
    ref_id = db.execute('select min(id) from "references" where document_id = ?', [d2])
    # A verdict stored and no report written after it: what an interrupted check leaves.
    with db.atomic():
        checkstore.save_check(
            db, ReferenceCheck(reference_id=ref_id.fetchone()[0], status="verified")
        )
    written = pipeline.write_reports(db, settings, only=())
    assert sorted(p.name for p in written) == ["d2.md", "index.md"]
    assert read_back == [d2]  # no other document was read back, let alone rendered
    unchanged = {p.name: p.stat().st_mtime_ns for p in reports.glob("*.md")}
    for name in ("d2.md", "index.md"):
        assert unchanged.pop(name) != stamps.pop(name)
    assert unchanged == stamps
    # What every report would show, rendered from scratch: d2 shows its verdict.
    fresh = dataclasses.replace(settings, reports=str(tmp_path / "fresh"))
    pipeline.write_reports(db, fresh)
    for name in ("d2.md", "index.md"):
        assert (reports / name).read_text() == (tmp_path / "fresh" / name).read_text()
    assert (reports / "d2.md").read_text() != shown
    read_back.clear()
    assert pipeline.write_reports(db, settings, only=()) == []  # nothing older any more
    assert read_back == []


def test_an_index_older_than_a_verdict_is_made_again(scanned, tmp_path):
    # A check stopped after writing a report and before index.md: the index is stale.
    db, settings, _ = scanned
    ref_id = db.execute('select min(id) from "references"').fetchone()[0]
    with db.atomic():
        checkstore.save_check(db, ReferenceCheck(reference_id=ref_id, status="verified"))
    later = time.time_ns()  # after the verdict
    for report_file in Path(settings.reports).glob("d*.md"):
        os.utime(report_file, ns=(later, later))  # every report newer than the verdict
    pipeline.write_reports(db, settings, only=())
    assert index_md(settings) == index_from_scans(db, settings, tmp_path)


def test_a_removed_document_leaves_the_index_without_rendering_the_rest(
    scanned, read_back, tmp_path
):
    db, settings, corpus = scanned
    (corpus / "d4.txt").unlink()
    summary = pipeline.scan([corpus], settings, db=db)
    assert [Path(p).name for p in summary.removed] == ["d4.txt"]
    assert read_back == []
    index = index_md(settings)
    assert "d4.md" not in index and "d3.md" in index
    orphans = (
        "select count(*) from index_entries where document_id not in (select id from documents)"
    )
    assert db.execute(orphans).fetchone()[0] == 0
    assert index == index_from_scans(db, settings, tmp_path)


@pytest.mark.parametrize(
    "spoil",
    [
        "update index_entries set version = 'older code'",
        "update index_entries set stored_ns = stored_ns - 1",
        "update index_entries set entry = x'789c8b8a8a0200021f010f'",  # zlib of "ZZZ"
        "update index_entries set entry = 'not compressed'",
        "delete from index_entries",
    ],
)
def test_an_entry_from_other_rows_or_code_is_made_again(scanned, read_back, tmp_path, spoil):
    db, settings, corpus = scanned
    with db.atomic():
        db.execute(spoil)
    change(corpus)
    pipeline.scan([corpus], settings, db=db)
    assert len(read_back) == 5  # every other document, read back once
    assert index_md(settings) == index_from_scans(db, settings, tmp_path)
    read_back.clear()
    change(corpus, "d3.txt")
    pipeline.scan([corpus], settings, db=db)
    assert read_back == []  # their entries were stored again the first time
    version = pipeline.entry_version(pipeline.resolve.registry_for(settings))
    stored = db.execute("select count(*) from index_entries where version = ?", [version])
    assert stored.fetchone()[0] == 6


def test_an_entry_round_trips_through_its_text(tmp_path):
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"), jobs=1)
    db = store.open_db(settings.db)
    pipeline.scan([SEED], settings, db=db, write=False)
    (doc_id,) = store.document_ids(db)
    result = store.load_scan(db, doc_id, None)
    db.close()
    entry = report.index_entry(result, "seed")
    registry = pipeline.resolve.registry_for(settings)
    assert entries.read_entry(entries.entry_text(entry), "seed", registry) == entry
    refs = [ref for claim in result.claims for ref in claim.references]
    checks = {r.id: ReferenceCheck(r.id, s) for r, s in zip(refs, ["verified", "error"] * 9)}
    checked = report.index_entry(result, "seed", checks)
    statuses = {"verified": 9, "error": 9}
    text = entries.entry_text(entry)
    assert entries.read_entry(text, "seed", registry, statuses, len(refs)) == checked
    assert dict(checked.verdicts) == checkreport.verdict_counts(refs, checks)
    with pytest.raises(ValueError, match="not a stored index entry"):
        entries.read_entry(zlib.compress(b"{}"), "seed", registry)


def test_a_database_that_cannot_be_written_still_gets_its_reports(scanned, tmp_path):
    """``report`` only reads the scans: when the entries it made cannot be stored (a
    read-only database), it still writes every report and index.md."""
    db, settings, corpus = scanned
    with db.atomic():
        db.execute("delete from index_entries")
    db.execute("PRAGMA query_only = ON")  # every write now fails, as on a read-only file
    out = dataclasses.replace(settings, reports=str(tmp_path / "read-only"))
    pipeline.write_reports(db, out)
    assert (tmp_path / "read-only" / "index.md").read_text(encoding="utf-8") == index_md(settings)
    assert db.execute("select count(*) from index_entries").fetchone()[0] == 0


def test_reports_made_by_other_report_code_are_made_again_by_a_rescan(scanned, tmp_path):
    """After an upgrade, `scan` found every file unchanged and left each report as the
    old code wrote it: only `provenance report` brought them up to date."""
    db, settings, corpus = scanned
    report_md = Path(settings.reports) / "d1.md"
    fresh = report_md.read_text(encoding="utf-8")
    report_md.write_text(fresh.replace("## Claims", "## Claims by older code"), "utf-8")
    with db.atomic():
        db.execute("update index_entries set version = 'older code'")
    summary = pipeline.scan([corpus], settings, db=db)
    assert summary.unchanged == 6  # nothing rescanned: the documents did not change
    assert report_md.read_text(encoding="utf-8") == fresh
    (version,) = {r[0] for r in db.execute("select version from index_entries")}
    assert version == pipeline.entry_version(pipeline.resolve.registry_for(settings))
