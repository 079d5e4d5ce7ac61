"""The corpus view in reports/index.md: cross-document tables and their picture."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re

from provenance.models import ReferenceCheck
from provenance.report.document import index_entry, render_index
from tests.test_report import (
    NEWS_TJ,
    SPUTNIK,
    cdate,
    cite,
    claim,
    known,
    ref,
    scan,
    seed_result,
)


def state_only() -> object:
    """Two references, both to a state-owned outlet, and one uncited checkable claim."""
    cited = claim(
        "Moscow answered (Sputnik-tj.com, October 1; Sputnik-tj.com, October 2).",
        cite(
            "(Sputnik-tj.com, October 1; Sputnik-tj.com, October 2)",
            ref("Sputnik-tj.com", cdate("2016-10-01")),
            ref("Sputnik-tj.com", cdate("2016-10-02")),
        ),
    )
    uncited = claim("The ministry spent $15 million on 40 flats in 2015.", sent=2)
    return scan([cited, uncited], [known("Sputnik-tj.com", SPUTNIK)])


def independent() -> object:
    text = "Tensions might rise (News.tj, August 11)."
    one = claim(text, cite("(News.tj, August 11)", ref("News.tj", cdate("2016-08-11"))))
    return scan([one], [known("News.tj", NEWS_TJ)])


def entries(checks: dict | None = None) -> list:
    docs = [("seed", "Seed article", seed_result()), ("state", "State only", state_only())]
    docs += [
        ("indep", "Independent", independent()),
        ("none", "No sources", scan([claim("x.")], [])),
    ]
    out = []
    for slug, title, result in docs:
        meta = dataclasses.replace(result.document.meta, title=title, published=dt.date(2016, 1, 1))
        result.document = dataclasses.replace(result.document, meta=meta)
        out.append(index_entry(result, slug, checks.get(slug) if checks else None))
    return out


def section(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the table under a ### heading, as cells."""
    part = markdown.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("| ")][2:]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_corpus_tables() -> None:
    out = render_index(entries())
    assert section(out, "State media share") == [
        ["[State only](state.md)", "2", "0", "2", "100%"],
        ["[Seed article](seed.md)", "2", "1", "9", "33%"],
        ["[Independent](indep.md)", "0", "0", "1", "0%"],
    ]
    assert section(out, "Uncited checkable claims") == [  # a tie goes by title
        ["[Seed article](seed.md)", "1", "5"],
        ["[State only](state.md)", "1", "2"],
    ]
    assert "2 of 4 documents state checkable facts without a citation" in out
    outlets = section(out, "Outlets most cited")
    assert outlets[0] == ["state-owned", "Sputnik Tajikistan", "4", "2"]
    assert ["independent", "News.tj", "4", "2"] in outlets
    assert [row[0] for row in outlets] == sorted(
        (row[0] for row in outlets), key=[r[0] for r in outlets].index
    )  # grouped by category
    assert "### Archive verdicts per document" not in out  # nothing was checked


def test_corpus_picture_counts_references_by_category() -> None:
    out = render_index(entries())
    (chart,) = re.findall(r"```mermaid\n(.*?)```", out, re.S)
    labels = re.findall(r'"([^"]+)"', chart.split("x-axis", 1)[1].splitlines()[0])
    values = re.search(r"bar \[(.*)\]", chart).group(1).split(", ")
    counts = dict(zip(labels, map(int, values)))
    assert counts["state-owned"] == 4 and counts["state-affiliated"] == 1
    assert sum(counts.values()) == 9 + 2 + 1


def test_corpus_view_is_deterministic() -> None:
    rows = entries()
    first = render_index(rows)
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert render_index(shuffled) == first


def test_verdicts_per_document_after_check() -> None:
    seed = seed_result()
    ids = [r.id for c in seed.claims for r in c.references]
    assert ids and all(i is None for i in ids)  # hand-built: give the references ids
    numbered = 0
    for c in seed.claims:
        for i, paren in enumerate(c.parentheticals):
            refs = []
            for r in paren.references:
                numbered += 1
                refs.append(dataclasses.replace(r, id=numbered))
            c.parentheticals[i] = dataclasses.replace(paren, references=tuple(refs))
    checks = {1: ReferenceCheck(1, "verified"), 2: ReferenceCheck(2, "no-captures")}
    entry = index_entry(seed, "seed", checks)
    out = render_index([entry, index_entry(independent(), "indep")])
    assert section(out, "Archive verdicts per document") == [
        [
            "[Beijing Encroaching on Moscow's Military Dominance in Tajikistan](seed.md)",
            "1",
            "1",
            "7",
        ]
    ]
    assert "| Document | ✅ verified | ⚪ no captures | ➖ not checked |" in out


def test_index_rows_of_a_large_corpus_share_their_small_values() -> None:
    """Every document's index row lives until index.md is written: two documents that cite
    the same outlet equally often point to one outlet-use object, not to two copies."""
    first, second = index_entry(independent(), "a"), index_entry(independent(), "b")
    assert first.outlets == second.outlets
    assert all(x is y for x, y in zip(first.outlets, second.outlets, strict=True))
    assert all(
        x is y for x, y in zip(first.stats.by_category, second.stats.by_category, strict=True)
    )
