"""Claim text is stored once: read back from the document text, exactly, everywhere."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from provenance import pipeline
from provenance.models import Claim, ParenKind, Parenthetical
from provenance.store import scans as store
from provenance.store.migrations import migrations
from tests.fixtures.store import SEED

TEXT = "Drills began (News.tj, May 1). A camp (Regnum, May 2) opened (TASS, May 3). Quiet ( x )."


def _claim(sentence: str, text: str, *cites: str) -> Claim:
    start = TEXT.index(sentence)
    end = start + len(sentence)
    parens = []
    for raw in cites:
        at = TEXT.index(raw, start)
        parens.append(Parenthetical(at, at + len(raw), raw, ParenKind.CITATION))
    return Claim(0, 0, start, end, text, parens)


@pytest.mark.parametrize(
    ("claim", "stored"),
    [
        (
            _claim("Drills began (News.tj, May 1).", "Drills began.", "(News.tj, May 1)"),
            (12, 29, None, None, None),  # the cut: " (News.tj, May 1)"
        ),
        (
            _claim(
                "A camp (Regnum, May 2) opened (TASS, May 3).",
                "A camp opened.",
                "(Regnum, May 2)",
                "(TASS, May 3)",
            ),
            (6, 22, 29, 43, None),
        ),
        (
            _claim(
                "A camp (Regnum, May 2) opened (TASS, May 3).",
                "A camp (Regnum, May 2) opened.",
                "(TASS, May 3)",
            ),
            (29, 43, None, None, None),
        ),
        (_claim("Quiet ( x ).", "Quiet ( x )."), (None,) * 5),
        (_claim("Quiet ( x ).", "Quiet (x)."), "text"),  # tidied: not the sentence as written
    ],
)
def test_stored_text_reads_back_exactly(claim, stored):
    """``stored`` holds the cuts relative to the sentence's start."""
    row = store.stored_text(TEXT, claim)
    if stored == "text":
        assert row == (None,) * 4 + (claim.text,)
    else:
        assert row == tuple(None if x is None else claim.start + x for x in stored)
    assert store.claim_text(TEXT, claim.start, claim.end, row) == claim.text


def test_scan_stores_little_claim_text_and_the_view_gives_it_all(settings, db):
    pipeline.scan([SEED], settings, db=db, write=False)
    (doc_id,) = store.document_ids(db)
    result = store.load_scan(db, doc_id)
    view = dict(db.execute("select id, text from claim_texts").fetchall())
    assert view == {c.id: c.text for c in result.claims}
    stored, total = db.execute("select count(text), count(*) from claims").fetchone()
    assert total == len(result.claims) and stored < total / 4


def test_migration_keeps_claims_stored_before_and_reindexes_them(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m008_claim_text_once")
    db["documents"].insert({"id": 1, "path": "a.txt", "sha256": "x", "text": "Old text here."})
    db["claims"].insert({"id": 1, "document_id": 1, "start": 0, "end": 14, "text": "Old text."})
    db.execute("insert into claims_fts(rowid, text) select id, text from claims")
    migrations.apply(db)
    assert db.execute("select text from claim_texts").fetchall() == [("Old text.",)]
    assert [h["text"] for h in store.search_claims(db, "old")] == ["Old text."]
    db.execute("insert into claims_fts(claims_fts, rank) values ('integrity-check', 1)")


def test_the_index_merges_late_and_still_finds_every_claim_after_many_commits(tmp_path):
    """m016: segments merge 16 to a level, and an index built over many commits (each
    leaving a segment) answers as a freshly rebuilt one does."""
    db = store.open_db(tmp_path / "p.db")
    config = dict(db.execute("select k, v from claims_fts_config").fetchall())
    assert config["automerge"] == 16
    db.execute("insert into documents (id, path, sha256, text) values (1, 'a.txt', 'x', '')")
    words = ["drill", "camp", "border", "minister", "pipeline"]
    for batch in range(40):  # 40 commits: 40 segments to merge
        with db.atomic():
            rows = [
                (batch * 10 + i, f"{words[i % 5]} {words[batch % 5]} claim {batch}")
                for i in range(10)
            ]
            db.conn.executemany("insert into claims (id, document_id, text) values (?, 1, ?)", rows)
            store.index_texts(db, rows)
    found = {h["id"] for h in store.search_claims(db, "border AND pipeline")}
    expected = {
        i
        for i, text in db.execute("select id, text from claims").fetchall()
        if "border" in text and "pipeline" in text
    }
    assert found == expected and len(expected) > 10
    db.execute("insert into claims_fts(claims_fts, rank) values ('integrity-check', 1)")
