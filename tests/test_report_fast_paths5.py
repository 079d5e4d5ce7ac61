"""Report fast paths (issue 10, second round) held to the code they replaced: a cited
day read from the CitedDate's memo, not made again for every reference."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from provenance.models import CitedDate
from provenance.report import pictures

DATES = st.builds(
    CitedDate,
    st.just("May 3"),
    st.one_of(st.none(), st.integers(0, 2100)),
    st.one_of(st.none(), st.integers(0, 13)),
    st.one_of(st.none(), st.integers(0, 32)),
)


def old_day_of(date: CitedDate | None) -> dt.date | None:
    """``pictures._day_of`` as it was: the day made by ``as_date()`` at each call."""
    if date is None or not date.year or not date.month:
        return None
    if date.day:
        return date.as_date()
    return dt.date(date.year, date.month, 1) if 1 <= date.month <= 12 else None


@given(st.one_of(st.none(), DATES))
def test_the_cited_day_is_the_one_as_date_makes(date: CitedDate | None) -> None:
    assert pictures._day_of(date) == old_day_of(date)
    assert pictures._day_of(date) == old_day_of(date)  # read again: from the memo
    if date is not None:
        assert date.date_value == date.as_date()
        assert "date_value" in date.__dict__  # kept on the (shared, frozen) date
