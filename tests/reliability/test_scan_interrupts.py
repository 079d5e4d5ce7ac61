"""kill -9 and Ctrl-C at seeded random points of a rescan; the rerun must equal a clean run.

Each round: a corpus is scanned (version 1), edited (version 2), and a rescan is
killed at a random moment (fixed seed). The database must pass ``PRAGMA
integrity_check``; a rerun must then leave exactly what a clean scan of version 2
leaves: the same reports, byte for byte, and the same export (issue 13 items 6, 9).
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.config import Settings
from tests.reliability.harness import interruptible
from tests.reliability.scanrun import (
    DEADLINE,
    command,
    env,
    integrity,
    make_corpus,
    outcome,
    project,
    run,
    tree,
)

DOCUMENTS = 64
ROUNDS = {"kill": 3, "sigint": 2}  # a fixed count: the whole file stays under a minute
SEED = 20261204


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose version-1 corpus is scanned; each round works on a copy."""
    top = project(tmp_path_factory.mktemp("template") / "p")
    make_corpus(top / "docs", DOCUMENTS, version=1)
    assert run("scan", "docs", cwd=top).returncode == 0
    return top


@pytest.fixture(scope="module")
def clean(template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """What a clean scan of version 2 leaves: reports and export."""
    top = _copy(template, tmp_path_factory.mktemp("clean") / "p")
    assert run("scan", "docs", cwd=top).returncode == 0
    fresh = project(top.parent / "fresh")
    shutil.copytree(top / "docs", fresh / "docs")
    assert run("scan", "docs", cwd=fresh).returncode == 0
    result = outcome(fresh / "db" / "provenance.db", fresh / "reports", fresh)
    assert outcome(top / "db" / "provenance.db", top / "reports", top) == result
    return result


def _copy(template: Path, top: Path) -> Path:
    """A copy of the scanned template at ``top``, its corpus edited to version 2."""
    shutil.copytree(template, top)  # mtimes kept: unedited files stay unchanged
    with sqlite3.connect(top / "db" / "provenance.db") as conn:  # as if scanned here
        conn.execute("update documents set root = ?", [str(top.resolve())])
    make_corpus(top / "docs", DOCUMENTS, version=2)
    return top


def _rounds() -> list[tuple[str, int, float]]:
    """(signal, documents stored first, extra seconds): points spread over the rescan."""
    rng = random.Random(SEED)
    return [
        (how, rng.randint(0, DOCUMENTS), rng.uniform(0.0, 0.4))
        for how, n in ROUNDS.items()
        for _ in range(n)
    ]


def _wait_until_stored(db: Path, since_ns: int, count: int, proc: subprocess.Popen) -> int:
    """Wait until ``count`` documents were stored after ``since_ns`` (or the run ended)."""
    deadline = time.monotonic() + DEADLINE
    stored = 0
    while proc.poll() is None and time.monotonic() < deadline:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:  # WAL: never blocks
            stored = conn.execute(
                "select count(*) from documents where stored_ns > ?", [since_ns]
            ).fetchone()[0]
        if stored >= count:
            break
        time.sleep(0.01)
    return stored


@pytest.mark.parametrize(("how", "after", "extra"), _rounds())
def test_interrupted_rescan_resumes_to_a_clean_result(
    tmp_path: Path,
    template: Path,
    clean: tuple[dict[str, bytes], list[dict]],
    how: str,
    after: int,
    extra: float,
) -> None:
    top = _copy(template, tmp_path / "p")
    db = top / "db" / "provenance.db"
    since = time.time_ns()
    proc = subprocess.Popen(
        command("scan", "docs"),
        cwd=top,
        env=env(),
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    _wait_until_stored(db, since, after, proc)
    time.sleep(extra)
    proc.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
    started = time.monotonic()
    _, stderr = proc.communicate(timeout=DEADLINE)
    ended = time.monotonic() - started
    assert "Traceback" not in stderr, stderr
    if how == "sigint":
        assert proc.returncode in (130, 0), stderr  # 0: it had finished already
        assert ended < 2, f"Ctrl-C took {ended:.1f} s"
    assert integrity(db) == "ok"
    again = run("scan", "docs", cwd=top)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert outcome(db, top / "reports", top) == clean


def test_reports_stale_after_an_interrupt_are_rewritten(tmp_path: Path) -> None:
    """Rows stored before an interrupt count as unchanged next time: their reports
    must still be brought up to date (the interrupt is the end of ``write=False``)."""
    top = project(tmp_path / "p")
    docs = make_corpus(top / "docs", 6, version=1)
    settings = Settings(db=str(top / "p.db"), reports=str(top / "reports"))
    pipeline.scan([docs], settings)
    make_corpus(docs, 6, version=2)
    interrupted = pipeline.scan([docs], settings, write=False)
    assert interrupted.scanned == 3  # the edited half, stored; their reports now stale
    resumed = pipeline.scan([docs], settings)
    assert resumed.scanned == 0 and resumed.unchanged == 6
    fresh = Settings(db=str(tmp_path / "fresh.db"), reports=str(tmp_path / "fresh"))
    pipeline.scan([docs], fresh)
    assert tree(top / "reports") == tree(tmp_path / "fresh")


def test_index_left_stale_by_an_interrupt_is_rewritten(tmp_path: Path) -> None:
    """Killed after the documents' reports but before the index: the next run, with
    nothing to rescan, must still bring the index up to date."""
    top = project(tmp_path / "p")
    docs = make_corpus(top / "docs", 4, version=1)
    settings = Settings(db=str(top / "p.db"), reports=str(top / "reports"))
    pipeline.scan([docs], settings)
    shutil.copy2(top / "reports" / "index.md", tmp_path / "old-index.md")  # mtime kept
    make_corpus(docs, 4, version=2)
    pipeline.scan([docs], settings)
    shutil.copy2(tmp_path / "old-index.md", top / "reports" / "index.md")  # as if never written
    resumed = pipeline.scan([docs], settings)
    assert resumed.unchanged == 4
    fresh = Settings(db=str(tmp_path / "fresh.db"), reports=str(tmp_path / "fresh"))
    pipeline.scan([docs], fresh)
    assert tree(top / "reports") == tree(tmp_path / "fresh")
