"""Score citation extraction against the hand-written gold: precision, recall, F1.

Usage: python bench/bench_gold.py [--misses]

Reads tests/data/gold/citations.txt (one sentence per case, the references it must give)
and prints reference precision, recall and F1 on (outlet as written, cited date), and how
many references came from parentheticals that are not citations. --misses lists the cases
that differ.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.goldcite import expected, extracted, key, load_cases, score  # noqa: E402


def main() -> None:
    """Print the scores (and the differing cases with --misses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the cases that differ")
    args = parser.parse_args()
    cases = load_cases()
    result = score(cases)
    print(
        f"cases {result['cases']}  references {result['references']}  "
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  from non-citations {result['from_non_citations']}"
    )
    if args.misses:
        for case in cases:
            got, want = Counter(map(key, extracted(case))), Counter(map(key, expected(case)))
            if got != want:
                print(f"line {case.line}: {case.text}\n  got  {sorted(got)}\n  want {sorted(want)}")


if __name__ == "__main__":
    main()
