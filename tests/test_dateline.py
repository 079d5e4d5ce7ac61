"""Tests for provenance.scan.dateline: a publication date on a line of its own at the top."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import provenance
from provenance.scan import dateline, ingest

D = dt.date
BODY = "The ministry said the plan was dead (Reuters, October 20).\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Publication Date 17 November 2016", D(2016, 11, 17)),
        ("Published: November 17, 2016", D(2016, 11, 17)),
        ("Date: 2016-11-17", D(2016, 11, 17)),
        ("**Published:** 17.11.2016", D(2016, 11, 17)),
        ("*Posted on 5 March 2017*", D(2017, 3, 5)),
        ("By Umed Partov, November 17, 2016", D(2016, 11, 17)),
        ("By Umed Partov | 17 November 2016", D(2016, 11, 17)),
        ("November 17, 2016", D(2016, 11, 17)),
        ("Friday, November 17, 2016, 13:47 GMT", D(2016, 11, 17)),
        ("05.11.2016", D(2016, 11, 5)),  # day first, as the region writes it
        ("Опубликовано: 17 ноября 2016", D(2016, 11, 17)),
        ("Дата публікації: 17 листопада 2016", D(2016, 11, 17)),
        # not a publication date line
        ("November 2016", None),  # a month dates no document
        ("Published: November 17", None),  # no year
        ("The war began on November 17, 2016", None),  # prose holding a date
        ("Last Updated: 17 November 2016", None),  # an update is no publication
        ("Date: to be announced", None),
        ("31.02.2016", None),
    ],
)
def test_line_date(line: str, expected: dt.date | None) -> None:
    found = dateline.find_dateline(f"{line}\n\n{BODY}", 0, 200)
    assert (found.date if found else None) == expected
    if found:
        assert f"{line}\n\n{BODY}"[found.start : found.end] == line


def test_only_the_top_is_read() -> None:
    prose = "A long paragraph of the body that goes on and on about the region. " * 4
    text = f"Title\n\n{prose}\n\nNovember 17, 2016\n"
    assert dateline.find_dateline(text, 0, len(text)) is None
    many = "".join(f"Line {i}\n" for i in range(dateline.MAX_LINES)) + "November 17, 2016\n"
    assert dateline.find_dateline(many, 0, len(many)) is None


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_dateline_dates_the_document_and_is_no_claim(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    title = "# A Title Here" if suffix == ".md" else "A Title Here"
    path.write_text(f"{title}\n\nPublished: November 17, 2016\n\n{BODY}", encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.published == D(2016, 11, 17)
    assert doc.meta.sources["published"] == f"{suffix[1:]}-dateline"
    assert doc.meta.title == "A Title Here"
    result = provenance.scan_document(path)
    assert [c.text for c in result.claims] == ["The ministry said the plan was dead."]
    (ref,) = result.claims[0].references
    assert ref.date is not None and ref.date.iso == "2016-10-20"  # year from the dateline


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # a timeline: dates heading its entries, the first no publication date
        ("a.txt", f"Timeline\n\nMarch 3, 2014\n\n{BODY}\nApril 7, 2014\n\n{BODY}"),
        ("a.md", f"# Key dates\n\n* March 3, 2014\n* April 7, 2014\n\n{BODY}"),  # a list
        ("a.md", f"# Key dates\n\n* March 3, 2014\n\n{BODY}"),  # a list item
        ("a.md", f"# Key dates\n\nMarch 3, 2014\n\n- April 7, 2014\n\n{BODY}"),
        ("a.md", f"# T\n\n| Date |\n|---|\n| March 3, 2014 |\n| April 7, 2014 |\n\n{BODY}"),
    ],
    ids=["timeline", "list", "list-item", "date-then-list", "table"],
)
def test_a_list_of_dates_is_no_dateline(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert ingest.read_document(path).meta.published is None


def test_a_date_first_line_is_no_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"November 17, 2016\n\n{BODY}", encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.published == D(2016, 11, 17)
    assert doc.meta.title != "November 17, 2016"


def test_a_declared_date_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ndate: 2015-01-02\n---\n\nDate: 2016-11-17\n\n{BODY}", encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.published == D(2015, 1, 2)
    assert doc.meta.sources["published"] == "front-matter"


def test_last_updated_below_a_title_takes_no_body_line_as_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"A Title Here\n\nLast Updated: 17 November 2016\n\n{BODY}", encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.title == "A Title Here"
    assert doc.meta.updated == D(2016, 11, 17)
    result = provenance.scan_document(path)
    assert [c.text for c in result.claims] == ["The ministry said the plan was dead."]


def test_a_title_line_right_above_the_dateline_is_the_title(tmp_path: Path) -> None:
    """With no blank line between them, the title was no title and became a claim."""
    path = tmp_path / "a.txt"
    path.write_text(f"A Title Here\nPublished: November 17, 2016\n\n{BODY}", encoding="utf-8")
    doc = ingest.read_document(path)
    assert (doc.meta.title, doc.meta.published) == ("A Title Here", D(2016, 11, 17))
    result = provenance.scan_document(path)
    assert [c.text for c in result.claims] == ["The ministry said the plan was dead."]
