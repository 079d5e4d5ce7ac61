"""Emoji shortcodes in document text stay text on GitHub.

GitHub turns ``:fire:`` into an emoji after the Markdown is HTML, so an ``&#58;`` colon
(a colon again in the HTML) does not stop it: ``escape_md`` puts a word joiner after the
opening colon. Times and ratios ("12:30:45") are no shortcodes and stay as written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from provenance.report.markdown import escape_md, table
from tests.factories import report_of, scan_markdown
from tests.test_report import html_of, table_rows

WJ = "&#8288;"
# What GitHub's emoji filter looks for in the HTML's text: a name between two colons.
EMOJI_RE = re.compile(r":[a-z0-9_+-]+:")

CASES = [
    ("Note:fire: here", f"Note:{WJ}fire: here"),
    (":smile:", f":{WJ}smile:"),
    (":+1: and :-1:", f":{WJ}\\+1: and :{WJ}\\-1:"),
    (":thumbs_up:", f":{WJ}thumbs\\_up:"),
    (":a:b:c:", f":{WJ}a:{WJ}b:{WJ}c:"),  # each colon that opens one
    ("score :100: today", f"score :{WJ}100: today"),
    ("at 12:30:45 sharp", "at 12:30:45 sharp"),  # a time
    ("won 3:100:2", "won 3:100:2"),  # digits after a digit: a ratio
    ("Re: talks: day 2", "Re: talks: day 2"),  # a colon and a space
    (":Fire:", ":Fire:"),  # GitHub's names are lower case
    ("one: colon", "one: colon"),
]


@pytest.mark.parametrize(("text", "escaped"), CASES, ids=[t for t, _ in CASES])
def test_escape_md_breaks_emoji_shortcodes(text: str, escaped: str) -> None:
    assert escape_md(text) == escaped


def _shortcodes(shown: str) -> list[str]:
    """The names between two colons in ``shown`` (overlapping ones too), but a time's."""
    found = []
    for m in re.finditer(r"(?=:([a-z0-9_+-]+):)", shown):
        name, at = m.group(1), m.start()
        if not (name.isdigit() and at and shown[at - 1].isdigit()):
            found.append(name)
    return found


@pytest.mark.parametrize(("text", "escaped"), CASES, ids=[t for t, _ in CASES])
def test_shortcodes_render_as_their_text(text: str, escaped: str) -> None:
    """In a paragraph, a blockquote and a table cell: the text as written, and nothing
    GitHub's emoji filter would take for a shortcode."""
    cell = "\n".join(table(["A", "B"], [[escape_md(text), "x"]]))
    assert [len(row) for row in table_rows(cell)[0]] == [2, 2, 2]
    for markdown, tag in (
        (escape_md(text), "<p>"),
        (f"> {escape_md(text)}", "<blockquote>"),
        (cell, "<td>"),
    ):
        out = html_of(markdown)
        assert tag in out
        shown = html.unescape(re.sub(r"<[^>]+>", "", out))
        assert text in shown.replace("\u2060", "")
        assert _shortcodes(shown) == [], shown


def test_a_report_quotes_a_claim_with_a_shortcode_as_written(tmp_path: Path) -> None:
    scan_markdown(tmp_path, "The convoy left at 12:30:45 Note:fire: on May 3 (TASS, May 4, 2016).")
    report = report_of(tmp_path)
    assert f"> The convoy left at 12:30:45 Note:{WJ}fire: on May 3." in report
    assert "Note:fire:" not in report
