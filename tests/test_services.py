"""Outlets named through their owner (provenance/scan/outlets/services.py): "RFE/RL's Russian
Service", "Kommersant's Vlast". Gold cases in tests/data/owned_names.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.scan.outlets.resolve import OWNER_METHOD, Registry, load_registry, outlet_from_dict
from provenance.scan.outlets.services import owned_part, service_language
from tests.factories import report_of, scan_markdown

GOLD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "owned_names.json").read_text(encoding="utf-8")
)
REGISTRY = load_registry()


@pytest.mark.parametrize("case", GOLD["resolve"], ids=[c["written"] for c in GOLD["resolve"]])
def test_a_service_or_title_named_through_its_owner_resolves(case: dict[str, str]) -> None:
    res = REGISTRY.resolve(case["written"])
    assert res.outlet is not None, case["written"]
    assert (res.outlet.id, res.method) == (case["outlet"], OWNER_METHOD)


@pytest.mark.parametrize("written", GOLD["unknown"])
def test_a_part_the_registry_cannot_place_stays_unknown(written: str) -> None:
    res = REGISTRY.resolve(written)
    assert (res.outlet, res.method) == (None, "unknown")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("rfe/rl's russian service", ("rfe/rl", "russian service")),
        ("bbc ukrainian service", ("bbc", "ukrainian service")),
        ("kommersant's vlast", ("kommersant", "vlast")),
        ("bbc world service", None),  # "world" is no language: an alias's business
        ("civil service", None),
        ("interfax", None),
    ],
)
def test_owned_part_reads_owner_and_part(key: str, expected: tuple[str, str] | None) -> None:
    assert owned_part(key) == expected


def test_service_language_names_the_language() -> None:
    assert service_language("ukrainian-language service") == ("ukrainian", "uk")
    assert service_language("secret service") is None


def _outlet(oid: str, name: str, languages: list[str], parent: str | None = None, **extra):
    return outlet_from_dict(
        {
            "id": oid,
            "name": name,
            "aliases": extra.get("aliases", [name]),
            "category": "public-intl-broadcaster",
            "domains": [{"domain": f"{oid}.example"}],
            "languages": languages,
            "parent": parent,
        }
    )


def test_two_outlets_claiming_one_service_name_give_neither() -> None:
    registry = Registry(
        [
            _outlet("radio", "Radio", ["en", "ru"]),
            _outlet("a", "A (Radio Russian Service)", ["ru"], "radio"),
            _outlet("b", "B", ["ru"], "radio", aliases=["B", "Radio Russian Service"]),
            _outlet("c", "C", ["ru"], "radio"),
        ]
    )
    # Neither A nor B, and three outlets of the family speak Russian first: the owner
    # itself publishes in Russian, so it is the owner.
    assert registry.resolve("Radio's Russian Service").outlet.id == "radio"
    assert registry.resolve("Radio's Russian Service").method == OWNER_METHOD


def test_a_scan_stores_the_service_and_the_name_as_written(tmp_path: Path) -> None:
    settings = scan_markdown(
        tmp_path,
        "Kyiv denied it (Radio Liberty's Ukrainian Service, March 3, 2024). "
        "Moscow agreed (Voice of America's Russian Service, March 4, 2024).",
    )
    db = Database(settings.db)
    rows = list(db.query('select outlet, outlet_id, resolution, domain from "references"'))
    assert rows == [
        {
            "outlet": "Radio Liberty's Ukrainian Service",
            "outlet_id": "radio-svoboda-ukraine",
            "resolution": OWNER_METHOD,
            "domain": "radiosvoboda.org",
        },
        {
            "outlet": "Voice of America's Russian Service",
            "outlet_id": "voa",
            "resolution": OWNER_METHOD,
            "domain": "voanews.com",
        },
    ]
    report = report_of(tmp_path)
    assert "Radio Svoboda \\(RFE/RL Ukrainian Service\\)" in report
    assert "Outlets not in the registry\n\nNone." in report
