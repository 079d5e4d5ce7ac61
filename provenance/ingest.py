"""Ingest: find input files, decode them and turn .txt/.md/.html into a models.Document."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import logging
import os
import re
import stat as stat_module
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from unidecode import unidecode

from . import metadata
from .errors import InputError
from .models import Document, Link

LOGGER = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
}
DEFAULT_MAX_BYTES = 20_000_000

# ---------------------------------------------------------------- discover


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Walk files and folders recursively, in sorted order.

    Hidden files and folders (names starting with ".") are ignored silently;
    a hidden path given explicitly is still taken.

    Args:
        paths: files and/or directories.

    Returns:
        ``(supported, skipped)``: files with a supported suffix (.txt, .md,
        .markdown, .html, .htm, any case) and the other files, each without duplicates.
    """
    supported: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()

    def take(path: Path) -> None:
        if path in seen:
            return
        seen.add(path)
        (supported if path.suffix.lower() in FORMATS else skipped).append(path)

    for given in paths:
        root = Path(given)
        if not root.is_dir():
            take(root)  # a missing file is reported by read_document, not lost here
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    take(Path(dirpath) / name)
    return supported, skipped


def slugify(path: str | Path, title: str | None = None) -> str:
    """A lowercase ASCII slug for report file names, from the file stem.

    Args:
        path: the document path; its stem gives the slug ("000_f0a8" -> "000-f0a8").
        title: used only when the stem gives nothing usable (e.g. "index" or "ы").

    Returns:
        Letters, digits and single hyphens, at most 80 characters, never empty.
    """
    slug = _slug(Path(path).stem)
    if (not slug or slug in GENERIC_STEMS) and title:
        slug = _slug(title) or slug
    return slug or "document"


SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")
GENERIC_STEMS = frozenset({"index", "article", "page", "document", "default"})


def _slug(value: str) -> str:
    return SLUG_JUNK_RE.sub("-", unidecode(value).lower()).strip("-")[:80].rstrip("-")


# ---------------------------------------------------------------- read


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
    text = NEWLINES_RE.sub("\n", text)
    if not text.strip():
        raise InputError(name, "whitespace-only file")
    links: list[Link] = []
    front_matter: dict[str, Any] | None = None
    tree = None
    body_start = 0
    if fmt == "md":
        front_matter, body_start, fm_warning = metadata.parse_front_matter(text)
        warnings.extend([fm_warning] if fm_warning else [])
        body_start += len(text) - body_start - len(text[body_start:].lstrip())
        text, links = markdown_links(text, body_start)
    elif fmt == "html":
        try:
            text, links, tree = html_to_text(text)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise InputError(name, f"unparsable HTML: {exc}") from None
        if not text.strip():
            raise InputError(name, "no visible text in HTML")
    meta, body_start, body_end = metadata.extract_metadata(
        text, fmt, body_start=body_start, html_tree=tree, front_matter=front_matter,
        links=links, published=published,
    )
    for warning in warnings:  # the pipeline reports them; this is for library users
        LOGGER.info("%s: %s", name, warning)
    return Document(
        path=name, sha256=hashlib.sha256(raw).hexdigest(), format=fmt, encoding=encoding,
        text=text, meta=meta, links=links, body_start=body_start, body_end=body_end,
        size=size, mtime_ns=mtime_ns, warnings=warnings,
    )


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
                    name, f"file too large: {_megabytes(stat.st_size)} > "
                    f"{_megabytes(max_bytes)} limit"
                )
            raw = fh.read(max_bytes + 1)
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


# ---------------------------------------------------------------- decode

NEWLINES_RE = re.compile(r"\r\n?|\u2028|\u2029")
BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM begins with the UTF-16 LE BOM
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
SAMPLE_BYTES = 65_536
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
MIXED_SCRIPT_RE = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
HTML_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{2,40})""", re.I)
HIGH_BYTES = bytes(range(0x80, 0x100))
MAX_CONTROL_RATIO = 0.01  # more C0 controls than this and the "text" is binary


def decode_bytes(
    raw: bytes, name: str = "<bytes>", html: bool = False
) -> tuple[str, str, list[str]]:
    """Decode a file's bytes, trying the likeliest encodings first.

    Cascade: 1. a BOM (UTF-32, UTF-8, UTF-16); 2. NUL bytes: BOM-less UTF-16 or
    binary; 3. strict UTF-8; 4. for HTML, a <meta charset>; 5. mostly-valid UTF-8
    decoded with replacement (warning); 6. legacy Cyrillic CP1251/KOI8-R;
    7. a few stray bytes in ASCII text (warning); 8. charset-normalizer's guess.

    Args:
        raw: the file's bytes.
        name: the path, for error messages.
        html: look for a <meta charset> declaration.

    Returns:
        ``(text, encoding, warnings)``; encoding is e.g. "utf-8", "utf-8-sig", "cp1251".

    Raises:
        InputError: binary content or text in no encoding we can trust.
    """
    # 1. byte order marks
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), label, []
            except UnicodeDecodeError:
                text = raw[len(bom):].decode(codec, errors="replace")
                bad = text.count("\ufffd")
                return _plausible(text, name), label, [_bad_bytes_warning(bad, label)]
    # 2. NULs: UTF-16 without BOM, else binary
    if b"\x00" in raw:
        if (found := _utf16_without_bom(raw)) is not None:
            return found
        raise InputError(name, "binary file (NUL bytes)")
    # 3. strict UTF-8, by far the commonest case
    try:
        return _plausible(raw.decode("utf-8"), name), "utf-8", []
    except UnicodeDecodeError:
        pass
    # 4. a declared HTML charset
    if html and (found := _declared_charset(raw, name)) is not None:
        return found
    # 5. UTF-8 with a few bad bytes among many good multibyte characters
    replaced = raw.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = len(replaced) - len(replaced.encode("ascii", "ignore")) - bad  # valid non-ASCII
    if good and good >= 9 * bad:
        return _plausible(replaced, name), "utf-8", [_bad_bytes_warning(bad)]
    # 6. legacy Cyrillic single-byte encodings
    if (legacy := _legacy_cyrillic(raw)) is not None:
        return _plausible(raw.decode(legacy), name), legacy, []
    # 7. ASCII text with a stray byte or three
    if bad <= 3:
        return _plausible(replaced, name), "utf-8", [_bad_bytes_warning(bad)]
    # 8. whatever charset-normalizer finds, if it reads as text
    return (*_charset_normalizer(raw, name), [])


def _bad_bytes_warning(bad: int, label: str = "UTF-8") -> str:
    return f"invalid {label}: {bad} bad byte sequence(s) replaced with U+FFFD"


def _plausible(text: str, name: str) -> str:
    """``text`` itself, unless control characters say it is binary."""
    sample = text[:SAMPLE_BYTES]
    if len(CONTROL_RE.findall(sample)) > MAX_CONTROL_RATIO * max(len(sample), 1):
        raise InputError(name, "binary file (control characters)")
    return text


def _utf16_without_bom(raw: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text without a BOM: NULs in (nearly) every other byte, and only there."""
    sample = raw[: SAMPLE_BYTES - SAMPLE_BYTES % 2]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.3 * half and other <= 0.02 * half and len(raw) % 2 == 0:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            sample_text = text[:SAMPLE_BYTES]
            if len(CONTROL_RE.findall(sample_text)) <= MAX_CONTROL_RATIO * len(sample_text):
                return text, "utf-16", []
    return None


def _declared_charset(raw: bytes, name: str) -> tuple[str, str, list[str]] | None:
    if not (m := HTML_CHARSET_RE.search(raw, 0, 4096)):
        return None
    codec = m[1].decode("ascii").lower()
    try:
        return _plausible(raw.decode(codec), name), codec, []
    except (LookupError, UnicodeDecodeError):
        return None


def _legacy_cyrillic(raw: bytes) -> str | None:
    """"cp1251" or "koi8-r" when the high bytes look like Russian letters, else None.

    Russian prose is mostly lowercase. CP1251 puts lowercase letters at 0xE0-0xFF and
    capitals at 0xC0-0xDF; KOI8-R does the opposite. Letters must dominate high bytes.
    """
    sample = raw[: 4 * SAMPLE_BYTES]
    high = len(sample) - len(sample.translate(None, HIGH_BYTES))
    upper = len(sample) - len(sample.translate(None, HIGH_BYTES[0x40:0x60]))
    lower = len(sample) - len(sample.translate(None, HIGH_BYTES[0x60:]))
    if high < 8 or upper + lower < 0.7 * high:
        return None
    codec = "cp1251" if lower >= upper else "koi8-r"
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return None
    cyrillic = len(CYRILLIC_RE.findall(text))
    # Russian words are all-Cyrillic; Latin-1 accents decoded as CP1251 give mixed
    # words like "Cafй", so a letter pair mixing scripts argues against Cyrillic.
    mixed = len(MIXED_SCRIPT_RE.findall(text))
    return codec if cyrillic >= 0.7 * high and mixed <= 0.1 * cyrillic else None


def _charset_normalizer(raw: bytes, name: str) -> tuple[str, str]:
    """Last resort: charset-normalizer's guess, checked for being readable text.

    On short texts it often ranks a rare code page (cp1257) a hair above cp1252; we
    prefer cp1252, the commonest legacy encoding, when it reads about as cleanly.
    """
    import charset_normalizer  # only broken files get here; keep its import off the hot path

    matches = list(charset_normalizer.from_bytes(raw[: 4 * SAMPLE_BYTES]))
    if not matches or matches[0].chaos > 0.2:
        raise InputError(name, "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)")
    encoding = matches[0].encoding
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= matches[0].chaos + 0.1:
            encoding = "cp1252"
            break
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise InputError(name, f"undecodable text (looked like {encoding})") from None
    return _plausible(text, name), encoding


# ---------------------------------------------------------------- Markdown

MD_LINK_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]"
    r"(?:\(\s*<?(?P<url>[^\s<>()]*(?:\([^\s()]*\)[^\s<>()]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
    r"|\[(?P<ref>[^\[\]\n]*)\])?"
    r"|<(?P<auto>https?://[^\s<>]+)>"
)
MD_DEFINITION_RE = re.compile(
    r"^[ ]{0,3}\[(?P<id>[^\[\]\n]+)\]:[ \t]*<?(?P<url>\S+?)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?:\n|\Z)",
    re.M,
)


def markdown_links(text: str, start: int = 0) -> tuple[str, list[Link]]:
    """Reduce Markdown links after ``start`` to their text and record each as a Link.

    Inline ``[text](url "title")``, reference ``[text][id]``/``[text][]``/``[id]``
    (when ``[id]: url`` is defined; definition lines are removed) and autolinks
    ``<https://...>``. Images ``![alt](src)`` are kept as written.

    Args:
        text: the whole Markdown text.
        start: leave ``text[:start]`` (front matter) untouched.

    Returns:
        The new text and its links; ``text[link.start:link.end] == link.text``.
    """
    if text.find("[", start) < 0 and text.find("<", start) < 0:
        return text, []  # nothing that could be a link: skip the slow regex scan
    definitions: dict[str, str] = {}
    body_parts: list[str] = []
    last = start
    for m in MD_DEFINITION_RE.finditer(text, start):
        definitions.setdefault(m["id"].strip().lower(), m["url"])
        body_parts.append(text[last : m.start()])
        last = m.end()
    body = "".join(body_parts) + text[last:] if definitions else text[start:]
    parts = [text[:start]]
    pos = start  # length of the output so far
    links: list[Link] = []
    last = 0
    for m in MD_LINK_RE.finditer(body):
        url = _md_link_url(m, definitions)
        label = m["auto"] or m["text"]
        if url is None or not label.strip():
            continue  # kept as written
        parts.append(body[last : m.start()])
        pos += m.start() - last
        parts.append(label)
        links.append(Link(pos, pos + len(label), url, label))
        pos += len(label)
        last = m.end()
    parts.append(body[last:])
    return "".join(parts), links


def _md_link_url(m: re.Match[str], definitions: dict[str, str]) -> str | None:
    """The URL a link match points to, or None to keep the match as written."""
    if m["auto"]:
        return m["auto"]
    if m["bang"]:
        return None  # an image, not a link
    if m["url"] is not None:
        return m["url"] or None
    ref = m["ref"] if m["ref"] else m["text"]  # [text][id], or [text][] / [id]
    return definitions.get(ref.strip().lower()) if ref.strip() else None


# ---------------------------------------------------------------- HTML

XML_DECLARATION_RE = re.compile(r"\A\s*<\?xml[^>]*>")
DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none", re.I)
DROP_TAGS = frozenset({
    "script", "style", "noscript", "nav", "footer", "header", "aside", "form", "head",
    "template", "svg", "iframe", "button", "select", "textarea", "canvas", "object", "embed",
})
BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "ul", "ol",
    "dl", "dt", "dd", "table", "section", "article", "main", "figure", "figcaption", "pre", "hr",
    "address", "details", "summary", "caption", "body",
})
CELL_TAGS = frozenset({"td", "th"})
SKIPPED_HREF_PREFIXES = ("#", "javascript:", "mailto:", "tel:", "data:")
# Markers written into a copy of the tree so that lxml's C-level itertext() does the
# walk: BREAK between blocks, OPEN/CLOSE around link text. Python then only touches
# block and link elements, not every text node (~5x faster on a 100 KB page).
# They are private-use characters (lxml refuses control characters in text).
BREAK, OPEN, CLOSE = "\ue000", "\ue001", "\ue002"
MARKER_RE = re.compile("[\ue001\ue002]")
ANY_MARKER_RE = re.compile("[\ue000-\ue002]")
HIDDEN_XPATH = './/*[@hidden or @aria-hidden="true" or @style]'


def html_to_text(html: str, base_url: str | None = None) -> tuple[str, list[Link], Any]:
    """Visible text of an HTML page, its links and the parsed tree.

    Drops script/style/nav/header/footer/aside/form and hidden elements; reads only the
    longest <article> (else <main>, else <body>) when there is one. Block elements become
    paragraph breaks ("\\n\\n"), whitespace inside a paragraph collapses to one space.

    Args:
        html: the decoded page.
        base_url: the page's URL; defaults to its <base>/canonical/og:url.

    Returns:
        ``(text, links, tree)``; links carry absolute URLs when a base is known. The
        tree is left unchanged (the work happens on a copy of the content root).

    Raises:
        lxml.etree.ParserError: the page has no parsable content.
    """
    html = XML_DECLARATION_RE.sub("", html, count=1)
    if BREAK in html or OPEN in html or CLOSE in html:
        html = ANY_MARKER_RE.sub("", html)
    tree = lxml.html.document_fromstring(html)
    base = base_url or metadata.html_base_url(tree)
    work = copy.deepcopy(_content_root(tree))
    work.tail = None
    urls = _mark(work, base)
    text, links = _paragraphs_with_links("".join(work.itertext()), urls)
    return text, links, tree


def _mark(work: Any, base: str | None) -> list[str]:
    """Drop invisible parts of ``work`` and write the markers; return link URLs in order."""
    lxml.etree.strip_elements(work, *DROP_TAGS, lxml.etree.Comment, with_tail=False)
    for el in work.xpath(HIDDEN_XPATH):
        if "hidden" in el.attrib or el.get("aria-hidden") == "true" or DISPLAY_NONE_RE.search(
            el.get("style", "")
        ):
            if el.getparent() is not None:
                el.drop_tree()  # keeps the tail
    urls: list[str] = []
    for a in work.iter("a"):
        if url := _link_url(a.get("href"), base):
            urls.append(url)
            a.text = OPEN + (a.text or "")
            a.tail = CLOSE + (a.tail or "")
    for el in work.iter(*BLOCK_TAGS):
        el.text = BREAK + (el.text or "")
        el.tail = BREAK + (el.tail or "")
    for el in work.iter(*CELL_TAGS):
        el.tail = " " + (el.tail or "")
    return urls


def _paragraphs_with_links(raw: str, urls: list[str]) -> tuple[str, list[Link]]:
    """Turn marked text into paragraphs joined by a blank line, and Links."""
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    state = _LinkState(urls)
    # Collapse whitespace in one pass over the whole text (str.split is C-fast and the
    # markers are not whitespace), then move spaces out of the link text.
    raw = " ".join(raw.split())
    if urls:
        raw = raw.replace(OPEN + " ", " " + OPEN).replace(" " + CLOSE, CLOSE + " ")
        while "  " in raw:
            raw = raw.replace("  ", " ")
    for chunk in raw.split(BREAK):
        para = chunk.strip()
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
        out.append(para)
        pos += len(para)
    return "".join(out), links


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


def _content_root(tree: Any) -> Any:
    """The longest <article>, else the first <main>, else <body>, else the root."""
    articles = list(tree.iter("article"))
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    for tag in ("main", "body"):
        if (found := next(tree.iter(tag), None)) is not None:
            return found
    return tree


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
