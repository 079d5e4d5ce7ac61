"""Report files on disk: written whole or not at all, and only when they change."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOGGER = logging.getLogger(__name__)


def older(path: Path, stored_ns: int) -> bool:
    """True when the report at ``path`` is missing or older than its document's rows."""
    try:
        return os.stat(path).st_mtime_ns < stored_ns
    except OSError:
        return True


def write_if_changed(path: Path, text: str, stored_ns: int = 0) -> Path:
    """Write ``text`` to ``path`` unless it already holds it; an unchanged report older
    than its document's rows (``stored_ns``) is touched, so it is not rendered again.

    The new text goes to a hidden file beside ``path`` that then replaces it, so a
    reader (or an interrupted or concurrent run) never sees a half-written report.
    """
    try:
        same = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    if not same:
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
        LOGGER.info("%s: written", path)  # -v: one line per report that changed
    else:
        LOGGER.debug("%s: unchanged", path)
    # The file system stamps files with a coarse clock (a few ms behind time_ns), so a
    # report written just after its rows can look older than them: stamp it explicitly.
    if older(path, stored_ns):
        os.utime(path, ns=(stored_ns, stored_ns))
    return path
