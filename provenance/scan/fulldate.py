"""Full calendar dates (year, month and day) in the written forms document metadata uses."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from dateutil import parser as dateutil_parser

from .datetokens import month_number

LOGGER = logging.getLogger(__name__)

# A month name as written: English or Russian, full or abbreviated. Whether the word
# is a month is for ``datetokens.month_number``, the one month table of the package.
_MONTH_WORD = r"[A-Za-zА-Яа-яЁё]{3,9}"
ISO_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})(?!\d)"
)
MONTH_DAY_YEAR_RE = re.compile(
    rf"(?<![\w])({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)"
)
# dateutil fills missing parts from `default`: parsing with two different defaults and
# getting two different answers means the string was a partial date, which we refuse.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when there is no such day (31 February)."""
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
        return make_date(int(m[1]), int(m[2]), int(m[3]))
    # 2. "17 November 2016" (also after a weekday, before a time)
    for m in DAY_MONTH_YEAR_RE.finditer(value):
        if month := month_number(m[2]):
            return make_date(int(m[3]), month, int(m[1]))
    # 3. "November 17, 2016"
    for m in MONTH_DAY_YEAR_RE.finditer(value):
        if month := month_number(m[1]):
            return make_date(int(m[3]), month, int(m[2]))
    # 4. anything else dateutil understands, but only when it is a full date
    try:
        a = dateutil_parser.parse(value, default=_DEFAULT_A)
        b = dateutil_parser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None
