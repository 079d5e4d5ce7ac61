"""A reference whose cited date bounds no search gets the verdict "vague-date", not
"no-captures": no archive was asked, so nothing says the source is lost. Old checks are
relabelled by migration m019, and such references do not feed the warning that an
archive with no capture at all may be the wrong endpoint."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from provenance.cli import cli
from provenance.report.checks import badge
from provenance.store.migrations import migrations
from tests.fixtures.store import insert_references

M019 = "m019_vague_date_verdict"
VAGUE = "cited date too vague to search captures (no month and day)"
ACCESS = "only an access date is known: it does not date the publication"


def _check(db: Database, rid: int, document: int, status: str, note: str | None) -> None:
    db["citations"].insert({"id": rid, "document_id": document, "claim_id": document})
    row = {"id": rid, "document_id": document, "claim_id": document, "citation_id": rid}
    insert_references(db, [{**row, "outlet": "TASS", "resolution": "registry"}])
    db["reference_checks"].insert({"reference_id": rid, "status": status, "note": note})


def test_old_vague_date_checks_migrate(tmp_path: Path) -> None:
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=M019)
    for doc in (1, 2, 3):
        db["documents"].insert(
            {"id": doc, "path": f"d{doc}.txt", "text": "A claim.", "sha256": "x", "checks_ns": 5}
        )
        db["claims"].insert({"id": doc, "document_id": doc, "paragraph": 0, "sentence": 0})
    _check(db, 10, 1, "no-captures", VAGUE)
    _check(db, 11, 1, "no-captures", ACCESS)
    _check(db, 20, 2, "no-captures", None)  # looked up, nothing found: stays
    _check(db, 30, 3, "verified", None)
    db.conn.commit()

    migrations.apply(db)

    status = dict(db.execute("select reference_id, status from reference_checks").fetchall())
    assert status == {10: "vague-date", 11: "vague-date", 20: "no-captures", 30: "verified"}
    marked = dict(db.execute("select id, checks_ns from documents").fetchall())
    assert marked[1] > 5 and marked[2] == 5 and marked[3] == 5


def test_the_badge_says_nothing_was_looked_up() -> None:
    assert badge("vague-date") == "📅 date too vague to look up"


def test_undated_references_raise_no_wrong_endpoint_warning(runner, tmp_path, ia_archive) -> None:
    """Twelve references whose years are unknown: nothing to ask, so an archive that
    found nothing is no sign of a wrong endpoint, and the line says what happened."""
    docs = tmp_path / "docs"
    docs.mkdir()
    days = "; ".join(f"TASS, May {day}" for day in range(1, 13))
    (docs / "a.md").write_text(f"Troops moved ({days}).\n", encoding="utf-8")
    db, rep = str(tmp_path / "p.db"), str(tmp_path / "rep")
    res = runner.invoke(cli, ["scan", str(docs), "--db", db, "--reports", rep])
    assert res.exit_code == 0, res.output
    urls = ["--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url]
    res = runner.invoke(cli, ["check", "--db", db, *urls])
    assert res.exit_code == 0, res.output
    assert "12 vague-date" in res.output
    assert "none of the" not in res.output  # the wrong-endpoint warning
    assert not ia_archive.cdx_requests()
    report = (Path(rep) / "a.md").read_text(encoding="utf-8")
    assert report.count("📅 date too vague to look up") >= 12
    assert "⚪ no captures |" not in report.replace("| ⚪ no captures | 0 |", "")
