"""Mermaid pictures for the document reports: references per outlet and cited dates.

Labels are untrusted document text; every one goes through
:func:`provenance.report.markdown.mermaid_label` before it reaches a diagram.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence

from ..models import ScanResult
from .findings import outlet_key, outlet_label, resolution_of
from .markdown import mermaid_label

LOGGER = logging.getLogger(__name__)

CHART_MAX_OUTLETS = 15  # bars in the references-per-outlet chart
TIMELINE_MAX_DATES = 60  # milestones in the cited-dates timeline


def chart_section(result: ScanResult) -> list[str]:
    """The "Pictures" section: references per outlet, and cited dates on a timeline.

    Args:
        result: The document's scan, with resolutions.

    Returns:
        The section's lines; empty when the document has no references.
    """
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    dated: dict[str, set[dt.date]] = {}
    for ref in (ref for claim in result.claims for ref in claim.references):
        res = resolution_of(result, ref)
        key = outlet_key(res)
        labels.setdefault(key, outlet_label(res))
        counts[key] += 1
        # An access date says when the author read the page, not when it appeared.
        day = ref.date.as_date() if ref.date is not None and not ref.accessed else None
        if day is not None:
            dated.setdefault(key, set()).add(day)
    if not counts:
        return []
    ranked = sorted(counts, key=lambda k: (-counts[k], labels[k].casefold(), k))[:CHART_MAX_OUTLETS]
    lines = ["## Pictures", "", f"References per outlet (top {len(ranked)} of {len(counts)}).", ""]
    lines += mermaid_bar(
        "References per outlet",
        [labels[k] for k in ranked],
        [counts[k] for k in ranked],
        "References",
    )
    if dated:
        lines += ["", "Cited dates against the publication date.", ""]
        lines += mermaid_timeline("Cited dates", _timeline(dated, labels), _published(result))
    return lines


def _timeline(
    dated: dict[str, set[dt.date]], labels: dict[str, str]
) -> list[tuple[str, list[dt.date]]]:
    """Timeline sections by first cited date, at most TIMELINE_MAX_DATES milestones in all."""
    order = sorted(dated, key=lambda k: (min(dated[k]), labels[k].casefold(), k))
    sections, budget = [], TIMELINE_MAX_DATES
    for key in order:
        days = sorted(dated[key])[:budget]
        if not days:
            break
        sections.append((labels[key], days))
        budget -= len(days)
    return sections


def _published(result: ScanResult) -> tuple[str, dt.date] | None:
    """The publication-date marker of the timeline, when the date is known."""
    published = result.document.meta.published
    return ("Published", published) if published else None


# ---------------------------------------------------------------- Mermaid blocks


def mermaid_bar(title: str, labels: Sequence[str], values: Sequence[int], axis: str) -> list[str]:
    """A fenced Mermaid ``xychart-beta`` horizontal bar chart; labels are sanitised here.

    Args:
        title: Chart title.
        labels: One label per bar.
        values: One non-negative count per bar.
        axis: Title of the value axis.

    Returns:
        The lines of the fenced block.
    """
    names = ", ".join(f'"{mermaid_label(label)}"' for label in labels)
    top = max(values, default=0) or 1
    return [
        "```mermaid",
        "xychart-beta horizontal",
        f'    title "{mermaid_label(title, limit=80)}"',
        f"    x-axis [{names}]",
        f'    y-axis "{mermaid_label(axis)}" 0 --> {top}',
        f"    bar [{', '.join(str(int(v)) for v in values)}]",
        "```",
    ]


def mermaid_timeline(
    title: str,
    sections: Sequence[tuple[str, Sequence[dt.date]]],
    marker: tuple[str, dt.date] | None,
) -> list[str]:
    """A fenced Mermaid ``gantt`` of milestones: one section per label, one milestone per date.

    Args:
        title: Chart title.
        sections: (label, dates) pairs, drawn in the order given.
        marker: An extra (label, date) milestone drawn first, e.g. the publication date.

    Returns:
        The lines of the fenced block.
    """
    lines = [
        "```mermaid",
        "gantt",
        f"    title {mermaid_label(title, limit=80)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m-%d",
    ]
    if marker is not None:
        label, day = marker
        lines += [
            f"    section {mermaid_label(label)}",
            f"    {mermaid_label(label)} :milestone, m0, {day.isoformat()}, 0d",
        ]
    task = 0
    for label, days in sections:
        lines.append(f"    section {mermaid_label(label)}")
        for day in days:
            task += 1
            lines.append(f"    {day.isoformat()} :milestone, t{task}, {day.isoformat()}, 0d")
    return lines + ["```"]
