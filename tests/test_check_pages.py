"""Huge archived pages: a check holds and caches at most what verification reads of each."""

from __future__ import annotations

import dataclasses

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.archive.store import PAGE_BYTES, CachedResponse, slim
from tests.data.warc.corpus import all_captures
from tests.fixtures.archive import IAArchive, expected_urls
from tests.servers import LocalServer
from tests.test_check import assert_seed_verified, ia_settings

SCRIPT = b"<script>var tracking = '" + b"x" * 3_000_000 + b"';</script>"
LD_JSON = b'<script type="application/ld+json">{"datePublished": "2016-10-20"}</script>'


def page(body: bytes, content_type: str = "text/html; charset=utf-8") -> CachedResponse:
    return CachedResponse("http://a/", 200, {"Content-Type": content_type}, body)


def test_an_ordinary_page_is_kept_byte_for_byte() -> None:
    small = page(b"<html><script>var a = 1;</script><p>text</p></html>")
    assert slim(small) is small


def test_a_huge_page_loses_its_scripts_but_keeps_json_ld_and_its_text() -> None:
    body = b"<html><head>" + LD_JSON + SCRIPT + b"<style>p {}</style></head><p>The article.</p>"
    slimmed = slim(page(body)).body
    assert b"The article." in slimmed and LD_JSON in slimmed
    assert b"<script></script><style></style>" in slimmed and len(slimmed) < 1000


def test_a_huge_page_of_text_is_cut_and_other_bodies_are_not() -> None:
    text = b"<p>" + b"word " * 400_000 + b"</p>"
    assert len(slim(page(text)).body) == PAGE_BYTES
    warc = page(text, "application/warc")
    assert slim(warc) is warc


def test_a_check_of_huge_pages_verifies_and_caches_little(seed_db) -> None:
    # Every right page carries 3 MB of inline script before its article, as some news
    # sites' pages do: the article is still read, and the cache holds no page over 1 MB.
    right = set(expected_urls().values())
    captures = [
        dataclasses.replace(c, body=c.body.replace(b"<body>", b"<body>" + SCRIPT, 1))
        if c.url in right and b"<body>" in c.body
        else c
        for c in all_captures()
    ]
    assert sum(len(c.body) > PAGE_BYTES for c in captures) >= 10
    with LocalServer() as server:
        check.run_check(seed_db, ia_settings(IAArchive(server, captures=captures)))
    assert_seed_verified(seed_db)
    sizes = [n for (n,) in seed_db.execute("select length(body) from archive_cache").fetchall()]
    assert sizes and max(sizes) <= PAGE_BYTES
    assert checkstore.cache_size(seed_db) < 2 * PAGE_BYTES
