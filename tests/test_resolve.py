"""Tests for the resolve stage: outlet names as written -> registry entries and domains."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest

from provenance.models import Category
from provenance.scan.outlets import resolve
from provenance.scan.outlets.resolve import Registry, load_registry, normalise_name, split_host

D = dt.date
REGISTRY = load_registry()

# (written, cited date, expected id, expected category, expected domain, expected method)
SEED_CASES = [
    ("Centre1.com", D(2016, 10, 26), "centre1", Category.INDEPENDENT, "centre1.com", "alias"),
    ("News.tj", D(2016, 10, 20), "asia-plus", Category.INDEPENDENT, "news.tj", "alias"),
    (
        "Sputnik-tj.com",
        D(2016, 10, 19),
        "sputnik-tajikistan",
        Category.STATE_OWNED,
        "sputnik-tj.com",
        "domain",
    ),
    ("Regnum", D(2016, 10, 20), "regnum", Category.STATE_AFFILIATED, "regnum.ru", "alias"),
    ("Regnum.ru", D(2016, 10, 20), "regnum", Category.STATE_AFFILIATED, "regnum.ru", "alias"),
    (
        "Ozodi.org",
        D(2016, 8, 11),
        "radio-ozodi",
        Category.PUBLIC_INTL_BROADCASTER,
        "ozodi.org",
        "domain",
    ),
    ("Riafan.ru", D(2016, 10, 18), "ria-fan", Category.STATE_AFFILIATED, "riafan.ru", "domain"),
    ("Knews.kg", D(2016, 8, 11), "knews-kg", Category.INDEPENDENT, "knews.kg", "alias"),
    (
        "Chinamil.com",
        D(2016, 2, 26),
        "china-military-online",
        Category.OFFICIAL,
        "eng.chinamil.com.cn",
        "alias",
    ),
    ("24tv.ua", D(2016, 8, 8), "24-kanal", Category.INDEPENDENT, "24tv.ua", "alias"),
    ("Pressa.tj", D(2016, 10, 20), "pressa-tj", Category.INDEPENDENT, "pressa.tj", "alias"),
    ("EDM", D(2016, 10, 14), "edm", Category.THINK_TANK, "jamestown.org", "alias"),
]

OTHER_CASES = [
    # Domain on the cited date: Asia-Plus moved in August 2019.
    ("Asia-Plus", D(2016, 10, 20), "asia-plus", Category.INDEPENDENT, "news.tj", "alias"),
    ("Asia-Plus", D(2022, 3, 1), "asia-plus", Category.INDEPENDENT, "asiaplustj.info", "alias"),
    ("Asia Plus", None, "asia-plus", Category.INDEPENDENT, "asiaplustj.info", "alias"),
    ("Азия-Плюс", D(2021, 1, 5), "asia-plus", Category.INDEPENDENT, "asiaplustj.info", "alias"),
    # The host as written wins over the date-based domain.
    ("News.tj", D(2021, 1, 5), "asia-plus", Category.INDEPENDENT, "news.tj", "alias"),
    # Aliases in other spellings and scripts.
    ("RFE/RL", None, "rferl", Category.PUBLIC_INTL_BROADCASTER, "rferl.org", "alias"),
    ("Радио Озоди", None, "radio-ozodi", Category.PUBLIC_INTL_BROADCASTER, "ozodi.org", "alias"),
    ("ИА REGNUM", None, "regnum", Category.STATE_AFFILIATED, "regnum.ru", "alias"),
    ("  the   Jamestown Foundation. ", None, "edm", Category.THINK_TANK, "jamestown.org", "alias"),
    ("Eurasia Daily Monitor", None, "edm", Category.THINK_TANK, "jamestown.org", "alias"),
    ("EurAsia Daily", None, "eadaily", Category.STATE_AFFILIATED, "eadaily.com", "alias"),
    ("АП", None, "asia-plus", Category.INDEPENDENT, "asiaplustj.info", "alias"),
    ("AP", None, "associated-press", Category.INDEPENDENT, "apnews.com", "alias"),
    ("“The Diplomat”", None, "the-diplomat", Category.INDEPENDENT, "thediplomat.com", "alias"),
    ("ITAR–TASS", None, "tass", Category.STATE_OWNED, "tass.ru", "alias"),  # en dash
    ("ИА «24.kg»", None, "24-kg", Category.INDEPENDENT, "24.kg", "alias"),
    ("Azattyk", None, "radio-azattyk", Category.PUBLIC_INTL_BROADCASTER, "azattyk.org", "alias"),
    ("Азаттық", None, "radio-azattyq", Category.PUBLIC_INTL_BROADCASTER, "azattyq.org", "alias"),
    # Bracketed qualifiers.
    (
        "Asia-Plus [Dushanbe]",
        D(2016, 10, 20),
        "asia-plus",
        Category.INDEPENDENT,
        "news.tj",
        "alias",
    ),
    (
        "Ministry of Defense of Tajikistan (MoD)",
        None,
        "tajikistan-mod",
        Category.OFFICIAL,
        "mort.tj",
        "alias",
    ),
    (
        "Radio Liberty (Ozodi)",
        None,
        "rferl",
        Category.PUBLIC_INTL_BROADCASTER,
        "rferl.org",
        "alias",
    ),
    (
        "Tajik service (Ozodi.org)",
        None,
        "radio-ozodi",
        Category.PUBLIC_INTL_BROADCASTER,
        "ozodi.org",
        "domain",
    ),
    # URLs and subdomains written as the outlet.
    (
        "https://www.news.tj/en/news/x",
        D(2016, 10, 20),
        "asia-plus",
        Category.INDEPENDENT,
        "news.tj",
        "domain",
    ),
    (
        "rus.ozodi.org",
        None,
        "radio-ozodi",
        Category.PUBLIC_INTL_BROADCASTER,
        "rus.ozodi.org",
        "domain",
    ),
    (
        "tj.sputniknews.ru",
        None,
        "sputnik-tajikistan",
        Category.STATE_OWNED,
        "tj.sputniknews.ru",
        "domain",
    ),
    (
        "WWW.Sputnik-TJ.com/",
        None,
        "sputnik-tajikistan",
        Category.STATE_OWNED,
        "sputnik-tj.com",
        "domain",
    ),
    ("en.apa.az", None, "apa", Category.INDEPENDENT, "en.apa.az", "domain"),
    (
        "https://www.bbc.com/russian/news-1",
        None,
        "bbc-russian",
        Category.PUBLIC_INTL_BROADCASTER,
        "bbc.com",
        "domain",
    ),
    ("Sputnikglobe.com", None, "sputnik", Category.STATE_OWNED, "sputnikglobe.com", "domain"),
    ("bbc.com", None, "bbc", Category.PUBLIC_INTL_BROADCASTER, "bbc.com", "domain"),
]

ALL_CASES = SEED_CASES + OTHER_CASES


@pytest.mark.parametrize(
    ("written", "when", "outlet_id", "category", "domain", "method"),
    ALL_CASES,
    ids=[f"{c[0]}@{c[1]}" for c in ALL_CASES],
)
def test_resolve_known(
    written: str,
    when: dt.date | None,
    outlet_id: str,
    category: Category,
    domain: str,
    method: str,
) -> None:
    res = REGISTRY.resolve(written, when=when)
    assert res.known and res.outlet is not None
    assert res.outlet.id == outlet_id
    assert res.outlet.category is category
    assert res.domain == domain
    assert res.method == method
    assert res.written == written


UNKNOWN_CASES = [
    # (written, expected domain, expected method)
    ("Some-Blog.example.co.uk", "example.co.uk", "registrable-domain"),
    ("https://news.example.kz/a/1", "example.kz", "registrable-domain"),
    ("Minfin.gov.kz", "minfin.gov.kz", "registrable-domain"),
    # a state's portal on a public suffix is its own site (it was no domain at all)
    ("Gov.kz", "gov.kz", "registrable-domain"),
    (
        "https://www.gov.kz/memleket/entities/mfa/press/news/details/1",
        "gov.kz",
        "registrable-domain",
    ),
    ("sputniknews.ru", "sputniknews.ru", "registrable-domain"),  # not Sputnik Tajikistan's host
    ("example-unknown.kz", "example-unknown.kz", "registrable-domain"),
    # a user's site on a blog host is that site, not the host (to group by and to search)
    ("Rpg15.wordpress.com", "rpg15.wordpress.com", "registrable-domain"),
    (
        "https://someone.blogspot.com/2016/03/post.html",
        "someone.blogspot.com",
        "registrable-domain",
    ),
    ("riddle.substack.com", "riddle.substack.com", "registrable-domain"),
    # a section, not a user's site (news.yahoo.com is entry yahoo-news's own host)
    ("finance.yahoo.com", "yahoo.com", "registrable-domain"),
    ("Pravda Vostoka", None, "unknown"),
    ("MoD", None, "unknown"),
    ("U.S.", None, "unknown"),  # looks like a host, but "s" is no public suffix
    ("", None, "unknown"),
]


@pytest.mark.parametrize(
    ("written", "domain", "method"), UNKNOWN_CASES, ids=[c[0] or "empty" for c in UNKNOWN_CASES]
)
def test_resolve_unknown(written: str, domain: str | None, method: str) -> None:
    res = REGISTRY.resolve(written, when=D(2016, 10, 20))
    assert res.outlet is None and not res.known
    assert res.domain == domain
    assert res.method == method


URL_CASES = [
    # (written, url, expected id, expected domain, expected method)
    ("the agency's report", "https://news.tj/en/news/a1", "asia-plus", "news.tj", "url"),
    (
        "a Tajik service",
        "http://rus.ozodi.org/a/27531506.html",
        "radio-ozodi",
        "rus.ozodi.org",
        "url",
    ),
    ("Regnum", "https://regnum.ru/news/1362722.html", "regnum", "regnum.ru", "alias"),
    # The written alias wins; the linked host is not the outlet's, so the dated domain is used.
    ("Asia-Plus", "https://example.org/x", "asia-plus", "news.tj", "alias"),
    ("a blog", "https://blog.example.co.uk/p", None, "example.co.uk", "registrable-domain"),
]


@pytest.mark.parametrize(
    ("written", "url", "outlet_id", "domain", "method"), URL_CASES, ids=[c[0] for c in URL_CASES]
)
def test_resolve_with_link_url(
    written: str, url: str, outlet_id: str | None, domain: str, method: str
) -> None:
    res = REGISTRY.resolve(written, url=url, when=D(2016, 10, 20))
    assert (res.outlet.id if res.outlet else None) == outlet_id
    assert res.domain == domain
    assert res.method == method


SELF_CASES = [
    ("EDM", "Jamestown Foundation", True),
    ("Eurasia Daily Monitor", "The Jamestown Foundation", True),
    ("Regnum", "Jamestown Foundation", False),
    ("EurAsia Daily", "Jamestown Foundation", False),  # the look-alike is not Jamestown
    ("Ozodi.org", "RFE/RL", True),  # a service of the publisher
    ("Azattyk", "Radio Ozodi", True),  # sibling services of one broadcaster
    ("Sputnik-tj.com", "Sputnik", True),
    ("EDM", None, False),
    ("EDM", "Unknown Press", False),
    ("Unknown Press", "Unknown Press", False),  # unknown outlets are never self-citations
]


@pytest.mark.parametrize(
    ("written", "publisher", "expected"), SELF_CASES, ids=[f"{c[0]}<-{c[1]}" for c in SELF_CASES]
)
def test_self_citation(written: str, publisher: str | None, expected: bool) -> None:
    assert REGISTRY.resolve(written, publisher=publisher).self_citation is expected


NORMALISE_CASES = [
    ("  The  Jamestown\u00a0Foundation. ", "jamestown foundation"),
    ("«Asia‑Plus»", "asia-plus"),
    ("People’s Daily", "people's daily"),
    ("Радио Озоди;", "радио озоди"),
    ("АП", "ап"),  # Cyrillic stays Cyrillic
    ("Theory Weekly", "theory weekly"),  # only a whole leading word "the" goes
    ("Radio «Svoboda»", "radio svoboda"),  # a quoted name inside a name
    ("«Коммерсантъ» FM", "коммерсантъ fm"),
    ("《人民日报》海外版", "人民日报海外版"),
    ("Kommersant's", "kommersant's"),  # an apostrophe is no quote mark
]


@pytest.mark.parametrize(
    ("written", "outlet_id"),
    [
        ("Radio «Svoboda»", "radio-svoboda"),
        ("《人民日报》海外版", "peoples-daily"),  # the overseas edition of People's Daily
        ("人民日报海外版", "peoples-daily"),
        ("人民日报·海外版", "peoples-daily"),
    ],
)
def test_quoted_names_and_chinese_editions_resolve(written: str, outlet_id: str) -> None:
    res = REGISTRY.resolve(written, when=D(2016, 10, 20))
    assert res.outlet is not None and res.outlet.id == outlet_id and res.method == "alias"


@pytest.mark.parametrize(("text", "key"), NORMALISE_CASES, ids=[c[1] for c in NORMALISE_CASES])
def test_normalise_name(text: str, key: str) -> None:
    assert normalise_name(text) == key


HOST_CASES = [
    ("Sputnik-tj.com", ("sputnik-tj.com", "")),
    ("https://www.rus.ozodi.org/a/1.html?x=1", ("rus.ozodi.org", "/a/1.html?x=1")),
    ("www2.example.com:8080/p", ("example.com", "/p")),
    ("Пресса.рф", ("пресса.рф", "")),
    ("RFE/RL", None),
    ("Novaya Gazeta. Europe", None),
    ("2016.10", None),
]


@pytest.mark.parametrize(("text", "expected"), HOST_CASES, ids=[c[0] for c in HOST_CASES])
def test_split_host(text: str, expected: tuple[str, str] | None) -> None:
    assert split_host(text) == expected


def test_resolution_is_memoised() -> None:
    args: dict[str, Any] = {"when": D(2016, 10, 20), "publisher": "Jamestown Foundation"}
    first = REGISTRY.resolve("News.tj", **args)
    assert REGISTRY.resolve("News.tj", **args) is first
    assert (
        REGISTRY.resolve("News.tj", when=D(2021, 1, 5), publisher="Jamestown Foundation")
        is not first
    )  # the date is part of the key: the domain may differ


def test_resolving_never_opens_a_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh registry and a fresh TLDExtract, so the offline construction is covered too.
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise OSError("network refused by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    resolve._extractor.cache_clear()
    registry = Registry(REGISTRY)
    for written in ("Some-Blog.example.co.uk", "news.unknown-site.kz", "News.tj", "Nobody"):
        registry.resolve(written, url="https://x.example.org/a", when=D(2016, 10, 20))
    assert registry.resolve("Some-Blog.example.co.uk").domain == "example.co.uk"
    assert attempts == []


# Variants from the alias -> canonical lookup of the outlet research notes (OUTLETS.md).
LOOKUP_CASES = [
    ("Radio Svoboda", "radio-svoboda"),
    ("svoboda.org", "radio-svoboda"),
    ("Radio Free Europe", "rferl"),
    ("RFE/RL Tajik Service", "radio-ozodi"),
    ("Ozodlik", "radio-ozodlik"),
    ("Radio Free Afghanistan", "radio-azadi"),
    ("IA Regnum", "regnum"),
    ("FAN", "ria-fan"),
    ("riafan.org", "ria-fan"),
    ("RIAN", "ria-novosti"),
    ("ria.ru", "ria-novosti"),
    ("Russia Today", "rt"),
    ("Sputnik News", "sputnik"),
    ("sputniknews.com", "sputnik"),
    ("Sputnik Таджикистан", "sputnik-tajikistan"),
    ("ИТАР-ТАСС", "tass"),
    ("interfax.ru", "interfax"),
    ("Ъ", "kommersant"),
    ("RBK", "rbc"),
    ("РБК", "rbc"),
    ("NG", "nezavisimaya-gazeta"),
    ("RG", "rossiyskaya-gazeta"),
    ("Izvestiya", "izvestia"),
    ("VZ", "vzglyad"),
    ("vz.ru", "vzglyad"),
    ("Kavkazsky Uzel", "caucasian-knot"),
    ("Кавказский узел", "caucasian-knot"),
    ("kavkaz-uzel.ru", "caucasian-knot"),
    ("EurasiaNet", "eurasianet"),
    ("asiaplus.news", "asia-plus"),
    ("ASIA-Plus", "asia-plus"),
    ("APA.az", "apa"),
    ("24.kg", "24-kg"),
    ("Channel 24", "24-kanal"),
    ("K-News", "knews-kg"),
    ("Центр-1", "centre1"),
    ("PLA Daily", "china-military-online"),
    ("Xinhuanet", "xinhua"),
    ("Huanqiu Shibao", "huanqiu-shibao"),
    ("huanqiu.com", "huanqiu-shibao"),
    ("Global Times", "global-times"),
    ("globaltimes.cn", "global-times"),
    ("Renmin Ribao", "peoples-daily"),
    ("UP", "ukrainska-pravda"),
    ("Trend.az", "trend"),
    ("Civil Georgia", "civil-ge"),
    ("meduza.io", "meduza"),
    ("Lenta", "lenta-ru"),
    ("novayagazeta.eu", "novaya-gazeta-europe"),
    ("Novaya Gazeta", "novaya-gazeta"),
    ("Русская служба Би-би-си", "bbc-russian"),
    ("The Associated Press", "associated-press"),
]


@pytest.mark.parametrize(("written", "outlet_id"), LOOKUP_CASES, ids=[c[0] for c in LOOKUP_CASES])
def test_lookup_table_variants(written: str, outlet_id: str) -> None:
    res = REGISTRY.resolve(written)
    assert res.outlet is not None and res.outlet.id == outlet_id


def test_a_portal_on_a_public_suffix_owns_no_other_host() -> None:
    """An entry for China's State Council at gov.cn: www.gov.cn is its site, but every
    other body's host under gov.cn (ndrc.gov.cn) is anyone's, not the State Council's."""
    from provenance.models import Outlet, OutletDomain

    council = Outlet("state-council", "State Council", domains=(OutletDomain("gov.cn"),))
    registry = Registry([council])
    assert registry.resolve("Gov.cn").outlet is council
    assert registry.resolve("https://www.gov.cn/zhengce/2020-03/03/content_1.htm").outlet is council
    other = registry.resolve("http://www.ndrc.gov.cn/xwdt/202003/t20200303_1.html")
    assert other.outlet is None and other.domain == "ndrc.gov.cn"
    assert registry.by_host("english.www.gov.cn") is None
    ozodi = Outlet("ozodi", "Ozodi", domains=(OutletDomain("ozodi.org"),))
    assert Registry([ozodi]).by_host("rus.ozodi.org") is ozodi  # a parent that is no suffix
