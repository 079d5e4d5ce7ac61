"""Platform accounts cited as "Platform/handle" (provenance/scan/accounts.py): read as the
account's address, resolved to the platform's registry entry, and looked up in the archive
by that address alone; a platform named without an account is nothing to look up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from provenance.scan.accounts import account_url
from provenance.scan.outlets.resolve import (
    CHANNEL_METHOD,
    Registry,
    load_registry,
    outlet_from_dict,
)
from tests.data.warc.corpus import Capture
from tests.factories import report_of, scan_markdown

GOLD: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "accounts.json").read_text(encoding="utf-8")
)["cases"]


def _stored(settings: Settings) -> list[tuple[Any, ...]]:
    return (
        Database(settings.db)
        .execute('select outlet, outlet_id, domain, url from "references" order by id')
        .fetchall()
    )


@pytest.mark.parametrize("case", GOLD, ids=[c["written"] for c in GOLD])
def test_a_cited_account_is_stored_with_its_platform_and_address(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    settings = scan_markdown(
        tmp_path, f"The channel said so ({case['written']}, March 3).", "2023-03-10"
    )
    assert _stored(settings) == [(case["written"], case["outlet"], case["domain"], case["url"])]


@pytest.mark.parametrize(
    "text",
    ["Gab/@someone", "Telegram/", "Telegram/@", "Telegram/@a b", "Ministry/Defense", "RFE/RL"],
)
def test_other_slashed_names_are_no_accounts(text: str) -> None:
    assert account_url(text) is None


def test_rfe_rl_still_reads_as_its_outlet(tmp_path: Path) -> None:
    settings = scan_markdown(tmp_path, "Officials said so (RFE/RL, March 3).", "2023-03-10")
    assert [row[1] for row in _stored(settings)] == ["rferl"]


def _ia(ia_archive: Any, **overrides: Any) -> Settings:
    return Settings(
        cdx_url=ia_archive.cdx_url, replay_url=ia_archive.replay_url, rate_limits={}, **overrides
    )


def test_an_account_is_looked_up_by_its_address_alone(tmp_path: Path, ia_archive: Any) -> None:
    ia_archive.captures.append(
        Capture(
            "https://t.me/s/rybar",
            "20230303180000",
            "<html><body><p>Рыбарь: обстановка 3 марта</p></body></html>".encode(),
        )
    )
    settings = scan_markdown(
        tmp_path, "The channel said so (Telegram/@rybar, March 3).", "2023-03-10"
    )
    db = Database(settings.db)
    summary = check.run_check(db, _ia(ia_archive, db=settings.db, reports=settings.reports))
    (result,) = checkstore.load_checks(db).values()
    assert result.status == "archived"
    assert result.closest is not None and result.closest.timestamp == "20230303180000"
    (query,) = ia_archive.cdx_requests()  # one exact lookup, never all of t.me
    assert "matchType=exact" in query.path and "t.me%2Fs%2Frybar" in query.path
    assert summary.requests == 1


def test_a_platform_without_an_account_is_nothing_to_look_up(
    tmp_path: Path, ia_archive: Any
) -> None:
    settings = scan_markdown(
        tmp_path, "The video spread (YouTube, March 3; Telegram, March 4).", "2023-03-10"
    )
    db = Database(settings.db)
    summary = check.run_check(db, _ia(ia_archive, db=settings.db, reports=settings.reports))
    assert {c.status for c in checkstore.load_checks(db).values()} == {"generic-source"}
    assert summary.requests == 0 and not ia_archive.cdx_requests()


def test_the_report_counts_platforms_as_their_own_category(tmp_path: Path) -> None:
    # a channel with no registry entry of its own: its platform's category counts
    scan_markdown(
        tmp_path, "The channel said so (Telegram/@example_channel, March 3).", "2023-03-10"
    )
    (report,) = [p for p in (tmp_path / "r").glob("*.md") if p.name != "index.md"]
    assert "| platform | 1 | 1 |" in report.read_text(encoding="utf-8")


def test_a_channel_the_registry_knows_on_the_platform_is_that_channel() -> None:
    """ "Test Channel Telegram channel" is the channel's own entry (it is on t.me); "Kremlin
    YouTube channel" is the Kremlin, cited by its account there (its entry holds no
    YouTube address); an account of no outlet the registry knows is the platform."""
    channel = outlet_from_dict(
        {
            "id": "test-channel",
            "name": "Test Channel",
            "aliases": ["Test Channel"],
            "domains": [{"domain": "t.me", "path": "/testchan"}],
        }
    )
    registry = Registry([*load_registry(), channel])
    found = registry.resolve("Test Channel Telegram channel")
    assert (found.outlet.id, found.method) == ("test-channel", "alias")
    kremlin = registry.resolve("Kremlin YouTube channel")
    assert (kremlin.outlet.id, kremlin.method) == ("kremlin", CHANNEL_METHOD)
    assert kremlin.outlet.category.value == "official-gov/mil"  # a state source, counted so
    nobody = registry.resolve("Ivan Petrov YouTube channel")
    assert (nobody.outlet.id, nobody.method) == ("youtube", "platform")
    assert registry.resolve("Kremlin").outlet.id == "kremlin"


def test_a_possessive_before_the_platform_alone_is_an_account_there() -> None:
    """ "Kremlin's Telegram" is the Kremlin's account, as "Kremlin Telegram channel" is;
    "Zelensky's Telegram", of no outlet the registry knows, is the platform (it was an
    unknown outlet)."""
    registry = load_registry()
    for written in ("Kremlin’s Telegram", "Kremlin's YouTube"):
        found = registry.resolve(written)
        assert (found.outlet.id, found.method) == ("kremlin", CHANNEL_METHOD), written
    zelensky = registry.resolve("Zelensky’s Telegram")
    assert (zelensky.outlet.id, zelensky.method) == ("telegram", "platform")
    assert registry.resolve("Kommersant's Vlast").outlet.id == "kommersant"  # no platform


def test_a_platform_without_an_account_is_an_unverifiable_source(tmp_path: Path) -> None:
    scan_markdown(
        tmp_path,
        "The video spread (YouTube, March 3). It was re-posted (Telegram/@rybar, March 4).",
        "2023-03-10",
    )
    (report,) = [p for p in (tmp_path / "r").glob("*.md") if p.name != "index.md"]
    text = report.read_text(encoding="utf-8")
    section = text.split("### Unverifiable sources", 1)[1].split("###", 1)[0]
    assert "| [Claim 1](#claim-1) | YouTube | platform, no account | March 3 |" in section
    assert "rybar" not in section  # an account names the page to find


def test_a_platform_and_the_account_beside_it_are_one_reference(tmp_path: Path) -> None:
    """Three ways of citing one channel: one reference each, the channel's, and no bare
    "Telegram" left to list as a platform without an account."""
    settings = scan_markdown(
        tmp_path,
        "Moscow says the drones were shot down (Telegram, @rybar, March 3, 2024). Others "
        "disagreed (Rybar, Telegram, March 4, 2024). A third view circulated "
        "(Telegram/@rybar, March 5, 2024).",
        "2024-03-10",
    )
    assert _stored(settings) == [
        ("Telegram, @rybar", "rybar", "t.me", "https://t.me/s/rybar"),
        ("Rybar, Telegram", "rybar", "t.me", None),
        ("Telegram/@rybar", "rybar", "t.me", "https://t.me/s/rybar"),
    ]
    assert "platform, no account" not in report_of(tmp_path)


def test_a_name_the_registry_lacks_beside_its_platform_is_the_platform(tmp_path: Path) -> None:
    """As "Telegram/Dva Mayora" is: the platform, with the name as written, and nothing to
    look up."""
    scan_markdown(tmp_path, "The front moved (Dva Mayora, Telegram, March 4).", "2023-03-10")
    section = report_of(tmp_path).split("### Unverifiable sources", 1)[1].split("###", 1)[0]
    assert "| Dva Mayora, Telegram | platform, no account | March 4 |" in section
