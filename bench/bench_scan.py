"""Benchmark `provenance scan`: a deterministic corpus of EDM-style documents, scanned twice.

Usage: python bench/bench_scan.py [--docs N] [--reports]

Prints documents/s, MB/s, references/s and peak memory (max RSS) for a first scan into
a new database and for a re-scan of the unchanged corpus. Runs on one core (the scan
is single-threaded). Report writing is excluded unless --reports is given.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance import pipeline
from provenance.config import Settings  # noqa: E402
from provenance.store import scans as store  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f0a8ddd99eaae0a6.txt"
OUTLETS = [
    "News.tj",
    "Regnum",
    "Sputnik-tj.com",
    "Ozodi.org",
    "Centre1.com",
    "Knews.kg",
    "Interfax",
    "TASS",
    "RIA Novosti",
    "Kommersant",
    "Vedomosti",
    "Akipress",
    "Eurasianet",
    "Gazeta.ru",
    "Kun.uz",
    "Trend.az",
    "see EDM",
    "RFE/RL",
    "Asia-Plus",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def citation(rng: random.Random) -> str:
    """A random EDM-style parenthetical citation."""
    groups = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        outlets = ", ".join(rng.sample(OUTLETS, rng.choice([1, 1, 1, 1, 2, 3])))
        days = ", ".join(str(d) for d in sorted(rng.sample(range(1, 29), rng.choice([1, 1, 2]))))
        year = f", {rng.randint(2010, 2016)}" if rng.random() < 0.15 else ""
        groups.append(f"{outlets}, {rng.choice(MONTHS)} {days}{year}")
    return "(" + "; ".join(groups) + ")"


def make_document(rng: random.Random, body: list[str], header: str) -> str:
    """One document: the seed's header and a shuffled body with fresh citations."""
    paragraphs = []
    for para in rng.sample(body, len(body)):
        sentences = [s for s in para.split(". ") if s]
        out = []
        for s in sentences:
            s = s.rstrip(".")
            if rng.random() < 0.3:  # the seed: 12 of 39 sentences cite, ~3 references per KB
                s = f"{s} {citation(rng)}"
            out.append(s)
        paragraphs.append(". ".join(out) + ".")
    return (
        header
        + "\n\n"
        + "\n\n".join(paragraphs)
        + "\n\nCopyright notice: © 2010 The Jamestown Foundation\n"
    )


def write_corpus(folder: Path, n: int) -> int:
    """Write ``n`` documents into ``folder``; returns the total size in bytes."""
    seed = SEED.read_text(encoding="utf-8")
    head, _, rest = seed.partition("Link to original story on Jamestown website")
    header = head + "Link to original story on Jamestown website"
    body = [p for p in rest.split("\n\n") if len(p) > 200 and "Copyright" not in p]
    rng = random.Random(20161117)
    total = 0
    for i in range(n):
        data = make_document(rng, body, header).encode("utf-8")
        (folder / f"doc{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def run(folder: Path, settings: Settings, reports: bool) -> tuple[float, float, object]:
    """Scan ``folder``; returns (wall seconds, CPU seconds of this process, summary)."""
    db = store.open_db(settings.db)
    start, cpu = time.perf_counter(), time.process_time()
    summary = pipeline.scan([folder], settings, db=db, write=reports)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    db.close()
    return elapsed, cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--reports", action="store_true", help="include report writing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        size = write_corpus(corpus, args.docs)
        settings = Settings(db=str(Path(tmp) / "bench.db"), reports=str(Path(tmp) / "reports"))
        print(f"corpus: {args.docs} documents, {size / 1e6:.2f} MB")
        for label in ("first scan", "re-scan"):
            elapsed, cpu, s = run(corpus, settings, args.reports)
            docs = s.scanned + s.unchanged
            print(
                f"{label:>10}: {elapsed:7.3f} s  {docs / elapsed:9.1f} docs/s  "
                f"{size / 1e6 / elapsed:7.2f} MB/s  {s.references / elapsed:9.0f} refs/s  "
                f"(CPU {cpu:.3f} s = {size / 1e6 / max(cpu, 1e-9):.2f} MB/s; "
                f"{s.scanned} scanned, {s.unchanged} unchanged, {s.references} refs)"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
