"""Render Markdown reports in headless Chromium with the real mermaid library, as GitHub does.

The Markdown goes through cmark-gfm (GitHub's parser), the page is served from a local
127.0.0.1 server, and ``render/drive.mjs`` (playwright-core from ``tests/package.json``)
drives Debian's ``chromium``: every ``mermaid`` block is parsed and rendered by mermaid 11,
and the outcome comes back per block (error, texts drawn, overlapping labels).
``python -m tests.browser reports/*.md --png /tmp/shots`` does the same by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import cmarkgfm
from cmarkgfm.cmark import Options

HERE = Path(__file__).parent
RENDER = HERE / "render"
SWITCH = "PROVENANCE_BROWSER_TESTS"  # "0": skip the browser tests (never in CI)
MODULES_ENV = "PROVENANCE_NODE_MODULES"  # another tests/node_modules, e.g. a shared one
DRIVER_TIMEOUT = 600  # seconds for one driver run, all pages included
PAGE_TIMEOUT = 30  # seconds for one page to render all its diagrams
SETUP_HINT = "apt-get install -y chromium nodejs npm && npm ci --prefix tests"


@dataclass(frozen=True)
class Block:
    """One mermaid block of a page, as mermaid rendered it."""

    index: int
    source: str
    error: str | None
    texts: list[str]
    overlaps: list[list[str]]
    width: float
    height: float
    axes: dict[str, list[str]] = field(default_factory=dict)  # an xychart's tick labels by axis


@dataclass
class Page:
    """One report as the browser showed it."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    fatal: str | None = None
    ms: int = 0
    details: int = 0  # collapsed <details> blocks with a <summary> line, as the browser sees them

    @property
    def errors(self) -> list[str]:
        """Everything that went wrong on the page, one line each."""
        out = [f"{self.name}: page error: {e}" for e in self.page_errors]
        if self.fatal:
            out.append(f"{self.name}: {self.fatal}")
        out += [f"{self.name} block {b.index}: {b.error}" for b in self.blocks if b.error]
        return out


@dataclass(frozen=True)
class Tools:
    """What the render test needs outside Python."""

    chromium: str
    node: str
    modules: Path


def find_tools() -> Tools | str:
    """The browser, node and the npm packages, or a line saying what is missing."""
    modules = Path(os.environ.get(MODULES_ENV) or HERE / "node_modules")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    node = shutil.which("node")
    missing = [
        name
        for name, ok in (
            ("chromium", chromium),
            ("node", node),
            (f"{modules}/mermaid", (modules / "mermaid/dist/mermaid.min.js").is_file()),
            (f"{modules}/playwright-core", (modules / "playwright-core").is_dir()),
        )
        if not ok
    ]
    if missing:
        return f"missing {', '.join(missing)}; install with: {SETUP_HINT}"
    return Tools(str(chromium), str(node), modules)


def html_page(markdown: str) -> str:
    """The report as GitHub would show it: cmark-gfm HTML inside page.html."""
    body = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_GITHUB_PRE_LANG | Options.CMARK_OPT_UNSAFE
    )
    return (RENDER / "page.html").read_text(encoding="utf-8").replace("<!--REPORT-->", body)


def _handler(pages: Mapping[str, str], tools: Tools) -> type[BaseHTTPRequestHandler]:
    files = {
        "/mermaid.min.js": tools.modules / "mermaid/dist/mermaid.min.js",
        "/render.js": RENDER / "render.js",
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = unquote(urlsplit(self.path).path)
            if path in files:
                body, kind = files[path].read_bytes(), "text/javascript"
            elif path.startswith("/pages/") and path[len("/pages/") :] in pages:
                body, kind = pages[path[len("/pages/") :]].encode(), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(pages: Mapping[str, str], tools: Tools) -> Iterator[str]:
    """Serve the pages and the scripts on 127.0.0.1; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(pages, tools))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def render(
    reports: Mapping[str, str], tools: Tools, screenshots: Mapping[str, Path] | None = None
) -> dict[str, Page]:
    """Render Markdown reports in one browser run.

    Args:
        reports: Markdown text by page name.
        tools: From :func:`find_tools`.
        screenshots: Full-page PNG paths by page name, for the pages to photograph.

    Returns:
        The rendered pages by name.
    """
    names = {f"page-{i}.html": name for i, name in enumerate(reports)}
    pages = {key: html_page(reports[name]) for key, name in names.items()}
    shots = screenshots or {}
    progress = bool(os.environ.get("PROVENANCE_RENDER_PROGRESS"))
    with serve(pages, tools) as base:
        job = {
            "executable": tools.chromium,
            "timeout_ms": PAGE_TIMEOUT * 1000,
            "progress": progress,
            "pages": [
                {"url": f"{base}/pages/{key}", "screenshot": str(shots.get(name, "")) or None}
                for key, name in names.items()
            ],
        }
        done = subprocess.run(
            [tools.node, str(RENDER / "drive.mjs")],
            input=json.dumps(job),
            stdout=subprocess.PIPE,
            stderr=None if progress else subprocess.PIPE,
            text=True,
            timeout=DRIVER_TIMEOUT,
            env={**os.environ, "NODE_PATH": str(tools.modules)},
            cwd=tools.modules.parent,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the browser driver failed: {(done.stderr or '')[-2000:]}")
    rendered = [_page(names[r["url"].rsplit("/", 1)[1]], r) for r in json.loads(done.stdout)]
    return {page.name: page for page in rendered}


def _page(name: str, raw: dict[str, Any]) -> Page:
    blocks = [
        Block(
            *(b["index"], b["source"], b["error"], b["texts"], b["overlaps"]),
            *(b["width"], b["height"], b.get("axes", {})),
        )
        for b in raw.get("blocks", [])
    ]
    return Page(
        name,
        blocks,
        raw.get("page_errors", []),
        raw.get("fatal"),
        raw.get("ms", 0),
        raw.get("details", 0),
    )


def main(argv: list[str]) -> int:
    """``python -m tests.browser REPORT.md... [--png DIR]``: render, print problems, photograph."""
    png = Path(argv[argv.index("--png") + 1]) if "--png" in argv else None
    files = [Path(a) for a in argv if a.endswith(".md")]
    tools = find_tools()
    if isinstance(tools, str):
        print(tools)
        return 2
    shots = {str(f): png / f"{f.stem}.png" for f in files} if png else None
    pages = render({str(f): f.read_text(encoding="utf-8") for f in files}, tools, shots)
    problems = [line for page in pages.values() for line in page.errors]
    for page in pages.values():
        crowded = sum(len(b.overlaps) for b in page.blocks)
        print(f"{page.name}: {len(page.blocks)} charts, {crowded} overlaps, {page.ms} ms")
    print("\n".join(problems) or "every chart rendered")
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
