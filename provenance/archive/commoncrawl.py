"""Common Crawl as an archive: crawls from collinfo.json, a pywb CDX index per crawl, WARC
records fetched from the data host by HTTP range and decoded with warcio."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from ..config import ArchiveSpec, Settings
from ..errors import ArchiveLookupError, ProvenanceError
from . import store as checkstore
from .batch import CheckRun, Discovery
from .cdx import CdxRow, cdx_query_url
from .client import ArchiveClient, Request, Validator
from .store import CachedResponse
from .targets import Target, coalesce, window_query

LOGGER = logging.getLogger(__name__)

COLLINFO_MAX_AGE = dt.timedelta(days=7)  # a new crawl appears about once a month
RANGE_MARK = "#bytes="  # record URLs: <data>/<filename>#bytes=<first>-<last>
WEEKLY_ID = re.compile(r"^CC-MAIN-(\d{4})-(\d{2})$")
YEARLY_ID = re.compile(r"^CC-MAIN-(\d{4})(?:-(\d{4}))?$")


# ---------------------------------------------------------------- crawls


@dataclass(frozen=True)
class Crawl:
    """One crawl: its index endpoint and the days it ran (roughly, when only the id says)."""

    id: str
    cdx_api: str
    start: dt.date
    end: dt.date


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def crawl_span(item: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days a crawl ran: its ``from``/``to`` when given, else read from its id.

    ``CC-MAIN-2016-44`` was published in ISO week 44 of 2016 after running for some weeks:
    the span is taken generously (four weeks before to one after), so a crawl is never missed,
    at worst asked once in vain. ``CC-MAIN-2012`` and ``CC-MAIN-2009-2010`` cover whole years.
    """
    start, end = _day(item.get("from")), _day(item.get("to"))
    if start and end:
        return start, end
    ident = str(item.get("id", ""))
    weekly, yearly = WEEKLY_ID.match(ident), YEARLY_ID.match(ident)
    if weekly:
        try:
            monday = dt.date.fromisocalendar(int(weekly.group(1)), int(weekly.group(2)), 1)
        except ValueError:
            return None
        return monday - dt.timedelta(days=28), monday + dt.timedelta(days=7)
    if yearly:
        last = int(yearly.group(2) or yearly.group(1))
        return dt.date(int(yearly.group(1)), 1, 1), dt.date(last, 12, 31)
    return None


def parse_collinfo(body: bytes) -> list[Crawl]:
    """The crawls of a ``collinfo.json`` answer (entries without a readable span are skipped).

    Raises:
        ArchiveLookupError: the body is not a JSON list of crawls.
    """
    try:
        items = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as exc:
        raise ArchiveLookupError(f"malformed crawl list: {exc}") from exc
    if not isinstance(items, list):
        raise ArchiveLookupError("malformed crawl list: not a JSON list")
    crawls = []
    for item in items:
        span = crawl_span(item) if isinstance(item, dict) else None
        if span and item.get("cdx-api"):
            crawls.append(Crawl(str(item["id"]), str(item["cdx-api"]), *span))
    return crawls


def pick_crawls(crawls: Iterable[Crawl], start: dt.date, end: dt.date) -> list[Crawl]:
    """The crawls that ran at some time between ``start`` and ``end`` (inclusive)."""
    return [c for c in crawls if c.start <= end and c.end >= start]


# ---------------------------------------------------------------- records


def record_url(data_base: str, row: CdxRow) -> str | None:
    """The URL a candidate's record is fetched from: data host, file, byte range."""
    if not (row.filename and row.offset.isdigit() and row.length.isdigit()):
        return None
    first = int(row.offset)
    last = first + int(row.length) - 1
    return f"{data_base.rstrip('/')}/{row.filename}{RANGE_MARK}{first}-{last}"


def split_record_url(url: str) -> tuple[str, str] | None:
    """(file URL, Range header value) of a record URL; None for any other URL."""
    if RANGE_MARK not in url:
        return None
    base, _, span = url.rpartition(RANGE_MARK)
    return base, f"bytes={span}"


def decode_record(url: str, answer: CachedResponse) -> CachedResponse | ProvenanceError:
    """The archived HTTP response inside a WARC record fetched by range.

    Args:
        url: the record URL (the candidate's archive URL).
        answer: the data host's answer.

    Returns:
        The archived status, headers (plus Memento-Datetime from WARC-Date) and body; an
        ArchiveLookupError when the range was not honoured or the record is unreadable.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if answer.status != 206:
        return ArchiveLookupError(f"data host answered HTTP {answer.status} to a range: {url}")
    try:
        record = next(iter(ArchiveIterator(BytesIO(answer.body))), None)
        if record is None or record.rec_type != "response" or record.http_headers is None:
            return ArchiveLookupError(f"no WARC response record at {url}")
        status = int(record.http_headers.get_statuscode() or 0)
        headers = {k: v for k, v in record.http_headers.headers}
        body = record.content_stream().read()
        when = dt.datetime.fromisoformat(record.rec_headers.get_header("WARC-Date", ""))
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        return ArchiveLookupError(f"unreadable WARC record at {url}: {exc}")
    stamp = email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)
    headers = {k: v for k, v in headers.items() if k.lower() != "memento-datetime"}
    headers["Memento-Datetime"] = stamp
    return CachedResponse(url, status, headers, body, answer.fetched_at, answer.from_cache)


class WarcClient:
    """The archive client, with record URLs fetched as byte ranges and decoded."""

    def __init__(self, client: ArchiveClient):
        self.client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def get(self, request: Request, validate: Validator | None = None) -> CachedResponse:
        """One request; raises what ``get_many`` would return."""
        result = self.get_many([request], validate)[request.key]
        if isinstance(result, ProvenanceError):
            raise result
        return result

    def get_many(
        self, requests: Iterable[Request], validate: Validator | None = None
    ) -> dict[str, CachedResponse | ProvenanceError]:
        """``ArchiveClient.get_many`` with record URLs decoded."""
        return dict(self.iter_many(requests, validate))

    def iter_many(
        self, requests: Iterable[Request], validate: Validator | None = None
    ) -> Iterator[tuple[str, CachedResponse | ProvenanceError]]:
        """``ArchiveClient.iter_many``; a record URL goes out as a Range request (cached raw)
        and comes back decoded, under the record URL's key."""
        ranged: dict[str, Request] = {}
        wire = []
        for req in requests:
            split = split_record_url(req.url)
            if split is None:
                wire.append(req)
                continue
            real = Request(split[0], (("Range", split[1]),), req.trusted)
            ranged[real.key] = req
            wire.append(real)
        for key, answer in self.client.iter_many(wire, validate):
            asked = ranged.get(key)
            if asked is None:
                yield key, answer
            elif isinstance(answer, CachedResponse):
                yield asked.key, decode_record(asked.url, answer)
            else:
                yield asked.key, answer


# ---------------------------------------------------------------- the run


class CommonCrawlRun(CheckRun):
    """A check run against Common Crawl: each domain (then fallback domain) in every crawl that
    ran during the reference's window; candidates are WARC records fetched by range."""

    def __init__(self, client: ArchiveClient, settings: Settings, spec: ArchiveSpec):
        super().__init__(WarcClient(client), settings)  # type: ignore[arg-type]
        self.spec = spec
        self._crawls: list[Crawl] | None = None
        self._crawl_error: str | None = None

    def crawls(self) -> list[Crawl]:
        """The crawl list, from the cache while it is younger than COLLINFO_MAX_AGE."""
        if self._crawls is not None:
            return self._crawls
        request = Request(f"{self.spec.url.rstrip('/')}/collinfo.json")
        db = self.client.db
        cached = checkstore.get_cached(db, request.key)
        if cached and not self.settings.offline and _age(cached) > COLLINFO_MAX_AGE:
            checkstore.drop_cached(db, request.key)
        try:
            self._crawls = parse_collinfo(self.client.get(request).body)
        except ProvenanceError as exc:
            if cached is None:
                self._crawl_error, self._crawls = f"Common Crawl's crawl list: {exc}", []
                return []
            LOGGER.warning("Common Crawl's crawl list: %s; using the copy of %s", exc, cached.url)
            checkstore.put_cached(db, request.key, cached)
            self._crawls = parse_collinfo(cached.body)
        return self._crawls

    def plan(self, targets: list[Target], depth: int = 0) -> None:
        """Set each target's CDX queries: its domain at ``depth`` (or, at depth 0, its URL)
        in each crawl that ran during its window."""
        crawls = self.crawls()
        by_ref = {t.ref_id: t for t in targets}
        for target in targets:
            target.queries = []
        for window in coalesce(targets, depth):
            for crawl in pick_crawls(crawls, window.start, window.end):
                query = window_query(crawl.cdx_api, window)
                for ref_id in window.ref_ids:
                    by_ref[ref_id].queries.append(query)
        for target in targets:
            if target.url and not depth:
                self._plan_url(target, crawls)

    def _plan_url(self, target: Target, crawls: list[Crawl]) -> None:
        """A URL reference: the URL in each crawl around its cited (or access) date."""
        day = target.date or target.accessed
        if day is None:
            return
        start = day - dt.timedelta(days=self.settings.window_before_days)
        end = day + dt.timedelta(days=self.settings.window_after_days)
        for crawl in pick_crawls(crawls, start, end):
            target.queries.append(Request(cdx_query_url(crawl.cdx_api, target.url or "")))

    def _rank_by_home_pages(self, batch: list[Target], found: dict[int, Discovery]) -> None:
        """No home-page hints: a crawl has no replay to read a day's home page from."""

    def _discover(self, target: Target, depth: int = 0) -> Discovery:
        """The base discovery over the crawls' answers, with candidates pointing at records."""
        if self._crawl_error:
            return Discovery(errors=[self._crawl_error], domains=target.domains[: depth + 1])
        for query in target.queries:  # Common Crawl answers 404 when a crawl has no capture
            answer = self._answers.get(query.key)
            if isinstance(answer, CachedResponse) and answer.status == 404:
                self._answers[query.key] = CachedResponse(answer.url, 200, {}, b"")
        found = super()._discover(target, depth)
        rows = {}
        for query in target.queries:
            answer = self._answers.get(query.key)
            if isinstance(answer, CachedResponse) and answer.status == 200:
                rows.update({(r.timestamp, r.original): r for r in self._cdx_rows(answer)})
        kept = []
        for cand in found.candidates:
            row = rows.get((cand.timestamp, cand.original_url))
            url = record_url(self.settings.replay_url, row) if row else None
            if url:
                cand.archive_url = url
                kept.append(cand)
        found.candidates = kept
        if found.closest is not None and found.closest not in kept:
            found.closest = kept[0] if kept else None
        return found


def _age(cached: CachedResponse) -> dt.timedelta:
    """How long ago a cached response was fetched (very old when unknown)."""
    try:
        fetched = dt.datetime.fromisoformat(cached.fetched_at)
    except ValueError:
        return dt.timedelta.max
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC) - fetched
