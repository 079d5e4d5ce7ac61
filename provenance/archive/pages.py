"""Fetch candidate pages in rank order, stop early, and share pages between references.

Replay fetches are nearly all of a check's requests, and the Internet Archive allows about
one request every 2.5 s. So each reference fetches its candidates one at a time, best ranked
first, and stops as soon as a page verifies by a clear margin (:data:`STOP_MARGIN` above the
threshold): below it, a better page further down could still turn the verdict, so the next
candidate is fetched too. A page fetched for one reference is scored for every reference
that lists it, at no cost. References to the same outlet and day (a *group*) take turns: the
first fetches while the others wait, then each starts from the pages already fetched, so a
verified page is shared; and after a whole search found nothing, the others of its group
fetch only :data:`AFTER_NOTHING_HERE` page of their own ("nothing here" is shared too).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import Candidate

LOGGER = logging.getLogger(__name__)

STOP_MARGIN = 0.1  # a page this far above the verify threshold ends a reference's search
# After another reference of the same outlet and day found nothing in its whole budget,
# a reference fetches only this many pages of its own beyond those already fetched.
AFTER_NOTHING_HERE = 1

# Replay fetches per outlet and day in the dense benchmark (home page included): the plan
# line's estimate.
FETCHES_PER_GROUP = 2.4

Examine = Callable[[Any, Candidate, Any], None]  # (target, candidate, page or error)
FetchRound = Callable[[list[str]], dict[str, Any]]  # archive URLs -> page or error


@dataclass
class Search:
    """One reference's walk down its ranked candidates."""

    target: Any
    group: Any
    candidates: list[Candidate]
    budget: int  # candidates of its own ranking it may fetch or score
    seen: set[str] = field(default_factory=set)  # archive URLs scored for it
    spent: int = 0
    done: bool = False
    trimmed: bool = False  # its budget was cut after another search found nothing here

    def settled(self, threshold: float) -> bool:
        """Whether the search can stop: nothing left to try, or a verified page that no
        unfetched candidate could overturn.

        A verified page settles it when every candidate ranked above it was scored (a page
        fetched for another reference may rank lower), and either it verified by
        :data:`STOP_MARGIN` or every unfetched candidate carries fewer claim words in its
        slug and headline (:attr:`Candidate.hint`) than it does.
        """
        if self.next_url() is None:
            return True
        rest = [c for c in self.candidates[: self.budget] if c.archive_url not in self.seen]
        for cand in self.candidates:
            if not cand.verified:
                continue
            if any(c.archive_url not in self.seen for c in self.candidates[: cand.rank]):
                continue
            sure = (cand.score or 0.0) >= threshold + STOP_MARGIN
            if sure or all(c.hint < cand.hint for c in rest):
                return True
        return False

    def next_url(self) -> str | None:
        """The best-ranked candidate not scored yet, within the budget."""
        if self.spent >= self.budget:
            return None
        for cand in self.candidates[: self.budget]:
            if cand.archive_url not in self.seen:
                return cand.archive_url
        return None


def expected_fetches(targets: Iterable[Any], settings: Any) -> int:
    """The page fetches a check is expected to make, for the plan line.

    Args:
        targets: the targets to check (``url``, ``domains``, ``date``, ``queries``).
        settings: ``content_check``.

    Returns:
        :data:`FETCHES_PER_GROUP` per outlet and day searched, plus one per URL reference
        when its content is read.
    """
    groups: set[Any] = set()
    urls = 0
    for target in targets:
        if target.url:
            urls += 1 if settings.content_check else 0
        elif target.queries:
            groups.add((tuple(target.domains), target.date, target.window))
    return round(len(groups) * FETCHES_PER_GROUP) + urls


def fetch_in_rank_order(
    searches: Iterable[Search],
    fetch_round: FetchRound,
    examine: Examine,
    threshold: float,
) -> int:
    """Fetch and score candidates until every search has settled.

    Each round every group's active search asks for its next page; the pages come back
    together (the fetcher keeps the archive's pace). Pages already fetched are scored first.

    Args:
        searches: one per reference, candidates in rank order.
        fetch_round: fetches a list of archive URLs (redirects inside the archive followed).
        examine: scores one page for one reference's candidate.
        threshold: the verify threshold.

    Returns:
        How many pages were fetched.
    """
    pending = list(searches)
    pages: dict[str, Any] = {}
    nothing_here: set[Any] = set()  # groups where a whole search verified nothing
    fetched = 0
    while True:
        wanted: list[str] = []
        busy: set[Any] = set()
        for search in pending:
            if search.done or search.group in busy:
                continue
            _score_fetched(search, pages, examine)
            if search.group in nothing_here and not search.trimmed:
                search.budget = min(search.budget, search.spent + AFTER_NOTHING_HERE)
                search.trimmed = True
            if search.settled(threshold):
                search.done = True
                if not search.trimmed and not any(c.verified for c in search.candidates):
                    nothing_here.add(search.group)
                continue
            busy.add(search.group)  # the others of its group wait for what it finds
            url = search.next_url()
            if url and url not in wanted:
                wanted.append(url)
        pending = [s for s in pending if not s.done]
        if not wanted:
            return fetched
        pages.update(fetch_round(wanted))
        fetched += len(wanted)


def _score_fetched(search: Search, pages: dict[str, Any], examine: Examine) -> None:
    """Score the candidates of a search (within its budget) whose page is already here."""
    for cand in search.candidates[: search.budget]:
        url = cand.archive_url
        if url in pages and url not in search.seen:
            search.seen.add(url)
            search.spent += 1
            examine(search.target, cand, pages[url])
