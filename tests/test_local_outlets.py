"""A user's own outlets (``outlets.local.json`` next to the database) count everywhere the
stored references are read: the reports, ``export`` and ``summary`` alike. ``export`` and
``summary`` read them with the bundled registry only, so a user's Telegram channel was
"not in the registry" there while the report placed it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import cli

CHANNEL = {
    "id": "two-majors",
    "name": "Two Majors",
    "category": "unknown",
    "aliases": ["Two Majors", "Dva Mayora", "Два майора"],
    "domains": [
        {"domain": "t.me", "path": "/dva_majors"},
        {"domain": "t.me", "path": "/s/dva_majors"},
    ],
}


def _scanned(tmp_path: Path, cited: str = "Dva Mayora, March 3") -> list[str]:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "outlets.local.json").write_text(json.dumps({"outlets": [CHANNEL]}))
    (tmp_path / "a.txt").write_text(
        f"Published March 10, 2023.\n\nThe front moved ({cited}).\n", encoding="utf-8"
    )
    db = ["--db", str(tmp_path / "db" / "p.db")]
    result = CliRunner().invoke(
        cli, ["scan", str(tmp_path / "a.txt"), *db, "--reports", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    return db


def test_export_places_a_users_outlet(tmp_path: Path) -> None:
    db = _scanned(tmp_path)
    result = CliRunner().invoke(cli, ["export", *db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["outlet_id"], row["outlet_name"], row["domain"]) == (
        "two-majors",
        "Two Majors",
        "t.me",
    )


def test_summary_does_not_call_a_users_outlet_unknown(tmp_path: Path) -> None:
    db = _scanned(tmp_path)
    report = next(p for p in (tmp_path / "r").glob("*.md") if p.name != "index.md")
    assert "| Outlets not in the registry | 0 |" in report.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", *db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["counts"]["unknown_outlets"], found["unknown_outlets"]) == (0, [])
    assert found["single_source"][0]["sources"] == ["Two Majors"]  # its canonical name


def test_a_users_channel_beside_its_platform_is_that_channel(tmp_path: Path) -> None:
    """ "(Dva Mayora, Telegram, …)" is the user's channel on t.me, as "Dva Mayora" is."""
    db = _scanned(tmp_path, "Dva Mayora, Telegram, March 3")
    result = CliRunner().invoke(cli, ["export", *db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["outlet"], row["outlet_id"], row["domain"]) == (
        "Dva Mayora, Telegram",
        "two-majors",
        "t.me",
    )


def test_a_users_outlet_may_stand_with_only_a_year(tmp_path: Path) -> None:
    """ "(Kolokol, 2016)" is a citation when the registry knows Kolokol, as "(Kommersant,
    2016)" is: a name with only a year is a source only when it is an outlet's. The
    grammar asked the bundled registry alone, so a user's outlet was dropped."""
    kolokol = {
        "id": "kolokol",
        "name": "Kolokol",
        "category": "independent",
        "aliases": ["Kolokol"],
        "domains": [{"domain": "kolokol.example"}],
    }
    (tmp_path / "db").mkdir()
    text = "Published March 10, 2023.\n\nThe front moved (Kolokol, 2016).\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "db" / "p.db"

    def references() -> list[tuple[str, str | None]]:
        result = CliRunner().invoke(
            cli,
            ["scan", str(tmp_path / "a.txt"), "--db", str(db), "--reports", str(tmp_path / "r")],
        )
        assert result.exit_code == 0, result.output
        out = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json"])
        return [(r["outlet"], r["outlet_id"]) for r in json.loads(out.stdout)]

    assert references() == []  # an unknown name with a year: an aside, not a citation
    (tmp_path / "db" / "outlets.local.json").write_text(json.dumps({"outlets": [kolokol]}))
    assert references() == [("Kolokol", "kolokol")]  # a changed registry scans again
