"""`provenance check`: find each cited source in web archives, verify it and store a verdict."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..models import CheckSummary, ReferenceCheck
from ..net.fetch import Fetcher
from . import pages, sources
from . import store as checkstore

# One batch's lookups, fetches and verdicts live in batch.py; its names stay importable here.
from .batch import ACCESS_ONLY_NOTE as ACCESS_ONLY_NOTE
from .batch import ARCHIVED_NOTE as ARCHIVED_NOTE
from .batch import CHARSET as CHARSET
from .batch import OTHERS_KEPT as OTHERS_KEPT
from .batch import VAGUE_DATE_NOTE as VAGUE_DATE_NOTE
from .batch import CheckRun
from .batch import Discovery as Discovery
from .batch import _capture_date as _capture_date
from .batch import lookup_failure as lookup_failure
from .client import ArchiveClient
from .failures import OFFLINE_CAUSE, failure_cause, group_causes
from .targets import Target, build_targets, plan_queries

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

BATCH = 8  # references verified together (their fetches run in parallel); progress per batch


def run_check(
    db: Database,
    settings: Settings,
    *,
    progress: Progress | None = None,
    reference_ids: Iterable[int] | None = None,
    on_plan: Callable[[int, int, int], None] | None = None,
    document_ids: Iterable[int] | None = None,
) -> CheckSummary:
    """Check references against the configured archives and store one verdict each.

    Each batch's verdicts are committed in one transaction: an interrupt (Ctrl-C) loses
    at most the batch in progress, whose answers are cached. The next run skips final
    verdicts (all but "error") unless ``settings.refresh`` and checks the rest in the
    batches, so with the evidence and requests, of a clean run (``_clean_order``).

    Args:
        db: the database (migrations applied).
        settings: archive endpoints, window, thresholds, politeness, refresh/offline.
        progress: called with (done, total, label) after each reference.
        reference_ids: only these references (default: all).
        document_ids: only the references of these documents (default: all).
        on_plan: called once before any request with (references to check, distinct
            archive queries planned, page fetches expected), e.g. to print an estimate.

    Returns:
        Counts per verdict, requests made, cache hits, hosts given up, interrupted flag.
    """
    summary = CheckSummary()
    rows = checkstore.load_references(db, reference_ids, document_ids)
    todo = _plan(db, settings, summary, rows, on_plan)
    fetcher = Fetcher(
        sources.fetch_settings(settings), trusted_hosts=sources.trusted_hosts(settings)
    )
    client = ArchiveClient(db, settings, fetcher)
    runner = sources.ArchiveRuns(client, settings, CheckRun)  # the archives, asked in order
    failed: list[str] = []  # the error of each reference whose lookup failed
    try:
        _check_all(db, settings, client, runner, todo, summary, failed, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        LOGGER.warning("check interrupted after %d of %d references", summary.checked, len(todo))
    finally:
        fetcher.abort()  # whatever ended the loop (Ctrl-C, SIGTERM), nothing stays in flight
        client.close()
        fetcher.close()
    summary.causes = group_causes(failed)
    summary.requests, summary.cache_hits = client.requests, client.cache_hits
    summary.breaker_open = sorted(client.breaker.open_hosts)
    return summary


def _plan(
    db: Database,
    settings: Settings,
    summary: CheckSummary,
    rows: list[dict[str, Any]],
    on_plan: Callable[[int, int, int], None] | None,
) -> list[Target]:
    """The targets of reference ``rows`` still to check, in query order; fills the
    summary's plan counts."""
    targets = build_targets(db, settings, rows)
    sources.tag_targets(targets, settings)
    summary.total = len(targets)
    order = _clean_order(targets, settings)
    done = {} if settings.refresh else checkstore.final_targets(db)
    todo = [t for t in targets if t.ref_id not in done or done[t.ref_id] != t.key]
    summary.skipped = len(targets) - len(todo)
    summary.queries = plan_queries(todo, sources.primary_settings(settings))
    if on_plan:
        on_plan(len(todo), summary.queries, pages.expected_fetches(todo, settings))
    todo.sort(key=lambda t: order[t.ref_id])
    return todo


def _clean_order(targets: list[Target], settings: Settings) -> dict[int, tuple[str, int]]:
    """Where each target comes in a clean run: by its query over all ``targets``, checked
    or not, so that references of one domain and time are neighbours (and share a batch).

    The order does not depend on what an earlier, interrupted run stored: the rest are
    then checked in the batches, and with the queries, a clean run makes, whose answers
    the interrupted run has cached.
    """
    plan_queries(targets, sources.primary_settings(settings))
    return {t.ref_id: (t.queries[0].key if t.queries else "", t.ref_id) for t in targets}


def _check_all(
    db: Database,
    settings: Settings,
    client: ArchiveClient,
    runner: sources.ArchiveRuns,
    todo: list[Target],
    summary: CheckSummary,
    failed: list[str],
    progress: Progress | None,
) -> None:
    """Check the targets batch by batch, saving each batch's verdicts as soon as they are known."""
    for batch in _chunks(todo, BATCH):
        if client.budget_spent:  # --max-requests: the rest waits for the next run
            summary.left += len(batch)
            continue
        verdicts = []
        for check in runner.check_batch(batch):
            if client.budget_spent and check.status == "error":
                summary.left += 1  # cut short by the budget: not a verdict
            elif settings.offline and check.status == "error" and _only_offline(check):
                summary.not_cached += 1  # --offline, nothing cached: not checked
            else:
                verdicts.append(check)
        checkstore.save_checks(db, verdicts)  # the batch whole, or nothing of it
        done = summary.checked
        for check in verdicts:
            _tally(summary, check, failed)
        for check in verdicts:
            done += 1
            LOGGER.info("%s: %s", runner.label(check.reference_id), check.status)
            if progress:
                progress(done, len(todo), runner.label(check.reference_id))


def _tally(summary: CheckSummary, check: ReferenceCheck, failed: list[str]) -> None:
    """Count a saved verdict; an error verdict's cause also goes to ``failed``."""
    summary.checked += 1
    summary.verdicts[check.status] = summary.verdicts.get(check.status, 0) + 1
    if check.status == "error" and check.error:
        summary.errors.append(f"reference {check.reference_id}: {check.error}")
        failed.append(check.error)


def _chunks(items: list[Target], size: int) -> Iterator[list[Target]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _only_offline(check: ReferenceCheck) -> bool:
    """Whether every cause of an error verdict is an --offline cache miss."""
    return all(failure_cause(part) == OFFLINE_CAUSE for part in (check.error or "").split("; "))
