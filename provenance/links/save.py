"""Save Page Now 2: submit alive, unarchived cited URLs, poll the jobs, keep the captures.

Which URLs: cited URLs (``url_uses`` kind ``citation``) whose latest link check (outside
outage runs) found them alive, with no capture in the configured CDX archive within
``save_days`` of their cited date, and not saved in the last ``save_days`` days. A URL
whose capture lookup fails is not submitted (it is asked again next run).

How: the user's S3-style keys (``IA_ACCESS_KEY``, ``IA_SECRET_KEY``) go in an
``Authorization: LOW <access>:<secret>`` header. Before submitting, ``/status/user`` says
how many captures may run at once (``available``) and how many are left today
(``daily_captures`` of ``daily_captures_limit``); no more than that is submitted. Each job
is polled (``/status/<job_id>``) until success or error, or until ``save_job_timeout``.
A 429 stops submitting for this run (never retried in a loop: Internet Archive blocks
clients that ignore 429s); 401/403 means the keys were refused. A new capture is stored in
``saves`` and as the URL's archived copy in ``link_replacements`` (source ``spn2``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..errors import FetchError, ProvenanceError
from ..models import LinkVerdict
from ..net.fetch import Fetcher, host_key
from . import store as linkstore
from .lookups import Failures
from .spn import SpnClient, int_of

LOGGER = logging.getLogger(__name__)

ALIVE = frozenset({LinkVerdict.ALIVE, LinkVerdict.REDIRECTED})
NO_KEYS = "save: IA_ACCESS_KEY and IA_SECRET_KEY are not set; nothing submitted"
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


# ---------------------------------------------------------------- submitting and polling


@dataclass
class Job:
    """A submitted capture being polled."""

    url: str
    row_id: int
    started: float


class Saver:
    """Submits URLs within the user's reported concurrency and daily quota, and polls jobs."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        client: SpnClient,
        summary: SaveSummary,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.db, self.settings, self.client, self.summary = db, settings, client, summary
        self.clock, self.sleep = clock, sleep
        self.jobs: dict[str, Job] = {}

    def run(self, queue: list[tuple[str, dt.date | None]]) -> None:
        """Submit every queued URL (or stop, saying why), then poll until no job is left."""
        todo = deque(queue)
        waited_since: float | None = None
        while todo and not self.summary.stopped:
            room = self._room()
            if room is None:
                break
            if room == 0 and not self.jobs:  # slots taken by other clients of this account
                waited_since = waited_since or self.clock()
                if self.clock() - waited_since > self.settings.save_job_timeout:
                    self._stop("no capture slot came free")
                    break
            for _ in range(min(room, len(todo))):
                if not self._submit(*todo[0]):
                    break
                todo.popleft()
            if todo and not self.summary.stopped:
                self._poll_round()
        while self.jobs and self.summary.stop_kind != "network":  # unreachable: next run
            self._poll_round()
        self.summary.left = len(todo)

    def _stop(self, why: str, kind: str = "limit") -> None:
        """Stop submitting; the summary line says why (once)."""
        self.summary.stopped, self.summary.stop_kind = why, kind

    def resume(self, pending: list[tuple[int, str, str]]) -> None:
        """Poll again the jobs an earlier run left pending: ``(row id, url, job id)``."""
        for row_id, url, job_id in pending:
            self.jobs[job_id] = Job(url, row_id, self.clock())

    def _room(self) -> int | None:
        """How many more jobs may start now (None: stop submitting)."""
        try:
            status, data = self.client.user_status()
        except (FetchError, ProvenanceError) as exc:
            self._stop(f"user status: {exc}", "network")
            return None
        if status != 200:
            self._stop(f"{_refusal(status, 'user status')} (HTTP {status})", _kind(status))
            return None
        used, limit = int_of(data, "daily_captures", 0), int_of(data, "daily_captures_limit", 10**6)
        if used >= limit:
            self._stop(f"daily quota used ({used} of {limit} captures)")
            return None
        return max(0, min(int_of(data, "available", 1), limit - used))

    def _submit(self, url: str, cited: dt.date | None) -> bool:
        """Submit one URL; False when submitting must stop (the URL stays queued).

        The row is written before the capture is asked for: a database that another
        run keeps locked stops the run before a capture is spent, and a capture spent
        when the job could not be recorded stays "submitting", which the next runs count
        as saved, instead of submitting the URL again.
        """
        row = {"url": url, "cited_date": cited.isoformat() if cited else None}
        row |= {"submitted_at": linkstore.iso(dt.datetime.now(dt.UTC)), "status": SUBMITTING}
        row_id = int(self.db["saves"].insert(row).last_pk or 0)
        try:
            status, data = self.client.submit(url)
        except (FetchError, ProvenanceError) as exc:
            self._stop(f"submit: {exc}", "network")
            status, data = 0, {}
        if status in (0, 401, 403, 429):
            self.db["saves"].delete(row_id)  # no capture was made
            if status:
                self._stop(f"{_refusal(status, 'submit')} (HTTP {status})", _kind(status))
            return False
        self.summary.submitted += 1
        job_id = str(data.get("job_id") or "")
        if status == 200 and job_id:
            self.db["saves"].update(row_id, {"job_id": job_id, "status": "pending"})
            self.jobs[job_id] = Job(url, row_id, self.clock())
            return True
        error = str(data.get("message") or data.get("status_ext") or f"HTTP {status}")
        self.db["saves"].update(row_id, {"status": "error", "error": error})
        self.summary.failed += 1
        LOGGER.warning("save: %s refused: %s", url, error)
        return True

    def _poll_round(self) -> None:
        """Wait save_poll seconds, then ask for the status of every job in flight."""
        self.sleep(self.settings.save_poll)
        for job_id, job in list(self.jobs.items()):
            try:
                status, data = self.client.job(job_id)
            except (FetchError, ProvenanceError) as exc:
                LOGGER.info("save: status of %s: %s", job.url, exc)
                status, data = 0, {}
            state = data.get("status") if status == 200 else None
            if status == 404:  # Save Page Now no longer knows the job
                state, data = "error", {"message": "job not found"}
            if state == "success":
                self._success(job, data)
            elif state == "error":
                self._finish(job, {"status": "error", "error": _job_error(data)})
                self.summary.failed += 1
            elif self.clock() - job.started > self.settings.save_job_timeout:
                self.summary.pending += 1  # the row stays pending: not resubmitted for a while
                LOGGER.warning(
                    "save: %s still pending after %g s", job.url, self.clock() - job.started
                )
            else:
                continue
            del self.jobs[job_id]

    def _success(self, job: Job, data: Mapping[str, Any]) -> None:
        """Record a new capture as the URL's archived copy."""
        stamp = str(data.get("timestamp") or "")
        original = str(data.get("original_url") or job.url)
        archive_url = f"{self.settings.replay_url.rstrip('/')}/{stamp}/{original}"
        self._finish(job, {"status": "success", "timestamp": stamp, "archive_url": archive_url})
        now = dt.datetime.now(dt.UTC)
        linkstore.save_replacement(self.db, job.url, archive_url, stamp, SOURCE, now)
        self.summary.saved += 1
        self.summary.captures[job.url] = archive_url
        LOGGER.info("save: %s -> %s", job.url, archive_url)

    def _finish(self, job: Job, values: dict[str, Any]) -> None:
        values["finished_at"] = linkstore.iso(dt.datetime.now(dt.UTC))
        self.db["saves"].update(job.row_id, values)


def _refusal(status: int, what: str) -> str:
    """Why Save Page Now refused a call: limits, keys, or something else."""
    if status == 429:
        return "rate limited"
    return "keys refused" if status in (401, 403) else what


def _kind(status: int) -> str:
    return "keys" if status in (401, 403) else "limit"


def _job_error(data: Mapping[str, Any]) -> str:
    """One line for a failed job: its status_ext code and message."""
    parts = [str(data.get(k)) for k in ("status_ext", "message") if data.get(k)]
    return ": ".join(parts) or "error"


# ---------------------------------------------------------------- entry point


def save_urls(
    db: Database,
    settings: Settings,
    *,
    env: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SaveSummary:
    """Submit the alive, unarchived, not recently saved cited URLs to Save Page Now 2.

    Args:
        db: the database (link-check history and url_uses filled by ``linkcheck``).
        settings: spn_url, save_days, save_poll, save_job_timeout, cdx_url, replay_url.
        env: where IA_ACCESS_KEY and IA_SECRET_KEY are read (default ``os.environ``).
        fetcher: the HTTP layer (default: a Fetcher trusting the SPN and CDX hosts).
        now: the run's time (default: now, UTC).
        sleep: how to wait between status polls.

    Returns:
        Counts, the new captures, and why submitting stopped or nothing was done.
    """
    env = os.environ if env is None else env
    summary = SaveSummary()
    access, secret = env.get("IA_ACCESS_KEY", "").strip(), env.get("IA_SECRET_KEY", "").strip()
    if not (access and secret):
        summary.skipped = NO_KEYS
        return summary
    if settings.offline:
        summary.skipped = "save: --offline: nothing submitted"
        return summary
    now = now or dt.datetime.now(dt.UTC)
    own = fetcher is None
    trusted = [host_key(settings.spn_url), host_key(settings.cdx_url)]
    fetcher = fetcher or Fetcher(settings, trusted_hosts=trusted)
    try:
        todo = _unarchived(db, fetcher, settings, now, summary)
        client = SpnClient(fetcher, settings, access, secret)
        saver = Saver(db, settings, client, summary, sleep=sleep)
        saver.resume(pending_saves(db))  # jobs an earlier run left pending, polled again
        saver.run(todo)
    finally:
        if own:
            fetcher.close()
    return summary


def _unarchived(
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
