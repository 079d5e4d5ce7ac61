"""The one error tree of provenance.

    ProvenanceError
    ├── ConfigError            bad setting, flag, environment variable or config file
    ├── InputError (ValueError) a document that cannot be scanned (binary, empty, undecodable...)
    ├── StoreError             the SQLite database cannot be opened or written
    │   ├── DatabaseBusyError   another run held the database longer than db_timeout
    │   └── ReportWriteError    report files could not be written; ``.problems`` names each
    ├── FetchError             an HTTP request failed; ``.kind`` says how (dns, refused, tls,
    │   │                      timeout, reset, redirect-loop, too-many-redirects, blocked, other)
    │   ├── BlockedURLError (ValueError) URL refused: not http(s), or a private/loopback/link-local
    │   │                      address without --allow-private (kind "blocked")
    │   └── ArchiveLookupError  an archive answered 429/5xx, timed out or sent garbage
    │       └── CircuitOpenError this archive host was given up on for this run
    └── OfflineMiss            --offline and the answer is not in the cache

Network outcomes such as a dead link or a missing capture are data, not
exceptions: only bugs, configuration, storage and lookup failures raise.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class of every error provenance raises on purpose."""


class ConfigError(ProvenanceError):
    """A setting, flag, environment variable or config file is invalid."""


class InputError(ProvenanceError, ValueError):
    """A document cannot be scanned; the message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(ProvenanceError):
    """The SQLite database cannot be opened, migrated or written."""


class DatabaseBusyError(StoreError):
    """Another run kept the database locked for longer than ``db_timeout`` seconds."""


class ReportWriteError(StoreError):
    """Report files could not be written (disk full, a folder where a report goes...).

    ``problems`` holds ``(path, cause)`` for each; the message is the first of them,
    with how many more. A run that meets one writes every other report before it raises.
    """

    def __init__(self, problems: list[tuple[str, str]]):
        more = f" (and {len(problems) - 1} more reports)" if len(problems) > 1 else ""
        super().__init__(self.line(*problems[0]) + more)
        self.problems = problems

    @staticmethod
    def line(path: str, cause: str) -> str:
        """The one line that says a report at ``path`` could not be written, and why."""
        return f"{path}: {ReportWriteError.problem(cause)}"

    @staticmethod
    def problem(cause: str) -> str:
        return f"cannot write the report ({cause})"  # one kind of warning a cause


class FetchError(ProvenanceError):
    """An HTTP request failed before a usable answer arrived.

    ``kind`` classifies the failure so callers can store it as data: "dns",
    "refused", "tls", "timeout", "reset", "redirect-loop",
    "too-many-redirects", "blocked" or "other" (the default). ``answered`` is True
    when the server had sent its status line and headers, and the body was what failed
    (a stream outlasting the timeout): another method may then fare better.
    """

    kind: str = "other"
    answered: bool = False

    def __init__(self, *args: object, kind: str | None = None, answered: bool = False):
        super().__init__(*args)
        if kind is not None:
            self.kind = kind
        self.answered = answered


class BlockedURLError(FetchError, ValueError):
    """A URL from a document points at a private, loopback or link-local address."""

    kind = "blocked"


class ArchiveLookupError(FetchError):
    """An archive lookup failed (429, 5xx, timeout, malformed answer); retry next run."""


class CircuitOpenError(ArchiveLookupError):
    """Too many 429s, or requests without an answer, from one archive host: it is not
    asked again during this run."""


class OfflineMiss(ProvenanceError):
    """Running with --offline and the request is not in the cache."""
