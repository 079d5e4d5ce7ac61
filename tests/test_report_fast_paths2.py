"""Report fast paths (issue 10) held to what they replaced: the per-document ledger's
outlet keys and counts (every part of a report once worked them out for itself, reference
by reference), and the narrower or faster hint checks before the fact patterns."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import (
    Category,
    CitedDate,
    Claim,
    Outlet,
    ParenKind,
    Parenthetical,
    Resolution,
    ScanResult,
)
from provenance.report import checks as checkreport
from provenance.report import corpus, reftable
from provenance.report import facts as f
from provenance.report import findings as findings_module
from provenance.report.cited import ledger, outlet_key, resolution_of
from provenance.report.findings import (
    CATEGORIES,
    CATEGORY_VALUES,
    ClaimFinding,
    DocumentStats,
    category_of,
    claim_ref,
    find_findings,
    outlet_label,
    summarize,
)
from provenance.report.markdown import escape_md, md_link
from tests.test_report import cite, claim, known, outlet, ref, scan, unknown

# Few names, so that outlets repeat within and across claims; some differ only in case
# or spaces (one outlet key, two labels), some resolve to one registry outlet.
NAMES = ["TASS", "tass ", "Tass", "News.tj", "Sputnik", "RIA", "Ozodi", "x.kz", ""]
OUTLETS = [
    outlet("tass", "TASS", Category.STATE_OWNED),
    outlet("news-tj", "News.tj"),
    outlet("ria", "RIA Novosti", Category.STATE_AFFILIATED),
]


@st.composite
def scans(draw: st.DrawFn) -> ScanResult:
    """A scan whose references resolve to known, unknown or missing resolutions."""
    claims: list[Claim] = []
    for number in range(draw(st.integers(0, 6))):
        parens = [
            cite(
                "(x)", *[ref(draw(st.sampled_from(NAMES))) for _ in range(draw(st.integers(0, 4)))]
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        claims.append(claim(f"Claim {number} said twenty things.", *parens, sent=number))
    resolutions = []
    for name in NAMES:
        kind = draw(st.integers(0, 2))
        if kind == 1:
            resolutions.append(unknown(name))
        elif kind == 2:
            resolutions.append(known(name, draw(st.sampled_from(OUTLETS)), self_citation=True))
    return scan(claims, resolutions)


def old_counts(result: ScanResult) -> tuple[dict[str, int], dict[str, object]]:
    """References per outlet key and each key's first resolution, as each part counted."""
    counts: dict[str, int] = {}
    first: dict[str, object] = {}
    for claim_ in result.claims:
        if not claim_.citations:
            continue
        for reference in claim_.references:
            res = resolution_of(result, reference)
            key = outlet_key(res)
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, res)
    return counts, first


def old_summarize(result: ScanResult) -> DocumentStats:
    """summarize's counts as they were, from a reference-by-reference loop."""
    cited = ledger(result)
    outlets: dict[str, Category] = {}
    ref_counts: Counter[Category] = Counter()
    self_citations = 0
    for res in (resolution_of(result, r) for c in cited.cited for r in c.references):
        outlets.setdefault(outlet_key(res), category_of(res))
        ref_counts[category_of(res)] += 1
        self_citations += res.self_citation
    outlet_counts = Counter(outlets.values())
    return DocumentStats(
        claims=len(result.claims),
        cited_claims=len(cited.cited),
        citations=sum(len(c.citations) for c in result.claims),
        references=sum(len(c.references) for c in cited.cited),
        outlets=len(outlets),
        self_citations=self_citations,
        # as the Findings section lists them: generic sources and interviews are not
        # outlets the registry lacks (the "?" keys counted them too, against Findings)
        unknown_outlets=len(find_findings(result).unknown_outlets),
        findings=find_findings(result).count,
        by_category=tuple(
            (CATEGORY_VALUES[cat], outlet_counts[cat], ref_counts[cat])
            for cat in CATEGORIES
            if ref_counts[cat]
        ),
    )


@given(scans())
def test_the_ledger_resolves_and_keys_each_reference_as_before(result: ScanResult) -> None:
    cited = ledger(result)
    for entry in cited.cited:
        assert entry.resolutions == [resolution_of(result, r) for r in entry.references]
        assert entry.keys == [outlet_key(res) for res in entry.resolutions]
    assert cited.keys == [key for entry in cited.cited for key in entry.keys]
    counts, first = old_counts(result)
    assert list(cited.counts.items()) == list(counts.items())  # the same order too
    assert list(cited.first.items()) == list(first.items())


@given(scans())
def test_summary_and_index_outlets_are_counted_as_before(result: ScanResult) -> None:
    assert summarize(result) == old_summarize(result)
    counts, first = old_counts(result)
    assert corpus.outlet_uses(result) == tuple(
        corpus.outlet_use(key, outlet_label(res), CATEGORY_VALUES[category_of(res)], counts[key])
        for key, res in sorted(first.items())
    )


@given(scans())
def test_single_source_labels_are_each_claims_own_first(result: ScanResult) -> None:
    # Two spellings of one unknown outlet share a key: the label a claim shows is the
    # first of its own references, not the document's first.
    findings = find_findings(result)
    for finding in findings.single_source:
        entry = next(c for c in ledger(result).cited if c.number == finding.number)
        labels: dict[str, str] = {}
        for res in entry.resolutions:
            labels.setdefault(outlet_key(res), outlet_label(res))
        assert finding.detail == tuple(labels.values())


# ------------------------------------------------------------------ fact hints
_MONTHISH = "Jan|Ju|Jul|Jun|Ma|May|Mar|A|Apr|Aug|Se|Sep|Dec|Nov|Oct|Feb|day|wee|week|month|year"
_KINGISH = "king|King|KING|KİNG|Kıng|\u212aing|making|asking|(king|-king|_king|5king|kin|ing"
_TITLE_WORDS = "President|minister|Chief|министр|Посол|General|of|the|Defense|Rahmon|Sherali"
_GLUE = " |  |, |,|.|-|(|’|x|é|ı|İ|\u0307|"


def _texts(parts: str) -> st.SearchStrategy[str]:
    words = st.sampled_from(parts.split("|")) | st.text(max_size=3)
    return st.lists(words, max_size=14).map("".join)


@settings(max_examples=500)
@given(_texts(f"{_MONTHISH}|{_GLUE}"))
def test_the_date_hint_search_is_the_hint_loop(text: str) -> None:
    assert (f.DATE_HINT_RE.search(text) is not None) is f._holds_any(text, f.DATE_HINTS)


@settings(max_examples=1000)
@given(_texts(f"{_KINGISH}|{_TITLE_WORDS}|{_GLUE}"))
def test_a_king_inside_a_word_is_no_title_hint(text: str) -> None:
    folded = f._fold(text)
    old = f._holds_any(folded, f.TITLE_HINTS) or "king" in folded
    new = f._holds_title(text, folded)
    assert new <= old  # the hint is only narrowed...
    if not new:  # ...where no official can be named
        assert not f._names_an_official(text)
    if f._holds_any(folded, f.TITLE_HINTS):
        assert new


def test_the_title_hints_are_split_by_script() -> None:
    assert set(f.LATIN_TITLE_HINTS) | set(f.CYRILLIC_TITLE_HINTS) == set(f.TITLE_HINTS)
    assert "king" not in f.TITLE_HINTS
    assert f._holds_title("Посол России", f._fold("Посол России"))
    assert f._holds_title("King Abdullah said", f._fold("King Abdullah said"))
    assert not f._holds_title("Speaking today", f._fold("Speaking today"))


# ------------------------------------------------------------------ reference rows
def old_reference_cells(row: tuple, with_checks: bool) -> list[str]:
    """reftable._reference_cells as it was, with category_of and _domain_cell called."""
    index, reference, res, check = row
    known_outlet = res.outlet
    canonical = escape_md(known_outlet.name) if known_outlet is not None else "**unknown outlet**"
    cells = [
        str(index),
        escape_md(reference.outlet),
        canonical + " **(self-citation)**" if res.self_citation else canonical,
        reftable._domain_cell(res, reference.date),
        reftable._date_cell(reference),
        CATEGORY_VALUES[category_of(res)],
        escape_md(reference.prefix),
        md_link(reference.url, in_table=True) if reference.url else "",
    ]
    if with_checks:
        cells.append(checkreport.check_cell(check))
    return cells


@given(
    st.sampled_from(NAMES),
    st.sampled_from([None, *OUTLETS]),
    st.sampled_from([None, "", "x.kz", "a*b.ru", "\u200b"]),
    st.booleans(),
    st.sampled_from([None, CitedDate("20 Oct 2016", 2016, 10, 20), CitedDate("2016", 2016)]),
)
def test_a_reference_row_is_made_as_before(
    written: str,
    known_outlet: Outlet | None,
    domain: str | None,
    self_citation: bool,
    date: CitedDate | None,
) -> None:
    res = Resolution(written, known_outlet, domain, "alias", self_citation)
    row = (1, ref(written, date), res, None)
    for with_checks in (False, True):
        assert reftable._reference_cells(row, with_checks) == old_reference_cells(row, with_checks)


# ------------------------------------------------------------------ parenthetical kinds
@given(st.lists(st.sampled_from(list(ParenKind)), max_size=4), st.integers(1, 9))
def test_claim_refs_and_skipped_parentheticals_read_the_kind_as_before(
    kinds: list[ParenKind], number: int
) -> None:
    parens = [
        Parenthetical(
            i * 10, i * 10 + 3, "(x)", kind, () if kind is not ParenKind.CITATION else (ref("X"),)
        )
        for i, kind in enumerate(kinds)
    ]
    claim_ = claim("A sentence of the claim.", *parens)
    finding = ClaimFinding(number, claim_)
    old = f"[Claim {number}](#claim-{number})" if claim_.citations else f"Claim {number}"
    assert claim_ref(finding) == old
    result = scan([claim_], [])
    expected = [(1, p) for p in parens if not p.is_citation]
    assert findings_module._skipped(result) == expected
