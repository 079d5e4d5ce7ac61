"""What a claim reads like when the page or Markdown file marks its text up: line breaks
(<br>), Markdown quotes, emphasis, code and inline HTML. Each case is checked on the
claims a scan makes and the citations they keep, not only on the document text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import pipeline
from provenance.scan import ingest, mdinline
from provenance.scan.outlets import resolve
from tests.factories import report_of, scan_markdown

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
            "<p>Exports fell:<br>Wheat<br>Cotton (Reuters, May 8)<br>Gas</p><p>Imports:<br>"
            "oil<br>grain</p><p>Officials said<br>it is over.</p>",
            [
                *[("Exports fell:", []), ("Wheat", []), ("Cotton", ["Reuters"]), ("Gas", [])],
                *[("Imports:", []), ("oil", []), ("grain", [])],
                ("Officials said it is over.", []),
            ],
        ),
        (  # a citation ends its line: no run-on sentence with the next one
            "<p>They denied it (RFE/RL, May 9)<br>New data show growth (Interfax, May 9).</p>",
            [("They denied it", ["RFE/RL"]), ("New data show growth.", ["Interfax"])],
        ),
        (  # a lower-case word goes on with the sentence, after a citation or "U.S." too
            "<p>The base grew (Regnum, Oct. 18)<br>and the U.S.<br>officials said so.</p>",
            [("The base grew and the U.S. officials said so.", ["Regnum"])],
        ),
        (  # a link across a joined <br> stays one link
            '<p>It was <a href="https://tass.ru/a">reported<br>by TASS</a> on May 3.</p>',
            [("It was reported by TASS on May 3.", [])],
        ),
    ],
    ids=[
        *("mid-sentence", "after-comma", "hard-wrapped", "dateline", "list"),
        *("citation-ends", "lower-case-goes-on", "link"),
    ],
)
def test_line_breaks(tmp_path: Path, body: str, claims: list[tuple[str, list[str]]]) -> None:
    assert scan_html(tmp_path, body) == claims


def test_joined_line_break_keeps_link_offsets(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        '<p>The minister of defence said <a href="https://tass.ru/a">on<br>the day</a> that the '
        'plan for it<br>was <a href="/b">dead<br><br>over</a>.</p>',
        encoding="utf-8",
    )
    doc = ingest.read_document(page)
    assert (
        doc.text == "The minister of defence said on the day that the plan for it was dead\n\nover."
    )
    assert [(doc.text[k.start : k.end], k.text) for k in doc.links] == [
        ("on the day", "on the day"),
        ("dead", "dead"),
        ("over", "over"),
    ]


# ---------------------------------------------------------------- Markdown


def scan_md(tmp_path: Path, body: str) -> list[tuple[str, list[str]]]:
    """The claims of a Markdown file whose body is ``body``."""
    path = tmp_path / "a.md"
    path.write_text(f"---\ndate: 2016-11-17\n---\n\n{body}\n", encoding="utf-8")
    return claims_of(path)


@pytest.mark.parametrize(
    ("body", "claims"),
    [
        (
            "> The minister said the plan was dead (TASS, May 3).\n"
            "> > He added that nothing would change (RIA Novosti, May 4).",
            [
                ("The minister said the plan was dead.", ["TASS"]),
                ("He added that nothing would change.", ["RIA Novosti"]),
            ],
        ),
        (
            "The __border__ post was _closed_ on **Monday** by *the* ***army*** "
            "(Kazinform, May 5).",
            [("The border post was closed on Monday by the army.", ["Kazinform"])],
        ),
        (  # intraword underscores and asterisks stay, and so does code's text
            "The `file_name` of snake_case_var and __init__.py stay, as do 2*3*4, a * b "
            "and the marker* (TASS, May 5).",
            [
                (
                    "The file_name of snake_case_var and __init__.py stay, as do 2*3*4, a * b "
                    "and the marker*.",
                    ["TASS"],
                )
            ],
        ),
        (
            'Officials <span class="x">confirmed</span> it.<sup>3</sup> They said `*so*` '
            "<!-- a note -->again (Reuters, May 6).",
            [("Officials confirmed it.³", []), ("They said *so* again.", ["Reuters"])],
        ),
        (  # emphasis around a citation, and over a wrapped line
            "*The talks failed*\n*on Monday* (*Kommersant*, May 7).",
            [("The talks failed on Monday.", ["Kommersant"])],
        ),
    ],
    ids=["quotes", "emphasis", "intraword", "html-and-code", "wrapped"],
)
def test_markdown_inline_syntax(
    tmp_path: Path, body: str, claims: list[tuple[str, list[str]]]
) -> None:
    assert scan_md(tmp_path, body) == claims


def test_markdown_links_keep_their_urls_through_the_cleaning(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ndate: 2016-11-17\n---\n\n> A [report](https://tass.ru/a_b_) by "
        '**[TASS](https://tass.com/x)** and <a href="https://rbc.ru/1">*RBC*</a> said so.\n',
        encoding="utf-8",
    )
    doc = ingest.read_document(path)
    assert doc.text.endswith("\n\nA report by TASS and RBC said so.\n")
    assert [(doc.text[k.start : k.end], k.text, k.url) for k in doc.links] == [
        ("report", "report", "https://tass.ru/a_b_"),
        ("TASS", "TASS", "https://tass.com/x"),
        ("RBC", "RBC", "https://rbc.ru/1"),
    ]


def test_a_link_in_a_code_span_is_code_not_a_link(tmp_path: Path) -> None:
    """A code span's text is literal (CommonMark): "`[x](https://...)`" became a link of
    the document, and link-checked; a link whose text holds code is one still. Fenced
    and indented code blocks hold no link either."""
    settings = scan_markdown(
        tmp_path,
        "Run `[x](https://example.com/a)` to see (TASS, May 3). Or ``<https://example.com/b>``"
        " and [`this`](https://example.com/c) (RBC, May 4).\n\n"
        "```\n[y](https://example.com/d) (Interfax, May 5)\n```\n\n"
        "    [z](https://example.com/e)\n\nEnd.",
    )
    db = sqlite3.connect(settings.db)
    try:
        (links,) = db.execute("select links from documents").fetchone()
        claims = [t for (t,) in db.execute("select text from claim_texts order by id")]
        refs = db.execute('select outlet, url from "references" order by id').fetchall()
    finally:
        db.close()
    assert [(text, url) for *_, url, text in json.loads(links)] == [
        ("this", "https://example.com/c")
    ]
    assert claims == [
        "Run [x](https://example.com/a) to see.",
        "Or <https://example.com/b> and this.",
        "End.",
    ]
    assert refs == [("TASS", None), ("RBC", None)]


def test_a_citation_in_a_code_span_is_code_not_a_citation(tmp_path: Path) -> None:
    """Code is literal: "`(https://example.com/b)`" was a citation of that URL (stored,
    and link-checked), "`(example.com, May 4)`" one of example.com, and the "(" of
    "`f(x`" an unbalanced parenthesis; a citation after the code is read."""
    path = tmp_path / "a.md"
    path.write_text(
        "---\ndate: 2016-11-17\n---\n\nTry `(https://example.com/b)` too (RBC, May 4).\n\n"
        "Then ``(example.com, May 4)`` went.\n\nCall `f(x` now (TASS, May 5).\n",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(path), REGISTRY)
    assert [
        (claim.text, [(r.outlet, r.url) for p in claim.parentheticals for r in p.references])
        for claim in result.claims
    ] == [
        ("Try (https://example.com/b) too.", [("RBC", None)]),
        ("Then (example.com, May 4) went.", []),
        ("Call f(x now.", [("TASS", None)]),
    ]
    assert result.problems == []


def test_markdown_cleaning_keeps_line_numbers(tmp_path: Path) -> None:
    """Problems name lines of the file ("unbalanced parentheses at line 9")."""
    path = tmp_path / "a.md"
    source = "---\ndate: 2016-11-17\n---\n\n> a *b*\n<!-- two\nlines -->c<br>d `e`\n> > f (g\n"
    path.write_text(source, encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.text == "---\ndate: 2016-11-17\n---\n\na b\n\nc d e\nf (g\n"
    assert doc.text.count("\n") == source.count("\n")


def test_markdown_table_rows_keep_line_numbers(tmp_path: Path) -> None:
    """Each row of a table is a paragraph without a line of its own: a problem below the
    table names its line in the file (rows parted by blank lines moved it down a line
    a row)."""
    path = tmp_path / "a.md"
    rows = "".join(f"| {i} | Row {i} |\n" for i in range(4))
    source = f"# T\n\n| a | b |\n|---|---|\n{rows}\nThe claim (TASS, May 3 is open.\n"
    path.write_text(source, encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.text.count("\n") == source.count("\n")
    result = pipeline.scan_document(doc, REGISTRY)
    assert [c.text for c in result.claims][:5] == ["a b", *(f"{i} Row {i}" for i in range(4))]
    assert any("at line 10:" in problem for problem in result.problems), result.problems


def test_markdown_report_quotes_the_rendered_sentence(tmp_path: Path) -> None:
    scan_markdown(tmp_path, "> The **border** post was _closed_ (Kazinform, May 5).")
    report = report_of(tmp_path)
    assert "> The border post was closed." in report
    quoted = [line for line in report.splitlines() if "border" in line]
    assert quoted and not any("\\*" in q or "\\_" in q or "&gt;" in q for q in quoted)


def test_markdown_table_rows_are_claims_without_pipes(tmp_path: Path) -> None:
    """A row is a paragraph of its cells' text, as an HTML table's row is; the delimiter
    row is gone, and a citation in a cell still backs its row."""
    claims = scan_md(
        tmp_path,
        "Exports fell (Reuters, May 2).\n\n| Outlet | What it said |\n|:---|---:|\n"
        "| TASS | Growth fell (TASS, May 7) |\n| *RBC* | a \\| b |\n\nAfter the table.",
    )
    assert claims == [
        ("Exports fell.", ["Reuters"]),
        ("Outlet What it said", []),
        ("TASS Growth fell", ["TASS"]),
        ("RBC a | b", []),
        ("After the table.", []),
    ]
    page = (
        "<p>Exports fell (Reuters, May 2).</p><table><tr><th>Outlet</th><th>What it said</th>"
        "</tr><tr><td>TASS</td><td>Growth fell (TASS, May 7)</td></tr></table>"
    )
    assert scan_html(tmp_path, page) == claims[:3]  # as an HTML table's rows


@settings(max_examples=300, deadline=None)
@given(
    source=st.lists(
        st.sampled_from(
            [*"ab *_`<>\n", "**", "> ", "\n> ", "[x](http://x.org)", "<span>", "</a>", "_c_"]
            + ['<a href="http://a.org">', "<sup>2</sup>", "<br>", "https://u.org/_v_"]
            + ["|", "\\|", "\n|---|--|\n", "\n|:-|\n"]
        )
    ).map("".join)
)
def test_markdown_rendering_keeps_link_offsets(source: str) -> None:
    text, links = mdinline.rendered(*ingest.markdown_links(source))
    for link in links:
        assert text[link.start : link.end] == link.text and link.text.strip() == link.text
        assert link.url.startswith(("http://", "https://u.org/_v_"))
    if "_v_" in source:
        assert "https://u.org/_v_" in text or "`" in source or "<" in source
