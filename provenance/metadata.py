"""Document metadata from a Refworld header, front matter, HTML meta tags or --published."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any
from urllib.parse import urlsplit

import yaml
from dateutil import parser as dateutil_parser

from .models import DocumentMeta, Link

LOGGER = logging.getLogger(__name__)

# ---------------------------------------------------------------- dates

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Russian genitive and nominative forms: "17 ноября 2016", "ноябрь 2016" is partial
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\.?,?\s+(\d{{4}})(?!\d)", re.I
)
MONTH_DAY_YEAR_RE = re.compile(
    rf"(?<![\w])({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I
)
# dateutil fills missing parts from `default`: parsing with two different defaults and
# getting two different answers means the string was a partial date, which we refuse.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | None:
    """Parse a FULL date (year, month and day) written in a common form.

    Accepts ``2016-11-17``, ISO datetimes, ``2016/11/17``, ``17 November 2016``,
    ``November 17, 2016``, ``Friday, 01 November 2019, 13:47 GMT``, Russian
    ``17 ноября 2016``, and ``date``/``datetime`` objects (from YAML).

    Args:
        value: a string, ``datetime.date`` or ``datetime.datetime``.

    Returns:
        The date, or None for partial dates ("November 2016"), garbage or None.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    # 1. ISO and slashed numeric dates, year first
    if m := ISO_DATE_RE.match(value):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    # 2. "17 November 2016" (also after a weekday, before a time)
    if m := DAY_MONTH_YEAR_RE.search(value):
        return _make_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    # 3. "November 17, 2016"
    if m := MONTH_DAY_YEAR_RE.search(value):
        return _make_date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    # 4. anything else dateutil understands, but only when it is a full date
    try:
        a = dateutil_parser.parse(value, default=_DEFAULT_A)
        b = dateutil_parser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None


# ---------------------------------------------------------------- Refworld header

HEADER_SCAN_CHARS = 8_000  # the header block sits at the top; never scan a whole book
HEADER_BLOCK_CHARS = 2_000  # labelled lines further apart than this are not one header
MARKER_WINDOW = 1_500  # the disclaimer / original-story line follows the header closely
LAST_UPDATED_RE = re.compile(r"^[ \t]*Last Updated:?[ \t]*(?P<value>\S.*?)[ \t]*$", re.M)
NONEMPTY_LINE_RE = re.compile(r"^[ \t]*(?P<value>\S.*?)[ \t]*$", re.M)
HEADER_FIELD_RE = re.compile(
    r"^[ \t]*(?P<label>Publisher|Author|Publication Date|Citation / Document Symbol|Cite as)"
    r":?[ \t]+(?P<value>\S.*?)[ \t]*$",
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
TRAILER_RE = re.compile(r"^[ \t]*(?:Copyright notice:|Search Refworld\b)", re.M)
REPUBLISHERS: dict[str, str] = {"refworld.org": "Refworld (UNHCR)"}
_FIELD_NAMES = {
    "Publisher": "publisher",
    "Author": "author",
    "Publication Date": "published",
    "Citation / Document Symbol": "series",
}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _header_fields(head: str) -> tuple[dict[str, Any], int, int]:
    """Labelled header lines of ``head`` as meta values; start and end of the labelled block."""
    values: dict[str, Any] = {}
    first_start, last_end = -1, 0
    for m in HEADER_FIELD_RE.finditer(head):
        first_start = m.start() if first_start < 0 else first_start
        last_end = m.end()
        label, value = m["label"], m["value"]
        if label == "Cite as":
            if cite := AVAILABLE_AT_RE.search(value):
                values.setdefault("url", cite["url"].rstrip(".,;"))
                if cite["accessed"] and (accessed := parse_date(cite["accessed"])):
                    values.setdefault("accessed", accessed)
                republisher = REPUBLISHERS.get(_host(cite["url"]), _host(cite["url"]))
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
    if updated is None and (len(values) < 2 or last_end - first_start > HEADER_BLOCK_CHARS):
        return None
    if updated is not None:
        last_end = max(last_end, updated.end())
        if date := parse_date(updated["value"]):
            values["updated"] = date
        if title := NONEMPTY_LINE_RE.search(head, updated.end()):
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
    if trailer := TRAILER_RE.search(text, body_start):
        body_end = len(text[: trailer.start()].rstrip())
    return values, body_start, body_end


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


# ---------------------------------------------------------------- front matter and HTML

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
MAX_FRONT_MATTER = 65_536
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
DATE_FIELDS = frozenset({"published", "accessed", "updated"})


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
    if len(m["yaml"]) > MAX_FRONT_MATTER:  # YAML aliases can expand without bound
        return None, m.end(), "YAML front matter too large; ignored"
    try:
        data = yaml.safe_load(m["yaml"])
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, m.end(), f"bad YAML front matter ignored: {first}"
    if data is None:
        return None, m.end(), None
    if not isinstance(data, dict):
        return None, m.end(), "YAML front matter is not a mapping; ignored"
    return data, m.end(), None


# (field, meta key) in order of preference; keys are lowercased name= or property=
HTML_META_KEYS: tuple[tuple[str, str], ...] = (
    ("title", "citation_title"), ("title", "og:title"), ("title", "dc.title"),
    ("author", "citation_author"), ("author", "author"), ("author", "dc.creator"),
    ("publisher", "citation_publisher"), ("publisher", "og:site_name"),
    ("publisher", "dc.publisher"),
    ("published", "citation_publication_date"), ("published", "citation_date"),
    ("published", "article:published_time"), ("published", "dc.date"),
    ("published", "date"), ("published", "pubdate"),
    ("updated", "article:modified_time"), ("updated", "og:updated_time"),
    ("url", "citation_public_url"), ("url", "og:url"),
)


def html_values(tree: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """DocumentMeta values from an lxml HTML tree's <title>, <meta> and canonical link.

    Args:
        tree: the parsed ``lxml.html`` document.

    Returns:
        ``(values, sources)``: field -> value and field -> "html:<key>".
    """
    metas: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, []).append(content)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, key in HTML_META_KEYS:
        if name in values or key not in metas:
            continue
        if name in DATE_FIELDS:
            value: Any = parse_date(metas[key][0])
        elif key == "citation_author":
            value = "; ".join(metas[key])
        else:
            value = metas[key][0]
        if value is not None and not (name == "author" and value.startswith("http")):
            values[name], sources[name] = value, f"html:{key}"
    canonical = html_base_url(tree)
    if canonical and "url" not in values:
        values["url"], sources["url"] = canonical, "html:canonical"
    title = tree.find(".//title")
    if "title" not in values and title is not None and (text := title.text_content().strip()):
        values["title"], sources["title"] = " ".join(text.split()), "html:title"
    return values, sources


def html_base_url(tree: Any) -> str | None:
    """The document's own absolute URL: <base href>, canonical link, og:url or citation URL.

    Args:
        tree: the parsed ``lxml.html`` document.

    Returns:
        An absolute http(s) URL or None.
    """
    candidates: list[str] = []
    for el in tree.iter("base", "link"):
        if el.tag == "base" or "canonical" in (el.get("rel") or "").lower().split():
            candidates.append((el.get("href") or "").strip())
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or "").lower()
        if key in ("og:url", "citation_public_url"):
            candidates.append((el.get("content") or "").strip())
    for url in candidates:
        if url.lower().startswith(("http://", "https://")):
            return url
    return None


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

MD_HEADING_RE = re.compile(r"^#[ \t]+(?P<value>\S.*?)[ \t#]*$", re.M)


def extract_metadata(
    text: str,
    fmt: str,
    *,
    body_start: int = 0,
    html_tree: Any | None = None,
    front_matter: Mapping[str, Any] | None = None,
    links: Iterable[Link] = (),
    published: dt.date | None = None,
) -> tuple[DocumentMeta, int, int | None]:
    """Fill DocumentMeta from every source, first source per field wins.

    Cascade: 1. Refworld-style header block in the text; 2. YAML front matter;
    3. HTML <meta> tags, <title>, canonical link, then (published only) htmldate;
    4. a Markdown ``# heading`` as title; 5. ``published`` (the --published option)
    overrides them all. ``meta.sources`` names where each field came from.

    Args:
        text: the document text (normalised newlines).
        fmt: "txt", "md" or "html".
        body_start: where the body starts before any header is found (after front matter).
        html_tree: the parsed lxml tree, for HTML.
        front_matter: parsed YAML front matter, for Markdown.
        links: the document's links (original story URL of a Refworld header).
        published: a publication date given on the command line.

    Returns:
        ``(meta, body_start, body_end)``; body_end None means the end of the text.
    """
    meta = DocumentMeta()
    body_end: int | None = None
    # 1. Refworld header, in any format
    if header := refworld_header(text, body_start, links):
        values, body_start, body_end = header
        _fill(meta, values, "refworld-header")
    # 2. YAML front matter
    if front_matter:
        _fill(meta, front_matter_values(front_matter), "front-matter")
    # 3. HTML meta tags, then htmldate for the publication date only
    if html_tree is not None:
        values, sources = html_values(html_tree)
        for name, value in values.items():
            _fill(meta, {name: value}, sources[name])
        if meta.published is None and (guess := htmldate_published(html_tree)):
            _fill(meta, {"published": guess}, "htmldate")
    # 4. a Markdown title heading
    if fmt == "md" and meta.title is None:
        if heading := MD_HEADING_RE.search(text, body_start, body_start + HEADER_SCAN_CHARS):
            _fill(meta, {"title": heading["value"]}, "md-heading")
    # 5. --published beats every guess
    if published is not None:
        meta.published = published
        meta.sources["published"] = "cli"
    if body_end is None:
        body_end = len(text.rstrip())
    return meta, body_start, max(body_end, body_start)


_META_FIELDS = frozenset(f.name for f in fields(DocumentMeta)) - {"sources"}


def _fill(meta: DocumentMeta, values: Mapping[str, Any], source: str) -> None:
    """Set each still-empty field of ``meta`` from ``values`` and record the source."""
    for name, value in values.items():
        if name in _META_FIELDS and value is not None and getattr(meta, name) is None:
            setattr(meta, name, value)
            meta.sources[name] = source
