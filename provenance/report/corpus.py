"""What a document gives the corpus view of reports/index.md (:mod:`.index` draws it):
the outlets it cites, its archive verdicts, and the link to its report.

Deterministic like the rest of the reports: every table is sorted on its numbers, then
on titles and slugs, so the same documents always give the same bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..models import ReferenceCheck, ScanResult
from . import checks as checkreport
from .cited import GENERIC, Ledger, ledger
from .findings import CATEGORY_VALUES, category_of, outlet_label
from .markdown import EMPTY, escape_md
from .sharing import shared

LOGGER = logging.getLogger(__name__)

OUTLETS_PER_CATEGORY = 5  # rows per category in "Outlets most cited"
DOCUMENTS_SHOWN = 10  # rows in the per-document rankings


@dataclass(frozen=True, slots=True)  # one per outlet per document, kept until index.md
class OutletUse:
    """How often one document cites one outlet."""

    key: str  # registry id, else "?" + the name or domain as written
    name: str
    category: str  # a Category value, or cited.GENERIC for a generic source (no outlet)
    references: int

    def __reduce__(self) -> tuple[Any, tuple[str, str, str, int]]:
        return outlet_use, (self.key, self.name, self.category, self.references)


MAX_USES = 50_000
_USES: dict[tuple[str, str, str, int], OutletUse] = {}


def outlet_use(key: str, name: str, category: str, references: int) -> OutletUse:
    """The one OutletUse of these values (:func:`findings.shared`), made only once: the
    same outlet with the same count recurs across documents, and index entries are
    unpickled more than once on their way to index.md."""
    fields = (key, name, category, references)
    if (use := _USES.get(fields)) is None:
        if len(_USES) >= MAX_USES:
            _USES.clear()
        use = _USES[fields] = shared(OutletUse(*fields))
    return use


# ---------------------------------------------------------------- the index


def outlet_uses(result: ScanResult, cited: Ledger | None = None) -> tuple[OutletUse, ...]:
    """The outlets a document cites, with their reference counts, in key order; its
    generic sources too, with the category ``GENERIC``."""
    cited = cited if cited is not None else ledger(result)
    counts, first = cited.counts, cited.first  # the first resolution of each outlet names it
    generic = cited.generic
    return tuple(
        [
            outlet_use(
                key,
                outlet_label(res),
                GENERIC if key in generic else CATEGORY_VALUES[category_of(res)],
                counts[key],
            )
            for key, res in sorted(first.items())
        ]
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
