"""`provenance --version` and `--help` load no heavy module (the start-up stays near Python's)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# sqlite3 and tomllib are light, but 2 and 5 ms of a 60 ms budget: loaded when a command runs.
HEAVY = (
    "sqlite_utils",
    "lxml",
    "yaml",
    "provenance.pipeline",
    "provenance.store.scans",
    "sqlite3",
    "tomllib",
    # 22 dataclasses, whose generated methods Python compiles at import: 10-20 ms
    "provenance.models",
)
PROBE = """
import json, sys
sys.argv = ["provenance", *{args!r}]
from provenance.cli import cli
try:
    cli(prog_name="provenance")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["scan", "--help"]])
def test_cli_starts_without_heavy_modules(args):
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    assert "click" in loaded  # the probe really ran the command line
    assert sorted(loaded.intersection(HEAVY)) == []


def test_import_provenance_is_light_and_api_still_loads():
    code = (
        "import json, sys, provenance; before = sorted(sys.modules); "
        "f = provenance.split_claims; r = provenance.load_registry; "
        "print(json.dumps([before, callable(f) and callable(r), callable(provenance.scan), "
        "provenance.scan.__name__]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, loaded, scan_callable, scan_name = json.loads(out.stdout)
    assert sorted(set(before).intersection(HEAVY)) == []
    assert "provenance.scan.split" not in before
    assert loaded and scan_callable and scan_name == "provenance.scan"
