"""Writing a document's scan: its row, its claims, citations and references, and the
lookup rows they share, in one transaction (the scan's hot path)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from ..models import CitedDate, Claim, ParenKind, Reference, Resolution, ScanResult
from . import slim
from .claimtext import index_claims, stored_text
from .database import insert_rows, insert_tuples, next_id
from .documents import _document_row, _unique_slug, delete_document_rows, document_state

# Column orders of the tuples _insert_claims builds (the scan's hot path).
# Column orders of the tuples _insert_claims builds (the scan's hot path).
CLAIM_COLUMNS = (
    "id",
    "document_id",
    "paragraph",
    "sentence",
    "start",
    "end",
    "cut_start",
    "cut_end",
    "cut2_start",
    "cut2_end",
    "text",
    "n_citations",
    "n_references",
)
CITATION_COLUMNS = (
    "id",
    "document_id",
    "claim_id",
    "position",
    "start",
    "end",
    "raw",
    "kind",
    "is_citation",
)
REFERENCE_COLUMNS = (
    "id",
    "citation_id",
    "position",
    "outlet_start",
    "outlet_end",
    "outlet_ref",
    "date_ref",
    "url",
    "title",
)


def save_scan(
    db: Database,
    result: ScanResult,
    slug: str,
    scanner: str,
    *,
    index: bool = True,
    root: str | None = None,
) -> int:
    """Store one document's scan in a single transaction, replacing any earlier scan.

    Args:
        db: the database (migrated).
        result: the scan of one document; ``result.resolutions`` is keyed by
            ``resolution_key(reference)``.
        slug: the preferred report slug (made unique here).
        scanner: version tag of the scanner and registry, to rescan after upgrades.
        index: add the claims to the full-text index now; a caller that saves many
            documents in one transaction passes False and calls ``index_claims`` once
            for all of them before committing.
        root: the absolute project folder the document's path is relative to
            (None for an absolute path).

    Returns:
        The document id.
    """
    doc = result.document
    with db.atomic():
        state = document_state(db, doc.path)
        if state is not None:
            delete_document_rows(db, state["id"])
        row = _document_row(doc, _unique_slug(db, slug, doc.path), scanner)
        row["problems"] = json.dumps(result.problems)
        row["root"], row["stored_ns"] = root, time.time_ns()  # reports older than this are stale
        first_ids = [next_id(db, table) for table in slim.RANGE_COLUMNS]
        row.update(_range_columns(result, first_ids))
        doc_id = _write_document(db, row, None if state is None else state["id"])
        _insert_claims(db, doc_id, result, first_ids)
        if index:
            index_claims(db, [doc_id])
    result.id = doc_id
    return doc_id


def _write_document(db: Database, row: dict[str, Any], doc_id: int | None) -> int:
    """Insert a new document's row (``doc_id`` None) or replace a stored one's; its id."""
    if doc_id is None:
        row["id"] = doc_id = next_id(db, "documents")
        insert_rows(db, "documents", [row])
    else:
        db.execute(
            "update documents set {} where id = ?".format(", ".join(f"[{c}] = ?" for c in row)),
            [*row.values(), doc_id],
        )
    return doc_id


def _range_columns(result: ScanResult, first_ids: Sequence[int]) -> dict[str, int]:
    """The ``documents`` range columns of a scan whose rows get ids from ``first_ids`` on."""
    parens = [p for claim in result.claims for p in claim.parentheticals]
    counts = (len(result.claims), len(parens), sum(len(p.references) for p in parens))
    row = {}
    for (first, last), start, count in zip(slim.RANGE_COLUMNS.values(), first_ids, counts):
        row[first], row[last] = start, start + count - 1  # empty: last = first - 1
    return row


def _insert_claims(db: Database, doc_id: int, result: ScanResult, first_ids: Sequence[int]) -> None:
    """Insert claims, citations (every parenthetical) and references of one document."""
    rows = _ScanRows(doc_id, result, first_ids, *_lookup_memos(db, result))
    for claim in result.claims:
        rows.add_claim(claim)
    insert_tuples(db, "claims", CLAIM_COLUMNS, rows.claims)
    insert_tuples(db, "citations", CITATION_COLUMNS, rows.citations)
    insert_tuples(db, "reference_rows", REFERENCE_COLUMNS, rows.references)


class _ScanRows:
    """A document's claim, citation and reference rows, as tuples in column order.

    ``add_claim`` runs once per claim and its inner loop once per reference, so it
    avoids dicts, properties and repeated lookups; the lookup ids of a Resolution or a
    CitedDate were found once per distinct object (``_lookup_memos``). A citation's raw
    text is stored only when the document text does not give it, and a reference's
    ``outlet_end`` only when the outlet as written does not.
    """

    def __init__(
        self,
        doc_id: int,
        result: ScanResult,
        first_ids: Sequence[int],
        outlet_refs: dict[tuple[Any, ...], int],
        date_refs: dict[tuple[int, bool], int],
    ) -> None:
        self.doc_id, self.text = doc_id, result.document.text
        self.get_resolution = result.resolutions.get
        self.outlet_refs, self.date_refs = outlet_refs, date_refs
        self.claim_id, self.cit_id, self.ref_id = first_ids
        self.claims: list[tuple[Any, ...]] = []
        self.citations: list[tuple[Any, ...]] = []
        self.references: list[tuple[Any, ...]] = []

    def add_claim(self, claim: Claim) -> None:
        """Add a claim's row and those of its parentheticals and their references."""
        n_citations = n_references = 0
        text, citation = self.text, ParenKind.CITATION
        for position, paren in enumerate(claim.parentheticals):
            is_citation = paren.kind is citation
            start, end, raw = paren.start, paren.end, paren.raw
            self.citations.append(
                (
                    self.cit_id,
                    self.doc_id,
                    self.claim_id,
                    position,
                    start,
                    end,
                    None if text[start:end] == raw else raw,
                    paren.kind.value,
                    int(is_citation),
                )
            )
            if is_citation:
                n_citations += 1
                n_references += len(paren.references)
            self._add_references(paren.references)
            self.cit_id += 1
        self.claims.append(
            (self.claim_id, self.doc_id, claim.paragraph, claim.sentence, claim.start, claim.end)
            + stored_text(text, claim)
            + (n_citations, n_references)
        )
        self.claim_id += 1

    def _add_references(self, references: Sequence[Reference]) -> None:
        get_resolution, outlet_refs, date_refs = (
            self.get_resolution,
            self.outlet_refs,
            self.date_refs,
        )
        rows, cit_id = self.references, self.cit_id
        for position, ref in enumerate(references):
            res = get_resolution(ref.resolution_key)
            start, end, outlet = ref.outlet_start, ref.outlet_end, ref.outlet
            rows.append(
                (
                    self.ref_id,
                    cit_id,
                    position,
                    start,
                    None if end == start + len(outlet) and "\0" not in outlet else end,
                    outlet_refs[outlet, id(res), ref.prefix, ref.source_kind],
                    date_refs.get((id(ref.date), ref.accessed)),
                    ref.url,
                    ref.title,
                )
            )
            self.ref_id += 1


def _lookup_memos(
    db: Database, result: ScanResult
) -> tuple[dict[tuple[Any, ...], int], dict[tuple[int, bool], int]]:
    """The lookup ids of a document's references, made when missing.

    Returns:
        ``(outlet as written, id(Resolution or None), prefix, source_kind)`` ->
        ``reference_outlets.id``, and ``(id(CitedDate or None), accessed)`` ->
        ``cited_dates.id`` (no entry: the reference has no date row).
    """
    get_resolution = result.resolutions.get
    outlet_keys: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    date_keys: dict[tuple[int, bool], tuple[Any, ...]] = {}
    for claim in result.claims:
        for paren in claim.parentheticals:
            for ref in paren.references:
                res = get_resolution(ref.resolution_key)
                key = (ref.outlet, id(res), ref.prefix, ref.source_kind)
                if key not in outlet_keys:
                    part = _resolution_part(res)
                    outlet_keys[key] = (ref.outlet, *part, ref.prefix, ref.source_kind)
                date_key = (id(ref.date), ref.accessed)
                if date_key not in date_keys and (ref.date is not None or ref.accessed):
                    date_keys[date_key] = (*_date_part(ref.date), int(ref.accessed))
    outlet_ids = lookup_ids(db, "reference_outlets", slim.OUTLET_COLUMNS, outlet_keys.values())
    date_ids = lookup_ids(db, "cited_dates", slim.DATE_COLUMNS, date_keys.values())
    return (
        {k: outlet_ids[key] for k, key in outlet_keys.items()},
        {k: date_ids[key] for k, key in date_keys.items()},
    )


def lookup_ids(
    db: Database, table: str, columns: Sequence[str], keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """The ids of the lookup rows whose ``columns`` equal each key (NULL equals NULL).

    Rows are looked up by their first column (indexed), and the missing ones are
    inserted: one or two statements per table and document.
    """
    wanted = list(dict.fromkeys(keys))
    firsts = [v for v in dict.fromkeys(k[0] for k in wanted) if v is not None]
    found: dict[tuple[Any, ...], int] = {}
    for start in range(0, len(firsts), 500):  # stay under SQLite's variable limit
        chunk = firsts[start : start + 500]
        sql = "select id, {} from {} where {} in ({}) order by id".format(
            ", ".join(columns), table, columns[0], ", ".join("?" * len(chunk))
        )
        for row in db.execute(sql, chunk):
            found.setdefault(tuple(row[1:]), row[0])
    if any(k[0] is None for k in wanted):
        sql = f"select id, {', '.join(columns)} from {table} where {columns[0]} is null"
        for row in db.execute(sql + " order by id"):
            found.setdefault(tuple(row[1:]), row[0])
    missing = [k for k in wanted if k not in found]
    if missing:
        first = next_id(db, table)
        rows = [(first + i, *key) for i, key in enumerate(missing)]
        insert_tuples(db, table, ("id", *columns), rows)
        found.update((key, first + i) for i, key in enumerate(missing))
    return found


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


def _resolution_part(res: Resolution | None) -> tuple[Any, ...]:
    """(outlet_id, domain, resolution, self_citation) of a ``reference_outlets`` row."""
    if res is None:
        return None, None, "unknown", 0
    return (
        res.outlet.id if res.outlet else None,
        res.domain,
        res.method,
        int(bool(res.self_citation)),
    )


def _date_part(date: CitedDate | None) -> tuple[Any, ...]:
    """A ``cited_dates`` row but ``accessed``: (text, date, year, month, day, year_inferred,
    anomaly)."""
    if date is None:
        return None, None, None, None, None, 0, None
    return (
        date.text,
        date.iso,
        date.year,
        date.month,
        date.day,
        int(bool(date.year_inferred)),
        date.anomaly,
    )
