"""Migration m017: generic sources checked before the "generic-source" verdict existed
were stored as "unresolved-outlet"; migrating gives them the verdict a check gives today,
and marks their document's report older than what it shows."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from provenance.store.migrations import migrations
from tests.fixtures.store import insert_references

M017 = "m017_generic_source_verdict"


def _reference(db: Database, rid: int, document: int, outlet: str, resolution: str) -> None:
    db["citations"].insert({"id": rid, "document_id": document, "claim_id": document})
    insert_references(
        db,
        [
            {
                "id": rid,
                "document_id": document,
                "claim_id": document,
                "citation_id": rid,
                "outlet": outlet,
                "resolution": resolution,
            }
        ],
    )
    db["reference_checks"].insert({"reference_id": rid, "status": "unresolved-outlet"})


def test_old_unresolved_generic_checks_migrate(tmp_path: Path) -> None:
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=M017)
    for doc in (1, 2):
        db["documents"].insert(
            {"id": doc, "path": f"d{doc}.txt", "text": "A claim.", "sha256": "x", "checks_ns": 5}
        )
        db["claims"].insert({"id": doc, "document_id": doc, "paragraph": 0, "sentence": 0})
    _reference(db, 10, 1, "local media", "generic")
    _reference(db, 20, 2, "Some Blog", "unknown")
    db.conn.commit()

    migrations.apply(db)

    status = dict(db.execute("select reference_id, status from reference_checks").fetchall())
    assert status == {10: "generic-source", 20: "unresolved-outlet"}
    marked = dict(db.execute("select id, checks_ns from documents").fetchall())
    assert marked[1] > 5 and marked[2] == 5  # only the document whose verdict changed
