"""Citation items beyond outlet names: quoted titles, generic sources, document types, places."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from .cjk import ideograph
from .regexes import DOCTYPE_RE, GENERIC_SOURCE_RE, LOCATOR_RE, PLACES, QUOTE_PAIRS

LOGGER = logging.getLogger(__name__)

#: Punctuation a quoted title may carry inside or after its closing quote: “Title,” EDM.
TITLE_PUNCT = ",.;:"
#: Titles shorter than this (characters) are a quoted name, not a title: «Коммерсантъ».
MIN_TITLE_WORDS = 2
#: Quoted Chinese longer than this (characters) is a title, not a name: outlet names run
#: to a few ideographs (《人民日报》, “环球时报”), titles to a phrase...
MAX_CJK_NAME_CHARS = 6
#: ...unless it ends in a word that says what kind of outlet it is (``CJK_OUTLET_RE``):
#: 《二十一世纪经济报道》, 《中国新闻周刊》, “中国青年报网站” are names up to this length.
MAX_CJK_OUTLET_CHARS = 16
#: Last words of Chinese outlet names: papers (…报: 日报 晚报 时报 早报 青年报; 报道 报导),
#: periodicals (周刊 月刊 季刊 旬刊 期刊 画刊 学刊 杂志), agencies (…社: 新华社 通讯社 新闻社),
#: news sites and apps (…网: 新闻网 观察者网; 网站 官网 客户端 新闻), broadcasters (电视台 电台
#: 卫视 频道 之声 之音) and a paper's editions (海外版 英文版 中文版 国际版 网络版).
CJK_OUTLET_RE = re.compile(
    r"(?:报|报道|报导|周刊|月刊|季刊|旬刊|期刊|画刊|学刊|杂志|社|网|网站|客户端|新闻"
    r"|电视台|电台|卫视|频道|之声|之音|海外版|英文版|中文版|国际版|网络版)$"
)
#: Words with an outlet's ending that name a document or a thing, not an outlet:
#: 公报 (communiqué), 通报 (notice), 简报 (briefing), 互联网 (the internet), 假新闻 (fake news)...
CJK_NOT_OUTLET_RE = re.compile(
    r"(?:公报|通报|简报|情报|预报|汇报|举报|警报|电报|海报|捷报|喜报|回报|年报|季报|联网|电网|局域网"
    r"|天网|法网|结社|假新闻)$"
)
#: A Chinese name holds ideographs, digits and a middle dot (《人民日报·海外版》); a title's
#: "的" (of) or punctuation makes it a phrase: 《对华政策的新变化》.
CJK_NAME_RE = re.compile(r"[\u2e80-\u9fff0-9·・]+")
SPACES_RE = re.compile(r"\s+")


def quoted(text: str) -> tuple[int, int] | None:
    """The span of the words inside a fully quoted item: “Moscow Eyes Ports,” -> the words.

    Args:
        text: a trimmed item.

    Returns:
        ``(start, end)`` of the quoted words without quotes and trailing punctuation,
        or None when the item is not wholly inside one pair of quotes.
    """
    if len(text) < 3 or text[0] not in QUOTE_PAIRS:
        return None
    closer = QUOTE_PAIRS[text[0]]
    end = len(text.rstrip(TITLE_PUNCT))
    if end < 2 or text[end - 1] != closer or closer in text[1 : end - 1]:
        return None
    inner_end = end - 1
    while inner_end > 1 and text[inner_end - 1] in TITLE_PUNCT + " ":
        inner_end -= 1
    start = 1
    while start < inner_end and text[start] == " ":
        start += 1
    return (start, inner_end) if start < inner_end else None


def is_title(words: str) -> bool:
    """True when quoted words read as an article title rather than a quoted outlet name."""
    if len(words.split()) >= MIN_TITLE_WORDS:
        return True
    if len(words) <= MAX_CJK_NAME_CHARS or not ideograph(words[0]):
        return False
    return not cjk_outlet_name(words)  # no spaces to count: the ending tells a name


#: Quotes Russian and Ukrainian put round a newspaper's name («Новая газета», „Дзеркало
#: тижня“), and the most words such a name has.
NAME_QUOTES = "«„"
MAX_QUOTED_NAME_WORDS = 3


def quoted_name(quote: str, words: str) -> bool:
    """True when quoted words of several words may be a newspaper's name: in «» or „“, at
    most ``MAX_QUOTED_NAME_WORDS`` words, capitalised. Whether they are is for the run
    to say (``items._outlet_run``): the outlet when no other outlet stands beside them."""
    return (
        quote in NAME_QUOTES and len(words.split()) <= MAX_QUOTED_NAME_WORDS and words[0].isupper()
    )


def cjk_outlet_name(words: str) -> bool:
    """True for Chinese words that end as an outlet's name does: 《二十一世纪经济报道》.

    Args:
        words: the words of a quoted item, without the quotes.

    Returns:
        Whether ``words`` is at most ``MAX_CJK_OUTLET_CHARS`` ideographs (digits and a
        middle dot may join them), holds no "的", and ends in one of
        ``CJK_OUTLET_RE`` but none of the words ``CJK_NOT_OUTLET_RE`` lists.
    """
    return (
        len(words) <= MAX_CJK_OUTLET_CHARS
        and "的" not in words
        and CJK_NAME_RE.fullmatch(words) is not None
        and CJK_OUTLET_RE.search(words) is not None
        and CJK_NOT_OUTLET_RE.search(words) is None
    )


def source_kind(text: str) -> str | None:
    """The kind of a generic or document-type item, or None for anything else.

    Args:
        text: a trimmed item, e.g. "Russian agencies", "press release", "author's interview".

    Returns:
        "generic" for an unnamed source ("local media"), "interview" for an interview
        or personal communication, the normalised document type ("press release",
        "transcript") for a document, None otherwise.
    """
    if GENERIC_SOURCE_RE.fullmatch(text):
        return "generic"
    m = DOCTYPE_RE.fullmatch(text)
    if m is None:
        return None
    if m.group("interview"):
        return "interview"
    return SPACES_RE.sub(" ", m.group("doc").lower().replace("-", " ")).replace("’", "'")


def is_place(text: str) -> bool:
    """True for a city, region or country name written as an item: "Dushanbe"."""
    return SPACES_RE.sub(" ", text.strip().rstrip(",").casefold()) in PLACES


def is_locator(text: str) -> bool:
    """True for an issue, page or volume locator: "No. 12", "pp. 23–25"."""
    return LOCATOR_RE.fullmatch(text) is not None


#: Words of a publisher's name: a name with one of them may be cited with a bare year.
PUBLISHER_WORDS_RE = re.compile(
    r"\b(?:news|times|post|herald|journal|review|monitor|daily|weekly|gazeta|gazette|pravda"
    r"|izvestia|vedomosti|press|agency|agentstvo|radio|tv|television|channel|service|center"
    r"|centre|institute|foundation|council|bank|fund|ministry|department|office|commission"
    r"|committee|watch|survey|report|reports|yearbook|statistics|bureau|observatory|library"
    r"|university|academy|club|forum|programme|program|project|group|international|online"
    r"|magazine|newspaper|telegraph|tribune|courier|kurier|express|vesti|novosti|inform|house)\b",
    re.IGNORECASE,
)


#: The registry whose names may stand with only a year: the one the scan runs with
#: (``use_registry``), else the bundled one.
_REGISTRY: list[Any] = [None]


def use_registry(registry: Any) -> bool:
    """Make ``registry`` (a user's outlets merged) the one ``publisher_like`` asks.

    Returns:
        True when it differs from the last one: the memos that hold its answers (here and
        in the callers, ``extract.use_registry``) must then be emptied.
    """
    if _REGISTRY[0] is registry:
        return False
    _REGISTRY[0] = registry
    publisher_like.cache_clear()
    _known_names.cache_clear()
    return True


def _registry() -> Any:
    if _REGISTRY[0] is None:
        from .outlets.resolve import load_registry  # noqa: PLC0415 - registry on demand

        _REGISTRY[0] = load_registry()
    return _REGISTRY[0]


@functools.lru_cache(maxsize=4096)
def publisher_like(name: str) -> bool:
    """True for a name the registry knows, or one with a publisher's word in it.

    Args:
        name: an outlet name as written ("Levada Center", "Dmitry Medvedev").

    Returns:
        Whether the name may stand as a source with nothing but a year.
    """
    if PUBLISHER_WORDS_RE.search(name):
        return True
    from .outlets.resolve import normalise_name  # noqa: PLC0415

    known = _registry().resolve(name).outlet is not None
    return known or normalise_name(name) in _known_names()


@functools.lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    from .outlets.resolve import normalise_name  # noqa: PLC0415

    return frozenset(normalise_name(o.name) for o in _registry())
