"""``scan`` and ``check``: documents into the database, their sources into the archives."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import click

from .. import console
from ..config import HELP, Settings
from ..errors import ReportWriteError
from .app import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OUTAGE,
    cli,
    documents_of,
    notice,
    open_run,
    plural,
    progress_bar,
    unwritten,
    warn_all,
)
from .options import check_options, db_option, reports_option

if TYPE_CHECKING:  # the models load with the commands that need them, not at start-up
    from ..models import CheckSummary

LOGGER = logging.getLogger(__name__)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@reports_option
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Publication date that overrides every document's metadata.",
)
@click.option("--strict", is_flag=True, default=None, help=HELP["strict"])
@click.option("--exclude", multiple=True, metavar="GLOB", help=HELP["exclude"])
@click.option("-j", "--jobs", type=int, default=None, metavar="N", help=HELP["jobs"])
@click.option(
    "--check", "then_check", is_flag=True, help="Then check the sources of the documents at PATHS."
)
@check_options
@click.pass_context
def scan(
    ctx: click.Context,
    paths: tuple[str, ...],
    published: dt.datetime | None,
    then_check: bool,
    **flags: Any,
) -> None:
    """Scan documents into the database and write one report per document.

    Reads .txt, .html/.htm and .md files under PATHS (recursively); other files
    are skipped. Unchanged files are not read again.

    \b
    Example:
        provenance scan seeds/
        provenance scan article.html --published 2016-11-17 --db /tmp/p.db
    """
    from .. import pipeline

    settings, db = open_run(flags)
    with progress_bar("scanning") as progress:
        summary = pipeline.scan(
            paths,
            settings,
            published=published.date() if published else None,
            db=db,
            progress=progress,
            write=not then_check,
        )
    _say_scan(ctx, settings, summary)
    if summary.scanned + summary.unchanged == 0 or (settings.strict and summary.failed):
        ctx.exit(EXIT_FAILED)
    if summary.unwritten:  # stored, and written by the next run that can
        ctx.exit(EXIT_ERROR)
    if then_check:  # the sources of the documents at PATHS, not of every stored one
        _run_check(ctx, settings, db, pipeline.documents_at(db, paths)[0])


def _say_scan(ctx: click.Context, settings: Settings, summary: Any) -> None:
    """The problems of a scan, one line each (floods collapsed), then its summary line."""
    if settings.strict and summary.failures:  # what fails the run is an error, even with -q
        failures = set(summary.failures)
        warn_all(ctx, summary.failures, logging.ERROR)
        warn_all(ctx, [w for w in summary.warnings if w not in failures])
    else:
        warn_all(ctx, summary.warnings)
    warn_all(ctx, unwritten(summary.unwritten), logging.ERROR)
    notice(
        ctx,
        (
            f"scanned {plural(summary.scanned, 'document')} ({summary.unchanged} unchanged, "
            f"{summary.failed} failed, {summary.skipped} skipped): "
            f"{plural(summary.claims, 'claim')}, {plural(summary.citations, 'citation')}, "
            f"{plural(summary.references, 'reference')} -> {console.display_path(settings.db)}"
            + (f"; removed {len(summary.removed)} whose files are gone" if summary.removed else "")
        ),
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@reports_option
@check_options
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], **flags: Any) -> None:
    """Find each cited source in web archives and verify it against the claim.

    Checks the references of every stored document, or with PATHS (files or folders,
    as given to `scan`) only those of the documents there.

    \b
    Example:
        provenance check
        provenance check seeds/new-article.md
        provenance check --cdx-url http://127.0.0.1:8080/my-coll/cdx \\
                         --replay-url http://127.0.0.1:8080/my-coll
        provenance check --offline
    """
    settings, db = open_run(flags, create=False)
    _run_check(ctx, settings, db, documents_of(ctx, db, paths))


def plan_line(settings: Settings, references: int, queries: int, pages: int = 0) -> str:
    """What a check will ask, and the time the archive's rate limit makes it take.

    Args:
        settings: endpoints, rate limits, offline, max_requests.
        references: references to check.
        queries: distinct archive queries planned.
        pages: page fetches expected (an estimate: the search stops early).

    Returns:
        One line.
    """
    from ..archive.sources import fetch_settings, primary_settings
    from ..net.fetch import host_key, interval_for  # imports requests: only when checking

    first = primary_settings(settings)  # the first archive asked (the only one by default)
    host = host_key(first.cdx_url or first.memento_url or first.replay_url)
    limits = fetch_settings(settings).rate_limits
    delay = interval_for({host_key(k): v for k, v in limits.items()}, host)
    line = f"checking {plural(references, 'reference')}: "
    if settings.offline:
        return (
            line
            + f"{queries} archive {'query' if queries == 1 else 'queries'} planned"
            + (" (offline: answered from the cache only)")
        )
    total = queries + pages
    line += f"about {plural(total, 'archive request')} ({queries} "
    line += f"{'query' if queries == 1 else 'queries'}, about {pages} page fetches)"
    if settings.max_requests and total > settings.max_requests:
        line += f"; --max-requests {settings.max_requests} stops there, the rest waits"
        total = settings.max_requests
    if delay and total:
        # n requests need n - 1 gaps.
        line += (
            f"; {host} allows one request every {delay:g} s, so this takes about "
            f"{_duration((total - 1) * delay)}"
        )
    return line


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


NOTHING_FOUND_FROM = 10  # references looked up, all without a capture: is the archive right?
FOUND = ("verified", "archived", "candidates")  # a capture was found


def _warn_if_nothing_found(summary: CheckSummary) -> None:
    """One line when no reference of many had a single capture: a wrong endpoint (an
    empty pywb collection answers 200 and no rows) looks just like that. References
    with nothing to look up (no domain, a generic source, a date too vague to search)
    or whose lookup failed count neither way."""
    found = sum(summary.verdicts.get(v, 0) for v in FOUND)
    looked_up = found + summary.verdicts.get("no-captures", 0)
    if looked_up >= NOTHING_FOUND_FROM and not found:
        LOGGER.warning(
            "none of the %d references checked has a capture in the archive: if its "
            "endpoint was wrong, put it right and check again (they are checked anew)",
            looked_up,
        )


def _write_reports(settings: Settings, db: Any) -> list[tuple[str, str]]:
    """Rewrite the reports a check's verdicts made older; ``(path, cause)`` of those that
    could not be written, said after the check's summary line."""
    from .. import pipeline

    try:
        pipeline.write_reports(db, settings, only=())
    except ReportWriteError as exc:
        return exc.problems
    return []


def _run_check(
    ctx: click.Context, settings: Settings, db: Any, documents: list[int] | None = None
) -> None:
    """Run the archive check (of the references of ``documents``, all when None),
    rewrite the reports and print the summary line."""
    from ..archive import run as check_stage

    with progress_bar("checking") as progress:
        summary = check_stage.run_check(
            db,
            settings,
            progress=progress,
            document_ids=documents,
            on_plan=lambda refs, queries, pages: notice(
                ctx, plan_line(settings, refs, queries, pages)
            ),
        )
    not_written = _write_reports(settings, db)  # the verdicts are stored all the same
    notice(ctx, f"checked: {summary}")
    for count, cause in summary.causes:  # each cause once, however many references it hit
        click.echo(f"{plural(count, 'lookup')} failed: {cause}", err=True)
    warn_all(ctx, unwritten(not_written), logging.ERROR)  # the next run writes them
    if summary.not_cached:
        notice(
            ctx,
            f"offline: {plural(summary.not_cached, 'reference')} not checked, nothing cached "
            "for them; run without --offline to look them up",
        )
    if summary.interrupted:
        ctx.exit(130)
    _warn_if_nothing_found(summary)
    errors = summary.verdicts.get("error", 0)
    if summary.checked and errors >= settings.outage_ratio * summary.checked:
        cause = (
            "--offline and not in the cache"
            if settings.offline
            else "the archive or the network looks down"
        )
        LOGGER.error(  # an error: shown even with -q, it says why the run exits 4
            "%d of %d lookups failed (%s); those references stay `error` and are retried next run",
            errors,
            summary.checked,
            cause,
        )
        ctx.exit(EXIT_OUTAGE)
    if not_written:
        ctx.exit(EXIT_ERROR)
