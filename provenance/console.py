"""Console output for people: levels by verbosity, each warning once, floods collapsed."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

LOGGER = logging.getLogger(__name__)

NOTICE = 25  # summary lines: shown by default, hidden by -q (between INFO and WARNING)
logging.addLevelName(NOTICE, "NOTICE")
FLOOD_FILES = 5  # a kind of warning on more files than this is one line without -v
# What makes two warnings the same kind: the text before the first ": ", without a
# trailing position or number ("unbalanced ... parentheses at line 12" -> "... parentheses").
KIND_TAIL_RE = re.compile(r"\s+(?:at|on|in) (?:line|offset|byte) \d+$|\s*\d[\d.,]*\s*\w*$")


def level_for(verbose: int, quiet: bool) -> int:
    """The logging level of a verbosity: -q errors, default notices, -v info, -vv debug.

    Args:
        verbose: how many times -v was given.
        quiet: -q was given (it wins over -v).

    Returns:
        A logging level.
    """
    if quiet:
        return logging.ERROR
    return (NOTICE, logging.INFO, logging.DEBUG)[min(verbose, 2)]


class ConsoleHandler(logging.Handler):
    """Writes records to the current ``sys.stderr`` as people read them.

    Errors print as ``error: ...`` and warnings as ``warning: ...``, each distinct
    message once per run; notices and info lines print as they are; debug lines
    carry the logger's name. Tracebacks are shown only at debug level.
    """

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = relative(record.getMessage())
            if record.levelno >= logging.WARNING:
                prefix = "error" if record.levelno >= logging.ERROR else "warning"
                message = f"{prefix}: {message}"
                if message in self.seen:
                    return
                self.seen.add(message)
            elif record.levelno < logging.INFO:
                message = f"debug {record.name}: {message}"
            if record.exc_info and self.level <= logging.DEBUG:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never crash the program
            self.handleError(record)


def install(level: int) -> ConsoleHandler:
    """Route every log record of the program to one ConsoleHandler at ``level``.

    Replaces the ConsoleHandler of an earlier call (one per command run), and leaves
    other handlers (pytest's capture, a library user's own) alone.

    Args:
        level: from ``level_for``.

    Returns:
        The installed handler.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, ConsoleHandler)]:
        root.removeHandler(old)
    handler = ConsoleHandler(level)
    root.addHandler(handler)
    root.setLevel(min(level, logging.WARNING))
    return handler


def plural(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as printed: relative to the working directory when under it, else absolute.

    Args:
        path: a file or folder path, relative or absolute.

    Returns:
        The path to print, with "/" separators.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def relative(message: str) -> str:
    """``message`` with every absolute path under the working directory made relative.

    Args:
        message: any line for the console (library messages name absolute paths too).

    Returns:
        The line, "/work/project/db/p.db" read as "db/p.db" when run from /work/project.
    """
    cwd = os.getcwd().rstrip(os.sep) + os.sep
    return message.replace(cwd, "") if cwd != os.sep and cwd in message else message


def warning_kind(message: str) -> str:
    """What a warning is about, without its details: the key floods are collapsed by.

    Args:
        message: one warning, without its path.

    Returns:
        The kind, e.g. "unbalanced or too deeply nested parentheses".
    """
    return KIND_TAIL_RE.sub("", message.split(": ", 1)[0]).strip() or message


def collapse(warnings: Iterable[tuple[str, str]], verbose: bool = False) -> list[str]:
    """The lines to print for ``(path, message)`` warnings.

    With ``verbose`` every distinct warning is one line. Otherwise each file gets one
    line (a repeated kind says how often), and a kind seen on more than FLOOD_FILES
    files is one summary line for all of them.

    Args:
        warnings: ``(path, message)`` pairs in the order they happened.
        verbose: list every warning.

    Returns:
        Lines without the ``warning:`` prefix; paths as ``display_path`` prints them.
    """
    unique = list(dict.fromkeys(warnings))
    if verbose:
        return [f"{display_path(path)}: {message}" for path, message in unique]
    per_file: dict[str, dict[str, list[str]]] = {}
    files_of: dict[str, list[str]] = {}
    for path, message in unique:
        kind = warning_kind(message)
        kinds = per_file.setdefault(path, {})
        if kind not in kinds:
            files_of.setdefault(kind, []).append(path)
        kinds.setdefault(kind, []).append(message)
    flooded = {kind for kind, files in files_of.items() if len(files) > FLOOD_FILES}
    lines = []
    for path, kinds in per_file.items():
        parts = [_part(messages) for kind, messages in kinds.items() if kind not in flooded]
        if parts:
            lines.append(f"{display_path(path)}: {'; '.join(parts)}")
    for kind in sorted(flooded, key=lambda k: list(files_of).index(k)):
        files = files_of[kind]
        lines.append(
            f"{len(files):,} files: {kind} (first {display_path(files[0])}; -v lists them all)"
        )
    return lines


def _part(messages: list[str]) -> str:
    """One kind of warning in a file's line: the first, and how many more there are."""
    if len(messages) == 1:
        return messages[0]
    return f"{messages[0]} (and {len(messages) - 1} more like it)"
