"""Which archived captures could be the cited article, and in what order to try them."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..models import Candidate, bare_host
from ..scan.urldates import URL_DATE_RE, url_dates
from . import cdx, hints
from .cdx import CdxRow
from .client import Memento

LOGGER = logging.getLogger(__name__)

# Captures that are never the cited article: assets, feeds, listings, the home page.
ASSET_PATH = re.compile(
    r"\.(?:jpe?g|png|gif|svg|webp|ico|bmp|css|js|json|xml|rss|atom|rdf|pdf|mp[34]|woff2?|ttf|zip)$",
    re.IGNORECASE,
)
LISTING_SEGMENT = re.compile(
    r"/(?:tags?|category|categories|rubrics?|rubrika|sections?|topics?|theme|tema|search|"
    r"authors?|feeds?|rss|atom|login|print|archive|calendar|page)(?:/|$)",
    re.IGNORECASE,
)
LISTING_QUERY = re.compile(r"(?:^|&)(?:page|p|q|s|query|search|tag|format|output)=", re.IGNORECASE)
HOME_PATH = re.compile(r"^/?(?:[a-z]{2}(?:-[a-z]{2})?/?)?(?:index\.\w{2,5})?$", re.IGNORECASE)
ARTICLE_ID = re.compile(r"(?<![\d.])\d{4,}(?![\d.]\d)")


@dataclass(frozen=True)
class Cited:
    """What a reference cites, as far as ranking needs it."""

    date: dt.date | None  # the full cited (publication) date, when known
    window: tuple[dt.date, dt.date] | None  # the capture window searched
    claim: str = ""
    accessed: dt.date | None = None  # an access date, when that is the only date given

    @property
    def anchor_day(self) -> dt.date | None:
        """The day captures are measured against: the cited date, else the access date (the
        author saw the page then: IABot's rule), else the middle of the window."""
        if self.date or self.accessed:
            return self.date or self.accessed
        if self.window:
            return self.window[0] + (self.window[1] - self.window[0]) / 2
        return None

    @property
    def anchor(self) -> dt.datetime | None:
        """Noon UTC of :attr:`anchor_day`, to measure captures against."""
        day = self.anchor_day
        return None if day is None else cdx.noon_utc(day)


def norm_url(url: str) -> str:
    """Scheme-less, www-less, lowercase-host form used to spot duplicate captures."""
    parts = urlsplit(url)
    host = bare_host(url)
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def is_article_url(url: str) -> bool:
    """False for the home page, assets, feeds, tag/section/search listings.

    Args:
        url: the original URL of a capture.

    Returns:
        True when the URL could be an article.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if HOME_PATH.match(path) or ASSET_PATH.search(path) or LISTING_SEGMENT.search(path):
        return False
    if parts.query and LISTING_QUERY.search(parts.query):
        return False
    segments = [s for s in path.split("/") if s]
    # A single short word ("/news", "/politics/") is a section page, not an article.
    return not (
        len(segments) == 1
        and not any(c.isdigit() for c in segments[0])
        and segments[0].count("-") < 3
    )


def url_tier(url: str, cited: Cited) -> int:
    """Rank class of a URL for a citation.

    Returns:
        0: the URL carries the cited date; 1: an article id or a date inside the window;
        2: neither; 3: only dates outside the window (an older article captured again).
    """
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}"
    dates = url_dates(path)
    if cited.date and cited.date in dates:
        return 0
    if dates and cited.window:
        inside = any(cited.window[0] <= d <= cited.window[1] for d in dates)
        return 1 if inside else 3
    return 1 if ARTICLE_ID.search(URL_DATE_RE.sub("", path)) else 2


def distance(row: CdxRow, anchor: dt.datetime | None) -> float:
    """Seconds between a capture and the anchor (later captures first when there is none)."""
    if anchor is None:
        return -row.when.timestamp()
    return abs((row.when - anchor).total_seconds())


def rank_captures(
    rows: Iterable[CdxRow],
    cited: Cited,
    replay_base: str,
    titles: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """Keep HTML 200 article captures inside the window and rank them.

    Order: the cited date in the URL, then an article id, then claim words carried by the
    URL slug and by the headline a home page links the URL with (across scripts:
    :mod:`provenance.archive.hints`), then closeness of the capture to the cited date.

    Args:
        rows: CDX captures (possibly for a wider, coalesced window).
        cited: the cited date, window and claim.
        replay_base: the replay endpoint, for the candidates' archive URLs.
        titles: headlines by :func:`hints.url_key`, from a captured home page.

    Returns:
        One candidate per distinct URL (its capture closest to the cited date), ranked.
    """
    anchor = cited.anchor
    titles = titles or {}
    best: dict[str, CdxRow] = {}
    for row in rows:
        if not row.is_html_200 or not is_article_url(row.original):
            continue
        if cited.window and not cited.window[0] <= row.when.date() <= cited.window[1]:
            continue
        key = norm_url(row.original)
        if key not in best or distance(row, anchor) < distance(best[key], anchor):
            best[key] = row

    signal = {key: _signal(row.original, cited.claim, titles) for key, row in best.items()}

    def order(row: CdxRow) -> tuple[int, float, float, str]:
        hits = signal[norm_url(row.original)]
        return (url_tier(row.original, cited), -hits, distance(row, anchor), row.original)

    ranked = sorted(best.values(), key=order)
    out = [_candidate(row, replay_base, rank) for rank, row in enumerate(ranked)]
    for cand in out:
        cand.title = titles.get(hints.url_key(cand.original_url))
        cand.hint = signal[norm_url(cand.original_url)]
    return out


def _signal(url: str, claim: str, titles: Mapping[str, str]) -> float:
    """The claim words a URL's slug and home-page headline carry, weighed (rounded: weights
    sum unevenly in binary, 1.7 against 1.7000000000000002, and equal ones must tie)."""
    title = titles.get(hints.url_key(url))
    hits = hints.slug_hits(url, claim) + (hints.title_hits(title, claim) if title else 0.0)
    return round(hits, 3)


def _candidate(row: CdxRow, replay_base: str, rank: int = 0) -> Candidate:
    """A candidate for a CDX row, with its raw replay URL."""
    return Candidate(
        original_url=row.original,
        timestamp=row.timestamp,
        mimetype=row.mimetype,
        archive_url=cdx.replay_url(replay_base, row.timestamp, row.original),
        rank=rank,
    )


def closest_capture(rows: Iterable[CdxRow], cited: Cited, replay_base: str) -> Candidate | None:
    """IABot's rule for a URL reference: the HTML 200 capture closest to the cited date.

    Args:
        rows: the captures of the URL.
        cited: the cited date, or the access date (none: the latest capture wins).
        replay_base: the replay endpoint.

    Returns:
        The closest capture as a candidate, or None when there is no HTML 200 capture.
    """
    usable = [r for r in rows if r.is_html_200]
    if not usable:
        return None
    anchor = cited.anchor
    return _candidate(min(usable, key=lambda r: (distance(r, anchor), r.timestamp)), replay_base)


def memento_candidate(memento: Memento) -> Candidate:
    """A candidate from a Memento TimeMap/TimeGate answer (fetched in its raw id_ form)."""
    raw = cdx.to_raw_memento(memento.uri)
    match = cdx.MEMENTO_STAMP.search(raw)
    original = raw[match.end() :] if match else memento.uri
    return Candidate(original_url=original, timestamp=memento.timestamp, archive_url=raw)
