"""The link check's worker pool: host-aware scheduling, at most ``host_concurrency`` per host."""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ..config import Settings
from ..models import LinkCheck, LinkVerdict
from ..net.fetch import host_key

LOGGER = logging.getLogger(__name__)

#: Requests in a row that a host left without an answer (a timeout, no status line) after
#: which its other URLs are not asked this run: each cost a full timeout (20 s), and a dead
#: site with 200 cited pages held the nightly run for half an hour. They are recorded as
#: failing, as the requests were, so a site that stays silent still goes dead.
SILENT_AFTER = 3

# What workers hand back: a check, an exception to re-raise, or None (worker done).
Results = queue.Queue[LinkCheck | BaseException | None]


class HostQueue:
    """URLs grouped by host, handed out round-robin over hosts with a free slot.

    Workers pull from it themselves, so a finished check starts the next one
    in the same thread without a round trip through the main thread.
    """

    def __init__(self, urls: list[str], per_host: int):
        self._queues: dict[str, deque[str]] = {}
        for url in urls:
            self._queues.setdefault(host_key(url), deque()).append(url)
        self._active: deque[str] = deque(self._queues)
        self._in_flight: Counter[str] = Counter()
        self._per_host = max(1, per_host)
        self._changed = threading.Condition()
        self.hosts = len(self._queues)
        self.dropped = 0  # URLs forgotten by ``drop`` (deferred to the next run)
        self._silent: Counter[str] = Counter()  # a host's requests in a row with no answer

    def take(self) -> str | None:
        """The next URL whose host has a free slot (blocks while all are busy); None when done."""
        with self._changed:
            while self._active:
                for _ in range(len(self._active)):
                    host = self._active[0]
                    self._active.rotate(-1)
                    if self._in_flight[host] < self._per_host:
                        url = self._queues[host].popleft()
                        if not self._queues[host]:
                            self._active.remove(host)
                        self._in_flight[host] += 1
                        return url
                self._changed.wait()
            return None

    def done(self, url: str) -> None:
        """Free the slot ``url`` held."""
        with self._changed:
            self._in_flight[host_key(url)] -= 1
            self._changed.notify_all()

    def drop(self, host: str) -> int:
        """Forget a host's remaining URLs (counted in ``dropped``); returns how many."""
        with self._changed:
            count = len(self._take(host))
            self.dropped += count
            return count

    def heard(self, check: LinkCheck) -> list[str]:
        """Count ``check`` in its host's run of requests without an answer; at
        SILENT_AFTER, take the host's remaining URLs and return them (else ``[]``)."""
        host = host_key(check.url)
        with self._changed:
            silent = check.error_kind == "timeout" and check.http_status is None
            self._silent[host] = self._silent[host] + 1 if silent else 0
            return self._take(host) if self._silent[host] >= SILENT_AFTER else []

    def _take(self, host: str) -> list[str]:
        """A host's remaining URLs, taken from the queue (the lock is held)."""
        left = self._queues.get(host) or deque()
        urls = list(left)
        left.clear()
        if host in self._active:
            self._active.remove(host)
        self._changed.notify_all()
        return urls

    def stop(self) -> None:
        """Forget every remaining URL (Ctrl-C): workers finish their current check and exit."""
        with self._changed:
            for urls in self._queues.values():
                urls.clear()
            self._active.clear()
            self._changed.notify_all()


def check_all(
    urls: list[str],
    worker: Callable[[str], LinkCheck],
    settings: Settings,
    on_done: Callable[[LinkCheck], None],
    max_defer: float,
    abort: Callable[[], None] = lambda: None,
) -> int:
    """Check ``urls`` on ``global_concurrency`` threads, at most ``host_concurrency`` per host.

    Args:
        urls: URLs to check.
        worker: checks one URL (runs in a worker thread; must not touch the database).
        settings: global_concurrency and host_concurrency are read.
        on_done: called in the calling thread with each finished check, in completion order.
        max_defer: a check whose Retry-After exceeds this drops its host's remaining URLs.
        abort: ends the checks in flight (``Fetcher.abort``), called on Ctrl-C or a bug so
            that the workers can be joined at once.

    Returns:
        How many URLs were not checked because their host asked to wait too long.
    """
    pending = HostQueue(urls, settings.host_concurrency)
    threads = min(
        max(1, settings.global_concurrency),
        pending.hosts * max(1, settings.host_concurrency),
        len(urls),
    )
    if not threads:
        return 0
    results: Results = queue.Queue()
    with ThreadPoolExecutor(threads, thread_name_prefix="linkcheck") as pool:
        try:  # a Ctrl-C may land while the workers are still being started
            for _ in range(threads):
                pool.submit(_work, pending, worker, results, max_defer)
            _collect(results, threads, on_done)
        except BaseException:
            pending.stop()  # Ctrl-C or a bug: nothing new starts...
            abort()  # ...and the checks in flight end now
            raise
    return pending.dropped


def _work(
    pending: HostQueue, worker: Callable[[str], LinkCheck], results: Results, max_defer: float
) -> None:
    """A worker thread: check URLs until the queue is empty; a final None says it is done."""
    try:
        while (url := pending.take()) is not None:
            try:
                check = worker(url)
                # Drop the host's other URLs before this slot is freed: dropped later (by
                # the main thread), a worker could already have taken the host's next URL
                # and would sleep out the Retry-After (up to max_defer) in the limiter.
                if (check.retry_after or 0) > max_defer:
                    _defer_host(pending, check)
                results.put(check)
                if others := pending.heard(check):  # a silent host: the rest not asked
                    LOGGER.warning(
                        "%s left %d requests in a row without an answer: %d more of its URLs "
                        "not asked this run (failing)",
                        host_key(check.url),
                        SILENT_AFTER,
                        len(others),
                    )
                    for other in others:
                        results.put(_unasked(other, check))
            finally:
                pending.done(url)
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread, re-raised there
        pending.stop()
        results.put(exc)
    finally:
        results.put(None)


def _defer_host(pending: HostQueue, check: LinkCheck) -> None:
    """Leave the rest of a host that asked to wait too long for the next run: the host
    that answered, which a redirect may have taken to another than the cited one's."""
    host = host_key(check.final_url or check.url)
    dropped = pending.drop(host)
    if dropped:
        LOGGER.warning(
            "%s asked to wait %.0f s: %d URLs wait for the next run",
            host,
            check.retry_after,
            dropped,
        )


def _unasked(url: str, silent: LinkCheck) -> LinkCheck:
    """A URL of a host that left SILENT_AFTER requests in a row without an answer: failing,
    as they were, without a request of its own."""
    host = host_key(url)
    reason = f"not asked: {host} left its last {SILENT_AFTER} requests without an answer"
    return LinkCheck(
        url=url,
        verdict=LinkVerdict.FAILING,
        checked_at=silent.checked_at,
        method="",
        error_kind="timeout",
        reason=reason,
        run_id=silent.run_id,
    )


def _collect(results: Results, threads: int, on_done: Callable[[LinkCheck], None]) -> None:
    """In the calling thread: hand each result to ``on_done`` until every worker is done."""
    finished = 0
    while finished < threads:
        item = results.get()
        if item is None:
            finished += 1
            continue
        if isinstance(item, BaseException):
            raise item
        on_done(item)
