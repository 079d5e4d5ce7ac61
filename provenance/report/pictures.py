"""Mermaid pictures for the document reports: references per outlet and cited dates.

Labels are untrusted document text; every one goes through
:func:`provenance.report.markdown.mermaid_label` before it reaches a diagram. The
diagrams use only what mermaid 11 renders everywhere GitHub shows Markdown:
``xychart-beta`` and ``timeline``, configured in a front-matter block.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import TypeVar

from ..models import CitedDate, ScanResult
from .cited import Ledger, ledger
from .findings import outlet_label
from .markdown import MONTHS, mermaid_label

LOGGER = logging.getLogger(__name__)

CHART_MAX_OUTLETS = 15  # bars in the references-per-outlet chart
BAR_LABEL_MAX = 48  # characters of an outlet name on a bar
BAR_COLOUR = "#0969da"  # GitHub's link blue: readable on light and dark backgrounds
TIMELINE_MONTHS = 12  # months up to publication shown one by one; older ones are grouped
TIMELINE_EVENTS = 6  # outlets listed per month before "+N more"
EVENT_LABEL_MAX = 40
COUNT_AXIS_MIN_TOP = 8  # the least top of a count axis whose ticks d3 puts 1 apart

Month = tuple[int, int]  # (year, month)
T = TypeVar("T")


def chart_section(result: ScanResult, cited: Ledger | None = None) -> list[str]:
    """The "Pictures" section: references per outlet, and cited dates by month.

    Args:
        result: The document's scan, with resolutions.
        cited: Its claims walked once (:func:`provenance.report.cited.ledger`), if at hand.

    Returns:
        The section's lines; empty when the document has no references.
    """
    cited = cited if cited is not None else ledger(result)
    if not cited.counts:
        return []
    generic = cited.generic  # no outlets: neither a bar nor an event
    names = {k: outlet_label(res) for k, res in cited.first.items() if k not in generic}
    # Mermaid draws one bar, and the timeline one event, per label: outlets whose labels
    # are alike (or alike once cut) get one each.
    labels = dict(zip(names, distinct_labels(names.values(), BAR_LABEL_MAX), strict=True))
    events = dict(zip(names, distinct_labels(names.values(), EVENT_LABEL_MAX), strict=True))
    dated, left_out = _dated(cited, events)
    lines = ["## Pictures", "", *_outlet_chart(cited, labels)]
    if dated:
        published = result.document.meta.published
        periods = month_periods(dated, published)
        lines += ["", _timeline_note(published, left_out), ""]
        lines += mermaid_timeline("Cited dates by month", periods)
    elif left_out:
        lines += [
            "",
            "Cited dates by month: no reference to an outlet is dated."
            + _not_drawn(left_out, "dated "),
        ]
    return lines


def _dated(cited: Ledger, events: dict[str, str]) -> tuple[list[tuple[str, dt.date]], int]:
    """(event label, cited day) of each dated reference to an outlet, and how many dated
    references to generic sources and interviews (no key of ``events``) are left out."""
    dated: list[tuple[str, dt.date]] = []
    left_out = 0
    for ref, key in zip(cited.references, cited.keys, strict=True):
        # An access date says when the author read the page, not when it appeared; a
        # date known to the month counts in its month.
        if not ref.accessed and (day := _day_of(ref.date)) is not None:
            if (label := events.get(key)) is not None:
                dated.append((label, day))
            else:
                left_out += 1
    return dated, left_out


def _not_drawn(n: int, what: str = "") -> str:
    """`` Not drawn: 3 references to generic sources and interviews, which name no outlet.``"""
    if not n:
        return ""
    plural = "" if n == 1 else "s"
    return (
        f" Not drawn: {n} {what}reference{plural} to generic sources and interviews, "
        "which name no outlet."
    )


def _outlet_chart(cited: Ledger, labels: dict[str, str]) -> list[str]:
    """The caption and the references-per-outlet chart: outlets only, no generic source."""
    counts, generic = cited.counts, cited.generic
    outlets = [k for k in counts if k not in generic] if generic else list(counts)
    ranked = sorted(outlets, key=lambda k: (-counts[k], labels[k].casefold(), k))
    ranked = ranked[:CHART_MAX_OUTLETS]
    shown = f"top {len(ranked)} of {len(outlets)}" if len(ranked) < len(outlets) else "all"
    if not ranked:
        return ["No outlet is named: the references are to generic sources and interviews."]
    caption = f"References per outlet ({shown})." + _not_drawn(sum(generic.values()))
    bar = mermaid_bar(
        "References per outlet",
        [labels[k] for k in ranked],
        [counts[k] for k in ranked],
        "References",
    )
    return [caption, "", *bar]


def _day_of(date: CitedDate | None) -> dt.date | None:
    """The cited day, or the first of the month for a date known to the month."""
    if date is None or not date.year or not date.month:
        return None
    if date.day:
        return date.date_value  # None for an invalid date ("February 30")
    return dt.date(date.year, date.month, 1) if 1 <= date.month <= 12 else None


def distinct_labels(names: Iterable[str], limit: int) -> list[str]:
    """Each name as a Mermaid label of at most ``limit`` characters, no two alike: a
    repeat gets " (2)", " (3)"..."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        label, n = mermaid_label(name, limit), 1
        while label in seen:
            n += 1
            label = f"{mermaid_label(name, limit - len(f' ({n})'))} ({n})"
        seen.add(label)
        out.append(label)
    return out


def _timeline_note(published: dt.date | None, left_out: int) -> str:
    """The sentence above the timeline; it counts the dated references it leaves out."""
    if published:
        anchor = "publication"
    else:  # a generic source's later date is not the anchor (month_periods never sees it)
        anchor = "the latest date cited for an outlet" if left_out else "the latest cited date"
    return (
        f"Cited dates by month, over the {TIMELINE_MONTHS} months up to {anchor}; "
        "older dates are grouped, and × counts references to one outlet."
    ) + _not_drawn(left_out, "dated ")


# ---------------------------------------------------------------- timeline periods


def month_name(month: Month) -> str:
    """``Oct 2016`` for (2016, 10), in English whatever the locale."""
    return _month_name(month[0] * 12 + month[1] - 1)


# Inside the timeline a month is one number, year * 12 + month - 1: compared, hashed and
# sorted as an int, with no (year, month) tuple made for each cited date.
SHORT_MONTHS = tuple(name[:3] for name in MONTHS)


def _month_name(index: int) -> str:
    return f"{SHORT_MONTHS[index % 12]} {index // 12}"


def month_periods(
    dated: Sequence[tuple[str, dt.date]], published: dt.date | None
) -> list[tuple[str, str, list[str]]]:
    """Group cited dates into the periods of the timeline.

    The months up to publication (or the latest cited date) come one by one; dates
    older than ``TIMELINE_MONTHS`` months are grouped into one "Earlier" period, and
    dates after publication into one "After publication" period.

    Args:
        dated: (outlet label, cited date) for every dated reference.
        published: The publication date, if known.

    Returns:
        (section, period, events) triples in time order; events are display texts.
    """
    # Each date's month is taken once, and one pass sorts it into its period.
    named = [(name, day.year * 12 + day.month - 1) for name, day in dated]
    if published:
        anchor = published.year * 12 + published.month - 1
    else:
        anchor = max(month for _, month in named)
    first = anchor - (TIMELINE_MONTHS - 1)
    earlier: list[tuple[str, int]] = []
    after: list[tuple[str, int]] = []
    by_month: dict[int, list[str]] = {anchor: []} if published else {}
    for name, month in named:
        if month < first:
            earlier.append((name, month))
        elif month > anchor:
            after.append((name, month))
        elif month in by_month:
            by_month[month].append(name)
        else:
            by_month[month] = [name]
    section = "Months before publication" if published else "Latest months cited"
    periods = []
    if earlier:
        periods.append(("Earlier", f"Before {_month_name(first)}", _dated_events(earlier)))
    for month in sorted(by_month):
        events = _events(by_month[month])
        if published and month == anchor:
            events.insert(0, f"Published {published.day} {_month_name(anchor)}")
            periods.append(("Publication", _month_name(month), events))
        else:
            periods.append((section, _month_name(month), events))
    if after:
        periods.append(("After publication", "After publication", _dated_events(after)))
    return periods


def _tally(items: Iterable[T]) -> dict[T, int]:
    """How often each item comes, in order of first use (a month has a few outlets,
    each cited often: a dict is cheaper than a Counter, and a label made per outlet)."""
    counts: dict[T, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _events(names: Sequence[str]) -> list[str]:
    """One event per outlet, most cited first, ``×n`` for repeats, at most TIMELINE_EVENTS."""
    counts: dict[str, int] = {}  # two names can make one label
    for name, times in _tally(names).items():
        label = mermaid_label(name, EVENT_LABEL_MAX)
        counts[label] = counts.get(label, 0) + times
    # sorted as (-count, folded label, label) tuples: no key function called per label
    ranked = sorted([(-times, label.casefold(), label) for label, times in counts.items()])
    return _capped([label + (f" ×{-minus}" if minus < -1 else "") for minus, _, label in ranked])


def _dated_events(dated: Sequence[tuple[str, int]]) -> list[str]:
    """One event per outlet and month, oldest first, with the month named."""
    counts: dict[tuple[int, str], int] = {}
    for (name, month), times in _tally(dated).items():
        key = (month, mermaid_label(name, EVENT_LABEL_MAX))
        counts[key] = counts.get(key, 0) + times
    ranked = sorted([(month, label.casefold(), label, n) for (month, label), n in counts.items()])
    events = [
        f"{label}, {_month_name(month)}" + (f" ×{n}" if n > 1 else "")
        for month, _, label, n in ranked
    ]
    return _capped(events)


def _capped(events: list[str]) -> list[str]:
    if len(events) <= TIMELINE_EVENTS:
        return events
    return events[: TIMELINE_EVENTS - 1] + [f"+{len(events) - TIMELINE_EVENTS + 1} more"]


# ---------------------------------------------------------------- Mermaid blocks


def _front_matter(config: Sequence[str]) -> list[str]:
    return ["---", "config:", *("  " + line for line in config), "---"]


def count_axis_top(values: Iterable[int]) -> int:
    """The top of a count axis (it starts at 0) on which every tick is a whole number.

    Mermaid's xychart ticks a value axis with d3's ``scale.ticks()``: about ten ticks,
    1, 2 or 5 times a power of ten apart. Below ``COUNT_AXIS_MIN_TOP`` that step is
    under 1 (0 --> 2 ticks 0, 0.2, 0.4...): a count axis goes up to at least it.
    """
    return max(max(values, default=0), COUNT_AXIS_MIN_TOP)


def mermaid_bar(title: str, labels: Sequence[str], values: Sequence[int], axis: str) -> list[str]:
    """A fenced Mermaid ``xychart-beta`` horizontal bar chart; labels are sanitised here.

    Bars are drawn in ``BAR_COLOUR`` with their value written on them.

    Args:
        title: Chart title.
        labels: One label per bar.
        values: One non-negative count per bar.
        axis: Title of the value axis.

    Returns:
        The lines of the fenced block.
    """
    names = ", ".join(f'"{mermaid_label(label, BAR_LABEL_MAX)}"' for label in labels)
    top = count_axis_top(values)
    config = [
        "xyChart:",
        "  showDataLabel: true",
        "themeVariables:",
        "  xyChart:",
        f'    plotColorPalette: "{BAR_COLOUR}"',
        '    dataLabelColor: "#ffffff"',
    ]
    return [
        "```mermaid",
        *_front_matter(config),
        "xychart-beta horizontal",
        f'    title "{mermaid_label(title, limit=80)}"',
        f"    x-axis [{names}]",
        f'    y-axis "{mermaid_label(axis)}" 0 --> {top}',
        f"    bar [{', '.join(str(int(v)) for v in values)}]",
        "```",
    ]


def mermaid_timeline(title: str, periods: Sequence[tuple[str, str, Sequence[str]]]) -> list[str]:
    """A fenced Mermaid ``timeline``: periods left to right, events listed under each.

    Args:
        title: Chart title.
        periods: (section, period, events) triples in order; consecutive periods
            with the same section share one colour band. Events must already be
            sanitised (:func:`mermaid_label`).

    Returns:
        The lines of the fenced block.
    """
    lines = ["```mermaid", "timeline", f"    title {mermaid_label(title, limit=80)}"]
    section = None
    for name, period, events in periods:
        if name != section:
            lines.append(f"    section {mermaid_label(name)}")
            section = name
        lines.append(f"        {mermaid_label(period)} : " + " : ".join(events or ["—"]))
    return lines + ["```"]
