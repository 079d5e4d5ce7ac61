"""The click command line: thin commands over the library in pipeline/.

``app`` holds the group (``provenance``: logging, exit codes, Ctrl-C), ``options``
the options several commands share; the commands are ``scanning`` (scan, check),
``linkchecking`` (linkcheck, save) and ``outputs`` (report, export, summary, schema).
The only click user: it may import every layer of the package.

Exit codes: 0 success; 1 unexpected error; 2 scan: nothing could be scanned (or
any failure with --strict), linkcheck: links newly broken, or a usage error;
3 configuration error; 4 check/linkcheck: the run looked like a network or
archive outage; 5 another run kept the database locked past db_timeout; 130 Ctrl-C.
"""

from __future__ import annotations

# pipeline and store (sqlite_utils, lxml, yaml, every stage) are imported inside the
# commands that use them, so --version and --help start about as fast as Python does.
from . import linkchecking, outputs, scanning  # noqa: F401 - each registers its commands
from .app import (
    EXIT_BUSY,
    EXIT_CONFIG,
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_OUTAGE,
    ProvenanceGroup,
    cli,
    plural,
    progress_bar,
    setup_logging,
)
from .options import check_options, db_option, guard_options, make_settings, reports_option
from .scanning import plan_line

__all__ = [
    "EXIT_BUSY",
    "EXIT_CONFIG",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_OUTAGE",
    "ProvenanceGroup",
    "check_options",
    "cli",
    "db_option",
    "guard_options",
    "make_settings",
    "plan_line",
    "plural",
    "progress_bar",
    "reports_option",
    "setup_logging",
]
