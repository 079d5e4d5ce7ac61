"""Documents and the id ranges of their rows: state, slugs, deletion, ids and slugs in order.

A document's claims, citations and references have consecutive ids (``saving`` writes
them at once) and ``documents`` keeps each range, so a document's rows are read and
deleted by rowid range, with no index on the scan tables (see ``slim``)."""

from __future__ import annotations

import json
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from ..models import Document
from . import slim

# Tables written by the scan, deepest first: deleting a document's rows goes in this order.
SCAN_TABLES = ("reference_rows", "citations", "claims")
_META_DATES = ("published", "accessed", "updated")
#: The ids of one document's rows in each scan table, given (first id, last id, document).
DOCUMENT_ROWS = {
    "claims": "select id from claims where id between ? and ? and document_id = ?",
    "citations": "select id from citations where id between ? and ? and document_id = ?",
    "reference_rows": (
        "select r.id from reference_rows r join citations t on t.id = r.citation_id "
        "where r.id between ? and ? and t.document_id = ?"
    ),
}
#: The range of a document whose rows were not written by ``save_scan``: every id.
ANY_ID = (-(2**63), 2**63 - 1)


def document_state(db: Database, path: str) -> dict[str, Any] | None:
    """The stored fingerprint of ``path``: id, sha256, size, mtime_ns, scanner, root, and
    ``published`` (ISO), with ``cli`` true when it came from ``--published``."""
    keys = ("id", "sha256", "size", "mtime_ns", "scanner", "published", "root", "cli")
    row = db.execute(
        f"select {', '.join(keys[:-1])}, json_extract(meta_sources, '$.published') = 'cli' "
        "from documents where path = ?",
        [path],
    ).fetchone()
    return None if row is None else dict(zip(keys, row))


def _unique_slug(db: Database, slug: str, path: str) -> str:
    """Make ``slug`` unique among documents by suffixing a counter when another path has it."""
    candidate, n = slug, 1
    while True:
        row = db.execute("select path from documents where slug = ?", [candidate]).fetchone()
        if row is None or row[0] == path:
            return candidate
        n += 1
        candidate = f"{slug}-{n}"


def _document_row(doc: Document, slug: str, scanner: str) -> dict[str, Any]:
    """The ``documents`` row of a scanned document."""
    meta = doc.meta
    row: dict[str, Any] = {
        "path": doc.path,
        "slug": slug,
        "sha256": doc.sha256,
        "size": doc.size,
        "mtime_ns": doc.mtime_ns,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": meta.title,
        "author": meta.author,
        "publisher": meta.publisher,
        "series": meta.series,
        "url": meta.url,
        "original_url": meta.original_url,
        "original_publisher": meta.original_publisher,
        "republisher": meta.republisher,
        "meta_sources": json.dumps(meta.sources, sort_keys=True),
        "links": json.dumps([[k.start, k.end, k.url, k.text] for k in doc.links]),
        "body_start": doc.body_start,
        "body_end": doc.body_end,
        "text": doc.text,
        "scanner": scanner,
    }
    for name in _META_DATES:
        value = getattr(meta, name)
        row[name] = value.isoformat() if value else None
    return row


def delete_document_rows(db: Database, document_id: int) -> None:
    """Delete a document's claims, citations and references, and rows that point at them.

    Tables added by later stages (archive checks, link uses) that hold a foreign key
    into the scan tables are cleared first, so foreign keys stay satisfied.
    """
    ranges = document_ranges(db, document_id)
    params = {table: [*ranges[table], document_id] for table in SCAN_TABLES}
    for table, column, other in _dependent_keys(db):
        db.execute(
            f"delete from [{table}] where [{column}] in ({DOCUMENT_ROWS[other]})", params[other]
        )
    db.execute(
        "insert into claims_fts(claims_fts, rowid, text) select 'delete', id, text "
        "from claim_texts where id between ? and ? and document_id = ?",
        params["claims"],
    )
    for table in SCAN_TABLES:
        db.execute(f"delete from [{table}] where id in ({DOCUMENT_ROWS[table]})", params[table])


def document_ranges(db: Database, document_id: int) -> dict[str, tuple[int, int]]:
    """Scan table -> the (first, last) ids of the document's rows in it.

    ``save_scan`` writes a document's rows with consecutive ids and keeps each range in
    ``documents``; for a document written otherwise (by hand, in tests) it is ``ANY_ID``.
    Queries filter by document too: a range only tells where to look.
    """
    columns = [c for pair in slim.RANGE_COLUMNS.values() for c in pair]
    sql = f"select {', '.join(columns)} from documents where id = ?"
    row = db.execute(sql, [document_id]).fetchone() or (None,) * len(columns)
    return {
        table: ANY_ID if None in row[2 * i : 2 * i + 2] else (row[2 * i], row[2 * i + 1])
        for i, table in enumerate(slim.RANGE_COLUMNS)
    }


def documents_under(db: Database, prefix: str) -> list[tuple[int, str, str, str | None]]:
    """(id, path, slug, root) of the documents whose stored path starts with ``prefix``."""
    rows = db.execute(
        "select id, path, slug, root from documents where substr(path, 1, ?) = ? order by path",
        [len(prefix), prefix],
    )
    return [tuple(r) for r in rows]


def delete_document(db: Database, document_id: int) -> None:
    """Remove a document and everything that points at it, in one transaction."""
    with db.atomic():
        delete_document_rows(db, document_id)
        for table in db.table_names():
            if table in SCAN_TABLES or table == "documents":
                continue
            if "document_id" in db[table].columns_dict:
                db.execute(f"delete from [{table}] where document_id = ?", [document_id])
        db.execute("delete from documents where id = ?", [document_id])


_DEPENDENT_KEYS: weakref.WeakKeyDictionary[Database, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _dependent_keys(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, scan table) for every foreign key from a later stage into the scan tables.

    Worked out once per open database: the schema is fixed once migrations are applied.
    """
    if db not in _DEPENDENT_KEYS:
        _DEPENDENT_KEYS[db] = _find_dependent_keys(db)
    return _DEPENDENT_KEYS[db]


def _find_dependent_keys(db: Database) -> list[tuple[str, str, str]]:
    return [
        (table, fk.column, fk.other_table)
        for table in db.table_names()
        if table not in SCAN_TABLES and table != "documents"
        for fk in db[table].foreign_keys
        if fk.other_table in SCAN_TABLES
    ]


def document_ids(db: Database) -> list[int]:
    """All document ids, ordered by path (the order of reports and exports)."""
    return [r[0] for r in db.execute("select id from documents order by path")]


def document_slugs(db: Database, ids: Sequence[int] | None = None) -> dict[int, str]:
    """Document id -> report slug, ordered by path (the order of reports and exports).

    Args:
        db: the database.
        ids: only these documents (at most a few hundred); None for all.
    """
    if ids is None:
        return dict(db.execute("select id, slug from documents order by path").fetchall())
    marks = ", ".join("?" * len(ids))
    sql = f"select id, slug from documents where id in ({marks}) order by path"
    return dict(db.execute(sql, list(ids)).fetchall())


def report_rows(
    db: Database, version: str = ""
) -> Iterator[tuple[int, str, int, int, bytes | None]]:
    """``(id, slug, stored_ns, shown_ns, entry)`` of every document, ordered by path, read
    as they are used: ``stored_ns`` is when its rows were last written (ns since the
    epoch; 0 if unknown), ``shown_ns`` when what its report shows last changed (its rows
    or an archive verdict of its references), ``entry`` its stored index entry if one was
    made from these rows by code of ``version`` (else None)."""
    sql = (
        "select d.id, d.slug, coalesce(d.stored_ns, 0), "
        "max(coalesce(d.stored_ns, 0), coalesce(d.checks_ns, 0)), e.entry from documents d "
        "left join index_entries e on e.document_id = d.id "
        "and e.stored_ns = coalesce(d.stored_ns, 0) "
        "and e.version = ? order by d.path"
    )
    yield from db.execute(sql, [version])


def mark_checked(db: Database, reference_id: int) -> None:
    """Record that an archive verdict of ``reference_id`` changed now, on its document
    (``checks_ns``): its report, and index.md, are then older than what they show."""
    db.execute(
        "update documents set checks_ns = ? where id = (select t.document_id "
        "from reference_rows r join citations t on t.id = r.citation_id where r.id = ?)",
        [time.time_ns(), reference_id],
    )


def save_entries(db: Database, entries: Iterable[tuple[int, int, str, bytes]]) -> None:
    """Store index entries as ``(document id, stored_ns of its rows, version, text)``."""
    db.conn.executemany(
        "insert or replace into index_entries (document_id, stored_ns, version, entry) "
        "values (?, ?, ?, ?)",
        entries,
    )


def newest_stored(db: Database) -> int:
    """When the rows of any document, or an archive verdict of its references, last
    changed (0 when no document is stored)."""
    sql = "select max(coalesce(stored_ns, 0), coalesce(checks_ns, 0)) as t from documents"
    return db.execute(f"select coalesce(max(t), 0) from ({sql})").fetchone()[0]
