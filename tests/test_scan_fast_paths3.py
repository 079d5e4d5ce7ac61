"""Fast paths of the scan's rows, memo and reference placing, against plain versions.

``store.rows`` builds a claim's row without calling ``stored_text`` when the claim is as
long as its sentence, and the outlet and date rows of a reference inline;
``Registry.resolve_reference`` answers an undated outlet from its key alone; and
``grammar.place`` builds its References with a list comprehension; ``split_claims``
sorts its parentheticals in place by an attrgetter, and its candidate sentence ends by a
methodcaller; and
``encoding.printable`` asks ``isprintable`` of the characters that are not printable ASCII
only. Each is checked here against the code it replaced, written plainly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import (
    CitedDate,
    Claim,
    Document,
    DocumentMeta,
    ParenKind,
    Parenthetical,
    Reference,
    Resolution,
    ScanResult,
)
from provenance.scan import dates, encoding, grammar, split
from provenance.scan.outlets import resolve
from provenance.store import scans as store
from provenance.store.claimtext import stored_text
from provenance.store.rows import NO_DATE, ScanRows, _resolution_part

# ---------------------------------------------------------------- rows


def _plain_rows(result: ScanResult) -> ScanRows:
    """``scan_rows`` as it was before its fast paths: one call per row part."""
    text, rows = result.document.text, ScanRows({}, [])
    outlet_places: dict[tuple[Any, ...], int] = {}
    date_places: dict[tuple[int, bool], int] = {}
    cit_id = ref_id = 0
    for claim_id, claim in enumerate(result.claims):
        n_citations = n_references = 0
        for position, paren in enumerate(claim.parentheticals):
            is_citation = paren.kind is ParenKind.CITATION
            raw = None if text[paren.start : paren.end] == paren.raw else paren.raw
            rows.citations.append((cit_id, claim_id, position, paren.start, paren.end, raw,
                                   paren.kind.value, int(is_citation)))  # fmt: skip
            if is_citation:
                n_citations += 1
                n_references += len(paren.references)
            for place, ref in enumerate(paren.references):
                res = result.resolutions.get(ref.resolution_key)
                key = (ref.outlet, id(res), ref.prefix, ref.source_kind)
                if key not in outlet_places:
                    outlet_places[key] = len(rows.outlets)
                    rows.outlets.append(
                        (ref.outlet, *_resolution_part(res), ref.prefix, ref.source_kind)
                    )
                date_key = (id(ref.date), ref.accessed)
                if date_key not in date_places:
                    date_places[date_key] = _plain_date_row(rows.dates, ref)
                plain_end = ref.outlet_end == ref.outlet_start + len(ref.outlet)
                end = None if plain_end and "\0" not in ref.outlet else ref.outlet_end
                rows.references.append((ref_id, cit_id, place, ref.outlet_start, end,
                                        outlet_places[key], date_places[date_key], ref.url,
                                        ref.title))  # fmt: skip
                ref_id += 1
            cit_id += 1
        rows.claims.append((claim_id, claim.paragraph, claim.sentence, claim.start, claim.end,
                            *stored_text(text, claim), n_citations, n_references))  # fmt: skip
    rows.counts = (
        len(result.claims),
        sum(1 for p in result.parentheticals if p.is_citation),
        sum(len(p.references) for p in result.parentheticals),
    )
    return rows


def _plain_date_row(dates_rows: list[tuple[Any, ...]], ref: Reference) -> int:
    if ref.date is None and not ref.accessed:
        return NO_DATE
    d = ref.date
    part = (
        (None, None, None, None, None, 0, None)
        if d is None
        else (d.text, d.iso, d.year, d.month, d.day, int(bool(d.year_inferred)), d.anomaly)
    )
    dates_rows.append((*part, int(ref.accessed)))
    return len(dates_rows) - 1


TEXT = "Drills (TASS, May 3) began.\tA camp  (Regnum, 2016) opened (“x”, see EDM) now.\0 End"
OUTLETS = ["TASS", "Regnum", "EDM", "A\0B", ""]
SHARED_DATES = [
    CitedDate("May 3", 2016, 5, 3),
    CitedDate("2016", 2016, year_inferred=True),
    CitedDate("May 9", None, 5, 9, anomaly="year-unknown"),
]
offsets = st.integers(0, len(TEXT) + 3)


@st.composite
def references(draw: Any) -> Reference:
    outlet = draw(st.sampled_from(OUTLETS))
    start = draw(offsets)
    end = draw(st.sampled_from([start + len(outlet), start + len(outlet) + 1, start]))
    made = CitedDate("May 4", 2015, 5, 4)  # a date of its own: a row of its own
    date = draw(st.sampled_from([None, made, *SHARED_DATES]))
    return Reference(
        outlet, start, end, date,
        prefix=draw(st.sampled_from([None, "see"])),
        accessed=draw(st.booleans()),
        url=draw(st.sampled_from([None, "https://tass.ru/1"])),
        title=draw(st.sampled_from([None, "Title"])),
        source_kind=draw(st.sampled_from([None, "generic", "press release"])),
    )  # fmt: skip


@st.composite
def parentheticals(draw: Any) -> Parenthetical:
    start = draw(offsets)
    end = draw(st.integers(start, start + 30))
    raw = draw(st.sampled_from([TEXT[start:end], TEXT[start:end] + ")", "(x)"]))
    kind = draw(st.sampled_from(list(ParenKind)))
    refs = tuple(draw(st.lists(references(), max_size=4)))
    return Parenthetical(start, end, raw, kind, refs)


@st.composite
def claims(draw: Any) -> Claim:
    start = draw(offsets)
    end = draw(st.integers(start, start + 40))
    sentence = TEXT[start:end]
    text = draw(st.sampled_from([sentence, sentence.replace("\t", " "), sentence[:-1], "x"]))
    parens = draw(st.lists(parentheticals(), max_size=3))
    parens.sort(key=lambda p: p.start)
    return Claim(draw(st.integers(0, 3)), draw(st.integers(0, 3)), start, end, text, parens)


def _result(claim_list: list[Claim], resolved: list[bool]) -> ScanResult:
    doc = Document("a.txt", "0" * 64, "txt", "utf-8", TEXT, DocumentMeta())
    parens = [p for c in claim_list for p in c.parentheticals]
    result = ScanResult(doc, claim_list, parens)
    methods = iter(resolved * 50)
    for ref in (r for p in parens for r in p.references):
        if next(methods, False) and ref.resolution_key not in result.resolutions:
            result.resolutions[ref.resolution_key] = Resolution(ref.outlet, None, "x.tj", "domain")
    return result


@settings(max_examples=300, deadline=None)
@given(st.lists(claims(), max_size=6), st.lists(st.booleans(), min_size=1, max_size=5))
def test_scan_rows_match_the_plain_rows(claim_list: list[Claim], resolved: list[bool]) -> None:
    result = _result(claim_list, resolved)
    fast, plain = store.scan_rows(result), _plain_rows(result)
    assert fast.claims == plain.claims
    assert fast.citations == plain.citations
    assert fast.references == plain.references
    assert fast.outlets == plain.outlets
    assert fast.dates == plain.dates
    assert fast.counts == plain.counts


# ---------------------------------------------------------------- resolve memo

REGISTRY = resolve.load_registry()
WRITTEN = ["Asia-Plus", "News.tj", "TASS", "Interfax", "Zzyzx Daily", "example.kz", "afintl"]
CITED = [
    None,
    CitedDate("2016", 2016),
    CitedDate("May 3, 2016", 2016, 5, 3),
    CitedDate("August 30, 2019", 2019, 8, 30),
    CitedDate("August 2, 2019", 2019, 8, 2),
    CitedDate("May 3, 2022", 2022, 5, 3),
    CitedDate("Feb 30, 2020", 2020, 2, 30, anomaly="invalid-date"),
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(WRITTEN),
            st.sampled_from(CITED),
            st.sampled_from([None, "https://asiaplustj.info/news/1", "https://tass.ru/2"]),
            st.sampled_from([None, "Jamestown Foundation", "Asia-Plus"]),
            st.sampled_from([None, None, "generic"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_resolve_reference_memo_answers_as_resolve(calls: list[tuple[Any, ...]]) -> None:
    """Memoised answers, undated outlets' by their key alone, are ``resolve``'s."""
    registry = resolve.Registry(REGISTRY.outlets.values())
    for written, date, url, publisher, kind in calls:
        ref = Reference(written, 0, len(written), date, url=url, source_kind=kind)
        got = registry.resolve_reference(ref, publisher)
        if kind == "generic":
            assert got == Resolution(written, None, None, "generic")
            continue
        when = date.as_date() if date else None
        assert got == REGISTRY.resolve(written, url=url, when=when, publisher=publisher)
        assert registry.resolve_reference(ref, publisher) is got  # the memo's own answer


def test_dated_and_undated_outlets_keep_apart_memo_keys() -> None:
    """Asia-Plus has dated domains: its answers differ by era, News.tj's never do."""
    registry = resolve.Registry(REGISTRY.outlets.values())
    early = Reference("Asia-Plus", 0, 9, CITED[2])
    late = Reference("Asia-Plus", 0, 9, CITED[3])
    assert registry.resolve_reference(early).domain != registry.resolve_reference(late).domain
    first = registry.resolve_reference(Reference("Interfax", 0, 8, CITED[2]))
    assert registry.resolve_reference(Reference("Interfax", 0, 8, CITED[5])) is first


# ---------------------------------------------------------------- place

CITATIONS = [
    "TASS, May 3",
    "see News.tj, October 20, 21, 2016; Regnum, 2015",
    "Interfax, RIA Novosti, March 2; accessed May 4, 2019",
    "“A title,” EDM, May 4",
    "local media, June 1",
]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(CITATIONS),
    st.integers(0, 50),
    st.sampled_from([None, dt.date(2016, 11, 17)]),
    st.booleans(),
)
def test_place_matches_references_built_one_by_one(
    inner: str, offset: int, published: dt.date | None, linked: bool
) -> None:
    protos = grammar.read_citation(inner)
    assert protos
    links = [store_link(offset, inner)] if linked else []
    index = grammar.LinkIndex(links)
    expected = []
    for o, start, end, spec, prefix, acc, url, title, kind, ds, de in protos:
        s, e = start + offset, end + offset
        if links:
            url = index.url_for(s, e) or url or (index.url_for(ds + offset, de + offset)
                                                 if de > ds else None)  # fmt: skip
        date = None if spec is None else dates.dated(spec, published)
        expected.append(Reference(o, s, e, date, prefix, acc, url, title, kind))
    assert grammar.place(protos, offset, index, published) == tuple(expected)


def store_link(offset: int, inner: str) -> Any:
    """A link over the first four characters of the citation."""
    from provenance.models import Link

    return Link(offset, offset + 4, "https://example.org/a", inner[:4])


# ---------------------------------------------------------------- printable

ODD = "\t\n\r\x00\x7f\x85\xa0\u200b\u2028\u3000\ud800\udc00\ue000\U0001f600\U000e0001\u0378“”"


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
            st.sampled_from(ODD),
        ),
        max_size=60,
    )
)
def test_printable_is_isprintable(text: str) -> None:
    assert encoding.printable(text) == text.isprintable()


def test_printable_sees_each_odd_character_among_ascii() -> None:
    for odd in ODD:
        for text in (odd, f"a {odd} b", f"{odd}\ud800", f"x{odd}{odd}"):
            assert encoding.printable(text) == text.isprintable(), repr(text)


# ---------------------------------------------------------------- split's sort

SPLIT_TEXT = "One (a) two (TASS, May 3). Why? [b] (c (d)) four! Five (e) six (f). Go."


@st.composite
def unsorted_parens(draw: Any) -> list[Parenthetical]:
    spans = draw(st.lists(st.tuples(st.integers(0, 70), st.integers(1, 9)), max_size=8))
    kinds = st.sampled_from([ParenKind.CITATION, ParenKind.ASIDE, ParenKind.MALFORMED])
    found = [Parenthetical(s, s + n, SPLIT_TEXT[s : s + n], draw(kinds)) for s, n in spans]
    return draw(st.permutations(found))


@settings(max_examples=300, deadline=None)
@given(unsorted_parens(), st.integers(0, 20), st.integers(40, 80))
def test_split_claims_sorts_its_parentheticals_as_sorted_did(
    parens: list[Parenthetical], start: int, end: int
) -> None:
    """Filtered and stably sorted by start: ties keep their order, as sorted() kept it."""
    kept = sorted(
        (p for p in parens if start <= p.start < p.end <= min(end, len(SPLIT_TEXT))),
        key=lambda p: p.start,
    )
    got = split.split_claims(SPLIT_TEXT, parens, start, end)
    assert got == split.split_claims(SPLIT_TEXT, kept, start, end)
    inside = [p for claim in got for p in claim.parentheticals]
    assert inside == [p for p in kept if any(p in c.parentheticals for c in got)]


@given(st.lists(st.sampled_from(["A b.", " C d?", " E f!", " G h...", " (I j.) K.", "\n\nL."])))
def test_candidates_of_every_terminator_come_in_text_order(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = sorted(
        (m for _, pattern in split.CANDIDATE_RES for m in pattern.finditer(text)),
        key=lambda m: m.start(),
    )
    got = split._candidates(text, 0, len(text))
    assert [(m.re, m.span()) for m in got] == [(m.re, m.span()) for m in plain]
