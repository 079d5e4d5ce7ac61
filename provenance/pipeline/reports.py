"""Reports and exports from the scan's results or the database."""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from ..archive import store as checkstore
from ..config import Settings
from ..errors import ReportWriteError
from ..models import ScanResult
from ..report import document as report
from ..report import entries, export
from ..report.index import index_lines
from ..scan.outlets import resolve
from ..store import files
from ..store import scans as store
from ..store.spill import SortedSpill, Spill
from .versions import entry_version

__all__ = [
    "CHECK_EXPORT_FIELDS",
    "export_references",
    "pickled_entry",
    "reports_written",
    "write_fresh_report",
    "write_reports",
]

LOGGER = logging.getLogger(__name__)

CHECK_EXPORT_FIELDS = (
    "status",
    "source_url",
    "archive_url",
    "archive_timestamp",
    "match_score",
    "archive",
)


def _checks_of(result: ScanResult, checks: dict[int, Any]) -> dict[int, Any] | None:
    """The archive-check results of one document's references, None when none was checked."""
    mine = {r.id: checks[r.id] for c in result.claims for r in c.references if r.id in checks}
    return mine or None


def write_fresh_report(
    db: Database, doc_id: int, rendered: tuple[bytes, bytes], slug: str, out_dir: str
) -> tuple[bytes, Any]:
    """Write the report of a document just stored, rendered from the scan's own result
    (``documents.prepare``).

    A document just (re)stored has no archive checks yet (its references are new rows),
    and :func:`report.rendered_result` gave the result the shape ``store.load_scan``
    gives it, so the bytes are those ``provenance report`` renders from the database.

    Args:
        rendered: the report's text as UTF-8 and its pickled index entry, named after
            ``slug`` (``pickled_entry``).
        slug: the slug the report was rendered with (the store may have changed it).

    Returns:
        ``(pickled entry, None)`` when the store kept ``slug``: the entry goes to the
        index's spill unopened; else ``(b"", entry)``, named after the stored slug.
    """
    text, entry = rendered
    stored_slug = store.document_slugs(db, [doc_id])[doc_id]
    # Not older than the rows just stored, so the next run does not render it again.
    files.write_if_changed(_report(out_dir, stored_slug), text, time.time_ns())
    if stored_slug == slug:
        return entry, None
    return b"", dataclasses.replace(pickle.loads(entry), slug=stored_slug)


def pickled_entry(
    rendered: tuple[str, report.IndexEntry] | None,
) -> tuple[bytes, bytes] | None:
    """A rendered report as UTF-8 with its index entry pickled, as a worker sends it.

    The main process writes the bytes as they are (``files.write_if_changed``): sent as
    text, the report was encoded for the pipe, decoded and encoded again for the file.
    """
    if rendered is None:
        return None
    return rendered[0].encode("utf-8"), pickle.dumps(rendered[1], pickle.HIGHEST_PROTOCOL)


def write_reports(
    db: Database,
    settings: Settings,
    *,
    registry: Any = None,
    only: Iterable[int] | None = None,
    rendered: Spill | None = None,
) -> list[Path]:
    """Rewrite ``reports/<slug>.md`` for every document and ``reports/index.md``.

    Files whose content is unchanged are not rewritten (their mtime stays).

    Args:
        db: the database.
        settings: gives the reports folder.
        registry: the outlet registry (loaded when None).
        only: re-render just these documents (and any whose report file is missing);
            the index is rebuilt whenever something was rendered. None renders all.
        rendered: index entries of the reports ``write_fresh_report`` just wrote, keyed
            by document id.

    Returns:
        The report paths written or confirmed, index last.

    Raises:
        ReportWriteError: some reports (or the index) could not be written; every other
            one was, and each of them is made again by the next run.
    """
    return [Path(p) for p, _ in reports_written(db, settings, registry, only, rendered)]


def reports_written(
    db: Database,
    settings: Settings,
    registry: Any = None,
    only: Iterable[int] | None = None,
    rendered: Spill | None = None,
    removed: bool = False,
) -> Iterator[tuple[str, bool]]:
    """:func:`write_reports`, yielding ``(path, changed)`` as soon as each is written.

    ``changed`` is False for a report this call found already holding its text. Paths
    are plain strings: every pathlib.Path interns its parts, and a run that names
    thousands of reports would keep every name. The index entries wait in a
    :class:`Spill` on disk, and index.md is written as it is made, so memory does not
    grow with the number of documents. A document not rendered again gives its stored
    entry (``report.entries``), so it is not read back; one without a valid entry is,
    and its entry is stored for the next time. ``removed``: documents were deleted, so
    index.md is made again even when nothing else changed. A report that cannot be
    written is not yielded; the others are, and :class:`ReportWriteError` then names it.
    """
    registry = registry or resolve.registry_for(settings)
    out_dir = _out_folder(settings)
    newest = store.newest_stored(db)  # an index older than a document is stale
    index = os.path.join(out_dir, "index.md")
    only = None if only is None else set(only)
    if only == set() and not removed and not files.older(index, newest):
        if not _stale(db, out_dir, entry_version(registry)):
            return  # nothing changed since the reports were written
    made = _Entries(db, registry)
    problems: list[tuple[str, str]] = []  # reports that could not be written: said at the end
    with Spill() as spilled, made:
        for row in store.report_rows(db, made.version):
            doc_id, path = row[0], _report(out_dir, row[1])
            if rendered is not None and doc_id in rendered:  # written by write_fresh_report
                spilled.add_raw(rendered.raw(doc_id))
                yield path, True  # written (or found unchanged) by write_fresh_report
                continue
            entry, changed = made.report(row, path, _render(only, row, path), problems)
            if changed is not None:
                yield path, changed
            spilled.add(entry)
        lines = index_lines(spilled, SortedSpill)
        changed = _write(problems, files.write_lines_if_changed, index, lines, newest)
        if changed is not None:
            yield index, changed
    if problems:
        raise ReportWriteError(problems)


def _write(problems: list[tuple[str, str]], write: Any, path: str, *args: Any) -> bool | None:
    """``write(path, *args)``: whether it changed the file, or None when it could not be
    written, which goes to ``problems`` and the run goes on with the other reports."""
    try:
        return bool(write(path, *args))
    except ReportWriteError as exc:
        problems.extend(exc.problems)
        return None


def _out_folder(settings: Settings) -> str:
    """The reports folder, made when missing, without the temporary files killed runs left."""
    out_dir = files.make_folder(settings.reports)
    files.sweep_temps(out_dir)
    return out_dir


class _Entries:
    """The index entries of one report run: read from the store with their archive
    verdicts, or made from a scan read back and then stored (at the end of the run,
    when no query is reading the documents any more)."""

    def __init__(self, db: Database, registry: resolve.Registry) -> None:
        self.db, self.registry, self.version = db, registry, entry_version(registry)
        self.checks = checkstore.load_checks(db)
        self.statuses = checkstore.document_statuses(db) if self.checks else {}
        self.new = Spill()

    def read(self, doc_id: int, slug: str, stored: bytes) -> report.IndexEntry | None:
        """The stored entry of ``doc_id``, or None when it cannot be read (made again)."""
        statuses, references = self.statuses.get(doc_id, (None, 0))
        try:
            return entries.read_entry(stored, slug, self.registry, statuses, references)
        except ValueError as exc:
            LOGGER.debug("document %d: %s; read back instead", doc_id, exc)
            return None

    def checks_of(self, result: ScanResult) -> dict[int, Any] | None:
        return _checks_of(result, self.checks)

    def report(
        self, row: tuple[Any, ...], path: str, render: bool, problems: list[tuple[str, str]]
    ) -> tuple[report.IndexEntry, bool | None]:
        """The index entry of a document (a ``store.report_rows`` row), its report
        written at ``path`` when ``render``.

        Returns:
            ``(entry, changed)``: ``changed`` is None when nothing was written, or the
            report could not be (it went to ``problems``)."""
        doc_id, slug, stored_ns, shown_ns, stored = row
        entry = None if render or stored is None else self.read(doc_id, slug, stored)
        if entry is not None:
            return entry, None
        # rendered, or without a stored entry that can be read
        result = store.load_scan(self.db, doc_id, self.registry)
        checks = self.checks_of(result)
        changed = None
        if render:
            text, entry = report.render_with_entry(result, slug, checks)
            changed = _write(problems, files.write_if_changed, path, text, shown_ns)
        else:
            entry = report.index_entry(result, slug, checks)
        if stored is None or not render:
            self.keep(doc_id, stored_ns, entry)
        return entry, changed

    def keep(self, doc_id: int, stored_ns: int, entry: report.IndexEntry) -> None:
        self.new.add((doc_id, stored_ns, self.version, entries.entry_text(entry)))

    def __enter__(self) -> _Entries:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            if kind is None and len(self.new):
                self._store()
        finally:
            self.new.close()

    def _store(self) -> None:
        try:
            with self.db.atomic():
                store.save_entries(self.db, iter(self.new))
        except sqlite3.Error as exc:  # a read-only database: the entries are made again
            LOGGER.debug("index entries not stored: %s", exc)


def _render(only: set[int] | None, row: tuple[Any, ...], path: str) -> bool:
    """Whether a document's report (at ``path``; its ``store.report_rows`` row) is made
    again: asked for, older than what it shows, or without an index entry of this code
    (its report was made by other code, as after an upgrade, or by none)."""
    doc_id, _, _, shown_ns, stored = row
    asked = only is None or doc_id in only
    return asked or stored is None or files.older(path, shown_ns)


def _stale(db: Database, out_dir: str, version: str) -> bool:
    """True when a document's report is missing, older than what it shows, or made by
    other report code than this (its index entry is of another ``version``)."""
    rows = store.report_rows(db, version)
    return any(
        stored is None or files.older(_report(out_dir, slug), shown)
        for _, slug, _, shown, stored in rows
    )


def _report(out_dir: str, slug: str) -> str:
    return os.path.join(out_dir, f"{slug}.md")


def export_references(
    db: Database,
    fmt: str,
    out: TextIO,
    document_ids: Iterable[int] | None = None,
    registry: Any = None,
) -> int:
    """Write one record per reference in ``fmt`` (json, jsonl, csv) to ``out``: of every
    document, or of ``document_ids`` (in the stored order either way).

    ``registry`` is the run's (``resolve.registry_for``: with the user's own outlets);
    the bundled one when None."""
    registry = registry or resolve.load_registry()
    checked = checkstore.export_fields(db)  # empty until `provenance check` has run

    def records() -> Iterable[dict[str, Any]]:
        wanted = None if document_ids is None else set(document_ids)
        for doc_id in store.document_ids(db):
            if wanted is not None and doc_id not in wanted:
                continue
            for record in export.reference_records(store.load_scan(db, doc_id, registry)):
                record.update(checked.get(record.get("reference_id"), {}))
                yield record

    fields = export.EXPORT_FIELDS + CHECK_EXPORT_FIELDS
    return export.write_records(records(), fmt, out, fields=fields)
