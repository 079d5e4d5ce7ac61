"""Citation forms that need a whole document: linked dates, slash-date locale, long lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.models import ParenKind
from provenance.report import export
from provenance.scan import dates, ingest
from provenance.scan.extract import find_parentheticals
from provenance.scan.outlets import resolve
from provenance.scan.split import MAX_BRACKET_REACH, split_claims
from provenance.store import scans as store

HEAD = "<html><head><meta name='date' content='2018-12-01'></head><body><article>"


def _refs(path: Path) -> list[tuple[str, str | None, str | None]]:
    doc = ingest.read_document(path)
    result = pipeline.scan_document(doc, resolve.load_registry())
    return [
        (r.outlet, r.date.iso if r.date else None, r.url)
        for c in result.claims
        for r in c.references
    ]


@pytest.mark.parametrize(
    "name, body",
    [
        (
            "linked.html",
            HEAD + "<p>Moscow said so (TASS, <a href='https://tass.ru/x/1'>November 16, "
            "2018</a>; Interfax, <a href='https://interfax.ru/y'>November 17</a>).</p>",
        ),
        (
            "linked.md",
            "---\ndate: 2018-12-01\n---\n\nMoscow said so (TASS, [November 16, 2018]"
            "(https://tass.ru/x/1); Interfax, [November 17](https://interfax.ru/y)).\n",
        ),
        (
            "linked.txt",
            "Moscow said so (TASS, [November 16, 2018](https://tass.ru/x/1); "
            "Interfax, [November 17, 2018](https://interfax.ru/y)).\n",
        ),
    ],
    ids=["html", "markdown", "markdown-in-text"],
)
def test_a_link_around_the_date_attaches_to_the_reference(tmp_path, name, body) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    assert _refs(path) == [
        ("TASS", "2018-11-16", "https://tass.ru/x/1"),
        ("Interfax", "2018-11-17", "https://interfax.ru/y"),
    ]


@pytest.mark.parametrize(
    "text, hint",
    [
        ("The decree (Akorda.kz, 3/10/2016) was signed on 20 October 2016 and 4 May.", True),
        ("The decree (Akorda.kz, 3/10/2016) was signed on October 20, 2016.", False),
        ("The decree (Akorda.kz, 3/10/2016) was signed.", None),
        ("No slash date here, 20 October 2016.", None),
        ("Указ (Akorda.kz, 3/10/2016) подписан 20 октября 2016 года.", True),
    ],
    ids=["british", "american", "no-evidence", "no-slash-date", "russian"],
)
def test_day_first_hint_follows_the_writing(text: str, hint: bool | None) -> None:
    assert dates.day_first_hint(text) is hint


@pytest.mark.parametrize(
    "written, day_first, iso, anomaly",
    [
        ("3/10/2016", None, "2016-03-10", "ambiguous-date"),
        ("3/10/2016", True, "2016-10-03", "ambiguous-date"),
        ("25/10/2016", None, "2016-10-25", None),
        ("10/25/2016", True, "2016-10-25", None),
        ("4/4/2016", True, "2016-04-04", None),
        ("3/10/16", None, "2016-03-10", "ambiguous-date"),
        ("13/13/2016", None, "2016", "invalid-date"),
    ],
)
def test_slash_dates(written: str, day_first: bool | None, iso: str, anomaly: str | None) -> None:
    text = f"Signed (Akorda.kz, {written})."
    (paren,) = find_parentheticals(text, published=dt.date(2016, 11, 17), day_first=day_first)
    (ref,) = paren.references
    assert (ref.date.iso, ref.date.anomaly, ref.date.text) == (iso, anomaly, written)


def test_a_citation_list_longer_than_the_bracket_reach_is_one_citation() -> None:
    groups = "; ".join(f"Outlet{i}.ru, May {i % 28 + 1}" for i in range(60))
    text = f"Moscow said so ({groups}). Then it stopped (CSTO). A stray (open " + "x " * 600
    text += "b) closes it. Later (Interfax, May 3)."
    assert len(groups) > MAX_BRACKET_REACH
    found = find_parentheticals(text, published=dt.date(2016, 11, 17))
    assert [(p.kind, len(p.references)) for p in found] == [
        (ParenKind.CITATION, 60),
        (ParenKind.ACRONYM, 0),
        (ParenKind.MALFORMED, 0),
        (ParenKind.CITATION, 1),
    ]
    claims = split_claims(text, found)
    assert claims[0].text == "Moscow said so."
    assert len(claims[0].references) == 60


def test_title_and_source_kind_are_stored_and_read_back(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ndate: 2019-06-01\n---\n\nMoscow eyes the Arctic (“Moscow Eyes Arctic Ports,” EDM, "
        "May 4). The bank lent more (ADB, press release, May 2019). Clashes went on "
        "(local media, May 5).\n",
        encoding="utf-8",
    )
    db = store.open_db(":memory:")
    doc = ingest.read_document(path)
    registry = resolve.load_registry()
    store.sync_outlets(db, resolve.registry_rows(registry))
    store.save_scan(db, pipeline.scan_document(doc, registry), "a", "test")
    (doc_id,) = store.document_ids(db)
    loaded = store.load_scan(db, doc_id, registry)
    got = [(r.outlet, r.title, r.source_kind, r.unverifiable) for c in loaded.claims
           for r in c.references]  # fmt: skip
    assert got == [
        ("EDM", "Moscow Eyes Arctic Ports", None, False),
        ("ADB", None, "press release", True),
        ("local media", None, "generic", True),
    ]
    records = export.reference_records(loaded)
    assert [(r["outlet"], r["title"], r["source_kind"]) for r in records] == [
        (o, t, k) for o, t, k, _ in got
    ]


def test_report_lists_unverifiable_sources_apart_from_unknown_outlets(tmp_path) -> None:
    from tests.factories import report_of, scan_markdown

    scan_markdown(
        tmp_path,
        "Clashes went on (local media, May 5). An official confirmed it (author's interview, "
        "Dushanbe, May 2019). The bank lent more (ADB, press release, May 2019). A site said "
        "so (Example-unknown.kz, May 6).",
        date="2019-06-01",
    )
    report = report_of(tmp_path)
    unverifiable = report.split("### Unverifiable sources")[1].split("###")[0]
    unknown = report.split("### Outlets not in the registry")[1].split("###")[0]
    for source, kind in [
        ("local media", "generic"),
        ("author's interview", "interview"),
        ("ADB", "press release"),
    ]:
        assert f"| {source} | {kind} |" in unverifiable.replace("\\", "")
    assert "Example" in unknown and "local media" not in unknown and "interview" not in unknown
    assert "| Outlets not in the registry | 1 |" in report  # the summary counts as Findings list


@pytest.mark.parametrize(
    "cited, page_title, matches",
    [
        ("Moscow Eyes Arctic Ports", "Moscow Eyes Arctic Ports - Jamestown", True),
        ("Moscow eyes Arctic ports", "MOSCOW EYES ARCTIC PORTS | Jamestown", True),
        ("Moscow Eyes Arctic Ports", "Beijing Builds Arctic Icebreakers - Jamestown", False),
        ("Arctic Ports", "Moscow Eyes Arctic Ports - Jamestown", False),  # too short to be part
    ],
)
def test_a_quoted_title_is_strong_evidence_in_check(cited, page_title, matches) -> None:
    from provenance.archive import verify

    page = verify.page_facts(
        f"<html><head><title>{page_title}</title></head><body><p>{'Ships and cargo. ' * 30}"
        "</p></body></html>".encode(),
        url="https://jamestown.org/program/x/",
    )
    claim = "Russia plans three new deep-water terminals on the Northern Sea Route."
    plain = verify.score_candidate(claim, dt.date(2016, 5, 4), page)
    titled = verify.score_candidate(claim, dt.date(2016, 5, 4), page, title=cited)
    assert (verify.cited_title_match(cited, page_title) >= verify.CITED_TITLE_MATCH) is matches
    assert (titled.value > plain.value) is matches
    assert ("page title matches the cited title" in " ".join(titled.reasons)) is matches


def test_a_part_of_a_citation_not_read_as_a_source_is_said(tmp_path) -> None:
    """A ';' group the grammar could not read was dropped without a word: the claim
    looked single-sourced. Groups without a number are notes, and stay quiet."""
    from provenance.config import Settings

    doc = tmp_path / "a.md"
    doc.write_text(
        '---\ndate: 2016-11-17\n---\n\nMoscow agreed ("Novaya Gazeta", October 20; Echo: '
        "Moscow, October 21). Prices rose (TASS, May 3; emphasis added; ibid.).\n",
        encoding="utf-8",
    )
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"))
    summary = pipeline.scan([doc], settings)
    report = next((tmp_path / "r").glob("a*.md"))
    problems = report.read_text(encoding="utf-8").split("### Document problems")[1]
    assert problems.split("\n###")[0].strip().splitlines() == [
        "- part of a citation at line 5 not read as a source: '\"Novaya Gazeta\", October 20'"
    ]
    assert summary.warnings == [
        (
            str(doc),
            "part of a citation at line 5 not read as a source: '\"Novaya Gazeta\", October 20'",
        )
    ]
    before = report.read_bytes()
    report.unlink()
    from provenance.store import scans as store

    pipeline.write_reports(store.open_db(settings.db), settings)  # from the database
    assert report.read_bytes() == before


def test_an_unread_part_is_said_after_a_credit_too() -> None:
    """The part was kept under the text after "Source:", and looked for under the whole."""
    from provenance.scan import unread
    from provenance.scan.extract import find_parentheticals

    text = 'It rose (Source: TASS, May 4; "Novaya Gazeta", October 20).'
    (paren,) = find_parentheticals(text, published=dt.date(2016, 11, 17))
    assert unread.unread_parts(paren.raw[1:-1]) == ('"Novaya Gazeta", October 20',)


def test_the_oldest_unread_parts_go_first(monkeypatch) -> None:
    """Past the limit everything was dropped at once, also what the scan's memo of
    citations still held: those warnings were lost for the rest of the process."""
    from provenance.scan import unread

    monkeypatch.setattr(unread, "_UNREAD", {})
    monkeypatch.setattr(unread, "KEPT", 3)
    for name in ("a", "b", "c", "d"):
        unread.remember(name, (name,))
    assert [unread.unread_parts(n) for n in "abcd"] == [(), ("b",), ("c",), ("d",)]


#: A document published on May 10, 2016, with the three citations of the report that brought
#: day-month dates ("17.03"), days after a year and bare numbers as outlets.
REPORTED = (
    "Published May 10, 2016.\n\nThe ministry said so (РИА Новости, 17.03). Another thing "
    "happened (TASS, May 3, 2016, 12). A third thing (12.5, May 3).\n"
)


def test_a_day_month_date_after_an_outlet_takes_its_year_from_the_publication() -> None:
    """ "(РИА Новости, 17.03)" gave nothing: "17.03" was dropped as a clock time. Right
    after an outlet, with two-digit day and month, it is 17 March, its year inferred as
    for "March 17"; a day and month later in the year than the publication go a year back."""
    text = "It said so (РИА Новости, 17.03). And so (TASS, 31.12)."
    found = find_parentheticals(text, published=dt.date(2016, 5, 10))
    got = [
        (r.outlet, r.date.iso, r.date.year_inferred, r.date.text)
        for p in found
        for r in p.references
    ]
    assert got == [
        ("РИА Новости", "2016-03-17", True, "17.03"),
        ("TASS", "2015-12-31", True, "31.12"),
    ]


def test_a_bare_day_after_a_year_is_a_part_not_read_not_a_guessed_date() -> None:
    """ "(TASS, May 3, 2016, 12)" gave nothing at all: the whole date list was void.

    The decision: "May 3, 12" is two days of May, because a bare day continues the month
    of its run; but a year closes the run ("June 9, 12, 2016"), so a bare day after the
    year has no month, as "(News.tj, 24)" has none. Reading it as May 12 would be a guess
    (a page, an hour, a slip for "May 3, 12, 2016"?) that sends the archive check to a day
    the author may not have meant. So the dates before it are read, and "12" is said as a
    part of the citation not read, as an unreadable ';' group is."""
    from provenance.scan import unread

    text = "It happened (TASS, May 3, 2016, 12). And (Interfax, 20.10.2016, 12, 13)."
    found = find_parentheticals(text, published=dt.date(2016, 5, 10))
    assert [
        [(r.outlet, r.date.iso, r.date.year_inferred) for r in p.references] for p in found
    ] == [
        [("TASS", "2016-05-03", False)],
        [("Interfax", "2016-10-20", False)],
    ]
    assert [unread.unread_parts(p.raw[1:-1]) for p in found] == [("12",), ("12, 13",)]


def test_a_bare_number_names_no_outlet() -> None:
    """ "(12.5, May 3)" cited an outlet named "12.5". A name holds a letter ("24 Kanal",
    "24.kg", "RBC"); a number alone voids its group, said as a part not read when another
    group of the citation cites."""
    from provenance.scan import unread

    text = "A (12.5, May 3). B (TASS, May 3; 12.5, May 4). C (24 Kanal, May 3)."
    found = find_parentheticals(text, published=dt.date(2016, 5, 10))
    assert [(p.kind, [r.outlet for r in p.references]) for p in found] == [
        (ParenKind.ASIDE, []),
        (ParenKind.CITATION, ["TASS"]),
        (ParenKind.CITATION, ["24 Kanal"]),
    ]
    assert unread.unread_parts(found[1].raw[1:-1]) == ("12.5, May 4",)


def test_a_name_opening_with_a_small_letter_before_a_capital_is_an_outlet() -> None:
    """ "(iStories, May 4)" was a part not read: names start with a capital, but iStories
    (Important Stories) and eNews put a small letter first. Prose does not: "(iPhone sales,
    May 3)" and "(e.g. in May)" stay no citation."""
    text = (
        "A (iStories, May 4). B (Meduza, May 3; iStories, May 4). C (eNews, May 2). "
        "D (iPhone sales, May 3). E (e.g. in May). F (i.e., the ministry)."
    )
    found = find_parentheticals(text, published=dt.date(2016, 5, 10))
    assert [[r.outlet for r in p.references] for p in found] == [
        ["iStories"],
        ["Meduza", "iStories"],
        ["eNews"],
        [],
        [],
        [],
    ]


def test_the_reported_citations_through_a_scan(tmp_path) -> None:
    """The three citations of the report through ``pipeline.scan``: the references stored
    and exported, and the day after a year said in the report although the citation has
    no ';' (only such citations were asked for parts not read)."""
    from provenance.config import Settings
    from provenance.store import scans as store

    doc = tmp_path / "e.txt"
    doc.write_text(REPORTED, encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"))
    summary = pipeline.scan([doc], settings)
    db = store.open_db(settings.db)
    records = [
        export.reference_records(store.load_scan(db, doc_id, resolve.load_registry()))
        for doc_id in store.document_ids(db)
    ]
    assert [(r["outlet"], r["date"], r["year_inferred"]) for r in records[0]] == [
        ("РИА Новости", "2016-03-17", True),
        ("TASS", "2016-05-03", False),
    ]
    said = "part of a citation at line 3 not read as a source: '12'"
    assert summary.warnings == [(str(doc), said)]
    report = next((tmp_path / "r").glob("e*.md")).read_text(encoding="utf-8")
    assert f"- {said}" in report.split("### Document problems")[1].split("\n###")[0]


def test_a_citation_with_no_semicolon_is_asked_for_its_parts_only_when_kept(monkeypatch) -> None:
    """The scan asks for the parts not read of a citation with a ';', or of one kept in
    ``ONE_GROUP``: the others, nearly all, cost no lookup. What leaves the memo leaves it."""
    from provenance.scan import unread

    monkeypatch.setattr(unread, "_UNREAD", {})
    monkeypatch.setattr(unread, "ONE_GROUP", set())
    monkeypatch.setattr(unread, "KEPT", 2)
    text = "It rose (TASS, May 3). It fell (Source: Interfax, May 4, 2016, 13)."
    plain, credited = find_parentheticals(text, published=dt.date(2016, 11, 17))
    assert [r.outlet for r in credited.references] == ["Interfax"]
    assert not unread.in_one_group(plain.raw)
    assert unread.in_one_group(credited.raw)  # kept without its "Source:"
    unread.remember("TASS, May 3, 2016, 12", ("12",))
    assert unread.in_one_group("(TASS, May 3, 2016, 12)")
    unread.remember("a; b", ("b",))  # the credited citation goes, and with it its place
    assert unread.ONE_GROUP == {"TASS, May 3, 2016, 12"}
    assert not unread.in_one_group(credited.raw)
