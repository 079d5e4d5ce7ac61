"""``linkcheck`` and ``save``: the nightly link check and Save Page Now submissions."""

from __future__ import annotations

import logging
from typing import Any

import click

from .. import console
from ..config import HELP, Settings
from ..errors import ProvenanceError, ReportWriteError
from .app import (
    EXIT_CONFIG,
    EXIT_ERROR,
    EXIT_OUTAGE,
    cli,
    is_locked,
    notice,
    open_db,
    open_run,
    progress_bar,
    unwritten,
    warn_all,
)
from .options import (
    apply_options,
    db_option,
    format_option,
    guard_options,
    make_settings,
    reports_option,
)

LOGGER = logging.getLogger(__name__)


@cli.command()
@db_option
@reports_option
@format_option(
    "md",
    "json",
    help="Both write reports/linkcheck-DATE.md; json also prints one record per URL.",
)
@apply_options(guard_options())
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

    from ..links import run as linkcheck_stage  # the link-check stage owns this command's body
    from ..report.links import json_records
    from ..store import files

    settings, db = open_run(flags, create=False)
    # Its report goes there: a folder it cannot write in is said before the run, not after
    # it, when the run would be the next one's baseline and its news told to nobody.
    files.writable_folder(settings.reports)
    try:
        with progress_bar("checking links") as progress:
            summary = linkcheck_stage.run_linkcheck(
                db, settings, progress=progress, report_to=settings.reports
            )
    except ReportWriteError as exc:
        warn_all(ctx, unwritten(exc.problems), logging.ERROR)
        LOGGER.error(
            "the run is stored unfinished: `provenance linkcheck` again today writes its "
            "report (and asks again only the URLs whose check failed at the network level)"
        )
        ctx.exit(EXIT_ERROR)
    except (ProvenanceError, KeyboardInterrupt):
        raise  # one-line message (exit 1) or "interrupted" (130) from the group
    except Exception as exc:  # noqa: BLE001 - a nightly job needs exit 1, not a traceback only
        if is_locked(exc):
            raise  # "database busy" (exit 5) from the group
        LOGGER.exception("linkcheck failed")
        click.echo(f"error: linkcheck failed: {exc}", err=True)
        ctx.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(json.dumps(json_records(summary), indent=2, ensure_ascii=False))
    _say(ctx, summary, summary.report_path)
    code = linkcheck_stage.exit_code(summary, settings.fail_on)
    if then_save and not summary.outage:
        saved = _run_save(ctx, settings, db)
        # Newly broken links (2) outrank a save that stopped: a scheduler alerts on 2, and
        # the next night those links are no longer new. The save's line still says why.
        code = code or saved
    ctx.exit(code)


def _say(ctx: click.Context, summary: Any, path: Any) -> None:
    """The run's one summary line, after an error line when it was a network outage."""
    outage = " NETWORK OUTAGE: nothing marked dead;" if summary.outage else ""
    if summary.outage:  # an error, shown even with -q: a scheduler's log should say why
        LOGGER.error(
            "%d of %d checks failed at the transport level: the network looks down, so no "
            "link was marked dead",
            summary.transport_failures,
            summary.network_checks,
        )
    notice(
        ctx,
        (
            f"linkcheck:{outage} {summary.total} URLs, {summary.checked} checked, "
            f"{len(summary.newly_broken)} newly broken, {len(summary.recovered)} recovered "
            f"({_counts(summary)}) -> {console.display_path(path)}"
        ),
    )


def _run_save(ctx: click.Context, settings: Settings, db: Any) -> int:
    """Submit to Save Page Now 2 and print its one summary line; returns its exit code."""
    from ..links.save import save_urls

    summary = save_urls(db, settings)
    if summary.skipped or summary.stopped:
        click.echo(str(summary), err=True)  # shown even with -q: it explains what was not done
    else:
        notice(ctx, str(summary))
    if summary.stop_kind == "keys":  # refused keys: a configuration to put right
        return EXIT_CONFIG
    if summary.stop_kind == "network":  # Save Page Now could not be reached
        return EXIT_OUTAGE
    return 0


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
    settings = make_settings(**flags)
    ctx.exit(_run_save(ctx, settings, open_db(settings, create=False)))  # waits db_timeout


def _counts(summary: Any) -> str:
    """``alive 3, dead 1, unchecked 2``: verdict counts of a link-check run."""
    parts = [f"{k} {v}" for k, v in summary.counts.items()]
    unchecked = sum(1 for s in summary.links if s.verdict is None)
    if unchecked:
        parts.append(f"{unchecked} without a verdict yet")
    return ", ".join(parts) or "nothing checked"
