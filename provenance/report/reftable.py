"""A claim's reference table in a document report: one row per reference."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..models import Category, CitedDate, Reference, ReferenceCheck, Resolution
from . import checks as checkreport
from .findings import category_of
from .markdown import EMPTY, escape_md, md_link, table

__all__ = ["INFERRED_MARK", "REFERENCE_HEADERS", "RefRow", "reference_table"]

INFERRED_MARK = "†"  # after a cited date whose year the citation does not give


class RefRow(NamedTuple):
    """What one row of a claim's reference table is built from."""

    index: int
    reference: Reference
    resolution: Resolution
    check: ReferenceCheck | None = None


def _canonical_cell(res: Resolution) -> str:
    cell = escape_md(res.outlet.name) if res.outlet is not None else "**unknown outlet**"
    return cell + (" **(self-citation)**" if res.self_citation else "")


def _domain_cell(res: Resolution, date: CitedDate | None) -> str:
    domain = res.domain
    if domain is None and res.outlet is not None:
        domain = res.outlet.domain_on(date.as_date() if date else None)
    return escape_md(domain) or EMPTY


def _date_cell(ref: Reference) -> str:
    date = ref.date
    if date is None:
        return EMPTY
    iso = date.iso
    cell = iso or f"{escape_md(date.text)} (year unknown)"
    if ref.accessed:
        cell += " (accessed)"
    if date.year_inferred and iso:
        cell += " " + INFERRED_MARK
    if date.anomaly:
        cell += f" **⚠ {escape_md(date.anomaly)}**"
    return cell


REFERENCE_HEADERS = (
    "#",
    "Outlet as written",
    "Canonical outlet",
    "Domain",
    "Date",
    "Category",
    "See",
    "URL",
)
CHECK_HEADER = "Archive check"
_CATEGORY_VALUES = {category: category.value for category in Category}
_BLANK = frozenset(("", EMPTY))


def _reference_cells(row: RefRow, with_checks: bool) -> list[str]:
    """One row of a reference table: a cell per ``REFERENCE_HEADERS`` (and the check)."""
    ref, res = row.reference, row.resolution
    cells = [
        str(row.index),
        escape_md(ref.outlet),
        _canonical_cell(res),
        _domain_cell(res, ref.date),
        _date_cell(ref),
        _CATEGORY_VALUES[category_of(res)],
        escape_md(ref.prefix),
        md_link(ref.url, in_table=True) if ref.url else "",
    ]
    if with_checks:
        cells.append(checkreport.check_cell(row.check))
    return cells


def reference_table(rows: Sequence[RefRow], with_checks: bool = False) -> list[str]:
    """A claim's references as a table, one row per reference.

    Args:
        rows: The rows, in citation order.
        with_checks: Add the archive-check column.

    Returns:
        The table's lines.
    """
    headers = REFERENCE_HEADERS + ((CHECK_HEADER,) if with_checks else ())
    cells = [_reference_cells(row, with_checks) for row in rows]
    # A column with nothing in any row says nothing: leave it out.
    keep = [i for i, column in enumerate(zip(*cells)) if not _BLANK.issuperset(column)]
    if len(keep) < len(headers):
        headers = tuple(headers[i] for i in keep)
        cells = [[row[i] for i in keep] for row in cells]
    return table(headers, cells, "r")
