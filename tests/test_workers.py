"""Scanning in worker processes: the same rows and reports as one process, in order,
and no worker left behind (an error, Ctrl-C in the main process, or kill -9)."""

from __future__ import annotations

import fcntl
import io
import os
import pickletools
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from provenance import pipeline
from provenance.config import Settings
from provenance.pipeline import workers
from provenance.store import scans as store
from tests.reliability.scanrun import make_corpus, tree

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="workers need fork")


def _scan(corpus: Path, out: Path, jobs: int) -> tuple[pipeline.ScanSummary, dict, str]:
    settings = Settings(db=str(out / "p.db"), reports=str(out / "reports"), jobs=jobs)
    summary = pipeline.scan([corpus], settings)
    exported = io.StringIO()
    pipeline.export_references(store.open_db(settings.db), "jsonl", exported)
    return summary, tree(out / "reports"), exported.getvalue().replace(str(corpus), "CORPUS")


def test_a_parallel_scan_stores_and_reports_what_one_process_does(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "docs", 24)
    for folder in ("a", "b"):  # two files whose reports want one slug
        (corpus / folder).mkdir()
        make_corpus(corpus / folder, 2, prefix="same")
    one = _scan(corpus, tmp_path / "one", jobs=1)
    two = _scan(corpus, tmp_path / "two", jobs=2)
    assert one[0].scanned == two[0].scanned == 28
    assert (one[0].claims, one[0].references) == (two[0].claims, two[0].references)
    assert one[0].references > 200
    assert one[1] == two[1]  # every report, index.md included, byte for byte
    assert "same000-2.md" in two[1]  # the slug the store made unique is the one written
    assert one[2] == two[2]


def _logged(done: Path, result: Callable[[int], Any]) -> Callable[[int], Any]:
    """A worker's function that notes each item it finishes in ``done`` (see ``_count``)."""

    def work(n: int) -> Any:
        with open(done, "a", encoding="ascii") as log:
            log.write(f"{n}\n")
        return result(n)

    return work


def _count(done: Path) -> int:
    """How many items the workers have finished (``_logged``)."""
    return len(done.read_text(encoding="ascii").split())


@pytest.mark.parametrize(
    ("first", "rest", "out"),
    [(1 << 20, 1 << 20, 4), (100 << 20, 1 << 20, 4), (10 << 20, 10 << 20, 2)],
)
def test_items_behind_the_one_waited_for_weigh_less_than_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: int, rest: int, out: int
) -> None:
    """While one worker reads a big file, the others' results wait behind it: past one
    item per worker, items go out only while those behind the first weigh less than
    ``LOAD`` (64 files of up to 20 MB each per worker would have held gigabytes). The
    first's own weight does not count, so the other worker goes on beside a big file."""
    monkeypatch.setattr(workers, "LOAD", 3 << 20)
    done = tmp_path / "done"
    with workers.Workers(_logged(done, int), 2, weigh=lambda n: rest if n else first) as pool:
        results = pool.map(range(40))
        assert next(results)[0] == 0
        time.sleep(0.5)  # every item out is done meanwhile
        finished = _count(done)
        assert [n for n, _ in results] == list(range(1, 40))
    assert finished == out


def test_progress_counts_the_files_stored_not_those_handed_to_workers(tmp_path: Path) -> None:
    # Workers hold up to WINDOW files each: a bar of the files handed out reached the end
    # while a tenth of a 1,210-file corpus was still to be stored.
    corpus = make_corpus(tmp_path / "docs", 40)
    (corpus / "0000-blank.md").write_text("  \n\n ")  # settled as failed: whitespace only
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"), jobs=2)
    db = store.open_db(settings.db)
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int, _: str) -> None:  # the scan's own connection
        (stored,) = db.execute("select count(*) from documents").fetchone()
        seen.append((done, total, stored))

    summary = pipeline.scan([corpus], settings, db=db, progress=progress)
    assert summary.scanned == 40 and summary.failed == 1
    assert seen[-1][:2] == (41, 41)
    assert [d for d, _, _ in seen] == sorted({d for d, _, _ in seen})  # rising
    assert all(done - stored in (0, 1) for done, _, stored in seen)  # 1: the broken file


def _square(n: int) -> int:
    if n == 7:
        raise ValueError("seven is not welcome")
    return n * n


def test_results_come_back_in_order_and_errors_are_raised_here() -> None:
    with workers.Workers(_square, 2) as pool:
        assert [r for _, r in pool.map(range(7))] == [n * n for n in range(7)]
        procs = list(pool.procs)
        assert len(procs) == 2 and all(p.is_alive() for p in procs)
        with pytest.raises(ValueError, match="seven is not welcome"):
            list(pool.map(range(5, 12)))
    assert not any(p.is_alive() for p in procs)


SLOW_PARENT = """
import os, sys, time
from provenance.pipeline import workers
def slow(n):
    time.sleep(60)
pool = workers.Workers(slow, 2)
it = pool.map(iter(range(4)))
pool._start()
print(" ".join(str(p.pid) for p in pool.procs), flush=True)
{action}
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is gone too
        return stat.read().split()[2] != "Z"


def _start(action: str) -> tuple[subprocess.Popen[str], list[int]]:
    code = textwrap.dedent(SLOW_PARENT).format(action=action)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    return proc, pids


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def test_workers_end_by_themselves_when_the_main_process_is_killed() -> None:
    proc, pids = _start("time.sleep(60)")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=5)
    assert _gone_within(pids, 3), "orphaned workers kept running"


FULL_PARENT = """
import time
from provenance.pipeline import workers
def big(n):
    return bytes(300_000)
pool = workers.Workers(big, 2)
it = pool.map(iter(range(400)))
next(it)  # the workers now fill their result pipes, which nobody reads
print(" ".join(str(p.pid) for p in pool.procs), flush=True)
time.sleep(60)
"""


def test_workers_blocked_on_a_full_result_pipe_end_when_the_main_process_is_killed() -> None:
    # Each worker held a copy of the main process's reader of its own result pipe, so a
    # write to the full pipe waited for ever once the main process was killed.
    code = textwrap.dedent(FULL_PARENT)
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        time.sleep(0.5)  # the pipes fill
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=5)
        gone = _gone_within(pids, 3)
        for pid in pids if not gone else ():
            os.kill(pid, signal.SIGKILL)  # leave nothing running after a failure
        assert gone, "workers blocked on their result pipes kept running"
        assert proc.stderr.read() == ""  # and no traceback


def test_workers_ignore_ctrl_c_and_go_when_the_main_process_stops_them() -> None:
    proc, pids = _start("try:\n    next(it)\nfinally:\n    pool.close()")
    for pid in pids:  # a terminal's Ctrl-C reaches the whole process group
        os.kill(pid, signal.SIGINT)
    time.sleep(0.3)
    assert all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=5)
    assert _gone_within(pids, 2)


def test_a_map_left_midway_leaves_nothing_for_the_next_one() -> None:
    # The first map raises at 7 with later items still out with the workers: their
    # results must not be taken for the next map's.
    with workers.Workers(_square, 2) as pool:
        with pytest.raises(ValueError, match="seven is not welcome"):
            list(pool.map(range(5, 20)))
        assert [r for _, r in pool.map(range(20, 26))] == [n * n for n in range(20, 26)]


def _pipe_max() -> int:
    """The largest pipe this process may ask for (F_SETPIPE_SZ), 0 when it cannot ask."""
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        return 0
    if os.geteuid() == 0:
        return workers.RESULT_PIPE
    with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as limit:
        return min(int(limit.read()), workers.RESULT_PIPE)


@pytest.mark.parametrize("size", [1_000, 15_000])
def test_workers_go_on_while_the_main_process_takes_no_results(tmp_path: Path, size: int) -> None:
    """The main process takes no results while it commits; meanwhile each worker goes on
    with the ``WINDOW`` items it holds, as long as their results fit in its pipe: of
    1 KB, and of 15 KB (a scanned document's result without its report) in the larger
    pipe."""
    if size * workers.WINDOW > max(_pipe_max(), 1 << 16):
        pytest.skip("this system gives no pipe that large (F_SETPIPE_SZ, pipe-max-size)")
    done = tmp_path / "done"
    with workers.Workers(_logged(done, lambda _: bytes(size)), 2) as pool:
        results = pool.map(range(400))
        assert next(results)[0] == 0
        time.sleep(1.0)  # the main process busy (a commit)
        finished = _count(done)
        assert [n for n, r in results if len(r) == size] == list(range(1, 400))
    # A commit lasts up to 80 ms, and a worker makes a document's result in about 1.5 ms.
    assert finished >= 2 * 80 / 1.5


class _Loop:
    """An object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self
        self.payload = bytearray(1 << 20)  # 1 MiB, so a leak shows in the RSS


def _leave_a_cycle(_: int) -> int:
    _Loop()  # garbage at once, but only a collection frees it
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_workers_free_the_cycles_an_item_leaves_between_items() -> None:
    # Workers run with the automatic collector off and collect after each item: 300
    # items that each leave a 1 MiB cycle must not add up to 300 MiB in a worker.
    with workers.Workers(_leave_a_cycle, 2) as pool:
        resident = [r for _, r in pool.map(range(300))]
    assert max(resident) - min(resident) < 50 << 20


def _cyclic(n: int) -> list:
    items: list = [n]
    items.append(items)
    return items


def test_results_are_pickled_without_a_memo_and_a_cyclic_one_still_comes_back() -> None:
    """Fast mode (no memo opcodes) for plain results; a cycle, which fast mode refuses,
    is pickled again with the memo and comes back whole."""
    plain = workers._dumps((False, [("a", 1), ("a", 1)]), {})
    assert not any(
        op.name in {"MEMOIZE", "BINPUT", "PUT"} for op, _, _ in pickletools.genops(plain)
    )
    with workers.Workers(_cyclic, 2) as pool:
        for n, result in pool.map(range(3)):
            assert result[0] == n and result[1] is result
