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

Beyond outlets and dates, an item may be a quoted article title (kept on the
references of its outlets), a generic source or document type ("local media",
"press release": ``Reference.source_kind``), a place (a dateline, dropped) or a
locator ("No. 12", skipped); an outlet may run into its date without a comma ("TASS
May 3"), a URL after the dates is the article's link, and a date list wrapped in a
link gives the references its URL. ``items`` reads a group's prefix and items,
``itemkinds`` says what they are.

Conservatism: an outlet counts only with a date, or when it is a domain or URL,
or a "see EDM"-style cross reference. A capitalised dateless name counts only in
a parenthetical that already has such a reference ("(Kommersant; Vedomosti,
October 3)"). Items that read like prose (lowercase words) void their group.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from operator import itemgetter

from ..models import Link, Reference
from . import cjk, dates
from .dates import DateSpec
from .itemkinds import publisher_like
from .items import Group, Run, Segment, read_group, split_at
from .linkindex import LinkIndex
from .outletnames import OutletItem, trim
from .regexes import CROSSREF_RE, MAYBE_CITATION_RE, MONTH_PART_RE
from .unread import LOST_NAME_RE, remember
from .urldates import written_url_date

LOGGER = logging.getLogger(__name__)

DIGIT_RE = re.compile(r"\d")
SIGNAL_AFTER_COMMA_RE = re.compile(r",\s*(?=(?:see|cf\.|compare)\s)", re.IGNORECASE)


# ---------------------------------------------------------------- citations

#: A reference before it is placed in the document: the fields of ``Reference``
#: (outlet, start, end, date, prefix, accessed, url, title, source kind) and the span of
#: its date, with offsets relative to the parsed string and the date as a
#: ``dates.DateSpec`` (no publication date applied). A plain tuple, so that each
#: (frozen, slow to build) Reference is built once, at its document offsets, even when
#: the parse came from the memo.
Proto = tuple[
    str, int, int, DateSpec | None, str | None, bool, str | None, str | None, str | None, int, int
]

# Outlets a group passes on (with the offset of their group and their run), and its prefix.
_Carry = tuple[tuple[tuple[OutletItem, ...], int, Run] | None, str | None]


def parse_citation(
    inner: str,
    offset: int = 0,
    published: dt.date | None = None,
    links: Sequence[Link] | LinkIndex = (),
    day_first: bool | None = None,
) -> tuple[Reference, ...] | None:
    """Parse the inside of a parenthetical as a citation.

    Args:
        inner: the text between the brackets.
        offset: where ``inner`` starts in the document text (reference offsets add it).
        published: the document's publication date, for year inference.
        links: the document's links (or a LinkIndex); an outlet or date overlapping one
            gets its URL.
        day_first: the writing's order of slash dates (see ``dates.resolve_dates``).

    Returns:
        The references in text order, or None when ``inner`` is not a citation.
    """
    copy = None if inner.isascii() else cjk.folded(inner)  # "新华社，2月28日" reads as ", "
    protos = read_citation(copy or inner, day_first)
    if protos is None:
        return None
    protos = cjk.restored(protos, inner, copy) if copy else protos
    index = links if isinstance(links, LinkIndex) else LinkIndex(links)
    return place(protos, offset, index, published)


def read_citation(inner: str, day_first: bool | None = None) -> tuple[Proto, ...] | None:
    """Parse the inside of a parenthetical as a citation, offsets relative to ``inner``.

    The reading does not depend on the document's publication date: dates stay
    ``DateSpec``s until ``place`` applies it, so the result can be memoised on the
    text alone (and the writing's slash-date order).

    Args:
        inner: the text between the brackets.
        day_first: the writing's order of slash dates (see ``dates.resolve_dates``).

    Returns:
        The references as ``Proto`` tuples in text order (no link URLs applied),
        or None when ``inner`` is not a citation.
    """
    if not MAYBE_CITATION_RE.search(inner) and not ("," in inner and MONTH_PART_RE.search(inner)):
        return None
    found: list[Proto] = []
    strong = [False]  # whether some reference makes this a citation
    previous: _Carry = (None, None)
    unread: list[str] = []
    spans, lost = split_at(inner, 0, len(inner), ";"), 0
    for a, b in spans:
        # a lost name opens with a comma, or "see" and a comma: the test costs a call only then
        if inner[a : a + 4].lstrip()[:1] in (",", "s", "S") and _lost_name(inner, a, b, day_first):
            unread.append(inner[slice(*trim(inner, a, b))])  # said as dates with no source
            previous, lost = (None, None), lost + 1
        else:
            previous = _parse_group(inner, a, b, day_first, previous, found, strong, unread)
    if not strong[0] and not (lost and lost == sum(bool(inner[a:b].strip()) for a, b in spans)):
        return None  # "(, April 8)" alone is a citation all the same: its source has no name
    if unread:
        remember(inner, tuple(unread))
    if any(proto[5] for proto in found):
        return _without_second_dates(found)
    return tuple(found)


def _lost_name(inner: str, a: int, b: int, day_first: bool | None) -> bool:
    """Whether the group ``inner[a:b]`` is dates after a comma that no name comes before."""
    a, b = trim(inner, a, b)
    if a == b or (m := LOST_NAME_RE.match(inner, a, b)) is None:
        return False
    group = read_group(inner[m.end() : b].strip(), day_first) if m.end() < b else None
    return group is not None and bool(group.segments) and group.segments[0][0] == "d"


def _without_second_dates(found: list[Proto]) -> tuple[Proto, ...]:
    """Drop the access dates of outlets that also have a publication date.

    "(Kun.uz, January 4, accessed February 1, 2017)" cites one article: the access
    date says when the author read it, and is no second source to count, chart or look
    for in the archives. An access date stays a reference when it is its outlet's
    only date ("(Regnum.ru, accessed March 5, 2017)"): it still bounds the capture.
    """
    dated = {(p[0], p[1]) for p in found if p[3] is not None and not p[5]}
    return tuple(p for p in found if not (p[5] and (p[0], p[1]) in dated))


def reads_wholly(inner: str) -> bool:
    """True when every ';' group of ``inner`` reads as citation items and one cites.

    The bracket scanner asks this of a parenthetical longer than it trusts: a long list
    of citations is real, a stray "(" closed a page later is not.
    """
    if read_citation(inner) is None:
        return False
    return all(
        read_group(inner[a:b], None) is not None
        for a, b in (trim(inner, *span) for span in split_at(inner, 0, len(inner), ";"))
        if a < b
    )


def place(
    protos: Sequence[Proto], offset: int, index: LinkIndex, published: dt.date | None = None
) -> tuple[Reference, ...]:
    """Build the References of ``protos`` at document offsets, dated for the document.

    Args:
        protos: from ``read_citation``, offsets relative to the parsed string.
        offset: where that string starts in the document text.
        index: the document's links; a reference whose date is linked gets that URL
            ("TASS, <a href=...>November 16, 2018</a>"), else one whose outlet is: in
            "(<a>Kommersant</a>, March 5, <a>6</a>)" March 6 is the article under "6".
        published: the document's publication date: missing years are inferred from
            it and dates after it are flagged.

    Returns:
        One Reference per proto, in order.
    """
    when, linked, url_for = dates.dated, bool(index.links), index.url_for
    # tuple([...]): a list comprehension builds its list in one call, where tuple() over
    # a generator resumes the generator's frame once per reference
    refs = tuple(
        [
            Reference(
                o,
                start + offset,
                end + offset,
                None if spec is None else when(spec, published),
                prefix,
                acc,
                (
                    (url_for(ds + offset, de + offset) if de > ds else None)
                    or url_for(start + offset, end + offset)
                    or url
                )
                if linked
                else url,
                title,
                kind,
            )
            for o, start, end, spec, prefix, acc, url, title, kind, ds, de in protos
        ]
    )
    if None not in map(SPEC, protos):  # nearly every citation: each reference has a date
        return refs
    return tuple([_dated_by_url(r, published) for r in refs])


#: A proto's date spec (None: the citation gave no date for it).
SPEC = itemgetter(3)


def _dated_by_url(ref: Reference, published: dt.date | None) -> Reference:
    """A reference that gives a link and no date, dated by the day its URL's path
    gives ("https://www.vedomosti.ru/…/2020/03/05/…"); others as they are. The date's
    text is the URL's, so reports can say where it came from (``urldates.is_url_date``)."""
    found = written_url_date(ref.url) if ref.date is None and ref.url else None
    if found is None:
        return ref
    written, day = found
    spec: DateSpec = (written, day.year, day.month, day.day, True, True, False)
    return replace(ref, date=dates.dated(spec, published))


def _parse_group(
    inner: str,
    a: int,
    b: int,
    day_first: bool | None,
    previous: _Carry,
    found: list[Proto],
    strong: list[bool],
    unread: list[str] | None = None,
) -> _Carry:
    """Pair one ';' group's outlets and dates into ``found``; set ``strong[0]`` if it cites.
    A group that holds a number but does not read goes to ``unread``, and so do the bare
    days that end a group's date list with no month to go with (``items.Group.unread``).

    Returns:
        The outlets (and their prefix) that a following date-only group continues:
        ``previous`` when this group has no outlets or is not a citation group.
    """
    a, b = trim(inner, a, b)
    group = read_group(inner[a:b], day_first) if a < b else None
    if group is None and (cut := SIGNAL_AFTER_COMMA_RE.search(inner, a, b)):
        # "Knews.kg, see EDM, January 5, 24": a signal starts a group, as after a ';'
        previous = _parse_group(inner, a, cut.start(), day_first, previous, found, strong, unread)
        return _parse_group(inner, cut.end(), b, day_first, previous, found, strong, unread)
    if group is None:
        if unread is not None and a < b and DIGIT_RE.search(inner, a, b):
            unread.append(inner[a:b])
        return previous
    if group.unread and unread is not None:  # "(TASS, May 3, 2016, 12)": "12"
        unread.extend(group.unread)
    return _pair(group, a, previous, found, strong)


def _pair(group: Group, a: int, previous: _Carry, found: list[Proto], strong: list[bool]) -> _Carry:
    """``_parse_group``'s pairing of a group read at offset ``a``: outlets with the dates
    that follow them, into ``found``."""
    current, pending = previous[0], None
    prefix = group.prefix
    if group.segments and group.segments[0][0] == "d" and prefix is None:
        prefix = previous[1]  # "(see EDM, October 14; November 2)": still "see"
    paired = len(found)  # where the references of the last pairing start
    segments = group.segments
    for i, (kind, items, extra) in enumerate(segments):
        # 1. outlets: they wait for the dates that follow (offsets: add the group's start)
        if kind == "o":
            if i and _trailing_url(segments, i, found, paired, a):
                continue  # "(TASS, March 3, 2014, http://tass.ru/...)": the article's URL
            current = pending = (items, a, extra)
        # 2. dates right after outlets, or opening the group (continuing ``previous``)
        elif pending is not None or i == 0:
            if items and items[0].date is None:  # "(TASS, May 3; Interfax, same day)"
                items = dates.same_day(items, [p[3] for p in found])
            if current is not None:
                paired = len(found)
                # years only: "(X, 2015)"; the first entry's month settles most lists
                if (not items or items[0].date[2] is None) and all(
                    entry.date[2] is None for entry in items
                ):
                    current = (_publishers(current[0]), *current[1:])
                found.extend(_dated(current, items, extra, prefix, a))
                strong[0] = strong[0] or bool(current[0] and items)
            pending = None
    if pending is not None:  # 3. outlets that no date followed
        _undated(pending, prefix, found, strong)
    return current, prefix


def _undated(
    pending: tuple[tuple[OutletItem, ...], int, Run],
    prefix: str | None,
    found: list[Proto],
    strong: list[bool],
) -> None:
    """Outlets that no date followed, into ``found``; a domain, URL or cross-reference
    ("see EDM") among them still makes the group cite (``strong[0]``)."""
    outlets, at, run = pending
    for o in outlets:
        if o.kind not in ("name", "source") or (
            prefix is not None and CROSSREF_RE.fullmatch(o.text)
        ):
            strong[0] = True
        found.append(
            (o.text, o.start + at, o.end + at, None, prefix, False, o.url, run.title,
             o.source or run.source, 0, 0)
        )  # fmt: skip


def _publishers(outlets: tuple[OutletItem, ...]) -> tuple[OutletItem, ...]:
    """The outlets that may stand with a bare year: not every capitalised name can.

    "(Dmitry Medvedev, 2008–2012)", "(Rose Revolution, 2003)" and "(Minsk II, 2015)"
    are asides; a name with only a year is a source when the registry knows it
    ("Levada Center, 2016") or it reads as a publisher ("Human Rights Watch", "World
    Bank Report"). Domains, URLs, generic sources and interviews always stand.
    """
    return tuple(o for o in outlets if o.kind != "name" or publisher_like(o.text))


def _dated(
    current: tuple[tuple[OutletItem, ...], int, Run],
    entries: tuple,
    link: str | None,
    prefix: str | None,
    a: int,
) -> list[Proto]:
    """Every outlet of ``current`` paired with every dated entry (at group offset ``a``)."""
    outlets, at, run = current
    return [
        (
            o.text,
            o.start + at,
            o.end + at,
            entry.date,
            prefix,
            entry.accessed,
            o.url or link,
            run.title,
            o.source or run.source,
            entry.start + a,
            entry.end + a,
        )
        for o in outlets
        for entry in entries
    ]


def _trailing_url(
    segments: tuple[Segment, ...], i: int, found: list[Proto], paired: int, at: int
) -> bool:
    """Attach a URL-only run written after the dates to the references just paired.

    Returns:
        True when segment ``i`` was such a URL (and is not an outlet of its own).
    """
    kind, items, _ = segments[i]
    if segments[i - 1][0] != "d" or any(s[0] == "d" for s in segments[i + 1 :]):
        return False
    if len(items) != 1 or items[0].kind != "url" or paired >= len(found):
        return False
    url = items[0].url
    for j in range(paired, len(found)):
        if found[j][6] is None:
            found[j] = (*found[j][:6], url, *found[j][7:])
    return True
