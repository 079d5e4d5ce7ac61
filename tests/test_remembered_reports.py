"""A database remembers the folder its scan wrote the reports to: `check`, `report`,
`linkcheck` and a later `scan` write there unless told otherwise, never to the
./reports of the working directory, where another database's reports may be."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from provenance.cli import cli
from provenance.store import meta
from provenance.store import scans as store
from tests.fixtures.store import ROOT

REPORT = "000-f0a8ddd99eaae0a6.md"


def _scan(runner, db: Path, *extra: str):
    res = runner.invoke(cli, ["scan", str(ROOT / "seeds"), "--db", str(db), *extra])
    assert res.exit_code == 0, res.output
    return res


def _remembered(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("select value from meta where key = 'reports'").fetchone()
    return row and row[0]


def test_check_writes_its_verdicts_where_the_scan_wrote(runner, tmp_path, ia_archive) -> None:
    db, rep = tmp_path / "p.db", tmp_path / "rep"
    _scan(runner, db, "--reports", str(rep))
    urls = ["--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url]
    res = runner.invoke(cli, ["check", "--db", str(db), *urls])
    assert res.exit_code == 0, res.output
    assert "✅ verified" in (rep / REPORT).read_text(encoding="utf-8")
    assert "27/27" in (rep / "index.md").read_text(encoding="utf-8")
    assert not Path("reports").exists()  # the working directory's folder is left alone


def test_report_and_a_later_scan_use_the_remembered_folder(runner, tmp_path) -> None:
    db, rep = tmp_path / "p.db", tmp_path / "rep"
    _scan(runner, db, "--reports", str(rep))
    (rep / REPORT).unlink()
    res = runner.invoke(cli, ["report", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "1 rewritten" in res.output
    assert (rep / REPORT).exists()
    (rep / REPORT).unlink()
    _scan(runner, db)  # unchanged file, no --reports: its missing report is written back
    assert (rep / REPORT).exists()
    assert not Path("reports").exists()


def test_an_explicit_folder_wins_and_only_a_scan_changes_the_remembered_one(
    runner, tmp_path, monkeypatch
) -> None:
    db, rep, other = tmp_path / "p.db", tmp_path / "rep", tmp_path / "other"
    _scan(runner, db, "--reports", str(rep))
    assert _remembered(db) == "rep"  # relative to the database's folder
    res = runner.invoke(cli, ["report", "--db", str(db), "--reports", str(other)])
    assert res.exit_code == 0, res.output
    assert (other / REPORT).exists()
    assert _remembered(db) == "rep"  # a copy rendered elsewhere moves nothing
    monkeypatch.setenv("PROVENANCE_REPORTS", str(tmp_path / "env"))
    res = runner.invoke(cli, ["report", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "env" / REPORT).exists()  # the variable is a choice too
    monkeypatch.delenv("PROVENANCE_REPORTS")
    _scan(runner, db, "--reports", str(other))
    assert _remembered(db) == "other"


def test_linkcheck_writes_its_report_into_the_remembered_folder(runner, tmp_path) -> None:
    db, rep, docs = tmp_path / "p.db", tmp_path / "rep", tmp_path / "docs"
    docs.mkdir()  # no URL to check: the run asks nothing of the network
    (docs / "a.md").write_text("Troops moved (Zorbo Gazette, May 3, 2016).\n", encoding="utf-8")
    res = runner.invoke(cli, ["scan", str(docs), "--db", str(db), "--reports", str(rep)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["linkcheck", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert list(rep.glob("linkcheck-*.md"))
    assert not Path("reports").exists()


def test_the_default_layout_is_stored_relative_and_moves_with_the_project(
    runner, tmp_path, monkeypatch
) -> None:
    project = tmp_path / "project"
    (project / "db").mkdir(parents=True)
    monkeypatch.chdir(project)
    _scan(runner, Path("db/p.db"))  # the defaults: reports/ beside db/
    assert _remembered(project / "db" / "p.db") == "../reports"
    moved = tmp_path / "moved"
    shutil.copytree(project, moved)
    monkeypatch.chdir(tmp_path)
    db = store.open_db(moved / "db" / "p.db", create=False)
    assert meta.remembered_reports(db, moved / "db" / "p.db") == "moved/reports"
    db.close()


def test_a_folder_far_from_the_database_is_stored_absolute(tmp_path) -> None:
    db = store.open_db(tmp_path / "a" / "b" / "p.db")
    far = str(tmp_path / "x" / "y" / "reports")
    meta.remember_reports(db, tmp_path / "a" / "b" / "p.db", far)
    assert meta.remembered_value(db) == far
    db.close()


def test_the_remembered_folder_comes_before_a_config_file_s_default(
    runner, tmp_path, monkeypatch
) -> None:
    """This repository's pyproject.toml says reports = "reports": the README's "scan into
    /tmp, then check" still rewrote ./reports, with the other database's index."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.provenance]\nreports = "cfg-reports"\n', encoding="utf-8"
    )
    monkeypatch.chdir(project)
    db, rep = tmp_path / "p.db", tmp_path / "rep"
    _scan(runner, db, "--reports", str(rep))
    (rep / REPORT).unlink()
    res = runner.invoke(cli, ["report", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert (rep / REPORT).exists() and not (project / "cfg-reports").exists()
    other = project / "fresh.db"  # a database no scan wrote: the config's folder
    _scan(runner, other)
    assert (project / "cfg-reports" / REPORT).exists()
