"""Findings about one document: uncited checkable claims, thin or state-only sourcing, anomalies."""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from ..models import (
    Category,
    Claim,
    ParenKind,
    Parenthetical,
    Reference,
    Resolution,
    ScanResult,
    quick_init,
)
from .cited import (
    Ledger,
    bare_platform,
    category_of,
    is_generic,
    ledger,
    outlet_key,
    outlet_label,
    resolution_of,
)
from .facts import FACT_KINDS, checkable_facts, endnotes_line, note_lines
from .markdown import EMPTY, escape_md, table
from .sharing import by_fields, shared

__all__ = [
    "FACT_KINDS",
    "ClaimFinding",
    "DocumentStats",
    "Findings",
    "OutletFinding",
    "ReferenceFinding",
    "category_of",
    "checkable_facts",
    "claim_ref",
    "find_findings",
    "outlet_key",
    "outlet_label",
    "position",
    "render_findings",
    "resolution_of",
    "summarize",
]

LOGGER = logging.getLogger(__name__)

CITATION = ParenKind.CITATION
START_END = attrgetter("start", "end")  # a parenthetical's span, as a sort key made in C
STATE_CATEGORIES = frozenset({Category.STATE_OWNED, Category.STATE_AFFILIATED})
#: The kind of an unverifiable source that is a platform named without an account.
NO_ACCOUNT = "platform, no account"
# Iterating an Enum class and reading a member's .value are Python-level calls in 3.11;
# a tuple and a dict of them are not, and every document's counts go through them.
CATEGORIES = tuple(Category)  # in declaration order
CATEGORY_VALUES = {category: category.value for category in CATEGORIES}


# ---------------------------------------------------------------- findings


@quick_init  # findings are made per claim and per reference: no setattr call per field
@dataclass(frozen=True)
class ClaimFinding:
    """A claim worth a reviewer's look; ``number`` is its 1-based position among all claims."""

    number: int
    claim: Claim
    detail: tuple[str, ...] = ()  # fact kinds, or the outlets the claim rests on


@quick_init
@dataclass(frozen=True)
class ReferenceFinding:
    """One reference worth a look (self-citation, date anomaly), with its claim."""

    number: int
    claim: Claim
    reference: Reference


@dataclass(frozen=True)
class OutletFinding:
    """An outlet the registry does not know, with how often and where it is first cited."""

    written: str
    references: int
    first_claim: int


@dataclass
class Findings:
    """Everything the findings section lists, in document order."""

    uncited_checkable: list[ClaimFinding] = field(default_factory=list)
    single_source: list[ClaimFinding] = field(default_factory=list)
    state_only: list[ClaimFinding] = field(default_factory=list)
    self_citations: list[ReferenceFinding] = field(default_factory=list)
    unknown_outlets: list[OutletFinding] = field(default_factory=list)
    unverifiable: list[ReferenceFinding] = field(default_factory=list)  # generic, interviews...
    date_anomalies: list[ReferenceFinding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[tuple[int | None, Parenthetical]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Number of findings; skipped parentheticals are context, not findings."""
        return (
            len(self.uncited_checkable)
            + len(self.single_source)
            + len(self.state_only)
            + len(self.self_citations)
            + len(self.unknown_outlets)
            + len(self.unverifiable)
            + len(self.date_anomalies)
            + len(self.problems)
        )


def find_findings(result: ScanResult, cited: Ledger | None = None) -> Findings:
    """Collect the findings of one scanned document.

    Args:
        result: The document's scan.
        cited: Its claims walked once (:func:`provenance.report.cited.ledger`), if at hand.

    Returns:
        Findings with every list in document order (unknown outlets by first use).
    """
    cited = cited if cited is not None else ledger(result)
    out = Findings(problems=list(result.problems))
    for number, claim in cited.uncited:
        facts = checkable_facts(claim.text)
        if facts:
            out.uncited_checkable.append(ClaimFinding(number, claim, tuple(facts)))
    unknown: dict[str, list] = {}  # outlet key -> its label, then a claim number a reference
    for entry in cited.cited:
        number, claim = entry.number, entry.claim
        _sourcing_findings(out, number, claim, entry.resolutions, entry.keys)
        for ref, res in zip(entry.references, entry.resolutions, strict=True):
            if res.self_citation:
                out.self_citations.append(ReferenceFinding(number, claim, ref))
            if ref.date is not None and ref.date.anomaly:
                out.date_anomalies.append(ReferenceFinding(number, claim, ref))
            if ref.unverifiable or bare_platform(ref, res):
                out.unverifiable.append(ReferenceFinding(number, claim, ref))
            if res.outlet is None and not is_generic(res):  # not res.known
                # one row a site: its links and its host however written ("u-f.ru | 3")
                unknown.setdefault(outlet_key(res), [outlet_label(res)]).append(number)
    out.unknown_outlets = [
        OutletFinding(seen[0], len(seen) - 1, seen[1]) for seen in unknown.values()
    ]
    if notes := endnotes_line(note_lines(cited.uncited, result.document.text)):
        out.problems.append(notes)
    out.skipped = _skipped(result)
    return out


def _sourcing_findings(
    out: Findings, number: int, claim: Claim, resolutions: list[Resolution], keys: list[str]
) -> None:
    # A citation with no parsed reference still counts as cited; it has no
    # outlets to judge, so it produces no sourcing finding.
    if not resolutions:
        return
    labels = _distinct_labels(resolutions, keys)
    if len(labels) == 1:
        out.single_source.append(ClaimFinding(number, claim, tuple(labels)))
    if _state_only(resolutions):
        out.state_only.append(ClaimFinding(number, claim, tuple(labels)))


def _state_only(resolutions: list[Resolution]) -> bool:
    """``all(category_of(res) in STATE_CATEGORIES ...)``, without a generator."""
    for res in resolutions:
        if category_of(res) not in STATE_CATEGORIES:
            return False
    return True


def _distinct_labels(resolutions: list[Resolution], keys: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for key, res in zip(keys, resolutions):
        if key not in seen:  # a claim often cites one outlet twice: label it once
            seen[key] = outlet_label(res)
    return list(seen.values())


def _skipped(result: ScanResult) -> list[tuple[int | None, Parenthetical]]:
    parens = result.parentheticals or [p for c in result.claims for p in c.parentheticals]
    # Most parentheticals are citations: drop them before sorting, not after.
    others = [p for p in parens if p.kind is not CITATION]  # not p.is_citation: no call
    if not others:
        return []
    starts = [c.start for c in result.claims]
    skipped: list[tuple[int | None, Parenthetical]] = []
    for paren in sorted(others, key=START_END):
        i = bisect.bisect_right(starts, paren.start) - 1
        inside = i >= 0 and result.claims[i].start <= paren.start < result.claims[i].end
        skipped.append((i + 1 if inside else None, paren))
    return skipped


# ---------------------------------------------------------------- stats


@dataclass(frozen=True, slots=True)  # slots: one per document is kept for the index
class DocumentStats:
    """Counts shown in a document's summary and in its index row."""

    claims: int = 0
    cited_claims: int = 0
    citations: int = 0
    references: int = 0
    outlets: int = 0  # distinct: registry id, else the name or domain as written
    self_citations: int = 0
    unknown_outlets: int = 0  # distinct outlets not in the registry
    findings: int = 0
    # generic sources and interviews (cited.is_generic): no outlets, counted apart
    generic_sources: int = 0  # distinct, by the name as written
    generic_references: int = 0
    # (category value, distinct outlets, references), in Category declaration order;
    # outlets only, no generic source
    by_category: tuple[tuple[str, int, int], ...] = ()

    __reduce__ = by_fields


def summarize(
    result: ScanResult, findings: Findings | None = None, cited: Ledger | None = None
) -> DocumentStats:
    """Count claims, citations, references and outlets of one document.

    Args:
        result: The document's scan.
        findings: Its findings when already computed (saves a second pass).
        cited: Its claims walked once, if at hand.

    Returns:
        The document's counts.
    """
    cited = cited if cited is not None else ledger(result)
    findings = findings if findings is not None else find_findings(result, cited)
    # The category of an outlet is its first resolution's, as the index and chart name it
    generic = cited.generic
    outlets = {key: category_of(res) for key, res in cited.first.items() if key not in generic}
    ref_counts = Counter(map(category_of, cited.resolutions))
    generic_refs = sum(generic.values())
    ref_counts[Category.UNKNOWN] -= generic_refs  # a generic source has no registry outlet
    self_citations = sum(res.self_citation for res in cited.resolutions)
    outlet_counts = Counter(outlets.values())
    return DocumentStats(
        claims=cited.claims,
        cited_claims=len(cited.cited),
        citations=cited.citations,
        references=len(cited.references),
        outlets=len(outlets),
        self_citations=self_citations,
        unknown_outlets=len(findings.unknown_outlets),  # as Findings lists them
        findings=findings.count,
        generic_sources=len(generic),
        generic_references=generic_refs,
        by_category=tuple(
            shared((CATEGORY_VALUES[cat], outlet_counts[cat], ref_counts[cat]))
            for cat in CATEGORIES
            if ref_counts[cat]
        ),
    )


# ---------------------------------------------------------------- rendering


def claim_ref(finding: ClaimFinding | ReferenceFinding) -> str:
    """``[Claim 3](#claim-3)`` for a cited claim (it has a heading), plain ``Claim 3`` otherwise."""
    # any() stops at the first citation, where claim.citations would list them all; most
    # claims of a finding have no parenthetical, and then no generator is made
    parens = finding.claim.parentheticals
    if parens and any(paren.kind is CITATION for paren in parens):
        return f"[Claim {finding.number}](#claim-{finding.number})"
    return f"Claim {finding.number}"


def position(claim: Claim) -> str:
    """``¶2 s1``: paragraph and sentence counted from 1 (the splitter counts from 0)."""
    return f"¶{claim.paragraph + 1} s{claim.sentence + 1}"


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"### {title}", "", *(lines or ["None."])]


def _claim_rows(items: list[ClaimFinding]) -> list[list[str]]:
    return [
        [
            claim_ref(f),
            position(f.claim),
            ", ".join(map(escape_md, f.detail)),
            escape_md(f.claim.text),
        ]
        for f in items
    ]


def _reference_rows(items: list[ReferenceFinding]) -> list[list[str]]:
    rows = []
    for f in items:
        date = f.reference.date
        rows.append(
            [
                claim_ref(f),
                escape_md(f.reference.outlet),
                escape_md(date.text) if date else EMPTY,
                (date.iso or EMPTY) if date else EMPTY,
                escape_md(date.anomaly) if date and date.anomaly else EMPTY,
            ]
        )
    return rows


def render_findings(findings: Findings) -> list[str]:
    """The Findings section of a document report, as Markdown lines.

    Args:
        findings: From :func:`find_findings`.

    Returns:
        Lines of the section, subsections (a) to (g) in a fixed order.
    """
    sections = [
        ("Uncited checkable claims", _claims_table(findings.uncited_checkable, "Facts stated")),
        ("Claims resting on a single source", _claims_table(findings.single_source, "Source")),
        (
            "Claims sourced only to state-owned or state-affiliated outlets",
            _claims_table(findings.state_only, "Sources"),
        ),
        ("Self-citations", _refs_table(findings.self_citations)),
        ("Outlets not in the registry", _unknown_table(findings.unknown_outlets)),
        (
            "Unverifiable sources (generic sources, interviews, document types)",
            _unverifiable_table(findings.unverifiable),
        ),
        ("Date anomalies", _refs_table(findings.date_anomalies)),
        ("Document problems", [f"- {escape_md(p)}" for p in findings.problems]),
        ("Parentheticals not counted as citations", _skipped_table(findings.skipped)),
    ]
    lines = ["## Findings", "", f"{findings.count} finding{'' if findings.count == 1 else 's'}."]
    for title, body in sections:
        lines += ["", *_section(title, body)]
    return lines


def _claims_table(items: list[ClaimFinding], what: str) -> list[str]:
    return table(["Claim", "Position", what, "Sentence"], _claim_rows(items)) if items else []


def _refs_table(items: list[ReferenceFinding]) -> list[str]:
    headers = ["Claim", "Outlet as written", "Date as written", "Date", "Anomaly"]
    return table(headers, _reference_rows(items)) if items else []


#: Under the table of unknown outlets: how a reader adds one (README: Outlet registry).
ADD_OUTLET = (
    "To add one, put its entry in `outlets.local.json` next to the database; "
    '`provenance outlet "NAME"` shows how a name resolves.'
)


def _unknown_table(outlets: list[OutletFinding]) -> list[str]:
    rows = [[escape_md(o.written), str(o.references), f"Claim {o.first_claim}"] for o in outlets]
    if not rows:
        return []
    return [*table(["Outlet as written", "References", "First cited in"], rows), "", ADD_OUTLET]


def _unverifiable_table(items: list[ReferenceFinding]) -> list[str]:
    rows = [
        [
            claim_ref(f),
            escape_md(f.reference.outlet),
            escape_md(f.reference.source_kind or NO_ACCOUNT),
            escape_md(f.reference.date.text) if f.reference.date else EMPTY,
        ]
        for f in items
    ]
    return table(["Claim", "Source as written", "Kind", "Date as written"], rows) if rows else []


def _skipped_table(skipped: list[tuple[int | None, Parenthetical]]) -> list[str]:
    rows = [[f"Claim {n}" if n else EMPTY, p.kind.value, escape_md(p.raw)] for n, p in skipped]
    return table(["Claim", "Kind", "Text"], rows) if rows else []
