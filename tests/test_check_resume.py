"""A check interrupted after any verdict resumes to the clean run's evidence and requests.

The interrupt comes from the progress callback, which runs right after verdicts are
stored: a KeyboardInterrupt there is a Ctrl-C at that point. The resumed run must store
what a clean run stores, candidates and queries included (the report shows them), and
the two runs together must ask the archive exactly what a clean run asks.
``tests/reliability/test_check_interrupts.py`` sends real signals at a few seeded points;
this covers points inside and between batches, in process, with no timing involved.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from provenance.pipeline import write_reports
from tests.fixtures.archive import make_seed_db
from tests.test_check import ia_settings

SEED_REFERENCES = 27


class Stop(KeyboardInterrupt):
    """Ctrl-C after the ``after``-th verdict of a run."""


def _interrupt_after(after: int):
    def progress(done: int, _total: int, _label: str) -> None:
        if done == after:
            raise Stop

    return progress


def _evidence(db) -> dict[int, object]:
    """Every stored verdict with its evidence (candidates, queries), less when it was made."""
    return {
        rid: dataclasses.replace(found, checked_at=None)
        for rid, found in checkstore.load_checks(db).items()
    }


def _outcome(db, settings: Settings, folder: Path) -> tuple[dict, dict[str, str]]:
    reports = dataclasses.replace(settings, reports=str(folder))
    write_reports(db, reports)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}
    return _evidence(db), texts


def _asked(ia_archive, since: int = 0) -> list[str]:
    return sorted(r.path for r in ia_archive.requests[since:])


@pytest.fixture
def clean(tmp_path: Path, ia_archive):
    """The evidence, reports and archive requests of an uninterrupted check."""
    db = make_seed_db(tmp_path / "clean.db")
    settings = ia_settings(ia_archive)
    summary = check.run_check(db, settings)
    assert summary.verdicts == {"verified": SEED_REFERENCES}
    yield _outcome(db, settings, tmp_path / "clean"), _asked(ia_archive)
    db.close()


@pytest.mark.parametrize("after", [1, 3, 8, 9, 13, 16, 20, 24])  # batches of 8: 27 in 4
def test_interrupted_after_any_verdict_resumes_to_the_clean_run(
    tmp_path: Path, ia_archive, clean, after: int
) -> None:
    outcome, requests = clean
    since = len(ia_archive.requests)
    db = make_seed_db(tmp_path / "resumed.db")
    settings = ia_settings(ia_archive)
    first = check.run_check(db, settings, progress=_interrupt_after(after))
    assert first.interrupted
    stored = len(checkstore.load_checks(db))
    assert 0 < stored < SEED_REFERENCES
    again = check.run_check(db, settings)
    assert again.skipped == stored and not again.interrupted
    assert _outcome(db, settings, tmp_path / "resumed") == outcome
    assert _asked(ia_archive, since) == requests  # nothing asked twice, nothing more
    db.close()
