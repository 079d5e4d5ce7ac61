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
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
from requests.utils import requote_uri

from ..config import Settings
from ..errors import BlockedURLError, FetchError
from .errors import TRANSPORT_ERRORS, classify_error, describe_error
from .hostguard import DEFAULT_PORTS, host_key, is_private_address
from .limiter import HostStats, Limiter

LOGGER = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$", re.ASCII)
CHUNK_BYTES = 64 * 1024
PRIVATE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


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


def _next_url(current: str, location: str) -> str:
    """Resolve a Location header against the current URL.

    http.client decodes headers as latin-1, but servers send UTF-8 far more often: undo that
    when it decodes, then percent-quote what needs it (as requests does).
    """
    try:
        location = location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    target = urljoin(current, location.strip())
    try:
        return requote_uri(target)
    except requests.exceptions.InvalidURL:
        return target


class _RedirectChain:
    """Where a request stands while its redirects are followed: URL, method, headers, hops."""

    def __init__(
        self, url: str, verb: str, headers: Mapping[str, str] | None, max_redirects: int
    ) -> None:
        self.first_url = url
        self.url = url
        self.verb = verb
        self.headers = headers
        self.max_redirects = max_redirects
        self.history: list[tuple[str, int]] = []
        self.seen = {url}

    def follow(self, status: int, location: str) -> None:
        """Move to the target of a redirect response, applying the rules of each hop.

        Args:
            status: the redirect status (301, 302, 303, 307 or 308).
            location: the response's Location header.

        Raises:
            FetchError: a redirect loop, or more than max_redirects hops.
        """
        self.history.append((self.url, status))
        previous, self.url = self.url, _next_url(self.url, location)
        if self.headers and host_key(self.url) != host_key(previous):
            # Credentials meant for one host must not travel to another.
            self.headers = {
                k: v for k, v in self.headers.items() if k.lower() not in PRIVATE_HEADERS
            }
        if self.url in self.seen:
            raise FetchError(
                f"redirect loop: {self.first_url} comes back to {self.url}", kind="redirect-loop"
            )
        if len(self.history) > self.max_redirects:
            raise FetchError(
                f"too many redirects: {self.first_url} (> {self.max_redirects})",
                kind="too-many-redirects",
            )
        self.seen.add(self.url)
        if status == 303 and self.verb != "HEAD" or status in (301, 302) and self.verb == "POST":
            self.verb = "GET"


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
    """Thread-safe HTTP client: User-Agent, timeout, body cap, rate limits, SSRF guard, no cookies.

    The private-address guard resolves the name itself before requests does;
    requests resolves it again, so a DNS server that answers differently the
    second time (DNS rebinding) can slip past. That is accepted: the guard is
    against documents pointing at internal hosts, not a hostile resolver.
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
        adapter = requests.adapters.HTTPAdapter(
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

    def close(self) -> None:
        """Close the pooled connections."""
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
    ) -> FetchResult:
        """Make one request, optionally following redirects hop by hop.

        Args:
            method: "GET", "HEAD", ...
            url: absolute http(s) URL.
            headers: extra request headers.
            follow: follow 301/302/303/307/308 (303, and 301/302 after POST, become GET).
            max_redirects: more hops than this raise FetchError(kind="too-many-redirects").
            timeout: seconds (default settings.timeout) for connecting, for each read, and for
                the whole body of one hop.
            trusted: skip the private-address guard for the first URL's host (a configured
                archive); hops to other hosts are still guarded unless in trusted_hosts.

        Returns:
            The last response, body capped at settings.max_body_bytes. 4xx/5xx are results.

        Raises:
            BlockedURLError: not http(s), or a private address (unless trusted/allow_private).
            FetchError: transport failure; ``kind`` says which.
        """
        started = time.monotonic()
        first_host = host_key(url)
        hop = _RedirectChain(url, method.upper(), headers, max_redirects)
        limit = self.settings.timeout if timeout is None else timeout
        while True:
            key = self._check_url(hop.url, trusted and host_key(hop.url) == first_host)
            status, response_headers, body, truncated, location = self._exchange(
                hop.verb, hop.url, key, hop.headers, limit, follow
            )
            if not (follow and status in REDIRECT_STATUSES and location):
                return FetchResult(
                    url=url,
                    status=status,
                    headers=response_headers,
                    body=body,
                    elapsed=time.monotonic() - started,
                    truncated=truncated,
                    final_url=hop.url,
                    history=hop.history,
                )
            hop.follow(status, location)

    # ------------------------------------------------------------ internals

    def _check_url(self, url: str, exempt: bool) -> str:
        """Refuse non-http(s) URLs and private addresses; return the URL's limiter key."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
            raise BlockedURLError(f"blocked: {url!r} is not an http(s) URL with a host")
        key = host_key(url)
        if exempt or self.settings.allow_private or key in self.trusted_hosts:
            return key
        if parts.hostname.lower() in self.trusted_hosts:
            return key
        if is_private_address(parts.hostname):
            raise BlockedURLError(
                f"blocked: {url} points at a private, loopback or link-local address"
                " (use --allow-private to allow it)"
            )
        return key

    def _interval(self, key: str) -> float:
        """Seconds between request starts for a host key ("host:port" falls back to "host")."""
        return interval_for(self._rate_limits, key, self.default_delay)

    def _exchange(
        self,
        verb: str,
        url: str,
        key: str,
        headers: Mapping[str, str] | None,
        timeout: float,
        follow: bool,
    ) -> tuple[int, Mapping[str, str], bytes, bool, str | None]:
        """One hop under the limiter: (status, headers, body, truncated, Location).

        The body of a redirect that is about to be followed is not read.
        """
        self._limiter.acquire(key, self._interval(key))
        hop_started = time.monotonic()
        try:
            try:
                response = self._session.request(
                    verb,
                    url,
                    headers=dict(headers or {}),
                    timeout=timeout,
                    allow_redirects=False,
                    stream=True,
                )
            except TRANSPORT_ERRORS as exc:
                kind = classify_error(exc)
                raise FetchError(f"{kind}: {verb} {url}: {describe_error(exc)}", kind=kind) from exc
            with response:
                location = response.headers.get("Location")
                redirect = response.status_code in REDIRECT_STATUSES and location
                if verb == "HEAD" or (follow and redirect):
                    body, truncated = b"", False
                else:
                    body, truncated = self._read_body(response, url, hop_started + timeout)
                return response.status_code, response.headers, body, truncated, location
        finally:
            self._limiter.release(key)

    def _read_body(
        self, response: requests.Response, url: str, deadline: float
    ) -> tuple[bytes, bool]:
        """Read at most max_body_bytes (decoded); (body, truncated)."""
        cap = self.settings.max_body_bytes
        parts: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                parts.append(chunk)
                size += len(chunk)
                if size > cap:
                    return b"".join(parts)[:cap], True
                if time.monotonic() > deadline:
                    raise FetchError(f"timeout: GET {url}: body still arriving", kind="timeout")
        except TRANSPORT_ERRORS as exc:
            kind = classify_error(exc)
            raise FetchError(f"{kind}: reading {url}: {describe_error(exc)}", kind=kind) from exc
        return b"".join(parts), False
