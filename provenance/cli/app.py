"""The click group: logging by verbosity, Ctrl-C and SIGTERM, errors as exit codes.

Exit codes: 0 success; 1 unexpected error; 2 scan: nothing could be scanned (or
any failure with --strict), linkcheck: links newly broken, or a usage error;
3 configuration error; 4 check/linkcheck: the run looked like a network or
archive outage; 5 another run kept the database locked past db_timeout; 130 Ctrl-C.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from .. import console
from ..config import VERSION, Settings
from ..errors import ConfigError, DatabaseBusyError, ProvenanceError, ReportWriteError
from .options import make_settings

LOGGER = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_FAILED, EXIT_CONFIG, EXIT_OUTAGE, EXIT_BUSY = 0, 1, 2, 3, 4, 5


def is_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked": another run held it past db_timeout.

    ``sqlite3`` is looked up, not imported: a run that never loaded it (``--version``,
    ``--help``) has no SQLite error to look at, and starts 2 ms sooner without it."""
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is None or not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc)
    return "locked" in text or "busy" in text


VERBOSITY_FLAG = re.compile(r"-q|-v+|--quiet|--verbose")


class ProvenanceGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``provenance scan -q`` works as ``provenance -q scan``: the verbosity flags are
        the group's wherever they are written (up to a ``--``)."""
        end = args.index("--") if "--" in args else len(args)
        flags = [a for a in args[:end] if VERBOSITY_FLAG.fullmatch(a)]
        rest = [a for a in args[:end] if not VERBOSITY_FLAG.fullmatch(a)]
        return super().parse_args(ctx, flags + rest + args[end:])

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_CONFIG)
        except DatabaseBusyError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_BUSY)
        except ReportWriteError as exc:  # one line a report, floods collapsed
            warn_all(ctx, unwritten(exc.problems), logging.ERROR)
            ctx.exit(EXIT_ERROR)
        except ProvenanceError as exc:
            click.echo(f"error: {console.relative(str(exc))}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("interrupted: finished work is stored; run again to resume", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `provenance export | head`: the reader has all it wants
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            ctx.exit(0)
        except Exception as exc:  # SQLite's "database is locked" (see is_locked)
            if not is_locked(exc):
                raise
            click.echo(
                "error: database busy: another provenance run held it for longer than "
                "db_timeout; finished work is stored, run again when it ends",
                err=True,
            )
            ctx.exit(EXIT_BUSY)


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


def open_db(settings: Settings, *, create: bool = True) -> Any:
    """The run's database, waiting up to ``db_timeout`` for another run's write."""
    from ..store import scans as store

    return store.open_db(settings.db, create=create, timeout=settings.db_timeout)


def open_run(flags: dict[str, Any], *, create: bool = True) -> tuple[Settings, Any]:
    """The run's settings and database. Unless ``--reports`` or PROVENANCE_REPORTS says
    otherwise, the reports go where the database's last scan wrote them, before a config
    file's project default: ``scan --db /tmp/p.db --reports /tmp/r`` and then ``check --db
    /tmp/p.db`` update /tmp/r, not the ./reports of another database."""
    from ..store import meta

    given: set[str] = set()
    settings = make_settings(given, **flags)
    db = open_db(settings, create=create)
    if "reports" not in given:
        folder = meta.remembered_reports(db, settings.db)
        if folder is not None:
            settings = dataclasses.replace(settings, reports=folder)
    return settings, db


def documents_of(ctx: click.Context, db: Any, paths: tuple[str, ...]) -> list[int] | None:
    """The stored documents at ``paths`` (None: no paths, every document); one error line
    per path that holds none, and exit 2 when none holds any."""
    if not paths:
        return None
    from .. import pipeline

    documents, problems = pipeline.documents_at(db, paths)
    for line in problems:
        LOGGER.error("%s", line)
    if not documents:
        ctx.exit(EXIT_FAILED)
    return documents


def notice(ctx: click.Context, message: str) -> None:
    """A summary line: shown by default, hidden by -q."""
    LOGGER.log(console.NOTICE, message)


def warn_all(
    ctx: click.Context, warnings: list[tuple[str, str]], level: int = logging.WARNING
) -> None:
    """Print ``(path, message)`` warnings (or errors), floods collapsed unless -v."""
    for line in console.collapse(warnings, verbose=ctx.obj.get("verbose", 0) > 0):
        LOGGER.log(level, "%s", line)


def unwritten(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(report, "cannot write the report (<cause>)")`` of each report that could not be
    written (``ReportWriteError.problems``), as ``warn_all`` prints them."""
    return [(path, ReportWriteError.problem(why)) for path, why in problems]
