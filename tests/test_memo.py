"""The scan's memos: grammar keyed on the citation text alone, resolution per outlet and era."""

from __future__ import annotations

import datetime as dt

from provenance.models import CitedDate, ParenKind, Reference
from provenance.scan import extract, items
from provenance.scan.extract import find_parentheticals
from provenance.scan.outlets import resolve

TEXT = "Drills were held (Asia-Plus, December 20; Regnum, March 3, 2015)."


def _refs(published):
    (paren,) = find_parentheticals(TEXT, published=published)
    return paren.references


def test_same_citation_gets_each_documents_years():
    extract._classify_cached.cache_clear()
    early = _refs(dt.date(2016, 1, 10))
    late = _refs(dt.date(2016, 12, 31))
    assert extract._classify_cached.cache_info().hits == 1  # the second read came from the memo
    assert (early[0].date.year, early[0].date.year_inferred) == (2015, True)
    assert (late[0].date.year, late[0].date.year_inferred) == (2016, True)
    assert early[1].date.anomaly is None
    assert _refs(dt.date(2014, 6, 1))[1].date.anomaly == "after-publication"
    assert _refs(None)[0].date.anomaly == "year-unknown"


def _ref(outlet: str, year: int, month: int | None = 5, day: int | None = 1) -> Reference:
    return Reference(outlet, 0, len(outlet), CitedDate("x", year, month, day))


def test_resolution_follows_the_era_of_the_cited_date():
    registry = resolve.Registry(resolve.load_registry())
    r2016a = registry.resolve_reference(_ref("Asia-Plus", 2016))
    r2016b = registry.resolve_reference(_ref("Asia-Plus", 2016, 9, 9))
    r2021 = registry.resolve_reference(_ref("Asia-Plus", 2021))
    undated = registry.resolve_reference(_ref("Asia-Plus", 2021, None, None))
    fresh = resolve.Registry(resolve.load_registry())
    for ref, got in [
        (_ref("Asia-Plus", 2016), r2016a),
        (_ref("Asia-Plus", 2016, 9, 9), r2016b),
        (_ref("Asia-Plus", 2021), r2021),
    ]:
        assert got == fresh.resolve("Asia-Plus", when=ref.date.as_date())
    assert undated == fresh.resolve("Asia-Plus", when=None)
    assert r2016a.domain != r2021.domain
    assert r2016b is r2016a  # one era, one memo entry


def test_undated_outlet_is_resolved_once_whatever_the_date():
    registry = resolve.Registry(resolve.load_registry())
    first = registry.resolve_reference(_ref("Regnum", 2010))
    assert registry.resolve_reference(_ref("Regnum", 2020, 12, 31)) is first


def _cited(text: str) -> list[tuple[str, str]]:
    (paren,) = find_parentheticals(text)
    return [(r.outlet, r.date.text) for r in paren.references]


def test_an_items_memo_knows_whether_it_came_first():
    # "quoting ..." after the first item is a note on the outlet; first, it is prose
    later = "Drills (TASS, October 5, quoting Interfax)."
    first = "Drills (quoting Interfax, TASS, October 5)."
    extract._classify_cached.cache_clear()
    items._read_piece.cache_clear()
    assert _cited(later) == [("TASS", "October 5")]
    (paren,) = find_parentheticals(first)
    assert paren.kind is ParenKind.ASIDE and not paren.references
