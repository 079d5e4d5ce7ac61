"""Report files on disk: written whole or not at all, and only when they change."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable

from ..errors import ReportWriteError, StoreError

LOGGER = logging.getLogger(__name__)
#: The hidden file a report is written to before it replaces the report (``_temp_name``).
TEMP_RE = re.compile(r"\..+\.(\d+)\.tmp")
LINESEP = os.linesep.encode()  # what a text file written on this system ends lines with


def make_folder(path: str | os.PathLike[str]) -> str:
    """``path`` as a folder, made when missing.

    Raises:
        StoreError: one line when it cannot be: a file is there, or no permission.
    """
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise StoreError(f"{os.fspath(path)}: is a file, not a reports folder") from None
    except OSError as exc:
        raise StoreError(f"{os.fspath(path)}: cannot make the folder: {exc.strerror}") from None
    return os.fspath(path)


def writable_folder(path: str | os.PathLike[str]) -> str:
    """``path`` made as a folder (``make_folder``) that this process may write in: asked
    before a long run whose result goes there, not after it.

    Raises:
        StoreError: one line when it is no folder or cannot be written.
    """
    folder = make_folder(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"{folder}: cannot write in this folder (permission denied)")
    return folder


def older(path: str | os.PathLike[str], stored_ns: int) -> bool:
    """True when the report at ``path`` is missing or older than its document's rows."""
    try:
        return os.stat(path).st_mtime_ns < stored_ns
    except OSError:
        return True


def write_if_changed(path: str | os.PathLike[str], text: str | bytes, stored_ns: int = 0) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; an unchanged report older
    than its document's rows (``stored_ns``) is touched, so it is not rendered again.

    The new text goes to a hidden file beside ``path`` that then replaces it, so a
    reader (or an interrupted or concurrent run) never sees a half-written report.
    ``text`` may come as its UTF-8 bytes (a scan worker's report), which are written
    and compared as they are: the text is neither decoded nor encoded again.

    Returns:
        True when the file was written, False when it already held ``text``.

    Raises:
        ReportWriteError: the file could not be written (the old one, if any, is intact).
    """
    same = _holds(path, text)
    if not same:
        temp = _temp_name(path)
        try:
            if isinstance(text, bytes):
                with open(temp, "wb") as raw:
                    raw.write(text if os.linesep == "\n" else text.replace(b"\n", LINESEP))
            else:
                with open(temp, "w", encoding="utf-8") as out:
                    out.write(text)
            os.replace(temp, path)
        except OSError as exc:
            raise unwritten(path, exc) from None
        finally:
            _unlink(temp)
    _written(path, not same, stored_ns)
    return not same


def unwritten(path: str | os.PathLike[str], exc: OSError) -> ReportWriteError:
    """The one-line error of a report that could not be written."""
    cause = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError) or os.path.isdir(path):
        cause = "a folder is in its place"
    return ReportWriteError([(os.fspath(path), cause)])


def _holds(path: str | os.PathLike[str], text: str | bytes) -> bool:
    """True when ``path``, read as UTF-8 text (CRLF and CR read as LF), is ``text``.

    For ``text`` as UTF-8 bytes the file's bytes are compared with them: UTF-8 is one to
    one, so without a CR in the file that is the comparison of the texts.
    """
    try:
        if isinstance(text, str):
            with open(path, encoding="utf-8") as old:
                return old.read() == text
        with open(path, "rb") as raw:
            data = raw.read()
        if b"\r" not in data:
            return data == text
        return data.decode().replace("\r\n", "\n").replace("\r", "\n") == text.decode()
    except (OSError, UnicodeDecodeError):
        return False


def write_lines_if_changed(
    path: str | os.PathLike[str], lines: Iterable[str], stored_ns: int = 0
) -> bool:
    """:func:`write_if_changed` for text made line by line (each line without its
    newline): it is written as it comes, then compared with the file it would replace,
    so neither the text nor the old file is ever held whole. As there, line endings
    do not count: a checkout that turned them into CRLF is left alone."""
    temp = _temp_name(path)
    try:
        with open(temp, "w", encoding="utf-8", newline="") as out:
            for line in lines:
                out.write(line)
                out.write("\n")
        same = _same_text(temp, path)
        if not same:
            os.replace(temp, path)
    except OSError as exc:
        raise unwritten(path, exc) from None
    finally:
        _unlink(temp)
    _written(path, not same, stored_ns)
    return not same


def _same_text(new: str, path: str | os.PathLike[str], chunk: int = 1 << 16) -> bool:
    """True when ``path`` holds the text of ``new`` (read as text, so CRLF reads as LF)."""
    try:
        with open(new, encoding="utf-8") as a, open(path, encoding="utf-8") as b:
            while True:
                left = a.read(chunk)
                if left != b.read(chunk):
                    return False
                if not left:
                    return True
    except (OSError, UnicodeDecodeError):
        return False


def _temp_name(path: str | os.PathLike[str]) -> str:
    """A hidden file beside ``path``, this process's own."""
    folder, name = os.path.split(os.fspath(path))
    return os.path.join(folder, f".{name}.{os.getpid()}.tmp")


def sweep_temps(folder: str | os.PathLike[str]) -> int:
    """Remove the hidden files that runs killed while writing a report left in ``folder``.

    Each is named after the process that wrote it (``_temp_name``): one whose process
    still runs is left alone, as it may be writing it now.

    Returns:
        How many were removed.
    """
    removed = 0
    try:
        entries = os.scandir(folder)
    except OSError:
        return 0
    with entries:
        for entry in entries:
            if entry.name[0] == "." and (m := TEMP_RE.fullmatch(entry.name)):
                if not _running(int(m[1])):
                    _unlink(entry.path)
                    removed += 1
    if removed:
        LOGGER.debug("%s: removed %d temporary files that killed runs left", folder, removed)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no pid we can ask about: left alone
    return True


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _written(path: str | os.PathLike[str], changed: bool, stored_ns: int) -> None:
    if changed:
        LOGGER.info("%s: written", path)  # -v: one line per report that changed
    else:
        LOGGER.debug("%s: unchanged", path)
    # The file system stamps files with a coarse clock (a few ms behind time_ns), so a
    # report written just after its rows can look older than them: stamp it explicitly.
    if older(path, stored_ns):
        try:
            os.utime(path, ns=(stored_ns, stored_ns))
        except OSError as exc:  # it is then rendered again next run: no harm
            LOGGER.debug("%s: not stamped: %s", path, exc)
