"""Generic sources and interviews ("local media", "author's interview") are no outlets.

They name no outlet, so the reports count them apart: not in "Distinct outlets", the
outlets by category, the references-per-outlet chart, the cited-dates timeline, or the
index's outlet ranking and category chart, but in a row, captions and a table of their
own. A document type with a named outlet ("ADB, press release") counts as that outlet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from provenance import pipeline
from provenance.config import Settings
from provenance.report import entries
from provenance.report.document import index_entry
from provenance.scan.outlets import resolve
from provenance.store import scans as store
from tests.test_corpus import section

GENERIC = ["Russian agencies", "local media", "author's interview", "Western media"]
FIRST = (
    "---\ntitle: First\ndate: 2016-11-17\n---\n\n"
    "Troops moved to the border (Russian agencies, May 3, 2016). "
    "The base grew by 300 soldiers (local media, May 4, 2016; local media, May 9, 2016). "
    "A deal was signed (author's interview, May 2016). "
    "The bank lent $5 million (ADB, press release, May 2016). "
    "The army held drills (Sputnik-tj.com, May 5, 2016). "
    "Officials agreed (Western media, May 7, 2016; TASS, May 8, 2016).\n"
)
SECOND = (
    "---\ntitle: Second\ndate: 2016-11-18\n---\n\n"
    "Prices rose by 12% (local media, June 3, 2016). "
    "The border closed (Sputnik-tj.com, June 5, 2016).\n"
)


def _scan(tmp_path: Path) -> tuple[Settings, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.md").write_text(FIRST, encoding="utf-8")
    (docs / "second.md").write_text(SECOND, encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"), jobs=1)
    pipeline.scan([docs], settings)
    return settings, docs


def _read(settings: Settings, name: str) -> str:
    return (Path(settings.reports) / name).read_text(encoding="utf-8")


def _chart_labels(markdown: str) -> list[list[str]]:
    """The x-axis labels of each bar chart."""
    axes = re.findall(r"^    x-axis \[(.*)\]$", markdown, re.M)
    return [re.findall(r'"([^"]*)"', axis) for axis in axes]


def test_a_document_counts_generic_sources_apart(tmp_path: Path) -> None:
    settings, _ = _scan(tmp_path)
    report = _read(settings, "first.md")
    summary = report.split("## Summary", 1)[1].split("###", 1)[0]
    cells = [line.strip("|").split(" | ") for line in summary.splitlines() if line[:2] == "| "]
    rows = {name.strip(): count.strip() for name, count in cells}
    assert rows["References"] == "8"
    assert rows["Distinct outlets"] == "3"  # ADB, Sputnik Tajikistan, TASS
    assert rows["Generic sources and interviews"] == "4"
    assert "name no outlet" in report
    # Outlets by category: outlets only; the references add up to those of the outlets.
    by_category = section(report, "Outlets by category")
    assert "unknown" not in [row[0] for row in by_category]
    assert sum(int(row[2]) for row in by_category) == 8 - 5
    (labels,) = _chart_labels(report)
    assert sorted(labels) == ["Asian Development Bank", "Sputnik Tajikistan", "TASS"]
    assert "Not drawn: 5 references to generic sources and interviews" in report
    # Each reference row says the source names no outlet, not that it is unknown.
    assert "| Russian agencies | *none named* | 2016-05-03 | generic |" in report
    assert "**unknown outlet**" not in report
    # The findings still list every one of them.
    unverifiable = section(
        report, "Unverifiable sources (generic sources, interviews, document types)"
    )
    assert [row[1] for row in unverifiable] == [
        "Russian agencies",
        "local media",
        "local media",
        "author's interview",
        "ADB",
        "Western media",
    ]


def _check_index(index: str) -> None:
    ranked = section(index, "Outlets most cited")
    names = [row[1] for row in ranked]
    assert sorted(names) == ["Asian Development Bank", "Sputnik Tajikistan", "TASS"]
    assert not set(GENERIC) & set(names)
    assert section(index, "Generic sources and interviews") == [
        ["local media", "3", "2"],
        ["author's interview", "1", "1"],
        ["Russian agencies", "1", "1"],
        ["Western media", "1", "1"],
    ]
    assert "6 references in 2 documents (all shown)" in index
    (labels,) = _chart_labels(index)
    assert "unknown" not in labels  # the category chart counts outlets only
    table = [line for line in index.splitlines() if line.startswith("| [First]")]
    assert table[0].split(" | ")[5] == "3"  # the Outlets column: outlets only


def test_the_index_ranks_outlets_only_and_lists_generic_sources_apart(tmp_path: Path) -> None:
    settings, docs = _scan(tmp_path)
    _check_index(_read(settings, "index.md"))
    # Once more from the stored index entry of the unchanged document.
    (docs / "second.md").write_text(SECOND + "More (TASS, June 9, 2016).\n", encoding="utf-8")
    pipeline.scan([docs], settings)
    index = _read(settings, "index.md")
    _check_index(index)
    assert ["TASS", "2", "2"] == [
        r for r in section(index, "Outlets most cited") if r[1] == "TASS"
    ][0][1:]


def test_a_stored_entry_keeps_its_generic_sources(tmp_path: Path) -> None:
    settings, _ = _scan(tmp_path)
    db = store.open_db(settings.db)
    try:
        doc_id = db.execute("select id from documents where path like '%first.md'").fetchone()[0]
        entry = index_entry(store.load_scan(db, doc_id), "first")
    finally:
        db.close()
    back = entries.read_entry(entries.entry_text(entry), "first", resolve.load_registry())
    assert back == entry
    assert sorted(u.name for u in back.outlets if u.category == "generic") == sorted(GENERIC)


def _pictures(tmp_path: Path, body: str, date: str = "2016-11-17") -> str:
    """The Pictures section of the report of a Markdown document with ``body``."""
    from tests.factories import report_of, scan_markdown

    scan_markdown(tmp_path, body, date=date)
    return report_of(tmp_path).split("## Pictures", 1)[1].split("\n## ", 1)[0]


def _timeline(pictures: str) -> list[str]:
    """The lines of the one timeline block, fences left out."""
    (block,) = re.findall(r"^```mermaid\ntimeline\n(.*?)^```$", pictures, re.S | re.M)
    return block.splitlines()


def test_the_timeline_shows_outlets_only(tmp_path: Path) -> None:
    """An outlet and a generic source cited in one month, a generic source alone in the
    next: the timeline listed "local media ×2" beside Asia-Plus, and a month of its own."""
    body = (
        "Troops moved (Asia-Plus, August 3, 2016). "
        "The base grew (local media, August 4, 2016; local media, August 9, 2016). "
        "Prices rose (Russian agencies, September 5, 2016). "
        "A deal was signed (author's interview, 2016)."  # no month: on no timeline
    )
    pictures = _pictures(tmp_path, body)
    assert _timeline(pictures) == [
        "    title Cited dates by month",
        "    section Months before publication",
        "        Aug 2016 : Asia-Plus",
        "    section Publication",
        "        Nov 2016 : Published 17 Nov 2016",
    ]
    assert (
        "Cited dates by month, over the 12 months up to publication; older dates are "
        "grouped, and × counts references to one outlet. Not drawn: 3 dated references "
        "to generic sources and interviews, which name no outlet.\n"
    ) in pictures


def test_a_later_generic_source_is_no_anchor_of_the_timeline(tmp_path: Path) -> None:
    """With no publication date the latest month drawn is the latest month of an outlet."""
    body = "Troops moved (Asia-Plus, August 3, 2016). Prices rose (local media, May 5, 2017)."
    pictures = _pictures(tmp_path, body, date="")
    assert _timeline(pictures) == [
        "    title Cited dates by month",
        "    section Latest months cited",
        "        Aug 2016 : Asia-Plus",
    ]
    assert (
        "over the 12 months up to the latest date cited for an outlet; older dates are "
        "grouped, and × counts references to one outlet. Not drawn: 1 dated reference to "
        "generic sources and interviews, which name no outlet.\n"
    ) in pictures


def test_no_timeline_when_only_generic_sources_are_dated(tmp_path: Path) -> None:
    pictures = _pictures(
        tmp_path, "Troops moved (Asia-Plus, 2016). Prices rose (local media, May 5, 2016)."
    )
    assert "timeline" not in pictures
    assert (
        "Cited dates by month: no reference to an outlet is dated. Not drawn: 1 dated "
        "reference to generic sources and interviews, which name no outlet.\n"
    ) in pictures + "\n"


def test_the_export_gives_a_generic_source_no_outlet_category(tmp_path: Path) -> None:
    """Its category is "generic", as in the report's reference tables, not "unknown" (an
    outlet the registry does not know)."""
    from click.testing import CliRunner

    from provenance.cli import cli

    settings, _ = _scan(tmp_path)
    out = CliRunner().invoke(cli, ["export", "--db", settings.db, "--format", "json"])
    assert out.exit_code == 0, out.output
    records = json.loads(out.stdout)
    categories = {(r["outlet"], r["category"]) for r in records if "first.md" in r["document"]}
    assert categories == {
        ("Russian agencies", "generic"),
        ("local media", "generic"),
        ("author's interview", "generic"),
        ("Western media", "generic"),
        ("ADB", "official-gov/mil"),
        ("Sputnik-tj.com", "state-owned"),
        ("TASS", "state-owned"),
    }
