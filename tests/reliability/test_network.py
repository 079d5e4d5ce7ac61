"""Hostile servers against `check` and `linkcheck`, each run with a hard deadline from outside.

A slow-drip server (headers or body a byte at a time), a Retry-After bomb and huge bodies:
every run must end on its own, well inside the hard limit, with the database sound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.store import scans as store
from tests.fixtures.archive import make_seed_db
from tests.fixtures.web import Response
from tests.reliability.harness import integrity, rows, run
from tests.servers import DripServer
from tests.test_linkcheck import seed

HARD_LIMIT = 60.0  # seconds before the child is killed: far above what a sound run needs
FAST = {
    "PROVENANCE_TIMEOUT": "1",
    "PROVENANCE_MAX_RETRIES": "0",
    "PROVENANCE_LINK_DELAY": "0",
    "PROVENANCE_HOST_CONCURRENCY": "8",
}


def _check_args(db: Path, tmp_path: Path, base: str) -> list[str]:
    return [
        "check",
        "--db",
        str(db),
        "--reports",
        str(tmp_path / "reports"),
        "--cdx-url",
        f"{base}/cdx/search/cdx",
        "--replay-url",
        f"{base}/web",
    ]


def _link_db(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "links.db"
    db = store.open_db(str(path))
    seed(db, urls)
    db.close()
    return path


def _linkcheck_args(db: Path, tmp_path: Path, *extra: str) -> list[str]:
    reports = str(tmp_path / "reports")
    return ["linkcheck", "--db", str(db), "--reports", reports, "--no-archive", *extra]


@pytest.mark.parametrize("mode", ["headers", "body"])
def test_check_ends_against_a_slow_drip_archive(tmp_path: Path, mode: str) -> None:
    db = tmp_path / "seed.db"
    make_seed_db(db).close()
    with DripServer(mode, interval=0.2) as drip:
        done = run(_check_args(db, tmp_path, drip.base_url), tmp_path / "cwd", HARD_LIMIT, **FAST)
    assert done.code == 4, done.stderr  # every lookup failed: reported as an outage
    assert done.seconds < 30
    assert "lookups failed" in done.stderr, done.stderr
    statuses = rows(db, "select distinct status from reference_checks")
    assert statuses == [("error",)]  # retried next run, never a false verdict
    assert integrity(db) == "ok"


@pytest.mark.parametrize("mode", ["headers", "body"])
def test_linkcheck_ends_against_a_slow_drip_server(tmp_path: Path, mode: str) -> None:
    with DripServer(mode, interval=0.2) as drip:
        urls = [drip.url(f"/page{i}.html") for i in range(4)]
        db = _link_db(tmp_path, urls)
        args = _linkcheck_args(db, tmp_path, "--allow-host", "127.0.0.1")
        done = run(args, tmp_path / "cwd", HARD_LIMIT, **FAST)
    assert done.code == 0, done.stderr
    assert done.seconds < 30
    kinds = rows(db, "select distinct error_kind from link_checks")
    assert kinds == [("timeout",)]
    assert rows(db, "select status from link_runs") == [("complete",)]
    assert integrity(db) == "ok"


def test_check_defers_a_retry_after_bomb_to_the_next_run(tmp_path: Path, ia_archive) -> None:
    db = tmp_path / "seed.db"
    make_seed_db(db).close()
    bomb = Response(429, "slow down", {"Retry-After": "100000"})
    ia_archive.inject("/cdx/", *[bomb] * 40)
    base = ia_archive.server.base_url
    env = {"PROVENANCE_MAX_RETRIES": "3"}
    done = run(_check_args(db, tmp_path, base), tmp_path / "cwd", HARD_LIMIT, **env)
    assert done.seconds < 30
    assert done.code == 4, done.stderr
    said = [line for line in done.stderr.splitlines() if "asked to wait 100000 s" in line]
    # one warning and one grouped cause line ("27 lookups failed: ..."), not one per reference
    assert len(said) == 2 and said[1].startswith("27 lookups failed: "), done.stderr
    assert len(ia_archive.cdx_requests()) <= 2  # host_concurrency: nothing more was sent
    errors = rows(db, "select error from reference_checks where status = 'error'")
    assert len(errors) == 27 and all("next run" in e for (e,) in errors)


def test_linkcheck_defers_a_retry_after_bomb(tmp_path: Path, local_server) -> None:
    urls = [local_server.status(f"/busy{i}", 429, retry_after=100000) for i in range(6)]
    db = _link_db(tmp_path, urls)
    args = _linkcheck_args(db, tmp_path, "--allow-net", "127.0.0.0/8")
    done = run(args, tmp_path / "cwd", HARD_LIMIT, **{**FAST, "PROVENANCE_HOST_CONCURRENCY": "1"})
    assert done.code == 0, done.stderr
    assert done.seconds < 30
    assert "wait for the next run" in done.stderr
    assert len(local_server.requests) == 1  # the host's other URLs were left for the next run
