"""A page's <title> often adds the site's name to the article's ("X - Jamestown",
"Jamestown | X"); when its heading is the article's title alone, that is the title."""

from __future__ import annotations

import pytest

from provenance.scan import ingest
from provenance.scan.headings import site_suffix

HEAD = "<html><head><title>{title}</title></head><body><article>{h1}<p>Text.</p></article>"


@pytest.mark.parametrize(
    "title, heading, expected",
    [
        (
            "Moscow Expands Its Base in Tajikistan - Jamestown",
            "Moscow Expands Its Base in Tajikistan",
            True,
        ),
        ("Jamestown | Moscow Expands Its Base", "Moscow Expands Its Base", True),
        ("Moscow  Expands Its Base — Eurasia Daily Monitor", "Moscow Expands\nIts Base", True),
        ("Moscow Expands Its Base", "Moscow Expands Its Base", False),  # nothing to drop
        ("Moscow Expands Its Base in Tajikistan and Beyond", "Moscow Expands Its Base", False),
        ("News - Jamestown", "News", False),  # too short a heading to tell
        (
            "Moscow Expands Its Base - " + "a long subtitle that goes on " * 3,
            "Moscow Expands Its Base",
            False,
        ),
    ],
)
def test_site_suffix(title: str, heading: str, expected: bool) -> None:
    assert site_suffix(title, heading) is expected


@pytest.mark.parametrize(
    "title, h1, expected, source",
    [
        (
            "Moscow Expands Its Base - Jamestown",
            "<h1>Moscow Expands Its Base</h1>",
            "Moscow Expands Its Base",
            "html:h1",
        ),
        (
            "Moscow Expands Its Base - Jamestown",
            "",
            "Moscow Expands Its Base - Jamestown",
            "html:title",
        ),
        ("A Page Title", "<h1>Something Else Entirely</h1>", "A Page Title", "html:title"),
    ],
)
def test_the_title_a_page_gets(tmp_path, title: str, h1: str, expected: str, source: str) -> None:
    page = tmp_path / "a.html"
    page.write_text(HEAD.format(title=title, h1=h1), encoding="utf-8")
    meta = ingest.read_document(page).meta
    assert (meta.title, meta.sources["title"]) == (expected, source)


def test_og_title_is_kept_as_declared(tmp_path) -> None:
    page = tmp_path / "a.html"
    head = "<meta property='og:title' content='Moscow Expands Its Base - Jamestown'>"
    text = HEAD.format(title="x", h1="<h1>Moscow Expands Its Base</h1>")
    page.write_text(text.replace("<head>", "<head>" + head), encoding="utf-8")
    meta = ingest.read_document(page).meta
    assert meta.sources["title"] == "html:og:title"
