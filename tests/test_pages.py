"""Tests for provenance.archive.pages: when a reference's search stops."""

from __future__ import annotations

import pytest

from provenance.archive.pages import (
    STOP_MARGIN,
    Search,
    fetch_in_rank_order,
    same_story,
    story_words,
)
from provenance.models import Candidate

THRESHOLD = 0.6


def cands(hints: list[float]) -> list[Candidate]:
    return [
        Candidate(f"http://x/{n}", "20161020120000", f"http://a/{n}", rank=n, hint=h)
        for n, h in enumerate(hints)
    ]


def run(hints: list[float], scores: dict[int, float], budget: int = 5) -> list[int]:
    """Fetch with fake pages scored from ``scores``; return the ranks fetched, in order."""
    search = Search(object(), "g", cands(hints), budget)
    fetched: list[int] = []

    def fetch_round(urls: list[str]) -> dict[str, int]:
        fetched.extend(int(u.rsplit("/", 1)[1]) for u in urls)
        return {u: int(u.rsplit("/", 1)[1]) for u in urls}

    def examine(_target: object, cand: Candidate, page: int) -> None:
        cand.score = scores.get(page, 0.1)
        cand.verified = cand.score >= THRESHOLD

    fetch_in_rank_order([search], fetch_round, examine, THRESHOLD)
    return fetched


@pytest.mark.parametrize(
    "hints, scores, fetched",
    [
        # a clear verification stops at once
        ([0, 0, 0], {0: THRESHOLD + STOP_MARGIN}, [0]),
        # a narrow one goes on while the next candidates look as good (no headlines)
        ([0, 0, 0], {0: THRESHOLD + 0.01}, [0, 1, 2]),
        # ... and stops when the rest carry fewer claim words
        ([2, 1, 1], {0: THRESHOLD + 0.01}, [0]),
        # nothing verifies: the budget ends it
        ([0, 0, 0, 0], {}, [0, 1, 2]),
        # a better page further down is still found
        ([1, 1, 0], {0: THRESHOLD + 0.01, 1: 0.95}, [0, 1]),
    ],
)
def test_search_stops_when_nothing_unfetched_could_overturn(hints, scores, fetched) -> None:
    assert run(hints, scores, budget=3) == fetched


def test_group_waits_for_its_first_reference() -> None:
    # Two references to one outlet and day: the second starts from the first one's pages.
    first, second = Search("a", "g", cands([0, 0]), 2), Search("b", "g", cands([0, 0]), 2)
    rounds: list[list[str]] = []

    def fetch_round(urls: list[str]) -> dict[str, int]:
        rounds.append(urls)
        return dict.fromkeys(urls, 1)

    def examine(_target: object, cand: Candidate, _page: int) -> None:
        cand.score, cand.verified = 0.9, True

    fetch_in_rank_order([first, second], fetch_round, examine, THRESHOLD)
    assert rounds == [["http://a/0"]]
    assert second.candidates[0].verified  # scored for free


def test_nothing_here_is_shared_within_a_group() -> None:
    # The first reference of an outlet and day verified nothing in its whole budget: the
    # second scores those pages for free and fetches one more of its own, not a budget.
    first = Search("a", "g", cands([0, 0, 0]), 3)
    second = Search("b", "g", [*cands([0, 0, 0]), *cands([0, 0, 0, 0, 0, 0])[3:]], 5)
    fetched: list[str] = []

    def fetch_round(urls: list[str]) -> dict[str, int]:
        fetched.extend(urls)
        return dict.fromkeys(urls, 1)

    def examine(_target: object, cand: Candidate, _page: int) -> None:
        cand.score, cand.verified = 0.1, False

    fetch_in_rank_order([first, second], fetch_round, examine, THRESHOLD)
    assert fetched == ["http://a/0", "http://a/1", "http://a/2", "http://a/3"]
    assert second.spent == 4 and second.trimmed


def test_a_page_vouched_for_by_the_group_settles_wherever_it_ranks() -> None:
    # The decisive search (a lead of two claim words) goes first although listed second;
    # its page, ranked third by the other, verifies for it by the margin: settled at once.
    vague = Search("a", "g", cands([1, 1, 0]), 3)
    sure = Search("b", "g", [cands([2, 0, 0])[n] for n in (2, 0, 1)], 3)
    for rank, cand in enumerate(sure.candidates):
        cand.rank = rank
    sure.candidates[0].hint, sure.candidates[1].hint = 2.0, 0.0
    fetched: list[str] = []

    def fetch_round(urls: list[str]) -> dict[str, str]:
        fetched.extend(urls)
        return {u: u for u in urls}

    def examine(_target: object, cand: Candidate, page: str) -> None:
        cand.score = THRESHOLD + STOP_MARGIN if page == "http://a/2" else 0.1
        cand.verified = cand.score >= THRESHOLD

    fetch_in_rank_order([vague, sure], fetch_round, examine, THRESHOLD)
    assert fetched == ["http://a/2"]
    assert vague.candidates[2].verified and vague.done


@pytest.mark.parametrize(
    "one, other, same",
    [
        ("School opened in Ishkashim", "School opened in Ishkashim: in Khujand", True),
        ("Border guards got cars", "Border guards got cars", True),
        ("Exercises", "Rescuers held exercises in Khatlon", False),
        ("School opened in Ishkashim", "Border guards got cars", False),
        ("", "Border guards got cars", False),
    ],
)
def test_same_story(one: str, other: str, same: bool) -> None:
    def story(title: str) -> frozenset[str]:
        return story_words(Candidate("http://x/1", "20161020120000", "a", title=title or None))

    assert same_story(story(one), story(other)) is same


def test_a_lead_of_less_than_one_claim_word_keeps_the_given_order() -> None:
    # Half a claim word (a country) is no clear lead: the group searches in the order given.
    others = [
        Candidate(f"http://x/{n}", "2016", f"http://b/{n}", rank=n, hint=h)
        for n, h in enumerate([1.35, 1])
    ]
    first, second = Search("a", "g", cands([1, 1]), 1), Search("b", "g", others, 1)
    rounds: list[list[str]] = []

    def fetch_round(urls: list[str]) -> dict[str, int]:
        rounds.append(urls)
        return dict.fromkeys(urls, 1)

    def examine(_target: object, cand: Candidate, _page: int) -> None:
        cand.score, cand.verified = 0.1, False

    fetch_in_rank_order([first, second], fetch_round, examine, THRESHOLD)
    assert rounds[0] == ["http://a/0"]


def test_pages_fetched_after_a_search_settled_are_scored_for_it() -> None:
    # Two outlets' searches list one page: the first settles on its own page before the
    # second fetches the shared one, which is then scored for the first too, for free.
    first = Search("a", "g1", cands([2, 0]), 2)
    second = Search("b", "g2", [cands([0, 0, 0])[n] for n in (2, 1)], 2)
    for rank, cand in enumerate(second.candidates):
        cand.rank = rank
    rounds: list[list[str]] = []

    def fetch_round(urls: list[str]) -> dict[str, str]:
        rounds.append(urls)
        return {u: u for u in urls}

    def examine(_target: object, cand: Candidate, page: str) -> None:
        cand.score = 0.9 if page == "http://a/0" else 0.3
        cand.verified = cand.score >= THRESHOLD

    fetch_in_rank_order([first, second], fetch_round, examine, THRESHOLD)
    assert rounds == [["http://a/0", "http://a/2"], ["http://a/1"]]
    assert first.candidates[1].score == 0.3  # fetched in the second round, for "b"


def test_a_vouched_page_below_the_margin_does_not_settle_another_reference() -> None:
    # The decisive search verifies page 2 clearly; for the other reference that page only
    # just verifies (under the margin) and ranks third: it still reads its own first two.
    sure = Search("b", "g", cands([3, 0, 0])[2:] + cands([3, 0, 0])[:2], 3)
    for rank, (cand, hint) in enumerate(zip(sure.candidates, (3.0, 0.0, 0.0))):
        cand.rank, cand.hint = rank, hint
    other = Search("a", "g", cands([1, 1, 0]), 3)
    fetched: list[str] = []

    def fetch_round(urls: list[str]) -> dict[str, str]:
        fetched.extend(urls)
        return {u: u for u in urls}

    def examine(target: object, cand: Candidate, page: str) -> None:
        clear = {"b": THRESHOLD + STOP_MARGIN, "a": THRESHOLD + 0.01}[str(target)]
        cand.score = clear if page == "http://a/2" else 0.1
        cand.verified = cand.score >= THRESHOLD

    fetch_in_rank_order([other, sure], fetch_round, examine, THRESHOLD)
    assert fetched == ["http://a/2", "http://a/0", "http://a/1"]
