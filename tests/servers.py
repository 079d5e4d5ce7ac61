"""Local HTTP servers on 127.0.0.x with scripted answers and injected faults (no pytest needed).

Used by the test suite through ``tests.fixtures.web`` (which re-exports this module and adds
the pytest fixtures) and by bench/ scripts directly::

    from tests.servers import LocalServer, Response

    with LocalServer() as srv:            # or srv = LocalServer(); srv.start("127.0.0.3")
        url = srv.page("/a", "<p>hi</p>")
        srv.redirect("/old", "/a", 301)
        srv.status("/busy", 429, retry_after=5)
        srv.latency = 0.05                 # every request waits 50 ms first
        srv.fallback = Response(404)       # any unknown path
        ...
        srv.requests                       # every request seen, in order
        srv.max_in_flight                  # peak concurrent requests

Every address in 127.0.0.0/8 is loopback on Linux, so ``start("127.0.0.2")``,
``start("127.0.0.3")`` ... give distinct hosts for per-host limits and redirects
between hosts. HTTP/1.1 with keep-alive and TCP_NODELAY (without it every request
costs ~44 ms of Nagle + delayed ACK).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.server
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

LOGGER = logging.getLogger(__name__)

FILL_BLOCK = b"x" * 65536
NOT_FOUND_HTML = (
    "<html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>"
)


@dataclass
class Response:
    """A scripted answer.

    ``drop`` replaces the answer by a transport fault: "close" (close the connection without
    answering: the client sees EOF) or "reset" (close with SO_LINGER 0: the client sees RST).
    ``body_size`` streams that many filler bytes instead of ``body`` (oversized pages).
    ``chunk_size`` sends the body with Transfer-Encoding: chunked, ``chunk_delay`` seconds apart.
    ``delay`` sleeps before the status line (slow server / timeouts).
    """

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "text/html; charset=utf-8"
    chunk_size: int | None = None
    chunk_delay: float = 0.0
    body_size: int | None = None
    drop: str | None = None  # None | "close" | "reset"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; header names are lowercased."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    time: float  # time.monotonic() when the request line was read
    body: bytes = b""


Handler = Response | Callable[[RecordedRequest], Response]


def http_date(when: dt.datetime) -> str:
    """Format a datetime as an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT")."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)


class _Server(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer that neither waits for its threads nor looks up its own name."""

    daemon_threads = True
    block_on_close = False  # stop() must not wait for a handler sleeping in a slow route
    owner: LocalServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup: skip it.
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up (timeouts, capped reads) are expected; don't print tracebacks.
        LOGGER.debug("local server: error while handling %s", client_address, exc_info=True)


class _Server6(_Server):
    """The same on an IPv6 address (e.g. ::1)."""

    address_family = socket.AF_INET6


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    """Dispatches every method to the owning LocalServer's route table."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 30  # an idle keep-alive connection's thread ends after this
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        LOGGER.debug("local server: " + format, *args)

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, False)

    def _dispatch(self) -> None:
        self.server.owner._serve(self)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _dispatch


class LocalServer:
    """A scripted HTTP/1.1 server on one loopback address; see the module docstring."""

    def __init__(self, fallback: Handler | None = None, latency: float = 0.0):
        """Create a stopped server.

        Args:
            fallback: answer for paths without a route (default: 404 "Page not found").
            latency: seconds every request waits before being answered.
        """
        self.routes: dict[str, Handler] = {}
        self.fallback: Handler = fallback or Response(404, NOT_FOUND_HTML)
        self.latency = latency
        self.requests: list[RecordedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.host = ""
        self.port = 0

    # ------------------------------------------------------------ lifecycle

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (port 0: any free port) and return the base URL."""
        server_class = _Server6 if ":" in host else _Server
        server = server_class((host, port), _RequestHandler)
        server.owner = self
        self._server = server
        self.host, self.port = server.server_address[:2]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"LocalServer {self.host}:{self.port}",
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and cut every open connection (idempotent)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://host:port`` (no trailing slash)."""
        return f"http://{self.netloc}"

    @property
    def netloc(self) -> str:
        """``host:port`` (``[::1]:port`` for IPv6), the key the Fetcher limits this server under."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ------------------------------------------------------------ routes

    def route(self, path: str, handler: Handler) -> str:
        """Answer ``path`` (exact match; with a query string, or without to match any query).

        Returns:
            The absolute URL of ``path``.
        """
        self.routes[path] = handler
        return self.url(path)

    def page(
        self,
        path: str,
        body: bytes | str = "<html><body>ok</body></html>",
        status: int = 200,
        headers: dict[str, str] | None = None,
        **options: object,
    ) -> str:
        """A plain page; ``options`` are further Response fields (delay, chunk_size...)."""
        return self.route(path, Response(status, body, dict(headers or {}), **options))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """``path`` answers ``status`` with ``Location: to`` (relative or absolute)."""
        return self.route(path, Response(status, b"", {"Location": to}))

    def redirect_chain(self, prefix: str, hops: int, final: str, status: int = 301) -> str:
        """``prefix/0`` → ``prefix/1`` → ... → ``prefix/<hops-1>`` → ``final``.

        Returns the first URL.
        """
        for index in range(hops):
            target = f"{prefix}/{index + 1}" if index + 1 < hops else final
            self.redirect(f"{prefix}/{index}", target, status)
        return self.url(f"{prefix}/0")

    def redirect_loop(self, first: str, second: str, status: int = 302) -> str:
        """``first`` → ``second`` → ``first``; returns the URL of ``first``."""
        self.redirect(second, first, status)
        return self.redirect(first, second, status)

    def status(
        self,
        path: str,
        code: int,
        body: bytes | str = "",
        retry_after: float | dt.datetime | str | None = None,
    ) -> str:
        """An error (or any) status; ``retry_after`` seconds, datetime or raw string."""
        headers: dict[str, str] = {}
        if isinstance(retry_after, dt.datetime):
            headers["Retry-After"] = http_date(retry_after)
        elif isinstance(retry_after, (int, float)):
            headers["Retry-After"] = str(int(retry_after))
        elif retry_after is not None:
            headers["Retry-After"] = retry_after
        return self.route(path, Response(code, body or f"status {code}", headers))

    def soft_404(self, path: str) -> str:
        """200 whose page says "Page not found" (a soft 404)."""
        return self.route(path, Response(200, NOT_FOUND_HTML))

    def head_fails(
        self, path: str, body: bytes | str = "<html>ok</html>", mode: str = "405"
    ) -> str:
        """GET answers 200 ``body``; HEAD answers 405 (mode "405") or drops ("close"/"reset")."""
        page = Response(200, body)
        failure = Response(405, b"", {"Allow": "GET"}) if mode == "405" else Response(drop=mode)
        return self.route(path, lambda req: failure if req.method == "HEAD" else page)

    def slow(self, path: str, delay: float, body: bytes | str = "<html>slow</html>") -> str:
        """Sleep ``delay`` seconds before answering (for client timeouts)."""
        return self.route(path, Response(200, body, delay=delay))

    def reset(self, path: str, mode: str = "reset") -> str:
        """Drop the connection without an answer: "reset" (RST) or "close" (FIN)."""
        return self.route(path, Response(drop=mode))

    def oversized(self, path: str, size: int) -> str:
        """Stream ``size`` filler bytes (with Content-Length) without holding them in memory."""
        return self.route(path, Response(200, body_size=size, content_type="text/plain"))

    def sequence(self, path: str, answers: Iterable[Response]) -> str:
        """Answer successive requests with successive Responses; the last one repeats."""
        queue = list(answers)
        lock = threading.Lock()

        def next_answer(_req: RecordedRequest) -> Response:
            with lock:
                return queue.pop(0) if len(queue) > 1 else queue[0]

        return self.route(path, next_answer)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Recorded requests whose path (without query) is ``path``."""
        return [req for req in self.requests if req.path.split("?", 1)[0] == path]

    # ------------------------------------------------------------ serving

    def _track(self, conn: socket.socket, opened: bool) -> None:
        with self._lock:
            (self._connections.add if opened else self._connections.discard)(conn)

    def _lookup(self, path: str) -> Handler:
        return self.routes.get(path) or self.routes.get(path.split("?", 1)[0]) or self.fallback

    def _serve(self, handler: _RequestHandler) -> None:
        """Record the request, apply latency, then answer it as scripted."""
        arrived = time.monotonic()
        length = int(handler.headers.get("Content-Length") or 0)
        payload = handler.rfile.read(length) if length else b""
        request = RecordedRequest(
            handler.command,
            handler.path,
            {k.lower(): v for k, v in handler.headers.items()},
            arrived,
            payload,
        )
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            route = self._lookup(handler.path)
            answer = route if isinstance(route, Response) else route(request)
            _write(handler, answer)
        finally:
            with self._lock:
                self.in_flight -= 1


def _write(handler: _RequestHandler, answer: Response) -> None:
    """Send ``answer`` (or the scripted fault) on the handler's connection."""
    if answer.delay:
        time.sleep(answer.delay)
    # 1. Faults: no answer at all.
    if answer.drop:
        if answer.drop == "reset":
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        handler.close_connection = True
        handler.connection.close()
        return
    body = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
    size = answer.body_size if answer.body_size is not None else len(body)
    handler.send_response(answer.status)
    headers = {"Content-Type": answer.content_type, **answer.headers}
    for name, value in headers.items():
        handler.send_header(name, value)
    # 2. Chunked transfer: pieces with pauses between them.
    if answer.chunk_size:
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        if handler.command != "HEAD":
            _write_chunks(handler, body, answer.chunk_size, answer.chunk_delay)
        return
    # 3. Plain body (or streamed filler).
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    if handler.command == "HEAD":
        return
    if answer.body_size is None:
        handler.wfile.write(body)
        return
    remaining = size
    while remaining > 0:
        block = FILL_BLOCK[: min(remaining, len(FILL_BLOCK))]
        handler.wfile.write(block)
        remaining -= len(block)


def _write_chunks(handler: _RequestHandler, body: bytes, chunk_size: int, pause: float) -> None:
    """Write ``body`` as HTTP/1.1 chunks, sleeping ``pause`` seconds after each."""
    for start in range(0, len(body), chunk_size):
        piece = body[start : start + chunk_size]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.flush()
        if pause:
            time.sleep(pause)
    handler.wfile.write(b"0\r\n\r\n")


class DripServer:
    """A raw TCP server that answers every request a byte at a time, ``interval`` s apart.

    ``mode`` "headers" drips an endless header block (the status line arrives, then
    ``X-Drip: xxxx...`` never ends); "body" sends the headers at once (Content-Length of
    1 GB, or chunked) and drips the body (HEAD gets 405, so a link check GETs); "silent"
    accepts and never answers; "ok" answers a short page at once (the server recovered). Every
    accepted connection is counted in ``connections``; ``stop()`` cuts them all.
    """

    def __init__(self, mode: str = "body", interval: float = 1.0, chunked: bool = False):
        self.mode, self.interval, self.chunked = mode, interval, chunked
        self.connections = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.host, self.port = "", 0

    def start(self, host: str = "127.0.0.1") -> str:
        """Listen on a free port of ``host``; returns the base URL."""
        listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        listener.bind((host, 0))
        listener.listen(64)
        self._listener = listener
        self.host, self.port = listener.getsockname()[:2]
        threading.Thread(target=self._accept, name="DripServer", daemon=True).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` (every path drips alike)."""
        return self.base_url + path

    def stop(self) -> None:
        """Stop accepting and cut every connection (idempotent)."""
        self._stopped.set()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            conns = list(self._open)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> DripServer:
        if self._listener is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _head(self) -> bytes:
        length = b"Transfer-Encoding: chunked" if self.chunked else b"Content-Length: 1000000000"
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + length + b"\r\n\r\n"

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                piece = conn.recv(4096)
                if not piece:
                    return
                data += piece
            if self.mode == "silent":
                self._stopped.wait(3600)
                return
            if self.mode == "body" and data.startswith(b"HEAD "):  # makes a link check GET
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            if self.mode == "ok":  # recovered: a plain page at once
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                return
            if self.mode == "headers":
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            else:
                conn.sendall(self._head())
            unit = b"1\r\nx\r\n" if self.mode == "body" and self.chunked else b"x"
            while not self._stopped.wait(self.interval):
                conn.sendall(unit)
        except OSError:
            return
        finally:
            with self._lock:
                self._open.discard(conn)
            conn.close()
