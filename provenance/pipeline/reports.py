"""Reports and exports from the scan's results or the database."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

from ..archive import store as checkstore
from ..config import Settings
from ..models import ScanResult
from ..report import document as report
from ..report import export
from ..scan import resolve
from ..store import files
from ..store import scans as store

__all__ = ["CHECK_EXPORT_FIELDS", "export_references", "write_fresh_report", "write_reports"]

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
    db: Database, doc_id: int, rendered: tuple[str, report.IndexEntry], out_dir: Path
) -> report.IndexEntry:
    """Write the report of a document just stored, rendered from the scan's own result
    (``documents.prepare``).

    A document just (re)stored has no archive checks yet (its references are new rows),
    and :func:`report.rendered_result` gave the result the shape ``store.load_scan``
    gives it, so the bytes are those ``provenance report`` renders from the database.

    Returns:
        The document's index entry, named after the slug the store chose.
    """
    text, entry = rendered
    stored_slug = store.document_slugs(db, [doc_id])[doc_id]
    out_dir.mkdir(parents=True, exist_ok=True)
    # Not older than the rows just stored, so the next run does not render it again.
    files.write_if_changed(out_dir / f"{stored_slug}.md", text, time.time_ns())
    return report.shared_entry(entry, stored_slug)  # small: counts, outlets for the corpus view


def write_reports(
    db: Database,
    settings: Settings,
    *,
    registry: Any = None,
    only: Iterable[int] | None = None,
    rendered: dict[int, Any] | None = None,
) -> list[Path]:
    """Rewrite ``reports/<slug>.md`` for every document and ``reports/index.md``.

    Files whose content is unchanged are not rewritten (their mtime stays).

    Args:
        db: the database.
        settings: gives the reports folder.
        registry: the outlet registry (loaded when None).
        only: re-render just these documents (and any whose report file is missing);
            the index is rebuilt whenever something was rendered. None renders all.
        rendered: index entries of the reports ``write_fresh_report`` just wrote.

    Returns:
        The report paths written or confirmed, index last.
    """
    registry = registry or resolve.registry_for(settings)
    out_dir = Path(settings.reports)
    out_dir.mkdir(parents=True, exist_ok=True)
    slugs, stored = store.document_slugs(db), store.stored_times(db)
    newest = max(stored.values(), default=0)  # an index older than a document is stale
    wanted = None if only is None else _stale(set(only), slugs, stored, out_dir)
    if wanted is not None and not wanted and not files.older(out_dir / "index.md", newest):
        return []  # nothing changed since the reports were written
    written, entries, rendered = [], [], rendered or {}
    all_checks = checkstore.load_checks(db)
    for doc_id, slug in slugs.items():
        if doc_id in rendered:  # written by write_fresh_report
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
    written.append(files.write_if_changed(out_dir / "index.md", index, newest))
    return written


def _stale(
    wanted: set[int], slugs: dict[int, str], stored: dict[int, int], out_dir: Path
) -> set[int]:
    """``wanted``, and the documents whose report is missing or older than their rows."""
    old = {i for i, slug in slugs.items() if files.older(out_dir / f"{slug}.md", stored[i])}
    return wanted | old


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
