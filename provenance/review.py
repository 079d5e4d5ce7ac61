"""The pull-request review: the stored documents' findings summary, new since a git ref."""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .errors import ConfigError, InputError
from .pipeline import document_key, scan_document
from .report.findings import Findings, find_findings
from .report.summary import DocumentEntry, Summary, build_summary
from .scan import ingest
from .scan.outlets import resolve
from .store import scans as store

LOGGER = logging.getLogger(__name__)

GIT_TIMEOUT = 60  # seconds for one git command


def findings_summary(
    db: Database, since: str | None = None, *, registry: Any = None, cwd: str | Path = "."
) -> Summary:
    """The findings summary of the stored documents.

    Args:
        db: the database.
        since: a git ref (branch, tag, commit); only documents whose files changed since
            then are summarised, and only findings their version at ``since`` lacked.
        registry: the outlet registry (loaded when None).
        cwd: where git runs (inside the repository holding the documents).

    Returns:
        The Summary, documents in path order.

    Raises:
        ConfigError: ``since`` is given but git or the ref is unusable.
    """
    registry = registry or resolve.load_registry()
    changed = _changed_since(since, Path(cwd)) if since else None
    entries = []
    for doc_id, slug in store.document_slugs(db).items():
        result = store.load_scan(db, doc_id, registry)
        doc = result.document
        before: Findings | None = None
        if changed is not None:
            if doc.path not in changed:
                continue
            before = _findings_at(since or "", changed[doc.path], Path(cwd), registry)
        title = doc.meta.title or doc.path
        entries.append(DocumentEntry(title, doc.path, f"{slug}.md", find_findings(result), before))
    return build_summary(entries, since)


def _git(args: list[str], cwd: Path) -> bytes:
    """Run git; its failure becomes a one-line ConfigError."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--since needs git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines() or ["failed"]
        raise ConfigError(f"--since: git {args[0]}: {message[0]}")
    return done.stdout


def _changed_since(since: str, cwd: Path) -> dict[str, str]:
    """Stored document key -> path in git, for every file changed since ``since``.

    Changed means: differs between ``since`` and the working tree (commits, staged and
    unstaged edits), or is new and not ignored.
    """
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    _git(["rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"], cwd)
    names = _git(["diff", "--name-only", "-z", since, "--"], cwd).split(b"\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split(b"\0")
    changed = {}
    for raw in names:
        name = raw.decode(errors="surrogateescape")
        if name and (top / name).is_file():
            changed[document_key(top / name)] = name
    return changed


def _findings_at(since: str, name: str, cwd: Path, registry: Any) -> Findings | None:
    """The findings of ``name`` as it was at ``since``; None when it did not exist."""
    try:
        raw = _git(["show", f"{since}:{name}"], cwd)
    except ConfigError:
        return None  # new in this change
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(raw)
        try:
            old = ingest.read_document(path)
        except InputError:
            return None
    return find_findings(scan_document(old, registry))
