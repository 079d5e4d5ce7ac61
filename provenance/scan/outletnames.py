"""Outlet items of a citation: a URL, a domain, a capitalised name, or several joined by "and"."""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from .accounts import (
    HANDLE_RE,
    NAMED_CHANNEL_RE,
    account_url,
    english_phrase,
    handle_url,
    platform_of,
)
from .itemkinds import is_place, is_title, quoted, quoted_name, source_kind
from .regexes import (
    AND_RE,
    DOMAIN_RE,
    FIRM_AMPERSAND_RE,
    INNER_SOURCE_NOTE_RE,
    MD_LINK_RE,
    OUTLET_SMALL_WORDS,
    OUTLET_TRANSLIT_WORDS,
    UNNAMED_SOURCE_RE,
    URL_RE,
    WORD_RE,
)

LOGGER = logging.getLogger(__name__)

#: Outlet names longer than this (characters / words) read as prose, not as a name.
MAX_OUTLET_CHARS = 80
MAX_OUTLET_WORDS = 8
NATIVE_NAME_WORDS = 3  # a Cyrillic name may lower-case its later words up to this length
#: A capitalised Russian or Ukrainian adjective, as outlet names open ("Новая газета",
#: "Українська правда", "Российская газета"); "Путин заявил" is prose, not a name.
ADJECTIVE_RE = re.compile(
    r"[А-ЯЁІЇЄҐ][а-яёіїєґ]*(?:ая|яя|ое|ее|ый|ий|ой|ые|ие|на|ва|ька|ське|ські|ньке|ні)"
)
#: Characters trimmed from the ends of an outlet: Markdown emphasis and quotes.
OUTLET_TRIM = " \t\r\n*_\"'“”«»‘’"
#: A year inside a name: "Zapad-2017", "Strategy 2020" name events and plans, not outlets.
YEAR_IN_NAME_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: A letter of any script: a name holds one ("24 Kanal", "RBC"), a number ("12.5") does not.
LETTER_RE = re.compile(r"[^\W\d_]")
#: Ukrainian TV channels named by a sum, "1+1" and "2+2": digits that name an outlet.
PLUS_NAME_RE = re.compile(r"\d\+\d")
#: A name that opens with a small letter before a capital: "iStories", "eNews".
INNER_CAPITAL_RE = re.compile(r"[a-z]{1,2}[A-Z][\w.]*")
#: An Arabic name's article before its capital: "al-Hayat", "Asharq al-Awsat", "ash-Sharq".
ARTICLE_CAPITAL_RE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ul|ud|ur)-[A-Z][\w.'’-]*")
#: Outlets joined by "and"/"&" split only when each is a name of at most this many words.
MAX_JOINED_NAME_WORDS = 3


class OutletItem(NamedTuple):
    """An outlet item of a group, before it is paired with dates."""

    text: str
    start: int  # offsets into the string it was read from
    end: int
    kind: str  # "url" | "domain" | "name" | "title" | "source" | "place" | "handle"
    url: str | None = None
    source: str | None = None  # kind "source": "generic", "interview", "press release"...
    # (kind "title": "name" when the quoted words may be a newspaper's name, «Новая газета»)


def read_outlets(inner: str, a: int, b: int) -> list[OutletItem] | None:
    """The outlet(s) of one item, or None when the item reads like prose.

    Besides outlets proper (kinds "url", "domain", "name"), an item may be a quoted
    article title ("title"), a generic source or document type ("source": "local
    media", "press release", "author's interview") or a place name ("place"); the
    grammar decides what they mean in their group.
    """
    if inner.startswith(("and ", "& "), a):
        a, b = trim(inner, inner.index(" ", a), b)
    text = inner[a:b]
    span = quoted(text)
    if span is not None and is_title(words := text[span[0] : span[1]]):
        name = "name" if quoted_name(text[0], words) else None  # the run decides: items.py
        return [OutletItem(words, a + span[0], a + span[1], "title", None, name)]
    if span is not None and text[span[1]] in ",." and words[0].isupper():
        # “Vesti,”: a programme's or a paper's name, its comma inside the quotes; the
        # title of the outlet beside it, else the outlet (the run decides, as for «»)
        return [OutletItem(words, a + span[0], a + span[1], "title", None, "name")]
    if (kind := source_kind(text)) is not None:
        return [OutletItem(text, a, b, "source", None, kind)]
    if is_place(text):
        return [OutletItem(text, a, b, "place")]
    if inner[a] == "[":  # "[News.tj](https://news.tj/x)": the outlet is the link text
        m = MD_LINK_RE.fullmatch(inner, a, b)
        if m:
            o = _outlet(inner, *m.span("text"))
            return (
                None if o is None else [OutletItem(o.text, o.start, o.end, o.kind, m.group("url"))]
            )
    if " and " in inner[a:b] or " & " in inner[a:b]:
        split = _joined(inner, a, b)
        if split is not None:
            return split
    o = _outlet(inner, a, b)
    return None if o is None else [o]


def _joined(inner: str, a: int, b: int) -> list[OutletItem] | None:
    """Outlets joined by "and"/"&" in ``inner[a:b]``, or None when it is one name.

    Splits "Knews.kg and News.tj", "Kommersant and Vedomosti", "Interfax & TASS":
    every part must be a domain, a URL or a capitalised name of at most
    ``MAX_JOINED_NAME_WORDS`` words with no lowercase word ("Ministry of Foreign
    Affairs and Trade" and "Institute for War and Peace Reporting" stay whole).
    """
    split: list[OutletItem] = []
    pos = a
    joins = [  # "Ernst & Young" is one firm: "&" before "Young", "Co.", "Partners"... joins
        m
        for m in AND_RE.finditer(inner, a, b)
        if "&" not in m.group()
        or not FIRM_AMPERSAND_RE.match(inner, m.start() + m.group().find("&"))
    ]
    for m in [*joins, None]:
        o = _outlet(inner, pos, b if m is None else m.start())
        if o is None or (o.kind == "name" and not _short_name(o.text)):
            return None
        split.append(o._replace(kind="place") if is_place(o.text) else o)
        if m is not None:
            pos = m.end()
    return split if len(split) > 1 else None


#: Kinds of the items ``one_account`` joins.
ACCOUNT_KINDS = ("name", "handle", "domain")


def join_accounts(group: str, outlets: list[OutletItem]) -> list[OutletItem] | None:
    """The outlets of a run (items of ``group``), a platform and the one name or handle
    beside it made one account (``one_account``): "(Rybar, Telegram, March 4)" cites one.

    Returns:
        The outlets; None when a handle stands with no platform beside it ("(@rybar,
        March 3)"), which is no outlet.
    """
    if len(outlets) == 2 and (account := one_account(group, *outlets)) is not None:
        return [account]
    if "@" in group and any(o.kind == "handle" for o in outlets):
        return None
    return outlets


def one_account(group: str, first: OutletItem, second: OutletItem) -> OutletItem | None:
    """Two items of a run that name one account: a platform, and a handle or a name
    beside it ("Telegram, @rybar", "Rybar, Telegram", "@rybar, YouTube").

    They become one name item spanning both, read as "Telegram/@rybar" and "Telegram:
    Rybar" are (``accounts.platform_phrase``); a handle gives the account's URL. Two
    platforms, two outlets ("TASS, Interfax") or items with more between them than a
    comma stay apart.

    Args:
        group: the group the items were read from (their offsets point into it).
        first: the run's first outlet item.
        second: the item after it, the run's last.

    Returns:
        The one item, or None when the two are not one account.
    """
    on_first, on_second = platform_of(first.text), platform_of(second.text)
    if (on_first is None) == (on_second is None):
        return None  # neither is a platform, or both are
    if first.url or second.url or group[first.end : second.start].strip() != ",":
        return None  # "Telegram/@rybar, YouTube", "t.me/rybar, Telegram"
    platform, other = (on_first, second) if on_first else (on_second, first)
    if other.kind not in ACCOUNT_KINDS:  # a name, a handle, or a site: "Kremlin.ru, Telegram"
        return None
    url = handle_url(platform, other.text) if other.kind == "handle" else None
    return OutletItem(group[first.start : second.end], first.start, second.end, "name", url)


LINE_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*")


#: Quote marks that open a quoted name, and the mark that closes each.
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "‘": "’", "'": "'"}


def _quotes_kept(inner: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` grown by the quote mark trimmed at one end when its partner is inside:
    "«Коммерсантъ» FM" stays whole, where trimming both ends left "Коммерсантъ» FM"."""
    if a > 0 and (close := QUOTE_PAIRS.get(inner[a - 1])) and close in inner[a:b]:
        if close != inner[a - 1] or inner.count(close, a, b) % 2:
            a -= 1
    if b < len(inner) and (opening := _opening_of(inner[b])) and opening in inner[a:b]:
        if opening != inner[b] or inner.count(opening, a, b) % 2:
            b += 1
    return a, b


def _opening_of(mark: str) -> str | None:
    """The opening mark whose closing mark is ``mark`` (None when it closes nothing)."""
    return next((o for o, c in QUOTE_PAIRS.items() if c == mark), None)


def _short_name(text: str) -> bool:
    """True for a name of 1 to ``MAX_JOINED_NAME_WORDS`` words, each capitalised or a number."""
    words = WORD_RE.findall(text)
    return 0 < len(words) <= MAX_JOINED_NAME_WORDS and all(
        w[0].isupper() or w[0].isdigit() for w in words
    )


def _outlet(inner: str, a: int, b: int) -> OutletItem | None:
    """Read ``inner[a:b]`` as one outlet: URL, domain or capitalised name."""
    text = inner[a:b]
    stripped = text.strip(OUTLET_TRIM)
    if not stripped:
        return None
    if stripped != text:
        a += len(text) - len(text.lstrip(OUTLET_TRIM))
        b = a + len(stripped)
        a, b = _quotes_kept(inner, a, b)
        text = inner[a:b]
    if "\n" in text and ("://" in text or "www." in text) and (url := _rejoined_url(text)):
        return OutletItem(text, a, b, "url", url)  # "https://x.ru/news/\n21.html": one URL
    if URL_RE.fullmatch(text):
        while text[-1] in ".,:" and len(text) > 1:
            text, b = text[:-1], b - 1
        url = text if text.lower().startswith("http") else f"http://{text}"
        return OutletItem(text, a, b, "url", url)
    if "/" in text and (url := account_url(text)):  # "Telegram/@rybar", "t.me/rybar"
        return OutletItem(text, a, b, "domain" if "." in text else "name", url)
    m = DOMAIN_RE.fullmatch(text)
    if m:
        url = f"http://{text}" if m.group("path") else None
        return OutletItem(text, a, b, "domain", url)
    if text[0] == "@" and HANDLE_RE.fullmatch(text):  # only beside its platform: one_account
        return OutletItem(text, a, b, "handle")
    if _name_like(text):
        return OutletItem(text, a, b, "name")
    if " " in text and (m := INNER_SOURCE_NOTE_RE.fullmatch(text)) and _names_upstream(m):
        return _outlet(inner, a, a + m.end("outlet"))  # "Reuters via Asia-Plus": Reuters
    return None


def _names_upstream(m: re.Match) -> bool:
    """Whether "X via Y" reads as an outlet and whom it quotes or where it was read:
    neither is a place ("Gazprom via Ukraine", "Moscow citing …" are prose), and Y is
    a name or an unnamed source ("citing a source in the ministry"), not prose ("citing
    security concerns")."""
    outlet, upstream = m["outlet"], m["upstream"]
    if is_place(outlet) or is_place(upstream):
        return False
    return _name_like(upstream) or UNNAMED_SOURCE_RE.match(upstream) is not None


def _rejoined_url(text: str) -> str | None:
    """A URL that a hard-wrapped line cut in two, whole again; None when it is not one.

    Only a break at a line's end joins, and only when the first piece is a URL and the
    rest holds no space: "https://x.ru/a and more" is no URL.
    """
    joined = LINE_BREAK_RE.sub("", text).rstrip(".,:")
    if not (URL_RE.fullmatch(joined) and URL_RE.match(text)):
        return None
    return joined if joined.lower().startswith("http") else f"http://{joined}"


def _name_like(text: str) -> bool:
    """True for a short capitalised name without prose words: "RIA Novosti", "Радио Озоди"."""
    if not text or len(text) > MAX_OUTLET_CHARS or YEAR_IN_NAME_RE.search(text):
        return False  # "Zapad-2017" names an event, not an outlet
    if not text.isascii() and (phrase := english_phrase(text)) != text and _named_channel(phrase):
        return True  # "телеграм-канал «Рыбарь»", "«Рыбарь» в Telegram"
    first = text.lstrip("\"“«'‘[(")
    if first.startswith("the "):  # "(see the Monitor, April 28)"
        first = first[4:]
    if not (first[:1].isupper() or first[:1].isdigit() or _caseless(first[:1])):
        if not INNER_CAPITAL_RE.match(first) and not ARTICLE_CAPITAL_RE.match(first):
            return False  # "人民日报": a script without capitals; "iStories", "al-Hayat" are names
    words = WORD_RE.findall(text)
    if not words or len(words) > MAX_OUTLET_WORDS:
        return False
    if not LETTER_RE.search(text) and not PLUS_NAME_RE.fullmatch(text):
        return False  # "12.5", "2.1": a number, however punctuated, names no outlet
    if len(words) <= NATIVE_NAME_WORDS and ADJECTIVE_RE.fullmatch(words[0]):
        return True  # Cyrillic names capitalise their first word only: "Українська правда"
    return all(
        not w[0].islower()
        or w.lower() in OUTLET_SMALL_WORDS
        or w.lower() in OUTLET_TRANSLIT_WORDS
        or "." in w
        or "/" in w
        or INNER_CAPITAL_RE.fullmatch(w)
        or ARTICLE_CAPITAL_RE.fullmatch(w)
        for w in words
    ) or _named_channel(text)


def _named_channel(text: str) -> bool:
    """True for a platform's channel with its name: "Telegram channel Два майора",
    "Telegram channel “Kremlevskaya tabakerka”". The phrase says it is an account, so the
    name needs only to open with a capital (or a quote) and be short: channel names
    keep their authors' case, often a sentence's."""
    m = NAMED_CHANNEL_RE.fullmatch(text)
    if m is None:
        return False
    name = (m["after"] or m["before"] or m["owner"]).strip("\"“”«»'‘’ ,")
    words = WORD_RE.findall(name)
    first = name[:1]
    return 0 < len(words) <= NATIVE_NAME_WORDS + 1 and (
        first.isupper() or first.isdigit() or _caseless(first)  # "人民日报 Weibo account"
    )


def _caseless(char: str) -> bool:
    """A letter of a script without capitals (Chinese, Arabic...)."""
    return char.isalpha() and not char.isupper() and not char.islower()


def trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` past whitespace at both ends."""
    part = s[a:b]
    if not part or not (part[0].isspace() or part[-1].isspace()):
        return a, b
    core = part.strip()
    if not core:
        return a, a
    a += len(part) - len(part.lstrip())
    return a, a + len(core)
