"""A citation that names its source's own source ("via Reuters", "citing the General
Staff") is shown as written under its claim: the reference table lists only the source
cited, and the reviewer should see what it rests on. Gold: tests/data/source_notes.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import provenance
from provenance.config import Settings
from provenance.report.reftable import UPSTREAM_NOTE

GOLD = json.loads(Path(__file__).with_name("data").joinpath("source_notes.json").read_text("utf-8"))
CASES = GOLD["cases"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    """The report of one document holding every case, one claim a paragraph."""
    top = tmp_path_factory.mktemp("notes")
    body = "\n\n".join(case["claim"] for case in CASES)
    (top / "doc.md").write_text(f"---\npublished: 2016-11-17\n---\n{body}\n", encoding="utf-8")
    settings = Settings(db=str(top / "p.db"), reports=str(top / "reports"))
    summary = provenance.scan(str(top / "doc.md"), settings)
    assert summary.errors == []
    return (top / "reports" / "doc.md").read_text(encoding="utf-8")


def claim_block(report: str, number: int) -> str:
    m = re.search(rf"^### Claim {number}\n(.*?)(?=^### |^## )", report, re.S | re.M)
    assert m, f"claim {number} is not in the report"
    return m.group(1)


@pytest.mark.parametrize("number", range(1, len(CASES) + 1))
def test_a_citation_naming_its_sources_source_is_shown_as_written(report, number) -> None:
    case = CASES[number - 1]
    block = claim_block(report, number)
    shown = [
        re.sub(r"\\(.)", r"\1", line)  # as GitHub shows it: Markdown escapes undone
        for line in block.splitlines()
        if line.startswith("Cited as:")
    ]
    assert shown == ([case["shown"]] if case["shown"] else []), case["claim"]
    assert "| 1 |" in block  # its sources are read into the table all the same


def test_the_note_is_said_once_when_some_claim_shows_its_citation(report) -> None:
    assert report.count(UPSTREAM_NOTE) == 1


def test_no_note_without_such_a_citation(tmp_path) -> None:
    plain = [c["claim"] for c in CASES if c["shown"] is None]
    (tmp_path / "doc.md").write_text(
        "---\npublished: 2016-11-17\n---\n" + "\n\n".join(plain) + "\n", encoding="utf-8"
    )
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"))
    provenance.scan(str(tmp_path / "doc.md"), settings)
    text = (tmp_path / "reports" / "doc.md").read_text(encoding="utf-8")
    assert "Cited as:" not in text and UPSTREAM_NOTE not in text
