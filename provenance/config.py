"""Settings: declared once with a default and help, then layered.

Precedence, lowest to highest: built-in defaults < ``[tool.provenance]`` in
``pyproject.toml`` (or a ``provenance.toml``) in the working directory <
``PROVENANCE_*`` environment variables < command-line flags. A partial file
or environment only overrides the keys it sets.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

LOGGER = logging.getLogger(__name__)

VERSION = "0.1.0"  # the package's version (pyproject.toml says the same; a test checks)

IA_CDX_URL = "https://web.archive.org/cdx/search/cdx"
IA_REPLAY_URL = "https://web.archive.org/web"
IA_AVAILABILITY_URL = "https://archive.org/wayback/available"
CONTACT_URL = "https://github.com/provenance-tool/provenance"


@dataclass(frozen=True)
class Settings:
    """Every option of a provenance run. Build one with ``load_settings``."""

    db: str = "db/provenance.db"
    reports: str = "reports"
    strict: bool = False
    # --- archives (check)
    cdx_url: str = IA_CDX_URL
    replay_url: str = IA_REPLAY_URL
    availability_url: str = IA_AVAILABILITY_URL
    memento_url: str | None = None  # a TimeGate/TimeMap base, e.g. http://127.0.0.1:8080/coll
    window_before_days: int = 1
    window_after_days: int = 3
    max_candidates: int = 5  # candidate pages fetched per reference
    verify_threshold: float = 0.6
    refresh: bool = False
    offline: bool = False
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
    # --- linkcheck
    link_delay: float = 1.0  # seconds between requests to one live host
    dead_after: int = 3
    dead_days: int = 3
    fail_on: str = "new"  # new | any | never
    outage_ratio: float = 0.9


HELP: dict[str, str] = {
    "db": "SQLite database file.",
    "reports": "Directory the Markdown reports are written to.",
    "strict": "Exit non-zero when any document fails.",
    "cdx_url": "CDX endpoint (Internet Archive JSON or pywb NDJSON).",
    "replay_url": "Replay base; captures are fetched as <replay_url>/<ts>id_/<url>.",
    "availability_url": "Wayback availability API endpoint.",
    "memento_url": "Memento TimeGate/TimeMap base of any Memento archive or aggregator.",
    "window_before_days": "Days before the cited date to search captures in.",
    "window_after_days": "Days after the cited date to search captures in.",
    "max_candidates": "Candidate captures fetched and scored per reference.",
    "verify_threshold": "Score from which a candidate counts as verified.",
    "refresh": "Bypass the archive response cache.",
    "offline": "Answer from the cache only; never touch the network.",
    "user_agent": "User-Agent header sent with every request.",
    "timeout": "Seconds before a request times out.",
    "rate_limits": "Seconds between requests per host, e.g. web.archive.org=2.5.",
    "host_concurrency": "Concurrent requests per host.",
    "global_concurrency": "Concurrent requests in all.",
    "max_retries": "Retries after 429/503 (Retry-After honoured).",
    "breaker_threshold": "Consecutive 429s before an archive host is given up for the run.",
    "max_body_bytes": "Largest response body read.",
    "allow_private": "Allow document URLs that resolve to private or loopback addresses.",
    "link_delay": "Seconds between link-check requests to one host.",
    "dead_after": "Consecutive failures before a link is dead.",
    "dead_days": "Days the failures must span before a link is dead.",
    "fail_on": "When linkcheck exits 2: new, any or never.",
    "outage_ratio": "Share of failed checks from which a run counts as a network outage.",
}

_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}

#: Lowest accepted value of numeric settings (flags, environment and files alike).
RANGES: dict[str, float] = {
    "window_before_days": 0,
    "window_after_days": 0,
    "max_candidates": 1,
    "verify_threshold": 0.0,
    "timeout": 0.1,
    "host_concurrency": 1,
    "global_concurrency": 1,
    "max_retries": 0,
    "breaker_threshold": 1,
    "max_body_bytes": 1024,
    "link_delay": 0.0,
    "dead_after": 1,
    "dead_days": 0,
    "outage_ratio": 0.0,
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


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value from a file or the environment to the field's type."""
    default = _FIELDS[name].default
    if name == "rate_limits":
        return parse_rate_limits(value)
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
    """Setting values being layered: a later ``rate_limits`` adds to the earlier hosts."""

    def __setitem__(self, name: str, value: Any) -> None:
        if name == "rate_limits" and value is not None:
            value = {**self.get("rate_limits", Settings().rate_limits), **value}
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
