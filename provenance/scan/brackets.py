"""Find a text's top-level bracket groups by counting brackets, in one linear pass.

``find_groups`` gives each group's span and whether it is MALFORMED (left open, or
nested too deeply); ``provenance.scan.extract`` classifies what each one is.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from . import cjk
from .grammar import reads_wholly
from .regexes import (
    BLANK_LINE_RE,
    BRACKET_OR_NEWLINE_RE,
    WIDE_BRACKET_OR_NEWLINE_RE,
    WIDE_OPEN_RE,
)
from .split import MAX_BRACKET_REACH, MAX_UNCLOSED

LOGGER = logging.getLogger(__name__)

#: Deeper nesting than this makes the whole outer parenthetical MALFORMED.
MAX_DEPTH = 6

#: A citation list may run this long (characters) inside one parenthetical.
LONG_CITATION_CHARS = 8000

Span = tuple[int, int, bool]  # start, end, malformed


@dataclass(slots=True)
class _Frame:
    """An open bracket on the scanner's stack."""

    start: int
    opener: str
    silent: bool = False  # a top-level Markdown link target "](...)": not a parenthetical
    children: list[tuple[int, int]] = field(default_factory=list)  # closed groups inside


def find_groups(text: str, start: int, end: int) -> list[Span]:
    """Find the top-level bracket groups of ``text[start:end]`` in one linear pass.

    Only '(' opens a group at the top level; inside one, '(' and '[' nest. A ')'
    closes any '[' left open inside its group; a stray ')' or ']' is ignored.
    A paragraph break (blank line) or the end of the span ends open groups: they
    become MALFORMED, and the balanced groups inside them are kept. So does a
    bracket left open for more than MAX_BRACKET_REACH characters (a stray '(' that
    a later stray ')' would close): the scan goes on at the top level from there,
    so the citations after a typo are still found. A MALFORMED span reaches at most
    MAX_UNCLOSED characters. A text that writes full-width brackets goes to ``_find_wide``.
    """
    if text.find("（", start, end) >= 0:  # at once for a text with no character past U+00FF
        return _find_wide(text, start, end)
    out: list[Span] = []
    pos = start
    search = BRACKET_OR_NEWLINE_RE.search
    while (pos := text.find("(", pos, end)) >= 0:
        # outside: jump to the next '(' with str.find (about 1 GB/s)
        m = search(text, pos + 1, end)
        if m is not None and m.group() == ")" and m.start() - pos <= MAX_BRACKET_REACH:
            # the common group, closed before any bracket or newline: what ``_group``
            # finds, without its frame
            if pos == start or text[pos - 1] != "]":  # "](...)": a Markdown link target
                out.append((pos, m.end(), False))
            pos = m.end()
            continue
        pos = _group(text, pos, start, end, out)
        if pos < 0:
            break
    return out


def _find_wide(text: str, start: int, end: int) -> list[Span]:
    """``find_groups`` of a text with full-width brackets: '（' opens a group as '(' does
    and '）' closes one as ')' does (Chinese writing mixes them: "（Xinhua, May 3)")."""
    out: list[Span] = []
    pos = start
    search = WIDE_BRACKET_OR_NEWLINE_RE.search
    while (opened := WIDE_OPEN_RE.search(text, pos, end)) is not None:
        pos = opened.start()
        m = search(text, pos + 1, end)
        if m is not None and m.group() in ")）" and m.start() - pos <= MAX_BRACKET_REACH:
            if pos == start or text[pos - 1] != "]":  # "](...)": a Markdown link target
                out.append((pos, m.end(), False))
            pos = m.end()
            continue
        pos = _group(text, pos, start, end, out, WIDE_BRACKET_OR_NEWLINE_RE)
        if pos < 0:
            break
    return out


def _group(
    text: str,
    pos: int,
    start: int,
    end: int,
    out: list[Span],
    brackets: re.Pattern[str] = BRACKET_OR_NEWLINE_RE,
) -> int:
    """Scan the group opened at ``pos`` into ``out``; return where the scan goes on at
    the top level, or -1 when the group runs to the end of the span. ``brackets`` finds
    the brackets and newlines (``WIDE_BRACKET_OR_NEWLINE_RE``: full-width ones too)."""
    search, blank = brackets.search, BLANK_LINE_RE.match
    stack = [_Frame(pos, "(", silent=pos > start and text[pos - 1] == "]")]
    overflow, too_deep = 0, False
    pos += 1
    # inside: stop at every bracket and newline until the group closes
    while stack:
        m = search(text, pos, end)
        if m is None:
            _recover(stack, too_deep, end, out)
            return -1
        at = m.start()
        if at - stack[-1].start > MAX_BRACKET_REACH:
            # open too long: a long citation list, or a stray opener (then rescan
            # from here at the top level)
            return _overreach(text, stack, too_deep, at, end, out, brackets)
        pos, ch = at + 1, text[at]
        if ch == "\n":
            if blank(text, pos, end):
                _recover(stack, too_deep, at, out)
                return pos
        elif ch in "([（":
            if len(stack) >= MAX_DEPTH:
                overflow, too_deep = overflow + 1, True
            else:
                stack.append(_Frame(at, ch))
        elif overflow:
            overflow -= 1
        elif ch == "]":
            if stack[-1].opener == "[":
                stack[-2].children.extend(stack.pop().children)
        else:
            while stack[-1].opener == "[":
                stack.pop()
            frame = stack.pop()
            if stack:
                stack[-1].children.append((frame.start, pos))
            elif too_deep or not frame.silent:
                out.append((frame.start, pos, too_deep))
    return pos


def _overreach(
    text: str,
    stack: list[_Frame],
    too_deep: bool,
    at: int,
    end: int,
    out: list[Span],
    brackets: re.Pattern[str],
) -> int:
    """Handle a group open longer than MAX_BRACKET_REACH; return where scanning resumes."""
    close = _long_citation(text, stack[0].start, end, brackets) if len(stack) == 1 else -1
    if close > 0:  # a real citation list longer than the reach
        out.append((stack[0].start, close, False))
        return close
    _recover(stack, too_deep, at, out)
    return at


def _long_citation(text: str, start: int, end: int, brackets: re.Pattern[str]) -> int:
    """Where a parenthetical open longer than MAX_BRACKET_REACH closes, if it is a citation.

    Returns:
        The end (after ')') of a balanced group within ``LONG_CITATION_CHARS`` and
        before a blank line whose every ';' group reads as citation items; -1 otherwise.
    """
    depth, stop = 0, min(end, start + LONG_CITATION_CHARS)
    for m in brackets.finditer(text, start, stop):
        ch = m.group()
        if ch == "\n":
            if BLANK_LINE_RE.match(text, m.end(), end):
                return -1
        elif ch in "([（":
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                close, inner = m.end(), text[start + 1 : m.start()]
                return close if ch in ")）" and reads_wholly(cjk.folded(inner) or inner) else -1
    return -1


def _recover(stack: list[_Frame], too_deep: bool, stop: int, out: list[Span]) -> None:
    """Emit the groups left open at ``stop``: each '(' is MALFORMED up to the next group.

    A MALFORMED span ends at the next group, at ``stop`` or after MAX_UNCLOSED
    characters, whichever comes first.
    """
    if too_deep:
        out.append((stack[0].start, min(stop, stack[0].start + MAX_UNCLOSED), True))
        return
    items: list[list[int]] = []  # [start, end or -1, malformed]
    for frame in stack:
        if frame.opener != "[":  # '(' or '（'
            items.append([frame.start, -1, 1])
        items.extend([s, e, 0] for s, e in frame.children)
    for i, item in enumerate(items):
        if item[1] < 0:
            item[1] = min(items[i + 1][0] if i + 1 < len(items) else stop, item[0] + MAX_UNCLOSED)
        out.append((item[0], item[1], bool(item[2])))
