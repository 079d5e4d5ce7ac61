"""GitHub workflows: valid against the vendored schema, and the review job's steps run here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
REVIEW = ROOT / ".github" / "workflows" / "provenance-review.yml"
MARKER = "<!-- provenance-summary -->"


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its vendored GitHub-workflow schema (no network needed)."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema"]
    command += ["vendor.github-workflows", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_both_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"nightly-linkcheck.yml", "provenance-review.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_the_schema(path: Path) -> None:
    done = _schema_check(path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), ("pull_request:", "pull_requests:")],
)
def test_the_schema_check_bites(tmp_path: Path, old: str, new: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(REVIEW.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert _schema_check(broken).returncode != 0


# ---------------------------------------------------------------- the review job's steps


def _steps() -> dict[str, dict]:
    workflow = yaml.safe_load(REVIEW.read_text(encoding="utf-8"))
    return {
        step.get("name", step.get("uses")): step for step in workflow["jobs"]["review"]["steps"]
    }


def test_review_triggers_on_documents_and_comments_once() -> None:
    workflow = yaml.safe_load(REVIEW.read_text(encoding="utf-8"))
    on = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "seeds/**" in on["pull_request"]["paths"]
    assert workflow["env"]["DOCUMENTS"] == "seeds/"
    script = _steps()["Post or update the review comment"]["with"]["script"]
    assert MARKER in script and "updateComment" in script and "createComment" in script


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clone-like git repository holding the seeds and the committed reports."""
    repo = tmp_path / "repo"
    for folder in ("seeds", "reports"):
        shutil.copytree(ROOT / folder, repo / folder)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repo, check=True)
    (repo / ".gitignore").write_text("db/\n")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DOCUMENTS": "seeds/",
        "BASE": "HEAD",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    return repo, env


def _run_step(name: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = _steps()[name]["run"]
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )


def test_review_steps_pass_on_fresh_reports(checkout: tuple[Path, dict[str, str]]) -> None:
    repo, env = checkout
    assert _run_step("Scan the documents", repo, env).returncode == 0
    done = _run_step("Findings summary", repo, env)
    assert done.returncode == 0, done.stderr
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.startswith(MARKER) and "changed since `HEAD`" in summary
    assert f"file={env['RUNNER_TEMP']}/summary.md" in Path(env["GITHUB_OUTPUT"]).read_text()
    done = _run_step("Committed reports match the regenerated ones", repo, env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_review_fails_on_stale_reports(checkout: tuple[Path, dict[str, str]]) -> None:
    repo, env = checkout
    report = repo / "reports" / "000-f0a8ddd99eaae0a6.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nEdited by hand.\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "commit", "-qam", "stale"], cwd=repo, check=True)
    assert _run_step("Scan the documents", repo, env).returncode == 0
    done = _run_step("Committed reports match the regenerated ones", repo, env)
    assert done.returncode == 1
    assert "::error::The committed reports differ" in done.stdout
    assert "The committed reports are stale" in Path(env["GITHUB_STEP_SUMMARY"]).read_text()
