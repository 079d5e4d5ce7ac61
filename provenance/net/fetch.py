"""The shared HTTP layer: polite, capped, SSRF-guarded requests used by check and linkcheck."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.cookiejar
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import requests
import requests.adapters

from ..config import Settings
from ..errors import BlockedURLError, FetchError
from .errors import TRANSPORT_ERRORS, classify_error, describe_error
from .hostguard import HostGuard, Judge, blocked_message, check_url, host_key, judge_for
from .hostguard import is_private_address as is_private_address
from .limiter import HostStats, Limiter, LimiterAborted
from .redirects import RedirectChain
from .transport import CUT_ABORTED, CUT_TIMEOUT, Exchange, GuardedAdapter, Watchdog

LOGGER = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$", re.ASCII)
CHUNK_BYTES = 64 * 1024
MAX_RETRY_AFTER = 300.0  # longest Retry-After obeyed; a host asking more waits for the next run


@dataclass
class FetchResult:
    """One HTTP exchange (after any redirects followed), with the body capped."""

    url: str  # URL requested (first hop)
    status: int
    headers: Mapping[str, str]  # case-insensitive (requests.structures.CaseInsensitiveDict)
    body: bytes  # at most max_body_bytes
    elapsed: float  # seconds, whole exchange incl. redirects
    truncated: bool = False  # body was cut at the cap
    final_url: str = ""  # last URL fetched (== url when no redirect followed)
    history: list[tuple[str, int]] = field(default_factory=list)  # redirect hops (url, status)


class _Answer(NamedTuple):
    """One hop's response: the body is empty for HEAD and for a redirect being followed."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    truncated: bool
    location: str | None


# ---------------------------------------------------------------- pure helpers


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Read a Retry-After header as seconds to wait.

    Args:
        value: the header value: delay-seconds ("120") or an HTTP-date.
        now: the current time for HTTP-dates (default: now, UTC).

    Returns:
        Seconds (>= 0; a date in the past gives 0.0), or None when the value is missing or junk.
    """
    if value is None:
        return None
    number = RETRY_AFTER_SECONDS.match(value)
    if number:
        return float(number.group(1))
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" or no zone: RFC 9110 dates are GMT anyway
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


# ---------------------------------------------------------------- fetcher


def interval_for(rate_limits: Mapping[str, float], url_or_key: str, default: float = 0.0) -> float:
    """Seconds between request starts for a host: "host:port" first, then "host", then default.

    Args:
        rate_limits: per-host intervals, keyed as ``host_key`` makes them.
        url_or_key: a URL or a host key.
        default: the interval for hosts not listed.
    """
    key = host_key(url_or_key)
    if key in rate_limits:
        return rate_limits[key]
    bare = key.rsplit(":", 1)[0] if not key.endswith("]") else key
    return rate_limits.get(bare, default)


class Fetcher:
    """Thread-safe HTTP client: User-Agent, deadline, body cap, rate limits, SSRF guard, no cookies.

    Each request has one total deadline (``timeout``) for connecting, headers and body
    of all its hops, enforced by a watchdog whatever the server does (see transport.py).
    The guard judges every address a host resolves to, on every hop, and the connection
    goes to one of those very addresses, so DNS rebinding cannot switch hosts between
    the check and the connection. ``abort()`` (Ctrl-C) ends every request in flight.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        default_delay: float = 0.0,
        trusted_hosts: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        """Build a fetcher.

        Args:
            settings: user_agent, timeout, max_body_bytes, rate_limits, host_concurrency,
                global_concurrency and allow_private are read from it.
            default_delay: seconds between request starts for hosts not in settings.rate_limits.
            trusted_hosts: "host" or "host:port" entries exempt from the private-address guard.
            clock: monotonic clock for the limiter (tests may pass a fake one, with ``sleep``).
            sleep: how the limiter waits for a host's next allowed start.
        """
        self.settings = settings
        self.default_delay = default_delay
        self.trusted_hosts = frozenset(host_key(host) for host in trusted_hosts)
        self.guard = HostGuard.build(
            settings.allow_private, settings.allow_hosts, settings.allow_nets
        )
        self._watchdog = Watchdog()
        self._rate_limits = {host_key(k): v for k, v in settings.rate_limits.items()}
        self._limiter = Limiter(
            settings.host_concurrency, settings.global_concurrency, clock, sleep
        )
        self._session = self._make_session()

    def _make_session(self) -> requests.Session:
        """A session that keeps no cookies and ignores proxy/netrc environment settings."""
        session = requests.Session()
        # Ignore HTTP(S)_PROXY, .netrc and REQUESTS_CA_BUNDLE: runs must not depend on (or leak
        # credentials from) the environment.
        session.trust_env = False
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        session.headers["User-Agent"] = self.settings.user_agent
        adapter = GuardedAdapter(
            pool_connections=max(10, self.settings.global_concurrency),
            pool_maxsize=max(10, self.settings.host_concurrency),
            max_retries=0,
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    # ------------------------------------------------------------ public API

    def get(self, url: str, **kw: object) -> FetchResult:
        """``request("GET", url, **kw)``."""
        return self.request("GET", url, **kw)  # type: ignore[arg-type]

    def head(self, url: str, **kw: object) -> FetchResult:
        """``request("HEAD", url, **kw)``."""
        return self.request("HEAD", url, **kw)  # type: ignore[arg-type]

    def defer(self, host: str, seconds: float) -> None:
        """Push a host's next allowed request time (to honour Retry-After).

        Args:
            host: "host", "host:port" or a URL on that host.
            seconds: no request to that host starts earlier than this many seconds from now.
        """
        self._limiter.defer(host_key(host), seconds)

    def stats(self) -> dict[str, HostStats]:
        """Per-host counters: requests started, max concurrent in flight, seconds spent waiting."""
        return self._limiter.stats()

    def abort(self) -> None:
        """End every request in flight now and refuse new ones (FetchError kind "aborted")."""
        self._watchdog.abort()
        self._limiter.abort()

    @property
    def aborted(self) -> bool:
        """True once ``abort`` was called."""
        return self._watchdog.aborted.is_set()

    def close(self) -> None:
        """Close the pooled connections and stop the deadline watchdog."""
        self._watchdog.close()
        self._session.close()

    def __enter__(self) -> Fetcher:
        """Use as a context manager; closes on exit."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        follow: bool = False,
        max_redirects: int = 10,
        timeout: float | None = None,
        trusted: bool = False,
        data: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Make one request, optionally following redirects hop by hop.

        Args:
            method: "GET", "HEAD", ...
            url: absolute http(s) URL.
            headers: extra request headers.
            follow: follow 301/302/303/307/308 (303, and 301/302 after POST, become GET).
            max_redirects: more hops than this raise FetchError(kind="too-many-redirects").
            timeout: seconds (default settings.timeout) for the whole request: connecting,
                headers and body of every hop (time queued in the rate limiter not counted).
            trusted: skip the private-address guard for the first URL's host (a configured
                archive); hops to other hosts are still guarded unless in trusted_hosts.
            data: a form body (POST); dropped when a redirect turns the request into a GET.
            max_bytes: read no more of the body than this (and settings.max_body_bytes):
                what a caller compares or reads of a page, not a whole download.

        Returns:
            The last response, body capped at settings.max_body_bytes. 4xx/5xx are results.

        Raises:
            BlockedURLError: not http(s), or a private address (unless trusted/allow_private).
            FetchError: transport failure; ``kind`` says which.
        """
        started = time.monotonic()
        first_host = host_key(url)
        hop = RedirectChain(url, method.upper(), headers, max_redirects)  # hop by hop
        budget = [self.settings.timeout if timeout is None else timeout]  # one deadline, all hops
        cap = min(self.settings.max_body_bytes, max_bytes or self.settings.max_body_bytes)
        while True:
            exempt = trusted and host_key(hop.url) == first_host
            key = check_url(hop.url, self._judge(exempt))  # the guard, every hop
            answer = self._exchange(hop, key, budget, (follow, exempt, cap), data)
            if not (follow and answer.status in REDIRECT_STATUSES and answer.location):
                return _result(url, hop, answer, time.monotonic() - started)
            hop.follow(answer.status, answer.location)

    # ------------------------------------------------------------ internals

    def _judge(self, exempt: bool) -> Judge:
        """The guard for one hop: a trusted host (configured archive) may be anywhere."""
        return judge_for(self.guard, self.trusted_hosts, exempt)

    def _interval(self, key: str) -> float:
        """Seconds between request starts for a host key ("host:port" falls back to "host")."""
        return interval_for(self._rate_limits, key, self.default_delay)

    def _exchange(
        self,
        hop: RedirectChain,
        key: str,
        budget: list[float],
        how: tuple[bool, bool, int],
        data: Mapping[str, str] | None = None,
    ) -> _Answer:
        """One hop under the limiter, its form body sent only with a verb that carries one.

        ``budget`` holds the seconds the request has left; the hop's network time is taken
        from it. ``how``: whether redirects are followed, whether the host is exempt from
        the guard, and how many bytes of the body to read at most. The body of a redirect
        that is about to be followed is not read.
        """
        (follow, exempt, cap), verb, url = how, hop.verb, hop.url
        data = data if verb not in ("GET", "HEAD") else None
        try:
            self._limiter.acquire(key, self._interval(key))
        except LimiterAborted as exc:
            raise FetchError(
                f"aborted: {verb} {url}: the run was interrupted", kind="aborted"
            ) from exc
        started = time.monotonic()
        exchange = Exchange(started + budget[0], self._judge(exempt))
        try:
            with self._watchdog.watch(exchange):
                return self._talk(verb, url, hop.headers, budget[0], (follow, cap), exchange, data)
        finally:
            budget[0] -= time.monotonic() - started
            self._limiter.release(key)

    def _talk(
        self,
        verb: str,
        url: str,
        headers: Mapping[str, str] | None,
        timeout: float,
        how: tuple[bool, int],
        exchange: Exchange,
        data: Mapping[str, str] | None = None,
    ) -> _Answer:
        """Send one request and read its answer within the exchange's deadline (``how``:
        whether a redirect is followed, and the most bytes of the body read)."""
        follow, cap = how
        answered = False  # the status line and headers came: a failure is the body's
        try:
            response = self._session.request(
                verb,
                url,
                headers=dict(headers or {}),
                data=dict(data) if data is not None else None,
                timeout=max(0.001, timeout),
                allow_redirects=False,
                stream=True,
            )
            answered = True
            with response:
                location = response.headers.get("Location")
                redirect = response.status_code in REDIRECT_STATUSES and location
                if verb == "HEAD" or (follow and redirect):
                    body, truncated = b"", False
                else:
                    body, truncated = _read_body(response, cap)
        except TRANSPORT_ERRORS as exc:
            _raise_cut(exchange.cut, verb, url, timeout, answered)
            if exchange.refused:
                raise BlockedURLError(blocked_message(url, exchange.refused)) from exc
            kind = classify_error(exc)
            if kind == "timeout":  # the socket's timeout is what was left of the deadline
                _raise_cut(CUT_TIMEOUT, verb, url, timeout, answered)
            said = f"{kind}: {verb} {url}: {describe_error(exc)}"
            raise FetchError(said, kind=kind, answered=answered) from exc
        _raise_cut(exchange.cut, verb, url, timeout, True)  # a cut can look like a whole body
        return _Answer(response.status_code, response.headers, body, truncated, location)


def _read_body(response: requests.Response, cap: int) -> tuple[bytes, bool]:
    """Read at most ``cap`` bytes (decoded); (body, truncated)."""
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_BYTES):
        parts.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(parts)[:cap], True
    return b"".join(parts), False


def _raise_cut(
    cut: str | None, verb: str, url: str, timeout: float, answered: bool = False
) -> None:
    """Raise the FetchError of an exchange cut off (``cut``: deadline or abort), if it was;
    ``answered``: whether its status line and headers had come."""
    if cut == CUT_ABORTED:
        raise FetchError(f"aborted: {verb} {url}: the run was interrupted", kind="aborted")
    if cut:
        said = f"timeout: {verb} {url}: no complete answer within {timeout:g} s"
        raise FetchError(said, kind="timeout", answered=answered)


def _result(url: str, hop: RedirectChain, answer: _Answer, elapsed: float) -> FetchResult:
    """The FetchResult of a request whose last hop gave ``answer``."""
    return FetchResult(
        url=url,
        status=answer.status,
        headers=answer.headers,
        body=answer.body,
        elapsed=elapsed,
        truncated=answer.truncated,
        final_url=hop.url,
        history=hop.history,
    )
