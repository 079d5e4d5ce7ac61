"""`provenance summary`: the findings summary from the database, on the sample and in git."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance import pipeline
from provenance.cli import cli
from provenance.config import Settings
from provenance.report.summary import LEFT_TO_REPORTS, MARKER, render_summary
from provenance.review import findings_summary
from provenance.store import scans as store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "000-f0a8ddd99eaae0a6.md"
SECTIONS = {
    "uncited_checkable": "Uncited checkable claims",
    "single_source": "Claims resting on a single source",
    "state_only": "Claims sourced only to state-owned or state-affiliated outlets",
    "unknown_outlets": "Outlets not in the registry",
    "date_anomalies": "Date anomalies",
}


def _report_claims(section: str) -> list[int]:
    """The claim numbers a section of the committed sample report lists."""
    text = SAMPLE.read_text(encoding="utf-8")
    body = text.split(f"### {section}\n", 1)[1].split("\n### ", 1)[0]
    return [int(n) for n in re.findall(r"^\| \[?Claim (\d+)", body, re.M)]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("summary")
    settings = Settings(db=str(tmp / "p.db"), reports=str(tmp / "reports"))
    pipeline.scan([ROOT / "seeds"], settings, db=store.open_db(settings.db))
    return tmp / "p.db"


def test_sample_summary_lists_what_the_committed_report_lists(sample_db: Path) -> None:
    found = findings_summary(store.open_db(sample_db, create=False))
    assert found.documents == 1
    for key, title in SECTIONS.items():
        if key == "unknown_outlets":
            continue
        assert [row["claim"] for row in found.sections[key]] == _report_claims(title), key
    assert found.sections["uncited_checkable"], "the sample has uncited checkable claims"
    assert not any(row["claim"] == 36 for row in found.sections["uncited_checkable"])


def test_the_summary_says_which_findings_of_the_index_it_leaves_out(sample_db: Path) -> None:
    """The summary said "Findings: 13" where index.md said "15 findings", and not why."""
    found = findings_summary(store.open_db(sample_db, create=False))
    text = render_summary(found)
    assert LEFT_TO_REPORTS in text.split("\n\n")[1]  # right after the count
    index = (sample_db.parent / "reports" / "index.md").read_text(encoding="utf-8")
    total = int(re.search(r"(\d+) findings", index).group(1))
    report = next((sample_db.parent / "reports").glob("000-*.md")).read_text(encoding="utf-8")
    left = sum(
        _section_rows(report, title)
        for title in ("Self-citations", "Unverifiable sources", "Document problems")
    )
    assert found.count + left == total


def _section_rows(report: str, title: str) -> int:
    """The rows of the report's Findings table under ``### <title>`` (0 for "None.")."""
    section = report.split(f"\n### {title}", 1)[1].split("\n### ", 1)[0]
    return len(re.findall(r"^\| \[Claim \d+\]", section, flags=re.M)) or len(
        re.findall(r"^- ", section, flags=re.M)
    )


def test_cli_markdown_and_json_agree(sample_db: Path) -> None:
    runner = CliRunner()
    md = runner.invoke(cli, ["summary", "--db", str(sample_db)])
    js = runner.invoke(cli, ["summary", "--db", str(sample_db), "--format", "json"])
    assert md.exit_code == js.exit_code == 0
    data = json.loads(js.stdout)
    assert md.stdout.startswith(MARKER)
    for key, title in SECTIONS.items():
        assert f"| {title} | {data['counts'][key]} |" in md.stdout
        assert len(data[key]) == data["counts"][key]
    assert data["findings"] == sum(data["counts"].values())
    rows = re.findall(r"\| Claim \d+ \|", md.stdout)
    assert len(rows) == sum(data["counts"].values()) - data["counts"]["unknown_outlets"]


def test_limit_counts_the_rest(sample_db: Path) -> None:
    found = findings_summary(store.open_db(sample_db, create=False))
    single = len(found.sections["single_source"])
    text = render_summary(found, limit=2)
    assert f"… and {single - 2} more" in text
    assert len(re.findall(r"\| Claim \d+ \|", text)) == sum(
        min(2, len(r)) for r in found.sections.values()
    )


def test_limit_zero_is_every_row_and_a_negative_one_is_a_usage_error(sample_db: Path) -> None:
    """--limit -1 dropped the last row and said "and 7 more" of 6; 0 printed bare headers."""
    runner = CliRunner()
    every = runner.invoke(cli, ["summary", "--db", str(sample_db), "--limit", "0"])
    big = runner.invoke(cli, ["summary", "--db", str(sample_db), "--limit", "100000"])
    assert every.exit_code == big.exit_code == 0 and every.stdout == big.stdout
    assert "more (`provenance summary" not in every.stdout
    bad = runner.invoke(cli, ["summary", "--db", str(sample_db), "--limit", "-1"])
    assert bad.exit_code == 2 and "-1 is not in the range x>=0" in bad.output


# ---------------------------------------------------------------- --since in a git repository

BEFORE = """---
date: 2016-11-17
---

China pledged $70 million (Reuters, October 3). The talks went on.
"""
AFTER = BEFORE + "\nRussia spent $15 million on the base. Nobody knew (Obscure Blog, October 9).\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed for --since")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(BEFORE)
    (tmp_path / "docs" / "same.md").write_text(BEFORE.replace("China", "India"))
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "docs")
    _git(tmp_path, "commit", "-qm", "before")
    (tmp_path / "docs" / "a.md").write_text(AFTER)
    (tmp_path / "docs" / "new.md").write_text("Oil rose 5 percent last year.\n")
    monkeypatch.chdir(tmp_path)
    settings = Settings(db=str(tmp_path / "db" / "p.db"), reports=str(tmp_path / "reports"))
    pipeline.scan([tmp_path / "docs"], settings, db=store.open_db(settings.db))
    return tmp_path


def test_since_lists_only_new_findings_of_changed_documents(repo: Path) -> None:
    db = store.open_db(repo / "db" / "p.db", create=False)
    everything = findings_summary(db)
    found = findings_summary(db, "main", cwd=repo)
    assert everything.documents == 3 and found.documents == 2  # same.md did not change
    assert {r["path"] for r in found.sections["uncited_checkable"]} == {
        "docs/a.md",
        "docs/new.md",
    }
    assert [r["sentence"] for r in found.sections["uncited_checkable"]] == [
        "Russia spent $15 million on the base.",
        "Oil rose 5 percent last year.",
    ]
    assert [r["outlet"] for r in found.sections["unknown_outlets"]] == ["Obscure Blog"]
    # the single-source claim citing Reuters was there before: not new
    assert [r["sentence"] for r in found.sections["single_source"]] == ["Nobody knew."]
    assert any(
        r["sentence"].startswith("China pledged") for r in everything.sections["single_source"]
    )


def test_since_a_bad_ref_is_one_line(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["summary", "--db", "db/p.db", "--since", "no-such-ref"])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: --since: git ") and result.stderr.count("\n") == 1


def test_cli_since(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["summary", "--db", "db/p.db", "--since", "main"])
    assert result.exit_code == 0
    assert "New findings: " in result.stdout and "changed since `main`" in result.stdout


def test_the_unknown_outlets_say_how_to_add_one(tmp_path: Path) -> None:
    from provenance.report.findings import ADD_OUTLET
    from tests.factories import scan_markdown

    settings = scan_markdown(tmp_path, "It was said (Kolokol Weekly, March 3). So (TASS, March 4).")
    found = findings_summary(store.open_db(settings.db, create=False))
    text = render_summary(found)
    section = text.split("### Outlets not in the registry", 1)[1]
    assert "| Kolokol Weekly |" in section and ADD_OUTLET in section
    assert text.count(ADD_OUTLET) == 1
