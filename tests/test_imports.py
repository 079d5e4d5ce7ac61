"""Layer boundaries: pure stages never pull in HTTP, SQLite or CLI libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ["models", "errors", "config", "regexes", "dates", "extract", "split", "resolve",
        "report", "findings", "mdutil", "checkreport", "export", "verify", "textmatch",
        "pagefacts", "amounts", "claimwords", "cdx"]
FORBIDDEN = {"requests", "sqlite_utils", "click"}


def imported_by(module: str) -> set[str]:
    """Top-level packages loaded by importing ``provenance.<module>`` in a fresh interpreter."""
    code = (f"import sys, json; import provenance.{module}; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return set(json.loads(out))


@pytest.mark.parametrize("module", PURE)
def test_pure_stage_imports(module):
    assert not imported_by(module) & FORBIDDEN


def test_only_cli_imports_click():
    offenders = [p.name for p in (ROOT / "provenance").glob("*.py")
                 if p.name != "cli.py" and "import click" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_package_import_is_light():
    assert not imported_by("__init__") & FORBIDDEN
