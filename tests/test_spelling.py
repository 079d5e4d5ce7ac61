"""Romanisation variants of outlet names (provenance/scan/outlets/spelling.py) and their use by
the resolver: gold cases in tests/data/spellings.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.scan.outlets.resolve import (
    SPELLING_METHOD,
    Registry,
    load_registry,
    outlet_from_dict,
)
from provenance.scan.outlets.spelling import MIN_KEY, SpellingIndex, romanised_key
from tests.factories import scan_markdown

GOLD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "spellings.json").read_text(encoding="utf-8")
)
REGISTRY = load_registry()


@pytest.mark.parametrize("case", GOLD["resolve"], ids=[c["written"] for c in GOLD["resolve"]])
def test_another_romanisation_resolves_to_its_outlet(case: dict[str, str]) -> None:
    res = REGISTRY.resolve(case["written"])
    assert res.outlet is not None, case["written"]
    assert (res.outlet.id, res.domain, res.method) == (
        case["outlet"],
        case["domain"],
        SPELLING_METHOD,
    )


@pytest.mark.parametrize("written", GOLD["unknown"])
def test_typos_other_names_and_short_names_stay_unknown(written: str) -> None:
    res = REGISTRY.resolve(written)
    assert res.outlet is None
    assert res.method == "unknown"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("rossiiskaya gazeta", "rossiyskaya gazeta"),
        ("rossijskaja gazeta", "rossiyskaya gazeta"),
        ("moskovskii komsomolets", "moskovsky komsomolets"),
        ("interfaks", "interfax"),
        ("sputnik tadzhikistan", "sputnik tajikistan"),
        ("kavkaz-uzel", "kavkaz uzel"),
        ("kommersant'", "kommersant"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert romanised_key(a) is not None
    assert romanised_key(a) == romanised_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("novaya gazeta", "nezavisimaya gazeta"),
        ("pravda", "pravda.ru"),  # a domain keeps its letters
        ("zvezda", "zvezda tv"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert romanised_key(a) != romanised_key(b)


@pytest.mark.parametrize("name", ["российская газета", "人民日报", "ria", "khovar", "ap"])
def test_no_key_for_other_scripts_and_short_names(name: str) -> None:
    assert romanised_key(name) is None


def test_short_keys_are_refused_by_length() -> None:
    # "tengri" is MIN_KEY letters and keeps its key; one letter fewer has none.
    assert len("tengri") == MIN_KEY
    assert romanised_key("tengri") == "tengri"
    assert romanised_key("tengr") is None


def _outlet(outlet_id: str, name: str, domain: str) -> Any:
    return outlet_from_dict(
        {"id": outlet_id, "name": name, "category": "independent", "domains": [{"domain": domain}]}
    )


def test_a_key_two_outlets_share_names_neither() -> None:
    index = SpellingIndex([("novaya zhizn", "a"), ("novaia zhizn", "b"), ("vzglyad", "c")])
    assert index.get("novaja zhizn") is None
    assert index.ambiguous() == [romanised_key("novaya zhizn")]
    assert index.get("vzgliad") == "c"


def test_registry_with_rival_spellings_matches_neither() -> None:
    registry = Registry(
        [
            _outlet("novaya-zhizn", "Novaya Zhizn", "nz.example"),
            _outlet("novaia-zhizn", "Novaia Zhizn", "nz2.example"),
        ]
    )
    assert registry.resolve("Novaya Zhizn").outlet.id == "novaya-zhizn"  # exact alias wins
    assert registry.resolve("Novaja Zhizn").outlet is None


def test_exact_alias_beats_folding() -> None:
    res = REGISTRY.resolve("Rossiyskaya Gazeta")
    assert (res.outlet.id, res.method) == ("rossiyskaya-gazeta", "alias")


def test_domain_like_names_are_not_folded() -> None:
    # "Rossiiskaya-Gazeta.kz" is a host, not a romanised name: its own domain stands.
    res = REGISTRY.resolve("Rossiiskaya-Gazeta.kz")
    assert (res.outlet, res.domain, res.method) == (
        None,
        "rossiiskaya-gazeta.kz",
        "registrable-domain",
    )


def test_a_scan_stores_the_outlet_found_by_its_spelling(tmp_path: Path) -> None:
    settings = scan_markdown(
        tmp_path,
        "Moscow said so (Rossiiskaya Gazeta, May 4). The army agreed (Krasnaia Zvezda, May 5).",
        date="2016-05-10",
    )
    rows = Database(settings.db).execute(
        "select outlet_id, domain, resolution from reference_outlets order by outlet_id"
    )
    assert rows.fetchall() == [
        ("krasnaya-zvezda", "redstar.ru", SPELLING_METHOD),
        ("rossiyskaya-gazeta", "rg.ru", SPELLING_METHOD),
    ]
