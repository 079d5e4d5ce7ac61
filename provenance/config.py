"""Settings: declared once with a default and help, then layered.

Precedence, lowest to highest: built-in defaults < ``[tool.provenance]`` in
``pyproject.toml`` (or a ``provenance.toml``) in the working directory <
``PROVENANCE_*`` environment variables < command-line flags. A partial file
or environment only overrides the keys it sets.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

LOGGER = logging.getLogger(__name__)

VERSION = "0.1.0"  # the package's version (pyproject.toml says the same; a test checks)

IA_CDX_URL = "https://web.archive.org/cdx/search/cdx"
IA_REPLAY_URL = "https://web.archive.org/web"
IA_AVAILABILITY_URL = "https://archive.org/wayback/available"
IA_SPN_URL = "https://web.archive.org/save"
CONTACT_URL = "https://github.com/provenance-tool/provenance"
CC_INDEX_URL = "https://index.commoncrawl.org"
CC_DATA_URL = "https://data.commoncrawl.org"
ARCHIVE_KINDS = ("ia-cdx", "pywb-cdx", "commoncrawl", "memento-timemap")
ARCHIVE_KEYS = frozenset(
    {
        "name",
        "kind",
        "url",
        "cdx",
        "replay",
        "timemap",
        "data",
        "rate",
        "trust",
        "window_after_days",
    }
)


@dataclass(frozen=True)
class ArchiveSpec:
    """One archive asked for sources: its kind, endpoints, rate limit and trust.

    ``url`` is the base the endpoints derive from (``<url>/cdx`` for pywb,
    ``<url>/timemap/link/<URL>`` for Memento, ``<url>/collinfo.json`` for Common Crawl);
    ``cdx``, ``replay``, ``timemap`` and ``data`` override single endpoints. ``rate`` is
    seconds between requests to the archive's hosts (None: ``rate_limits``); a
    candidate from it counts as verified when score x ``trust`` reaches the threshold.
    """

    name: str
    kind: str
    url: str = ""
    cdx: str | None = None
    replay: str | None = None
    timemap: str | None = None
    data: str | None = None
    rate: float | None = None
    trust: float = 1.0
    window_after_days: int | None = None  # wider capture window (Common Crawl crawls monthly)


#: Archives that need no URL: ``ia`` is the one cdx_url / replay_url / memento_url describe.
ARCHIVE_PRESETS: dict[str, ArchiveSpec] = {
    "ia": ArchiveSpec("ia", "ia-cdx"),
    "commoncrawl": ArchiveSpec(
        "commoncrawl",
        "commoncrawl",
        CC_INDEX_URL,
        data=CC_DATA_URL,
        rate=2.0,
        window_after_days=60,
    ),
}


@dataclass(frozen=True)
class Settings:
    """Every option of a provenance run. Build one with ``load_settings``."""

    db: str = "db/provenance.db"
    reports: str = "reports"
    strict: bool = False
    exclude: tuple[str, ...] = ()  # globs a scan leaves out (besides its own outputs)
    db_timeout: float = 60.0  # seconds to wait for another run's write to the database
    # --- archives (check)
    cdx_url: str = IA_CDX_URL
    replay_url: str = IA_REPLAY_URL
    availability_url: str = IA_AVAILABILITY_URL
    memento_url: str | None = None  # a TimeGate/TimeMap base, e.g. http://127.0.0.1:8080/coll
    archives: tuple[ArchiveSpec, ...] = ()  # asked in order; empty: the one above ("ia")
    window_before_days: int = 1
    window_after_days: int = 3
    max_candidates: int = 5  # candidate pages fetched per reference
    verify_threshold: float = 0.6
    content_check: bool = False  # also read the page of a reference that carries its URL
    max_requests: int = 0  # archive requests per run (0: no limit); the rest waits
    refresh: bool = False
    offline: bool = False
    no_archive: bool = False  # linkcheck: no replacement suggestions from the archive
    # --- politeness (check and linkcheck)
    user_agent: str = f"provenance/0.1 (+{CONTACT_URL})"
    timeout: float = 20.0
    rate_limits: dict[str, float] = field(
        default_factory=lambda: {"web.archive.org": 2.5, "archive.org": 2.5}
    )  # seconds between requests, per host
    host_concurrency: int = 2
    global_concurrency: int = 16
    max_retries: int = 3
    breaker_threshold: int = 3  # consecutive 429s before an archive is given up for the run
    max_body_bytes: int = 5_000_000
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()  # HOST[:PORT] entries let past the SSRF guard
    allow_nets: tuple[str, ...] = ()  # CIDR networks let past the SSRF guard
    # --- linkcheck
    link_delay: float = 1.0  # seconds between requests to one live host
    dead_after: int = 3
    dead_days: int = 3
    fail_on: str = "new"  # new | any | never
    outage_ratio: float = 0.9
    outlets: str | None = None  # outlet entries merged over the bundled registry (JSON)
    # --- save (Save Page Now 2)
    spn_url: str = IA_SPN_URL
    save_days: int = 30  # a capture this close to the cited date (or a save this recent) is enough
    save_poll: float = 5.0  # seconds between job status polls
    save_job_timeout: float = 600.0  # a job still pending after this is left (checked next run)


HELP: dict[str, str] = {
    "db": "SQLite database file.",
    "reports": "Directory the Markdown reports are written to.",
    "strict": "Exit non-zero when any document fails.",
    "exclude": "Glob of files or folders a scan leaves out (repeatable); with a / it "
    "matches the path from the working directory.",
    "db_timeout": "Seconds to wait while another run writes to the database.",
    "cdx_url": "CDX endpoint (Internet Archive JSON or pywb NDJSON).",
    "replay_url": "Replay base; captures are fetched as <replay_url>/<ts>id_/<url>.",
    "availability_url": "Wayback availability API endpoint.",
    "memento_url": "Memento TimeGate/TimeMap base of any Memento archive or aggregator.",
    "archives": "Archives asked in order, e.g. ia,commoncrawl,pywb-cdx=http://host/coll.",
    "window_before_days": "Days before the cited date to search captures in.",
    "window_after_days": "Days after the cited date to search captures in.",
    "max_candidates": "Candidate captures fetched and scored per reference.",
    "verify_threshold": "Score from which a candidate counts as verified.",
    "content_check": "Also read (and score) the capture of a reference that carries its URL.",
    "max_requests": "Archive requests per run (0: no limit); the rest is checked next run.",
    "refresh": "Bypass the archive response cache.",
    "offline": "Answer from the cache only; never touch the network.",
    "offline_links": "Ask no archive for replacement suggestions (cached ones still show).",
    "no_archive": "Suggest no archive replacements for broken links at all.",
    "user_agent": "User-Agent header sent with every request.",
    "timeout": "Seconds before a request times out.",
    "rate_limits": "Seconds between requests per host, e.g. web.archive.org=2.5.",
    "host_concurrency": "Concurrent requests per host.",
    "global_concurrency": "Concurrent requests in all.",
    "max_retries": "Retries after 429/503 (Retry-After honoured).",
    "breaker_threshold": "Consecutive 429s before an archive host is given up for the run.",
    "max_body_bytes": "Largest response body read.",
    "allow_private": "Allow document URLs that resolve to private or loopback addresses.",
    "allow_hosts": "HOST[:PORT] that document URLs may reach though private (repeatable).",
    "allow_nets": "CIDR network that document URLs may reach though private (repeatable).",
    "link_delay": "Seconds between link-check requests to one host.",
    "dead_after": "Consecutive failures before a link is dead.",
    "dead_days": "Days the failures must span before a link is dead.",
    "fail_on": "When linkcheck exits 2: new, any or never.",
    "outage_ratio": "Share of failed checks from which a run counts as a network outage.",
    "outlets": "Your outlet entries (JSON) merged over the bundled registry.",
    "spn_url": "Save Page Now 2 endpoint (POST <spn_url>, GET <spn_url>/status/<job>).",
    "save_days": "Save a cited URL without a capture this many days around its cited date.",
    "save_poll": "Seconds between Save Page Now job status polls.",
    "save_job_timeout": "Seconds a Save Page Now job may stay pending before it is left.",
}

_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}

#: Lowest accepted value of numeric settings (flags, environment and files alike).
RANGES: dict[str, float] = {
    "window_before_days": 0,
    "window_after_days": 0,
    "max_candidates": 1,
    "verify_threshold": 0.0,
    "max_requests": 0,
    "timeout": 0.1,
    "db_timeout": 0.0,
    "host_concurrency": 1,
    "global_concurrency": 1,
    "max_retries": 0,
    "breaker_threshold": 1,
    "max_body_bytes": 1024,
    "link_delay": 0.0,
    "dead_after": 1,
    "dead_days": 0,
    "outage_ratio": 0.0,
    "save_days": 1,
    "save_poll": 0.0,
    "save_job_timeout": 1.0,
}


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
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(value)
            return text in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {name} = {value!r} is not valid") from exc


def read_config_file(cwd: Path) -> dict[str, Any]:
    """Settings from ``[tool.provenance]`` in ``pyproject.toml``, then ``provenance.toml``.

    Both files may exist: ``provenance.toml`` overrides the keys it sets. The
    result's ``__file__`` names the files read, for error messages.
    """
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
) -> Settings:
    """Build Settings: defaults < config file < ``PROVENANCE_*`` env < ``overrides``.

    Args:
        overrides: values from command-line flags; None values are ignored.
        env: the environment (default ``os.environ``).
        cwd: directory holding ``pyproject.toml``/``provenance.toml`` (default: current).
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
    for name in _FIELDS:
        raw = env.get(f"PROVENANCE_{name.upper()}")
        if raw not in (None, ""):
            values[name] = _coerce(name, raw, f"PROVENANCE_{name.upper()}")
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in _FIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, f"--{name.replace('_', '-')}")
    for name, low in RANGES.items():
        if name in values and values[name] < low:
            raise ConfigError(f"{name} must be at least {low}, not {values[name]}")
    if values.get("fail_on", "new") not in {"new", "any", "never"}:
        raise ConfigError(f"fail_on must be new, any or never, not {values['fail_on']!r}")
    return Settings(**values)


DEFAULT_SETTINGS = Settings()
