"""The report's pictures: cited dates grouped by month, bars and their labels."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.report.pictures import (
    TIMELINE_EVENTS,
    mermaid_bar,
    mermaid_timeline,
    month_periods,
)

D = dt.date
PUBLISHED = D(2016, 11, 17)


@pytest.mark.parametrize(
    ("dated", "published", "expected"),
    [
        (  # the sample's shape: one old citation is grouped, the rest by month
            [("EDM", D(2013, 10, 16)), ("News", D(2016, 10, 20)), ("News", D(2016, 10, 21))],
            PUBLISHED,
            [
                ("Earlier", "Before Dec 2015", ["EDM, Oct 2013"]),
                ("Months before publication", "Oct 2016", ["News ×2"]),
                ("Publication", "Nov 2016", ["Published 17 Nov 2016"]),
            ],
        ),
        (  # cited in the month of publication, and after it
            [("A", D(2016, 11, 2)), ("B", D(2016, 12, 1)), ("B", D(2017, 1, 3))],
            PUBLISHED,
            [
                ("Publication", "Nov 2016", ["Published 17 Nov 2016", "A"]),
                ("After publication", "After publication", ["B, Dec 2016", "B, Jan 2017"]),
            ],
        ),
        (  # no publication date: the latest cited month anchors the window
            [("A", D(2010, 1, 1)), ("B", D(2020, 5, 1)), ("C", D(2019, 6, 30))],
            None,
            [
                ("Earlier", "Before Jun 2019", ["A, Jan 2010"]),
                ("Latest months cited", "Jun 2019", ["C"]),
                ("Latest months cited", "May 2020", ["B"]),
            ],
        ),
    ],
    ids=["old-grouped", "after-publication", "undated-document"],
)
def test_month_periods(dated, published, expected) -> None:
    assert month_periods(dated, published) == expected


def test_month_periods_cap_events_and_sanitise() -> None:
    dated = [(f'Outlet "{i}" [x]', D(2016, 10, 1)) for i in range(TIMELINE_EVENTS + 3)]
    ((_, _, events),) = month_periods(dated, None)
    assert len(events) == TIMELINE_EVENTS and events[-1] == "+4 more"
    assert events[0] == "Outlet 0 x" and not any('"' in e or "[" in e for e in events)


def test_timeline_block_shares_sections() -> None:
    lines = mermaid_timeline(
        "Cited: dates", [("S one", "Jan 2016", ["a"]), ("S one", "Feb 2016", []), ("T", "x", ["b"])]
    )
    assert lines == [
        "```mermaid",
        "timeline",
        "    title Cited dates",
        "    section S one",
        "        Jan 2016 : a",
        "        Feb 2016 : —",
        "    section T",
        "        x : b",
        "```",
    ]


def test_bar_block_keeps_parentheses_and_colours_bars() -> None:
    lines = mermaid_bar("Refs", ['Radio Ozodi (RFE/RL) "x"', "B"], [3, 0], "References")
    assert '    x-axis ["Radio Ozodi (RFE/RL) x", "B"]' in lines
    assert '      plotColorPalette: "#0969da"' in lines and "    bar [3, 0]" in lines
    assert lines[1] == "---" and lines.index("xychart-beta horizontal") > lines.index("config:")
