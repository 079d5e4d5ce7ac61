"""Cross-language verification against a real pywb: a right page that only paraphrases the
English claim verifies, same-day decoys on the same topic never do (tests/data/warc/crosslang)."""

from __future__ import annotations

import pytest

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from tests.data.warc.crosslang import CASES, DAY
from tests.fixtures.store import add_reference


def _add(db, rid: int, case) -> None:
    add_reference(db, rid, case.claim, case.domain, DAY)


@pytest.fixture(scope="module")
def crosslang_checks(pywb_archive, tmp_path_factory):
    from tests.fixtures.archive import make_seed_db

    db = make_seed_db(tmp_path_factory.mktemp("xl") / "xl.db")
    ids = {case.lang: 500 + n for n, case in enumerate(CASES)}
    for case in CASES:
        _add(db, ids[case.lang], case)
    settings = Settings(
        cdx_url=pywb_archive.cdx_url, replay_url=pywb_archive.replay_url, rate_limits={}
    )
    check.run_check(db, settings, reference_ids=list(ids.values()))
    checks = checkstore.load_checks(db)
    yield {lang: checks[rid] for lang, rid in ids.items()}
    db.close()


@pytest.mark.parametrize("case", CASES, ids=[c.lang for c in CASES])
def test_paraphrase_verifies_and_same_day_decoys_do_not(crosslang_checks, case) -> None:
    result = crosslang_checks[case.lang]
    assert result.status == "verified" and result.best.original_url == case.right.url
    # The decoys were captured closer to noon: fetched and scored first, none verified.
    scored = {c.original_url: c for c in result.others if c.score is not None}
    assert set(scored) == {d.url for d in case.decoys}
    assert not any(c.verified for c in scored.values())
    assert max(c.score for c in scored.values()) < result.best.score
    # The verdict says what it rests on, in the page's own words.
    rests = result.best.reasons[0]
    assert rests.startswith("verified: date exact; matched ") and "(" in rests, rests
