"""Which cited URLs a save run submits, and what a run says it did (``SaveSummary``).

A URL is submitted when its latest link check (outside outage runs) found it alive, it
has no capture in the configured CDX archive within ``save_days`` of its cited date, and
it was not saved (or submitted) in the last ``save_days`` days. A URL whose capture
lookup fails is not submitted (it is asked again next run); after ``breaker_threshold``
failed lookups in a row the archive is not asked again this run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..config import Settings
from ..errors import FetchError, ProvenanceError
from ..models import LinkVerdict
from ..net.fetch import Fetcher
from . import store as linkstore
from .lookups import Failures

ALIVE = frozenset({LinkVerdict.ALIVE, LinkVerdict.REDIRECTED})
SOURCE = "spn2"
SUBMITTING = "submitting"  # written before the submit, "pending" once the job is known


@dataclass
class SaveSummary:
    """What a save run did."""

    considered: int = 0  # alive cited URLs
    archived: int = 0  # a capture near the cited date exists already
    recent: int = 0  # saved (or submitted) in the last save_days days
    lookup_failed: int = 0  # capture lookup failed: not submitted, asked again next run
    submitted: int = 0
    saved: int = 0
    failed: int = 0  # jobs that ended in an error
    pending: int = 0  # jobs still pending at save_job_timeout
    left: int = 0  # not submitted because submitting stopped (quota, 429, keys)
    stopped: str | None = None  # why submitting stopped early
    stop_kind: str | None = None  # "keys" (refused), "network" (unreachable), "limit"
    skipped: str | None = None  # why nothing was done at all (no keys, offline)
    captures: dict[str, str] = field(default_factory=dict)  # URL -> new archive URL

    def __str__(self) -> str:
        if self.skipped:
            return self.skipped
        line = (
            f"save: {self.considered} alive cited URLs, {self.archived} already archived, "
            f"{self.recent} saved recently, {self.submitted} submitted: {self.saved} saved, "
            f"{self.failed} failed, {self.pending} still pending"
        )
        if self.lookup_failed:
            line += f"; {self.lookup_failed} not submitted (capture lookup failed)"
        if self.stopped:
            line += f"; stopped: {self.stopped} ({self.left} left for the next run)"
        return line


# ---------------------------------------------------------------- which URLs


def alive_cited_urls(db: Database) -> list[tuple[str, dt.date | None]]:
    """Cited URLs whose latest check (outside outage runs) was alive, with their cited date."""
    rows = db.execute(
        "select url, min(cited_date) from url_uses where kind = 'citation' group by url"
    ).fetchall()
    history = linkstore.load_history(db)
    out = []
    for url, cited in rows:
        checks = history.get(url)
        if checks and checks[-1].verdict in ALIVE:
            out.append((url, _day(cited)))
    return out


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def pending_saves(db: Database) -> list[tuple[int, str, str]]:
    """``(row id, url, job id)`` of the jobs still pending when their run ended."""
    rows = db.execute(
        "select id, url, job_id from saves where status = 'pending' and job_id is not null"
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def recently_saved(db: Database, since: dt.datetime) -> set[str]:
    """URLs saved, or submitted and still pending (or not known to be), since ``since``."""
    rows = db.execute(
        "select distinct url from saves where status in ('success', 'pending', 'submitting')"
        " and submitted_at >= ?",
        [linkstore.iso(since)],
    )
    return {r[0] for r in rows}


def archived_near(
    fetcher: Fetcher, settings: Settings, url: str, cited: dt.date | None, today: dt.date
) -> bool:
    """Whether the CDX archive holds a 200 capture within save_days of the cited date
    (of today, for a URL without a date).

    Raises:
        FetchError: the lookup failed (ArchiveLookupError for a malformed answer).
    """
    from ..archive.cdx import cdx_query_url, parse_cdx

    days = dt.timedelta(days=settings.save_days)
    anchor = cited or today
    query = cdx_query_url(settings.cdx_url, url, start=anchor - days, end=anchor + days, limit=5)
    result = fetcher.get(query, trusted=True)
    if result.status != 200:
        raise FetchError(f"CDX answered HTTP {result.status}", kind="http")
    return any(r.statuscode == "200" for r in parse_cdx(result.body))


def unarchived(
    db: Database, fetcher: Fetcher, settings: Settings, now: dt.datetime, summary: SaveSummary
) -> list[tuple[str, dt.date | None]]:
    """The alive cited URLs to submit: not saved recently, no capture near their cited date.
    ``summary`` counts them all (considered) and the others (recent, archived, lookup failed)."""
    alive = alive_cited_urls(db)
    summary.considered = len(alive)
    recent = recently_saved(db, now - dt.timedelta(days=settings.save_days))
    todo, failed = [], Failures(settings.breaker_threshold)
    for url, cited in alive:
        if url in recent:
            summary.recent += 1
            continue
        if not failed.asks():  # the archive failed threshold times in a row: not asked now
            summary.lookup_failed += 1
            continue
        try:
            found = archived_near(fetcher, settings, url, cited, now.date())
        except (FetchError, ProvenanceError) as exc:
            failed.add("save: capture", url, exc)
            summary.lookup_failed += 1
            continue
        failed.answered()
        if found:
            summary.archived += 1
        else:
            todo.append((url, cited))
    failed.say()  # one line for them all
    return todo
