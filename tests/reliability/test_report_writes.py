"""A report that cannot be written: one line naming it, the other reports written, nothing
lost, and the next run writes it.

Real files on a real file system: a folder standing where a report goes makes its
rename fail (``IsADirectoryError``), as a full disk or a read-only mount would, for
that report alone. The scan and report runs are the real command line in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.errors import ReportWriteError
from provenance.store import scans as store
from tests.fixtures.web import LocalServer
from tests.reliability.scanrun import make_corpus, project, run
from tests.test_linkcheck import DAY0, link_settings, seed
from tests.test_linkcheck import run as linkcheck_run

FOLDER = "a folder is in its place"


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from documents").fetchone()[0]


@pytest.fixture(name="corpus")
def _corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """A project of 4 documents, and the names of their reports (from a first scan)."""
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 4)
    first = run("scan", "docs", "--db", "first.db", "--reports", "first", cwd=top)
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in (top / "first").glob("*.md") if p.name != "index.md")
    assert len(names) == 4
    return top, names


def scan(top: Path):
    return run("scan", "docs", "--db", "db.sqlite", "--reports", "out", cwd=top)


def test_scan_says_which_report_it_could_not_write_and_writes_the_rest(corpus) -> None:
    top, names = corpus
    (top / "out" / names[1]).mkdir(parents=True)
    result = scan(top)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert errors(result.stderr) == [f"error: out/{names[1]}: cannot write the report ({FOLDER})"]
    assert "scanned 4 documents" in result.stderr  # every document is stored all the same
    assert stored(top / "db.sqlite") == 4
    for name in names[:1] + names[2:] + ["index.md"]:
        assert (top / "out" / name).read_text() == (top / "first" / name).read_text(), name
    assert not [p for p in (top / "out").iterdir() if p.name.startswith(".")]  # no temp left
    # The folder gone, the next scan (every file unchanged) writes the missing report.
    (top / "out" / names[1]).rmdir()
    again = scan(top)
    assert again.returncode == 0 and errors(again.stderr) == []
    assert "(4 unchanged" in again.stderr
    assert (top / "out" / names[1]).read_text() == (top / "first" / names[1]).read_text()


def test_index_that_cannot_be_written_is_one_error(corpus) -> None:
    top, names = corpus
    (top / "out" / "index.md").mkdir(parents=True)
    result = scan(top)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert errors(result.stderr) == [f"error: out/index.md: cannot write the report ({FOLDER})"]
    assert sorted(p.name for p in (top / "out").glob("*.md") if p.is_file()) == names


def test_many_reports_that_cannot_be_written_are_one_line(tmp_path: Path) -> None:
    top = project(tmp_path / "p")
    make_corpus(top / "docs", 12)
    first = run("scan", "docs", "--db", "first.db", "--reports", "out", cwd=top)
    assert first.returncode == 0
    reports = sorted(p for p in (top / "out").glob("*.md") if p.name != "index.md")
    for path in reports:  # each report made a folder: twelve reports fail at once
        path.unlink()
        path.mkdir()
    result = run("report", "--db", "first.db", "--reports", "out", cwd=top)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert errors(result.stderr) == [
        f"error: 12 files: cannot write the report ({FOLDER}) "
        f"(first out/{reports[0].name}; -v lists them all)"
    ]
    assert "out/: 12 reports and index.md, 0 rewritten, 1 unchanged, 12 not written" in (
        result.stderr
    )
    listed = run("-v", "report", "--db", "first.db", "--reports", "out", cwd=top)
    assert len(errors(listed.stderr)) == 12


def test_report_command_rewrites_the_rest_and_exits_1(corpus) -> None:
    top, names = corpus
    assert scan(top).returncode == 0
    (top / "out" / names[2]).unlink()
    (top / "out" / names[2]).mkdir()
    (top / "out" / names[0]).write_text("edited by hand\n", encoding="utf-8")
    result = run("report", "--db", "db.sqlite", "--reports", "out", cwd=top)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert errors(result.stderr) == [f"error: out/{names[2]}: cannot write the report ({FOLDER})"]
    assert "4 reports and index.md, 1 rewritten, 3 unchanged, 1 not written" in result.stderr
    assert (top / "out" / names[0]).read_text() == (top / "first" / names[0]).read_text()


# ---------------------------------------------------------------- link-check report


def test_linkcheck_report_not_written_leaves_the_run_to_finish(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """The newly broken links of a run whose report could not be written are in the
    report the next run of the day writes; before, the run was complete and they were
    nobody's news."""
    seed(db, [local_server.page("/ok")])
    settings = link_settings(tmp_path)
    linkcheck_run(db, settings, report_to=settings.reports)
    local_server.status("/ok", 410)
    blocked = Path(settings.reports) / "linkcheck-2026-11-01-2.md"
    blocked.mkdir()
    with pytest.raises(ReportWriteError, match=f"linkcheck-2026-11-01-2.md: .*{FOLDER}"):
        linkcheck_run(db, settings, DAY0 + dt.timedelta(hours=3), report_to=settings.reports)
    statuses = [r["status"] for r in db.query("select status from link_runs order by id")]
    assert statuses == ["complete", "interrupted"]
    blocked.rmdir()
    asked = len(local_server.requests)
    later = linkcheck_run(db, settings, DAY0 + dt.timedelta(hours=4), report_to=settings.reports)
    assert later.resumed and len(local_server.requests) == asked  # nothing asked again
    assert later.report_path == str(blocked)
    assert "## Newly broken (1)" in blocked.read_text(encoding="utf-8")


def test_linkcheck_cli_says_the_report_and_what_became_of_the_run(
    runner: CliRunner, local_server: LocalServer, tmp_path: Path
) -> None:
    path = tmp_path / "cli.db"
    seed(store.open_db(path), [local_server.page("/ok")])
    reports = tmp_path / "r"
    day = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    (reports / f"linkcheck-{day}.md").mkdir(parents=True)
    args = ["linkcheck", "--db", str(path), "--reports", str(reports), "--allow-private"]
    result = runner.invoke(cli, args, env={"PROVENANCE_LINK_DELAY": "0"}, catch_exceptions=False)
    assert result.exit_code == 1
    lines = errors(result.stderr)
    assert len(lines) == 2 and f"linkcheck-{day}.md: cannot write the report ({FOLDER})" in lines[0]
    assert lines[1].startswith("error: the run is stored unfinished")
    (reports / f"linkcheck-{day}.md").rmdir()
    again = runner.invoke(cli, args, env={"PROVENANCE_LINK_DELAY": "0"}, catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert (reports / f"linkcheck-{day}.md").is_file()


# ---------------------------------------------------------------- check


def test_check_stores_its_verdicts_and_says_which_report_it_could_not_write(
    runner: CliRunner, tmp_path: Path, ia_archive
) -> None:
    from tests.fixtures.store import ROOT

    db, reports = str(tmp_path / "p.db"), tmp_path / "rep"
    archive = ["--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url]
    scanned = runner.invoke(
        cli, ["scan", str(ROOT / "seeds"), "--db", db, "--reports", str(reports)]
    )
    assert scanned.exit_code == 0
    report = reports / "000-f0a8ddd99eaae0a6.md"
    report.unlink()
    report.mkdir()
    args = ["check", "--db", db, "--reports", str(reports), *archive]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "checked: 27 of 27" in result.stderr and "27 verified" in result.stderr
    assert errors(result.stderr) == [f"error: {report}: cannot write the report ({FOLDER})"]
    report.rmdir()
    seen = len(ia_archive.requests)
    again = runner.invoke(cli, [*args, "--offline"], catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert len(ia_archive.requests) == seen  # the verdicts were kept: nothing asked again
    assert report.read_text(encoding="utf-8").count("✅ verified") >= 27
