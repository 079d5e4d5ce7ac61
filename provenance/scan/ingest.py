"""Ingest: find input files, decode them and turn .txt/.md/.html into a models.Document."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import os
import re
import stat as stat_module
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import lxml.etree
from unidecode import unidecode

from ..errors import InputError
from ..models import Document, Link
from . import mdinline, metadata
from .discover import FORMATS
from .discover import discover as discover  # re-exported: ingest.discover is public
from .encoding import decode_bytes
from .headings import Heading
from .htmltext import html_to_text

LOGGER = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000


def slugify(path: str | Path, title: str | None = None) -> str:
    """A lowercase ASCII slug for report file names, from the file stem.

    Args:
        path: the document path; its stem gives the slug ("000_f0a8" -> "000-f0a8").
        title: used only when the stem gives nothing usable (e.g. "index" or "ы").

    Returns:
        Letters, digits and single hyphens, at most 80 characters, never empty and
        never a name the tool writes itself (``index``, ``linkcheck-...``): those
        get ``-document`` appended, so no report overwrites the index or a link check.
    """
    slug = _slug(Path(path).stem)
    if (not slug or slug in GENERIC_STEMS) and title:
        slug = _slug(title) or slug
    slug = slug or "document"
    return f"{slug}-document" if RESERVED_SLUG_RE.fullmatch(slug) else slug


SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")
GENERIC_STEMS = frozenset({"index", "article", "page", "document", "default"})
# Report names the tool itself writes next to the documents' reports.
RESERVED_SLUG_RE = re.compile(r"index|readme|linkcheck(?:-.*)?")


def _slug(value: str) -> str:
    return SLUG_JUNK_RE.sub("-", unidecode(value).lower()).strip("-")[:80].rstrip("-")


# ---------------------------------------------------------------- read

NEWLINES_RE = re.compile(r"\r\n?|\u2028|\u2029")


#: Characters a reader never sees, which would split a word of a claim ("skep\u00adtical").
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b"))


def read_document(
    path: str | Path,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read, decode and parse one file into a Document.

    Args:
        path: a .txt, .md/.markdown or .html/.htm file.
        published: publication date from the command line; overrides the document's.
        max_bytes: larger files are refused.

    Returns:
        The Document: text with "\\n" newlines, links, metadata and body span.

    Raises:
        InputError: unreadable, empty, whitespace-only, binary, too large or
            undecodable file.
    """
    name = str(path)
    raw, size, mtime_ns = _read_bytes(name, max_bytes)
    fmt = FORMATS.get(Path(name).suffix.lower(), "txt")
    text, encoding, warnings = decode_bytes(raw, name, html=fmt == "html")
    if "\r" in text or "\u2028" in text or "\u2029" in text:  # str.find is far faster than sub
        text = NEWLINES_RE.sub("\n", text)
    if "\u00ad" in text or "\u200b" in text:  # soft hyphens and zero-width spaces: unseen
        text = text.translate(INVISIBLE)
    if not text.strip():
        raise InputError(name, "whitespace-only file")
    body = _plain_text(text, fmt, name, warnings)
    meta, body_start, body_end, headings = _metadata(body, fmt, published)
    for warning in warnings:  # the pipeline reports them; this is for library users
        LOGGER.debug("%s: %s", name, warning)
    return Document(
        path=name,
        sha256=hashlib.sha256(raw).hexdigest(),
        format=fmt,
        encoding=encoding,
        text=body.text,
        meta=meta,
        links=body.links,
        body_start=body_start,
        body_end=body_end,
        size=size,
        mtime_ns=mtime_ns,
        warnings=warnings,
        headings=[(h.start, h.end) for h in headings],
        code=list(body.code),
    )


def _metadata(body: _PlainText, fmt: str, published: dt.date | None) -> metadata.Extracted:
    """The metadata cascade over a file's plain text (``metadata.extract_metadata``)."""
    return metadata.extract_metadata(
        body.text,
        fmt,
        body_start=body.body_start,
        html_tree=body.tree,
        html_headings=body.headings,
        front_matter=body.front_matter,
        links=body.links,
        published=published,
    )


class _PlainText(NamedTuple):
    """A decoded file reduced to plain text, with what the metadata cascade reads."""

    text: str
    links: list[Link]
    body_start: int = 0  # after the front matter
    front_matter: dict[str, Any] | None = None
    tree: Any = None  # the parsed lxml tree, for HTML
    headings: Sequence[Heading] = ()  # <h1>-<h6>, for HTML
    code: Sequence[tuple[int, int]] = ()  # the text of Markdown code spans


def _plain_text(text: str, fmt: str, name: str, warnings: list[str]) -> _PlainText:
    """Markdown and HTML to plain text and links; front matter warnings go to ``warnings``."""
    # 1. Markdown: the front matter stays in the text, link markup and inline syntax go
    if fmt == "md":
        front_matter, body_start, fm_warning = metadata.parse_front_matter(text)
        warnings.extend([fm_warning] if fm_warning else [])
        body_start += len(text) - body_start - len(text[body_start:].lstrip())
        text, links = markdown_links(without_code(text, body_start), body_start)
        code: list[tuple[int, int]] = []
        text, links = mdinline.rendered(text, links, body_start, code)
        return _PlainText(text, links, body_start, front_matter, code=code)
    # 2. HTML: the visible text only
    if fmt == "html":
        try:
            text, links, tree, headings = html_to_text(text)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise InputError(name, f"unparsable HTML: {exc}") from None
        if not text.strip():
            raise InputError(name, "no visible text in HTML")
        return _PlainText(text, links, tree=tree, headings=headings)
    # 3. plain text as it is
    return _PlainText(text, [])


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _read_bytes(name: str, max_bytes: int) -> tuple[bytes, int, int]:
    """The file's bytes, size and mtime_ns, with every OS failure as InputError."""
    try:
        if not stat_module.S_ISREG(os.stat(name).st_mode) and not os.path.isdir(name):
            raise InputError(name, "not a regular file (FIFO, socket or device)")
        with open(name, "rb") as fh:  # a FIFO would block here, hence the check above
            stat = os.fstat(fh.fileno())
            if stat.st_size > max_bytes:
                raise InputError(
                    name,
                    f"file too large: {_megabytes(stat.st_size)} > {_megabytes(max_bytes)} limit",
                )
            # Sized to the file (a read of max_bytes allocates all of it first), and one
            # byte more: a file that grew since fstat is read on, up to the limit.
            raw = fh.read(stat.st_size + 1)
            if len(raw) > stat.st_size:
                raw += fh.read(max_bytes + 1 - len(raw))
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(name, "file not found (vanished or dangling symlink)") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"unreadable: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew while we read it
        raise InputError(name, f"file too large: > {_megabytes(max_bytes)} limit")
    if not raw:
        raise InputError(name, "empty file")
    return raw, len(raw), stat.st_mtime_ns


# ---------------------------------------------------------------- Markdown

MD_LINK_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]"
    r"(?:\(\s*(?:<(?P<aurl>[^<>\n]*)>|(?P<url>[^\s<>()]*(?:\([^\s()]*\)[^\s<>()]*)*))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
    r"|\[(?P<ref>[^\[\]\n]*)\])?"
    r"|<(?P<auto>https?://[^\s<>]+)>"
)
#: An inline image inside a link's text: ``[![alt](src)](url)``.
MD_IMAGE_RE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
MD_DEFINITION_RE = re.compile(
    r"^[ ]{0,3}\[(?P<id>[^\[\]\n]+)\]:[ \t]*<?(?P<url>\S+?)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?:\n|\Z)",
    re.M,
)


FENCE_RE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*$", re.M)
LIST_ITEM_RE = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def without_code(text: str, start: int = 0) -> str:
    """``text`` with the lines of Markdown code blocks emptied (their line breaks kept):
    fenced (``` or ~~~, to the closing fence or the end) and indented (four spaces or a
    tab, after a blank line, not inside a list). Code is no claim, and its "(x, 3)" no
    citation."""
    if "```" not in text and "~~~" not in text and "\n    " not in text and "\n\t" not in text:
        return text
    lines = text[start:].split("\n")
    fence, blank, listed = "", True, False
    for i, line in enumerate(lines):
        if fence:
            closing = line.strip().startswith(fence) and not line.strip().strip(fence[0])
            fence, lines[i] = ("" if closing else fence), ""
        elif m := FENCE_RE.match(line):
            fence, lines[i] = m["fence"], ""
        elif blank and not listed and line.startswith(("    ", "\t")) and line.strip():
            lines[i] = ""  # an indented code line: the blank line before it stays "blank"
            continue
        elif line.strip():
            listed = bool(LIST_ITEM_RE.match(line)) or (listed and line[:1] in " \t")
        blank = not line.strip()
    return text[:start] + "\n".join(lines)


def markdown_links(text: str, start: int = 0) -> tuple[str, list[Link]]:
    """Reduce Markdown links after ``start`` to their text and record each as a Link.

    Inline ``[text](url "title")``, reference ``[text][id]``/``[text][]``/``[id]``
    (when ``[id]: url`` is defined; definition lines are removed) and autolinks
    ``<https://...>``. An image ``![alt](src)`` is dropped, as a page's ``<img>`` has no
    text: its ``(src)`` read as a citation of an outlet "src", and an image alone on a
    line as a claim. A link around an image alone (``[![alt](src)](url)``) goes with it.
    A code span's text is literal, as CommonMark has it: no link starts or ends in one
    (```[x](url)``` is code, ``[`x`](url)`` a link).

    Args:
        text: the whole Markdown text.
        start: leave ``text[:start]`` (front matter) untouched.

    Returns:
        The new text and its links; ``text[link.start:link.end] == link.text``.
    """
    if text.find("[", start) < 0 and text.find("<", start) < 0:
        return text, []  # nothing that could be a link: skip the slow regex scan
    body, definitions = _md_definitions(text, start)
    parts = [text[:start]]
    pos = start  # length of the output so far
    links: list[Link] = []
    last = 0
    in_code = _code_cut(body) if "`" in body else None
    for m in MD_LINK_RE.finditer(body):
        if in_code is not None and in_code(*m.span()):
            continue  # in a code span, or across one: kept as written
        reading = _md_reading(m, definitions)
        if reading is None:
            continue  # kept as written
        label, url = reading
        parts.append(body[last : m.start()])
        pos += m.start() - last
        last = m.end()
        if url is not None:
            if label.isdigit() and len(label) <= 3 and not _in_brackets(body, m.start()):
                label = f"[{label}]"  # "2019.[1](http://…)": a marker that ends a sentence
            parts.append(label)
            links.append(Link(pos, pos + len(label), url, label))
            pos += len(label)
        elif body[m.start() - 1 : m.start()] == " " == body[last : last + 1]:
            last += 1  # "growth ![chart](c.png) (TASS...": one space left, not two
    parts.append(body[last:])
    return "".join(parts), links


def _in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` is inside a parenthetical of its line: "(TASS, May 5, [6](…))" links
    a date, not a marker."""
    line = text.rfind("\n", 0, at) + 1
    return text.rfind("(", line, at) > text.rfind(")", line, at)


def _md_definitions(text: str, start: int) -> tuple[str, dict[str, str]]:
    """``text`` after ``start`` without its link definition lines, and what they define."""
    definitions: dict[str, str] = {}
    body_parts: list[str] = []
    last = start
    for m in MD_DEFINITION_RE.finditer(text, start):
        definitions.setdefault(m["id"].strip().lower(), m["url"])
        body_parts.append(text[last : m.start()])
        last = m.end()
    return ("".join(body_parts) + text[last:] if definitions else text[start:]), definitions


def _code_cut(body: str) -> Callable[[int, int], bool]:
    """A test of whether ``body[a:b]`` starts or ends inside a code span.

    The code spans are those ``mdinline.rendered`` takes the backticks from
    (``mdinline.CODE_RE``), so what is code there is no link here.
    """
    spans = [m.span() for m in mdinline.CODE_RE.finditer(body)]
    starts = [s for s, _ in spans]

    def test(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, a) - 1  # the last span opening at or before a
        if i >= 0 and spans[i][1] > a:
            return True
        i = bisect.bisect_left(starts, b) - 1  # the last span opening before b
        return i >= 0 and spans[i][1] > b

    return test


def _md_reading(m: re.Match[str], definitions: dict[str, str]) -> tuple[str, str | None] | None:
    """What a match becomes: ``(text, URL)`` for a link, ``("", None)`` for an image or a
    link around images alone (dropped), None to keep it as written."""
    url = _md_link_url(m, definitions)
    if url is None:
        return None
    if m["bang"]:
        return "", None
    label = m["auto"] or m["text"]
    if "![" in label:
        label = MD_IMAGE_RE.sub("", label)
        if not label.strip():
            return "", None
    return (label, url) if label.strip() else None


def _md_link_url(m: re.Match[str], definitions: dict[str, str]) -> str | None:
    """The URL (or image source) a match points to, or None to keep it as written."""
    if m["auto"]:
        return m["auto"]
    if m["aurl"] is not None:  # <destination>: may hold spaces, as CommonMark allows
        return m["aurl"].strip().replace(" ", "%20") or None
    if m["url"] is not None:
        return m["url"] or None
    ref = m["ref"] if m["ref"] else m["text"]  # [text][id], or [text][] / [id]
    return definitions.get(ref.strip().lower()) if ref.strip() else None
