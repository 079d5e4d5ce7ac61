"""One batch of a check: archive queries, candidate fetches, scoring and verdicts.

:class:`CheckRun` takes targets with their queries planned (:mod:`.targets`), asks the
archive for captures, fetches candidates in rank order (:mod:`.pages`), scores them
(:mod:`.verify`) and turns what it found into one :class:`~provenance.models.ReferenceCheck`
per target; :func:`provenance.archive.run.run_check` drives it batch by batch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..errors import ArchiveLookupError, ProvenanceError
from ..models import Candidate, ReferenceCheck
from ..net.fetch import host_key
from . import cdx, hints, pages
from . import client as archive
from . import store as checkstore
from .captures import closest_capture, memento_candidate, rank_captures
from .cdx import CdxRow
from .client import ArchiveClient, Request
from .failures import failure_cause
from .store import CachedResponse
from .targets import Target, plan_queries

OTHERS_KEPT = 8  # candidates stored besides the best one
VAGUE_DATE_NOTE = "cited date too vague to search captures (no month and day)"
ARCHIVED_NOTE = "the cited URL's capture closest to the cited date; content not read"
ACCESS_ONLY_NOTE = "only an access date is known: it does not date the publication"
FAR_DAYS = 365  # an archived capture further from the cited date than this is said to be


def _far_from(timestamp: str, cited: dt.date | None) -> str:
    """A caveat for the note when the capture is over FAR_DAYS from the cited date: the
    page at that URL then may not be the article cited."""
    try:
        taken = dt.date(int(timestamp[:4]), int(timestamp[4:6]), int(timestamp[6:8]))
    except ValueError:
        return ""
    if cited is None or abs((taken - cited).days) <= FAR_DAYS:
        return ""
    years = abs((taken - cited).days) / 365.25
    side = "before" if taken < cited else "after"
    return f"; but captured {years:.1f} years {side} the cited date: is it the article cited?"


def lookup_failure(error: ProvenanceError) -> str:
    """One line for an error verdict: the cause, without the URL (references share it)."""
    return failure_cause(str(error))


@dataclass
class Discovery:
    """What the archive queries gave one target: ranked candidates, or why there are none."""

    candidates: list[Candidate] = field(default_factory=list)
    closest: Candidate | None = None
    errors: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)  # the domains searched so far
    status: str | None = None  # set when the verdict is known without fetching pages
    note: str | None = None
    cdx_url: str | None = None
    rows: list[CdxRow] = field(default_factory=list)  # the domain search's captures


class CheckRun:
    """Checks batches of targets: queries, candidate fetches, scoring and verdicts."""

    def __init__(self, client: ArchiveClient, settings: Settings):
        self.client, self.settings = client, settings
        self.trusted = set(archive.trusted_archive_hosts(settings))
        self._answers: dict[str, CachedResponse | ProvenanceError] = {}
        self._rows: dict[str, list[CdxRow]] = {}
        self._labels: dict[int, str] = {}
        self._hops: dict[str, str] = {}  # replay URL -> the archive URL it redirected to

    def label(self, ref_id: int) -> str:
        """Progress text of a reference."""
        return self._labels.get(ref_id, str(ref_id))

    def check_batch(self, batch: list[Target]) -> list[ReferenceCheck]:
        """Look up, fetch, score and judge a batch of targets (fetches run in parallel).

        Args:
            batch: targets with their queries planned.

        Returns:
            One ReferenceCheck per target, in order.
        """
        self._labels.update({t.ref_id: t.label for t in batch})
        found: dict[int, Discovery] = {}
        pending, depth = batch, 0
        while pending:
            # Fallback domains are asked only for targets the better domains gave nothing.
            if depth:
                self.plan(pending, depth)
            queries = [q for t in pending for q in t.queries if q.key not in self._answers]
            cdx = [q for q in queries if "/timemap/" not in q.url]
            self._answers.update(self.client.get_many(cdx, validate=self._validate_cdx))
            self._answers.update(self.client.get_many([q for q in queries if q not in cdx]))
            for target in pending:
                found[target.ref_id] = self._discover(target, depth)
            depth += 1
            pending = [
                t
                for t in pending
                if len(t.domains) > depth
                and not t.url
                and not found[t.ref_id].candidates
                and not found[t.ref_id].errors
                and not found[t.ref_id].status
            ]
        self._rank_by_home_pages(batch, found)
        self._fetch_pages({t.ref_id: t for t in batch}, found)
        return [self._verdict(t, found[t.ref_id]) for t in batch]

    def plan(self, targets: list[Target], depth: int = 0) -> None:
        """Set the targets' archive queries for one domain depth (Common Crawl's run differs)."""
        plan_queries(targets, self.settings, depth)

    def _validate_cdx(self, response: CachedResponse) -> None:
        """Parse a CDX answer once; a malformed one raises (and is not cached)."""
        if response.status == 200:
            self._cdx_rows(response)

    def _cdx_rows(self, response: CachedResponse) -> list[CdxRow]:
        """The parsed rows of a CDX answer (parsing cached answers on first use)."""
        if response.url not in self._rows:
            self._rows[response.url] = cdx.parse_cdx(response.body)
        return self._rows[response.url]

    def _discover(self, target: Target, depth: int = 0) -> Discovery:
        """Turn a target's query answers (for one domain depth) into ranked candidates."""
        found = Discovery(
            cdx_url=target.queries[0].url if target.queries else None,
            domains=[] if target.url else target.domains[: depth + 1],  # a URL: no domain searched
        )
        # 1. Nowhere to look.
        if (nowhere := target.nowhere) is not None:
            found.status = nowhere
            return found
        # 2. Only an access date, or a year-only (or missing) date: nothing bounds a domain
        #    search (an access date says when the author read the source, not when it was
        #    published).
        if not target.queries:
            found.status = "vague-date"
            found.note = ACCESS_ONLY_NOTE if target.access_only else VAGUE_DATE_NOTE
            return found
        rows: list[CdxRow] = []
        for query in target.queries:
            answer = self._answers[query.key]
            try:
                if isinstance(answer, ProvenanceError):
                    raise answer
                if "/timemap/" in query.url:
                    found.closest = self._from_timemap(target, answer)
                elif answer.status == 200:
                    rows += self._cdx_rows(answer)
                else:
                    raise ArchiveLookupError(f"CDX answered HTTP {answer.status}: {query.url}")
            except ProvenanceError as exc:
                found.errors.append(lookup_failure(exc))
        # 3. A URL reference: the capture closest to the cited date (IABot's rule); the
        #    index decides, the page is read only with --content-check.
        if target.url:
            if found.closest is None:
                found.closest = closest_capture(rows, target.cited, self.settings.replay_url)
            found.candidates = [found.closest] if found.closest else []
            if found.closest and not found.errors and not self.settings.content_check:
                far = _far_from(found.closest.timestamp, target.cited.anchor_day)
                found.status, found.note = "archived", ARCHIVED_NOTE + far
        else:
            found.candidates = rank_captures(rows, target.cited, self.settings.replay_url)
            found.rows = rows
        return found

    def _from_timemap(self, target: Target, answer: CachedResponse) -> Candidate | None:
        """The memento closest to the cited date from a TimeMap, or via the TimeGate."""
        if answer.status == 404:
            return None
        if answer.status == 200:
            text = answer.body.decode("utf-8", errors="replace")
            links = archive.parse_link_format(text)
            if text.strip() and not any("rel" in params for _uri, params in links):
                raise ArchiveLookupError(f"malformed TimeMap: {answer.url}")
            memento = archive.closest_memento(
                archive.mementos_from_links(text), target.cited.anchor_day
            )
            return memento_candidate(memento) if memento else None
        if answer.status in (400, 405, 501):  # no TimeMap here: ask the TimeGate instead
            memento = archive.timegate(
                self.client,
                self.settings.memento_url or "",
                target.url or "",
                target.cited.anchor_day,
            )
            return memento_candidate(memento) if memento else None
        raise ArchiveLookupError(f"TimeMap answered HTTP {answer.status}: {answer.url}")

    def _request(self, url: str) -> Request:
        """A replay request; hosts the user did not configure are not trusted."""
        return Request(url, trusted=host_key(url) in self.trusted)

    def _rank_by_home_pages(self, batch: list[Target], found: dict[int, Discovery]) -> None:
        """Re-rank by the cited day's home-page headlines where URLs say too little."""
        hints.rank_by_home_pages(
            [(t, found[t.ref_id]) for t in batch if not found[t.ref_id].status],
            self._fetch_round,
            self.settings.replay_url,
        )

    def _fetch_pages(self, targets: dict[int, Target], found: dict[int, Discovery]) -> None:
        """Fetch candidates in rank order, each reference until a page settles it
        (:mod:`provenance.archive.pages`); references to the same outlet and day share."""
        searches = [
            pages.Search(
                targets[ref_id],
                (tuple(d.domains), targets[ref_id].date, targets[ref_id].window),
                d.candidates,
                self.settings.max_candidates,
            )
            for ref_id, d in found.items()
            if d.candidates and not d.status
        ]
        pages.fetch_in_rank_order(
            searches, self._fetch_round, self._examine, self.settings.verify_threshold
        )

    def _fetch_round(self, urls: list[str]) -> dict[str, Any]:
        """Fetch archive URLs together, following redirects that stay inside the archive."""
        out: dict[str, Any] = {}
        hops: dict[str, str] = {}
        for url, page in self.client.iter_many(self._request(u) for u in urls):
            to = (
                cdx.archive_redirect(page, self.settings.replay_url)
                if isinstance(page, CachedResponse)
                else None
            )
            if to:
                hops[to] = url
                continue
            out[url] = page
        for to, page in self.client.iter_many(self._request(u) for u in hops):
            self._hops[hops[to]] = to
            out[hops[to]] = page
        return out

    def _verdict(self, target: Target, found: Discovery) -> ReferenceCheck:
        """Score the fetched candidates and decide the verdict."""
        check = ReferenceCheck(
            reference_id=target.ref_id,
            status=found.status or "candidates",
            cdx_url=found.cdx_url,
            domains=found.domains,
            note=found.note,
            target_key=target.key,
            checked_at=checkstore.now_iso(),
            closest=found.closest,
        )
        if found.status:
            return check
        # Candidates fetched (or tried); the rest were never needed.
        tried = [c for c in found.candidates if c.http_status is not None or c.error]
        # A tried candidate without an HTTP status was never answered (limit, timeout, offline).
        failed = [c for c in tried if c.http_status is None]
        ranked = sorted(tried, key=lambda c: (not c.verified, -(c.score or 0.0), c.rank))
        rest = ranked[1:] + [c for c in found.candidates if c not in tried]
        check.best, check.others = (ranked[0] if ranked else None), rest[:OTHERS_KEPT]
        errors = found.errors + [c.error or "" for c in failed]
        # 1. A candidate matched: verified, whatever else failed.
        if check.best and check.best.verified:
            check.status = "verified"
        # 2. Something failed and nothing matched: retry next run, never "no captures".
        elif errors:
            check.status, check.error = "error", "; ".join(dict.fromkeys(errors))
        # 3. Nothing archived in the window.
        elif not found.candidates:
            check.status, check.best = "no-captures", None
        # 4. Captures exist, none matched well enough.
        else:
            check.status = "candidates"
        return check

    def _examine(self, target: Target, cand: Candidate, page: Any) -> bool:
        """Fill a candidate from its replayed capture; True when the lookup itself failed."""
        # 1. The request failed (limit, timeout, offline miss): the page may still be the one.
        if isinstance(page, ProvenanceError) or page is None:
            cand.error = lookup_failure(page) if page else "not fetched"
            return True
        cand.http_status = page.status
        landed = self._hops.get(cand.archive_url)
        if landed:  # record the capture actually replayed, not the one the CDX listed
            stamp = cdx.MEMENTO_STAMP.search(landed)
            cand.archive_url, cand.timestamp = landed, stamp.group(1) if stamp else cand.timestamp
        archived = page.header("Memento-Datetime") is not None
        # 2. An archived redirect pointing at the live web, or an archived error page.
        if page.status != 200:
            location = page.header("Location")
            if location:
                cand.error = f"archived redirect ({page.status}) to {location}"
            elif archived:
                cand.error = f"archived HTTP {page.status} page"
            else:
                cand.error = f"not in the archive (HTTP {page.status})"
            cand.score, cand.reasons = 0.0, [cand.error]
            return False
        # 3. A capture: score it against the claim.
        self._score(target, cand, page)
        return False

    def _score(self, target: Target, cand: Candidate, page: CachedResponse) -> None:
        """Score a capture with verify.py and copy the facts onto the candidate."""
        from . import verify

        charset = CHARSET.search(page.header("Content-Type") or "")
        try:
            facts = verify.page_facts(
                page.body, url=cand.original_url, encoding=charset.group(1) if charset else None
            )
            score = verify.score_candidate(
                target.claim,
                None if target.url_dated else target.date,
                facts,
                url=cand.original_url,
                capture_date=_capture_date(cand.timestamp),
                title=target.title,
            )
        except (ValueError, LookupError, UnicodeError) as exc:
            cand.error, cand.score = f"cannot read page: {exc}", 0.0
            return
        cand.score = round(float(score.value), 3)
        cand.reasons = [str(r) for r in score.reasons]
        cand.components = {str(k): round(float(v), 3) for k, v in dict(score.components).items()}
        cand.verified = bool(verify.is_verified(score, self.settings.verify_threshold))
        if cand.verified:  # what the verdict rests on, first
            cand.reasons.insert(0, verify.rests_on(score))
        cand.title = getattr(facts, "title", None)
        page_date = getattr(facts, "date", None)
        cand.page_date = page_date.isoformat() if hasattr(page_date, "isoformat") else page_date


CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _capture_date(timestamp: str) -> dt.date | None:
    """The day of a 14-digit capture timestamp."""
    try:
        return dt.datetime.strptime(timestamp[:8], "%Y%m%d").date()
    except ValueError:
        return None
