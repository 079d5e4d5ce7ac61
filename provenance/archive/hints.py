"""Rank signals read before any article is fetched: URL slugs and home-page titles.

A CDX listing gives URLs and capture times only. Two cheap signals say more about which
capture is the cited article:

- the URL slug against the claim, across scripts: ``kitaj-narashhivaet-voennoe-prisutstvie``
  shares ``military`` (``voenn``, the transliterated stem of ``военн``) and ``China``
  (``kitaj`` ~ ``Китай``) with an English claim;
- the titles a captured home page (or section page) of that day links its articles with:
  one fetch, shared by every reference to that outlet and day, titles the numeric URLs
  (``/a/27915123.html``) that carry no words at all.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from ..models import Candidate, bare_host
from .cdx import CdxRow, replay_url
from .claimwords import GENERIC_NAMES, keywords, proper_names
from .pagefacts import decode_html
from .textmatch import index_text, match_token, stems_for, translit, words

LOGGER = logging.getLogger(__name__)

SLUG_WORD = re.compile(r"[a-z]{3,}")
LISTING_PATH = re.compile(r"^/?(?:[a-z]{2}(?:-[a-z]{2})?/?)?(?:index\.\w{2,5})?$", re.IGNORECASE)
GENERIC_WEIGHT = 0.35  # a country or capital in a slug or title says little
AMBIGUOUS_FROM = 3  # candidates from which URLs alone may not pick the article
CLEAR_LEAD = 1.0  # claim words by which the first slug must lead to go without a home page
MIN_TITLE_CHARS = 12  # shorter link texts are menus, not headlines
SLUG_MIN_WORDS = 2  # words in a URL's last segment that make it a headline slug
FILE_EXTENSION = re.compile(r"\.[a-z0-9]{2,5}$")


@functools.lru_cache(maxsize=1024)
def claim_terms(claim: str) -> tuple[tuple[str, float], ...]:
    """The claim's keywords and name words with their weight (countries and capitals less).

    Args:
        claim: the claim sentence.

    Returns:
        (lowercase word, weight) pairs, each word once.
    """
    terms = dict.fromkeys(keywords(claim), 1.0)
    for name, _generic in proper_names(claim):
        for word in words(name):
            if len(word) >= 3:
                terms.setdefault(word, 1.0)
    return tuple((w, GENERIC_WEIGHT if w in GENERIC_NAMES else 1.0) for w in terms)


def _slug_words(url: str) -> list[str]:
    """The letter runs of a URL's path (a transliterated slug, section names)."""
    return SLUG_WORD.findall(urlsplit(url).path.lower())


@functools.lru_cache(maxsize=8192)
def _translit_stems(word: str) -> tuple[str, ...]:
    """A claim word's translation stems as they appear in a transliterated slug."""
    return tuple(s for s in (translit(stem).lower() for stem in stems_for(word)) if len(s) >= 3)


def slug_hits(url: str, claim: str) -> float:
    """How much of the claim a URL's slug carries, across scripts.

    Args:
        url: a capture's original URL.
        claim: the claim sentence.

    Returns:
        The summed weight of claim words found in the slug (0 for numeric URLs).
    """
    slug = _slug_words(url)
    if not slug:
        return 0.0
    index = index_text(" ".join(slug))
    got = 0.0
    for word, weight in claim_terms(claim):
        stems = _translit_stems(word)
        if any(s.startswith(stem) for stem in stems for s in slug) or match_token(
            word, index, fuzzy=len(word) >= 6
        ):
            got += weight
    return got


def title_hits(title: str, claim: str) -> float:
    """The summed weight of claim words found in a headline, across scripts.

    Args:
        title: a link text or page title.
        claim: the claim sentence.

    Returns:
        The weight of the claim words the title shares.
    """
    index = index_text(title)
    terms = claim_terms(claim)
    return sum(w for word, w in terms if match_token(word, index, fuzzy=len(word) >= 6))


def has_slug(url: str) -> bool:
    """Whether a URL's last path segment is a headline slug (``kitaj-narashhivaet-...``),
    not a number (``233115``, ``27915123.html``, ``content_6931502.htm``).

    Args:
        url: an article's original URL.

    Returns:
        True when the segment, its extension dropped, holds at least
        :data:`SLUG_MIN_WORDS` words of three letters or more.
    """
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = FILE_EXTENSION.sub("", segments[-1].lower()) if segments else ""
    return len(SLUG_WORD.findall(last)) >= SLUG_MIN_WORDS


def ambiguous(candidates: list[Candidate]) -> bool:
    """Whether the URLs alone leave the first candidates hard to tell apart, so that the
    home page's headlines are worth a fetch.

    A home page only adds words where the URLs carry none: the headline it links a slug
    URL with is the slug's own headline, so the fetch would rank nothing new.

    Args:
        candidates: ranked, with :attr:`Candidate.hint` set from their slugs.

    Returns:
        False for fewer than :data:`AMBIGUOUS_FROM` candidates, when most of the first
        ones carry a headline slug, or when the first slug carries at least
        :data:`CLEAR_LEAD` more claim words than the second.
    """
    if len(candidates) < AMBIGUOUS_FROM:
        return False
    first = candidates[:AMBIGUOUS_FROM]
    if 2 * sum(has_slug(c.original_url) for c in first) > len(first):
        return False
    return candidates[0].hint - candidates[1].hint < CLEAR_LEAD


def is_listing_url(url: str) -> bool:
    """A home page (``/``, ``/ru/``, ``/index.html``): it links the day's articles."""
    parts = urlsplit(url)
    return not parts.query and bool(LISTING_PATH.match(parts.path or "/"))


def listing_rows(rows: list[CdxRow], day_stamp: str) -> list[CdxRow]:
    """Home-page captures of a cited day, the latest first (it lists the most of that day).

    Args:
        rows: the CDX rows of a domain search.
        day_stamp: the cited day as ``YYYYMMDD``.

    Returns:
        HTML 200 captures of listing URLs made that day.
    """
    found = [
        r
        for r in rows
        if r.is_html_200 and r.timestamp.startswith(day_stamp) and is_listing_url(r.original)
    ]
    return sorted(found, key=lambda r: r.timestamp, reverse=True)


def link_titles(body: bytes, base_url: str) -> dict[str, str]:
    """The headlines a listing page links to, by scheme-less URL (``host/path``).

    Args:
        body: the listing page's HTML.
        base_url: its original URL, to resolve relative links.

    Returns:
        URL key (see :func:`url_key`) -> link text, for link texts that read like headlines.
    """
    try:
        tree = lxml.html.fromstring(decode_html(body))
    except (lxml.etree.ParserError, ValueError):
        return {}
    titles: dict[str, str] = {}
    for link in tree.iter("a"):
        href, text = link.get("href"), " ".join(link.text_content().split())
        if href and len(text) >= MIN_TITLE_CHARS:
            titles.setdefault(url_key(urljoin(base_url, href)), text)
    return titles


def url_key(url: str) -> str:
    """A URL without scheme, ``www.`` and trailing slash, to match links with captures."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return f"{bare_host(url)}{path}" + (f"?{parts.query}" if parts.query else "")


def rank_by_home_pages(
    items: list[tuple[Any, Any]],
    fetch_round: Callable[[list[str]], dict[str, Any]],
    replay_base: str,
) -> None:
    """Re-rank candidates by the headlines of the cited day's home page, for the targets
    whose URLs alone do not tell the candidates apart (one fetch per outlet and day).

    Args:
        items: (target, discovery) pairs; a discovery's ``rows`` are its CDX rows and its
            ``candidates`` are replaced.
        fetch_round: fetches archive URLs, as for the candidates.
        replay_base: the replay endpoint.
    """
    from .captures import rank_captures

    wanted: dict[str, list[tuple[Any, Any, CdxRow]]] = {}
    for target, found in items:
        if target.url or not target.date or not ambiguous(found.candidates):
            continue
        rows = listing_rows(found.rows, f"{target.date:%Y%m%d}")
        if rows:
            url = replay_url(replay_base, rows[0].timestamp, rows[0].original)
            wanted.setdefault(url, []).append((target, found, rows[0]))
    answers = fetch_round(list(wanted)) if wanted else {}
    for url, uses in wanted.items():
        page = answers.get(url)
        if getattr(page, "status", None) != 200:
            continue
        titles = link_titles(page.body, uses[0][2].original)
        for target, found, _row in uses:
            found.candidates = rank_captures(found.rows, target.cited, replay_base, titles)
