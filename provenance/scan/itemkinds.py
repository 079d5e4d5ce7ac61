"""Citation items beyond outlet names: quoted titles, generic sources, document types, places."""

from __future__ import annotations

import functools
import logging
import re

from .cjk import ideograph
from .regexes import DOCTYPE_RE, GENERIC_SOURCE_RE, LOCATOR_RE, PLACES, QUOTE_PAIRS

LOGGER = logging.getLogger(__name__)

#: Punctuation a quoted title may carry inside or after its closing quote: “Title,” EDM.
TITLE_PUNCT = ",.;:"
#: Titles shorter than this (characters) are a quoted name, not a title: «Коммерсантъ».
MIN_TITLE_WORDS = 2
#: Quoted Chinese longer than this (characters) is a title, not a name: outlet names run
#: to a few ideographs (《人民日报》, “环球时报”), titles to a phrase.
MAX_CJK_NAME_CHARS = 6
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
    if len(words.split()) >= MIN_TITLE_WORDS:
        return True
    return len(words) > MAX_CJK_NAME_CHARS and ideograph(words[0])  # no spaces to count


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


#: Words of a publisher's name: a name with one of them may be cited with a bare year.
PUBLISHER_WORDS_RE = re.compile(
    r"\b(?:news|times|post|herald|journal|review|monitor|daily|weekly|gazeta|gazette|pravda"
    r"|izvestia|vedomosti|press|agency|agentstvo|radio|tv|television|channel|service|center"
    r"|centre|institute|foundation|council|bank|fund|ministry|department|office|commission"
    r"|committee|watch|survey|report|reports|yearbook|statistics|bureau|observatory|library"
    r"|university|academy|club|forum|programme|program|project|group|international|online"
    r"|magazine|newspaper|telegraph|tribune|courier|kurier|express|vesti|novosti|inform|house)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def publisher_like(name: str) -> bool:
    """True for a name the bundled registry knows, or one with a publisher's word in it.

    Args:
        name: an outlet name as written ("Levada Center", "Dmitry Medvedev").

    Returns:
        Whether the name may stand as a source with nothing but a year.
    """
    if PUBLISHER_WORDS_RE.search(name):
        return True
    from .resolve import load_registry, normalise_name  # noqa: PLC0415 - registry on demand

    registry = load_registry()
    return registry.resolve(name).outlet is not None or normalise_name(name) in _known_names()


@functools.lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    from .resolve import load_registry, normalise_name  # noqa: PLC0415

    return frozenset(normalise_name(o.name) for o in load_registry())
