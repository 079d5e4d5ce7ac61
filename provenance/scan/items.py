"""Read a citation group's prefix and items into outlet runs and date lists (the grammar
pairs them)."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, NamedTuple

from . import dates
from .datetokens import DateToken
from .itemkinds import is_locator
from .notes import REMARK_RE, TRAILING_SOURCE_NOTE_RE, is_note, without_notes
from .outletnames import OutletItem, join_accounts, read_outlets
from .regexes import (
    LEADIN_RE,
    MD_LINK_RE,
    PREFIX_RE,
    QUOTE_PAIRS,
    SPLIT_RE,
)

LOGGER = logging.getLogger(__name__)

#: Size of the memos of read groups and items (parsing is pure; both recur across a corpus).
CACHE_SIZE = 8192
#: Numbers joined by dots or colons ("14.05", "10.30"): after a date, a time; no outlet
#: ("1+1", "24.kg" and "7x7" are).
DOTTED_NUMBER_RE = re.compile(r"\d{1,4}(?:[.:]\d{1,4})+")
#: Of those, a day and a month in two digits each ("17.03"), as Russian writing dates: a date
#: where a date is read (``_day_month_slot``). One digit ("7.03") reads as a decimal.
DAY_MONTH_RE = re.compile(r"(?P<day>0[1-9]|[12]\d|3[01])\.(?P<month>0[1-9]|1[0-2])")
#: Where a date may start after an outlet written without a comma: a month or a day.
SPACE_RE = re.compile(r"\s+")
MONTH_START_RE = re.compile(r"[^\W_]")
#: The first date token of a date written straight after an outlet ("TASS May 3").
DATED_START_KINDS = frozenset({"md", "mon", "dm", "iso", "dmy", "slash"})
DATED_KINDS = ("name", "domain", "url", "handle")  # the outlets it may follow: "@rybar May 3"


#: Quotes that hold separators in ``split_at`` (not ‘’: ’ is also an apostrophe).
SPLIT_QUOTES = '“«„"'
SPLIT_QUOTE_RE = re.compile(r"[()\[\];,“”«»„\"]")
NO_QUOTES = str.maketrans(dict.fromkeys(SPLIT_QUOTES + "”»", " "))
#: What ``_read_piece`` gives for a source note: ``read_items`` drops it and its dates.
NOTED: tuple[tuple[str, tuple, str | None], ...] = (("n", (), None),)
_new = tuple.__new__  # builds a NamedTuple from a tuple of its fields (see ``_moved``)


class Run(NamedTuple):
    """What an outlet run says besides its outlets: a quoted title, a source kind."""

    title: str | None = None
    source: str | None = None  # "generic", "interview", "press release"...


#: A segment of a group: ("o", outlets, Run) or ("d", dated entries, URL of a wrapping
#: Markdown link or None).
Segment = tuple[str, tuple, Any]


class Group(NamedTuple):
    """A ';' group as read, before pairing: offsets are relative to the group text."""

    prefix: str | None
    segments: tuple[Segment, ...]  # outlet runs and date lists, in order
    unread: tuple[str, ...] = ()  # bare days no month owns ("May 3, 2016, 12"): not read


@functools.lru_cache(maxsize=CACHE_SIZE)
def read_group(group: str, day_first: bool | None) -> Group | None:
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
    if group[a : a + 1] in ("a", "A", "r", "R", "c", "C", "q", "Q", "v", "V", "p", "P"):
        m = LEADIN_RE.match(group, a, b)  # "according to Interfax, May 3"
        if m:
            a = m.end()
    segments = read_items(group, a, b, day_first)
    if segments and segments[-1][0] == "u":  # ``_segments``'s days not read, said apart
        return Group(prefix, segments[:-1], segments[-1][1])
    return None if segments is None else Group(prefix, segments)


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


def read_items(group: str, a: int, b: int, day_first: bool | None) -> tuple[Segment, ...] | None:
    """Read ``group[a:b]`` item by item into outlet and date segments (None: not a citation)."""
    segments: list[list] = []  # [kind, items, URL of a linked date list]
    noted = False  # after a source note that follows dates: its own dates are dropped too
    for ia, ib in split_at(group, a, b, ","):
        piece = group[ia:ib]
        text = piece.strip()
        if not text:
            continue
        if len(text) != len(piece):
            ia += len(piece) - len(piece.lstrip())
        read = _read_piece(text, ia > a)
        if read is None:
            return None  # prose, not a citation group
        for kind, items, url in read:
            if kind == "n" or (noted and kind != "o"):
                # "(Interfax, May 3, cited in EDM, May 4)": May 4 is EDM's, not Interfax's
                noted = noted or bool(segments and segments[-1][0] == "d")
                continue
            noted = False
            if kind == "t":  # "17.03": a day and month where a date is read, else a time
                if not _day_month_slot(segments):
                    continue
                kind = "d"
            # a fresh list when moved; the memo's tuple is copied, never extended
            items = _moved(kind, items, ia) if ia else list(items)
            if segments and segments[-1][0] == kind and segments[-1][2] == url:
                segments[-1][1].extend(items)
            else:
                segments.append([kind, items, url])
    return _segments(group, segments, day_first)


def _day_month_slot(segments: list[list]) -> bool:
    """Whether a day and month written "17.03" come where a date is read: right after an
    outlet ("(РИА Новости, 17.03)", "(TASS, 14.05)": a citation names a day, not an hour)
    or after another such date ("17.03, 18.03"). After a date of another form it is the
    hour of that date ("(TASS, May 3, 14.05)"), and opening a group it is no date."""
    if not segments:
        return False
    kind, items, _ = segments[-1]
    return kind == "o" or (kind == "d" and bool(items) and items[-1].kind == "dotted")


def _segments(
    group: str, segments: list[list], day_first: bool | None
) -> tuple[Segment, ...] | None:
    """Resolve the date lists and outlet runs of ``read_items``'s merged segments.

    Returns:
        The segments without outlet runs left empty (places, titles), and last a
        ("u", bare days as written, None) segment when some date list ends in days no
        month owns; or None when a date list is broken otherwise, a run reads as prose,
        or every run is empty.
    """
    out: list[Segment] = []
    cited = empty = False  # whether some outlet run has outlets / has none
    unread: list[str] = []
    for kind, items, url in segments:
        if kind == "d":
            entries = dates.resolve_specs(group, items, day_first)
            if entries is None and (read := _before_bare_days(group, items, day_first)):
                entries = read[0]
                unread.append(read[1])
            if entries is None:
                return None
            out.append(("d", tuple(entries), url))
            continue
        run = _outlet_run(group, items, len(segments) > 1)
        if run is None:
            return None
        if run[0]:
            cited = True
            out.append(("o", *run))
        else:
            empty = True
    if empty and not cited:
        return None  # only places or titles: "(Dushanbe, September 2014)"
    return (*out, ("u", tuple(unread), None)) if unread else tuple(out)


def _before_bare_days(group: str, items: list, day_first: bool | None) -> tuple[list, str] | None:
    """A broken date list that ends in bare days, read without those days.

    "(TASS, May 3, 2016, 12)": a year closes the run of "May 3", so "12" has no month,
    as "(News.tj, 24)" has none. "May 12" would be a guess (a page? an hour? "May 3, 12,
    2016"?) sending the archive check to a day the author may not have meant; the dates
    before it stand, and ``_segments`` says the days as a part not read. Only lists that
    fail to read come here.

    Returns:
        The entries of the list without its last bare days, and those days as written;
        None when it does not end in bare days, when nothing comes before them, or when
        the rest is broken too.
    """
    n = len(items)
    while n and items[n - 1].kind == "day":
        n -= 1
    if n in (0, len(items)):
        return None
    entries = dates.resolve_specs(group, items[:n], day_first)
    return None if entries is None else (entries, group[items[n].start : items[-1].end])


def _outlet_run(group: str, items: list[OutletItem], dated: bool) -> tuple[tuple, Run] | None:
    """The outlets of one run (items of ``group``) and what the other items say about them.

    A quoted title goes on the run's outlets; a document type ("press release") on the
    outlets too, and an interview stands as the source itself; a URL right after a name
    is that name's link; places are datelines, dropped. A quoted name with no other
    outlet is the outlet ("«Коммерсантъ», 3 октября", "«Новая газета», 14 марта": see
    ``itemkinds.quoted_name``); other quoted text is prose.

    Returns:
        ``(outlets, run)``, or None when the run reads as prose.
    """
    title = source = None
    outlets: list[OutletItem] = []
    named = None  # a quoted title that may be a newspaper's name: «Новая газета»
    for o in items:
        if o.kind == "title":
            title, named = o.text, (o._replace(kind="name", source=None) if o.source else None)
            if title[-2:-1] in (",", ".") and title[-1:] in ("’", "'"):
                title = title[:-2] + title[-1]  # “Jet bomb ‘not part of a plot,’”: its comma
        elif o.kind == "place":
            continue
        elif o.kind == "source" and o.source not in ("generic", "interview"):
            source = o.source  # "(ADB, press release, May 2019)"
        elif o.kind == "url" and outlets and outlets[-1].kind == "name" and not outlets[-1].url:
            outlets[-1] = outlets[-1]._replace(url=o.url)  # "(Interfax, https://..., May 3)"
        else:
            outlets.append(o)
    if (len(outlets) == 2 or "@" in group) and (outlets := join_accounts(group, outlets)) is None:
        return None  # "(@rybar, March 3)": no platform beside; "(Rybar, Telegram, …)" is one
    if not outlets and named is not None:  # "(«Новая газета», 14 марта)"
        return (named,), Run(None, source)
    if not outlets and title is not None:
        return None  # a quoted phrase with a date: "("a new era," May 3)"
    if not outlets and source is not None and dated:
        return None  # a document type alone: "(statement, May 3)"
    return tuple(outlets), Run(title, source)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read_piece(text: str, later: bool) -> tuple[tuple[str, tuple, str | None], ...] | None:
    """A stripped item as ``_read_item`` reads it, after its notes; () to skip it.

    Memoised, like ``_read_item``: the checks for notes and locators cost more than the
    reading of an item seen before. ``later`` is True for an item after the group's first.
    """
    if text[-1] in "])" or "—" in text or "–" in text:
        text = without_notes(text)  # "October 3 [in Russian]" → "October 3"
        if not text:
            return ()  # a note on its own: "(Interfax, October 3, [in Russian])"
    if later and (TRAILING_SOURCE_NOTE_RE.fullmatch(text) or REMARK_RE.fullmatch(text)):
        return NOTED  # "(Interfax, October 5, citing the General Staff)"
    if is_locator(text) or (is_note(text) and dates.tokenize_dates(text) is None):
        return ()  # "No. 12", "[1]", "in Russian": where or how, not which source
    read = _read_item(text)
    if read is None and later and DOTTED_NUMBER_RE.fullmatch(text):
        m = DAY_MONTH_RE.fullmatch(text)
        if m is None:
            return ()  # "(TASS, May 3, 10.30)": a time that reads as no date names no outlet
        # "14.05": 14 May or 14:05, as its place says ("t": ``read_items`` decides)
        day, month = int(m.group("day")), int(m.group("month"))
        return (("t", (DateToken("dotted", 0, len(text), None, month, day),), None),)
    return read


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read_item(item: str) -> tuple[tuple[str, tuple, str | None], ...] | None:
    """A trimmed item as ("d", date tokens, URL) and ("o", outlets, None) segments.

    Offsets are relative to ``item``. Memoised: items ("News.tj", "October 20", "24")
    recur far more than whole groups. Reading a slice gives what reading it in place
    gives: no pattern looks behind its start or past its end.

    Returns:
        One segment, or two for an outlet written without a comma before its date
        ("TASS May 3"); None when the item reads like prose.
    """
    tokens = dates.tokenize_dates(item, 0, len(item))
    if tokens is not None:
        return (("d", tuple(tokens), None),)
    if item[0] == "[":  # "[November 16, 2018](https://tass.ru/...)": a linked date
        m = MD_LINK_RE.fullmatch(item)
        if m and (tokens := dates.tokenize_dates(item, *m.span("text"))):
            return (("d", tuple(tokens), m.group("url")),)
    split = _date_after_name(item)
    if split is not None:
        return split
    outlets = read_outlets(item, 0, len(item))
    return None if outlets is None else (("o", tuple(outlets), None),)


def _date_after_name(item: str) -> tuple[tuple[str, tuple, str | None], ...] | None:
    """An outlet and a date with no comma between them: "TASS May 3", "Vedomosti March 2"."""
    for m in SPACE_RE.finditer(item):
        at = m.end()
        if not MONTH_START_RE.match(item, at):
            continue
        tokens = dates.tokenize_dates(item, at, len(item))
        if not tokens or tokens[0].kind not in DATED_START_KINDS:
            continue
        if not any(t.day is not None or t.year is not None for t in tokens):
            continue
        outlets = read_outlets(item, 0, m.start())
        if outlets is None or any(o.kind not in DATED_KINDS for o in outlets):
            return None
        return ("o", tuple(outlets), None), ("d", tuple(tokens), None)
    return None


def _moved(kind: str, items: tuple, by: int) -> list:
    """Date tokens or outlets of an item with their offsets moved ``by`` characters.

    Built with ``tuple.__new__``, as the NamedTuples' own ``__new__`` does, without its
    Python frame per token (or ``_replace``'s keyword dict and ``_make``): this runs for
    every item after a group's first.
    """
    if kind == "d":
        return [_new(DateToken, (k, s + by, e + by, y, m, d, mt)) for k, s, e, y, m, d, mt in items]
    return [_new(OutletItem, (t, s + by, e + by, k, u, src)) for t, s, e, k, u, src in items]


def split_at(s: str, a: int, b: int, sep: str) -> list[tuple[int, int]]:
    """Split ``s[a:b]`` at ``sep`` characters outside nested brackets and quotes.

    A quoted title may hold the separator (“Moscow, Beijing and the Base,” EDM); a quote
    left open to the end counts for nothing.
    """
    part = s[a:b]
    if sep not in part:
        return [(a, b)]
    # SPLIT_QUOTES spelt out: four C-speed `in`s cost a fifth of any() over a generator
    quotes = "“" in part or "«" in part or "„" in part or '"' in part
    if not quotes and "(" not in part and "[" not in part:
        parts, last = [], a
        for piece in part.split(sep):
            parts.append((last, last + len(piece)))
            last += len(piece) + 1
        return parts
    parts, depth, last, closer = [], 0, a, ""
    for m in (SPLIT_QUOTE_RE if quotes else SPLIT_RE).finditer(s, a, b):
        ch = m.group()
        if closer:
            if ch == closer:
                closer = ""
                # “Title,” EDM: the comma inside separates, even before an inner quote's
                # close (“Jet bomb ‘not part of a plot,’” Al Jazeera)
                if s[m.start() - 1] == sep or (
                    s[m.start() - 1] in "’'" and s[m.start() - 2] == sep
                ):
                    parts.append((last, m.end()))
                    last = m.end()
        elif ch in SPLIT_QUOTES:
            closer = QUOTE_PAIRS[ch]
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append((last, m.start()))
            last = m.end()
    if closer:  # an unclosed quote: split as if there were no quotes
        return split_at(s.replace('"', " ").translate(NO_QUOTES), a, b, sep)
    parts.append((last, b))
    return parts
