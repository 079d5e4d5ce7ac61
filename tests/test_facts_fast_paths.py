"""Checkable facts: every faster spelling of a pattern is held to the pattern it replaced."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.report import facts as f

# ------------------------------------------------------ the patterns as they were
OLD_PREP = r"(?i:in|on|since|until|till|by|from|during|last|next|early|late|this)"
OLD_TITLE = (
    r"(?i:(?:vice[- ])?president|prime minister|premier|minister|general|colonel|lieutenant"
    r"|admiral|marshal|commander|chairman|chairwoman|chairperson|spokesman|spokeswoman"
    r"|spokesperson|ambassador|envoy|governor|mayor|deputy|director|secretary|chief|senator"
    r"|prosecutor|adviser|advisor|king|emir|sheikh|министр|президент|председатель|генерал"
    r"|посол|пресс-секретарь)"
)
OLD_DATE_RE = re.compile(
    r"\b(?:(?=\d)(?:"
    rf"{f._DAY}{f._MORE_DAYS}\s+(?:of\s+)?{f._MONTH}{f._YEAR_TAIL}"
    rf"|\d{{1,2}}\s+{f._MONTH_RU}"
    r"|\d{4}-\d{2}-\d{2}\b|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b"
    r"|(?:19|20)\d{2}s?\b"
    r")|(?=[^\W\d_])(?:"
    rf"{f._MONTH}\s+{f._DAY}{f._MORE_DAYS}{f._YEAR_TAIL}"
    rf"|{f._MONTH_FULL}\s+\d{{4}}\b"
    rf"|(?:{OLD_PREP}\s+|mid-){f._MONTH_FULL}\b(?!\s+\d)"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?:yesterday|(?:last|this|next|earlier this)\s+(?:week|month|year))\b"
    r"))",
)
OLD_NUMBER_RE = re.compile(
    r"\d|\b(?=[tefsnhmbd])(?:ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b",
    re.IGNORECASE,
)
OLD_TITLE_FIRST_RE = re.compile(
    rf"\b(?=(?i:[vpmgclasedkмпг])){OLD_TITLE}s?\b\.?,?\s+"
    rf"(?:(?:of|for)\s+(?:the\s+)?(?P<office>{f._NAME}(?:\s+(?:and\s+)?{f._NAME}){{0,3}}?)"
    rf"(?:,?\s+(?P<after>{f._NAME}))?(?![\w'’-])"
    rf"|(?P<name>{f._NAME}))"
)
OLD_NAME_FIRST_RE = re.compile(
    rf"\b(?P<first>{f._NAME})\s+{f._NAME},\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}?"
    rf"{OLD_TITLE}\b"
)


def old_has_quotation(text: str) -> bool:
    for match in f.QUOTE_RE.finditer(text):
        quoted = next(g for g in match.groups() if g is not None)
        words = quoted.split()
        if len(words) < f.QUOTE_MIN_WORDS or f.LABEL_BEFORE_RE.search(text, 0, match.start()):
            continue
        if all(w[0].isupper() or not w[0].isalpha() for w in words):
            continue
        return True
    return False


# ------------------------------------------------------------------- the letters
def test_each_first_letter_class_is_what_the_flag_takes_over_all_of_unicode() -> None:
    words = f"{f._TITLES}|{f._NUMBER_WORDS}|in|on|since|until|till|by|from|during|last|this"
    letters = sorted({w[0] for w in words.split("|")})
    flagged = re.compile(f"(?i:[{''.join(letters)}])")
    # only a character the flag takes for one of the letters can differ
    taken = [chr(c) for c in range(sys.maxunicode + 1) if flagged.fullmatch(chr(c))]
    for letter in letters:
        cases = letter + letter.upper() + f._OTHER_CASES.get(letter, "")
        expected = {c for c in taken if re.fullmatch(f"(?i:{letter})", c)}
        assert set(cases) == expected, letter


def _texts(parts: str) -> st.SearchStrategy[str]:
    words = st.sampled_from(parts.split("|")) | st.text(max_size=3)
    return st.lists(words, max_size=14).map("".join)


def _shapes(*slots: str) -> st.SearchStrategy[str]:
    """One of each slot's parts in turn: the shapes the patterns take, and near-misses."""
    return st.tuples(*(st.sampled_from(slot.split("|")) for slot in slots)).map("".join)


_SEP = "| |  |,|, |.|-|–|\n|(|'|’|_|x|5"
_TITLES = "President|PRESIDENT|Vice-President|vice president|Prime Minister|prime  minister|"
_TITLES += "Premier|ministers|Mİnister|mınister|ſecretary|\u212aing|Emir|General|chairmen|"
_TITLES += "Chairwoman|spokesman|Adviser|Spokes|министр|Президент|посол"
_NAMES = "Sherali|Mirzo|Defense|Staff|Motors|In|However|Central|Рахмон|Ёлкин|sherali"
_TITLE_TEXT = (
    _texts(f"{_TITLES}|{_NAMES}|of|for|the|a|an|and|country's{_SEP}")
    | _shapes(_SEP, _TITLES, _SEP, "of |for |of the |", _NAMES, _SEP, _NAMES, _SEP)
    | _shapes(_SEP, _NAMES, " ", _NAMES, ", |,| , ", "the |a |", "country's |", _TITLES, _SEP)
)
_PREPS = "in |In |İn |ın |ſince |SINCE |until |till |By |from |during |last |Last |next |"
_PREPS += "early |late |this |mid-|of |"
_MONTHS = "May|may|January|Jan|Jan.|Sept.|September|Dec|Monday|Sunday|yesterday|week|year|"
_MONTHS += "month|this year|last week|earlier this month"
_DAYS = "| 5| 5th|17 |20–24|, 21| and 22|, 2016| 2016|1999s|12.05.2020|2020-01-02| марта"
_DATE_TEXT = _texts(f"{_PREPS}{_MONTHS}|{_DAYS}|2000 troops|4 |0{_SEP}") | _shapes(
    _SEP, _DAYS, _SEP, _PREPS, _MONTHS, _DAYS, _SEP, _PREPS, _MONTHS, _DAYS
)
_NUMBER_WORDS = "ten|Ten|TEN|tens|eleven|twenty|Twenty-five|Twenty|hundreds|HUNDRED|mıllion|"
_NUMBER_WORDS += "ſixty|ſeventy|thousand|dozens|billion|trillions|often|tent|sixteen"
_NUMBER_TEXT = _texts(f"{_NUMBER_WORDS}|Group of |5|٣|7,000|the{_SEP}") | _shapes(
    _SEP, "The |Group of |the |", _NUMBER_WORDS, _SEP, _NUMBER_WORDS, _SEP
)
_QUOTED = "the war goes on|Peace Mission Two|a b"
_QUOTE_TEXT = _texts('"|“|”|«|»|„|said|the war will go on|so-called|Peace Mission' + _SEP) | (
    _shapes(_SEP, "so-called |dubbed |", '"|“|«|„', _QUOTED, '"|”|»|“')
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=1000)
@given(_TITLE_TEXT)
def test_the_official_patterns_take_what_they_took(text: str) -> None:
    assert _spans(f.TITLE_FIRST_RE, text) == _spans(OLD_TITLE_FIRST_RE, text)
    assert _spans(f.NAME_FIRST_RE, text) == _spans(OLD_NAME_FIRST_RE, text)


@settings(max_examples=1000)
@given(_DATE_TEXT)
def test_a_date_is_blanked_as_it_was(text: str) -> None:
    old = OLD_DATE_RE.subn(f._blank, text)
    assert f.DATE_RE.subn(f._blank, text) == old
    if not f._holds_any(text, f.DATE_HINTS):  # the pattern used for a sentence without
        assert f.DIGIT_DATE_RE.subn(f._blank, text) == old


@settings(max_examples=1000)
@given(_NUMBER_TEXT)
def test_a_number_is_found_as_it_was(text: str) -> None:
    old = any(f._is_number(text, m) for m in OLD_NUMBER_RE.finditer(text))
    words = any(f._is_number(text, m) for m in f.NUMBER_WORD_RE.finditer(text))
    assert (f._has_digit(text) or words) is old


@settings(max_examples=1000)
@given(_QUOTE_TEXT)
def test_a_quotation_is_found_as_it_was(text: str) -> None:
    assert f._has_quotation(text) is old_has_quotation(text)
