"""The soft-404 rules that read only URLs: where a redirect ended (rules 1-3 of probe.py).

1. ``redirect-to-root``: a URL that is not the site's home page redirected to it. The home
   page is ``/`` or an index file (``/index.php``, ``/Default.aspx``...) without a query
   (tracking parameters, ``?utm_source=``, ``?from=``, do not count), and the URL may
   name its item by its query alone: a deleted story of an old CMS,
   ``/index.php?newsid=1234`` or WordPress's ``/?p=1234``, lands on ``/index.php`` or ``/``
   with the query dropped. A home page redirected to another form of itself
   (``/index.php`` to ``/``) stays alive.
2. ``404-in-url``: the redirect ended on a URL saying 404 / notfound / not-found (and the
   cited URL did not).
3. ``redirect-to-shorter-path``: redirected to an ancestor path, or from three or more path
   segments to a one-segment section page, at under half the length.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

from ..models import bare_host

NOT_FOUND_URL_RE = re.compile(
    r"(?:^|[/_.=-])(?:error-?)?(?:404|not-?found|page-?not-?found)(?=$|[/_.=?&#-])", re.IGNORECASE
)
INDEX_FILE_RE = re.compile(r"^/(?:index|default|home)\.(?:php\d?|s?html?|aspx?|jsp|cfm)$", re.I)
TRACKING_KEYS = re.compile(r"^(?:utm_\w+|fbclid|gclid|yclid|ref|from|source)$", re.I)


def same_resource(a: str, b: str) -> bool:
    """True when two URLs differ only by scheme, ``www.``, host case or a trailing slash."""

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        host = bare_host(url)
        if parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
        return host, parts.path.rstrip("/"), parts.query

    return key(a) == key(b)


def is_home(parts: SplitResult) -> bool:
    """True for a site's home page: ``/`` or an index file (``/index.php``), without a
    query, or with tracking parameters only (``/?utm_source=x`` names no item)."""
    path = parts.path.rstrip("/")
    keys = [pair.split("=", 1)[0] for pair in parts.query.split("&") if pair]
    tracking = all(TRACKING_KEYS.match(key) for key in keys)
    return tracking and (not path or bool(INDEX_FILE_RE.match(path)))


def soft404_by_url(url: str, final_url: str) -> str | None:
    """The cheap soft-404 rule a redirect from ``url`` to ``final_url`` breaks, or None.

    Args:
        url: the URL checked.
        final_url: where its redirects ended.

    Returns:
        "redirect-to-root", "404-in-url", "redirect-to-shorter-path" or None.
    """
    start, end = urlsplit(url), urlsplit(final_url)
    start_path, end_path = start.path.rstrip("/"), end.path.rstrip("/")
    # 1. A story sent to the home page.
    if is_home(end) and not is_home(start):
        return "redirect-to-root"
    # 2. The target names itself a 404 page.
    end_text = unquote(f"{end.path}?{end.query}")
    if NOT_FOUND_URL_RE.search(end_text) and not NOT_FOUND_URL_RE.search(
        unquote(f"{start.path}?{start.query}")
    ):
        return "404-in-url"
    # 3. A much shorter path: an ancestor, or a section page far above the article.
    if end_path and len(end_path) * 2 < len(start_path):
        ancestor = start_path.startswith(end_path + "/")
        section = end_path.count("/") <= 1 and start_path.count("/") >= 3
        if ancestor or section:
            return "redirect-to-shorter-path"
    return None
