"""Document metadata a page declares: <meta> tags, JSON-LD, <title> and canonical link."""

from __future__ import annotations

from typing import Any

from .fulldate import parse_date
from .jsonld import FIELDS as JSONLD_FIELDS
from .jsonld import jsonld_values

DATE_FIELDS = frozenset({"published", "accessed", "updated"})

# (field, meta key) in order of preference; keys are lowercased name= or property=
HTML_META_KEYS: tuple[tuple[str, str], ...] = (
    ("title", "citation_title"),
    ("title", "og:title"),
    ("title", "dc.title"),
    ("author", "citation_author"),
    ("author", "author"),
    ("author", "dc.creator"),
    ("publisher", "citation_publisher"),
    ("publisher", "og:site_name"),
    ("publisher", "dc.publisher"),
    ("published", "citation_publication_date"),
    ("published", "citation_date"),
    ("published", "article:published_time"),
    ("published", "dc.date"),
    ("published", "date"),
    ("published", "pubdate"),
    ("updated", "article:modified_time"),
    ("updated", "og:updated_time"),
    ("url", "citation_public_url"),
    ("url", "og:url"),
)


def html_values(tree: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """DocumentMeta values from an lxml HTML tree's <meta> tags, its JSON-LD article
    (for the fields no meta tag gave: Yoast pages name their author only there), then
    <title> and canonical link.

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
    if not JSONLD_FIELDS <= values.keys():  # the meta tags left a field for JSON-LD
        for name, value in jsonld_values(tree).items():
            if name not in values:
                values[name], sources[name] = value, "html:json-ld"
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
