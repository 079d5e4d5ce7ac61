"""Replacement suggestions for dead links come from the configured archive, or from none."""

from __future__ import annotations

import json

import pytest

from provenance.config import ArchiveSpec
from tests.fixtures.web import Response
from tests.test_linkcheck import link_settings, run, seed


@pytest.fixture
def dead_and_archive(web_server, db):
    site, archive = web_server(host="127.0.0.2"), web_server(host="127.0.0.9")
    dead = site.status("/story", 404)
    seed(db, [dead])
    return dead, archive


def _cdx(archive, dead: str, path: str = "/cdx") -> None:
    rows = [["timestamp", "original", "statuscode"], ["20161021080000", dead, "200"]]
    archive.page(path, json.dumps(rows), content_type="application/json")


def test_the_first_configured_archive_is_asked(dead_and_archive, tmp_path, db) -> None:
    dead, archive = dead_and_archive
    _cdx(archive, dead, "/coll/cdx")
    spec = ArchiveSpec("mine", "pywb-cdx", url=archive.url("/coll"))
    # cdx_url still points at the Internet Archive: it must not be used (nor reached).
    settings = link_settings(tmp_path, offline=False, archives=(spec,))
    summary = run(db, settings)
    assert summary.links[0].replacement_url == archive.url(f"/coll/20161021080000/{dead}")
    assert len(archive.requests_to("/coll/cdx")) == 1


def test_a_memento_archive_is_asked_through_its_timegate(dead_and_archive, tmp_path, db) -> None:
    dead, archive = dead_and_archive
    memento = archive.url(f"/tm/20161021080000/{dead}")
    archive.route(f"/tm/{dead}", Response(302, b"", {"Location": memento}))
    spec = ArchiveSpec("mem", "memento-timemap", url=archive.url("/tm"))
    settings = link_settings(tmp_path, offline=False, archives=(spec,))
    summary = run(db, settings)
    assert summary.links[0].replacement_url == memento
    asked = archive.requests_to(f"/tm/{dead}")
    assert len(asked) == 1 and asked[0].headers["accept-datetime"].endswith("GMT")


@pytest.mark.parametrize("switch", ["offline", "no_archive"])
def test_offline_and_no_archive_ask_no_archive(dead_and_archive, tmp_path, db, switch) -> None:
    dead, archive = dead_and_archive
    _cdx(archive, dead)
    flags = {"offline": switch == "offline", "no_archive": switch == "no_archive"}
    settings = link_settings(tmp_path, cdx_url=archive.url("/cdx"), **flags)
    summary = run(db, settings)
    assert summary.links[0].broken and summary.links[0].replacement_url is None
    assert archive.requests == []


def test_a_failing_archive_is_one_line_and_asked_threshold_times_in_a_row(
    web_server, db, tmp_path, caplog
) -> None:
    """A refused or silent archive gave one warning per broken link, each after its own
    timeout (24 lines, 62 s by hand)."""
    site, archive = web_server(host="127.0.0.2"), web_server(host="127.0.0.9")
    dead = [site.status(f"/story{i}", 404) for i in range(8)]
    seed(db, dead)
    archive.route("/cdx", Response(200, "[]", delay=3))
    settings = link_settings(tmp_path, offline=False, cdx_url=archive.url("/cdx"), timeout=0.3)
    with caplog.at_level("WARNING", logger="provenance.links.replace"):
        summary = run(db, settings)
    assert all(s.broken and s.replacement_url is None for s in summary.links)
    assert len(archive.requests_to("/cdx")) == settings.breaker_threshold
    (line,) = [r.getMessage() for r in caplog.records if "lookup for" in r.getMessage()]
    assert line.startswith(f"cdx lookup for {dead[0]} failed: ")
    assert line.endswith(
        f" (and 2 more); gave up after 3 in a row, {len(dead) - 3} left for the next run"
    )
