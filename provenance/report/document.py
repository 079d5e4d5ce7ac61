"""Markdown reports: one per scanned document (claims, sources, findings) and the index of all.

Pure and deterministic: the same ScanResult gives the same bytes, with no
timestamps or absolute paths. Every piece of document text goes through
:mod:`provenance.report.markdown` escaping before it reaches the output.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import count, repeat
from typing import Any

from ..models import (
    DocumentMeta,
    Reference,
    ReferenceCheck,
    ScanResult,
)
from . import checks as checkreport
from . import corpus, reftable
from .cited import CitedClaim, Ledger, ledger
from .corpus import OutletUse
from .findings import (
    DocumentStats,
    Findings,
    find_findings,
    render_findings,
    summarize,
)
from .index import render_index
from .markdown import EMPTY, code_span, escape_md, human_date, md_link, table, url_host
from .pictures import chart_section
from .reftable import INFERRED_MARK, SIGNAL_NOTE, UPSTREAM_NOTE, cited_as_each, reference_table

__all__ = [
    "DocumentStats",
    "IndexEntry",
    "index_entry",
    "provenance_chain",
    "reference_table",
    "render_document",
    "render_index",
    "rendered_result",
    "summarize",
]

LOGGER = logging.getLogger(__name__)

# "Eurasia Daily Monitor Volume: 13 Issue: 185" -> "Eurasia Daily Monitor"
SERIES_ISSUE_RE = re.compile(r"[\s,]*\b(?:Vol(?:ume)?\.?|Issue|No\.)\s*:?\s*\d.*$", re.IGNORECASE)
ARROW = " → "
GENERIC_NOTE = (
    '*Generic sources and interviews* ("local media", "Russian agencies", an author\'s '
    "interview) name no outlet: they count as references, not as outlets, here, in the "
    "pictures and in the index. Findings lists them."
)


# ---------------------------------------------------------------- stats


@dataclass(frozen=True, slots=True)  # slots: one per document is kept until index.md
class IndexEntry:
    """One row of reports/index.md: a document, its report's slug and its counts."""

    slug: str  # the report is <slug>.md next to index.md
    title: str
    published: dt.date | None
    stats: DocumentStats
    path: str = ""
    verified: int | None = None  # references verified in archives; None = not checked
    outlets: tuple[OutletUse, ...] = ()  # for the corpus view
    uncited_checkable: int = 0
    verdicts: tuple[tuple[str, int], ...] | None = None  # references per verdict, if checked

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its outlets as plain tuples: one Python call per entry, not one
        per outlet (an entry goes to the index's spill and back more than once)."""
        outlets = tuple((u.key, u.name, u.category, u.references) for u in self.outlets)
        return _entry, (
            *(self.slug, self.title, self.published, self.stats, self.path, self.verified),
            *(outlets, self.uncited_checkable, self.verdicts),
        )


def _entry(*fields: Any) -> IndexEntry:
    *head, outlets, uncited, verdicts = fields
    return IndexEntry(*head, tuple(corpus.outlet_use(*u) for u in outlets), uncited, verdicts)


Checks = Mapping[int, ReferenceCheck]


def index_entry(
    result: ScanResult,
    slug: str,
    checks: Checks | None = None,
    stats: DocumentStats | None = None,
    findings: Findings | None = None,
    cited: Ledger | None = None,
) -> IndexEntry:
    """The index row for one document whose report is ``<slug>.md``.

    Args:
        result: The document's scan.
        slug: The report's file name without ``.md``.
        checks: Archive-check results keyed by reference id; None when the
            document was not checked.
        stats: The document's counts when already computed.
        findings: The document's findings when already computed.
        cited: The document's claims walked once (:func:`provenance.report.cited.ledger`).

    Returns:
        The row, with ``verified`` counted when ``checks`` is given.
    """
    meta = result.document.meta
    cited = cited if cited is not None else ledger(result)
    findings = findings if findings is not None else find_findings(result, cited)
    counts = corpus.verdicts(result, checks)
    return IndexEntry(
        slug=slug,
        title=meta.title or result.document.path,
        published=meta.published,
        stats=stats if stats is not None else summarize(result, findings, cited),
        path=result.document.path,
        verified=None if counts is None else dict(counts)["verified"],
        outlets=corpus.outlet_uses(result, cited),
        uncited_checkable=len(findings.uncited_checkable),
        verdicts=counts,
    )


# ---------------------------------------------------------------- document report


def render_document(result: ScanResult, checks: Checks | None = None) -> str:
    """Render the Markdown report of one document (reports/<slug>.md).

    Args:
        result: The document's scan, with resolutions.
        checks: Archive-check results keyed by reference id; None leaves out
            the verdict column, the evidence lists and the verdict counts.

    Returns:
        The report, ending with a single newline.
    """
    return render_with_entry(result, "", checks)[0]


def rendered_result(result: ScanResult) -> ScanResult:
    """A scan just made, in the shape ``store.load_scan`` gives it back: the
    parentheticals inside claims only. Its report then has the bytes that
    ``provenance report`` renders from the database."""
    return ScanResult(
        document=result.document,
        claims=result.claims,
        parentheticals=[p for c in result.claims for p in c.parentheticals],
        problems=result.problems,
        resolutions=result.resolutions,
        id=result.id,
    )


def render_with_entry(
    result: ScanResult, slug: str, checks: Checks | None = None
) -> tuple[str, IndexEntry]:
    """The report of one document and its index row, finding everything once.

    Args:
        result: The document's scan, with resolutions.
        slug: The report's file name without ``.md``.
        checks: Archive-check results keyed by reference id, or None.

    Returns:
        ``(render_document(result, checks), index_entry(result, slug, checks))``.
    """
    cited = ledger(result)
    findings = find_findings(result, cited)
    stats = summarize(result, findings, cited)
    meta = result.document.meta
    # The metadata table and the provenance bullets show the same URLs: each is encoded
    # once, table-safe (which is as safe outside a table).
    links = {name: md_link(getattr(meta, name), in_table=True) for name in _URL_FIELDS}
    parts = [
        [f"# {_heading(meta.title or result.document.path)}"],
        _metadata_section(result, links),
        _provenance_section(meta, links),
        _summary_section(stats) + _check_summary(result, checks),
        chart_section(result, cited),
        _claims_section(cited, checks),
        render_findings(findings),
    ]
    text = "\n\n".join(["\n".join(lines) for lines in parts if lines]) + "\n"
    return text, index_entry(result, slug, checks, stats, findings, cited)


# GitHub names a heading's anchor after its text: a title "Claim 1" took the "#claim-1"
# the report's links point at, away from the claim's own heading.
_CLAIM_ANCHOR_RE = re.compile(r"claim-\d+")
_SLUG_DROP_RE = re.compile(r"[^\w\- ]")


def _heading(title: str) -> str:
    """The report's title as its heading, kept off the claims' anchors."""
    slug = _SLUG_DROP_RE.sub("", title.strip().lower()).replace(" ", "-")
    suffix = " (document)" if _CLAIM_ANCHOR_RE.fullmatch(slug) else ""
    return escape_md(title) + suffix


_META_FIELDS = (
    ("Title", "title"),
    ("Author", "author"),
    ("Publisher", "publisher"),
    ("Original publisher", "original_publisher"),
    ("Republisher", "republisher"),
    ("Publication date", "published"),
    ("Series / document symbol", "series"),
    ("Document URL", "url"),
    ("Original URL", "original_url"),
    ("Accessed", "accessed"),
    ("Last updated", "updated"),
)


_URL_FIELDS = ("url", "original_url")


def _metadata_section(result: ScanResult, links: Mapping[str, str]) -> list[str]:
    """The metadata table; ``links`` holds the cell of each of ``_URL_FIELDS``."""
    meta, doc = result.document.meta, result.document
    rows = []
    for label, name in _META_FIELDS:
        value = getattr(meta, name, None)
        if name in links:
            cell = links[name]
        elif isinstance(value, dt.date):
            cell = value.isoformat()
        else:
            cell = escape_md(value) or EMPTY
        rows.append([label, cell, escape_md(meta.sources.get(name)) or EMPTY])
    rows.append(["Source file", escape_md(doc.path), "scan"])
    rows.append(["Format", escape_md(doc.format), "scan"])
    rows.append(["SHA-256", code_span(doc.sha256, in_table=True) or EMPTY, "scan"])
    return ["## Metadata", "", *table(["Field", "Value", "Source"], rows)]


def provenance_chain(meta: DocumentMeta) -> str | None:
    """The publication chain, original publisher first.

    For example ``Jamestown Foundation (Eurasia Daily Monitor, 17 November 2016)
    → Refworld (UNHCR), accessed 3 November 2019``.

    Args:
        meta: The document's metadata; any part may be missing.

    Returns:
        Escaped Markdown, or None when nothing is known.
    """
    origin = meta.original_publisher or meta.publisher
    republisher = meta.republisher
    if not republisher and meta.original_publisher and meta.publisher:
        if meta.publisher.casefold() != meta.original_publisher.casefold():
            republisher = meta.publisher
    host = url_host(meta.url)
    if not republisher and host and host != url_host(meta.original_url):
        republisher = host
    details = [SERIES_ISSUE_RE.sub("", meta.series).strip() if meta.series else None]
    details.append(human_date(meta.published))
    detail = ", ".join(escape_md(d) for d in details if d)
    if not (origin or republisher or detail):
        return None
    first = escape_md(origin) if origin else "Unknown original publisher"
    chain = f"{first} ({detail})" if detail else first
    if republisher:
        chain += ARROW + escape_md(republisher)
    accessed = human_date(meta.accessed)
    return f"{chain}, accessed {accessed}" if accessed else chain


def _provenance_section(meta: DocumentMeta, links: Mapping[str, str]) -> list[str]:
    chain = provenance_chain(meta)
    lines = ["## Provenance", "", chain or "No publisher, date or URL found in the document."]
    shown = [("Original", "original_url"), ("Read at", "url")]
    bullets = [f"- {label}: {links[name]}" for label, name in shown if getattr(meta, name)]
    return lines + ([""] + bullets if bullets else [])


def _summary_section(stats: DocumentStats) -> list[str]:
    counts = [
        ("Claims (sentences)", stats.claims),
        ("Cited claims", stats.cited_claims),
        ("Citations", stats.citations),
        ("References", stats.references),
        ("Distinct outlets", stats.outlets),
        ("Generic sources and interviews", stats.generic_sources),
        ("Self-citations", stats.self_citations),
        ("Outlets not in the registry", stats.unknown_outlets),
        ("Findings", stats.findings),
    ]
    lines = ["## Summary", "", *table(["Measure", "Count"], [[k, str(v)] for k, v in counts], "lr")]
    if stats.generic_sources:
        lines += ["", GENERIC_NOTE]
    if stats.by_category:
        rows = [[cat, str(outlets), str(refs)] for cat, outlets, refs in stats.by_category]
        lines += ["", "### Outlets by category", ""]
        lines += table(["Category", "Outlets", "References"], rows, "lrr")
        if any(cat == "unknown" for cat, _, _ in stats.by_category):
            lines += [
                "",
                "*unknown*: outlets the registry has not categorised, and outlets "
                "not in the registry.",
            ]
    return lines


def _check_summary(result: ScanResult, checks: Checks | None) -> list[str]:
    if checks is None:
        return []
    refs = (ref for claim in result.claims for ref in claim.references)
    lines = ["", *checkreport.summary_lines(checkreport.verdict_counts(refs, checks))]
    failed = checkreport.failed_lookup_lines(
        (number, index, ref, _lookup(checks, ref))
        for number, claim in enumerate(result.claims, start=1)
        if claim.citations
        for index, ref in enumerate(claim.references, start=1)
    )
    return lines + (["", *failed] if failed else [])


# ---------------------------------------------------------------- claims


def _claim_block(entry: CitedClaim, checks: Checks | None, shown: str | None) -> list[str]:
    """A cited claim's part of the report; ``shown``: its citations as written
    (``cited_as``), or None."""
    claim = entry.claim
    lines = [
        f"### Claim {entry.number}",
        "",
        f"Paragraph {claim.paragraph + 1}, sentence {claim.sentence + 1}.",
        "",
        f"> {escape_md(claim.text) or EMPTY}",
        "",
    ]
    refs = entry.references
    if shown is not None and refs:
        lines += [shown, ""]
    if not refs:  # "Cited as: …", or the note: "Endnote [6]: For a fuller discussion …"
        shown_all = "\n\n".join(reftable.written_as(entry.citations))
        return lines + [shown_all, "", reftable.no_outlet(entry.citations)]
    if checks is None:  # no check column and no evidence: rows made in C, nothing looked up
        return lines + reference_table(list(zip(count(1), refs, entry.resolutions, repeat(None))))
    found = [_lookup(checks, ref) for ref in refs]
    rows = list(zip(count(1), refs, entry.resolutions, found))
    lines += reference_table(rows, with_checks=True)
    details = checkreport.check_details((index, ref, check) for index, ref, _, check in rows)
    return lines + (["", *details] if details else [])


def _lookup(checks: Checks | None, ref: Reference) -> ReferenceCheck | None:
    if checks is None or ref.id is None:
        return None
    return checks.get(ref.id)


def _claims_section(cited: Ledger, checks: Checks | None) -> list[str]:
    lines = [
        "## Claims",
        "",
        f"{len(cited.cited)} of {cited.claims} claims cite a source. Claims without a citation "
        "are not listed here; those stating checkable facts are under Findings. Paragraphs "
        "and sentences are counted from 1.",
    ]
    inferred = any(
        ref.date is not None and ref.date.year_inferred and ref.date.iso for ref in cited.references
    )
    if inferred:
        lines += [
            "",
            f"{INFERRED_MARK} The citation gives no year: it is inferred from the "
            "publication date.",
        ]
    if any(ref.prefix for ref in cited.references):  # the reference tables' Signal column
        lines += ["", SIGNAL_NOTE]
    shown = cited_as_each([entry.citations for entry in cited.cited])
    if any(s is not None and "Cited as: " in s for s in shown):
        lines += ["", UPSTREAM_NOTE]
    for entry, as_written in zip(cited.cited, shown):
        lines.append("")
        lines += _claim_block(entry, checks, as_written)
    return lines
