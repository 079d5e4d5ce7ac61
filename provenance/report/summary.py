"""The findings summary of many documents, for a pull request's review, as Markdown or JSON."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import ADD_OUTLET, Findings, position
from .markdown import EMPTY, escape_md, table

LOGGER = logging.getLogger(__name__)

MARKER = "<!-- provenance-summary -->"  # finds the one PR comment to update
# The findings of the reports the summary leaves out, so its count (and index.md's, which
# counts them) do not seem to disagree.
LEFT_TO_REPORTS = (
    "Self-citations, unverifiable sources (generic, interviews) and document problems are "
    "not counted here: each document's report lists them."
)
DEFAULT_LIMIT = 50  # rows per section in Markdown; a PR comment holds at most 65,536 chars
SECTIONS = (
    ("uncited_checkable", "Uncited checkable claims", "Facts stated"),
    ("single_source", "Claims resting on a single source", "Source"),
    ("state_only", "Claims sourced only to state-owned or state-affiliated outlets", "Sources"),
    ("unknown_outlets", "Outlets not in the registry", ""),
    ("date_anomalies", "Date anomalies", ""),
)


@dataclass(frozen=True)
class DocumentEntry:
    """One document's findings, with those of its version at the ``--since`` ref."""

    title: str
    path: str  # as stored (relative to the project root)
    report: str  # the report's file name, e.g. "000-f0a8ddd99eaae0a6.md"
    findings: Findings
    before: Findings | None = None  # None: no --since, or the document is new


@dataclass
class Summary:
    """Rows per section; each row is a dict of plain values (JSON-ready)."""

    since: str | None = None
    documents: int = 0
    sections: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {key: [] for key, _, _ in SECTIONS}
    )

    @property
    def count(self) -> int:
        """Findings in all sections."""
        return sum(len(rows) for rows in self.sections.values())


def build_summary(entries: Iterable[DocumentEntry], since: str | None = None) -> Summary:
    """Collect the rows of every section; with ``since``, only findings that are new.

    A finding is new when its document's version at ``since`` did not have it: the
    same claim text with the same finding, the same outlet as written, the same
    reference date.

    Args:
        entries: the documents to summarise (with ``--since``: the changed ones).
        since: the git ref the entries' ``before`` findings come from.

    Returns:
        The Summary.
    """
    out = Summary(since=since)
    for entry in entries:
        out.documents += 1
        for key, rows in _rows(entry, entry.findings).items():
            old = _keys(_rows(entry, entry.before)[key]) if entry.before else set()
            out.sections[key].extend(row for row in rows if _key(row) not in old)
    return out


def _rows(entry: DocumentEntry, findings: Findings) -> dict[str, list[dict[str, Any]]]:
    """The rows one document adds to each section."""
    doc = {"document": entry.title, "path": entry.path, "report": entry.report}

    def claim_row(f: Any, what: str) -> dict[str, Any]:
        return {
            **doc,
            "claim": f.number,
            "position": position(f.claim),
            what: list(f.detail),
            "sentence": f.claim.text,
        }

    return {
        "uncited_checkable": [claim_row(f, "facts") for f in findings.uncited_checkable],
        "single_source": [claim_row(f, "sources") for f in findings.single_source],
        "state_only": [claim_row(f, "sources") for f in findings.state_only],
        "unknown_outlets": [
            {**doc, "outlet": o.written, "references": o.references, "first_claim": o.first_claim}
            for o in findings.unknown_outlets
        ],
        "date_anomalies": [
            {
                **doc,
                "claim": f.number,
                "sentence": f.claim.text,
                "outlet": f.reference.outlet,
                "date_written": f.reference.date.text if f.reference.date else None,
                "date": f.reference.date.iso if f.reference.date else None,
                "anomaly": f.reference.date.anomaly if f.reference.date else None,
            }
            for f in findings.date_anomalies
        ],
    }


IDENTITY = ("sentence", "facts", "sources", "outlet", "date_written", "anomaly")


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a finding is, wherever its claim moved: texts and kinds, not numbers."""
    return tuple(tuple(row[k]) if isinstance(row.get(k), list) else row.get(k) for k in IDENTITY)


def _keys(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {_key(row) for row in rows}


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary as one JSON-ready mapping: counts, then every row of every section."""
    return {
        "since": summary.since,
        "documents": summary.documents,
        "findings": summary.count,
        "counts": {key: len(rows) for key, rows in summary.sections.items()},
        **summary.sections,
    }


def render_summary(summary: Summary, limit: int | None = DEFAULT_LIMIT, reports: str = "") -> str:
    """The summary as Markdown, for a terminal, a job summary or a PR comment.

    Args:
        summary: from :func:`build_summary`.
        limit: rows shown per section; the rest are counted (None: every row).
        reports: a folder or URL prefix for links to the reports ("" for no links).

    Returns:
        Markdown starting with the comment MARKER.
    """
    new = "New findings" if summary.since else "Findings"
    scope = f" changed since `{escape_md(summary.since)}`" if summary.since else ""
    lines = [
        MARKER,
        "## Provenance review",
        "",
        f"{new}: {summary.count} in {summary.documents} document"
        f"{'' if summary.documents == 1 else 's'}{scope}. {LEFT_TO_REPORTS}",
        "",
        "| Finding | Count |",
        "| --- | ---: |",
        *(f"| {title} | {len(summary.sections[key])} |" for key, title, _ in SECTIONS),
    ]
    for key, title, what in SECTIONS:
        rows = summary.sections[key]
        if not rows:
            continue
        lines += ["", f"### {title}", "", *_table(key, what, rows[:limit], reports)]
        if limit is not None and len(rows) > limit:
            lines += ["", f"… and {len(rows) - limit} more (`provenance summary --format json`)."]
        if key == "unknown_outlets":
            lines += ["", ADD_OUTLET]
    return "\n".join(lines) + "\n"


def _table(key: str, what: str, rows: list[dict[str, Any]], reports: str) -> list[str]:
    def doc(row: dict[str, Any]) -> str:
        title = escape_md(row["document"])
        return f"[{title}]({reports.rstrip('/')}/{row['report']})" if reports else title

    if key == "unknown_outlets":
        return table(
            ["Document", "Outlet as written", "References", "First cited in"],
            [
                [doc(r), escape_md(r["outlet"]), str(r["references"]), f"Claim {r['first_claim']}"]
                for r in rows
            ],
        )
    if key == "date_anomalies":
        return table(
            ["Document", "Claim", "Outlet as written", "Date as written", "Anomaly"],
            [
                [
                    doc(r),
                    f"Claim {r['claim']}",
                    escape_md(r["outlet"]),
                    escape_md(r["date_written"]) or EMPTY,
                    escape_md(r["anomaly"]) or EMPTY,
                ]
                for r in rows
            ],
        )
    detail = "facts" if key == "uncited_checkable" else "sources"
    return table(
        ["Document", "Claim", "Position", what, "Sentence"],
        [
            [
                doc(r),
                f"Claim {r['claim']}",
                r["position"],
                ", ".join(escape_md(d) for d in r[detail]),
                escape_md(r["sentence"]),
            ]
            for r in rows
        ],
    )
