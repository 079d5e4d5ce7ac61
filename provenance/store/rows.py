"""A document's scan as the rows the store writes: plain tuples, built without a database.

A scan worker builds them (``scan_rows``) and sends them to the process that writes the
database, which only adds the ids (``saving.save_rows``). Tuples of numbers and strings
pickle several times faster than the scan's dataclasses, and the writing process, the
narrow part of a scan, no longer walks claims, parentheticals and references.

Ids in the tuples are relative: the document's first claim, citation and reference are
0, and a reference names its outlet and date rows by their place in ``outlets`` and
``dates``. ``save_rows`` turns them into the database's ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import CitedDate, Claim, ParenKind, Parenthetical, Reference, Resolution, ScanResult
from .claimtext import stored_text
from .documents import _document_row

# Column orders of the scan tables' tuples as stored (``id`` first).
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
NO_DATE = -1  # a reference's date place when it has no ``cited_dates`` row


@dataclass
class ScanRows:
    """One document's rows, ids relative to the document (see the module's docstring).

    ``claims`` are ``CLAIM_COLUMNS`` without ``document_id``; ``citations`` are
    ``CITATION_COLUMNS`` without ``document_id``; ``references`` are
    ``REFERENCE_COLUMNS`` with the places of ``outlets`` and ``dates`` (or ``NO_DATE``)
    in ``outlet_ref`` and ``date_ref``. ``counts`` are the claims, citations and
    references the scan found (for the run's summary).
    """

    document: dict[str, Any]
    problems: list[str]
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    citations: list[tuple[Any, ...]] = field(default_factory=list)
    references: list[tuple[Any, ...]] = field(default_factory=list)
    outlets: list[tuple[Any, ...]] = field(default_factory=list)
    dates: list[tuple[Any, ...]] = field(default_factory=list)
    counts: tuple[int, int, int] = (0, 0, 0)

    @property
    def path(self) -> str:
        return self.document["path"]


def scan_rows(result: ScanResult) -> ScanRows:
    """The rows of a document's scan (pure: runs in a scan worker)."""
    doc = result.document
    parens = result.parentheticals
    rows = ScanRows(
        _document_row(doc, "", ""),  # slug and scanner are the writer's
        list(result.problems),
        # list comprehensions and list.count: no generator or property frame per paren
        counts=(
            len(result.claims),
            [p.kind for p in parens].count(ParenKind.CITATION),  # ``is_citation``
            sum([len(p.references) for p in parens]),
        ),
    )
    rows.document["problems"] = json.dumps(result.problems)
    builder = _Builder(rows, result)
    for claim in result.claims:
        builder.add_claim(claim)
    return rows


class _Builder:
    """Appends a document's claim, citation and reference tuples to a ScanRows.

    ``add_claim`` runs once per claim and its inner loop once per reference, so it
    avoids dicts, properties and repeated lookups; the lookup row of a Resolution or a
    CitedDate is made once per distinct object. A citation's raw text is kept only when
    the document text does not give it, and a reference's ``outlet_end`` only when the
    outlet as written does not.
    """

    def __init__(self, rows: ScanRows, result: ScanResult) -> None:
        self.rows, self.text = rows, result.document.text
        self.get_resolution = result.resolutions.get
        self.outlet_places: dict[tuple[Any, ...], int] = {}
        # the date rows made, by id of the CitedDate: as published, and as accessed
        self.date_places: tuple[dict[int, int], dict[int, int]] = ({}, {})
        self.claim_id = self.cit_id = self.ref_id = 0

    def add_claim(self, claim: Claim) -> None:
        """Add a claim's row and those of its parentheticals and their references."""
        n_citations = n_references = 0
        if claim.parentheticals:  # four claims in ten have none
            n_citations, n_references = self._add_parentheticals(claim.parentheticals)
        self.rows.claims.append(
            (self.claim_id, claim.paragraph, claim.sentence, claim.start, claim.end)
            + stored_text(self.text, claim)
            + (n_citations, n_references)
        )
        self.claim_id += 1

    def _add_parentheticals(self, parens: Sequence[Parenthetical]) -> tuple[int, int]:
        """Add the rows of a claim's parentheticals; returns its citations and references."""
        n_citations = n_references = 0
        text, citation, append = self.text, ParenKind.CITATION, self.rows.citations.append
        first_id, claim_id = self.cit_id, self.claim_id
        for cit_id, paren in enumerate(parens, first_id):  # ids and positions: one count
            kind, start, end, raw = paren.kind, paren.start, paren.end, paren.raw
            is_citation = kind is citation
            # ``kind._value_``: what ``.value`` returns, without enum's property
            append((cit_id, claim_id, cit_id - first_id, start, end,
                    None if text[start:end] == raw else raw,
                    kind._value_, int(is_citation)))  # fmt: skip
            references = paren.references
            if is_citation:
                n_citations += 1
                n_references += len(references)
            if references:  # most parentheticals (acronyms, asides) have none
                self._add_references(references, cit_id)
        self.cit_id = first_id + len(parens)
        return n_citations, n_references

    def _add_references(self, references: Sequence[Reference], cit_id: int) -> None:
        """Add the rows of a parenthetical's references (its citation's id ``cit_id``).

        A third of the references name an outlet row not made yet and half a date row
        not made yet: those rows are built here, not in a function call each.
        """
        get_resolution, outlet_places, date_places = (
            self.get_resolution,
            self.outlet_places,
            self.date_places,
        )
        rows, first_id = self.rows.references, self.ref_id
        outlets, dates = self.rows.outlets, self.rows.dates
        # ids and positions from one count: the reference's id is its position past the
        # first; and its fields read where they are used (no tuple packed and unpacked)
        for ref_id, ref in enumerate(references, first_id):
            res = get_resolution(ref.resolution_key)
            outlet = ref.outlet
            outlet_key = (outlet, id(res), ref.prefix, ref.source_kind)
            outlet_place = outlet_places.get(outlet_key)
            if outlet_place is None:
                outlet_place = outlet_places[outlet_key] = len(outlets)
                outlets.append((outlet, *_resolution_part(res), ref.prefix, ref.source_kind))
            date, accessed = ref.date, ref.accessed
            places = date_places[1] if accessed else date_places[0]  # no key tuple to hash
            date_place = places.get(id(date))
            if date_place is None:
                date_place = places[id(date)] = _date_row(dates, date, accessed)
            start, end = ref.outlet_start, ref.outlet_end
            rows.append(
                (ref_id, cit_id, ref_id - first_id, start,
                 None if end == start + len(outlet) and "\0" not in outlet else end,
                 outlet_place, date_place, ref.url, ref.title)
            )  # fmt: skip
        self.ref_id = first_id + len(references)


def _date_row(dates: list[tuple[Any, ...]], date: CitedDate | None, accessed: bool) -> int:
    """Append the ``cited_dates`` row of a date as cited; its place (NO_DATE: none)."""
    if date is None:
        if not accessed:
            return NO_DATE
        dates.append((None, None, None, None, None, 0, None, int(accessed)))
    else:
        dates.append(
            (date.text, date.iso, date.year, date.month, date.day, int(bool(date.year_inferred)),
             date.anomaly, int(accessed))
        )  # fmt: skip
    return len(dates) - 1


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
