"""What a check costs on a dense archive (tests/data/warc/dense.py): the replay requests a
loopback IA-format server saw, per reference and for references sharing an outlet and day."""

from __future__ import annotations

import datetime as dt
import functools
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.archive.cdx import parse_cdx
from provenance.archive.targets import DomainWindow, Target, coalesce, window_query
from tests.data.warc.corpus import CLAIM, MATCHES, Capture
from tests.fixtures import store as store_fixtures
from tests.fixtures.archive import IAArchive, expected_urls, make_seed_db
from tests.servers import LocalServer
from tests.test_check import ia_settings

NEWS_TJ_OCT_20 = MATCHES["newstj-1020"].url
# On News.tj, October 20, a crowd page tells of the defence minister, General Sharali
# Mirzo: claim J's names and title words, a near miss that scores above the stop margin.
MIRZO_DECOY = "http://news.tj/ru/news/tajikistan/security/20161020/233387"
SPUTNIK = "http://sputnik-tj.com/politics/20161019/"
# One story published at two URLs that day (the second title adds ": в Худжанде").
SCHOOL = (f"{SPUTNIK}1020873803.html", f"{SPUTNIK}1020873434.html")
RESCUERS = f"{SPUTNIK}1020873255.html"  # rescuers' exercises in Khatlon


@functools.cache
def dense() -> tuple[Capture, ...]:
    from tests.data.warc.dense import dense_captures

    return tuple(dense_captures())


def replays(db, ids: list[int]) -> list[str]:
    """Check ``ids`` against a fresh dense archive; the original URLs it replayed, in order."""
    with LocalServer() as server:
        fake = IAArchive(server, captures=list(dense()))
        check.run_check(db, ia_settings(fake), reference_ids=ids)
        paths = [r.path for r in fake.replay_requests()]
    return [p.split("id_/", 1)[1] for p in paths]


def verified(db) -> dict[int, str]:
    """Reference id -> URL of the verified page."""
    checks = checkstore.load_checks(db)
    return {rid: c.best.original_url for rid, c in checks.items() if c.status == "verified"}


def add_reference(db, rid: int, claim: str, outlet_id: str, domain: str, date: str) -> None:
    """A reference (with its own claim row) to ``domain`` on ``date``."""
    store_fixtures.add_reference(db, rid, CLAIM[claim], domain, date, outlet_id)


def test_two_references_to_one_outlet_and_day_share_one_fetch(seed_db, tmp_path: Path) -> None:
    # Centre1, October 26: claim B's slug words single out the right page, claim A's put
    # two decoys about rescuers' exercises first. Together, B searches first and its page
    # settles A too; alone, A fetches the decoys before the right page.
    right = MATCHES["centre1-1026"].url
    together = replays(seed_db, [1, 6])
    assert together == [right]
    assert verified(seed_db) == {1: right, 6: right}
    alone_db = make_seed_db(tmp_path / "alone.db")
    alone = replays(alone_db, [1])
    assert verified(alone_db) == {1: right}
    assert len(together) < len(alone)
    alone_db.close()


def test_the_decisive_reference_searches_first_and_no_decoy_verifies(seed_db) -> None:
    # Claim J (defence minister Sharali Mirzo) ranks the Mirzo near miss first, claim A
    # (the exercise) ranks the right page first by a clear lead. Whatever their ids, A's
    # search goes first, and the page it verifies settles J: the decoy is never fetched.
    add_reference(seed_db, 101, "J", "asia-plus", "news.tj", "2016-10-20")
    add_reference(seed_db, 102, "A", "asia-plus", "news.tj", "2016-10-20")
    fetched = replays(seed_db, [101, 102])
    assert MIRZO_DECOY not in fetched
    assert fetched == ["http://news.tj/", NEWS_TJ_OCT_20]  # the day's headlines, the page
    assert {rid: url for rid, url in verified(seed_db).items() if rid > 100} == {
        101: NEWS_TJ_OCT_20,
        102: NEWS_TJ_OCT_20,
    }


def test_a_home_page_is_fetched_only_where_urls_carry_no_headline(seed_db) -> None:
    # Jamestown's URLs are slugs: the home page would repeat them, so it is not fetched.
    # News.tj's are numbers: the cited day's home page titles them.
    assert replays(seed_db, [8]) == [MATCHES["edm-1014"].url]
    assert replays(seed_db, [3]) == ["http://news.tj/", MATCHES["newstj-1021"].url]
    assert verified(seed_db) == {8: MATCHES["edm-1014"].url, 3: MATCHES["newstj-1021"].url}


def test_a_page_that_fails_skips_its_story_at_other_urls(seed_db) -> None:
    # Sputnik, October 19: the headlines put three decoys above the right page for claim A,
    # two of them one story at two URLs ("... открыли новую школу" and "...: в Худжанде").
    # Once one URL of the story fails, the other is skipped; the right page, found on the
    # third fetch, settles the group's other reference (claim C), which ranks it ninth.
    fetched = replays(seed_db, [4, 9])
    right = MATCHES["sputnik-1019"].url
    assert expected_urls()[4] == expected_urls()[9] == right
    assert verified(seed_db) == {4: right, 9: right}
    school, other_school = SCHOOL
    assert fetched == ["http://sputnik-tj.com/", school, RESCUERS, right]
    assert other_school not in fetched


def test_windows_of_one_domain_far_apart_share_one_query() -> None:
    aug, oct_ = dt.date(2016, 8, 11), dt.date(2016, 10, 20)
    targets = [_target(1, "news.tj", aug), _target(2, "news.tj", oct_), _target(3, "x.tj", aug)]
    news, other = coalesce(targets)
    assert (news.domain, news.ref_ids, other.ref_ids) == ("news.tj", [1, 2], [3])
    assert news.spans == [(aug - DAY, aug + 3 * DAY), (oct_ - DAY, oct_ + 3 * DAY)]
    assert len(news.days) == 10 and len(other.spans) == 1
    # Spans that cover more than MAX_WINDOW_DAYS days in all take a second query.
    many = [_target(n, "news.tj", aug + 7 * n * DAY) for n in range(8)]
    assert [len(w.days) for w in coalesce(many)] == [30, 10]


@pytest.mark.parametrize("server", ["pywb", "ia"])
def test_one_query_answers_what_two_windows_did(server: str, request) -> None:
    # The same rows as the two windows asked apart, and only theirs, from a real pywb
    # (a "~timestamp:" regex filter) and the IA-format server (a whole-value regex).
    archive = request.getfixturevalue("pywb_archive" if server == "pywb" else "ia_archive")
    aug, oct_ = dt.date(2016, 8, 11), dt.date(2016, 10, 20)
    (merged,) = coalesce([_target(1, "news.tj", aug), _target(2, "news.tj", oct_)])
    apart = [DomainWindow("news.tj", a, b, [n], [(a, b)]) for n, (a, b) in enumerate(merged.spans)]
    one = _rows(window_query(archive.cdx_url, merged).url)
    two = [row for window in apart for row in _rows(window_query(archive.cdx_url, window).url)]
    assert len(one) > 10 and sorted(one) == sorted(two)
    assert {row[0][:6] for row in one} == {"201608", "201610"}
    assert "timestamp" in urlsplit(window_query(archive.cdx_url, merged).url).query
    assert not any(
        "timestamp" in urlsplit(window_query(archive.cdx_url, w).url).query for w in apart
    )


DAY = dt.timedelta(days=1)


def _target(rid: int, domain: str, day: dt.date) -> Target:
    window = (day - DAY, day + 3 * DAY)
    return Target(rid, "", domain, day, day.isoformat(), [domain], None, window)


def _rows(url: str) -> list[tuple[str, str]]:
    """(timestamp, original) of every row a CDX query answers."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return [(r.timestamp, r.original) for r in parse_cdx(answer.read())]
