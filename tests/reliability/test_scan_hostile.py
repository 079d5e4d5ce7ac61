"""Hostile files and folders: each is one warning line, never a traceback, never a lost document.

Every test runs the real command line in a subprocess on real files (issue 13 items
4, 5, 7, 8, 10).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
from pathlib import Path

from tests.reliability.scanrun import ROOT, SEED, billion_laughs, make_corpus, project, run, tree


def stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("select path from documents order by path")]


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_billion_laughs_front_matter_is_one_warning(tmp_path: Path) -> None:
    docs = make_corpus(project(tmp_path / "p") / "docs", 3)
    (docs / "laughs.md").write_text(billion_laughs(9) + "A claim (Regnum, May 2).\n", "utf-8")
    result = run("scan", "docs", "--db", "db.sqlite", "--reports", "out", cwd=tmp_path / "p")
    assert_no_traceback(result)
    assert result.returncode == 0
    (line,) = [w for w in warnings(result.stderr) if "laughs.md: YAML" in w]
    assert "YAML front matter ignored" in line
    assert "docs/laughs.md" in stored(tmp_path / "p" / "db.sqlite")  # the body is still scanned
    assert len(stored(tmp_path / "p" / "db.sqlite")) == 4


def test_symlink_loop_and_non_utf8_name_are_warnings(tmp_path: Path) -> None:
    docs = make_corpus(project(tmp_path / "p") / "docs", 2)
    os.symlink("loop-b.txt", docs / "loop-a.txt")
    os.symlink("loop-a.txt", docs / "loop-b.txt")
    os.mkdir(docs / "sub")
    os.symlink("..", docs / "sub" / "up")  # a folder link back up: never followed
    bad = os.fsencode(docs) + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(SEED.read_bytes())
    result = run("scan", "docs", "--db", "db.sqlite", "--reports", "out", cwd=tmp_path / "p")
    assert_no_traceback(result)
    assert result.returncode == 0
    lines = warnings(result.stderr)
    assert sum("symlink loop" in w for w in lines) == 2
    (name,) = [w for w in lines if "not valid UTF-8" in w]
    assert "caf\\xe9.txt" in name
    assert stored(tmp_path / "p" / "db.sqlite") == ["docs/doc000.txt", "docs/doc001.html"]


def test_paths_given_that_cannot_be_read_are_one_line_each_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    top = project(tmp_path / "p")
    docs = make_corpus(top / "docs", 2)
    os.symlink("loop-b.txt", top / "loop-a.txt")
    os.symlink("loop-a.txt", top / "loop-b.txt")
    bad_file, bad_folder = os.fsencode(top) + b"/caf\xe9.txt", os.fsencode(top) + b"/d\xff"
    shutil.copy(SEED, bad_file)
    os.mkdir(bad_folder)
    shutil.copy(SEED, bad_folder + b"/a.txt")
    odd = [os.fsdecode(b"caf\xe9.txt"), os.fsdecode(b"d\xff")]
    given = ["gone.txt", "gone", "loop-a.txt", *odd, "docs", "docs/"]
    result = run("scan", *given, "--db", "db.sqlite", "--reports", "out", cwd=top)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert warnings(result.stderr) == [
        "warning: gone.txt: no such file or folder",
        "warning: gone: no such file or folder",
        "warning: loop-a.txt: symlink loop; not scanned",
        "warning: caf\\xe9.txt: file name is not valid UTF-8; not scanned (rename it)",
        "warning: d\\xff: file name is not valid UTF-8; not scanned (rename it)",
    ]
    assert "(0 unchanged, 5 failed, 0 skipped)" in result.stderr  # docs/ twice is one folder
    assert stored(top / "db.sqlite") == sorted(f"docs/{p.name}" for p in docs.iterdir())


def test_strict_fails_on_a_file_it_could_not_scan_and_says_so_even_with_q(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    docs = make_corpus(top / "docs", 2)
    os.symlink("loop-b.txt", docs / "loop-a.txt")
    os.symlink("loop-a.txt", docs / "loop-b.txt")
    (docs / "undated.md").write_text("Prices rose (Regnum, May 2).\n", encoding="utf-8")
    args = ("scan", "docs", "--db", "db.sqlite", "--reports", "out")
    assert run(*args, cwd=top).returncode == 0
    strict = run("-q", *args, "--strict", cwd=top)
    assert_no_traceback(strict)
    assert strict.returncode == 2
    assert strict.stderr.splitlines() == [  # the failures, not the warning on undated.md
        "error: docs/loop-a.txt: symlink loop; not scanned",
        "error: docs/loop-b.txt: symlink loop; not scanned",
    ]


def _without_dac_override() -> None:
    """Drop root's power to read any folder (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the
    bounding set before exec: the run is root but a mode-0 folder stops it as anyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_unreadable_folder_keeps_its_documents(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "docs" / "open", 2)
    make_corpus(top / "docs" / "closed", 2)
    preexec = _without_dac_override if os.geteuid() == 0 else None
    args = ("scan", "docs", "--db", "db.sqlite", "--reports", "out")
    first = run(*args, cwd=top, preexec=preexec)
    assert first.returncode == 0, first.stderr
    before = stored(top / "db.sqlite")
    (top / "docs" / "closed").chmod(0)
    try:
        again = run(
            "scan", "docs", "--db", "db.sqlite", "--reports", "out", cwd=top, preexec=preexec
        )
    finally:
        (top / "docs" / "closed").chmod(0o755)
    assert_no_traceback(again)
    assert again.returncode == 0
    (line,) = warnings(again.stderr)
    assert "docs/closed: cannot read folder: Permission denied" in line
    assert stored(top / "db.sqlite") == before and len(before) == 4  # nothing pruned
    assert "removed" not in again.stderr
    assert len(list((top / "out").glob("*.md"))) == 5  # four reports and the index


def test_two_projects_never_share_a_stored_path(tmp_path: Path) -> None:
    one, two = project(tmp_path / "one"), project(tmp_path / "two")
    make_corpus(one / "seeds", 3)
    make_corpus(two / "seeds", 4, version=2)
    db = tmp_path / "shared.db"
    together = run("scan", one / "seeds", two / "seeds", "--db", db, "--reports", "r", cwd=tmp_path)
    assert_no_traceback(together)
    refused = [w for w in warnings(together.stderr) if "not stored" in w]
    assert len(refused) == 3  # two's seeds/doc000..002 clash with one's; doc003 is new
    assert all(w.startswith("warning: two/seeds/") and " one/seeds/" in w for w in refused)
    paths = stored(db)
    assert paths == [
        f"seeds/doc{n:03d}{s}" for n, s in enumerate((".txt", ".html", ".md", ".html"))
    ]
    with sqlite3.connect(db) as conn:
        roots = [r[0] for r in conn.execute("select root from documents order by path")]
    assert roots == [str(one.resolve())] * 3 + [str(two.resolve())]
    # One after the other: the second project neither overwrites nor prunes the first's.
    (two / "seeds" / "doc003.html").unlink()
    later = run("scan", two / "seeds", "--db", db, "--reports", "r", cwd=tmp_path)
    assert_no_traceback(later)
    assert stored(db) == paths[:3]  # only doc003, two's own, whose file is gone
    assert len([w for w in warnings(later.stderr) if "not stored" in w]) == 3


def test_nested_project_is_refused_not_merged(tmp_path: Path) -> None:
    outer = project(tmp_path / "outer")
    make_corpus(outer / "seeds", 1)
    inner = outer / "vendor" / "inner"
    make_corpus(inner / "seeds", 1, version=2)
    (inner / ".git").mkdir()
    result = run("scan", ".", "--db", "db/p.db", cwd=outer)
    assert_no_traceback(result)
    (line,) = [w for w in warnings(result.stderr) if "not stored" in w]
    assert line.startswith("warning: ") and "vendor/inner/seeds/doc000.txt" in line
    assert stored(outer / "db" / "p.db") == ["seeds/doc000.txt"]


def test_scan_dot_in_a_copy_of_the_repository_leaves_reports_unchanged(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    for name in ("pyproject.toml", "README.md", "seeds", "reports", "tests/data/docs"):
        source = ROOT / name
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target) if source.is_dir() else shutil.copy(source, target)
    (copy / "venv").mkdir()
    (copy / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (copy / "venv" / "notes.md").write_text("Never scanned (Regnum, May 2).\n")
    (copy / "provenance.egg-info").mkdir()
    (copy / "provenance.egg-info" / "PKG-INFO.txt").write_text("Never scanned.\n")
    before = tree(copy / "reports")
    for spelling in (".", str(copy), "./", "."):
        result = run("scan", spelling, cwd=copy)
        assert result.returncode == 0 and warnings(result.stderr) == [], result.stderr
        assert tree(copy / "reports") == before
    assert stored(copy / "db" / "provenance.db") == ["seeds/000_f0a8ddd99eaae0a6.txt"]


def test_pruning_works_for_every_spelling_of_a_folder(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "seeds", 6)
    assert run("scan", "seeds", cwd=top).returncode == 0
    names = sorted(p.name for p in (top / "seeds").iterdir())
    for n, spelling in enumerate((".", "./seeds", "seeds/", f"{top}/seeds", f"{top}/")):
        (top / "seeds" / names[n]).unlink()
        result = run("scan", spelling, cwd=top)
        assert "removed 1 whose files are gone" in result.stderr, (spelling, result.stderr)
        left = [f"seeds/{name}" for name in names[n + 1 :]]
        assert stored(top / "db" / "provenance.db") == left
        reports = sorted(p.name for p in (top / "reports").iterdir())
        assert reports == sorted([*(Path(name).stem + ".md" for name in left), "index.md"])


def test_exclude_flag_and_setting(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 2)
    make_corpus(top / "docs" / "drafts", 2)
    make_corpus(top / "notes", 1)
    (top / "pyproject.toml").write_text('[tool.provenance]\nexclude = ["./notes"]\n')
    result = run("scan", ".", "--exclude", "drafts", "--exclude", "*.html", cwd=top)
    assert result.returncode == 0, result.stderr
    assert stored(top / "db" / "provenance.db") == ["docs/doc000.txt"]


def test_reserved_report_names(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    docs = make_corpus(top / "docs", 1)
    (docs / "index.txt").write_text("Troops moved in (Regnum, May 2, 2016). More came.\n")
    (docs / "linkcheck-2026-12-04.md").write_text("A claim (Regnum, May 2, 2016).\n")
    result = run("scan", "docs", cwd=top)
    assert result.returncode == 0, result.stderr
    reports = top / "reports"
    index = (reports / "index.md").read_text(encoding="utf-8")
    others = sorted(p.name for p in reports.glob("*.md") if p.name != "index.md")
    assert all(f"({name})" in index for name in others)  # the index, not a document's report
    assert "linkcheck-2026-12-04-document.md" in others
    assert not (reports / "linkcheck-2026-12-04.md").exists()
    assert len(list(reports.glob("*.md"))) == 4  # three reports and the index


def test_csv_export_neutralises_formulas_from_documents(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    (top / "docs").mkdir()
    (top / "docs" / "=cmd.md").write_text(
        '=HYPERLINK("http://x.test","see") rose by 5% (Regnum, May 2, 2016).\n'
    )
    assert run("scan", "docs", cwd=top).returncode == 0
    as_csv = run("export", "--format", "csv", cwd=top).stdout
    as_json = json.loads(run("export", "--format", "json", cwd=top).stdout)
    assert as_json[0]["document"] == "docs/=cmd.md"
    assert as_json[0]["claim"].startswith("=HYPERLINK")
    row = as_csv.splitlines()[1]
    assert row.startswith("docs/=cmd.md,") and ',"\'=HYPERLINK(""http' in row


def test_the_reports_folder_given_explicitly_is_refused(tmp_path: Path, monkeypatch) -> None:
    from provenance import pipeline
    from provenance.config import Settings

    top = project(tmp_path / "p")
    monkeypatch.chdir(top)
    make_corpus(top / "docs", 2)
    settings = Settings(db="db/p.db", reports="reports")
    assert pipeline.scan(["docs"], settings).scanned == 2
    summary = pipeline.scan(["reports", "reports/index.md"], settings)
    assert summary.scanned == summary.unchanged == 0
    assert summary.errors == [
        "reports: is in the reports folder; not scanned",
        "reports/index.md: is in the reports folder; not scanned",
    ]
    assert stored(top / "db" / "p.db") == ["docs/doc000.txt", "docs/doc001.html"]
