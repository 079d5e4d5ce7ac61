"""Benchmark `provenance linkcheck`: 1,000 URLs on 20 loopback hosts with 50 ms injected latency.

Usage: python bench/bench_linkcheck.py [--urls N] [--hosts H] [--latency S]
                                       [--global-concurrency G] [--host-concurrency P]

Starts H LocalServers on 127.0.0.1 ... 127.0.0.H (all loopback on Linux), each waiting
``latency`` seconds before every answer, seeds a fresh database with N cited URLs spread
evenly over the hosts, and times one full ``run_linkcheck`` (collection, checks, history,
verdicts). Prints URLs/s, the bound the concurrency settings allow
(min(G, H x P) / latency, one request per URL), the ratio, and the highest number of
concurrent requests any server saw (must never exceed P). The servers run in a child
process, as remote servers would (they do not share the checker's GIL); ``--in-process``
runs them in this process instead, which gives a lower figure on a small machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance.config import Settings  # noqa: E402
from provenance.links.run import run_linkcheck  # noqa: E402
from provenance.scan.outlets.resolve import Registry  # noqa: E402
from provenance.store import scans as store  # noqa: E402
from tests.servers import LocalServer  # noqa: E402


def seed(db, urls: list[str]) -> None:
    """One document, one claim and one reference per URL."""
    db["documents"].insert({"id": 1, "path": "bench.txt", "slug": "bench", "sha256": "0" * 64})
    db["claims"].insert_all(
        {
            "id": i,
            "document_id": 1,
            "paragraph": 1,
            "sentence": i,
            "start": 0,
            "end": 1,
            "text": f"claim {i}",
        }
        for i in range(1, len(urls) + 1)
    )
    db["citations"].insert_all(
        {
            "id": i,
            "document_id": 1,
            "claim_id": i,
            "position": 0,
            "start": 0,
            "end": 1,
            "raw": "(x)",
            "kind": "citation",
            "is_citation": 1,
        }
        for i in range(1, len(urls) + 1)
    )
    store.insert_references(
        db,
        (
            {
                "id": i,
                "document_id": 1,
                "claim_id": i,
                "citation_id": i,
                "position": 0,
                "outlet": "X",
                "url": url,
                "date": "2016-10-20",
            }
            for i, url in enumerate(urls, 1)
        ),
    )


def build(hosts: int, latency: float, urls: int) -> tuple[list[LocalServer], list[str]]:
    """Start the servers on 127.0.0.1..H and route URL i to a page on server i mod H."""
    servers = [LocalServer(latency=latency) for _ in range(hosts)]
    for i, server in enumerate(servers, 1):
        server.start(f"127.0.0.{i}")
    pages = [
        servers[i % hosts].page(f"/news/{i}.html", f"<html><body>article {i}</body></html>")
        for i in range(urls)
    ]
    return servers, pages


def serve(hosts: int, latency: float, urls: int, conn) -> None:
    """Child process: start the servers, send the URLs, wait for "stop", send stats."""
    servers, pages = build(hosts, latency, urls)
    conn.send(pages)
    conn.recv()
    conn.send([(len(s.requests), s.max_in_flight, [r.time for r in s.requests]) for s in servers])
    for server in servers:
        server.stop()


class Servers:
    """The H servers, in this process or in a child process; ``stats()`` stops them."""

    def __init__(self, hosts: int, latency: float, urls: int, child: bool):
        self.child = child
        if child:
            self.conn, theirs = multiprocessing.Pipe()
            self.process = multiprocessing.Process(
                target=serve, args=(hosts, latency, urls, theirs)
            )
            self.process.start()
            self.urls: list[str] = self.conn.recv()
        else:
            self.local, self.urls = build(hosts, latency, urls)

    def stats(self) -> list[tuple[int, int, list[float]]]:
        """(requests, max in flight, arrival times) per server; stops the servers."""
        if self.child:
            self.conn.send("stop")
            stats = self.conn.recv()
            self.process.join()
            return stats
        stats = [
            (len(s.requests), s.max_in_flight, [r.time for r in s.requests]) for s in self.local
        ]
        for server in self.local:
            server.stop()
        return stats


def peak_arrivals(times: list[float], window: float) -> int:
    """The most requests that arrived at one server within any ``window`` seconds.

    Each request holds the server for at least the injected latency, so more than P
    arrivals within one latency would prove more than P requests in flight. Unlike the
    server's own max_in_flight, this cannot over-count when the server thread is slow to
    note the end of a request whose answer the client already has.
    """
    times = sorted(times)
    start, peak = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window * 0.95:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--global-concurrency", type=int, default=16)
    parser.add_argument("--host-concurrency", type=int, default=2)
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="Run the servers in this process (they then share our GIL).",
    )
    args = parser.parse_args()

    servers = Servers(args.hosts, args.latency, args.urls, not args.in_process)
    urls = servers.urls
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db=f"{tmp}/bench.db",
            reports=f"{tmp}/reports",
            allow_private=True,
            link_delay=0.0,
            timeout=10.0,
            global_concurrency=args.global_concurrency,
            host_concurrency=args.host_concurrency,
            offline=True,
        )
        db = store.open_db(settings.db)
        seed(db, urls)
        started = time.perf_counter()
        summary = run_linkcheck(db, settings, registry=Registry([]))
        elapsed = time.perf_counter() - started
    stats = servers.stats()
    requests = sum(count for count, _, _ in stats)
    counted = max(in_flight for _, in_flight, _ in stats)
    peak = max(peak_arrivals(times, args.latency) for _, _, times in stats)
    slots = min(args.global_concurrency, args.hosts * args.host_concurrency)
    bound = slots / args.latency
    rate = summary.checked / elapsed
    print(f"URLs checked:        {summary.checked} ({requests} requests incl. soft-404 probes)")
    print(f"verdicts:            {summary.counts}")
    print(f"elapsed:             {elapsed:.2f} s")
    print(f"throughput:          {rate:.1f} URLs/s")
    print(
        f"bound:               {bound:.1f} URLs/s = min({args.global_concurrency}, "
        f"{args.hosts} x {args.host_concurrency}) / {args.latency * 1000:.0f} ms"
    )
    print(f"ratio:               {rate / bound:.1%} of the bound (target >= 80%)")
    print(
        f"max in flight/host:  {peak} (limit {args.host_concurrency}): "
        f"{'OK' if peak <= args.host_concurrency else 'EXCEEDED'} "
        f"[from arrival times; the servers' own counter read {counted}]"
    )
    if peak > args.host_concurrency:
        sys.exit(1)


if __name__ == "__main__":
    main()
