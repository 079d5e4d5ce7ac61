"""Helpers of the scan reliability tests: run the real command line, compare outcomes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_f0a8ddd99eaae0a6.txt"
DOCS = ROOT / "tests" / "data" / "docs"
DEADLINE = 120  # seconds any one command may take before the test fails


def command(*args: str | os.PathLike[str]) -> list[str]:
    """``python -m provenance ARGS`` as an argv list."""
    return [sys.executable, "-m", "provenance", *map(str, args)]


def env(**extra: str) -> dict[str, str]:
    """The environment of a provenance subprocess: no PROVENANCE_* from outside."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PROVENANCE_")}
    return {**base, "PYTHONUNBUFFERED": "1", **extra}


def run(
    *args: str | os.PathLike[str],
    cwd: Path,
    preexec: Callable[[], None] | None = None,
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``provenance ARGS`` to the end (at most DEADLINE seconds)."""
    return subprocess.run(
        command(*args),
        cwd=cwd,
        env=env(**extra),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        preexec_fn=preexec,  # only the unreadable-folder test sets it (to drop root)
    )


def make_corpus(folder: Path, count: int, version: int = 1, prefix: str = "doc") -> Path:
    """``count`` documents (the seed and the test documents, renamed) in ``folder``.

    ``version`` 2 changes a sentence in every other document, as an edit between
    two scans would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sources = [SEED, *sorted(p for p in DOCS.iterdir() if p.suffix in {".txt", ".md", ".html"})]
    for n in range(count):
        source = sources[n % len(sources)]
        text = source.read_bytes()
        if version == 2 and (n % 2 == 0 or count > 40):
            text = text.replace(b"The ", b"This ", 1) + b"\n\nAn added paragraph (Regnum, May 2).\n"
        (folder / f"{prefix}{n:03d}{source.suffix}").write_bytes(text)
    return folder


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of the database file."""
    with sqlite3.connect(db) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def tree(folder: Path) -> dict[str, bytes]:
    """Every visible file under ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def outcome(db: Path, reports: Path, cwd: Path) -> tuple[dict[str, bytes], list[dict]]:
    """What a scan leaves: the report files and the export of the database.

    Row ids are left out of the export: a rescan gives changed documents new ids.
    """
    exported = run("export", "--db", db, "--format", "jsonl", cwd=cwd)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    for record in records:
        record.pop("claim_id"), record.pop("reference_id")
    return tree(reports), records


def project(folder: Path) -> Path:
    """Make ``folder`` a project root (a pyproject.toml), so stored paths are relative."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'p'\n", encoding="utf-8")
    return folder


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of ``source`` at ``target``."""
    shutil.copytree(source, target)
    return target


def billion_laughs(levels: int) -> str:
    """A "billion laughs" front matter: each anchor aliases the one before nine times."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + f"\nauthor: *l{levels}\ntitle: T\n---\n"
