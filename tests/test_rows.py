"""A scan as plain rows (store/rows.py) and their writing (store/saving.py): the rows
survive the trip to another process, and the run's known lookup ids never name a row
that a rolled back document took with it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import pipeline
from provenance.scan import ingest
from provenance.scan.outlets import resolve
from provenance.store import saving
from provenance.store import scans as store
from tests.reliability.scanrun import make_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def registry() -> resolve.Registry:
    return resolve.load_registry()


def _rows(path: Path, registry: resolve.Registry) -> store.ScanRows:
    doc = ingest.read_document(path)
    return store.scan_rows(pipeline.scan_document(doc, registry))


def _dump(db) -> dict[str, list[tuple]]:
    tables = ("documents", "claims", "citations", "reference_rows", "reference_outlets")
    dump = {t: db.execute(f"select * from [{t}] order by id").fetchall() for t in tables}
    dump["cited_dates"] = db.execute("select * from cited_dates order by id").fetchall()
    dump["fts"] = db.execute("select rowid, text from claims_fts order by rowid").fetchall()
    columns = [c[1] for c in db.execute("pragma table_info(documents)")]
    stored = columns.index("stored_ns")  # when the rows were stored differs
    dump["documents"] = [r[:stored] + r[stored + 1 :] for r in dump["documents"]]
    return dump


def _open(registry: resolve.Registry):
    db = store.open_db(":memory:")
    store.sync_outlets(db, resolve.registry_rows(registry))
    return db


def test_rows_are_plain_data_and_give_the_scan_s_own_rows(registry, tmp_path) -> None:
    seeds = [*sorted(SEEDS.glob("*.txt")), *sorted(make_corpus(tmp_path, 3).iterdir())]
    assert len(seeds) == 4
    direct, through = _open(registry), _open(registry)
    lookups = store.Lookups()
    for n, path in enumerate(seeds):
        store.save_scan(direct, pipeline.scan_document(ingest.read_document(path), registry),
                        f"d{n}", "t")  # fmt: skip
        rows = pickle.loads(pickle.dumps(_rows(path, registry)))  # as a worker sends them
        store.save_rows(through, rows, f"d{n}", "t", lookups=lookups)
    assert _dump(direct) == _dump(through)
    references = through.execute("select count(*) from reference_rows").fetchone()[0]
    assert references > 20
    assert lookups.known("reference_outlets")  # the later documents were answered from it


def test_a_rolled_back_document_leaves_no_known_id_behind(registry, tmp_path, monkeypatch) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    db, lookups = _open(registry), store.Lookups()
    store.save_rows(db, _rows(seed, registry), "a", "t", lookups=lookups)
    known = dict(lookups.known("reference_outlets"))
    other = tmp_path / "b.txt"
    shutil.copy(seed, other)
    text = other.read_text(encoding="utf-8").replace("(", "(Zzyzx Daily, May 3; ", 1)
    other.write_text(text, encoding="utf-8")
    rows = _rows(other, registry)
    assert any(key[0] == "Zzyzx Daily" for key in rows.outlets)

    def fail(*args):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:  # fails after its lookup rows were inserted
        patch.setattr(saving, "_claim_texts", fail)
        with pytest.raises(RuntimeError):
            store.save_rows(db, rows, "b", "t", lookups=lookups)
    assert lookups.known("reference_outlets") == known
    assert db.execute("select count(*) from reference_outlets where outlet = 'Zzyzx Daily'"
                      ).fetchone()[0] == 0  # fmt: skip
    store.save_rows(db, rows, "b", "t", lookups=lookups)
    dangling = db.execute(
        "select count(*) from reference_rows r left join reference_outlets o "
        "on o.id = r.outlet_ref where o.id is null"
    ).fetchone()[0]
    assert dangling == 0
    assert db.execute("select count(*) from reference_outlets where outlet = 'Zzyzx Daily'"
                      ).fetchone()[0] == 1  # fmt: skip


def test_known_ids_stay_within_their_limit(monkeypatch) -> None:
    monkeypatch.setattr(store.Lookups, "LIMIT", 3)
    lookups = store.Lookups()
    lookups.remember("t", {("a",): 1, ("b",): 2})
    lookups.remember("t", {("c",): 3})
    assert len(lookups.known("t")) == 3
    lookups.remember("t", {("d",): 4})
    assert lookups.known("t") == {("d",): 4}


def test_none_is_bound_through_the_registered_adapter_and_stored_as_null(tmp_path) -> None:
    """A NULL is bound through the adapter ``store.database`` registers (the cheap path
    for the scan's 450,000 NULLs), and it still stores NULL, not a value."""
    import sqlite3

    from provenance.store import database

    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is database._null
    calls = []
    sqlite3.register_adapter(type(None), lambda value: calls.append(value) or value)
    try:
        db = store.open_db(tmp_path / "p.db")
        db.conn.execute("create table t (a, b)")
        db.conn.executemany("insert into t values (?, ?)", [(1, None), (None, "x")])
        rows = db.conn.execute("select a is null, b is null, typeof(a) from t order by rowid")
        assert rows.fetchall() == [(0, 1, "integer"), (1, 0, "null")]
        assert calls == [None, None]
    finally:
        sqlite3.register_adapter(type(None), database._null)


_CLAIM_TEXTS = st.sampled_from(["whole", "own text", "one cut", "two cuts"])
_REFERENCE_PARTS = st.tuples(st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rows_are_stored_as_given_with_or_without_their_usually_null_columns(
    registry, data
) -> None:
    """``save_rows`` binds the columns NULL in most rows without a NULL each: every mix
    of such rows and the others reads back as given, and goes in in id order."""
    rows = _rows(sorted(SEEDS.glob("*.txt"))[0], registry)
    claims = []
    for row in rows.claims:
        start, kind = row[3], data.draw(_CLAIM_TEXTS)
        texts = {
            "whole": (None,) * 5,
            "own text": (None,) * 4 + ("claim text",),
            "one cut": (start + 1, start + 2, None, None, None),
            "two cuts": (start + 1, start + 2, start + 3, start + 4, None),
        }[kind]
        claims.append(row[:5] + texts + row[10:])
    references = []
    for i, c, p, s, _, o, d, *_ in rows.references:
        has_end, has_url, has_title = data.draw(_REFERENCE_PARTS)
        references.append((i, c, p, s, s + 40 if has_end else None, o, d,
                           "https://example.org/a" if has_url else None,
                           "A title" if has_title else None))  # fmt: skip
    rows.claims, rows.references = claims, references
    db = _open(registry)
    # rows inserted out of id order leave half-full pages: a trigger logs the order
    db.execute("create temp table inserted (tbl, id)")
    for table in ("claims", "reference_rows"):
        db.execute(f"create temp trigger log_{table} after insert on main.{table} "
                   f"begin insert into inserted values ('{table}', new.id); end")  # fmt: skip
    doc_id = store.save_rows(db, rows, "d", "t")
    for table in ("claims", "reference_rows"):
        ids = [r[0] for r in db.execute("select id from inserted where tbl = ?", [table])]
        assert ids == sorted(ids) and len(ids) == len(
            rows.claims if table == "claims" else references
        )
    first = db.execute("select first_claim_id, first_citation_id, first_reference_id "
                       "from documents").fetchone()  # fmt: skip
    stored = db.execute(f"select {', '.join(store.CLAIM_COLUMNS)} from claims order by id")
    assert stored.fetchall() == [(r[0] + first[0], doc_id, *r[1:]) for r in claims]
    stored = db.execute("select id, citation_id, position, outlet_start, outlet_end, url, "
                        "title from reference_rows order by id")  # fmt: skip
    assert stored.fetchall() == [
        (i + first[2], c + first[1], p, s, e, u, t) for i, c, p, s, e, o, d, u, t in references
    ]
