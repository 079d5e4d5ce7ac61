"""Writing a document's scan: its row, its claims, citations and references, and the
lookup rows they share, in one transaction (the scan's hot path)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from sqlite_utils import Database

from ..models import ScanResult
from . import slim
from .claimtext import claim_text, index_texts
from .database import NULL_MARK, insert_rows, insert_tuples, next_id
from .documents import _unique_slug, delete_document_rows, document_state, save_entries
from .rows import CITATION_COLUMNS, CLAIM_COLUMNS, REFERENCE_COLUMNS, ScanRows, scan_rows

__all__ = [
    "CITATION_COLUMNS",
    "CLAIM_COLUMNS",
    "REFERENCE_COLUMNS",
    "Lookups",
    "insert_references",
    "lookup_ids",
    "save_rows",
    "save_scan",
]


def save_scan(
    db: Database,
    result: ScanResult,
    slug: str,
    scanner: str,
    *,
    fts: list[tuple[int, str]] | None = None,
    root: str | None = None,
) -> int:
    """Store one document's scan in a single transaction, replacing any earlier scan.

    ``save_rows`` of the scan's ``rows.scan_rows``; ``result.id`` is set.

    Returns:
        The document id.
    """
    result.id = save_rows(db, scan_rows(result), slug, scanner, fts=fts, root=root)
    return result.id


def save_rows(
    db: Database,
    rows: ScanRows,
    slug: str,
    scanner: str,
    *,
    fts: list[tuple[int, str]] | None = None,
    root: str | None = None,
    lookups: Lookups | None = None,
    entry: tuple[str, bytes] | None = None,
) -> int:
    """Store one document's rows in a single transaction, replacing any earlier scan.

    Args:
        db: the database (migrated).
        rows: the document's rows (``rows.scan_rows``), not changed here.
        slug: the preferred report slug (made unique here).
        scanner: version tag of the scanner and registry, to rescan after upgrades.
        fts: where to leave the claims' ``(id, text)`` for the full-text index, for a
            caller that saves many documents in one transaction and indexes them all
            at once before committing (``index_texts``); None indexes them now.
        root: the absolute project folder the document's path is relative to
            (None for an absolute path).
        lookups: the lookup ids the run knows, told the new ones (see ``Lookups``).
        entry: ``(version, data)`` of the document's index entry made from these rows
            (``report.entries``), stored with them.

    Returns:
        The document id.
    """
    path = rows.path
    lookups = lookups or Lookups()
    with db.atomic():
        state = document_state(db, path)
        if state is not None:
            delete_document_rows(db, state["id"])
        row = dict(rows.document)
        row["slug"], row["scanner"] = _unique_slug(db, slug, path), scanner
        row["root"], row["stored_ns"] = root, time.time_ns()  # reports older than this are stale
        first_ids = _add_ranges(db, row, rows)
        doc_id = _write_document(db, row, None if state is None else state["id"], entry)
        found = _insert_rows(db, doc_id, rows, first_ids, lookups)
        texts = _claim_texts(rows, first_ids[0])
        if fts is None:
            index_texts(db, texts)
    if fts is not None:
        fts.extend(texts)
    for table, ids in found.items():
        lookups.remember(table, ids)
    return doc_id


def _add_ranges(db: Database, row: dict[str, Any], rows: ScanRows) -> list[int]:
    """Give the document's ``row`` the id ranges its rows will take; each range's start."""
    first_ids = [next_id(db, table) for table in slim.RANGE_COLUMNS]
    counts = (len(rows.claims), len(rows.citations), len(rows.references))
    for (first, last), start, count in zip(slim.RANGE_COLUMNS.values(), first_ids, counts):
        row[first], row[last] = start, start + count - 1  # empty: last = first - 1
    return first_ids


def _write_document(
    db: Database, row: dict[str, Any], doc_id: int | None, entry: tuple[str, bytes] | None
) -> int:
    """Insert a new document's row (``doc_id`` None) or replace a stored one's, with its
    index entry ``(version, data)`` if given; its id."""
    if doc_id is None:
        row["id"] = doc_id = next_id(db, "documents")
        insert_rows(db, "documents", [row])
    else:
        db.execute(
            "update documents set {} where id = ?".format(", ".join(f"[{c}] = ?" for c in row)),
            [*row.values(), doc_id],
        )
    if entry is not None:
        save_entries(db, [(doc_id, row["stored_ns"], *entry)])
    return doc_id


# A claim's StoredText columns, NULL in most claims, are bound as NULL_MARK (bench_scan's
# corpus had 450,000 NULLs). (Claims without those columns, in a statement of their own,
# went in out of id order and left pages half full, 8% more of them; runs of them in
# order cost more calls.)
CLAIM_MARKED = ("cut_start", "cut_end", "cut2_start", "cut2_end", "text")
#: A reference without an outlet end, URL or title (``_insert_references``).
PLAIN_REFERENCE_COLUMNS = tuple(
    c for c in REFERENCE_COLUMNS if c not in ("outlet_end", "url", "title")
)


def _insert_rows(
    db: Database, doc_id: int, rows: ScanRows, first_ids: Sequence[int], lookups: Lookups
) -> dict[str, dict[tuple[Any, ...], int]]:
    """Insert claims, citations (every parenthetical) and references of one document.

    The worker's rows get the document's id and first ids here (not written into the
    SQL: each insert is then one statement, prepared once a run, where ids in the SQL
    made new statements each document, 50,000 instructions each to prepare), and
    references their lookup rows' ids. The columns NULL in most rows are bound without
    a NULL each (``NULL_MARK``, ``_insert_references``).

    Returns:
        The lookup ids the document used, by lookup table.
    """
    claim_id, cit_id, ref_id = first_ids
    claims = _claim_rows(rows.claims, claim_id, doc_id)
    insert_tuples(db, "claims", CLAIM_COLUMNS, claims, marked=CLAIM_MARKED)
    citations = [
        (i + cit_id, doc_id, c + claim_id, p, s, e, raw, kind, is_citation)
        for i, c, p, s, e, raw, kind, is_citation in rows.citations
    ]
    insert_tuples(db, "citations", CITATION_COLUMNS, citations)
    outlets, dates = "reference_outlets", "cited_dates"
    outlet_ids = lookup_ids(db, outlets, slim.OUTLET_COLUMNS, rows.outlets, lookups.known(outlets))
    date_ids = lookup_ids(db, dates, slim.DATE_COLUMNS, rows.dates, lookups.known(dates))
    outlet_refs = [outlet_ids[key] for key in rows.outlets]
    date_refs = [date_ids[key] for key in rows.dates] + [None]  # NO_DATE (-1) is None
    _insert_references(db, rows.references, ref_id, cit_id, outlet_refs, date_refs)
    return {outlets: outlet_ids, dates: date_ids}


def _claim_rows(claims: list[tuple[Any, ...]], claim_id: int, doc_id: int) -> list[tuple]:
    """A document's claims as ``CLAIM_COLUMNS`` tuples, StoredText (``row[5:10]``)
    NULLs as NULL_MARK, given the document's id and its first claim's."""
    m = NULL_MARK
    return [
        # a claim that is its sentence as written has no StoredText at all
        (row[0] + claim_id, doc_id, row[1], row[2], row[3], row[4], m, m, m, m, m, row[10], row[11])
        if row[5] is None and row[9] is None
        else (
            row[0] + claim_id,
            doc_id,
            row[1],
            row[2],
            row[3],
            row[4],
            m if row[5] is None else row[5],
            m if row[6] is None else row[6],
            m if row[7] is None else row[7],
            m if row[8] is None else row[8],
            m if row[9] is None else row[9],
            row[10],
            row[11],
        )
        for row in claims
    ]


def _insert_references(
    db: Database,
    references: list[tuple[Any, ...]],
    ref_id: int,
    cit_id: int,
    outlet_refs: list[int],
    date_refs: list[int | None],
) -> None:
    """Insert a document's ``reference_rows``: ``references`` as ``rows.ScanRows``
    has them, given their first ids and their lookup rows' ids by place.

    Most references have no outlet end, URL or title: runs of them go in without those
    columns, in id order (a NULL_MARK per column cost more: most rows have three).
    """
    for plain, run in groupby(references, key=_plain_reference):
        if plain:
            rows = [(i + ref_id, c + cit_id, p, s, outlet_refs[o], date_refs[d])
                    for i, c, p, s, _, o, d, _, _ in run]  # fmt: skip
            insert_tuples(db, "reference_rows", PLAIN_REFERENCE_COLUMNS, rows)
        else:
            rows = [(i + ref_id, c + cit_id, p, s, e, outlet_refs[o], date_refs[d], u, t)
                    for i, c, p, s, e, o, d, u, t in run]  # fmt: skip
            insert_tuples(db, "reference_rows", REFERENCE_COLUMNS, rows)


def _plain_reference(row: tuple[Any, ...]) -> bool:
    """A ``ScanRows`` reference without an outlet end, URL or title."""
    return row[4] is None and row[7] is None and row[8] is None


def _claim_texts(rows: ScanRows, first_id: int) -> list[tuple[int, str]]:
    """``(claim id, claim text)`` of a document's claims, for the full-text index."""
    text = rows.document["text"]
    return [(row[0] + first_id, claim_text(text, row[3], row[4], row[5:10])) for row in rows.claims]


class Lookups:
    """The ids of lookup rows one run has already read or written, so that most
    documents' references need no lookup query at all.

    Lookup rows are never deleted or changed, and a row equal to a known one can only
    come later, with a higher id: a known id is the one a query would give. Only the
    rows of a document whose savepoint was released are remembered (a rolled back
    document may have made rows that are gone), so the run must commit its
    transactions, as ``commit_batches`` does, and never roll them back. At most
    ``LIMIT`` ids are kept per table, so memory stays flat.
    """

    LIMIT = 50_000

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple[Any, ...], int]] = {}

    def known(self, table: str) -> dict[tuple[Any, ...], int]:
        return self.tables.setdefault(table, {})

    def remember(self, table: str, found: dict[tuple[Any, ...], int]) -> None:
        known = self.known(table)
        if len(known) + len(found) > self.LIMIT:
            known.clear()
        known.update(found)


def lookup_ids(
    db: Database,
    table: str,
    columns: Sequence[str],
    keys: Sequence[tuple[Any, ...]],
    known: dict[tuple[Any, ...], int] | None = None,
) -> dict[tuple[Any, ...], int]:
    """The ids of the lookup rows whose ``columns`` equal each key (NULL equals NULL).

    Keys in ``known`` (``Lookups.known``) are answered from it. The others are looked
    up by their first column (indexed), and the missing ones are inserted: at most
    two or three statements per table and document.
    """
    # every key once, in order, with the id the run knows or None; made in C (a generator
    # feeding ``update`` resumed a frame per key), and most documents know every key
    found: dict[tuple[Any, ...], int | None] = (
        dict(zip(keys, map(known.get, keys))) if known else dict.fromkeys(keys)
    )
    if None not in found.values():
        return found  # type: ignore[return-value]
    wanted = [key for key, known_id in found.items() if known_id is None]
    firsts = [v for v in dict.fromkeys(k[0] for k in wanted) if v is not None]
    for start in range(0, len(firsts), 500):  # stay under SQLite's variable limit
        chunk = firsts[start : start + 500]
        sql = "select id, {} from {} where {} in ({}) order by id".format(
            ", ".join(columns), table, columns[0], ", ".join("?" * len(chunk))
        )
        for row in db.execute(sql, chunk):
            _first_id(found, tuple(row[1:]), row[0])
    if any(k[0] is None for k in wanted):
        sql = f"select id, {', '.join(columns)} from {table} where {columns[0]} is null"
        for row in db.execute(sql + " order by id"):
            _first_id(found, tuple(row[1:]), row[0])
    missing = [k for k in wanted if found[k] is None]
    if missing:
        first = next_id(db, table)
        rows = [(first + i, *key) for i, key in enumerate(missing)]
        insert_tuples(db, table, ("id", *columns), rows)
        found.update((key, first + i) for i, key in enumerate(missing))
    return found  # type: ignore[return-value]


def _first_id(found: dict[tuple[Any, ...], int | None], key: tuple[Any, ...], row_id: int) -> None:
    """Give ``key`` the id ``row_id`` unless it has one (rows come in id order)."""
    if found.get(key) is None:
        found[key] = row_id


def insert_references(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    """Insert references given with the columns of the ``references`` view, in one transaction.

    For tools and tests that build a database by hand (the scan writes its rows
    directly): the view's INSTEAD OF trigger writes ``reference_rows`` and the lookup
    rows, and a reference takes its document and claim from its citation.
    """
    with db.atomic():
        for row in rows:
            columns = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" * len(row))
            db.execute(f'insert into "references" ({columns}) values ({marks})', list(row.values()))
