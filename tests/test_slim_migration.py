"""Migration m013 (slim scan rows): an older database migrates and reads back the same.

The database "built by the previous schema" is made by applying every migration before
m013 and filling its tables with the rows a scan stores, as the views of the new schema
give them (tests/test_scan_regression.py checks, against gold digests written by the old
code, that those views give exactly the rows the old tables held). It is then opened,
which migrates it, and must give the same rows, export and reports as a fresh scan.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlite_utils import Database

from provenance import pipeline
from provenance.config import Settings
from provenance.store import scans as store
from provenance.store.migrations import migrations
from tests.corpus import write_corpus
from tests.fixtures.store import insert_references

M013 = "m013_slim_scan_rows"
CHECK = {"reference_id": 2, "status": "verified", "match_score": 0.9, "archive_url": "https://a"}
CANDIDATE = {"id": 1, "reference_id": 2, "rank": 0, "role": "best", "score": 0.9}


def _old_database(path: Path, new: Database) -> Database:
    """A database of the schema before m013 holding the rows of ``new``, as it would have."""
    old = Database(path)
    migrations.apply(old, stop_before=M013)
    copies = {
        "outlets": "select * from outlets",
        "documents": "select {} from documents",
        "claims": "select * from claims",
        "citations": "select * from citation_texts order by id",
        "references": 'select * from "references" order by id',
    }
    for table, sql in copies.items():
        columns = ", ".join(f"[{c}]" for c in old[table].columns_dict)
        old[table].insert_all(store.query_dicts(new, sql.format(columns)))
    old.execute("insert into claims_fts(claims_fts) values ('rebuild')")
    old["reference_checks"].insert(CHECK)
    old["check_candidates"].insert(CANDIDATE)
    old.conn.commit()
    return old


def _outputs(db: Database, reports: Path) -> dict[str, bytes]:
    """The JSON and CSV exports and every report file of a database."""
    out = {}
    for fmt in ("json", "csv"):
        buffer = io.StringIO()
        pipeline.export_references(db, fmt, buffer)
        out[fmt] = buffer.getvalue().encode()
    pipeline.write_reports(db, Settings(db=":memory:", reports=str(reports)))
    out.update({p.name: p.read_bytes() for p in sorted(reports.iterdir())})
    return out


def _rows(db: Database, citations: str = "citation_texts") -> dict[str, list[tuple]]:
    """The scan's rows as readers see them, and a full-text search."""
    return {
        "references": db.execute('select * from "references" order by id').fetchall(),
        "citations": db.execute(f"select * from {citations} order by id").fetchall(),
        "claims": db.execute("select * from claim_texts order by id").fetchall(),
        "search": db.execute(
            "select rowid from claims_fts where claims_fts match 'Tajikistan' order by rank"
        ).fetchall(),
    }


@pytest.fixture
def scanned(tmp_path: Path) -> tuple[Path, Database]:
    """A project with a small generated corpus, scanned into a fresh database."""
    (tmp_path / ".git").mkdir()
    write_corpus(tmp_path / "corpus", n=4)
    settings = Settings(db=str(tmp_path / "new.db"), reports=str(tmp_path / "scan-reports"))
    db = store.open_db(settings.db)
    pipeline.scan([tmp_path / "corpus"], settings, db=db, write=False)
    db["reference_checks"].insert(CHECK)
    db["check_candidates"].insert(CANDIDATE)
    db.conn.commit()
    return tmp_path, db


def test_older_database_migrates_to_the_same_rows_export_and_reports(scanned):
    tmp, new = scanned
    old = _old_database(tmp / "old.db", new)
    before = _rows(old, citations="citations")
    old.close()
    old_size = (tmp / "old.db").stat().st_size
    migrated = store.open_db(tmp / "old.db")
    assert not migrations.pending(migrated)
    assert _rows(migrated) == before == _rows(new)
    assert _outputs(migrated, tmp / "old-reports") == _outputs(new, tmp / "new-reports")
    assert migrated.execute("pragma foreign_key_check").fetchall() == []
    schema = store.schema_sql(migrated)
    assert '"reference_id" INTEGER PRIMARY KEY REFERENCES "reference_rows"("id")' in schema
    migrated.execute("insert into claims_fts(claims_fts, rank) values ('integrity-check', 1)")
    # Stored once: most citations and reference end offsets are read from the text.
    stored_raw, cits = migrated.execute("select count(raw), count(*) from citations").fetchone()
    assert cits > 50 and stored_raw < cits / 4
    ends, refs = migrated.execute(
        "select count(outlet_end), count(*) from reference_rows"
    ).fetchone()
    assert refs > 50 and ends < refs / 4
    # The pages the migration freed went back to the file system, once.
    assert migrated.execute("pragma auto_vacuum").fetchone() == (1,)
    assert migrated.execute("pragma freelist_count").fetchone() == (0,)
    migrated.close()
    assert (tmp / "old.db").stat().st_size < old_size


def test_migrated_database_rescans_a_changed_document_like_a_fresh_one(scanned):
    tmp, new = scanned
    _old_database(tmp / "old.db", new).close()
    migrated = store.open_db(tmp / "old.db")
    doc = tmp / "corpus" / "gen001.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nMore (TASS, May 4).\n", encoding="utf-8")
    for db in (migrated, new):
        settings = Settings(db=":memory:", reports=str(tmp / "unused"))
        summary = pipeline.scan([tmp / "corpus"], settings, db=db, write=False)
        assert (summary.scanned, summary.unchanged) == (1, 7)
    assert _rows(migrated) == _rows(new)
    assert _outputs(migrated, tmp / "a") == _outputs(new, tmp / "b")
    assert migrated.execute("pragma foreign_key_check").fetchall() == []


def test_references_view_writes_through_its_triggers(db):
    db["documents"].insert({"id": 1, "path": "a.txt", "sha256": "x", "text": "(TASS, May 3)"})
    db["claims"].insert({"id": 1, "document_id": 1, "start": 0, "end": 13})
    db["citations"].insert({"id": 1, "document_id": 1, "claim_id": 1, "start": 0, "end": 13})
    row = {
        "id": 7,
        "document_id": 1,
        "claim_id": 1,
        "citation_id": 1,
        "position": 0,
        "outlet": "TASS",
        "outlet_start": 1,
        "outlet_end": 5,
        "outlet_id": None,
        "domain": "tass.ru",
        "resolution": "domain",
        "date": "2016-05-03",
        "date_text": "May 3",
        "year": 2016,
        "month": 5,
        "day": 3,
        "year_inferred": 1,
        "date_anomaly": None,
        "accessed": 0,
        "prefix": "see",
        "url": None,
        "self_citation": 0,
        "title": None,
        "source_kind": None,
    }
    insert_references(db, [row, {**row, "id": 8, "position": 1, "outlet_end": 9}])
    got = list(store.query_dicts(db, 'select * from "references" order by id'))
    assert got == [row, {**row, "id": 8, "position": 1, "outlet_end": 9}]
    assert db.execute("select outlet_end from reference_rows").fetchall() == [(None,), (9,)]
    with db.conn:
        db.execute('update "references" set url = ?, day = 4 where id = 7', ["https://t"])
        db.execute('delete from "references" where id = 8')
    (got,) = store.query_dicts(db, 'select * from "references"')
    assert got == {**row, "url": "https://t", "day": 4}
    assert db.execute("select count(*) from reference_outlets").fetchone() == (1,)


def test_document_written_by_hand_is_read_whole(db):
    """A document without id ranges (not written by save_scan) is read by its document_id."""
    text = "A claim (TASS, May 3)."
    db["documents"].insert({"id": 1, "path": "a.txt", "sha256": "x", "text": text})
    db["claims"].insert({"id": 5, "document_id": 1, "start": 0, "end": 22, "text": "A claim."})
    db["citations"].insert(
        {"id": 9, "document_id": 1, "claim_id": 5, "start": 8, "end": 21, "kind": "citation"}
    )
    insert_references(db, [{"id": 3, "citation_id": 9, "outlet": "TASS", "outlet_start": 9}])
    result = store.load_scan(db, 1)
    (claim,) = result.claims
    assert claim.text == "A claim." and claim.parentheticals[0].raw == "(TASS, May 3)"
    assert [r.outlet for r in claim.parentheticals[0].references] == ["TASS"]


def _scan_bytes(db: Database) -> int:
    """Bytes of the pages of everything a scan writes but the document text and registry."""
    db.execute("vacuum")
    (size,) = db.execute(
        "select sum(pgsize) from dbstat where name not in ('documents', 'outlets') and "
        "name not like 'sqlite_autoindex_outlets%' and name not like 'idx_documents_%' and "
        "(name like 'claims%' or name like 'citation%' or name like '%reference%' "
        "or name like 'idx_claims%' or name like 'cited_dates%' or name like 'idx_cited%')"
    ).fetchone()
    return size


def test_scan_rows_take_fewer_pages(scanned):
    """Here 68% (a table or index takes a page at least); 37% on bench/bench_scan.py."""
    tmp, new = scanned
    old = _old_database(tmp / "old.db", new)
    old.execute("delete from reference_checks")
    old.execute("delete from check_candidates")
    old.conn.commit()
    with new.conn:
        new.execute("delete from check_candidates")
        new.execute("delete from reference_checks")
    assert _scan_bytes(new) < 0.75 * _scan_bytes(old)
