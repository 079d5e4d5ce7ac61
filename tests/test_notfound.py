"""links/notfound: which titles and headings say the page was not found, and reading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.links.notfound import not_found_heading, says_not_found

GOLD = Path(__file__).parent / "data" / "gold" / "not_found_headings.tsv"
ROWS = [
    line.split("\t", 1)
    for line in GOLD.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
HTML = {"Content-Type": "text/html; charset=utf-8"}


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
