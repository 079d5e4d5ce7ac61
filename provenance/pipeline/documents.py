"""One document of a scan: read it, scan it (pure), store it; and forget files that are gone."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..console import display_path, plural
from ..errors import InputError
from ..models import (
    Document,
    ParenKind,
    Parenthetical,
    ScanResult,
    ScanSummary,
    resolution_key,
)
from ..report import document as report
from ..report import entries
from ..scan import dates, discover, endnotes, extract, ingest, split, unread
from ..scan.outlets import resolve
from ..store import scans as store
from .reports import pickled_entry

__all__ = [
    "Job",
    "Prepared",
    "Run",
    "plan",
    "prepare",
    "prune_missing",
    "scan_document",
    "store_prepared",
]

LOGGER = logging.getLogger(__package__)  # "provenance.pipeline", as before the split


def scan_document(doc: Document, registry: resolve.Registry) -> ScanResult:
    """Run extract → split → resolve on one ingested document (pure, no storage).

    Args:
        doc: the ingested document.
        registry: the outlet registry.

    Returns:
        The ScanResult, with one-line ``problems`` for malformed parentheses and
        a missing publication date.
    """
    published, day_first = doc.meta.published, dates.day_first_hint(doc.text)
    extract.use_registry(registry)  # "(Kolokol, 2016)": a user's outlet stands with a year
    parens = extract.find_parentheticals(
        doc.text,
        doc.body_start,
        doc.body_end,
        links=doc.links,
        published=published,
        day_first=day_first,
        code=doc.code,
    )
    parens, skip, problems = _with_endnotes(doc, parens, day_first)
    claims = split.split_claims(doc.text, parens, doc.body_start, doc.body_end, skip=skip)
    result = ScanResult(document=doc, claims=claims, parentheticals=parens, problems=problems)
    publisher = resolve.citing_publisher(doc.meta)
    resolutions, resolve_reference = result.resolutions, registry.resolve_reference
    for paren in parens:
        if paren.kind is ParenKind.MALFORMED:
            line = doc.text.count("\n", 0, paren.start) + 1
            result.problems.append(
                f"unbalanced or too deeply nested parentheses at line {line}: {paren.raw[:40]!r}"
            )
        elif paren.kind is ParenKind.CITATION and (
            ";" in paren.raw
            or paren.raw[0] == "（"
            or (unread.ONE_GROUP and unread.in_one_group(paren.raw))  # "(TASS, May 3, 2016, 12)"
        ):
            _unread(doc.text, paren, result.problems)
        for ref in paren.references:
            resolutions[resolution_key(ref)] = resolve_reference(ref, publisher)
    if published is None and any(p.references for p in parens):
        result.problems.append(
            "no publication date found (use --published YYYY-MM-DD): "
            "years of undated citations are left unknown"
        )
    return result


def _with_endnotes(
    doc: Document, parens: list[Parenthetical], day_first: bool | None
) -> tuple[list[Parenthetical], list[tuple[int, int]], list[str]]:
    """The parentheticals with "[1]" markers made the citations their notes give, the
    spans that are no claims (headings, and the notes), and the document's problems."""
    problems = list(doc.warnings)
    notes = endnotes.link(
        doc.text, parens, doc.body_start, doc.links, doc.meta.published, day_first
    )
    if notes is None:
        return parens, doc.headings, problems
    return notes.parentheticals, sorted([*doc.headings, *notes.skip]), problems + notes.problems


def _unread(text: str, paren: Parenthetical, out: list[str]) -> None:
    """One problem line per part of a citation that was not read as a source (an
    endnote's "[1] …" is no parenthetical: ``scan.endnotes`` says what it did not read)."""
    if paren.raw[0] == "[":
        return
    parts = unread.unread_parts(paren.raw[1:-1])
    line = text.count("\n", 0, paren.start) + 1 if parts else 0
    for part in parts:
        if unread.LOST_NAME_RE.match(part):
            out.append(
                f"a citation at line {line} gives a date with no source named: {part[:60]!r} "
                "(the name was probably a link, lost when the text was copied)"
            )
        else:
            out.append(f"part of a citation at line {line} not read as a source: {part[:60]!r}")


@dataclass
class Run:
    """What every document of one scan run shares."""

    registry: resolve.Registry
    tag: str
    published: dt.date | None
    summary: ScanSummary
    claimed: dict[str, str]
    begin: Callable[[], None]  # opens the write transaction (commit_batches)
    texts: list[tuple[int, str]] = field(default_factory=list)  # claims to index at commit
    lookups: store.Lookups = field(default_factory=store.Lookups)  # lookup ids seen
    entry_version: str = ""  # versions.entry_version: stored with each index entry
    folders: dict[str, Path] = field(default_factory=dict)  # resolved once (document_place)


@dataclass(frozen=True)
class Job:
    """A file to read and scan (the main process plans it, a worker does it)."""

    name: str  # the file
    key: str  # its stored path
    root: str | None  # its project folder
    stored: tuple[int, str] | None  # (id, sha256) of its current stored scan, if any
    size: int = 0  # its bytes when planned (the workers' load), 0 when unknown


@dataclass
class Prepared:
    """A worker's work on one file: its scan's rows and report, or why there is none."""

    rows: store.ScanRows | None = None
    slug: str = ""  # the preferred report slug (the store may make it unique)
    report: tuple[bytes, bytes] | None = None  # (UTF-8 text, pickled IndexEntry) with reports
    entry: bytes | None = None  # the IndexEntry as report.entries stores it, with reports
    failure: tuple[str, tuple[str, str]] | None = None  # (error line, warning)
    unchanged: tuple[int, int] | None = None  # (size, mtime_ns): same bytes as stored


def plan(db: Database, path: Path, run: Run) -> Job | None:
    """The job of a file that is new or changed; None when it clashes with another file
    of the run, is unchanged, or cannot be looked at (recorded in ``run.summary``)."""
    try:
        key, root, resolved = discover.document_place(path, run.folders)
        state = store.document_state(db, key)
        clash = discover.clash(path, key, root, state, run.claimed, _shown, resolved)
        if clash:
            failed(run.summary, clash, (clash.partition(": ")[0], clash.partition(": ")[2]))
            return None
        root_text = str(root) if root else None
        if _unchanged(state, path, run.tag, run.published):
            _adopt(db, state, root_text, run.begin)
            _note_unchanged(run.summary, path)
            return None
    except OSError as exc:
        _failed_os(run.summary, path, exc)
        return None
    same = state is not None and _same_scan(state, run.tag, run.published)
    stored = (state["id"], state["sha256"]) if same and state else None
    return Job(str(path), key, root_text, stored, _size(path))


def prepare(
    job: Job, registry: resolve.Registry, published: dt.date | None, render: bool
) -> Prepared:
    """Read and scan a planned file, and render its report (pure: runs in a worker)."""
    path = Path(job.name)
    try:
        doc = ingest.read_document(path, published=published)
    except InputError as exc:
        return Prepared(failure=(str(exc), (str(path), exc.problem)))
    except OSError as exc:
        shown, cause = discover.printable(path), str(exc.strerror or exc)
        return Prepared(failure=(f"{shown}: {cause}", (shown, cause)))
    if job.stored is not None and job.stored[1] == doc.sha256:
        return Prepared(unchanged=(doc.size, doc.mtime_ns))
    doc.path = job.key
    result = scan_document(doc, registry)
    slug = ingest.slugify(job.key, doc.meta.title)
    shown = report.rendered_result(result) if render else None
    rendered = report.render_with_entry(shown, slug, None) if shown is not None else None
    entry = entries.entry_text(rendered[1]) if rendered is not None else None
    return Prepared(store.scan_rows(result), slug, pickled_entry(rendered), entry=entry)


def store_prepared(db: Database, job: Job, prepared: Prepared, run: Run) -> int | None:
    """Store a prepared file's scan into ``db``, recording the outcome in ``run.summary``.

    Returns:
        The stored document's id, or None when the file was unchanged or failed.
    """
    path, summary = Path(job.name), run.summary
    if prepared.failure is not None:
        failed(summary, *prepared.failure)
        return None
    if prepared.unchanged is not None and job.stored is not None:
        run.begin()
        db.execute(
            "update documents set size = ?, mtime_ns = ?, root = ? where id = ?",
            [*prepared.unchanged, job.root, job.stored[0]],
        )
        _note_unchanged(summary, path)
        return None
    rows = prepared.rows
    assert rows is not None
    run.begin()
    entry = (run.entry_version, prepared.entry) if prepared.entry is not None else None
    doc_id = store.save_rows(
        db,
        rows,
        prepared.slug,
        run.tag,
        fts=run.texts,
        root=job.root,
        lookups=run.lookups,
        entry=entry,
    )
    summary.document_ids.append(doc_id)
    _record(summary, path, job.key, rows)
    return doc_id


def _size(path: Path) -> int:
    """The file's size, 0 when it cannot be looked at (reading it will say why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def failed(summary: ScanSummary, line: str, warning: tuple[str, str]) -> None:
    """Count a file (or given path, or folder) that could not be scanned, and say why."""
    summary.failed += 1
    summary.errors.append(line)
    summary.warnings.append(warning)
    summary.failures.append(warning)


def _failed_os(summary: ScanSummary, path: Path, exc: OSError) -> None:
    shown, cause = discover.printable(path), str(exc.strerror or exc)
    failed(summary, f"{shown}: {cause}", (shown, cause))


def _note_unchanged(summary: ScanSummary, path: Path) -> None:
    summary.unchanged += 1
    if LOGGER.isEnabledFor(logging.INFO):  # a re-scan meets this for every file
        LOGGER.info("%s: unchanged", display_path(path))


def _record(summary: ScanSummary, path: Path, key: str, rows: store.ScanRows) -> None:
    """Count a stored document and its problems in ``summary``, and log it."""
    claims, citations, references = rows.counts
    summary.scanned += 1
    summary.claims += claims
    summary.citations += citations
    summary.references += references
    summary.errors.extend(f"{key}: {problem}" for problem in rows.problems)
    summary.warnings.extend((str(path), problem) for problem in rows.problems)
    if LOGGER.isEnabledFor(logging.INFO):  # the arguments cost more than a skipped log call
        LOGGER.info(
            "%s: %s, %s, %s",
            display_path(path),
            plural(claims, "claim"),
            plural(citations, "citation"),
            plural(references, "reference"),
        )


def _same_scan(state: dict[str, Any] | None, tag: str, published: dt.date | None) -> bool:
    """True when the stored scan was made by this scanner and with this --published date
    (or, without one, from the document's own date)."""
    if state is None or state["scanner"] != tag:
        return False
    if published is None:
        return not state["cli"]
    return bool(state["cli"]) and state["published"] == published.isoformat()


def _unchanged(
    state: dict[str, Any] | None, path: Path, tag: str, published: dt.date | None
) -> bool:
    """True when the stored scan of ``path`` is current (same size, mtime and scanner)."""
    if state is None or not _same_scan(state, tag, published):
        return False
    st = path.stat()
    return st.st_size == state["size"] and st.st_mtime_ns == state["mtime_ns"]


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
            if not _of_project(doc_root, root):
                continue  # another project's document with the same relative path
            if not discover.gone(root / path if root is not None else Path(path)):
                continue
            store.delete_document(db, doc_id)
            (Path(settings.reports) / f"{slug}.md").unlink(missing_ok=True)
            removed.append(path)
    return removed


def documents_at(
    db: Database, paths: Iterable[str | os.PathLike[str]]
) -> tuple[list[int], list[str]]:
    """The stored documents at ``paths``: a file's own, or every one under a folder (of
    that folder's project), as a scan of the same paths would store them.

    Returns:
        ``(document ids in path order, one line per path that holds no stored document)``.
    """
    found: dict[int, None] = {}
    problems = []
    for path in paths:
        try:
            key, root = discover.document_identity(path)
        except OSError as exc:
            problems.append(f"{os.fspath(path)}: cannot be read: {exc.strerror}")
            continue
        folder = Path(path).is_dir()
        prefix = (f"{key}/" if key else "") if folder else key
        hits = [
            doc_id
            for doc_id, stored, _, doc_root in store.documents_under(db, prefix)
            if (folder or stored == key) and _of_project(doc_root, root)
        ]
        if not hits:
            problems.append(f"{os.fspath(path)}: no scanned document there")
        found.update(dict.fromkeys(hits))
    return list(found), problems


def _of_project(doc_root: str | None, root: Path | None) -> bool:
    """Whether a stored document (of project ``doc_root``, None when stored before roots
    were kept) belongs to the project ``root`` (None: a path outside any project)."""
    return root is None or doc_root in (None, str(root))
