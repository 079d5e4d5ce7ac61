"""Tests for provenance.metadata: date parsing and every metadata source of the cascade."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance.scan import headings, ingest, metadata, refworld

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f0a8ddd99eaae0a6.txt"
DOCS = Path(__file__).resolve().parent / "data" / "docs"
D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17 November 2016", D(2016, 11, 17)),
        ("November 17, 2016", D(2016, 11, 17)),
        ("Nov. 17, 2016", D(2016, 11, 17)),
        ("Sept 3 2019", D(2019, 9, 3)),
        ("2016-11-17", D(2016, 11, 17)),
        ("2016/11/17", D(2016, 11, 17)),
        ("2016-11-18T09:00:00+00:00", D(2016, 11, 18)),
        ("Friday, 01 November 2019, 13:47 GMT", D(2019, 11, 1)),
        ("3 November 2019", D(2019, 11, 3)),
        ("17 ноября 2016", D(2016, 11, 17)),
        ("Thu, 17 Nov 2016 10:00:00 +0300", D(2016, 11, 17)),
        ("11/17/2016", D(2016, 11, 17)),  # dateutil, a full date
        (D(2016, 1, 2), D(2016, 1, 2)),
        (dt.datetime(2016, 1, 2, 3, 4), D(2016, 1, 2)),
        ("November 2016", None),  # partial: refused, never filled from a default
        ("November 17", None),
        ("2016", None),
        ("31 February 2016", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (20161117, None),
    ],
    ids=lambda v: str(v),
)
def test_parse_date(value: object, expected: D | None) -> None:
    assert metadata.parse_date(value) == expected


def test_refworld_header_on_the_seed() -> None:
    doc = ingest.read_document(SEED)
    meta = doc.meta
    assert meta.title == "Beijing Encroaching on Moscow's Military Dominance in Tajikistan"
    assert meta.author == "Umed Partov"
    assert meta.publisher == "Jamestown Foundation"
    assert meta.original_publisher == "Jamestown Foundation"
    assert meta.republisher == "Refworld (UNHCR)"
    assert meta.published == D(2016, 11, 17)
    assert meta.updated == D(2019, 11, 1)
    assert meta.accessed == D(2019, 11, 3)
    assert meta.series == "Eurasia Daily Monitor Volume: 13 Issue: 185"
    assert meta.url == "https://www.refworld.org/docid/583475244.html"
    assert meta.original_url is None  # the .txt keeps no link target
    assert set(meta.sources.values()) == {"refworld-header"}
    assert set(meta.sources) == {
        "title",
        "author",
        "publisher",
        "original_publisher",
        "republisher",
        "published",
        "updated",
        "accessed",
        "series",
        "url",
    }


REFWORLD_HTML = """<html><head><title>Refworld | Beijing</title></head><body><div>
<p>Last Updated: Friday, 01 November 2019, 13:47 GMT</p><h1>Beijing Encroaching</h1>
<table><tr><td>Publisher</td><td>Jamestown Foundation</td></tr>
<tr><td>Author</td><td>Umed Partov</td></tr>
<tr><td>Publication Date</td><td>17 November 2016</td></tr></table>
<p><a href="https://jamestown.org/program/beijing/">Link to original story on Jamestown website
</a></p>
<p>China has unexpectedly begun taking steps. Moreover, it is pushing.</p>
<p>Copyright notice: © 2010 The Jamestown Foundation</p></div></body></html>"""


def test_refworld_header_in_html_with_original_link(tmp_path: Path) -> None:
    path = tmp_path / "refworld.html"
    path.write_text(REFWORLD_HTML, encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.title == "Beijing Encroaching"
    assert doc.meta.sources["title"] == "refworld-header"  # beats <title>
    assert doc.meta.author == "Umed Partov"
    assert doc.meta.published == D(2016, 11, 17)
    assert doc.meta.updated == D(2019, 11, 1)
    assert doc.meta.original_publisher == "Jamestown Foundation"
    assert doc.meta.original_url == "https://jamestown.org/program/beijing/"
    body = doc.text[doc.body_start : doc.body_end]
    assert body == "China has unexpectedly begun taking steps. Moreover, it is pushing."


def test_refworld_header_in_markdown_after_front_matter(tmp_path: Path) -> None:
    source = (
        "---\ntitle: From YAML\n---\n\nLast Updated: 01 November 2019\n\nRefworld Title\n\n"
        "Publisher Jamestown Foundation\nPublication Date 17 November 2016\n\n"
        "Body sentence one. Body two.\n\nSearch Refworld\n"
    )
    path = tmp_path / "r.md"
    path.write_text(source, encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.title == "Refworld Title"  # the header outranks front matter
    assert doc.meta.published == D(2016, 11, 17)
    assert doc.text[doc.body_start : doc.body_end] == "Body sentence one. Body two."


def test_labels_pages_apart_are_not_a_header() -> None:
    text = "Author of the report spoke.\n\n" + "Filler prose. " * 300 + "\nPublisher XYZ agreed.\n"
    meta, start, _end, _ = metadata.extract_metadata(text, "txt")
    assert start == 0 and meta.author is None and meta.publisher is None


def test_no_header_means_whole_text_is_body() -> None:
    text = "Just an article. Publisher is not a label here.\n\n"
    meta, start, end, _ = metadata.extract_metadata(text, "txt")
    assert (start, end) == (0, len(text.rstrip()))
    assert meta.published is None and meta.sources == {}


def test_front_matter_values() -> None:
    doc = ingest.read_document(DOCS / "front-matter.md")
    meta = doc.meta
    assert meta.title == "Tajikistan: a test article"
    assert meta.author == "Umed Partov, Second Author"
    assert meta.publisher == "Jamestown Foundation"
    assert meta.published == D(2016, 11, 17)  # a YAML date object
    assert meta.accessed == D(2019, 11, 3)
    assert meta.url == "https://jamestown.org/program/test-article/"
    assert meta.original_url == "https://jamestown.org/original/"
    assert meta.series == "Eurasia Daily Monitor Volume 13"
    assert set(meta.sources.values()) == {"front-matter"}


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            {"Date": "17 November 2016", "Author": {"name": "A. B."}},
            {"published": D(2016, 11, 17), "author": "A. B."},
        ),
        ({"published": "November 2016", "title": "  "}, {}),
        (
            {"lastmod": "2019-11-01T10:00:00Z", "site": "EDM"},
            {"updated": D(2019, 11, 1), "publisher": "EDM"},
        ),
        ({"date": "2016-11-17", "published": "2010-01-01"}, {"published": D(2016, 11, 17)}),
    ],
    ids=[
        "string-date-and-author-mapping",
        "partial-and-blank-ignored",
        "aliases",
        "first-key-wins",
    ],
)
def test_front_matter_mapping(front_matter: dict[str, object], expected: dict[str, object]) -> None:
    assert metadata.front_matter_values(front_matter) == expected


def test_markdown_heading_is_a_title_fallback(tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    path.write_text("# The Heading\n\nText.\n", encoding="utf-8")
    doc = ingest.read_document(path)
    assert doc.meta.title == "The Heading" and doc.meta.sources["title"] == "md-heading"


@pytest.mark.parametrize(
    ("name", "text", "title", "source"),
    [
        (
            "t.txt",
            "Moscow Tightens Its Grip\n\nPublication Date 14 January 2016\n"
            "Author Test Author\n\nThe ministry reported it (TASS, March 3, 2014).\n",
            "Moscow Tightens Its Grip",
            "txt-title-line",
        ),
        (
            "t.md",
            "# Moscow Tightens Its Grip\n\nPublication Date 14 January 2016\n"
            "Author Test Author\n\nThe ministry reported it (TASS, March 3, 2014).\n",
            "Moscow Tightens Its Grip",
            "md-heading",
        ),
        (
            "n.txt",
            "Last Updated: Friday, 01 November 2019, 13:47 GMT\n\nThe Header Title\n\n"
            "Publisher Jamestown Foundation\nAuthor Test Author\n"
            "Publication Date 14 January 2016\n\n"
            "The ministry reported it (TASS, March 3, 2014).\n",
            "The Header Title",
            "refworld-header",
        ),
    ],
    ids=["txt", "md", "header-title-wins"],
)
def test_a_title_above_a_header_block_without_one_is_the_title(
    tmp_path: Path, name: str, text: str, title: str, source: str
) -> None:
    """The title line above a header block was not looked at: the body starts below it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = ingest.read_document(path)
    assert (doc.meta.title, doc.meta.sources["title"]) == (title, source)
    assert doc.meta.author == "Test Author"
    assert title not in doc.text[doc.body_start :]  # the title is no claim


def test_html_citation_tags_win() -> None:
    meta = ingest.read_document(DOCS / "edm-article.html").meta
    assert meta.title == "Beijing Encroaching on Moscow’s Military Dominance in Tajikistan"
    assert meta.author == "Partov, Umed"
    assert meta.publisher == "Jamestown Foundation"
    assert meta.published == D(2016, 11, 17)  # citation date beats article:published_time
    assert meta.updated == D(2016, 11, 21)
    assert meta.url == (
        "https://jamestown.org/program/beijing-encroaching-moscows-military-dominance-tajikistan/"
    )
    assert meta.sources == {
        "title": "html:citation_title",
        "author": "html:citation_author",
        "publisher": "html:citation_publisher",
        "published": "html:citation_publication_date",
        "updated": "html:article:modified_time",
        "url": "html:citation_public_url",
    }


OG_PAGE = """<html><head><title>  Page   title | Site </title>
<meta property="og:title" content="OG Title">
<meta property="og:site_name" content="Asia-Plus">
<meta property="og:url" content="https://asiaplustj.info/en/news/1">
<meta property="article:published_time" content="2016-10-19T08:15:00+05:00">
<meta name="author" content="https://facebook.com/someone">
</head><body><p>Text.</p></body></html>"""

TITLE_PAGE = """<html><head><title>  Page
 title </title><link rel="canonical" href="https://example.org/a"></head>
<body><p>Text without dates.</p></body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            OG_PAGE,
            {
                "title": ("OG Title", "html:og:title"),
                "publisher": ("Asia-Plus", "html:og:site_name"),
                "url": ("https://asiaplustj.info/en/news/1", "html:og:url"),
                "published": (D(2016, 10, 19), "html:article:published_time"),
                "author": (None, None),
            },
        ),
        (
            TITLE_PAGE,
            {
                "title": ("Page title", "html:title"),
                "url": ("https://example.org/a", "html:canonical"),
                "published": (None, None),
            },
        ),
    ],
    ids=["og-and-article-tags", "title-and-canonical"],
)
def test_html_fallback_tags(tmp_path: Path, page: str, expected: dict[str, tuple]) -> None:
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    meta = ingest.read_document(path).meta
    for name, (value, source) in expected.items():
        assert getattr(meta, name) == value
        assert meta.sources.get(name) == source


def test_htmldate_fallback() -> None:
    doc = ingest.read_document(DOCS / "htmldate-fallback.html")
    assert doc.meta.published == D(2016, 10, 26)
    assert doc.meta.sources["published"] == "htmldate"
    assert "Posted on October 26, 2016 by staff" in doc.text  # htmldate left the tree alone


@pytest.mark.parametrize(
    "path",
    [SEED, DOCS / "edm-article.html", DOCS / "front-matter.md", DOCS / "htmldate-fallback.html"],
    ids=["refworld", "html-meta", "front-matter", "htmldate"],
)
def test_cli_published_overrides_everything(path: Path) -> None:
    doc = ingest.read_document(path, published=D(2001, 2, 3))
    assert doc.meta.published == D(2001, 2, 3)
    assert doc.meta.sources["published"] == "cli"


def _laughs(levels: int) -> str:
    """A "billion laughs" front matter: each anchor aliases the one before nine times."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + f"\nauthor: *l{levels}\ntitle: T\n---\nBody.\n"


@pytest.mark.parametrize(
    "text",
    [
        _laughs(9),
        "---\nauthor: &x [Ann, *x]\ntitle: T\n---\nBody.\n",
        "---\nauthor: " + "[" * 5_000 + "]" * 5_000 + "\n---\nBody.\n",
    ],
    ids=["billion-laughs", "self-alias", "deep-nesting"],
)
def test_front_matter_alias_bombs_are_refused_quickly(text: str) -> None:
    data, end, warning = metadata.parse_front_matter(text)
    assert data is None and text[end:] == "Body.\n"
    assert warning is not None and warning.startswith("YAML front matter ignored: nested")


def test_front_matter_with_a_few_aliases_is_kept() -> None:
    text = _laughs(2).replace("author: *l2", "names: &n [Ann, Bob]\nauthor: *n")
    data, _, warning = metadata.parse_front_matter(text)  # 9 x 9 x 9 values: under the bound
    assert warning is None and data is not None and len(data["l2"][8][8]) == 9
    assert metadata.front_matter_values(data)["author"] == "Ann, Bob"


# Lines made of the header's labels, the trailer's words, spaces, tabs and prose.
_LINE_PARTS = st.sampled_from(
    "Publisher|Author|Publication Date|Cite as|Copyright notice:|Search Refworld|"
    "Search Refworlds| |\t|\u00a0|: |x|Jamestown|\n".split("|")
)


@pytest.mark.parametrize("name", ["HEADER_FIELD_RE", "TRAILER_RE"])
@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_LINE_PARTS, max_size=30), data=st.data())
@example(parts=[" ", "Author", ": ", "x"], data=None)  # from 1: its line began before
def test_line_start_matches_are_what_a_multiline_caret_finds(name, parts, data) -> None:
    # _line_starts finds the words with str.find and keeps those at a line's start: it
    # must find exactly what "^[ \t]*pattern" in MULTILINE mode finds from ``pos``.
    pattern = getattr(refworld, name)
    caret = re.compile(r"^[ \t]*(?:" + pattern.pattern + ")", pattern.flags | re.M)
    text = "".join(parts)
    pos = 1 if data is None else data.draw(st.integers(0, len(text)))
    expected = [(m.start(), m.end()) for m in caret.finditer(text, pos)]
    found = [(start, m.end()) for start, m in refworld._line_starts(pattern, text, pos)]
    assert found == expected


# The line patterns as first written: a lazy value, then trailing spaces and the line's end.
_LAZY_LINE_PATTERNS = {
    (refworld, "LAST_UPDATED_RE"): (r"^[ \t]*Last Updated:?[ \t]*(?P<value>\S.*?)[ \t]*$", re.M),
    (refworld, "NONEMPTY_LINE_RE"): (r"^[ \t]*(?P<value>\S.*?)[ \t]*$", re.M),
    (refworld, "HEADER_FIELD_RE"): (
        f"(?P<label>{'|'.join(map(re.escape, refworld.HEADER_LABELS))})"
        r":?[ \t]+(?P<value>\S.*?)[ \t]*$",
        re.M,
    ),
    (headings, "FIRST_LINE_RE"): (r"[ \t]*(?P<value>\S[^\n]*?)[ \t]*(?:\n|\Z)", 0),
}
_VALUE_PARTS = st.sampled_from(
    "Last Updated|Last Updated:|Author|Cite as|Publisher| |  |\t|\u00a0|\r|\x0b|x|"
    "Friday, 01 November 2019|.|\n|\n\n".split("|")
)


@pytest.mark.parametrize("key", list(_LAZY_LINE_PATTERNS), ids=lambda k: k[1])
@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_VALUE_PARTS, max_size=25), data=st.data())
def test_greedy_line_values_are_what_the_lazy_patterns_found(key, parts, data) -> None:
    module, name = key
    lazy, greedy = re.compile(*_LAZY_LINE_PATTERNS[key]), getattr(module, name)
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text)))
    for m in (lazy.search, lazy.match):
        assert _groups(m(text, pos)) == _groups(getattr(greedy, m.__name__)(text, pos))


def _groups(m: re.Match[str] | None) -> object:
    return m and (m.span(), m.groupdict(), [m.span(g) for g in m.groupdict()])
