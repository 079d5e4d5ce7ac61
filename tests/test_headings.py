"""Headings and title lines are metadata, not claims: gold tables per format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.config import Settings
from provenance.scan import headings, ingest
from provenance.scan.outlets import resolve
from provenance.store import scans as store

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests/data/docs/headings"
GOLD = json.loads((ROOT / "tests/data/gold/headings.json").read_text(encoding="utf-8"))["files"]


@pytest.fixture(scope="module")
def registry() -> resolve.Registry:
    return resolve.load_registry()


@pytest.mark.parametrize("name", sorted(GOLD))
def test_claims_and_title_against_gold(name: str, registry: resolve.Registry) -> None:
    gold = GOLD[name]
    doc = ingest.read_document(DOCS / name)
    result = pipeline.scan_document(doc, registry)
    assert [[c.paragraph, c.sentence, c.text] for c in result.claims] == gold["claims"]
    assert doc.meta.title == gold["title"]
    assert doc.meta.sources.get("title") == gold["title_source"]
    for claim in result.claims:
        assert not re.match(r"#+(\s|$)", claim.text), claim.text  # no heading marks


@pytest.mark.parametrize(
    ("first_line", "is_title"),
    [
        ("Dushanbe Hosts a Drill", True),
        ("Why Is Moscow Silent?", True),
        ("“Quoted” Title: With a Subtitle", True),
        ("This line is a sentence.", False),
        ("a line starting in lowercase", False),
        ("A label line:", False),
        ("2016", False),
        ("Word " * 31, False),
        ("A" * 201, False),
    ],
)
def test_txt_title_line(first_line: str, is_title: bool) -> None:
    text = f"{first_line}\n\nThe body follows here.\n"
    found = headings.txt_title_line(text)
    assert (found is not None) is is_title
    if found:
        assert text[found.start : found.end] == first_line.strip() == found.text


def test_txt_title_line_needs_a_break_and_a_body() -> None:
    assert headings.txt_title_line("A Wrapped Line\nof one paragraph.\n") is None
    assert headings.txt_title_line("Only A Title\n") is None
    assert headings.txt_title_line("\n\n  Late Title  \n\nBody.", 0).text == "Late Title"


def test_a_hard_wrapped_first_line_is_no_title() -> None:
    """Its rest goes on in lower case on the next line: it was taken for the title, and
    the text's first claim began mid-sentence."""
    first = "Russian forces reinforced the 102nd military base in Gyumri after the clashes, and"
    rest = "officials in Yerevan said they had not been consulted in advance about the move"
    rest += " of the troops at all (TASS)."  # a long line: over 100 characters
    assert headings.txt_title_line(f"{first}\n{rest}\n") is None
    assert headings.txt_title_line(f"A Title\nThe {rest}\n") is not None


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# One\n", [(1, "One")]),
        ("###### Six ######\n", [(6, "Six")]),
        ("####### seven is no heading\n", []),
        ("#no space\n", []),
        ("    # code\n", []),
        ("Title\n=====\n", [(1, "Title")]),
        ("Sub\n---\n", [(2, "Sub")]),
        ("one\ntwo\n---\n", []),
        ("- a list item\n---\n", []),
    ],
)
def test_markdown_headings(markdown: str, expected: list[tuple[int, str]]) -> None:
    found = headings.markdown_headings(markdown)
    assert [(h.level, h.text) for h in found] == expected


def test_index_names_a_txt_document_by_its_title_line(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"))
    db = store.open_db(settings.db)
    summary = pipeline.scan([DOCS / "article.txt"], settings, db=db)
    assert summary.scanned == 1
    index = (tmp_path / "reports" / "index.md").read_text(encoding="utf-8")
    assert "Dushanbe Hosts a Drill" in index
    assert str(DOCS) not in index and "article.txt" not in index
