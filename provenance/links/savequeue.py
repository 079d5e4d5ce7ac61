"""Which cited URLs a save run submits, and what a run says it did (``SaveSummary``).

A URL is submitted when its latest link check (outside outage runs) found it alive, it
has no capture in the configured CDX archive within ``save_days`` of its cited date, and
it was not saved (or submitted) in the last ``save_days`` days. A URL whose capture
lookup fails is not submitted (it is asked again next run); after ``breaker_threshold``
failed lookups in a row the archive is not asked again this run.

Interrupted saves. A save's row is written "submitting" before Save Page Now is asked
(save.py says why), so a run killed between the two (Ctrl-C, kill, a locked database)
leaves a row that says neither whether the capture was asked for nor how it ended, and
the URL counted as saved for ``save_days``. The next run (save runs take turns: the
``save`` lock) resolves each such row of the last ``save_days`` days with one CDX lookup,
a capture of the URL since the row was written: one found makes the row a success with
that capture (and the URL's archived copy); none, and the URL is submitted again in the
same row when its latest check still finds it alive (else the row becomes an error, and
the URL is left to the rules above); a lookup that fails leaves the row "submitting",
asked again by the next run. The summary line counts each. Blind spot: a capture Save
Page Now made that the CDX index does not show yet (it can lag minutes, or hours) is not
seen, and the URL is submitted again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlite_utils import Database

from ..config import Settings
from ..errors import FetchError, ProvenanceError
from ..models import LinkVerdict
from ..net.fetch import Fetcher
from . import store as linkstore
from .lookups import Failures

if TYPE_CHECKING:
    from ..archive.cdx import CdxRow

ALIVE = frozenset({LinkVerdict.ALIVE, LinkVerdict.REDIRECTED})
SOURCE = "spn2"
SUBMITTING = "submitting"  # written before the submit, "pending" once the job is known
INTERRUPTED_DEAD = "interrupted before Save Page Now answered; no capture since; not alive now"


@dataclass
class SaveSummary:
    """What a save run did."""

    considered: int = 0  # alive cited URLs
    archived: int = 0  # a capture near the cited date exists already
    recent: int = 0  # saved before (or submitted in the last save_days days)
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
    # saves an earlier run left "submitting" (interrupted), and what became of them
    interrupted_captured: int = 0  # a capture since: the row is a success
    interrupted_again: int = 0  # no capture since: queued to be submitted again
    interrupted_dropped: int = 0  # no capture since, and no longer alive: the row an error
    interrupted_unknown: int = 0  # the lookup failed: left "submitting", asked next run

    def __str__(self) -> str:
        if self.skipped:
            return self.skipped
        line = (
            f"save: {self.considered} alive cited URLs, {self.archived} already archived, "
            f"{self.recent} saved before, {self.submitted} submitted: {self.saved} saved, "
            f"{self.failed} failed, {self.pending} still pending"
        )
        if self.lookup_failed:
            line += f"; {self.lookup_failed} not submitted (capture lookup failed)"
        if self.stopped:
            line += f"; stopped: {self.stopped} ({self.left} left for the next run)"
        return line + self._interrupted()

    def _interrupted(self) -> str:
        """ "; 2 interrupted saves resolved (1 captured since, 1 queued again)", or ""."""
        counts = [
            (self.interrupted_captured, "captured since"),
            (self.interrupted_again, "queued again"),
            (self.interrupted_dropped, "no longer alive"),
        ]
        resolved = sum(n for n, _ in counts)
        said = ", ".join(f"{n} {what}" for n, what in counts if n)
        out = f"; {_saves(resolved)} resolved ({said})" if resolved else ""
        if self.interrupted_unknown:
            out += f"; {_saves(self.interrupted_unknown)} left submitting (capture lookup failed)"
        return out


def _saves(count: int) -> str:
    return f"{count} interrupted save{'' if count == 1 else 's'}"


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


def recently_saved(db: Database, since: dt.datetime, now: dt.datetime | None = None) -> set[str]:
    """URLs saved at any time (their capture is the copy kept: a cited date long past has
    no capture near it, so without this they were saved again every ``save_days``),
    submitted since ``since`` and still pending (or not known to be), or whose last
    submissions failed lately (``failed_lately``)."""
    rows = db.execute(
        "select distinct url from saves where status = 'success'"
        " or (status in ('pending', 'submitting') and submitted_at >= ?)",
        [linkstore.iso(since)],
    )
    return {r[0] for r in rows} | failed_lately(db, since, now or dt.datetime.now(dt.UTC))


def failed_lately(db: Database, since: dt.datetime, now: dt.datetime) -> set[str]:
    """URLs whose last ``n`` submissions in a row failed, the last less than 2^(n-1) days
    ago (1, 2, 4... days, at most until ``since``): Save Page Now may refuse a URL every
    time ("error:blocked-url"), and a submission a night was spent on it from a daily
    quota; a passing fault (its service unavailable) is still retried the next day."""
    rows = db.execute(
        "select url, status, submitted_at from saves where submitted_at is not null"
        " order by url, submitted_at desc, id desc"
    )
    waiting: set[str] = set()
    for url, saves in itertools.groupby(rows, key=operator.itemgetter(0)):
        newest = next(saves)  # the newest submission first
        if newest[1] != "error":
            continue
        streak = 1 + sum(1 for _ in itertools.takewhile(lambda s: s[1] == "error", saves))
        wait = dt.timedelta(days=2 ** min(streak - 1, 16))
        if dt.datetime.fromisoformat(newest[2]) > max(now - wait, since):
            waiting.add(url)
    return waiting


def archived_near(
    fetcher: Fetcher, settings: Settings, url: str, cited: dt.date | None, today: dt.date
) -> bool:
    """Whether the CDX archive holds a 200 capture within save_days of the cited date
    (of today, for a URL without a date).

    Raises:
        FetchError: the lookup failed (ArchiveLookupError for a malformed answer).
    """
    days = dt.timedelta(days=settings.save_days)
    anchor = cited or today
    return bool(captures(fetcher, settings, url, anchor - days, anchor + days))


def captures(
    fetcher: Fetcher,
    settings: Settings,
    url: str,
    start: dt.date | dt.datetime,
    end: dt.date | None = None,
) -> list[CdxRow]:
    """The CDX archive's first few 200 captures of ``url`` from ``start`` (a day, or a
    second) to ``end`` (a day; None: to now); one request.

    Raises:
        FetchError: the lookup failed (ArchiveLookupError for a malformed answer).
    """
    from ..archive.cdx import cdx_query_url, parse_cdx

    query = cdx_query_url(settings.cdx_url, url, start=start, end=end, limit=5)
    result = fetcher.get(query, trusted=True)
    if result.status != 200:
        raise FetchError(f"CDX answered HTTP {result.status}", kind="http")
    rows = [r for r in parse_cdx(result.body) if r.statuscode == "200"]
    if isinstance(start, dt.datetime):  # a server that reads only the day: its later seconds
        rows = [r for r in rows if r.when >= start]
    return rows


# ---------------------------------------------------------------- interrupted saves


@dataclass(frozen=True)
class Interrupted:
    """A save row an earlier run left "submitting"."""

    row_id: int
    url: str
    submitted_at: dt.datetime


def interrupted_saves(db: Database, since: dt.datetime) -> list[Interrupted]:
    """The rows left "submitting" written since ``since`` (older ones hold nothing back)."""
    rows = db.execute(
        "select id, url, submitted_at from saves where status = ? and submitted_at >= ?"
        " order by id",
        [SUBMITTING, linkstore.iso(since)],
    )
    return [Interrupted(int(i), str(u), dt.datetime.fromisoformat(t)) for i, u, t in rows]


def resolve_interrupted(
    db: Database,
    fetcher: Fetcher,
    settings: Settings,
    since: dt.datetime,
    summary: SaveSummary,
    failed: Failures,
) -> dict[str, int]:
    """Ask the archive, once a row, for a capture since each interrupted save was written.

    A capture found makes the row a success (``record_capture``); a failed lookup leaves
    it "submitting". Both are counted in ``summary``.

    Returns:
        URL -> row id of the saves with no capture since: to submit again in that row.
    """
    again: dict[str, int] = {}
    for row in interrupted_saves(db, since):
        if not failed.asks():  # the archive failed threshold times in a row: not asked now
            summary.interrupted_unknown += 1
            continue
        try:
            found = captures(fetcher, settings, row.url, row.submitted_at)
        except (FetchError, ProvenanceError) as exc:
            failed.add("save: interrupted save's capture", row.url, exc)
            summary.interrupted_unknown += 1
            continue
        failed.answered()
        if found:
            capture = found[0]
            archive_url = record_capture(
                db, settings, row.row_id, row.url, capture.timestamp, capture.original
            )
            summary.captures[row.url] = archive_url
            summary.interrupted_captured += 1
        else:
            again[row.url] = row.row_id
    return again


def record_capture(
    db: Database, settings: Settings, row_id: int, url: str, stamp: str, original: str
) -> str:
    """A capture of ``url`` as its save row's success and the URL's archived copy (spn2).

    Returns:
        The capture's replay URL, ``<replay_url>/<stamp>/<original>``.
    """
    archive_url = f"{settings.replay_url.rstrip('/')}/{stamp}/{original}"
    now = dt.datetime.now(dt.UTC)
    values = {"status": "success", "timestamp": stamp, "archive_url": archive_url}
    db["saves"].update(row_id, values | {"error": None, "finished_at": linkstore.iso(now)})
    linkstore.save_replacement(db, url, archive_url, stamp, SOURCE, now)
    return archive_url


def unarchived(
    db: Database, fetcher: Fetcher, settings: Settings, now: dt.datetime, summary: SaveSummary
) -> list[tuple[str, dt.date | None, int | None]]:
    """The alive cited URLs to submit, as (url, cited date, row id to reuse or None): not
    saved before, no capture near their cited date, or an earlier run's interrupted save
    with no capture since. ``summary`` counts them all (considered) and the others (recent,
    archived, lookup failed), and the interrupted saves."""
    alive = alive_cited_urls(db)
    summary.considered = len(alive)
    since = now - dt.timedelta(days=settings.save_days)
    failed = Failures(settings.breaker_threshold)
    again = resolve_interrupted(db, fetcher, settings, since, summary, failed)
    recent = recently_saved(db, since, now)
    todo: list[tuple[str, dt.date | None, int | None]] = []
    for url, cited in alive:
        if url in again:  # interrupted, no capture since, alive: submitted again, same row
            todo.append((url, cited, again.pop(url)))
            summary.interrupted_again += 1
            continue
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
            todo.append((url, cited, None))
    for row_id in again.values():  # no longer alive: left to the rules above when it is
        db["saves"].update(row_id, {"status": "error", "error": INTERRUPTED_DEAD})
        summary.interrupted_dropped += 1
    failed.say()  # one line for them all
    return todo
