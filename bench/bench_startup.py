"""Benchmark start-up: `provenance --version` and `--help` against bare Python.

Usage: python bench/bench_startup.py [--runs N]

Prints the median wall and CPU (user + system) time of N runs of each command, and
the difference to `python -c pass`. CPU time is the fairer figure on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "provenance --version": [sys.executable, "-m", "provenance", "--version"],
    "provenance --help": [sys.executable, "-m", "provenance", "--help"],
}


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = None
    for label, argv in COMMANDS.items():
        runs = [timed(argv) for _ in range(args.runs)]
        wall = statistics.median(w for w, _ in runs) * 1000
        cpu = statistics.median(c for _, c in runs) * 1000
        base = base or (wall, cpu)
        print(
            f"{label:>22}: wall {wall:6.1f} ms (+{wall - base[0]:5.1f}), "
            f"CPU {cpu:6.1f} ms (+{cpu - base[1]:5.1f}), median of {args.runs}"
        )


if __name__ == "__main__":
    main()
