"""Transport failures of requests/urllib3: their kind ("dns", "timeout", ...) and one line."""

from __future__ import annotations

import logging
import re
import socket
import ssl
from collections.abc import Iterator

import requests
import urllib3.exceptions

LOGGER = logging.getLogger(__name__)

WHITESPACE = re.compile(r"\s+")
MESSAGE_CHARS = 300
# What requests may raise for a transport problem (it does not wrap everything).
TRANSPORT_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


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
        isinstance(
            item, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
        )
        and not isinstance(item, urllib3.exceptions.NewConnectionError)
        for item in chain
    ):
        return "timeout"
    # 4. Handshake or certificate failure.
    if has(requests.exceptions.SSLError, urllib3.exceptions.SSLError, ssl.SSLError):
        return "tls"
    # 5. The peer hung up mid-exchange (RST, EOF before the status line, truncated chunks).
    if has(
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.ProtocolError,
    ):
        return "reset"
    return "other"


def describe_error(exc: BaseException) -> str:
    """A short single-line description of the innermost useful exception.

    Args:
        exc: the exception requests raised.

    Returns:
        "Type: message" with whitespace collapsed, at most MESSAGE_CHARS characters.
    """
    chain = list(_causes(exc))
    inner = chain[-1] if chain else exc
    text = f"{type(inner).__name__}: {inner}" if str(inner) else type(inner).__name__
    text = WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
