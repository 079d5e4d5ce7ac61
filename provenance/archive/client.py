"""Web-archive access: Memento TimeMaps and TimeGates, cached polite requests, retries, breaker."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from sqlite_utils import Database

from ..config import Settings
from ..errors import (
    ArchiveLookupError,
    BlockedURLError,
    CircuitOpenError,
    FetchError,
    OfflineMiss,
    ProvenanceError,
)
from ..net.fetch import MAX_RETRY_AFTER, Fetcher, FetchResult, host_key, parse_retry_after
from . import store as checkstore

# The CDX adapter lives in cdx.py; its names stay importable from here.
from .breaker import Breaker
from .cdx import CdxRow as CdxRow
from .cdx import cdx_query_url as cdx_query_url
from .cdx import parse_cdx as parse_cdx
from .cdx import replay_url as replay_url
from .cdx import to_raw_memento as to_raw_memento

# Memento parsing lives in memento.py; its names stay importable from here.
from .memento import LINK_ENTRY as LINK_ENTRY
from .memento import LINK_PARAM as LINK_PARAM
from .memento import Memento as Memento
from .memento import _memento_at
from .memento import closest_memento as closest_memento
from .memento import http_date as http_date
from .memento import mementos_from_links as mementos_from_links
from .memento import parse_link_format as parse_link_format
from .store import CachedResponse

LOGGER = logging.getLogger(__name__)
MEMO_BODY_BYTES = 256_000  # larger cached bodies are read back from SQLite, not held

RETRY_STATUSES = frozenset({500, 502, 503, 504})
RETRY_KINDS = frozenset({"timeout", "reset"})


# ---------------------------------------------------------------- Memento TimeGate


def timegate(
    client: ArchiveClient, memento_base: str, url: str, when: dt.date | None
) -> Memento | None:
    """Ask a Memento TimeGate (``<base>/<url>`` with Accept-Datetime) for the closest memento.

    Args:
        client: the archive client (cache, limits).
        memento_base: the TimeGate base, e.g. ``http://127.0.0.1:8080/coll``.
        url: the original URL.
        when: the cited date (None: the most recent memento).

    Returns:
        The memento the TimeGate chose, or None when it has none (404).

    Raises:
        ArchiveLookupError: any other answer.
    """
    headers = (("Accept-Datetime", http_date(when)),) if when else ()
    answer = client.get(Request(f"{memento_base.rstrip('/')}/{url}", headers))
    if answer.status == 404:
        return None
    # 1. Redirect pattern (302/307 to the memento). 2. 200 pattern (Content-Location).
    location = answer.header("Location") if answer.status in (302, 303, 307) else None
    if answer.status == 200:
        location = answer.header("Content-Location")
    memento = _memento_at(urljoin(answer.url, location)) if location else None
    if memento is None:
        raise ArchiveLookupError(f"TimeGate answered HTTP {answer.status} without a memento")
    return memento


# ---------------------------------------------------------------- client


@dataclass(frozen=True)
class Request:
    """One archive request: URL, negotiating headers, and whether its host is trusted."""

    url: str
    headers: tuple[tuple[str, str], ...] = ()
    trusted: bool = True

    @property
    def key(self) -> str:
        """The cache key: the URL, plus negotiating headers (Accept-Datetime) when any."""
        return "\n".join([self.url, *(f"{k}: {v}" for k, v in self.headers)])


Validator = Callable[[CachedResponse], object]


class ArchiveClient:
    """Cached, polite archive requests. Database use stays on the calling thread.

    Network requests run on a thread pool (the Fetcher applies per-host rate limits and
    concurrency); cache reads and writes happen on the thread that calls ``get_many``,
    because a sqlite3 connection belongs to the thread that opened it.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        fetcher: Fetcher,
        *,
        no_header_wait: float = 60.0,
        backoff: float = 1.0,
    ):
        """Build a client.

        Args:
            db: database holding the archive_cache table.
            settings: refresh, offline, max_retries, breaker_threshold, global_concurrency.
            fetcher: the shared HTTP layer.
            no_header_wait: seconds to wait after a 429 without Retry-After.
            backoff: base of the exponential wait after a 5xx/timeout without Retry-After.
        """
        self.db, self.settings, self.fetcher = db, settings, fetcher
        self.no_header_wait, self.backoff = no_header_wait, backoff
        self.breaker = Breaker(settings.breaker_threshold)
        self.requests = 0
        self.cache_hits = 0
        self._admitted = 0  # network requests let through, against settings.max_requests
        self._turned_away = 0
        self._memo: dict[str, CachedResponse | ProvenanceError] = {}
        self._fetched: set[str] = set()  # keys answered in this run (memoised or not)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._pool = ThreadPoolExecutor(max(1, settings.global_concurrency), "archive")

    def close(self) -> None:
        """Stop the worker threads (pending requests are cancelled)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def get(self, request: Request, validate: Validator | None = None) -> CachedResponse:
        """One request through the cache; raises what ``get_many`` would return."""
        result = self.get_many([request], validate)[request.key]
        if isinstance(result, ProvenanceError):
            raise result
        return result

    def get_many(
        self,
        requests: Iterable[Request],
        validate: Validator | None = None,
    ) -> dict[str, CachedResponse | ProvenanceError]:
        """Answer requests from this run's memo, the cache, or the network (in parallel).

        Args:
            requests: what to fetch (duplicates are fetched once).
            validate: raises ArchiveLookupError for an unusable body (malformed CDX): such a
                response is neither cached nor returned.

        Returns:
            Request key → the response, or the error (ArchiveLookupError, CircuitOpenError,
            OfflineMiss, BlockedURLError) to record as the reference's error.
        """
        return dict(self.iter_many(requests, validate))

    def iter_many(
        self,
        requests: Iterable[Request],
        validate: Validator | None = None,
    ) -> Iterator[tuple[str, CachedResponse | ProvenanceError]]:
        """Like ``get_many``, yielding each answer as soon as it is there (cached ones first),
        so the caller can work on one answer while the others are still on the wire."""
        seen: set[str] = set()
        pending: dict[str, Request] = {}
        for req in requests:
            if req.key in seen:
                continue
            seen.add(req.key)
            found = self._lookup(req)
            if found is None:
                pending[req.key] = req
            else:
                yield req.key, found
        for key in self._over_budget(pending):
            del pending[key]
            yield key, BudgetSpent(f"request budget of {self.settings.max_requests} spent")
        futures = {self._pool.submit(self._network, req): key for key, req in pending.items()}
        try:
            for future in as_completed(futures):
                key = futures[future]
                try:
                    in_cache = False
                    outcome: CachedResponse | ProvenanceError = checkstore.slim(future.result())
                    if validate:
                        validate(outcome)
                    if in_cache := _cacheable(outcome):
                        checkstore.put_cached(self.db, key, outcome)
                except ProvenanceError as exc:
                    outcome = exc
                self._remember(key, outcome, in_cache)
                yield key, outcome
        finally:  # an interrupt (or a caller that stops early) cancels what has not started
            for future in futures:
                future.cancel()

    @property
    def budget_spent(self) -> bool:
        """Whether ``--max-requests`` turned a request away (the rest waits for next run)."""
        return self._turned_away > 0

    def _remember(
        self, key: str, outcome: CachedResponse | ProvenanceError, in_cache: bool = False
    ) -> None:
        """Memoise an answer for this run; a large body that is in the cache (SQLite) is
        read back from there, so a check of many large pages does not hold them all."""
        self._fetched.add(key)
        large = isinstance(outcome, CachedResponse) and len(outcome.body) > MEMO_BODY_BYTES
        if large and in_cache:
            return
        self._memo[key] = outcome

    def _over_budget(self, pending: Mapping[str, Request]) -> list[str]:
        """The keys of pending requests beyond ``settings.max_requests`` (never memoised:
        the next run asks them)."""
        limit = self.settings.max_requests
        if not limit:
            return []
        room = max(0, limit - self._admitted)
        keys = list(pending)
        self._admitted += min(room, len(keys))
        self._turned_away += max(0, len(keys) - room)
        return keys[room:]

    def _lookup(self, req: Request) -> CachedResponse | ProvenanceError | None:
        """The memo, then the cache (unless --refresh); OfflineMiss when offline."""
        if req.key in self._memo:
            return self._memo[req.key]
        if not self.settings.refresh:
            cached = checkstore.get_cached(self.db, req.key)
            if cached is not None:
                if req.key not in self._fetched:  # a big page of this run is read back
                    self.cache_hits += 1
                self._remember(req.key, cached, in_cache=True)
                return cached
        if self.settings.offline:
            miss = OfflineMiss(f"offline: not cached: {req.url}")
            self._memo[req.key] = miss
            return miss
        return None

    def _network(self, req: Request) -> CachedResponse:
        """Fetch one request with the retry policy; runs on a worker thread, no database."""
        host = host_key(req.url)
        attempt = 0
        while True:
            try:
                res = self._send(host, req)
            except (BlockedURLError, ArchiveLookupError):  # refused URL, open breaker
                raise
            except FetchError as exc:
                if exc.kind in RETRY_KINDS and attempt < self.settings.max_retries:
                    attempt += 1
                    self.fetcher.defer(host, self.backoff * 2 ** (attempt - 1))
                    continue
                # a request unanswered after its retries counts towards giving the host up
                if self.breaker.record_unanswered(host, exc):
                    raise CircuitOpenError(str(exc), kind=exc.kind) from exc
                raise ArchiveLookupError(f"{exc}", kind=exc.kind) from exc
            self.breaker.record_answer(host)
            wait = self._retry_wait(host, res.status, res.headers, attempt)
            if wait is None:
                return CachedResponse(
                    req.url, res.status, dict(res.headers), res.body, checkstore.now_iso()
                )
            if attempt >= self.settings.max_retries:
                raise ArchiveLookupError(
                    f"HTTP {res.status} from {host} after {attempt + 1} tries: {req.url}"
                )
            if wait > MAX_RETRY_AFTER:  # Retry-After: 100000 must not hold the run
                self.breaker.defer(host, wait)
                self.breaker.check(host)
            attempt += 1
            self.fetcher.defer(host, wait)  # the limiter holds every thread off this host

    def _send(self, host: str, req: Request) -> FetchResult:
        """One attempt. The breaker is checked after taking one of the host's slots, so
        requests queued behind a 429 are not sent once the breaker has opened."""
        with self._lock:
            slot = self._slots.setdefault(
                host, threading.Semaphore(max(1, self.settings.host_concurrency))
            )
        with slot:
            self.breaker.check(host)
            with self._lock:
                self.requests += 1
            return self.fetcher.get(
                req.url, headers=dict(req.headers), follow=False, trusted=req.trusted
            )

    def _retry_wait(
        self, host: str, status: int, headers: Mapping[str, str], attempt: int
    ) -> float | None:
        """Seconds to wait before retrying, or None when the answer is final.

        An archived 429/503 replays with Memento-Datetime: that is a capture, not a limit.
        """
        archived = "Memento-Datetime" in headers
        retry_after = parse_retry_after(headers.get("Retry-After"))
        # 1. A real 429: count it towards the breaker, never retry without waiting.
        if status == 429 and not archived:
            if self.breaker.record_429(host):
                raise CircuitOpenError(
                    f"{host}: {self.breaker.threshold} consecutive 429s; not asked again this run"
                )
            return self.no_header_wait if retry_after is None else retry_after
        self.breaker.record_ok(host)
        # 2. A server error: wait Retry-After, or back off exponentially.
        if status in RETRY_STATUSES and not archived:
            return self.backoff * 2**attempt if retry_after is None else retry_after
        # 3. Anything else is the answer.
        return None


class BudgetSpent(ArchiveLookupError):
    """A request not made: the run's request budget (``--max-requests``) is spent."""


def _cacheable(response: CachedResponse) -> bool:
    """Cache everything except limits and server errors (retried next run)."""
    return response.status != 429 and response.status < 500


def trusted_archive_hosts(settings: Settings) -> list[str]:
    """The hosts of the configured archive endpoints (trusted: loopback allowed)."""
    urls = [settings.cdx_url, settings.replay_url, settings.availability_url, settings.memento_url]
    return sorted({host_key(u) for u in urls if u and urlsplit(u).hostname})
