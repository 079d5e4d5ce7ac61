"""Settings layered from files, the environment and flags, each value parsed and checked."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError
from .settings import ARCHIVE_KEYS, ARCHIVE_KINDS, ARCHIVE_PRESETS, RANGES, ArchiveSpec, Settings

LOGGER = logging.getLogger(__name__)

_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def parse_rate_limits(value: str | dict[str, Any]) -> dict[str, float]:
    """Parse ``host=seconds,host=seconds`` (or a mapping) into a dict."""
    if isinstance(value, dict):
        items = value.items()
    else:
        items = (part.split("=", 1) for part in value.split(",") if part.strip())
    out: dict[str, float] = {}
    for pair in items:
        try:
            host, seconds = pair
            out[str(host).strip().lower()] = float(seconds)
        except ValueError as exc:
            raise ConfigError(f"rate_limits: cannot read {pair!r}: use host=seconds") from exc
    return out


def parse_archives(
    value: str | list[Any] | tuple[Any, ...], origin: str
) -> tuple[ArchiveSpec, ...]:
    """Read the archive list from a file (a list), or from the environment or a flag (text).

    Text is JSON (a list) or comma-separated items: a preset (``ia``, ``commoncrawl``) or
    ``[name:]kind=url``, e.g. ``ia,backup:pywb-cdx=http://127.0.0.1:8080/coll``.

    Args:
        value: the raw value.
        origin: where it came from, for error messages.

    Returns:
        The archives, in the order they are asked.

    Raises:
        ConfigError: an unknown preset, kind or key, a missing URL, a bad number, a
            repeated name.
    """
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json  # here, not at the top: `provenance --version` never needs it

            try:
                value = json.loads(text)
            except ValueError as exc:
                raise ConfigError(f"{origin}: archives: not valid JSON: {exc}") from exc
        else:
            value = [_short_archive(item.strip()) for item in text.split(",") if item.strip()]
    if not isinstance(value, (list, tuple)):
        raise ConfigError(f"{origin}: archives must be a list")
    specs = tuple(_archive_spec(item, origin) for item in value)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ConfigError(f"{origin}: archives: each archive needs its own name: {names}")
    return specs


def _short_archive(item: str) -> str | dict[str, Any]:
    """``preset`` or ``[name:]kind=url`` as a preset name or a table."""
    if "=" not in item:
        return item
    head, url = item.split("=", 1)
    name, _, kind = head.rpartition(":")
    return {"name": name or None, "kind": kind, "url": url}


def _archive_spec(item: Any, origin: str) -> ArchiveSpec:
    """One archive from a preset name or a table of ArchiveSpec keys."""
    if isinstance(item, str):
        if item not in ARCHIVE_PRESETS:
            known = ", ".join(ARCHIVE_PRESETS)
            raise ConfigError(f"{origin}: archives: unknown archive {item!r} (presets: {known})")
        return ARCHIVE_PRESETS[item]
    if not isinstance(item, dict):
        raise ConfigError(f"{origin}: archives: {item!r} is neither a name nor a table")
    unknown = set(item) - ARCHIVE_KEYS
    if unknown:
        raise ConfigError(f"{origin}: archives: unknown key(s) {sorted(unknown)}")
    kind = str(item.get("kind") or "")
    preset = ARCHIVE_PRESETS.get(kind)  # kind = "commoncrawl" (or "ia") takes its defaults
    if kind not in ARCHIVE_KINDS and preset is None:
        raise ConfigError(f"{origin}: archives: kind must be one of {', '.join(ARCHIVE_KINDS)}")
    fields = dataclasses.asdict(preset) if preset else {}
    fields.update({k: v for k, v in item.items() if v is not None})
    fields["kind"] = preset.kind if preset else kind
    has_url = any(fields.get(k) for k in ("url", "cdx", "timemap"))
    if not has_url and fields["kind"] != "ia-cdx":  # ia-cdx alone: cdx_url and replay_url
        raise ConfigError(f"{origin}: archives: a {kind} archive needs a url")
    fields.setdefault("name", urlsplit(str(fields.get("url") or "")).netloc or "ia")
    try:
        spec = ArchiveSpec(
            **{
                **fields,
                "rate": _number(fields.get("rate")),
                "trust": float(fields.get("trust", 1)),
            }
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: archives: {item!r}: {exc}") from exc
    if not 0.0 <= spec.trust <= 1.0 or (spec.rate is not None and spec.rate < 0):
        raise ConfigError(f"{origin}: archives: {spec.name}: trust is 0..1 and rate >= 0")
    for key in ("url", "cdx", "timemap"):
        check_url(str(fields.get(key) or ""), f"{origin}: archives: {spec.name}: {key}")
    return spec


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def parse_allowed_host(entry: str) -> tuple[str, int | None]:
    """``HOST[:PORT]`` (``[v6]:PORT`` for IPv6) as (lowercase host, port or None).

    Raises:
        ValueError: an empty host or a port that is not a number.
    """
    text = entry.strip().lower().rstrip(".")
    port: int | None = None
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, number = text.partition(":")
        port = int(number)
    else:
        host = text  # a bare name, IPv4 or unbracketed IPv6 address
    if not host or (port is not None and not 0 < port < 65536):
        raise ValueError(f"not a HOST[:PORT]: {entry!r}")
    return host.rstrip("."), port


LIST_SETTINGS = frozenset({"allow_hosts", "allow_nets"})


def parse_list(name: str, value: str | list[Any] | tuple[Any, ...], origin: str) -> tuple[str, ...]:
    """A list setting from a TOML array, a comma/space separated string or repeated flags;
    each entry is checked (``HOST[:PORT]`` or a CIDR network)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    out = []
    for item in (str(i).strip() for i in items):
        try:
            if name == "allow_nets":
                ipaddress.ip_network(item, strict=False)
            else:
                parse_allowed_host(item)
        except ValueError as exc:
            kind = "a CIDR network" if name == "allow_nets" else "HOST[:PORT]"
            raise ConfigError(f"{origin}: {name}: {item!r} is not {kind}") from exc
        out.append(item)
    return tuple(out)


def parse_globs(value: str | list[Any] | tuple[Any, ...], origin: str) -> tuple[str, ...]:
    """Globs from a TOML list, a tuple of flag values or a comma-separated string."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"{origin}: exclude = {value!r} is not a list of globs")
    return tuple(i.strip() for i in items if i.strip())


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value from a file or the environment to the field's type."""
    default = _FIELDS[name].default
    if name == "rate_limits":
        return parse_rate_limits(value)
    if name == "archives":
        return parse_archives(value, origin)
    if name in LIST_SETTINGS:
        return parse_list(name, value, origin)
    if name == "exclude":
        return parse_globs(value, origin)
    if value is None:
        return None
    if (
        isinstance(value, bool)
        and not isinstance(default, bool)
        or not isinstance(value, str | int | float)
    ):
        raise ConfigError(f"{origin}: {name} = {value!r} is not valid")  # timeout = true
    if not isinstance(value, str) and _FIELDS[name].type.startswith("str"):
        raise ConfigError(f"{origin}: {name} = {value!r} is not text")  # db = 5
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(value)
            return text in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)  # dead_after = 2.5
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {name} = {value!r} is not valid") from exc
    text = str(value)
    if name.endswith("_url"):
        check_url(text, f"{origin}: {name}")
    return text


def check_url(value: str, where: str) -> None:
    """Raise ConfigError unless ``value`` is empty (no such endpoint) or an http(s) URL
    with a host: "notaurl" failed every lookup of a run, one warning line each."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket
        host = None
    if value and (host is None or parts.scheme not in ("http", "https")):
        raise ConfigError(f"{where} = {value!r} is not an http(s) URL with a host")


def read_config_file(cwd: Path) -> dict[str, Any]:
    """Settings from ``[tool.provenance]`` in ``pyproject.toml``, then ``provenance.toml``.

    Both files may exist: ``provenance.toml`` overrides the keys it sets. The
    result's ``__file__`` names the files read, for error messages.
    """
    import tomllib  # here, not at the top: `provenance --version` and `--help` read no file

    merged: dict[str, Any] = {}
    origins = []
    for path, in_tool in ((cwd / "pyproject.toml", True), (cwd / "provenance.toml", False)):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        data = (
            data.get("tool", {}).get("provenance", {}) if in_tool else data.get("provenance", data)
        )
        if data:
            merged.update(data)
            origins.append(str(path))
    return {"__file__": " + ".join(origins), **merged} if merged else {}


class _Layered(dict):  # type: ignore[type-arg]
    """Setting values being layered: a later ``rate_limits`` adds to the earlier hosts,
    a later ``exclude`` to the earlier globs."""

    def __setitem__(self, name: str, value: Any) -> None:
        if name == "rate_limits" and value is not None:
            value = {**self.get("rate_limits", Settings().rate_limits), **value}
        if name == "exclude":  # flags add globs to the file's and the environment's
            value = tuple(dict.fromkeys((*self.get("exclude", ()), *value)))
        super().__setitem__(name, value)


def load_settings(
    overrides: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
    given: set[str] | None = None,
) -> Settings:
    """Build Settings: defaults < config file < ``PROVENANCE_*`` env < ``overrides``.

    Args:
        overrides: values from command-line flags; None values are ignored.
        env: the environment (default ``os.environ``).
        cwd: directory holding ``pyproject.toml``/``provenance.toml`` (default: current).
        given: when a set, the names of the settings that a ``PROVENANCE_*`` variable or a
            flag set are added to it: chosen for this run, not the project's default.
    """
    env = os.environ if env is None else env
    values: _Layered = _Layered()
    file_values = read_config_file(Path(cwd or Path.cwd()))
    origin = file_values.pop("__file__", "config file")
    for key, raw in file_values.items():
        name = key.replace("-", "_")
        if name not in _FIELDS:
            raise ConfigError(f"{origin}: unknown setting {key!r}")
        values[name] = _coerce(name, raw, origin)
    chosen = set()
    for name in _FIELDS:
        raw = env.get(f"PROVENANCE_{name.upper()}")
        if raw not in (None, ""):
            values[name] = _coerce(name, raw, f"PROVENANCE_{name.upper()}")
            chosen.add(name)
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in _FIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, f"--{name.replace('_', '-')}")
        chosen.add(name)
    for name, low in RANGES.items():
        if name in values and values[name] < low:
            raise ConfigError(f"{name} must be at least {low}, not {values[name]}")
    if values.get("outage_ratio", 0.9) > 1:  # over 1: no run could ever be an outage
        raise ConfigError(f"outage_ratio must be at most 1, not {values['outage_ratio']}")
    if values.get("fail_on", "new") not in {"new", "any", "never"}:
        raise ConfigError(f"fail_on must be new, any or never, not {values['fail_on']!r}")
    if given is not None:
        given.update(chosen)
    return Settings(**values)
