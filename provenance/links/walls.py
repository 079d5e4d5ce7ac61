"""Answers that hide a page rather than prove it gone: bot walls, login walls, maintenance.

A check meeting one of them is ``blocked``, which neither extends nor breaks a streak of
failures (``verdicts.derive_verdict``): nothing is learnt about the page itself.

1. 401, 403 and 429: a bot wall or a login.
2. 503 with a Retry-After: the server says it is down for a while ("temporary overload or
   scheduled maintenance", RFC 9110 15.6.4) and when to come back. A 503 without one may
   be for good (a dead site behind a proxy), so it stays a failure.
3. ``login-redirect``: the redirects ended on a login page (a path segment such as
   ``login``, ``sign-in``, ``signin``, ``sso``, ``authwall``, ``wp-login.php``), the cited URL not
   one itself: a paywall or members' area, whose story readers who sign in still read.
   Without this rule the redirect to ``/login`` read as one to a much shorter path, a
   soft-404, and the story went dead.

The Retry-After of a 429 or 503 holds the host back in the Fetcher (capped at
``MAX_DEFER_SECONDS``); a longer one leaves the host's other URLs for the next run
(``pool``), so a host under maintenance is asked once a night, not once per URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..net.fetch import MAX_RETRY_AFTER, FetchResult, parse_retry_after

BLOCKED_STATUSES = frozenset({401, 403, 429})  # bot walls and logins: not evidence of death
WAIT_STATUSES = frozenset({429, 503})  # their Retry-After is obeyed
MAX_DEFER_SECONDS = MAX_RETRY_AFTER  # cap on how long one answer holds back a host in this run
LOGIN_KIND = "login-redirect"
LOGIN_SEGMENT_RE = re.compile(
    r"^(?:log-?[io]n|sign-?[io]n|sign_[io]n|sso|auth|authwall|authenticate|servicelogin|wp-login)"
    r"(?:\.(?:php|aspx?|html?|jsp))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Wall:
    """Why an answer is a wall: the check's error_kind, its one-line reason, and the
    seconds the server asked to wait (None when it did not ask)."""

    kind: str
    reason: str
    retry_after: float | None = None


def wall(url: str, result: FetchResult) -> Wall | None:
    """The wall ``result`` (the answer to ``url``, redirects followed) stands for, or None.

    Args:
        url: the URL checked.
        result: its answer.

    Returns:
        A Wall for a 401/403/429, a 503 with Retry-After, or a redirect to a login page.
    """
    status, wait = result.status, retry_after(result)
    if status in BLOCKED_STATUSES or (status == 503 and wait is not None):
        note = f" (Retry-After {wait:g} s)" if wait is not None else ""
        what = "down for a while" if status == 503 else "a bot wall or login"
        return Wall("http", f"HTTP {status}{note}: {what}, not evidence of death", wait)
    final = result.final_url or url
    if result.history and status < 300 and is_login(final) and not is_login(url):
        path = quote_path(final)
        return Wall(LOGIN_KIND, f"redirected to a login page ({path}): not evidence of death")
    return None


def retry_after(result: FetchResult) -> float | None:
    """The seconds a 429 or 503 asks to wait (None: another status, or no usable header)."""
    if result.status not in WAIT_STATUSES:
        return None
    return parse_retry_after(result.headers.get("Retry-After"))


def is_login(url: str) -> bool:
    """True when a segment of ``url``'s path names a login page (``/account/sign-in``)."""
    segments = unquote(urlsplit(url).path).split("/")
    return any(LOGIN_SEGMENT_RE.match(segment) for segment in segments)


def quote_path(url: str, limit: int = 80) -> str:
    """``url``'s path as a reason quotes it: no query (it echoes the cited URL), one line."""
    path = "".join(c if c.isprintable() else " " for c in urlsplit(url).path) or "/"
    return path if len(path) <= limit else path[: limit - 1] + "…"
