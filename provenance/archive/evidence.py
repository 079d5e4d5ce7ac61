"""The evidence a page gives for a claim: numbers, names, title words, keywords, URL.

What of a claim can be looked for (:func:`claim_features`) and one function per
component, each 0..1 with its reasons; :mod:`provenance.archive.verify` combines them
into a score (its docstring gives the weights and the rules).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from ..scan.urldates import url_date
from .amounts import Number, find_numbers, number_values
from .claimwords import GENERIC_NAMES, keywords, proper_names, strip_dates
from .pagefacts import PageFacts
from .textmatch import TokenIndex, index_text, match_name, match_token, ru_stems_for, words

CONTENT_WEIGHTS = {"numbers": 0.30, "names": 0.45, "title": 0.25, "keywords": 0.25}
#: Shorter cited titles must match the whole page title.
MIN_TITLE_WORDS = 3
TITLE_SATURATION = 3.0  # keyword weight at which the title component reaches 1
GENERIC_NAME_WEIGHT = 0.3
GENERIC_TITLE_WEIGHT = 0.35
SPECIFIC_NAME_SHARE = 0.5  # words of a specific name that must be found for it to count
LATIN_PAGE_SHARE = 0.5  # from this share of Latin words on, every claim keyword is findable
FUZZY_KEYWORD_LEN = 7  # shorter keywords must match exactly or by stem: "build" is no "bild"

# The last path segment of an article: a long number, content_123.htm, or a long slug.
ARTICLE_PATH_RE = re.compile(
    r"/(?:[^/?#]*\d{5,}[^/?#]*|content_\d+\.s?html?|[a-z0-9]+(?:-[a-z0-9]+){3,}[^/]*)/?$"
)


@dataclass(frozen=True)
class ClaimName:
    """A proper noun of a claim, e.g. ``Sharali Mirzo``."""

    text: str
    weight: float  # 1.0, or GENERIC_NAME_WEIGHT for a country or capital


@dataclass(frozen=True)
class ClaimFeatures:
    """What of a claim can be looked for on a page."""

    numbers: tuple[Number, ...]  # amounts, years and other numbers; dates left out
    names: tuple[ClaimName, ...]
    keywords: tuple[str, ...]  # lowercase, no stopwords, at least four letters

    @property
    def amounts(self) -> tuple[Number, ...]:
        """Numbers with a scale or a currency (``$70 million``)."""
        return tuple(n for n in self.numbers if n.kind == "amount")

    @property
    def years(self) -> tuple[int, ...]:
        """Year-like numbers (``2042``)."""
        return tuple(int(n.value) for n in self.numbers if n.kind == "year")


def number_weight(number: Number) -> float:
    """How much finding this claim number on a page counts."""
    if number.kind == "year":
        return 0.4
    if number.kind == "amount" or number.value >= 100:
        return 1.0
    return 0.5


@functools.lru_cache(maxsize=4096)
def claim_features(claim: str) -> ClaimFeatures:
    """Extract what can be checked on a page: numbers, names and keywords.

    Args:
        claim: the claim sentence, citations removed.

    Returns:
        The claim's features (cached: one claim is scored against many pages).
    """
    numbers: dict[float, Number] = {}
    for number in find_numbers(strip_dates(claim)):
        numbers.setdefault(number.value, number)
    names = tuple(
        ClaimName(name, GENERIC_NAME_WEIGHT if generic else 1.0)
        for name, generic in proper_names(claim)
    )
    return ClaimFeatures(tuple(numbers.values()), names, tuple(keywords(claim)))


def _numbers_component(features: ClaimFeatures, page_text: str) -> tuple[float, list[str], bool]:
    """Weighted share of the claim's numbers that the page mentions.

    Returns:
        The share, the reasons, and whether a number other than a year was found
        (a year such as 2016 is on every page of that year).
    """
    values = number_values(page_text)
    found = [n for n in features.numbers if round(n.value, 3) in values]
    missing = [n for n in features.numbers if n not in found]
    total = sum(number_weight(n) for n in features.numbers)
    reasons = []
    if found:
        reasons.append("numbers " + ", ".join(n.text for n in found) + " found")
    if missing:
        reasons.append("numbers missing: " + ", ".join(n.text for n in missing))
    specific = any(n.kind != "year" for n in found)
    return sum(number_weight(n) for n in found) / total, reasons, specific


def _names_component(features: ClaimFeatures, index: TokenIndex) -> tuple[float, list[str], bool]:
    """Weighted share of the claim's names found on the page, word by word.

    Returns:
        The share, the reasons, and whether a specific (non-generic) name was found.
    """
    got = 0.0
    specific = False
    found, missing = [], []
    for name in features.names:
        hits = match_name(name.text, index)
        share = sum(1 for h in hits if h) / len(hits) if hits else 0.0
        got += name.weight * share
        if share:
            specific = specific or (name.weight == 1.0 and share >= SPECIFIC_NAME_SHARE)
            shown = " ".join(h for h in hits if h)
            found.append(name.text if shown == name.text.lower() else f"{name.text}~{shown}")
        else:
            missing.append(name.text)
    total = sum(n.weight for n in features.names)
    reasons = []
    if found:
        reasons.append("names " + ", ".join(found))
    if missing:
        reasons.append("names missing: " + ", ".join(missing))
    return got / total, reasons, specific


def _names_weight(features: ClaimFeatures) -> float:
    """The names component's weight in ``content``: less when the names are generic.

    The share of found names is a ratio, so a claim whose only names are countries and
    capitals would score names 1.0 on any page of the region; its weight shrinks instead,
    to ``CONTENT_WEIGHTS["names"] * min(1, total name weight)``.
    """
    return CONTENT_WEIGHTS["names"] * min(1.0, sum(n.weight for n in features.names))


def text_keywords(features: ClaimFeatures) -> tuple[str, ...]:
    """The claim keywords looked for in the page text: not names, not countries or capitals.

    Args:
        features: from :func:`claim_features`.

    Returns:
        Lowercase keywords; words of the claim's names are left out (the names
        component counts them).
    """
    name_words = {w for name in features.names for w in words(name.text)}
    return tuple(k for k in features.keywords if k not in GENERIC_NAMES and k not in name_words)


def _keywords_component(
    features: ClaimFeatures, index: TokenIndex
) -> tuple[float, list[str]] | None:
    """Share of the claim's keywords found in the page text, or None when none can be.

    On a page mostly in another script only keywords with a Russian stem
    (:data:`~provenance.textmatch.RU_STEMS`) can be found, so only those, and any
    other keyword found all the same, make up the total.
    """
    latin_page = index.latin_share >= LATIN_PAGE_SHARE
    found, findable = [], 0
    for keyword in text_keywords(features):
        hit = match_token(keyword, index, fuzzy=len(keyword) >= FUZZY_KEYWORD_LEN)
        if hit:
            found.append(keyword if hit == keyword else f"{keyword}~{hit}")
        if hit or latin_page or ru_stems_for(keyword):
            findable += 1
    if not findable:
        return None
    reasons = [f"text shares: {', '.join(found)}"] if found else ["text shares no claim word"]
    return len(found) / findable, reasons


def _title_component(features: ClaimFeatures, title: str) -> tuple[float, list[str]]:
    """Claim keywords in the page title, saturating at TITLE_SATURATION."""
    index = index_text(title)
    got = 0.0
    shared = []
    for keyword in features.keywords:
        hit = match_token(keyword, index)
        if hit:
            got += GENERIC_TITLE_WEIGHT if keyword in GENERIC_NAMES else 1.0
            shared.append(keyword if hit == keyword else f"{keyword}~{hit}")
    reasons = [f"title shares: {', '.join(shared)}"] if shared else ["title shares no claim word"]
    return min(1.0, got / TITLE_SATURATION), reasons


def _url_component(cited: dt.date | None, url: str) -> tuple[float, list[str]]:
    """The cited date in the URL, or at least an article-like path."""
    found = url_date(url)
    if cited and found == cited:
        return 1.0, ["cited date in URL"]
    if ARTICLE_PATH_RE.search(url.split("?", 1)[0].lower()):
        return 0.5, ["article-like URL"]
    return 0.0, []


def _content(
    features: ClaimFeatures, page: PageFacts, components: dict[str, float], reasons: list[str]
) -> tuple[float, bool]:
    """Weighted mean of the numbers, names, title and keywords components that apply.

    Fills ``components`` and ``reasons`` as it goes.

    Returns:
        The content value, and whether anything specific was found: a non-generic
        name, a number that is not a year, or a claim keyword in the page text.
    """
    body = f"{page.title or ''}\n{page.text}"
    parts: list[tuple[str, float, float, list[str]]] = []  # name, weight, value, reasons
    specific = False
    if features.numbers:
        value, why, number_hit = _numbers_component(features, body)
        parts.append(("numbers", CONTENT_WEIGHTS["numbers"], value, why))
        specific = number_hit
    if features.names:
        value, why, name_hit = _names_component(features, index_text(body))
        parts.append(("names", _names_weight(features), value, why))
        specific = specific or name_hit
    if features.keywords and page.title:
        value, why = _title_component(features, page.title)
        parts.append(("title", CONTENT_WEIGHTS["title"], value, why))
    in_text = _keywords_component(features, index_text(page.text)) if page.text else None
    if in_text is not None:
        parts.append(("keywords", CONTENT_WEIGHTS["keywords"], *in_text))
        specific = specific or in_text[0] > 0
    if not parts:
        reasons.append("nothing in the claim to look for")
    for name, _, value, why in parts:
        components[name] = value
        reasons.extend(why)
    weight = sum(w for _, w, _, _ in parts)
    content = sum(w * value for _, w, value, _ in parts) / weight if weight else 0.0
    components["content"] = content
    return content, specific


def cited_title_match(cited: str, page_title: str) -> float:
    """How well a page title matches a quoted article title (0-1, words in any order).

    Page titles often carry the site's name ("Moscow Eyes Arctic Ports - Jamestown"), so
    the cited title is compared with the best-matching part of the page title.
    """
    from rapidfuzz import fuzz  # noqa: PLC0415 - only citations with titles need it

    cited_words = words(cited)
    a, b = " ".join(cited_words), " ".join(words(page_title))
    if not a or not b:
        return 0.0
    if len(cited_words) < MIN_TITLE_WORDS:  # two words are in too many titles
        return round(fuzz.ratio(a, b) / 100, 3)
    return round(max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(a, b)) / 100, 3)
