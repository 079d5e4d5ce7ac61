"""Verdicts from a URL's check history: dead after N failures over D days, outage runs, exit codes.

A verdict is derived, never stored as such: each run appends checks, and a URL's verdict
is what its history outside outage runs says now (``derive_verdict``). ``build_statuses``
compares it with the verdict before the run (newly broken, recovered).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlite_utils import Database

from ..models import LinkCheck, LinkRunSummary, LinkStatus, LinkUse, LinkVerdict
from ..net.fetch import host_key
from . import store as linkstore
from .urls import moved_to

LOGGER = logging.getLogger(__name__)

TRANSPORT_KINDS = frozenset({"dns", "refused", "tls", "timeout", "reset", "other"})
NOT_NETWORK_KINDS = frozenset({"private-address", "invalid-url"})  # refused before any request
OUTAGE_MIN_CHECKS = 3


def failed_in_transport(check: LinkCheck) -> bool:
    """A check that failed at transport level (no HTTP answer to judge): what an outage
    is made of, and what a resumed run asks again (the network may have been down)."""
    return check.is_failure and check.error_kind in TRANSPORT_KINDS


def derive_verdict(
    checks: list[LinkCheck], dead_after: int, dead_days: int
) -> tuple[LinkVerdict | None, int, dt.datetime | None]:
    """A URL's current verdict from its history (oldest first; outage runs already left out).

    The streak of consecutive failures (failing or soft-404 checks) is counted
    back from the latest check; blocked and error checks neither break nor
    extend it. The link is dead when the streak has at least ``dead_after``
    failures and the first and last of them lie at least ``dead_days`` UTC
    calendar days apart. With ``dead_after`` 1 no spread is required (one
    failure has none): the first failure is final.

    Args:
        checks: the URL's checks in time order.
        dead_after: N, failures needed.
        dead_days: D, days the failures must span.

    Returns:
        (verdict, consecutive failures, time of the streak's first failure);
        (None, 0, None) for a URL never checked.
    """
    if not checks:
        return None, 0, None
    streak, first, last_failed = 0, None, None
    for check in reversed(checks):
        if check.is_failure:
            streak += 1
            first = check.checked_at
            last_failed = last_failed or check.checked_at
        elif check.verdict not in (LinkVerdict.BLOCKED, LinkVerdict.ERROR):
            break
    latest = checks[-1]
    # 1. The latest check did not fail: show what it saw.
    if not latest.is_failure:
        return latest.verdict, streak, first
    # 2. Failed often enough for long enough: dead (soft-404 when the server still answers).
    assert first is not None and last_failed is not None
    spread = (last_failed.astimezone(dt.UTC).date() - first.astimezone(dt.UTC).date()).days
    if streak >= dead_after and (dead_after <= 1 or spread >= dead_days):
        final = LinkVerdict.SOFT_404 if latest.verdict is LinkVerdict.SOFT_404 else LinkVerdict.DEAD
        return final, streak, first
    # 3. Not yet: failing.
    return LinkVerdict.FAILING, streak, first


def is_outage(checks: list[LinkCheck], ratio: float) -> bool:
    """Whether a run's checks look like our network being down rather than the links.

    Args:
        checks: every check of the run.
        ratio: share of network checks failing at transport level from which it is an outage.

    Returns:
        True when at least ``OUTAGE_MIN_CHECKS`` checks reached for the network, at least
        ``ratio`` of them failed at transport level, and the failures span two or more hosts.
    """
    network = [c for c in checks if c.error_kind not in NOT_NETWORK_KINDS]
    failed = [c for c in network if failed_in_transport(c)]
    if len(network) < OUTAGE_MIN_CHECKS or not failed:
        return False
    hosts = {host_key(c.url) for c in failed}
    return len(failed) / len(network) >= ratio and len(hosts) >= 2


def exit_code(summary: LinkRunSummary, fail_on: str) -> int:
    """The exit code a scheduler acts on.

    Args:
        summary: the finished run.
        fail_on: "new" (exit 2 when a link newly broke), "any" (when any link is dead
            or soft-404) or "never".

    Returns:
        4 for an outage, 2 per ``fail_on``, else 0.
    """
    if summary.outage:
        return 4
    if fail_on == "new" and summary.newly_broken:
        return 2
    if fail_on == "any" and any(s.broken for s in summary.links):
        return 2
    return 0


def _as_reported(checks: list[LinkCheck], run_id: int, reported: set[int]) -> list[LinkCheck]:
    """The checks behind the verdict the last finished report gave: those of finished
    runs (a run killed mid-way reported nothing, so what it found is still news), up to
    the last that was neither blocked nor an error (those break no streak: a dead link
    answering 403 one night is not newly broken the next)."""
    before = [c for c in checks if c.run_id != run_id and c.run_id in reported]
    while before and before[-1].verdict in (LinkVerdict.BLOCKED, LinkVerdict.ERROR):
        before.pop()
    return before


def build_statuses(
    db: Database, summary: LinkRunSummary, uses: dict[str, list[LinkUse]], registry: Any
) -> list[LinkStatus]:
    """Each URL's status now and before this run, derived from the history.

    Args:
        db: the database.
        summary: the run (run_id, dead_after, dead_days).
        uses: URL -> uses, from ``collect_urls``.
        registry: the outlet registry or None.

    Returns:
        One LinkStatus per known URL, sorted by URL. A URL with no check outside
        outage runs (a first run that was an outage, or deferred by Retry-After)
        is kept with verdict None ("unchecked") and its latest check of any run,
        so no known URL drops out of the report or the JSON records.
    """
    history = linkstore.load_history(db)
    latest = linkstore.latest_checks(db, (url for url in uses if not history.get(url)))
    reported = linkstore.completed_runs(db)
    statuses = []
    for url in sorted(uses):
        checks = history.get(url, [])
        moved = moved_to(url, uses[url], registry)
        if not checks:
            statuses.append(
                LinkStatus(
                    url=url, verdict=None, last=latest.get(url), moved_to=moved, uses=uses[url]
                )
            )
            continue
        verdict, streak, first = derive_verdict(checks, summary.dead_after, summary.dead_days)
        before = _as_reported(checks, summary.run_id, reported)
        previous, _, _ = derive_verdict(before, summary.dead_after, summary.dead_days)
        statuses.append(
            LinkStatus(
                url=url,
                verdict=verdict,
                previous=previous,
                last=checks[-1],
                consecutive_failures=streak,
                first_failed_at=first,
                moved_to=moved,
                uses=uses[url],
            )
        )
    return statuses
