"""Tests for provenance.dates: the citation date grammar and year inference."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.scan.dates import (
    infer_year,
    is_date_aside,
    make_date,
    month_number,
    parse_date,
    parse_dates,
    resolve_dates,
    tokenize_dates,
)
from tests.factories import PUBLISHED, cited

# fmt: off
FORMS = [
    ("October 20", cited("October 20", 2016, 10, 20, year_inferred=True)),
    ("Oct. 20", cited("Oct. 20", 2016, 10, 20, year_inferred=True)),
    ("Oct 20", cited("Oct 20", 2016, 10, 20, year_inferred=True)),
    ("Sept. 3", cited("Sept. 3", 2016, 9, 3, year_inferred=True)),
    ("Sep 3", cited("Sep 3", 2016, 9, 3, year_inferred=True)),
    ("sept 3", cited("sept 3", 2016, 9, 3, year_inferred=True)),
    ("OCTOBER 20", cited("OCTOBER 20", 2016, 10, 20, year_inferred=True)),
    ("October 20th", cited("October 20th", 2016, 10, 20, year_inferred=True)),
    ("20 October 2016", cited("20 October 2016", 2016, 10, 20)),
    ("3 Nov. 2016", cited("3 Nov. 2016", 2016, 11, 3)),
    ("3 Nov 2016", cited("3 Nov 2016", 2016, 11, 3)),
    ("20th of October", cited("20th of October", 2016, 10, 20, year_inferred=True)),
    ("October 16, 2013", cited("October 16, 2013", 2013, 10, 16)),
    ("October 16 2013", cited("October 16 2013", 2013, 10, 16)),
    ("2016-10-20", cited("2016-10-20", 2016, 10, 20)),
    ("20.10.2016", cited("20.10.2016", 2016, 10, 20)),
    ("20 октября 2016", cited("20 октября 2016", 2016, 10, 20)),
    ("20 октября 2016 г.", cited("20 октября 2016", 2016, 10, 20)),
    ("5 мая", cited("5 мая", 2016, 5, 5, year_inferred=True)),
    ("2015", cited("2015", 2015)),
    ("October 2015", cited("October 2015", 2015, 10)),
    ("Monday, October 3", cited("October 3", 2016, 10, 3, year_inferred=True)),
]

LISTS = [
    ("October 20, 21", ["2016-10-20", "2016-10-21"]),
    ("October 20, 24", ["2016-10-20", "2016-10-24"]),
    ("October 5, 6, 7", ["2016-10-05", "2016-10-06", "2016-10-07"]),
    ("June 9, 12, 2016", ["2016-06-09", "2016-06-12"]),
    ("March 3, 2014, May 5, 2015", ["2014-03-03", "2015-05-05"]),
    ("April 5, 2016, October 1, 2015", ["2016-04-05", "2015-10-01"]),
    ("20, 21 October 2016", ["2016-10-20", "2016-10-21"]),
    ("20 and 21 October", ["2016-10-20", "2016-10-21"]),
    ("October 20–24", ["2016-10-20", "2016-10-24"]),
    ("October 30, November 2", ["2016-10-30", "2016-11-02"]),
    ("2015, 2016", ["2015", "2016"]),
    # Ukrainian, Kazakh, Tajik and Kyrgyz (Russian names, hyphened) months; Chinese dates
    ("21 лютого", ["2016-02-21"]),
    ("3 черв. 2016", ["2016-06-03"]),
    ("1 листопада", ["2016-11-01"]),
    ("5 қазан", ["2016-10-05"]),
    ("12 желтоқсан 2015", ["2015-12-12"]),
    ("5 октябри 2016", ["2016-10-05"]),
    ("5-октябрь", ["2016-10-05"]),
    ("2月28日", ["2016-02-28"]),
    ("2016年2月28日", ["2016-02-28"]),
    ("2015年12月", ["2015-12"]),
    ("10月20日, 21日", ["2016-10-20", "2016-10-21"]),
    ("10月20号", ["2016-10-20"]),
    ("2016年", ["2016"]),
]
# fmt: on


@pytest.mark.parametrize("text, expected", FORMS, ids=[t for t, _ in FORMS])
def test_date_forms(text: str, expected) -> None:
    assert parse_date(text, PUBLISHED) == expected


@pytest.mark.parametrize("text, isos", LISTS, ids=[t for t, _ in LISTS])
def test_date_lists(text: str, isos: list[str]) -> None:
    assert [d.iso for d in parse_dates(text, PUBLISHED)] == isos


@pytest.mark.parametrize(
    "text",
    [
        "News.tj",
        "24",
        "October 20 troops",
        "Tuesday evening",
        "in 2012",
        "第2次",
        "May be",
        "20, 21",
        "October 20, 2016, 21",
        "",
    ],
    ids=[
        "outlet",
        "bare-day",
        "trailing-word",
        "weekday-word",
        "filler",
        "cjk",
        "may-be",
        "orphan-days",
        "day-after-year",
        "empty",
    ],
)
def test_not_a_date_list(text: str) -> None:
    assert parse_dates(text, PUBLISHED) == []


def test_run_text_includes_shared_month_and_year() -> None:
    dates = parse_dates("June 9, 12, 2016", PUBLISHED)
    assert [d.text for d in dates] == ["June 9, 2016", "June 12, 2016"]


@pytest.mark.parametrize(
    "text, published, iso",
    [
        ("October 26", dt.date(2016, 11, 17), "2016-10-26"),
        ("December 5", dt.date(2016, 11, 17), "2015-12-05"),
        ("November 17", dt.date(2016, 11, 17), "2016-11-17"),
        ("November 18", dt.date(2016, 11, 17), "2015-11-18"),
        ("December 30", dt.date(2017, 1, 5), "2016-12-30"),
        ("January 3", dt.date(2017, 1, 5), "2017-01-03"),
        ("January 6", dt.date(2017, 1, 5), "2016-01-06"),
        ("December 31", dt.date(2017, 1, 1), "2016-12-31"),
        ("January 1", dt.date(2017, 1, 1), "2017-01-01"),
        ("February 29", dt.date(2016, 3, 10), "2016-02-29"),
        ("February 29", dt.date(2017, 1, 10), "2016-02-29"),
        ("February 29", dt.date(2015, 6, 1), "2012-02-29"),
        ("February 28", dt.date(2016, 2, 28), "2016-02-28"),
    ],
    ids=[
        "same-year",
        "previous-year",
        "same-day",
        "day-after",
        "dec-across-new-year",
        "jan-after-new-year",
        "jan-not-yet",
        "new-years-eve",
        "new-years-day",
        "leap-same-year",
        "leap-previous-year",
        "leap-back-three",
        "feb-28",
    ],
)
def test_year_inference(text: str, published: dt.date, iso: str) -> None:
    (date,) = parse_dates(text, published)
    assert (date.iso, date.year_inferred, date.anomaly) == (iso, True, None)


def test_infer_year_direct() -> None:
    assert infer_year(12, 5, dt.date(2016, 11, 17)) == 2015
    assert infer_year(2, 29, dt.date(2019, 12, 1)) == 2016


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("December 5, 2016", PUBLISHED, ("2016-12-05", "after-publication")),
        ("2017", PUBLISHED, ("2017", "after-publication")),
        ("December 2016", PUBLISHED, ("2016-12", "after-publication")),
        ("November 2016", PUBLISHED, ("2016-11", None)),
        ("November 17, 2016", PUBLISHED, ("2016-11-17", None)),
        ("October 26", None, (None, "year-unknown")),
        ("February 30, 2016", PUBLISHED, ("2016-02", "invalid-date")),
        ("February 29, 2015", PUBLISHED, ("2015-02", "invalid-date")),
        ("April 31", PUBLISHED, ("2016-04", "invalid-date")),
        ("October 45", PUBLISHED, ("2016-10", "invalid-date")),
        ("2016-13-01", PUBLISHED, ("2016", "invalid-date")),
        ("February 30", None, (None, "invalid-date")),
        ("February 29", None, (None, "year-unknown")),
    ],
    ids=[
        "after-pub",
        "year-after",
        "month-after",
        "same-month",
        "same-day",
        "unknown-year",
        "feb-30",
        "feb-29-common-year",
        "april-31",
        "day-45",
        "month-13",
        "invalid-beats-unknown",
        "leap-day-unknown-year",
    ],
)
def test_anomalies(text: str, published: dt.date | None, expected: tuple) -> None:
    (date,) = parse_dates(text, published)
    assert (date.iso, date.anomaly) == expected
    if date.anomaly == "invalid-date":
        assert date.as_date() is None


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("October 26", None, (None, False, "year-unknown")),
        ("February 30", None, (None, False, "invalid-date")),
        ("October 26", PUBLISHED, (2016, True, None)),
        ("October 26, 2015", None, (2015, False, None)),
    ],
    ids=[
        "unknown-year-not-inferred",
        "invalid-unknown-year-not-inferred",
        "inferred",
        "written-year-no-publication",
    ],
)
def test_year_inferred_only_when_a_year_was_filled_in(
    text: str, published: dt.date | None, expected: tuple
) -> None:
    (date,) = parse_dates(text, published)
    assert (date.year, date.year_inferred, date.anomaly) == expected


def test_invalid_date_keeps_year_and_text() -> None:
    date = parse_date("February 30, 2016", PUBLISHED)
    assert (date.text, date.year, date.month, date.day) == ("February 30, 2016", 2016, 2, None)


def test_accessed_dates_are_marked_and_not_flagged() -> None:
    text = "January 4, accessed February 1, 2017"
    entries = resolve_dates(text, tokenize_dates(text), PUBLISHED)
    assert [(e.date.iso, e.accessed, e.date.anomaly) for e in entries] == [
        ("2016-01-04", False, None),
        ("2017-02-01", True, None),
    ]


def test_make_date_explicit_flag() -> None:
    assert make_date("x", 2014, 3, 3, PUBLISHED) == cited("x", 2014, 3, 3)
    assert make_date("x", None, 3, 3, PUBLISHED).year_inferred is True


@pytest.mark.parametrize(
    "name, number",
    [
        ("Jan", 1),
        ("feb.", 2),
        ("March", 3),
        ("Sept", 9),
        ("SEP", 9),
        ("december", 12),
        ("октября", 10),
        ("марта", 3),
        ("мая", 5),
        ("май", 5),
        ("Mayday", None),
        ("марксизм", None),
        ("News", None),
    ],
)
def test_month_number(name: str, number: int | None) -> None:
    assert month_number(name) == number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 4", True),
        ("in 2012", True),
        ("since 2001", True),
        ("in late 2016", True),
        ("October 20–24", True),
        ("1990s", True),
        ("mid-2016", True),
        ("as of March 2016", True),
        ("7", False),
        ("in the past", False),
        ("Interfax, October 3", False),
        ("", False),
    ],
)
def test_is_date_aside(text: str, expected: bool) -> None:
    assert is_date_aside(text) is expected


def test_tokenize_offsets_into_the_given_span() -> None:
    text = "News.tj, October 20, 21"
    tokens = tokenize_dates(text, 9)
    assert [(t.kind, text[t.start : t.end]) for t in tokens] == [
        ("md", "October 20"),
        ("day", "21"),
    ]
    assert tokenize_dates(text, 0) is None


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("17 ноября 2016", "2016-11-17"),
        ("Friday, 01 November 2019, 13:47 GMT", "2019-11-01"),
        ("17 Nov. 2016", "2016-11-17"),
        ("Sept 3, 2015", "2015-09-03"),
        ("ноябрь 17, 2016", "2016-11-17"),
        ("12 apples 2016, then 17 November 2016", "2016-11-17"),
        ("21 Foo 2016", None),
        ("November 2016", None),
    ],
)
def test_full_dates_use_the_one_month_table(written: str, iso: str | None) -> None:
    from provenance.scan.fulldate import parse_date

    found = parse_date(written)
    assert (found.isoformat() if found else None) == iso
