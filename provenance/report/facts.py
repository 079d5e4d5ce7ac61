"""Checkable facts in a sentence: numbers, amounts, percentages, dates, officials, quotations."""

from __future__ import annotations

import logging
import re

LOGGER = logging.getLogger(__name__)

FACT_KINDS = ("number", "amount", "percentage", "date", "official", "quotation")

# ---------------------------------------------------------------- fact patterns
# Every pattern is bounded (no nested unbounded repeats), so detection stays
# linear in the sentence length. Lookaheads on a first-letter class after a
# word boundary let the regex engine give up early at most positions.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_RU = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_DASH = r"[-–—]"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_MORE_DAYS = rf"(?:\s*(?:{_DASH}|,|and)\s*\d{{1,2}}(?![\d,]\d))*"  # "20–24", "20, 21"
_YEAR_TAIL = r"(?:,?\s+\d{4}\b)?"
_PREP = r"(?i:in|on|since|until|till|by|from|during|last|next|early|late|this)"
# One word boundary, then a lookahead dispatch to the digit or the letter
# forms: far fewer alternatives are tried per position (2x faster than a flat list).
DATE_RE = re.compile(
    r"\b(?:(?=\d)(?:"
    rf"{_DAY}{_MORE_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR_TAIL}"  # 17 November 2016
    rf"|\d{{1,2}}\s+{_MONTH_RU}"
    r"|\d{4}-\d{2}-\d{2}\b|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b"
    r"|(?:19|20)\d{2}s?\b"  # bare years; "2000 troops" is read as a date too
    r")|(?=[^\W\d_])(?:"
    rf"{_MONTH}\s+{_DAY}{_MORE_DAYS}{_YEAR_TAIL}"  # October 20–24, 2016
    rf"|{_MONTH_FULL}\s+\d{{4}}\b"  # November 2016
    rf"|(?:{_PREP}\s+|mid-){_MONTH_FULL}\b(?!\s+\d)"  # in May; "this may" is no month
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?:yesterday|(?:last|this|next|earlier this)\s+(?:week|month|year))\b"
    r"))",
)
PERCENT_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b|percent(?:age points?)?\b|процент\w{0,3})",
    re.IGNORECASE,
)
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|bn|mn|m)\b)?"
_CURRENCY = (
    r"(?:dollars?|euros?|rubles?|roubles?|somoni|tenge|soms?|manats?|yuan|renminbi|hryvnias?"
    r"|USD|EUR|RUB|TJS|KZT|KGS|UZS|CNY)\b"
)
AMOUNT_RE = re.compile(
    rf"(?:US\$|[$€£¥₽]|\b(?:USD|EUR|RUB|CNY)\s?)\s?\d[\d,.]*{_SCALE}"
    rf"|\b\d[\d,.]*{_SCALE}\s*{_CURRENCY}"
    rf"|\b(?:millions|billions|thousands|hundreds)\s+of\s+{_CURRENCY}",
    re.IGNORECASE,
)
# Amounts need a digit or a plural scale word; checking for these first skips
# the slow amount and percentage patterns for most sentences.
DIGIT_RE = re.compile(r"\d")
SCALE_OF_RE = re.compile(r"(?i:illions|housands|undreds)\s+of\b")
# Spelled-out numbers below ten ("the two militaries", "a five-day exercise") are
# ordinary prose, too common to flag; digits and larger number words are checkable.
NUMBER_RE = re.compile(
    r"\d|\b(?=[tefsnhmbd])(?:ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b",
    re.IGNORECASE,
)
_TITLE = (
    r"(?i:(?:vice[- ])?president|prime minister|premier|minister|general|colonel|lieutenant"
    r"|admiral|marshal|commander|chairman|chairwoman|chairperson|spokesman|spokeswoman"
    r"|spokesperson|ambassador|envoy|governor|mayor|deputy|director|secretary|chief|senator"
    r"|prosecutor|adviser|advisor|king|emir|sheikh|министр|президент|председатель|генерал"
    r"|посол|пресс-секретарь)"
)
_NAME = r"[A-ZА-ЯЁ][\w'’.-]+"
_NOT_INSTITUTION = r"(?!Staff\b|Assembly\b|Office\b|Administration\b|Headquarters\b)"
OFFICIAL_RE = re.compile(
    # 1. title before the name: "President Emomali Rahmon", "Minister of Defense Sherali Mirzo"
    rf"\b(?=(?i:[vpmgclasedkмпг])){_TITLE}s?\b\.?,?\s+"
    rf"(?:(?:of|for)\s+(?:the\s+)?)?{_NOT_INSTITUTION}{_NAME}"
    # 2. name before the title: "Sherali Mirzo, the country's defense minister"
    rf"|\b{_NAME},\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}?{_TITLE}\b"
)
QUOTE_RE = re.compile(r'"([^"]{1,500})"|“([^”]{1,500})”|«([^»]{1,500})»|„([^“”]{1,500})[“”]')
QUOTE_MIN_WORDS = 3  # shorter quoted spans are mostly scare quotes or names


def checkable_facts(text: str) -> list[str]:
    """Which kinds of checkable fact a sentence states, in ``FACT_KINDS`` order.

    Kinds: ``number`` (digits or number words from "ten" up, not part of a
    date, amount or percentage; "two" or "five-day" is prose), ``amount``
    (money), ``percentage``, ``date``, ``official`` (a title word next to a
    capitalised name) and ``quotation`` (a quoted span of at least three words).

    Args:
        text: One sentence.

    Returns:
        The kinds found; empty when the sentence states nothing checkable.
    """
    found: set[str] = set()
    has_digit = DIGIT_RE.search(text) is not None
    patterns = [("date", DATE_RE)]
    if has_digit or SCALE_OF_RE.search(text):
        patterns = [("amount", AMOUNT_RE), ("percentage", PERCENT_RE), *patterns]
    rest = text
    # Blank out amounts, percentages and dates so their digits are not counted
    # again as bare numbers.
    for kind, pattern in patterns:
        rest, hits = pattern.subn(lambda m: " " * len(m.group(0)), rest)
        if hits:
            found.add(kind)
    if NUMBER_RE.search(rest):
        found.add("number")
    if OFFICIAL_RE.search(text):
        found.add("official")
    for match in QUOTE_RE.finditer(text):
        quoted = next(g for g in match.groups() if g is not None)
        if len(quoted.split()) >= QUOTE_MIN_WORDS:
            found.add("quotation")
            break
    return [kind for kind in FACT_KINDS if kind in found]
