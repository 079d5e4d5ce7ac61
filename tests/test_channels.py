"""Telegram channels as registry outlets (gold: tests/data/channels.json).

A channel's domains are t.me under its handle and t.me/s/ under it (the web page that shows
the posts), so its names, its post links and its /s/ page all resolve to the channel, not to
the Telegram platform; the archive check searches the channel's own path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from provenance.scan.outlets.resolve import load_registry

GOLD: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "channels.json").read_text(encoding="utf-8")
)

#: Each channel and the handle its check searches first.
HANDLES = {
    "nexta": "nexta_live",
    "readovka": "readovkanews",
    "rsotm": "rsotm",
    "rybar": "rybar",
    "wargonzo": "wargonzo",
}

#: Official bodies with a site and a Telegram channel: the site stays their first address
#: (reports show it), the channel's t.me paths follow, and a cited post or /s/ page is theirs.
BODY_CHANNELS = {
    "russia-mfa": ("mid.ru", ["mid_russia", "mfarussia"]),
    "russia-mod": ("mil.ru", ["mod_russia"]),
    "ukraine-president": ("president.gov.ua", ["v_zelenskiy_official"]),
}

#: Channel names that are ordinary words: never aliases, so they stay unresolved.
PLAIN_WORDS = ["Mash", "Baza", "Shot", "Grey Zone", "Gray Zone"]


@pytest.mark.parametrize("case", GOLD, ids=[c["written"] for c in GOLD])
def test_a_channel_resolves_by_name_post_link_and_page(case: dict[str, Any]) -> None:
    res = load_registry().resolve(case["written"])
    assert res.outlet is not None, case["written"]
    assert res.outlet.id == case["id"]
    assert res.domain == case.get("domain", "t.me")


@pytest.mark.parametrize("outlet_id, handle", sorted(HANDLES.items()))
def test_the_check_searches_the_channel_path(outlet_id: str, handle: str) -> None:
    outlet = load_registry().get(outlet_id)
    assert outlet is not None
    assert outlet.parent is None  # the platform is not the publisher
    addresses = outlet.domains_on(None, paths=True)
    assert addresses[:2] == [f"t.me/{handle}", f"t.me/s/{handle}"]


def test_every_channel_in_the_gold_is_listed() -> None:
    assert {c["id"] for c in GOLD} == set(HANDLES) | set(BODY_CHANNELS)


@pytest.mark.parametrize("outlet_id", sorted(BODY_CHANNELS))
def test_a_body_keeps_its_site_first_and_lists_its_channel(outlet_id: str) -> None:
    site, handles = BODY_CHANNELS[outlet_id]
    outlet = load_registry().get(outlet_id)
    assert outlet is not None
    addresses = outlet.domains_on(None, paths=True)
    assert addresses[0] == site
    for handle in handles:
        assert f"t.me/{handle}" in addresses
        assert f"t.me/s/{handle}" in addresses


def test_another_channel_on_t_me_is_still_the_platform() -> None:
    res = load_registry().resolve("t.me/some_other_channel/12345")
    assert res.outlet is not None
    assert res.outlet.id == "telegram"


@pytest.mark.parametrize("written", PLAIN_WORDS)
def test_plain_word_names_stay_unresolved(written: str) -> None:
    assert load_registry().resolve(written).outlet is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # a channel the registry lacks, written in Russian: an account on the platform
        ("Telegram-канал «Два майора»", ("telegram", "platform")),
        ("Рыбар у Telegram", ("telegram", "platform")),
        # a body's channel in Russian is the body (its site first, its t.me paths after)
        ("Минобороны России в Telegram", ("russia-mod", "alias")),
        ("страница МИД России в Facebook", ("russia-mfa", "channel")),
        # names holding "канал" that are no platform phrase keep what they were
        ("Первый канал", ("channel-one", "alias")),
        ("Телеканал «Дождь»", ("tv-rain", "alias")),
        ("Телеграм", ("telegram", "alias")),
        # Kazakh, Kyrgyz, Tajik and Uzbek write the channel with their own word
        ("Orda.kz Telegram-арнасы", ("orda-kz", "channel")),
        ("Kaktus Media Telegram-каналы", ("kaktus-media", "channel")),
        ("Telegram-канали «Ахбор»", ("telegram", "platform")),
        ("Rybar Telegram-kanali", ("rybar", "alias")),
        # China's platforms, in English and in Chinese: an account named there is its
        # owner's, whose site is searched; an account the registry lacks is the platform
        ("People's Daily WeChat account", ("peoples-daily", "channel")),
        ("Global Times Weibo account", ("global-times", "channel")),
        ("人民日报微博", ("peoples-daily", "channel")),
        ("新华社微信公众号", ("xinhua", "channel")),
        ("微信公众号“侠客岛”", ("wechat", "platform")),
        ("https://mp.weixin.qq.com/s/AbCdEf", ("wechat", "domain")),
        ("Weibo/@rmrb", ("weibo", "platform")),
    ],
)
def test_a_platform_phrase_in_another_language_reads_as_in_english(
    written: str, expected: tuple[str, str]
) -> None:
    """ "(Telegram-канал «Два майора», 3 марта)" and "(канал «Рыбарь» в Telegram, 6 марта)"
    were asides: the grammar read neither as a name. They now read as their English forms
    ("Telegram channel «Два майора»", "«Рыбарь» on Telegram") do, and so do China's
    platforms: "人民日报微博" is "人民日报 Weibo account"."""
    res = load_registry().resolve(written)
    assert res.outlet is not None, written
    assert (res.outlet.id, res.method) == expected
