"""Run the provenance CLI in a child process (socket guard on) and watch it from outside."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The child installs the same socket guard as the suite: loopback only, no DNS.
# On SIGUSR1 it dumps every thread's stack to stderr (sent before a hung child is killed).
GUARDED_CLI = (
    "import faulthandler, signal; faulthandler.register(signal.SIGUSR1, all_threads=True); "
    "from tests.fixtures.guard import install; install(); "
    "from provenance.__main__ import main; main()"
)


@dataclass
class Finished:
    """How a child ended: exit code, seconds from start (or from the signal), output."""

    code: int
    seconds: float
    stderr: str
    stdout: str


def interruptible() -> None:
    """Give a child the terminal's Ctrl-C: SIGINT at its default disposition.

    POSIX shells start background jobs with SIGINT ignored, children inherit that, and
    Python then never raises KeyboardInterrupt; a suite run from such a job (``cmd &``,
    nohup, some CI runners) would send SIGINT to children that cannot hear it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(args: list[str], cwd: Path, **env: str) -> subprocess.Popen[str]:
    """Start ``provenance ARGS`` in ``cwd`` with only the given PROVENANCE_* variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PROVENANCE_")}
    clean.update(env, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-c", GUARDED_CLI, *args],
        cwd=cwd,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )


def finish(proc: subprocess.Popen[str], hard_limit: float, since: float) -> Finished:
    """Wait at most ``hard_limit`` seconds; a child still alive then is killed (and the
    returned code is -9, which fails any test expecting a clean exit)."""
    try:
        stdout, stderr = proc.communicate(timeout=hard_limit)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)  # the stacks of a hung child, for the failure message
        time.sleep(0.5)
        proc.kill()
        stdout, stderr = proc.communicate()
        return Finished(-9, time.monotonic() - since, stderr, stdout)
    return Finished(proc.returncode, time.monotonic() - since, stderr, stdout)


def run(args: list[str], cwd: Path, hard_limit: float, **env: str) -> Finished:
    """Run to the end under a hard deadline measured from outside."""
    started = time.monotonic()
    return finish(start(args, cwd, **env), hard_limit, started)


def interrupt(
    proc: subprocess.Popen[str], sig: int = signal.SIGINT, hard_limit: float = 10.0
) -> Finished:
    """Send ``sig`` and time how long the child takes to exit."""
    sent = time.monotonic()
    proc.send_signal(sig)
    return finish(proc, hard_limit, sent)


def exit_budget(seconds: float = 2.0) -> float:
    """The time a signalled run may take to exit: ``seconds`` on a machine with a core to
    spare, stretched by the load when more processes want to run than there are cores
    (the guarantee is about the program; on a saturated machine it waits for a CPU)."""
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, load)


def wait_until(condition, timeout: float, step: float = 0.05) -> bool:  # noqa: ANN001
    """Poll ``condition()`` until true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def integrity(db_path: Path) -> str:
    """``PRAGMA integrity_check`` of a database file ("ok" when sound)."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def rows(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """All rows of a query on a database file."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
