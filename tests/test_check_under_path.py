"""An outlet that holds only a path of a host (a Telegram channel on t.me, BBC Russian on
bbc.com/russian) is searched under that path, not across the whole host: a domain query
for t.me or bbc.com in a cited week asks the archive for millions of captures of other
channels and services, and ranks them as if they could be the article cited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.archive.targets import DomainWindow, window_query
from provenance.config import Settings
from provenance.scan.outlets.resolve import load_registry
from tests.data.warc.corpus import Capture, article
from tests.factories import scan_markdown

CHANNEL = {
    "id": "test-channel",
    "name": "Test Channel",
    "aliases": ["Test Channel"],
    "category": "unknown",
    "domains": [
        {"domain": "t.me", "path": "/testchan", "since": None, "until": None, "status": "current"},
        {
            "domain": "t.me",
            "path": "/s/testchan",
            "since": None,
            "until": None,
            "status": "current",
        },
    ],
    "sources": ["https://example.org/about-test-channel"],
}


def _checked(tmp_path: Path, ia_archive: Any, page: str, claim: str, cited: str) -> Any:
    """Archive ``page`` (saying ``claim``) on 2023-03-03, scan ``claim (cited, March 3).``
    and check it against the loopback IA-format archive; returns the one check result."""
    ia_archive.captures.append(
        Capture(page, "20230303120000", article("Статья", "2023-03-03", [claim]))
    )
    settings = scan_markdown(tmp_path, f"{claim} ({cited}, March 3).", "2023-03-10")
    db = Database(settings.db)
    archive = {"cdx_url": ia_archive.cdx_url, "replay_url": ia_archive.replay_url}
    check.run_check(
        db, Settings(db=settings.db, reports=settings.reports, rate_limits={}, **archive)
    )
    (result,) = checkstore.load_checks(db).values()
    return result


def test_an_outlet_under_a_path_is_searched_by_its_address() -> None:
    bbc = load_registry().get("bbc-russian")
    assert bbc is not None
    assert bbc.domains_on(None, paths=True)[0] == "bbc.com/russian"
    assert bbc.domains_on(None)[0] == "bbc.com"  # what reports show stays the host


def test_the_window_query_of_a_path_is_a_prefix_query() -> None:
    import datetime as dt

    day = dt.date(2023, 3, 3)
    query = window_query("http://cdx.example/cdx", DomainWindow("t.me/testchan", day, day, [1]))
    assert "matchType=prefix" in query.url and "url=t.me%2Ftestchan%2F" in query.url
    host = window_query("http://cdx.example/cdx", DomainWindow("t.me", day, day, [1]))
    assert "matchType=domain" in host.url


def test_a_channel_is_checked_under_its_path_only(tmp_path: Path, ia_archive: Any) -> None:
    (tmp_path / "outlets.local.json").write_text(json.dumps({"outlets": [CHANNEL]}))
    post = "https://t.me/testchan/4512"
    claim = "The channel reported that the bridge near Kherson was struck overnight"
    other = Capture(
        "https://t.me/otherchan/77", "20230303120000", article("O", "2023-03-03", [claim])
    )
    ia_archive.captures.append(other)  # another channel saying the same: never asked for
    result = _checked(tmp_path, ia_archive, post, claim, "Test Channel")
    (query,) = ia_archive.cdx_requests()
    assert "matchType=prefix" in query.path and "t.me%2Ftestchan%2F" in query.path
    assert result.best is not None and result.best.original_url == post


def test_a_section_of_its_parents_site_falls_back_on_the_parents_domain(
    tmp_path: Path, ia_archive: Any
) -> None:
    """Ogonyok is registered under kommersant.ru/ogoniok, but its articles are published
    at kommersant.ru/doc/...: when nothing under its path is found, Kommersant's domain is
    asked next (a Telegram channel, which has no parent, never falls back on all of t.me)."""
    page = "https://www.kommersant.ru/doc/5861234"
    claim = "The magazine reported that the governor had resigned after the audit"
    result = _checked(tmp_path, ia_archive, page, claim, "Ogonyok")
    first, second = ia_archive.cdx_requests()
    assert "matchType=prefix" in first.path and "kommersant.ru%2Fogoniok%2F" in first.path
    assert "matchType=domain" in second.path and "url=kommersant.ru&" in second.path
    assert result.best is not None and result.best.original_url == page


def test_a_network_without_a_site_is_searched_on_its_members_sites(
    tmp_path: Path, ia_archive: Any
) -> None:
    """ "(Delfi, March 3)" names the network, which has no site of its own: its country
    portals are asked one after another until one has captures, where it was an
    "unresolved outlet" with nothing asked."""
    page = "https://www.delfi.lt/news/daily/lithuania/article-92512345"
    claim = "Vilnius said the new border fence along the Belarus frontier was finished"
    result = _checked(tmp_path, ia_archive, page, claim, "Delfi")
    asked = [q.path.split("url=")[1].split("&")[0] for q in ia_archive.cdx_requests()]
    assert asked == ["delfi.ee", "delfi.lt"]  # the members in the registry's order, until found
    assert result.best is not None and result.best.original_url == page


def test_a_title_without_a_site_of_its_own_is_searched_on_its_parents(
    tmp_path: Path, ia_archive: Any
) -> None:
    """ "(Terrorism Monitor, March 3)": Jamestown's titles publish on jamestown.org, which
    the registry gives to one entry alone (EDM, their parent). China Brief was an
    "unresolved outlet", with nothing asked."""
    page = "https://jamestown.org/program/the-islamic-state-in-central-asia-regroups/"
    claim = "Recruiters of the Islamic State in Central Asia moved their networks online"
    result = _checked(tmp_path, ia_archive, page, claim, "Terrorism Monitor")
    asked = [q.path.split("url=")[1].split("&")[0] for q in ia_archive.cdx_requests()]
    assert asked == ["jamestown.org"]
    assert result.status == "verified" and result.best.original_url == page
    registry = load_registry()
    for title in ("China Brief", "Terrorism Monitor", "North Caucasus Weekly"):
        found = registry.resolve(title)
        assert (found.outlet.parent, found.domain) == ("edm", "jamestown.org"), title
        assert not found.outlet.domains  # the site is EDM's entry's alone


def test_a_host_in_another_script_is_asked_in_its_ascii_form() -> None:
    import datetime as dt

    day = dt.date(2023, 3, 3)
    query = window_query("http://cdx.example/cdx", DomainWindow("мвд.рф", day, day, [1]))
    assert "url=xn--b1aew.xn--p1ai&" in query.url
    under = window_query("http://cdx.example/cdx", DomainWindow("мвд.рф/news", day, day, [1]))
    assert "url=xn--b1aew.xn--p1ai%2Fnews%2F&" in under.url


def test_an_outlet_on_a_cyrillic_domain_is_found(tmp_path: Path, ia_archive: Any) -> None:
    # The Russian Interior Ministry's own site is мвд.рф; archives key it by its IDNA form.
    claim = "The ministry said that 120 people were detained in Moscow after the rally"
    found = _checked(
        tmp_path, ia_archive, "https://xn--b1aew.xn--p1ai/news/item/33001", claim, "МВД России"
    )
    assert found.status == "verified", found
    assert found.best.original_url == "https://xn--b1aew.xn--p1ai/news/item/33001"
    (asked,) = ia_archive.cdx_requests()
    assert "url=xn--b1aew.xn--p1ai&" in asked.path  # as the archive keys it
