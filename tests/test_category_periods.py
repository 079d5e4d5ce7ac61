"""An outlet's category on the day cited: Gazeta.ru was private before Sberbank bought its
owner, and a 2009 citation of it is no state-media citation (``Outlet.categories``).

The end-to-end tests use a user's own entry (``outlets.local.json``), so that they hold
whatever the bundled registry says of real outlets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import cli
from provenance.models import Category, CitedDate, Reference
from provenance.scan.outlets import resolve
from provenance.scan.outlets.registry import outlet_from_dict, outlet_to_dict

DAILY = {
    "id": "test-daily",
    "name": "Test Daily",
    "aliases": ["Test Daily"],
    "domains": [
        {"domain": "test-daily.example", "since": None, "until": None, "status": "current"}
    ],
    "category": "state-affiliated",
    "sources": ["https://example.org/test-daily"],
    "categories": [
        {"category": "independent", "until": "2020-06", "source": "https://example.org/sale"}
    ],
}


def _ref(iso: str | None) -> Reference:
    parts = [int(p) for p in iso.split("-")] if iso else []
    date = CitedDate(iso or "", *parts) if iso else None
    return Reference("Test Daily", 0, 10, date)


def test_the_category_is_that_of_the_period_holding_the_date() -> None:
    daily = outlet_from_dict(DAILY)
    assert daily.category_on(dt.date(2009, 5, 3)) is Category.INDEPENDENT
    assert daily.category_on("2020-06") is Category.INDEPENDENT  # the period's last month
    assert daily.category_on("2020-07-01") is Category.STATE_AFFILIATED
    assert daily.category_on("2009") is Category.INDEPENDENT  # a year alone
    assert daily.category_on(None) is Category.STATE_AFFILIATED  # undated: today's
    assert outlet_from_dict(outlet_to_dict(daily)) == daily


def test_a_reference_resolves_to_the_outlet_as_it_was_then() -> None:
    registry = resolve.Registry([outlet_from_dict(DAILY)])
    then = {
        iso: registry.resolve_reference(_ref(iso)).outlet
        for iso in ("2009-05-03", "2009", "2021-03-03", None)
    }
    assert {iso: o.category for iso, o in then.items()} == {
        "2009-05-03": Category.INDEPENDENT,
        "2009": Category.INDEPENDENT,
        "2021-03-03": Category.STATE_AFFILIATED,
        None: Category.STATE_AFFILIATED,
    }
    assert {o.id for o in then.values()} == {"test-daily"}
    assert then["2021-03-03"] is registry.get("test-daily")  # today's is the entry itself
    assert then["2009"] is then["2009-05-03"]  # one copy per category


def _scan(tmp_path: Path) -> tuple[list[str], Path]:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "outlets.local.json").write_text(json.dumps({"outlets": [DAILY]}))
    (tmp_path / "a.txt").write_text(
        "Published March 10, 2023.\n\nThe paper broke the story (Test Daily, May 3, 2009). "
        "It repeated it later (Test Daily, March 3, 2021).\n",
        encoding="utf-8",
    )
    db = ["--db", str(tmp_path / "db" / "p.db")]
    out = tmp_path / "r"
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "a.txt"), *db, "--reports", str(out)])
    assert result.exit_code == 0, result.output
    return db, next(p for p in out.glob("*.md") if p.name != "index.md")


def test_reports_and_export_give_the_category_of_the_day_cited(tmp_path: Path) -> None:
    db, report = _scan(tmp_path)
    text = report.read_text(encoding="utf-8")
    assert (
        "| 1 | Test Daily | Test Daily | test\\-daily.example | 2009-05-03 | independent |" in text
    )
    assert (
        "| 1 | Test Daily | Test Daily | test\\-daily.example | 2021-03-03 | state-affiliated |"
        in (text)
    )
    state_only = text.split("### Claims sourced only to state-owned")[1].split("###")[0]
    assert "It repeated it later." in state_only
    assert "The paper broke the story." not in state_only
    result = CliRunner().invoke(cli, ["export", *db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["date"], r["category"]) for r in rows] == [
        ("2009-05-03", "independent"),
        ("2021-03-03", "state-affiliated"),
    ]


def test_the_report_from_the_database_is_the_scans_own(tmp_path: Path) -> None:
    db, report = _scan(tmp_path)
    scanned = report.read_bytes()
    report.unlink()
    result = CliRunner().invoke(cli, ["report", *db, "--reports", str(report.parent)])
    assert result.exit_code == 0, result.output
    assert report.read_bytes() == scanned


def test_the_outlet_command_shows_the_category_of_the_day_asked(tmp_path: Path) -> None:
    db, _ = _scan(tmp_path)
    lines = {}
    for day in ("2009-05-03", "2021-03-03"):
        result = CliRunner().invoke(cli, ["outlet", "Test Daily", *db, "--date", day])
        assert result.exit_code == 0, result.output
        lines[day] = result.output.splitlines()
    assert lines["2009-05-03"][1].startswith("  independent")
    assert lines["2021-03-03"][1].startswith("  state-affiliated")
    assert "  category by date: independent until 2020-06" in lines["2021-03-03"]


GOLD = Path(__file__).parent / "data" / "gold" / "outlet_categories.tsv"


def _gold_rows() -> list[tuple[str, str | None, str]]:
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            outlet_id, day, category = line.split("\t")
            rows.append((outlet_id, None if day == "-" else day, category))
    return rows


def test_the_bundled_registry_gives_each_outlet_its_category_of_the_day() -> None:
    registry = resolve.load_registry()
    rows = _gold_rows()
    assert len(rows) >= 10
    found = [(o, day, registry.as_of(registry.get(o), day).category.value) for o, day, _ in rows]
    assert found == rows
