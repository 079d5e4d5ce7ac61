"""What a check costs on a dense archive (tests/data/warc/dense.py): the replay requests a
loopback IA-format server saw, per reference and for references sharing an outlet and day."""

from __future__ import annotations

import functools
from pathlib import Path

from provenance.archive import run as check
from provenance.archive import store as checkstore
from tests.data.warc.corpus import CLAIM, MATCHES, Capture
from tests.fixtures.archive import IAArchive, expected_urls, make_seed_db
from tests.servers import LocalServer
from tests.test_check import ia_settings

NEWS_TJ_OCT_20 = MATCHES["newstj-1020"].url
# On News.tj, October 20, a crowd page tells of the defence minister, General Sharali
# Mirzo: claim J's names and title words, a near miss that scores above the stop margin.
MIRZO_DECOY = "http://news.tj/ru/news/tajikistan/security/20161020/233387"
SPUTNIK = "http://sputnik-tj.com/politics/20161019/"
# Two stories each published at two URLs that day (the second title adds ": в Худжанде").
SAME_STORY = (
    (f"{SPUTNIK}1020873803.html", f"{SPUTNIK}1020873434.html"),
    (f"{SPUTNIK}1020873528.html", f"{SPUTNIK}1020873309.html"),
)


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
    year, month, day = (int(p) for p in date.split("-"))
    db["claims"].insert(
        {"id": rid, "document_id": 1, "paragraph": rid, "sentence": 0, "text": CLAIM[claim]}
    )
    db["citations"].insert({"id": rid, "document_id": 1, "claim_id": rid, "raw": domain})
    db["references"].insert(
        {
            "id": rid,
            "document_id": 1,
            "claim_id": rid,
            "citation_id": rid,
            "outlet": domain,
            "outlet_id": outlet_id,
            "domain": domain,
            "date": date,
            "year": year,
            "month": month,
            "day": day,
        }
    )


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
    # Sputnik, October 19: the headlines put four decoys above the right page, two of them
    # the same story twice ("... открыли новую школу" and "...: в Худжанде"). Once one URL
    # of a story fails, the other is skipped, and the right page is reached within the
    # budget of five; its find settles the group's other reference (claim C).
    fetched = replays(seed_db, [4, 9])
    right = MATCHES["sputnik-1019"].url
    assert verified(seed_db) == {4: right, 9: right}
    assert expected_urls()[4] == expected_urls()[9] == right
    assert fetched[0] == "http://sputnik-tj.com/" and fetched[-1] == right
    school, border = SAME_STORY
    assert school[0] in fetched and border[0] in fetched
    assert school[1] not in fetched and border[1] not in fetched
    assert len(fetched) == 5  # the home page, three decoys, the right page
