"""The report's pictures: cited dates grouped by month, bars and their labels."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.report.pictures import (
    BAR_LABEL_MAX,
    TIMELINE_EVENTS,
    count_axis_top,
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


def _pictures(tmp_path, body: str) -> str:
    """The Pictures section of the report of a Markdown document with ``body``."""
    from tests.factories import report_of, scan_markdown

    scan_markdown(tmp_path, body)
    return report_of(tmp_path).split("## Pictures", 1)[1].split("\n## ", 1)[0]


def test_outlets_whose_labels_are_alike_keep_a_bar_and_an_event_each(tmp_path) -> None:
    """Mermaid draws one bar per distinct label: six outlets gave three bars, with their
    values stacked, and the timeline counted three outlets as one "×5"."""
    long = "Gorno-Badakhshan Regional Independent Information Agency of"
    body = (
        f"One ({long} Khorog, October 3). Two ({long} Rushan, October 4). "
        f"Three ({long} Vanj, October 5). Four (Echo Moscow, October 6). "
        "Five (Echo-Moscow, October 7)."
    )
    pictures = _pictures(tmp_path, body)
    axis = next(line for line in pictures.splitlines() if "x-axis" in line)
    labels = axis.split("[", 1)[1].rstrip("]").split('", "')
    assert len(labels) == len(set(labels)) == 5
    assert max(len(label.strip('"')) for label in labels) <= BAR_LABEL_MAX
    october = next(line for line in pictures.splitlines() if line.strip().startswith("Oct 2016"))
    assert "×" not in october and october.count(" : ") == 5


def test_a_date_known_to_the_month_is_in_its_month(tmp_path) -> None:
    """Dates without a day ("December 2015") were left out of the timeline."""
    pictures = _pictures(tmp_path, "One (Kommersant, December 2015). Two (TASS, October 20).")
    assert "Dec 2015 : Kommersant" in pictures and "Oct 2016 : TASS" in pictures


def test_a_link_to_an_unknown_site_is_drawn_as_its_site(tmp_path) -> None:
    """A chart cut "https://u-f.ru/News/…" to its first word: a bar and an event "https"."""
    pictures = _pictures(
        tmp_path, "One (https://u-f.ru/News/u316/2016/10/03/669068). Two (TASS, October 20)."
    )
    assert "https" not in pictures.replace("https://", "")
    axis = next(line for line in pictures.splitlines() if "x-axis" in line)
    assert '"u-f.ru"' in axis and "Oct 2016 : TASS : u-f.ru" in pictures


def test_links_to_one_unknown_site_are_one_unknown_outlet(tmp_path) -> None:
    """Each URL of a site the registry lacks was a row of its own under "Outlets not in
    the registry"; the reader adds the site."""
    from tests.factories import report_of, scan_markdown

    scan_markdown(
        tmp_path,
        "One (https://u-f.ru/News/u316/2016/10/03/1). Two (https://u-f.ru/News/u9/2016/10/04/2)."
        " Three (www.u-f.ru, October 5).",
    )
    unknown = report_of(tmp_path).split("### Outlets not in the registry", 1)[1].split("###")[0]
    assert "| u\\-f.ru | 3 | Claim 1 |" in unknown
    assert "News" not in unknown


@pytest.mark.parametrize(
    ("values", "top"),
    [([], 8), ([0], 8), ([1], 8), ([2, 1], 8), ([7], 8), ([8], 8), ([14, 3], 14), ([31], 31)],
)
def test_a_count_axis_reaches_the_least_top_with_whole_ticks(values: list[int], top: int) -> None:
    """Mermaid ticks 0 --> 2 at 0.2 apart; 0 --> 8 and above at whole numbers
    (tests/test_render.py reads the drawn ticks)."""
    assert count_axis_top(values) == top
    chart = "\n".join(mermaid_bar("T", ["a"] * len(values), values, "References"))
    assert f'y-axis "References" 0 --> {top}' in chart
