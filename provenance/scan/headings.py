"""Headings and title lines: the parts of a document's text that are metadata, not claims."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import NamedTuple

from .paragraphs import LONG_LINE  # a longer next line: one paragraph per line

LOGGER = logging.getLogger(__name__)

# ATX headings: "# Title", "## Section ##" (CommonMark: 1-6 "#", then a space or the end)
ATX_RE = re.compile(
    r"^[ ]{0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<value>[^\n]*?))?(?:[ \t]+#+)?[ \t]*$", re.M
)
# Setext headings: one line of text underlined with "===" (level 1) or "---" (level 2),
# the text line standing alone (after a blank line or at the start)
SETEXT_RE = re.compile(
    r"(?:\A|(?<=\n\n))(?P<value>[ ]{0,3}[^\s#>\-=*+|][^\n]*)\n[ ]{0,3}(?P<under>=+|-{2,})[ \t]*$",
    re.M,
)
UNDERLINE_RE = re.compile(r"\n[ ]{0,3}[=-]")
# A .txt title line: the first line of the body, short, standing alone, not a sentence
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30

TITLE_END_RE = re.compile(r"[.,;:]['\"\u2019\u201d)]?\s*\Z")
SPACES_RE = re.compile(r"\s*")  # \s is what str.strip() strips
NOT_SPACE_RE = re.compile(r"\S")
# A line's value: from its first non-space to its last character that is no space or tab
# (then come spaces and the line's end). Written greedy: the lazy ``\S[^\n]*?``, which finds
# the same, tried the line's end after every character (a 230-character line: 13 against
# 1.2 us; a 577-character first line: 44 against 3.8 us).
LINE_VALUE = r"(?P<value>\S(?:[^\n]*[^ \t\n])?)"
FIRST_LINE_RE = re.compile(r"[ \t]*" + LINE_VALUE + r"[ \t]*(?:\n|\Z)")


class Heading(NamedTuple):
    """A heading's span in the document text (its whole line or lines), level and text."""

    start: int
    end: int
    level: int
    text: str


def headings_in(
    text: str, fmt: str, start: int, end: int, html_headings: Sequence[Heading] = ()
) -> list[Heading]:
    """The headings inside ``text[start:end]``, by format ("md", "html" or "txt"): for
    HTML, those of ``html_headings`` (``htmltext.html_to_text`` found them)."""
    if fmt == "md":
        return markdown_headings(text, start, end)
    if fmt == "html":
        return [h for h in html_headings if start <= h.start and h.end <= end]
    title = txt_title_line(text, start, end)
    return [title] if title else []


def markdown_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """ATX (``# Title``) and setext (``Title`` over ``===``) headings in ``text[start:end]``.

    Args:
        text: the Markdown text (links already reduced to their text).
        start: where the body starts (after the front matter).
        end: where the body ends (None: the end of the text).

    Returns:
        The headings in text order, fences and indented code not excluded.
    """
    end = len(text) if end is None else end
    found: list[Heading] = []
    if text.find("#", start, end) >= 0:  # the regexes are skipped when they cannot match
        found.extend(
            Heading(m.start(), m.end(), len(m["marks"]), (m["value"] or "").strip())
            for m in ATX_RE.finditer(text, start, end)
        )
    if UNDERLINE_RE.search(text, start, end) is None:
        return found
    for m in SETEXT_RE.finditer(text, start, end):
        level = 1 if m["under"].startswith("=") else 2
        found.append(Heading(m.start(), m.end(), level, m["value"].strip()))
    return sorted(found)


def txt_title_line(
    text: str, start: int = 0, end: int | None = None, dateline: int = -1
) -> Heading | None:
    """The title line of a plain-text body, or None.

    A title line is the first line of the body: at most TITLE_MAX_CHARS characters and
    TITLE_MAX_WORDS words, not ending like a sentence part (. , ; :), starting with no
    lowercase letter, and followed by a blank line or by a long line (a text with one
    paragraph per line), with more text after it.

    Args:
        text: the plain text.
        start: where the body starts (after any header block).
        end: where the body ends (None: the end of the text).
        dateline: where a date line starts (``dateline.find_dateline``): a first line
            right above it stands alone too ("Title\nPublished: 17 November 2016").

    Returns:
        The line as a level-1 Heading, or None.
    """
    end = len(text) if end is None else end
    # Offsets, not slices: a slice of the rest of the body costs a copy of it.
    m = FIRST_LINE_RE.match(text, SPACES_RE.match(text, start, end).end())
    if m is None or m.end("value") > end:
        return None
    value = m["value"]
    line_end = text.find("\n", m.end(), end)
    next_line = text[m.end() : end if line_end < 0 else line_end]
    # followed by a blank line, or by a long line that does not go on with its sentence
    # (a hard-wrapped first line is followed by its lower-case rest)
    alone = not next_line.strip() or (
        len(next_line) > LONG_LINE and not next_line.lstrip()[:1].islower()
    )
    alone = alone or (m.end() <= dateline and not text[m.end() : dateline].strip())
    if (
        not alone
        or NOT_SPACE_RE.search(text, m.end(), end) is None
        or len(value) > TITLE_MAX_CHARS
        or len(value.split()) > TITLE_MAX_WORDS
        or value[0].islower()
        or TITLE_END_RE.search(value)
        or not any(ch.isalpha() for ch in value)
    ):
        return None
    return Heading(m.start("value"), m.end("value"), 1, value)


#: What a page's <title> adds to its heading: the site's name after or before a separator
#: ("Moscow Expands Its Base - Jamestown", "Jamestown | Moscow Expands Its Base"); Chinese
#: sites write "_" or a full-width bar or hyphen ("中俄举行联合海上演习_新闻中心_某某网").
SITE_AFTER_RE = re.compile(r"\s*[-–—|:·•»_｜－]\s*\S.{0,60}", re.DOTALL)
SITE_BEFORE_RE = re.compile(r".{0,60}\S\s*[-–—|:·•»_｜－]\s*", re.DOTALL)


def site_suffix(title: str, heading: str) -> bool:
    """Whether ``title`` is ``heading`` with a site's name before or after it."""
    title, heading = " ".join(title.split()), " ".join(heading.split())
    if len(heading) < 8 or len(title) <= len(heading):
        return False  # a short heading ("News") says nothing of the page's title
    folded, wanted = title.casefold(), heading.casefold()
    if folded.startswith(wanted):
        return bool(SITE_AFTER_RE.fullmatch(title, len(heading)))
    if folded.endswith(wanted):
        return bool(SITE_BEFORE_RE.fullmatch(title, 0, len(title) - len(heading)))
    return False
