"""Citation items beyond outlet names: quoted titles, generic sources, document types, places."""

from __future__ import annotations

import logging
import re

from .regexes import DOCTYPE_RE, GENERIC_SOURCE_RE, LOCATOR_RE, PLACES, QUOTE_PAIRS

LOGGER = logging.getLogger(__name__)

#: Punctuation a quoted title may carry inside or after its closing quote: “Title,” EDM.
TITLE_PUNCT = ",.;:"
#: Titles shorter than this (characters) are a quoted name, not a title: «Коммерсантъ».
MIN_TITLE_WORDS = 2
SPACES_RE = re.compile(r"\s+")


def quoted(text: str) -> tuple[int, int] | None:
    """The span of the words inside a fully quoted item: “Moscow Eyes Ports,” -> the words.

    Args:
        text: a trimmed item.

    Returns:
        ``(start, end)`` of the quoted words without quotes and trailing punctuation,
        or None when the item is not wholly inside one pair of quotes.
    """
    if len(text) < 3 or text[0] not in QUOTE_PAIRS:
        return None
    closer = QUOTE_PAIRS[text[0]]
    end = len(text.rstrip(TITLE_PUNCT))
    if end < 2 or text[end - 1] != closer or closer in text[1 : end - 1]:
        return None
    inner_end = end - 1
    while inner_end > 1 and text[inner_end - 1] in TITLE_PUNCT + " ":
        inner_end -= 1
    start = 1
    while start < inner_end and text[start] == " ":
        start += 1
    return (start, inner_end) if start < inner_end else None


def is_title(words: str) -> bool:
    """True when quoted words read as an article title rather than a quoted outlet name."""
    return len(words.split()) >= MIN_TITLE_WORDS


def source_kind(text: str) -> str | None:
    """The kind of a generic or document-type item, or None for anything else.

    Args:
        text: a trimmed item, e.g. "Russian agencies", "press release", "author's interview".

    Returns:
        "generic" for an unnamed source ("local media"), "interview" for an interview
        or personal communication, the normalised document type ("press release",
        "transcript") for a document, None otherwise.
    """
    if GENERIC_SOURCE_RE.fullmatch(text):
        return "generic"
    m = DOCTYPE_RE.fullmatch(text)
    if m is None:
        return None
    if m.group("interview"):
        return "interview"
    return SPACES_RE.sub(" ", m.group("doc").lower().replace("-", " ")).replace("’", "'")


def is_place(text: str) -> bool:
    """True for a city, region or country name written as an item: "Dushanbe"."""
    return SPACES_RE.sub(" ", text.strip().rstrip(",").casefold()) in PLACES


def is_locator(text: str) -> bool:
    """True for an issue, page or volume locator: "No. 12", "pp. 23–25"."""
    return LOCATOR_RE.fullmatch(text) is not None
