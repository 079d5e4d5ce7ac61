"""Tests for the bundled outlet registry (provenance/data/outlets.json) and Outlet models."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.errors import ConfigError
from provenance.models import Category, Outlet, OutletDomain
from provenance.scan.outlets.resolve import (
    OUTLET_COLUMNS,
    RSP_CODES,
    load_registry,
    normalise_name,
    outlet_from_dict,
    outlet_to_dict,
    registry_rows,
    split_host,
)
from provenance.store import migrations

DATA = Path(__file__).resolve().parents[1] / "provenance" / "data" / "outlets.json"
RAW: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
ENTRIES: list[dict[str, Any]] = RAW["outlets"]
IDS = [e["id"] for e in ENTRIES]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_PARTIAL_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
CATEGORIES = {c.value for c in Category}

# The eleven outlets of the sample seed (2016 EDM article) and one more, all required.
SEED_IDS = [
    "centre1",
    "asia-plus",
    "sputnik-tajikistan",
    "regnum",
    "radio-ozodi",
    "knews-kg",
    "ria-fan",
    "china-military-online",
    "24-kanal",
    "pressa-tj",
    "edm",
    "tajikistan-mod",
]


def test_registry_file_is_sorted_and_canonically_formatted() -> None:
    # Sorted by id, keys sorted, 2-space indent: a rewrite by any tool gives the same bytes.
    assert IDS == sorted(IDS)
    canonical = json.dumps(RAW, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert DATA.read_text(encoding="utf-8") == canonical


def test_registry_size_and_unique_ids() -> None:
    assert len(ENTRIES) >= 55
    assert len(set(IDS)) == len(IDS)
    assert len(load_registry()) == len(ENTRIES)


@pytest.mark.parametrize("outlet_id", SEED_IDS, ids=SEED_IDS)
def test_seed_outlets_present(outlet_id: str) -> None:
    assert load_registry().get(outlet_id) is not None


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_fields(entry: dict[str, Any]) -> None:
    assert SLUG_RE.match(entry["id"])
    assert entry["name"].strip()
    assert entry["category"] in CATEGORIES
    assert entry["sources"], "every outlet needs at least one source URL"
    assert all(re.match(r"^https?://\S+$", url) for url in entry["sources"])
    assert entry["aliases"], "every outlet needs at least one alias"
    assert entry["rsp"] is None or entry["rsp"] in RSP_CODES
    assert entry["parent"] is None or entry["parent"] in IDS
    assert entry["parent"] != entry["id"]
    assert all(re.match(r"^[a-z]{2,3}$", lang) for lang in entry["languages"])


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_domains(entry: dict[str, Any]) -> None:
    for d in entry["domains"]:
        name = d["domain"]
        assert name == name.lower() and "://" not in name and "/" not in name
        assert not name.startswith("www.")
        assert split_host(name) == (name, ""), name
        assert d["status"] in {"current", "former"}
        for bound in (d["since"], d["until"]):
            assert bound is None or ISO_PARTIAL_RE.match(bound)
        if d["since"] and d["until"]:
            assert d["since"] <= d["until"]
        assert d.get("path") is None or d["path"].startswith("/")


def test_no_alias_claimed_twice_after_normalisation() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entry in ENTRIES:
        for alias in entry["aliases"]:
            key = normalise_name(alias)
            if owner.setdefault(key, entry["id"]) != entry["id"]:
                clashes.append((alias, owner[key], entry["id"]))
    assert clashes == []


def test_no_domain_claimed_twice() -> None:
    seen: dict[tuple[str, str | None], str] = {}
    for entry in ENTRIES:
        for d in entry["domains"]:
            key = (d["domain"], d.get("path"))
            assert seen.setdefault(key, entry["id"]) == entry["id"], key


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_models_round_trip(entry: dict[str, Any]) -> None:
    outlet = outlet_from_dict(entry)
    assert isinstance(outlet.category, Category)
    assert outlet_to_dict(outlet) == entry


def test_registry_rows_fit_the_outlets_table() -> None:
    rows = registry_rows(load_registry())
    assert [r["id"] for r in rows] == IDS
    assert all(tuple(r) == OUTLET_COLUMNS for r in rows)
    asia = next(r for r in rows if r["id"] == "asia-plus")
    assert "News.tj" in json.loads(asia["aliases"])
    assert json.loads(asia["domains"])[0]["domain"] == "news.tj"
    # A real migrated SQLite table accepts the rows as they are.
    db = Database(memory=True)
    migrations.migrations.apply(db)
    db["outlets"].insert_all(rows, pk="id")
    assert db["outlets"].count == len(ENTRIES)
    assert db["outlets"].get("edm")["category"] == "think-tank"


BAD_REGISTRIES = [
    (
        [{"id": "a", "name": "A", "aliases": ["X"]}, {"id": "b", "name": "B", "aliases": ["x."]}],
        "already",
    ),
    ([{"id": "a", "name": "A"}, {"id": "a", "name": "A2"}], "duplicate id"),
    ([{"id": "a", "name": "A", "category": "tabloid"}], "bad entry"),
    ([{"id": "a", "name": "A", "rsp": "maybe"}], "RSP"),
    (
        [
            {"id": "a", "name": "A", "domains": [{"domain": "a.com"}]},
            {"id": "b", "name": "B", "domains": [{"domain": "a.com"}]},
        ],
        "claimed twice",
    ),
    (
        [{"id": "a", "name": "A", "categories": [{"category": "independent", "untill": "2020"}]}],
        "bad entry 'a': categories: unknown field 'untill'",
    ),
    ([{"id": "a", "name": "A", "categories": [{"until": "2020"}]}], "missing field 'category'"),
    ([{"id": "a", "name": "A", "status": [{"kind": "closed", "wher": "EU"}]}], "status: unknown"),
    ([{"id": "a", "name": "A", "domains": ["a.com"]}], "domains: expected objects, found str"),
]


@pytest.mark.parametrize(
    ("entries", "message"),
    BAD_REGISTRIES,
    ids=[
        "alias-clash",
        "duplicate-id",
        "bad-category",
        "bad-rsp",
        "domain-clash",
        "period-field",
        "period-category",
        "status-field",
        "domain-not-object",
    ],
)
def test_invalid_registry_files_raise(tmp_path: Path, entries: list[Any], message: str) -> None:
    path = tmp_path / "outlets.json"
    path.write_text(json.dumps({"outlets": entries}), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as raised:
        load_registry(path)
    assert str(raised.value).startswith(f"{path}: ")  # the file the clash is in


def test_missing_registry_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_registry(tmp_path / "nope.json")


def test_custom_registry_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "outlets.json"
    path.write_text(json.dumps([{"id": "x", "name": "X News", "aliases": ["XN"]}]), "utf-8")
    registry = load_registry(path)
    assert registry.resolve("xn").outlet is registry.get("x")
    assert registry.resolve("X News").outlet is registry.get("x")  # display names match too
    assert load_registry() is load_registry()  # the bundled one is cached


# ---------------------------------------------------------------- Outlet.domains_on

MOVED = Outlet(
    id="m",
    name="M",
    domains=(
        OutletDomain("old.tj", until="2019-08-19", status="former"),
        OutletDomain("new.info", since="2019-08"),
        OutletDomain("later.news"),
    ),
)
UNDATED = Outlet(
    id="u",
    name="U",
    domains=(OutletDomain("former.com", status="former"), OutletDomain("current.ru")),
)
SUCCESSOR_DATED = Outlet(
    id="s",
    name="S",
    domains=(
        OutletDomain("before.org", status="former"),
        OutletDomain("after.org", since="2020-03-01"),
    ),
)
GONE = Outlet(
    id="g",
    name="G",
    domains=(
        OutletDomain("main.ru", until="2023-06-30", status="former"),
        OutletDomain("backup.org", since="2023-05-18", until="2023-07", status="former"),
    ),
)
DOMAIN_CASES = [
    (MOVED, dt.date(2016, 10, 20), "old.tj"),
    (MOVED, dt.date(2019, 8, 19), "old.tj"),  # last day of the old period (until is inclusive)
    (MOVED, dt.date(2021, 5, 1), "new.info"),  # dated period beats the undated later.news
    (MOVED, None, "new.info"),  # no date: current domains first
    (UNDATED, dt.date(2016, 1, 1), "current.ru"),  # nothing known: current first
    (UNDATED, None, "current.ru"),
    (SUCCESSOR_DATED, dt.date(2019, 12, 31), "before.org"),  # former ends at the move date
    (SUCCESSOR_DATED, dt.date(2020, 3, 2), "after.org"),
    (GONE, dt.date(2023, 7, 15), "backup.org"),  # "2023-07" covers the whole month
    (GONE, dt.date(2016, 1, 1), "main.ru"),
    (GONE, dt.date(2025, 1, 1), "main.ru"),  # no period covers it: registry order
    (GONE, None, "main.ru"),
]


@pytest.mark.parametrize(
    ("outlet", "when", "expected"),
    DOMAIN_CASES,
    ids=[f"{o.id}-{w}" for o, w, _ in DOMAIN_CASES],
)
def test_domain_on(outlet: Outlet, when: dt.date | None, expected: str) -> None:
    assert outlet.domain_on(when) == expected


def test_domains_on_lists_current_first_without_date() -> None:
    assert MOVED.domains_on(None) == ["new.info", "later.news", "old.tj"]
    assert Outlet(id="e", name="E").domains_on(None) == []
    assert OutletDomain("x.com").is_current and not OutletDomain("x.com", until="2001").is_current
