"""The SQLite database: opened (and migrated) in WAL mode, transactions that take the
write lock when they begin, and the small helpers every store module writes and reads with."""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import DatabaseBusyError, StoreError
from .migrations import migrations

LOGGER = logging.getLogger(__name__)
#: The migration that slims the scan rows: the database is vacuumed once it has run.
SLIM_MIGRATION = "m013_slim_scan_rows"

DB_TIMEOUT = 60.0  # seconds a run waits for another run's write to finish
WAL_RETRY = 0.02  # seconds between tries to switch a new database to WAL (see _wal)
LOCK_STEP_MS = 100  # milliseconds SQLite waits at a time for a write lock (see begin_immediate)


# Python 3.11's sqlite3 binds an int, float or str as it is, but asks every other value
# (None too) how to adapt itself, and the failed attribute lookups format an error
# message each time: 3,000 instructions for each NULL a scan writes, 14% of the main
# process's (the 450,000 NULLs of bench_scan's corpus). With an adapter registered for
# None, a NULL costs a dict lookup and one call, and is still bound as NULL. The call
# is to a C function that returns None for None (an empty dict's ``get``), 230
# instructions cheaper than a Python ``lambda value: value``.
_null = {}.get
sqlite3.register_adapter(type(None), _null)


class _Database(Database):
    """A sqlite-utils Database whose transactions take the write lock when they begin.

    sqlite-utils begins with a plain (deferred) ``BEGIN``: a transaction that reads
    and then writes, while another process wrote in between, fails at once with
    "database is locked", whatever the busy timeout. ``BEGIN IMMEDIATE`` waits for
    the other writer instead (up to the timeout), so concurrent runs take turns.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # a savepoint inside the open transaction
                yield db
            return
        begin_immediate(self.conn)
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.execute("COMMIT")


def begin_immediate(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``: take the write lock, waiting for another run's write to end.

    SQLite waits for a lock in C, where Ctrl-C cannot reach: a run waiting out another
    run's long write could not be interrupted for up to the busy timeout (60 s). The
    connection's busy timeout is waited out here in steps of ``LOCK_STEP_MS``, each
    back in Python, so Ctrl-C ends the wait within a step.

    Raises:
        sqlite3.OperationalError: "database is locked" when the busy timeout is over.
    """
    (full,) = conn.execute("PRAGMA busy_timeout").fetchone()
    if full <= LOCK_STEP_MS:
        conn.execute("BEGIN IMMEDIATE")
        return
    conn.execute(f"PRAGMA busy_timeout={LOCK_STEP_MS}")
    try:
        _while_locked(lambda: conn.execute("BEGIN IMMEDIATE"), full / 1000)
    finally:
        conn.execute(f"PRAGMA busy_timeout={full}")


def _while_locked(statement: Callable[[], object], seconds: float, pause: float = 0.0) -> None:
    """Run ``statement`` again while it fails with "database is locked", ``seconds`` at most.

    Raises:
        sqlite3.OperationalError: another error, or still locked when the time is up.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        if pause:
            time.sleep(pause)


def open_db(path: str | Path, *, create: bool = True, timeout: float = DB_TIMEOUT) -> Database:
    """Open the database at ``path`` and apply pending migrations.

    The file is in WAL mode: readers never wait, and a writer waits up to
    ``timeout`` seconds for another process's write to finish.

    Args:
        path: the SQLite file; its parent directory is created. ``":memory:"`` works too.
        create: make a new database when there is none; with False a missing file
            raises StoreError (commands that only read should not invent an empty one).
        timeout: seconds to wait for a lock held by another run.

    Returns:
        A ``sqlite_utils.Database`` with foreign keys enforced.

    Raises:
        DatabaseBusyError: another run kept the database locked for ``timeout`` seconds.
        StoreError: no database (with ``create=False``), or it cannot be opened.
    """
    if not create and str(path) != ":memory:" and not Path(path).is_file():
        raise StoreError(f"{path}: no database here; run `provenance scan` first (or pass --db)")
    try:
        if str(path) == ":memory:":
            db = Database(memory=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            new = not Path(path).exists()
            db = _Database(sqlite3.connect(str(path), timeout=timeout))
            if new:  # pages freed by the full-text index's merges go back at each commit
                db.execute("PRAGMA auto_vacuum=FULL")
            _wal(db, timeout)
            # With WAL, NORMAL keeps every committed transaction consistent after a crash;
            # only the last commits may be lost on power failure, and a rescan redoes them.
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db)
    except sqlite3.OperationalError as exc:
        raise busy_error(exc, path, timeout) from exc
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    return db


def _wal(db: Database, timeout: float) -> None:
    """Put the database in WAL mode, waiting up to ``timeout`` seconds for other runs.

    Switching a file to WAL takes an exclusive lock that SQLite does not wait for: two
    runs opening a new database at once (``scan docs`` and ``scan more``), one of them
    found it locked and failed at once, busy timeout or not. Once the file is in WAL
    mode, asking again takes no lock.
    """
    _while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"), timeout, WAL_RETRY)


def _migrate(db: Database) -> None:
    """Apply pending migrations under the write lock, so two first runs don't both apply one."""
    if "_sqlite_migrations" in db.table_names() and not migrations.pending(db):
        return
    with db.atomic():
        stored = "_sqlite_migrations" in db.table_names()
        slimming = stored and SLIM_MIGRATION in {m.name for m in migrations.pending(db)}
        migrations.apply(db)
    if slimming:
        _reclaim_space(db)


def _reclaim_space(db: Database) -> None:
    """Give back the pages the slim scan rows freed (m013), and auto-vacuum from then on.

    Once, right after the migration: VACUUM rewrites the file, which cannot happen
    inside the migration's transaction. A database another run is writing to stays as
    it is (it works the same, only larger) until it is vacuumed.
    """
    try:
        db.execute("PRAGMA auto_vacuum=FULL")
        db.execute("VACUUM")
    except sqlite3.OperationalError as exc:
        LOGGER.warning("database not compacted after migration (%s); VACUUM reclaims it", exc)


def busy_error(exc: sqlite3.OperationalError, path: str | Path, timeout: float) -> StoreError:
    """A one-line StoreError for an OperationalError (DatabaseBusyError: it was locked)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"{path}: database busy: another provenance run held it for more than "
            f"{timeout:g} s (db_timeout); finished work is stored, run again when it ends"
        )
    return StoreError(f"{path}: {text}")


def schema_sql(db: Database) -> str:
    """The migrated schema as SQL, FTS shadow tables left out, in a stable order."""
    rows = db.execute(
        "select sql from sqlite_master where sql is not null "
        "and name not like 'claims_fts_%' and name not like 'sqlite_%' "
        "order by case type when 'table' then 0 when 'index' then 1 else 2 end, name"
    ).fetchall()
    return "".join(f"{sql};\n" for (sql,) in rows)


def sync_outlets(db: Database, rows: Iterable[dict[str, Any]]) -> int:
    """Upsert the outlet registry into the ``outlets`` table; returns the row count."""
    rows = list(rows)
    with db.atomic():
        db["outlets"].upsert_all(rows, pk="id", alter=True)
    return len(rows)


def query_dicts(db: Database, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name."""
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def next_id(db: Database, table: str) -> int:
    return db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0]


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert rows that all have the same keys in the same order (the scan's hot path)."""
    if not rows:
        return
    db.conn.executemany(_insert_sql(table, tuple(rows[0])), [tuple(r.values()) for r in rows])


# Python 3.11's sqlite3 binds each NULL through a lookup of its adapter, 1,200
# instructions. Columns NULL in most rows (a claim's StoredText) may be bound as
# NULL_MARK, an int, which the insert turns back into NULL (``insert_tuples``'s ``marked``).
NULL_MARK = -1  # no offset, id or text is -1


def insert_tuples(
    db: Database,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    marked: tuple[str, ...] = (),
) -> None:
    """Bulk insert rows given as tuples in the order of ``columns``; the ``marked``
    columns take NULL where a row holds NULL_MARK."""
    if rows:
        db.conn.executemany(_insert_sql(table, columns, marked), rows)


@functools.lru_cache(maxsize=16)
def _insert_sql(table: str, columns: tuple[str, ...], marked: tuple[str, ...] = ()) -> str:
    values = [f"nullif(?, {NULL_MARK})" if c in marked else "?" for c in columns]
    names = ", ".join(f'"{c}"' for c in columns)
    return f'insert into "{table}" ({names}) values ({", ".join(values)})'
