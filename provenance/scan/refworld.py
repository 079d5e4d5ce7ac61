"""Refworld-style header blocks: labelled publisher/author/date lines atop a republished text."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import Link, bare_host
from .fulldate import parse_date
from .headings import LINE_VALUE as _VALUE

LOGGER = logging.getLogger(__name__)

HEADER_SCAN_CHARS = 8_000  # the header block sits at the top; never scan a whole book
HEADER_BLOCK_CHARS = 2_000  # labelled lines further apart than this are not one header
MARKER_WINDOW = 1_500  # the disclaimer / original-story line follows the header closely
LINE_VALUE = _VALUE + r"[ \t]*$"  # a header line's value, to the end of its line
LAST_UPDATED_RE = re.compile(r"^[ \t]*Last Updated:?[ \t]*" + LINE_VALUE, re.M)
NONEMPTY_LINE_RE = re.compile(r"^[ \t]*" + LINE_VALUE, re.M)
# The labels and the trailer are found where they are written, then kept only at the
# start of a line (``_line_starts``): a pattern that starts with "^" in MULTILINE mode
# is tried at every character, which cost a tenth of reading a document.
# Refworld's document pages list the title first ("Title\tRussia Expands ..."), in a copy
# saved as text as in its HTML table; a "Title" line alone makes no header ("Title IX ...").
HEADER_LABELS = (
    "Title",
    "Publisher",
    "Author",
    "Publication Date",
    "Citation / Document Symbol",
    "Cite as",
)
HEADER_FIELD_RE = re.compile(
    f"(?P<label>{'|'.join(map(re.escape, HEADER_LABELS))})" r":?[ \t]+" + LINE_VALUE,
    re.M,
)
AVAILABLE_AT_RE = re.compile(
    r"available at:?\s*(?P<url>https?://[^\s\[\]]+)(?:\s*\[accessed (?P<accessed>[^\]]+)\])?",
    re.I,
)
ORIGINAL_STORY_RE = re.compile(
    r"^[ \t]*Link to original story on (?P<name>.+?) website[ \t]*$", re.M | re.I
)
DISCLAIMER_RE = re.compile(r"^[ \t]*Disclaimer\b.*$", re.M)
TRAILER_RE = re.compile(r"Copyright notice:|Search Refworld\b")
# Where each line-start pattern can begin: the literal start of each alternative.
_LEADS = {HEADER_FIELD_RE: HEADER_LABELS, TRAILER_RE: ("Copyright notice:", "Search Refworld")}
REPUBLISHERS: dict[str, str] = {"refworld.org": "Refworld (UNHCR)"}
_FIELD_NAMES = {
    "Title": "title",
    "Publisher": "publisher",
    "Author": "author",
    "Publication Date": "published",
    "Citation / Document Symbol": "series",
}


def _header_fields(head: str) -> tuple[dict[str, Any], int, int]:
    """Labelled header lines of ``head`` as meta values; start and end of the labelled block."""
    values: dict[str, Any] = {}
    first_start, last_end = -1, 0
    for line_start, m in _line_starts(HEADER_FIELD_RE, head):
        first_start = line_start if first_start < 0 else first_start
        last_end = m.end()
        label, value = m["label"], m["value"]
        if label == "Cite as":
            if cite := AVAILABLE_AT_RE.search(value):
                values.setdefault("url", cite["url"].rstrip(".,;"))
                if cite["accessed"] and (accessed := parse_date(cite["accessed"])):
                    values.setdefault("accessed", accessed)
                republisher = REPUBLISHERS.get(bare_host(cite["url"]), bare_host(cite["url"]))
                values.setdefault("republisher", republisher or None)
        elif label == "Publication Date":
            if published := parse_date(value):
                values.setdefault("published", published)
        else:
            values.setdefault(_FIELD_NAMES[label], value)
    return values, first_start, last_end


def refworld_header(
    text: str, offset: int = 0, links: Iterable[Link] = ()
) -> tuple[dict[str, Any], int, int | None] | None:
    """Read a Refworld-style header block at the top of ``text[offset:]``.

    A header is a "Last Updated:" line, or at least two labelled lines (Publisher,
    Author, Publication Date, ...) close together; prose that happens to start two
    lines with "Author" and "Publisher" pages apart is not one.

    Args:
        text: the document text.
        offset: where to start looking (after front matter).
        links: the document's links, to find the "Link to original story" URL.

    Returns:
        ``(values, body_start, body_end)`` where ``values`` maps DocumentMeta field
        names to values, or None when there is no such header.
    """
    head = text[offset : offset + HEADER_SCAN_CHARS]
    values, first_start, last_end = _header_fields(head)
    updated = LAST_UPDATED_RE.search(head)
    labelled = len(values) - ("title" in values)  # other labels than "Title" make a header
    if updated is None and (labelled < 2 or last_end - first_start > HEADER_BLOCK_CHARS):
        return None
    if updated is not None:
        last_end = max(last_end, updated.end())
        if date := parse_date(updated["value"]):
            values["updated"] = date
        if title := _title_below(head, updated):
            values.setdefault("title", title["value"])
            last_end = max(last_end, title.end())
    # The body begins after the last line of the header block: the "original story"
    # link when there is one, else the disclaimer, else the last labelled line.
    for marker in (ORIGINAL_STORY_RE, DISCLAIMER_RE):
        if (m := marker.search(head, last_end, last_end + MARKER_WINDOW)) is not None:
            last_end = m.end()
            if marker is ORIGINAL_STORY_RE:
                _original_story(values, m["name"], m.start() + offset, m.end() + offset, links)
            break
    rest = text[offset + last_end :]
    body_start = offset + last_end + len(rest) - len(rest.lstrip())
    body_end: int | None = None
    for line_start, _ in _line_starts(TRAILER_RE, text, body_start):
        body_end = len(text[:line_start].rstrip())
        break
    return values, body_start, body_end


def _title_below(head: str, updated: re.Match[str]) -> re.Match[str] | None:
    """The title line after a "Last Updated" line that opens the text, as Refworld's
    does; None below a title ("Title\n\nLast updated: ..."), where the body follows."""
    if head[: updated.start()].strip():
        return None
    return NONEMPTY_LINE_RE.search(head, updated.end())


def _line_starts(
    pattern: re.Pattern[str], text: str, pos: int = 0
) -> Iterator[tuple[int, re.Match[str]]]:
    """Matches of ``pattern`` in ``text[pos:]`` that only spaces or tabs precede on their
    line, each with where its line starts: what ``^[ \t]*pattern`` in MULTILINE mode finds.

    The pattern's leading words (``_LEADS``) are found with ``str.find``, which skips
    text many times faster than the regex engine's search, and the pattern is matched
    only there.
    """
    ahead = {lead: text.find(lead, pos) for lead in _LEADS[pattern]}  # next of each
    while True:
        for lead, at in ahead.items():
            if 0 <= at < pos:
                ahead[lead] = text.find(lead, pos)
        found = [at for at in ahead.values() if at >= 0]
        if not found:
            return
        at = min(found)
        line_start = text.rfind("\n", 0, at) + 1
        m = pattern.match(text, at)
        if m is None or line_start < pos or text[line_start:at].strip(" \t"):
            pos = at + 1  # not the pattern, mid-line, or on a line begun before ``pos``
            continue
        yield line_start, m
        pos = max(m.end(), at + 1)


def _original_story(
    values: dict[str, Any], name: str, start: int, end: int, links: Iterable[Link]
) -> None:
    """Fill original_publisher (and original_url from a link on that line)."""
    publisher = values.get("publisher")
    if isinstance(publisher, str) and publisher.lower().startswith(name.lower()):
        values["original_publisher"] = publisher  # "Jamestown" -> "Jamestown Foundation"
    else:
        values["original_publisher"] = name
    for link in links:
        if start <= link.start < end:
            values["original_url"] = link.url
            break
