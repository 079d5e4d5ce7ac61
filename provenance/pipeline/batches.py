"""The scan's SQLite transactions: one per half second of work, not one per document."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from ..store import scans as store

__all__ = ["COMMIT_EVERY", "commit_batches"]

COMMIT_EVERY = 0.5  # seconds of scanning per SQLite transaction (see commit_batches)


@contextmanager
def commit_batches(
    db: Database, texts: list[tuple[int, str]], seconds: float | None = None
) -> Iterator[tuple[Callable[[], None], Callable[[], None]]]:
    """Group documents into one SQLite transaction per ``seconds`` of work.

    Each document is still written atomically (``store.save_scan`` runs inside a
    savepoint). Committing about twice a second instead of once per document saves a
    sync per document, and the full-text index takes the batch's claims in one
    statement. An interruption loses at most the uncommitted documents, which the next
    run scans again; everything finished is indexed and committed on the way out.

    A transaction begins (``BEGIN IMMEDIATE``, taking the write lock) only when a
    document is about to be written, and the next document is read and parsed after
    the commit: another run waiting for the database gets its turn in that gap. The
    savepoints' journals stay in memory meanwhile (``_journals_in_memory``).

    Args:
        db: the database.
        texts: the ``(id, text)`` of the claims saved and not yet indexed (by
            ``store.save_rows(..., fts=texts)``); indexed and emptied at each commit.
        seconds: how long a transaction may collect documents (None: ``COMMIT_EVERY``).

    Yields:
        ``(begin, tick)``: call ``begin()`` before writing a document and ``tick()``
        after each document; it commits when the time is up.
    """
    conn, started = db.conn, 0.0
    seconds = COMMIT_EVERY if seconds is None else seconds  # read now: a benchmark sets it

    def commit() -> None:
        store.index_texts(db, texts)
        texts.clear()
        conn.execute("COMMIT")

    def begin() -> None:
        nonlocal started
        if not conn.in_transaction:
            store.begin_immediate(conn)
            started = time.monotonic()

    def tick() -> None:
        if conn.in_transaction and time.monotonic() - started >= seconds:
            commit()

    with _journals_in_memory(conn):
        try:
            yield begin, tick
        finally:
            if conn.in_transaction:
                commit()


@contextmanager
def _journals_in_memory(conn: sqlite3.Connection) -> Iterator[None]:
    """SQLite's temporary files in memory (``temp_store``) while the block runs.

    A document's savepoint journals the first change to each page it touches; in a
    temporary file that was 15,700 writes, 33 MB, per 10.7 MB scanned, for a journal
    dropped at each release. It holds one document's pages at most. The setting is put
    back afterwards, so that the big sorts of other commands still spill to disk.
    """
    conn.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        conn.execute("PRAGMA temp_store=DEFAULT")
