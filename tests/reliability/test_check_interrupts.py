"""Ctrl-C (SIGINT) and SIGTERM end `check` and `linkcheck` within 2 s, requests in flight or not.

Each run is a child process; the signal comes from outside and the time to exit is measured
from the moment it is sent. Afterwards the database passes ``PRAGMA integrity_check``, a
rerun finishes the work, and its verdicts (and reports) equal a clean run's.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.fixtures.archive import make_seed_db
from tests.reliability.harness import (
    exit_budget,
    integrity,
    interrupt,
    rows,
    run,
    start,
    wait_until,
)
from tests.reliability.test_network import FAST, _check_args, _link_db, _linkcheck_args
from tests.servers import DripServer

HARD_LIMIT = 60.0
SEED = 13  # fixed: the same "random" interrupt points on every run
POINTS = 3
SLOW = {**FAST, "PROVENANCE_TIMEOUT": "60"}  # requests stay in flight until the signal


def _verdicts(db: Path) -> list[tuple]:
    return rows(
        db,
        "select reference_id, status, archive_url, match_score from reference_checks "
        "order by reference_id",
    )


def _reports(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


@pytest.fixture
def clean_run(tmp_path: Path, ia_archive):
    """The verdicts and reports of an uninterrupted check of the seed references."""
    folder = tmp_path / "clean"
    db = folder / "seed.db"
    folder.mkdir()
    make_seed_db(db).close()
    done = run(_check_args(db, folder, ia_archive.server.base_url), folder / "cwd", HARD_LIMIT)
    assert done.code == 0, done.stderr
    return _verdicts(db), _reports(folder / "reports")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_check_with_requests_in_flight_exits_within_2_s(
    tmp_path: Path, sig: int, clean_run, ia_archive
) -> None:
    db = tmp_path / "seed.db"
    make_seed_db(db).close()
    with DripServer("body", interval=0.5) as drip:
        proc = start(_check_args(db, tmp_path, drip.base_url), tmp_path / "cwd", **SLOW)
        assert wait_until(lambda: drip.connections >= 2, 30), "no request went out"
        time.sleep(0.3)
        done = interrupt(proc, sig)
    assert done.code == 130, done.stderr
    assert done.seconds < exit_budget(), f"took {done.seconds:.2f} s to exit"
    assert "Traceback" not in done.stderr
    assert integrity(db) == "ok"
    assert _verdicts(db) == []  # nothing half-checked was stored
    # The rerun (a working archive now) resumes and ends where a clean run ends.
    again = run(_check_args(db, tmp_path, ia_archive.server.base_url), tmp_path / "c2", HARD_LIMIT)
    assert again.code == 0, again.stderr
    assert (_verdicts(db), _reports(tmp_path / "reports")) == clean_run


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_linkcheck_with_requests_in_flight_exits_within_2_s(tmp_path: Path, sig: int) -> None:
    with DripServer("headers", interval=0.5) as drip:
        urls = [drip.url(f"/p{i}.html") for i in range(12)]
        db = _link_db(tmp_path, urls)
        args = _linkcheck_args(db, tmp_path, "--allow-host", "127.0.0.1")
        proc = start(args, tmp_path / "cwd", **SLOW)
        assert wait_until(lambda: drip.connections >= 4, 30), "no request went out"
        done = interrupt(proc, sig)
        assert done.code == 130, done.stderr
        assert done.seconds < exit_budget(), f"took {done.seconds:.2f} s to exit"
        assert "Traceback" not in done.stderr
        assert integrity(db) == "ok"
        assert rows(db, "select status from link_runs") == [("interrupted",)]
        assert rows(db, "select count(*) from link_checks") == [(0,)]  # none had finished
        drip.mode = "ok"  # the server recovers: the rerun resumes today's run and completes it
        again = run(args, tmp_path / "cwd", HARD_LIMIT, **FAST)
    assert again.code == 0, again.stderr
    assert rows(db, "select id, status from link_runs") == [(1, "complete")]
    assert rows(db, "select count(distinct url), count(*) from link_checks") == [(12, 12)]


def test_check_interrupted_at_random_points_resumes_to_the_clean_result(
    tmp_path: Path, clean_run, ia_archive
) -> None:
    ia_archive.server.latency = 0.05  # spread the work so the signals land mid-run
    points = random.Random(SEED).sample([0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4], POINTS)
    db = tmp_path / "seed.db"
    make_seed_db(db).close()
    args = _check_args(db, tmp_path, ia_archive.server.base_url)
    env = {"PROVENANCE_HOST_CONCURRENCY": "1"}
    for n, delay in enumerate(points):
        before = len(ia_archive.requests)  # the clean run's requests are there already
        proc = start(args, tmp_path / f"cwd{n}", **env)
        # Wait until the child asks the archive (or has ended), then the seeded delay.
        assert wait_until(
            lambda p=proc, b=before: len(ia_archive.requests) > b or p.poll() is not None, 30
        )
        time.sleep(delay)
        done = interrupt(proc, signal.SIGINT)
        assert done.code in (130, 0), done.stderr  # 0: it had already finished
        assert done.seconds < exit_budget(), f"took {done.seconds:.2f} s to exit"
        assert integrity(db) == "ok"
    again = run(args, tmp_path / "cwd-final", HARD_LIMIT)
    assert again.code == 0, again.stderr
    assert (_verdicts(db), _reports(tmp_path / "reports")) == clean_run
