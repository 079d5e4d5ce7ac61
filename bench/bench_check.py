"""Benchmark `provenance check` against a loopback CDX + replay server with 50 ms latency.

Run from the repository root: ``python bench/bench_check.py [--groups 40] [--rate 0.2]``.
Prints references checked per second and requests per reference with the rate limit off and
on, next to the theoretical minimum (the CDX queries planned, one per domain here, plus one
page fetch per domain-day, shared by its references) and the bound the rate limit sets
(every request one interval apart).

``python bench/bench_check.py --dense`` checks the sample seed's 27 references against a dense
archive (tests/data/warc/dense.py: 10-40 same-topic captures per outlet and day, with
revisits, redirects, archived and soft 404s) and prints requests per reference, CDX queries,
replay fetches, the time at the Internet Archive's pace (one request every 2.5 s) and
accuracy: right pages verified, decoys verified.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.archive import run as check
from provenance.config import Settings  # noqa: E402
from provenance.store import scans as store  # noqa: E402
from tests.data.warc.corpus import Capture, article  # noqa: E402
from tests.fixtures.archive import IAArchive  # noqa: E402
from tests.servers import LocalServer  # noqa: E402

LOGGER = logging.getLogger(__name__)

CITIES = [
    "Dushanbe",
    "Khujand",
    "Kulob",
    "Bokhtar",
    "Khorog",
    "Istaravshan",
    "Panjakent",
    "Vahdat",
    "Tursunzoda",
    "Isfara",
]
ORGS = ["Energy Ministry", "Border Service", "Customs Agency", "Railway Company", "Water Board"]
DECOY_TEXT = [
    "Cotton harvest figures were published for the northern districts this week.",
    "The weather service forecasts a dry and warm end of the month everywhere.",
]


def build_corpus(groups: int, refs_per_group: int) -> tuple[list[Capture], list[dict]]:
    """Captures (one match + two decoys per domain-day) and reference rows citing them."""
    captures, refs = [], []
    for g in range(groups):
        domain = f"outlet{g % 10}.example"
        day = 1 + (g // 10) * 7  # a week apart: windows of one domain never overlap
        date = f"2016-03-{day:02d}"
        stamp = f"201603{day:02d}"
        city, org, number = CITIES[g % 10], ORGS[g % 5], 1000 + 37 * g
        claim = f"Officials in {city} said {number:,} workers of the {org} joined the campaign."
        captures.append(
            Capture(
                f"http://{domain}/news/{stamp}/{900000 + g}",
                f"{stamp}120000",
                article(f"{org} campaign in {city}", date, [claim], lang="en", site=domain),
            )
        )
        for d in range(2):
            captures.append(
                Capture(
                    f"http://{domain}/news/{stamp}/{800000 + 2 * g + d}",
                    f"{stamp}0{d}0000",
                    article("Other news", date, [DECOY_TEXT[d]], lang="en", site=domain),
                )
            )
        for _ in range(refs_per_group):
            refs.append({"claim": claim, "domain": domain, "date": date, "day": day})
    return captures, refs


def build_db(path: Path, refs: list[dict]):  # -> sqlite_utils.Database
    """A database with one document, one claim and one reference per row."""
    db = store.open_db(path)
    db["documents"].insert({"id": 1, "path": "bench", "slug": "bench", "sha256": "0" * 64})
    for rid, ref in enumerate(refs, start=1):
        db["claims"].insert(
            {"id": rid, "document_id": 1, "paragraph": rid, "sentence": 0, "text": ref["claim"]}
        )
        db["citations"].insert({"id": rid, "document_id": 1, "claim_id": rid, "raw": "x"})
        store.insert_references(
            db,
            [
                {
                    "id": rid,
                    "document_id": 1,
                    "claim_id": rid,
                    "citation_id": rid,
                    "outlet": ref["domain"],
                    "domain": ref["domain"],
                    "date": ref["date"],
                    "year": 2016,
                    "month": 3,
                    "day": ref["day"],
                }
            ],
        )
    return db


def run(mode: str, rate: float, groups: int, refs_per_group: int, latency: float) -> dict:
    """One timed check over a fresh database and server; returns the measured numbers."""
    captures, refs = build_corpus(groups, refs_per_group)
    server = LocalServer(latency=latency)
    server.start("127.0.0.1")
    fake = IAArchive(server, captures=captures)
    limits = {server.netloc: rate} if mode == "on" else {}
    settings = Settings(cdx_url=fake.cdx_url, replay_url=fake.replay_url, rate_limits=limits)
    with tempfile.TemporaryDirectory() as tmp:
        db = build_db(Path(tmp) / "bench.db", refs)
        started = time.perf_counter()
        summary = check.run_check(db, settings)
        wall = time.perf_counter() - started
        db.close()
    server.stop()
    # One CDX query per domain (its windows a week apart share one) + the right page per
    # domain-day, shared by its references.
    min_requests = summary.queries + groups
    return {
        "mode": mode,
        "refs": len(refs),
        "wall": wall,
        "verified": summary.verdicts.get("verified", 0),
        "requests": len(server.requests),
        "min_requests": min_requests,
        "queries": summary.queries,
        "bound": (min_requests - 1) * rate + latency if mode == "on" else None,
    }


IA_INTERVAL = 2.5  # seconds between requests the Internet Archive tolerates


def run_dense(seed: int, latency: float, **overrides) -> dict:
    """The seed's references against the dense archive; returns the measured numbers."""
    from provenance.archive import store as checkstore
    from tests.data.warc.dense import dense_captures
    from tests.fixtures.archive import expected_urls, make_seed_db

    captures = dense_captures(seed)
    server = LocalServer(latency=latency)
    server.start("127.0.0.1")
    fake = IAArchive(server, captures=captures)
    settings = Settings(
        cdx_url=fake.cdx_url, replay_url=fake.replay_url, rate_limits={}, **overrides
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = make_seed_db(Path(tmp) / "dense.db")
        started = time.perf_counter()
        summary = check.run_check(db, settings)
        wall = time.perf_counter() - started
        checks = checkstore.load_checks(db, 1)
        db.close()
    server.stop()
    expected = expected_urls()
    verified = {rid: c.best.original_url for rid, c in checks.items() if c.status == "verified"}
    return {
        "captures": len(captures),
        "refs": len(expected),
        "wall": wall,
        "cdx": len(fake.cdx_requests()),
        "replay": len(fake.replay_requests()),
        "requests": len(server.requests),
        "right": sum(1 for rid, url in verified.items() if expected[rid] == url),
        "decoys": sum(1 for rid, url in verified.items() if expected[rid] != url),
        "statuses": summary.verdicts,
    }


def print_dense(seed: int, latency: float) -> None:
    """Print the dense benchmark's numbers."""
    r = run_dense(seed, latency)
    per_ref = r["requests"] / r["refs"]
    ia = r["requests"] * IA_INTERVAL
    print(
        f"dense archive (seed {seed}): {r['captures']} captures, {r['refs']} references\n"
        f"  requests {r['requests']} = {per_ref:.2f} per reference "
        f"({r['cdx']} CDX queries, {r['replay']} replay fetches)\n"
        f"  at the Internet Archive's pace ({IA_INTERVAL} s/request): {ia / 60:.1f} min; "
        f"1,000 articles of 27 references: {ia * 1000 / 3600:.0f} h\n"
        f"  accuracy: {r['right']} of {r['refs']} right pages verified, "
        f"{r['decoys']} decoys verified; verdicts {r['statuses']}\n"
        f"  wall {r['wall']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=40, help="distinct domain-days")
    parser.add_argument("--refs-per-group", type=int, default=2)
    parser.add_argument("--rate", type=float, default=0.2, help="seconds between requests")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--dense", action="store_true", help="the dense-archive benchmark")
    parser.add_argument("--seed", type=int, default=8, help="dense corpus random seed")
    args = parser.parse_args()
    # Warm up the extractors once (trafilatura's first call imports ~0.6 s of modules).
    from provenance.archive import verify

    verify.page_facts(article("warm-up", "2016-03-01", ["Warm up."], lang="en"))
    if args.dense:
        print_dense(args.seed, min(args.latency, 0.005))
        return
    print(
        f"{args.groups} domain-days x {args.refs_per_group} references, "
        f"latency {args.latency * 1000:.0f} ms, host concurrency {Settings().host_concurrency}"
    )
    for mode in ("off", "on"):
        r = run(mode, args.rate, args.groups, args.refs_per_group, args.latency)
        line = (
            f"rate limit {mode:>3}: {r['refs']} refs ({r['verified']} verified) in "
            f"{r['wall']:.2f} s = {r['refs'] / r['wall']:.1f} refs/s; requests/ref "
            f"{r['requests'] / r['refs']:.2f} (minimum {r['min_requests'] / r['refs']:.2f}: "
            f"{r['queries']} CDX + {args.groups} fetches)"
        )
        if r["bound"] is not None:
            line += (
                f"; rate-limit bound {r['bound']:.2f} s ({args.rate} s/request), "
                f"wall/bound {r['wall'] / r['bound']:.3f}"
            )
        print(line)


if __name__ == "__main__":
    main()
