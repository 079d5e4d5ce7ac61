"""Save Page Now 2: submit alive, unarchived cited URLs, poll the jobs, keep the captures.

Which URLs: cited URLs (``url_uses`` kind ``citation``) whose latest link check (outside
outage runs) found them alive, with no capture in the configured CDX archive within
``save_days`` of their cited date, and not saved in the last ``save_days`` days
(``savequeue.py``, which also resolves the saves an interrupted run left "submitting").
A URL whose capture lookup fails is not submitted (it is asked again next run).

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
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from ..config import Settings
from ..errors import FetchError, ProvenanceError
from ..net.fetch import Fetcher, host_key
from ..store import locks
from . import store as linkstore
from .savequeue import SUBMITTING, SaveSummary, pending_saves, record_capture, unarchived
from .spn import SpnClient, int_of

LOGGER = logging.getLogger(__name__)

NO_KEYS = "save: IA_ACCESS_KEY and IA_SECRET_KEY are not set; nothing submitted"


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

    def run(self, queue: list[tuple[str, dt.date | None, int | None]]) -> None:
        """Submit every queued URL (or stop, saying why), then poll until no job is left.

        ``queue`` holds (url, cited date, the id of a row to reuse, or None for a new row).
        """
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

    def _submit(self, url: str, cited: dt.date | None, row_id: int | None = None) -> bool:
        """Submit one URL; False when submitting must stop (the URL stays queued).

        The row (a new one, or ``row_id``: an interrupted save's) is written before the
        capture is asked for: a database that another run keeps locked stops the run
        before a capture is spent, and a capture spent when the job could not be recorded
        stays "submitting", which the next run resolves by asking the archive for it
        (``savequeue.resolve_interrupted``) instead of submitting the URL again blindly.
        """
        row = {"submitted_at": linkstore.iso(dt.datetime.now(dt.UTC)), "status": SUBMITTING}
        if row_id is None:
            row |= {"url": url, "cited_date": cited.isoformat() if cited else None}
            row_id = int(self.db["saves"].insert(row).last_pk or 0)
        else:
            self.db["saves"].update(row_id, row)
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
        archive_url = record_capture(self.db, self.settings, job.row_id, job.url, stamp, original)
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
    try:  # runs take turns: a "submitting" row is then an earlier run's, interrupted
        with locks.exclusive(db, "save", settings.db_timeout):
            todo = unarchived(db, fetcher, settings, now, summary)
            client = SpnClient(fetcher, settings, access, secret)
            saver = Saver(db, settings, client, summary, sleep=sleep)
            saver.resume(pending_saves(db))  # jobs an earlier run left pending, polled again
            saver.run(todo)
    finally:
        if own:
            fetcher.close()
    return summary
