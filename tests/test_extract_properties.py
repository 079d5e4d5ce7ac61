"""Property tests for provenance.extract: any text, no exceptions, spans that point back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import Link, ParenKind
from provenance.scan.dates import parse_dates
from provenance.scan.extract import find_parentheticals

# Bracket-heavy characters plus the pieces citations are made of.
ALPHABET = "()[]();,.-–— \n\t\r/:&'\"*_aAeEsSxX0123456789ОдКБ"
TOKENS = [
    "(", ")", "[", "]", "(", ")", "; ", ", ", " ", "\n", "\n\n", ".",
    "News.tj", "see", "EDM", "Interfax", "CSTO", "RFE/RL", "Радио Озоди", "www.x.com/a/1",
    "https://t.ru/a", "October", "Oct.", "Sept", "октября", "20", "24", "2016", "1990s",
    "accessed", "and", "Source:", "$", "70", "million", "km", "about", "in", "late", "—",
    "[News.tj](https://news.tj/a)", "](", "Monday", "2016-10-20", "20.10.2016",
]  # fmt: skip

texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=300),
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
    st.text(max_size=200),
)
published = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


def _check(text: str, found: list, start: int, end: int) -> None:
    """The invariants every result of find_parentheticals must satisfy."""
    last_end = start
    for p in found:
        assert start <= p.start < p.end <= end
        assert p.start >= last_end, "parentheticals overlap or are out of order"
        last_end = p.end
        assert text[p.start : p.end] == p.raw
        assert p.raw.startswith("(")
        assert (p.kind is ParenKind.CITATION) == bool(p.references)
        for r in p.references:
            assert p.start < r.outlet_start < r.outlet_end < p.end
            assert text[r.outlet_start : r.outlet_end] == r.outlet
            assert r.outlet == r.outlet.strip() and r.outlet


@settings(max_examples=300, deadline=None)
@given(texts, published)
def test_any_text_gives_spans_that_point_back(text: str, when: dt.date | None) -> None:
    found = find_parentheticals(text, published=when)
    _check(text, found, 0, len(text))


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(0, 400), st.integers(0, 400))
def test_start_and_end_bound_the_spans(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    found = find_parentheticals(text, start, end, published=dt.date(2016, 11, 17))
    _check(text, found, start, end)


@settings(max_examples=200, deadline=None)
@given(texts, st.text(alphabet="abc .,", max_size=20))
def test_results_shift_with_a_prefix(text: str, prefix: str) -> None:
    """Parsing depends on the parenthetical, not where it sits (the memo must shift offsets)."""
    if text.startswith(("(", "\n")) and prefix.endswith("]"):
        return
    when = dt.date(2016, 11, 17)
    plain = find_parentheticals(text, published=when)
    moved = find_parentheticals(prefix + text, published=when)
    shift = len(prefix)
    assert [(p.start + shift, p.kind) for p in plain] == [(p.start, p.kind) for p in moved]
    assert [(r.outlet_start + shift, r.outlet, r.date) for p in plain for r in p.references] == [
        (r.outlet_start, r.outlet, r.date) for p in moved for r in p.references
    ]


@st.composite
def balanced(draw: st.DrawFn, depth: int = 0) -> str:
    """Text with balanced parentheses nested at most five deep (six with the caller's)."""
    parts = draw(
        st.lists(st.sampled_from(["a", " ", "News.tj, October 20", "; ", "CSTO"]), max_size=4)
    )
    if depth < 5 and draw(st.booleans()):
        parts.append("(" + draw(balanced(depth + 1)) + ")")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(st.lists(balanced(), max_size=5))
def test_balanced_text_is_never_malformed(pieces: list[str]) -> None:
    text = " x ".join(f"({p})" for p in pieces)
    found = find_parentheticals(text)
    assert all(p.kind is not ParenKind.MALFORMED for p in found)
    assert [p.raw for p in found] == [f"({p})" for p in pieces]


@settings(max_examples=100, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 300), st.integers(0, 30)), max_size=5))
def test_links_never_break_offsets(text: str, spans: list[tuple[int, int]]) -> None:
    links = [Link(s, s + n, f"https://l/{i}", "x") for i, (s, n) in enumerate(spans)]
    found = find_parentheticals(text, links=links, published=dt.date(2016, 11, 17))
    _check(text, found, 0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ,–-OctoberJunay.accessed", max_size=60), published)
def test_date_lists_never_raise(text: str, when: dt.date | None) -> None:
    for date in parse_dates(text, when):
        assert date.month is None or 1 <= date.month <= 12
        assert date.anomaly in (None, "after-publication", "year-unknown", "invalid-date")
        assert (date.year is None) == (date.iso is None)
        assert not (date.year is None and date.year_inferred)  # unknown is not inferred
