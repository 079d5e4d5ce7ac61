"""Pages as a browser saves them: claims and citations from the article body only.

The fixtures in tests/data/saved/ are written for these tests in the shapes users save:
a Jamestown article page (citation links inside the parentheses, share widget, related
posts, tags, author box, comment thread, cookie banner), Refworld and ecoi.net copies,
a news page with widgets and no <article>, and broken markup (an unclosed <title>,
unclosed paragraphs, stray closing tags, an unclosed <textarea>). Gold: gold.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import pipeline
from provenance.scan import boilerplate, htmltext, ingest
from provenance.scan.outlets import resolve

SAVED = Path(__file__).resolve().parent / "data" / "saved"
GOLD = {
    k: v
    for k, v in json.loads((SAVED / "gold.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}


@pytest.fixture(scope="module")
def scans():
    registry = resolve.load_registry()
    return {
        name: pipeline.scan_document(ingest.read_document(SAVED / name), registry) for name in GOLD
    }


@pytest.mark.parametrize("name", list(GOLD))
def test_claims_are_the_article_body(scans, name) -> None:
    result, gold = scans[name], GOLD[name]
    assert result.document.meta.published.isoformat() == gold["published"]
    assert [c.text for c in result.claims] == gold["claims"]


@pytest.mark.parametrize("name", list(GOLD))
def test_references_come_from_the_article_only(scans, name) -> None:
    got = [
        [r.outlet, r.date.iso if r.date else None, r.url, r.title, r.source_kind]
        for c in scans[name].claims
        for r in c.references
    ]
    assert got == GOLD[name]["references"]
    every = [r for p in scans[name].parentheticals for r in p.references]
    assert len(every) == len(got)  # no citation outside the claims either


@pytest.mark.parametrize("name", list(GOLD))
def test_page_furniture_never_reaches_the_text(scans, name) -> None:
    text = scans[name].document.text
    body = text[scans[name].document.body_start :]
    leaked = [phrase for phrase in GOLD[name]["never"] if phrase in body]
    assert leaked == []


def test_an_unclosed_title_is_repaired_with_beautifulsoup() -> None:
    html = (SAVED / "broken-markup.html").read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert "<p>Chevron" in tree.findtext(".//title")  # libxml2 reads the page as the title
    repaired = boilerplate.repair(html, tree)
    assert repaired is not tree
    assert "Chevron declined" in next(repaired.iter("body")).text_content()
    assert repaired.findtext(".//title").strip() == "Kazakhstan’s new oil law"


@pytest.mark.parametrize(
    "head",
    [
        "<title>Broken page",
        '<title>Broken page<meta charset="utf-8"><link rel="canonical" href="https://x.test/a">',
        "<title>Broken page</title><textarea>notes",
    ],
    ids=["title-then-body", "title-then-meta", "textarea"],
)
def test_an_element_left_open_without_a_closing_head_is_repaired(head: str) -> None:
    """With no </head>, html.parser nests the page inside the open element, and lxml
    read that nesting as one title again: "no visible text"."""
    html = f"<html><head>{head}<body><p>Prices rose by 5% (TASS, March 3, 2014).</p></body></html>"
    found = htmltext.html_to_text(html)
    assert found.text.endswith("Prices rose by 5% (TASS, March 3, 2014).")
    assert found.tree.findtext(".//title").strip() == "Broken page"


def test_a_sound_page_is_not_reparsed() -> None:
    html = (SAVED / "ecoi-copy.html").read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert boilerplate.repair(html, tree) is tree


@pytest.mark.parametrize(
    "markup, kept",
    [
        ('<div class="entry-content"><p>Body (TASS, May 3).</p></div>', True),
        ('<div class="commentary"><p>Body (TASS, May 3).</p></div>', True),
        ('<div class="share-buttons"><p>Body (TASS, May 3).</p></div>', False),
        ('<div id="cookie-notice"><p>Body (TASS, May 3).</p></div>', False),
        ('<section role="complementary"><p>Body (TASS, May 3).</p></section>', False),
        ('<ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li>'
         '<li><a href="/c">Three (TASS, May 3)</a></li></ul>', False),
        ('<p>Body with <a href="/a">one</a>, <a href="/b">two</a> and <a href="/c">three</a> '
         "links in a long sentence of prose (TASS, May 3).</p>", True),
        ('<div class="comment-section"><p>Body (TASS, May 3).</p></div>', False),
        ('<div class="post-share"><p>Body (TASS, May 3).</p></div>', False),
        ('<div class="cookie-bar"><p>Body (TASS, May 3).</p></div>', False),
        ('<div id="footer_copyright"><p>Body (TASS, May 3).</p></div>', False),
        ('<div class="post-content shared-text"><p>Body (TASS, May 3).</p></div>', True),
        ('<article class="post tag-social-media"><p>Body (TASS, May 3).</p></article>', True),
        ('<div class="content-area has-sidebar"><p>Body (TASS, May 3).</p></div>', True),
    ],
    ids=["entry-content", "commentary-not-comments", "share", "cookie", "role", "link-list",
         "prose-with-links", "comment-section", "post-share", "cookie-bar", "footer-id",
         "compound-content", "tag-class", "has-class"],
)  # fmt: skip
def test_furniture_rules(markup: str, kept: bool) -> None:
    root = lxml.html.fragment_fromstring(f"<div>{markup}<p>Other.</p></div>")
    boilerplate.strip(root)
    assert ("TASS" in root.text_content()) is kept
    assert "Other." in root.text_content()


# ---------------------------------------------------------------- the marked article body

# What boilerplate.marked_bodies finds, as XPath says it (it once was this XPath).
BODY_XPATH = " | ".join(
    ['.//*[@itemprop="articleBody"]']
    + [
        f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'
        for name in sorted(boilerplate.BODY_CLASSES)
    ]
    + [".//*[" + " or ".join(f'@id="{i}"' for i in sorted(boilerplate.BODY_IDS)) + "]"]
)
PAGES = sorted((SAVED.parent / "pages").glob("*.html")) + sorted(SAVED.glob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_marked_bodies_are_what_the_xpath_finds_on_real_pages(page: Path) -> None:
    tree = lxml.html.document_fromstring(page.read_bytes())
    assert boilerplate.marked_bodies(tree) == tree.xpath(BODY_XPATH)


_ATTRIBUTE = st.sampled_from(
    ['class="entry-content"', 'class="x\tentry-content\n"', 'class="entry-contents"',
     'class="Entry-Content"', 'class="a\u00a0story-body"', 'class=" post-content  b"',
     'id="docText"', 'id="doctext"', 'itemprop="articleBody"', 'itemprop="articlebody"',
     'class="story-body\x0c"', ""]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ATTRIBUTE, st.integers(0, 2)), max_size=12))
def test_marked_bodies_are_what_the_xpath_finds(elements: list[tuple[str, int]]) -> None:
    # Nested and sibling elements with class, id and itemprop values near the marks.
    html, open_tags = "<html><body>", 0
    for attribute, closes in elements:
        html += f"<div {attribute}>t"
        open_tags += 1
        for _ in range(min(closes, open_tags)):
            html += "</div>"
            open_tags -= 1
    tree = lxml.html.document_fromstring(html + "</body></html>")
    assert boilerplate.marked_bodies(tree) == tree.xpath(BODY_XPATH)


def test_a_comment_thread_of_articles_is_not_the_article() -> None:
    """With no <article> of its own, the page's longest comment <article> was read as
    the article, and the article itself was lost."""
    html = (
        '<html><body><div class="content"><p>Azerbaijan signed a gas deal (Report.az, May 3).'
        '</p></div><div class="comment-section"><article class="comment"><p>'
        + "I disagree. " * 40
        + "(Haqqin.az, April 28)</p></article></div></body></html>"
    )
    text = htmltext.html_to_text(html).text
    assert "Azerbaijan signed a gas deal (Report.az, May 3)." in text and "Haqqin" not in text
