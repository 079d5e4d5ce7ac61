"""Score how well an archived page matches a claim and its cited date, with reasons.

Pure functions, no I/O: :func:`page_facts` turns archived bytes into
:class:`PageFacts` (trafilatura for title and text, htmldate for the date),
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

import codecs
import datetime as dt
import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import htmldate
import lxml.etree
import lxml.html
import trafilatura
from charset_normalizer import from_bytes

from .textmatch import (
    GENERIC_NAMES,
    Number,
    TokenIndex,
    find_numbers,
    index_text,
    keywords,
    match_name,
    match_token,
    number_values,
    proper_names,
    strip_dates,
)

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
MIN_TEXT_CHARS = 80  # below this a page is an error page whatever its title says
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

# The page's date from htmldate: metadata, date elements and timestamps only.
# The free-text search is off: it is slow and picks up dates the article
# merely mentions ("the exercise runs from 20 to 24 October").
HTMLDATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
URL_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
CYRILLIC_LETTER_RE = re.compile(r"[\u0400-\u04ff]")
TAJIK_LETTER_RE = re.compile(r"[ғӣқӯҳҷҒӢҚӮҲҶ]")
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_HINT_RE = re.compile(r"\b(?:the|and|of|to|in|is|was|said)\b", re.IGNORECASE)
CYRILLIC_BYTE_SHARE = 0.7  # share of high bytes in 0xC0-0xFF that means a Cyrillic 8-bit page
CYRILLIC_DENSITY = 0.05  # and high bytes must be this share of the page (accents are rarer)
WEAK_CHARSETS = frozenset({"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii"})
_BELOW_0X80, _BELOW_0XC0, _BELOW_0XE0 = bytes(range(0x80)), bytes(range(0xC0)), bytes(range(0xE0))
BINARY_SNIFF = 1024  # a NUL byte this early means the body is not HTML
LANGUAGE_SAMPLE = 4000  # characters looked at to guess the language
NOISE_XPATH = "//script|//style|//noscript|//nav|//header|//footer|//aside|//form"


@dataclass(frozen=True)
class PageFacts:
    """What was extracted from one archived page."""

    title: str | None
    text: str  # main text (trafilatura), may be ""
    date: dt.date | None  # publication date found in the page (htmldate)
    language: str | None  # "ru", "tg", "en", "zh" or None: a guess from the letters used


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


# ---------------------------------------------------------------- page facts


def url_date(url: str) -> dt.date | None:
    """The date in a URL path: ``/2016/10/20/``, ``/20161020/`` or ``/2016-02/26/``.

    Args:
        url: an original (not archive) URL.

    Returns:
        The first valid date, or None.
    """
    for m in URL_DATE_RE.finditer(url):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def _cyrillic_8bit(data: bytes) -> str | None:
    """cp1251 or KOI8-R when the high bytes look like Russian letters, else None.

    Russian text is mostly lowercase letters, which cp1251 puts at 0xE0-0xFF and
    KOI8-R at 0xC0-0xDF; Western accented text has far fewer high bytes.
    """
    high = len(data.translate(None, _BELOW_0X80))
    letters = len(data.translate(None, _BELOW_0XC0))
    upper = len(data.translate(None, _BELOW_0XE0))
    if not high or letters < CYRILLIC_BYTE_SHARE * high or high < CYRILLIC_DENSITY * len(data):
        return None
    return "cp1251" if 2 * upper >= letters else "koi8-r"


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode page bytes: BOM, HTTP charset, meta charset, UTF-8, Cyrillic 8-bit, detection.

    Args:
        data: the archived body.
        encoding: the charset from the HTTP headers, if any. A Western
            default (ISO-8859-1, windows-1252) is only believed after the
            other clues, since servers sent it for Russian pages too.

    Returns:
        The page as text (undecodable bytes replaced).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    weak = encoding if encoding and encoding.lower() in WEAK_CHARSETS else None
    # 1. what the server said, then what the page says about itself
    declared = [encoding] if encoding and not weak else []
    m = META_CHARSET_RE.search(data[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", "replace"))
    for name in declared:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            LOGGER.debug("charset %r does not decode the page", name)
    # 2. UTF-8 if it is valid, which is rare by accident
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # 3. single-byte Cyrillic (detectors misread short pages), then a weak header
    name = _cyrillic_8bit(data) or weak
    if name:
        return data.decode(name, "replace")
    # 4. detection, then the commonest legacy charset of our sources
    best = from_bytes(data[:65536]).best()
    return data.decode(best.encoding if best else "cp1251", "replace")


def guess_language(text: str) -> str | None:
    """A cheap language guess from the letters used.

    Args:
        text: title and text of a page.

    Returns:
        "tg" (Cyrillic with Tajik letters), "ru" (other Cyrillic), "zh", "en" or None.
    """
    sample = text[:LANGUAGE_SAMPLE]
    cyrillic = len(CYRILLIC_LETTER_RE.findall(sample))
    latin = len(LATIN_LETTER_RE.findall(sample))
    cjk = len(CJK_RE.findall(sample))
    if cyrillic > latin and cyrillic >= cjk and cyrillic:
        return "tg" if len(TAJIK_LETTER_RE.findall(sample)) >= 3 else "ru"
    if cjk > latin:
        return "zh"
    if latin and ENGLISH_HINT_RE.search(sample):
        return "en"
    return None


def _fallback_title(tree: lxml.html.HtmlElement) -> str | None:
    """og:title, else <title>, else the first <h1>."""
    for xpath in ('//meta[@property="og:title"]/@content', "//title//text()", "//h1//text()"):
        found = " ".join(str(t) for t in tree.xpath(xpath)).strip()
        if found:
            return found
    return None


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """All visible text but scripts, styles and page furniture (trafilatura found none)."""
    tree = lxml.html.fromstring(lxml.html.tostring(tree))  # a copy: we remove elements
    for element in tree.xpath(NOISE_XPATH):
        element.drop_tree()
    return " ".join(" ".join(tree.itertext()).split())


def _page_date(tree: lxml.html.HtmlElement) -> dt.date | None:
    """htmldate on the parsed tree (never on a string: a URL-like one is downloaded)."""
    try:
        found = htmldate.find_date(tree, **HTMLDATE_PARAMS)
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        LOGGER.debug("htmldate found no usable date")
        return None


def page_facts(html: bytes | str, url: str | None = None, encoding: str | None = None) -> PageFacts:
    """Extract title, main text, publication date and language from an archived page.

    Offline: nothing here touches the network, whatever the page contains.

    Args:
        html: the archived body, bytes (any charset) or text.
        url: the page's original URL, used in log messages only (the URL date
            is weighed separately by :func:`score_candidate`).
        encoding: the charset from the HTTP headers, if known.

    Returns:
        The page's facts; an empty or unparsable page gives empty facts.
    """
    source = decode_html(html, encoding) if isinstance(html, bytes) else html
    if "\x00" in source[:BINARY_SNIFF]:
        LOGGER.info("binary body, not HTML: %s", url or "")
        return PageFacts(None, "", None, None)
    try:
        tree = lxml.html.fromstring(XML_DECL_RE.sub("", source, count=1))
    except (lxml.etree.ParserError, ValueError):
        LOGGER.info("unparsable page %s", url or "")
        return PageFacts(None, "", None, None)
    date = _page_date(tree)
    # 1. trafilatura (it copies the tree); favour recall: a lead paragraph may hold the numbers
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        date_extraction_params=HTMLDATE_PARAMS,
    )
    title = (document.title if document else None) or _fallback_title(tree)
    text = (document.text if document else None) or ""
    # 2. trafilatura found (almost) nothing, or only the menu: take all visible text
    if len(text.strip()) < MIN_TEXT_CHARS:
        visible = _fallback_text(tree)
        if len(visible) > len(text.strip()):
            text = visible
    return PageFacts(title, text, date, guess_language(f"{title or ''}\n{text}"))
