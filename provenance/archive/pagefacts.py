"""Archived page bytes to facts (charset, title, text, date, language); date fit, error pages."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from ..scan.encoding import (
    declared_charset,
    decode_bom,
    guess_charset,
    legacy_cyrillic,
    utf8_replaced,
)
from ..scan.urldates import url_date

LOGGER = logging.getLogger(__name__)

MIN_TEXT_CHARS = 80  # below this a page is an error page whatever its title says
ERROR_TEXT_CHARS = 1500  # an error-like title only counts on a page shorter than this
NO_DATE_EVIDENCE = 0.25  # the date component when nothing dates the page
URL_DATE_FACTOR, CAPTURE_DATE_FACTOR = 0.9, 0.6  # weaker evidence than the page's own date
# The page's date from htmldate: metadata, date elements and timestamps only.
# The free-text search is off: it is slow and picks up dates the article
# merely mentions ("the exercise runs from 20 to 24 October").
HTMLDATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
CYRILLIC_LETTER_RE = re.compile(r"[\u0400-\u04ff]")
TAJIK_LETTER_RE = re.compile(r"[ғӣқӯҳҷҒӢҚӮҲҶ]")
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_HINT_RE = re.compile(r"\b(?:the|and|of|to|in|is|was|said)\b", re.IGNORECASE)
WEAK_CHARSETS = frozenset({"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii"})
BINARY_SNIFF = 1024  # a NUL byte this early means the body is not HTML
LANGUAGE_SAMPLE = 4000  # characters looked at to guess the language
# Only on short pages (ERROR_TEXT_CHARS): a news title may well say "not found".
ERROR_TITLE_RE = re.compile(
    r"^\s*(?:404|403|410|500|error|ошибка)\b|\b(?:404|410)\s*(?:error|not found|ошибка)|"
    r"not found|page (?:does not|doesn't) exist|access denied|forbidden|"
    r"страница не найдена|не найдена|не существует|доступ запрещ",
    re.IGNORECASE,
)
NOISE_XPATH = "//script|//style|//noscript|//nav|//header|//footer|//aside|//form"


@dataclass(frozen=True)
class PageFacts:
    """What was extracted from one archived page."""

    title: str | None
    text: str  # main text (trafilatura), may be ""
    date: dt.date | None  # publication date found in the page (htmldate)
    language: str | None  # "ru", "tg", "en", "zh" or None: a guess from the letters used


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode page bytes: BOM, HTTP charset, meta charset, UTF-8, Cyrillic 8-bit, detection.

    The steps are the scan's (``scan.encoding``), in the order pages need them, and
    nothing raises: an archived page is always read as well as it can be.

    Args:
        data: the archived body.
        encoding: the charset from the HTTP headers, if any. A Western
            default (ISO-8859-1, windows-1252) is only believed after the
            other clues, since servers sent it for Russian pages too.

    Returns:
        The page as text (undecodable bytes replaced).
    """
    if (found := decode_bom(data)) is not None:
        return found[0]
    weak = encoding if encoding and encoding.lower() in WEAK_CHARSETS else None
    # 1. what the server said, then what the page says about itself
    declared = [encoding] if encoding and not weak else []
    if (meta := declared_charset(data)) is not None:
        declared.append(meta)
    for name in declared:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            LOGGER.debug("charset %r does not decode the page", name)
    # 2. UTF-8 if it is valid (rare by accident), or nearly so among many good characters
    replaced, bad, good = utf8_replaced(data)
    if not bad or good >= 9 * bad:
        return replaced
    # 3. single-byte Cyrillic (detectors misread short pages), then a weak header,
    # then detection, then the commonest legacy charset of our sources
    name = (
        legacy_cyrillic(data, min_high=1) or weak or guess_charset(data, max_chaos=1.0) or "cp1251"
    )
    return data.decode(name, "replace")


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


# ---------------------------------------------------------------- dates and error pages


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


def describe_date(label: str, found: dt.date, cited: dt.date) -> str:
    """Say how a date relates to the cited one.

    Args:
        label: what the date is ("date", "URL date", "capture").
        found: that date.
        cited: the cited date.

    Returns:
        ``date 2016-10-20 = cited date`` / ``... is 2 days after the cited 2016-10-18``.
    """
    days = (found - cited).days
    if days == 0:
        return f"{label} {found.isoformat()} = cited date"
    side = "after" if days > 0 else "before"
    unit = "day" if abs(days) == 1 else "days"
    return f"{label} {found.isoformat()} is {abs(days)} {unit} {side} the cited {cited.isoformat()}"


def date_evidence(
    cited: dt.date, page_date: dt.date | None, url: str | None, capture: dt.date | None
) -> tuple[float, str]:
    """How well a page's dates fit the cited date, and why.

    Args:
        cited: the cited date.
        page_date: the date the page gives itself (htmldate), if any.
        url: the page's original URL (it may carry a date).
        capture: when the archive captured the page.

    Returns:
        0..1 (see :mod:`provenance.verify`) and a reason.
    """
    options: list[tuple[float, str]] = []
    # 1. the date the page gives itself
    if page_date:
        closeness = date_closeness((page_date - cited).days)
        options.append((closeness, describe_date("date", page_date, cited)))
    # 2. the date in its URL, also when the page date disagrees (htmldate can be fooled)
    found_in_url = url_date(url) if url else None
    if found_in_url:
        closeness = URL_DATE_FACTOR * date_closeness((found_in_url - cited).days)
        options.append((closeness, describe_date("URL date", found_in_url, cited)))
    if options:
        return max(options, key=lambda o: o[0])
    # 3. the capture date: the page existed then, so it was published on or before it
    if capture:
        days = (capture - cited).days
        if days > 7:
            return NO_DATE_EVIDENCE, f"no page date; capture {capture} is too late to tell"
        value = CAPTURE_DATE_FACTOR * date_closeness(days)
        return value, "no page date; " + describe_date("capture", capture, cited)
    # 4. nothing to go on
    return NO_DATE_EVIDENCE, "no date on the page or in the URL"


def error_page_reason(page: PageFacts) -> str | None:
    """Say why a page looks like a soft 404 or junk.

    Args:
        page: from :func:`page_facts`.

    Returns:
        The reason, or None when the page looks like an article.
    """
    text = page.text.strip()
    if len(text) < MIN_TEXT_CHARS:
        return f"looks like an error page: only {len(text)} characters of text"
    if page.title and ERROR_TITLE_RE.search(page.title) and len(text) < ERROR_TEXT_CHARS:
        return f"looks like an error page: title {page.title!r}"
    return None
