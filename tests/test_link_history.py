"""The link history is append-only whatever SQL writes it: every way of rewriting is refused."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from provenance.links import store as linkstore
from provenance.models import LinkCheck, LinkVerdict
from provenance.store import scans as store

NOW = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def history(tmp_path):
    """A database with one complete run (one check) and one running run (one check)."""
    db = store.open_db(str(tmp_path / "h.db"))
    for day, finish in ((0, True), (1, False)):
        run_id, _ = linkstore.open_run(db, NOW + dt.timedelta(days=day), 3, 3)
        check = LinkCheck(url="http://a.test/x", verdict=LinkVerdict.ALIVE, checked_at=NOW)
        check.run_id = run_id
        linkstore.append_checks(db, [check])
        if finish:
            linkstore.finish_run(db, run_id, NOW, counts={"alive": 1})
    yield db
    db.close()


def _snapshot(db) -> tuple[list, list]:
    checks = db.execute("select * from link_checks order by id").fetchall()
    runs = db.execute("select * from link_runs order by id").fetchall()
    return checks, runs


REFUSED = [
    "update link_checks set verdict = 'dead' where id = 1",
    "delete from link_checks where id = 1",
    "replace into link_checks (id, run_id, url, checked_at, verdict) "
    "values (1, 1, 'http://a.test/x', '2026-11-01', 'dead')",
    "insert or replace into link_checks (id, run_id, url, checked_at, verdict) "
    "values (1, 1, 'http://a.test/x', '2026-11-01', 'dead')",
    "insert into link_checks (id, run_id, url, checked_at, verdict) "
    "values (1, 1, 'http://a.test/x', '2026-11-01', 'dead') "
    "on conflict(id) do update set verdict = excluded.verdict",
    "update link_runs set outage = 1 where id = 1",
    "update link_runs set status = 'running' where id = 1",
    "delete from link_runs where id = 2",
    "replace into link_runs (id, started_at, status, outage) values (1, '2026', 'complete', 1)",
    "update link_runs set started_at = '2020-01-01' where id = 2",
    "update link_runs set dead_after = 1 where id = 2",
]


@pytest.mark.parametrize("sql", REFUSED, ids=[s.split(" where")[0][:48] for s in REFUSED])
def test_each_way_of_rewriting_is_refused(history, sql: str) -> None:
    before = _snapshot(history)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        history.execute(sql)
    assert _snapshot(history) == before


def test_sqlite_utils_replace_and_upsert_are_refused(history) -> None:
    before = _snapshot(history)
    row = {"id": 1, "run_id": 1, "url": "http://a.test/x", "checked_at": "x", "verdict": "dead"}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        history["link_checks"].insert(row, replace=True)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        history["link_checks"].upsert(row, pk="id")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        history["link_runs"].upsert({"id": 1, "outage": 1}, pk="id")
    assert _snapshot(history) == before


def test_recursive_triggers_do_not_open_a_way(history) -> None:
    history.execute("pragma recursive_triggers = on")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        history.execute(REFUSED[2])


def test_what_a_run_needs_still_works(history) -> None:
    # Appending, flagging an unfinished run as an outage, and finishing it.
    check = LinkCheck(url="http://a.test/y", verdict=LinkVerdict.DEAD, checked_at=NOW)
    check.run_id = 2
    linkstore.append_checks(history, [check])
    linkstore.flag_outage(history, 2, True)
    linkstore.set_run_status(history, 2, "interrupted")
    linkstore.finish_run(history, 2, NOW, counts={"dead": 1})
    assert history.execute("select status, outage from link_runs where id = 2").fetchone() == (
        "complete",
        1,
    )
    assert history.execute("select count(*) from link_checks").fetchone() == (3,)
