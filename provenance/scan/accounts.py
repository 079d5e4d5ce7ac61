"""Platform accounts cited as "Platform/handle": "(Telegram/@rybar, March 3)".

Since 2022 analysts cite Telegram channels, X accounts and YouTube channels as often as
newspapers. A citation names the account as ``Telegram/@rybar`` or ``Twitter/@mfa_russia``;
that is an address as much as ``t.me/rybar`` is, so it is read as the account's URL, which
the archive check looks up in one exact query. The platform alone ("(YouTube, March 3)")
is left to the registry, whose platform entries say there is nothing to look up. A
platform and a handle or name as two items of one group ("(Telegram, @rybar, March 3)",
"(Rybar, Telegram, March 4)") are one account too (``outletnames.one_account``).
"""

from __future__ import annotations

import re

__all__ = ["account_url"]

#: The address of an account on each platform, by the platform's name as written
#: (casefolded). Telegram's ``/s/`` page is the one that shows the channel's posts.
ACCOUNT_URLS = {
    "telegram": "https://t.me/s/{}",
    "t.me": "https://t.me/s/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
    "youtube": "https://www.youtube.com/@{}",
    "vk": "https://vk.com/{}",
    "vkontakte": "https://vk.com/{}",
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "livejournal": "https://{}.livejournal.com/",
    "odnoklassniki": "https://ok.ru/{}",
    "weibo": "https://weibo.com/{}",
}
#: "Telegram/@rybar", "Telegram / rybar", "X/@mfa_russia": a platform, a slash, a handle.
#: Handles are letters, digits and underscores (dots and hyphens on some platforms).
ACCOUNT_RE = re.compile(
    r"(?P<platform>[A-Za-z][A-Za-z.]{0,12}) ?/ ?@?(?P<handle>[A-Za-z0-9_](?:[\w.-]{0,62}\w)?)",
    re.ASCII,
)
#: "@rybar": a handle written as its own item, beside its platform ("Telegram, @rybar").
HANDLE_RE = re.compile(r"@(?P<handle>[A-Za-z0-9_](?:[\w.-]{0,62}\w)?)", re.ASCII)


def account_url(text: str) -> str | None:
    """The URL of the account ``text`` names as "Platform/handle", else None.

    Args:
        text: an outlet item as written, e.g. ``"Telegram/@rybar"``.

    Returns:
        E.g. ``"https://t.me/s/rybar"``; None for another platform or another form.
    """
    m = ACCOUNT_RE.fullmatch(text)
    if m is None:
        return None
    template = ACCOUNT_URLS.get(m["platform"].casefold())
    return None if template is None else template.format(m["handle"])


def written_address(written: str) -> str | None:
    """The account's address an outlet as written gives by itself, as a scan reads it:
    "Telegram/@rybar", or a platform and a handle in one item, "Telegram, @rybar" or
    "@rybar, Telegram" (``outletnames.one_account``); else None."""
    url = account_url(written)
    if url is None and "@" in written and "," in written:
        first, _, second = (part.strip() for part in written.partition(","))
        platform, handle = (first, second) if second.startswith("@") else (second, first)
        url = handle_url(platform, handle)
    return url


def handle_url(platform: str, handle: str) -> str | None:
    """The URL of ``handle`` ("@rybar") on ``platform`` ("Telegram"), else None."""
    m = HANDLE_RE.fullmatch(handle)
    template = ACCOUNT_URLS.get(platform.casefold())
    return None if m is None or template is None else template.format(m["handle"])


#: The platforms' words that the phrases below read (casefolded), each a key of
#: ``ACCOUNT_URLS`` but WeChat's, whose accounts have no address by name: an item that
#: is one of them alone is a platform ("Telegram", "X").
_WORDS = (
    "telegram|youtube|twitter|x|vk|vkontakte|facebook|instagram|tiktok|livejournal|odnoklassniki"
    "|weibo|wechat|weixin"
)
PLATFORM_WORDS = frozenset(_WORDS.split("|"))
#: A platform's word alone, or with the word for an account there: "Telegram", "Telegram
#: channel", "YouTube-channel" (the item beside a name in "(Rybar, Telegram channel, …)").
PLATFORM_ITEM_RE = re.compile(rf"(?P<word>{_WORDS})(?:[ -](?:channel|account|page))?", re.I)


def platform_of(item: str) -> str | None:
    """The platform (a key of ``ACCOUNT_URLS``) an item names by itself, else None."""
    m = PLATFORM_ITEM_RE.fullmatch(item)
    return None if m is None else m["word"].casefold()


#: "Rybar Telegram channel", "the Defense Ministry's Telegram channel", "Telegram channel
#: of the Defense Ministry", "YouTube channel": a platform's word and what it holds there.
_PLATFORMS = rf"(?P<platform>{_WORDS})"
PLATFORM_PHRASE_RE = re.compile(
    rf"(?:(?P<before>.+?)(?:'s)? )?{_PLATFORMS}[ -](?:(?:public |official )?account|channel"
    r"|page|feed|blog|kanali?)"  # Uzbek's "Telegram-kanali"
    r"(?: (?:of |by )?(?P<after>.+))?"  # "Telegram channel Rybar", "… of the Defense Ministry"
    # "Telegram/Dva Mayora", "Telegram: Two Majors", "Telegram, Rybar": a display name, not
    # a handle (a comma only in ``one_account``'s items: "Telegram, @rybar")
    rf"|{_PLATFORMS.replace('platform', 'on')} ?[/:,] ?@?(?P<name>.+)"
    rf"|(?P<owner>.+?) (?:on|via) {_PLATFORMS.replace('platform', 'site')}"  # "Rybar on Telegram"
    rf"|@?(?P<listed>.+?) ?, ?{_PLATFORMS.replace('platform', 'beside')}"  # "Rybar, Telegram"
    r"(?:[ -](?:channel|account|page))?"  # "Rybar, Telegram channel"
    rf"|(?P<holder>.+?)'s {_PLATFORMS.replace('platform', 'own')}"  # "Zelensky's Telegram"
)


#: A channel named beside its platform's phrase, the name as written: "Telegram channel Два
#: майора", "Kremlevskaya tabakerka Telegram channel". Channel names keep the case their
#: authors gave them, often a sentence's (``outletnames._name_like`` reads them so).
NAMED_CHANNEL_RE = re.compile(
    rf"(?i:{_WORDS})[ -](?i:(?:public |official )?account|channel|kanali?)\s+(?P<after>\S.*)"
    rf"|(?P<before>.*\S)\s+(?i:{_WORDS})[ -](?i:(?:public |official )?account|channel|kanali?)"
    rf"|(?P<owner>.*\S) (?:on|via) (?i:{_WORDS})"  # "«Рыбарь» в Telegram", "… via Telegram"
)


#: Platforms as Russian and Ukrainian write them (casefolded, with the case endings a
#: citation uses: "в телеграме", "у телеграмі"), to the English word.
NATIVE_PLATFORMS = {
    **dict.fromkeys(("телеграм", "телеграмм", "телеграме", "телеграмме", "телеграмі"), "Telegram"),
    "тг": "Telegram",
    **dict.fromkeys(("ютуб", "ютубе", "ютубі"), "YouTube"),
    **dict.fromkeys(("твиттер", "твиттере", "твітер", "твіттер", "твіттері"), "Twitter"),
    **dict.fromkeys(("вконтакте", "вк"), "VK"),
    **dict.fromkeys(("фейсбук", "фейсбуке", "фейсбуці"), "Facebook"),
    **dict.fromkeys(("инстаграм", "инстаграме", "інстаграм", "інстаграмі"), "Instagram"),
}
#: Chinese: "人民日报微博", "新华社微信公众号", "微信公众号“侠客岛”" (no spaces between words).
CJK_PLATFORMS = {"微信": "WeChat", "微博": "Weibo"}
CJK_PHRASE_RE = re.compile(r"(?P<platform>微信|微博)(?P<account>公众号|公众平台|账号|帐号)?")
_NATIVE = "|".join(sorted(NATIVE_PLATFORMS, key=len, reverse=True))
_ANY_PLATFORM = rf"(?:{_NATIVE}|{_WORDS})"
#: The word for a channel or an account there, in any of its cases.
#: Kazakh's "арнасы", Kyrgyz's "каналы", Tajik's and Uzbek's "канали" too.
_NATIVE_CHANNEL = (
    r"(?:канал[еіыи]?|арна(?:сы)?|акк?аунте?|акаунті|страниц[аеы]|сторінц?[аіи]|паблик)"
)
#: "Telegram-канал «Два майора»", "телеграм-канал Рыбарь", "ТГ-канал": the platform's phrase.
NATIVE_PHRASE_RE = re.compile(rf"(?i)\b(?P<platform>{_ANY_PLATFORM})(?:[ -]{_NATIVE_CHANNEL}\b|\b)")
#: "канал «Рыбарь» в Telegram", "«Рыбарь» в телеграме", "Рыбар у Telegram": its name on it.
NATIVE_ON_RE = re.compile(
    rf"(?i)(?:{_NATIVE_CHANNEL} )?(?P<name>\S.*?) (?:в|у|на) (?P<platform>{_ANY_PLATFORM})"
    rf"(?:[ -]{_NATIVE_CHANNEL})?"
)
#: Whether a name may hold such a phrase: one of these, casefolded, is in it.
NATIVE_HINT_RE = re.compile(rf"(?i){_NATIVE_CHANNEL}|{_NATIVE}\b| (?:в|у|на) (?:{_WORDS})\b")


def english_phrase(text: str) -> str:
    """A Russian or Ukrainian platform phrase in English words, the name kept as written:
    "Telegram-канал «Два майора»" is "Telegram channel «Два майора»", "канал «Рыбарь» в
    Telegram" is "«Рыбарь» on Telegram"; other text as it is."""
    if text.isascii():
        return text
    if "微" in text and (m := CJK_PHRASE_RE.search(text)) is not None and text != m[0]:
        before, after = text[: m.start()].strip(), text[m.end() :].strip()
        phrase = f"{CJK_PLATFORMS[m['platform']]} account"  # the name beside it, as written
        return f"{before} {phrase}" if before and not after else f"{phrase} {after or before}"
    if NATIVE_HINT_RE.search(text) is None:
        return text
    m = NATIVE_ON_RE.fullmatch(text)
    if m is not None:
        return f"{m['name']} on {_english(m['platform'])}"
    return NATIVE_PHRASE_RE.sub(
        lambda m: _english(m["platform"]) + (" channel" if m[0] != m["platform"] else ""), text
    )


def _english(platform: str) -> str:
    return NATIVE_PLATFORMS.get(platform.casefold(), platform)


def platform_phrase(key: str) -> tuple[str, str | None] | None:
    """The platform and the name of what a normalised name says is on it, else None.

    Args:
        key: a name as ``normalise_name`` gives it, e.g. ``"rybar telegram channel"``,
            ``"rybar, telegram"``.

    Returns:
        E.g. ``("telegram", "rybar")``, ``("youtube", None)`` for a bare ``"youtube
        channel"``; None for a name without a platform's channel, account or page.
    """
    if not key.isascii():  # "telegram-канал два майора", "人民日报微博"
        key = english_phrase(key).casefold()
    if " " not in key and "-" not in key and "/" not in key and ":" not in key and "," not in key:
        return None
    m = PLATFORM_PHRASE_RE.fullmatch(key)
    if m is None:
        return None
    if m["on"]:
        return m["on"], m["name"]
    if m["site"]:
        return m["site"], m["owner"]
    if m["beside"]:
        return m["beside"], m["listed"]
    if m["own"]:
        return m["own"], m["holder"]
    return m["platform"], m["before"] or m["after"]
