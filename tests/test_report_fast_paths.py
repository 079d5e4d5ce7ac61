"""What the report's fast paths (issue 10) rely on, held to the slower forms they replaced."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from provenance.models import CitedDate, Reference, Resolution
from provenance.report.markdown import md_link, table, table_lines
from provenance.report.reftable import RefRow, reference_table

URL_CHARS = string.ascii_letters + string.digits + "|\\`<> ()[]%#?&=:;@!$'*+,~-._/" + "éй\u2060\t"


@given(
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "javascript:", ""]),
    st.text(alphabet=URL_CHARS, max_size=40),
)
def test_a_linked_url_is_the_same_in_a_table_and_outside(scheme: str, rest: str) -> None:
    # The document report encodes its URLs once, table-safe, for the metadata table and
    # the provenance bullets alike.
    url = scheme + rest
    assert md_link(url, in_table=True) == md_link(url)


@given(
    st.lists(st.text(alphabet="ab |\n", max_size=4), min_size=1, max_size=4),
    st.integers(0, 4),
    st.text(alphabet="lr", max_size=5),
)
def test_table_is_table_lines(headers: list[str], count: int, align: str) -> None:
    rows = [[f"{r}{c}" for c in headers] for r in range(count)]
    assert table(headers, rows, align) == list(table_lines(headers, rows, align))
    assert table(tuple(headers), iter(rows), align) == table(headers, rows, align)


def test_reference_table_takes_plain_tuples_like_refrows() -> None:
    dated = Reference("News.tj", 0, 7, CitedDate("October 20", 2016, 10, 20, year_inferred=True))
    bare = Reference("X", 0, 1, None, prefix="see")
    res = Resolution(written="X", outlet=None, domain=None, method="unknown")
    plain = [(1, dated, res, None), (2, bare, res, None)]
    named = [RefRow(1, dated, res), RefRow(2, bare, res)]
    assert reference_table(plain) == reference_table(named)
    assert reference_table(plain, with_checks=True) == reference_table(named, with_checks=True)
    assert "| 2016-10-20 † |" in reference_table(plain)[2]
