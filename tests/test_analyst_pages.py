"""Documents as an analyst feeds them: saved article pages, Refworld text, Markdown notes.

The fixtures in tests/data/analyst/ are written for these tests in the shapes sites serve
them: a jamestown.org page from WordPress with Yoast (the author named only in its
JSON-LD graph, a pull quote, share and related widgets, a comment thread), a Russian
news page in windows-1251 and a Chinese one in GB2312 (no <article>: byline, dateline
and menu blocks of their own), a Ukrainian page (BEM class names, a "read also" line),
a Russian page with <br>-parted paragraphs and a dateline under its <h1>, a 2010
jamestown.org page (no date meta tags: its dateline and byline in the text, a footnote
reference), a Refworld copy saved as text (its header opens with a "Title" line) and
Markdown with front matter, reference links and footnotes. Gold: gold.json.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest

from provenance import pipeline
from provenance.scan import boilerplate, extract, htmltext, ingest, split
from provenance.scan.byline import top_lines
from provenance.scan.headings import site_suffix
from provenance.scan.htmlmeta import html_values
from provenance.scan.jsonld import jsonld_values
from provenance.scan.outlets import resolve
from provenance.scan.refworld import refworld_header

ANALYST = Path(__file__).resolve().parent / "data" / "analyst"
GOLD = {
    k: v
    for k, v in json.loads((ANALYST / "gold.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}


@pytest.fixture(scope="module")
def scans():
    registry = resolve.load_registry()
    return {
        name: pipeline.scan_document(ingest.read_document(ANALYST / name), registry)
        for name in GOLD
    }


@pytest.mark.parametrize("name", list(GOLD))
def test_metadata_and_where_each_value_came_from(scans, name) -> None:
    meta = scans[name].document.meta
    got = {
        field: [str(getattr(meta, field)), meta.sources.get(field)] for field in GOLD[name]["meta"]
    }
    assert got == GOLD[name]["meta"]


@pytest.mark.parametrize("name", list(GOLD))
def test_claims_are_the_sentences_of_the_article(scans, name) -> None:
    texts = [c.text for c in scans[name].claims]
    if "claims" in GOLD[name]:
        assert texts == GOLD[name]["claims"]
    for claim in GOLD[name].get("claims_include", []):
        assert claim in texts
    leaked = [p for p in GOLD[name]["never"] if any(p in text for text in texts)]
    assert leaked == []


@pytest.mark.parametrize("name", list(GOLD))
def test_every_citation_with_its_outlet_date_and_link(scans, name) -> None:
    got = [
        [r.outlet, r.date.iso if r.date else None, r.url]
        for c in scans[name].claims
        for r in c.references
    ]
    assert got == GOLD[name]["references"]


# ---------------------------------------------------------------- JSON-LD

YOAST_GRAPH = """<script type="application/ld+json" class="yoast-schema-graph">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","@id":"https://x.test/a/","datePublished":"2020-01-01T00:00:00+00:00"},
 {"@type":["Article","NewsArticle"],"@id":"https://x.test/a/#article",
  "author":{"@id":"https://x.test/#/person/7"},"headline":"Baku &amp; Yerevan Talk",
  "datePublished":"2023-04-18T16:47:09+00:00","dateModified":"2023-04-19T10:02:11+00:00",
  "publisher":{"@id":"https://x.test/#organization"}},
 {"@type":"Organization","@id":"https://x.test/#organization","name":"The Jamestown Foundation"},
 {"@type":"Person","@id":"https://x.test/#/person/7","name":"Vladimir Socor"}]}
</script>"""


def _tree(head: str) -> object:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")


def test_yoast_graph_names_author_and_publisher_by_id() -> None:
    """A jamestown.org page has no <meta name="author">: its author was never found."""
    assert jsonld_values(_tree(YOAST_GRAPH)) == {
        "title": "Baku & Yerevan Talk",
        "author": "Vladimir Socor",
        "publisher": "The Jamestown Foundation",
        "published": dt.date(2023, 4, 18),
        "updated": dt.date(2023, 4, 19),
    }


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (  # a list of authors, inline, one of them a bare URL (no name)
            '{"@type":"NewsArticle","author":[{"@type":"Person","name":"Иван Петров"},'
            '{"name":"Ольга Смирнова"},"https://x.test/author/3"]}',
            {"author": "Иван Петров, Ольга Смирнова"},
        ),
        (  # a WebPage only: read when no article is described
            '[{"@type":"WebPage","datePublished":"2021-03-15T12:30:00+03:00"}]',
            {"published": "2021-03-15"},
        ),
        ('<!-- {"@type":"BlogPosting","author":"A. Writer"} -->', {"author": "A. Writer"}),
        ('{"@type":"Article","author": }', {}),  # broken JSON: ignored
        ('{"@type":"Organization","name":"Jamestown"}', {}),  # no article
    ],
    ids=["author-list", "web-page", "html-comment", "broken", "no-article"],
)
def test_jsonld_forms(script: str, expected: dict[str, str]) -> None:
    values = jsonld_values(_tree(f'<script type="application/ld+json">{script}</script>'))
    assert {k: str(v) for k, v in values.items()} == expected


def test_meta_tags_outrank_jsonld() -> None:
    head = YOAST_GRAPH + '<meta name="author" content="Paul Goble">'
    values, sources = html_values(_tree(head))
    assert (values["author"], sources["author"]) == ("Paul Goble", "html:author")
    assert (values["publisher"], sources["publisher"]) == (
        "The Jamestown Foundation",
        "html:json-ld",
    )


# ---------------------------------------------------------------- page furniture


@pytest.mark.parametrize(
    "block",
    [
        '<div class="nav"><a href="/">Home</a></div>',
        '<div class="date"><time datetime="2021-03-15">15 March 2021, 12:30</time></div>',
        '<div class="author">Ivan Petrov</div>',
        '<div class="news-item__meta"><span>14 February 2023</span></div>',
        '<div class="read-also">Read also: <a href="/x">Tariffs stay</a></div>',
        '<figure class="wp-block-pullquote"><blockquote><p>Quoted again.</p></blockquote></figure>',
    ],
    ids=["nav", "date", "author", "bem-meta", "read-also", "pullquote"],
)
def test_bylines_datelines_menus_and_pull_quotes_are_furniture(block: str) -> None:
    root = lxml.html.fragment_fromstring(f"<div>{block}<p>The claim.</p></div>")
    assert boilerplate.strip(root) == 1
    assert " ".join(root.text_content().split()) == "The claim."


# ---------------------------------------------------------------- text, titles, sentences


def test_refworld_title_line_gives_the_title() -> None:
    text = (ANALYST / "refworld-edm.txt").read_text(encoding="utf-8")
    values, body_start, _ = refworld_header(text)
    assert values["title"] == "Russia Expands Military Presence in Armenia"
    assert text[body_start:].startswith("Russia is reinforcing")


def test_a_title_line_and_one_label_make_no_header() -> None:
    """ "Title IX ..." opening a text is prose: it counts for no header label."""
    text = "Title IX of the act was amended.\nAuthor unknown wrote the draft.\n\nBody."
    assert refworld_header(text) is None


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("中俄举行联合海上演习_新闻中心_某某网", "中俄举行联合海上演习"),
        ("中俄举行联合海上演习｜某某网", "中俄举行联合海上演习"),
    ],
)
def test_chinese_page_titles_add_the_site_after_an_underscore_or_wide_bar(
    title: str, heading: str
) -> None:
    assert site_suffix(title, heading)


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "Sanctions came from the U.S. (Reuters, May 3). The talks moved on.",
            ["Sanctions came from the U.S.", "The talks moved on."],
        ),
        (
            "Они встретились в 5 ч. (ТАСС, 3 мая). Затем уехали.",
            ["Они встретились в 5 ч.", "Затем уехали."],
        ),
        (
            "Командующий флотом адм. А. А. Моисеев заявил об этом.",
            ["Командующий флотом адм. А. А. Моисеев заявил об этом."],
        ),
    ],
    ids=["us-dot", "cyrillic-dot", "adm"],
)
def test_sentences_after_an_abbreviation(text: str, claims: list[str]) -> None:
    """ "U.S. (Reuters, May 3)." gave the claim "U.S.."; "адм. А." ended a sentence."""
    parens = extract.find_parentheticals(text)
    assert [c.text for c in split.split_claims(text, parens)] == claims


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('resolve.<sup><a href="#fn1">1</a></sup> The', "resolve.[1] The"),
        ('in 1992.<sup class="footnote">2</sup> Then', "in 1992.[2] Then"),
        ("the law (TASS, May 3).<sup>3</sup> It", "the law (TASS, May 3).[3] It"),
        ("<em>said.</em><sup>[4]</sup> It", "said.[4] It"),
        ("3,000 km<sup>2</sup> in size", "3,000 km2 in size"),
        ("the <sup>th</sup> time", "the th time"),
    ],
    ids=["linked", "named", "after-stop", "after-emphasis", "exponent", "no-number"],
)
def test_footnote_references_are_read_as_markers(html: str, text: str) -> None:
    """ "resolve.<sup>1</sup> The conflict ..." read "resolve.1 The": one claim of two."""
    assert htmltext.html_to_text(f"<html><body><p>{html}</p></body></html>").text == text


def test_sentences_around_a_footnote_reference_are_two_claims(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2010-01-19"></head>'
        '<body><article><p>He vowed to fight.<sup><a href="#fn1">1</a></sup> The conflict '
        "dates to 1992 (Memorial, January 16).</p></article></body></html>",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(page), resolve.load_registry())
    assert [(c.text, [r.outlet for r in c.references]) for c in result.claims] == [
        ("He vowed to fight.[1]", []),
        ("The conflict dates to 1992.", ["Memorial"]),
    ]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "Publication: Eurasia Daily Monitor Volume: 7 Issue: 12\n\n"
            "January 19, 2010 03:52 PM\n\nBy: Mairbek Vatchagaev\n\nBody.",
            [
                ("series", "Eurasia Daily Monitor Volume: 7 Issue: 12"),
                ("author", "Mairbek Vatchagaev"),
            ],
        ),
        ("*By Giorgi Menabde*\n\nOn April 3, x.", [("author", "Giorgi Menabde")]),
        ("Автор: Иван Петров\n\nТекст.", [("author", "Иван Петров")]),
        ("By Umed Partov, November 17, 2016\n", [("author", "Umed Partov")]),
        ("By Vladimir Socor and Paul Goble\n", [("author", "Vladimir Socor and Paul Goble")]),
        ("By May 2015, Russia had deployed troops.\n", []),
        ("By Russian standards\n\nthe base is small.", []),
        ("By then.\n", []),
        ("Publication: a new law\n", []),  # no volume or issue: prose
    ],
    ids=[
        "jamestown", "markdown", "russian", "with-date", "two", "prose", "lower", "stop", "law",
    ],
)  # fmt: skip
def test_byline_and_series_lines(text: str, lines: list[tuple[str, str]]) -> None:
    assert [(f.field, f.value) for f in top_lines(text, 0, len(text))] == lines


def test_a_byline_is_the_author_and_no_claim(tmp_path: Path) -> None:
    """An EDM text with "By: ..." under its title gave no author and a claim "By: ..."."""
    doc = tmp_path / "edm.txt"
    doc.write_text(
        "Chechen Leader Threatens Neighbors\n\nBy: Mairbek Vatchagaev\n\n"
        "Kadyrov accused Ingush officials (Kavkazsky Uzel, January 15).\n",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(doc), resolve.load_registry())
    meta = result.document.meta
    assert (meta.author, meta.sources["author"]) == ("Mairbek Vatchagaev", "txt-byline")
    assert meta.title == "Chechen Leader Threatens Neighbors"
    assert [c.text for c in result.claims] == ["Kadyrov accused Ingush officials."]


def test_a_linked_date_gets_its_own_link_not_the_outlet_s(tmp_path: Path) -> None:
    """ "(<a>Kommersant</a>, March 5, <a>6</a>)": March 6 was given the March 5 article."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2019-03-12"></head>'
        '<body><article><p>The base grew (<a href="https://www.kommersant.ru/doc/1">Kommersant'
        '</a>, March 5, <a href="https://www.kommersant.ru/doc/2">6</a>; TASS, '
        '<a href="https://tass.ru/3">March 7</a>).</p></article></body></html>',
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(page), resolve.load_registry())
    assert [(r.outlet, r.date.iso, r.url) for r in result.claims[0].references] == [
        ("Kommersant", "2019-03-05", "https://www.kommersant.ru/doc/1"),
        ("Kommersant", "2019-03-06", "https://www.kommersant.ru/doc/2"),
        ("TASS", "2019-03-07", "https://tass.ru/3"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Adm. N. A. Yevmenov visited.", "He met N.\nA. Yevmenov there.", "Dr. I. I. Ivanov spoke."],
)
def test_an_initial_a_or_i_after_an_initial_ends_no_sentence(text: str) -> None:
    """ "N. A. Yevmenov": "A" is a sentence opener, so "N." ended a sentence before it."""
    assert len(split.split_claims(text, [])) == 1


def test_a_date_marked_inside_a_paragraph_stays() -> None:
    """'(TASS, <span class="date">May 3</span>)': a cited date, not the page's dateline."""
    root = lxml.html.fragment_fromstring(
        '<div><p>Drills began (TASS, <span class="date">May 3</span>; '
        '<span class="author">Ivan Petrov</span>, Kommersant, May 4).</p></div>'
    )
    assert boilerplate.strip(root) == 0


def test_a_nested_list_item_is_a_claim_of_its_own(tmp_path: Path) -> None:
    """A Markdown item nested four spaces deep was one claim with its parent item,
    "Item one * nested item", holding both items' citations."""
    doc = tmp_path / "notes.md"
    doc.write_text(
        "---\ndate: 2016-03-05\n---\n\n* Item one (TASS, March 1)\n"
        "    * nested item (RIA Novosti, March 2)\n\t- tabbed item (Interfax, March 3)\n",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(doc), resolve.load_registry())
    assert [(c.text, [r.outlet for r in c.references]) for c in result.claims] == [
        ("Item one", ["TASS"]),
        ("nested item", ["RIA Novosti"]),
        ("tabbed item", ["Interfax"]),
    ]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2021年07月20日 10:15", "2021-07-20"),
        ("2021年7月20日10:15", "2021-07-20"),
        ("发布时间：2021-07-20 10:15", "2021-07-20"),
        ("日期：2021年07月20日", "2021-07-20"),
    ],
)
def test_a_chinese_dateline_dates_the_page_and_is_no_claim(
    tmp_path: Path, line: str, date: str
) -> None:
    """A Chinese page's date line under its <h1> was a claim, and htmldate's guess the date."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><div id='content'>"
        f"<h1>中俄举行联合演习</h1><div class='time'>{line}</div>"
        "<p>专家认为，这是例行演习（新华社，7月19日）。</p>"
        "</div></body></html>",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(page), resolve.load_registry())
    meta = result.document.meta
    assert (str(meta.published), meta.sources["published"]) == (date, "html-dateline")
    assert [c.text for c in result.claims] == ["专家认为，这是例行演习。"]
