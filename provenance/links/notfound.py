"""The ``not-found-title`` soft-404 rule: a 200 page whose <title> or first <h1> says "not found".

A deleted article in a CMS often answers 200 with the site's "page not found" page at
its own URL, while a random sibling path gets a real 404 (so the probe sees nothing),
or the not-found page echoes the requested path (so the probe's comparison misses).
This rule reads what the page calls itself, from the first ``READ_BYTES`` of its GET body.

A heading counts only when it *is* a not-found message: split at site-name separators
(" | ", " - ", " — ", " :: ", "_" beside Chinese...), at least one part must be a phrase
of ``NOT_FOUND_PHRASES`` or a bare code ("404", "Error 404", "Ошибка 404", "404错误"),
and at most one other part may be something else (the site's name). So
"Страница не найдена — Regnum", "Error 404 - Site" and "404" fire, and the headlines
"Bodies not found after the flood" and "Ошибка 404: как Роскомнадзор блокирует сайты"
do not. Blind spot: a not-found title followed by a site name that has separators of its
own ("Page not found | News | Site") fires only through the page's <h1>.

A page about the error is no missing page: the Wikipedia article at ``/wiki/HTTP_404``
("HTTP 404 - Wikipedia") or a story at ``/news/error-404-page-not-found-explained``
(its <h1> "Error 404: page not found") is alive, though its heading is a not-found
message. What tells them apart is the URL: a soft-404 is served at the URL the reader
asked for, whose slug names the story that is gone (``/news/2016/10/20/some-story``), not
the error. So a heading does not count when the last path segment of the cited URL, *and*
of the URL its redirects ended on (``named_by_url``), names every word of its message:
decoded (``%20``, ``+``), folded as the heading is, split on anything that is not a letter
or digit (``-``, ``_``, ``.``), the slug's words must hold all the message's words, the
fillers and codes included ("HTTP 404" wants ``http`` and ``404``; ``HTTP_404`` has
them, ``404_error`` does not), and the message must have a word that is not a bare code
(the heading "404" at ``/news/404``, a story numbered 404, still fires). Both URLs must
name it: a cited ``/wiki/Page_not_found`` redirected to ``/errors/oops`` that reads
"Page not found" is a soft-404 (a redirect to a URL saying 404 is rule 2 of probe.py).
Blind spots: a deleted story whose own slug names the message
(``/news/page-not-found-on-the-ministry-site`` now reading "Page not found") is taken
for alive; a slug in the query string (``/w/index.php?title=HTTP_404``) or above the last
segment (``/2019/http-404/amp``) is not read, so such a page still fires; a transliterated
or translated slug (``/stranitsa-ne-naydena``) names nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from urllib.parse import unquote_plus, urlsplit

from ..scan.encoding import declared_charset, legacy_cyrillic

READ_BYTES = 256 * 1024  # as much of the body as probe.COMPARE_BYTES compares
QUOTE_CHARS = 80  # longest heading quoted in a check's reason

#: What a not-found page calls itself, by language. Matched whole, after folding
#: (``fold``: case, punctuation, apostrophes, Kazakh/Kyrgyz/Tajik/Ukrainian letters
#: to their Russian neighbours, ё to е), once the ``FILLERS`` around it are dropped.
NOT_FOUND_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "not found",
        "page not found",
        "file not found",
        "document not found",
        "article not found",
        "story not found",
        "page does not exist",
        "this page does not exist",
        "page doesn't exist",
        "this page doesn't exist",
        "page cannot be found",
        "the page cannot be found",
        "page can't be found",
        "that page can't be found",
        "this page can't be found",
        "the page you requested could not be found",
        "the page you are looking for could not be found",
        "the page you are looking for does not exist",
        "we can't find that page",
    ),
    "ru": (
        "не найдено",
        "страница не найдена",
        "страница не существует",
        "страницы не существует",
        "такой страницы нет",
        "такой страницы не существует",
        "запрашиваемая страница не найдена",
        "запрашиваемая страница не существует",
        "материал не найден",
        "статья не найдена",
        "новость не найдена",
        "документ не найден",
    ),
    "uk": (
        "не знайдено",
        "сторінку не знайдено",
        "сторінка не знайдена",
        "сторінка не існує",
        "сторінки не існує",
        "такої сторінки не існує",
        "запитувану сторінку не знайдено",
        "матеріал не знайдено",
        "новину не знайдено",
        "статтю не знайдено",
    ),
    "kk": (
        "табылмады",
        "бет табылмады",
        "парақ табылмады",
        "бет табылған жоқ",
        "бет жоқ",
        "мұндай бет жоқ",
        "сұралған бет табылмады",
        "мақала табылмады",
    ),
    "ky": (
        "табылган жок",
        "табылбады",
        "барак табылган жок",
        "барак табылбады",
        "бет табылган жок",
        "бет табылбады",
        "мындай барак жок",
        "барак жок",
    ),
    "tg": (
        "ёфт нашуд",
        "саҳифа ёфт нашуд",
        "саҳифа пайдо нашуд",
        "саҳифа вуҷуд надорад",
        "чунин саҳифа вуҷуд надорад",
        "мавод ёфт нашуд",
    ),
    "zh": (
        "页面不存在",
        "该页面不存在",
        "网页不存在",
        "页面未找到",
        "页面没有找到",
        "页面找不到了",
        "找不到页面",
        "找不到该页面",
        "找不到网页",
        "您访问的页面不存在",
        "您所访问的页面不存在",
        "页面不存在或已被删除",
        "文章不存在",
        "頁面不存在",
        "網頁不存在",
        "找不到頁面",
        "找不到網頁",
    ),
}
#: Words a not-found heading may have around its phrase ("Oops! Error 404: page not found").
#: The codes alone make a heading too ("404", "Error 404", "Ошибка 404", "404错误").
CODES = frozenset({"404", "410"})
FILLERS = CODES | frozenset(
    {
        "error", "http", "oops", "whoops", "sorry", "page",
        "ошибка", "упс", "извините", "помилка", "вибачте",
        "қате", "ката", "хато", "хатогӣ",
        "错误", "錯誤", "抱歉", "对不起", "页面",
    }
)  # fmt: skip
#: Letters folded to a common form so that one spelling matches the other ("сахифа").
FOLD = str.maketrans("ёҳҷӣӯқғұүөңіәһїєґ’‘ʼ`", "ехчиукгууониахиег''''")
TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")
SEPARATOR_RE = re.compile(
    r"\s*[|｜]\s*|\s*::\s*|\s+[-–—·•»«/~]\s+"  # site names: " | ", " — ", " :: "
    r"|(?<=[\u4e00-\u9fff])\s*[-_–—－]\s*|\s*[-_–—－]\s*(?=[\u4e00-\u9fff])"  # 页面不存在_网站
)
HIDDEN_RE = re.compile(
    r"<!--.*?-->|<(script|style|template|noscript|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S
)
TITLE_RE = re.compile(r"<title\b[^>]*>(.{0,1000}?)</title\s*>", re.I | re.S)
H1_RE = re.compile(r"<h1\b[^>]*>(.{0,1000}?)</h1\s*>", re.I | re.S)
TAG_RE = re.compile(r"<[^>]*>")
SPACE_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` as phrases are compared: NFKC, casefolded, letters folded, words by spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(FOLD)
    return " ".join(TOKEN_RE.findall(folded))


PHRASES = frozenset(fold(p) for phrases in NOT_FOUND_PHRASES.values() for p in phrases)
FOLDED_FILLERS = frozenset(fold(f) for f in FILLERS)


def not_found_heading(
    body: bytes, headers: Mapping[str, str], urls: Sequence[str] = ()
) -> tuple[str, str] | None:
    """Where and how a page says it was not found: ("title" | "heading", text), or None.

    Args:
        body: the GET body (only its first ``READ_BYTES`` are read).
        headers: the answer's headers (Content-Type: HTML only, and its charset).
        urls: the cited URL and the one its redirects ended on: a heading whose message
            they all name (``named_by_url``) is a page about the error, and does not count.

    Returns:
        ("title", text) when the <title> is a not-found message, ("heading", text)
        when the first <h1> is, else None (not HTML, no such heading).
    """
    if not is_html(headers):
        return None
    content_type = headers.get("Content-Type", "") or ""
    page = HIDDEN_RE.sub(" ", decode(body[:READ_BYTES], content_type))
    head = page[: m.start()] if (m := re.search(r"<body\b", page, re.I)) else page
    for where, pattern, scope in (("title", TITLE_RE, head), ("heading", H1_RE, page)):
        if (found := pattern.search(scope)) is not None:
            words = html.unescape(TAG_RE.sub(" ", found[1]))
            printable = "".join(c if c.isprintable() else " " for c in words)  # no escapes
            heading = SPACE_RE.sub(" ", printable).strip()
            if says_not_found(heading) and not (urls and named_by_url(heading, urls)):
                return where, heading
    return None


def quote(text: str) -> str:
    """A heading as a check's reason quotes it: at most ``QUOTE_CHARS``, cut with "…"."""
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def is_html(headers: Mapping[str, str]) -> bool:
    """True when an answer's Content-Type is HTML, or missing (a page may still be one)."""
    content_type = headers.get("Content-Type", "") or ""
    return not content_type or "html" in content_type.lower()


def says_not_found(heading: str) -> bool:
    """True when a title or heading is a not-found message (beside at most a site name).

    Args:
        heading: the text of a <title> or <h1>.

    Returns:
        True for "Page not found | Site", "Error 404 - Site", "404", "页面不存在_网站";
        False for a headline that merely mentions one ("Bodies not found after the flood").
    """
    parts = [fold(part) for part in SEPARATOR_RE.split(heading)]
    parts = [part for part in parts if part]
    hits = sum(_is_message(part) for part in parts)
    return hits > 0 and len(parts) - hits <= 1


def named_by_url(heading: str, urls: Sequence[str]) -> bool:
    """True when every URL's last path segment names all the words of the heading's message.

    Args:
        heading: a not-found title or heading ("HTTP 404 - Wikipedia").
        urls: the cited URL and the URL its redirects ended on.

    Returns:
        True for "HTTP 404 - Wikipedia" at ``/wiki/HTTP_404``; False at
        ``/news/2016/10/20/some-story``, for a message of codes alone ("404" at
        ``/news/404``), and when any URL does not name it.
    """
    parts = [part for part in (fold(p) for p in SEPARATOR_RE.split(heading)) if part]
    words = {word for part in parts if _is_message(part) for word in part.split()}
    if not words - CODES:
        return False
    return all(words <= slug_words(url) for url in urls)


def slug_words(url: str) -> set[str]:
    """The words of a URL's last path segment, decoded and folded ("HTTP_404" -> http, 404)."""
    last = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    return set(fold(unquote_plus(last)).split())


def _is_message(part: str) -> bool:
    """One folded part: a phrase, or a code, with only fillers around it."""
    words = part.split()
    code = False
    while words and words[0] in FOLDED_FILLERS:
        code |= words.pop(0) in CODES
    while words and words[-1] in FOLDED_FILLERS:
        code |= words.pop() in CODES
    rest = " ".join(words)
    return rest in PHRASES or (not rest and code)


def decode(raw: bytes, content_type: str) -> str:
    """The body as text: the header's charset, the page's <meta charset>, UTF-8, cp1251."""
    named = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    for name in (named[1] if named else None, declared_charset(raw)):
        if name:
            try:
                return raw.decode(name, "replace")
            except LookupError:
                continue
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(legacy_cyrillic(raw, min_high=1) or "utf-8", "replace")
