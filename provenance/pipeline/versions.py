"""Version tags: which code made the stored rows, and which made the stored index entries."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from ..config import VERSION
from ..scan.outlets import resolve

__all__ = ["REPORT_SOURCES", "SCAN_SOURCES", "entry_version", "scanner_tag", "source_digest"]

SCAN_SOURCES = Path(__file__).resolve().parent.parent / "scan"
REPORT_SOURCES = Path(__file__).resolve().parent.parent / "report"


def scanner_tag(registry: resolve.Registry) -> str:
    """Version tag stored with each document: a changed scanner or registry forces a rescan.

    The scanner is the version plus a digest of the scan package's source, so that a
    changed splitter or extractor (claims are stored) rescans without a version bump.
    """
    return f"{VERSION}+{source_digest(SCAN_SOURCES)}+{registry_digest(registry)}"


def entry_version(registry: resolve.Registry) -> str:
    """Version tag of a stored index entry: the scanner tag and the report package's
    source, so that an entry made by other code is made again, not shown."""
    return f"{scanner_tag(registry)}+{source_digest(REPORT_SOURCES)}"


@functools.lru_cache(maxsize=4)
def registry_digest(registry: resolve.Registry) -> str:
    """A short digest of every outlet's fields, made once per registry (a registry does
    not change once made): 3 ms for the bundled one, and a scan asks three times."""
    digest = hashlib.sha256()
    for outlet in registry:
        digest.update(repr(sorted(resolve.outlet_to_dict(outlet).items())).encode())
    return digest.hexdigest()[:10]


@functools.lru_cache(maxsize=4)
def source_digest(folder: Path) -> str:
    """A short digest of the ``*.py`` files in ``folder`` and its sub-folders (``scan/outlets``):
    paths and contents."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        name = path.relative_to(folder).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]
