"""What the archive check looks up: one Target per reference, coalesced into few CDX queries."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from ..config import Settings
from ..errors import ProvenanceError
from ..models import GENERIC_METHOD, Outlet, OutletDomain
from ..scan.outlets.registry import title_site
from ..scan.urldates import is_url_date
from . import store as checkstore
from .captures import Cited
from .cdx import cdx_query_url
from .client import Request

LOGGER = logging.getLogger(__name__)

MAX_WINDOW_DAYS = 31  # coalesced windows never grow beyond this


@dataclass
class Target:
    """What to look up for one reference, and where."""

    ref_id: int
    claim: str
    outlet: str
    date: dt.date | None  # the full cited date, when known
    date_iso: str | None  # as stored (YYYY, YYYY-MM, YYYY-MM-DD)
    domains: list[str]
    url: str | None
    window: tuple[dt.date, dt.date] | None  # capture window for a domain search
    key: str = ""
    queries: list[Request] = field(default_factory=list)
    # The only date given is an access date ("accessed 3 November 2019"): it says when the
    # author read the source, not when it was published, so ``date`` and ``window`` are None
    # and ``accessed`` (the day, or the first of its month) only picks a URL's capture.
    access_only: bool = False
    accessed: dt.date | None = None
    title: str | None = None  # the cited article's title, when the citation quotes it
    generic: bool = False  # a generic source or an interview ("local media"): no outlet
    # The date is the one the URL's path gives (a link-only citation, ``urldates``): it
    # picks the capture nearest that day, but is no evidence that the page is the one cited.
    url_dated: bool = False

    @property
    def nowhere(self) -> str | None:
        """The verdict of a target with no domain and no URL to search; None otherwise."""
        if self.domains or self.url:
            return None
        return "generic-source" if self.generic else "unresolved-outlet"

    @property
    def cited(self) -> Cited:
        """The date, window and claim that rank captures."""
        return Cited(self.date, self.window, self.claim, self.accessed)

    @property
    def label(self) -> str:
        """Short text for progress output."""
        if self.access_only:
            return f"{self.outlet}, accessed {self.date_iso}"
        return f"{self.outlet}, {self.date_iso or 'no date'}"


def _full_date(row: dict[str, Any]) -> dt.date | None:
    """The cited date when year, month and day are known."""
    try:
        if row.get("year") and row.get("month") and row.get("day"):
            return dt.date(int(row["year"]), int(row["month"]), int(row["day"]))
    except ValueError:
        return None
    return None


def capture_window(row: dict[str, Any], settings: Settings) -> tuple[dt.date, dt.date] | None:
    """The days to search captures in: around a full date, or a whole month; None when vaguer.

    Args:
        row: a reference row (year, month, day).
        settings: window_before_days / window_after_days.

    Returns:
        (first day, last day), inclusive.
    """
    before = dt.timedelta(days=settings.window_before_days)
    after = dt.timedelta(days=settings.window_after_days)
    day = _full_date(row)
    if day:
        return day - before, day + after
    if row.get("year") and row.get("month"):
        year, month = int(row["year"]), int(row["month"])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1) - before, dt.date(year, month, last) + after
    return None


def _outlet_from_column(outlet_id: str, raw: list[dict[str, Any]]) -> Outlet:
    """An Outlet built from the outlets table's domains JSON."""
    domains = tuple(
        OutletDomain(str(d.get("domain", "")), d.get("since"), d.get("until"))
        for d in raw
        if d.get("domain")
    )
    return Outlet(id=outlet_id, name=outlet_id, domains=domains)


def where_to_look(
    row: dict[str, Any],
    registry: Any,
    outlet_rows: dict[str, list[dict[str, Any]]],
) -> list[str]:
    """The domains to search for a reference, best first.

    Args:
        row: a reference row.
        registry: the outlet registry (``get(outlet_id)``), or None.
        outlet_rows: the outlets table's domains per outlet id (fallback).

    Returns:
        Lowercase domains, possibly empty (unresolved outlet).
    """
    outlet_id = row.get("outlet_id")
    outlet = registry.get(outlet_id) if registry is not None and outlet_id else None
    if outlet is None and outlet_id in outlet_rows:
        outlet = _outlet_from_column(outlet_id, outlet_rows[outlet_id])
    # 1. The outlet's domains on the cited date (it may have moved since).
    when = _full_date(row) or _month_start(row)
    domains = title_site(outlet, registry).domains_on(when, paths=True) if outlet else []
    # The domain resolved at scan time goes first when the outlet used it then: a citation
    # written as "Sputnik-tj.com" names the very domain.
    if row.get("domain") in domains:
        domains = [row["domain"], *(d for d in domains if d != row["domain"])]
    if outlet is not None and not domains and registry is not None:
        # A network with no site of its own ("Delfi"): its members' sites, one by one.
        members = (m for m in registry if m.parent == outlet.id)
        domains = [d for m in members for d in m.domains_on(when, paths=True)[:1]]
    if outlet is not None and outlet.parent and any("/" in d for d in domains):
        # A section of its parent's site (Ogonyok under kommersant.ru/ogoniok) may publish
        # at the parent's addresses: they are asked when nothing under its path was found.
        parent = registry.get(outlet.parent) if registry is not None else None
        domains += parent.domains_on(when, paths=True) if parent else []
    # 2. The domain resolved at scan time. 3. The host of the reference's URL.
    if not domains and row.get("domain"):
        domains = [row["domain"]]
    if not domains and row.get("url"):
        domains = [urlsplit(row["url"]).hostname or ""]
    seen: list[str] = []
    for domain in domains:
        domain = domain.strip().lower().removeprefix("www.")
        if domain and domain not in seen:
            seen.append(domain)
    return seen


def _month_start(row: dict[str, Any]) -> dt.date | None:
    """The first day of the cited month, when the year and month are known."""
    if row.get("year") and row.get("month"):
        return dt.date(int(row["year"]), int(row["month"]), 1)
    return None


def build_targets(db: Database, settings: Settings, rows: list[dict[str, Any]]) -> list[Target]:
    """One Target per reference row.

    Args:
        db: the database (outlets table as a fallback registry).
        settings: window sizes.
        rows: reference rows from ``checkstore.load_references``.

    Returns:
        Targets in the order of ``rows``.
    """
    registry = _registry(settings)
    outlet_rows = checkstore.outlet_domains_column(db)
    targets = []
    for row in rows:
        url = row.get("url") or None
        # A platform without an account ("(YouTube, March 3)"): its whole domain is no
        # search, and nothing names the post, so there is nothing to look up.
        bare_platform = not url and _platform(row, registry)
        domains = [] if bare_platform else where_to_look(row, registry, outlet_rows)
        access_only = bool(row.get("accessed"))
        # An access date bounds no search and dates no page (see Target.access_only).
        window = None if access_only else capture_window(row, settings)
        key = f"{url or ','.join(domains)}|{row.get('date')}|{window}"
        targets.append(
            Target(
                ref_id=row["id"],
                claim=row.get("claim_text") or "",
                outlet=row.get("outlet") or "",
                date=None if access_only else _full_date(row),
                date_iso=row.get("date"),
                domains=domains,
                url=url,
                window=window,
                key=key + "|accessed" if access_only else key,
                access_only=access_only,
                accessed=(_full_date(row) or _month_start(row)) if access_only else None,
                title=row.get("title") or None,
                generic=bare_platform or row.get("resolution") == GENERIC_METHOD,
                url_dated=is_url_date(row.get("date_text"), url),
            )
        )
    return targets


def _platform(row: dict[str, Any], registry: Any) -> bool:
    """Whether the reference's outlet is a platform (Telegram, YouTube), not a publisher."""
    outlet = (
        registry.get(row["outlet_id"]) if registry is not None and row.get("outlet_id") else None
    )
    return outlet is not None and outlet.is_platform


def _registry(settings: Settings) -> Any:
    """The outlet registry (the user's override merged), or None when it cannot be loaded
    (the outlets table is used)."""
    try:
        from ..scan.outlets.resolve import registry_for

        return registry_for(settings)
    except (ImportError, ProvenanceError, OSError, ValueError) as exc:
        LOGGER.warning("outlet registry unavailable (%s); using the outlets table", exc)
        return None


# ---------------------------------------------------------------- coalescing


@dataclass
class DomainWindow:
    """One CDX query: a domain and a merged window serving several references.

    ``spans`` are the disjoint stretches of days asked for (one, unless windows of the
    domain lie apart: then the query spans them all and keeps only their days).
    """

    domain: str
    start: dt.date
    end: dt.date
    ref_ids: list[int] = field(default_factory=list)
    spans: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    @property
    def days(self) -> list[dt.date]:
        """Every day its spans cover, in order."""
        return [a + dt.timedelta(n) for a, b in self.spans for n in range((b - a).days + 1)]


def coalesce(targets: Iterable[Target], depth: int = 0) -> list[DomainWindow]:
    """Merge the windows of each domain into as few queries as possible.

    Overlapping (or adjacent) windows become one span; the spans of one domain then share
    one query while they cover at most :data:`MAX_WINDOW_DAYS` days in all, however far
    apart they lie. A domain query walks the domain's whole index whatever its dates (the
    index is sorted by URL, then time), so one query for two spans costs the archive one
    walk instead of two, and a filter on the spans' days keeps its answer as small as
    theirs (:func:`window_query`).

    Args:
        targets: targets with domains and a window (others are ignored).
        depth: which of each target's domains to use (0 = the best; later ones are fallbacks
            asked only when the better domains had no candidates).

    Returns:
        The queries, ordered by domain and start.
    """
    spans: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
    for target in targets:
        if target.url or not target.window or len(target.domains) <= depth:
            continue
        spans.setdefault(target.domains[depth], []).append((*target.window, target.ref_id))
    merged: list[DomainWindow] = []
    for domain in sorted(spans):
        merged += _pack(_merge_spans(domain, spans[domain]))
    return merged


def _merge_spans(domain: str, spans: list[tuple[dt.date, dt.date, int]]) -> list[DomainWindow]:
    """Overlapping or adjacent windows of one domain merged, each merged span at most
    :data:`MAX_WINDOW_DAYS` long."""
    merged: list[DomainWindow] = []
    current: DomainWindow | None = None
    for start, end, ref_id in sorted(spans):
        fits = current is not None and start <= current.end + dt.timedelta(days=1)
        if (
            current is not None
            and fits
            and (max(end, current.end) - current.start).days < MAX_WINDOW_DAYS
        ):
            current.end = max(end, current.end)
            current.ref_ids.append(ref_id)
            continue
        current = DomainWindow(domain, start, end, [ref_id])
        merged.append(current)
    for window in merged:
        window.spans = [(window.start, window.end)]
    return merged


def _pack(windows: list[DomainWindow]) -> list[DomainWindow]:
    """Disjoint windows of one domain, in order, packed into queries of at most
    :data:`MAX_WINDOW_DAYS` days in all."""
    packed: list[DomainWindow] = []
    for window in windows:
        last = packed[-1] if packed else None
        if last is None or len(last.days) + len(window.days) > MAX_WINDOW_DAYS:
            packed.append(window)
            continue
        last.end = window.end
        last.ref_ids += window.ref_ids
        last.spans += window.spans
    return packed


def window_query(cdx_api: str, window: DomainWindow) -> Request:
    """The CDX query of one coalesced window: every capture of the domain in its days; of
    an outlet that holds only a path of its host (BBC Russian's bbc.com/russian, a
    Telegram channel's t.me/rybar), every capture under that path."""
    under = "/" in window.domain
    url = cdx_query_url(
        cdx_api,
        window.domain + "/" if under else window.domain,
        match_type="prefix" if under else "domain",
        start=window.start,
        end=window.end,
        days=window.days if len(window.spans) > 1 else None,
    )
    return Request(url)


def plan_queries(targets: list[Target], settings: Settings, depth: int = 0) -> int:
    """Set every target's archive queries for one domain depth; return how many distinct ones.

    Args:
        targets: the targets to check; their ``queries`` are replaced.
        settings: cdx_url and memento_url.
        depth: 0 for the first (best) domain and URL lookups; n for the n-th fallback domain.

    Returns:
        The number of distinct queries (coalesced CDX windows plus URL lookups).
    """
    by_ref = {t.ref_id: t for t in targets}
    for target in targets:
        target.queries = []
    for window in coalesce(targets, depth):
        query = window_query(settings.cdx_url, window)
        for ref_id in window.ref_ids:
            by_ref[ref_id].queries.append(query)
    for target in targets:
        if depth or not target.url:
            continue
        if settings.memento_url:
            base = settings.memento_url.rstrip("/")
            target.queries.append(Request(f"{base}/timemap/link/{target.url}"))
        else:
            target.queries.append(Request(cdx_query_url(settings.cdx_url, target.url)))
    return len({q.key for t in targets for q in t.queries})
