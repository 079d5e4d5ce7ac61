"""Find parentheticals by counting brackets and classify them; citations go to the grammar.

``find_parentheticals`` scans a document for top-level bracket groups in one
linear pass (:mod:`provenance.scan.brackets`), then ``classify`` decides what each
one is (citation, acronym, endnote, credit, unit, date aside, gloss, aside).
Citations are parsed into references by :mod:`provenance.grammar`, whose
``parse_citation`` and ``LinkIndex`` are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Sequence
from typing import Any

from ..models import Link, ParenKind, Parenthetical, Reference
from . import cjk, dates, itemkinds, unread
from .brackets import MAX_DEPTH, find_groups
from .grammar import LinkIndex, Proto, parse_citation, place, read_citation
from .items import CACHE_SIZE
from .regexes import (
    ACRONYM_RE,
    CREDIT_RE,
    ENDNOTE_RE,
    GLOSS_DASH_RE,
    GLOSS_RE,
    UNIT_RE,
)

__all__ = ["MAX_DEPTH", "LinkIndex", "classify", "find_parentheticals", "parse_citation"]

LOGGER = logging.getLogger(__name__)

#: Kinds of a parenthetical that may hold a citation in a nested bracket group.
NESTING_KINDS = frozenset({ParenKind.ASIDE, ParenKind.GLOSS, ParenKind.DATE_ASIDE})

#: Where an aside ends in its source: a dash before "see", or a colon before a lone link.
TAIL_CITATION_RE = re.compile(
    r"\s*[—–]\s*(?=(?:see|cf\.)\s)|:\s+(?=(?:https?://|www\.)\S+\s*$)", re.IGNORECASE
)

#: Parentheticals up to this long are classified through a small memo (parsing is
#: pure, and acronyms and many citations recur across a corpus).
CACHE_MAX_CHARS = 300


def find_parentheticals(
    text: str,
    start: int = 0,
    end: int | None = None,
    links: Sequence[Link] = (),
    published: dt.date | None = None,
    day_first: bool | None = None,
    code: Sequence[tuple[int, int]] = (),
) -> list[Parenthetical]:
    """Every parenthetical in ``text[start:end]``, in text order, classified.

    Args:
        text: the document text; all offsets point into it.
        start: where to begin scanning.
        end: where to stop (default: end of ``text``).
        links: hyperlinks of the document; an outlet (or else a date) overlapping one
            gets its URL.
        published: the document's publication date, for year inference.
        day_first: the writing's order of slash dates ("3/10/2016"); None reads them
            month first (see ``dates.resolve_dates``).
        code: spans of code (Markdown code spans' text): their brackets are literal,
            so they open and close no parenthetical.

    Returns:
        Non-overlapping Parentheticals sorted by start. Unbalanced or too deeply
        nested ones have kind MALFORMED; only CITATION ones carry references.
    """
    end = len(text) if end is None else max(start, min(end, len(text)))
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    found: list[Parenthetical] = []
    for s, e, malformed in find_groups(_without_brackets(text, code), start, end):
        raw = text[s:e]
        if malformed:
            found.append(Parenthetical(s, e, raw, ParenKind.MALFORMED))
            continue
        inner = raw[1:-1]
        if len(inner) <= CACHE_MAX_CHARS:
            kind, protos = _classify_cached(inner, day_first)
        else:
            kind, protos = _classify(inner, day_first)
        refs = place(protos, s + 1, index, published) if protos else ()
        found.append(Parenthetical(s, e, raw, kind, refs))
    return found


#: Brackets in code are read as spaces: "`f(x)`" is no parenthetical.
CODE_BRACKETS = str.maketrans(dict.fromkeys("()[]（）", " "))


def _without_brackets(text: str, code: Sequence[tuple[int, int]]) -> str:
    """``text`` with the brackets inside the ``code`` spans made spaces (as long as ``text``)."""
    if not code:
        return text
    parts, last = [], 0
    for a, b in code:
        parts.append(text[last:a])
        parts.append(text[a:b].translate(CODE_BRACKETS))
        last = b
    parts.append(text[last:])
    return "".join(parts)


# ---------------------------------------------------------------- classifying


def classify(
    inner: str,
    offset: int = 0,
    published: dt.date | None = None,
    links: Sequence[Link] | LinkIndex = (),
) -> tuple[ParenKind, tuple[Reference, ...]]:
    """Decide what a parenthetical is, parsing its references when it is a citation.

    Args:
        inner: the text between the brackets.
        offset: where ``inner`` starts in the document text.
        published: the document's publication date.
        links: the document's links (or a LinkIndex).

    Returns:
        The kind and the references (empty unless the kind is CITATION).
    """
    kind, protos = _classify(inner, None)
    if not protos:
        return kind, ()
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    return kind, place(protos, offset, index, published)


def _classify(inner: str, day_first: bool | None = None) -> tuple[ParenKind, tuple[Proto, ...]]:
    """``classify`` with the references as Protos relative to ``inner``, dates undated.

    Independent of the publication date, so memoised on the text alone (and the
    writing's slash-date order).

    A bracket group nested inside that is a citation of its own gives its references
    and is read as blank space in the outer one: "(a claim Moscow denied [TASS, May
    3])" cites TASS, and "(Riafan.ru, (Kun.uz, August 2) October 18)" cites both.
    Full-width separators and brackets ("新华社，2月28日") read as ASCII ones (``cjk``).
    """
    if not inner.isascii() and (copy := cjk.folded(inner)) is not None:
        kind, protos = _classify(copy, day_first)
        unread.refold(copy, inner)
        return kind, cjk.restored(protos, inner, copy)
    if "(" not in inner and "[" not in inner:
        return _classify_one(inner, day_first)
    nested: list[Proto] = []
    blank = inner
    for at, sub in _nested_groups(inner):
        kind, protos = _classify_one(sub, day_first)
        if kind is ParenKind.CITATION:
            nested.extend(_shift(p, at) for p in protos)
            blank = blank[: at - 1] + " " * (len(sub) + 2) + blank[at + len(sub) + 1 :]
    if not nested:
        return _classify_one(inner, day_first)
    kind, protos = _classify_one(blank, day_first)
    if kind is not ParenKind.CITATION and kind not in NESTING_KINDS:
        return kind, ()
    return ParenKind.CITATION, tuple(sorted((*protos, *nested), key=lambda p: p[1]))


def _nested_groups(inner: str) -> list[tuple[int, str]]:
    """The balanced bracket groups directly inside ``inner``: (offset of their text, text)."""
    groups, depth, opened = [], 0, 0
    for i, ch in enumerate(inner):
        if ch in "([":
            if depth == 0:
                opened = i + 1
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
            link_text = ch == "]" and inner[i + 1 : i + 2] == "("
            link_target = ch == ")" and opened > 1 and inner[opened - 2] == "]"
            if depth == 0 and not (link_text or link_target):  # not a Markdown link
                groups.append((opened, inner[opened:i]))
    return groups


def _classify_one(inner: str, day_first: bool | None) -> tuple[ParenKind, tuple[Proto, ...]]:
    """What one bracket group is, without looking at the groups nested in it."""
    stripped = inner.strip()
    # 1. nothing inside
    if not stripped:
        return ParenKind.ASIDE, ()
    # 2. endnote markers: (7), (12), (3, 4)
    if ENDNOTE_RE.fullmatch(inner):
        return ParenKind.ENDNOTE, ()
    # 3. credits; "Source: Interfax, October 3" is a citation all the same
    credit = CREDIT_RE.match(inner)
    if credit:
        if credit.group("source"):
            cut = credit.end()
            protos = read_citation(inner[cut:], day_first)
            if protos and any(p[3] for p in protos):
                return ParenKind.CITATION, tuple(_shift(p, cut) for p in protos)
        return ParenKind.CREDIT, ()
    # 4. amounts and unit conversions: ($70 million), (about 5 miles)
    if UNIT_RE.fullmatch(inner):
        return ParenKind.UNIT, ()
    # 5. citations
    protos = read_citation(inner, day_first)
    if protos is not None:  # () for "(, April 8)": a source whose name was lost
        return ParenKind.CITATION, protos
    if (tail := TAIL_CITATION_RE.search(inner)) is not None:
        # "(making oil dearer for Belarus—see EDM, January 14)", "(polls: www.x.org/p?id=9)"
        protos = read_citation(inner[tail.end() :], day_first)
        if protos:
            return ParenKind.CITATION, tuple(_shift(p, tail.end()) for p in protos)
    # 6. dates with no outlet: (March 4), (in late 2016)
    if dates.is_date_aside(inner):
        return ParenKind.DATE_ASIDE, ()
    # 7. acronyms: (CSTO), (MoD)
    if ACRONYM_RE.fullmatch(inner) and sum(c.isupper() for c in stripped) >= 2:
        return ParenKind.ACRONYM, ()
    # 8. glosses and translations: (CSTO—of which ...), (literally "freedom")
    if GLOSS_RE.match(inner) or _dash_gloss(stripped):
        return ParenKind.GLOSS, ()
    return ParenKind.ASIDE, ()


#: ``_classify`` memoised: "(CSTO)" and many citations recur across a corpus.
_classify_cached = functools.lru_cache(maxsize=CACHE_SIZE)(_classify)


def use_registry(registry: Any) -> None:
    """Read citations with ``registry``: a name with only a year is a source when it is
    one of its outlets ("(Kolokol, 2016)" with a user's own Kolokol). The memo of
    parentheticals read with another registry is emptied."""
    if itemkinds.use_registry(registry):
        _classify_cached.cache_clear()


def _shift(proto: Proto, by: int) -> Proto:
    """``proto`` with its outlet and date offsets moved ``by`` characters."""
    o, start, end, *rest, ds, de = proto
    dated = (ds + by, de + by) if de else (0, 0)
    return (o, start + by, end + by, *rest, *dated)  # type: ignore[return-value]


def _dash_gloss(stripped: str) -> bool:
    """True for a short head followed by a dash: "CSTO—of which Tajikistan is a member"."""
    m = GLOSS_DASH_RE.search(stripped, 0, 60)
    if m is None or m.start() == 0:
        return False
    head = stripped[: m.start()]
    return len(head.split()) <= 4 and not any(c.isdigit() for c in head)
