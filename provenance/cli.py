"""The click command line: thin commands over the library in pipeline.py.

Exit codes: 0 success; 1 unexpected error; 2 scan: nothing could be scanned (or
any failure with --strict), linkcheck: links newly broken, or a usage error;
3 configuration error; 4 check/linkcheck: the run looked like a network or
archive outage; 5 another run kept the database locked past db_timeout; 130 Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import console
from .config import HELP, VERSION, Settings, load_settings
from .errors import ConfigError, DatabaseBusyError, ProvenanceError

# pipeline and store (sqlite_utils, lxml, yaml, every stage) are imported inside the
# commands that use them, so --version and --help start about as fast as Python does.

LOGGER = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_FAILED, EXIT_CONFIG, EXIT_OUTAGE, EXIT_BUSY = 0, 1, 2, 3, 4, 5


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` (also PROVENANCE_DB)."""
    return click.option("--db", metavar="PATH", help=HELP["db"] + " [default: db/provenance.db]")(
        fn
    )


def reports_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--reports DIR`` (also PROVENANCE_REPORTS)."""
    return click.option("--reports", metavar="DIR", help=HELP["reports"] + " [default: reports]")(
        fn
    )


def check_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The archive options shared by ``check`` and ``scan --check``."""
    options = [
        click.option("--cdx-url", metavar="URL", help=HELP["cdx_url"]),
        click.option("--replay-url", metavar="URL", help=HELP["replay_url"]),
        click.option("--memento-url", metavar="URL", help=HELP["memento_url"]),
        click.option("--archives", metavar="LIST", help=HELP["archives"]),
        click.option(
            "--window-before",
            "window_before_days",
            type=int,
            metavar="DAYS",
            help=HELP["window_before_days"],
        ),
        click.option(
            "--window-after",
            "window_after_days",
            type=int,
            metavar="DAYS",
            help=HELP["window_after_days"],
        ),
        click.option("--content-check", is_flag=True, default=None, help=HELP["content_check"]),
        click.option("--max-requests", type=int, metavar="N", help=HELP["max_requests"]),
        click.option("--refresh", is_flag=True, default=None, help=HELP["refresh"]),
        click.option("--offline", is_flag=True, default=None, help=HELP["offline"]),
        *guard_options(),
    ]
    return functools.reduce(lambda f, opt: opt(f), reversed(options), fn)


def guard_options() -> list[Callable[..., Any]]:
    """``--allow-private``, ``--allow-host HOST[:PORT]`` and ``--allow-net CIDR`` (repeatable)."""
    return [
        click.option("--allow-private", is_flag=True, default=None, help=HELP["allow_private"]),
        click.option(
            "--allow-host",
            "allow_hosts",
            multiple=True,
            metavar="HOST[:PORT]",
            help=HELP["allow_hosts"],
        ),
        click.option(
            "--allow-net", "allow_nets", multiple=True, metavar="CIDR", help=HELP["allow_nets"]
        ),
    ]


def _apply(options: list[Callable[..., Any]]) -> Callable[..., Any]:
    """A decorator applying several click options in order."""
    return lambda fn: functools.reduce(lambda f, opt: opt(f), reversed(options), fn)


def make_settings(**overrides: Any) -> Settings:
    """Settings from defaults, config file, environment and these flag values
    (a repeatable flag given no times leaves the setting as configured)."""
    return load_settings({k: (v if v != () else None) for k, v in overrides.items()})


def _locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked": another run held it past db_timeout."""
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class ProvenanceGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_CONFIG)
        except DatabaseBusyError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_BUSY)
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise
            click.echo(
                "error: database busy: another provenance run held it for longer than "
                "db_timeout; finished work is stored, run again when it ends",
                err=True,
            )
            ctx.exit(EXIT_BUSY)
        except ProvenanceError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("interrupted: finished work is stored; run again to resume", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `provenance export | head`: the reader has all it wants
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            ctx.exit(0)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int, item: str) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.group(cls=ProvenanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="provenance")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Find, check and report the sources behind a document's claims.

    \b
    Example:
        provenance scan seeds/
        provenance check
        provenance export --format csv > references.csv
    """
    setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet, "verbose": verbose}
    _sigterm_as_interrupt(ctx)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _sigterm_as_interrupt(ctx: click.Context) -> None:
    """SIGTERM ends a command as Ctrl-C does: finished work stays stored, exit 130."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    ctx.call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


def setup_logging(verbose: int, quiet: bool) -> None:
    """The one place verbosity is decided: every message of a run goes through logging.

    ``-q``: errors only. Default: warnings (each once) and the summary line (NOTICE).
    ``-v``: also one line per document, reference or URL (INFO), and every warning of
    a flood. ``-vv``: debug output.
    """
    console.install(console.level_for(verbose, quiet))


plural = console.plural


def _open_db(settings: Settings, *, create: bool = True) -> Any:
    """The run's database, waiting up to ``db_timeout`` for another run's write."""
    from .store import scans as store

    return store.open_db(settings.db, create=create, timeout=settings.db_timeout)


def _echo(ctx: click.Context, message: str) -> None:
    """A summary line: shown by default, hidden by -q."""
    LOGGER.log(console.NOTICE, message)


def _warn_all(ctx: click.Context, warnings: list[tuple[str, str]]) -> None:
    """Print ``(path, message)`` warnings, floods collapsed unless -v."""
    for line in console.collapse(warnings, verbose=ctx.obj.get("verbose", 0) > 0):
        LOGGER.warning("%s", line)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
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
@click.option("--check", "then_check", is_flag=True, help="Run `provenance check` afterwards.")
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
    from . import pipeline

    settings = make_settings(**flags)
    db = _open_db(settings)
    with progress_bar("scanning") as progress:
        summary = pipeline.scan(
            paths,
            settings,
            published=published.date() if published else None,
            db=db,
            progress=progress,
            write=not then_check,
        )
    _warn_all(ctx, summary.warnings)
    _echo(
        ctx,
        (
            f"scanned {plural(summary.scanned, 'document')} ({summary.unchanged} unchanged, "
            f"{summary.failed} failed, {summary.skipped} skipped): "
            f"{plural(summary.claims, 'claim')}, {plural(summary.citations, 'citation')}, "
            f"{plural(summary.references, 'reference')} -> {console.display_path(settings.db)}"
            + (f"; removed {len(summary.removed)} whose files are gone" if summary.removed else "")
        ),
    )
    if summary.scanned + summary.unchanged == 0 or (settings.strict and summary.failed):
        ctx.exit(EXIT_FAILED)
    if then_check:
        _run_check(ctx, settings, db)


@cli.command()
@db_option
@reports_option
@check_options
@click.pass_context
def check(ctx: click.Context, **flags: Any) -> None:
    """Find each cited source in web archives and verify it against the claim.

    \b
    Example:
        provenance check
        provenance check --cdx-url http://127.0.0.1:8080/my-coll/cdx \\
                         --replay-url http://127.0.0.1:8080/my-coll
        provenance check --offline
    """

    settings = make_settings(**flags)
    _run_check(ctx, settings, _open_db(settings, create=False))


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
    from .archive.sources import fetch_settings, primary_settings
    from .net.fetch import host_key, interval_for  # imports requests: only when checking

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


def _run_check(ctx: click.Context, settings: Settings, db: Any) -> None:
    """Run the archive check, rewrite the reports and print the summary line."""
    from . import pipeline
    from .archive import run as check_stage

    with progress_bar("checking") as progress:
        summary = check_stage.run_check(
            db,
            settings,
            progress=progress,
            on_plan=lambda refs, queries, pages: _echo(
                ctx, plan_line(settings, refs, queries, pages)
            ),
        )
    pipeline.write_reports(db, settings)
    _echo(ctx, f"checked: {summary}")
    for count, cause in summary.causes:  # each cause once, however many references it hit
        click.echo(f"{plural(count, 'lookup')} failed: {cause}", err=True)
    if summary.not_cached:
        _echo(
            ctx,
            f"offline: {plural(summary.not_cached, 'reference')} not checked, nothing cached "
            "for them; run without --offline to look them up",
        )
    if summary.interrupted:
        ctx.exit(130)
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


@cli.command()
@db_option
@reports_option
@click.pass_context
def report(ctx: click.Context, **flags: Any) -> None:
    """Rewrite every Markdown report (and reports/index.md) from the database.

    \b
    Example:
        provenance report --reports /tmp/reports
    """
    from . import pipeline

    settings = make_settings(**flags)
    paths = pipeline.write_reports(_open_db(settings, create=False), settings)
    _echo(ctx, f"wrote {plural(len(paths), 'report')} to {console.display_path(settings.reports)}/")


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file [default: stdout].",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Any, **flags: Any) -> None:
    """Export one record per reference as JSON, JSON Lines or CSV.

    \b
    Example:
        provenance export --format csv -o references.csv
        provenance export --format jsonl | jq .outlet_name
    """
    from . import pipeline

    settings = make_settings(**flags)
    count = pipeline.export_references(_open_db(settings, create=False), fmt, output)
    _echo(ctx, f"exported {plural(count, 'reference')}")


@cli.command()
@db_option
@reports_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Both write reports/linkcheck-DATE.md; json also prints one record per URL.",
)
@_apply(guard_options())
@click.option("--cdx-url", metavar="URL", help=HELP["cdx_url"] + " Replacement suggestions.")
@click.option("--replay-url", metavar="URL", help=HELP["replay_url"])
@click.option("--memento-url", metavar="URL", help=HELP["memento_url"])
@click.option("--offline", is_flag=True, default=None, help=HELP["offline_links"])
@click.option("--no-archive", is_flag=True, default=None, help=HELP["no_archive"])
@click.option("--dead-after", type=int, metavar="N", help=HELP["dead_after"] + " [default: 3]")
@click.option("--dead-days", type=int, metavar="D", help=HELP["dead_days"] + " [default: 3]")
@click.option(
    "--save",
    "then_save",
    is_flag=True,
    help="Then submit alive, unarchived cited URLs to Save Page Now (see `provenance save`).",
)
@click.option("--save-days", type=int, metavar="N", help=HELP["save_days"] + " [default: 30]")
@click.option(
    "--fail-on",
    type=click.Choice(["new", "any", "never"]),
    default=None,
    help=HELP["fail_on"] + " [default: new]",
)
@click.pass_context
def linkcheck(ctx: click.Context, fmt: str, then_save: bool, **flags: Any) -> None:
    """Re-check every known URL, keep the history and report what broke.

    \b
    Example:
        provenance linkcheck
        provenance linkcheck --format json --fail-on any
    """
    import json

    from .links import run as linkcheck_stage  # the link-check stage owns this command's body
    from .report.links import json_records

    settings = make_settings(**flags)
    db = _open_db(settings, create=False)
    try:
        with progress_bar("checking links") as progress:
            summary = linkcheck_stage.run_linkcheck(db, settings, progress=progress)
        path = linkcheck_stage.write_report(summary, settings.reports)
    except (ProvenanceError, KeyboardInterrupt):
        raise  # one-line message (exit 1) or "interrupted" (130) from the group
    except Exception as exc:  # noqa: BLE001 - a nightly job needs exit 1, not a traceback only
        if _locked(exc):
            raise  # "database busy" (exit 5) from the group
        LOGGER.exception("linkcheck failed")
        click.echo(f"error: linkcheck failed: {exc}", err=True)
        ctx.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps(json_records(summary), indent=2, ensure_ascii=False))
    outage = " NETWORK OUTAGE: nothing marked dead;" if summary.outage else ""
    if summary.outage:  # an error, shown even with -q: a scheduler's log should say why
        LOGGER.error(
            "%d of %d checks failed at the transport level: the network looks down, so no "
            "link was marked dead",
            summary.transport_failures,
            summary.network_checks,
        )
    _echo(
        ctx,
        (
            f"linkcheck:{outage} {summary.total} URLs, {summary.checked} checked, "
            f"{len(summary.newly_broken)} newly broken, {len(summary.recovered)} recovered "
            f"({_counts(summary)}) -> {console.display_path(path)}"
        ),
    )
    if then_save and not summary.outage:
        _run_save(ctx, settings, db)
    ctx.exit(linkcheck_stage.exit_code(summary, settings.fail_on))


def _run_save(ctx: click.Context, settings: Settings, db: Any) -> None:
    """Submit to Save Page Now 2 and print its one summary line."""
    from .links.save import save_urls

    summary = save_urls(db, settings)
    if summary.skipped or summary.stopped:
        click.echo(str(summary), err=True)  # shown even with -q: it explains what was not done
    else:
        _echo(ctx, str(summary))


@cli.command()
@db_option
@click.option("--save-days", type=int, metavar="N", help=HELP["save_days"] + " [default: 30]")
@click.option("--spn-url", metavar="URL", help=HELP["spn_url"])
@click.option("--cdx-url", metavar="URL", help=HELP["cdx_url"])
@click.pass_context
def save(ctx: click.Context, **flags: Any) -> None:
    """Submit cited URLs that are alive and unarchived to the Internet Archive's Save Page Now.

    A URL is submitted when its latest link check found it alive, the CDX archive has no
    capture within --save-days of its cited date, and it was not saved in the last
    --save-days days. Needs IA_ACCESS_KEY and IA_SECRET_KEY (archive.org/account/s3.php);
    without them nothing is submitted. The new captures are recorded as the URLs'
    archived copies.

    \b
    Example:
        IA_ACCESS_KEY=... IA_SECRET_KEY=... provenance save --save-days 30
    """
    from .store import scans as store

    settings = make_settings(**flags)
    _run_save(ctx, settings, store.open_db(settings.db, create=False))


def _counts(summary: Any) -> str:
    """``alive 3, dead 1, unchecked 2``: verdict counts of a link-check run."""
    parts = [f"{k} {v}" for k, v in summary.counts.items()]
    unchecked = sum(1 for s in summary.links if s.verdict is None)
    if unchecked:
        parts.append(f"{unchecked} without a verdict yet")
    return ", ".join(parts) or "nothing checked"


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown (for a job summary or a PR comment) or JSON.",
)
@click.option(
    "--since",
    metavar="REF",
    help="Only documents changed since this git ref, and only the findings they add.",
)
@click.option("--limit", type=int, default=50, show_default=True, help="Markdown rows per section.")
@click.pass_context
def summary(ctx: click.Context, fmt: str, since: str | None, limit: int, **flags: Any) -> None:
    """Print the findings summary of the stored documents: uncited checkable claims,
    single-source and state-media-only claims, unknown outlets, date anomalies.

    \b
    Example:
        provenance summary
        provenance summary --since origin/main --format json
    """
    import json

    from .report.summary import render_summary, summary_json
    from .review import findings_summary
    from .store import scans as store

    settings = make_settings(**flags)
    found = findings_summary(store.open_db(settings.db, create=False), since)
    if fmt == "json":
        click.echo(json.dumps(summary_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(render_summary(found, limit=limit), nl=False)


@cli.command()
@db_option
@click.pass_context
def schema(ctx: click.Context, **flags: Any) -> None:
    """Print the database schema (the SQL of the migrated tables and indexes).

    \b
    Example:
        provenance schema > db/schema.sql
    """
    from .store import scans as store

    settings = make_settings(**flags)
    path = settings.db if Path(settings.db).is_file() else ":memory:"  # never create one
    click.echo(store.schema_sql(store.open_db(path)), nl=False)
