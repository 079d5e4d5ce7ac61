"""Safe Markdown building blocks: escaping, code spans, links, tables and Mermaid labels.

Everything a document says is hostile until escaped. Report code must pass
document text through :func:`escape_md` (or :func:`code_span`), URLs through
:func:`md_link`, and Mermaid labels through :func:`mermaid_label`; tables are
built with :func:`table` from cells that are already safe.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from ..models import bare_host

LOGGER = logging.getLogger(__name__)

# Invisible U+2060 WORD JOINER, written as an entity so the source stays ASCII.
# It survives entity decoding, so "www." and "://" stay broken for any
# renderer that autolinks after decoding (a "&#46;" dot would not).
WORD_JOINER = "&#8288;"

# ASCII punctuation CommonMark/GFM give a meaning to; "$" is GitHub math.
_MD_PUNCT = "\\`*_{}[]()#+-!|~$"
_ESCAPES = {ord(c): "\\" + c for c in _MD_PUNCT}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})

# C0/C1 controls (whitespace handled separately) and bidi overrides, which can
# reorder what a reviewer sees ("Trojan Source").
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
WHITESPACE_RE = re.compile(r"\s+")
# A line that starts with "1." or "=" would be an ordered list or a setext underline.
LEADING_MARKER_RE = re.compile(r"^(\d{1,9})\.|^=")
WWW_RE = re.compile(r"(www)(?=\.)", re.IGNORECASE)
# The opening colon of a GitHub emoji shortcode (":fire:", ":+1:") in escaped text, where
# "_", "+" and "-" carry a backslash. The closing colon is looked at, not taken: it may
# open the next one (":a:b:").
SHORTCODE_RE = re.compile(r":(?=((?:[a-z0-9]|\\[_+-])+):)")
SCHEME_SEP = "://"
# Characters allowed in Mermaid labels; everything else (quotes, square and angle
# brackets, "#" entity codes, ";", ":", "%%" directives, backticks that could close
# the fence) becomes a space. Parentheses and commas are plain text in the quoted
# labels of xychart and in timeline events, the only places labels go.
MERMAID_UNSAFE_RE = re.compile(r"[^\w .,'/+()-]")
# A trailing parenthetical, dropped first when a label is too long:
# "Eurasia Daily Monitor (Jamestown Foundation)" -> "Eurasia Daily Monitor".
TRAILING_PAREN_RE = re.compile(r"\s*\([^()]*\)$")
# Raw URL characters we are willing to show verbatim inside a code span.
DISPLAY_UNSAFE_RE = re.compile(r"[\s|\\`<>\x00-\x1f\x7f]")
# Kept unencoded in link destinations: RFC 3986 reserved and unreserved
# characters minus the ones Markdown cares about ( ) [ ] < > | ` ' " \ and space.
URL_SAFE = "/:?#@!$&+,;=%~-._*"
ALLOWED_SCHEMES = ("http", "https")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EMPTY = "—"


def clean_text(text: str) -> str:
    """Drop control and bidi characters and fold all whitespace into single spaces.

    Args:
        text: Any text from a document.

    Returns:
        One line of text with no leading or trailing spaces.
    """
    # Fast path: most cells are one printable line (isprintable() is False for
    # newlines, tabs, controls and bidi/zero-width format characters).
    if text.isprintable() and "  " not in text and text == text.strip():
        return text
    return WHITESPACE_RE.sub(" ", CONTROL_RE.sub("", text)).strip()


# Reports repeat outlet names, dates and categories; claim texts are escaped once each and
# pass through. Kept small so the memo stays flat however large the corpus (issue 10).
@functools.lru_cache(maxsize=4096)
def escape_md(text: str | None) -> str:
    """Escape text for inline Markdown and table cells: no markup, HTML or links survive.

    Markdown punctuation is backslash-escaped, ``& < >`` become entities,
    newlines become spaces, a leading ``1.`` or ``=`` is neutralised, and
    autolinks (``https://…``, ``www.…``, ``user@host``, ``@mention``) and emoji
    shortcodes (``:fire:``) are broken with an invisible word joiner.

    Args:
        text: Untrusted text; None gives an empty string.

    Returns:
        Markdown source that renders as the literal text.
    """
    if not text:
        return ""
    line = clean_text(text).translate(_ESCAPES)
    # The checks before each substitution are cheap C scans that skip the
    # regex for the common case.
    if line[:1].isdigit() or line[:1] == "=":
        line = LEADING_MARKER_RE.sub(_escape_marker, line)
    if "www." in line.lower():
        line = WWW_RE.sub(r"\1" + WORD_JOINER, line)
    if SCHEME_SEP in line:
        line = line.replace(SCHEME_SEP, WORD_JOINER + SCHEME_SEP)
    if "@" in line:
        line = line.replace("@", "@" + WORD_JOINER)
    if line.count(":") > 1:
        line = SHORTCODE_RE.sub(_break_shortcode, line)
    return line


def _break_shortcode(match: re.Match[str]) -> str:
    """A word joiner after a shortcode's opening colon: GitHub turns ":fire:" into an
    emoji after the Markdown is HTML, where a "&#58;" colon is one again. Digits after a
    digit are a time or a ratio ("12:30:45"), and stay as they are."""
    start = match.start()
    if match.group(1).isdigit() and start and match.string[start - 1].isdigit():
        return ":"
    return ":" + WORD_JOINER


def _escape_marker(match: re.Match[str]) -> str:
    digits = match.group(1)
    return f"{digits}\\." if digits else "\\="


def code_span(text: str | None, *, in_table: bool = False) -> str:
    """Render text as an inline code span, choosing a backtick fence longer than any run inside.

    In a table a backslash or pipe cannot be shown safely inside a code span
    (GFM splits cells on ``\\\\|``), so such text falls back to :func:`escape_md`.

    Args:
        text: Untrusted text.
        in_table: True when the span goes into a table cell.

    Returns:
        Markdown source; empty for empty text.
    """
    line = clean_text(text or "")
    if not line:
        return ""
    if in_table and ("|" in line or "\\" in line):
        return escape_md(line)
    longest = max((len(run) for run in re.findall("`+", line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if line[0] in "` " or line[-1] in "` " else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def safe_url(url: str | None) -> str | None:
    """Percent-encode an http(s) URL for a Markdown link destination.

    Args:
        url: A URL from a document or its metadata.

    Returns:
        The encoded URL, or None when the scheme is not http/https or there is no host.
    """
    if not url:
        return None
    raw = clean_text(url)
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            netloc = quote(netloc, safe=URL_SAFE)
    netloc = quote(netloc, safe=URL_SAFE + "[]")  # keep IPv6 literals
    rest = [quote(p, safe=URL_SAFE) for p in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((parts.scheme.lower(), netloc, *rest))


def md_link(url: str | None, *, in_table: bool = False, label: str | None = None) -> str:
    """Render a URL we want to link: ``[`url`](encoded)`` for http(s), inert text otherwise.

    Args:
        url: The URL as stored.
        in_table: True when the result goes into a table cell.
        label: Link text to show instead of the URL (escaped here).

    Returns:
        Markdown source; an em dash for no URL.
    """
    if not url:
        return EMPTY
    encoded = safe_url(url)
    if encoded is None:
        return f"{escape_md(url)} (not linked)"
    if label:
        return f"[{escape_md(label)}]({encoded})"
    shown = clean_text(url)
    if DISPLAY_UNSAFE_RE.search(shown) or not shown.isprintable():
        shown = encoded
    return f"[{code_span(shown, in_table=in_table)}]({encoded})"


def url_host(url: str | None) -> str | None:
    """The lower-cased host of an http(s) URL without a leading ``www.``, or None."""
    if not url:
        return None
    try:
        return bare_host(clean_text(url)) or None
    except ValueError:
        return None


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """Lines of a GFM table from cells that are already escaped (:func:`table_lines`).

    Built in one loop rather than from the generator: a report makes dozens of small
    tables per document, where resuming a generator per line costs more than the row.
    """
    width = len(headers)
    lines = [*_head(tuple(headers), align)]
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells, table has {width} columns")
        lines.append(_row(row))
    return lines


def table_lines(
    headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = ""
) -> Iterator[str]:
    """Lines of a GFM table from cells that are already escaped, made one at a time.

    Args:
        headers: Header cells.
        rows: Rows of cells, each with ``len(headers)`` cells; read once, so a generator
            keeps a long table's cells from all being held at once.
        align: One letter per column, ``l`` (default) or ``r``.

    Returns:
        The table's lines, header and delimiter row first.
    """
    yield from _head(tuple(headers), align)
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        yield _row(row)


# A document's tables share a few headers (reference tables, findings); their two lines
# are made once per header, not once per table.
@functools.lru_cache(maxsize=256)
def _head(headers: tuple[str, ...], align: str) -> tuple[str, str]:
    """A table's header row and delimiter row."""
    marks = ["---:" if align[i : i + 1] == "r" else "---" for i in range(len(headers))]
    return _row(headers), _row(marks)


def _row(cells: Sequence[str]) -> str:
    # Cells are one line each by construction; folding newlines here is a last guard.
    return f"| {' | '.join(cells)} |".replace("\n", " ")


# Outlet names and month labels repeat in every document; bounded like escape_md's memo.
@functools.lru_cache(maxsize=4096)
def mermaid_label(text: str | None, limit: int = 40) -> str:
    """Sanitise a label for a Mermaid diagram (quotes, brackets, newlines, ``#;:%`` removed).

    A label longer than ``limit`` loses a trailing parenthetical first, then whole
    words, so it is never cut inside a word; only an unbroken run is cut there.

    Args:
        text: Untrusted label text.
        limit: Longest label kept, in characters, ellipsis included.

    Returns:
        A non-empty label safe inside double quotes or as a timeline event.
    """
    label = WHITESPACE_RE.sub(" ", MERMAID_UNSAFE_RE.sub(" ", clean_text(text or ""))).strip()
    label = _balanced(label)
    if len(label) > limit:
        label = _shorten_label(label, limit)
    return label or "?"


def _balanced(label: str) -> str:
    """The label without parentheses when they do not pair up (a cut or hostile label)."""
    if "(" not in label and ")" not in label:
        return label
    depth = 0
    for char in label:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            break
    if depth == 0:
        return label
    return WHITESPACE_RE.sub(" ", label.replace("(", " ").replace(")", " ")).strip()


def _shorten_label(label: str, limit: int) -> str:
    head = TRAILING_PAREN_RE.sub("", label)
    if head and len(head) <= limit:
        return head
    cut = head[: limit - 1]
    if " " in cut and head[limit - 1 : limit] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return _balanced(cut.rstrip(" ,(")) + "…"


def human_date(day: dt.date | None) -> str | None:
    """``17 November 2016`` in English whatever the locale, or None."""
    if day is None:
        return None
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
