"""Find the files a scan reads, skip the tool's own outputs, and name each document."""

from __future__ import annotations

import errno
import fnmatch
import functools
import logging
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOGGER = logging.getLogger(__name__)

FORMATS: dict[str, str] = {  # suffix -> format read by ingest
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
# Folders never scanned inside a scanned folder (hidden ones, such as .git and .venv,
# are skipped too): packaging and build output, caches, installed packages.
SKIPPED_FOLDERS = (
    "*.egg-info",
    "build",
    "dist",
    "_build",
    "__pycache__",
    "node_modules",
    "site-packages",
    "htmlcov",
)
VENV_MARKER = "pyvenv.cfg"  # a virtual environment's root holds one
PROJECT_MARKERS = ("pyproject.toml", "provenance.toml", ".git")


def printable(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be printed and stored: undecodable bytes as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Excluder:
    """What a scan leaves out of the folders it walks.

    ``patterns`` without a ``/`` match a file or folder name at any depth
    (``drafts``, ``*.bak.md``); with one, they match the path from the working
    directory (``tests/data``, ``./README.md``), or an absolute path (``/srv/x``);
    a trailing ``/`` is ignored. ``folders`` (the reports and database folders)
    are skipped wherever a walk meets them.
    """

    names: tuple[str, ...] = SKIPPED_FOLDERS
    paths: tuple[str, ...] = ()
    folders: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        patterns: Iterable[str] = (),
        folders: Iterable[str | os.PathLike[str]] = (),
        cwd: str | os.PathLike[str] | None = None,
    ) -> Excluder:
        """An Excluder from user globs and the folders the tool writes to.

        Args:
            patterns: ``--exclude`` and ``exclude`` setting globs.
            folders: folders never scanned (reports, the database's folder).
            cwd: where path patterns start (default: the working directory).
        """
        base = os.path.abspath(cwd or os.getcwd())
        names, paths = list(SKIPPED_FOLDERS), []
        for raw in patterns:
            pattern = raw.strip().rstrip("/")
            if not pattern:
                continue
            if "/" not in pattern:
                names.append(pattern)
            else:  # "./x" and "a/b" start at the working directory, "/x" is absolute
                paths.append(os.path.normpath(os.path.join(base, pattern)))
        return cls(tuple(names), tuple(paths), frozenset(_real(f) for f in folders))

    def skips(self, path: str, name: str, is_dir: bool) -> bool:
        """True when the walk leaves out ``path`` (``name`` is its last part)."""
        if any(fnmatch.fnmatchcase(name, p) for p in self.names):
            return True
        absolute = os.path.abspath(path)
        if any(fnmatch.fnmatchcase(absolute, p) for p in self.paths):
            return True
        if is_dir:
            return _real(path) in self.folders or os.path.isfile(os.path.join(path, VENV_MARKER))
        return False


def output_folders(reports: str | os.PathLike[str], db: str | os.PathLike[str]) -> list[Path]:
    """The reports folder and the database's folder, unless the working directory is in one.

    Args:
        reports: the reports folder setting.
        db: the database file setting (``:memory:`` has no folder).
    """
    cwd = Path.cwd().resolve()
    folders = [Path(reports).resolve()]
    if str(db) != ":memory:":
        folders.append(Path(db).resolve().parent)
    return [f for f in folders if f != cwd and f not in cwd.parents]


def in_reports(path: Path, reports: str | os.PathLike[str], problems: list[str]) -> bool:
    """True (and one problem line) when a path given to scan is in the reports folder."""
    folder = Path(reports).resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return False
    if folder not in (real, *real.parents) or folder in (Path.cwd().resolve(), Path("/")):
        return False
    problems.append(f"{printable(path)}: is in the reports folder; not scanned")
    return True


def _real(path: str | os.PathLike[str]) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)


def discover(
    paths: Iterable[str | Path],
    exclude: Excluder | None = None,
    problems: list[str] | None = None,
) -> tuple[list[Path], list[Path]]:
    """Walk files and folders recursively, in sorted order.

    Hidden files and folders (names starting with "."), the folders ``exclude``
    names and virtual environments are left out; a path given explicitly is
    still taken. A folder that cannot be read, a file name that is not UTF-8
    and a symlink loop each add one line to ``problems`` and the walk goes on.

    Args:
        paths: files and/or directories.
        exclude: what to leave out (default: build output and caches only).
        problems: receives one ``path: problem`` line per unreadable entry.

    Returns:
        ``(supported, skipped)``: files with a supported suffix (.txt, .md,
        .markdown, .html, .htm, any case) and the other files, each without duplicates.
    """
    exclude = exclude or Excluder()
    problems = [] if problems is None else problems
    supported: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()

    def take(path: Path) -> None:
        if path in seen:
            return
        seen.add(path)
        (supported if path.suffix.lower() in FORMATS else skipped).append(path)

    for given in paths:
        root = Path(given)
        if not root.is_dir():
            take(root)  # a missing file is reported by read_document, not lost here
            continue
        for path in _walk(root, exclude, problems):
            take(path)
    return supported, skipped


def usable(given: Path, problems: list[str]) -> bool:
    """True when a path given to scan may be read (else one problem line): it exists,
    it is no symlink loop and it can be stored as UTF-8 text."""
    path = os.fspath(given)
    if not os.path.lexists(path):
        problems.append(f"{printable(path)}: no such file or folder")
        return False
    return not (_symlink_loop(path, problems) or _bad_name(path, path, problems))


def _walk(root: Path, exclude: Excluder, problems: list[str]) -> Iterable[Path]:
    """The files under ``root`` that a scan may read, in sorted order."""

    def unreadable(exc: OSError) -> None:
        problems.append(f"{printable(exc.filename)}: cannot read folder: {exc.strerror or exc}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        keep = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if name.startswith(".") or exclude.skips(full, name, is_dir=True):
                continue
            if _bad_name(full, name, problems):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if name.startswith(".") or exclude.skips(full, name, is_dir=False):
                continue
            if _bad_name(full, name, problems) or _symlink_loop(full, problems):
                continue
            yield Path(full)


def _bad_name(full: str, name: str, problems: list[str]) -> bool:
    """True (and one problem line) when ``name`` cannot be stored as UTF-8 text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(f"{printable(full)}: file name is not valid UTF-8; not scanned (rename it)")
        return True
    return False


def _symlink_loop(full: str, problems: list[str]) -> bool:
    """True (and one problem line) when ``full`` is a symlink that never ends."""
    if not os.path.islink(full):
        return False
    try:
        os.stat(full)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.append(f"{printable(full)}: symlink loop; not scanned")
            return True
    return False  # dangling links are reported when read


@functools.lru_cache(maxsize=1024)
def project_root(directory: Path) -> Path | None:
    """The nearest folder at or above ``directory`` holding a project marker, or None."""
    for folder in (directory, *directory.parents):
        for marker in PROJECT_MARKERS:
            try:
                if os.path.lexists(folder / marker):
                    return folder
            except (OSError, ValueError):
                continue
    return None


def document_key(path: str | os.PathLike[str]) -> str:
    """The stored path of the document at ``path`` (see ``document_identity``)."""
    return document_identity(path)[0]


def document_identity(path: str | os.PathLike[str]) -> tuple[str, Path | None]:
    """The path a document is stored under, the same however the user spelled it.

    Relative to the document's project root (the nearest folder with a
    pyproject.toml, provenance.toml or .git), so ``seeds/a.txt``,
    ``/abs/path/seeds/a.txt`` and ``./a.txt`` run from ``seeds/`` are one
    document, and reports do not depend on the machine; absolute otherwise.

    Returns:
        ``(key, project root or None)``; the key of a project root itself is ``""``.

    Raises:
        OSError: the path cannot be resolved (a symlink loop among its folders).
    """
    key, root, _ = document_place(path)
    return key, root


def document_place(
    path: str | os.PathLike[str], folders: dict[str, Path] | None = None
) -> tuple[str, Path | None, Path]:
    """:func:`document_identity` and the resolved path, for a run that looks at many
    files: a file that is no symlink is resolved through its folder, which ``folders``
    keeps resolved for the run (a scan of 10,000 files resolved every path component
    of each, twice)."""
    resolved, is_dir = _resolved(path, folders)
    root = project_root(resolved if is_dir else resolved.parent)
    if root is None:
        return resolved.as_posix(), None, resolved
    key = resolved.relative_to(root).as_posix()
    return ("" if key == "." else key), root, resolved


def _resolved(path: str | os.PathLike[str], folders: dict[str, Path] | None) -> tuple[Path, bool]:
    """``Path(path).resolve()`` and whether it is a folder."""
    if folders is not None:
        head, name = os.path.split(os.fspath(path))
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            mode = None
        if mode is not None and not stat.S_ISLNK(mode) and name not in ("", ".", ".."):
            if (folder := folders.get(head)) is None:
                folder = folders[head] = _resolve(head or ".")
            return folder / name, stat.S_ISDIR(mode)
    resolved = _resolve(path)
    return resolved, resolved.is_dir()


def _resolve(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except RuntimeError as exc:  # Python 3.11 reports a symlink loop this way
        raise OSError(errno.ELOOP, "symlink loop") from exc


def gone(path: Path) -> bool:
    """True only when ``path`` surely does not exist (an unreadable folder is not gone)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def clash(
    path: Path,
    key: str,
    root: Path | None,
    state: dict[str, Any] | None,
    claimed: dict[str, str],
    show: Callable[[str], str] = printable,
    resolved: Path | None = None,
) -> str | None:
    """One line when ``path`` would take the stored path of another project's file.

    Two files map to one stored path when two projects (or a project and a nested
    one with its own .git) both hold ``seeds/a.txt``. The first keeps it; the
    second is refused and named, in this run and in later runs while the first
    file still exists (a project that moved takes its documents along).

    Returns:
        The ``path: problem`` line (the other file printed by ``show``), or None.
    """
    here = str(resolved if resolved is not None else path.resolve())
    first = claimed.setdefault(key, here)
    if first == here and state is not None and state["root"] and root is not None:
        other = Path(state["root"]) / key
        if state["root"] != str(root) and not gone(other):
            first = str(other)
    if first == here:
        return None
    return (
        f"{printable(path)}: not stored: its stored path {key!r} already belongs to "
        f"{show(first)} (another project); scan each project into its own --db"
    )
