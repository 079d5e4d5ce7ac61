"""Orchestration used by the CLI and by Python callers: scan, report, export."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from .archive import store as checkstore
from .config import VERSION, Settings
from .console import display_path, plural
from .errors import InputError
from .models import Document, ParenKind, ScanResult, ScanSummary, resolution_key
from .report import document as report
from .report import export
from .scan import dates, discover, extract, ingest, resolve, split
from .store import files
from .store import scans as store

LOGGER = logging.getLogger(__name__)

CHECK_EXPORT_FIELDS = (
    "status",
    "source_url",
    "archive_url",
    "archive_timestamp",
    "match_score",
    "archive",
)

COMMIT_EVERY = 0.5  # seconds of scanning per SQLite transaction (see commit_batches)

Progress = Callable[[int, int, str], None]  # (done, total, current item)

document_key = discover.document_key  # the stored path of a file (public, used by review)


def scanner_tag(registry: resolve.Registry) -> str:
    """Version tag stored with each document: a changed scanner or registry forces a rescan.

    The scanner is the version plus a digest of the scan package's source, so that a
    changed splitter or extractor (claims are stored) rescans without a version bump.
    """
    digest = hashlib.sha256()
    for outlet in registry:
        digest.update(repr(sorted(resolve.outlet_to_dict(outlet).items())).encode())
    return f"{VERSION}+{source_digest(SCAN_SOURCES)}+{digest.hexdigest()[:10]}"


SCAN_SOURCES = Path(__file__).resolve().parent / "scan"


@functools.lru_cache(maxsize=4)
def source_digest(folder: Path) -> str:
    """A short digest of the ``*.py`` files in ``folder``: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


def scan_document(doc: Document, registry: resolve.Registry) -> ScanResult:
    """Run extract → split → resolve on one ingested document (pure, no storage).

    Args:
        doc: the ingested document.
        registry: the outlet registry.

    Returns:
        The ScanResult, with one-line ``problems`` for malformed parentheses and
        a missing publication date.
    """
    published = doc.meta.published
    parens = extract.find_parentheticals(
        doc.text,
        doc.body_start,
        doc.body_end,
        links=doc.links,
        published=published,
        day_first=dates.day_first_hint(doc.text),
    )
    claims = split.split_claims(doc.text, parens, doc.body_start, doc.body_end, skip=doc.headings)
    result = ScanResult(document=doc, claims=claims, parentheticals=parens)
    result.problems.extend(doc.warnings)
    publisher = doc.meta.original_publisher or doc.meta.publisher
    resolutions, resolve_reference = result.resolutions, registry.resolve_reference
    for paren in parens:
        if paren.kind is ParenKind.MALFORMED:
            line = doc.text.count("\n", 0, paren.start) + 1
            result.problems.append(
                f"unbalanced or too deeply nested parentheses at line {line}: {paren.raw[:40]!r}"
            )
        for ref in paren.references:
            resolutions[resolution_key(ref)] = resolve_reference(ref, publisher)
    if published is None and any(p.references for p in parens):
        result.problems.append(
            "no publication date found (use --published YYYY-MM-DD): "
            "years of undated citations are left unknown"
        )
    return result


@contextmanager
def commit_batches(
    db: Database, saved: list[int], seconds: float = COMMIT_EVERY
) -> Iterator[tuple[Callable[[], None], Callable[[], None]]]:
    """Group documents into one SQLite transaction per ``seconds`` of work.

    Each document is still written atomically: ``store.save_scan`` runs inside a
    savepoint, so a document that fails leaves nothing behind. Committing about
    twice a second instead of once per document saves a sync per document, and
    the full-text index takes the batch's claims in one statement (several times
    cheaper than one per document). An interruption (Ctrl-C, a crash) loses at
    most the uncommitted documents, which the next run scans again. Everything
    finished is indexed and committed on the way out, whatever ended the loop.

    A transaction begins (``BEGIN IMMEDIATE``, taking the write lock, waiting for
    another run's write) only when a document is about to be written, and the
    next document is read and parsed after the commit: another run waiting for
    the database gets its turn in that gap.

    Args:
        db: the database.
        saved: ids of the documents saved so far (``ScanSummary.document_ids``),
            appended to by the caller; those not yet indexed are indexed at commit.
        seconds: how long a transaction may collect documents.

    Yields:
        ``(begin, tick)``: call ``begin()`` before writing a document and
        ``tick()`` after each document; it commits when the time is up.
    """
    conn = db.conn
    started, indexed = 0.0, len(saved)

    def commit() -> None:
        nonlocal indexed
        store.index_claims(db, saved[indexed:])
        indexed = len(saved)
        conn.execute("COMMIT")

    def begin() -> None:
        nonlocal started
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
            started = time.monotonic()

    def tick() -> None:
        if conn.in_transaction and time.monotonic() - started >= seconds:
            commit()

    try:
        yield begin, tick
    finally:
        if conn.in_transaction:
            commit()


def _same_scan(state: dict[str, Any] | None, tag: str, published: dt.date | None) -> bool:
    """True when the stored scan was made by this scanner and with this --published date."""
    if state is None or state["scanner"] != tag:
        return False
    return published is None or state["published"] == published.isoformat()


def _unchanged(
    state: dict[str, Any] | None, path: Path, tag: str, published: dt.date | None
) -> bool:
    """True when the stored scan of ``path`` is current (same size, mtime and scanner)."""
    if state is None or not _same_scan(state, tag, published):
        return False
    st = path.stat()
    return st.st_size == state["size"] and st.st_mtime_ns == state["mtime_ns"]


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
        progress: called as ``progress(done, total, path)``.
        write: rewrite reports/ after scanning.

    Returns:
        A ScanSummary; ``errors`` holds one line per file that failed or warned.

    Raises:
        DatabaseBusyError: another run kept the database locked for ``settings.db_timeout``.
    """
    try:
        return _scan(paths, settings, published, db, progress, write)
    except sqlite3.OperationalError as exc:
        raise store.busy_error(exc, settings.db, settings.db_timeout) from exc


def _scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    published: dt.date | None,
    db: Database | None,
    progress: Progress | None,
    write: bool,
) -> ScanSummary:
    db = db or store.open_db(settings.db, timeout=settings.db_timeout)
    registry = resolve.registry_for(settings)
    store.sync_outlets(db, resolve.registry_rows(registry))
    tag = scanner_tag(registry)
    exclude = discover.Excluder.build(
        settings.exclude, discover.output_folders(settings.reports, settings.db)
    )
    problems: list[str] = []
    roots = [Path(p) for p in paths if not discover.in_reports(Path(p), settings.reports, problems)]
    files, skipped = discover.discover(roots, exclude, problems)
    summary = ScanSummary(skipped=len(skipped), skipped_paths=[str(p) for p in skipped])
    summary.errors.extend(problems)
    summary.warnings.extend((line.partition(": ")[0], line.partition(": ")[2]) for line in problems)
    LOGGER.debug("scanner %s: %d files to read, %d skipped", tag, len(files), len(skipped))
    rendered: dict[int, report.IndexEntry] = {}  # reports written from the scan's own results
    claimed: dict[str, str] = {}  # stored path -> the file that has it in this run
    with commit_batches(db, summary.document_ids) as (begin, tick):
        for done, path in enumerate(files, 1):
            if progress:
                progress(done, len(files), str(path))
            run = _Run(registry, tag, published, summary, claimed, begin)
            result = _scan_one(db, path, run)
            if write and result is not None:
                rendered[result.id] = write_fresh_report(db, result, Path(settings.reports))
            tick()
    summary.removed = prune_missing(db, [p for p in roots if p.is_dir()], settings)
    if write:
        only = summary.document_ids if not summary.removed else None
        write_reports(db, settings, registry=registry, only=only, rendered=rendered)
    return summary


@dataclass
class _Run:
    """What every document of one scan run shares."""

    registry: resolve.Registry
    tag: str
    published: dt.date | None
    summary: ScanSummary
    claimed: dict[str, str]
    begin: Callable[[], None]  # opens the write transaction (commit_batches)


def _scan_one(db: Database, path: Path, run: _Run) -> ScanResult | None:
    """Scan one file into ``db``, recording the outcome in ``run.summary``.

    Returns:
        The stored scan (``id`` set), or None when the file was unchanged or failed.
    """
    summary, published = run.summary, run.published
    try:
        key, root = discover.document_identity(path)
        state = store.document_state(db, key)
        clash = discover.clash(path, key, root, state, run.claimed, _shown)
        if clash:
            summary.failed += 1
            summary.errors.append(clash)
            summary.warnings.append((clash.partition(": ")[0], clash.partition(": ")[2]))
            return None
        root_text = str(root) if root else None
        if _unchanged(state, path, run.tag, published):
            _adopt(db, state, root_text, run.begin)
            summary.unchanged += 1
            LOGGER.info("%s: unchanged", display_path(path))
            return None
        doc = ingest.read_document(path, published=published)
        doc.path = key
        if state and state["sha256"] == doc.sha256 and _same_scan(state, run.tag, published):
            run.begin()
            db.execute(
                "update documents set size = ?, mtime_ns = ?, root = ? where id = ?",
                [doc.size, doc.mtime_ns, root_text, state["id"]],
            )
            summary.unchanged += 1
            LOGGER.info("%s: unchanged", display_path(path))
            return None
        result = scan_document(doc, run.registry)
    except InputError as exc:
        summary.failed += 1
        summary.errors.append(str(exc))
        summary.warnings.append((str(path), exc.problem))
        return None
    except OSError as exc:
        summary.failed += 1
        summary.errors.append(f"{discover.printable(path)}: {exc.strerror or exc}")
        summary.warnings.append((discover.printable(path), str(exc.strerror or exc)))
        return None
    slug = ingest.slugify(key, doc.meta.title)
    run.begin()
    summary.document_ids.append(
        store.save_scan(db, result, slug, run.tag, index=False, root=root_text)
    )
    summary.scanned += 1
    summary.claims += len(result.claims)
    summary.citations += sum(1 for p in result.parentheticals if p.is_citation)
    summary.references += sum(len(p.references) for p in result.parentheticals)
    summary.errors.extend(f"{key}: {problem}" for problem in result.problems)
    summary.warnings.extend((str(path), problem) for problem in result.problems)
    LOGGER.info(
        "%s: %s, %s, %s",
        display_path(path),
        plural(len(result.claims), "claim"),
        plural(sum(1 for p in result.parentheticals if p.is_citation), "citation"),
        plural(sum(len(p.references) for p in result.parentheticals), "reference"),
    )
    return result


def _shown(path: str) -> str:
    return display_path(discover.printable(path))


def _adopt(
    db: Database, state: dict[str, Any] | None, root: str | None, begin: Callable[[], None]
) -> None:
    """Record the project folder of an unchanged document stored before roots were kept."""
    if state is not None and state["root"] != root:
        begin()
        db.execute("update documents set root = ? where id = ?", [root, state["id"]])


def prune_missing(db: Database, folders: Iterable[Path], settings: Settings) -> list[str]:
    """Forget documents stored under ``folders`` whose files are gone, and their reports.

    Only folders that were scanned are looked at, so scanning one file never
    drops the rest of a corpus; only documents of the folder's own project are
    candidates; and a document is removed only when its file surely no longer
    exists (a folder that cannot be read keeps its documents).

    Returns:
        The stored paths that were removed.
    """
    removed = []
    for folder in folders:
        try:
            key, root = discover.document_identity(folder)
        except OSError:
            continue
        prefix = f"{key}/" if key else ""
        for doc_id, path, slug, doc_root in store.documents_under(db, prefix):
            if root is not None and doc_root not in (None, str(root)):
                continue  # another project's document with the same relative path
            if not discover.gone(root / path if root is not None else Path(path)):
                continue
            store.delete_document(db, doc_id)
            (Path(settings.reports) / f"{slug}.md").unlink(missing_ok=True)
            removed.append(path)
    return removed


def _checks_of(result: ScanResult, checks: dict[int, Any]) -> dict[int, Any] | None:
    """The archive-check results of one document's references, None when none was checked."""
    mine = {r.id: checks[r.id] for c in result.claims for r in c.references if r.id in checks}
    return mine or None


def write_fresh_report(db: Database, result: ScanResult, out_dir: Path) -> report.IndexEntry:
    """Write the report of a document just stored, from the scan's own result.

    The result is first put in the shape ``store.load_scan`` gives back (only the
    parentheticals inside claims; the stored slug), so the bytes are those that
    ``provenance report`` renders from the database. A document just (re)stored has
    no archive checks yet: its references are new rows.

    Returns:
        The document's index entry.
    """
    slug = store.document_slugs(db, [result.id])[result.id]
    stored = ScanResult(
        document=result.document,
        claims=result.claims,
        parentheticals=[p for c in result.claims for p in c.parentheticals],
        problems=result.problems,
        resolutions=result.resolutions,
        id=result.id,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    text, entry = report.render_with_entry(stored, slug, None)
    # Not older than the rows just stored, so the next run does not render it again.
    files.write_if_changed(out_dir / f"{slug}.md", text, time.time_ns())
    return entry  # small: counts, and per outlet a name and a number, for the corpus view


def write_reports(
    db: Database,
    settings: Settings,
    *,
    registry: Any = None,
    only: Iterable[int] | None = None,
    rendered: dict[int, Any] | None = None,
) -> list[Path]:
    """Rewrite ``reports/<slug>.md`` for every document and ``reports/index.md``.

    Files whose content is unchanged are not rewritten, so their mtime stays.

    Args:
        db: the database.
        settings: gives the reports folder.
        registry: the outlet registry (loaded when None).
        only: re-render just these documents (and any whose report file is missing);
            the index is rebuilt whenever something was rendered. None renders all.
        rendered: index entries of documents whose reports ``write_fresh_report``
            has just written (not rendered again).

    Returns:
        The report paths written or confirmed, index last.
    """
    registry = registry or resolve.registry_for(settings)
    out_dir = Path(settings.reports)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = None if only is None else set(only)
    slugs, stored = store.document_slugs(db), store.stored_times(db)
    if wanted is not None:
        wanted |= {i for i, slug in slugs.items() if files.older(out_dir / f"{slug}.md", stored[i])}
        newest = max(stored.values(), default=0)  # an index older than a document is stale
        if not wanted and not files.older(out_dir / "index.md", newest):
            return []  # nothing changed since the reports were written
    written, entries = [], []
    all_checks = checkstore.load_checks(db)
    rendered = rendered or {}
    for doc_id, slug in slugs.items():
        if doc_id in rendered:
            entries.append(rendered[doc_id])
            written.append(out_dir / f"{slug}.md")
            continue
        result = store.load_scan(db, doc_id, registry)
        checks = _checks_of(result, all_checks)
        if wanted is None or doc_id in wanted:
            text, entry = report.render_with_entry(result, slug, checks)
            written.append(files.write_if_changed(out_dir / f"{slug}.md", text, stored[doc_id]))
        else:
            entry = report.index_entry(result, slug, checks)
        entries.append(entry)
    index = report.render_index(entries)
    written.append(
        files.write_if_changed(out_dir / "index.md", index, max(stored.values(), default=0))
    )
    return written


def export_references(db: Database, fmt: str, out: TextIO) -> int:
    """Write one record per reference in ``fmt`` (json, jsonl, csv) to ``out``."""
    registry = resolve.load_registry()
    checked = checkstore.export_fields(db)  # empty until `provenance check` has run

    def records() -> Iterable[dict[str, Any]]:
        for doc_id in store.document_ids(db):
            for record in export.reference_records(store.load_scan(db, doc_id, registry)):
                record.update(checked.get(record.get("reference_id"), {}))
                yield record

    fields = export.EXPORT_FIELDS + CHECK_EXPORT_FIELDS
    return export.write_records(records(), fmt, out, fields=fields)
