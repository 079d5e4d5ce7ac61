"""The shared HTTP layer: polite, capped, SSRF-guarded requests used by check and linkcheck."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.cookiejar
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import urllib3.exceptions
from requests.utils import requote_uri

from .config import Settings
from .errors import BlockedURLError, FetchError

LOGGER = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$", re.ASCII)
WHITESPACE = re.compile(r"\s+")
CHUNK_BYTES = 64 * 1024
MESSAGE_CHARS = 300
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_PORTS = {"http": 80, "https": 443}
PRIVATE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
# What requests may raise for a transport problem (it does not wrap everything).
TRANSPORT_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


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


@dataclass
class HostStats:
    """What the limiter saw for one host: requests started, peak concurrency, time queued."""

    requests: int = 0
    max_in_flight: int = 0
    waited_seconds: float = 0.0


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
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _ip_is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for any address that is not plainly public unicast, incl. embedded IPv4 forms."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address inside are judged by that address.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and _ip_is_private(embedded):
            return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local  # includes the cloud metadata address 169.254.169.254
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT)
    )


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when ``host`` is an IP literal ("[::1]", "fe80::1%eth0" allowed), else None."""
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_private_address(host: str) -> bool:
    """Tell whether a host is, or resolves to, an address a document URL must not reach.

    Args:
        host: a hostname or IP literal (no port).

    Returns:
        True for loopback, RFC 1918, CGNAT, link-local, multicast, reserved, unspecified,
        IPv6 ULA/link-local, IPv4-mapped/6to4/Teredo/NAT64 forms of those, and cloud metadata
        names; also when ANY address the name resolves to is one of those. False when the
        name does not resolve (the request then fails with kind "dns").
    """
    name = host.strip().rstrip(".").lower()
    if name in METADATA_HOSTS:
        return True
    literal = _literal_ip(name)
    if literal is not None:
        return _ip_is_private(literal)
    try:
        infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        address = _literal_ip(str(info[4][0]))
        if address is None or _ip_is_private(address):
            return True
    return False


def host_key(url: str) -> str:
    """The limiter key of a URL: lowercase host, plus ":port" when not the scheme's default.

    Args:
        url: an absolute URL, or already a key ("host" or "host:port").

    Returns:
        e.g. "web.archive.org" or "127.0.0.1:8080".
    """
    if "://" not in url:
        return url.strip().lower()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """Walk an exception and everything it wraps (cause, context, urllib3 reason, args)."""
    stack, seen = [exc], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        stack.extend(item for item in linked if isinstance(item, BaseException))


def classify_error(exc: BaseException) -> str:
    """Name the kind of a transport failure raised by requests/urllib3.

    Args:
        exc: the exception requests raised.

    Returns:
        "dns", "refused", "tls", "timeout", "reset" or "other".
    """
    chain = list(_causes(exc))

    def has(*types: type[BaseException]) -> bool:
        return any(isinstance(item, types) for item in chain)

    # 1. The name did not resolve: nothing was ever sent.
    if has(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return "dns"
    # 2. Nobody listens on that port.
    if has(ConnectionRefusedError):
        return "refused"
    # 3. Timeouts before TLS: a handshake that times out is a timeout, not a certificate problem.
    # urllib3 2 makes NewConnectionError a ConnectTimeoutError subclass (legacy): without this
    # exclusion any failed connect (unreachable network...) would count as a timeout.
    if any(
        isinstance(item, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError))
        and not isinstance(item, urllib3.exceptions.NewConnectionError)
        for item in chain
    ):
        return "timeout"
    # 4. Handshake or certificate failure.
    if has(requests.exceptions.SSLError, urllib3.exceptions.SSLError, ssl.SSLError):
        return "tls"
    # 5. The peer hung up mid-exchange (RST, EOF before the status line, truncated chunks).
    if has(ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
           requests.exceptions.ChunkedEncodingError, urllib3.exceptions.ProtocolError):
        return "reset"
    return "other"


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


def _one_line(exc: BaseException) -> str:
    """A short single-line description of the innermost useful exception."""
    chain = list(_causes(exc))
    inner = chain[-1] if chain else exc
    text = f"{type(inner).__name__}: {inner}" if str(inner) else type(inner).__name__
    text = WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


# ---------------------------------------------------------------- limiter


@dataclass
class _HostState:
    """Mutable limiter state of one host; guarded by the limiter's lock."""

    slot_free: threading.Condition
    next_start: float = float("-inf")
    in_flight: int = 0
    stats: HostStats = field(default_factory=HostStats)


class _Limiter:
    """Per-host interval + concurrency, and a global concurrency cap.

    One lock guards every host's state, with one condition per host (a slot
    of that host freed) and one global condition (any slot freed). A request
    starts only when its host has a free slot, a global slot is free and the
    host's next allowed start time has come; so the interval holds between
    actual starts, and a request waiting for its host's interval holds no
    global slot (other hosts keep going).
    """

    def __init__(self, host_limit: int, global_limit: int, clock: Callable[[], float],
                 sleep: Callable[[float], None]):
        self._host_limit = max(1, host_limit)
        self._global_limit = max(1, global_limit)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._global_free = threading.Condition(self._lock)
        self._global_in_flight = 0
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        """The state of ``host``; call with the lock held."""
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState(threading.Condition(self._lock))
        return state

    def acquire(self, host: str, interval: float) -> None:
        """Block until a request to ``host`` may start, then count it as in flight."""
        began = self._clock()
        while True:
            with self._lock:
                state = self._state(host)
                # 1. Host full or everything full: wait for a release (notified under the lock).
                if state.in_flight >= self._host_limit:
                    state.slot_free.wait()
                    continue
                if self._global_in_flight >= self._global_limit:
                    self._global_free.wait()
                    continue
                # 2. A slot is free and the host's time has come: start now.
                now = self._clock()
                if now >= state.next_start:
                    state.next_start = now + interval
                    state.in_flight += 1
                    self._global_in_flight += 1
                    state.stats.requests += 1
                    state.stats.max_in_flight = max(state.stats.max_in_flight, state.in_flight)
                    state.stats.waited_seconds += max(0.0, now - began)
                    return
                # 3. Too early: sleep without the lock, then look again (defer() may have moved it).
                delay = state.next_start - now
            self._sleep(delay)

    def release(self, host: str) -> None:
        """Mark one request to ``host`` finished and wake the waiters."""
        with self._lock:
            state = self._state(host)
            state.in_flight -= 1
            self._global_in_flight -= 1
            state.slot_free.notify_all()
            self._global_free.notify_all()

    def defer(self, host: str, seconds: float) -> None:
        """Move the host's next allowed start to at least ``seconds`` from now."""
        with self._lock:
            state = self._state(host)
            state.next_start = max(state.next_start, self._clock() + max(0.0, seconds))

    def stats(self) -> dict[str, HostStats]:
        """A snapshot of every host's counters."""
        with self._lock:
            return {host: replace(state.stats) for host, state in self._hosts.items()}


# ---------------------------------------------------------------- fetcher


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
        self._limiter = _Limiter(settings.host_concurrency, settings.global_concurrency, clock, sleep)
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
        history: list[tuple[str, int]] = []
        seen = {url}
        current, verb = url, method.upper()
        limit = self.settings.timeout if timeout is None else timeout
        while True:
            key = self._check_url(current, trusted and host_key(current) == first_host)
            status, response_headers, body, truncated, location = self._exchange(
                verb, current, key, headers, limit, follow
            )
            if not (follow and status in REDIRECT_STATUSES and location):
                return FetchResult(
                    url=url,
                    status=status,
                    headers=response_headers,
                    body=body,
                    elapsed=time.monotonic() - started,
                    truncated=truncated,
                    final_url=current,
                    history=history,
                )
            history.append((current, status))
            previous, current = current, _next_url(current, location)
            if headers and host_key(current) != host_key(previous):
                # Credentials meant for one host must not travel to another.
                headers = {k: v for k, v in headers.items() if k.lower() not in PRIVATE_HEADERS}
            if current in seen:
                raise FetchError(f"redirect loop: {url} comes back to {current}", kind="redirect-loop")
            if len(history) > max_redirects:
                raise FetchError(
                    f"too many redirects: {url} (> {max_redirects})", kind="too-many-redirects"
                )
            seen.add(current)
            if status == 303 and verb != "HEAD" or status in (301, 302) and verb == "POST":
                verb = "GET"

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
        if key in self._rate_limits:
            return self._rate_limits[key]
        bare = key.rsplit(":", 1)[0] if not key.endswith("]") else key
        return self._rate_limits.get(bare, self.default_delay)

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
                raise FetchError(f"{kind}: {verb} {url}: {_one_line(exc)}", kind=kind) from exc
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
            raise FetchError(f"{kind}: reading {url}: {_one_line(exc)}", kind=kind) from exc
        return b"".join(parts), False
