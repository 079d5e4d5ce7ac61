"""Outlet names as written in citations: the key the registry matches them on, and the
host name or URL some of them are; and the name a citing document gives its publisher."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ...models import DocumentMeta

if TYPE_CHECKING:  # tldextract imports requests, so it is only imported on first use
    import tldextract

# Typographic quotes and dashes folded to ASCII before matching (str.translate: linear, fast).
_FOLD = str.maketrans(
    {
        **dict.fromkeys("«»“”„‟‹›″《》", '"'),
        **dict.fromkeys("‘’‚‛`´′", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "\u00a0": " ",
    }
)
#: How alike (difflib's ratio) a name must be to another to be offered in its place.
CLOSE_CUTOFF = 0.8
SPACES_RE = re.compile(r"\s+")
LEADING_THE_RE = re.compile(r"^the\s+")
TRAILING_PUNCT_RE = re.compile(r"[\s.,;:!?]+$")
WRAPPING_QUOTES_RE = re.compile(r"""^["']+|["']+$""")
# A host name or URL, optionally with scheme, "www.", port and path. Labels cannot hold dots,
# so the repetition cannot backtrack badly; the last label (TLD) must start with a letter.
HOSTLIKE_RE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?"
    r"(?P<host>(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*)"
    r"\.?(?::\d+)?(?P<path>[/?#]\S*)?$"
)


def normalise_name(text: str) -> str:
    """Fold an outlet name as written into the key the registry matches on.

    Casefolds, unifies typographic quotes and dashes, collapses spaces, and drops a
    leading "the ", quote marks (wrapping a name, or around a name inside it: "Radio
    «Svoboda»") and trailing punctuation. Cyrillic, CJK and other
    scripts are kept as they are (no transliteration, so "АП" never becomes "AP").

    Args:
        text: the outlet as written, e.g. ``" The  Jamestown Foundation."``.

    Returns:
        The normalised key, e.g. ``"jamestown foundation"``.
    """
    key = SPACES_RE.sub(" ", text.translate(_FOLD)).strip().casefold()
    key = WRAPPING_QUOTES_RE.sub("", TRAILING_PUNCT_RE.sub("", key))
    if '"' in key:  # a quoted name inside: 'radio «svoboda»' is radio svoboda
        key = SPACES_RE.sub(" ", key.replace('"', ""))
    return LEADING_THE_RE.sub("", key).strip()


def split_host(text: str) -> tuple[str, str] | None:
    """Split a domain-like name or URL into its host (no "www.") and path.

    Args:
        text: e.g. ``"Sputnik-tj.com"`` or ``"https://www.rus.ozodi.org/a/1.html"``.

    Returns:
        ``(host, path)`` lowercased, e.g. ``("rus.ozodi.org", "/a/1.html")``; None when the
        text does not look like a host name.
    """
    m = HOSTLIKE_RE.match(text.strip().translate(_FOLD).lower().rstrip(".,;:!?"))
    if m is None:
        return None
    return m["host"], m["path"] or ""


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    """The one offline TLDExtract: bundled suffix snapshot, no fetch, no cache files."""
    import tldextract  # noqa: PLC0415 - deferred: it imports requests

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


#: Hosts whose subdomains are their users' own sites and which the public suffix list's
#: private section lacks (it has blogspot.com, github.io, wixsite.com...): a blog at
#: "rpg15.wordpress.com" is that blog, not WordPress, to group by and to search.
USER_SITE_HOSTS = frozenset(
    "wordpress.com substack.com tumblr.com livejournal.com dreamwidth.org typepad.com "
    "over-blog.com narod.ru ucoz.ru ucoz.net blog.ru diary.ru".split()
)


def registrable_domain(host: str) -> str | None:
    """The registrable domain of ``host`` ("a.example.co.uk" -> "example.co.uk"), offline.

    Args:
        host: a lowercase host name.

    Returns:
        The domain under the public suffix, a user's site on a blog host counted as one
        ("someone.blogspot.com", "rpg15.wordpress.com"); a host that is a public suffix of
        two labels or more itself, as a state's portal is ("gov.kz"); None when the host
        has no known suffix.
    """
    parts = _extractor()(host, include_psl_private_domains=True)
    site = parts.top_domain_under_public_suffix
    if site in USER_SITE_HOSTS and host != site:
        return f"{host[: -len(site) - 1].rpartition('.')[2]}.{site}"
    if parts.top_domain_under_public_suffix:
        return parts.top_domain_under_public_suffix
    return host if parts.suffix == host and "." in host else None


def is_public_suffix(host: str) -> bool:
    """True when ``host`` is a public suffix ("gov.cn", "co.uk"), under which anyone's
    domain may be registered."""
    return _extractor()(host).suffix == host


def close_names(written: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The normalised ``names`` closest to ``written`` (a typo, another spelling), best
    first: for "did you mean" when a name matches nothing ("Kazinfrom": "kazinform").
    The names that are ``written`` with a qualifier come first: "Zerkalo", which two
    papers share, is close to "Zerkalo (Azerbaijan)" and "Zerkalo (Belarus)".

    Args:
        written: a name as written.
        names: normalised names (``normalise_name``), e.g. every alias of a registry.
        limit: at most this many of each kind.
    """
    import difflib  # noqa: PLC0415 - only for a name that matched nothing

    key, names = normalise_name(written), list(names)
    qualified = sorted(n for n in names if n.startswith(key + " ("))[:limit] if key else []
    close = difflib.get_close_matches(key, names, limit, CLOSE_CUTOFF)
    return list(dict.fromkeys([*qualified, *close]))


def citing_publisher(meta: DocumentMeta) -> str | None:
    """Who publishes the document, as the registry can match it, for self-citation: its
    (original) publisher, else the host of its original URL, else of its own URL unless
    it is a republished copy. A Jamestown page saved without ``og:site_name`` names its
    publisher only by its address, jamestown.org, and its "(see EDM, …)" is still its own.
    """
    named = meta.original_publisher or meta.publisher
    if named:
        return named
    url = meta.original_url or (None if meta.republisher else meta.url)
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # "http://[::1": no host to name
        return None
    return host.removeprefix("www.") if host else None
