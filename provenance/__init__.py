"""provenance: find, check and report the sources behind a document's claims.

The library API mirrors the command line::

    import provenance

    settings = provenance.load_settings({"db": "db/provenance.db"})
    summary = provenance.scan(["seeds/"], settings)      # ScanSummary
    provenance.check_sources(settings)                   # CheckSummary (network)
    provenance.write_reports(settings)                   # rewrite reports/
    provenance.check_links(settings)                     # LinkRunSummary (network)

Every function opens ``settings.db`` unless a ``db`` is passed. The pure stages are
usable on their own: ``read_document`` → ``find_parentheticals`` → ``split_claims``
→ ``load_registry().resolve(...)``, or ``scan_document`` for all of them at once.
"""

from __future__ import annotations

import logging
import os
import types
from collections.abc import Iterable
from typing import IO, Any

from . import scan as _scan_package
from .config import DEFAULT_SETTINGS, VERSION, Settings, load_settings
from .errors import (
    ArchiveLookupError,
    BlockedURLError,
    ConfigError,
    FetchError,
    InputError,
    ProvenanceError,
    ReportWriteError,
    StoreError,
)

# The pure stages load on first use (PEP 562), so `import provenance` (and the command
# line's --version and --help) does not pay for regexes, lxml and the outlet registry.
_LAZY = {
    "find_parentheticals": "extract",
    "read_document": "ingest",
    "load_registry": "outlets.resolve",
    "split_claims": "split",
}

__all__ = [
    "ArchiveLookupError",
    "BlockedURLError",
    "ConfigError",
    "DEFAULT_SETTINGS",
    "FetchError",
    "InputError",
    "ProvenanceError",
    "ReportWriteError",
    "Settings",
    "StoreError",
    "check_links",
    "check_sources",
    "export_references",
    "find_parentheticals",
    "load_registry",
    "load_settings",
    "read_document",
    "resolve_outlets",
    "scan",
    "scan_document",
    "split_claims",
    "write_reports",
]

__version__ = VERSION
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Load the stage functions of ``_LAZY`` on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".scan.{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def _db(settings: Settings, db: Any) -> Any:
    """The database to read: ``db``, or the one of ``settings``, never made up (StoreError
    when there is none: a mistyped path is not an empty project)."""
    from .store.scans import open_db

    return db if db is not None else open_db(settings.db, create=False)


def _scan(paths: Iterable[Any], settings: Settings = DEFAULT_SETTINGS, **kwargs: Any) -> Any:
    """Scan documents into the database and write reports; see ``pipeline.scan``."""
    from .pipeline import scan as run

    return run(paths, settings, **kwargs)


class _ScanPackage(types.ModuleType):
    """``provenance.scan`` is the scan job's sub-package and the public ``scan()`` call.

    A sub-package named like a function would replace that function as the attribute
    ``provenance.scan`` as soon as it is imported, whatever the import order. So the
    package itself is made callable: ``provenance.scan(paths, settings)`` runs a scan,
    and ``provenance.scan.ingest`` is still the module.
    """

    def __call__(
        self, paths: Iterable[Any], settings: Settings = DEFAULT_SETTINGS, **kwargs: Any
    ) -> Any:
        return _scan(paths, settings, **kwargs)


_scan_package.__class__ = _ScanPackage
scan = _scan_package


def scan_document(document: Any, registry: Any = None) -> Any:
    """Extract, split and resolve one ingested Document (or the file at a path) into a
    ScanResult (no storage)."""
    from .pipeline import scan_document as run
    from .scan.ingest import read_document
    from .scan.outlets.resolve import load_registry as load

    if isinstance(document, str | os.PathLike):
        document = read_document(document)
    return run(document, registry or load())


def check_sources(settings: Settings = DEFAULT_SETTINGS, db: Any = None, **kwargs: Any) -> Any:
    """Find and verify every reference in web archives; see ``archive.run.run_check``."""
    from .archive.run import run_check
    from .pipeline import write_reports as rewrite

    database = _db(settings, db)
    summary = run_check(database, settings, **kwargs)
    rewrite(database, settings, only=())  # the reports its verdicts made older
    return summary


def write_reports(settings: Settings = DEFAULT_SETTINGS, db: Any = None) -> list[Any]:
    """Rewrite every Markdown report from the database; returns the paths."""
    from .pipeline import write_reports as run

    return run(_db(settings, db), settings)


def resolve_outlets(
    names: Iterable[str], settings: Settings = DEFAULT_SETTINGS, when: Any = None
) -> list[Any]:
    """How the registry a run uses (the user's own outlets merged) resolves each name,
    with the domain it used on ``when`` (a date; None: today's): Resolutions, in order.
    A name that gives an account's address ("Telegram/@mod_russia") resolves with it, as
    in a scan."""
    from .scan.accounts import written_address
    from .scan.outlets.resolve import registry_for

    registry = registry_for(settings)
    return [registry.resolve(n, url=written_address(n), when=when) for n in names]


def export_references(
    fmt: str, out: IO[str], settings: Settings = DEFAULT_SETTINGS, db: Any = None
) -> int:
    """Write one record per reference as json, jsonl or csv to ``out``; returns the count."""
    from .pipeline import export_references as run
    from .scan.outlets.resolve import registry_for

    return run(_db(settings, db), fmt, out, registry=registry_for(settings))


def check_links(settings: Settings = DEFAULT_SETTINGS, db: Any = None, **kwargs: Any) -> Any:
    """Run the nightly link check and write its report (``summary.report_path``); see
    ``links.run.run_linkcheck``. A report that cannot be written raises
    ``ReportWriteError`` and leaves the run unfinished, for the next call to finish."""
    from .links.run import run_linkcheck
    from .store.files import writable_folder

    writable_folder(settings.reports)  # before the run, whose news would be lost after it
    return run_linkcheck(_db(settings, db), settings, report_to=settings.reports, **kwargs)
