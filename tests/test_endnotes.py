"""Endnotes: "official data.[1]" cites what note [1] at the end names.

China Brief and Terrorism Monitor give their sources in numbered notes, and Markdown in
footnotes ("[^1]: …"). Before, such a claim was listed as uncited and each note was a
claim of its own. The gold (tests/data/endnotes/gold.json) gives each document's claims,
their references and its problems.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance import pipeline
from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from provenance.scan import endnotes, ingest
from provenance.scan.extract import find_parentheticals
from provenance.scan.outlets import resolve
from tests.data.warc.corpus import Capture, article
from tests.factories import report_of, scan_markdown

DATA = Path(__file__).parent / "data" / "endnotes"
GOLD = {
    k: v
    for k, v in json.loads((DATA / "gold.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}


@pytest.fixture(scope="module")
def scans() -> dict[str, Any]:
    registry = resolve.load_registry()
    return {
        name: pipeline.scan_document(ingest.read_document(DATA / name), registry) for name in GOLD
    }


def _refs(claim: Any) -> list[list[Any]]:
    return [
        [r.outlet, r.date.iso if r.date else None, r.url, r.title, r.source_kind]
        for r in claim.references
    ]


@pytest.mark.parametrize("name", list(GOLD))
def test_each_claim_cites_what_its_notes_name(scans: dict[str, Any], name: str) -> None:
    got = [[c.text, _refs(c)] for c in scans[name].claims]
    assert got == GOLD[name]["claims"]


@pytest.mark.parametrize("name", list(GOLD))
def test_what_could_not_be_linked_is_said_once(scans: dict[str, Any], name: str) -> None:
    assert scans[name].problems == GOLD[name]["problems"]


@pytest.mark.parametrize("name", list(GOLD))
def test_the_notes_and_their_heading_are_no_claims(scans: dict[str, Any], name: str) -> None:
    texts = [c.text for c in scans[name].claims]
    assert not [t for t in texts if t.startswith("[") and t[1:2].isdigit() or t == "Notes"]
    notes = [p for p in scans[name].parentheticals if p.from_endnote]
    linked = [
        p
        for p in scans[name].parentheticals
        if p.is_citation and p.raw[0] == "[" and not p.from_endnote
    ]
    assert notes or linked, "no marker was linked"
    for paren in linked:  # a marker that is a link cites its page
        assert [r.url for r in paren.references] == [paren.references[0].outlet]
    for paren in notes:  # the marker in the text, its notes as the raw text
        marker = scans[name].document.text[paren.start : paren.end]
        bracketed = marker[:1] + marker[-1:] in ("[]", "()") and len(marker) <= 12
        assert bracketed or marker.translate(endnotes.SUPERSCRIPT_DIGITS).isdigit(), marker
        assert all(line.startswith("[") and "] " in line for line in paren.raw.split("\n"))


def test_a_wrapped_line_that_opens_with_a_marker_is_no_note(scans: dict[str, Any]) -> None:
    """ "Officials in Ouagadougou\\n[2] blamed …": the line opens with marker [2], and the
    note [2] is the last line opening so after it."""
    (claim,) = [c for c in scans["notes-edge.txt"].claims if "Ouagadougou" in c.text]
    assert claim.text.startswith("Officials in Ouagadougou blamed the rise")
    outlets = [r.outlet for r in claim.references]
    assert outlets == ["Terrorism Monitor", "Terrorism Monitor"]  # [2], and [3] "Ibid."


def test_an_author_before_a_quoted_title_is_no_source() -> None:
    text = (
        "Claim one.[1]\n\n[1] John Smith, “The Belt and Road at Seven,” China Brief, "
        "March 3, 2020, https://jamestown.org/program/the-belt/.\n"
    )
    linked = endnotes.link(text, [], 0, [])
    assert linked is not None
    (marker,) = [p for p in linked.parentheticals if p.from_endnote]
    assert [r.outlet for r in marker.references] == ["China Brief"]
    assert marker.references[0].title == "The Belt and Road at Seven"


@pytest.mark.parametrize(
    ("markers", "labels"),
    [
        ("[3]", [["3"]]),
        ("[3, 4]", [["3", "4"]]),
        ("[3–5]", [["3", "4", "5"]]),
        ("[3], [4]", [["3", "4"]]),
        ("[3][4]", [["3", "4"]]),
        ("[3] and [4]", [["3"], ["4"]]),
        ("[^note]", [["^note"]]),
        ("[a link][3]", []),  # a Markdown reference link
        ("[3](https://example.com)", []),
        ("[^3]: a footnote's opening", []),
    ],
)
def test_what_a_marker_points_to(markers: str, labels: list[list[str]]) -> None:
    assert [found for _, _, found in endnotes._markers(f"A claim {markers}.", 0)] == labels


def test_a_document_without_notes_says_its_markers_once() -> None:
    linked = endnotes.link("One [1]. Two [2]. Three [2].", [], 0, [])
    assert linked is not None and linked.skip == []
    assert linked.problems == [
        "endnote markers [1], [2] have no note in the document: the sentences they mark are "
        "not linked to a source"
    ]
    (one,) = endnotes.link("One [1].", [], 0, []).problems  # type: ignore[union-attr]
    assert one.startswith("endnote marker [1] has no note") and "the sentence it marks is" in one
    assert endnotes.link("No brackets at all.", [], 0, []) is None


def test_the_report_shows_each_note_under_its_claim(tmp_path: Path) -> None:
    """The scan renders from its own result and ``report`` from the database: the notes
    (kept as the citations' raw text) give the same bytes both ways."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA, tmp_path / "docs", ignore=shutil.ignore_patterns("*.json"))
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"))
    pipeline.scan([tmp_path / "docs"], settings)
    (text,) = [
        t
        for t in (p.read_text(encoding="utf-8") for p in (tmp_path / "r").glob("china-brief*"))
        if "| Format | txt |" in t
    ]
    claim = text.split("### Claim 5", 1)[1].split("###", 1)[0]
    assert "- Endnote \\[3\\]: " in claim and "People's Daily, February 21, 2020." in claim
    assert "- Endnote \\[4\\]: Author's interview, Beijing, January 2020." in claim
    first = text.split("### Claim 2", 1)[1].split("###", 1)[0]
    assert "\nEndnote \\[1\\]: " in first and "Cited as" not in text
    uncited = text.split("### Uncited checkable claims", 1)[1].split("###", 1)[0]
    assert "None." in uncited
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("#### Claim 5\n", 1)[1].split("\n\n## Citation forms", 1)[0]
    block = re.split(r"\n#{2,3} ", text.split("### Claim 5\n", 1)[1], maxsplit=1)[0]
    assert example.strip() == block.strip(), "the README's endnote example is not the report's"
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "provenance", "report", "--db", settings.db, "--reports", again],
        check=True,
        capture_output=True,
    )
    for report in (tmp_path / "r").glob("*.md"):
        if report.name != "index.md":
            assert (again / report.name).read_bytes() == report.read_bytes(), report.name


def test_the_note_is_stored_as_the_citation(tmp_path: Path) -> None:
    settings = scan_markdown(
        tmp_path,
        "Exports rose by a fifth.[^1]\n\n[^1]: Xinhua, March 3, 2023.",
        "2023-03-10",
    )
    db = Database(settings.db)
    (row,) = db.query("select raw, kind from citation_texts")
    assert row == {"raw": "[^1] Xinhua, March 3, 2023.", "kind": "citation"}
    (claim,) = db.query("select text, n_references from claim_texts")
    assert claim == {"text": "Exports rose by a fifth.", "n_references": 1}
    assert "Endnote \\[^1\\]: Xinhua, March 3, 2023." in report_of(tmp_path)


def test_a_note_with_an_address_is_checked_at_it(tmp_path: Path, ia_archive: Any) -> None:
    """The note's URL is the article: the check asks for it, not for the whole site."""
    page = "https://www.reuters.com/world/sahel-attacks-double-idUS1"
    claim = "Attacks by militants in Burkina Faso doubled in the year to March"
    ia_archive.captures.append(
        Capture(page, "20230303120000", article("Sahel", "2023-03-03", [claim]))
    )
    body = f"{claim}.[1]\n\nNotes\n\n[1] “Sahel attacks double,” Reuters, March 3, 2023, {page}."
    settings = scan_markdown(tmp_path, body, "2023-03-10")
    db = Database(settings.db)
    archive = {"cdx_url": ia_archive.cdx_url, "replay_url": ia_archive.replay_url}
    given = Settings(db=settings.db, reports=settings.reports, rate_limits={}, **archive)
    check.run_check(db, dataclasses.replace(given, content_check=True))
    (result,) = checkstore.load_checks(db).values()
    assert result.status == "verified", result
    assert result.best.original_url == page
    asked = [q.path for q in ia_archive.cdx_requests()]
    assert asked and all("sahel-attacks-double" in q for q in asked), asked


@pytest.mark.parametrize("name", list(GOLD))
def test_every_outlet_points_at_its_name_in_the_note(scans: dict[str, Any], name: str) -> None:
    """A note's lead-in and asides are blanked, not cut: offsets still point into the text.
    A marker that is a link names no outlet: its reference is the page, at the marker."""
    text = scans[name].document.text
    for claim in scans[name].claims:
        for ref in claim.references:
            written = text[ref.outlet_start : ref.outlet_end]
            assert written == ref.outlet or (ref.outlet == ref.url and written[0] == "[")


@pytest.mark.parametrize(
    ("note", "prefix"),
    [
        ("See: Xinhua, March 3, 2020.", "see"),
        ("See, for example: Xinhua, March 3, 2020.", "see"),
        ("For example, see: Xinhua, March 3, 2020.", "see"),
        ("For example: Xinhua, March 3, 2020.", None),
        ("Xinhua, March 3, 2020 (in Chinese).", None),
    ],
)
def test_a_lead_in_is_read_as_the_signal_it_gives(note: str, prefix: str | None) -> None:
    import datetime as dt

    linked = endnotes.link(f"A claim.[1]\n\n[1] {note}\n", [], 0, [], dt.date(2020, 3, 20))
    assert linked is not None
    (marker,) = [p for p in linked.parentheticals if p.from_endnote]
    (ref,) = marker.references
    assert (ref.outlet, ref.date.iso if ref.date else None, ref.prefix) == (
        "Xinhua",
        "2020-03-03",
        prefix,
    )


@pytest.mark.parametrize(
    ("heading", "notes"),
    [
        ("Notes", "1. TASS, March 3, 2020.\n2. Interfax, March 5, 2020."),
        ("## Endnotes:", "1. TASS, March 3, 2020.\n2. Interfax, March 5, 2020."),
        ("Примечания", "1. ТАСС, 3 марта 2020.\n2. Интерфакс, 5 марта 2020."),
        ("注释：", "1. 新华社, 2020年3月3日.\n2. 人民日报, 2020年3月5日."),
    ],
)
def test_a_numbered_list_under_a_notes_line_is_the_notes(heading: str, notes: str) -> None:
    text = f"Exports fell.[1] Imports rose.[2]\n\n{heading}\n\n{notes}\n"
    linked = endnotes.link(text, [], 0, [])
    assert linked is not None and linked.problems == []
    cited = [p for p in linked.parentheticals if p.from_endnote]
    assert [len(p.references) for p in cited] == [1, 1]
    assert linked.skip[0][0] == text.index(heading)  # the heading is no claim either
    plain = endnotes.link(f"Exports fell.[1] Imports rose.[2]\n\n{notes}\n", [], 0, [])
    assert plain is not None and not [p for p in plain.parentheticals if p.from_endnote]


@pytest.mark.parametrize(
    "notes",
    [
        "1. TASS, March 3, 2020.\n2. Interfax, March 5, 2020.",
        "(1) TASS, March 3, 2020.\n(2) Interfax, March 5, 2020.",
    ],
)
def test_a_parenthesized_marker_points_to_its_note(notes: str) -> None:
    text = f"Exports fell.(1) Imports rose (2).\n\nNotes\n\n{notes}\n"
    parens = ingest_parens(text)
    linked = endnotes.link(text, parens, 0, [])
    assert linked is not None and linked.problems == []
    cited = [p for p in linked.parentheticals if p.from_endnote]
    assert [(text[p.start : p.end], [r.outlet for r in p.references]) for p in cited] == [
        ("(1)", ["TASS"]),
        ("(2)", ["Interfax"]),
    ]
    assert len(linked.parentheticals) == 2  # each marker's parenthetical is its citation


@pytest.mark.parametrize(
    "text",
    [
        # an enumeration, with notes that nothing points to
        "The plan had two aims: (1) a map, and (2) crossings.\n\nNotes\n\n1. TASS, March 3.\n",
        # markers, but no notes: numbers in brackets
        "Exports fell.(1) Imports rose (2).\n",
        # a list in the body is no notes, even after a marker
        "Exports fell.(1)\n\n(1) more exports;\n(2) fewer imports.\n",
    ],
    ids=["enumeration", "no-notes", "body-list"],
)
def test_numbers_in_brackets_are_no_markers_without_notes_for_them(text: str) -> None:
    linked = endnotes.link(text, ingest_parens(text), 0, [])
    assert linked is None or not [p for p in linked.parentheticals if p.from_endnote]
    assert linked is None or linked.problems == []


def ingest_parens(text: str) -> list[Any]:
    """The parentheticals of ``text`` as a scan finds them."""
    return find_parentheticals(text)


def test_a_marker_is_no_number_and_an_unread_note_is_still_a_citation(tmp_path: Path) -> None:
    """ "Scholars had predicted as much.[20]" with a note naming a journal was listed as an
    uncited claim stating a number: the number was its marker."""
    from provenance.report.facts import checkable_facts

    assert checkable_facts("The army said the raids had ended [7].") == []
    assert checkable_facts("He won 12 seats [3].") == ["number"]
    settings = scan_markdown(
        tmp_path,
        "Scholars had predicted as much.[1]\n\n[1] Jane Roe, “Xi’s Navy,” Naval War "
        "College Review 73, no. 2 (2020): 1–20.",
        "2023-03-10",
    )
    report = report_of(tmp_path)
    claim = report.split("### Claim 1", 1)[1].split("## Findings", 1)[0]
    assert "> Scholars had predicted as much.\n" in claim
    assert "Endnote \\[1\\]: Jane Roe" in claim and "No outlet could be read" in claim
    assert "names no source that could be read" in report  # and the document problem says so
    (row,) = Database(settings.db).query("select n_citations, n_references from claim_texts")
    assert row == {"n_citations": 1, "n_references": 0}
