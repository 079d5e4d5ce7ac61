"""The nightly link check: collect every known URL, check it politely, derive verdicts from history.

How one run goes (``run_linkcheck``):

1. Collect URLs (citation URLs, ``check``'s source and archive URLs, outlet home
   pages, documents' own URLs) and where each is used (``url_uses``).
2. Open a run, or resume today's unfinished one: a run that did not reach
   ``complete`` (Ctrl-C, kill) and started on the same UTC calendar day is
   continued, and URLs that already have a check row in it are not checked again, unless
   that check failed at transport level (the network may have been down; the newest
   check of a URL in a run is the one its verdict reads).
3. Check the rest on a thread pool of ``global_concurrency`` workers
   (``pool``). Workers take URLs round-robin over hosts, never more than
   ``host_concurrency`` at once per host, so no worker sits blocked on a busy
   host while others are idle; the Fetcher enforces delay, concurrency and
   Retry-After per host on every request. Check rows are appended (and
   committed in small batches, at least every second) by the main thread only.
4. Outage: when at least ``outage_ratio`` of the run's network checks failed at
   transport level (dns, refused, tls, timeout, reset, other), on at least two
   hosts and at least ``OUTAGE_MIN_CHECKS`` checks, the run is flagged an outage.
   Checks of outage runs stay in the history but are ignored when verdicts are
   derived, so an outage marks nothing dead (and nothing recovered).
5. Derive each URL's verdict from its history (see ``derive_verdict``), compare
   with the verdict before this run (newly broken / recovered), and find
   replacements for broken links.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..models import LinkCheck, LinkRunSummary, LinkUse
from ..net.fetch import Fetcher
from ..store import files, locks
from . import store as linkstore
from .pool import check_all
from .probe import MAX_DEFER_SECONDS, ProbeCache, check_url
from .replace import add_replacements
from .urls import collect_urls, moved_to, normalize_url
from .verdicts import (
    NOT_NETWORK_KINDS,
    build_statuses,
    derive_verdict,
    exit_code,
    failed_in_transport,
    is_outage,
)
from .verdicts import OUTAGE_MIN_CHECKS as OUTAGE_MIN_CHECKS

__all__ = [
    "build_statuses",
    "collect_urls",
    "derive_verdict",
    "exit_code",
    "is_outage",
    "moved_to",
    "normalize_url",
    "run_linkcheck",
    "write_report",
]

LOGGER = logging.getLogger(__name__)

FLUSH_ROWS = 50
FLUSH_SECONDS = 1.0
TREND_RUNS = 14

Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------- writing


class _Writer:
    """Buffers finished checks and appends them to the history in small transactions."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime]):
        self.db, self.clock = db, clock
        self.buffer: list[LinkCheck] = []
        self.flushed_at = clock()

    def add(self, check: LinkCheck) -> None:
        self.buffer.append(check)
        age = (self.clock() - self.flushed_at).total_seconds()
        if len(self.buffer) >= FLUSH_ROWS or age >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            linkstore.append_checks(self.db, self.buffer)
            self.buffer = []
        self.flushed_at = self.clock()


# ---------------------------------------------------------------- the run


def run_linkcheck(
    db: Database,
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
    registry: Any = None,
    report_to: str | Path | None = None,
) -> LinkRunSummary:
    """Check every known URL once, append the results to the history and summarise the run.

    Args:
        db: the provenance database (migrated).
        settings: politeness, guard and verdict settings (link_delay, host_concurrency,
            global_concurrency, timeout, max_body_bytes, user_agent, allow_private,
            dead_after, dead_days, outage_ratio, cdx_url, replay_url, offline).
        now: the run's clock: every check of this run is stamped ``now`` (tests pass a
            controllable time); default: the real time of each check.
        progress: called as ``progress(done, total, url)`` after each check.
        fetcher: the HTTP layer (default: a Fetcher with ``link_delay`` per host).
        registry: the outlet registry (default: ``resolve.registry_for(settings)``, the
            bundled one with the user's own outlets).
        report_to: a reports folder: the run's report (``write_report``) is written there
            in the transaction that records the run complete, its path then in
            ``summary.report_path``. A report that cannot be written leaves the run
            unfinished, so the next run resumes it (asking nothing again but the URLs
            whose check failed at the network level) and writes it: what this run found
            newly broken is not lost.

    Raises:
        ReportWriteError: the report could not be written.

    Returns:
        The summary with every URL's current status, newly broken and recovered links,
        and the trend of verdict counts.
    """
    with locks.exclusive(db, "linkcheck", settings.db_timeout):  # one run at a time
        return _run(db, settings, now, progress, fetcher, registry, report_to)


def _run(
    db: Database,
    settings: Settings,
    now: dt.datetime | None,
    progress: Progress | None,
    fetcher: Fetcher | None,
    registry: Any,
    report_to: str | Path | None,
) -> LinkRunSummary:
    """:func:`run_linkcheck`, once the run holds the database's link-check lock."""
    registry = registry if registry is not None else _load_registry(settings)
    clock = (lambda: now) if now is not None else _utcnow
    uses = collect_urls(db, registry)
    linkstore.replace_uses(db, uses)
    summary, todo = _open_run(db, settings, uses, clock)
    run_id = summary.run_id
    own_fetcher = fetcher is None
    fetcher = fetcher or _fetcher(settings)
    try:
        summary.deferred = _check_urls(
            db, run_id, todo, fetcher, clock, settings, progress, summary
        )
        _finish(db, summary, settings, fetcher, registry, uses, clock, report_to)
    except BaseException:
        linkstore.set_run_status(db, run_id, "interrupted")
        raise
    finally:
        if own_fetcher:
            fetcher.close()
    return summary


def _open_run(
    db: Database,
    settings: Settings,
    uses: dict[str, list[LinkUse]],
    clock: Callable[[], dt.datetime],
) -> tuple[LinkRunSummary, list[str]]:
    """Open a run (or resume today's unfinished one); returns its summary and the URLs to check.

    An unfinished run of an earlier day is abandoned, and first given the outage test it
    never reached: Ctrl-C'd while the network was down, its failures counted toward dead.
    """
    now = clock()
    for old in linkstore.unfinished_before(db, now):
        outage = is_outage(linkstore.checks_of_run(db, old), settings.outage_ratio)
        linkstore.flag_outage(db, old, outage)
    run_id, resumed = linkstore.open_run(db, now, settings.dead_after, settings.dead_days)
    summary = LinkRunSummary(
        run_id=run_id,
        started_at=linkstore.run_started_at(db, run_id),
        resumed=resumed,
        total=len(uses),
        dead_after=settings.dead_after,
        dead_days=settings.dead_days,
    )
    done_before = {c.url for c in linkstore.checks_of_run(db, run_id) if not failed_in_transport(c)}
    todo = [url for url in uses if url not in done_before]
    summary.skipped = len(uses) - len(todo)
    return summary, todo


def _check_urls(
    db: Database,
    run_id: int,
    todo: list[str],
    fetcher: Fetcher,
    clock: Callable[[], dt.datetime],
    settings: Settings,
    progress: Progress | None,
    summary: LinkRunSummary,
) -> int:
    """Run the checks, writing rows as they complete; returns the deferred count."""
    writer = _Writer(db, _utcnow)
    probes = ProbeCache()
    total = len(todo)

    def worker(url: str) -> LinkCheck:
        check = check_url(fetcher, url, probes=probes, clock=clock)
        check.run_id = run_id
        return check

    def on_done(check: LinkCheck) -> None:
        writer.add(check)
        summary.checked += 1
        LOGGER.info("%s: %s", check.url, check.reason or check.verdict.value)
        if progress:
            progress(summary.checked, total, check.url)

    try:
        return check_all(todo, worker, settings, on_done, MAX_DEFER_SECONDS, fetcher.abort)
    finally:
        writer.flush()


def _finish(
    db: Database,
    summary: LinkRunSummary,
    settings: Settings,
    fetcher: Fetcher,
    registry: Any,
    uses: dict[str, list[LinkUse]],
    clock: Callable[[], dt.datetime],
    report_to: str | Path | None,
) -> None:
    """Outage test, verdicts, replacements, run record and trend, and the report."""
    run_checks = linkstore.checks_of_run(db, summary.run_id)
    summary.network_checks = sum(c.error_kind not in NOT_NETWORK_KINDS for c in run_checks)
    summary.transport_failures = sum(map(failed_in_transport, run_checks))
    summary.outage = is_outage(run_checks, settings.outage_ratio)
    if summary.outage:
        LOGGER.info(  # the command line says so once, as an error
            "%d of %d checks failed at transport level: treating the run as a "
            "network outage; nothing is marked dead",
            summary.transport_failures,
            summary.network_checks,
        )
    # The run is flagged first, so that an outage's checks drop out of the history.
    linkstore.flag_outage(db, summary.run_id, summary.outage)
    summary.links = build_statuses(db, summary, uses, registry)
    if not summary.outage:
        add_replacements(db, summary.links, settings, fetcher, clock())
    # Unchecked URLs (verdict None) have no verdict to count; the report lists them.
    summary.counts = dict(
        sorted(Counter(s.verdict.value for s in summary.links if s.verdict is not None).items())
    )
    summary.finished_at = clock()
    with db.atomic():  # complete with its report, or not at all
        linkstore.finish_run(
            db,
            summary.run_id,
            summary.finished_at,
            total=summary.total,
            checked=len(run_checks),
            network_checks=summary.network_checks,
            transport_failures=summary.transport_failures,
            counts=summary.counts,
        )
        summary.trend = linkstore.trend(db, TREND_RUNS)
        if report_to is not None:
            summary.report_path = os.fspath(write_report(summary, report_to))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _load_registry(settings: Settings) -> Any:
    """The outlet registry (the user's override merged), or None when it cannot be loaded
    (home pages then use cited domains)."""
    try:
        from ..scan.outlets.resolve import registry_for

        return registry_for(settings)
    except Exception as exc:  # noqa: BLE001 - the link check must run without a registry
        LOGGER.warning("outlet registry unavailable (%s): outlet moves are not suggested", exc)
        return None


def _fetcher(settings: Settings) -> Fetcher:
    """The run's HTTP layer; the configured archives are trusted, as in check: their
    captures (loopback ones too) are among the URLs checked."""
    from ..archive.sources import trusted_hosts

    return Fetcher(
        settings, default_delay=settings.link_delay, trusted_hosts=trusted_hosts(settings)
    )


def write_report(summary: LinkRunSummary, reports_dir: str | Path) -> Path:
    """Write ``<reports_dir>/linkcheck-YYYY-MM-DD.md`` (the run's UTC date); returns its path.

    A later run finished the same day writes ``linkcheck-YYYY-MM-DD-2.md`` and so on: what
    the first run found newly broken is no longer new to the second, and its report,
    overwritten, lost that list. A resumed run is the same run: it writes its own file.

    Args:
        summary: the finished run.
        reports_dir: the reports folder (created if needed).

    Returns:
        The report's path.
    """
    from ..report.links import render_linkcheck_report, report_date

    folder = Path(files.make_folder(reports_dir))
    day = report_date(summary)
    nth = sum(label.startswith(day) for label, _ in summary.trend)  # complete runs that day
    path = folder / (f"linkcheck-{day}-{nth}.md" if nth > 1 else f"linkcheck-{day}.md")
    files.write_if_changed(path, render_linkcheck_report(summary))  # whole or not at all
    return path
