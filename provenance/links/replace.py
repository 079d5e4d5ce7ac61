"""Replacements for broken links: the archive capture closest to the cited date."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from urllib.parse import urljoin

from sqlite_utils import Database

from ..archive.cdx import noon_utc
from ..config import Settings
from ..errors import FetchError
from ..models import LinkStatus, LinkUse
from ..net.fetch import Fetcher, host_key
from . import store as linkstore
from .lookups import Failures

LOGGER = logging.getLogger(__name__)

CACHE_DAYS = 30  # a looked-up replacement (or a miss) is reused this long
WINDOW_DAYS = 365  # captures searched this far either side of the cited date
CDX_ROWS = 1000


def cited_day(uses: Iterable[LinkUse]) -> dt.date | None:
    """The earliest date among a URL's uses ("2016", "2016-10" and "2016-10-20" all work)."""
    days = []
    for use in uses:
        text = (use.cited_date or "")[:10]
        parts = text.split("-")
        try:
            year = int(parts[0])
            month = int(parts[1]) if len(parts) > 1 else 7  # mid-year for a bare year
            day = int(parts[2]) if len(parts) > 2 else 15
            days.append(dt.date(year, month, day))
        except (ValueError, IndexError):
            continue
    return min(days, default=None)


def add_replacements(
    db: Database, statuses: list[LinkStatus], settings: Settings, fetcher: Fetcher, now: dt.datetime
) -> int:
    """Fill ``replacement_url`` of every dead or soft-404 link that is not itself an archive URL.

    Sources, in order: 1. the capture ``provenance check`` found for that URL;
    2. a lookup cached in ``link_replacements`` less than CACHE_DAYS old (a
    recorded miss counts); 3. one query to the first configured archive: its CDX,
    or its Memento TimeGate when it has no CDX (not with --offline), cached;
    4. when those give none, the capture ``provenance save`` made (however old: it is
    the copy kept, and a lookup around the cited date, years before it, misses it).
    With ``no_archive`` nothing is suggested.

    Args:
        db: the database.
        statuses: the run's link statuses (changed in place).
        settings: cdx_url, replay_url, memento_url, offline and no_archive are read.
        fetcher: the HTTP layer; the CDX host is trusted (loopback allowed).
        now: the run's time.

    Returns:
        How many links got a replacement.
    """
    from ..archive.sources import primary_settings  # the first configured archive

    if settings.no_archive:
        return 0
    settings = primary_settings(settings)
    endpoints = (settings.cdx_url, settings.replay_url, settings.memento_url)
    archive_hosts = {host_key(url) for url in endpoints if url}
    failed, found = Failures(settings.breaker_threshold), 0
    for status in statuses:
        if not status.broken or host_key(status.url) in archive_hosts:
            continue
        if all(u.kind == "archive" for u in status.uses):
            continue
        found_now = _replacement(db, status, settings, fetcher, now, failed)
        status.replacement_url = found_now or linkstore.saved_capture(db, status.url)
        found += status.replacement_url is not None
    failed.say()
    return found


def _replacement(
    db: Database,
    status: LinkStatus,
    settings: Settings,
    fetcher: Fetcher,
    now: dt.datetime,
    failed: Failures,
) -> str | None:
    # 1. check already found this source in an archive.
    known = linkstore.archived_capture(db, status.url)
    if known:
        return known[0]
    # 2. A recent lookup, hit or miss.
    cached = linkstore.cached_replacement(db, status.url, now - dt.timedelta(days=CACHE_DAYS))
    if cached is not None:
        return cached["replacement_url"]
    if settings.offline:
        return None
    # 3. One query to the configured archive; a failed lookup is not cached (asked again).
    if not settings.cdx_url and not settings.memento_url:
        return None  # an archive without lookup by URL (Common Crawl): nothing to ask
    if not failed.asks():
        return None
    ask, source = (closest_capture, "cdx") if settings.cdx_url else (closest_memento, "memento")
    try:
        found = ask(fetcher, settings, status.url, cited_day(status.uses))
    except FetchError as exc:
        failed.add(source, status.url, exc)
        return None
    failed.answered()
    url, stamp = found if found else (None, None)
    linkstore.save_replacement(db, status.url, url, stamp, source, now)
    return url


def closest_memento(
    fetcher: Fetcher, settings: Settings, url: str, when: dt.date | None
) -> tuple[str, str] | None:
    """The memento of ``url`` a Memento TimeGate (``<memento_url>/<url>``) picks for ``when``.

    Returns:
        (memento URL, timestamp), or None when the archive has none (404).

    Raises:
        FetchError: the TimeGate failed or answered without a memento.
    """
    from ..archive.cdx import MEMENTO_STAMP
    from ..archive.client import http_date

    headers = {"Accept-Datetime": http_date(when)} if when else {}
    gate = f"{(settings.memento_url or '').rstrip('/')}/{url}"
    result = fetcher.get(gate, headers=headers, trusted=True)
    if result.status == 404:
        return None
    name = "Content-Location" if result.status == 200 else "Location"
    location = result.headers.get(name) if result.status in (200, 302, 303, 307) else None
    stamp = MEMENTO_STAMP.search(location or "")
    if not location or not stamp:
        raise FetchError(f"TimeGate answered HTTP {result.status} without a memento", kind="other")
    return urljoin(gate, location), stamp.group(1)


def closest_capture(
    fetcher: Fetcher, settings: Settings, url: str, when: dt.date | None
) -> tuple[str, str] | None:
    """The 200 capture of ``url`` closest to ``when`` (latest when no date), via one CDX query.

    Args:
        fetcher: the HTTP layer.
        settings: cdx_url and replay_url.
        url: the dead URL.
        when: the cited date.

    Returns:
        (replay URL, timestamp), or None when the archive has no capture.

    Raises:
        FetchError: the CDX server failed or answered garbage (ArchiveLookupError).
    """
    from ..archive.client import (  # the check stage's CDX adapter (IA + pywb)
        cdx_query_url,
        parse_cdx,
    )

    window = dt.timedelta(days=WINDOW_DAYS)
    query = cdx_query_url(
        settings.cdx_url,
        url,
        start=when - window if when else None,
        end=when + window if when else None,
        limit=CDX_ROWS,
    )
    result = fetcher.get(query, trusted=True)
    if result.status != 200:
        raise FetchError(f"CDX answered HTTP {result.status}", kind="other")
    rows = [r for r in parse_cdx(result.body) if r.statuscode in ("200", "")]
    if not rows:
        return None
    if when is None:
        best = max(rows, key=lambda r: r.timestamp)
    else:
        target = noon_utc(when)
        best = min(rows, key=lambda r: abs((r.when - target).total_seconds()))
    replay = f"{settings.replay_url.rstrip('/')}/{best.timestamp}/{best.original}"
    return replay, best.timestamp
