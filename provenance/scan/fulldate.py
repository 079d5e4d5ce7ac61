"""Full calendar dates (year, month and day) in the written forms document metadata uses."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from dateutil import parser as dateutil_parser

LOGGER = logging.getLogger(__name__)

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # Russian genitive and nominative forms: "17 ноября 2016", "ноябрь 2016" is partial
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\.?,?\s+(\d{{4}})(?!\d)", re.I
)
MONTH_DAY_YEAR_RE = re.compile(
    rf"(?<![\w])({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I
)
# dateutil fills missing parts from `default`: parsing with two different defaults and
# getting two different answers means the string was a partial date, which we refuse.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | None:
    """Parse a FULL date (year, month and day) written in a common form.

    Accepts ``2016-11-17``, ISO datetimes, ``2016/11/17``, ``17 November 2016``,
    ``November 17, 2016``, ``Friday, 01 November 2019, 13:47 GMT``, Russian
    ``17 ноября 2016``, and ``date``/``datetime`` objects (from YAML).

    Args:
        value: a string, ``datetime.date`` or ``datetime.datetime``.

    Returns:
        The date, or None for partial dates ("November 2016"), garbage or None.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    # 1. ISO and slashed numeric dates, year first
    if m := ISO_DATE_RE.match(value):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    # 2. "17 November 2016" (also after a weekday, before a time)
    if m := DAY_MONTH_YEAR_RE.search(value):
        return _make_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    # 3. "November 17, 2016"
    if m := MONTH_DAY_YEAR_RE.search(value):
        return _make_date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    # 4. anything else dateutil understands, but only when it is a full date
    try:
        a = dateutil_parser.parse(value, default=_DEFAULT_A)
        b = dateutil_parser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None
