"""HTML to text: the visible text of a page as paragraphs, and its links as Links."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from ..models import Link
from . import boilerplate
from .brlines import BREAK, LINE, line_breaks
from .headings import Heading
from .htmlmeta import html_base_url

LOGGER = logging.getLogger(__name__)

XML_DECLARATION_RE = re.compile(r"\A\s*<\?xml[^>]*>")
DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none", re.I)
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "header",
        "aside",
        "form",
        "head",
        "template",
        "svg",
        "iframe",
        "button",
        "select",
        "textarea",
        "canvas",
        "object",
        "embed",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "section",
        "article",
        "main",
        "figure",
        "figcaption",
        "pre",
        "hr",
        "address",
        "details",
        "summary",
        "caption",
        "body",
    }
)
CELL_TAGS = frozenset({"td", "th"})
SKIPPED_HREF_PREFIXES = ("#", "javascript:", "mailto:", "tel:", "data:")
# Markers written into a copy of the tree so that lxml's C-level itertext() does the
# walk: BREAK between blocks, OPEN/CLOSE around link text. Python then only touches
# block and link elements, not every text node (~5x faster on a 100 KB page).
# They are private-use characters (lxml refuses control characters in text).
# HEAD starts the text of a heading (<h1>-<h6>): headings are metadata, not claims.
# LINE stands for a <br>: see brlines.line_breaks.
OPEN, CLOSE, HEAD = "\ue001", "\ue002", "\ue003"
MARKER_RE = re.compile("[\ue001\ue002]")
ANY_MARKER_RE = re.compile("[\ue000-\ue004]")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HIDDEN_XPATH = './/*[@hidden or @aria-hidden="true" or @style]'


class HtmlText(NamedTuple):
    """An HTML page as text: the text, its links, the parsed tree and the headings' spans."""

    text: str
    links: list[Link]
    tree: Any
    headings: list[Heading]


def html_to_text(html: str, base_url: str | None = None) -> HtmlText:
    """Visible text of an HTML page, its links, the parsed tree and its headings.

    Drops script/style/nav/header/footer/aside/form, hidden elements and page furniture
    (share widgets, related lists, comments, cookie banners: ``boilerplate.strip``);
    reads only the article body (``boilerplate.content_root``: a marked article body,
    else the longest <article>, else <main>, else <body>). A page whose <title> or
    <textarea> was left open is re-read by BeautifulSoup (``boilerplate.repair``). Block
    elements become paragraph breaks ("\\n\\n"), whitespace inside a paragraph collapses
    to one space, and a <br> is either (``brlines.line_breaks``).

    Args:
        html: the decoded page.
        base_url: the page's URL; defaults to its <base>/canonical/og:url.

    Returns:
        ``(text, links, tree, headings)``; links carry absolute URLs when a base is known.
        The tree is left unchanged (the work happens on a copy of the content root).
        Each <h1>-<h6> is one paragraph of the text, listed in ``headings``.

    Raises:
        lxml.etree.ParserError: the page has no parsable content.
    """
    html = XML_DECLARATION_RE.sub("", html, count=1)
    if BREAK in html or OPEN in html or CLOSE in html or HEAD in html or LINE in html:
        html = ANY_MARKER_RE.sub("", html)
    tree = boilerplate.repair(html, lxml.html.document_fromstring(html))
    base = base_url or html_base_url(tree)
    work = copy.deepcopy(boilerplate.content_root(tree))
    work.tail = None
    boilerplate.strip(work)
    urls = _mark(work, base)
    text, links, headings = _paragraphs_with_links("".join(work.itertext()), urls)
    return HtmlText(text, links, tree, headings)


def _mark(work: Any, base: str | None) -> list[str]:
    """Drop invisible parts of ``work`` and write the markers; return link URLs in order."""
    lxml.etree.strip_elements(work, *DROP_TAGS, lxml.etree.Comment, with_tail=False)
    for el in work.xpath(HIDDEN_XPATH):
        if (
            "hidden" in el.attrib
            or el.get("aria-hidden") == "true"
            or DISPLAY_NONE_RE.search(el.get("style", ""))
        ):
            if el.getparent() is not None:
                el.drop_tree()  # keeps the tail
    for sup in work.iter("sup"):
        _footnote_ref(sup)
    for ol in work.iter("ol"):
        _footnote_list(ol)
    urls: list[str] = []
    for a in work.iter("a"):
        if url := _link_url(a.get("href"), base):
            urls.append(url)
            a.text = OPEN + (a.text or "")
            a.tail = CLOSE + (a.tail or "")
    for el in work.iter(*HEADING_TAGS):
        el.text = HEAD + el.tag[1] + (el.text or "")
    for el in work.iter(*BLOCK_TAGS):
        el.text = BREAK + (el.text or "")
        el.tail = BREAK + (el.tail or "")
    for el in work.iter("br"):
        el.tail = LINE + (el.tail or "")
    for el in work.iter(*CELL_TAGS):
        el.tail = " " + (el.tail or "")
    return urls


#: The number a footnote reference shows ("1", "[12]"), and what the text before one ends in.
FOOTNOTE_REF_RE = re.compile(r"\[?(\d{1,3})\]?")
FOOTNOTE_NAMES_RE = re.compile(r"foot|endnote|\bfn|note-ref|\bref\b", re.I)
AFTER_PUNCTUATION = tuple(".,;:!?)\"'”’»")


def _footnote_ref(sup: Any) -> None:
    """Write a footnote reference ``<sup>`` as "[1]", the marker split.py reads after a
    full stop: "resolve.<sup>1</sup> The conflict" read "resolve.1 The conflict", no
    sentence end, and the two sentences were one claim. A reference is a number that
    links within the page (``href="#fn1"``, from inside or around it), is named a footnote,
    or follows punctuation; "km<sup>2</sup>" is none."""
    m = FOOTNOTE_REF_RE.fullmatch(sup.text_content().strip())
    if m is None:
        return
    names = f"{sup.get('class', '')} {sup.get('id', '')}"
    parent = sup.getparent()  # Pandoc's <a href="#fn1"><sup>1</sup></a>
    around = [parent] if parent is not None and parent.tag == "a" else []
    linked = any((a.get("href") or "").startswith("#") for a in [*sup.iter("a"), *around])
    if not (
        linked or FOOTNOTE_NAMES_RE.search(names) or _text_before(sup).endswith(AFTER_PUNCTUATION)
    ):
        return
    tail = sup.tail
    out = [a.get("href") for a in sup.iter("a") if (a.get("href") or "").startswith("http")]
    sup.clear()  # the link to "#fn1" goes with it: it leads nowhere outside the page
    sup.tail = tail
    if out:  # one to the source itself stays, over "[1]" (``scan.endnotes`` reads it)
        lxml.etree.SubElement(sup, "a", href=out[0]).text = f"[{m[1]}]"
    else:
        sup.text = f"[{m[1]}]"


#: The id of a footnote in a list: "fn:1" (Python-Markdown), "fn1" (Pandoc),
#: "user-content-fn-1" (GitHub), "footnote-1", "endnote-3", "_edn1" (Word).
FOOTNOTE_ID_RE = re.compile(r"(?:\bfn|footnote|endnote|_edn|_ftn)[-:_]?\w+$", re.I)
#: What a link back from a footnote to its marker shows.
BACK_LINKS = frozenset(("↩", "↩︎", "↑", "^", "back", "return"))


#: The class or id of a list of notes, or of what holds it: "footnotes", "endnotes", "notes".
NOTES_NAME_RE = re.compile(r"foot[-_]?notes?|end[-_]?notes?|(?<![a-z])notes(?![a-z])", re.I)


def _named_notes(ol: Any) -> bool:
    """Whether the list, or the element around it, is named a list of notes."""
    parent = ol.getparent()
    names = [ol.get("class"), ol.get("id")]
    if parent is not None:
        names += [parent.get("class"), parent.get("id")]
    return any(NOTES_NAME_RE.search(name) for name in names if name)


def _footnote_list(ol: Any) -> None:
    """Write the footnotes of an ``<ol>`` whose items are named so, or that is named a
    list of notes (``<ol class="notes">``), as "[1] …", the form a note's opening has in
    text (``scan.endnotes``), the list's number first, and drop each link back to its
    marker ("↩")."""
    items = [li for li in ol if li.tag == "li"]
    if not items or not (
        all(FOOTNOTE_ID_RE.search(li.get("id") or "") for li in items) or _named_notes(ol)
    ):
        return
    start = ol.get("start") or "1"
    for number, li in enumerate(items, int(start) if start.isdigit() else 1):
        for a in list(li.iter("a")):
            if (a.get("href") or "").startswith("#") and a.text_content().strip() in BACK_LINKS:
                a.drop_tree()  # keeps the tail
        first = li  # the label goes inside the note's first paragraph, not above it
        while len(first) and not (first.text or "").strip() and first[0].tag in ("p", "div"):
            first = first[0]
        first.text = f"[{number}] " + (first.text or "").lstrip()


def _text_before(el: Any) -> str:
    """The text right before ``el``: its previous sibling's tail or its parent's text."""
    prev = el.getprevious()
    if prev is not None:  # "<em>said.</em><sup>1</sup>": the emphasis's own text
        return (prev.tail if prev.tail and prev.tail.strip() else prev.text_content()).rstrip()
    parent = el.getparent()
    return (parent.text or "").rstrip() if parent is not None else ""


def _paragraphs_with_links(raw: str, urls: list[str]) -> tuple[str, list[Link], list[Heading]]:
    """Turn marked text into paragraphs joined by a blank line, Links and Headings."""
    out: list[str] = []
    links: list[Link] = []
    headings: list[Heading] = []
    pos = 0
    state = _LinkState(urls)
    # Collapse whitespace in one pass over the whole text (str.split is C-fast and the
    # markers are not whitespace), then move spaces out of the link text.
    raw = " ".join(raw.split())
    if urls:
        raw = raw.replace(OPEN + " ", " " + OPEN).replace(" " + CLOSE, CLOSE + " ")
        while "  " in raw:
            raw = raw.replace("  ", " ")
    if LINE in raw:
        raw = line_breaks(raw)
    for chunk in raw.split(BREAK):
        para = chunk.strip()
        level = 0
        if para.startswith(HEAD):  # HEAD and the level digit written by _mark
            level, para = int(para[1]), para[2:].strip()
        if not para:
            continue
        spans: list[tuple[int, int, str]] = []
        if state.opened or OPEN in para or CLOSE in para:
            para, spans = state.cut(para)
        if not para:
            continue
        if out:
            out.append("\n\n")
            pos += 2
        for start, end, url in spans:
            text = para[start:end]
            left = len(text) - len(text.lstrip())
            text = text.strip()
            if text and url:
                links.append(Link(pos + start + left, pos + start + left + len(text), url, text))
        if level:
            headings.append(Heading(pos, pos + len(para), level, para))
        out.append(para)
        pos += len(para)
    return "".join(out), links, headings


class _LinkState:
    """Link markers seen so far: the next URL to hand out and the links still open."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.next = 0
        self.opened: list[list[Any]] = []  # [start in this paragraph, url]

    def cut(self, para: str) -> tuple[str, list[tuple[int, int, str]]]:
        """Remove the markers from one paragraph; return it and its link spans."""
        pieces: list[str] = []
        spans: list[tuple[int, int, str]] = []
        length = last = 0
        for link in self.opened:  # a link crossing a paragraph break restarts here
            link[0] = 0
        spaced = True  # the output so far ends in a space (or is empty)
        for m in MARKER_RE.finditer(para):
            piece = para[last : m.start()]
            if spaced and piece.startswith(" "):  # "a <a> </a> b" would give two spaces
                piece = piece[1:]
            if piece:
                spaced = piece.endswith(" ")
            pieces.append(piece)
            length += len(piece)
            last = m.end()
            if m.group() == OPEN:
                url = self.urls[self.next] if self.next < len(self.urls) else ""
                self.opened.append([length, url])
                self.next += 1
            elif self.opened:
                start, url = self.opened.pop()
                spans.append((start, length, url))
        piece = para[last:]
        pieces.append(piece[1:] if spaced and piece.startswith(" ") else piece)
        length += len(pieces[-1])
        spans.extend((start, length, url) for start, url in self.opened)
        text = "".join(pieces)
        stripped = text.strip()
        if stripped != text:  # markers at the edges can leave outer spaces
            left = len(text) - len(text.lstrip())
            spans = [(max(s - left, 0), min(e - left, len(stripped)), u) for s, e, u in spans]
        return stripped, spans


def _link_url(href: str | None, base: str | None) -> str | None:
    """An absolute URL for ``href`` (relative kept as-is when no base), None to skip it."""
    href = (href or "").strip()
    if not href or href.lower().startswith(SKIPPED_HREF_PREFIXES):
        return None
    if href.startswith(("https://", "http://")):
        return href  # already absolute: skip urljoin, the costliest step per link
    url = urljoin(base, href) if base else href
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("", "http", "https") else None
