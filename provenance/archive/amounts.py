"""Numbers and amounts in English or Russian text, normalised (``10 000``, ``70 млн``)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

LOGGER = logging.getLogger(__name__)

# A number: grouped thousands (10,000 / 10 000 / 10.000, NBSP or thin space too)
# or a plain integer or decimal (21,4 / 2.5). Not glued to letters or to
# another number, so "2016 100" stays two numbers.
NUMBER_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<num>\d{1,3}(?:[,. \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
    r"(?:[\s\u00a0-]?(?P<scale>thousand|million|billion|trillion|mln\b|mn\b|bn\b|"
    r"тыс(?:яч\w*)?\.?|млн\.?|миллион\w*|млрд\.?|миллиард\w*|трлн\.?|триллион\w*))?",
    re.IGNORECASE,
)
GROUP_SEP_RE = re.compile(r"[,. \u00a0\u202f](?=\d{3}(?!\d))")
CURRENCY_BEFORE_RE = re.compile(r"[$€£¥₽]\s?$")
CURRENCY_AFTER_RE = re.compile(
    r"^\s?(?:[$€£¥₽]|dollars?|euros?|rubles?|roubles?|somoni|yuan|"
    r"долл\w*|евро|руб\w*|сомони|юан\w*)",
    re.IGNORECASE,
)
_SCALES = (("тыс", 1e3), ("thousand", 1e3), ("mln", 1e6), ("mn", 1e6), ("млн", 1e6),
           ("million", 1e6), ("миллион", 1e6), ("bn", 1e9), ("млрд", 1e9), ("billion", 1e9),
           ("миллиард", 1e9), ("трлн", 1e12), ("trillion", 1e12), ("триллион", 1e12))  # fmt: skip
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class Number:
    """A number or amount found in text, normalised to its value."""

    text: str  # as written, e.g. "$70 million", "10 тысяч"
    value: float  # 70_000_000.0, 10_000.0
    kind: str  # "amount" (scaled or with a currency), "year", or "number"
    start: int = 0


def parse_number(digits: str) -> float | None:
    """Read ``10,000``, ``10 000``, ``10.000``, ``21,4`` or ``2.5`` as a float.

    Args:
        digits: the digits and separators of one number.

    Returns:
        Its value, or None when it is not a number.
    """
    # 1. thousands separators are followed by exactly three digits
    plain = GROUP_SEP_RE.sub("", digits)
    # 2. what is left may be a decimal comma
    try:
        return float(plain.replace(",", "."))
    except ValueError:
        return None


def _scale_of(word: str | None) -> float:
    """The multiplier of a scale word (``млн`` -> 1e6), 1 without one."""
    if not word:
        return 1.0
    word = word.lower()
    for prefix, factor in _SCALES:
        if word.startswith(prefix):
            return factor
    return 1.0


def find_numbers(text: str) -> list[Number]:
    """Every number and amount in a text, normalised.

    Args:
        text: any text, in English or Russian.

    Returns:
        The numbers in order; ``$70 million`` gives value 7e7 and kind "amount".
    """
    found: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        scale = _scale_of(m.group("scale"))
        currency = bool(
            CURRENCY_BEFORE_RE.search(text, max(0, m.start() - 2), m.start())
            or CURRENCY_AFTER_RE.match(text, m.end())
        )
        if scale != 1.0 or currency:
            kind = "amount"
        elif value.is_integer() and YEAR_MIN <= value <= YEAR_MAX and m.group("num").isdigit():
            kind = "year"
        else:
            kind = "number"
        start = m.start()
        if currency and start and text[start - 1] in "$€£¥₽":
            start -= 1  # keep the currency sign in the text shown to reviewers
        found.append(Number(text[start : m.end()].strip(), value * scale, kind, start))
    return found


def number_values(text: str) -> frozenset[float]:
    """The set of values a page mentions, scaled and unscaled (``70 млн`` -> 7e7 and 70).

    Args:
        text: page text.

    Returns:
        Values rounded to three decimals, for set look-ups.
    """
    values: set[float] = set()
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        values.add(round(value, 3))
        values.add(round(value * _scale_of(m.group("scale")), 3))
    return frozenset(values)
