"""links/notfound: which titles and headings say the page was not found, and reading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.links.notfound import named_by_url, not_found_heading, says_not_found

GOLD = Path(__file__).parent / "data" / "gold" / "not_found_headings.tsv"
ROWS = [
    line.split("\t", 1)
    for line in GOLD.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
HTML = {"Content-Type": "text/html; charset=utf-8"}
RU_404 = "%D0%9E%D1%88%D0%B8%D0%B1%D0%BA%D0%B0_404"  # Ошибка_404, as a URL writes it


@pytest.mark.parametrize(("expected", "heading"), ROWS, ids=[row[1] for row in ROWS])
def test_says_not_found(expected: str, heading: str) -> None:
    assert says_not_found(heading) is (expected == "yes")


@pytest.mark.parametrize(
    ("body", "headers", "said"),
    [
        (
            "<html><head><title>Regnum</title></head><body><h1 class=t>Page <b>not</b>\n"
            " found</h1><h1>Other</h1></body></html>",
            HTML,
            ("heading", "Page not found"),
        ),
        (
            "<html><head><title>Страница не найдена &mdash; Regnum</title></head></html>",
            {"Content-Type": "text/html; charset=windows-1251"},
            ("title", "Страница не найдена — Regnum"),
        ),
        (
            '<html><head><meta charset="windows-1251"><title>Ошибка 404</title></head></html>',
            {"Content-Type": "text/html"},
            ("title", "Ошибка 404"),
        ),
        (
            "<html><head><title>Live story</title><script>var t = '<h1>Page not found</h1>';"
            "</script></head><body><!-- <h1>404</h1> --><svg><title>404</title></svg>"
            "<h1>Live story</h1></body></html>",
            HTML,
            None,
        ),
        ("<title>Page not found</title>", {"Content-Type": "text/plain"}, None),
        ("<title>Page not found</title>", {}, ("title", "Page not found")),
    ],
    ids=["h1-with-tags", "cp1251-header", "cp1251-meta", "hidden-markup", "not-html", "no-type"],
)
def test_not_found_heading(body: str, headers: dict[str, str], said: tuple | None) -> None:
    charset = "cp1251" if "1251" in body + str(headers) else "utf-8"
    assert not_found_heading(body.encode(charset), headers) == said


@pytest.mark.parametrize(
    ("heading", "urls", "named"),
    [
        ("HTTP 404 - Wikipedia", ["https://en.wikipedia.org/wiki/HTTP_404"], True),
        ("Ошибка 404 — Википедия", [f"https://ru.wikipedia.org/wiki/{RU_404}"], True),
        ("Error 404: page not found", ["https://s.ex/a/error-404-page-not-found-explained"], True),
        ("Page not found | Site", ["https://s.example/what+is+a+page+not%20found.html"], True),
        ("Page not found | Site", ["https://s.example/news/2016/10/20/some-story"], False),
        ("404 error - Wikipedia", ["https://en.wikipedia.org/wiki/HTTP_404"], False),
        ("404", ["https://s.example/news/404"], False),  # a story numbered 404
        ("HTTP 404 - Wikipedia", ["https://w.example/wiki/HTTP_404", "https://w.example/e"], False),
        ("HTTP 404", ["https://w.example/w/index.php?title=HTTP_404"], False),
    ],
    ids=["wikipedia", "ru-encoded", "slug", "plus-and-%20", "story", "fewer-words", "code-only",
         "redirected-away", "query-slug"],
)  # fmt: skip
def test_named_by_url(heading: str, urls: list[str], named: bool) -> None:
    assert named_by_url(heading, urls) is named


def test_a_heading_its_url_names_does_not_count() -> None:
    page = b"<html><head><title>HTTP 404 - Wikipedia</title></head><body><h1>HTTP 404</h1>"
    story = ("https://w.example/news/some-story",) * 2
    assert not_found_heading(page, HTML, story) == ("title", "HTTP 404 - Wikipedia")
    assert not_found_heading(page, HTML, ("https://w.example/wiki/HTTP_404",) * 2) is None
