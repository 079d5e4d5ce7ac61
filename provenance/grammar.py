"""The citation grammar: read a parenthetical's ';' groups and ',' items into references.

The grammar of a citation parenthetical, as EDM writes it::

    citation := group (";" group)*
    group    := [prefix] item ("," item)*          prefix: see / see also / cf. / e.g.
    item     := outlet | date list                 outlet: name, domain, URL, [name](url)

Within a group, outlets collect until dates follow; every outlet of the set gets
every date ("Knews.kg, News.tj, August 11" → two references). A group that starts
with dates continues the outlets of the previous group ("Interfax, March 3, 2014;
June 9, 2016"). Date lists are read by ``provenance.dates``.

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

from . import dates
from .models import Link, Reference
from .regexes import (
    CROSSREF_RE,
    DOMAIN_RE,
    MAYBE_CITATION_RE,
    MD_LINK_RE,
    OUTLET_SMALL_WORDS,
    PREFIX_RE,
    SPLIT_RE,
    URL_RE,
    WORD_RE,
)

LOGGER = logging.getLogger(__name__)

#: Outlet names longer than this (characters / words) read as prose, not as a name.
MAX_OUTLET_CHARS = 80
MAX_OUTLET_WORDS = 8
#: Characters trimmed from the ends of an outlet: Markdown emphasis and quotes.
OUTLET_TRIM = " \t\r\n*_\"'“”«»‘’"
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


class _Outlet(NamedTuple):
    """An outlet item of a group, before it is paired with dates."""

    text: str
    start: int  # offsets into the string it was read from
    end: int
    kind: str  # "url" | "domain" | "name"
    url: str | None = None


class _Group(NamedTuple):
    """A ';' group as read, before pairing: offsets are relative to the group text."""

    prefix: str | None
    segments: tuple[tuple[str, tuple], ...]  # ("o", outlets) and ("d", dated entries), in order


_Carry = tuple[tuple[_Outlet, ...] | None, str | None]  # outlets and prefix a group passes on


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
    if not MAYBE_CITATION_RE.search(inner):
        return None
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    found: list[tuple[Reference, bool]] = []  # (reference, strong)
    previous: _Carry = (None, None)
    for a, b in _split(inner, 0, len(inner), ";"):
        previous = _parse_group(inner, a, b, published, previous, found)
    if not any(strong for _, strong in found):
        return None
    if offset == 0 and not index.links:
        return tuple(ref for ref, _ in found)
    return tuple(shift_reference(ref, offset, index) for ref, _ in found)


def shift_reference(ref: Reference, offset: int, index: LinkIndex) -> Reference:
    """Move a reference read from a substring to document offsets.

    Args:
        ref: a reference with offsets into the parsed substring.
        offset: where that substring starts in the document text.
        index: the document's links; an outlet overlapping one gets its URL.

    Returns:
        A new Reference with moved offsets (and the link's URL, if any).
    """
    start, end = ref.outlet_start + offset, ref.outlet_end + offset
    url = (index.url_for(start, end) if index.links else None) or ref.url
    return Reference(ref.outlet, start, end, ref.date, ref.prefix, ref.accessed, url)


def _parse_group(
    inner: str,
    a: int,
    b: int,
    published: dt.date | None,
    previous: _Carry,
    found: list[tuple[Reference, bool]],
) -> _Carry:
    """Pair one ';' group's outlets and dates into ``found``.

    Returns:
        The outlets (and their prefix) that a following date-only group continues:
        ``previous`` when this group has no outlets or is not a citation group.
    """
    a, b = _trim(inner, a, b)
    group = _read_group(inner[a:b], published) if a < b else None
    if group is None:
        return previous
    current, pending = previous[0], None
    prefix = group.prefix
    if group.segments and group.segments[0][0] == "d" and prefix is None:
        prefix = previous[1]  # "(see EDM, October 14; November 2)": still "see"
    for i, (kind, items) in enumerate(group.segments):
        # 1. outlets: they wait for the dates that follow
        if kind == "o":
            if a:
                items = tuple(_Outlet(o.text, o.start + a, o.end + a, o.kind, o.url) for o in items)
            current = pending = items
        # 2. dates right after outlets, or opening the group (continuing ``previous``)
        elif pending is not None or i == 0:
            for o in current or ():
                for entry in items:
                    found.append((Reference(o.text, o.start, o.end, entry.date, prefix,
                                            entry.accessed, o.url), True))
            pending = None
    # 3. outlets that no date followed
    for o in pending or ():
        strong = o.kind != "name" or (prefix is not None and CROSSREF_RE.fullmatch(o.text))
        found.append((Reference(o.text, o.start, o.end, None, prefix, False, o.url), bool(strong)))
    return current, prefix


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read_group(group: str, published: dt.date | None) -> _Group | None:
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
    segments = _read_items(group, a, b, published)
    return None if segments is None else _Group(prefix, segments)


def _read_items(
    group: str, a: int, b: int, published: dt.date | None
) -> tuple[tuple[str, tuple], ...] | None:
    """Read ``group[a:b]`` item by item into outlet and date segments (None: not a citation)."""
    segments: list[tuple[str, list]] = []
    for ia, ib in _split(group, a, b, ","):
        ia, ib = _trim(group, ia, ib)
        if ia >= ib:
            continue
        tokens = dates.tokenize_dates(group, ia, ib)
        kind, items = ("d", tokens) if tokens is not None else ("o", _outlets(group, ia, ib))
        if items is None:
            return None  # prose, not a citation group
        if segments and segments[-1][0] == kind:
            segments[-1][1].extend(items)
        else:
            segments.append((kind, list(items)))
    read: list[tuple[str, tuple]] = []
    for kind, items in segments:
        if kind == "d":
            entries = dates.resolve_dates(group, items, published)
            if entries is None:
                return None
            items = entries
        read.append((kind, tuple(items)))
    return tuple(read)


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


def _outlets(inner: str, a: int, b: int) -> list[_Outlet] | None:
    """The outlet(s) of one item, or None when the item reads like prose."""
    if inner.startswith(("and ", "& "), a):
        a, b = _trim(inner, inner.index(" ", a), b)
    if inner[a] == "[":  # "[News.tj](https://news.tj/x)": the outlet is the link text
        m = MD_LINK_RE.fullmatch(inner, a, b)
        if m:
            o = _outlet(inner, *m.span("text"))
            return None if o is None else [_Outlet(o.text, o.start, o.end, o.kind, m.group("url"))]
    if " and " in inner[a:b] or " & " in inner[a:b]:
        # "Knews.kg and News.tj": split only when every part is a domain or URL
        parts = inner[a:b].replace(" & ", " and ").split(" and ")
        split, pos = [], a
        for part in parts:
            split.append(_outlet(inner, pos, pos + len(part)))
            pos += len(part) + 5
        if all(o is not None and o.kind != "name" for o in split):
            return split  # type: ignore[return-value]
    o = _outlet(inner, a, b)
    return None if o is None else [o]


def _outlet(inner: str, a: int, b: int) -> _Outlet | None:
    """Read ``inner[a:b]`` as one outlet: URL, domain or capitalised name."""
    text = inner[a:b]
    stripped = text.strip(OUTLET_TRIM)
    if not stripped:
        return None
    if stripped != text:
        a += len(text) - len(text.lstrip(OUTLET_TRIM))
        b = a + len(stripped)
        text = stripped
    if URL_RE.fullmatch(text):
        while text[-1] in ".,:" and len(text) > 1:
            text, b = text[:-1], b - 1
        url = text if text.lower().startswith("http") else f"http://{text}"
        return _Outlet(text, a, b, "url", url)
    m = DOMAIN_RE.fullmatch(text)
    if m:
        url = f"http://{text}" if m.group("path") else None
        return _Outlet(text, a, b, "domain", url)
    if _name_like(text):
        return _Outlet(text, a, b, "name")
    return None


def _name_like(text: str) -> bool:
    """True for a short capitalised name without prose words: "RIA Novosti", "Радио Озоди"."""
    if not text or len(text) > MAX_OUTLET_CHARS:
        return False
    first = text.lstrip("\"“«'‘[(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    words = WORD_RE.findall(text)
    if not words or len(words) > MAX_OUTLET_WORDS or all(w.isdigit() for w in words):
        return False
    return all(
        not w[0].islower() or w.lower() in OUTLET_SMALL_WORDS or "." in w or "/" in w
        for w in words
    )


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` past whitespace at both ends."""
    part = s[a:b]
    if not part or not (part[0].isspace() or part[-1].isspace()):
        return a, b
    core = part.strip()
    if not core:
        return a, a
    a += len(part) - len(part.lstrip())
    return a, a + len(core)


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
