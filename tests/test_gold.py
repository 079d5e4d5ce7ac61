"""The sample seed, end to end, against hand-written gold data (tests/data/gold/seed_000.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.config import Settings
from provenance.scan.outlets import resolve
from provenance.store import scans as store

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/data/gold/seed_000.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_scan(tmp_path_factory: pytest.TempPathFactory):
    """The seed scanned into a fresh database; returns (db, ScanResult loaded back)."""
    tmp = tmp_path_factory.mktemp("gold")
    settings = Settings(db=str(tmp / "p.db"), reports=str(tmp / "reports"))
    db = store.open_db(settings.db)
    summary = pipeline.scan([ROOT / GOLD["file"]], settings, db=db)
    assert summary.scanned == 1, summary.errors
    (doc_id,) = store.document_ids(db)
    return db, store.load_scan(db, doc_id, resolve.load_registry())


def test_metadata(seed_scan):
    _, result = seed_scan
    meta = result.document.meta
    for field, expected in GOLD["metadata"].items():
        value = getattr(meta, field)
        assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected, field


def test_claim_counts_per_paragraph(seed_scan):
    _, result = seed_scan
    counts: dict[int, int] = {}
    for claim in result.claims:
        counts[claim.paragraph] = counts.get(claim.paragraph, 0) + 1
    assert [counts.get(i, 0) for i in range(len(GOLD["paragraph_sentences"]))] == GOLD[
        "paragraph_sentences"
    ]
    assert len(result.claims) == GOLD["claims"]


def _claim_at(result, paragraph: int, sentence: int):
    (claim,) = [c for c in result.claims if (c.paragraph, c.sentence) == (paragraph, sentence)]
    return claim


@pytest.mark.parametrize("gold", GOLD["citations"], ids=lambda g: g["raw"][:40])
def test_citation(seed_scan, gold):
    _, result = seed_scan
    claim = _claim_at(result, gold["paragraph"], gold["sentence"])
    (cit,) = [p for p in claim.citations if p.raw == gold["raw"]]
    assert result.document.text[cit.start : cit.end] == gold["raw"]
    assert claim.text.startswith(gold["claim_starts"])
    assert claim.text.endswith(gold["claim_ends"])
    assert "(" + gold["raw"][1:6] not in claim.text  # the citation is removed from the claim
    got = [
        {
            "outlet": r.outlet,
            "date": r.date.iso if r.date else None,
            "year_inferred": bool(r.date and r.date.year_inferred),
            "prefix": r.prefix,
            "domain": result.resolution(r).domain,
            "outlet_id": result.resolution(r).outlet.id,
            "category": result.resolution(r).outlet.category.value,
        }
        for r in cit.references
    ]
    assert got == gold["references"]


def test_no_other_citations(seed_scan):
    _, result = seed_scan
    got = sorted(p.raw for c in result.claims for p in c.citations)
    assert got == sorted(g["raw"] for g in GOLD["citations"])
    assert sum(len(c.references) for c in result.claims) == GOLD["references_total"]


@pytest.mark.parametrize("gold", GOLD["non_citations"], ids=lambda g: g["raw"][:20])
def test_non_citation_kept(seed_scan, gold):
    _, result = seed_scan
    claim = _claim_at(result, gold["paragraph"], gold["sentence"])
    (paren,) = [p for p in claim.parentheticals if p.raw == gold["raw"]]
    assert paren.kind.value == gold["kind"]
    assert paren.references == ()
    assert gold["raw"] in claim.text  # non-citations stay in the claim text


def test_outlets_and_self_citations(seed_scan):
    db, result = seed_scan
    outlets = {result.resolution(r).outlet.id for c in result.claims for r in c.references}
    assert len(outlets) == GOLD["distinct_outlets"]
    regnum = {
        result.resolution(r).outlet.id
        for c in result.claims
        for r in c.references
        if r.outlet in ("Regnum", "Regnum.ru")
    }
    assert len(regnum) == 1
    selfcites = [
        r for c in result.claims for r in c.references if result.resolution(r).self_citation
    ]
    assert len(selfcites) == GOLD["self_citations"]
    assert {r.outlet for r in selfcites} == {"EDM"}
    (n,) = db.execute('select count(*) from "references" where outlet_id is null').fetchone()
    assert n == 0
