"""Archive-check results in the document report: verdict badges, evidence lists and counts.

Pure and deterministic like :mod:`provenance.report`: candidates are put in a
stable order here, whatever order they arrive in, and the only times shown are
the archives' own capture timestamps. Titles, reasons, errors and URLs come
from archived web pages and are escaped (or linked with :func:`md_link`).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Mapping, Sequence

from ..models import SCORE_MATCH_LISTS, VERDICTS, Candidate, Reference, ReferenceCheck
from .markdown import EMPTY, clean_text, escape_md, md_link, table

__all__ = [
    "NOT_CHECKED",
    "VERDICT_BADGES",
    "badge",
    "check_cell",
    "check_details",
    "failed_lookup_lines",
    "summary_lines",
    "verdict_counts",
    "verified_count",
]

LOGGER = logging.getLogger(__name__)

# One badge per verdict. "error" says the lookup failed and will be retried: it
# must never read as a dead or missing source.
VERDICT_BADGES: dict[str, str] = {
    "verified": "✅ verified",
    "archived": "🗄️ archived (content not read)",
    "candidates": "🟡 candidates",
    "no-captures": "⚪ no captures",
    "unresolved-outlet": "❔ unresolved outlet",
    "generic-source": "◽ generic source: nothing to look up",
    "vague-date": "📅 date too vague to look up",
    "error": "⚠️ error (retried next run)",
}
NOT_CHECKED = "not-checked"
NOT_CHECKED_BADGE = "➖ not checked"
UNKNOWN_BADGE = "❓"  # followed by the stored status, escaped

OTHERS_SHOWN = 3  # other candidates listed per reference
TITLE_MAX = 160  # characters of a page title shown
REASONS_MAX = 8  # reasons shown per candidate
ERROR_MAX = 300  # characters of a lookup error shown

# A 14-digit capture timestamp (shorter prefixes are valid in replay URLs).
TIMESTAMP_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?", re.ASCII)
# The raw ("id_") replay form; without the modifier the archive shows its viewer.
RAW_REPLAY_RE = re.compile(r"/(\d{1,14})id_/")
SUMMARY_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "[]`|*_\\"}
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


# ---------------------------------------------------------------- badges


def badge(status: str | None) -> str:
    """The badge of a verdict: emoji plus words, safe to put in a table cell.

    Args:
        status: A stored verdict (one of ``models.VERDICTS``), or None for a
            reference without a check.

    Returns:
        Markdown; an unknown status is escaped after a question mark.
    """
    if status is None or status == NOT_CHECKED:
        return NOT_CHECKED_BADGE
    known = VERDICT_BADGES.get(status)
    return known if known is not None else f"{UNKNOWN_BADGE} {escape_md(status) or EMPTY}"


def check_cell(check: ReferenceCheck | None) -> str:
    """The archive-check cell of a reference table row: badge, then a capture link.

    Args:
        check: The reference's check, or None when it was not checked.

    Returns:
        One-line Markdown for a table cell.
    """
    if check is None:
        return NOT_CHECKED_BADGE
    cell = badge(check.status)
    pick = check.best or check.closest
    if check.status in ("verified", "archived") and pick is not None and pick.archive_url:
        cell += " " + md_link(viewer_url(pick.archive_url), in_table=True, label="capture")
    return cell


# ---------------------------------------------------------------- counts


def verdict_counts(
    references: Iterable[Reference], checks: Mapping[int, ReferenceCheck]
) -> dict[str, int]:
    """How many references have each verdict, in ``VERDICTS`` order, then not-checked.

    Args:
        references: The references counted (every claim's, in order).
        checks: Checks keyed by reference id.

    Returns:
        Every verdict (zero included), any unexpected stored status after them in
        sorted order, and ``NOT_CHECKED`` last.
    """
    statuses: dict[str, int] = {}
    total = 0
    for ref in references:
        total += 1
        check = checks.get(ref.id) if ref.id is not None else None
        if check is not None:
            statuses[check.status] = statuses.get(check.status, 0) + 1
    return ordered_verdicts(statuses, total)


def ordered_verdicts(statuses: Mapping[str, int], total: int) -> dict[str, int]:
    """:func:`verdict_counts` from the references per stored status and their number.

    Args:
        statuses: How many references have each stored status (unchecked ones left out).
        total: How many references there are, checked or not.
    """
    counts = dict.fromkeys(VERDICTS, 0)
    extra: dict[str, int] = {}
    for status, n in statuses.items():
        if status in counts:
            counts[status] += n
        else:
            extra[status] = n
    counts.update(sorted(extra.items()))
    counts[NOT_CHECKED] = total - sum(statuses.values())
    return counts


def verified_count(references: Iterable[Reference], checks: Mapping[int, ReferenceCheck]) -> int:
    """How many of ``references`` are verified."""
    return verdict_counts(references, checks)["verified"]


def summary_lines(counts: Mapping[str, int]) -> list[str]:
    """The "Archive check" subsection of a document's summary.

    Args:
        counts: As returned by :func:`verdict_counts`.

    Returns:
        The subsection's lines, heading first.
    """
    rows = [[badge(status), str(n)] for status, n in counts.items()]
    rows.append(["Total", str(sum(counts.values()))])
    return ["### Archive check", "", *table(["Verdict", "References"], rows, "lr")]


# ---------------------------------------------------------------- evidence


def viewer_url(archive_url: str) -> str:
    """The archive's viewer URL for a raw (``id_``) replay URL; other URLs unchanged."""
    return RAW_REPLAY_RE.sub(r"/\1/", archive_url, count=1)


def capture_time(timestamp: str | None) -> str:
    """``2016-10-20 12:00:00`` from ``20161020120000``; other values escaped as they are."""
    match = TIMESTAMP_RE.fullmatch(timestamp or "")
    if match is None:
        return escape_md(timestamp) or EMPTY
    y, mo, d, h, mi, s = match.groups()
    return f"{y}-{mo}-{d}" + (f" {h}:{mi}:{s}" if h else "")


def _score(cand: Candidate) -> str:
    return f"{cand.score:.2f}" if cand.score is not None else "not scored"


def _capture_link(cand: Candidate, *, raw: bool = False) -> str:
    """A link to a capture in the archive's viewer (and to the raw bytes the check read)."""
    when = capture_time(cand.timestamp)
    if not cand.archive_url:
        return f"capture of {when} (no replay URL)"
    view = viewer_url(cand.archive_url)
    link = md_link(view, label=f"capture of {when}")
    if raw and view != cand.archive_url:
        link += f" ({md_link(cand.archive_url, label='raw')})"
    return link


def _page_date(value: str | None) -> str:
    # An ISO date needs no escaping (it reads better unescaped in the source).
    if value and ISO_DATE_RE.fullmatch(value):
        return value
    return escape_md(value) or EMPTY


def _shorten(text: str | None, limit: int) -> str:
    # Cut before escaping so an entity or escape is never split.
    line = clean_text(text or "")
    return escape_md(line if len(line) <= limit else line[: limit - 1].rstrip() + "…")


def _reasons(cand: Candidate) -> str:
    reasons = [str(r) for r in cand.reasons if str(r).strip()]
    if reasons and reasons[0].startswith("verified: "):  # it sums up the lists and the date
        reasons = reasons[:1] + [r for r in reasons[1:] if not _summed_up(r)]
    shown = [escape_md(r) for r in reasons[:REASONS_MAX]]
    more = len(reasons) - REASONS_MAX
    return "; ".join(shown + ([f"… {more} more"] if more > 0 else [])) or EMPTY


def _summed_up(reason: str) -> bool:
    """Whether a verified candidate's first reason already says ``reason``: the words and
    names it matched, the numbers found, the page's date against the cited one."""
    return (
        reason.startswith(SCORE_MATCH_LISTS)
        or (reason.startswith("numbers ") and reason.endswith(" found"))
        or (reason.startswith("date ") and "cited" in reason)
    )


def _other_order(cand: Candidate) -> tuple[bool, float, int, str, str]:
    # Best score first; unscored last; then the check's own URL ranking.
    score = cand.score if cand.score is not None else 0.0
    return (cand.score is None, -score, cand.rank, cand.original_url, cand.timestamp)


def _candidate_lines(cand: Candidate, *, label: str) -> list[str]:
    """Sub-bullets describing the best candidate."""
    lines = [
        f"  - {label}: {md_link(cand.original_url)}",
        f"  - Archived: {_capture_link(cand, raw=True)}",
        f"  - Page title: {_shorten(cand.title, TITLE_MAX) or EMPTY}",
        f"  - Page date: {_page_date(cand.page_date)}",
        f"  - Match score {_score(cand)}: {_reasons(cand)}"
        if cand.score is not None
        else "  - Not scored (the capture was not read)",
    ]
    if cand.error:
        lines.append(f"  - Capture problem: {_shorten(cand.error, ERROR_MAX)}")
    return lines


def _others_lines(others: Sequence[Candidate]) -> list[str]:
    ranked = sorted(others, key=_other_order)
    if not ranked:
        return []
    shown = ranked[:OTHERS_SHOWN]
    head = f"  - Other candidates ({len(shown)} of {len(ranked)}):"
    lines = [head]
    for cand in shown:
        score = f"score {_score(cand)}" if cand.score is not None else "not read"
        line = f"    - {md_link(cand.original_url)}: {score}, {_capture_link(cand)}"
        if cand.error and cand.score is None:
            line += f" ({_shorten(cand.error, ERROR_MAX)})"
        lines.append(line)
    return lines


def _search_lines(check: ReferenceCheck) -> list[str]:
    lines = []
    if check.closest is not None:
        closest = check.closest
        lines.append(
            f"  - Closest capture to the cited date of {md_link(closest.original_url)}:"
            f" {_capture_link(closest)}"
        )
    if check.domains:
        lines.append(f"  - Searched: {', '.join(escape_md(d) for d in check.domains)}")
    if len(check.archives) > 1:
        lines.append(f"  - Archives asked: {', '.join(escape_md(a) for a in check.archives)}")
    if check.cdx_url:
        label = "TimeMap" if "/timemap/" in check.cdx_url else "CDX query"
        lines.append(f"  - Archive query: {md_link(check.cdx_url, label=label)}")
    if check.note:
        lines.append(f"  - Note: {_shorten(check.note, ERROR_MAX)}")
    return lines


def _summary(index: int, ref: Reference, check: ReferenceCheck) -> str:
    """The one line a closed evidence block shows: HTML (a <summary> is no Markdown)."""
    date = ref.date.iso if ref.date is not None and ref.date.iso else None
    what = clean_text(ref.outlet) + (f", {date}" if date else "")
    status = VERDICT_BADGES.get(check.status) or f"{UNKNOWN_BADGE} {clean_text(check.status)}"
    head = f"#{index} {what}: {status}"
    if check.best is not None and check.best.score is not None:
        head += f", score {_score(check.best)}"
    # Inert as HTML; brackets as entities too, so no link syntax shows even in the source.
    text = html.escape(head, quote=False).translate(SUMMARY_ESCAPES)
    return f"<summary>{text}</summary>"


def _reference_lines(index: int, ref: Reference, check: ReferenceCheck) -> list[str]:
    """One closed <details> block per checked reference: a summary line, then the evidence."""
    lines: list[str] = []
    # 1. A failed lookup: listed once for the document (failed_lookup_lines), not here.
    if check.status == "error":
        return []
    # 2. A best candidate (verified, or the closest miss).
    if check.best is not None:
        label = "Source" if check.status == "verified" else "Best candidate"
        lines += _candidate_lines(check.best, label=label)
    if check.archive and (check.best is not None or check.status == "archived"):
        lines.append(f"  - Found in: {escape_md(check.archive)}")
    lines += _others_lines(check.others)
    lines += _search_lines(check)
    # The evidence bullets were written as sub-bullets; inside the block they lead.
    evidence = [line[2:] if line.startswith("  ") else line for line in lines]
    body = evidence or ["No evidence recorded."]
    return ["<details>", _summary(index, ref, check), "", *body, "", "</details>", ""]


def check_details(rows: Iterable[tuple[int, Reference, ReferenceCheck | None]]) -> list[str]:
    """The evidence list under a claim's reference table (checked references only).

    Args:
        rows: (row number, reference, check or None), in table order.

    Returns:
        "Archive evidence:" and one collapsed ``<details>`` block per checked
        reference, or no lines when none of the references was checked.
    """
    lines: list[str] = []
    for index, ref, check in rows:
        if check is not None:
            lines += _reference_lines(index, ref, check)
    return ["Archive evidence:", "", *lines[:-1]] if lines else []


def failed_lookup_lines(
    rows: Iterable[tuple[int, int, Reference, ReferenceCheck | None]],
) -> list[str]:
    """One section for the references whose lookup failed, grouped by cause.

    A failed run fails the same way for every reference, so the cause is said once.

    Args:
        rows: (claim number, row number, reference, check or None) for every reference.

    Returns:
        The section's lines (heading first), or no lines when no lookup failed.
    """
    by_cause: dict[str, list[str]] = {}
    for claim, index, ref, check in rows:
        if check is None or check.status != "error":
            continue
        date = ref.date.iso if ref.date is not None and ref.date.iso else None
        what = f"claim {claim} #{index} {escape_md(ref.outlet)}" + (f", {date}" if date else "")
        by_cause.setdefault(check.error or "unknown error", []).append(what)
    if not by_cause:
        return []
    total = sum(len(refs) for refs in by_cause.values())
    noun = "reference" if total == 1 else "references"
    lines = [
        "### Failed lookups",
        "",
        f"{total} {noun} could not be looked up. That is no evidence that a source is gone: "
        "they are retried on the next run.",
        "",
    ]
    for cause, refs in sorted(by_cause.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"- {_shorten(cause, ERROR_MAX)} ({len(refs)}): {'; '.join(refs)}")
    return lines
