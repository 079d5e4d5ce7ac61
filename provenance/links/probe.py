"""Check one URL: GET (a file: HEAD, then GET), redirects, error classes, bot walls, soft 404s.

A page is asked with GET: its body is what the probe compares and ``not-found-title``
reads, so a page costs one request (a HEAD first would make it two). A URL ending in a
file's extension (``FILE_EXTENSION_RE``: .pdf, .zip, .mp4...) is asked with HEAD, then
with GET only when HEAD fails or answers an error; a page, with HEAD when GET answers 405 or
501 or fails, unless no answer came in time (a stream outlasting it, a HEAD-only server).
Walls (``walls.py``: 401/403/429, a 503 with Retry-After, a login page) come first: blocked.

Soft-404 rules, in order (the first that fires names the check's ``error_kind``):

1. ``redirect-to-root``: a URL that is not the home page redirected to it (``/``, or an
   index file such as ``/index.php``; ``/index.php?newsid=12`` to ``/index.php`` too).
2. ``404-in-url``: the redirect ended on a URL saying 404 / notfound / not-found
   (and the cited URL did not).
3. ``redirect-to-shorter-path``: redirected to an ancestor path, or from three or
   more path segments to a one-segment section page, at under half the length.
   (Rules 1-3 read only URLs: ``urlrules.py``.)
4. ``probe-match`` (Bar-Yossef et al. 2004): a random sibling path in the same
   directory (same extension) answers 2xx with the same page: same final URL,
   same normalised body, or word 4-gram Jaccard >= 0.9 with lengths within 10%.
   One probe per scheme+host+directory per run (``ProbeCache``); no probe for a
   site root, and a probe answering non-2xx means the host has real 404s.
   Known blind spot: single-page apps that serve one shell for every path.
5. ``not-found-title``: the page's <title> or first <h1> *is* a not-found message
   ("Page not found | Site", "Error 404 - Site", "Страница не найдена — Regnum", "页面不存在";
   phrases and matching in ``notfound.py``) in the GET body at hand (no request of its own);
   a headline merely mentioning one stays alive, as does a page about the error whose URLs
   name its message ("HTTP 404 - Wikipedia" at /wiki/HTTP_404). Catches a CMS's deleted
   article answering 200 where a random sibling gets a real 404, and not-found pages that
   echo the path (the probe misses them).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..errors import BlockedURLError, FetchError
from ..models import LinkCheck, LinkVerdict
from ..net.fetch import Fetcher, FetchResult
from .notfound import not_found_heading, quote
from .urlrules import same_resource, soft404_by_url
from .walls import MAX_DEFER_SECONDS, retry_after, wall

LOGGER = logging.getLogger(__name__)

NO_GET_AFTER = frozenset({"dns", "redirect-loop", "too-many-redirects"})  # GET cannot differ
EXTENSION_RE = re.compile(r"\.[A-Za-z0-9]{1,5}$")
FILE_EXTENSION_RE = re.compile(  # URLs of files, not pages: asked with HEAD first
    r"\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|epub|zip|rar|7z|t?gz|bz2|xz|tar|exe|dmg|iso|apk"
    r"|mp3|m4a|ogg|wav|mp4|m4v|webm|avi|mov|mkv|jpe?g|png|gif|webp|tiff?|bmp|svg|ico"
    r"|csv|json|xml|txt)$",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"\w+")
SPACE_RE = re.compile(r"\s+")
COMPARE_BYTES = PAGE = 256 * 1024  # what is read of a page: compared, and its title
SIMILAR_JACCARD = 0.9
SIMILAR_LENGTH = 0.9
SHINGLE = 4
NOT_FOUND_TITLE = "not-found-title"


@dataclass(frozen=True)
class Fingerprint:
    """What a page looks like for soft-404 comparison."""

    status: int
    final_url: str
    text: str  # normalised body (lowercase, the random token and echoed path removed)
    shingles: frozenset[int]


class ProbeCache:
    """One soft-404 probe per directory per run, shared by worker threads.

    The first thread asking for a key runs the probe; others asking for the
    same key wait for its answer instead of probing again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[threading.Event, list[Fingerprint | None]]] = {}

    def get(self, key: str, compute: Callable[[], Fingerprint | None]) -> Fingerprint | None:
        """The cached fingerprint for ``key``, computing it once."""
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None
            if entry is None:
                entry = self._entries[key] = (threading.Event(), [None])
        event, slot = entry
        if owner:
            try:
                slot[0] = compute()
            finally:
                event.set()
        else:
            event.wait()
        return slot[0]

    def __len__(self) -> int:
        return len(self._entries)


def check_url(
    fetcher: Fetcher,
    url: str,
    *,
    probes: ProbeCache | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> LinkCheck:
    """Check one URL once; never raises for anything the network does.

    Args:
        fetcher: the HTTP layer (limits, guard, body cap).
        url: an http(s) URL.
        probes: the run's soft-404 probe cache (None: a private one).
        clock: gives ``checked_at`` (default: now, UTC).

    Returns:
        A LinkCheck whose verdict is alive, redirected, soft-404, blocked, error or failing.
    """
    started = time.monotonic()
    at = clock() if clock else dt.datetime.now(dt.UTC)
    check = _check(fetcher, url, probes if probes is not None else ProbeCache(), at)
    check.elapsed = time.monotonic() - started
    return check


def _check(fetcher: Fetcher, url: str, probes: ProbeCache, at: dt.datetime) -> LinkCheck:
    def make(verdict: LinkVerdict, **fields: object) -> LinkCheck:
        return LinkCheck(url=url, verdict=verdict, checked_at=at, **fields)

    result: FetchResult | None = None
    # 1. GET a page (the soft-404 rules read its body), HEAD a file, following redirects.
    first = "HEAD" if FILE_EXTENSION_RE.search(urlsplit(url).path) else "GET"
    try:
        result, method = fetcher.request(first, url, follow=True, max_bytes=PAGE), first
    except BlockedURLError as exc:
        return _refused(make, exc)
    except FetchError as exc:
        # HEAD may answer a page where a stream's body outlasted the timeout, not where none came
        silent = first == "GET" and exc.kind == "timeout" and not exc.answered
        failed = exc.kind in NO_GET_AFTER or silent
        if failed or (first == "GET" and (result := _head_instead(fetcher, url)) is None):
            return make(LinkVerdict.FAILING, method=first, error_kind=exc.kind, reason=str(exc))
        method = "HEAD"
    if first == "GET" and result and result.status in (405, 501):  # 2. HEAD-only servers
        if head := _head_instead(fetcher, url):
            result, method = head, "HEAD"
    # 3. GET a file when HEAD failed or answered an error (405, 403...) but not "wait" (429, 503).
    asked_to_wait = result is not None and (result.status == 429 or retry_after(result) is not None)
    if first == "HEAD" and (result is None or result.status >= 400) and not asked_to_wait:
        try:
            result, method = fetcher.get(url, follow=True, max_bytes=PAGE), "GET"
        except BlockedURLError as exc:
            return _refused(make, exc)
        except FetchError as exc:
            return make(LinkVerdict.FAILING, method="GET", error_kind=exc.kind, reason=str(exc))
    return _classify(fetcher, url, result, method, probes, make)


def _head_instead(fetcher: Fetcher, url: str) -> FetchResult | None:
    """A page's HEAD answer after its GET failed; None if HEAD fails too or answers an error."""
    try:
        head = fetcher.head(url, follow=True)
    except FetchError:
        return None
    return head if head.status < 400 else None


def _refused(make: Callable[..., LinkCheck], exc: BlockedURLError) -> LinkCheck:
    """The guard refused the URL (or a redirect hop): not checked, verdict error."""
    kind = "invalid-url" if "not an http(s) URL" in str(exc) else "private-address"
    return make(LinkVerdict.ERROR, method="", error_kind=kind, reason=str(exc))


def _classify(
    fetcher: Fetcher,
    url: str,
    result: FetchResult,
    method: str,
    probes: ProbeCache,
    make: Callable[..., LinkCheck],
) -> LinkCheck:
    """Turn an HTTP answer into a verdict (bot wall, failure, soft-404, redirected, alive)."""
    final = result.final_url or url
    fields: dict[str, object] = {
        "http_status": result.status,
        "final_url": final,
        "redirects": [tuple(hop) for hop in result.history],
        "method": method,
    }
    status = result.status
    # 1. Walls (walls.py): a 429 or 503 holds the host back for Retry-After (capped).
    if blocked := wall(url, result):
        if blocked.retry_after:
            fetcher.defer(final, min(blocked.retry_after, MAX_DEFER_SECONDS))
        return make(
            LinkVerdict.BLOCKED,
            error_kind=blocked.kind,
            retry_after=blocked.retry_after,
            reason=blocked.reason,
            **fields,
        )
    # 2. Hard failures.
    if status >= 300:
        reason = f"HTTP {status}" if status >= 400 else f"HTTP {status} without a usable Location"
        return make(LinkVerdict.FAILING, error_kind="http", reason=reason, **fields)
    # 3. The soft-404 rules.
    soft = _soft404(fetcher, url, result, method, probes)
    if soft:
        rule, reason = soft
        return make(LinkVerdict.SOFT_404, error_kind=rule, reason=reason, **fields)
    moved = bool(result.history) and not same_resource(url, final)
    return make(LinkVerdict.REDIRECTED if moved else LinkVerdict.ALIVE, **fields)


def _soft404(
    fetcher: Fetcher, url: str, result: FetchResult, method: str, probes: ProbeCache
) -> tuple[str, str] | None:
    """The first soft-404 rule the answer breaks, as (error_kind, reason), or None."""
    # 1. Cheap rules on the redirect target.
    rule = soft404_by_url(url, result.final_url or url) if result.history else None
    # 2. The Bar-Yossef probe (it may GET the page to compare it).
    page = _Page(fetcher, url, result if method == "GET" else None)
    if rule is None:
        rule = _probe_rule(fetcher, url, page, probes)
    if rule:
        return rule, f"soft-404: {rule}"
    # 3. What the page calls itself, when its body is at hand (a file answering HEAD has none).
    body, urls = page.fetched(), (url, result.final_url or url)  # naming its heading: alive
    said = not_found_heading(body.body, body.headers, urls) if body and body.status < 300 else None
    if said is None:
        return None
    where, text = said
    return NOT_FOUND_TITLE, f'soft-404: {NOT_FOUND_TITLE} (its {where} reads "{quote(text)}")'


class _Page:
    """The checked URL's GET answer, fetched at most once: a HEAD answer has no body."""

    def __init__(self, fetcher: Fetcher, url: str, got: FetchResult | None) -> None:
        self._fetcher, self._url, self._got, self._tried = fetcher, url, got, got is not None

    def fetched(self) -> FetchResult | None:
        """The GET answer if one was made (by the check or the probe), else None."""
        return self._got

    def get(self) -> FetchResult | None:
        """The GET answer, fetching it now if need be; None when the GET fails."""
        if not self._tried:
            self._tried = True
            try:
                self._got = self._fetcher.get(self._url, follow=True, max_bytes=PAGE)
            except FetchError:
                LOGGER.debug("GET %s for its soft-404 rules failed", self._url, exc_info=True)
        return self._got


def probe_target(url: str) -> tuple[str, str, str] | None:
    """The random sibling to probe for ``url``: (cache key, probe URL, token); None at a root.

    ``/news/2019/story.html`` probes ``/news/2019/<token>.html``; ``/news/story/``
    probes ``/news/<token>/``. The key leaves the token out, so one probe serves
    every URL of that directory and shape.
    """
    parts = urlsplit(url)
    trimmed = parts.path.rstrip("/")
    if not trimmed:
        return None
    trailing = "/" if parts.path.endswith("/") else ""
    parent, _, last = trimmed.rpartition("/")
    match = None if trailing else EXTENSION_RE.search(last)
    ext = match.group(0) if match else ""
    token = "pv" + secrets.token_hex(10)
    base = f"{parts.scheme}://{parts.netloc}{parent}/"
    return f"{base}*{ext}{trailing}", f"{base}{token}{ext}{trailing}", token


def _probe_rule(fetcher: Fetcher, url: str, page: _Page, probes: ProbeCache) -> str | None:
    """ "probe-match" when a random sibling answers the same page as ``url``, else None."""
    target = probe_target(url)
    if target is None:
        return None
    key, probe_url, token = target
    probe = probes.get(key, lambda: _fetch_fingerprint(fetcher, probe_url, token))
    # 1. No answer, or a real error status: the host tells missing pages apart.
    if probe is None or not 200 <= probe.status < 300:
        return None
    # 2. The host answers 2xx for nonsense: compare the page with the probe's answer.
    if (got := page.get()) is None:  # a HEAD answer has no body: GET it
        return None
    echo = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
    mine = fingerprint(got, [echo])
    return "probe-match" if similar(mine, probe) else None


def _fetch_fingerprint(fetcher: Fetcher, url: str, token: str) -> Fingerprint | None:
    try:
        return fingerprint(fetcher.get(url, follow=True, max_bytes=PAGE), [token])
    except FetchError:
        return None


def fingerprint(result: FetchResult, echoes: list[str]) -> Fingerprint:
    """Normalise a page for comparison; ``echoes`` (the requested name) are removed first.

    Args:
        result: the page fetched with GET.
        echoes: strings a 404 page may repeat from its URL.

    Returns:
        The page's Fingerprint.
    """
    text = result.body[:COMPARE_BYTES].decode("utf-8", "replace").lower()
    for echo in echoes:
        if len(echo) >= 3:
            text = text.replace(echo.lower(), " ")
    text = SPACE_RE.sub(" ", text).strip()
    words = WORD_RE.findall(text)
    grams = frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(max(1, len(words) - SHINGLE + 1))
    )
    return Fingerprint(result.status, result.final_url or result.url, text, grams)


def similar(a: Fingerprint, b: Fingerprint) -> bool:
    """True when two pages are the same page (soft-404 evidence).

    Args:
        a: the checked page.
        b: the probe's answer.

    Returns:
        True for the same final URL, equal normalised text, or near-equal length
        with word 4-gram Jaccard similarity of at least 0.9.
    """
    if a.final_url == b.final_url or a.text == b.text:
        return True
    if not a.text or not b.text:
        return False
    if min(len(a.text), len(b.text)) / max(len(a.text), len(b.text)) < SIMILAR_LENGTH:
        return False
    union = len(a.shingles | b.shingles)
    return union > 0 and len(a.shingles & b.shingles) / union >= SIMILAR_JACCARD
