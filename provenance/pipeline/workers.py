"""Work spread over forked worker processes, its results taken back in order.

A scan reads, parses and renders documents in workers while the main process stores
them: SQLite has one writer, and the rest of a document's work is pure. Results come
back in the order the items were given, so ids, slugs and reports are those of a
one-process run.

Workers ignore Ctrl-C (the main process stops them) and end by themselves within half
a second when the main process is gone (``kill -9``), even one waiting to send a result
into a full pipe, so nothing is left running.
Where ``fork`` is unavailable, or for one job, the work runs in this process.
"""

from __future__ import annotations

import copyreg
import functools
import gc
import io
import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import suppress
from multiprocessing.connection import Connection, wait
from typing import Any

__all__ = ["Workers", "default_jobs"]

# Items in flight per worker. Results come back in order, and the main process takes none
# while it commits (70-80 ms every half second without reports; a worker makes a result in
# about 1.5 ms), so a worker goes on only while it holds items and its results fit in its
# pipe. With 6 and the default buffer, 1.74-1.81 of 2 CPUs were busy in a 10.7 MB scan
# without reports; with 64 and RESULT_PIPE, 1.93-1.98 (bench/README.md).
WINDOW = 64
# Bytes of results a worker may have sent and the main process not yet read: its result
# pipe's size (F_SETPIPE_SZ; 1 MiB is the most Linux lets a user ask for by default,
# where a socket's buffer stops at 208 KiB). 64 results of 15 KB fit, or 27 of a document
# with its report (37 KB): 70 ms of its work. It is kernel memory, taken only by results
# waiting to be read.
RESULT_PIPE = 1 << 20
# Weight (``Workers(weigh=...)``: a scan's file sizes) of the items out behind the one
# waited for, past one per worker. While one worker reads a big file, the others' results
# wait behind it: 64 files each of up to 20 MB would have held gigabytes of them.
LOAD = 32 << 20
NICE = 5  # workers' lower CPU priority: the main process is the pipeline's narrow part
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
FULL_EVERY = 1000  # items between a worker's full garbage collections (up to 25 ms each)
POLL = 0.5  # seconds a waiting worker sleeps before it looks whether its parent is gone


def default_jobs() -> int:
    """Worker processes when not configured: one per CPU this process may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Workers:
    """``jobs`` forked processes that run ``func`` on items; ``map`` yields in order.

    ``func`` runs in a child forked from this process, so it may close over anything
    (the registry, settings); items and results are pickled. Objects of a type in
    ``shared`` travel as the key that function gives them and are looked up in ``table``
    on the way back (the registry's outlets, which every document's results refer to).

    Use as a context manager: leaving it stops the workers, however it is left.
    """

    def __init__(
        self,
        func: Callable[[Any], Any],
        jobs: int,
        shared: dict[type, Callable[[Any], Hashable]] | None = None,
        table: dict[Hashable, Any] | None = None,
        weigh: Callable[[Any], int] | None = None,
    ) -> None:
        self.func, self.jobs = func, jobs if jobs > 1 and can_fork() else 1
        self.weigh = weigh
        self.table = table or {}
        self.reducers = copyreg.dispatch_table.copy()
        for kind, key in (shared or {}).items():
            self.reducers[kind] = functools.partial(_reduce_shared, key, self.table)
        self.procs: list[Any] = []
        self.conns: list[Connection] = []  # each worker's results
        self.sends: list[Connection] = []  # each worker's items
        self.done: list[deque[bytes]] = []  # results read early, per worker, in order
        self.owed: list[int] = []  # results each worker still has to send back

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """``(item, func(item))`` for each item, in order; a raised exception is re-raised.

        Items are drawn lazily, at most ``WINDOW`` per worker ahead of the one yielded,
        and, past one per worker, only while those behind it weigh less than ``LOAD``.
        """
        if self.jobs == 1:
            for item in items:
                yield item, self.func(item)
            return
        for index, owed in enumerate(self.owed):  # of a map left midway (an error)
            for _ in range(owed):
                self._take(index)
        pending: deque[tuple[Any, int]] = deque()  # the items out, with their weights
        sent = load = 0
        for item in items:
            self._send(sent, item)
            weight = self.weigh(item) if self.weigh else 0
            pending.append((item, weight))
            sent, load = sent + 1, load + weight
            while len(pending) >= WINDOW * self.jobs or (
                load - pending[0][1] >= LOAD and len(pending) >= self.jobs
            ):
                yield pending[0][0], self._receive(sent - len(pending))
                load -= pending.popleft()[1]
        while pending:
            yield pending[0][0], self._receive(sent - len(pending))
            pending.popleft()

    def _send(self, number: int, item: Any) -> None:
        if not self.procs:
            self._start()
        self.sends[number % self.jobs].send(item)
        self.owed[number % self.jobs] += 1

    def _receive(self, number: int) -> Any:
        data = self._take(number % self.jobs)
        global _table
        paused, _table = gc.isenabled(), self.table
        gc.disable()  # unpickling makes thousands of objects and no cycles
        try:
            failed, value = pickle.loads(data)
        finally:
            _table = {}
            if paused:
                gc.enable()
        if failed:
            raise value
        return value

    def _take(self, index: int) -> bytes:
        """Worker ``index``'s next result. While waiting for it, the results other workers
        have ready are read too, so that none of them stalls on a full pipe."""
        done = self.done[index]
        while not done:
            for conn in wait(self.conns):
                try:
                    self.done[self.conns.index(conn)].append(conn.recv_bytes())
                except EOFError:
                    raise RuntimeError("a scan worker process ended unexpectedly") from None
        self.owed[index] -= 1
        return done.popleft()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        parent = os.getpid()
        gc.collect()
        gc.freeze()  # the workers' collections then leave the pages they share with us alone
        # Ctrl-C while forking waits until the fork is done (here) or is dropped (there).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            for _ in range(self.jobs):
                items, sends = context.Pipe(duplex=False)
                results, theirs = context.Pipe(duplex=False)
                _enlarge(theirs)
                mains = [*self.conns, *self.sends, results, sends]  # closed in the worker
                proc = context.Process(
                    target=_serve,
                    args=((items, theirs), mains, self.func, self.reducers, parent),
                    daemon=True,
                )
                proc.start()
                items.close()
                theirs.close()
                self.procs.append(proc)
                self.conns.append(results)
                self.sends.append(sends)
                self.done.append(deque())
                self.owed.append(0)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        gc.unfreeze()

    def close(self) -> None:
        """Stop the workers: at once (they may be mid-item after an interrupt)."""
        for proc in self.procs:
            with suppress(OSError, ValueError):
                proc.terminate()
        for proc in self.procs:
            proc.join(1.0)
            if proc.is_alive():
                proc.kill()
                proc.join(1.0)
        for conn in (*self.conns, *self.sends):
            conn.close()
        self.procs, self.conns, self.sends, self.done, self.owed = [], [], [], [], []


def _enlarge(pipe: Connection) -> None:
    """Make ``pipe`` hold ``RESULT_PIPE`` bytes (Linux; elsewhere, or refused, it keeps
    its default 64 KiB)."""
    import fcntl  # only where workers fork: POSIX

    resize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if resize is not None:
        with suppress(OSError):
            fcntl.fcntl(pipe.fileno(), resize, RESULT_PIPE)


_table: dict[Hashable, Any] = {}  # the shared objects of the results being unpickled


def _reduce_shared(
    key: Callable[[Any], Hashable], table: dict[Hashable, Any], obj: Any
) -> str | tuple[Any, ...]:
    """How a shared object travels: as its key when ``table`` has it, else by value."""
    name = key(obj)
    if table.get(name) is obj:
        return _shared, (name,)
    return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _shared(key: Hashable) -> Any:
    return _table[key]


def _serve(
    ends: tuple[Connection, Connection],
    mains: list[Connection],
    func: Callable[[Any], Any],
    reducers: dict,
    parent: int,
) -> None:
    """A worker's loop: run ``func`` on each item of ``ends[0]`` and send back the outcome
    on ``ends[1]``.

    The main process's ends of every worker's pipes (``mains``), which the fork copied,
    are closed first: a worker holding a reader of its own full result pipe would wait
    on it for ever once the main process is gone, where it now gets EPIPE and ends.
    """
    items, results = ends
    for conn in mains:
        conn.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the main process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process's close() ends us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    with suppress(OSError):
        os.nice(NICE)  # the main process, which alone writes the database, comes first
    gc.disable()  # collected between items instead (_collect)
    served = 0
    while True:
        if not items.poll(POLL):
            if os.getppid() != parent:
                return  # orphaned: the main process was killed
            continue
        try:
            item = items.recv()
        except EOFError:
            return
        try:
            outcome: tuple[bool, Any] = (False, func(item))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main process
            outcome = (True, exc)
        try:
            results.send_bytes(_dumps(outcome, reducers))
        except BrokenPipeError:
            return  # the main process is gone (killed), or closed the pool
        del item, outcome
        served += 1
        _collect(served)


def _collect(served: int) -> None:
    """Collect garbage between items, never during one: the young generations after
    each item, everything every ``FULL_EVERY`` items. A scanned document leaves no
    cycles: left to run whenever allocations piled up, the collector found nothing in
    a 10.7 MB scan and took 0.18 of its 4.4 CPU-seconds; between items, 0.03."""
    gc.collect(1 if served % FULL_EVERY else 2)


def _dumps(outcome: tuple[bool, Any], reducers: dict, fast: bool = True) -> bytes:
    """An outcome as the main process unpickles it.

    A result is plain data without cycles: a scanned document's rows are thousands of
    small tuples. The pickler's fast mode does not memoize them: half the instructions
    to pickle and a fifth fewer to unpickle, for the same bytes within 1% (issue 10).
    A cyclic outcome, which fast mode refuses, is pickled again with the memo.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = reducers
    pickler.fast = fast
    try:
        pickler.dump(outcome)
    except ValueError:
        if not fast:
            raise
        return _dumps(outcome, reducers, fast=False)
    except (pickle.PicklingError, TypeError, AttributeError):
        if not outcome[0]:
            raise
        error = RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")
        return _dumps((True, error), reducers, fast)
    return buffer.getvalue()
