"""Following redirects hop by hop: Location decoding, loops, hop limits, credentials."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urljoin

import requests
from requests.utils import requote_uri

from ..errors import FetchError
from .hostguard import host_key

LOGGER = logging.getLogger(__name__)

PRIVATE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


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


class RedirectChain:
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
