"""Benchmark start-up: `provenance --version` and `--help` against bare Python.

Usage: python bench/bench_startup.py [--runs N]

Prints the median wall and CPU (user + system) time of N runs of each command, and
the difference to `python -c pass`. CPU time is the fairer figure on a shared machine.

Each command runs once unmeasured first, with its bytecode cached in a temporary folder
(``PYTHONPYCACHEPREFIX``), as an installed package has it: where
``PYTHONDONTWRITEBYTECODE`` is set (it is on the development VM), every start compiled
the package's modules again: 20-30 ms that no installed package's start-up pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "provenance --version": [sys.executable, "-m", "provenance", "--version"],
    "provenance --help": [sys.executable, "-m", "provenance", "--help"],
}


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
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
    with tempfile.TemporaryDirectory() as pycache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": pycache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for argv in COMMANDS.values():
            timed(argv, env)  # compiles and caches the bytecode
        measure(args.runs, env)


def measure(runs: int, env: dict[str, str]) -> None:
    base = None
    for label, argv in COMMANDS.items():
        times = [timed(argv, env) for _ in range(runs)]
        wall = statistics.median(w for w, _ in times) * 1000
        cpu = statistics.median(c for _, c in times) * 1000
        base = base or (wall, cpu)
        print(
            f"{label:>22}: wall {wall:6.1f} ms (+{wall - base[0]:5.1f}), "
            f"CPU {cpu:6.1f} ms (+{cpu - base[1]:5.1f}), median of {runs}"
        )


if __name__ == "__main__":
    main()
