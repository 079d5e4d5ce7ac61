"""Benchmark asking several archives: in order (as `check` does) against asking all at once.

Run from the repository root: ``python bench/bench_sources.py [--groups 40] [--rate 0.02]``.
Two loopback IA-format archives, each with its own rate limit: A holds three quarters of the
cited articles, B holds all of them. Prints, for A alone (one archive, as before), for A then
B (the fallback `check` uses) and for B asked about every reference (what asking both at once
would add), the wall time, the requests per archive and the references verified; the parallel
strategy's wall time is at least the larger of the two single-archive runs, and its requests
are their sum.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import build_corpus, build_db  # noqa: E402

from provenance.archive import run as check  # noqa: E402
from provenance.config import load_settings  # noqa: E402
from tests.fixtures.archive import IAArchive  # noqa: E402
from tests.servers import LocalServer  # noqa: E402


def run(order: list[str], groups: int, rate: float, latency: float) -> dict:
    """One check of every reference against the named archives, asked in that order."""
    captures, refs = build_corpus(groups, 1)
    missing = {c.url.rsplit("/", 1)[1] for c in captures[:: 3 * 4]}  # every 4th article
    servers, archives = {}, {}
    for name, host in (("A", "127.0.0.1"), ("B", "127.0.0.2")):
        server = LocalServer(latency=latency)
        server.start(host)
        held = [c for c in captures if name == "B" or c.url.rsplit("/", 1)[1] not in missing]
        servers[name], archives[name] = server, IAArchive(server, captures=held)
    specs = [
        {
            "name": n,
            "kind": "ia-cdx",
            "cdx": archives[n].cdx_url,
            "replay": archives[n].replay_url,
            "rate": rate,
        }
        for n in order
    ]
    settings = load_settings({"archives": json.dumps(specs), "rate_limits": ""}, env={})
    with tempfile.TemporaryDirectory() as tmp:
        db = build_db(Path(tmp) / "bench.db", refs)
        started = time.perf_counter()
        summary = check.run_check(db, settings)
        wall = time.perf_counter() - started
        db.close()
    for server in servers.values():
        server.stop()
    return {
        "order": "+".join(order),
        "refs": len(refs),
        "wall": wall,
        "verified": summary.verdicts.get("verified", 0),
        **{f"requests_{n}": len(servers[n].requests) for n in ("A", "B")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=40, help="references (one per article)")
    parser.add_argument("--rate", type=float, default=0.02, help="seconds between requests")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    args = parser.parse_args()
    rows = [
        run(order, args.groups, args.rate, args.latency) for order in (["A"], ["A", "B"], ["B"])
    ]
    print(f"{'archives':<10}{'refs':>6}{'verified':>10}{'req A':>8}{'req B':>8}{'wall s':>9}")
    for row in rows:
        print(
            f"{row['order']:<10}{row['refs']:>6}{row['verified']:>10}{row['requests_A']:>8}"
            f"{row['requests_B']:>8}{row['wall']:>9.2f}"
        )
    alone, ordered, b_all = rows
    parallel_requests = alone["requests_A"] + b_all["requests_B"]
    print(
        f"in order: {ordered['requests_A'] + ordered['requests_B']} requests, "
        f"{ordered['wall']:.2f} s; both at once: {parallel_requests} requests, "
        f"at least {max(alone['wall'], b_all['wall']):.2f} s"
    )


if __name__ == "__main__":
    main()
