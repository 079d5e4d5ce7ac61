"""What a claim reads like when the page or Markdown file marks its text up: line breaks
(<br>), Markdown quotes, emphasis, code and inline HTML. Each case is checked on the
claims a scan makes and the citations they keep, not only on the document text."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance import pipeline
from provenance.scan import ingest, resolve

REGISTRY = resolve.load_registry()


def claims_of(path: Path) -> list[tuple[str, list[str]]]:
    """``(claim text, [outlet as written, ...])`` of each claim a scan of ``path`` makes."""
    result = pipeline.scan_document(ingest.read_document(path), REGISTRY)
    return [
        (claim.text, [ref.outlet for paren in claim.parentheticals for ref in paren.references])
        for claim in result.claims
    ]


def scan_html(tmp_path: Path, body: str) -> list[tuple[str, list[str]]]:
    """The claims of a page whose <article> holds ``body``."""
    page = tmp_path / "a.html"
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    return claims_of(page)


# ---------------------------------------------------------------- <br>


@pytest.mark.parametrize(
    ("body", "claims"),
    [
        (
            "<p>The minister said on Monday that<br>the plan was dead (TASS, May 3).</p>",
            [("The minister said on Monday that the plan was dead.", ["TASS"])],
        ),
        (
            "<p>On Monday,<br>President Tokayev signed the decree (Kazinform, May 5).</p>",
            [("On Monday, President Tokayev signed the decree.", ["Kazinform"])],
        ),
        (  # hard-wrapped at 70 characters, <br><br> between paragraphs
            "<p>Kazakhstan's parliament voted on the bill late on Friday after a long\n"
            "<br>\nCommittee debate and a heated session (Vlast.kz, May 6). The president<br>"
            "is expected to sign it.<br> <br>\nA second paragraph (Azattyq, May 7).</p>",
            [
                (
                    "Kazakhstan's parliament voted on the bill late on Friday after a long "
                    "Committee debate and a heated session.",
                    ["Vlast.kz"],
                ),
                ("The president is expected to sign it.", []),
                ("A second paragraph.", ["Azattyq"]),
            ],
        ),
        (  # a dateline stands apart from the sentence after it
            "<p>ASTANA, May 5<br>Officials closed the border post (Kazinform, May 5).</p>",
            [("ASTANA, May 5", []), ("Officials closed the border post.", ["Kazinform"])],
        ),
        (  # a lead-in and a list of short lines: a paragraph each
            "<p>Exports fell:<br>Wheat<br>Cotton (Reuters, May 8)<br>Gas</p>",
            [("Exports fell:", []), ("Wheat", []), ("Cotton", ["Reuters"]), ("Gas", [])],
        ),
        (  # a citation ends its line: no run-on sentence with the next one
            "<p>They denied it (RFE/RL, May 9)<br>New data show growth (Interfax, May 9).</p>",
            [("They denied it", ["RFE/RL"]), ("New data show growth.", ["Interfax"])],
        ),
        (  # a link across a joined <br> stays one link
            '<p>It was <a href="https://tass.ru/a">reported<br>by TASS</a> on May 3.</p>',
            [("It was reported by TASS on May 3.", [])],
        ),
    ],
    ids=[
        *("mid-sentence", "after-comma", "hard-wrapped", "dateline", "list"),
        *("citation-ends", "link"),
    ],
)
def test_line_breaks(tmp_path: Path, body: str, claims: list[tuple[str, list[str]]]) -> None:
    assert scan_html(tmp_path, body) == claims


def test_joined_line_break_keeps_link_offsets(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        '<p>Said <a href="https://tass.ru/a">on<br>the day</a> that<br>it <a href="/b">was'
        "<br><br>over</a>.</p>",
        encoding="utf-8",
    )
    doc = ingest.read_document(page)
    assert doc.text == "Said on the day that it was\n\nover."
    assert [(doc.text[k.start : k.end], k.text) for k in doc.links] == [
        ("on the day", "on the day"),
        ("was", "was"),
        ("over", "over"),
    ]
