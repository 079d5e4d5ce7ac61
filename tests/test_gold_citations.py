"""Citation forms of real writing against hand-written gold (tests/data/gold/citations.txt)."""

from __future__ import annotations

import pytest

from tests.goldcite import expected, extracted, load_cases, score

CASES = load_cases()


def test_reference_f1_and_no_reference_from_a_non_citation() -> None:
    result = score(CASES)
    assert result["cases"] >= 90 and result["references"] >= 100  # the file is read whole
    assert result["f1"] >= 0.99, result
    assert result["from_non_citations"] == 0, result


@pytest.mark.parametrize("case", CASES, ids=[f"line{c.line}" for c in CASES])
def test_case(case) -> None:
    """Every field of every reference: outlet, date, prefix, URL, title, kind, anomaly."""
    assert extracted(case) == expected(case)
