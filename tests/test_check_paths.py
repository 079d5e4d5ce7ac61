"""`provenance check PATHS` checks the sources of the documents at PATHS only, and
`scan PATHS --check` those of the documents it scanned: with a rate-limited archive,
checking one new article must not wait for every other stored document's references."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from provenance.cli import cli
from tests.fixtures.store import ROOT

SEED = "000_f0a8ddd99eaae0a6.txt"


def _corpus(tmp_path: Path) -> Path:
    """A project with the sample article and another document citing TASS."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "seeds" / SEED, project / "docs" / SEED)
    (project / "other").mkdir()
    text = "---\ndate: 2016-05-10\n---\n\nTroops moved (TASS, May 3, 2016).\n"
    (project / "other" / "b.md").write_text(text, encoding="utf-8")
    return project


def _checked_per_document(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select d.path, count(k.reference_id) from documents d"
            ' left join "references" r on r.document_id = d.id'
            " left join reference_checks k on k.reference_id = r.id group by d.path"
        )
        return dict(rows.fetchall())


def _archive(ia_archive) -> list[str]:
    return ["--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url]


def test_check_of_one_file_asks_only_for_its_references(runner, tmp_path, ia_archive) -> None:
    project = _corpus(tmp_path)
    db = tmp_path / "p.db"
    res = runner.invoke(cli, ["scan", str(project), "--db", str(db)])
    assert res.exit_code == 0, res.output
    seed = project / "docs" / SEED
    res = runner.invoke(cli, ["check", str(seed), "--db", str(db), *_archive(ia_archive)])
    assert res.exit_code == 0, res.output
    assert "checking 27 references" in res.output
    assert _checked_per_document(db) == {f"docs/{SEED}": 27, "other/b.md": 0}
    assert ia_archive.cdx_requests() and not any(
        "tass" in r.path for r in ia_archive.cdx_requests()
    )
    # A folder holds its documents, the other folder's stay unchecked.
    other = ["check", str(project / "other"), "--db", str(db), *_archive(ia_archive)]
    res = runner.invoke(cli, other)
    assert "checking 1 reference" in res.output
    assert _checked_per_document(db)["other/b.md"] == 1


def test_a_path_without_documents_is_one_error_line(runner, tmp_path) -> None:
    project = _corpus(tmp_path)
    db = tmp_path / "p.db"
    runner.invoke(cli, ["scan", str(project / "other"), "--db", str(db)])
    missing = project / "docs" / "nothing.md"
    res = runner.invoke(cli, ["check", str(missing), str(project / "docs"), "--db", str(db)])
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert f"error: {missing}: no scanned document there" in lines
    assert f"error: {project / 'docs'}: no scanned document there" in lines
    assert "Traceback" not in res.output


def test_scan_then_check_checks_what_it_scanned(runner, tmp_path, ia_archive) -> None:
    project = _corpus(tmp_path)
    db = tmp_path / "p.db"
    res = runner.invoke(cli, ["scan", str(project / "other"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        cli, ["scan", str(project / "docs"), "--check", "--db", str(db), *_archive(ia_archive)]
    )
    assert res.exit_code == 0, res.output
    assert _checked_per_document(db) == {f"docs/{SEED}": 27, "other/b.md": 0}


def test_export_of_paths_gives_their_references_only(runner, tmp_path) -> None:
    project = _corpus(tmp_path)
    db = tmp_path / "p.db"
    res = runner.invoke(cli, ["scan", str(project), "--db", str(db)])
    assert res.exit_code == 0, res.output
    every = runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl"])
    assert len(every.stdout.splitlines()) == 28
    one = runner.invoke(
        cli, ["export", str(project / "other"), "--db", str(db), "--format", "jsonl"]
    )
    assert one.exit_code == 0, one.output
    rows = [json.loads(line) for line in one.stdout.splitlines()]
    assert [(r["document"], r["outlet"]) for r in rows] == [("other/b.md", "TASS")]
    none = runner.invoke(cli, ["export", str(project / "nowhere.md"), "--db", str(db)])
    assert none.exit_code == 2 and "no scanned document there" in none.stderr
