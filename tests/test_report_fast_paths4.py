"""Report fast paths (issue 10) held to the simpler forms they replaced: the timeline's
months as numbers and its labels made per outlet, and the sourcing findings' inlined
category and label look-ups, and the blank columns of a reference table dropped in C."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import Category, CitedDate
from provenance.report import pictures
from provenance.report.cited import ledger
from provenance.report.findings import (
    STATE_CATEGORIES,
    ReferenceFinding,
    _distinct_labels,
    _state_only,
    category_of,
    find_findings,
    outlet_key,
    outlet_label,
)
from provenance.report.markdown import EMPTY, MONTHS, mermaid_label, table
from provenance.report.pictures import EVENT_LABEL_MAX, TIMELINE_MONTHS, month_periods
from provenance.report.reftable import CHECK_HEADER, REFERENCE_HEADERS, reference_table
from tests.test_report import cite, claim, known, outlet, ref, scan, unknown
from tests.test_report_fast_paths2 import old_reference_cells

Month = tuple[int, int]


# ------------------------------------------------------------------ timeline
def _name(month: Month) -> str:
    return f"{MONTHS[month[1] - 1][:3]} {month[0]}"


def _ranked(counts: Counter[str]) -> list[str]:
    ranked = sorted(counts, key=lambda n: (-counts[n], n.casefold(), n))
    return [n + (f" ×{counts[n]}" if counts[n] > 1 else "") for n in ranked]


def _dated(pairs: list[tuple[str, Month]]) -> list[str]:
    counts = Counter((m, mermaid_label(n, EVENT_LABEL_MAX)) for n, m in pairs)
    ranked = sorted(counts, key=lambda k: (k[0], k[1].casefold(), k[1]))
    events = [
        f"{n}, {_name(m)}" + (f" ×{counts[m, n]}" if counts[m, n] > 1 else "") for m, n in ranked
    ]
    return pictures._capped(events)


def old_month_periods(
    dated: list[tuple[str, dt.date]], published: dt.date | None
) -> list[tuple[str, str, list[str]]]:
    """month_periods as it was: (year, month) tuples, and a label made for every date."""
    named = [(name, (day.year, day.month)) for name, day in dated]
    anchor = (published.year, published.month) if published else max(m for _, m in named)
    index = anchor[0] * 12 + anchor[1] - TIMELINE_MONTHS
    first = (index // 12, index % 12 + 1)
    by_month: dict[Month, list[str]] = {anchor: []} if published else {}
    for name, month in named:
        if first <= month <= anchor:
            by_month.setdefault(month, []).append(name)
    periods = []
    if earlier := [(n, m) for n, m in named if m < first]:
        periods.append(("Earlier", f"Before {_name(first)}", _dated(earlier)))
    for month in sorted(by_month):
        labels = Counter(mermaid_label(n, EVENT_LABEL_MAX) for n in by_month[month])
        events = pictures._capped(_ranked(labels))
        if published and month == anchor:
            events.insert(0, f"Published {published.day} {_name(anchor)}")
            periods.append(("Publication", _name(month), events))
        else:
            section = "months before publication" if published else "latest months cited"
            periods.append((section.capitalize(), _name(month), events))
    if after := [(n, m) for n, m in named if m > anchor]:
        periods.append(("After publication", "After publication", _dated(after)))
    return periods


# Names that make one label ('A "x"' and 'A x'), that differ only in case, and one
# that is cut to the label's length.
LABELS = ["A x", 'A "x"', "a x", "B", "b", "[B]", "Radio Ozodi (RFE/RL Tajik Service)", "C" * 50]
DAYS = st.dates(dt.date(2014, 1, 1), dt.date(2018, 12, 31))


@settings(max_examples=400)
@given(
    st.lists(st.tuples(st.sampled_from(LABELS), DAYS), min_size=1, max_size=30), DAYS | st.none()
)
def test_month_periods_are_grouped_and_ranked_as_before(
    dated: list[tuple[str, dt.date]], published: dt.date | None
) -> None:
    assert month_periods(dated, published) == old_month_periods(dated, published)


def test_month_names_are_the_same_from_a_month_number() -> None:
    for year in (1, 999, 2016):
        for month in range(1, 13):
            assert pictures.month_name((year, month)) == _name((year, month))
            assert pictures._month_name(year * 12 + month - 1) == _name((year, month))


# ------------------------------------------------------------------ sourcing findings
STATE = outlet("tass", "TASS", Category.STATE_OWNED)
AFFILIATED = outlet("ria", "RIA Novosti", Category.STATE_AFFILIATED)
FREE = outlet("news-tj", "News.tj")
RESOLUTIONS = [known("TASS", STATE), known("RIA", AFFILIATED), known("News", FREE)]
RESOLUTIONS += [unknown("Tass"), unknown("tass ")]


@given(st.lists(st.sampled_from(RESOLUTIONS), max_size=5))
def test_state_only_and_distinct_labels_are_as_before(resolutions: list) -> None:
    assert _state_only(resolutions) is all(
        category_of(res) in STATE_CATEGORIES for res in resolutions
    )
    keys = [outlet_key(res) for res in resolutions]
    labels: dict[str, str] = {}
    for key, res in zip(keys, resolutions):
        labels.setdefault(key, outlet_label(res))
    assert _distinct_labels(resolutions, keys) == list(labels.values())


@given(st.lists(st.lists(st.sampled_from([None, "generic", "interview"]), max_size=3), max_size=4))
def test_unverifiable_references_are_found_as_before(kinds: list[list[str | None]]) -> None:
    claims = [
        claim(f"Claim {n}.", cite("(x)", *[ref("TASS", source_kind=k) for k in refs]), sent=n)
        for n, refs in enumerate(kinds)
    ]
    result = scan(claims, [unknown("TASS")])
    expected = [
        ReferenceFinding(entry.number, entry.claim, reference)
        for entry in ledger(result).cited
        for reference in entry.references
        if reference.unverifiable
    ]
    assert find_findings(result).unverifiable == expected


# ------------------------------------------------------------------ reference tables
def old_reference_table(rows: list[tuple], with_checks: bool) -> list[str]:
    """reference_table as it was: each prefix escaped, blank columns dropped in Python loops."""
    headers = REFERENCE_HEADERS + ((CHECK_HEADER,) if with_checks else ())
    cells = [old_reference_cells(row, with_checks) for row in rows]
    keep = [i for i in range(len(headers)) if any(row[i] not in ("", EMPTY) for row in cells)]
    shown = [[row[i] for i in keep] for row in cells]
    return table([headers[i] for i in keep], shown, "r")


WRITTEN = st.sampled_from(["TASS", "", " ", EMPTY, "a|b"])
PREFIXES = st.sampled_from([None, "", " ", "see", EMPTY])
URLS = st.sampled_from([None, "", "http://x.kz/a", "ftp://x"])
DATES = st.sampled_from([None, CitedDate("20 Oct 2016", 2016, 10, 20), CitedDate("x", None)])


@given(
    st.lists(st.tuples(WRITTEN, PREFIXES, URLS, DATES, st.sampled_from(RESOLUTIONS)), max_size=4),
    st.booleans(),
)
def test_a_reference_table_drops_blank_columns_as_before(
    specs: list[tuple], with_checks: bool
) -> None:
    rows = [
        (i, ref(written, date, prefix=prefix, url=url), res, None)
        for i, (written, prefix, url, date, res) in enumerate(specs, start=1)
    ]
    assert reference_table(rows, with_checks) == old_reference_table(rows, with_checks)
