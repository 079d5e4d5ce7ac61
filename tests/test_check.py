"""Tests for provenance.check: the sample seed against a real pywb and an IA-format fake."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

import pytest

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.archive.captures import Cited, is_article_url, rank_captures, url_tier
from provenance.archive.cdx import CdxRow
from provenance.archive.targets import build_targets
from provenance.config import Settings
from provenance.report.checks import badge
from tests.data.warc.corpus import CLAIM, MATCHES, SEED_REFERENCES, all_captures
from tests.fixtures.archive import expected_urls
from tests.fixtures.store import insert_references
from tests.servers import Response

# CDX queries for the seed's 27 references: one per domain (15 windows; News.tj, Ozodi,
# Sputnik and Jamestown are each cited in two windows months apart, asked in one query).
SEED_QUERIES = 11
NEWS_TJ_AUG_11 = [10, 12, 15, 20]  # reference ids citing News.tj, August 11
NEWS_TJ_OCT_20 = 2
DENSE_REQUESTS = 40  # bench_check.py --dense: 11 CDX queries + 29 replay fetches


def seed_candidates(db, settings: Settings) -> set[tuple[str, str]]:
    """(timestamp, URL) of every capture the check should fetch for the seed, from the corpus.

    Per reference: the corpus captures on the domain the scan resolved (subdomains included,
    as a CDX domain query) whose capture day lies in the reference's own window (cited date
    - window_before_days .. + window_after_days; coalescing only widens the query, the
    candidates are cut back to this window), as the CDX rows the archive lists (a revisit is
    not an HTML 200). ``rank_captures`` drops assets, feeds, listings, the home page and
    non-200s and keeps one capture per URL; the first ``max_candidates`` of its order are
    fetched. Two references sharing a candidate share the fetch, hence a set. With the
    fixture corpus that is 31 captures; without the cap 32 (News.tj, October 20 and 21 offer
    6 and 7 pages, and the 2016-10-15 story captured on the 21st is last in both).
    """
    domains = {r["id"]: r["domain"] for r in db["references"].rows}
    listed = [
        CdxRow(
            c.timestamp,
            c.url,
            "warc/revisit" if c.revisit_of else c.mime,
            "-" if c.revisit_of else str(c.status),
        )
        for c in all_captures()
    ]
    wanted: set[tuple[str, str]] = set()
    for rid, (claim, _outlet, _outlet_id, date, _match) in enumerate(SEED_REFERENCES, start=1):
        host = f".{domains[rid]}"
        day = dt.date.fromisoformat(date)
        window = (
            day - dt.timedelta(days=settings.window_before_days),
            day + dt.timedelta(days=settings.window_after_days),
        )
        rows = [r for r in listed if f".{urlsplit(r.original).hostname}".endswith(host)]
        ranked = rank_captures(rows, Cited(day, window, CLAIM[claim]), settings.replay_url)
        wanted |= {(c.timestamp, c.original_url) for c in ranked[: settings.max_candidates]}
    return wanted


def ia_settings(ia, **overrides) -> Settings:
    return Settings(cdx_url=ia.cdx_url, replay_url=ia.replay_url, rate_limits={}, **overrides)


def assert_seed_verified(db) -> None:
    checks = checkstore.load_checks(db, 1)
    expected = expected_urls()
    assert {rid: c.status for rid, c in checks.items()} == {rid: "verified" for rid in expected}
    assert {rid: c.best.original_url for rid, c in checks.items()} == expected


def test_seed_verified_in_pywb(seed_db, pywb_archive) -> None:
    settings = Settings(
        cdx_url=pywb_archive.cdx_url, replay_url=pywb_archive.replay_url, rate_limits={}
    )
    before = len(pywb_archive.requests())
    summary = check.run_check(seed_db, settings)
    assert summary.verdicts == {"verified": 27} and summary.queries == SEED_QUERIES
    assert_seed_verified(seed_db)
    seen = pywb_archive.requests()[before:]
    assert len([p for p in seen if p.startswith("/seed/cdx")]) == SEED_QUERIES
    # Fetched in rank order, stopping at the right page: fewer fetches than candidates.
    replays = [p for p in seen if "id_/" in p]
    assert len(replays) < len(seed_candidates(seed_db, settings))
    oct20 = checkstore.load_checks(seed_db, 1)[NEWS_TJ_OCT_20]
    assert oct20.cdx_url and oct20.cdx_url.startswith(pywb_archive.cdx_url)


def test_seed_via_ia_format_coalesces_and_second_run_is_silent(seed_db, ia_archive) -> None:
    settings = ia_settings(ia_archive)
    wanted = seed_candidates(seed_db, settings)
    progress: list[tuple[int, int]] = []
    summary = check.run_check(seed_db, settings, progress=lambda d, t, _: progress.append((d, t)))
    assert_seed_verified(seed_db)
    assert len(ia_archive.cdx_requests()) == SEED_QUERIES < 27
    # Only candidates the windows offer (or a home page of the cited day, for its
    # headlines), each fetched once, and fewer than all of them: the search stops early.
    fetched = [r.path.removeprefix("/web/").split("id_/", 1) for r in ia_archive.replay_requests()]
    pages = {(ts, url) for ts, url in fetched if is_article_url(url)}
    assert len(fetched) == len(set(map(tuple, fetched)))
    assert pages <= wanted and len(fetched) < len(wanted)
    assert summary.requests == len(ia_archive.requests) == SEED_QUERIES + len(fetched)
    assert progress[-1] == (27, 27) and len(progress) == 27
    # Nothing new: zero network requests, everything skipped.
    again = check.run_check(seed_db, settings)
    assert len(ia_archive.requests) == SEED_QUERIES + len(fetched)
    assert (again.requests, again.checked, again.skipped) == (0, 0, 27)


def test_refresh_bypasses_cache_and_offline_uses_it(seed_db, ia_archive) -> None:
    check.run_check(seed_db, ia_settings(ia_archive))
    first = len(ia_archive.requests)
    refreshed = check.run_check(seed_db, ia_settings(ia_archive, refresh=True))
    assert refreshed.checked == 27 and len(ia_archive.requests) == 2 * first
    seed_db.execute("delete from check_candidates")
    seed_db.execute("delete from reference_checks")
    offline = check.run_check(seed_db, ia_settings(ia_archive, offline=True))
    assert offline.verdicts == {"verified": 27} and offline.cache_hits > 0
    assert len(ia_archive.requests) == 2 * first  # offline never touched the network


def test_offline_cache_miss_is_not_checked_not_dead(seed_db, ia_archive) -> None:
    # --offline with nothing cached: no verdict at all (not "error", never "no captures").
    summary = check.run_check(
        seed_db, ia_settings(ia_archive, offline=True), reference_ids=NEWS_TJ_AUG_11
    )
    assert summary.verdicts == {} and summary.not_cached == 4 and not ia_archive.requests
    assert checkstore.load_checks(seed_db) == {} and not summary.causes
    # Online, the same references are checked.
    online = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=NEWS_TJ_AUG_11)
    assert online.verdicts == {"verified": 4}


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Response(503, "busy"), "HTTP 503"),
        (Response(200, '[["urlkey","timestamp"', content_type="application/json"), "malformed CDX"),
        (Response(200, "[]", delay=1.0), "timed out"),
        (Response(500, "oops"), "HTTP 500"),
    ],
    ids=["503", "truncated-json", "timeout", "500"],
)
def test_lookup_faults_give_error_verdicts_retried_next_run(
    seed_db, ia_archive, fault, message
) -> None:
    settings = ia_settings(ia_archive, max_retries=0, timeout=0.3)
    ia_archive.inject("/cdx/", fault)
    summary = check.run_check(seed_db, settings, reference_ids=NEWS_TJ_AUG_11)
    checks = checkstore.load_checks(seed_db)
    assert summary.verdicts == {"error": 4}
    assert all(message in c.error and c.best is None for c in checks.values())
    assert checkstore.cache_size(seed_db) == 0
    # The next run asks again (error is not final) and now finds the source.
    again = check.run_check(seed_db, settings, reference_ids=NEWS_TJ_AUG_11)
    assert again.verdicts == {"verified": 4} and again.skipped == 0


def test_breaker_opens_after_repeated_429s(seed_db, ia_archive) -> None:
    ia_archive.inject("/cdx/", *[Response(429, "slow", {"Retry-After": "0"})] * 50)
    settings = ia_settings(ia_archive, breaker_threshold=2, max_retries=3)
    summary = check.run_check(seed_db, settings)
    assert summary.verdicts == {"error": 27}
    assert summary.breaker_open == [ia_archive.server.netloc]
    # Then nobody asked that host again (one request may already have been on the wire).
    assert len(ia_archive.requests) <= 2 + settings.host_concurrency - 1
    assert "gave up on" in str(summary)
    assert checkstore.verdict_counts(seed_db) == {"error": 27}


def test_retry_after_holds_the_whole_host(seed_db, ia_archive) -> None:
    ia_archive.inject("/cdx/", Response(429, "slow", {"Retry-After": "1"}))
    summary = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=NEWS_TJ_AUG_11)
    assert summary.verdicts == {"verified": 4}
    first, *rest = ia_archive.requests
    assert rest and min(r.time for r in rest) - first.time >= 0.95


def test_resume_after_interrupt_repeats_no_work(seed_db, ia_archive) -> None:
    def stop_after_ten(done: int, total: int, label: str) -> None:
        if done == 10:
            raise KeyboardInterrupt

    settings = ia_settings(ia_archive)
    first = check.run_check(seed_db, settings, progress=stop_after_ten)
    # The second batch of 8 was stored whole before its progress reached 10.
    assert first.interrupted and first.checked == 16
    assert sum(checkstore.verdict_counts(seed_db).values()) == 16
    orphans = seed_db.execute(
        "select count(*) from check_candidates where reference_id not in"
        " (select reference_id from reference_checks)"
    ).fetchone()[0]
    assert orphans == 0
    second = check.run_check(seed_db, settings)
    assert (second.skipped, second.checked, second.interrupted) == (16, 11, False)
    assert_seed_verified(seed_db)
    paths = [r.path for r in ia_archive.requests]
    assert len(paths) == len(set(paths))  # no request was made twice across the two runs


def _add_reference(
    db,
    rid: int,
    outlet: str,
    date: str | None,
    *,
    outlet_id=None,
    domain=None,
    url=None,
    accessed=False,
    resolution=None,
) -> None:
    parts = [int(p) for p in date.split("-")] if date else []
    parts += [None] * (3 - len(parts))
    db["citations"].insert({"id": rid, "document_id": 1, "claim_id": 1, "raw": outlet})
    insert_references(
        db,
        [
            {
                "id": rid,
                "document_id": 1,
                "claim_id": 1,
                "citation_id": rid,
                "outlet": outlet,
                "outlet_id": outlet_id,
                "domain": domain,
                "url": url,
                "date": date,
                "year": parts[0],
                "month": parts[1],
                "day": parts[2],
                "accessed": int(accessed),
                "resolution": resolution,
            }
        ],
    )


def test_unresolved_no_captures_and_vague_dates(seed_db, ia_archive) -> None:
    _add_reference(seed_db, 100, "Some Blog", "2016-10-20")
    _add_reference(seed_db, 101, "Example.tj", "2016-10-20", domain="example.tj")
    _add_reference(seed_db, 102, "News.tj", "2016", outlet_id="asia-plus", domain="news.tj")
    summary = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[100, 101, 102])
    checks = checkstore.load_checks(seed_db)
    assert {rid: checks[rid].status for rid in (100, 101, 102)} == {
        100: "unresolved-outlet",
        101: "no-captures",
        102: "vague-date",  # a year bounds no search: nothing asked, nothing lost
    }
    assert "too vague" in checks[102].note
    assert len(ia_archive.cdx_requests()) == 1 and summary.queries == 1


def test_generic_source_is_no_unresolved_outlet(seed_db, ia_archive) -> None:
    """ "local media" names no outlet: nothing to look up, and the report says so, where
    "unresolved outlet" would send a reader to the registry for an outlet it lacks."""
    _add_reference(seed_db, 110, "local media", "2016-10-20", resolution="generic")
    _add_reference(seed_db, 111, "Some Blog", "2016-10-20", resolution="unknown")
    summary = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[110, 111])
    checks = checkstore.load_checks(seed_db)
    assert (checks[110].status, checks[111].status) == ("generic-source", "unresolved-outlet")
    assert summary.requests == 0 and not ia_archive.cdx_requests()
    assert badge("generic-source") == "◽ generic source: nothing to look up"
    # Final: a second run asks nothing again.
    again = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[110, 111])
    assert again.skipped == 2 and again.checked == 0


@pytest.mark.parametrize("backend", ["pywb-memento", "ia-cdx"])
def test_url_reference_gets_the_capture_closest_to_the_cited_date(
    seed_db, backend, request
) -> None:
    if backend == "pywb-memento":
        pywb = request.getfixturevalue("pywb_archive")
        settings = Settings(
            cdx_url=pywb.cdx_url,
            replay_url=pywb.replay_url,
            memento_url=pywb.memento_url,
            rate_limits={},
        )
    else:
        settings = ia_settings(request.getfixturevalue("ia_archive"))
    page = MATCHES["newstj-1020"].url  # captured 2016-10-20, revisited 2016-10-22 (latest)
    _add_reference(
        seed_db, 200, "News.tj", "2016-10-20", outlet_id="asia-plus", domain="news.tj", url=page
    )
    seed_db.execute(
        "update claims set text = ? where id = 1",
        ["Tajikistan and China held exercises with 10,000 troops in Ishkoshim."],
    )
    # The index decides: the closest capture, one lookup and no page fetched.
    summary = check.run_check(seed_db, settings, reference_ids=[200])
    result = checkstore.load_checks(seed_db)[200]
    assert result.closest is not None and result.closest.timestamp == "20161020120000"
    assert result.status == "archived" and result.best is None
    assert summary.requests == summary.queries  # the lookup only
    assert "id_/" in result.archive_url and "content not read" in result.note
    # --content-check reads the page too, and verifies it.
    read = dataclasses.replace(settings, content_check=True, refresh=True)
    summary = check.run_check(seed_db, read, reference_ids=[200])
    result = checkstore.load_checks(seed_db)[200]
    assert result.status == "verified" and result.best.original_url == page
    assert summary.requests == summary.queries + 1  # and the page


@pytest.mark.parametrize(
    ("cited", "caveat"),
    [
        ("2016-10-21", None),
        ("2020-03-03", "captured 3.4 years before the cited date: is it the article cited?"),
        ("2013-01-05", "captured 3.8 years after the cited date: is it the article cited?"),
    ],
    ids=["near", "years-later", "years-earlier"],
)
def test_an_archived_capture_years_from_the_cited_date_says_so(
    seed_db, ia_archive, cited, caveat
) -> None:
    """A URL cited in 2020 showed its 2016 capture as plainly "archived"."""
    page = MATCHES["newstj-1020"].url  # captured 2016-10-20 and 2016-10-22
    _add_reference(
        seed_db, 200, "News.tj", cited, outlet_id="asia-plus", domain="news.tj", url=page
    )
    check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[200])
    result = checkstore.load_checks(seed_db)[200]
    assert result.status == "archived"
    assert result.domains == []  # the URL was looked up, no domain searched ("Searched:")
    assert result.note.startswith("the cited URL's capture closest to the cited date")
    assert (caveat in result.note) if caveat else "captured" not in result.note


def test_access_date_without_url_is_undated(seed_db, ia_archive) -> None:
    # (News.tj, accessed 20 October 2016): when the author read it, not when it appeared;
    # the same date as a publication date (reference 2) is searched and verified.
    _add_reference(
        seed_db,
        300,
        "News.tj",
        "2016-10-20",
        outlet_id="asia-plus",
        domain="news.tj",
        accessed=True,
    )
    summary = check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[300])
    result = checkstore.load_checks(seed_db)[300]
    assert result.status == "vague-date" and result.best is None
    assert result.note.startswith("only an access date is known")
    assert summary.queries == 0 and not ia_archive.requests


@pytest.mark.parametrize(
    "accessed, closest",
    [("2019-11-03", "20191103090000"), ("2016-10-19", "20161018160000")],
    ids=["years-later", "the-day-after"],
)
@pytest.mark.parametrize("backend", ["pywb-memento", "ia-cdx"])
def test_access_date_of_a_url_picks_the_capture_only(
    seed_db, backend, accessed, closest, request
) -> None:
    # (https://riafan.ru/..., accessed 3 November 2019): the access date picks the capture
    # (IABot's rule), but the page's own date (2016-10-18) is not held against it. Taken as a
    # publication date it would put the 2016 article three years off (date 0: "candidates").
    if backend == "pywb-memento":
        pywb = request.getfixturevalue("pywb_archive")
        settings = Settings(
            cdx_url=pywb.cdx_url,
            replay_url=pywb.replay_url,
            memento_url=pywb.memento_url,
            rate_limits={},
        )
    else:
        settings = ia_settings(request.getfixturevalue("ia_archive"))
    page = MATCHES["riafan-1018"].url  # captured 2016-10-18 and 2019-11-03
    _add_reference(
        seed_db,
        301,
        "Riafan.ru",
        accessed,
        outlet_id="ria-fan",
        domain="riafan.ru",
        url=page,
        accessed=True,
    )
    seed_db.execute("update claims set text = ? where id = 1", [CLAIM["E"]])  # the base claim
    settings = dataclasses.replace(settings, content_check=True)
    (target,) = build_targets(seed_db, settings, checkstore.load_references(seed_db, [301]))
    assert (target.date, target.window) == (None, None)
    check.run_check(seed_db, settings, reference_ids=[301])
    result = checkstore.load_checks(seed_db)[301]
    assert result.closest is not None and result.closest.timestamp == closest
    assert result.status == "verified" and "date" not in result.best.components
    assert not any("cited" in r for r in result.best.reasons)


def test_archive_redirects_inside_archive_followed_live_redirects_not(seed_db, ia_archive) -> None:
    page = MATCHES["newstj-1020"].url
    settings = ia_settings(ia_archive, max_candidates=1)
    # IA's closest-capture rule: a replay may redirect to another timestamp of the archive.
    listed = f"/web/20161020120000id_/{page}"
    ia_archive.inject(listed, Response(302, "", {"Location": f"/web/20161022120000id_/{page}"}))
    check.run_check(seed_db, settings, reference_ids=[NEWS_TJ_OCT_20])
    followed = checkstore.load_checks(seed_db)[NEWS_TJ_OCT_20]
    assert followed.status == "verified" and followed.archive_timestamp == "20161022120000"
    ia_archive.inject(
        listed,
        Response(
            301,
            "",
            {
                "Location": "https://news.tj/live",
                "Memento-Datetime": "Thu, 20 Oct 2016 12:00:00 GMT",
            },
        ),
    )
    check.run_check(
        seed_db, dataclasses.replace(settings, refresh=True), reference_ids=[NEWS_TJ_OCT_20]
    )
    result = checkstore.load_checks(seed_db)[NEWS_TJ_OCT_20]
    assert result.status == "candidates" and "archived redirect" in result.best.error
    assert all(r.path.startswith(("/cdx/", "/web/")) for r in ia_archive.requests)


def test_export_fields(seed_db, ia_archive) -> None:
    check.run_check(seed_db, ia_settings(ia_archive), reference_ids=[NEWS_TJ_OCT_20, 27])
    fields = checkstore.export_fields(seed_db)
    assert set(fields) == {NEWS_TJ_OCT_20, 27}
    row = fields[27]
    assert row["status"] == "verified" and row["archive_timestamp"] == "20131016150000"
    assert row["source_url"] == MATCHES["edm-2013"].url and row["match_score"] >= 0.6
    assert row["archive_url"] == f"{ia_archive.replay_url}/20131016150000id_/{row['source_url']}"


OCTOBER = (dt.date(2016, 10, 1), dt.date(2016, 10, 31))


@pytest.mark.parametrize(
    "url, cited, tier",
    [
        ("http://x.com/2016/10/20/story", Cited(dt.date(2016, 10, 20), None), 0),
        ("http://x.com/a?date=2016-10-20", Cited(dt.date(2016, 10, 20), None), 0),
        ("http://x.com/2016/10/19/story", Cited(dt.date(2016, 10, 20), OCTOBER), 1),
        ("http://x.com/news/233115", Cited(dt.date(2016, 10, 20), None), 1),
        ("http://x.com/2016/02/30/233115", Cited(None, OCTOBER), 1),
        ("http://x.com/news/story", Cited(dt.date(2016, 10, 20), OCTOBER), 2),
        ("http://x.com/20161020", Cited(None, None), 2),
        ("http://x.com/2015/10/19/story", Cited(dt.date(2016, 10, 20), OCTOBER), 3),
    ],
    ids=[
        "cited-date",
        "date-in-query",
        "inside-window",
        "article-id",
        "invalid-date-id",
        "neither",
        "date-not-an-id",
        "outside-window",
    ],
)
def test_url_tier(url: str, cited: Cited, tier: int) -> None:
    assert url_tier(url, cited) == tier


def test_dense_archive_never_verifies_a_decoy(seed_db) -> None:
    # 10-40 same-topic captures per outlet and day (tests/data/warc/dense.py): fetched in
    # rank order with early stops, no decoy verifies and the right pages do.
    from tests.data.warc.dense import dense_captures
    from tests.fixtures.archive import IAArchive
    from tests.servers import LocalServer

    captures = dense_captures()
    with LocalServer() as server:
        fake = IAArchive(server, captures=captures)
        summary = check.run_check(seed_db, ia_settings(fake))
        replays = len(fake.replay_requests())
    checks = checkstore.load_checks(seed_db, 1)
    expected = expected_urls()
    verified = {rid: c.best.original_url for rid, c in checks.items() if c.status == "verified"}
    assert all(expected[rid] == url for rid, url in verified.items())  # no decoy
    assert len(verified) == len(expected)
    candidates = sum(1 for c in captures if is_article_url(c.url))
    assert replays < 2 * len(expected) < candidates and summary.requests == replays + SEED_QUERIES
    assert summary.requests <= DENSE_REQUESTS


def test_max_requests_stops_cleanly_and_the_next_run_resumes(seed_db, ia_archive) -> None:
    first = check.run_check(seed_db, ia_settings(ia_archive, max_requests=20))
    assert len(ia_archive.requests) == first.requests == 20
    assert first.left > 0 and first.checked + first.left == 27
    stored = checkstore.load_checks(seed_db, 1)
    assert len(stored) == first.checked and all(c.status != "error" for c in stored.values())
    assert "request budget spent" in str(first)
    # The next run checks the rest; what the first fetched comes from the cache.
    second = check.run_check(seed_db, ia_settings(ia_archive))
    assert second.skipped == first.checked and second.checked == first.left
    assert_seed_verified(seed_db)
    fetched = [r.path for r in ia_archive.requests]
    assert len(fetched) == len(set(fetched))  # nothing asked twice


def test_equal_headline_weights_rank_by_capture_time() -> None:
    # Both headlines carry 1.7 of claim A's weight (a word and two countries), summed in
    # another order: 1.7 and 1.7000000000000002. The capture nearer the cited day's noon
    # ranks first, not the one the binary rounding favours.
    day = dt.date(2016, 10, 19)
    right, border = "http://s.tj/a/1020873612.html", "http://s.tj/a/1020873528.html"
    titles = {
        "s.tj/a/1020873612.html": "В ГБАО пройдут таджикско-китайские учения",
        "s.tj/a/1020873528.html": "На таджикско-афганской границе задержаны нарушители",
    }
    rows = [
        CdxRow("20161019133113", border, "text/html", "200"),
        CdxRow("20161019110000", right, "text/html", "200"),
    ]
    cited = Cited(day, (day, day), CLAIM["A"])
    ranked = rank_captures(rows, cited, "http://a/web", titles)
    assert [c.original_url for c in ranked] == [right, border]
    assert ranked[0].hint == ranked[1].hint == 1.7
