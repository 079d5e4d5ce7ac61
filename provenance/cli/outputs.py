"""``report``, ``export``, ``summary``, ``schema`` and ``outlet``: what the database and
the outlet registry hold, written out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import console
from ..errors import ReportWriteError
from .app import EXIT_FAILED, cli, documents_of, notice, open_db, open_run, plural
from .options import db_option, format_option, make_settings, reports_option


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
    from .. import pipeline

    settings, db = open_run(flags, create=False)
    written: list[tuple[str, bool]] = []
    try:
        written.extend(pipeline.reports_written(db, settings))
    except ReportWriteError as exc:  # every other report was written: say so, then which not
        _say_reports(ctx, settings, written, len(exc.problems))
        raise
    _say_reports(ctx, settings, written, 0)


def _say_reports(
    ctx: click.Context, settings: Any, written: list[tuple[str, bool]], failed: int
) -> None:
    """The summary line of ``report``: ``written`` holds ``(path, changed)`` of each file
    written or found unchanged, and ``failed`` files (index.md among either) were not."""
    changed = [c for _, c in written]
    reports = len(written) + failed - 1  # index.md, written or not, is one of them
    notice(
        ctx,
        f"{console.display_path(settings.reports)}/: {plural(reports, 'report')} and index.md,"
        f" {changed.count(True)} rewritten, {changed.count(False)} unchanged"
        + (f", {failed} not written" if failed else ""),
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@format_option("json", "jsonl", "csv")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file [default: stdout].",
)
@click.pass_context
def export(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Any, **flags: Any) -> None:
    """Export one record per reference as JSON, JSON Lines or CSV: of every stored
    document, or with PATHS (files or folders, as given to `scan`) of those there.

    \b
    Example:
        provenance export --format csv -o references.csv
        provenance export seeds/000_f0a8ddd99eaae0a6.txt --format csv
        provenance export --format jsonl | jq .outlet_name
    """
    from .. import pipeline
    from ..scan.outlets.resolve import registry_for

    settings = make_settings(**flags)
    db = open_db(settings, create=False)
    documents = documents_of(ctx, db, paths)
    registry = registry_for(settings)  # the user's own outlets are placed here too
    count = pipeline.export_references(db, fmt, output, documents, registry)
    notice(ctx, f"exported {plural(count, 'reference')}")


@cli.command()
@db_option
@format_option("md", "json", help="Markdown (for a job summary or a PR comment) or JSON.")
@click.option(
    "--since",
    metavar="REF",
    help="Only documents changed since this git ref, and only the findings they add.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Markdown rows per section (0: all).",
)
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

    from ..report.summary import render_summary, summary_json
    from ..review import findings_summary
    from ..scan.outlets.resolve import registry_for

    settings = make_settings(**flags)
    db = open_db(settings, create=False)
    found = findings_summary(db, since, registry=registry_for(settings))
    if fmt == "json":
        click.echo(json.dumps(summary_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(render_summary(found, limit=limit or None), nl=False)


@cli.command()
@db_option
@click.pass_context
def schema(ctx: click.Context, **flags: Any) -> None:
    """Print the database schema (the SQL of the migrated tables and indexes).

    \b
    Example:
        provenance schema > db/schema.sql
    """
    from ..store import scans as store

    settings = make_settings(**flags)
    path = settings.db if Path(settings.db).is_file() else ":memory:"  # never create one
    click.echo(store.schema_sql(store.open_db(path)), nl=False)


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--date",
    "when",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The cited date (YYYY-MM-DD): picks the domain the outlet used then.",
)
@format_option("text", "json")
@db_option
@click.pass_context
def outlet(ctx: click.Context, names: tuple[str, ...], when: Any, fmt: str, **flags: Any) -> None:
    """Show how outlet NAMES resolve in the registry (your outlets.local.json included):
    the entry, how it matched, the domain the check searches, and its sources. Exit 2
    when a name is not in the registry.

    \b
    Example:
        provenance outlet "RFE/RL's Russian Service" News.tj --date 2016-10-20
        provenance outlet "Mongolia's Defense Ministry" --format json
    """
    import json

    from ..report.outlets import describe, record
    from ..scan.accounts import written_address
    from ..scan.outlets.resolve import LOCAL_OVERRIDE, registry_for

    settings = make_settings(**flags)
    day = when.date() if when else None
    registry = registry_for(settings)
    found = [registry.resolve(n, url=written_address(n), when=day) for n in names]
    unknown = [r.written for r in found if r.outlet is None]
    close = _close_outlets(registry, unknown) if unknown else {}
    if fmt == "json":
        records = [record(r, day, close.get(r.written, [])) for r in found]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for res in found:
            parent = registry.get(res.outlet.parent) if res.outlet and res.outlet.parent else None
            click.echo("\n".join(describe(res, day, parent, close.get(res.written, []))))
    if any(r.outlet is None for r in found):
        local = console.display_path(Path(settings.db).parent / LOCAL_OVERRIDE)
        notice(ctx, f"to add an outlet, put its entry in {local} (README: Outlet registry)")
        ctx.exit(EXIT_FAILED)


def _close_outlets(registry: Any, unknown: list[str]) -> dict[str, list[Any]]:
    """For each name of ``unknown``, the outlets whose names are closest (a typo, another
    spelling): "Kazinfrom" is close to Kazinform."""
    from ..scan.outlets.names import close_names, normalise_name

    named = {normalise_name(n): o for o in registry for n in (*o.aliases, o.name)}
    return {
        written: list({named[k].id: named[k] for k in close_names(written, named)}.values())
        for written in unknown
    }
