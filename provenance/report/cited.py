"""One document's claims, split into cited and uncited, with references and resolutions.

Every part of a report (findings, counts, pictures, the claims section, the index row)
walks the same claims, their citations, references and resolutions. ``claim.citations``
and ``claim.references`` are computed on each access, and a resolution is two dictionary
look-ups: a :class:`Ledger` works them out once per document, and every part reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import (
    GENERIC_METHOD,
    Category,
    Claim,
    Parenthetical,
    Reference,
    Resolution,
    ScanResult,
    quick_init,
)

__all__ = [
    "GENERIC",
    "CitedClaim",
    "Ledger",
    "category_of",
    "is_generic",
    "ledger",
    "outlet_key",
    "outlet_label",
    "resolution_of",
]

#: What a report calls a generic source ("local media", "Russian agencies") or an
#: interview: a source that names no outlet, counted apart from the outlets.
GENERIC = GENERIC_METHOD


def outlet_key(res: Resolution) -> str:
    """What makes two references the same outlet: the registry id, else the name or domain."""
    if res.outlet is not None:
        return res.outlet.id
    return "?" + (res.domain or res.written.strip().casefold())


def outlet_label(res: Resolution) -> str:
    """The outlet's canonical name when known, else the name as written; for a link to an
    unknown site, that site ("u-f.ru", not "https://u-f.ru/News/u316/…", which a chart
    cut to "https")."""
    if res.outlet is not None:
        return res.outlet.name
    if res.domain and "/" in res.written:
        return res.domain
    return res.written


def category_of(res: Resolution) -> Category:
    """The registry category, UNKNOWN for an outlet not in the registry."""
    return res.outlet.category if res.outlet is not None else Category.UNKNOWN


def bare_platform(ref: Reference, res: Resolution) -> bool:
    """A platform named without an account ("(YouTube, March 3)"): no page to find."""
    return res.outlet is not None and res.outlet.is_platform and not ref.url


def is_generic(res: Resolution) -> bool:
    """True for a generic source or an interview (``Reference.source_kind`` "generic" or
    "interview"): it names no outlet, so it is no outlet of the counts, charts and rankings.
    A document type with a named outlet ("ADB, press release") counts as that outlet."""
    return res.method == GENERIC


def resolution_of(result: ScanResult, ref: Reference) -> Resolution:
    """The resolution of a reference (``ScanResult.resolution``); unknown when there is none."""
    res = result.resolution(ref)
    return _unknown(ref) if res is None else res


@quick_init  # one per cited claim: made without a setattr call per field
@dataclass(frozen=True)
class CitedClaim:
    """A claim with at least one citation, and what its citations give."""

    number: int  # 1-based position among all the document's claims
    claim: Claim
    citations: list[Parenthetical]
    references: list[Reference]  # may be empty: a citation from which no outlet was read
    resolutions: list[Resolution]  # one per reference
    keys: list[str]  # the outlet_key of each resolution


@dataclass(frozen=True, slots=True)
class Ledger:
    """A document's claims, each once: the cited ones with their references resolved."""

    claims: int  # how many claims the document has
    cited: list[CitedClaim]  # in document order
    uncited: list[tuple[int, Claim]]  # (1-based number, claim), in document order
    references: list[Reference]  # of every cited claim, in document order
    resolutions: list[Resolution]  # one per reference
    keys: list[str]  # the outlet_key of each resolution
    counts: dict[str, int]  # references per outlet key, keys in order of first use
    first: dict[str, Resolution]  # the first resolution of each outlet key (it names it)
    generic: dict[str, int]  # the keys of counts that are generic sources (is_generic)

    @property
    def citations(self) -> int:
        """How many citations the document's claims hold."""
        return sum(len(c.citations) for c in self.cited)


def ledger(result: ScanResult) -> Ledger:
    """Walk a document's claims once.

    Args:
        result: The document's scan, with resolutions.

    Returns:
        Its Ledger.
    """
    cited: list[CitedClaim] = []
    uncited: list[tuple[int, Claim]] = []
    all_refs: list[Reference] = []
    all_res: list[Resolution] = []
    all_keys: list[str] = []
    for number, claim in enumerate(result.claims, start=1):
        # most claims have no parenthetical: no call of the citations property for them
        citations = claim.citations if claim.parentheticals else claim.parentheticals
        if not citations:
            uncited.append((number, claim))
            continue
        refs = [r for p in citations for r in p.references]
        resolutions = [resolution_of(result, ref) for ref in refs]
        keys = list(map(outlet_key, resolutions))
        cited.append(CitedClaim(number, claim, citations, refs, resolutions, keys))
        all_refs += refs
        all_res += resolutions
        all_keys += keys
    counts, first = _outlets(all_keys, all_res)
    generic = {key: n for key, n in counts.items() if is_generic(first[key])}
    return Ledger(
        len(result.claims), cited, uncited, all_refs, all_res, all_keys, counts, first, generic
    )


def _unknown(ref: Reference) -> Resolution:
    return Resolution(written=ref.outlet, outlet=None, domain=None, method="unknown")


def _outlets(
    keys: list[str], resolutions: list[Resolution]
) -> tuple[dict[str, int], dict[str, Resolution]]:
    """References per outlet key, and each key's first resolution: the outlet counts of
    the summary, the chart and the index entry, worked out once for the three."""
    counts: dict[str, int] = {}
    first: dict[str, Resolution] = {}
    for key, res in zip(keys, resolutions):
        if key in counts:
            counts[key] += 1
        else:
            counts[key] = 1
            first[key] = res
    return counts, first
