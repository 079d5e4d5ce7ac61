"""Paragraphs of a document's body: blank-line blocks, a paragraph a line in texts that
write one, and hard-wrapped lines joined back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .labels import FIRST_CHARS as LABEL_FIRST
from .labels import is_label_line

# A blank line (possibly holding spaces) separates paragraphs.
BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")
# Inside one block, single newlines are paragraph breaks when the lines are long
# (one paragraph per line, like the sample seed) and soft wraps when they are short.
LONG_LINE = 100
WRAP_WIDTH_MAX = 200  # lines wrapped wider than this are taken for a paragraph each
WRAP_FILL = 0.6  # a hard-wrapped line fills at least this share of the widest
#: How a long line that ends its paragraph ends (one that ends otherwise was broken).
#: Chinese ends a paragraph at 。！？ too, or at a closing quote or bracket after them.
PARAGRAPH_ENDS = tuple('.!?:"”’»)]…') + tuple("。！？」）")
HAS_TEXT_RE = re.compile(r"[^\W_]")
#: A line that opens a list item ("- ", "* ", "• ", "1. ", "2) "): a paragraph of its own,
#: nested ones too ("    * nested item", Markdown's four spaces or a tab per level).
LIST_ITEM_RE = re.compile(r"(?<=\n)[ \t]{0,12}(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+(?=\S)")
#: A bullet opening a block ("- item"); a block opening "1." is a numbered paragraph, as
#: in "1. The first point is money. 2. The second is arms.", and keeps its number.
ITEM_START_RE = re.compile(r"[ \t]{0,3}[-*+\u2022][ \t]+(?=\S)")


def find_paragraphs(
    text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Trimmed ``(start, end)`` of every paragraph holding text outside ``skip``, in order."""
    found: list[tuple[int, int]] = []
    for lo, hi in _gaps(start, end, skip):
        pos = lo
        for m in BLANK_LINE_RE.finditer(text, lo, hi):
            _block(text, pos, m.start(), found)
            pos = m.end()
        _block(text, pos, hi, found)
    return found


def _gaps(start: int, end: int, skip: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside the ``skip`` spans."""
    gaps: list[tuple[int, int]] = []
    pos = start
    for lo, hi in sorted(skip):
        if hi <= pos or lo >= end:
            continue
        if lo > pos:
            gaps.append((pos, lo))
        pos = max(pos, hi)
    if pos < end:
        gaps.append((pos, end))
    return gaps


def _block(text: str, start: int, end: int, found: list[tuple[int, int]]) -> None:
    """One blank-line block: each list item in it a paragraph of its own."""
    if (first := ITEM_START_RE.match(text, start, end)) is not None:
        start = first.end()  # the block opens with an item: its text, without the marker
    if text.find("\n", start, end) < 0:  # one line: the common case, and no list inside
        _trimmed(text, start, end, found)
        return
    pos = start
    for m in LIST_ITEM_RE.finditer(text, start, end):
        if m.start() > pos:
            _lines(text, pos, m.start(), found)
        pos = m.end()  # the item's text, without its marker
    _lines(text, pos, end, found)


def _lines(text: str, start: int, end: int, found: list[tuple[int, int]]) -> None:
    """A paragraph, or one paragraph per line when lines are long (a text with a
    paragraph a line), unless they are hard-wrapped at a fixed width."""
    if text.find("\n", start, end) >= 0:
        lines = text[start:end].split("\n")
        widest = max(map(len, lines))
        if widest > LONG_LINE and not _wrapped(lines, widest):
            para = start
            for line, after in zip(lines, lines[1:]):
                start += len(line) + 1
                if _ends_paragraph(line, after):
                    _trimmed(text, para, start - 1, found)
                    para = start
            _trimmed(text, para, end, found)
            return
    _trimmed(text, start, end, found)


def _ends_paragraph(line: str, after: str) -> bool:
    """In a text with a paragraph a line: whether ``line`` ends its paragraph. A line
    broken mid-sentence goes on in ``after``; a short one (a heading) stands alone
    unless ``after`` goes on with its sentence in lower case."""
    if line.rstrip().endswith(PARAGRAPH_ENDS):
        return True
    return len(line) <= LONG_LINE and not after.lstrip()[:1].islower()


def _wrapped(lines: list[str], widest: int) -> bool:
    """True for lines hard-wrapped at one width: all but the last nearly that wide, and
    some of them broken mid-sentence."""
    body = lines[:-1]
    return (
        widest <= WRAP_WIDTH_MAX
        and all(len(line) >= widest * WRAP_FILL for line in body)
        and not all(line.rstrip().endswith(PARAGRAPH_ENDS) for line in body)
    )


def _trimmed(text: str, start: int, end: int, found: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped and HAS_TEXT_RE.search(stripped):
        if stripped[0] in LABEL_FIRST and is_label_line(stripped):
            return  # "Фото: РИА Новости", "责任编辑：王芳": a page's label, no paragraph
        left = start + len(chunk) - len(chunk.lstrip())
        found.append((left, left + len(stripped)))
