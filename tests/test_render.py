"""Every Mermaid chart the commands write renders in the real mermaid 11, in headless Chromium.

The reports are those ``scan`` writes (the committed sample, odd outlet names, one
document, generic sources beside an outlet, twenty documents with dates over ten years)
and those of ``linkcheck``
(one run, several runs), and a report after ``check``. ``tests/browser.py`` turns each
into the HTML GitHub would show (cmark-gfm, raw HTML kept as GitHub keeps <details>) and
mermaid from ``tests/package.json`` draws every block. The test fails when Chromium, node
or the npm packages are missing; set PROVENANCE_BROWSER_TESTS=0 to skip it locally
(never in CI).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.models import LinkRunSummary
from provenance.report.document import render_document
from provenance.report.links import render_linkcheck_report
from tests import browser
from tests.test_report_checks import checked_result, checks

pytestmark = pytest.mark.timeout(600)  # one browser run renders every page (about 40 s)

ROOT = Path(__file__).resolve().parents[1]
MONTHS = "January February March April May June July August September October November December"
# Outlets as a document writes them: registry names, and names no registry knows
# with quotes, brackets, a Cyrillic one, Mermaid's own syntax and a very long one.
OUTLETS = [
    "News.tj",
    "Sputnik-tj.com",
    "Regnum",
    "Ozodi.org",
    '"The Quoted" Herald',
    "Tribune [Weekly]",
    "Вечерний Душанбе",
    "Foo #9829; News",
    "Bar %%{init: {}}%% Post",
    "Daily `Backtick` Courier",
    "The Extraordinarily Long-Named Provincial Gazette of Affairs and Commentary (Evening Edition)",
    "Le Monde (Paris)",
]


@pytest.fixture(scope="module")
def tools() -> browser.Tools:
    found = browser.find_tools()
    if isinstance(found, str):
        if os.environ.get(browser.SWITCH) == "0" and not os.environ.get("CI"):
            pytest.skip(f"{browser.SWITCH}=0: {found}")
        pytest.fail(f"the browser render test cannot run: {found}", pytrace=False)
    return found


def _document(number: int, published: dt.date, span_years: int) -> str:
    """A small article citing a rotating set of outlets, dates spread over span_years."""
    lines = ["---", f"title: Report number {number} on regional security"]
    lines += [f"date: {published.isoformat()}", "---", ""]
    for para in range(4):
        cites = []
        for k in range(1 + (number + para) % 3):
            i = number * 3 + para * 2 + k
            outlet = OUTLETS[i % len(OUTLETS)]
            day = published - dt.timedelta(days=(i * 97) % (365 * span_years) + 1)
            month = MONTHS.split()[day.month - 1]
            cites.append(f"{outlet}, {month} {day.day}, {day.year}")
        lines += [
            f"The ministry said {10 + para} officers met in the capital on {para + 2} May "
            f"({'; '.join(cites)}).",
            "",
        ]
    return "\n".join(lines)


def _scan(folder: Path, documents: dict[str, str]) -> dict[str, str]:
    """Run ``provenance scan`` over the documents; returns the reports written."""
    (folder / "docs").mkdir(parents=True)
    for name, text in documents.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    args = ["scan", str(folder / "docs"), "--db", str(folder / "p.db")]
    result = CliRunner().invoke(cli, [*args, "--reports", str(folder / "reports")])
    assert result.exit_code == 0, result.output
    return {
        f"{folder.name}/{p.name}": p.read_text(encoding="utf-8")
        for p in sorted((folder / "reports").glob("*.md"))
    }


def _linkcheck(runs: int, alive: int = 10) -> str:
    start = dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC)
    trend = [
        (
            (start + dt.timedelta(days=i // 2)).date().isoformat()
            + (" (outage)" if i == 3 else ""),
            {"alive": alive - i, "dead": i, "failing": i % 2, "blocked": 1},
        )
        for i in range(runs)
    ]
    summary = LinkRunSummary(run_id=runs, started_at=start, total=14, trend=trend)
    return render_linkcheck_report(summary)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Markdown by name: what the commands wrote for every case the test covers."""
    base = tmp_path_factory.mktemp("render")
    out = {
        "sample": (ROOT / "reports/000-f0a8ddd99eaae0a6.md").read_text(encoding="utf-8"),
        "sample-index": (ROOT / "reports/index.md").read_text(encoding="utf-8"),
        "checked": render_document(checked_result(), checks=checks()),
        "linkcheck-1-run": _linkcheck(1),
        "linkcheck-6-runs": _linkcheck(6),
        "linkcheck-small": _linkcheck(2, alive=2),  # counts of 0 to 2
    }
    odd = "".join(
        f"The agency reported {i + 2} arrests on 3 May ({outlet}, October {i + 1}, 2019).\n\n"
        for i, outlet in enumerate(OUTLETS)
    )
    out |= _scan(base / "odd", {"odd.md": "# Odd outlet names\n\n" + odd})
    out |= _scan(base / "one", {"one.md": _document(1, dt.date(2020, 3, 3), 1)})
    long = "Gorno-Badakhshan Regional Independent Information Agency of"
    alike = (  # labels alike once cut get " (2)", " (3)"; a date known to the month
        f"---\ndate: 2016-11-17\n---\n\nOne ({long} Khorog, October 3). Two ({long} Rushan, "
        f"October 4). Three ({long} Vanj, October 5). Four (Kommersant, December 2015).\n"
    )
    out |= _scan(base / "alike", {"alike.md": alike})
    generic = (  # generic sources beside an outlet in a month, and alone in another
        "---\ndate: 2016-11-17\n---\n\nOne (Asia-Plus, August 3). Two (local media, August 4; "
        "local media, August 9). Three (Russian agencies, September 5).\n"
    )
    out |= _scan(base / "generic", {"generic.md": generic})
    twenty = {
        f"doc-{n:02}.md": _document(n, dt.date(2010 + n % 11, 1 + n % 12, 5), 10) for n in range(20)
    }
    out |= _scan(base / "twenty", twenty)
    return out


@pytest.fixture(scope="module")
def rendered(tools: browser.Tools, reports: dict[str, str]) -> dict[str, browser.Page]:
    return browser.render(reports, tools)


def _blocks(markdown: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.S | re.M)


def test_every_chart_renders(reports: dict[str, str], rendered: dict[str, browser.Page]) -> None:
    assert sorted(rendered) == sorted(reports)
    errors = [line for page in rendered.values() for line in page.errors]
    assert not errors, "\n".join(errors)
    for name, markdown in reports.items():
        assert len(rendered[name].blocks) == len(_blocks(markdown)), name
    charts = sum(len(page.blocks) for page in rendered.values())
    assert charts >= 2 * 20 + 2, "the twenty documents' reports each have two charts"


def test_no_labels_overlap(rendered: dict[str, browser.Page]) -> None:
    crowded = [
        f"{page.name} block {block.index}: {pair}"
        for page in rendered.values()
        for block in page.blocks
        for pair in block.overlaps
    ]
    assert not crowded, "\n".join(crowded)


def _labels(source: str) -> list[str]:
    """The labels a block asks mermaid to draw: quoted axis labels and timeline events."""
    body = source.split("---\n", 2)[-1]
    axis = re.findall(r"x-axis \[(.*)\]", body)
    labels = [label for line in axis for label in re.findall(r'"([^"]*)"', line)]
    for line in re.findall(r"^ {8}(.+)$", body, re.M):
        labels += line.split(" : ")
    return labels


def test_every_label_is_drawn_whole(rendered: dict[str, browser.Page]) -> None:
    missing = []
    for page in rendered.values():
        for block in page.blocks:
            drawn = set(block.texts)
            missing += [
                f"{page.name}: {label}" for label in _labels(block.source) if label not in drawn
            ]
    assert not missing, "\n".join(missing)
    sample = rendered["sample"].blocks[0].texts
    assert "Radio Ozodi (RFE/RL Tajik Service)" in sample  # parentheses kept


def _value_axes(block: browser.Block) -> list[list[str]]:
    """The tick labels of each axis of an xychart whose labels are all numbers."""
    numeric = re.compile(r"−?-?\d+(?:\.\d+)?")
    return [
        labels
        for labels in block.axes.values()
        if labels and all(numeric.fullmatch(label) for label in labels)
    ]


def test_count_axes_tick_whole_numbers(rendered: dict[str, browser.Page]) -> None:
    """A count axis shows 0, 1, 2..., never 0.5 or 1.5: mermaid's ticks are d3's ten."""
    fractional, charts, small = [], 0, 0
    for page in rendered.values():
        for block in page.blocks:
            if "xychart-beta" not in block.source:
                continue
            charts += 1
            axes = _value_axes(block)
            assert axes, f"{page.name} block {block.index}: no count axis drawn {block.axes}"
            fractional += [
                f"{page.name} block {block.index}: {axis}"
                for axis in axes
                if any("." in t for t in axis)
            ]
            values = re.findall(r"(?:bar|line)(?: \"[^\"]*\")? \[([^\]]*)\]", block.source)
            if max(int(v) for found in values for v in found.split(", ")) <= 2:
                small += 1
    assert charts >= 20 + 5 and small >= 2, (charts, small)  # small counts are covered
    assert not fractional, "\n".join(fractional)


def test_a_broken_chart_fails(tools: browser.Tools) -> None:
    """The harness reports what mermaid rejects: the old Gantt and an unquoted label."""
    broken = {
        "gantt": "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Cited\n"
        "    2013-10-16 :milestone, t1, 2013-10-16, 0d\n```\n",
        "bar": '```mermaid\nxychart-beta\n    x-axis [a "b" c]\n    bar [1]\n```\n',
        "good": "```mermaid\ntimeline\n    2016 : ok\n```\n",
    }
    pages = browser.render(broken, tools)
    assert pages["good"].errors == []
    for name in ("gantt", "bar"):
        (block,) = pages[name].blocks
        assert block.error and "Parse error" in block.error, (name, block)
    assert "got 'date'" in pages["gantt"].blocks[0].error


def test_evidence_blocks_are_collapsed(reports: dict[str, str], rendered: dict[str, browser.Page]):
    """Each checked reference's evidence is a <details> block the browser shows closed."""
    expected = reports["checked"].count("<details>")
    assert expected >= 4 and rendered["checked"].details == expected
    assert rendered["sample"].details == 0  # not checked: no evidence
