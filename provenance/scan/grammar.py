"""The citation grammar: read a parenthetical's ';' groups and ',' items into references.

The grammar of a citation parenthetical, as EDM writes it::

    citation := group (";" group)*
    group    := [prefix] item ("," item)*          prefix: see / see also / cf. / e.g.
    item     := outlet | date list                 outlet: name, domain, URL, [name](url)

Within a group, outlets collect until dates follow; every outlet of the set gets
every date ("Knews.kg, News.tj, August 11" → two references). A group that starts
with dates continues the outlets of the previous group ("Interfax, March 3, 2014;
June 9, 2016"). Date lists are read by ``provenance.dates``.

A trailing bracketed note on an item ("October 20, 2016 [in Russian]", "Interfax
[via BBC Monitoring]") is dropped before the item is read; a bracket qualifier that
is not a note stays part of the outlet ("Asia-Plus [Dushanbe]"). Outlets joined by
"and"/"&" are split when every part is a domain or a short capitalised name
("Kommersant and Vedomosti"), not inside longer names ("Institute for War and
Peace Reporting").

Conservatism: an outlet counts only with a date, or when it is a domain or URL,
or a "see EDM"-style cross reference. A capitalised dateless name counts only in
a parenthetical that already has such a reference ("(Kommersant; Vedomosti,
October 3)"). Items that read like prose (lowercase words) void their group.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
from collections.abc import Sequence
from typing import NamedTuple

from ..models import Link, Reference
from . import dates
from .dates import DateSpec
from .datetokens import DateToken
from .outletnames import OutletItem, read_outlets, trim
from .regexes import (
    BRACKET_NOTE_RE,
    CROSSREF_RE,
    MAYBE_CITATION_RE,
    NOTE_SEP_RE,
    PREFIX_RE,
    SPLIT_RE,
)

LOGGER = logging.getLogger(__name__)

#: Size of the memo of read groups (parsing is pure; groups recur across a corpus).
CACHE_SIZE = 8192


class LinkIndex:
    """Links sorted by start, for finding the link that overlaps an outlet."""

    def __init__(self, links: Sequence[Link] = ()):
        """Index ``links`` (any order)."""
        self.links = sorted(links, key=lambda link: (link.start, link.end))
        self.starts = [link.start for link in self.links]

    def url_for(self, start: int, end: int) -> str | None:
        """The URL of a link overlapping ``[start, end)``, or None."""
        i = bisect.bisect_left(self.starts, end)
        for link in reversed(self.links[max(0, i - 4) : i]):
            if link.end > start:
                return link.url
        return None


# ---------------------------------------------------------------- citations


class _Group(NamedTuple):
    """A ';' group as read, before pairing: offsets are relative to the group text."""

    prefix: str | None
    segments: tuple[tuple[str, tuple], ...]  # ("o", outlets) and ("d", dated entries), in order


#: A reference before it is placed in the document: the fields of ``Reference``
#: (outlet, start, end, date, prefix, accessed, url) with offsets relative to the
#: parsed string and the date as a ``dates.DateSpec`` (no publication date applied).
#: A plain tuple, so that each (frozen, slow to build) Reference is built once, at its
#: document offsets and dated for its document, even when the parse came from the memo.
Proto = tuple[str, int, int, DateSpec | None, str | None, bool, str | None]

# Outlets a group passes on (with the offset of their group), and its prefix.
_Carry = tuple[tuple[tuple[OutletItem, ...], int] | None, str | None]


def parse_citation(
    inner: str,
    offset: int = 0,
    published: dt.date | None = None,
    links: Sequence[Link] | LinkIndex = (),
) -> tuple[Reference, ...] | None:
    """Parse the inside of a parenthetical as a citation.

    Args:
        inner: the text between the brackets.
        offset: where ``inner`` starts in the document text (reference offsets add it).
        published: the document's publication date, for year inference.
        links: the document's links (or a LinkIndex); an outlet overlapping one gets its URL.

    Returns:
        The references in text order, or None when ``inner`` is not a citation.
    """
    protos = read_citation(inner)
    if protos is None:
        return None
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    return place(protos, offset, index, published)


def read_citation(inner: str) -> tuple[Proto, ...] | None:
    """Parse the inside of a parenthetical as a citation, offsets relative to ``inner``.

    The reading does not depend on the document's publication date: dates stay
    ``DateSpec``s until ``place`` applies it, so the result can be memoised on the
    text alone.

    Args:
        inner: the text between the brackets.

    Returns:
        The references as ``Proto`` tuples in text order (no link URLs applied),
        or None when ``inner`` is not a citation.
    """
    if not MAYBE_CITATION_RE.search(inner):
        return None
    found: list[Proto] = []
    strong = [False]  # whether some reference makes this a citation
    previous: _Carry = (None, None)
    for a, b in _split(inner, 0, len(inner), ";"):
        previous = _parse_group(inner, a, b, previous, found, strong)
    return tuple(found) if strong[0] else None


def place(
    protos: Sequence[Proto], offset: int, index: LinkIndex, published: dt.date | None = None
) -> tuple[Reference, ...]:
    """Build the References of ``protos`` at document offsets, dated for the document.

    Args:
        protos: from ``read_citation``, offsets relative to the parsed string.
        offset: where that string starts in the document text.
        index: the document's links; an outlet overlapping one gets its URL.
        published: the document's publication date: missing years are inferred from
            it and dates after it are flagged.

    Returns:
        One Reference per proto, in order.
    """
    when = dates.dated
    if not index.links:
        return tuple(
            Reference(
                outlet,
                start + offset,
                end + offset,
                None if spec is None else when(spec, published),
                prefix,
                accessed,
                url,
            )
            for outlet, start, end, spec, prefix, accessed, url in protos
        )
    url_for = index.url_for
    return tuple(
        Reference(
            outlet,
            start + offset,
            end + offset,
            None if spec is None else when(spec, published),
            prefix,
            accessed,
            url_for(start + offset, end + offset) or url,
        )
        for outlet, start, end, spec, prefix, accessed, url in protos
    )


def _parse_group(
    inner: str,
    a: int,
    b: int,
    previous: _Carry,
    found: list[Proto],
    strong: list[bool],
) -> _Carry:
    """Pair one ';' group's outlets and dates into ``found``; set ``strong[0]`` if it cites.

    Returns:
        The outlets (and their prefix) that a following date-only group continues:
        ``previous`` when this group has no outlets or is not a citation group.
    """
    a, b = trim(inner, a, b)
    group = _read_group(inner[a:b]) if a < b else None
    if group is None:
        return previous
    current, pending = previous[0], None
    prefix = group.prefix
    if group.segments and group.segments[0][0] == "d" and prefix is None:
        prefix = previous[1]  # "(see EDM, October 14; November 2)": still "see"
    for i, (kind, items) in enumerate(group.segments):
        # 1. outlets: they wait for the dates that follow (offsets: add the group's start)
        if kind == "o":
            current = pending = (items, a)
        # 2. dates right after outlets, or opening the group (continuing ``previous``)
        elif pending is not None or i == 0:
            if current is not None:
                outlets, at = current
                found.extend(
                    (o.text, o.start + at, o.end + at, entry.date, prefix, entry.accessed, o.url)
                    for o in outlets
                    for entry in items
                )
                strong[0] = strong[0] or bool(outlets and items)
            pending = None
    # 3. outlets that no date followed
    if pending is not None:
        outlets, at = pending
        for o in outlets:
            if o.kind != "name" or (prefix is not None and CROSSREF_RE.fullmatch(o.text)):
                strong[0] = True
            found.append((o.text, o.start + at, o.end + at, None, prefix, False, o.url))
    return current, prefix


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read_group(group: str) -> _Group | None:
    """Read a trimmed ';' group into its prefix and its outlet and date segments.

    Memoised: groups such as "News.tj, October 20" recur far more than whole citations.

    Returns:
        The group, or None when an item reads like prose or a date list is broken.
    """
    a, b = 0, len(group)
    if group[-1] == "." and group[-2:-1].isdigit():
        b -= 1  # "(News.tj, October 20, 24.)"
    prefix = None
    if group[0] in "sScCeEfF":
        m = PREFIX_RE.match(group, 0, b)
        if m:
            prefix, a = _normalise_prefix(m.group("prefix")), m.end()
    segments = _read_items(group, a, b)
    return None if segments is None else _Group(prefix, segments)


def _read_items(group: str, a: int, b: int) -> tuple[tuple[str, tuple], ...] | None:
    """Read ``group[a:b]`` item by item into outlet and date segments (None: not a citation)."""
    segments: list[tuple[str, list]] = []
    for ia, ib in _split(group, a, b, ","):
        piece = group[ia:ib]
        text = piece.strip()
        if not text:
            continue
        if len(text) != len(piece):
            ia += len(piece) - len(piece.lstrip())
        if text[-1] == "]":
            text = _without_notes(text)  # "October 3 [in Russian]" → "October 3"
            if not text:
                continue  # a note on its own: "(Interfax, October 3, [in Russian])"
        item = _read_item(text)
        if item is None:
            return None  # prose, not a citation group
        kind, items = item
        if ia:
            items = _moved(kind, items, ia)
        if segments and segments[-1][0] == kind:
            segments[-1][1].extend(items)
        else:
            segments.append((kind, list(items)))
    read: list[tuple[str, tuple]] = []
    for kind, items in segments:
        if kind == "d":
            entries = dates.resolve_specs(group, items)
            if entries is None:
                return None
            items = entries
        read.append((kind, tuple(items)))
    return tuple(read)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read_item(item: str) -> tuple[str, tuple] | None:
    """A trimmed item as ("d", date tokens) or ("o", outlets), offsets relative to ``item``.

    Memoised: items ("News.tj", "October 20", "24") recur far more than whole groups.
    Reading a slice gives what reading it in place gives: no pattern looks behind
    its start or past its end.

    Returns:
        The item, or None when it reads like prose.
    """
    tokens = dates.tokenize_dates(item, 0, len(item))
    if tokens is not None:
        return "d", tuple(tokens)
    outlets = read_outlets(item, 0, len(item))
    return None if outlets is None else ("o", tuple(outlets))


def _without_notes(item: str) -> str:
    """``item`` without its trailing bracketed notes ("[in Russian]", "[via BBC Monitoring]").

    A bracket is a note when its text reads as one (``BRACKET_NOTE_RE``, each ","/";"
    part) or when it follows a date ("2016 [Dushanbe]"); otherwise it qualifies an
    outlet name and stays ("Asia-Plus [Dushanbe]").

    Returns:
        The item, right-trimmed, without the notes ("" when it was only notes).
    """
    while item.endswith("]"):
        opening = item.rfind("[")
        if opening < 0:
            break
        head = item[:opening].rstrip()
        note = item[opening + 1 : -1].strip()
        is_note = bool(note) and all(
            BRACKET_NOTE_RE.fullmatch(part) for part in NOTE_SEP_RE.split(note)
        )
        if not is_note and not (head and dates.tokenize_dates(head, 0, len(head)) is not None):
            break
        item = head
    return item


def _moved(kind: str, items: tuple, by: int) -> tuple:
    """Date tokens or outlets of an item with their offsets moved ``by`` characters."""
    if kind == "d":
        return tuple(
            DateToken(t.kind, t.start + by, t.end + by, t.year, t.month, t.day, t.month_text)
            for t in items
        )
    return tuple(OutletItem(o.text, o.start + by, o.end + by, o.kind, o.url) for o in items)


def _normalise_prefix(written: str) -> str:
    """Map a written prefix to "see", "see also", "cf." or "e.g."."""
    p = " ".join(written.lower().split())
    if p.startswith("see also"):
        return "see also"
    if "e.g" in p or "e. g" in p or "example" in p:
        return "e.g."
    if p.startswith(("cf", "compare")):
        return "cf."
    return "see"


def _split(s: str, a: int, b: int, sep: str) -> list[tuple[int, int]]:
    """Split ``s[a:b]`` at ``sep`` characters outside nested brackets."""
    part = s[a:b]
    if sep not in part:
        return [(a, b)]
    if "(" not in part and "[" not in part:
        parts, last = [], a
        for piece in part.split(sep):
            parts.append((last, last + len(piece)))
            last += len(piece) + 1
        return parts
    parts, depth, last = [], 0, a
    for m in SPLIT_RE.finditer(s, a, b):
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append((last, m.start()))
            last = m.end()
    parts.append((last, b))
    return parts
