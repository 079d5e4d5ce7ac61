"""Layer boundaries: which part of the package may import which.

The rules are read from the package's folders: each file belongs to a layer (its
sub-package, or its own name at the top level), and ``ALLOWED`` says which layers
and which third-party libraries that layer may import. Every import counts, the
ones inside functions included. A planted violation shows that the check bites.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "provenance"
FLOOR = {"models", "errors", "config"}
# layer -> the package layers it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "errors": set(),
    "config": {"errors"},
    "console": set(),
    "review": FLOOR | {"scan", "store", "report", "pipeline"},
    "scan": FLOOR,
    "net": FLOOR,
    "store": FLOOR,
    "report": FLOOR | {"scan"},
    "archive": FLOOR | {"net", "store", "scan"},
    "links": FLOOR | {"net", "store", "scan", "archive", "report"},
    "pipeline": FLOOR | {"scan", "store", "report", "archive", "links", "console"},
    "__init__": FLOOR | {"scan", "store", "archive", "links", "pipeline"},
    "cli": FLOOR
    | {"scan", "net", "store", "report", "archive", "links", "pipeline", "console", "review"},
    "__main__": {"cli"},
}
# third-party and network modules, and the only layers that may import them
RESTRICTED = {
    "click": {"cli"},
    "requests": {"net"},
    "urllib3": {"net"},
    "http.client": {"net"},
    "socket": {"net"},
    "sqlite_utils": {"store", "archive", "links", "pipeline", "review", "cli"},
    "sqlite3": {"store", "archive", "links", "pipeline", "cli"},
}


def layer_of(path: Path, package: Path) -> str:
    """The layer a file belongs to: its sub-package, or its own name at the top."""
    rel = path.relative_to(package)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports_of(path: Path, package: Path) -> list[tuple[int, str]]:
    """Every module a file imports, as absolute dotted names, with line numbers."""
    rel = path.relative_to(package).with_suffix("")
    here = ["provenance", *rel.parts[:-1]]  # the file's own package
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            if node.module is None:  # from . import a, b: each name is a module
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def target_layer(module: str, package: Path) -> str | None:
    """The package layer an absolute module name points to (None outside the package)."""
    parts = module.split(".")
    if parts[0] != "provenance":
        return None
    if len(parts) > 1 and ((package / parts[1]).is_dir() or (package / f"{parts[1]}.py").exists()):
        return parts[1]
    return "__init__"  # the package itself, or a name it defines (__version__)


def violations(package: Path = PACKAGE) -> list[str]:
    """One line per import that breaks the layer rules."""
    out = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        for line, module in imports_of(path, package):
            where = f"{path.relative_to(package.parent)}:{line}"
            target = target_layer(module, package)
            if target is not None and target != layer and target not in ALLOWED[layer]:
                out.append(f"{where}: {layer} imports {target} ({module})")
            for name, layers in RESTRICTED.items():
                if (module == name or module.startswith(name + ".")) and layer not in layers:
                    out.append(f"{where}: {layer} imports {name}")
    return out


def test_every_file_has_a_layer():
    layers = {layer_of(p, PACKAGE) for p in PACKAGE.rglob("*.py")}
    assert layers <= set(ALLOWED)


def test_layers_hold():
    assert violations() == []


@pytest.mark.parametrize(
    ("file", "planted", "expected"),
    [
        ("scan/split.py", "from ..store import scans", "scan imports store"),
        ("scan/grammar.py", "import requests", "scan imports requests"),
        ("net/fetch.py", "from ..report import markdown", "net imports report"),
        ("report/pictures.py", "from ..net.fetch import Fetcher", "report imports net"),
        ("report/checks.py", "from ..store.scans import open_db", "report imports store"),
        ("report/findings.py", "import socket", "report imports socket"),
        ("store/scans.py", "from ..archive import run", "store imports archive"),
        ("archive/verify.py", "from ..links import store", "archive imports links"),
        ("pipeline/documents.py", "import click", "pipeline imports click"),
    ],
)
def test_a_planted_violation_fails(tmp_path, file, planted, expected):
    copy = tmp_path / "provenance"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    target = copy / file
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n\ndef _planted():\n    {planted}\n",
        encoding="utf-8",
    )
    found = violations(copy)
    assert len(found) == 1 and expected in found[0] and file in found[0]


def imported_by(module: str) -> set[str]:
    """Top-level packages loaded by importing ``provenance.<module>`` in a fresh interpreter."""
    code = (
        f"import sys, json; import provenance.{module}; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


PURE = sorted(
    ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
    for folder in ("scan", "report")
    for p in (PACKAGE / folder).rglob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", ["models", "errors", "config", *PURE])
def test_pure_modules_load_no_io_library(module):
    assert not imported_by(module) & {"requests", "sqlite_utils", "click", "urllib3"}


def test_package_import_is_light():
    assert not imported_by("__init__") & {"requests", "sqlite_utils", "click"}


def test_readme_layout_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout") :]
    block = section[: section.index("```\n", section.index("```") + 3)]
    missing = []
    for folder in [PACKAGE, *sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())]:
        part = block if folder == PACKAGE else block[block.index(f"\n  {folder.name}/") :]
        if folder != PACKAGE and (end := re.search(r"\n  \S", part[1:])):
            part = part[: end.start() + 1]  # up to the next folder
        modules = folder.glob("*.py") if folder == PACKAGE else folder.rglob("*.py")
        names = {p.name for p in modules} - {"__init__.py", "__main__.py"}
        missing += [f"{folder.name}/{n}" for n in sorted(names) if n not in part]
    assert missing == []


def test_one_version():
    import tomllib

    import provenance

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert provenance.__version__ == project["version"]
