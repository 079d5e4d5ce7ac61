"""Orchestration used by the CLI and by Python callers: scan, report, export.

``scan`` runs here. One document's reading, scanning and storing is in
:mod:`.documents`, the SQLite transactions in :mod:`.batches`, and the reports and
exports in :mod:`.reports`; every name imports from ``provenance.pipeline`` as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import operator
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..errors import ReportWriteError
from ..models import Outlet, ScanSummary
from ..scan import discover
from ..scan.outlets import resolve
from ..store import files as store_files
from ..store import meta as store_meta
from ..store import scans as store
from ..store.spill import Spill
from . import workers
from .batches import COMMIT_EVERY, commit_batches
from .documents import (
    Job,
    Run,
    documents_at,
    failed,
    plan,
    prepare,
    prune_missing,
    scan_document,
    store_prepared,
)
from .reports import (
    CHECK_EXPORT_FIELDS,
    export_references,
    reports_written,
    write_fresh_report,
    write_reports,
)
from .versions import SCAN_SOURCES, entry_version, scanner_tag, source_digest

__all__ = [
    "CHECK_EXPORT_FIELDS",
    "COMMIT_EVERY",
    "SCAN_SOURCES",
    "commit_batches",
    "document_key",
    "documents_at",
    "export_references",
    "prune_missing",
    "reports_written",
    "scan",
    "scan_document",
    "scanner_tag",
    "source_digest",
    "write_fresh_report",
    "write_reports",
]

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, current item)

document_key = discover.document_key  # the stored path of a file (public, used by review)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    published: dt.date | None = None,
    db: Database | None = None,
    progress: Progress | None = None,
    write: bool = True,
) -> ScanSummary:
    """Scan documents into the database and (by default) rewrite the reports.

    Each document is stored in its own transaction, so an interrupted run keeps
    everything finished so far and the next run resumes: unchanged files (same
    size, mtime and scanner version) are skipped without being read. The folders
    the tool writes to (reports, the database's), hidden folders, virtual
    environments, build output and ``settings.exclude`` globs are never read.

    Args:
        paths: files or folders (searched recursively).
        settings: run settings (``db``, ``reports``, ``exclude``, ``db_timeout``).
        published: publication date overriding every document's metadata.
        db: an open database; opened from ``settings.db`` when None.
        progress: called as ``progress(done, total, path)`` as files are settled: stored,
            failed or found unchanged, with every file before them.
        write: rewrite reports/ after scanning.

    Returns:
        A ScanSummary; ``errors`` holds one line per file that failed or warned.

    Raises:
        DatabaseBusyError: another run kept the database locked for ``settings.db_timeout``.
    """
    if isinstance(paths, str | os.PathLike):  # one path, not its characters
        paths = [paths]
    try:
        return _scan(paths, settings, published, db, progress, write)
    except sqlite3.OperationalError as exc:
        raise store.busy_error(exc, settings.db, settings.db_timeout) from exc


PARALLEL_FROM = 16  # files from which a scan reads and renders in worker processes


def _workers(
    settings: Settings,
    registry: resolve.Registry,
    published: dt.date | None,
    write: bool,
    files: int,
) -> workers.Workers:
    """The processes that read, scan and render a run's files (this one alone for a few)."""
    jobs = settings.jobs or (workers.default_jobs() if files >= PARALLEL_FROM else 1)
    work = functools.partial(prepare, registry=registry, published=published, render=write)
    by_id = operator.attrgetter("id")  # outlets travel as their ids
    weigh = operator.attrgetter("size")  # bytes on disk: the memory a result takes grows with it
    return workers.Workers(work, jobs, {Outlet: by_id}, registry.outlets, weigh)


class _Settled:
    """Progress as files are settled: stored, failed, or found unchanged, with every file
    before them. A file given to a worker is not settled until its result is stored: with
    up to ``workers.WINDOW`` files each ahead, a bar of the files handed out ran ahead."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total = progress, total
        self.out: deque[tuple[int, str]] = deque()  # (number, name) of the jobs out
        self.last = (0, "")  # the last file planned

    def planned(self, number: int, name: str, job: bool) -> None:
        self.last = number, name
        if job:
            self.out.append(self.last)
        elif not self.out:
            self.progress(number, self.total, name)

    def stored(self) -> None:
        number, name = self.out.popleft()
        if not self.out:  # the files planned after it settled at their planning
            number, name = self.last
        self.progress(number, self.total, name)


def _planned(db: Database, files: list[str], run: Run, settled: _Settled | None) -> Iterator[Job]:
    """The jobs of the files that are new or changed, in order."""
    for number, name in enumerate(files, 1):
        job = plan(db, Path(name), run)
        if settled is not None:
            settled.planned(number, name, job is not None)
        if job is not None:
            yield job


def _files(
    paths: Iterable[str | os.PathLike[str]], settings: Settings
) -> tuple[list[Path], list[str], ScanSummary]:
    """The folders and files a scan reads, and its summary holding what it skipped."""
    exclude = discover.Excluder.build(
        settings.exclude, discover.output_folders(settings.reports, settings.db)
    )
    problems: list[str] = []
    roots = [
        root
        for root in dict.fromkeys(Path(p) for p in paths)
        if discover.usable(root, problems)
        and not discover.in_reports(root, settings.reports, problems)
    ]
    found, skipped = discover.discover(roots, exclude, problems)
    files = [os.fspath(p) for p in found]  # a str is a third of a Path, kept all the run
    summary = ScanSummary(skipped=len(skipped), skipped_paths=[str(p) for p in skipped])
    for line in dict.fromkeys(problems):  # each a path that could not be scanned
        path, _, problem = line.partition(": ")
        failed(summary, line, (path, problem))
    return roots, files, summary


def _registry(db: Database, settings: Settings) -> resolve.Registry:
    """The run's outlet registry, synced to the database, which also records the folder
    this scan writes its reports to (``check`` and ``report`` write there too)."""
    registry = resolve.registry_for(settings)
    store.sync_outlets(db, resolve.registry_rows(registry))
    store_meta.remember_reports(db, settings.db, os.fspath(settings.reports))
    return registry


def _scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    published: dt.date | None,
    db: Database | None,
    progress: Progress | None,
    write: bool,
) -> ScanSummary:
    db = db or store.open_db(settings.db, timeout=settings.db_timeout)
    registry = _registry(db, settings)
    roots, files, summary = _files(paths, settings)
    run = Run(
        registry,
        scanner_tag(registry),
        published,
        summary,
        {},
        lambda: None,
        entry_version=entry_version(registry),
    )
    LOGGER.debug("scanner %s: %d files to read, %d skipped", run.tag, len(files), summary.skipped)
    out = os.fspath(settings.reports)
    settled = _Settled(progress, len(files)) if progress else None
    with Spill() as rendered:  # index entries of the reports written from the scan's results
        with (
            commit_batches(db, run.texts) as (run.begin, tick),
            _workers(settings, registry, published, write, len(files)) as pool,
        ):
            if write:
                store_files.make_folder(out)
            for job, prepared in pool.map(_planned(db, files, run, settled)):
                doc_id = store_prepared(db, job, prepared, run)
                if doc_id is not None and prepared.report is not None:
                    _write_fresh(db, doc_id, prepared, out, rendered)
                tick()
                if settled is not None:
                    settled.stored()
        summary.removed = prune_missing(db, [p for p in roots if p.is_dir()], settings)
        if write:
            _write_reports(db, settings, registry, summary, rendered)
    return summary


def _write_fresh(db: Database, doc_id: int, prepared: Any, out: str, rendered: Spill) -> None:
    """Write the report of a document just stored, its index entry kept in ``rendered``.

    One that cannot be written is left out: ``_write_reports`` renders it again from
    the database, which tries once more and, failing, says so."""
    try:
        raw, entry = write_fresh_report(db, doc_id, prepared.report, prepared.slug, out)
    except ReportWriteError:
        return
    if raw:
        rendered.add_raw(raw, key=doc_id)
    else:
        rendered.add(entry, key=doc_id)


def _write_reports(
    db: Database,
    settings: Settings,
    registry: resolve.Registry,
    summary: ScanSummary,
    rendered: Spill,
) -> None:
    """The reports the scan did not write as it went, and index.md; those that could not
    be written go to ``summary.unwritten`` (and its errors), and the run goes on."""
    reports = reports_written(
        db, settings, registry, summary.document_ids, rendered, bool(summary.removed)
    )
    try:
        for _ in reports:
            pass  # written one by one; the paths are not kept
    except ReportWriteError as exc:
        summary.unwritten = exc.problems
        summary.errors.extend(exc.line(path, why) for path, why in exc.problems)
