"""Find parentheticals by counting brackets and classify them; citations go to the grammar.

``find_parentheticals`` scans a document for top-level bracket groups in one
linear pass, then ``classify`` decides what each one is (citation, acronym,
endnote, credit, unit, date aside, gloss, aside). Citations are parsed into
references by :mod:`provenance.grammar`, whose ``parse_citation`` and
``LinkIndex`` are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Link, ParenKind, Parenthetical, Reference
from . import dates
from .grammar import (
    CACHE_SIZE,
    LinkIndex,
    Proto,
    parse_citation,
    place,
    read_citation,
    reads_wholly,
)
from .regexes import (
    ACRONYM_RE,
    BLANK_LINE_RE,
    BRACKET_OR_NEWLINE_RE,
    CREDIT_RE,
    ENDNOTE_RE,
    GLOSS_DASH_RE,
    GLOSS_RE,
    UNIT_RE,
)
from .split import MAX_BRACKET_REACH, MAX_UNCLOSED

__all__ = ["LinkIndex", "classify", "find_parentheticals", "parse_citation"]

LOGGER = logging.getLogger(__name__)

#: Deeper nesting than this makes the whole outer parenthetical MALFORMED.
MAX_DEPTH = 6

#: A citation list may run this long (characters) inside one parenthetical.
LONG_CITATION_CHARS = 8000

#: Kinds of a parenthetical that may hold a citation in a nested bracket group.
NESTING_KINDS = frozenset({ParenKind.ASIDE, ParenKind.GLOSS, ParenKind.DATE_ASIDE})

#: Parentheticals up to this long are classified through a small memo (parsing is
#: pure, and acronyms and many citations recur across a corpus).
CACHE_MAX_CHARS = 300

Span = tuple[int, int, bool]  # start, end, malformed


# ---------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Frame:
    """An open bracket on the scanner's stack."""

    start: int
    opener: str
    silent: bool = False  # a top-level Markdown link target "](...)": not a parenthetical
    children: list[tuple[int, int]] = field(default_factory=list)  # closed groups inside


def _scan(text: str, start: int, end: int) -> list[Span]:
    """Find the top-level bracket groups of ``text[start:end]`` in one linear pass.

    Only '(' opens a group at the top level; inside one, '(' and '[' nest. A ')'
    closes any '[' left open inside its group; a stray ')' or ']' is ignored.
    A paragraph break (blank line) or the end of the span ends open groups: they
    become MALFORMED, and the balanced groups inside them are kept. So does a
    bracket left open for more than MAX_BRACKET_REACH characters (a stray '(' that
    a later stray ')' would close): the scan goes on at the top level from there,
    so the citations after a typo are still found. A MALFORMED span reaches at most
    MAX_UNCLOSED characters.
    """
    out: list[Span] = []
    pos = start
    search = BRACKET_OR_NEWLINE_RE.search
    while (pos := text.find("(", pos, end)) >= 0:
        # outside: jump to the next '(' with str.find (about 1 GB/s)
        m = search(text, pos + 1, end)
        if m is not None and m.group() == ")" and m.start() - pos <= MAX_BRACKET_REACH:
            # the common group, closed before any bracket or newline: what ``_group``
            # finds, without its frame
            if pos == start or text[pos - 1] != "]":  # "](...)": a Markdown link target
                out.append((pos, m.end(), False))
            pos = m.end()
            continue
        pos = _group(text, pos, start, end, out)
        if pos < 0:
            break
    return out


def _group(text: str, pos: int, start: int, end: int, out: list[Span]) -> int:
    """Scan the group opened at ``pos`` into ``out``; return where the scan goes on at
    the top level, or -1 when the group runs to the end of the span."""
    search, blank = BRACKET_OR_NEWLINE_RE.search, BLANK_LINE_RE.match
    stack = [_Frame(pos, "(", silent=pos > start and text[pos - 1] == "]")]
    overflow, too_deep = 0, False
    pos += 1
    # inside: stop at every bracket and newline until the group closes
    while stack:
        m = search(text, pos, end)
        if m is None:
            _recover(stack, too_deep, end, out)
            return -1
        at = m.start()
        if at - stack[-1].start > MAX_BRACKET_REACH:
            # open too long: a long citation list, or a stray opener (then rescan
            # from here at the top level)
            return _overreach(text, stack, too_deep, at, end, out)
        pos, ch = at + 1, text[at]
        if ch == "\n":
            if blank(text, pos, end):
                _recover(stack, too_deep, at, out)
                return pos
        elif ch == "(" or ch == "[":
            if len(stack) >= MAX_DEPTH:
                overflow, too_deep = overflow + 1, True
            else:
                stack.append(_Frame(at, ch))
        elif overflow:
            overflow -= 1
        elif ch == "]":
            if stack[-1].opener == "[":
                stack[-2].children.extend(stack.pop().children)
        else:
            while stack[-1].opener == "[":
                stack.pop()
            frame = stack.pop()
            if stack:
                stack[-1].children.append((frame.start, pos))
            elif too_deep or not frame.silent:
                out.append((frame.start, pos, too_deep))
    return pos


def _overreach(
    text: str, stack: list[_Frame], too_deep: bool, at: int, end: int, out: list[Span]
) -> int:
    """Handle a group open longer than MAX_BRACKET_REACH; return where scanning resumes."""
    close = _long_citation(text, stack[0].start, end) if len(stack) == 1 else -1
    if close > 0:  # a real citation list longer than the reach
        out.append((stack[0].start, close, False))
        return close
    _recover(stack, too_deep, at, out)
    return at


def _long_citation(text: str, start: int, end: int) -> int:
    """Where a parenthetical open longer than MAX_BRACKET_REACH closes, if it is a citation.

    Returns:
        The end (after ')') of a balanced group within ``LONG_CITATION_CHARS`` and
        before a blank line whose every ';' group reads as citation items; -1 otherwise.
    """
    depth, stop = 0, min(end, start + LONG_CITATION_CHARS)
    for m in BRACKET_OR_NEWLINE_RE.finditer(text, start, stop):
        ch = m.group()
        if ch == "\n":
            if BLANK_LINE_RE.match(text, m.end(), end):
                return -1
        elif ch in "([":
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                close = m.end()
                return close if ch == ")" and reads_wholly(text[start + 1 : close - 1]) else -1
    return -1


def _recover(stack: list[_Frame], too_deep: bool, stop: int, out: list[Span]) -> None:
    """Emit the groups left open at ``stop``: each '(' is MALFORMED up to the next group.

    A MALFORMED span ends at the next group, at ``stop`` or after MAX_UNCLOSED
    characters, whichever comes first.
    """
    if too_deep:
        out.append((stack[0].start, min(stop, stack[0].start + MAX_UNCLOSED), True))
        return
    items: list[list[int]] = []  # [start, end or -1, malformed]
    for frame in stack:
        if frame.opener == "(":
            items.append([frame.start, -1, 1])
        items.extend([s, e, 0] for s, e in frame.children)
    for i, item in enumerate(items):
        if item[1] < 0:
            item[1] = min(items[i + 1][0] if i + 1 < len(items) else stop, item[0] + MAX_UNCLOSED)
        out.append((item[0], item[1], bool(item[2])))


def find_parentheticals(
    text: str,
    start: int = 0,
    end: int | None = None,
    links: Sequence[Link] = (),
    published: dt.date | None = None,
    day_first: bool | None = None,
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

    Returns:
        Non-overlapping Parentheticals sorted by start. Unbalanced or too deeply
        nested ones have kind MALFORMED; only CITATION ones carry references.
    """
    end = len(text) if end is None else max(start, min(end, len(text)))
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    found: list[Parenthetical] = []
    for s, e, malformed in _scan(text, start, end):
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
    """
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
    if protos:
        return ParenKind.CITATION, protos
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
