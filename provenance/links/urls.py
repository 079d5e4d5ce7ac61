"""Which URLs the link check visits: every URL the database knows, and where each is used."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from ..models import LinkUse, bare_host
from . import store as linkstore

LOGGER = logging.getLogger(__name__)


def normalize_url(url: str | None) -> str | None:
    """A URL as checked: stripped, fragment dropped; None unless http(s) with a host.

    Args:
        url: a URL as written in a document or stored by ``check``.

    Returns:
        The URL to check, or None for mailto:, javascript:, relative or broken URLs.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def collect_urls(db: Database, registry: Any = None) -> dict[str, list[LinkUse]]:
    """Every URL the database knows, with the documents, claims and references using it.

    Args:
        db: the provenance database.
        registry: a ``resolve.Registry`` for outlet home pages (None: cited domains only).

    Returns:
        URL -> uses, in first-seen order; each (url, kind, document, claim, reference)
        once (a cited domain that is also the outlet's current one gives one home page).
    """
    uses: dict[str, list[LinkUse]] = {}
    seen: set[tuple[str, str, int | None, int | None, int | None]] = set()

    def add(url: str | None, use: LinkUse) -> None:
        checked = normalize_url(url)
        key = (checked or "", use.kind, use.document_id, use.claim_id, use.reference_id)
        if checked and key not in seen:
            seen.add(key)
            uses.setdefault(checked, []).append(use)

    for row in linkstore.citation_rows(db):
        base = _use_fields(row)
        add(row["url"], LinkUse("citation", **base))
        for home in _home_pages(row, registry):
            add(home, LinkUse("outlet-home", **base))
    for row in linkstore.check_rows(db):
        base = _use_fields(row)
        add(row["source_url"], LinkUse("source", **base))
        add(row["archive_url"], LinkUse("archive", **base))
    for row in linkstore.document_rows(db):
        base = {"document_id": row["id"], "document": row["path"], "cited_date": row["published"]}
        add(row["url"], LinkUse("document", **base))
        add(row["original_url"], LinkUse("document-original", **base))
    return uses


def _use_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": row["document_id"],
        "claim_id": row["claim_id"],
        "reference_id": row["reference_id"],
        "outlet_id": row["outlet_id"],
        "cited_date": row["date"],
        "document": row["path"],
        "claim_text": row["claim_text"],
        "claim_number": row["claim_number"],
    }


def _home_pages(row: dict[str, Any], registry: Any) -> list[str]:
    """The cited domain's home page, and the outlet's current one when the registry knows it."""
    pages = []
    if row.get("domain"):
        pages.append(f"https://{row['domain']}/")
    outlet = registry.get(row["outlet_id"]) if registry and row.get("outlet_id") else None
    current = _current_domain(outlet)
    if current:
        pages.append(f"https://{current}/")
    return pages


def _current_domain(outlet: Any) -> str | None:
    if outlet is None:
        return None
    return next((d.domain for d in outlet.domains if d.is_current), None)


def moved_to(url: str, uses: Iterable[LinkUse], registry: Any) -> str | None:
    """The outlet's current domain when ``url`` is on a domain the registry marks as former.

    Args:
        url: a checked URL.
        uses: where it is used (their outlet ids name the candidate outlets).
        registry: a ``resolve.Registry`` or None.

    Returns:
        e.g. "asiaplustj.info" for a news.tj URL of Asia-Plus, else None.
    """
    if registry is None:
        return None
    host = bare_host(url)
    outlets = [registry.get(u.outlet_id) for u in uses if u.outlet_id]
    if hasattr(registry, "by_host"):
        outlets.append(registry.by_host(host, urlsplit(url).path))
    for outlet in filter(None, outlets):
        former = [d for d in outlet.domains if not d.is_current]
        if any(host == d.domain or host.endswith("." + d.domain) for d in former):
            current = _current_domain(outlet)
            if current and current != host:
                return current
    return None
