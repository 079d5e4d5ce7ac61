"""Fast paths of the scan's rows, against plain versions (the fourth round).

``store.rows`` numbers a claim's citations, and a citation's references, from one
``enumerate`` started at the first id: the position of each is its id less the first
(no second counter), and its fields are read where they are used. Checked here against
``test_scan_fast_paths3``'s plain rows, over documents with more claims, citations and
references than that file draws, and against the plain rule itself: ids run on across
the document, positions restart at 0 in each claim and each citation.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import Claim
from provenance.store import scans as store
from tests.test_scan_fast_paths3 import _plain_rows, _result, claims


@settings(max_examples=200, deadline=None)
@given(st.lists(claims(), min_size=1, max_size=12), st.lists(st.booleans(), min_size=1))
def test_ids_and_positions_from_one_count_match_the_plain_rows(
    claim_list: list[Claim], resolved: list[bool]
) -> None:
    result = _result(claim_list, resolved)
    fast, plain = store.scan_rows(result), _plain_rows(result)
    assert fast.citations == plain.citations
    assert fast.references == plain.references
    assert fast.claims == plain.claims
    # the plain rule: consecutive ids; positions count within their claim / citation
    assert [row[0] for row in fast.citations] == list(range(len(fast.citations)))
    assert [row[0] for row in fast.references] == list(range(len(fast.references)))
    for claim_id, claim in enumerate(claim_list):
        positions = [row[2] for row in fast.citations if row[1] == claim_id]
        assert positions == list(range(len(claim.parentheticals)))
    for row in fast.citations:
        positions = [ref[2] for ref in fast.references if ref[1] == row[0]]
        assert positions == list(range(len(positions)))
