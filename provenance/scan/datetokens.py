"""Date-list tokens: month names, and the tokenizer that splits a written date list.

``tokenize_dates`` turns "Monday, October 20, 24, 2016" into tokens (month-day,
day, year...) that ``provenance.dates.resolve_dates`` turns into dates. Hand-rolled
and dispatched on the first character, so each position costs one small regex.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from .regexes import (
    CJK_DATE_RE,
    DATE_ACCESSED_WORDS,
    DATE_FILLER_RE,
    DATE_NUMBER_RE,
    DATE_PHRASE_RE,
    DATE_PHRASE_WORDS,
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
#: Ukrainian, Kazakh and Tajik month names as written in dates (nominative, genitive and
#: abbreviations): the sources are in those languages as much as in Russian. Kyrgyz
#: writes the Russian names ("5-октябрь").
MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            [
                ("січень", "січня", "січ", "қаңтар", "январ", "январи"),
                ("лютий", "лютого", "лют", "ақпан", "феврал", "феврали"),
                ("березень", "березня", "бер", "наурыз", "марти"),
                ("квітень", "квітня", "квіт", "сәуір", "апрел", "апрели"),
                ("травень", "травня", "трав", "мамыр", "майи"),
                ("червень", "червня", "черв", "маусым", "июн", "июни"),
                ("липень", "липня", "лип", "шілде", "июл", "июли"),
                ("серпень", "серпня", "серп", "тамыз", "августи"),
                ("вересень", "вересня", "вер", "қыркүйек", "сентябр", "сентябри"),
                ("жовтень", "жовтня", "жовт", "қазан", "октябр", "октябри"),
                ("листопад", "листопада", "лист", "қараша", "ноябр", "ноябри"),
                ("грудень", "грудня", "груд", "желтоқсан", "декабр", "декабри"),
            ],
            start=1,
        )
        for name in names
    }
)

#: Uzbek and Azerbaijani months in the Latin script ("3-mart", "12-aprel", "7 avqust"):
#: Uzbek sites (Kun.uz, Gazeta.uz, Daryo) and Azerbaijani ones date their pages so. "may"
#: is the English word already.
MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            [
                ("yanvar",),
                ("fevral",),
                ("mart",),
                ("aprel",),
                ("may",),
                ("iyun",),
                ("iyul",),
                ("avgust", "avqust"),
                ("sentabr", "sentyabr"),
                ("oktabr", "oktyabr"),
                ("noyabr",),
                ("dekabr",),
            ],
            start=1,
        )
        for name in names
    }
)

#: Tokens dropped from a date list ("Monday", "14:05"): a list of only these has no dates.
UNDATED_KINDS = frozenset({"wd", "time"})
#: Tokens that do not make a parenthetical a date aside: "(since 14:00)", "(the same day)".
ASIDE_UNDATED_KINDS = frozenset({"wd", "day", "acc", "time", "same"})


class DateToken(NamedTuple):
    """One token of a date list; offsets index the string that was tokenised.

    ``kind`` is one of "acc" (accessed marker), "iso", "dmy", "slash" (``month`` and
    ``day`` hold the first and second numbers as written: ``dates`` orders them), "dm", "md",
    "mon" (month alone), "year", "day" (bare day number), "wd" (weekday name), "time" (a
    clock time: "14:05", "at 10:30 a.m.") and "same" ("the same day": the date before it).
    The citation grammar adds "dotted", a day and month "17.03" read as a date only after
    an outlet (``items._day_month_slot``): ``tokenize_dates`` never makes one.
    """

    kind: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    month_text: str = ""  # the month as written, e.g. "Oct."


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
        The tokens in order (separators, weekday names and clock times dropped: "Monday,
        October 3, 14:05"); None when some part of the span is not part of a date, or when
        the span holds nothing but separators.
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
        if token.kind in UNDATED_KINDS:
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
        return _number_token(text, pos, end)
    # 3. words: months ("Oct. 20", "October"), weekdays, "accessed", "and"
    return _word_token(text, pos, end)


def _number_token(text: str, pos: int, end: int) -> tuple[DateToken | None, int] | None:
    """The date token of a number at ``pos``: 2016-10-20, 20.10.2016, 2016, 20, 20 October."""
    m = DATE_NUMBER_RE.match(text, pos, end)
    if m is None:
        return _cjk_token(text, pos, end)
    g = m.group
    if g("iso_y"):
        return DateToken(
            "iso", pos, m.end(), int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
        ), m.end()
    if g("dmy_y"):
        return DateToken(
            "dmy", pos, m.end(), int(g("dmy_y")), int(g("dmy_m")), int(g("dmy_d"))
        ), m.end()
    if g("sl_y"):
        year = int(g("sl_y"))
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        # month and day as written; ``dates`` orders them (the writing's locale)
        return DateToken("slash", pos, m.end(), year, int(g("sl_a")), int(g("sl_b"))), m.end()
    if g("year"):
        return DateToken("year", pos, m.end("year"), int(g("year"))), m.end()
    if g("clock"):  # "May 3, 14:05": the hour of that day, not two more days
        return DateToken("time", pos, m.end()), m.end()
    name = g("month")
    month = month_number(name) if name else None
    if month is None:
        return DateToken("day", pos, m.end("day"), day=int(g("day"))), m.end("day")
    name += g("dot") or ""
    return DateToken("dm", pos, m.end(), None, month, int(g("day")), name), m.end()


def _cjk_token(text: str, pos: int, end: int) -> tuple[DateToken | None, int] | None:
    """A Chinese date at ``pos``: 2016年2月28日, 2016年2月, 2月28日, 2月, 28日, 2016年."""
    m = CJK_DATE_RE.match(text, pos, end)
    if m is None or m.end() == pos:
        return None
    year, month, day = (int(v) if v else None for v in m.group("y", "m", "d"))
    if month is None:
        if day is None:
            return DateToken("year", pos, m.end(), year), m.end()
        return (DateToken("day", pos, m.end(), day=day), m.end()) if year is None else None
    if year is not None:  # "iso" with no day: a month of a year ("2016-02")
        return DateToken("iso", pos, m.end(), year, month, day), m.end()
    kind = "mon" if day is None else "md"
    return DateToken(kind, pos, m.end(), None, month, day, m.group()), m.end()


def _word_token(text: str, pos: int, end: int) -> tuple[DateToken | None, int] | None:
    """The date token of a word at ``pos``: a month ("Oct. 20", "October"), a weekday,
    "accessed", a phrase ("at 14:05", "the same day"); None as the token for a joining word
    ("and", "the end of"); None if no date word."""
    m = DATE_WORD_RE.match(text, pos, end)
    if m is None:
        return None
    word = m.group("word").lower()
    # the word is letters only and lowercased: a plain lookup, except for Russian stems
    month = MONTHS.get(word)
    if month is None and not word.isascii():
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
    if word in ("q", "h") and m.group("day") and int(m.group("day")) <= 4:
        return None, m.end()  # "Q3 2016", "H1 2016": the year's
    if word in DATE_PHRASE_WORDS and (p := DATE_PHRASE_RE.match(text, pos, end)):
        kind = "time" if p.group("clock") else "same" if p.group("same") else None
        return (None if kind is None else DateToken(kind, pos, p.end())), p.end()
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
            dated = dated or (token is not None and token.kind not in ASIDE_UNDATED_KINDS)
            continue
        m = DATE_FILLER_RE.match(text, pos, end)
        if m is None or m.end() == pos:
            return False
        dated = dated or m.group("decade") is not None
        pos = m.end()
    return dated
