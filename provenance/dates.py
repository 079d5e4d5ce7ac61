"""Citation date grammar: tokenise written date lists, resolve runs, infer missing years.

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
- Only one anomaly is kept, by priority: invalid-date, year-unknown, after-publication.
- Accessed dates are never flagged "after-publication" (reading a source later is normal).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from typing import NamedTuple

from .models import CitedDate
from .regexes import (
    DATE_ACCESSED_WORDS,
    DATE_FILLER_RE,
    DATE_NUMBER_RE,
    DATE_SEP_CHARS,
    DATE_SEP_RE,
    DATE_SEP_WORDS,
    DATE_WORD_RE,
    MONTH_RU_RE,
    WEEKDAYS,
)

LOGGER = logging.getLogger(__name__)

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "янв"),
            ("february", "feb", "фев"),
            ("march", "mar", "мар"),
            ("april", "apr", "апр"),
            ("may", "май", "мая"),
            ("june", "jun", "июн"),
            ("july", "jul", "июл"),
            ("august", "aug", "авг"),
            ("september", "sep", "sept", "сен"),
            ("october", "oct", "окт"),
            ("november", "nov", "ноя"),
            ("december", "dec", "дек"),
        ],
        start=1,
    )
    for name in names
}

DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: How far back year inference looks for a leap year when the date is February 29.
LEAP_LOOKBACK = 8


class DateToken(NamedTuple):
    """One token of a date list; offsets index the string that was tokenised.

    ``kind`` is one of "acc" (accessed marker), "iso", "dmy", "dm", "md",
    "mon" (month alone), "year", "day" (bare day number), "wd" (weekday name).
    """

    kind: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    month_text: str = ""  # the month as written, e.g. "Oct."


class DatedEntry(NamedTuple):
    """A resolved date of a date list, with whether it was an "accessed" date."""

    date: CitedDate
    accessed: bool
    start: int  # offsets of the entry's own token in the tokenised string
    end: int


def month_number(name: str) -> int | None:
    """The month number of an English or Russian month name or abbreviation.

    Args:
        name: e.g. "Oct.", "September", "Sept", "октября".

    Returns:
        1-12, or None when ``name`` is not a month.
    """
    key = name.strip().rstrip(".").lower()
    if key in MONTHS:
        return MONTHS[key]
    if key[:1].isascii() or not MONTH_RU_RE.fullmatch(key):
        return None
    return MONTHS.get(key[:3])


def tokenize_dates(text: str, start: int = 0, end: int | None = None) -> list[DateToken] | None:
    """Split ``text[start:end]`` into date tokens, or None if anything else is there.

    Args:
        text: the string holding the date list.
        start: where the list begins.
        end: where it ends (default: end of ``text``).

    Returns:
        The tokens in order (separators and weekday names dropped: "Monday, October 3");
        None when some part of the span is not part of a date, or when the span holds
        nothing but separators.
    """
    end = len(text) if end is None else end
    tokens: list[DateToken] = []
    pos, weekday = start, False
    while pos < end:
        step = _next_token(text, pos, end)
        if step is None:
            return None
        token, pos = step
        if token is None:
            continue
        if token.kind == "wd":
            weekday = True
        else:
            tokens.append(token)
    return tokens if tokens or weekday else None


def _next_token(text: str, pos: int, end: int) -> tuple[DateToken | None, int] | None:
    """The date token at ``pos`` (None for a separator) and where it ends; None if no date.

    Dispatches on the first character so that each position costs one small regex
    and a dictionary lookup, not a trial of every date form.
    """
    c = text[pos]
    # 1. separators: ", ", " – ", " & "
    if c.isspace() or c in DATE_SEP_CHARS:
        return None, DATE_SEP_RE.match(text, pos, end).end()  # type: ignore[union-attr]
    # 2. numbers: 2016-10-20, 20.10.2016, 2016, 20, 20 October
    if c.isdigit():
        m = DATE_NUMBER_RE.match(text, pos, end)
        if m is None:
            return None
        g = m.group
        if g("iso_y"):
            return DateToken("iso", pos, m.end(), int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))), m.end()
        if g("dmy_y"):
            return DateToken("dmy", pos, m.end(), int(g("dmy_y")), int(g("dmy_m")), int(g("dmy_d"))), m.end()
        if g("year"):
            return DateToken("year", pos, m.end("year"), int(g("year"))), m.end()
        name = g("month")
        month = month_number(name) if name else None
        if month is None:
            return DateToken("day", pos, m.end("day"), day=int(g("day"))), m.end("day")
        name += g("dot") or ""
        return DateToken("dm", pos, m.end(), None, month, int(g("day")), name), m.end()
    # 3. words: months ("Oct. 20", "October"), weekdays, "accessed", "and"
    m = DATE_WORD_RE.match(text, pos, end)
    if m is None:
        return None
    word = m.group("word").lower()
    month = month_number(word)
    if month is not None:
        name = text[pos : m.end("dot") if m.group("dot") else m.end("word")]
        if m.group("day"):
            return DateToken("md", pos, m.end(), None, month, int(m.group("day")), name), m.end()
        return DateToken("mon", pos, pos + len(name), None, month, None, name), pos + len(name)
    stop = m.end("dot") if m.group("dot") else m.end("word")
    if word in WEEKDAYS:
        return DateToken("wd", pos, stop), stop
    if word in DATE_ACCESSED_WORDS:
        return DateToken("acc", pos, m.end("word")), m.end("word")
    if word in DATE_SEP_WORDS:
        return None, m.end("word")
    return None


def is_date_aside(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` is only dates and filler words: "(in late 2016)".

    Args:
        text: the string.
        start: span start.
        end: span end (default: end of ``text``).

    Returns:
        True when the span holds at least one month or year and nothing but dates,
        separators and filler words ("in", "since", "late", "mid-", ...).
    """
    end = len(text) if end is None else end
    pos, dated = start, False
    while pos < end:
        step = _next_token(text, pos, end)
        if step is not None and step[1] > pos:
            token, pos = step
            dated = dated or (token is not None and token.kind not in ("wd", "day", "acc"))
            continue
        m = DATE_FILLER_RE.match(text, pos, end)
        if m is None or m.end() == pos:
            return False
        dated = dated or m.group("decade") is not None
        pos = m.end()
    return dated


def resolve_dates(
    text: str, tokens: list[DateToken], published: dt.date | None
) -> list[DatedEntry] | None:
    """Turn date tokens into dates, applying run years and year inference.

    Args:
        text: the string the tokens index (for ``CitedDate.text``).
        tokens: from ``tokenize_dates`` (possibly several concatenated lists).
        published: the publication date of the document, if known.

    Returns:
        The dates in text order; None when a bare day number has no month
        ("(News.tj, 24)").
    """
    out: list[DatedEntry] = []
    run: list[tuple[DateToken, int | None, str]] = []  # entries waiting for a year
    orphans: list[DateToken] = []  # bare days before their month: "20, 21 October"
    month: tuple[int | None, str] | None = None  # month context for bare days
    accessed = False
    for tok in tokens:
        # 1. "accessed": dates before it are publication dates, dates after it are not.
        if tok.kind == "acc":
            _close_run(text, run, None, published, accessed, out)
            accessed, month = True, None
        # 2. complete dates: ISO 2016-10-20 or 20.10.2016
        elif tok.kind in ("iso", "dmy"):
            _close_run(text, run, None, published, accessed, out)
            written = text[tok.start : tok.end]
            date = make_date(written, tok.year, tok.month, tok.day, published, True, not accessed)
            out.append(DatedEntry(date, accessed, tok.start, tok.end))
        # 3. a year closes the run, or stands alone: "(Minfin.gov.kz, 2015)"
        elif tok.kind == "year":
            if orphans:
                return None
            if run:
                _close_run(text, run, tok, published, accessed, out)
            else:
                written = text[tok.start : tok.end]
                date = make_date(written, tok.year, None, None, published, True, not accessed)
                out.append(DatedEntry(date, accessed, tok.start, tok.end))
            month = None
        # 4. a bare day continues the month in context, or waits for one
        elif tok.kind == "day":
            if month is None:
                orphans.append(tok)
            else:
                run.append((tok, month[0], f"{month[1]} {text[tok.start:tok.end]}"))
        # 5. month-day, day-month, month alone
        else:
            mtext = tok.month_text
            if tok.kind == "dm":
                run.extend((o, tok.month, f"{text[o.start:o.end]} {mtext}") for o in orphans)
                orphans.clear()
            elif orphans:
                return None
            run.append((tok, tok.month, text[tok.start : tok.end]))
            month = (tok.month, mtext)
    if orphans:
        return None
    _close_run(text, run, None, published, accessed, out)
    return out


def _close_run(
    text: str,
    run: list[tuple[DateToken, int | None, str]],
    year: DateToken | None,
    published: dt.date | None,
    accessed: bool,
    out: list[DatedEntry],
) -> None:
    """Give every entry of ``run`` the ``year`` token (None: infer it), append to ``out``."""
    for tok, mon, written in run:
        if year is None:
            date = make_date(written, None, mon, tok.day, published, False, not accessed)
        else:
            if written == text[tok.start : tok.end] and not text[tok.end : year.start].strip(" ,"):
                written = text[tok.start : year.end]  # "October 16, 2013" as written
            else:
                joiner = ", " if written[-1:].isdigit() else " "
                written = f"{written}{joiner}{text[year.start:year.end]}"
            date = make_date(written, year.year, mon, tok.day, published, True, not accessed)
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
    return CitedDate(text, year, month, day, year_inferred=not explicit, anomaly=anomaly)


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
    year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
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
