"""Document metadata from a Refworld header, front matter, HTML meta tags or --published."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any, NamedTuple

import yaml

from ..models import DocumentMeta, Link
from .byline import top_lines
from .dateline import add_heading, dated_heading
from .fulldate import parse_date
from .headings import Heading, headings_in, site_suffix
from .htmlmeta import DATE_FIELDS, html_values
from .htmlmeta import HTML_META_KEYS as HTML_META_KEYS
from .htmlmeta import html_base_url as html_base_url
from .refworld import HEADER_SCAN_CHARS, refworld_header

LOGGER = logging.getLogger(__name__)

# ---------------------------------------------------------------- front matter and HTML

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
MAX_FRONT_MATTER = 65_536
MAX_FRONT_MATTER_NODES = 10_000  # values once every YAML alias is expanded ("billion laughs")
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("author", "authors"),
    "publisher": ("publisher", "site", "site_name"),
    "published": ("date", "published", "pubdate", "publication_date"),
    "series": ("series",),
    "url": ("url", "canonical_url", "link"),
    "original_url": ("original_url",),
    "original_publisher": ("original_publisher",),
    "republisher": ("republisher",),
    "accessed": ("accessed",),
    "updated": ("updated", "lastmod", "modified"),
}


def _as_text(value: Any) -> str | None:
    """YAML scalars, lists of names and ``{name: ...}`` mappings as one string."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        return _as_text(value.get("name"))
    if isinstance(value, (list, tuple)):
        names = [n for n in (_as_text(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def front_matter_values(front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """DocumentMeta values from a parsed YAML front matter mapping.

    Args:
        front_matter: the mapping PyYAML's safe_load returned.

    Returns:
        Field name -> value for every recognised, usable key.
    """
    lowered = {str(k).lower(): v for k, v in front_matter.items()}
    values: dict[str, Any] = {}
    for name, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            if key not in lowered:
                continue
            raw = lowered[key]
            value = parse_date(raw) if name in DATE_FIELDS else _as_text(raw)
            if value is not None:
                values[name] = value
                break
    return values


class _TooLarge(Exception):
    """The front matter would expand beyond MAX_FRONT_MATTER_NODES values."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document whose aliases expand without bound.

    A 1 KB "billion laughs" front matter (anchors that alias each other nine times
    over) loads into shared Python objects quickly, but anything that walks the
    values afterwards (turning an author list into text) expands it to billions of
    strings. The composed node graph is measured as if every alias were copied,
    with each node's size worked out once, before any value is constructed.
    """

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node, {})
        return node


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Values under ``node`` with every alias expanded.

    Raises:
        _TooLarge: past MAX_FRONT_MATTER_NODES, or an alias inside its own anchor.
    """
    if id(node) in sizes:
        if sizes[id(node)] < 0:  # an alias inside its own anchor: endless when expanded
            raise _TooLarge
        return sizes[id(node)]
    sizes[id(node)] = -1
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    if total > MAX_FRONT_MATTER_NODES:
        raise _TooLarge
    sizes[id(node)] = total
    return total


def parse_front_matter(text: str) -> tuple[dict[str, Any] | None, int, str | None]:
    """Parse YAML front matter (``---`` ... ``---`` at the very top).

    The front matter stays in the document text; the body starts after it.
    Bad YAML is a warning, not an error.

    Args:
        text: the Markdown text.

    Returns:
        ``(mapping or None, end of the front matter (0 if none), warning or None)``.
    """
    m = FRONT_MATTER_RE.match(text)
    if m is None:
        return None, 0, None
    if len(m["yaml"]) > MAX_FRONT_MATTER:
        return None, m.end(), "YAML front matter too large; ignored"
    loader = _BoundedLoader(m["yaml"])
    try:
        data = loader.get_single_data()
    except (_TooLarge, RecursionError):
        return (
            None,
            m.end(),
            (
                "YAML front matter ignored: nested too deeply, or its aliases expand to "
                f"more than {MAX_FRONT_MATTER_NODES:,} values or refer to themselves"
            ),
        )
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, m.end(), f"bad YAML front matter ignored: {first}"
    finally:
        loader.dispose()
    if data is None:
        return None, m.end(), None
    if not isinstance(data, dict):
        return None, m.end(), "YAML front matter is not a mapping; ignored"
    return data, m.end(), None


def htmldate_published(tree: Any) -> dt.date | None:
    """Publication date guessed by htmldate from a parsed tree (never from a URL string).

    Args:
        tree: the parsed ``lxml.html`` document; htmldate does not modify it.

    Returns:
        The date or None.
    """
    import htmldate  # imported late: it costs ~0.3 s and only HTML without dates needs it

    try:
        found = htmldate.find_date(tree, extensive_search=True, original_date=True)
    except (ValueError, TypeError) as exc:  # htmldate raises on odd trees; a guess is optional
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found) if found else None


# ---------------------------------------------------------------- cascade


class Extracted(NamedTuple):
    """What the metadata cascade found: the metadata, the body's span and its headings."""

    meta: DocumentMeta
    body_start: int
    body_end: int
    headings: list[Heading]


def extract_metadata(
    text: str,
    fmt: str,
    *,
    body_start: int = 0,
    html_tree: Any | None = None,
    html_headings: Sequence[Heading] = (),
    front_matter: Mapping[str, Any] | None = None,
    links: Iterable[Link] = (),
    published: dt.date | None = None,
) -> Extracted:
    """Fill DocumentMeta from every source, first source per field wins.

    Cascade: 1. Refworld-style header block in the text; 2. YAML front matter;
    3. HTML <meta> tags, JSON-LD, <title>, canonical link; 4. the first level-1 heading
    as title: a Markdown ``# heading``, an HTML ``<h1>`` or a .txt title line, and the
    publication date of a dateline at the top of the body, else (HTML) htmldate's guess;
    5. ``published`` (the --published option) overrides them all. ``meta.sources``
    names where each field came from.

    Args:
        text: the document text (normalised newlines).
        fmt: "txt", "md" or "html".
        body_start: where the body starts before any header is found (after front matter).
        html_tree: the parsed lxml tree, for HTML.
        html_headings: the <h1>-<h6> of an HTML text (see ``htmltext.html_to_text``).
        front_matter: parsed YAML front matter, for Markdown.
        links: the document's links (original story URL of a Refworld header).
        published: a publication date given on the command line.

    Returns:
        The metadata, the body span and the headings inside the body (never claims).
    """
    meta = DocumentMeta()
    top = body_start
    # 1.-3. what the document declares: header block, front matter, HTML meta tags
    body_start, body_end = _fill_declared(meta, text, body_start, links, front_matter, html_tree)
    # 4. headings are metadata: the first level-1 one near the top is the title, in the
    # body or above a header block that names none ("Title\n\nPublication Date ...")
    headings = headings_in(text, fmt, body_start, body_end, html_headings)
    headings = _fill_published(meta, text, fmt, body_start, headings, html_tree)
    headings = _fill_byline(meta, text, fmt, (body_start, body_end), headings)
    _fill_title(meta, text, fmt, (top, body_start), headings, html_headings)
    # 5. --published beats every guess
    if published is not None:
        meta.published, meta.sources["published"] = published, "cli"
    return Extracted(meta, body_start, body_end, headings)


HEADING_SOURCES = {"md": "md-heading", "html": "html:h1", "txt": "txt-title-line"}


def _fill_declared(
    meta: DocumentMeta,
    text: str,
    body_start: int,
    links: Iterable[Link],
    front_matter: Mapping[str, Any] | None,
    html_tree: Any | None,
) -> tuple[int, int]:
    """Steps 1-3 of ``extract_metadata``: fill ``meta`` from what the document declares
    about itself; returns the body's span (a Refworld header block is not body)."""
    body_end: int | None = None
    # 1. Refworld header, in any format
    if header := refworld_header(text, body_start, links):
        values, body_start, body_end = header
        _fill(meta, values, "refworld-header")
    # 2. YAML front matter
    if front_matter:
        _fill(meta, front_matter_values(front_matter), "front-matter")
    # 3. HTML meta tags and JSON-LD
    if html_tree is not None:
        _fill_from_html(meta, html_tree)
    body_end = len(text.rstrip()) if body_end is None else body_end
    return body_start, max(body_end, body_start)


def _fill_published(
    meta: DocumentMeta,
    text: str,
    fmt: str,
    body_start: int,
    headings: list[Heading],
    html_tree: Any | None,
) -> list[Heading]:
    """The publication date of a dateline at the top of the body ("Published: 17 Nov
    2016"), else a page's date by htmldate, when nothing declared one. The dateline
    joins the headings (returned) either way: "02.10.2019 08:00" under a page's <h1> is
    no claim when its meta tags gave the date too.

    htmldate comes last: it guesses the earliest date on a page, and an article's text
    is full of the dates it cites ("January 17" before the "January 19, 2010" it was
    published), so it dated the page too early and its cited dates a year back."""
    if line := dated_heading(text, body_start):
        _fill(meta, {"published": line[0]}, f"{fmt}-dateline")
        return add_heading(headings, line[1], text, fmt, body_start)
    if (
        meta.published is None
        and html_tree is not None
        and (guess := htmldate_published(html_tree))
    ):
        _fill(meta, {"published": guess}, "htmldate")
    return headings


def _fill_byline(
    meta: DocumentMeta, text: str, fmt: str, body: tuple[int, int], headings: list[Heading]
) -> list[Heading]:
    """The author and series of the byline and series lines atop the body ("By: Mairbek
    Vatchagaev", "Publication: Eurasia Daily Monitor Volume: 7 Issue: 12"), when nothing
    declared them; the lines join the headings (returned) either way: they are no claims,
    and a text's first line right above one is its title ("Title\nBy Paul Goble")."""
    for line in top_lines(text, *body):
        over = [h for h in headings if h.start < line.end and line.start < h.end]
        if any(h.level for h in over):
            continue  # a heading or title that reads like a byline
        _fill(meta, {line.field: line.value}, f"{fmt}-byline")
        if not over:  # else the line is a dateline already ("By X, November 17, 2016")
            heading = Heading(line.start, line.end, 0, text[line.start : line.end])
            headings = add_heading(headings, heading, text, fmt, body[0])  # and a title above
    return headings


def _fill_title(
    meta: DocumentMeta, text: str, fmt: str, tops: tuple[int, int], *found: Sequence[Heading]
) -> None:
    """The title from the first level-1 heading near the body's start, or near the top
    of the text above a header block (``tops``: the text's start and the body's); or a
    page's <title> without the site's name its heading leaves out ("X - Jamestown")."""
    if meta.title is not None and meta.sources.get("title") != "html:title":
        return
    (top, body_start), (headings, html_headings) = tops, found
    title = _title_heading(headings, body_start)
    if title is None and body_start > top:
        title = _title_heading(headings_in(text, fmt, top, body_start, html_headings), top)
    if title and (meta.title is None or site_suffix(meta.title, title)):
        meta.title, meta.sources["title"] = title, HEADING_SOURCES.get(fmt, fmt)


def _title_heading(headings: Sequence[Heading], start: int) -> str | None:
    """The text of the first level-1 heading near ``start``, or None."""
    for heading in headings:
        if heading.start >= start + HEADER_SCAN_CHARS:
            break
        if heading.level == 1 and heading.text:
            return heading.text
    return None


_META_FIELDS = frozenset(f.name for f in fields(DocumentMeta)) - {"sources"}


def _fill_from_html(meta: DocumentMeta, tree: Any) -> None:
    """Fill ``meta`` from HTML meta tags and JSON-LD (``htmlmeta.html_values``)."""
    values, sources = html_values(tree)
    for name, value in values.items():
        _fill(meta, {name: value}, sources[name])


def _fill(meta: DocumentMeta, values: Mapping[str, Any], source: str) -> None:
    """Set each still-empty field of ``meta`` from ``values`` and record the source."""
    for name, value in values.items():
        if name in _META_FIELDS and value is not None and getattr(meta, name) is None:
            setattr(meta, name, value)
            meta.sources[name] = source
