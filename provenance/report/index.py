"""reports/index.md from one pass over the index entries, which may be read from disk.

Each entry is read once and boiled down to what the index shows of it: a row of numbers
and a link for the table of documents and the state media share, running totals for the
corpus picture and the outlets, and only the leaders of the uncited-claims ranking. A
corpus of any size then costs about a hundred bytes a document here, not its entries.
Lines are yielded one at a time, so the index can be written as it is made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

from ..models import Category
from . import checks as checkreport
from .cited import GENERIC
from .corpus import DOCUMENTS_SHOWN, OUTLETS_PER_CATEGORY, OutletUse, doc_link
from .findings import STATE_CATEGORIES
from .markdown import EMPTY, escape_md, table_lines
from .pictures import mermaid_bar

if TYPE_CHECKING:
    from .document import IndexEntry

__all__ = ["InMemory", "Sorter", "index_lines", "render_index"]

_TOTAL_FIELDS = ("claims", "cited_claims", "references", "findings")


def render_index(entries: Iterable[IndexEntry]) -> str:
    """Render reports/index.md: one row per document, newest first, then the corpus view.

    A "Verified" column (verified/total references) appears when at least one
    document was archive-checked; unchecked documents show an em dash there.

    Args:
        entries: One entry per document report, in any order; read once.

    Returns:
        The index, ending with a single newline.
    """
    return "\n".join(index_lines(entries)) + "\n"


class Sorter(Protocol):
    """Rows to give back in key order: a list here, a table on disk for a scan."""

    def add(self, key: tuple[Any, ...], value: Any) -> None: ...
    def __len__(self) -> int: ...
    def values(self) -> Iterator[Any]: ...


class InMemory:
    """A :class:`Sorter` in memory: ties keep the order they were added in."""

    def __init__(self) -> None:
        self._rows: list[tuple[tuple[Any, ...], Any]] = []

    def add(self, key: tuple[Any, ...], value: Any) -> None:
        self._rows.append((key, value))

    def __len__(self) -> int:
        return len(self._rows)

    def values(self) -> Iterator[Any]:
        self._rows.sort(key=itemgetter(0))
        return (value for _, value in self._rows)


def index_lines(
    entries: Iterable[IndexEntry], sorter: Callable[[], Sorter] = InMemory
) -> Iterator[str]:
    """The lines of :func:`render_index` (without newlines), reading ``entries`` once.

    Args:
        entries: One entry per document report, in any order.
        sorter: makes the three lists of per-document rows the index sorts (the table
            of documents, the state media share and the archive verdicts).
    """
    sorters = (sorter(), sorter(), sorter())
    try:
        tally = _Tally(*sorters)
        for entry in entries:
            tally.add(entry)
        yield from tally.documents()
        if tally.totals["references"]:
            yield ""
            yield from _trimmed(tally.corpus_view())
    finally:
        for used in sorters:
            getattr(used, "close", lambda: None)()


@dataclass
class _Tally:
    """What the index keeps of the entries it has read."""

    # (undated, -ordinal, title key, slug) -> (link, published, claims, cited claims,
    # references, outlets, verified, findings): the table of documents
    rows: Sorter
    # (-share, -references, title key, slug) -> (link, owned, affiliated, references, share)
    state: Sorter
    # (title key, slug) -> (link, verdict counts) of the documents that were checked
    checked: Sorter
    # (-uncited, title key, slug, link, uncited, claims): the leaders only, and their count
    uncited_top: list[tuple] = field(default_factory=list)
    uncited_count: int = 0
    totals: Counter[str] = field(default_factory=Counter)
    category_refs: Counter[str] = field(default_factory=Counter)
    outlet_refs: Counter[str] = field(default_factory=Counter)
    outlet_docs: Counter[str] = field(default_factory=Counter)
    outlet_info: dict[str, OutletUse] = field(default_factory=dict)

    def add(self, e: IndexEntry) -> None:
        s, title_key, link = e.stats, e.title.casefold(), doc_link(e.title, e.slug)
        ordinal = e.published.toordinal() if e.published else 0
        published = e.published.isoformat() if e.published else EMPTY
        self.rows.add(
            (e.published is None, -ordinal, title_key, e.slug),
            (link, published, s.claims, s.cited_claims, s.references, s.outlets)
            + (e.verified, s.findings),
        )
        for name in _TOTAL_FIELDS:
            self.totals[name] += getattr(s, name)
        self.totals["verified"] += e.verified or 0
        self.totals["checked"] += e.verified is not None
        self._add_sources(e)
        if e.uncited_checkable:
            n = e.uncited_checkable
            self._add_uncited((-n, title_key, e.slug, link, n, s.claims))
        if s.references:
            counts = {category: refs for category, _, refs in s.by_category}
            owned = counts.get(Category.STATE_OWNED.value, 0)
            affiliated = counts.get(Category.STATE_AFFILIATED.value, 0)
            share = (owned + affiliated) / s.references
            key = (-share, -s.references, title_key, e.slug)
            self.state.add(key, (link, owned, affiliated, s.references, share))
        if e.verdicts is not None:
            self.checked.add((title_key, e.slug), (link, dict(e.verdicts)))

    def _add_sources(self, e: IndexEntry) -> None:
        for category, _, n in e.stats.by_category:
            self.category_refs[category] += n
        if e.stats.generic_references:
            self.totals["generic_references"] += e.stats.generic_references
            self.totals["generic_documents"] += 1
        for use in e.outlets:
            self.outlet_refs[use.key] += use.references
            self.outlet_docs[use.key] += 1
            self.outlet_info.setdefault(use.key, use)

    def _add_uncited(self, key: tuple) -> None:
        """Keep the uncited-claims leaders: a few times the rows shown, trimmed as it grows."""
        self.uncited_count += 1
        self.uncited_top.append(key)
        if len(self.uncited_top) > 4 * DOCUMENTS_SHOWN:
            self.uncited_top.sort(key=lambda row: row[:3])
            del self.uncited_top[DOCUMENTS_SHOWN:]

    def documents(self) -> Iterator[str]:
        """The heading, the table of documents (newest first) and the totals."""
        checked = bool(self.totals["checked"])
        headers = ["Document", "Published", "Claims", "Cited claims", "References", "Outlets"]
        headers += ["Verified", "Findings"] if checked else ["Findings"]
        n = len(self.rows)
        yield from ("# Source reports", "", f"{n} document{'' if n == 1 else 's'}.", "")
        rows = (_index_row(row, checked) for row in self.rows.values())
        yield from table_lines(headers, rows, "ll" + "r" * (len(headers) - 2))
        totals = [f"{self.totals[f]} {f.replace('_', ' ')}" for f in _TOTAL_FIELDS]
        if checked:
            totals.append(f"{self.totals['verified']} verified")
        yield from ("", "Totals: " + ", ".join(totals))

    def corpus_view(self) -> Iterator[str]:
        """The "Across the corpus" part: a heading, the picture and four tables."""
        yield from ("## Across the corpus", "")
        yield from self.category_picture()
        yield from self.top_outlets()
        yield from self.generic_sources()
        yield from self.uncited()
        yield from self.state_share()
        yield from self.verdicts()

    def category_picture(self) -> list[str]:
        shown = [c.value for c in Category if self.category_refs[c.value]]
        if not shown:
            return []
        values = [self.category_refs[c] for c in shown]
        chart = mermaid_bar("References by outlet category", shown, values, "References")
        return ["References by outlet category, all documents.", "", *chart, ""]

    def top_outlets(self) -> list[str]:
        refs, docs, info = self.outlet_refs, self.outlet_docs, self.outlet_info
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
        headers = ["Category", "Outlet", "References", "Documents"]
        return head + list(table_lines(headers, rows, "llrr")) + [""]

    def generic_sources(self) -> list[str]:
        """Generic sources and interviews: not outlets, so not ranked with them, but shown."""
        refs, docs, info = self.outlet_refs, self.outlet_docs, self.outlet_info
        keys = [k for k in info if info[k].category == GENERIC]
        if not keys:
            return []
        keys.sort(key=lambda k: (-refs[k], -docs[k], info[k].name.casefold(), k))
        n, d = self.totals["generic_references"], self.totals["generic_documents"]
        shown = (
            f"the {OUTLETS_PER_CATEGORY} most cited" if len(keys) > OUTLETS_PER_CATEGORY else "all"
        )
        head = [
            "### Generic sources and interviews",
            "",
            f'Sources that name no outlet ("local media", "Russian agencies", an '
            f"author's interview) are not ranked above: {n} reference{'' if n == 1 else 's'} "
            f"in {d} document{'' if d == 1 else 's'} ({shown} shown).",
            "",
        ]
        rows = [
            [escape_md(info[k].name), str(refs[k]), str(docs[k])]
            for k in keys[:OUTLETS_PER_CATEGORY]
        ]
        return (
            head
            + list(table_lines(["Source as written", "References", "Documents"], rows, "lrr"))
            + [""]
        )

    def uncited(self) -> list[str]:
        lines = ["### Uncited checkable claims", ""]
        if not self.uncited_count:
            return lines + ["No document states a checkable fact without a citation.", ""]
        top = sorted(self.uncited_top, key=lambda row: row[:3])[:DOCUMENTS_SHOWN]
        rows = [[link, str(n), str(claims)] for *_, link, n, claims in top]
        lines += [_shown(self.uncited_count, len(self.rows)), ""]
        headers = ["Document", "Uncited checkable claims", "Claims"]
        return lines + list(table_lines(headers, rows, "lrr")) + [""]

    def state_share(self) -> Iterator[str]:
        names = " or ".join(c.value for c in sorted(STATE_CATEGORIES, key=list(Category).index))
        yield from (
            "### State media share",
            "",
            f"Each document's share of references to {names} outlets, highest first.",
            "",
        )
        rows = (
            [link, str(owned), str(affiliated), str(refs), f"{share:.0%}"]
            for link, owned, affiliated, refs, share in self.state.values()
        )
        headers = ["Document", "State-owned", "State-affiliated", "References", "Share"]
        yield from table_lines(headers, rows, "lrrrr")
        yield ""

    def verdicts(self) -> Iterator[str]:
        if not len(self.checked):
            return
        # Verdict columns in the order the checks report them, left out when empty everywhere.
        order: dict[str, bool] = {}
        for _, counts in self.checked.values():
            for status, n in counts.items():
                order[status] = order.get(status, False) or bool(n)
        statuses = [status for status, seen in order.items() if seen]
        rows = (
            [link, *(str(counts.get(s, 0)) for s in statuses)]
            for link, counts in self.checked.values()
        )
        headers = ["Document", *(checkreport.badge(s) for s in statuses)]
        yield from ("### Archive verdicts per document", "")
        yield from table_lines(headers, rows, "l" + "r" * len(statuses))
        yield ""


def _index_row(row: tuple[Any, ...], checked: bool) -> list[str]:
    link, published, claims, cited, refs, outlets, verified, findings = row
    cells = [link, published, str(claims), str(cited), str(refs), str(outlets)]
    if checked:
        cells.append(EMPTY if verified is None else f"{verified}/{refs}")
    return [*cells, str(findings)]


def _trimmed(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` without a last empty line."""
    held = None
    for line in lines:
        if held is not None:
            yield held
        held = line
    if held:
        yield held


def _shown(ranked: int, total: int) -> str:
    top = f"the {DOCUMENTS_SHOWN} with the most shown" if ranked > DOCUMENTS_SHOWN else "most first"
    return (
        f"{ranked} of {total} document{'s' if total != 1 else ''} "
        f"{'states' if ranked == 1 else 'state'} checkable facts "
        f"without a citation ({top})."
    )
