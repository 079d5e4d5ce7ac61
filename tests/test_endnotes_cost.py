"""One note that several markers point to is one source: the check asks for it once."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from tests.data.warc.corpus import Capture, article
from tests.factories import scan_markdown


def test_a_note_cited_three_times_is_asked_for_once(tmp_path: Path, ia_archive: Any) -> None:
    page = "https://www.reuters.com/world/sahel-attacks-double-idUS1"
    claim = "Attacks by militants in Burkina Faso doubled in the year to March"
    ia_archive.captures.append(
        Capture(page, "20230303120000", article("Sahel", "2023-03-03", [claim]))
    )
    body = (
        f"{claim}.[1] The army lost 40 soldiers in one week.[1] Officials blamed raids.[2]"
        f"\n\nNotes\n\n[1] “Sahel attacks double,” Reuters, March 3, 2023, {page}.\n[2] Ibid."
    )
    settings = scan_markdown(tmp_path, body, "2023-03-10")
    db = Database(settings.db)
    assert db.execute("select count(*) from reference_rows").fetchone()[0] == 3
    archive = {"cdx_url": ia_archive.cdx_url, "replay_url": ia_archive.replay_url}
    given = Settings(db=settings.db, reports=settings.reports, rate_limits={}, **archive)
    check.run_check(db, dataclasses.replace(given, content_check=True))
    results = checkstore.load_checks(db).values()
    assert [r.status for r in results] == ["verified"] * 3
    assert len(ia_archive.cdx_requests()) == 1
    assert len(ia_archive.replay_requests()) == 1  # the page is read once for all three
