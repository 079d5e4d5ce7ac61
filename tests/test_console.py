"""Console output: -q/-v/-vv levels, each warning once, floods collapsed, paths relative."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance import console
from provenance.cli import cli
from provenance.store import scans as store
from tests.test_linkcheck import dead_port, seed

ROOT = Path(__file__).resolve().parent.parent
UNDATED = "no publication date found (use --published YYYY-MM-DD)"


# ---------------------------------------------------------------- collapse


def test_a_flood_of_one_kind_is_one_line() -> None:
    warnings = [(f"docs/{i}.txt", f"{UNDATED}: years are unknown") for i in range(20_000)]
    lines = console.collapse(warnings)
    assert lines == [f"20,000 files: {UNDATED} (first docs/0.txt; -v lists them all)"]
    assert len(console.collapse(warnings, verbose=True)) == 20_000


def test_repeats_in_one_file_are_one_line() -> None:
    warnings = [("a.txt", f"unbalanced parentheses at line {n}: '(('") for n in range(867)]
    warnings += [("a.txt", "bad YAML front matter ignored: line 3"), ("b.txt", "empty file")]
    assert console.collapse(warnings) == [
        "a.txt: unbalanced parentheses at line 0: '((' (and 866 more like it); "
        "bad YAML front matter ignored: line 3",
        "b.txt: empty file",
    ]


def test_a_kind_on_few_files_stays_per_file_and_duplicates_print_once() -> None:
    warnings = [(f"{i}.txt", "empty file") for i in range(console.FLOOD_FILES)] * 2
    assert console.collapse(warnings) == [f"{i}.txt: empty file" for i in range(5)]
    assert console.collapse(warnings, verbose=True) == [f"{i}.txt: empty file" for i in range(5)]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (f"{UNDATED}: years of undated citations are left unknown", UNDATED),
        (
            "unbalanced or too deeply nested parentheses at line 12: '((('",
            "unbalanced or too deeply nested parentheses",
        ),
        ("file too large: 25.0 MB > 20.0 MB limit", "file too large"),
        ("permission denied", "permission denied"),
    ],
)
def test_warning_kind(message: str, kind: str) -> None:
    assert console.warning_kind(message) == kind


def test_display_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert console.display_path(tmp_path / "docs" / "a.txt") == "docs/a.txt"
    assert console.display_path("docs/../docs/a.txt") == "docs/a.txt"
    assert console.display_path("/elsewhere/a.txt") == "/elsewhere/a.txt"


def test_errors_name_paths_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "db" / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: db/none.db: no database here")
    assert (
        console.relative(f"{tmp_path}/a.txt and /elsewhere/b.txt") == "a.txt and /elsewhere/b.txt"
    )


@pytest.mark.parametrize(
    ("verbose", "quiet", "level"),
    [(0, False, console.NOTICE), (1, False, 20), (2, False, 10), (5, False, 10), (2, True, 40)],
)
def test_level_for(verbose: int, quiet: bool, level: int) -> None:
    assert console.level_for(verbose, quiet) == level


# ---------------------------------------------------------------- the command line


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Eight undated documents citing a source, one empty file and one dated document."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(8):
        (docs / f"u{i}.txt").write_text(f"Claim {i} here (Reuters, May 3). More.\n")
    (docs / "empty.txt").write_text("")
    (docs / "dated.md").write_text("---\ndate: 2016-11-17\n---\n\nA claim (Reuters, May 3).\n")
    return tmp_path


def _scan(tmp: Path, *flags: str, db: str = "db/p.db") -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, [*flags, "scan", "docs", "--db", db, "--reports", "reports"])
    return result.exit_code, result.stderr.splitlines()


@pytest.fixture
def in_tmp(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(corpus)
    return corpus


def test_default_shows_warnings_collapsed_and_the_summary_line(in_tmp: Path) -> None:
    code, lines = _scan(in_tmp)
    assert code == 0
    assert lines == [
        "warning: docs/empty.txt: empty file",
        f"warning: 8 files: {UNDATED} (first docs/u0.txt; -v lists them all)",
        "scanned 9 documents (0 unchanged, 1 failed, 0 skipped): 17 claims, 9 citations, "
        "9 references -> db/p.db",
    ]


def test_quiet_shows_errors_only(in_tmp: Path) -> None:
    assert _scan(in_tmp, "-q") == (0, [])


def test_verbose_adds_a_line_per_document_and_every_warning(in_tmp: Path) -> None:
    _, lines = _scan(in_tmp, "-v")
    assert "docs/dated.md: 1 claim, 1 citation, 1 reference" in lines
    assert sum(line.endswith(": 2 claims, 1 citation, 1 reference") for line in lines) == 8
    assert sum(UNDATED in line for line in lines) == 8
    assert len(lines) == len(set(lines))
    _, again = _scan(in_tmp, "-v")
    assert sum(line.endswith(": unchanged") for line in again) == 9


def test_very_verbose_adds_debug_output(in_tmp: Path) -> None:
    _, lines = _scan(in_tmp, "-vv")
    assert any(line.startswith("debug provenance.") for line in lines)
    _, plain = _scan(in_tmp, "-v")
    assert not any(line.startswith("debug ") for line in plain)


def test_linkcheck_prints_each_warning_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "cli.db"
    urls = [f"http://127.0.0.{i}:{dead_port(f'127.0.0.{i}')}/x" for i in range(2, 7)]
    seed(store.open_db(path), urls)
    monkeypatch.chdir(tmp_path)
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1"}
    args = ["linkcheck", "--db", "cli.db", "--reports", "r", "--allow-private"]
    result = CliRunner().invoke(cli, args, env=env)
    lines = result.stderr.splitlines()
    assert result.exit_code == 4
    assert sum("the network looks down" in line for line in lines) == 1
    assert len(lines) == 2 and lines[1].startswith("linkcheck: NETWORK OUTAGE")
    assert lines[1].endswith(" -> r/" + next((tmp_path / "r").glob("*.md")).name)
    quiet = CliRunner().invoke(cli, ["-q", *args], env=env).stderr.splitlines()
    assert len(quiet) == 1 and quiet[0].startswith("error: ") and "looks down" in quiet[0]


def test_subprocess_paths_are_relative_to_the_working_directory(corpus: Path) -> None:
    command = [sys.executable, "-m", "provenance", "scan", str(corpus / "docs")]
    command += ["--db", str(corpus / "db" / "p.db"), "--reports", str(corpus / "reports")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        command, cwd=corpus, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert str(corpus) not in done.stderr
    assert "warning: docs/empty.txt: empty file" in done.stderr.splitlines()
    assert done.stderr.splitlines()[-1].endswith("-> db/p.db")
    assert done.stdout == ""


def test_one_file_with_hundreds_of_bad_parentheses_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    body = "".join(f"Claim {i} (Reuters, May 3 ((( and more.\n\n" for i in range(300))
    (tmp_path / "docs" / "nested.md").write_text("---\ndate: 2016-11-17\n---\n\n" + body)
    monkeypatch.chdir(tmp_path)
    code, lines = _scan(tmp_path)
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("warning: docs/nested.md: unbalanced or too deeply nested")
    more = re.search(r"\(and (\d+) more like it\)$", lines[0])
    assert more and int(more[1]) >= 299  # at least one per paragraph
    _, every = _scan(tmp_path, "-v", db="db/other.db")
    assert sum("unbalanced" in line for line in every) == int(more[1]) + 1


def test_verbose_linkcheck_adds_one_line_per_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, local_server
) -> None:
    urls = [local_server.page("/ok"), local_server.status("/gone", 404)]
    seed(store.open_db(tmp_path / "cli.db"), urls)
    monkeypatch.chdir(tmp_path)
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1", "PROVENANCE_TIMEOUT": "5"}
    args = ["linkcheck", "--db", "cli.db", "--reports", "r", "--allow-private"]
    plain = CliRunner().invoke(cli, args, env=env).stderr.splitlines()
    verbose = CliRunner().invoke(cli, ["-v", *args], env=env).stderr.splitlines()
    assert not any(line.startswith(tuple(urls)) for line in plain)
    assert sorted(line.split(": ")[0] for line in verbose if line.startswith("http")) == sorted(
        urls
    )


@pytest.mark.parametrize(
    "args",
    [["-q", "scan", "SEED"], ["scan", "SEED", "-q"], ["scan", "-q", "SEED"]],
)
def test_verbosity_flags_work_before_or_after_the_command(tmp_path: Path, args) -> None:
    seed = str(ROOT / "seeds" / "000_f0a8ddd99eaae0a6.txt")
    where = ["--db", str(tmp_path / "p.db"), "--reports", str(tmp_path / "r")]
    res = CliRunner().invoke(cli, [seed if a == "SEED" else a for a in args] + where)
    assert res.exit_code == 0, res.output
    assert res.output == ""  # -q: errors only, not even the summary line
    verbose = CliRunner().invoke(cli, ["scan", seed, *where, "-v"])
    assert "000_f0a8ddd99eaae0a6.txt: unchanged" in verbose.output


def test_a_verbosity_flag_after_double_dash_is_a_path(tmp_path: Path) -> None:
    where = ["--db", str(tmp_path / "p.db"), "--reports", str(tmp_path / "r")]
    res = CliRunner().invoke(cli, ["scan", *where, "--", "-q"])
    assert "-q" in res.output and res.exit_code != 0  # no such file, reported as one
