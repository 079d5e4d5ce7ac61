"""Scan pipeline, store and CLI together: idempotence, replacement, bad input, exit codes."""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.cli import cli
from provenance.scan.outlets import resolve
from provenance.store import scans as store
from tests.fixtures.store import ROOT, SEED


def dump(db) -> str:
    """Every row of every scan table, for comparing database states."""
    tables = ("documents", "claims", "citations", "references", "outlets")
    return json.dumps(
        {t: [list(r) for r in db.execute(f'select * from "{t}" order by 1')] for t in tables},
        default=str,
    )


def test_rescan_changes_nothing(settings, db, tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    first = pipeline.scan([src], settings, db=db)
    before = dump(db)
    second = pipeline.scan([src], settings, db=db)
    assert (first.scanned, second.scanned, second.unchanged) == (1, 0, 1)
    assert dump(db) == before


def test_touched_but_identical_file_is_not_rescanned(settings, db, tmp_path):
    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    pipeline.scan([path], settings, db=db)
    ids = [r[0] for r in db.execute("select id from claims")]
    path.write_bytes(path.read_bytes())  # new mtime, same bytes
    summary = pipeline.scan([path], settings, db=db)
    assert summary.unchanged == 1
    assert [r[0] for r in db.execute("select id from claims")] == ids


def test_changed_file_replaces_its_rows(settings, db, tmp_path):
    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    pipeline.scan([path], settings, db=db)
    (refs_before,) = db.execute('select count(*) from "references"').fetchone()
    text = path.read_text(encoding="utf-8").replace(
        "(Sputnik-tj.com, April 3)", "(Sputnik-tj.com, April 3; TASS, April 4)"
    )
    path.write_text(text, encoding="utf-8")
    summary = pipeline.scan([path], settings, db=db)
    assert summary.scanned == 1
    (refs_after,) = db.execute('select count(*) from "references"').fetchone()
    assert refs_after == refs_before + 1
    (docs,) = db.execute("select count(*) from documents").fetchone()
    assert docs == 1
    (orphans,) = db.execute(
        "select count(*) from citations where claim_id not in (select id from claims)"
    ).fetchone()
    assert orphans == 0
    # The full-text index follows the replacement: one hit, and the index matches its content
    # (integrity-check raises "database disk image is malformed" on stale entries).
    hits = store.search_claims(db, "fruition")
    assert len(hits) == 1
    db.execute("insert into claims_fts(claims_fts, rank) values ('integrity-check', 1)")


BAD_INPUTS = {
    "binary.txt": b"\x00\x01\x02\xff" * 100,
    "empty.md": b"",
    "blank.txt": b"   \n\n  ",
}


def test_bad_inputs_are_reported_and_the_run_goes_on(settings, db, tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    shutil.copy(SEED, src / "good.txt")
    for name, data in BAD_INPUTS.items():
        (src / name).write_bytes(data)
    (src / "dir.html").mkdir()  # a directory with a document suffix: unreadable as a file
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    summary = pipeline.scan([src], settings, db=db)
    assert summary.scanned == 1
    assert summary.skipped == 1 and summary.skipped_paths[0].endswith("notes.pdf")
    failed = {line.split(":")[0] for line in summary.errors}
    for name in BAD_INPUTS:
        assert str(src / name) in failed, summary.errors
    assert all("\n" not in line for line in summary.errors)


def test_failure_keeps_what_is_stored(settings, db, tmp_path):
    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    pipeline.scan([path], settings, db=db)
    before = dump(db)
    path.write_bytes(b"\x00" * 50)  # the file turns into garbage
    summary = pipeline.scan([path], settings, db=db)
    assert summary.failed == 1
    assert dump(db) == before


def test_unbalanced_and_undated_document_warns(settings, db, tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text(
        "Troops moved (Interfax, March 3.\n\nOfficials confirmed it (TASS, May 5).\n\n"
        + "(" * 40
        + "deep"
        + ")" * 40
        + " text.\n",
        encoding="utf-8",
    )
    summary = pipeline.scan([path], settings, db=db)
    assert summary.scanned == 1
    text = "\n".join(summary.errors)
    assert "no publication date" in text
    assert "parenthes" in text
    (year,) = db.execute('select year from "references" where outlet = ?', ["TASS"]).fetchone()
    assert year is None  # year unknown, not guessed


def test_published_override(settings, db, tmp_path):
    import datetime as dt

    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    pipeline.scan([path], settings, db=db, published=dt.date(2017, 3, 1))
    (date,) = db.execute(
        'select date from "references" where outlet = ? order by id limit 1', ["Chinamil.com"]
    ).fetchone()
    assert date == "2017-02-26"
    (pub,) = db.execute("select published from documents").fetchone()
    assert pub == "2017-03-01"


def test_published_applies_to_the_scan_that_gives_it(settings, db, tmp_path):
    """Without --published every document is dated by its own metadata, whatever an
    earlier scan was given: it stuck to unchanged files and left edited ones."""
    import datetime as dt

    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)

    def dates() -> list[tuple[str, str, str]]:
        rows = db.execute("select path, published, meta_sources from documents order by path")
        return [(Path(p).name, d, json.loads(m)["published"]) for p, d, m in rows]

    given = pipeline.scan([tmp_path], settings, db=db, published=dt.date(2017, 3, 1))
    assert given.scanned == 2 and dates() == [(n, "2017-03-01", "cli") for n in ("a.txt", "b.txt")]
    again = pipeline.scan([tmp_path], settings, db=db, published=dt.date(2017, 3, 1))
    assert again.unchanged == 2
    own = pipeline.scan([tmp_path], settings, db=db)
    assert own.scanned == 2 and own.unchanged == 0
    assert dates() == [(n, "2016-11-17", "refworld-header") for n in ("a.txt", "b.txt")]
    assert pipeline.scan([tmp_path], settings, db=db).unchanged == 2
    other = pipeline.scan([tmp_path], settings, db=db, published=dt.date(2016, 11, 17))
    assert other.scanned == 2  # the same date, but now the flag's: the reports say "cli"


def test_fts_and_foreign_keys(settings, db):
    pipeline.scan([SEED], settings, db=db)
    hits = store.search_claims(db, "Ishkoshim")
    assert len(hits) == 1 and "10,000" in hits[0]["text"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_schema_file_is_current(db):
    assert (ROOT / "db" / "schema.sql").read_text(encoding="utf-8") == store.schema_sql(db)


# ---------------------------------------------------------------- CLI


def test_cli_scan_then_report_and_export(runner, tmp_path):
    dbp, rep = str(tmp_path / "x.db"), str(tmp_path / "rep")
    res = runner.invoke(
        cli, ["scan", str(SEED), "--db", dbp, "--reports", rep], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    assert "scanned 1 document (" in res.output
    assert sorted(p.name for p in Path(rep).iterdir()) == ["000-f0a8ddd99eaae0a6.md", "index.md"]
    res = runner.invoke(cli, ["export", "--db", dbp, "--format", "jsonl"], catch_exceptions=False)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 27
    assert {
        "document",
        "claim_id",
        "claim",
        "citation",
        "outlet",
        "outlet_id",
        "outlet_name",
        "domain",
        "date",
        "date_text",
        "year_inferred",
        "accessed",
        "prefix",
        "url",
    } <= set(rows[0])


def test_cli_env_db_and_exit_codes(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PROVENANCE_DB", str(tmp_path / "env.db"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = runner.invoke(cli, ["scan", str(bad), "--reports", str(tmp_path / "r")])
    assert res.exit_code == 2  # nothing could be scanned
    assert f"{bad}: " in res.output
    res = runner.invoke(cli, ["scan", str(bad), str(SEED), "--reports", str(tmp_path / "r")])
    assert res.exit_code == 0
    assert (tmp_path / "env.db").exists()
    res = runner.invoke(
        cli, ["scan", str(bad), str(SEED), "--strict", "--reports", str(tmp_path / "r")]
    )
    assert res.exit_code == 2


def test_cli_help_and_version(runner):
    res = runner.invoke(cli, ["--help"])
    assert res.exit_code == 0
    for command in ("scan", "check", "report", "export", "linkcheck", "schema"):
        assert command in res.output
    assert runner.invoke(cli, ["--version"]).output.startswith("provenance, version")


@pytest.mark.parametrize("command", ["scan", "check", "report", "export", "linkcheck", "schema"])
def test_every_command_has_help_with_example_and_db(runner, command):
    res = runner.invoke(cli, [command, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output
    assert "--db" in res.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"provenance {command}" in readme


def test_committed_sample_report_is_reproducible(monkeypatch, tmp_path):
    """reports/ in the repository is exactly what `provenance scan seeds/` writes."""
    from provenance.config import Settings

    monkeypatch.chdir(ROOT)
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "reports"))
    pipeline.scan(["seeds"], settings)
    for name in ("000-f0a8ddd99eaae0a6.md", "index.md"):
        committed = (ROOT / "reports" / name).read_text(encoding="utf-8")
        assert (tmp_path / "reports" / name).read_text(encoding="utf-8") == committed, (
            f"reports/{name} differs from a fresh scan of seeds/: if you ran `provenance check` "
            "or `linkcheck` on the sample, restore it with `git checkout reports/`"
        )
    first = (tmp_path / "reports" / "index.md").read_bytes()
    pipeline.write_reports(store.open_db(settings.db), settings)
    assert (tmp_path / "reports" / "index.md").read_bytes() == first


def test_interrupted_scan_keeps_finished_documents_and_resumes(settings, db, tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, src / name)

    def stop_after_second(done, total, path):  # called as each file is settled
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.scan([src], settings, db=db, progress=stop_after_second)
    assert [r[0] for r in db.execute("select path from documents order by path")] == [
        str(src / "a.txt"),
        str(src / "b.txt"),
    ]
    assert not db.conn.in_transaction
    again = pipeline.scan([src], settings, db=db)
    assert (again.scanned, again.unchanged) == (1, 2)
    (refs,) = db.execute('select count(*) from "references"').fetchone()
    assert refs == 3 * 27


def test_document_failing_mid_write_leaves_nothing_behind(settings, db, tmp_path):
    """A document whose write fails is rolled back alone; the others in the batch are kept."""
    import sqlite3

    src = tmp_path / "docs"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, src / name)
    db.execute(
        "create trigger fail before insert on reference_rows "
        "when (select document_id from citations where id = new.citation_id) = 2 "
        "begin select raise(abort, 'disk on fire'); end"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk on fire"):
        pipeline.scan([src], settings, db=db)
    assert [r[0] for r in db.execute("select path from documents")] == [str(src / "a.txt")]
    (claims,) = db.execute("select count(*) from claims where document_id = 2").fetchone()
    assert claims == 0


def test_the_batches_journal_savepoints_in_memory_and_put_the_setting_back(db):
    """Inside the scan's batches SQLite keeps its temporary files (a savepoint's journal)
    in memory; after them, as after a failure in them, the default is back, so that
    other commands' big sorts spill to disk."""
    temp_store = "PRAGMA temp_store"
    assert db.execute(temp_store).fetchone()[0] == 0
    texts: list[tuple[int, str]] = []
    with pipeline.commit_batches(db, texts) as (begin, _tick):
        begin()
        assert db.execute(temp_store).fetchone()[0] == 2  # MEMORY
    assert db.execute(temp_store).fetchone()[0] == 0
    with pytest.raises(RuntimeError):
        with pipeline.commit_batches(db, texts) as (begin, _tick):
            begin()
            raise RuntimeError("interrupted")
    assert db.execute(temp_store).fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_a_batch_reads_its_length_when_it_starts(db, monkeypatch):
    """``COMMIT_EVERY`` is read when a scan's batches start (``bench_instructions.py``
    sets it, as valgrind's slowness would commit every few documents)."""
    from provenance.pipeline import batches

    texts: list[tuple[int, str]] = []
    for every, still_open in ((0.0, False), (3600.0, True)):
        monkeypatch.setattr(batches, "COMMIT_EVERY", every)
        with pipeline.commit_batches(db, texts) as (begin, tick):
            begin()
            tick()
            assert db.conn.in_transaction is still_open


def test_same_file_spelled_three_ways_is_one_document(settings, db, tmp_path, monkeypatch):
    project = tmp_path / "proj"
    (project / "seeds").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    shutil.copy(SEED, project / "seeds" / "a.txt")
    monkeypatch.chdir(project)
    pipeline.scan(["seeds"], settings, db=db)
    pipeline.scan([project / "seeds" / "a.txt"], settings, db=db)
    monkeypatch.chdir(project / "seeds")
    summary = pipeline.scan(["."], settings, db=db)
    assert summary.unchanged == 1
    assert [r[0] for r in db.execute("select path from documents")] == ["seeds/a.txt"]
    assert sorted(p.name for p in Path(settings.reports).iterdir()) == ["a.md", "index.md"]


def test_deleted_file_is_pruned_only_when_its_folder_is_scanned(settings, db, tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, src / name)
    pipeline.scan([src], settings, db=db)
    reports = Path(settings.reports)
    slugs = sorted(p.name for p in reports.iterdir())
    assert len(slugs) == 3
    (src / "b.txt").unlink()
    summary = pipeline.scan([src / "a.txt"], settings, db=db)  # one file: nothing pruned
    assert summary.removed == []
    (docs,) = db.execute("select count(*) from documents").fetchone()
    assert docs == 2
    summary = pipeline.scan([src], settings, db=db)
    assert summary.removed == [str((src / "b.txt").resolve())]
    assert [r[0] for r in db.execute("select path from documents")] == [str(src / "a.txt")]
    (refs,) = db.execute('select count(*) from "references"').fetchone()
    assert refs == 27
    assert len(list(reports.iterdir())) == 2
    assert "b.txt" not in (reports / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["report"], ["export"], ["check", "--offline"], ["linkcheck"]])
def test_reading_commands_refuse_a_missing_database(runner, tmp_path, command):
    missing = tmp_path / "typo" / "p.db"
    res = runner.invoke(cli, [*command, "--db", str(missing)])
    assert res.exit_code == 1
    assert f"{missing}: no database here" in res.output
    assert not missing.parent.exists()


def test_check_with_every_lookup_failing_exits_4(runner, tmp_path):
    from tests.fixtures.archive import free_port

    db = str(tmp_path / "p.db")
    runner.invoke(cli, ["scan", str(SEED), "--db", db, "--reports", str(tmp_path / "r")])
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens: every lookup is refused
    args = ["--cdx-url", f"{dead}/cdx", "--replay-url", dead]
    res = runner.invoke(cli, ["check", "--db", db, "--reports", str(tmp_path / "r"), *args])
    assert res.exit_code == 4, res.output
    assert "27 of 27 lookups failed" in res.output


def test_readme_report_excerpt_matches_the_committed_report():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    report = (ROOT / "reports" / "000-f0a8ddd99eaae0a6.md").read_text(encoding="utf-8")
    start = readme.index("#### Claim 4")
    excerpt = readme[start : readme.index("\n\nAfter `provenance check`", start)]
    assert excerpt.replace("#### Claim 4", "### Claim 4") in report


def test_schema_never_creates_a_database(runner, tmp_path):
    missing = tmp_path / "none.db"
    res = runner.invoke(cli, ["schema", "--db", str(missing)], catch_exceptions=False)
    assert res.exit_code == 0 and 'CREATE VIEW "references"' in res.output
    assert not missing.exists()


def test_out_of_range_flag_is_a_config_error(runner, tmp_path):
    res = runner.invoke(cli, ["linkcheck", "--db", str(tmp_path / "x.db"), "--dead-after", "0"])
    assert res.exit_code == 3
    assert "dead_after must be at least 1" in res.output


def test_export_into_a_closed_pipe_is_quiet(tmp_path):
    """`provenance export | head -1`: no traceback, success."""
    import subprocess
    import sys

    from provenance.config import Settings

    src = tmp_path / "docs"
    src.mkdir()
    for i in range(40):  # ~1 MB of JSON Lines: more than a pipe buffer holds
        shutil.copy(SEED, src / f"{i}.txt")
    db = tmp_path / "p.db"
    pipeline.scan([src], Settings(db=str(db), reports=str(tmp_path / "r")), write=False)
    cmd = (
        f"{sys.executable} -m provenance export --db {db} --format jsonl | head -1; "
        "echo rc=${PIPESTATUS[0]}"
    )
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.splitlines()[0].startswith('{"document"')
    assert out.stdout.strip().endswith("rc=0")
    assert "Traceback" not in out.stderr


def test_a_changed_scanner_source_rescans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner tag follows the scan package's source, so stored claims never go stale."""
    src = tmp_path / "scan"
    shutil.copytree(pipeline.SCAN_SOURCES, src)
    first = pipeline.source_digest(src)
    assert first == pipeline.source_digest(pipeline.SCAN_SOURCES)
    (src / "split.py").write_text((src / "split.py").read_text() + "\n# changed\n")
    pipeline.source_digest.cache_clear()
    assert pipeline.source_digest(src) != first
    registry = resolve.load_registry()
    before = pipeline.scanner_tag(registry)
    monkeypatch.setattr(pipeline.versions, "SCAN_SOURCES", src)
    assert pipeline.scanner_tag(registry) != before


def test_the_scanner_tag_follows_the_registry_s_contents_not_the_object() -> None:
    """The registry's digest is made once per registry object, yet two registries with
    the same outlets share a tag, and one changed field gives another tag."""
    registry = resolve.load_registry()
    tag = pipeline.scanner_tag(registry)
    outlets = list(registry)
    assert pipeline.scanner_tag(resolve.Registry(outlets)) == tag
    first = outlets[0]
    changed = dataclasses.replace(first, name=first.name + " (renamed)")
    assert pipeline.scanner_tag(resolve.Registry([changed, *outlets[1:]])) != tag
    assert pipeline.scanner_tag(resolve.Registry(outlets[1:])) != tag
    assert pipeline.scanner_tag(registry) == tag


def test_a_report_is_never_older_than_its_rows(settings, db, tmp_path):
    """The file system's clock is coarser than time_ns: a report written just after its
    rows must still count as fresh, or every re-scan renders a random share again."""
    src = tmp_path / "docs"
    src.mkdir()
    for i in range(60):
        (src / f"d{i:02}.txt").write_text(
            f"Officials met in Dushanbe on day {i} (Asia-Plus, March {i % 28 + 1}, 2020).\n",
            encoding="utf-8",
        )
    pipeline.scan([src], settings, db=db)
    assert pipeline.write_reports(db, settings, only=[]) == []


@pytest.mark.parametrize("existing", [None, "old text", "same text"])
def test_a_written_report_is_stamped_no_older_than_the_rows_it_shows(tmp_path, existing):
    from provenance.store import files

    path = tmp_path / "r.md"
    if existing is not None:
        path.write_text(existing, encoding="utf-8")
    rows_ns = time.time_ns() + 5_000_000_000  # rows stored on a clock ahead of the file system's
    assert files.write_if_changed(path, "same text", rows_ns) is (existing != "same text")
    assert path.read_text(encoding="utf-8") == "same text"
    assert not files.older(path, rows_ns)


def test_report_verbose_names_each_report_it_rewrote(runner, tmp_path):
    dbp, rep = str(tmp_path / "x.db"), tmp_path / "rep"
    runner.invoke(cli, ["scan", str(SEED), "--db", dbp, "--reports", str(rep)])
    (rep / "index.md").write_text("edited by hand\n", encoding="utf-8")
    res = runner.invoke(cli, ["-v", "report", "--db", dbp, "--reports", str(rep)])
    assert res.exit_code == 0, res.output
    assert f"{rep / 'index.md'}: written" in res.output
    assert "000-f0a8ddd99eaae0a6.md" not in res.output  # unchanged: only with -vv
    assert "1 report and index.md, 1 rewritten, 1 unchanged" in res.output
    quiet = runner.invoke(cli, ["report", "--db", dbp, "--reports", str(rep)])
    assert ": written" not in quiet.output
    assert "1 report and index.md, 0 rewritten, 2 unchanged" in quiet.output


def test_temporary_report_files_of_killed_runs_are_removed(settings, db, tmp_path):
    """kill -9 while a report was written left its hidden temporary file for ever."""
    import os
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(gone.stdout)  # a process that has ended (its number not yet reused, surely)
    reports = Path(settings.reports)
    reports.mkdir(parents=True)
    left = reports / f".doc.md.{dead}.tmp"
    mine = reports / f".other.md.{os.getpid()}.tmp"  # a running process's: being written
    kept = [mine, reports / ".notes.md", reports / f".doc.md.{dead}.tmp.bak"]
    for path in (left, *kept):
        path.write_text("half a report", encoding="utf-8")
    pipeline.scan([SEED], settings, db=db)
    assert not left.exists()
    assert all(path.exists() for path in kept)
