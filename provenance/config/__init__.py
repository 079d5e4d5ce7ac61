"""Settings: declared once with a default and help, then layered.

Precedence, lowest to highest: built-in defaults < ``[tool.provenance]`` in
``pyproject.toml`` (or a ``provenance.toml``) in the working directory <
``PROVENANCE_*`` environment variables < command-line flags. A partial file
or environment only overrides the keys it sets.

``settings`` declares them (``Settings``, ``HELP``, ``RANGES``, the archive presets);
``loading`` reads files and the environment, parses each value and builds Settings
(``load_settings``). Imports only ``errors`` from the package, and tomllib.
"""

from __future__ import annotations

from .loading import (
    LIST_SETTINGS,
    load_settings,
    parse_allowed_host,
    parse_archives,
    parse_globs,
    parse_list,
    parse_rate_limits,
    read_config_file,
)
from .settings import (
    ARCHIVE_KEYS,
    ARCHIVE_KINDS,
    ARCHIVE_PRESETS,
    CC_DATA_URL,
    CC_INDEX_URL,
    CONTACT_URL,
    DEFAULT_SETTINGS,
    HELP,
    IA_AVAILABILITY_URL,
    IA_CDX_URL,
    IA_REPLAY_URL,
    IA_SPN_URL,
    RANGES,
    VERSION,
    ArchiveSpec,
    Settings,
)

__all__ = [
    "ARCHIVE_KEYS",
    "ARCHIVE_KINDS",
    "ARCHIVE_PRESETS",
    "CC_DATA_URL",
    "CC_INDEX_URL",
    "CONTACT_URL",
    "DEFAULT_SETTINGS",
    "HELP",
    "IA_AVAILABILITY_URL",
    "IA_CDX_URL",
    "IA_REPLAY_URL",
    "IA_SPN_URL",
    "LIST_SETTINGS",
    "RANGES",
    "VERSION",
    "ArchiveSpec",
    "Settings",
    "load_settings",
    "parse_allowed_host",
    "parse_archives",
    "parse_globs",
    "parse_list",
    "parse_rate_limits",
    "read_config_file",
]
