"""Score how well an archived page matches a claim and its cited date, with reasons.

Pure functions, no I/O: :func:`page_facts` (:mod:`provenance.pagefacts`) turns
archived bytes into :class:`PageFacts` (trafilatura for title and text, htmldate for the date),
:func:`claim_features` pulls numbers, names and keywords out of a claim, and
:func:`score_candidate` compares the two.

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
- **url**: the cited date in the URL 1.0, an article-like path 0.5.

Combination: ``content`` is the weighted mean of numbers (0.30), names (0.45)
and title (0.25) over the components that apply; then

    value = content × (0.4 + 0.6 × date) + 0.05 × url        (clipped to 0..1)

so a perfect page on the wrong day scores at most 0.45 and an unrelated page
on the right day scores its (low) content. Without a cited date, ``date`` is
taken as 0.5. An error page (``404``/``страница не найдена`` title, or almost
no text) keeps 5% of its score. The verdict threshold is
:data:`DEFAULT_THRESHOLD` = 0.6 (``Settings.verify_threshold``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .claimwords import GENERIC_NAMES, keywords, proper_names, strip_dates
from .amounts import Number, find_numbers, number_values
from .pagefacts import MIN_TEXT_CHARS, PageFacts, page_facts, url_date
from .textmatch import TokenIndex, index_text, match_name, match_token

LOGGER = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_THRESHOLD",
    "ClaimFeatures",
    "ClaimName",
    "PageFacts",
    "Score",
    "claim_features",
    "is_verified",
    "page_facts",
    "score_candidate",
]

DEFAULT_THRESHOLD = 0.6
CONTENT_WEIGHTS = {"numbers": 0.30, "names": 0.45, "title": 0.25}
DATE_FLOOR, DATE_SPAN = 0.4, 0.6  # value = content * (DATE_FLOOR + DATE_SPAN * date)
URL_BONUS = 0.05
UNKNOWN_CITED_DATE = 0.5
NO_DATE_EVIDENCE = 0.25
URL_DATE_FACTOR, CAPTURE_DATE_FACTOR = 0.9, 0.6
TITLE_SATURATION = 3.0  # keyword weight at which the title component reaches 1
GENERIC_NAME_WEIGHT = 0.3
GENERIC_TITLE_WEIGHT = 0.35
ERROR_PAGE_FACTOR = 0.05
ERROR_TEXT_CHARS = 1500  # an error-like title only counts on a page shorter than this

# Only on short pages (ERROR_TEXT_CHARS): a news title may well say "not found".
ERROR_TITLE_RE = re.compile(
    r"^\s*(?:404|403|410|500|error|ошибка)\b|\b(?:404|410)\s*(?:error|not found|ошибка)|"
    r"not found|page (?:does not|doesn't) exist|access denied|forbidden|"
    r"страница не найдена|не найдена|не существует|доступ запрещ",
    re.IGNORECASE,
)
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


@dataclass(frozen=True)
class Score:
    """How well one page matches one claim: 0..1, with the reasons."""

    value: float
    reasons: tuple[str, ...]
    components: Mapping[str, float]


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


def is_verified(score: Score, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether a candidate's score is enough to call the reference verified.

    Args:
        score: from :func:`score_candidate`.
        threshold: ``Settings.verify_threshold``.

    Returns:
        True when ``score.value >= threshold``.
    """
    return score.value >= threshold


def date_closeness(days: int) -> float:
    """1.0 on the cited day, 0.8 one day off, 0.5 within three, 0.2 within seven, else 0."""
    days = abs(days)
    if days == 0:
        return 1.0
    if days == 1:
        return 0.8
    if days <= 3:
        return 0.5
    if days <= 7:
        return 0.2
    return 0.0


def _describe(label: str, found: dt.date, cited: dt.date) -> str:
    """``date 2016-10-20 = cited date`` / ``... is 2 days after the cited 2016-10-18``."""
    days = (found - cited).days
    if days == 0:
        return f"{label} {found.isoformat()} = cited date"
    side = "after" if days > 0 else "before"
    unit = "day" if abs(days) == 1 else "days"
    return f"{label} {found.isoformat()} is {abs(days)} {unit} {side} the cited {cited.isoformat()}"


def _date_component(
    cited: dt.date, page_date: dt.date | None, url: str | None, capture: dt.date | None
) -> tuple[float, str]:
    """The date component and its reason (see the module docstring)."""
    options: list[tuple[float, str]] = []
    # 1. the date the page gives itself
    if page_date:
        closeness = date_closeness((page_date - cited).days)
        options.append((closeness, _describe("date", page_date, cited)))
    # 2. the date in its URL, also when the page date disagrees (htmldate can be fooled)
    found_in_url = url_date(url) if url else None
    if found_in_url:
        closeness = URL_DATE_FACTOR * date_closeness((found_in_url - cited).days)
        options.append((closeness, _describe("URL date", found_in_url, cited)))
    if options:
        return max(options, key=lambda o: o[0])
    # 3. the capture date: the page existed then, so it was published on or before it
    if capture:
        days = (capture - cited).days
        if days > 7:
            return NO_DATE_EVIDENCE, f"no page date; capture {capture} is too late to tell"
        value = CAPTURE_DATE_FACTOR * date_closeness(days)
        return value, "no page date; " + _describe("capture", capture, cited)
    # 4. nothing to go on
    return NO_DATE_EVIDENCE, "no date on the page or in the URL"


def _numbers_component(features: ClaimFeatures, page_text: str) -> tuple[float, list[str]]:
    """Weighted share of the claim's numbers that the page mentions."""
    values = number_values(page_text)
    found = [n for n in features.numbers if round(n.value, 3) in values]
    missing = [n for n in features.numbers if n not in found]
    total = sum(number_weight(n) for n in features.numbers)
    reasons = []
    if found:
        reasons.append("numbers " + ", ".join(n.text for n in found) + " found")
    if missing:
        reasons.append("numbers missing: " + ", ".join(n.text for n in missing))
    return sum(number_weight(n) for n in found) / total, reasons


def _names_component(features: ClaimFeatures, index: TokenIndex) -> tuple[float, list[str]]:
    """Weighted share of the claim's names found on the page, word by word."""
    got = 0.0
    found, missing = [], []
    for name in features.names:
        hits = match_name(name.text, index)
        share = sum(1 for h in hits if h) / len(hits) if hits else 0.0
        got += name.weight * share
        if share:
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
    return got / total, reasons


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


def error_page_reason(page: PageFacts) -> str | None:
    """Why a page looks like a soft 404 or junk, or None when it looks like an article."""
    text = page.text.strip()
    if len(text) < MIN_TEXT_CHARS:
        return f"looks like an error page: only {len(text)} characters of text"
    if page.title and ERROR_TITLE_RE.search(page.title) and len(text) < ERROR_TEXT_CHARS:
        return f"looks like an error page: title {page.title!r}"
    return None


def _content(
    features: ClaimFeatures, page: PageFacts, components: dict[str, float], reasons: list[str]
) -> float:
    """Weighted mean of the numbers, names and title components that apply.

    Fills ``components`` and ``reasons`` as it goes.
    """
    body = f"{page.title or ''}\n{page.text}"
    parts: list[tuple[str, float, list[str]]] = []
    if features.numbers:
        parts.append(("numbers", *_numbers_component(features, body)))
    if features.names:
        parts.append(("names", *_names_component(features, index_text(body))))
    if features.keywords and page.title:
        parts.append(("title", *_title_component(features, page.title)))
    if not parts:
        reasons.append("nothing in the claim to look for")
    for name, value, why in parts:
        components[name] = value
        reasons.extend(why)
    weight = sum(CONTENT_WEIGHTS[name] for name, _, _ in parts)
    got = sum(CONTENT_WEIGHTS[name] * value for name, value, _ in parts)
    content = got / weight if weight else 0.0
    components["content"] = content
    return content


def score_candidate(
    claim: str,
    cited: dt.date | None,
    page: PageFacts,
    url: str | None = None,
    capture_date: dt.date | None = None,
) -> Score:
    """Score one archived page as the source of a claim.

    Args:
        claim: the claim sentence, citations removed.
        cited: the date the citation gives, or None.
        page: from :func:`page_facts`.
        url: the page's original URL (for the URL date and the url component).
        capture_date: when the archive captured the page.

    Returns:
        The score, its components and human-readable reasons.
    """
    components: dict[str, float] = {}
    reasons: list[str] = []
    # 1. date
    date_value = UNKNOWN_CITED_DATE
    if cited:
        date_value, why = _date_component(cited, page.date, url, capture_date)
        components["date"] = date_value
        reasons.append(why)
    # 2. content: numbers, names, title
    content = _content(claim_features(claim), page, components, reasons)
    # 3. url
    url_value = 0.0
    if url:
        url_value, why = _url_component(cited, url)
        components["url"] = url_value
        reasons.extend(why)
    value = content * (DATE_FLOOR + DATE_SPAN * date_value) + URL_BONUS * url_value
    # 4. soft 404s and junk
    junk = error_page_reason(page)
    if junk:
        value *= ERROR_PAGE_FACTOR
        reasons.insert(0, junk)
    value = round(min(1.0, max(0.0, value)), 3)
    rounded = {k: round(v, 3) for k, v in components.items()}
    return Score(value, tuple(reasons), MappingProxyType(rounded))
