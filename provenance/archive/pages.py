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

Within a group the reference whose ranking is the most decisive (its first candidate leads
the second by the most claim words, one at least) searches first. A page it verified
*vouches* for the outlet and day: an author who cites one outlet on one day twice nearly
always cites one article, so when that page also verifies by the clear margin for another
reference of the group, it settles that reference too, whatever its own ranking put above
the page (headline words are a weaker signal than the page's own text and the group's own
find). When all pages are in, every reference scores those it lists that it has not
scored yet (no request).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..models import Candidate
from .hints import CLEAR_LEAD, has_slug
from .textmatch import words

LOGGER = logging.getLogger(__name__)

STOP_MARGIN = 0.1  # a page this far above the verify threshold ends a reference's search
# After another reference of the same outlet and day found nothing in its whole budget,
# a reference fetches only this many pages of its own beyond those already fetched.
AFTER_NOTHING_HERE = 1
# Headlines whose words are one within the other, and at least this share of the longer's,
# tell one story.
SAME_STORY_SHARE = 0.6

# Replay fetches per outlet and day in the dense benchmark (home page included): the plan
# line's estimate.
FETCHES_PER_GROUP = 1.7

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
    skipped: set[str] = field(default_factory=set)  # the same story as a page that failed
    stories: dict[str, frozenset[str]] = field(default_factory=dict)  # headline words, by URL

    def __post_init__(self) -> None:
        # Headline words before any fetch (scoring replaces a candidate's title).
        self.stories = {c.archive_url: story_words(c) for c in self.candidates}

    def live(self) -> list[Candidate]:
        """Its candidates in rank order, those skipped as a failed page's story left out."""
        return [c for c in self.candidates if c.archive_url not in self.skipped]

    def failed(self, cand: Candidate) -> None:
        """A page was read and did not verify: skip the other URLs of its story (the same
        headline, give or take a place name or an edition), which would fail the same way."""
        story = self.stories.get(cand.archive_url)
        for other in self.candidates:
            url = other.archive_url
            if url not in self.seen and same_story(story, self.stories.get(url)):
                self.skipped.add(url)

    @property
    def lead(self) -> float:
        """How many more claim words its first candidate carries than its second, when that
        is a clear lead (:data:`CLEAR_LEAD`), else 0: the most decisive ranking of a group
        searches first, the others in their order."""
        if len(self.candidates) < 2:
            return float("inf") if self.candidates else 0.0
        lead = self.candidates[0].hint - self.candidates[1].hint
        return lead if lead >= CLEAR_LEAD else 0.0

    def settled(self, threshold: float, vouched: Collection[str] = ()) -> bool:
        """Whether the search can stop: nothing left to try, or a verified page that no
        unfetched candidate could overturn.

        A verified page settles it when every candidate ranked above it was scored (a page
        fetched for another reference may rank lower), and either it verified by
        :data:`STOP_MARGIN` or every unfetched candidate carries fewer claim words in its
        slug and headline (:attr:`Candidate.hint`) than it does. A page that verified for
        another reference of the group (``vouched``) settles it when it verified by
        :data:`STOP_MARGIN`, wherever it ranks.
        """
        if self.next_url() is None:
            return True
        live = self.live()
        rest = [c for c in live[: self.budget] if c.archive_url not in self.seen]
        for cand in self.candidates:
            if not cand.verified:
                continue
            sure = (cand.score or 0.0) >= threshold + STOP_MARGIN
            if sure and cand.archive_url in vouched:
                return True
            if any(c.archive_url not in self.seen for c in live if c.rank < cand.rank):
                continue
            if sure or all(c.hint < cand.hint for c in rest):
                return True
        return False

    def best_verified(self) -> str | None:
        """The archive URL of its best-scored verified candidate, if any."""
        verified = [c for c in self.candidates if c.verified]
        if not verified:
            return None
        return max(verified, key=lambda c: (c.score or 0.0, -c.rank)).archive_url

    def next_url(self) -> str | None:
        """The best-ranked candidate not scored yet, within the budget."""
        if self.spent >= self.budget:
            return None
        for cand in self.live()[: self.budget]:
            if cand.archive_url not in self.seen:
                return cand.archive_url
        return None


def story_words(cand: Candidate) -> frozenset[str]:
    """The words of a candidate's headline: the home page's link text, else its URL slug."""
    if cand.title:
        return frozenset(words(cand.title))
    if has_slug(cand.original_url):
        segments = [s for s in urlsplit(cand.original_url).path.split("/") if s]
        return frozenset(words(segments[-1].replace("_", "-")))
    return frozenset()


def same_story(one: frozenset[str] | None, other: frozenset[str] | None) -> bool:
    """Whether two headlines tell one story: the shorter's words all in the longer, and at
    least :data:`SAME_STORY_SHARE` of the longer's ("School opened" and "School opened: in
    Khujand"; never a one-word headline inside a long one)."""
    if not one or not other:
        return False
    short, long = sorted((one, other), key=len)
    return short <= long and len(short) >= SAME_STORY_SHARE * len(long)


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
    searches = list(searches)
    pending = sorted(searches, key=lambda s: -s.lead)  # the most decisive of a group first
    pages: dict[str, Any] = {}
    state = _Groups()
    fetched = 0
    while True:
        wanted: list[str] = []
        busy: set[Any] = set()
        for search in pending:
            if search.done or search.group in busy:
                continue
            _score_fetched(search, pages, examine)
            if state.step(search, threshold):
                continue
            busy.add(search.group)  # the others of its group wait for what it finds
            url = search.next_url()
            if url and url not in wanted:
                wanted.append(url)
        pending = [s for s in pending if not s.done]
        if not wanted:
            for search in searches:  # pages fetched after it settled, for free
                _score_fetched(search, pages, examine)
            return fetched
        pages.update(fetch_round(wanted))
        fetched += len(wanted)


@dataclass
class _Groups:
    """What the searches of each outlet and day have learnt so far."""

    nothing_here: set[Any] = field(default_factory=set)  # a whole search verified nothing
    vouched: dict[Any, set[str]] = field(default_factory=dict)  # pages verified for a search

    def step(self, search: Search, threshold: float) -> bool:
        """Trim the search after "nothing here", and mark it done once it has settled.

        Returns:
            True when the search is done.
        """
        if search.group in self.nothing_here and not search.trimmed:
            search.budget = min(search.budget, search.spent + AFTER_NOTHING_HERE)
            search.trimmed = True
        if not search.settled(threshold, self.vouched.get(search.group, ())):
            return False
        search.done = True
        best = search.best_verified()
        if best:
            self.vouched.setdefault(search.group, set()).add(best)
        elif not search.trimmed:
            self.nothing_here.add(search.group)
        return True


def _score_fetched(search: Search, pages: dict[str, Any], examine: Examine) -> None:
    """Score the candidates of a search whose page is already here (those beyond its
    budget too, for free: only those within it count as spent)."""
    for index, cand in enumerate(search.candidates):
        url = cand.archive_url
        if url in pages and url not in search.seen:
            search.seen.add(url)
            search.spent += 1 if index < search.budget else 0
            examine(search.target, cand, pages[url])
            if cand.http_status == 200 and cand.score is not None and not cand.verified:
                search.failed(cand)
