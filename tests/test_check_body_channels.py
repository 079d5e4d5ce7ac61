"""A state body with a Telegram channel (Russia's MoD: mil.ru, then t.me/mod_russia) is
looked for on its site first; its channel's two t.me paths are asked only when the site
has no capture near the cited date. What that costs, in CDX queries, is bounded here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from tests.data.warc.corpus import Capture, article
from tests.factories import scan_markdown

CLAIM = "The ministry said its air defences shot down nine drones over the Belgorod region"


@pytest.mark.parametrize(
    ("captured", "status", "asked"),
    [
        ("https://function.mil.ru/news_page/country/more.htm?id=1", "verified", ["mil.ru"]),
        (
            "https://t.me/s/mod_russia/25000",
            "verified",
            ["mil.ru", "t.me%2Fmod_russia%2F", "t.me%2Fs%2Fmod_russia%2F"],
        ),
        (None, "no-captures", ["mil.ru", "t.me%2Fmod_russia%2F", "t.me%2Fs%2Fmod_russia%2F"]),
    ],
    ids=["on-its-site", "on-its-channel", "nowhere"],
)
def test_a_body_is_looked_for_on_its_site_then_its_channel(
    tmp_path: Path, ia_archive: Any, captured: str | None, status: str, asked: list[str]
) -> None:
    if captured:
        page = article("Сводка", "2023-03-03", [CLAIM])
        ia_archive.captures.append(Capture(captured, "20230303120000", page))
    body = f"{CLAIM} (Russia's Defense Ministry, March 3)."
    settings = scan_markdown(tmp_path, body, "2023-03-10")
    db = Database(settings.db)
    archive = {"cdx_url": ia_archive.cdx_url, "replay_url": ia_archive.replay_url}
    check.run_check(
        db, Settings(db=settings.db, reports=settings.reports, rate_limits={}, **archive)
    )
    (result,) = checkstore.load_checks(db).values()
    assert result.status == status
    queries = [q.path.split("url=")[1].split("&")[0] for q in ia_archive.cdx_requests()]
    assert queries == asked  # at most three queries, the site's first
    if captured:
        assert result.best is not None and result.best.original_url == captured
        assert len(ia_archive.replay_requests()) == 1
