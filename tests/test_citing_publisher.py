"""Self-citation needs the citing document's publisher. A page that names it only by its
address (a Jamestown article saved without ``og:site_name``) is published by the owner
of that address; a republished copy is not published by the site that copied it."""

from __future__ import annotations

from pathlib import Path

from provenance import pipeline
from provenance.models import DocumentMeta
from provenance.scan import ingest
from provenance.scan.outlets import resolve

PAGE = """<html><head><meta charset="UTF-8">
<meta property="og:url" content="https://www.jamestown.org/program/moscow-expands/">
<meta property="article:published_time" content="2019-03-12T09:00:00+00:00">
<title>Moscow Expands Its Base in Tajikistan - Jamestown</title></head>
<body><article><h1>Moscow Expands Its Base in Tajikistan</h1>
<p>Moscow has expanded its base (TASS, March 1). The trend was noted before (see EDM,
February 20).</p></article></body></html>"""


def _self_citations(path: Path) -> dict[str, bool]:
    result = pipeline.scan_document(ingest.read_document(path), resolve.load_registry())
    return {
        ref.outlet: result.resolution(ref).self_citation
        for claim in result.claims
        for ref in claim.references
    }


def test_a_page_known_only_by_its_address_cites_itself(tmp_path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    assert _self_citations(page) == {"TASS": False, "EDM": True}


def test_the_named_publisher_comes_first_and_a_copy_is_not_its_copier() -> None:
    named = DocumentMeta(publisher="Jamestown Foundation", url="https://tass.ru/x")
    assert resolve.citing_publisher(named) == "Jamestown Foundation"
    original = DocumentMeta(original_url="https://jamestown.org/program/x/")
    assert resolve.citing_publisher(original) == "jamestown.org"
    copy = DocumentMeta(url="https://www.refworld.org/docid/1.html", republisher="Refworld")
    assert resolve.citing_publisher(copy) is None
    assert resolve.citing_publisher(DocumentMeta(url="http://[::1")) is None
    assert resolve.citing_publisher(DocumentMeta()) is None
