"""The byline and the series line at the top of an article: "By: Mairbek Vatchagaev",
"*By Giorgi Menabde*", "Автор: Иван Петров", and Jamestown's "Publication: Eurasia Daily
Monitor Volume: 7 Issue: 12".

A page saved without an author meta tag, an EDM article copied as text, or Markdown notes
name the author only on such a line, and the line is metadata, not a claim (it was read
as the article's first sentence). Like datelines (``dateline.py``), only the first lines
before the body's first long paragraph are read, and only a line that is nothing else: a
name of capitalised words ("By May 2015, Russia had ..." is prose), alone or before a
full date ("By Umed Partov, November 17, 2016").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .dateline import LINE_RE, LONG_LINE, MAX_LINES, alone_date

BYLINE_RE = re.compile(
    r"[*_]{0,2}(?:by|автор|author)[*_]{0,2}\s*:?[*_]{0,2}\s+(?P<name>[^\W\d_][^,|·—–*_\n]{1,60}?)"
    r"\s*(?:[,|·—–]\s*(?P<date>[^*_]+?))?[*_]{0,2}",
    re.IGNORECASE,
)
SERIES_RE = re.compile(r"Publication:\s*(?P<series>\S.*\b(?:Volume|Issue):\s*\d.*?)\s*")
MAX_NAME_WORDS = 8
#: Small words of a name or a list of names ("Ibn al-Khattab", "Vladimir Socor and Paul Goble").
NAME_PARTICLES = frozenset("and de da del der van von bin ibn al el la le и та і".split())
INITIAL_RE = re.compile(r"[^\W\d_]\.")


class TopLine(NamedTuple):
    """A byline or series line: its span in the text (trimmed), the field and its value."""

    start: int
    end: int
    field: str  # "author" or "series"
    value: str


def top_lines(text: str, start: int, end: int) -> list[TopLine]:
    """The byline and the series line among the first lines of ``text[start:end]``."""
    found: list[TopLine] = []
    read = 0
    for m in LINE_RE.finditer(text, start, end):
        line = m[0].strip()
        if len(line) > LONG_LINE or read >= MAX_LINES:
            break
        read += 1
        value = _line_value(line)
        if value is not None and all(f.field != value[0] for f in found):
            lead = len(m[0]) - len(m[0].lstrip())
            found.append(TopLine(m.start() + lead, m.start() + lead + len(line), *value))
    return found


def _line_value(line: str) -> tuple[str, str] | None:
    """``("author", name)`` for a byline, ``("series", ...)`` for a series line, else None."""
    if (m := SERIES_RE.fullmatch(line)) is not None:
        return "series", m["series"]
    m = BYLINE_RE.fullmatch(line)
    if m is None or (m["date"] is not None and alone_date(m["date"]) is None):
        return None
    name = m["name"].strip()
    return ("author", name) if _is_name(name) else None


def _is_name(name: str) -> bool:
    """Capitalised words (initials and small particles allowed): a person's name or names."""
    words = name.split()
    if not 0 < len(words) <= MAX_NAME_WORDS:
        return False
    if name.endswith(".") and INITIAL_RE.fullmatch(words[-1]) is None:
        return False  # "By then." is prose
    return all(w[0].isupper() or w.lower().split("-")[0] in NAME_PARTICLES for w in words)
