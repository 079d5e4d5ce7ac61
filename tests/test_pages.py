"""Tests for provenance.archive.pages: when a reference's search stops."""

from __future__ import annotations

import pytest

from provenance.archive.pages import STOP_MARGIN, Search, fetch_in_rank_order
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
