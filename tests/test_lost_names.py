"""A citation whose source's name was lost: "(, April 8)", "(Kommersant, May 5; , May 6)".

Text copied from a web page often loses the outlets that were links and keeps their
dates. The claim is cited all the same (it is no uncited claim), the date is nobody's
(it does not go to the outlet before it), and the document's problems say where.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance import pipeline
from provenance.config import Settings
from provenance.models import ParenKind
from provenance.report.findings import find_findings
from provenance.scan import ingest
from provenance.scan.outlets import resolve

HEAD = "Lost names\n\nPublication date: 17 November 2016\n\n"


def _scan(tmp_path: Path, body: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return pipeline.scan_document(ingest.read_document(path), resolve.load_registry())


def _refs(result) -> list[tuple[str, str | None]]:
    return [(r.outlet, r.date.iso if r.date else None) for c in result.claims for r in c.references]


@pytest.mark.parametrize(
    "citation, refs, lost",
    [
        ("(, April 8)", [], ", April 8"),
        ("(, April 8, 2016)", [], ", April 8, 2016"),
        ("(see , October 3)", [], "see , October 3"),
        ("(Kommersant, May 5; , May 6)", [("Kommersant", "2016-05-05")], ", May 6"),
        ("(, May 6; Kommersant, May 5)", [("Kommersant", "2016-05-05")], ", May 6"),
        (
            "(Kommersant, May 5; , May 6; Vedomosti, May 7)",
            [("Kommersant", "2016-05-05"), ("Vedomosti", "2016-05-07")],
            ", May 6",
        ),
    ],
)
def test_a_date_with_no_name_is_a_citation_of_nobody(tmp_path, citation, refs, lost) -> None:
    result = _scan(tmp_path, f"The troops left the valley {citation}. Nothing else happened.")
    assert _refs(result) == refs
    (paren,) = result.parentheticals
    assert paren.kind is ParenKind.CITATION
    said = [p for p in result.problems if "no source named" in p]
    assert said == [
        f"a citation at line 5 gives a date with no source named: {lost!r} "
        "(the name was probably a link, lost when the text was copied)"
    ]


def test_the_claim_is_cited_not_an_uncited_checkable_fact(tmp_path) -> None:
    result = _scan(tmp_path, "About 900 people were hurt in 2016 (, April 8). Calm returned.")
    findings = find_findings(result)
    assert findings.uncited_checkable == []
    assert [c.text for c in result.claims if c.citations] == ["About 900 people were hurt in 2016."]
    assert any("', April 8'" in p for p in findings.problems)


def test_the_report_says_the_name_was_lost(tmp_path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + "The troops left (, April 8). They came back (Kommersant, May 5).\n")
    out = tmp_path / "r"
    pipeline.scan([path], Settings(db=str(tmp_path / "p.db"), reports=str(out)))
    text = (out / "doc.md").read_text(encoding="utf-8")
    claim = text.split("### Claim 1\n")[1].split("###")[0]
    assert "No source is named: its name was probably a link, lost when" in claim
    assert "No outlet could be read" not in text


@pytest.mark.parametrize(
    "citation, refs",
    [
        # a date group after a named one continues its outlet: nothing was lost
        (
            "(Interfax, March 3, 2014; June 9, 2016)",
            [("Interfax", "2014-03-03"), ("Interfax", "2016-06-09")],
        ),
        ("(News.tj, October 20, 21)", [("News.tj", "2016-10-20"), ("News.tj", "2016-10-21")]),
    ],
)
def test_a_date_group_after_a_name_still_continues_it(tmp_path, citation, refs) -> None:
    result = _scan(tmp_path, f"The troops left the valley {citation}.")
    assert _refs(result) == refs
    assert not [p for p in result.problems if "no source named" in p]


@pytest.mark.parametrize("aside", ["(e.g., May 5)", "(,)", "(, and later)", "(May 5)"])
def test_no_lost_name_where_no_date_follows_a_bare_comma(tmp_path, aside) -> None:
    result = _scan(tmp_path, f"The troops came back several times {aside}.")
    assert all(p.kind is not ParenKind.CITATION for p in result.parentheticals)
    assert not [p for p in result.problems if "no source named" in p]
