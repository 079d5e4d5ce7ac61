"""Tests for provenance.ingest: discovery, decoding, bad inputs, HTML and Markdown to text."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.errors import InputError
from provenance.scan import ingest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f0a8ddd99eaae0a6.txt"
DOCS = Path(__file__).resolve().parent / "data" / "docs"
RUSSIAN = "Москва заявила, что учения прошли успешно. Эксперты не согласны.\n"
ENGLISH = "Troops trained near the border.\nNobody commented.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- discover


def test_discover_walks_sorted_skips_hidden(tmp_path: Path) -> None:
    for rel in [
        "b/2.TXT",
        "b/1.md",
        "a.html",
        "c.htm",
        "d.markdown",
        "e.pdf",
        ".hidden.txt",
        ".git/x.txt",
        "b/.cache/y.md",
        "b/z.json",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    supported, skipped = ingest.discover([tmp_path, tmp_path / "a.html"])
    assert [p.relative_to(tmp_path).as_posix() for p in supported] == [
        "a.html",
        "c.htm",
        "d.markdown",
        "b/1.md",
        "b/2.TXT",
    ]
    assert [p.relative_to(tmp_path).as_posix() for p in skipped] == ["e.pdf", "b/z.json"]


def test_discover_keeps_missing_file_for_read_to_report(tmp_path: Path) -> None:
    supported, skipped = ingest.discover([tmp_path / "gone.txt"])
    assert supported == [tmp_path / "gone.txt"] and skipped == []


# ---------------------------------------------------------------- encodings

ENCODINGS = [
    ("utf-8", RUSSIAN.encode("utf-8"), "utf-8", RUSSIAN),
    ("utf-8-bom", b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "utf-8-sig", RUSSIAN),
    ("utf-16-le-bom", b"\xff\xfe" + RUSSIAN.encode("utf-16-le"), "utf-16", RUSSIAN),
    ("utf-16-be-bom", b"\xfe\xff" + RUSSIAN.encode("utf-16-be"), "utf-16", RUSSIAN),
    ("utf-16-le-no-bom", ENGLISH.encode("utf-16-le"), "utf-16", ENGLISH),
    ("utf-16-be-no-bom", ENGLISH.encode("utf-16-be"), "utf-16", ENGLISH),
    ("utf-32-bom", RUSSIAN.encode("utf-32"), "utf-32", RUSSIAN),
    ("cp1251", RUSSIAN.encode("cp1251"), "cp1251", RUSSIAN),
    ("koi8-r", RUSSIAN.encode("koi8-r"), "koi8-r", RUSSIAN),
    (
        "cp1252",
        "Café déjà vu, naïve façade. Élan à la crème brûlée.\n".encode("cp1252"),
        "cp1252",
        "Café déjà vu, naïve façade. Élan à la crème brûlée.\n",
    ),
    ("ascii", b"Plain text.\n", "utf-8", "Plain text.\n"),
]


@pytest.mark.parametrize(
    ("raw", "encoding", "text"), [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS]
)
def test_encodings(tmp_path: Path, raw: bytes, encoding: str, text: str) -> None:
    doc = ingest.read_document(write(tmp_path, "doc.txt", raw))
    assert doc.encoding == encoding
    assert doc.text == text
    guessed = {  # a code page found from the bytes is a guess, and said
        "cp1252": ["not valid UTF-8 (10 bad byte sequence(s)): read as cp1252"],
        "cp1251": ["not UTF-8: read as cp1251"],
        "koi8-r": ["not UTF-8: read as koi8-r"],
    }
    assert doc.warnings == guessed.get(encoding, [])
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size == len(raw)


@pytest.mark.parametrize(
    ("declared", "codec", "read"),
    [
        ("iso-8859-1", "cp1251", "cp1251"),
        ("windows-1251", "koi8-r", "koi8-r"),
        ("koi8-u", "koi8-u", None),  # other Cyrillic code pages are taken at their word
        ("iso-8859-5", "iso-8859-5", None),
    ],
)
def test_a_declared_charset_that_does_not_fit_the_text_is_said_and_overruled(
    tmp_path: Path, declared: str, codec: str, read: str | None
) -> None:
    """A page that declared Latin-1 for cp1251 bytes was read as mojibake, every citation
    an aside, and "Document problems: None"."""
    page = f'<html><head><meta charset="{declared}"></head><body><p>{RUSSIAN}</p></body></html>'
    doc = ingest.read_document(write(tmp_path, "p.html", page.encode(codec)))
    assert (doc.encoding, doc.text) == (read or declared, RUSSIAN.strip())
    said = [f"declared charset {declared} does not fit its text: read as {read}"]
    assert doc.warnings == (said if read else [])


def test_a_byte_the_guessed_code_page_cannot_read_is_no_crash(tmp_path: Path) -> None:
    """The code page is chosen from the first 256 KB: a byte after them that it cannot
    read (0x98 in cp1251) ended the whole scan with a traceback."""
    page = f"<html><head><meta charset='windows-1252'></head><body><p>{RUSSIAN * 6000}</p>"
    raw = page.encode("cp1251") + b"\x98</body></html>"
    doc = ingest.read_document(write(tmp_path, "big.html", raw))
    assert doc.encoding == "cp1251" and doc.text.endswith("\ufffd")


def test_html_meta_charset_used_when_not_utf8(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    doc = ingest.read_document(write(tmp_path, "p.html", page.encode("cp1251")))
    assert doc.encoding == "windows-1251"
    assert doc.text == RUSSIAN.strip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"), (b"a\xe2\x80\xa8b", "a\nb")],
    ids=["crlf-cr", "line-separator"],
)
def test_newlines_normalised(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert ingest.read_document(write(tmp_path, "n.txt", raw)).text == expected


def test_mostly_valid_utf8_is_replaced_with_warning(tmp_path: Path) -> None:
    raw = "Good “quoted” text — with dashes. ".encode() * 5 + b"bad \xff\xfe bytes \x92."
    doc = ingest.read_document(write(tmp_path, "bad.txt", raw))
    assert doc.encoding == "utf-8"
    assert doc.text.count("\ufffd") == 3
    assert doc.warnings == ["invalid UTF-8: 3 bad byte sequence(s) replaced with U+FFFD"]


def test_utf8_seed_with_nine_bad_bytes_stays_utf8(tmp_path: Path) -> None:
    """Few good multibyte characters (dashes, quotes) and as many bad bytes: still UTF-8."""
    raw = bytearray(SEED.read_bytes())
    original = raw.decode("utf-8")
    spots = [i for i, byte in enumerate(raw) if byte == ord(" ")][100:1000:100]
    for i in spots[:9]:
        raw[i] = 0xFF  # a space becomes a byte no UTF-8 text holds
    doc = ingest.read_document(write(tmp_path, "seed.txt", bytes(raw)))
    assert doc.encoding == "utf-8"
    assert doc.warnings == ["invalid UTF-8: 9 bad byte sequence(s) replaced with U+FFFD"]
    assert doc.text.count("\ufffd") == 9
    assert "–" in doc.text and "â€" not in doc.text  # the good dashes are not mojibake
    assert len(doc.text) == len(original.replace("\r\n", "\n"))


def test_bad_bytes_after_bom_are_replaced_with_warning(tmp_path: Path) -> None:
    doc = ingest.read_document(write(tmp_path, "b.txt", b"\xef\xbb\xbfGood text \xff here."))
    assert doc.encoding == "utf-8-sig" and doc.text == "Good text \ufffd here."
    assert doc.warnings == ["invalid utf-8-sig: 1 bad byte sequence(s) replaced with U+FFFD"]


def test_stray_byte_in_ascii_is_replaced_with_warning(tmp_path: Path) -> None:
    doc = ingest.read_document(write(tmp_path, "s.txt", b"Plain ASCII with a stray \x92 byte."))
    assert doc.text == "Plain ASCII with a stray \ufffd byte."
    assert len(doc.warnings) == 1


# ---------------------------------------------------------------- bad inputs


def _dangling(tmp_path: Path) -> Path:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    return link


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "x.txt"
    path.mkdir()
    return path


BAD = [
    ("empty", lambda p: write(p, "e.txt", b""), "empty file"),
    ("whitespace", lambda p: write(p, "w.txt", b" \n\t\r\n  "), "whitespace-only file"),
    ("binary-nul", lambda p: write(p, "b.txt", bytes(range(256)) * 8), "binary file (NUL bytes)"),
    (
        "binary-controls",
        lambda p: write(p, "c.txt", b"\x01\x02\x03\x04abc\x05\x06" * 50),
        "binary file (control characters)",
    ),
    (
        "undecodable",
        lambda p: write(p, "u.txt", bytes((i * 7919 + 13) % 128 + 128 for i in range(2000))),
        "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)",
    ),
    ("directory", _directory, "is a directory, not a file"),
    ("dangling-symlink", _dangling, "file not found (vanished or dangling symlink)"),
    ("missing", lambda p: p / "missing.txt", "file not found (vanished or dangling symlink)"),
    (
        "fifo",
        lambda p: (os.mkfifo(p / "f.txt"), p / "f.txt")[1],
        "not a regular file (FIFO, socket or device)",
    ),
    (
        "html-without-text",
        lambda p: write(p, "s.html", b"<html><script>x()</script></html>"),
        "no visible text in HTML",
    ),
]


@pytest.mark.parametrize(("make", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_inputs(tmp_path: Path, make, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        ingest.read_document(path)
    assert info.value.problem == problem
    assert str(info.value) == f"{path}: {problem}"
    assert "\n" not in str(info.value)


def test_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: instant, and all NULs if it were read
    with pytest.raises(InputError) as info:
        ingest.read_document(path)
    # Had the NUL bytes been read, the problem would be "binary file": size comes first.
    assert info.value.problem == "file too large: 52.4 MB > 20.0 MB limit"


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "t.txt", b"x" * 2000)
    with pytest.raises(InputError, match=r"file too large: 0\.0 MB > 0\.0 MB limit"):
        ingest.read_document(path, max_bytes=1000)
    assert ingest.read_document(path, max_bytes=2000).size == 2000


def test_a_file_longer_than_its_stat_size_is_read_whole_up_to_the_limit() -> None:
    # The read is sized to the file's stat; a file that grew since is read on. A /proc
    # file says size 0 and holds more, like a file that grew between stat and read.
    status = "/proc/self/status"
    if not os.path.exists(status):
        pytest.skip("needs /proc")
    raw, size, _ = ingest._read_bytes(status, 100_000)
    assert size == len(raw) > 100 and raw.startswith(b"Name:")
    with pytest.raises(InputError, match=r"file too large: > 0\.0 MB limit"):
        ingest._read_bytes(status, 50)


# ---------------------------------------------------------------- plain text


def test_seed_document_fields_and_body() -> None:
    doc = ingest.read_document(SEED)
    raw = SEED.read_bytes()
    stat = SEED.stat()
    assert (doc.format, doc.encoding) == ("txt", "utf-8")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert (doc.size, doc.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    body = doc.text[doc.body_start : doc.body_end]
    assert body.startswith("China has unexpectedly begun taking steps")
    assert body.endswith("diminish Russia's overall influence in Central Asia.")
    for outside in ("Link to original story", "Copyright notice", "Search Refworld", "Cite as"):
        assert outside not in body and outside in doc.text
    assert doc.links == [] and doc.warnings == []


@pytest.mark.parametrize(
    ("path", "title", "slug"),
    [
        ("seeds/000_f0a8ddd99eaae0a6.txt", None, "000-f0a8ddd99eaae0a6"),
        ("x/Пекин теснит Москву.html", None, "pekin-tesnit-moskvu"),
        ("x/Déjà Vu -- Report!!.md", None, "deja-vu-report"),
        ("x/index.html", "Beijing Encroaching on Moscow", "beijing-encroaching-on-moscow"),
        ("x/中文.txt", None, "zhong-wen"),
        ("x/___.txt", None, "document"),
        ("x/" + "a" * 200 + ".txt", None, "a" * 80),
        ("docs/index.txt", None, "index-document"),
        ("docs/Index.md", "INDEX", "index-document"),
        ("x/linkcheck-2026-12-04.md", None, "linkcheck-2026-12-04-document"),
        ("x/page.md", "Linkcheck 2026-12-04", "linkcheck-2026-12-04-document"),
        ("x/linkchecker.md", None, "linkchecker"),
    ],
    ids=[
        *("seed", "cyrillic", "accents", "generic-stem-uses-title", "cjk", "empty", "long"),
        *("index-reserved", "index-title", "linkcheck-reserved", "linkcheck-title", "not-reserved"),
    ],
)
def test_slugify(path: str, title: str | None, slug: str) -> None:
    assert ingest.slugify(path, title) == slug


# ---------------------------------------------------------------- HTML


def test_html_visible_text_paragraphs() -> None:
    doc = ingest.read_document(DOCS / "edm-article.html")
    assert doc.format == "html"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == (
        "China has unexpectedly begun taking steps to become more militarily active in the "
        "small Central Asian republic of Tajikistan. Moreover, it is pushing for closer "
        "cooperation."
    )
    assert paragraphs[2:] == [
        "Text in a div after a break",  # one <br> in mid-sentence: a wrapped line
        "First item",
        "Second anchor item",
        "Cell one Cell two",
        "Last paragraph & entity, with mail and js.",
    ]
    for hidden in (
        "Jamestown Foundation",
        "Programs",
        "Related",
        "Do not index",
        "Hidden",
        "Invisible",
        "must not show",
        "Enable JavaScript",
        "Search the site",
        "color",
        "Moscow’s Military Dominance",
    ):  # the <h1> sits in the article <header>
        assert hidden not in doc.text


def test_html_links_have_absolute_urls_and_offsets() -> None:
    doc = ingest.read_document(DOCS / "edm-article.html")
    assert [(link.text, link.url) for link in doc.links] == [
        ("News.tj", "https://www.news.tj/ru/news/tajikistan/security/20161020/ucheniya"),
        ("EDM", "https://jamestown.org/program/earlier-edm/"),  # relative, resolved
    ]
    for link in doc.links:
        assert doc.text[link.start : link.end] == link.text
    assert doc.text[doc.links[0].start - 1] == "("


@pytest.mark.parametrize(
    ("html", "text", "links"),
    [
        (
            '<p>See <a href="/a"> spaced  <b>bold</b>\n link</a>, then.</p>',
            "See spaced bold link, then.",
            [("spaced bold link", "/a")],
        ),
        (
            '<p>A <a href="/a">link </a>, kept as a browser shows it.</p>',
            "A link , kept as a browser shows it.",
            [("link", "/a")],
        ),
        (
            '<div><a href="http://x.org/"><p>One</p><p>Two</p></a></div>',
            "One\n\nTwo",
            [("One", "http://x.org/"), ("Two", "http://x.org/")],
        ),
        (
            '<p><a href="http://a.org/">A <a href="http://b.org/">B</a></a> tail</p>',
            "A B tail",
            [("A", "http://a.org/"), ("B", "http://b.org/")],
        ),
        (
            '<p><a href="http://e.org/"></a>Empty link, <a href="tel:1">phone</a>.</p>',
            "Empty link, phone.",
            [],
        ),
        (
            '<html><head><base href="https://base.org/dir/"></head><body><p>'
            '<a href="page.html">rel</a></p></body></html>',
            "rel",
            [("rel", "https://base.org/dir/page.html")],
        ),
        (
            "<body><article><p>Short teaser.</p></article><article><p>The long real article "
            "body.</p></article><p>Outside.</p></body>",
            "The long real article body.",
            [],
        ),
        ("<body><p>Outside.</p><main><p>Main text.</p></main></body>", "Main text.", []),
        (
            '<?xml version="1.0" encoding="utf-8"?><html><body><p>X&nbsp;&nbsp;Y\ue001</p></body>'
            "</html>",
            "X Y",
            [],
        ),
    ],
    ids=[
        "nested-inline",
        "space-inside-link",
        "link-over-blocks",
        "nested-links",
        "skipped-links",
        "base-href",
        "longest-article",
        "main",
        "xml-declaration-nbsp-marker",
    ],
)
def test_html_to_text_cases(html: str, text: str, links: list[tuple[str, str]]) -> None:
    got, got_links, *_ = ingest.html_to_text(html)
    assert got == text
    assert [(link.text, link.url) for link in got_links] == links
    for link in got_links:
        assert got[link.start : link.end] == link.text


def test_html_100kb_page() -> None:
    page = (DOCS / "edm-article.html").read_text(encoding="utf-8")
    article = page[page.index("<article>") + 9 : page.index("</article>")]
    page = page.replace(article, article * 110)
    assert len(page) > 100_000
    text, links, *_ = ingest.html_to_text(page)
    assert len(links) == 220 and len(text) > 40_000
    assert all(text[k.start : k.end] == k.text for k in links)


# ---------------------------------------------------------------- Markdown


def test_markdown_front_matter_and_links() -> None:
    doc = ingest.read_document(DOCS / "front-matter.md")
    assert doc.format == "md"
    assert doc.text.startswith("---\ntitle:")  # front matter stays; the body starts after it
    assert doc.text[doc.body_start :].startswith("# Heading that is not the title")
    assert [(link.text, link.url) for link in doc.links] == [
        ("Tajikistan", "https://en.wikipedia.org/wiki/Tajikistan_(country)"),
        ("News.tj", "https://www.news.tj/ru/news"),
        (
            "https://www.refworld.org/docid/583475244.html",
            "https://www.refworld.org/docid/583475244.html",
        ),
        ("Ozodi", "https://rus.ozodi.org/a/28000000.html"),
    ]
    for link in doc.links:
        assert doc.text[link.start : link.end] == link.text
    assert "China held drills with Tajikistan in October (News.tj, October 20)." in doc.text
    assert "See https://www.refworld.org/docid/583475244.html and Ozodi for more" in doc.text
    assert "![a map](map.png)" not in doc.text and "stays" in doc.text  # an image: no text
    assert "An [endnote][7] without definition and [empty]() stay as written." in doc.text
    assert "[nt]:" not in doc.text and "[ozodi]:" not in doc.text


@pytest.mark.parametrize(
    ("source", "text", "links"),
    [
        ("Growth ![chart](c.png) (Regnum, May 5).", "Growth (Regnum, May 5).", []),
        ("One.\n\n![Map of Georgia](map.png)\n\nTwo.", "One.\n\n\n\nTwo.", []),
        ("See [![logo](l.png)](https://x.test/a).", "See .", []),
        ("[![logo](l.png) Site](https://x.test/b)", " Site", [(" Site", "https://x.test/b")]),
        ("Ref ![alt][i].\n\n[i]: /i.png\n", "Ref .\n\n", []),
        ("![unresolved][nope], ![empty]() stay.", "![unresolved][nope], ![empty]() stay.", []),
    ],
    ids=["inline", "alone", "linked", "linked-with-text", "reference", "not-images"],
)
def test_markdown_images_have_no_text(source: str, text: str, links: list) -> None:
    """An image's "(src)" read as a citation of an outlet "src", and an image alone on
    a line as a claim; a page's <img> has no text either."""
    got, found = ingest.markdown_links(source)
    assert got == text
    assert [(k.text, k.url) for k in found] == links


@pytest.mark.parametrize(
    ("source", "warning"),
    [
        ("---\ntitle: [unclosed\n---\nBody text.\n", "bad YAML front matter ignored: "),
        ("---\n- a list\n---\nBody text.\n", "YAML front matter is not a mapping; ignored"),
        ("---\nx: " + "y" * 70_000 + "\n---\nBody text.\n", "YAML front matter too large"),
    ],
    ids=["bad-yaml", "not-a-mapping", "too-large"],
)
def test_markdown_bad_front_matter_is_a_warning(tmp_path: Path, source: str, warning: str) -> None:
    doc = ingest.read_document(write(tmp_path, "f.md", source.encode()))
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith(warning)
    assert doc.text[doc.body_start :] == "Body text.\n"
    assert doc.meta.title is None


@pytest.mark.parametrize(
    ("source", "text", "links"),
    [
        (
            "A [b](http://b.org) c [d](<http://d.org/x y>) e.",
            "A b c d e.",
            [(2, 3, "http://b.org"), (6, 7, "http://d.org/x%20y")],
        ),
        ("[e](<http://e.org/a>) and [f](<>)", "e and [f](<>)", [(0, 1, "http://e.org/a")]),
        ("No links at all.", "No links at all.", []),
        ("Empty [](http://e.org) label.", "Empty [](http://e.org) label.", []),
        ("[A [nested] one](http://n.org) end", "A [nested] one end", [(0, 14, "http://n.org")]),
        ("Run `[x](http://x.org)` to", "Run `[x](http://x.org)` to", []),
        ("``[a][r] <http://a.org>``\n\n[r]: http://r.org", "``[a][r] <http://a.org>``\n\n", []),
        (
            "Not `![i](i.png)`, [`y`](http://y.org)",
            "Not `![i](i.png)`, `y`",
            [(19, 22, "http://y.org")],
        ),
        ("[a `b](http://b.org)` c", "[a `b](http://b.org)` c", []),
    ],
    ids=[
        *("inline-and-angle-url", "angle-only", "no-brackets", "empty-label", "nested-brackets"),
        *("in-code", "reference-and-autolink-in-code", "code-in-link", "link-across-code"),
    ],
)
def test_markdown_links(source: str, text: str, links: list[tuple[int, int, str]]) -> None:
    """A code span's text is literal, as CommonMark has it: "`[x](url)`" was a link."""
    got, got_links = ingest.markdown_links(source)
    assert got == text
    assert [(link.start, link.end, link.url) for link in got_links] == links


def test_read_document_published_override(tmp_path: Path) -> None:
    import datetime as dt

    doc = ingest.read_document(SEED, published=dt.date(2016, 11, 18))
    assert doc.meta.published == dt.date(2016, 11, 18)
    assert doc.meta.sources["published"] == "cli"
    assert os.fspath(SEED) == doc.path


# ---------------------------------------------------------------- properties

_WORDS = st.sampled_from(["News.tj", "said", "(cite, May 3)", " ", "  ", "\n", "&amp;", "Я", "x."])
_TAGS = st.sampled_from(["p", "div", "b", "span", "li", "td", "script", "nav", "br"])


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 2 if depth < 3 else 0))
        if choice == 0:
            parts.append(draw(_WORDS))
        elif choice == 1:
            tag = draw(_TAGS)
            parts.append(f"<{tag}>{draw(_html(depth + 1))}</{tag}>")
        else:
            parts.append(f'<a href="/u{draw(st.integers(0, 9))}">{draw(_html(depth + 1))}</a>')
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(body=_html())
def test_html_link_offsets_always_match(body: str) -> None:
    try:
        text, links, *_ = ingest.html_to_text(f"<html><body>{body}</body></html>")
    except ValueError:  # lxml: nothing to parse
        return
    assert not any(marker in text for marker in "\ue000\ue001\ue002\ue003\ue004")
    assert "  " not in text and "\n\n\n" not in text and text == text.strip()
    for link in links:
        assert text[link.start : link.end] == link.text and link.text.strip() == link.text
        assert link.url.startswith("/u")


@settings(max_examples=200, deadline=None)
@given(source=st.lists(st.sampled_from(list("ab [](<>)!:\n\"'h") + ["http://x.org"])).map("".join))
def test_markdown_link_offsets_always_match(source: str) -> None:
    text, links = ingest.markdown_links(source)
    for link in links:
        assert text[link.start : link.end] == link.text


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(min_size=1, max_size=400) | st.text(max_size=200).map(str.encode))
def test_decode_gives_text_or_input_error(raw: bytes) -> None:
    try:
        text, encoding, warnings = ingest.decode_bytes(raw)
    except InputError as exc:
        assert exc.problem and "\n" not in exc.problem
        return
    assert isinstance(text, str) and encoding and all("\n" not in w for w in warnings)


def test_markdown_code_is_no_claim_and_holds_no_citation(tmp_path: Path) -> None:
    """Fenced and indented code became claims, its "(RBC, May 9)" a citation, and a
    "# comment" in it a heading."""
    doc = tmp_path / "code.md"
    doc.write_text(
        "---\ndate: 2016-11-17\n---\n\nIntro (TASS, May 3).\n\n```python\n# not a heading\n"
        'print("Hello. World.")  # (RBC, May 9)\n```\n\n    Indented code (RBC, May 9).\n\n'
        "- an item\n\n    its continued text (Interfax, May 4).\n\n"
        "~~~\nFenced (Fake, May 5).\n~~~\nEnd.\n",
        encoding="utf-8",
    )
    text = ingest.read_document(doc).text
    assert "RBC" not in text and "Fake" not in text and "Hello" not in text
    assert "# not a heading" not in text
    assert "Intro (TASS, May 3)." in text and "its continued text (Interfax, May 4)." in text
    assert text.count("\n") == doc.read_text(encoding="utf-8").count("\n")  # lines kept


def test_soft_hyphens_and_zero_width_spaces_leave_no_trace(tmp_path: Path) -> None:
    """'skep\\xadtical' and 'Zero\\u200bwidth' reached the claims as written."""
    text = "Analysts were skep\u00adtical (TASS, May 3). Zero\u200bwidth.\n"
    doc = write(tmp_path, "s.txt", text.encode("utf-8"))
    assert ingest.read_document(doc).text == "Analysts were skeptical (TASS, May 3). Zerowidth.\n"
