"""A per-host circuit breaker for archive requests: a host that keeps answering 429, or
keeps not answering at all, is given up for the run, and its lookups wait for the next."""

from __future__ import annotations

import logging
import threading

from ..errors import CircuitOpenError, FetchError
from ..net.fetch import MAX_RETRY_AFTER

LOGGER = logging.getLogger(__name__)
#: Failures that mean the host gave no answer (a redirect or a refused URL is an answer).
UNANSWERED = frozenset({"dns", "refused", "tls", "timeout", "reset", "other"})


class Breaker:
    """Per-host circuit breaker: open after ``threshold`` consecutive 429s, or requests
    that got no answer (timeout, refused, DNS...), for this run."""

    def __init__(self, threshold: int):
        self.threshold = max(1, threshold)
        self._lock = threading.Lock()
        self._streak: dict[str, int] = {}
        self._unanswered: dict[str, int] = {}
        self.open_hosts: set[str] = set()
        self._reasons: dict[str, str] = {}
        self._failures: dict[str, str] = {}  # host -> the last request's failure, when it opened

    def check(self, host: str) -> None:
        """Raise CircuitOpenError when the host was given up on (with the failure that
        gave it up, so the lookups not made are grouped under the same cause)."""
        if host in self.open_hosts:
            if failure := self._failures.get(host):
                raise CircuitOpenError(failure)
            reason = self._reasons.get(host, "not asked again this run after repeated 429s")
            raise CircuitOpenError(f"{host}: {reason}")

    def record_unanswered(self, host: str, failure: FetchError) -> bool:
        """Count a request that got no answer; True when the host is given up (now or
        before). A slow or unreachable archive ends the run's lookups after ``threshold``
        requests, instead of one timeout (and its retries) per reference."""
        if failure.kind not in UNANSWERED:
            return host in self.open_hosts
        with self._lock:
            streak = self._unanswered[host] = self._unanswered.get(host, 0) + 1
            if host in self.open_hosts or streak < self.threshold:
                return host in self.open_hosts
            self.open_hosts.add(host)
            self._failures[host] = str(failure)
        LOGGER.warning(
            "%s: %d requests in a row got no answer (%s): its lookups are left for the next run",
            host,
            streak,
            failure.kind,
        )
        return True

    def record_answer(self, host: str) -> None:
        """An HTTP answer, whatever its status: the host is reachable."""
        if self._unanswered.get(host):
            with self._lock:
                self._unanswered[host] = 0

    def defer(self, host: str, seconds: float) -> None:
        """Give a host up for this run because it asked to wait ``seconds`` (over the cap);
        said once, in one line."""
        with self._lock:
            if host in self.open_hosts:
                return
            self.open_hosts.add(host)
            self._reasons[host] = (
                f"asked to wait {seconds:.0f} s (more than {MAX_RETRY_AFTER:.0f}): "
                "left for the next run"
            )
        LOGGER.warning(
            "%s asked to wait %.0f s: its lookups are left for the next run", host, seconds
        )

    def record_429(self, host: str) -> bool:
        """Count a 429; True when this one opened the breaker."""
        with self._lock:
            self._streak[host] = self._streak.get(host, 0) + 1
            if self._streak[host] >= self.threshold and host not in self.open_hosts:
                self.open_hosts.add(host)
                LOGGER.warning(
                    "%s: %d consecutive 429s, giving up for this run", host, self._streak[host]
                )
                return True
            return False

    def record_ok(self, host: str) -> None:
        """Any answer but 429 resets the host's streak."""
        with self._lock:
            self._streak[host] = 0
