"""Date forms of a citation against gold (tests/data/date_forms.json): clock times after a
date, parts of a month ("late October"), "the same day", and forms that must not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.scan import ingest
from provenance.scan.outlets import resolve

GOLD = Path(__file__).resolve().parent / "data" / "date_forms.json"
CASES = json.loads(GOLD.read_text(encoding="utf-8"))
#: The documents' date: years are inferred from it ("May 3" → 2016-05-03).
HEAD = "---\ndate: 2016-11-17\n---\n\nOfficials said so "


def _refs(tmp_path: Path, paren: str) -> list[list[str | None]]:
    """The (outlet, ISO date) of each reference of a document citing with ``paren``."""
    path = tmp_path / "doc.md"
    path.write_text(f"{HEAD}{paren}.\n", encoding="utf-8")
    result = pipeline.scan_document(ingest.read_document(path), resolve.load_registry())
    return [[r.outlet, r.date.iso if r.date else None] for c in result.claims for r in c.references]


def test_the_gold_is_read_whole() -> None:
    assert len(CASES) >= 40
    assert sum(not case["expect"] for case in CASES) >= 10  # negatives
    assert all(set(case) == {"paren", "expect"} for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["paren"] for case in CASES])
def test_date_form(tmp_path: Path, case: dict) -> None:
    assert _refs(tmp_path, case["paren"]) == case["expect"]


def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The comparison bites: a clock time read as more days would not pass."""
    assert _refs(tmp_path, "(TASS, May 3, 14:05)") != [
        ["TASS", "2016-05-03"],
        ["TASS", "2016-05-14"],
        ["TASS", "2016-05-05"],
    ]
