"""Under the Fetcher: guarded connections to a once-resolved address, and a total deadline.

Every request the Fetcher makes runs as an ``Exchange`` registered with a ``Watchdog``.
The connection classes here resolve the host once, let the exchange's guard judge every
address, and connect to a judged address (no second lookup for DNS rebinding to slip
into). The watchdog shuts the sockets of an exchange down when its deadline passes, or
at once on ``abort`` (Ctrl-C), so no server can hold a request longer than its deadline,
whether it drips headers or body a byte at a time.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests.adapters
import urllib3.connection
import urllib3.connectionpool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from .hostguard import Judge

LOGGER = logging.getLogger(__name__)

POLL_SECONDS = 0.1  # how often a connect or a lookup looks at the deadline and abort
CUT_TIMEOUT, CUT_ABORTED = "timeout", "aborted"


class Exchange:
    """One request in flight: its deadline, guard, sockets, and why it was cut off."""

    def __init__(self, deadline: float, judge: Judge):
        self.deadline = deadline
        self.judge = judge
        self.cut: str | None = None  # CUT_TIMEOUT or CUT_ABORTED once cut off
        self.refused: str | None = None  # the guard's reason, when it refused
        self._sockets: dict[int, socket.socket] = {}  # fd -> socket
        self._lock = threading.Lock()

    def remaining(self) -> float:
        """Seconds left before the deadline (negative when past)."""
        return self.deadline - time.monotonic()

    def attach(self, sock: socket.socket) -> None:
        """Watch ``sock``: it is shut down when the exchange is cut off."""
        fd = sock.fileno()
        if fd < 0:
            return
        with self._lock:
            self._sockets[fd] = sock
            cut = self.cut
        if cut:
            _shut(sock, fd)

    def cut_off(self, why: str) -> None:
        """Shut every socket of the exchange down; the reader sees EOF or an error at once."""
        with self._lock:
            if self.cut:
                return
            self.cut = why
            sockets = list(self._sockets.items())
        for fd, sock in sockets:
            _shut(sock, fd)


def _shut(sock: socket.socket, fd: int) -> None:
    """shutdown(2) a socket from another thread (the TLS layer may have taken over its fd)."""
    try:
        if sock.fileno() >= 0:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
            return
        # Wrapping in TLS detaches the plain socket: reach the same connection by its fd.
        twin = socket.socket(fileno=fd)
        try:
            twin.shutdown(socket.SHUT_RDWR)
        finally:
            twin.detach()
    except OSError:
        pass


_LOCAL = threading.local()


def current() -> Exchange | None:
    """The exchange the calling thread is running, if any."""
    return getattr(_LOCAL, "exchange", None)


class Watchdog:
    """One daemon thread that cuts off exchanges past their deadline (all of them on abort)."""

    def __init__(self) -> None:
        self._exchanges: set[Exchange] = set()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.aborted = threading.Event()

    @contextmanager
    def watch(self, exchange: Exchange) -> Iterator[Exchange]:
        """Run ``exchange`` in the calling thread under the deadline."""
        with self._changed:
            self._exchanges.add(exchange)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadline", daemon=True)
                self._thread.start()
            self._changed.notify()
        if self.aborted.is_set():
            exchange.cut_off(CUT_ABORTED)
        _LOCAL.exchange = exchange
        try:
            yield exchange
        finally:
            _LOCAL.exchange = None
            with self._changed:
                self._exchanges.discard(exchange)

    def abort(self) -> None:
        """Cut off every exchange now, and every one started from now on."""
        self.aborted.set()
        with self._changed:
            exchanges = list(self._exchanges)
            self._changed.notify()
        for exchange in exchanges:
            exchange.cut_off(CUT_ABORTED)

    def close(self) -> None:
        """Stop the thread."""
        with self._changed:
            self._closed = True
            self._changed.notify()

    def _run(self) -> None:
        with self._changed:
            while not self._closed:
                now = time.monotonic()
                waiting = [e for e in self._exchanges if e.cut is None]
                for exchange in waiting:
                    if exchange.deadline <= now:
                        exchange.cut_off(CUT_TIMEOUT)
                upcoming = [e.deadline for e in waiting if e.deadline > now]
                self._changed.wait(max(0.005, min(upcoming) - now) if upcoming else None)


# ---------------------------------------------------------------- connecting


def _resolve(host: str, port: int, exchange: Exchange) -> list[tuple[int, Any]]:
    """getaddrinfo within the deadline (a lookup runs on a helper thread when it is a name)."""
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
        literal = True
    except ValueError:
        literal = False
    box: dict[str, Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            box["error"] = exc
        finally:
            done.set()

    if literal:
        lookup()
    else:
        threading.Thread(target=lookup, name="resolve", daemon=True).start()
    while not done.wait(min(POLL_SECONDS, max(0.0, exchange.remaining()))):
        if exchange.cut or exchange.remaining() <= 0:
            raise TimeoutError(f"looking up {host} took too long")
    if "error" in box:
        error = box["error"]
        raise error if isinstance(error, socket.gaierror) else socket.gaierror(str(error))
    seen, out = set(), []
    for family, _type, _proto, _name, sockaddr in box["infos"]:
        if sockaddr[0] not in seen:
            seen.add(sockaddr[0])
            out.append((family, sockaddr))
    return out


def _connect(
    family: int, sockaddr: Any, exchange: Exchange, timeout: float | None, options: Any
) -> socket.socket:
    """A connected socket, waiting in small steps so the deadline and abort are seen."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        for level, name, value in options or ():
            sock.setsockopt(level, name, value)
        exchange.attach(sock)
        sock.setblocking(False)
        code = sock.connect_ex(sockaddr)
        limit = time.monotonic() + (timeout if timeout is not None else float("inf"))
        poller = select.poll()
        poller.register(sock, select.POLLOUT)
        while code in (errno.EINPROGRESS, errno.EALREADY, errno.EWOULDBLOCK):
            left = min(exchange.deadline, limit) - time.monotonic()
            if exchange.cut or left <= 0:
                raise TimeoutError(f"connecting to {sockaddr[0]} took too long")
            if poller.poll(int(min(POLL_SECONDS, left) * 1000) + 1):
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            raise OSError(code, f"{errno.errorcode.get(code, code)}: {sockaddr[0]}")
        if exchange.cut:  # cut off while connecting: shutdown() had nothing to shut yet
            raise TimeoutError(f"connecting to {sockaddr[0]}: cut off")
        sock.settimeout(timeout)
        return sock
    except BaseException:
        sock.close()
        raise


class _Guarded:
    """Mixin for urllib3 connections: resolve once, judge, connect to a judged address."""

    host: str
    port: int
    timeout: float | None
    socket_options: Any
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        exchange = current()
        if exchange is None:  # not through the Fetcher: plain urllib3
            return super()._new_conn()  # type: ignore[misc,no-any-return]
        try:
            addresses = _resolve(self.host, self.port, exchange)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, str(exc)) from exc
        refusal = exchange.judge(self.host, self.port, [str(a[1][0]) for a in addresses])
        if refusal:
            exchange.refused = refusal
            raise NewConnectionError(self, f"blocked: {refusal}")  # type: ignore[arg-type]
        error: OSError | None = None
        for family, sockaddr in addresses:
            try:
                return _connect(family, sockaddr, exchange, self.timeout, self.socket_options)
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"{self.host}: {exc}") from exc
            except OSError as exc:
                error = exc
        message = f"Failed to establish a new connection: {error}"
        raise NewConnectionError(self, message) from error  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> Any:
        exchange = current()
        if exchange is not None and self.sock is not None:
            # A kept-alive connection: judge its peer for this request and watch it.
            try:
                peer = str(self.sock.getpeername()[0])
            except OSError:
                peer = None
            refusal = exchange.judge(self.host, self.port, [peer]) if peer else None
            if refusal:
                exchange.refused = refusal
                raise NewConnectionError(self, f"blocked: {refusal}")  # type: ignore[arg-type]
            exchange.attach(self.sock)
        return super().request(*args, **kwargs)  # type: ignore[misc]

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        exchange = current()
        if exchange is not None and self.sock is not None:
            exchange.attach(self.sock)  # the TLS socket, once wrapped


class GuardedHTTPConnection(_Guarded, urllib3.connection.HTTPConnection):
    """HTTP connection through the guard and the deadline."""


class GuardedHTTPSConnection(_Guarded, urllib3.connection.HTTPSConnection):
    """HTTPS connection through the guard and the deadline (SNI and certificate: the name)."""


class _HTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _HTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter whose pools make guarded, deadline-bound connections."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
