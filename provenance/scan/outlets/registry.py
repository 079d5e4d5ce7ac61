"""The outlet registry's files: the bundled JSON, a user's override merged over it, rows
for the store, and the entries to and from Outlets. ``resolve.Registry`` matches names."""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import ConfigError
from ...models import Category, CategoryPeriod, Outlet, OutletDomain, OutletStatus

if TYPE_CHECKING:
    from .resolve import Registry

LOGGER = logging.getLogger(__name__)

#: Columns of the store's ``outlets`` table, in order (see migrations.m001_scan_tables).
OUTLET_COLUMNS = (
    "id",
    "name",
    "aliases",
    "domains",
    "country",
    "languages",
    "owner",
    "category",
    "sources",
    "notes",
)
#: Where the bundled registry is read from (for messages).
BUNDLED = "provenance/data/outlets.json"
#: Wikipedia RSP status codes a registry entry may carry.
RSP_CODES = frozenset({"gr", "nc", "gu", "d"})


def title_site(outlet: Outlet, outlets: Any) -> Outlet:
    """The outlet whose site holds ``outlet``'s articles: itself, or for a title with no
    site of its own, its parent (``outlets.get``): Jamestown's China Brief and Terrorism
    Monitor publish on jamestown.org, which one entry alone may claim."""
    if outlet.domains or not outlet.parent or outlets is None:
        return outlet
    return outlets.get(outlet.parent) or outlet


def outlet_from_dict(data: dict[str, Any]) -> Outlet:
    """Build an Outlet from one registry JSON object.

    Args:
        data: a dict as stored in outlets.json.

    Returns:
        The Outlet.

    Raises:
        ConfigError: an unknown category or RSP code, or a missing id/name.
    """
    try:
        category = Category(data.get("category", "unknown"))
        domains = tuple(OutletDomain(**_part(d, OutletDomain)) for d in data.get("domains", ()))
        status = tuple(OutletStatus(**_part(st, OutletStatus)) for st in data.get("status", ()))
        periods = tuple(_period(c) for c in data.get("categories", ()))
        outlet = Outlet(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases", ())),
            domains=domains,
            country=data.get("country"),
            languages=tuple(data.get("languages", ())),
            owner=data.get("owner"),
            category=category,
            sources=tuple(data.get("sources", ())),
            notes=data.get("notes"),
            rsp=data.get("rsp"),
            parent=data.get("parent"),
            status=status,
            categories=periods,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"outlet registry: bad entry {data.get('id')!r}: {exc}") from exc
    if outlet.rsp is not None and outlet.rsp not in RSP_CODES:
        raise ConfigError(f"outlet registry: {outlet.id!r} has unknown RSP code {outlet.rsp!r}")
    return outlet


def _period(data: Any) -> CategoryPeriod:
    fields = _part(data, CategoryPeriod)
    return CategoryPeriod(**{**fields, "category": Category(fields["category"])})


def _part(data: Any, kind: type) -> dict[str, Any]:
    """``data`` when it is an object of ``kind``'s fields with its required ones, else a
    ValueError that names the field ("categories: unknown field 'untill'")."""
    what = {OutletDomain: "domains", OutletStatus: "status"}.get(kind, "categories")
    if not isinstance(data, dict):
        raise ValueError(f"{what}: expected objects, found {type(data).__name__}")
    known = {f.name: f for f in dataclasses.fields(kind)}
    for name in data:
        if name not in known:
            raise ValueError(f"{what}: unknown field {name!r}")
    for name, f in known.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and name not in data:
            raise ValueError(f"{what}: missing field {name!r}")
    return data


def _domain_to_dict(d: OutletDomain) -> dict[str, Any]:
    out: dict[str, Any] = {
        "domain": d.domain,
        "since": d.since,
        "until": d.until,
        "status": d.status,
    }
    if d.note is not None:
        out["note"] = d.note
    if d.path is not None:
        out["path"] = d.path
    if d.role is not None:
        out["role"] = d.role
    return out


def _status_to_dict(status: OutletStatus) -> dict[str, Any]:
    return {k: v for k, v in vars(status).items() if v is not None}


def outlet_to_dict(outlet: Outlet) -> dict[str, Any]:
    """The registry JSON object for ``outlet`` (inverse of ``outlet_from_dict``).

    Args:
        outlet: a registry entry.

    Returns:
        A JSON-ready dict.
    """
    return {
        "id": outlet.id,
        "name": outlet.name,
        "aliases": list(outlet.aliases),
        "domains": [_domain_to_dict(d) for d in outlet.domains],
        "country": outlet.country,
        "languages": list(outlet.languages),
        "owner": outlet.owner,
        "category": outlet.category.value,
        "sources": list(outlet.sources),
        "notes": outlet.notes,
        "rsp": outlet.rsp,
        "parent": outlet.parent,
        **(
            {
                "status": [
                    {k: v for k, v in vars(st).items() if v is not None} for st in outlet.status
                ]
            }
            if outlet.status
            else {}
        ),
        **(
            {"categories": [_period_to_dict(c) for c in outlet.categories]}
            if outlet.categories
            else {}
        ),
    }


def _period_to_dict(period: CategoryPeriod) -> dict[str, Any]:
    out = {k: v for k, v in vars(period).items() if v is not None}
    out["category"] = period.category.value
    return out


#: The override file looked for next to the database when no ``outlets`` setting names one.
LOCAL_OVERRIDE = "outlets.local.json"


def _entries(text: str, origin: str) -> list[dict[str, Any]]:
    """The outlet objects of a registry file's text ({"outlets": [...]} or a bare list)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{origin}: not valid JSON: {exc}") from exc
    entries = data.get("outlets") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{origin}: expected a list of outlets")
    return entries


def merge_entries(
    base: list[dict[str, Any]], override: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Outlet objects of ``override`` merged over ``base`` by id.

    An override entry with a known id replaces the fields it names (a user adds an alias
    by giving the whole ``aliases`` list); ``{"id": ..., "remove": true}`` drops the
    entry; an unknown id is a new outlet.

    Args:
        base: the bundled entries.
        override: the user's entries.

    Returns:
        The merged entries, bundled order first, new ones after.
    """
    merged = {e["id"]: dict(e) for e in base}
    for entry in override:
        key = entry.get("id")
        if entry.get("remove"):
            merged.pop(key, None)
        elif key in merged:
            merged[key].update(entry)
        else:
            merged[key] = dict(entry)
    return list(merged.values())


def _build(entries: list[dict[str, Any]], origin: str) -> Registry:
    from .resolve import Registry  # noqa: PLC0415 - resolve re-exports this module's names

    try:
        registry = Registry(outlet_from_dict(e) for e in entries)
    except ConfigError as exc:  # a clash: name the file(s) it came from
        raise ConfigError(f"{origin}: {exc}") from exc
    LOGGER.debug("loaded %d outlets from %s", len(registry), origin)
    return registry


def _bundled_entries() -> list[dict[str, Any]]:
    resource = importlib.resources.files("provenance").joinpath("data", "outlets.json")
    return _entries(resource.read_text(encoding="utf-8"), BUNDLED)


@functools.lru_cache(maxsize=1)
def _bundled() -> Registry:
    return _build(_bundled_entries(), BUNDLED)


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read outlet registry: {exc}") from exc


def load_registry(path: str | Path | None = None, override: str | Path | None = None) -> Registry:
    """Load an outlet registry.

    Args:
        path: a registry JSON file; None for the bundled one (loaded once and shared).
        override: a JSON file of outlet entries merged over it (see ``merge_entries``).

    Returns:
        The Registry.

    Raises:
        ConfigError: a file cannot be read or holds an invalid registry.
    """
    if override is not None:
        try:
            mtime_ns = Path(override).stat().st_mtime_ns
        except OSError as exc:
            raise ConfigError(f"{override}: cannot read outlet registry: {exc}") from exc
        return _merged("" if path is None else str(path), str(override), mtime_ns)
    if path is None:
        return _bundled()
    return _build(_entries(_read(path), str(path)), str(path))


@functools.lru_cache(maxsize=4)
def _merged(path: str, override: str, mtime_ns: int) -> Registry:
    """``path`` (or the bundled registry) with ``override`` merged; memoised per mtime."""
    base = _entries(_read(path), path) if path else _bundled_entries()
    return _build(merge_entries(base, _entries(_read(override), override)), override)


def registry_for(settings: Any) -> Registry:
    """The registry a run uses: the bundled one, with the user's override merged over it.

    The override is the file the ``outlets`` setting names, else ``outlets.local.json``
    next to the database when there is one.

    Args:
        settings: the run's Settings.

    Returns:
        The Registry.

    Raises:
        ConfigError: the override cannot be read or makes the registry invalid.
    """
    override = getattr(settings, "outlets", None)
    if not override:
        local = Path(settings.db).parent / LOCAL_OVERRIDE
        override = local if str(settings.db) != ":memory:" and local.is_file() else None
    return load_registry(override=override)


def registry_rows(registry: Iterable[Outlet]) -> list[dict[str, str | None]]:
    """One flat row per outlet for the store's ``outlets`` table, sorted by id.

    Lists and dicts become JSON strings with sorted keys; ``rsp`` and ``parent`` are not
    columns of the table and are left out.

    Args:
        registry: the registry to export.

    Returns:
        Dicts with exactly the keys in ``OUTLET_COLUMNS``.
    """
    rows = []
    for outlet in sorted(registry, key=lambda o: o.id):
        data = outlet_to_dict(outlet)
        rows.append(
            {
                col: json.dumps(data[col], ensure_ascii=False, sort_keys=True)
                if isinstance(data[col], (list, dict))
                else data[col]
                for col in OUTLET_COLUMNS
            }
        )
    return rows
