"""reports/index.md: one row per document, then tables across the corpus and a picture.

Deterministic like the rest of the reports: every table is sorted on its numbers, then
on titles and slugs, so the same documents always give the same bytes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..models import Category, ReferenceCheck, Resolution, ScanResult
from . import checks as checkreport
from .cited import Ledger, ledger
from .findings import STATE_CATEGORIES, category_of, outlet_key, outlet_label, shared
from .markdown import EMPTY, escape_md, table
from .pictures import mermaid_bar

if TYPE_CHECKING:
    from .document import IndexEntry

LOGGER = logging.getLogger(__name__)

OUTLETS_PER_CATEGORY = 5  # rows per category in "Outlets most cited"
DOCUMENTS_SHOWN = 10  # rows in the per-document rankings


@dataclass(frozen=True, slots=True)  # one per outlet per document, kept until index.md
class OutletUse:
    """How often one document cites one outlet."""

    key: str  # registry id, else "?" + the name or domain as written
    name: str
    category: str
    references: int


# ---------------------------------------------------------------- the index


def _index_order(entry: IndexEntry) -> tuple[int, int, str, str]:
    # Newest first, undated last, then by title and slug so ties are stable.
    ordinal = entry.published.toordinal() if entry.published else 0
    return (entry.published is None, -ordinal, entry.title.casefold(), entry.slug)


def _index_row(e: IndexEntry, checked: bool) -> list[str]:
    published = e.published.isoformat() if e.published else EMPTY
    s = e.stats
    cells = [str(n) for n in (s.claims, s.cited_claims, s.references, s.outlets)]
    if checked:
        cells.append(EMPTY if e.verified is None else f"{e.verified}/{s.references}")
    return [doc_link(e.title, e.slug), published, *cells, str(s.findings)]


def render_index(entries: Sequence[IndexEntry]) -> str:
    """Render reports/index.md: one row per document, newest first.

    A "Verified" column (verified/total references) appears when at least one
    document was archive-checked; unchecked documents show an em dash there.

    Args:
        entries: One entry per document report.

    Returns:
        The index, ending with a single newline.
    """
    checked = any(e.verified is not None for e in entries)
    headers = ["Document", "Published", "Claims", "Cited claims", "References", "Outlets"]
    headers += ["Verified", "Findings"] if checked else ["Findings"]
    rows = (_index_row(e, checked) for e in sorted(entries, key=_index_order))  # one at a time
    totals = [
        f"{sum(getattr(e.stats, f) for e in entries)} {f.replace('_', ' ')}" for f in _TOTAL_FIELDS
    ]
    if checked:
        totals.append(f"{sum(e.verified or 0 for e in entries)} verified")
    lines = [
        "# Source reports",
        "",
        f"{len(entries)} document{'' if len(entries) == 1 else 's'}.",
        "",
    ]
    lines += table(headers, rows, "ll" + "r" * (len(headers) - 2))
    lines += ["", "Totals: " + ", ".join(totals)]
    view = corpus_sections(entries)
    return "\n".join([*lines, *([""] + view if view else [])]) + "\n"


_TOTAL_FIELDS = ("claims", "cited_claims", "references", "findings")


def outlet_uses(result: ScanResult, cited: Ledger | None = None) -> tuple[OutletUse, ...]:
    """The outlets a document cites, with their reference counts, in key order."""
    cited = cited if cited is not None else ledger(result)
    counts: Counter[str] = Counter()
    first: dict[str, Resolution] = {}  # the first resolution of each outlet names it
    for res in cited.resolutions:
        key = outlet_key(res)
        counts[key] += 1
        if key not in first:
            first[key] = res
    return tuple(
        shared(OutletUse(key, outlet_label(res), category_of(res).value, counts[key]))
        for key, res in sorted(first.items())
    )


def verdicts(
    result: ScanResult, checks: Mapping[int, ReferenceCheck] | None
) -> tuple[tuple[str, int], ...] | None:
    """The document's references per archive verdict, None when it was not checked."""
    if checks is None:
        return None
    refs = (ref for claim in result.claims for ref in claim.references)
    return tuple(checkreport.verdict_counts(refs, checks).items())


def doc_link(title: str, slug: str) -> str:
    """``[title](slug.md)``: a link to a document's report next to index.md."""
    return f"[{escape_md(title) or EMPTY}]({quote(slug + '.md', safe='-._~')})"


def corpus_sections(entries: Sequence[IndexEntry]) -> list[str]:
    """The "Across the corpus" part of the index.

    Args:
        entries: The index rows, one per document.

    Returns:
        The lines, starting with a level-2 heading; none without references.
    """
    if not any(e.stats.references for e in entries):
        return []
    lines = ["## Across the corpus", ""]
    lines += _category_picture(entries)
    lines += _top_outlets(entries)
    lines += _uncited(entries)
    lines += _state_share(entries)
    lines += _verdicts(entries)
    return lines[:-1] if lines[-1] == "" else lines


def _order(entry: IndexEntry) -> tuple[str, str]:
    return (entry.title.casefold(), entry.slug)


def _category_picture(entries: Sequence[IndexEntry]) -> list[str]:
    refs: Counter[str] = Counter()
    for e in entries:
        for category, _, n in e.stats.by_category:
            refs[category] += n
    shown = [c.value for c in Category if refs[c.value]]
    if not shown:
        return []
    return [
        "References by outlet category, all documents.",
        "",
        *mermaid_bar(
            "References by outlet category", shown, [refs[c] for c in shown], "References"
        ),
        "",
    ]


def _top_outlets(entries: Sequence[IndexEntry]) -> list[str]:
    refs: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    info: dict[str, OutletUse] = {}
    for e in entries:
        for use in e.outlets:
            refs[use.key] += use.references
            docs[use.key] += 1
            info.setdefault(use.key, use)
    rows = []
    for category in Category:
        keys = [k for k in info if info[k].category == category.value]
        keys.sort(key=lambda k: (-refs[k], -docs[k], info[k].name.casefold(), k))
        for k in keys[:OUTLETS_PER_CATEGORY]:
            rows.append([category.value, escape_md(info[k].name), str(refs[k]), str(docs[k])])
    if not rows:
        return []
    head = [
        "### Outlets most cited",
        "",
        f"The {OUTLETS_PER_CATEGORY} most cited outlets of each category, by references.",
        "",
    ]
    return head + table(["Category", "Outlet", "References", "Documents"], rows, "llrr") + [""]


def _ranked(entries: Iterable[IndexEntry], score: Callable[[IndexEntry], int]) -> list[IndexEntry]:
    return sorted((e for e in entries if score(e)), key=lambda e: (-score(e), *_order(e)))


def _uncited(entries: Sequence[IndexEntry]) -> list[str]:
    ranked = _ranked(entries, lambda e: e.uncited_checkable)
    lines = ["### Uncited checkable claims", ""]
    if not ranked:
        return lines + ["No document states a checkable fact without a citation.", ""]
    rows = [
        [doc_link(e.title, e.slug), str(e.uncited_checkable), str(e.stats.claims)]
        for e in ranked[:DOCUMENTS_SHOWN]
    ]
    lines += [_shown(len(ranked), len(entries)), ""]
    return lines + table(["Document", "Uncited checkable claims", "Claims"], rows, "lrr") + [""]


def _state_refs(entry: IndexEntry) -> tuple[int, int]:
    counts = {category: refs for category, _, refs in entry.stats.by_category}
    owned = counts.get(Category.STATE_OWNED.value, 0)
    return owned, counts.get(Category.STATE_AFFILIATED.value, 0)


def _state_share(entries: Sequence[IndexEntry]) -> list[str]:
    def share(e: IndexEntry) -> float:
        return sum(_state_refs(e)) / e.stats.references if e.stats.references else 0.0

    cited = [e for e in entries if e.stats.references]
    ranked = sorted(cited, key=lambda e: (-share(e), -e.stats.references, *_order(e)))

    def row(e: IndexEntry) -> list[str]:
        owned, affiliated = _state_refs(e)
        cells = [str(owned), str(affiliated), str(e.stats.references), f"{share(e):.0%}"]
        return [doc_link(e.title, e.slug), *cells]

    rows = (row(e) for e in ranked)  # one per cited document: built as the table is
    names = " or ".join(c.value for c in sorted(STATE_CATEGORIES, key=list(Category).index))
    lines = [
        "### State media share",
        "",
        f"Each document's share of references to {names} outlets, highest first.",
        "",
    ]
    headers = ["Document", "State-owned", "State-affiliated", "References", "Share"]
    return lines + table(headers, rows, "lrrrr") + [""]


def _verdicts(entries: Sequence[IndexEntry]) -> list[str]:
    checked = sorted((e for e in entries if e.verdicts is not None), key=_order)
    if not checked:
        return []
    counts = [dict(e.verdicts or ()) for e in checked]
    # Verdict columns in the order the checks report them, left out when empty everywhere.
    statuses = [s for s in dict.fromkeys(s for c in counts for s in c) if any(c[s] for c in counts)]
    rows = [
        [doc_link(e.title, e.slug), *(str(c.get(s, 0)) for s in statuses)]
        for e, c in zip(checked, counts)
    ]
    headers = ["Document", *(checkreport.badge(s) for s in statuses)]
    lines = ["### Archive verdicts per document", ""]
    return lines + table(headers, rows, "l" + "r" * len(statuses)) + [""]


def _shown(ranked: int, total: int) -> str:
    top = f"the {DOCUMENTS_SHOWN} with the most shown" if ranked > DOCUMENTS_SHOWN else "most first"
    return (
        f"{ranked} of {total} document{'s' if total != 1 else ''} "
        f"{'states' if ranked == 1 else 'state'} checkable facts "
        f"without a citation ({top})."
    )
