"""Markdown inline syntax to the text a reader sees: quote markers, emphasis, code
spans and inline HTML go, so that a claim quotes the rendered sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from ..models import Link

#: Quote markers at a line's start: "> ", nested "> > " or ">>".
QUOTE_RE = re.compile(r"^[ ]{0,3}>(?:[ ]{0,4}>)*[ ]?", re.M)
QUOTE_START_RE = re.compile(r"\n[ ]{0,3}>")  # opens with a literal: a fast first check
#: A pipe table's delimiter row ("|---|:---:|"), under its header row.
TABLE_DELIMITER_RE = re.compile(
    r"^[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.M
)
#: What opens a table's row after the first: a list item's marker, so that the row is a
#: paragraph of its own (``paragraphs.LIST_ITEM_RE``) without a line of its own.
ROW_MARKER = "- "
#: A pipe between two cells (not an escaped one, "\\|"), with the spaces around it.
PIPE_RE = re.compile(r"[ \t]*(?<!\\)\|[ \t]*")
#: A code span on one line: a run of backticks, its text, the same run again.
CODE_RE = re.compile(r"(?<!`)(`+)(?!`)([^\n]*?[^`\n])\1(?!`)")
#: An inline HTML tag or comment; "a < b" and "<https://...>" are neither.
TAG_RE = re.compile(r"<!--.*?-->|</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>\s[^<>]*)?/?>", re.S)
HREF_RE = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
#: A bare URL, whose underscores are no emphasis ("https://x.org/_a_").
URL_RE = re.compile(r"https?://[^\s<>()*]+")
SUP_RE = re.compile(r"<sup>(\d{1,3})</sup>", re.I)
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Emphasis: a run of one to three * (or _) opening after a space, an opening bracket or
#: quote, a tag or another delimiter, and the same run closing before a space,
#: punctuation or a tag, in one paragraph. Intraword runs stay: snake_case, 2*3*4, a
#: footnote marker*, and so does a file name (``__init__.py``).
_AROUND = "\\s>([{\"'\u201c\u2018\u00ab\u2014\u2013*_-"
_AFTER = "\\s<)\\]}\"'\u201d\u2019\u00bb.,;:!?\u2026\u2014\u2013*_-"
# The pattern opens with the delimiter itself, so that re scans for it at C speed; the
# lookbehinds after it look at the character before the run.
EMPHASIS_RES = {
    char: re.compile(
        rf"{c}(?<![^{_AROUND}]{c})(?<!{c}{c})(?P<rest>{c}{{0,2}})(?=[^\s{c}])"
        rf"(?P<body>(?:[^\n]|\n(?![ \t]*\n))+?)(?<=[^\s{c}\\]){c}(?P=rest)"
        rf"(?!{c}|\.\w)(?![^{_AFTER}])"
    )
    for char, c in (("*", r"\*"), ("_", "_"))
}


#: ``(start, end, new)``: replace ``text[start:end]`` by ``new`` (a plain tuple: cheap).
Edit = tuple[int, int, str]


def rendered(
    text: str, links: list[Link], start: int = 0, code: list[tuple[int, int]] | None = None
) -> tuple[str, list[Link]]:
    """``text`` after ``start`` without Markdown's inline syntax, and ``links`` moved to match.

    Quote markers at the start of a line, the backticks of code spans (their text stays,
    as written), inline HTML tags and comments (an ``<a href>``'s text becomes a Link,
    ``<sup>3</sup>`` a superscript ³), and the * and _ around emphasis are removed.
    A pipe table's rows become paragraphs of their cells' text, as an HTML table's do:
    pipes and the delimiter row go, and a citation in a cell is read.
    Links (from ``markdown_links``) keep ``text[link.start:link.end] == link.text``.
    When ``code`` is a list, the span of each code span's text in the new text is added
    to it: code is literal, and its "(TASS, May 3)" no citation.
    """
    body = text[start:] if start else text
    if not ("`" in body or "<" in body or "*" in body or "_" in body or ">" in body):
        if "|" not in body:
            return text, links  # nothing to remove: the common case of a plain text
    edits: list[Edit] = []
    if "|" in body and "-" in body:
        _tables(text, start, edits)
    kept: list[tuple[int, int]] = []  # code, tags and URLs: no emphasis inside
    anchors: list[tuple[int, int, str]] = []  # <a href> text, before the edits
    if ">" in body:
        _quotes(text, start, edits)
    code_texts: list[tuple[int, int]] = []  # the text of each code span, before the edits
    if "`" in body:
        _code(text, start, edits, kept, code_texts)
    if "<" in body:
        _tags(text, start, edits, kept, anchors)
    if "://" in body:
        kept.extend(m.span() for m in URL_RE.finditer(text, start))
    in_kept = _inside(kept) if kept else None
    for char, pattern in EMPHASIS_RES.items():
        if char in body:
            _emphasis(char, pattern, text, start, len(text), edits, in_kept)
    if not edits:
        return text, links
    new, moved = _apply(text, edits)
    if code is not None:
        code.extend((moved(a), moved(b)) for a, b in code_texts)
    return new, _moved_links(new, moved, links, anchors)


def _quotes(text: str, start: int, edits: list[Edit]) -> None:
    """The quote markers at the start of the lines."""
    if m := QUOTE_RE.match(text, start):
        edits.append((start, m.end(), ""))
    for line in QUOTE_START_RE.finditer(text, start):
        if m := QUOTE_RE.match(text, line.start() + 1):
            edits.append((m.start(), m.end(), ""))


def _tables(text: str, start: int, edits: list[Edit]) -> None:
    """Pipe tables: each row a paragraph of its cells, parted by a space; no delimiter row."""
    for m in TABLE_DELIMITER_RE.finditer(text, start):
        head = max(text.rfind("\n", start, m.start() - 1) + 1, start)
        if "|" not in m[0] or m.start() <= start or "|" not in text[head : m.start()]:
            continue
        _row(text, head, m.start() - 1, edits)
        edits.append((m.start() - 1, m.end(), "\n"))  # header, blank line, body
        pos, first = m.end() + 1, True
        while pos < len(text):
            end = _find(text, "\n", pos)
            if "|" not in text[pos:end] or not text[pos:end].strip():
                break
            # each row a paragraph: after the first, a list item's marker opens it (a blank
            # line would move the lines below, that problems name)
            _row(text, pos, end, edits, "" if first else ROW_MARKER)
            pos, first = end + 1, False


def _row(text: str, start: int, end: int, edits: list[Edit], lead: str = "") -> None:
    """One table row: the outer pipes go (``lead`` opens the row instead), and each pipe
    between cells becomes a space."""
    lo, hi = start, end
    lo += len(text[lo:hi]) - len(text[lo:hi].lstrip(" \t|"))
    while hi > lo and text[hi - 1] in " \t|" and text[hi - 2 : hi] != "\\|":
        hi -= 1
    if lo > start or lead:
        edits.append((start, lo, lead))
    if hi < end:
        edits.append((hi, end, ""))
    edits.extend((*pipe.span(), " ") for pipe in PIPE_RE.finditer(text, lo, hi))
    if "\\|" in text[lo:hi]:  # an escaped pipe is a cell's text: "|" as rendered
        edits.extend((i, i + 1, "") for i in range(lo, hi) if text.startswith("\\|", i))


def _find(text: str, sub: str, start: int) -> int:
    """``text.find(sub, start)``, or the length of ``text`` when it is not there."""
    found = text.find(sub, start)
    return len(text) if found < 0 else found


def _code(
    text: str,
    start: int,
    edits: list[Edit],
    kept: list[tuple[int, int]],
    texts: list[tuple[int, int]],
) -> None:
    """The backticks of each code span; one space inside each end goes too, as rendered.
    Each span goes to ``kept``, the span of its text to ``texts``."""
    for m in CODE_RE.finditer(text, start):
        a, b = m.span(2)
        code = m[2]
        if len(code) > 2 and code[0] == code[-1] == " " and code.strip():
            a, b = a + 1, b - 1
        edits.append((m.start(), a, ""))
        edits.append((b, m.end(), ""))
        kept.append((m.start(), m.end()))
        texts.append((a, b))


def _tags(
    text: str,
    start: int,
    edits: list[Edit],
    kept: list[tuple[int, int]],
    anchors: list[tuple[int, int, str]],
) -> None:
    """Inline HTML tags and comments; ``<a href>`` text is kept as a link."""
    opened: list[tuple[int, str]] = []
    code = _inside(kept)
    for m in TAG_RE.finditer(text, start):
        if code(m.start()):
            continue
        tag = (m["tag"] or "").lower()
        if tag == "sup" and (sup := SUP_RE.match(text, m.start())):
            edits.append((m.start(), sup.end(), sup[1].translate(SUPERSCRIPTS)))
            kept.append(sup.span())
            continue
        # a tag's own line breaks stay, so that the text keeps the file's line numbers
        edits.append((m.start(), m.end(), " " if tag == "br" else "\n" * m[0].count("\n")))
        kept.append(m.span())
        if tag == "a" and not m.group().startswith("</"):
            href = HREF_RE.search(m["attrs"] or "")
            opened.append((m.end(), next((g for g in href.groups() if g), "") if href else ""))
        elif tag == "a" and opened:
            at, url = opened.pop()
            if url and not url.startswith("#"):
                anchors.append((at, m.start(), url))


def _emphasis(
    char: str,
    pattern: re.Pattern[str],
    text: str,
    lo: int,
    hi: int,
    edits: list[Edit],
    in_kept: Callable[[int], bool] | None,
) -> None:
    """The delimiters of each emphasis in ``text[lo:hi]``, and of those nested in it."""
    for m in pattern.finditer(text, lo, hi):
        a, b = m.span("body")
        if in_kept and (in_kept(m.start()) or in_kept(b)):
            continue  # in a code span, a tag or a URL: kept as written
        edits.append((m.start(), a, ""))
        edits.append((b, m.end(), ""))
        if text.find(char, a, b) >= 0:  # nested: "**a *b* c**"
            _emphasis(char, pattern, text, a, b, edits, in_kept)


def _inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position lies inside one of ``spans``."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    starts = [s for s, _ in merged]

    def test(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]

    return test


def _apply(text: str, edits: list[Edit]) -> tuple[str, Callable[[int], int]]:
    """Make the edits (overlapping ones dropped); the new text, and where a position of
    the old text is in it."""
    edits.sort()
    parts: list[str] = []
    olds: list[int] = []  # where each kept edit ends in the old text
    shifts: list[int] = []  # and how far it moved what follows
    last = shift = 0
    for start, end, replacement in edits:
        if start < last:
            continue
        parts.append(text[last:start])
        parts.append(replacement)
        last = end
        shift += len(replacement) - (end - start)
        olds.append(end)
        shifts.append(shift)
    parts.append(text[last:])
    new = "".join(parts)

    def moved(pos: int) -> int:
        i = bisect.bisect_right(olds, pos) - 1
        return pos + (shifts[i] if i >= 0 else 0)

    return new, moved


def _moved_links(
    new: str, moved: Callable[[int], int], links: list[Link], anchors: list[tuple[int, int, str]]
) -> list[Link]:
    """``links`` and the ``<a href>`` texts (old offsets) as Links of the new text."""
    spans = [(link.start, link.end, link.url) for link in links] + anchors
    out: list[Link] = []
    for s, e, url in sorted(spans):
        a, b = moved(s), moved(e)
        label = new[a:b]
        left = len(label) - len(label.lstrip())
        label = label.strip()
        if label:
            out.append(Link(a + left, a + left + len(label), url, label))
    return out
