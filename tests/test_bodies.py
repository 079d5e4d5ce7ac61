"""State bodies named in another form than their aliases (provenance/scan/outlets/bodies.py):
"Russia's Defense Ministry". Gold cases in tests/data/state_bodies.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from provenance.scan.outlets.bodies import body_key
from provenance.scan.outlets.resolve import BODY_METHOD, Registry, load_registry, outlet_from_dict

GOLD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "state_bodies.json").read_text(encoding="utf-8")
)
REGISTRY = load_registry()


@pytest.mark.parametrize("case", GOLD["resolve"], ids=[c["written"] for c in GOLD["resolve"]])
def test_a_state_body_in_another_form_resolves(case: dict[str, str]) -> None:
    res = REGISTRY.resolve(case["written"])
    assert res.outlet is not None, case["written"]
    assert (res.outlet.id, res.method) == (case["outlet"], BODY_METHOD)


@pytest.mark.parametrize("written", GOLD["unknown"])
def test_a_body_the_registry_lacks_stays_unknown(written: str) -> None:
    res = REGISTRY.resolve(written)
    assert (res.outlet, res.method) == (None, "unknown")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("russia's defense ministry", ("ru", "defence")),
        ("russian ministry of defence", ("ru", "defence")),
        ("ministry of defense of the russian federation", ("ru", "defence")),
        ("ministry of foreign affairs of the republic of tajikistan", ("tj", "foreign")),
        ("u.s. state department", ("us", "foreign")),
        ("russia's finance ministry", ("ru", "finance")),
        ("ministry of finance of the russian federation", ("ru", "finance")),
        ("china's commerce ministry", ("cn", "commerce")),
        ("ministry of commerce of the prc", ("cn", "commerce")),
        ("chinese state council", ("cn", "state-council")),
        ("ministry of commerce", None),  # no country
        ("russian defense", None),
        ("defense ministry", None),  # no country: which one?
        ("russia", None),
    ],
)
def test_body_key_folds_the_forms(key: str, expected: tuple[str, str] | None) -> None:
    assert body_key(key) == expected


def _body(oid: str, *aliases: str):
    return outlet_from_dict(
        {
            "id": oid,
            "name": aliases[0],
            "aliases": list(aliases),
            "category": "official-gov/mil",
            "domains": [{"domain": f"{oid}.example"}],
        }
    )


def test_a_form_two_entries_share_names_neither() -> None:
    registry = Registry(
        [_body("a", "Armenian Defense Ministry"), _body("b", "Ministry of Defence of Armenia")]
    )
    assert registry.resolve("Armenia's Defense Ministry").outlet is None
    alone = Registry([_body("a", "Armenian Defense Ministry")])
    assert alone.resolve("Armenia's Defense Ministry").outlet.id == "a"
