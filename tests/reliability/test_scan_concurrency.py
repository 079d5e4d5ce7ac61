"""Two runs on one database file: they take turns, neither crashes, nothing is lost.

Real subprocesses on one SQLite file: scan + scan, scan + report, scan + linkcheck,
check + linkcheck; and a run that cannot get the database in time says so in one
line (issue 13 item 6).
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from provenance.errors import DatabaseBusyError
from provenance.store import scans as store
from tests.reliability.scanrun import (
    DEADLINE,
    SEED,
    command,
    env,
    integrity,
    make_corpus,
    outcome,
    project,
    run,
)
from tests.servers import LocalServer

LINKED = 24  # documents, each linking to its own page of the local server
EXIT_BUSY = 5


def start(*args: str | Path, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args),
        cwd=cwd,
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = proc.communicate(timeout=DEADLINE)
    assert "Traceback" not in stderr and "database busy" not in stderr, stderr
    return proc.returncode, stderr


def stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("select path from documents order by path")]


def linked_corpus(folder: Path, server: LocalServer, version: int = 1) -> Path:
    """Documents whose only URLs are pages of ``server`` (their front matter ``url``).

    The seed's text without its citations gives each document realistic work; the
    one citation names an outlet the registry does not know, so no outlet home page
    (a real host) is ever checked: the link check stays on the loopback server.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lines = SEED.read_text(encoding="utf-8").splitlines()[13:]  # after the Refworld header
    body = re.sub(r"\([^()]*\)", "", "\n".join(lines))
    for n in range(LINKED):
        url = server.page(f"/page{n}", f"<html><body>Page {n}</body></html>", delay=0.05)
        (folder / f"linked{n:02d}.md").write_text(
            f"---\ntitle: Linked {n}\nurl: {url}\ndate: 2016-11-17\n---\n{body}\n"
            f"Troops moved in (Tajik Sentinel, November {n + 1}).\n\nVersion {version}.\n",
            encoding="utf-8",
        )
    return folder


def test_scan_and_scan(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 24)
    make_corpus(top / "more", 12, version=2, prefix="more")
    runs = [start(*args, cwd=top) for args in (("scan", "docs"), ("scan", "docs", "more"))]
    runs.append(start("scan", "more", cwd=top))
    assert [finish(p)[0] for p in runs] == [0, 0, 0]
    db = top / "db" / "provenance.db"
    assert integrity(db) == "ok" and len(stored(db)) == 36
    fresh = project(tmp_path / "fresh")
    make_corpus(fresh / "docs", 24)
    make_corpus(fresh / "more", 12, version=2, prefix="more")
    assert run("scan", "docs", "more", cwd=fresh).returncode == 0  # (distinct names: a
    # clash of report names goes to whichever document is stored first)
    again = run("scan", "docs", "more", cwd=top)
    assert "scanned 0 documents (36 unchanged" in again.stderr  # nothing half-stored
    assert outcome(db, top / "reports", top) == outcome(
        fresh / "db" / "provenance.db", fresh / "reports", fresh
    )


def test_scan_and_report(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 24)
    assert run("scan", "docs", cwd=top).returncode == 0
    make_corpus(top / "docs", 24, version=2)
    scanning = start("scan", "docs", cwd=top)
    reports = [start("report", cwd=top) for _ in range(3)]
    assert [finish(p)[0] for p in (scanning, *reports)] == [0, 0, 0, 0]
    assert integrity(top / "db" / "provenance.db") == "ok"


def test_scan_and_linkcheck(tmp_path: Path, local_server: LocalServer) -> None:
    top = project(tmp_path / "p")
    linked_corpus(top / "docs", local_server)
    assert run("scan", "docs", cwd=top).returncode == 0
    linked_corpus(top / "docs", local_server, version=2)
    scanning = start("scan", "docs", cwd=top)
    checking = start("linkcheck", "--allow-private", cwd=top, PROVENANCE_LINK_DELAY="0.05")
    (scan_code, _), (link_code, link_err) = finish(scanning), finish(checking)
    assert (scan_code, link_code) == (0, 0), link_err
    assert f"{LINKED} URLs, {LINKED} checked" in link_err
    assert integrity(top / "db" / "provenance.db") == "ok"


def test_check_and_linkcheck(tmp_path: Path, local_server: LocalServer) -> None:
    top = project(tmp_path / "p")
    linked_corpus(top / "docs", local_server)
    assert run("scan", "docs", cwd=top).returncode == 0
    checking = start("check", "--offline", cwd=top)  # answers from the cache: no network
    linking = start("linkcheck", "--allow-private", cwd=top, PROVENANCE_LINK_DELAY="0.05")
    (check_code, check_err), (link_code, link_err) = finish(checking), finish(linking)
    assert check_code in (0, 4), check_err  # 4: offline and nothing cached, said so
    assert link_code == 0, link_err
    db = top / "db" / "provenance.db"
    assert integrity(db) == "ok"
    with sqlite3.connect(db) as conn:
        checked = conn.execute("select count(*) from reference_checks").fetchone()[0]
        links = conn.execute("select count(*) from link_checks").fetchone()[0]
    assert checked > 0 and links == LINKED


# `check` against an address where nothing listens: it needs the database before any lookup.
OFFLINE_CHECK = (
    "check",
    "--cdx-url",
    "http://127.0.0.1:9/cdx",
    "--replay-url",
    "http://127.0.0.1:9",
)


@pytest.mark.parametrize("args", [("scan", "docs"), ("linkcheck",), OFFLINE_CHECK])
def test_a_run_that_cannot_get_the_database_says_so(tmp_path: Path, args: tuple[str, ...]) -> None:
    top = project(tmp_path / "p")
    if args[0] in ("scan", "check"):
        make_corpus(top / "docs", 4)
    else:  # no citation, no URL: the link check has nothing to fetch, only its run to store
        (top / "docs").mkdir()
        (top / "docs" / "plain.md").write_text("Nothing cited here.\n", encoding="utf-8")
    assert run("scan", "docs", cwd=top).returncode == 0
    make_corpus(top / "docs", 4, version=2)
    holder = sqlite3.connect(top / "db" / "provenance.db", isolation_level=None)
    holder.execute("begin immediate")  # another run, writing for a long time
    try:
        started = time.monotonic()
        blocked = run(*args, cwd=top, PROVENANCE_DB_TIMEOUT="1")
        waited = time.monotonic() - started
    finally:
        holder.execute("rollback")
        holder.close()
    assert blocked.returncode == EXIT_BUSY and "Traceback" not in blocked.stderr, blocked.stderr
    (line,) = [x for x in blocked.stderr.splitlines() if x.startswith("error: ")]
    assert "database busy" in line
    assert waited >= 1
    if args[0] == "scan":
        assert line.startswith("error: db/provenance.db: database busy") and "1 s" in line
        resumed = run("scan", "docs", cwd=top)
        assert "scanned 2 documents (2 unchanged" in resumed.stderr  # nothing lost or half


def test_a_new_database_waits_for_another_run_before_it_switches_to_wal(tmp_path: Path) -> None:
    """Switching a file to WAL takes a lock SQLite does not wait for; open_db waits for
    it, up to the run's timeout, instead of failing at once as "database busy"."""
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("create table t (x)")  # a rollback-journal file, as a run has just made it
    holder.execute("begin immediate")  # another run switching it to WAL: a write lock
    holder.execute("insert into t values (1)")
    threading.Timer(0.5, holder.execute, ["commit"]).start()
    started = time.monotonic()
    db = store.open_db(path, timeout=10)
    assert time.monotonic() - started >= 0.4
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    db.close()
    holder.close()


def test_a_database_held_past_the_timeout_is_reported_busy_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("create table t (x)")
    holder.execute("begin immediate")
    holder.execute("insert into t values (1)")
    started = time.monotonic()
    with pytest.raises(DatabaseBusyError, match=r"^\S*held\.db: database busy: ") as caught:
        store.open_db(path, timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 2
    assert "\n" not in str(caught.value)
    holder.close()


@pytest.mark.parametrize("args", [("scan", "docs"), ("linkcheck",), OFFLINE_CHECK])
def test_ctrl_c_ends_a_run_waiting_for_the_database_within_two_seconds(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """SQLite waits for a lock in C, out of Ctrl-C's reach: a run waiting out another
    run's write ended only when the write did (or after db_timeout)."""
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 4)
    assert run("scan", "docs", cwd=top).returncode == 0
    make_corpus(top / "docs", 4, version=2)
    holder = sqlite3.connect(top / "db" / "provenance.db", isolation_level=None)
    holder.execute("begin immediate")  # another run, writing for a long time
    try:
        waiting = start(*args, cwd=top, PROVENANCE_DB_TIMEOUT="30")
        time.sleep(1.5)  # started, and waiting for the lock
        assert waiting.poll() is None
        waiting.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, stderr = waiting.communicate(timeout=DEADLINE)
        took = time.monotonic() - interrupted
    finally:
        holder.execute("rollback")
        holder.close()
    assert waiting.returncode == 130 and took < 2, (took, stderr)
    assert "Traceback" not in stderr, stderr
    if args[0] != "check":  # check says what it planned, then what it finished
        assert len(stderr.splitlines()) == 1, stderr
    assert run(*args, cwd=top).returncode in (0, 4)  # 4: the check finds no archive
