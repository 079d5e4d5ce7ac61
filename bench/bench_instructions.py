"""Benchmark the scan workers' CPU work as instruction counts, which do not vary.

Usage: python bench/bench_instructions.py [--docs N]

Wall and CPU time on a shared VM vary by up to 2x from one hour to the next (the eyecite
control of ``bench_scan.py`` ran at 0.8 to 1.7 MB/s on the same day), which hides
changes of a few percent. Instructions, counted by valgrind's callgrind, are the same
from run to run to a tenth of a percent. This prints the instructions per document of
what a scan worker does for each file of ``bench_scan.py``'s corpus: read it, scan it,
build its rows and pickle them for the main process; and, with reports, render its
report and index entry too. Then what the main process of a two-worker
``pipeline.scan`` does a document, without and with reports: plan the file, unpickle
the worker's result, store its rows and index them, and write the report file (its
forked workers are counted apart, by their own pid).

Each figure is (count for N documents - count for none) / N, both in fresh processes,
so interpreter start-up and imports cancel out. Needs valgrind (``apt-get install
valgrind``); a run takes about a minute per 100 documents.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_scan import write_corpus  # noqa: E402 - after the path is set

PID_COLLECTED_RE = re.compile(r"==(\d+)== Collected\s*:\s*(\d+)")


FIGURES = (
    ("worker: read, scan, rows", False, "worker"),
    ("worker: and the report", True, "worker"),
    ("main process: store", False, "main"),
    ("main process: and write reports", True, "main"),
)


def child(corpus: Path, docs: int, render: bool) -> None:
    """A worker's steps for the first ``docs`` files: ``pipeline.documents.prepare``, and
    its result pickled as a worker sends it to the main process."""
    from provenance.config import Settings
    from provenance.models import Outlet
    from provenance.pipeline import workers
    from provenance.pipeline.documents import Job, prepare
    from provenance.scan.outlets import resolve

    registry = resolve.registry_for(Settings())
    # the reducers of a scan's workers (``pipeline._workers``): outlets travel as their ids
    reducers = workers.Workers(prepare, 1, {Outlet: attrgetter("id")}, registry.outlets).reducers
    gc.disable()  # as in a worker: collected between documents
    for path in sorted(corpus.iterdir())[:docs]:
        result = prepare(Job(str(path), path.name, None, None), registry, None, render)
        workers._dumps((False, result), reducers)
        gc.collect(1)


def main_process(corpus: Path, docs: int, render: bool) -> None:
    """``pipeline.scan`` of the first ``docs`` files with two workers, into a new database.

    In one transaction: the scan commits every ``COMMIT_EVERY`` (0.5) seconds, and under
    valgrind, some 50 times slower, that was every few documents, where a real scan
    commits every 130 or so (10.7 MB in 9 commits). The count then held commits and
    full-text index merges that no real run makes, and varied with the machine's load.
    """
    from provenance import pipeline
    from provenance.config import Settings
    from provenance.pipeline import batches

    batches.COMMIT_EVERY = float("inf")

    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp, "corpus")
        files.mkdir()
        for path in sorted(corpus.iterdir())[:docs]:
            shutil.copy(path, files)
        settings = Settings(db=f"{tmp}/bench.db", reports=f"{tmp}/reports", jobs=2)
        pipeline.scan([files], settings, write=render)


def child_env(pycache: str) -> dict[str, str]:
    """The children's environment: bytecode cached in ``pycache`` (see ``warm_up``)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_up(corpus: Path, docs: int, env: dict[str, str]) -> None:
    """Run every child once, without valgrind, so that each module it imports is
    compiled to bytecode beforehand. Without it, the modules a scan imports only when
    it has documents (the report's, the workers') were compiled in the measured run
    and not in the empty one: source compilation counted as work per document."""
    for _, render, role in FIGURES:
        argv = [sys.executable, __file__, "--child", str(corpus), str(docs), f"{role}{int(render)}"]
        subprocess.run(argv, env=env, check=True, capture_output=True)


def instructions(corpus: Path, docs: int, render: bool, role: str, env: dict[str, str]) -> int:
    """Instructions of one fresh process doing ``docs`` documents (of its main process
    alone for the role "main")."""
    argv = [sys.executable, __file__, "--child", str(corpus), str(docs), f"{role}{int(render)}"]
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    with subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True) as proc:
        _, stderr = proc.communicate()
    if proc.returncode:
        sys.exit(f"bench_instructions: the child failed:\n{stderr[-2000:]}")
    # Every process valgrind followed prints its own count; valgrind runs the program
    # in its own process, so the main process's pid is the one started here.
    return int(dict(PID_COLLECTED_RE.findall(stderr))[str(proc.pid)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100, help="documents counted (100)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, docs, role = args.child
        run = main_process if role.startswith("main") else child
        run(Path(corpus), int(docs), role.endswith("1"))
        return
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind not found (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp, "corpus")
        corpus.mkdir()
        size = write_corpus(corpus, args.docs)
        print(f"corpus: the first {args.docs} documents of bench_scan.py's, {size / 1e6:.2f} MB")
        env = child_env(str(Path(tmp, "pycache")))
        warm_up(corpus, args.docs, env)
        for label, render, role in FIGURES:
            base = instructions(corpus, 0, render, role, env)
            per_doc = (instructions(corpus, args.docs, render, role, env) - base) / args.docs
            print(f"{label:>32}: {per_doc / 1e6:8.2f} M instructions a document")


if __name__ == "__main__":
    main()
