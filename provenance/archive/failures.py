"""Why an archive lookup failed, in one line that many references can share.

A failed run fails the same way for every reference ("connection refused by
web.archive.org"), so the cause is stored without the URL that failed: the console and the
report group references by it instead of repeating it once per reference.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

LOGGER = logging.getLogger(__name__)

# "refused: GET http://host/path: ConnectionRefusedError: [Errno 111] ECONNREFUSED: ..."
TRANSPORT = re.compile(r"\b(dns|refused|tls|timeout|reset|other): [A-Z]+ (\S+): (.*)$")
# An exception's name ("ConnectionRefusedError", "gaierror"), not the detail's first word
# ("no complete answer within 2 s" read as "(no)").
EXCEPTION = re.compile(r"^(\w*(?:Error|Exception|error))(?:: \[Errno (-?\d+)\])?")
URL = re.compile(r"https?://[^\s;,)]+")
KINDS = {
    "dns": "DNS resolution failed for {host}",
    "refused": "connection refused by {host}",
    "tls": "TLS handshake failed with {host}",
    "timeout": "timed out waiting for {host}",
    "reset": "connection reset by {host}",
    "other": "request to {host} failed",
}
OFFLINE_PREFIX = "offline: not cached"
OFFLINE_CAUSE = "offline: not in the cache"
LOOKUP_PREFIX = "archive lookup failed: "


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def failure_cause(message: str) -> str:
    """The cause of a failed lookup without the URL that failed.

    Args:
        message: an error's text, e.g. ``refused: GET http://127.0.0.1:9/cdx?...:
            ConnectionRefusedError: [Errno 111] ...`` or ``offline: not cached: <url>``.

    Returns:
        e.g. ``connection refused by 127.0.0.1:9 (ConnectionRefusedError 111)``,
        ``DNS resolution failed for web.archive.org (gaierror -3)``, ``offline: not in the
        cache``; other messages with each URL replaced by its host.
    """
    text = message.strip().removeprefix(LOOKUP_PREFIX)
    if text.startswith(OFFLINE_PREFIX):
        return OFFLINE_CAUSE
    match = TRANSPORT.search(text)
    if match:
        kind, url, detail = match.groups()
        cause = KINDS[kind].format(host=_host(url))
        exc = EXCEPTION.match(detail)
        if exc:
            cause += f" ({exc.group(1)}{' ' + exc.group(2) if exc.group(2) else ''})"
        return cause
    return URL.sub(lambda m: _host(m.group(0)), text)


def group_causes(errors: Iterable[str]) -> list[tuple[int, str]]:
    """How many references failed for each cause, most frequent first.

    Args:
        errors: one stored error per reference (several causes joined by ``"; "``).

    Returns:
        (references, cause) pairs; a reference counts once per distinct cause.
    """
    counts: Counter[str] = Counter()
    for error in errors:
        counts.update({failure_cause(part) for part in error.split("; ") if part.strip()})
    return sorted(((n, cause) for cause, n in counts.items()), key=lambda x: (-x[0], x[1]))
