"""What a database remembers about its runs: the folder its reports are written to."""

from __future__ import annotations

import os

from sqlite_utils import Database

REPORTS_KEY = "reports"


def remember_reports(db: Database, db_path: str | os.PathLike[str], folder: str) -> None:
    """Record ``folder`` as where the reports of ``db`` go, relative to the database's
    own folder, so that the pair can move together (a checkout cloned elsewhere)."""
    value = _relative(os.path.abspath(folder), _base(db_path))
    if remembered_value(db) == value:
        return  # nothing to write: no write transaction for a re-scan
    with db.atomic():  # BEGIN IMMEDIATE: waits for another run's write, Ctrl-C can end it
        db.execute(
            "insert into meta (key, value) values (?, ?) "
            "on conflict (key) do update set value = excluded.value",
            [REPORTS_KEY, value],
        )


def remembered_reports(db: Database, db_path: str | os.PathLike[str]) -> str | None:
    """The reports folder a scan of ``db`` last wrote to, as a path from the working
    directory (absolute when outside it), or None when no scan recorded one."""
    value = remembered_value(db)
    if value is None:
        return None
    folder = os.path.normpath(os.path.join(_base(db_path), value))
    return _relative(folder, os.getcwd())


def remembered_value(db: Database) -> str | None:
    """The stored value as it is: a path from the database's folder, or absolute."""
    row = db.execute("select value from meta where key = ?", [REPORTS_KEY]).fetchone()
    return None if row is None else str(row[0])


def _base(db_path: str | os.PathLike[str]) -> str:
    """The folder relative paths are stored from: the database file's (the working
    directory for an in-memory database)."""
    path = os.fspath(db_path)
    return os.getcwd() if path in ("", ":memory:") else os.path.dirname(os.path.abspath(path))


def _relative(path: str, start: str) -> str:
    """``path`` from ``start`` when it lies under it, else absolute: a folder elsewhere
    (``/tmp/reports`` for a database in a checkout) stays where it is when that moves."""
    relative = os.path.relpath(path, start) if os.path.isabs(path) else path
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        # One level up is the layout of a project (db/ beside reports/): kept relative.
        if relative.split(os.sep).count(os.pardir) == 1:
            return relative
        return path
    return relative
