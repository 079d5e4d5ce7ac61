"""The request limiter: per-host interval and concurrency, and a global concurrency cap."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

LOGGER = logging.getLogger(__name__)


class LimiterAborted(Exception):
    """``abort`` was called: no request starts any more."""


@dataclass
class HostStats:
    """What the limiter saw for one host: requests started, peak concurrency, time queued."""

    requests: int = 0
    max_in_flight: int = 0
    waited_seconds: float = 0.0


@dataclass
class _HostState:
    """Mutable limiter state of one host; guarded by the limiter's lock."""

    slot_free: threading.Condition
    next_start: float = float("-inf")
    in_flight: int = 0
    stats: HostStats = field(default_factory=HostStats)


class Limiter:
    """Per-host interval + concurrency, and a global concurrency cap.

    One lock guards every host's state, with one condition per host (a slot
    of that host freed) and one global condition (any slot freed). A request
    starts only when its host has a free slot, a global slot is free and the
    host's next allowed start time has come; so the interval holds between
    actual starts, and a request waiting for its host's interval holds no
    global slot (other hosts keep going).
    """

    def __init__(
        self,
        host_limit: int,
        global_limit: int,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ):
        """Build a limiter.

        Args:
            host_limit: requests in flight at once per host (at least 1).
            global_limit: requests in flight at once over all hosts (at least 1).
            clock: monotonic clock, in seconds.
            sleep: how to wait for a host's next allowed start.
        """
        self._host_limit = max(1, host_limit)
        self._global_limit = max(1, global_limit)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._global_free = threading.Condition(self._lock)
        self._global_in_flight = 0
        self._hosts: dict[str, _HostState] = {}
        self._aborted = threading.Event()

    def abort(self) -> None:
        """Wake every waiting request and make it (and any later one) raise LimiterAborted."""
        with self._lock:
            self._aborted.set()
            for state in self._hosts.values():
                state.slot_free.notify_all()
            self._global_free.notify_all()

    def _pause(self, seconds: float) -> None:
        """Wait for a host's next start; the real clock's wait ends early on abort."""
        if self._sleep is time.sleep:
            self._aborted.wait(seconds)
        else:
            self._sleep(seconds)

    def _state(self, host: str) -> _HostState:
        """The state of ``host``; call with the lock held."""
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState(threading.Condition(self._lock))
        return state

    def acquire(self, host: str, interval: float) -> None:
        """Block until a request to ``host`` may start, then count it as in flight.

        Args:
            host: the limiter key (see ``hostguard.host_key``).
            interval: seconds from this start to the host's next allowed start.

        Raises:
            LimiterAborted: ``abort`` was called.
        """
        began = self._clock()
        while True:
            with self._lock:
                if self._aborted.is_set():
                    raise LimiterAborted(host)
                state = self._state(host)
                # 1. Host full or everything full: wait for a release (notified under the lock).
                if state.in_flight >= self._host_limit:
                    state.slot_free.wait()
                    continue
                if self._global_in_flight >= self._global_limit:
                    self._global_free.wait()
                    continue
                # 2. A slot is free and the host's time has come: start now.
                now = self._clock()
                if now >= state.next_start:
                    state.next_start = now + interval
                    state.in_flight += 1
                    self._global_in_flight += 1
                    state.stats.requests += 1
                    state.stats.max_in_flight = max(state.stats.max_in_flight, state.in_flight)
                    state.stats.waited_seconds += max(0.0, now - began)
                    return
                # 3. Too early: sleep without the lock, then look again (defer() may have moved it).
                delay = state.next_start - now
            self._pause(delay)

    def release(self, host: str) -> None:
        """Mark one request to ``host`` finished and wake the waiters.

        Args:
            host: the key given to the matching ``acquire``.
        """
        with self._lock:
            state = self._state(host)
            state.in_flight -= 1
            self._global_in_flight -= 1
            state.slot_free.notify_all()
            self._global_free.notify_all()

    def defer(self, host: str, seconds: float) -> None:
        """Move the host's next allowed start to at least ``seconds`` from now.

        Args:
            host: the limiter key.
            seconds: the delay (negative counts as 0).
        """
        with self._lock:
            state = self._state(host)
            state.next_start = max(state.next_start, self._clock() + max(0.0, seconds))

    def stats(self) -> dict[str, HostStats]:
        """A snapshot of every host's counters.

        Returns:
            Host key -> a copy of its HostStats.
        """
        with self._lock:
            return {host: replace(state.stats) for host, state in self._hosts.items()}
