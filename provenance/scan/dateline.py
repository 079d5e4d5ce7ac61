"""The publication date written on a line of its own near the top of a text or Markdown page.

A plain-text or Markdown document that declares no date in a header block or front
matter often still says it at the top, as a line of its own::

    Beijing Encroaching on Moscow's Military Dominance in Tajikistan

    Published: 17 November 2016
    By Umed Partov, November 17, 2016
    **Date:** 2016-11-17
    Friday, November 17, 2016

Such a line is the document's publication date, and it is metadata, not a claim. Only
full dates count (a month or a year alone dates no document), only the first lines
before the first long paragraph are read, and a "Last updated" line is no publication.
A date alone is no dateline when another line of the body is a date alone too (a list of
dates, a timeline's entries), nor a list item ("* March 3, 2014").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from .fulldate import DAY_MONTH_YEAR_RE, ISO_DATE_RE, MONTH_DAY_YEAR_RE, make_date, parse_date
from .headings import Heading, txt_title_line

MAX_LINES = 8  # non-blank lines read from the top of the body
LONG_LINE = 200  # a line this long is body text: the top has ended
MAX_DATELINE = 120  # longer lines are prose, whatever date they hold

# longest first: the first label that fits is kept ("дата" would cut "дата публікації")
_LABELS = (
    "publication date|date of publication|date published|published on|published|"
    "posted on|posted|"
    "дата публикации|дата публікації|опубликовано|опубликован|опубліковано|"
    "жарияланған күні|жарияланды|жарыяланды|санаи нашр|нашр шуд|date|дата|"
    "发布时间|发布日期|发表时间|发表日期|日期|时间"
)
_EMPHASIS = r"[*_]{0,2}"
LABELLED_RE = re.compile(
    rf"{_EMPHASIS}(?:{_LABELS}){_EMPHASIS}(?:\s*：|\s*[:.—–-]?{_EMPHASIS}\s)\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(
    r"(?:by|автор)\s+[^,|·—–\n]{2,60}?\s*[,|·—–]\s*(?P<value>\S.*)", re.IGNORECASE
)
# what a line holding only a date may carry beside it: a weekday, a time and a zone
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),?\s+"
)
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5})?)?"
# and the age jamestown.org's pages printed after it ("January 19, 2010 03:52 PM Age: 14 yrs")
_AGE = r"(?:\s+Age:\s*\d{1,3}\s*(?:yrs?|years?|months?|days?|hours?|mins?)\.?)?"
BARE_RE = re.compile(
    rf"{_EMPHASIS}(?:{_WEEKDAY})?(?P<value>[^*_\s][^*_]*?){_TIME}{_AGE}\.?{_EMPHASIS}",
    re.IGNORECASE,
)
LINE_RE = re.compile(r"[^\n]+")


class Dateline(NamedTuple):
    """A publication date line: its span in the text (the line, trimmed) and its date."""

    start: int
    end: int
    date: dt.date


def find_dateline(text: str, start: int, end: int) -> Dateline | None:
    """The first line near ``start`` that gives the publication date, or None.

    Args:
        text: the document text.
        start: where the body starts (after front matter or a header block).
        end: where the body ends.

    Returns:
        The line's span and date; None when the top of the body holds no such line.
    """
    read = 0
    for m in LINE_RE.finditer(text, start, end):
        line = m[0].strip()
        if not line:
            continue
        if len(line) > LONG_LINE or read >= MAX_LINES:
            return None
        read += 1
        if len(line) <= MAX_DATELINE and (date := _line_date(line)):
            if _alone(line) and _another_date_alone(text, m.end(), end):
                return None  # a list of dates, or dates heading a timeline's entries
            lead = len(m[0]) - len(m[0].lstrip())
            return Dateline(m.start() + lead, m.start() + lead + len(line), date)
    return None


def _another_date_alone(text: str, start: int, end: int) -> bool:
    """True when a later line of ``text[start:end]`` is a date alone too, or a list item
    holding one ("- April 7, 2014", a row of a Markdown table after the first)."""
    for m in LINE_RE.finditer(text, start, end):
        line = m[0]
        if len(line) <= MAX_DATELINE and _alone(line.lstrip(" \t-+*\u2022")):
            return True
    return False


def dated_heading(text: str, start: int) -> tuple[dt.date, Heading] | None:
    """The publication date of ``find_dateline`` in the body from ``start``, and its line
    as a heading of level 0: metadata, kept out of the claims, and no title."""
    if (found := find_dateline(text, start, len(text))) is None:
        return None
    return found.date, Heading(found.start, found.end, 0, text[found.start : found.end])


def add_heading(
    headings: Sequence[Heading], line: Heading, text: str, fmt: str, start: int
) -> list[Heading]:
    """``headings`` with the date ``line`` in its place, and without a heading it overlaps
    (a date alone on a text's first line is no title); in a text from ``start``, a first
    line right above the date line is its title ("Title\nPublished: 17 November 2016")."""
    kept = [h for h in headings if h.end <= line.start or h.start >= line.end]
    if fmt == "txt" and not any(h.level == 1 for h in kept):
        title = txt_title_line(text, start, len(text), line.start)
        kept += [title] if title and title.end <= line.start else []
    return sorted([*kept, line], key=lambda h: h.start)


def _line_date(line: str) -> dt.date | None:
    """The date a whole line gives: "Published: ...", "By Name, ..." or a date alone."""
    for pattern in (LABELLED_RE, BYLINE_RE):
        if (m := pattern.fullmatch(line)) and (date := _alone(m["value"])):
            return date
    return _alone(line)


def alone_date(value: str) -> dt.date | None:
    """The full date that ``value`` is, besides a weekday and a time (for ``byline.py``)."""
    return _alone(value)


def _alone(value: str) -> dt.date | None:
    """The full date that ``value`` is, besides a weekday, a time and emphasis marks."""
    m = BARE_RE.fullmatch(value.strip())
    if m is None:
        return None
    written = m["value"].strip(" ,")
    if not (
        ISO_DATE_RE.fullmatch(written)
        or DAY_MONTH_YEAR_RE.fullmatch(written)
        or MONTH_DAY_YEAR_RE.fullmatch(written)
        or _NUMERIC_RE.fullmatch(written)
        or _CJK_RE.fullmatch(written)
    ):
        return None
    if m := _CJK_RE.fullmatch(written):
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC_RE.fullmatch(written):
        return make_date(int(m[3]), int(m[2]), int(m[1]))
    return parse_date(written)


# 17.11.2016 and 05.11.2016: day first, as the region's outlets write them
_NUMERIC_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# 2021年07月20日, as Chinese pages date themselves (with the time written right after it)
_CJK_RE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
