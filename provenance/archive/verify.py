"""Score how well an archived page matches a claim and its cited date, with reasons.

Pure functions, no I/O: :func:`page_facts` (:mod:`provenance.pagefacts`) turns
archived bytes into :class:`PageFacts` (trafilatura for title and text, htmldate for the date),
:func:`claim_features` pulls numbers, names and keywords out of a claim, and
:func:`score_candidate` compares the two; :mod:`provenance.archive.evidence` computes each
component below.

Scoring (every component is 0..1; a component that does not apply, such as
numbers for a claim without any, is left out of ``Score.components``):

- **date**: page date against the cited date: same day 1.0, ±1 day 0.8,
  ±2-3 days 0.5, ±4-7 days 0.2, further 0. Without a page date the URL date
  counts ×0.9, else the capture date ×0.6 (a capture more than a week after the
  cited date proves nothing and gives 0.25, as does no date at all).
- **numbers**: claim numbers found on the page, values normalised
  (``10,000`` = ``10 000`` = ``10 тысяч``; ``$70 million`` = ``70 млн``).
  Weights: amounts and numbers ≥ 100 count 1, smaller numbers 0.5, years 0.4.
- **names**: proper nouns of the claim found on the page across scripts
  (:mod:`provenance.textmatch`); a multiword name counts by the share of its
  words found; country and capital names (Tajikistan, Moscow...) weigh 0.3,
  because nearly every page of a Tajik outlet mentions them.
- **title**: claim keywords in the page title, ``min(1, weight / 3)``, where
  a keyword weighs 1 (0.35 for a country or capital).
- **keywords**: the claim's other content words (not names, not countries)
  found in the page text, English ones also through their Russian stems
  (``troops`` ~ ``войск``); on a page mostly in another script only keywords
  that have such a stem (or are found anyway) count towards the total.
- **url**: the cited date in the URL 1.0, an article-like path 0.5.

Combination: ``content`` is the weighted mean of numbers (0.30), names (0.45),
title (0.25) and keywords (0.25) over the components that apply, where the
names weight is scaled by the claim's total name weight (capped at 1): a claim
naming only countries and capitals cannot score names 1.0 on every page of the
region. Then

    value = content × (0.4 + 0.6 × date) + 0.05 × url        (clipped to 0..1)

so a perfect page on the wrong day scores at most 0.45 and an unrelated page
on the right day scores its (low) content. Without a cited date, ``date`` is
taken as 0.5. A page that shares nothing specific with the claim (no
non-generic name, no number other than a year, no keyword in its text) keeps
half its score (at most 0.525): countries and capitals alone never verify. An error page
(``404``/``страница не найдена`` title, or almost no text) keeps 5% of its
score. The verdict threshold is
:data:`DEFAULT_THRESHOLD` = 0.6 (``Settings.verify_threshold``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..models import SCORE_MATCH_LISTS

# The evidence components live in evidence.py; their names stay importable from here.
from .evidence import ARTICLE_PATH_RE as ARTICLE_PATH_RE
from .evidence import CONTENT_WEIGHTS as CONTENT_WEIGHTS
from .evidence import FUZZY_KEYWORD_LEN as FUZZY_KEYWORD_LEN
from .evidence import GENERIC_NAME_WEIGHT as GENERIC_NAME_WEIGHT
from .evidence import GENERIC_TITLE_WEIGHT as GENERIC_TITLE_WEIGHT
from .evidence import LATIN_PAGE_SHARE as LATIN_PAGE_SHARE
from .evidence import MIN_TITLE_WORDS as MIN_TITLE_WORDS
from .evidence import SPECIFIC_NAME_SHARE as SPECIFIC_NAME_SHARE
from .evidence import TITLE_SATURATION as TITLE_SATURATION
from .evidence import ClaimFeatures as ClaimFeatures
from .evidence import ClaimName as ClaimName
from .evidence import _content, _url_component
from .evidence import cited_title_match as cited_title_match
from .evidence import claim_features as claim_features
from .evidence import number_weight as number_weight
from .evidence import text_keywords as text_keywords
from .pagefacts import PageFacts as PageFacts
from .pagefacts import date_evidence, error_page_reason
from .pagefacts import page_facts as page_facts

LOGGER = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_THRESHOLD",
    "ClaimFeatures",
    "ClaimName",
    "PageFacts",
    "Score",
    "claim_features",
    "is_verified",
    "rests_on",
    "page_facts",
    "score_candidate",
]


DEFAULT_THRESHOLD = 0.6
DATE_FLOOR, DATE_SPAN = 0.4, 0.6  # value = content * (DATE_FLOOR + DATE_SPAN * date)
URL_BONUS = 0.05
#: A page title matching the cited title this well is the cited article.
CITED_TITLE_MATCH = 0.85
UNKNOWN_CITED_DATE = 0.5
ERROR_PAGE_FACTOR = 0.05
GENERIC_ONLY_FACTOR = 0.5  # nothing but countries and capitals matched


@dataclass(frozen=True)
class Score:
    """How well one page matches one claim: 0..1, with the reasons."""

    value: float
    reasons: tuple[str, ...]
    components: Mapping[str, float]


MATCH_LISTS = SCORE_MATCH_LISTS
DATE_WORDS = ((1.0, "date exact"), (0.8, "date one day off"), (0.5, "date a few days off"))


def rests_on(score: Score) -> str:
    """What a verified verdict rests on, in one line with the page's own words.

    Args:
        score: from :func:`score_candidate`.

    Returns:
        e.g. ``verified: date exact; matched 'coalition' (коалицию), 'four' (четыре),
        Dushanbe (душанбе)``: names as written, other words quoted, each once.
    """
    parts = []
    date = score.components.get("date")
    if date is not None:
        parts.append(next((w for v, w in DATE_WORDS if date >= v), "date far off"))
    matched: dict[str, str] = {}
    for reason in score.reasons:
        if reason.startswith("numbers ") and reason.endswith(" found"):
            for number in reason[len("numbers ") : -len(" found")].split(", "):
                matched.setdefault(number.lower(), number)
        prefix = next((p for p in MATCH_LISTS if reason.startswith(p)), None)
        if prefix is None:
            continue
        for item in reason[len(prefix) :].split(", "):
            word, _, page = item.partition("~")
            shown = word if prefix == "names " else f"'{word}'"
            matched.setdefault(word.lower(), f"{shown} ({page})" if page else shown)
    if matched:
        parts.append("matched " + ", ".join(matched.values()))
    return "verified: " + "; ".join(parts)


def is_verified(score: Score, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether a candidate's score is enough to call the reference verified.

    Args:
        score: from :func:`score_candidate`.
        threshold: ``Settings.verify_threshold``.

    Returns:
        True when ``score.value >= threshold``.
    """
    return score.value >= threshold


def score_candidate(
    claim: str,
    cited: dt.date | None,
    page: PageFacts,
    url: str | None = None,
    capture_date: dt.date | None = None,
    title: str | None = None,
) -> Score:
    """Score one archived page as the source of a claim.

    Args:
        claim: the claim sentence, citations removed.
        cited: the date the citation gives, or None.
        page: from :func:`page_facts`.
        url: the page's original URL (for the URL date and the url component).
        capture_date: when the archive captured the page.
        title: the article title the citation quotes, if any: a page whose title
            matches it is the cited article (strong evidence).

    Returns:
        The score, its components and human-readable reasons.
    """
    components: dict[str, float] = {}
    reasons: list[str] = []
    # 1. date
    date_value = _date_part(cited, page, url, capture_date, components, reasons)
    # 2. content: numbers, names, title
    content, specific = _content(claim_features(claim), page, components, reasons)
    if title and page.title:
        content, specific = _cited_title_part(
            title, page.title, content, specific, components, reasons
        )
    # 3. url
    url_value = 0.0
    if url:
        url_value, why = _url_component(cited, url)
        components["url"] = url_value
        reasons.extend(why)
    value = content * (DATE_FLOOR + DATE_SPAN * date_value) + URL_BONUS * url_value
    # 4. and 5. discounts: nothing specific in common, an error page
    value = _discounted(value, content, specific, page, reasons)
    value = round(min(1.0, max(0.0, value)), 3)
    rounded = {k: round(v, 3) for k, v in components.items()}
    return Score(value, tuple(reasons), MappingProxyType(rounded))


def _date_part(
    cited: dt.date | None,
    page: PageFacts,
    url: str | None,
    capture_date: dt.date | None,
    components: dict[str, float],
    reasons: list[str],
) -> float:
    """The date component, recorded with its reason; UNKNOWN_CITED_DATE without a cited date."""
    if not cited:
        return UNKNOWN_CITED_DATE
    date_value, why = date_evidence(cited, page.date, url, capture_date)
    components["date"] = date_value
    reasons.append(why)
    return date_value


def _cited_title_part(
    title: str,
    page_title: str,
    content: float,
    specific: bool,
    components: dict[str, float],
    reasons: list[str],
) -> tuple[float, bool]:
    """Content and specificity, raised when the page title matches the cited title."""
    match = cited_title_match(title, page_title)
    components["cited_title"] = match
    if match >= CITED_TITLE_MATCH:
        content, specific = max(content, match), True
        reasons.insert(0, f"page title matches the cited title ({match:.2f})")
    return content, specific


def _discounted(
    value: float, content: float, specific: bool, page: PageFacts, reasons: list[str]
) -> float:
    """The value after the discounts for pages that prove nothing (reasons put first)."""
    # 4. only countries and capitals in common: every page of the region has those
    if not specific and content:
        value *= GENERIC_ONLY_FACTOR
        reasons.insert(
            0, "nothing specific found: no name, number or claim word beyond countries and capitals"
        )
    # 5. soft 404s and junk
    junk = error_page_reason(page)
    if junk:
        value *= ERROR_PAGE_FACTOR
        reasons.insert(0, junk)
    return value
