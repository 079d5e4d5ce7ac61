"""A job that must not run twice at once on one database: an OS file lock beside it.

SQLite's own lock covers one transaction; a link-check run spans many, and a second run
started meanwhile took the first one's unfinished run for its own. The lock file
``<database>.<job>.lock`` is held while the job runs; the operating system lets it go
when the process ends, ``kill -9`` included, so a killed run never blocks the next. The
file itself stays (it holds nothing).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from ..errors import DatabaseBusyError

try:  # POSIX; elsewhere runs are not kept apart (as before)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL = 0.1  # seconds between tries: Ctrl-C reaches a run waiting its turn


@contextmanager
def exclusive(db: Database, job: str, timeout: float) -> Iterator[None]:
    """Hold the database's ``job`` lock for the block, waiting up to ``timeout`` seconds
    for another run of the job to end.

    Raises:
        DatabaseBusyError: another run held it for longer than ``timeout``.
    """
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not path or fcntl is None:  # an in-memory database is this process's alone
        yield
        return
    fd = os.open(f"{path}.{job}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusyError(
                        f"{path}: database busy: another {job} run held it for more than "
                        f"{timeout:g} s (db_timeout); run again when it ends"
                    ) from None
                time.sleep(POLL)
        yield
    finally:
        os.close(fd)  # lets go of the lock
