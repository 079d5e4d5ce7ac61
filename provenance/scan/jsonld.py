"""Article metadata a page declares in JSON-LD (``<script type="application/ld+json">``).

WordPress with Yoast (jamestown.org), most news sites and Chinese and Russian CMSs
describe the article in schema.org JSON-LD, often with no ``<meta name="author">``: the
byline sits in a block outside the article body, so JSON-LD is the only place the page
names its author in a form a reader of the text alone would never find. Yoast writes a
``@graph`` whose Article points at its author and publisher by ``@id`` only; those are
looked up in the graph.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterator
from typing import Any

from .fulldate import parse_date

LOGGER = logging.getLogger(__name__)

LD_TYPE = "application/ld+json"
MAX_SCRIPT_CHARS = 1_000_000  # a page's JSON-LD is a few KB; never parse a megabyte
MAX_NAME_CHARS = 200
#: schema.org types of an article, lowercased; a WebPage is read only when none is there.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
    }
)
PAGE_TYPES = frozenset({"webpage", "itempage"})
#: DocumentMeta field -> the JSON-LD property it is read from.
PROPERTIES = {
    "title": "headline",
    "author": "author",
    "publisher": "publisher",
    "published": "datePublished",
    "updated": "dateModified",
}
FIELDS = frozenset(PROPERTIES)


def jsonld_values(tree: Any) -> dict[str, Any]:
    """DocumentMeta values from the page's JSON-LD article (or web page) description.

    Args:
        tree: the parsed ``lxml.html`` document.

    Returns:
        Field name -> value for title, author, publisher, published and updated; empty
        when the page has no JSON-LD, or none that parses or describes an article.
    """
    nodes = [node for data in _scripts(tree) for node in _nodes(data)]
    if not nodes:
        return {}
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    article = _first_of(nodes, ARTICLE_TYPES) or _first_of(nodes, PAGE_TYPES)
    if article is None:
        return {}
    values: dict[str, Any] = {}
    for name, prop in PROPERTIES.items():
        raw = article.get(prop)
        if name in ("published", "updated"):
            value = parse_date(raw) if isinstance(raw, str) else None
        elif name == "title":
            value = _clean(raw)
        else:
            value = _names(raw, by_id)
        if value is not None:
            values[name] = value
    return values


def _scripts(tree: Any) -> Iterator[Any]:
    """The parsed content of each JSON-LD script; one that does not parse is skipped."""
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != LD_TYPE:
            continue
        text = (el.text or "").strip()
        if text.startswith("<!--"):  # an old habit: the JSON wrapped in an HTML comment
            text = text.removeprefix("<!--").removesuffix("-->").strip()
        if not text or len(text) > MAX_SCRIPT_CHARS:
            continue
        try:
            yield json.loads(text, strict=False)  # strict=False: raw newlines in strings
        except ValueError as exc:
            LOGGER.debug("JSON-LD ignored: %s", exc)


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of one script: itself, its list items and its ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(graph := data.get("@graph"), list):
            yield from (node for node in graph if isinstance(node, dict))


def _first_of(nodes: list[dict[str, Any]], types: frozenset[str]) -> dict[str, Any] | None:
    """The first node whose ``@type`` (a name or a list of names) is one of ``types``."""
    for node in nodes:
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in types for k in kinds):
            return node
    return None


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> str | None:
    """A person or organization, or a list of them, as "A, B": each a name, a node with
    a ``name``, or a reference ``{"@id": ...}`` to a node of the graph."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and "name" not in item:
            item = by_id.get(item.get("@id"), {}) if isinstance(item.get("@id"), str) else {}
        name = _clean(item.get("name") if isinstance(item, dict) else item)
        if name and not name.lower().startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _clean(value: Any) -> str | None:
    """A JSON-LD text as one line, with HTML entities (``&amp;``, ``&#8217;``) decoded."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text if 0 < len(text) <= MAX_NAME_CHARS else None
