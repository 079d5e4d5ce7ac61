"""Common Crawl as a second archive (issue 12): crawl list, per-crawl CDX, records by range."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.archive.commoncrawl import (
    Crawl,
    crawl_span,
    parse_collinfo,
    pick_crawls,
    split_record_url,
)
from provenance.config import load_settings
from provenance.errors import ArchiveLookupError
from tests.fixtures.archive import expected_urls
from tests.fixtures.sources import SECOND_HOSTS
from tests.servers import Response

SEED_IDS = range(1, 28)
D = dt.date


def cc_settings(first, cc, tmp_path: Path, **extra):
    specs = [
        {"name": "a", "kind": "ia-cdx", "cdx": first.cdx_url, "replay": first.replay_url},
        cc.spec(),
    ]
    values = {"archives": json.dumps(specs), "rate_limits": "", "max_retries": 0, **extra}
    return load_settings(values, env={}, cwd=tmp_path)


def moved_ids(db) -> set[int]:
    return {r["id"] for r in db["references"].rows if r["domain"] in SECOND_HOSTS}


# ---------------------------------------------------------------- crawl list


@pytest.mark.parametrize(
    "item,span",
    [
        (
            {"id": "CC-MAIN-2024-10", "from": "2024-02-20T18:49:34", "to": "2024-03-05T07:27:04"},
            (D(2024, 2, 20), D(2024, 3, 5)),
        ),
        ({"id": "CC-MAIN-2016-44"}, (D(2016, 10, 3), D(2016, 11, 7))),  # ISO week 44 (Oct 31)
        ({"id": "CC-MAIN-2012"}, (D(2012, 1, 1), D(2012, 12, 31))),
        ({"id": "CC-MAIN-2009-2010"}, (D(2009, 1, 1), D(2010, 12, 31))),
        ({"id": "something-else"}, None),
    ],
)
def test_crawl_spans_from_dates_or_ids(item, span):
    assert crawl_span(item) == span


def test_crawls_covering_a_window_are_picked():
    body = json.dumps(
        [
            {"id": "CC-MAIN-2016-50", "cdx-api": "http://i/CC-MAIN-2016-50-index"},
            {"id": "CC-MAIN-2016-44", "cdx-api": "http://i/CC-MAIN-2016-44-index"},
            {"id": "CC-MAIN-2016-30", "cdx-api": "http://i/CC-MAIN-2016-30-index"},
            {"id": "no-dates", "cdx-api": "http://i/x"},
            {"id": "CC-MAIN-2016-40"},  # no index: skipped
        ]
    ).encode()
    crawls = parse_collinfo(body)
    assert [c.id for c in crawls] == ["CC-MAIN-2016-50", "CC-MAIN-2016-44", "CC-MAIN-2016-30"]
    picked = pick_crawls(crawls, D(2016, 10, 19), D(2016, 12, 18))
    assert [c.id for c in picked] == ["CC-MAIN-2016-50", "CC-MAIN-2016-44"]
    assert (
        pick_crawls([Crawl("x", "u", D(2016, 1, 1), D(2016, 1, 2))], D(2016, 1, 3), D(2016, 2, 1))
        == []
    )


@pytest.mark.parametrize("body", [b"{", b'{"id": 1}', b"<html>"])
def test_a_malformed_crawl_list_is_an_error(body):
    with pytest.raises(ArchiveLookupError, match="crawl list"):
        parse_collinfo(body)


def test_record_urls_carry_the_byte_range():
    assert split_record_url("http://d/crawl-data/x.warc.gz#bytes=10-99") == (
        "http://d/crawl-data/x.warc.gz",
        "bytes=10-99",
    )
    assert split_record_url("http://d/web/2016id_/http://x/") is None


# ---------------------------------------------------------------- the check


def test_records_fetched_by_range_are_decoded_and_verified(
    seed_db, ia_pair, common_crawl, tmp_path
):
    first = ia_pair[0]
    settings = cc_settings(first, common_crawl, tmp_path)
    summary = check.run_check(seed_db, settings)
    assert summary.verdicts == {"verified": 27}
    checks = checkstore.load_checks(seed_db)
    moved = moved_ids(seed_db)
    assert {rid: c.best.original_url for rid, c in checks.items()} == expected_urls()
    assert {rid for rid, c in checks.items() if c.archive == "cc"} == moved
    for rid in moved:
        url = checks[rid].best.archive_url
        assert url.startswith(common_crawl.data.base_url + "/crawl-data/") and "#bytes=" in url
        # The capture is Common Crawl's, weeks after the cited date, and still verified.
        assert checks[rid].best.timestamp > checks[rid].best.page_date.replace("-", "")
    # Records came by range (206), never as whole files.
    ranges = [r.headers.get("range") for r in common_crawl.data.requests]
    assert ranges and all(r and r.startswith("bytes=") for r in ranges)
    # Only the crawls around each cited window were asked, only for what the first lacked.
    asked = common_crawl.index_requests()
    assert asked and all(any(h in p for h in SECOND_HOSTS) for p in asked)
    assert not any("CC-MAIN-2013-48" in p for p in asked)
    assert {p.split("-index?")[0] for p in asked} == {"/CC-MAIN-2016-18", "/CC-MAIN-2016-47"}
    # Crawl list, index answers (404s included) and records are cached like any response.
    seed_db.execute("delete from check_candidates")
    seed_db.execute("delete from reference_checks")
    again = check.run_check(seed_db, settings)
    assert again.verdicts == {"verified": 27} and again.requests == 0


CC_FAULTS = {
    "429": Response(429, "slow down", {"Retry-After": "0"}),
    "503": Response(503, "busy", {"Retry-After": "0"}),
    "timeout": Response(200, "", delay=1.5),
    "malformed": Response(200, '{"url": "http://centre1.com/x", "timestamp": ', "text/x-ndjson"),
}


@pytest.mark.parametrize("fault", sorted(CC_FAULTS))
def test_common_crawl_faults_give_errors_not_verdicts(
    seed_db, ia_pair, common_crawl, tmp_path, fault
):
    common_crawl.inject("/CC-MAIN-2016-", *[CC_FAULTS[fault]] * 40)
    settings = cc_settings(ia_pair[0], common_crawl, tmp_path, timeout=0.5)
    check.run_check(seed_db, settings)
    checks = checkstore.load_checks(seed_db)
    moved = moved_ids(seed_db)
    verdicts = {rid: c.status for rid, c in checks.items()}
    assert verdicts == {rid: "error" if rid in moved else "verified" for rid in SEED_IDS}
    assert all(checks[rid].error.startswith("cc: ") for rid in moved)


@pytest.mark.parametrize(
    "prefix,answer,problem",
    [
        ("/collinfo.json", Response(503, "down", {"Retry-After": "0"}), "crawl list"),
        ("/collinfo.json", Response(200, "<html>", content_type="text/html"), "crawl list"),
        ("/crawl-data/", Response(503, "down", {"Retry-After": "0"}), "HTTP 503"),
        ("/crawl-data/", Response(200, b"\x1f\x8bnot a warc", content_type="x/y"), "range"),
        ("/crawl-data/", Response(206, b"\x1f\x8bnot a warc", content_type="x/y"), "WARC"),
    ],
)
def test_crawl_list_and_record_faults_give_errors(
    seed_db, ia_pair, common_crawl, tmp_path, prefix, answer, problem
):
    server = common_crawl.index if prefix == "/collinfo.json" else common_crawl.data
    assert server  # the fault goes to the server that owns the path
    common_crawl.inject(prefix, *[answer] * 40)
    check.run_check(seed_db, cc_settings(ia_pair[0], common_crawl, tmp_path))
    checks = checkstore.load_checks(seed_db)
    moved = moved_ids(seed_db)
    assert {checks[rid].status for rid in moved} == {"error"}
    assert all(problem in checks[rid].error for rid in moved)
    assert {checks[rid].status for rid in SEED_IDS if rid not in moved} == {"verified"}


def test_a_cited_url_is_looked_up_in_the_crawls_around_its_date(
    seed_db, ia_pair, common_crawl, tmp_path
):
    moved = moved_ids(seed_db)
    urls = {rid: url for rid, url in expected_urls().items() if rid in moved}
    for rid, url in urls.items():
        seed_db.execute('update "references" set url = ? where id = ?', [url, rid])
    seed_db.conn.commit()
    check.run_check(seed_db, cc_settings(ia_pair[0], common_crawl, tmp_path))
    checks = checkstore.load_checks(seed_db)
    assert {checks[rid].status for rid in urls} == {"archived"}
    assert {checks[rid].archive for rid in urls} == {"cc"}
    for rid, url in urls.items():
        closest = checks[rid].closest
        assert closest.original_url == url and "#bytes=" in closest.archive_url
    exact = [p for p in common_crawl.index_requests() if "matchType=exact" in p]
    assert exact and not [p for p in common_crawl.index_requests() if "matchType=domain" in p]
