"""Citation date grammar: resolve date-list runs and infer missing years (tokens: datetokens).

Hand-rolled on purpose: dateutil and dateparser read "October 20, 24" as 2024-10-20.

A date list is read as *runs*: month-day entries ("October 20", "21", "20 October")
collect until a year closes the run, and that year applies to every entry of the
run ("June 9, 12, 2016" → 2016-06-09 and 2016-06-12). Entries of a run that no
year closes get their year inferred from the publication date.

Choices worth knowing:

- Invalid dates (February 30, October 45, month 13) keep their year and get
  ``anomaly="invalid-date"``; the impossible parts (day, and month if it is the
  month that is wrong) are dropped, so ``iso`` is "2016-02" rather than an
  impossible "2016-02-30", and ``as_date()`` is None.
- Only one anomaly is kept, by priority: invalid-date, year-unknown, after-publication,
  ambiguous-date (a slash date such as "3/10/2016" that reads both ways).
- Accessed dates are never flagged "after-publication" (reading a source later is normal).
- ``year_inferred`` is True only when a year was filled in: with no publication date
  the year stays None ("year-unknown") and ``year_inferred`` is False.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import replace
from typing import Any, NamedTuple

from ..models import CitedDate
from .datetokens import MONTHS, DateToken, is_date_aside, month_number, tokenize_dates
from .dayorder import day_first_hint
from .regexes import LEAD_YEAR

#: A year that leads the dates after it (``_Runs.year``).
LEAD_YEAR_RE = re.compile(LEAD_YEAR)

__all__ = [
    "MONTHS",
    "DateToken",
    "DateSpec",
    "DatedEntry",
    "dated",
    "day_first_hint",
    "infer_year",
    "is_date_aside",
    "make_date",
    "month_number",
    "parse_date",
    "parse_dates",
    "resolve_dates",
    "resolve_specs",
    "same_day",
    "tokenize_dates",
]

LOGGER = logging.getLogger(__name__)

DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: How far back year inference looks for a leap year when the date is February 29.
LEAP_LOOKBACK = 8


class DatedEntry(NamedTuple):
    """A resolved date of a date list, with whether it was an "accessed" date.

    ``date`` is a ``DateSpec`` in what ``resolve_specs`` returns, None for "the same
    day" (always its list's first entry: the grammar gives it the date cited before).
    """

    date: Any  # CitedDate, or a DateSpec before the publication date is applied
    accessed: bool
    start: int  # offsets of the entry's own token in the tokenised string
    end: int


def resolve_dates(
    text: str,
    tokens: list[DateToken],
    published: dt.date | None,
    day_first: bool | None = None,
) -> list[DatedEntry] | None:
    """Turn date tokens into dates, applying run years and year inference.

    Args:
        text: the string the tokens index (for ``CitedDate.text``).
        tokens: from ``tokenize_dates`` (possibly several concatenated lists).
        published: the publication date of the document, if known.
        day_first: how the writing orders slash dates ("3/10/2016"): True day first,
            False or None month first (American English, the default). A slash date
            that reads both ways is read so and flagged ``anomaly="ambiguous-date"``.

    Returns:
        The dates in text order; None when a bare day number has no month
        ("(News.tj, 24)").
    """
    entries = resolve_specs(text, tokens, day_first)
    if entries is None:
        return None
    # "the same day" names no date of its own outside a citation
    return [e._replace(date=dated(e.date, published)) for e in entries if e.date is not None]


def resolve_specs(
    text: str, tokens: list[DateToken], day_first: bool | None = None
) -> list[DatedEntry] | None:
    """``resolve_dates`` before the publication date is known: each entry's ``date`` is
    a ``DateSpec``, which ``dated(spec, published)`` turns into the CitedDate.

    What a date list reads as does not depend on the publication date, only the years
    inferred and the anomalies do; so the grammar memoises a citation on its text alone
    and each document applies its own date afterwards.
    """
    runs = _Runs(text, bool(day_first))
    for tok in tokens:
        if not runs.add(tok):
            return None
    return runs.finish()


def same_day(entries: tuple, cited: list) -> tuple:
    """A "same day" entry takes the last DateSpec in ``cited``: it names no day of its own."""
    spec = next((s for s in reversed(cited) if s is not None), None)
    return tuple(e if e.date else e._replace(date=spec) for e in entries if e.date or spec)


#: A date as read, before year inference: (text, year, month, day, explicit, check_after,
#: ambiguous), the arguments of ``make_date`` but the publication date, and whether it is
#: a slash date that reads both ways (flagged "ambiguous-date" when nothing worse is).
DateSpec = tuple[str, int | None, int | None, int | None, bool, bool, bool]


@functools.lru_cache(maxsize=65536)
def dated(spec: DateSpec, published: dt.date | None) -> CitedDate:
    """The CitedDate of a ``DateSpec`` in a document published on ``published``.

    Memoised: a corpus repeats few (date as written, publication date) pairs, and equal
    CitedDates may be shared (they are frozen).
    """
    text, year, month, day, explicit, check_after, ambiguous = spec
    date = make_date(text, year, month, day, published, explicit, check_after)
    if ambiguous and date.anomaly is None:
        return replace(date, anomaly="ambiguous-date")
    return date


class _Runs:
    """The state of ``resolve_dates``: finished entries and the run waiting for a year."""

    __slots__ = ("text", "out", "run", "orphans", "month", "accessed", "day_first", "lead")

    def __init__(self, text: str, day_first: bool = False):
        self.text, self.day_first = text, day_first
        self.out: list[DatedEntry] = []
        self.run: list[tuple[DateToken, int | None, str]] = []  # entries waiting for a year
        self.orphans: list[DateToken] = []  # bare days before their month: "20, 21 October"
        self.month: tuple[int | None, str] | None = None  # month context for bare days
        self.accessed = False
        self.lead: DateToken | None = None  # a year written before its dates: "2019-yil"

    def add(self, tok: DateToken) -> bool:
        """Take one token; False when the list turns out broken (a day without a month)."""
        text, kind = self.text, tok.kind
        # 1. "accessed": dates before it are publication dates, dates after it are not.
        if kind == "acc":
            self.close(None)
            self.accessed, self.month = True, None
        # 2. complete dates: ISO 2016-10-20 or 20.10.2016; "the same day" opens its list
        elif kind == "same":
            if self.out or self.run or self.orphans:
                return False
            self.out.append(DatedEntry(None, self.accessed, tok.start, tok.end))
        elif kind in ("iso", "dmy"):
            self.close(None)
            self.single(tok, tok.month, tok.day)
        elif kind == "slash":
            self.close(None)
            self.slash(tok)
        # 3. a year closes the run, or stands alone: "(Minfin.gov.kz, 2015)"
        elif kind == "year":
            return self.year(tok)
        # 4. a bare day continues the month in context, or waits for one
        elif kind == "day":
            if self.month is None:
                self.orphans.append(tok)
            else:
                self.run.append(
                    (tok, self.month[0], f"{self.month[1]} {text[tok.start : tok.end]}")
                )
        # 5. month-day, day-month, month alone; day and month "17.03", which a year may
        # close but no bare day continues ("17.03, 18" is no March 18)
        else:
            mtext = tok.month_text
            if kind == "dm":
                self.run.extend(
                    (o, tok.month, f"{text[o.start : o.end]} {mtext}") for o in self.orphans
                )
                self.orphans.clear()
            elif self.orphans:
                return False
            self.run.append((tok, tok.month, text[tok.start : tok.end]))
            self.month = None if kind == "dotted" else (tok.month, mtext)
        return True

    def year(self, tok: DateToken) -> bool:
        """Take a year: it closes the run, or stands alone ("(Minfin.gov.kz, 2015)"), or
        leads the dates after it (Uzbek "2019-yil 5-iyun"); False after orphan days."""
        if self.orphans:
            return False
        if not self.run and LEAD_YEAR_RE.match(self.text, tok.end):
            self.lead = tok
        elif self.run:
            self.close(tok)
        else:
            self.single(tok, None, None)
        self.month = None
        return True

    def single(
        self, tok: DateToken, month: int | None, day: int | None, ambiguous: bool = False
    ) -> None:
        """Append a date whose year is written in its own token (ISO date, lone year)."""
        written = self.text[tok.start : tok.end]
        spec = (written, tok.year, month, day, True, not self.accessed, ambiguous)
        self.out.append(DatedEntry(spec, self.accessed, tok.start, tok.end))

    def slash(self, tok: DateToken) -> None:
        """Append a slash date ("3/10/2016"), ordered by its numbers or the writing's locale."""
        first, second = tok.month or 0, tok.day or 0
        if first > 12 >= second:
            day_first, ambiguous = True, False
        elif second > 12 >= first:
            day_first, ambiguous = False, False
        else:
            day_first, ambiguous = self.day_first, first != second
        month, day = (second, first) if day_first else (first, second)
        self.single(tok, month, day, ambiguous)

    def close(self, year: DateToken | None) -> None:
        """Close the waiting run with ``year`` (None: infer the years)."""
        _close_run(self.text, self.run, year or self.lead, self.accessed, self.out)

    def finish(self) -> list[DatedEntry] | None:
        """The entries, after closing the last run; None when bare days never got a month."""
        if self.orphans:
            return None
        self.close(None)
        if self.lead is not None and not self.out:  # "(Daryo, 2019-yil)": the year alone
            self.single(self.lead, None, None)
        return self.out


def _close_run(
    text: str,
    run: list[tuple[DateToken, int | None, str]],
    year: DateToken | None,
    accessed: bool,
    out: list[DatedEntry],
) -> None:
    """Give every entry of ``run`` the ``year`` token (None: infer it), append to ``out``."""
    for tok, mon, written in run:
        if year is None:
            date: DateSpec = (written, None, mon, tok.day, False, not accessed, False)
        else:
            if year.end <= tok.start:  # "2019-yil 5-iyun": the year written first
                written = f"{text[year.start : tok.start].rstrip(' ,')} {written}"
            elif written == text[tok.start : tok.end] and not text[tok.end : year.start].strip(
                " ,"
            ):
                written = text[tok.start : year.end]  # "October 16, 2013" as written
            else:
                joiner = ", " if written[-1:].isdigit() else " "
                written = f"{written}{joiner}{text[year.start : year.end]}"
            date = (written, year.year, mon, tok.day, True, not accessed, False)
        out.append(DatedEntry(date, accessed, tok.start, tok.end))
    run.clear()


def make_date(
    text: str,
    year: int | None,
    month: int | None,
    day: int | None,
    published: dt.date | None,
    explicit: bool | None = None,
    check_after: bool = True,
) -> CitedDate:
    """Build a CitedDate, inferring a missing year and flagging anomalies.

    Args:
        text: the date as written.
        year: the written year, or None to infer it.
        month: 1-12 or None (year-only date); other numbers are invalid.
        day: day of month or None.
        published: the document's publication date, if known.
        explicit: whether the year was written (default: ``year is not None``).
        check_after: flag a written date later than ``published`` (False for
            "accessed" dates: reading a source after publishing is no anomaly).

    Returns:
        The CitedDate. See the module docstring for the anomaly rules.
    """
    explicit = year is not None if explicit is None else explicit
    invalid = False
    if month is not None and not 1 <= month <= 12:
        month, day, invalid = None, None, True
    if year is None:
        year = infer_year(month or 1, day or 1, published) if published else None
    if month is not None and day is not None:
        leap_ok = year is None and (month, day) == (2, 29)
        if not leap_ok and not 1 <= day <= _days_in_month(year, month):
            day, invalid = None, True
    anomaly = None
    if invalid:
        anomaly = "invalid-date"
    elif year is None:
        anomaly = "year-unknown"
    elif explicit and check_after and published is not None and _after(year, month, day, published):
        anomaly = "after-publication"
    # An unknown year was not inferred: year_inferred says a year was filled in.
    inferred = not explicit and year is not None
    return CitedDate(text, year, month, day, year_inferred=inferred, anomaly=anomaly)


def _days_in_month(year: int | None, month: int) -> int:
    """Days in ``month`` of ``year`` (a common year when the year is unknown)."""
    if month == 2:
        return 29 if year is not None and calendar.isleap(year) else 28
    return DAYS_IN_MONTH[month]


def _after(year: int, month: int | None, day: int | None, published: dt.date) -> bool:
    """True when a date, at its own precision, is later than ``published``."""
    if month is None:
        return year > published.year
    if day is None:
        return (year, month) > (published.year, published.month)
    return (year, month, day) > (published.year, published.month, published.day)


def infer_year(month: int, day: int, published: dt.date) -> int:
    """The latest year that does not put ``month``/``day`` after ``published``.

    Args:
        month: 1-12.
        day: day of the month (1 for a month-only date).
        published: the publication date.

    Returns:
        The year. February 29 goes to the latest leap year at or before
        ``published``; impossible days (February 30) compare as written.
    """
    year = (
        published.year if (month, day) <= (published.month, published.day) else published.year - 1
    )
    if (month, day) == (2, 29):
        for candidate in range(year, year - LEAP_LOOKBACK, -1):
            if calendar.isleap(candidate):
                return candidate
    return year


def parse_dates(text: str, published: dt.date | None = None) -> list[CitedDate]:
    """Parse a whole string as a date list: "October 20, 21, 2016".

    Args:
        text: the date list, nothing else.
        published: the document's publication date, for year inference.

    Returns:
        The dates (accessed or not) in order; [] when ``text`` is not a date list.
    """
    tokens = tokenize_dates(text)
    entries = resolve_dates(text, tokens, published) if tokens else None
    return [e.date for e in entries or ()]


def parse_date(text: str, published: dt.date | None = None) -> CitedDate | None:
    """Parse a string holding exactly one date: "17 November 2016", "Oct. 20".

    Args:
        text: the date.
        published: the document's publication date, for year inference.

    Returns:
        The date, or None when ``text`` is not exactly one date.
    """
    dates = parse_dates(text, published)
    return dates[0] if len(dates) == 1 else None
