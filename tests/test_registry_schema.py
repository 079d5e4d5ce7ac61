"""The whole outlet registry against its JSON Schema, and users' override files merged over it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import provenance
from provenance import pipeline
from provenance.config import Settings
from provenance.errors import ConfigError
from provenance.scan.outlets import resolve

DATA = Path(provenance.__file__).resolve().parent / "data"
REGISTRY = json.loads((DATA / "outlets.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((DATA / "outlets.schema.json").read_text(encoding="utf-8"))


def test_the_whole_registry_validates_against_its_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(REGISTRY), key=lambda e: e.path
    )
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_schema_rejects_what_the_registry_must_not_hold() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = dict(REGISTRY["outlets"][0])
    for field, bad in [
        ("category", "propaganda"),
        ("sources", []),
        ("domains", [{"domain": "www.x.com", "since": None, "until": None, "status": "current"}]),
        ("domains", [{"domain": "x.com", "since": "2016/10", "until": None, "status": "current"}]),
        ("status", [{"kind": "blocked", "since": "March 2022"}]),
    ]:
        assert not validator.is_valid({**REGISTRY, "outlets": [{**good, field: bad}]}), field


def test_registry_size_and_coverage() -> None:
    outlets = REGISTRY["outlets"]
    assert len(outlets) >= 200
    countries = {o["country"] for o in outlets}
    for country in ("Russia", "Ukraine", "Belarus", "Moldova", "Georgia", "Armenia", "Azerbaijan",
                    "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan",
                    "Afghanistan", "China", "Iran", "Turkey"):  # fmt: skip
        assert country in countries, country


@pytest.mark.parametrize("entry", REGISTRY["outlets"], ids=[e["id"] for e in REGISTRY["outlets"]])
def test_statuses_are_dated_in_order_and_sourced(entry) -> None:
    for status in entry.get("status", ()):
        if status.get("since") and status.get("until"):
            assert status["since"] <= status["until"]
        assert status.get("source"), "every status needs a source"


def test_parents_form_no_cycle() -> None:
    registry = resolve.load_registry()
    for outlet in registry:
        assert registry.family(outlet).parent in (None, *[o.id for o in registry])
        seen, node = set(), outlet
        while node.parent:
            assert node.id not in seen
            seen.add(node.id)
            node = registry.get(node.parent)


def _write(path: Path, outlets: list[dict]) -> Path:
    path.write_text(json.dumps({"outlets": outlets}), encoding="utf-8")
    return path


NEW_OUTLET = {
    "id": "example-daily",
    "name": "Example Daily",
    "aliases": ["Example Daily", "ExDaily"],
    "domains": [{"domain": "example-daily.kz", "since": None, "until": None, "status": "current"}],
    "country": "Kazakhstan",
    "languages": ["ru"],
    "owner": None,
    "category": "independent",
    "sources": ["https://example-daily.kz/about"],
    "notes": None,
    "rsp": None,
    "parent": None,
}


def test_override_adds_changes_and_removes_outlets(tmp_path) -> None:
    override = _write(
        tmp_path / "mine.json",
        [
            NEW_OUTLET,
            {"id": "centre1", "category": "exile-independent"},
            {"id": "dawn", "remove": True},
        ],
    )
    registry = resolve.load_registry(override=override)
    assert registry.resolve("ExDaily").outlet.id == "example-daily"
    assert registry.get("centre1").category.value == "exile-independent"
    assert registry.get("centre1").aliases == resolve.load_registry().get("centre1").aliases
    assert registry.get("dawn") is None
    assert resolve.load_registry().get("dawn") is not None  # the bundled one is untouched


def test_override_next_to_the_database_or_named_in_settings(tmp_path) -> None:
    (tmp_path / "db").mkdir()
    settings = Settings(db=str(tmp_path / "db" / "p.db"))
    assert resolve.registry_for(settings) is resolve.load_registry()
    _write(tmp_path / "db" / "outlets.local.json", [NEW_OUTLET])
    assert resolve.registry_for(settings).get("example-daily") is not None
    other = {**NEW_OUTLET, "id": "other-daily", "aliases": ["Other Daily"], "domains": []}
    named = _write(tmp_path / "elsewhere.json", [other])
    with_setting = resolve.registry_for(Settings(db=settings.db, outlets=str(named)))
    assert with_setting.get("other-daily") is not None
    assert with_setting.get("example-daily") is None  # the named file replaces the local one


def test_a_scan_uses_the_override(tmp_path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Officials agreed (Example Daily, May 3, 2016).\n", encoding="utf-8")
    override = _write(tmp_path / "outlets.local.json", [NEW_OUTLET])
    settings = Settings(
        db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"), outlets=str(override)
    )
    pipeline.scan([doc], settings)
    report = next((tmp_path / "r").glob("a*.md")).read_text(encoding="utf-8")
    assert "example\\-daily.kz" in report or "example-daily.kz" in report


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"outlets": 3}', "expected a list of outlets"),
        ('[{"id": "x", "name": "X", "aliases": ["Interfax"]}]', "already"),
    ],
)
def test_a_bad_override_is_one_clear_error(tmp_path, content, message) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        resolve.load_registry(override=path)


def test_check_and_linkcheck_use_the_override_too(tmp_path) -> None:
    from provenance.archive import targets
    from provenance.links import run

    settings = Settings(
        db=str(tmp_path / "p.db"), outlets=str(_write(tmp_path / "o.json", [NEW_OUTLET]))
    )
    assert targets._registry(settings).get("example-daily") is not None
    assert run._load_registry(settings).get("example-daily") is not None
