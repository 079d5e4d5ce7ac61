"""The link-check report (reports/linkcheck-YYYY-MM-DD.md) and the --format json records."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from ..models import LinkRunSummary, LinkStatus, LinkVerdict
from .markdown import code_span, escape_md, md_link, mermaid_label, table
from .pictures import count_axis_top

LOGGER = logging.getLogger(__name__)

UNCHECKED = "unchecked"  # shown for a URL with no check outside outage runs (verdict None)
CLAIMS_SHOWN = 10  # claims listed per newly broken link before "and N more"
CLAIM_CHARS = 160
TREND_SERIES = (  # (legend, verdicts summed, colour), drawn as lines in this order
    ("ok", ("alive", "redirected"), ("green", "#1a7f37")),
    ("failing", ("failing",), ("amber", "#bf8700")),
    ("broken", ("dead", "soft-404"), ("red", "#cf222e")),
    ("blocked or error", ("blocked", "error"), ("grey", "#6e7781")),
)
KIND_LABELS = {
    "citation": "cited URL",
    "source": "source found by check",
    "archive": "archive capture",
    "outlet-home": "outlet home page",
    "document": "document URL",
    "document-original": "original of the document",
}


def report_date(summary: LinkRunSummary) -> str:
    """The run's UTC date, used in the report's title and file name."""
    return summary.started_at.astimezone(dt.UTC).date().isoformat()


def verdict_label(status: LinkStatus) -> str:
    """The verdict as shown: its value, or "unchecked" when the URL has none yet."""
    return status.verdict.value if status.verdict is not None else UNCHECKED


def render_linkcheck_report(summary: LinkRunSummary) -> str:
    """The Markdown report of one run: what broke, what recovered, what is still dead, the trend.

    Every document-derived string goes through ``markdown`` escaping; the body has
    dates but no clock times, and a stable (URL) order, so reports diff cleanly.

    Args:
        summary: the finished run from ``links.run.run_linkcheck``.

    Returns:
        Markdown text ending with a newline.
    """
    lines = [f"# Link check, {report_date(summary)}", ""]
    lines += _overview(summary)
    lines += _newly_broken(summary.newly_broken, first=len(summary.trend) <= 1)
    lines += _recovered(summary.recovered)
    still = [s for s in summary.links if s.broken and not s.newly_broken]
    lines += _still_broken(still)
    lines += _simple_section(
        "Failing, not yet dead",
        [s for s in summary.links if s.verdict is LinkVerdict.FAILING],
        _dead_rule(summary.dead_after, summary.dead_days),
    )
    lines += _redirected([s for s in summary.links if s.verdict is LinkVerdict.REDIRECTED])
    lines += _simple_section(
        "Blocked or not checked",
        [s for s in summary.links if s.verdict in (LinkVerdict.BLOCKED, LinkVerdict.ERROR, None)],
        "Blocked: 401/403/429 from a bot wall or login, a redirect to a login page, or a 503 "
        "whose Retry-After says the site is down for a while: none says anything about the page. "
        "Error: refused before any request (private address, invalid URL). "
        "Unchecked: no check yet outside a network outage (or deferred by Retry-After); "
        "the last answer is that of the latest check.",
    )
    lines += _trend(summary.trend)
    return "\n".join(lines).rstrip("\n") + "\n"


def _overview(summary: LinkRunSummary) -> list[str]:
    resumed = " (resumed after an interruption)" if summary.resumed else ""
    lines = [
        f"Run {summary.run_id}{resumed}: {summary.total} URLs known, {summary.checked} checked "
        f"now, {summary.skipped} already checked earlier in this run, {summary.deferred} "
        "deferred by Retry-After.",
        "",
    ]
    if summary.outage:
        lines += [
            f"> **Network outage.** {summary.transport_failures} of {summary.network_checks} "
            "checks failed at transport level (DNS, connection, TLS, timeout). The network is "
            "probably down rather than the links: nothing was marked dead or recovered, and the "
            "verdicts below are those from before this run (unchecked: none before it).",
            "",
        ]
    unchecked = sum(s.verdict is None for s in summary.links)
    rows = [[v.value, str(summary.counts.get(v.value, 0))] for v in LinkVerdict]
    rows += [[UNCHECKED, str(unchecked)], ["**Total**", f"**{summary.total}**"]]
    lines += table(["Verdict", "URLs"], rows, "lr") + [""]
    lines.append(f"Newly broken: {len(summary.newly_broken)}. Recovered: {len(summary.recovered)}.")
    return lines + [""]


def _status_line(status: LinkStatus) -> str:
    """``dead: HTTP 404, 4 failures since 2016-11-17`` for one link."""
    last = status.last
    detail = (last.reason or last.error_kind or "") if last else ""
    parts = [f"**{verdict_label(status)}**"]
    if detail:
        parts.append(escape_md(detail))
    if status.consecutive_failures:
        since = status.first_failed_at.date().isoformat() if status.first_failed_at else "?"
        failures = status.consecutive_failures
        many = f"{failures} consecutive failures" if failures > 1 else "1 failure"
        parts.append(f"{many} since {since}")
    return ", ".join(parts)


def _suggestions(status: LinkStatus) -> list[str]:
    out = []
    if status.replacement_url:
        out.append(f"- Archived copy: {md_link(status.replacement_url)}")
    if status.moved_to:
        out.append(
            f"- The outlet moved to {code_span(status.moved_to)}: "
            f"{md_link('https://' + status.moved_to + '/')}"
        )
    return out


def _dead_rule(after: int, days: int) -> str:
    """When a link counts as dead, as ``links.verdicts`` decides it."""
    if after <= 1:
        return "A link is dead at its first failure (`--dead-after 1`)."
    spread = f" spread over at least {days} days" if days > 0 else ""
    return f"A link is dead after {after} consecutive failures{spread}; until then it is failing."


def _uses(status: LinkStatus) -> list[str]:
    """Bullets naming the claims and documents that lose a source."""
    claims = {}
    for use in status.uses:
        if use.claim_id is not None:
            claims.setdefault(use.claim_id, use)
    documents = sorted({u.document for u in status.uses if u.document})
    kinds = sorted({KIND_LABELS.get(u.kind, u.kind) for u in status.uses})
    lines = [f"- Used as: {escape_md(', '.join(kinds))}"]
    if documents:
        lines.append("- Documents: " + ", ".join(code_span(d) for d in documents))
    for claim_id in sorted(claims)[:CLAIMS_SHOWN]:
        use = claims[claim_id]
        text = (use.claim_text or "").strip()
        if len(text) > CLAIM_CHARS:
            text = text[: CLAIM_CHARS - 1].rstrip() + "…"
        number = use.claim_number or claim_id  # as the document's report numbers it
        lines.append(f"  - claim {number} ({code_span(use.document)}): {escape_md(text)}")
    if len(claims) > CLAIMS_SHOWN:
        lines.append(f"  - and {len(claims) - CLAIMS_SHOWN} more claims")
    return lines


def _newly_broken(links: list[LinkStatus], first: bool = False) -> list[str]:
    lines = [f"## Newly broken ({len(links)})", ""]
    if not links:
        said = "Nothing is broken (the first run: no earlier one to compare with)."
        return lines + [said if first else "Nothing broke since the last run.", ""]
    for status in links:
        lines += [f"### {code_span(status.url)}", "", _status_line(status), ""]
        lines += _suggestions(status) + _uses(status) + [""]
    return lines


def _recovered(links: list[LinkStatus]) -> list[str]:
    lines = [f"## Recovered ({len(links)})", ""]
    if not links:
        return lines + ["None.", ""]
    rows = [
        [
            md_link(s.url, in_table=True),
            s.previous.value if s.previous else "—",
            verdict_label(s),
            str(s.last.http_status or "—") if s.last else "—",
        ]
        for s in links
    ]
    return lines + table(["URL", "Was", "Now", "HTTP"], rows) + [""]


def _still_broken(links: list[LinkStatus]) -> list[str]:
    lines = [f"## Still broken ({len(links)})", ""]
    if not links:
        return lines + ["None.", ""]
    rows = []
    for s in links:
        since = s.first_failed_at.date().isoformat() if s.first_failed_at else "—"
        claims = len({u.claim_id for u in s.uses if u.claim_id is not None})
        rows.append(
            [
                md_link(s.url, in_table=True),
                verdict_label(s),
                since,
                str(s.consecutive_failures),
                md_link(s.replacement_url, in_table=True),
                code_span(s.moved_to, in_table=True) if s.moved_to else "—",
                str(claims),
            ]
        )
    headers = [
        "URL",
        "Verdict",
        "Failing since",
        "Failures",
        "Archived copy",
        "Outlet moved to",
        "Claims",
    ]
    return lines + table(headers, rows, "lllrllr") + [""]


def _simple_section(title: str, links: list[LinkStatus], note: str) -> list[str]:
    lines = [f"## {title} ({len(links)})", "", note, ""]
    if not links:
        return lines
    rows = []
    for s in links:
        last = s.last
        reason = escape_md((last.reason or last.error_kind or "") if last else "")
        rows.append(
            [
                md_link(s.url, in_table=True),
                verdict_label(s),
                str(s.consecutive_failures),
                reason or "—",
            ]
        )
    return lines + table(["URL", "Verdict", "Failures", "Last answer"], rows, "llrl") + [""]


def _redirected(links: list[LinkStatus]) -> list[str]:
    """The links that work but now lead elsewhere, with where: a citation may want the
    address the page lives at now (the JSON records have it too, as ``final_url``)."""
    lines = [f"## Redirected ({len(links)})", ""]
    if not links:
        return lines + ["None.", ""]
    rows = [
        [
            md_link(s.url, in_table=True),
            md_link(s.last.final_url, in_table=True) if s.last and s.last.final_url else "—",
            str(len({u.claim_id for u in s.uses if u.claim_id is not None})),
        ]
        for s in links
    ]
    return lines + table(["URL", "Now at", "Claims"], rows, "llr") + [""]


def _trend(trend: list[tuple[str, dict[str, int]]]) -> list[str]:
    """A Mermaid chart of verdict counts over the last runs, plus the numbers as a table.

    One run gives bars (a line needs two points); more give one titled, coloured line
    per series, named in a legend and in the text under the chart. The runs are
    numbered on the chart's axis, oldest first, and dated in the table.
    """
    lines = ["## Trend", ""]
    if not trend:
        return lines + ["No finished runs yet.", ""]
    series = [[sum(c.get(v, 0) for v in group) for _, c in trend] for _, group, _ in TREND_SERIES]
    top = count_axis_top(v for s in series for v in s)
    if len(trend) == 1:
        lines += _trend_bars(trend[0][0], [s[0] for s in series], top)
    else:
        lines += _trend_lines(len(trend), series, top)
    rows = [
        [str(number), escape_md(label)] + [str(counts.get(v.value, 0)) for v in LinkVerdict]
        for number, (label, counts) in enumerate(trend, start=1)
    ]
    headers = ["#", "Run"] + [v.value for v in LinkVerdict]
    return lines + table(headers, rows, "rl" + "r" * len(LinkVerdict)) + [""]


def _chart_config(colours: str) -> list[str]:
    return [
        "---",
        "config:",
        "  xyChart:",
        "    showLegend: true",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{colours}"',
        "---",
    ]


def _trend_bars(label: str, values: list[int], top: int) -> list[str]:
    names = ", ".join(f'"{name}"' for name, _, _ in TREND_SERIES)
    return [
        "```mermaid",
        *_chart_config(TREND_SERIES[0][2][1]),
        "xychart-beta",
        f'    title "URLs per verdict, run of {mermaid_label(label)}"',
        f"    x-axis [{names}]",
        f'    y-axis "URLs" 0 --> {top}',
        f"    bar [{', '.join(str(v) for v in values)}]",
        "```",
        "",
        "One run so far: the trend lines start with the next run.",
        "",
    ]


def _trend_lines(runs: int, series: list[list[int]], top: int) -> list[str]:
    colours = ", ".join(colour for _, _, (_, colour) in TREND_SERIES)
    numbers = ", ".join(f'"{n}"' for n in range(1, runs + 1))
    lines = [
        "```mermaid",
        *_chart_config(colours),
        "xychart-beta",
        '    title "URLs per verdict, last runs"',
        f'    x-axis "Run (dates in the table below)" [{numbers}]',
        f'    y-axis "URLs" 0 --> {top}',
    ]
    for (name, _, _), values in zip(TREND_SERIES, series):
        lines.append(f'    line "{name}" [{", ".join(str(v) for v in values)}]')
    legend = ", ".join(f"{name} ({colour})" for name, _, (colour, _) in TREND_SERIES)
    return lines + ["```", "", f"Lines: {legend}.", ""]


def json_records(summary: LinkRunSummary) -> list[dict[str, Any]]:
    """One JSON-ready record per known URL, sorted by URL.

    Fields: url, verdict (null when unchecked: no check outside outage runs),
    http_status, final_url, checked_at, consecutive_failures,
    first_failed_at, replacement_url, claims (claim ids), plus previous_verdict,
    newly_broken, recovered, moved_to, error_kind, reason, documents (ids) and uses (kinds).

    Args:
        summary: the finished run.

    Returns:
        A list of plain dicts (strings, numbers, lists, None).
    """
    records = []
    for s in summary.links:
        last = s.last
        records.append(
            {
                "url": s.url,
                "verdict": s.verdict.value if s.verdict is not None else None,
                "http_status": last.http_status if last else None,
                "final_url": last.final_url if last else None,
                "checked_at": last.checked_at.isoformat() if last else None,
                "consecutive_failures": s.consecutive_failures,
                "first_failed_at": s.first_failed_at.isoformat() if s.first_failed_at else None,
                "replacement_url": s.replacement_url,
                "claims": sorted({u.claim_id for u in s.uses if u.claim_id is not None}),
                "previous_verdict": s.previous.value if s.previous else None,
                "newly_broken": s.newly_broken,
                "recovered": s.recovered,
                "moved_to": s.moved_to,
                "error_kind": last.error_kind if last else None,
                "reason": last.reason if last else None,
                "documents": sorted({u.document_id for u in s.uses if u.document_id is not None}),
                "uses": sorted({u.kind for u in s.uses}),
            }
        )
    return records
