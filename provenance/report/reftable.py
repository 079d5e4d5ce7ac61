"""A claim's reference table in a document report: one row per reference."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress
from operator import not_
from typing import NamedTuple

from ..models import CitedDate, Parenthetical, Reference, ReferenceCheck, Resolution
from ..scan.accounts import PLATFORM_WORDS
from ..scan.unread import LOST_NAME_RE
from ..scan.urldates import is_url_date
from . import checks as checkreport
from .cited import GENERIC, is_generic
from .findings import CATEGORY_VALUES, category_of
from .markdown import EMPTY, escape_md, md_link, table

__all__ = [
    "INFERRED_MARK",
    "REFERENCE_HEADERS",
    "SIGNAL_NOTE",
    "UPSTREAM_NOTE",
    "RefRow",
    "cited_as",
    "cited_as_each",
    "written_as",
    "reference_table",
]

INFERRED_MARK = "†"  # after a cited date whose year the citation does not give
NO_OUTLET = "*none named*"  # the canonical outlet of a generic source or an interview
SIGNAL_NOTE = (
    "*Signal*: the word a citation puts before its source: *see* (the source supports the "
    "claim indirectly), *see also* (it adds support), *cf.* (by analogy), *e.g.* (one "
    "example of several)."
)

UPSTREAM_NOTE = (
    "*Cited as*: a citation that names its source's own source, or where it was read "
    "(*via*, *citing*, *quoting*…), is shown as written under its claim: the table lists "
    "the source cited, and the claim rests on the one it names too."
)
# Where a citation says its source's source: after a comma or inside a bracket, not as
# the lead-in of its group ("(according to Interfax, May 3)" cites Interfax itself). It
# is searched in the lower-cased citation, without IGNORECASE: so the search skips to the
# next comma or bracket in C, some 25 times cheaper than trying every place.
UPSTREAM_RE = re.compile(
    r"[,\[(]\s*(?:as\s+)?(?:via|citing|quoting|(?:cited|quoted|reported)\s+(?:by|in)"
    r"|according\s+to|translated\s+by|translation\s+by|(?:reprinted|republished)\s+from"
    r"|originally\s+(?:in|from|published\s+(?:in|by)))\s+\w"
    r"|\[\s*(?:from|through)\s+\w"  # "[from Reuters]"; "(RBC, from March 18)" is a date
)

# The same inside an item: "(Reuters via Asia-Plus, …)", "(Interfax citing the Defense
# Ministry, …)". "Kommersant via Telegram" names its channel, not a source's source.
INLINE_UPSTREAM_RE = re.compile(  # opens with a space: the search skips from space to space
    r" (?:as )?(?:via|citing|quoting|(?:cited|quoted|reported) (?:by|in))"
    rf" (?!(?:{'|'.join(sorted(PLATFORM_WORDS))})\b)\w"
)


def cited_as(citations: Sequence[Parenthetical]) -> str | None:
    """A claim's citations as written, when one names its source's own source (the
    ``UPSTREAM_NOTE``), and the endnotes its markers point to; None when the reference
    table says all they do."""
    inline = [p for p in citations if not p.from_endnote]
    upstream = any(_names_upstream(p.raw.lower()) for p in inline)
    return "\n\n".join(written_as(citations, inline=upstream)) or None


def _names_upstream(raw: str) -> bool:
    """Whether a lower-cased citation names its source's own source, or where it was read."""
    return UPSTREAM_RE.search(raw, 1) is not None or INLINE_UPSTREAM_RE.search(raw) is not None


def written_as(citations: Sequence[Parenthetical], inline: bool = True) -> list[str]:
    """The lines that show ``citations`` as written: "Cited as: …" for those in the text
    (unless not ``inline``), and "Endnote [1]: …" for each note a marker points to."""
    lines = []
    written = [p for p in citations if not p.from_endnote]
    if inline and written:
        lines.append("Cited as: " + "; ".join(escape_md(p.raw) for p in written))
    notes = [note for p in citations if p.from_endnote for note in p.raw.split("\n")]
    if len(notes) == 1:
        lines.append(_endnote(notes[0]))
    elif notes:
        lines.append("\n".join(f"- {_endnote(note)}" for note in notes))
    return lines


def _endnote(note: str) -> str:
    """ "[1] Xinhua, March 3" as "Endnote [1]: Xinhua, March 3", escaped."""
    label, _, text = note.partition("] ")
    return f"Endnote {escape_md(label + ']')}: {escape_md(text)}"


#: A word each of UPSTREAM_RE's forms holds (lower-cased).
UPSTREAM_WORDS = (
    "via",
    "cit",
    "quot",
    "report",
    "accord",
    "transl",
    "reprint",
    "republish",
    "original",
    "from",
    "through",
)


def cited_as_each(claims: Sequence[Sequence[Parenthetical]]) -> list[str | None]:
    """:func:`cited_as` of each claim's citations. Nearly no document has such a
    citation, and the search cost 2 µs a citation, as much as 4% of a report's rendering
    (it tries every comma): a document whose citations hold none of its words, looked for
    in all of them at once in C, is not searched at all."""
    every = "\n".join([p.raw for citations in claims for p in citations]).lower()
    if every[:1] != "[" and "\n[" not in every and not any(w in every for w in UPSTREAM_WORDS):
        return [None] * len(claims)  # an endnote's raw opens with "[", no other's does
    return [cited_as(citations) for citations in claims]


class RefRow(NamedTuple):
    """What one row of a claim's reference table is built from. A plain tuple of the
    same four fields will do: a report has a row per reference, and a NamedTuple's
    constructor is a Python call where ``zip`` makes the tuples in C."""

    index: int
    reference: Reference
    resolution: Resolution
    check: ReferenceCheck | None = None


Row = tuple[int, Reference, Resolution, ReferenceCheck | None]


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
    elif ref.url is not None and is_url_date(date.text, ref.url):
        cell += " (in its URL)"  # a link-only citation, dated by the day its path gives
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
    "Signal",  # "see", "cf.": explained by SIGNAL_NOTE under the claims' heading
    "URL",
)
CHECK_HEADER = "Archive check"
_BLANK = frozenset(("", EMPTY))


def _reference_cells(row: Row, with_checks: bool) -> list[str]:
    """One row of a reference table: a cell per ``REFERENCE_HEADERS`` (and the check)."""
    index, ref, res, check = row
    outlet = res.outlet
    category = CATEGORY_VALUES[category_of(res)]
    if outlet is not None:
        canonical = escape_md(outlet.name)
    elif is_generic(res):  # "local media" names no outlet to look up
        canonical, category = NO_OUTLET, GENERIC
    else:
        canonical = "**unknown outlet**"
    cells = [
        str(index),
        escape_md(ref.outlet),
        canonical + " **(self-citation)**" if res.self_citation else canonical,
        _domain_cell(res, ref.date),
        _date_cell(ref),
        category,
        escape_md(ref.prefix) if ref.prefix else "",  # most have none: no call for them
        md_link(ref.url, in_table=True) if ref.url else "",
    ]
    if with_checks:
        cells.append(checkreport.check_cell(check))
    return cells


def reference_table(rows: Sequence[Row], with_checks: bool = False) -> list[str]:
    """A claim's references as a table, one row per reference.

    Args:
        rows: The rows (:class:`RefRow` or plain tuples of its fields), in citation order.
        with_checks: Add the archive-check column.

    Returns:
        The table's lines.
    """
    headers = REFERENCE_HEADERS + ((CHECK_HEADER,) if with_checks else ())
    cells = [_reference_cells(row, with_checks) for row in rows]
    # A column with nothing in any row says nothing: leave it out. Most tables lose the
    # "Signal" and "URL" columns; the columns are judged and picked, and the kept ones zipped
    # back into rows, in C (map and compress: no comprehension and no loop in Python).
    columns = list(zip(*cells))
    keep = list(map(not_, map(_BLANK.issuperset, columns)))
    if sum(keep) < len(headers):  # as many kept as headers (none for no rows)
        headers = tuple(compress(headers, keep))
        cells = list(zip(*compress(columns, keep)))
    return table(headers, cells, "r")


def no_outlet(citations: Sequence[Parenthetical]) -> str:
    """Why a cited claim shows no reference: "(, April 8)" lost its source's name."""
    if all(c.raw[:1] == "(" and LOST_NAME_RE.match(c.raw[1:].lstrip()) for c in citations):
        return "No source is named: its name was probably a link, lost when the text was copied."
    return "No outlet could be read from the citation."
