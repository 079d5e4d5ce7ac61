"""Checkable facts in a sentence: numbers, amounts, percentages, dates, officials, quotations."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Claim

LOGGER = logging.getLogger(__name__)

FACT_KINDS = ("number", "amount", "percentage", "date", "official", "quotation")

# ---------------------------------------------------------------- fact patterns
# Every pattern is bounded (no nested unbounded repeats), so detection stays
# linear in the sentence length. Lookaheads on a first-letter class after a
# word boundary let the regex engine give up early at most positions.

# What a case-insensitive pattern takes for a letter besides its two cases: "İ" and "ı"
# for an "i", the Kelvin sign for a "k", "ſ" for an "s" (a test holds every letter used
# to the flag, over all of Unicode).
_OTHER_CASES = {"i": "İı", "k": "\u212a", "s": "ſ"}


def _any_case(alternatives: str) -> str:
    """``(?i:alternatives)`` spelled so that every alternative opens with a plain letter:
    one alternative per case of its first letter.

    The regex engine passes over an alternative whose plain first letter fails without
    entering it, where it enters a case-insensitive one (forty titles tried at a word
    start cost more than the rest of their pattern). Only one case matches at a place
    and the alternatives keep their order, so the pattern takes what the flag took.
    """
    return "|".join(
        f"{case}(?i:{alt[1:]})"
        for alt in alternatives.split("|")
        for case in alt[0] + alt[0].upper() + _OTHER_CASES.get(alt[0], "")
    )


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
_PREP = f"(?:{_any_case('in|on|since|until|till|by|from|during|last|next|early|late|this')})"
# One word boundary, then a lookahead dispatch to the digit or the letter
# forms: far fewer alternatives are tried per position (2x faster than a flat list).
_DIGIT_DATES = (
    rf"{_DAY}{_MORE_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR_TAIL}"  # 17 November 2016
    rf"|\d{{1,2}}\s+{_MONTH_RU}"
    r"|\d{4}-\d{2}-\d{2}\b|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b"
    r"|(?:19|20)\d{2}s?\b"  # bare years; "2000 troops" is read as a date too
)
DATE_RE = re.compile(
    rf"\b(?:(?=\d)(?:{_DIGIT_DATES})|(?=[^\W\d_])(?:"
    rf"{_MONTH}\s+{_DAY}{_MORE_DAYS}{_YEAR_TAIL}"  # October 20–24, 2016
    rf"|{_MONTH_FULL}\s+\d{{4}}\b"  # November 2016
    rf"|(?:{_PREP}\s+|mid-){_MONTH_FULL}\b(?!\s+\d)"  # in May; "this may" is no month
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?:yesterday|(?:last|this|next|earlier this)\s+(?:week|month|year))\b"
    r"))",
)
# Every letter form holds one of DATE_HINTS: a sentence holding none (three in four with
# digits) is searched for the digit forms alone, a third of the cost.
DIGIT_DATE_RE = re.compile(rf"\b(?=\d)(?:{_DIGIT_DATES})")
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
    rf"|\b(?:(?:tens|hundreds)\s+of\s+)?(?:millions|billions|thousands|hundreds)"
    rf"\s+of\s+{_CURRENCY}",
    re.IGNORECASE,
)
# Amounts need a digit or a plural scale word; checking for these first skips
# the slow amount and percentage patterns for most sentences.
DIGIT_RE = re.compile(r"\d")
ASCII_DIGITS = "0123456789"
SCALE_OF_RE = re.compile(r"(?i:illions|housands|undreds)\s+of\b")
# Spelled-out numbers below ten ("the two militaries", "a five-day exercise") are
# ordinary prose, too common to flag; digits and larger number words are checkable.
# A number is a digit or a number word; the digits are looked for with _has_digit.
_NUMBER_WORDS = (
    "ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    "|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?"
)
NUMBER_WORD_RE = re.compile(rf"\b(?=(?i:[tefsnhmbd]))(?:{_any_case(_NUMBER_WORDS)})\b")
# Not numbers: named things that hold digits. Model and type designations ("Su-30SM",
# "MiG-29", "S-400", "G7", "COVID-19", "P5+1", "Centre1"), ordinals ("201st Military
# Base", "the 21st century"), domain names ("24tv.ua") and events named by a date
# ("9/11", "24/7"). "multi-billion-dollar" is an adjective, not a number.
_TLD = r"\.(?:com|org|net|info|ru|tj|ua|kg|kz|uz|tm|az|am|ge|by|cn|uk|de|fr|eu|io|tv)\b"
_NOT_NUMBERS = (
    r"\b[A-Za-z][A-Za-z]{0,9}-?\d+(?:[A-Za-z][\w]*)?(?:\+\d+)?(?![\w.,]\d)",
    r"\b\d+(?:st|nd|rd|th)\b",
    rf"\b[\w-]+(?:\.[\w-]+)*{_TLD}",  # a domain name
    r"\b(?:9/11|7/7|3/11|26/11|24/7)(?!/?\d)",
    r"\b(?i:multi-?)(?:million|billion|trillion|thousand)\w*",
)
NOT_NUMBER_RE = re.compile("|".join(_NOT_NUMBERS))
# Every domain the pattern takes holds a top-level domain after a dot; a sentence with
# none (nearly all) is blanked by the pattern without its domain branch, which alone
# cost a third of it (35.7 against 22.5 us a sentence, with the 0.5 us search for one).
TLD_RE = re.compile(_TLD)
NOT_NUMBER_BUT_DOMAINS_RE = re.compile("|".join(p for p in _NOT_NUMBERS if _TLD not in p))
# "(?:vice[- ])?president" as its two alternatives, in the order the "?" tries them
_TITLES = (
    "vice[- ]president|president|prime minister|premier|minister|general|colonel|lieutenant"
    "|admiral|marshal|commander|chairman|chairwoman|chairperson|spokesman|spokeswoman"
    "|spokesperson|ambassador|envoy|governor|mayor|deputy|director|secretary|chief|senator"
    "|prosecutor|adviser|advisor|king|emir|sheikh|министр|президент|председатель|генерал"
    "|посол|пресс-секретарь"
)
_TITLE = f"(?:{_any_case(_TITLES)})"
_NAME = r"[A-ZА-ЯЁ][\w'’.-]+"
# A word boundary before a letter, looked for behind the letter: a pattern that opens
# with a capital is tried only where one stands, not at every character (-40%).
_AFTER_WORD_START = r"(?<!\w.)"
# 1. title before the name: "President Emomali Rahmon", "Minister of Defense Sherali
#    Mirzo", or before a country: "President of Tajikistan"
TITLE_FIRST_RE = re.compile(
    rf"\b(?=(?i:[vpmgclasedkмпг])){_TITLE}s?\b\.?,?\s+"
    rf"(?:(?:of|for)\s+(?:the\s+)?(?P<office>{_NAME}(?:\s+(?:and\s+)?{_NAME}){{0,3}}?)"
    rf"(?:,?\s+(?P<after>{_NAME}))?(?![\w'’-])"
    rf"|(?P<name>{_NAME}))"
)
# 2. name before the title: "Sherali Mirzo, the country's defense minister"
NAME_FIRST_RE = re.compile(
    rf"(?P<first>[A-ZА-ЯЁ]{_AFTER_WORD_START}[\w'’.-]+)\s+{_NAME},"
    rf"\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}?{_TITLE}\b"
)
# Capitalised words that are no one's name: institutions, portfolios, companies.
NOT_NAMES = frozenset(
    "Staff Assembly Office Administration Headquarters Council Committee Commission Ministry "
    "Department Affairs Defense Defence Interior Finance Justice Security Economy Economic "
    "Development Trade Industry Energy Health Education Culture Agriculture Transport "
    "Emergency Emergencies Labor Labour Foreign Internal Home Public National Armed Forces "
    "State Intelligence Staffs Motors Electric Dynamics Mills Secretariat Prosecutor "
    "Directorate Command Court Service Services Army Navy Air The A An".split()
)
# Words that open a sentence or a phrase before a comma: "In Central Asia, the minister".
NOT_FIRST_NAMES = frozenset(
    "In On At From For After Before During Since Until With Without By Under Over Across "
    "Within Near Like Unlike Despite Meanwhile However Moreover Also Then Now Today "
    "Yesterday Still Yet So But And Or Nor The This That These Those".split()
)
# Cheap literal pre-checks (C-speed ``in``) that every match of a slow pattern must pass:
# a pattern is only run on a sentence holding a digit or one of its words. DATE_RE is
# case-sensitive bar its prepositions (every month form holds a three-letter prefix,
# every weekday "day"); NUMBER_RE and the titles are case-insensitive, so those words
# are looked for in the lower-cased sentence.
DATE_HINTS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec day week month year".split()
# The same hints as one search, spelled as a tree of their letters: 13% fewer instructions
# than sixteen ``in`` (every month opens with a capital, rare at most places).
DATE_HINT_RE = re.compile(
    r"A(?:pr|ug)|Dec|Feb|J(?:an|u[ln])|Ma[ry]|Nov|Oct|Sep|day|month|week|year"
)
NUMBER_HINTS = (
    "ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion trillion dozen".split()
)
# Every amount holds a currency sign or a currency word, every percentage a "%", a "per"
# and a "cent", or "процент": most sentences with digits (dates, mostly) hold none of them.
CURRENCY_SIGNS = "$€£¥₽"
CURRENCY_HINTS = (
    "dollar euro ruble rouble somoni tenge som manat yuan renminbi hryvnia "
    "usd eur rub tjs kzt kgs uzs cny".split()
)
SCALE_HINTS = ("illions", "housands", "undreds")  # every SCALE_OF_RE match holds one
TITLE_HINTS = (
    "president premier minister general colonel lieutenant admiral marshal commander "
    "chair spokes ambassador envoy governor mayor deputy director secretary chief senator "
    "prosecutor advis emir sheikh министр президент председатель генерал посол "
    "пресс-секретарь".split()
)
# "king" ends "making", "asking" and "speaking": most sentences holding it name no king,
# and the official patterns (a tenth of a sentence's cost) ran for them. Both take a title
# only after a word boundary, so a "king" is only a hint where KING_RE finds it there,
# spelled as the patterns spell it.
LATIN_TITLE_HINTS = tuple(hint for hint in TITLE_HINTS if hint.isascii())
CYRILLIC_TITLE_HINTS = tuple(hint for hint in TITLE_HINTS if not hint.isascii())
KING_RE = re.compile(rf"\b(?:{_any_case('king')})")
PREVIOUS_WORD_RE = re.compile(r"(\w+)\s*\Z")
QUOTE_RE = re.compile(r'"([^"]{1,500})"|“([^”]{1,500})”|«([^»]{1,500})»|„([^“”]{1,500})[“”]')
QUOTE_MIN_WORDS = 3  # shorter quoted spans are mostly scare quotes or names
# A quoted label is not a quotation: 'the so-called "war on terror"', 'dubbed "..."'.
LABEL_BEFORE_RE = re.compile(
    r"(?i:so[- ]called|dubbed|nicknamed|termed|known as|titled|entitled|named|called)\s*\Z"
)


#: An endnote opening its paragraph: "[2] Author's interview, Moscow, March 2023." It
#: names a source, as a citation does: it is no claim that lacks one.
ENDNOTE_RE = re.compile(r"\[(\d{1,3})\]\s")
ENDNOTES_SHOWN = 5
#: An endnote marker in a sentence: "[7]", "[3, 4]", "[3–5]".
MARKER_NUMBER_RE = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


def endnotes_line(texts: Iterable[str]) -> str | None:
    """The document problem to say of the endnotes among uncited sentences, or None: a
    note that a marker points to is read by the scan (``scan.endnotes``), so these have none."""
    marks = [m.group(0).strip() for t in texts if t[:1] == "[" and (m := ENDNOTE_RE.match(t))]
    if not marks:
        return None
    more = f" and {len(marks) - ENDNOTES_SHOWN} more" if len(marks) > ENDNOTES_SHOWN else ""
    shown = ", ".join(marks[:ENDNOTES_SHOWN]) + more
    if len(marks) == 1:
        return (
            f"endnote {shown} is not read as a citation: no marker {shown} in the text points to it"
        )
    return f"endnotes {shown} are not read as citations: no marker in the text points to them"


def note_lines(uncited: Iterable[tuple[int, Claim]], text: str) -> Iterator[str]:
    """The uncited sentences of ``text`` that may be notes: "[n] …" opening its line.
    "…on February 12. [1] The president…" is a marker and a sentence."""
    for _, claim in uncited:
        if claim.text[:1] == "[":
            line = text.rfind("\n", 0, claim.start) + 1
            if not text[line : claim.start].strip():
                yield claim.text


def checkable_facts(text: str) -> list[str]:
    """Which kinds of checkable fact a sentence states, in ``FACT_KINDS`` order.

    A checkable fact is one a source could confirm. Kinds: ``number`` (digits or
    number words from "ten" up, not part of a date, amount or percentage; "two" or
    "five-day" is prose, and names holding digits are no numbers: "Su-30", "G7",
    "COVID-19", "the 201st base", "9/11", "multi-billion-dollar"), ``amount``
    (money), ``percentage``, ``date``, ``official`` (a title next to a person's name,
    or the head of a named place: "President of Tajikistan"; not "General Motors" or
    "the Minister of Defense") and ``quotation`` (a quoted span of at least three
    words that is no label such as 'so-called "..."' and no Title Case name).

    Args:
        text: One sentence.

    Returns:
        The kinds found; empty when the sentence states nothing checkable, or is an
        endnote ("[2] Author's interview, Moscow, March 2023."), which names a source.
    """
    if text[:1] == "[" and ENDNOTE_RE.match(text):
        return []
    found: set[str] = set()
    has_digit = _has_digit(text)
    folded = _fold(text)
    rest = text
    # Blank out amounts, percentages and dates so their digits are not counted
    # again as bare numbers, then the named things that hold digits.
    for kind, pattern in _patterns(text, folded, has_digit):
        rest, hits = pattern.subn(_blank, rest)
        if hits:
            found.add(kind)
    # Only digits left after the blanking, or number words, can make a number.
    if (has_digit and _has_digit(rest)) or _holds_any(folded, NUMBER_HINTS):
        if has_digit or "ulti" in rest:
            pattern = NOT_NUMBER_RE if TLD_RE.search(rest) else NOT_NUMBER_BUT_DOMAINS_RE
            rest = pattern.sub(_blank, rest)
            if "[" in rest:  # "raids had ended [7]": an endnote's marker, no number
                rest = MARKER_NUMBER_RE.sub(_blank, rest)
        # A digit left is a number whatever the words, so the words (a pattern costing
        # 30 us a sentence) are only looked for in a sentence without one.
        if (has_digit and _has_digit(rest)) or any(
            _is_number(rest, m) for m in NUMBER_WORD_RE.finditer(rest)
        ):
            found.add("number")
    if _holds_title(text, folded) and _names_an_official(text):
        found.add("official")
    if _has_quotation(text):
        found.add("quotation")
    return [kind for kind in FACT_KINDS if kind in found]


def _has_digit(text: str) -> bool:
    """``DIGIT_RE.search(text)``; an ASCII sentence is searched for the ten digits with
    ``in`` instead (0.4 against 1.8 us)."""
    if text.isascii():
        for digit in ASCII_DIGITS:
            if digit in text:
                return True
        return False
    return DIGIT_RE.search(text) is not None


def _fold(text: str) -> str:
    """The sentence as the case-insensitive patterns see it, for the hint checks.

    ``casefold`` maps "ſ" to "s" and the Kelvin sign to "k", as the patterns do; they
    also take "ı" and "İ" (casefolded to "i" and a combining dot) for an "i". Folding
    more than the patterns only runs a pattern for nothing; folding less would miss.
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.replace("ı", "i").replace("\u0307", "")
    return folded


def _patterns(text: str, folded: str, has_digit: bool) -> list[tuple[str, re.Pattern[str]]]:
    """The blanking patterns a sentence needs, in order: amount, percentage, date."""
    patterns = []
    if has_digit or (_holds_any(folded, SCALE_HINTS) and SCALE_OF_RE.search(text)):
        if _holds_any(text, CURRENCY_SIGNS) or _holds_any(folded, CURRENCY_HINTS):
            patterns.append(("amount", AMOUNT_RE))
        if has_digit and (
            "%" in text or "процент" in folded or ("per" in folded and "cent" in folded)
        ):
            patterns.append(("percentage", PERCENT_RE))
    if DATE_HINT_RE.search(text) is not None:  # _holds_any(text, DATE_HINTS)
        patterns.append(("date", DATE_RE))
    elif has_digit:
        patterns.append(("date", DIGIT_DATE_RE))
    return patterns


def _holds_any(text: str, hints: Sequence[str]) -> bool:
    """True when ``text`` holds one of ``hints`` (a plain loop: faster than ``any()``)."""
    for hint in hints:
        if hint in text:
            return True
    return False


def _holds_title(text: str, folded: str) -> bool:
    """One of TITLE_HINTS, or a "king" at a word's start: what every official's title holds."""
    if _holds_any(folded, LATIN_TITLE_HINTS):
        return True
    if not folded.isascii() and _holds_any(folded, CYRILLIC_TITLE_HINTS):
        return True
    return "king" in folded and KING_RE.search(text) is not None


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _is_number(text: str, m: re.Match[str]) -> bool:
    """A digit, or a number word that is not part of a name ("the Group of Twenty")."""
    word = m.group(0)
    return word.isdigit() or not word[0].isupper() or not text[: m.start()].strip()


def _names_an_official(text: str) -> bool:
    """A title next to a person's name, or the head of a named country or city."""
    for m in TITLE_FIRST_RE.finditer(text):
        if m["name"] is not None:
            if m["name"].rstrip(".") not in NOT_NAMES:
                return True
        elif m["after"] is not None and m["after"] not in NOT_NAMES:
            return True  # "Minister of Defense Sherali Mirzo"
        elif m["office"] and not NOT_NAMES.intersection(m["office"].split()):
            return True  # "President of Tajikistan"
    for m in NAME_FIRST_RE.finditer(text):
        before = PREVIOUS_WORD_RE.search(text, max(0, m.start() - 40), m.start())
        if before and before[1].capitalize() in NOT_FIRST_NAMES:
            continue  # "In Central Asia, the minister": a place, not a name
        if m["first"] not in NOT_FIRST_NAMES and m["first"] not in NOT_NAMES:
            return True
    return False


def _has_quotation(text: str) -> bool:
    """A quoted span of at least QUOTE_MIN_WORDS words that is not a label or a name."""
    if '"' not in text and "“" not in text and "«" not in text and "„" not in text:
        return False  # every quotation opens with one (19 in 20 sentences hold none)
    for match in QUOTE_RE.finditer(text):
        quoted = next(g for g in match.groups() if g is not None)
        words = quoted.split()
        if len(words) < QUOTE_MIN_WORDS or LABEL_BEFORE_RE.search(text, 0, match.start()):
            continue
        if all(w[0].isupper() or not w[0].isalpha() for w in words):
            continue  # Title Case: the name of an operation, a report or a film
        return True
    return False
