"""Tests for the Markdown reports: escaping, fact detection, findings, document and index."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re

import pytest

from provenance.models import (
    Candidate,
    Category,
    CitedDate,
    Claim,
    Document,
    DocumentMeta,
    Outlet,
    OutletDomain,
    ParenKind,
    Parenthetical,
    Reference,
    ReferenceCheck,
    Resolution,
    ScanResult,
    resolution_key,
)
from provenance.report.document import (
    DocumentStats,
    IndexEntry,
    index_entry,
    provenance_chain,
    render_document,
    render_index,
    summarize,
)
from provenance.report.findings import checkable_facts, find_findings
from provenance.report.markdown import code_span, escape_md, md_link, mermaid_label, safe_url, table

# ---------------------------------------------------------------- builders


def outlet(
    oid: str, name: str, category: Category = Category.INDEPENDENT, domain: str = ""
) -> Outlet:
    return Outlet(
        id=oid, name=name, category=category, domains=(OutletDomain(domain or f"{oid}.example"),)
    )


def cdate(
    iso: str | None, text: str = "", *, inferred: bool = False, anomaly: str | None = None
) -> CitedDate:
    parts = [int(p) for p in iso.split("-")] if iso else [None]
    parts += [None] * (3 - len(parts))
    return CitedDate(text or iso or "?", parts[0], parts[1], parts[2], inferred, anomaly)


def ref(written: str, date: CitedDate | None = None, **kw: object) -> Reference:
    return Reference(outlet=written, outlet_start=0, outlet_end=len(written), date=date, **kw)


def cite(raw: str, *refs: Reference, start: int = 0) -> Parenthetical:
    return Parenthetical(start, start + len(raw), raw, ParenKind.CITATION, tuple(refs))


def aside(raw: str, kind: ParenKind = ParenKind.ACRONYM, start: int = 0) -> Parenthetical:
    return Parenthetical(start, start + len(raw), raw, kind)


def claim(text: str, *parens: Parenthetical, para: int = 1, sent: int = 1, start: int = 0) -> Claim:
    return Claim(para, sent, start, start + len(text) + 40, text, list(parens))


def scan(
    claims: list[Claim],
    resolutions: list[Resolution],
    meta: DocumentMeta | None = None,
    **kw: object,
) -> ScanResult:
    doc = Document(
        path="seeds/sample.txt",
        sha256="ab" * 32,
        format="txt",
        encoding="utf-8",
        text="",
        meta=meta or DocumentMeta(),
    )
    return ScanResult(
        document=doc, claims=claims, resolutions={r.written: r for r in resolutions}, **kw
    )  # type: ignore[arg-type]


def known(written: str, out: Outlet, *, self_citation: bool = False) -> Resolution:
    return Resolution(written, out, out.domains[0].domain, "alias", self_citation)


def unknown(written: str) -> Resolution:
    return Resolution(written, None, None, "unknown")


CENTRE1 = outlet("centre1", "Centre1", Category.INDEPENDENT, "centre1.com")
NEWS_TJ = outlet("news-tj", "News.tj", Category.INDEPENDENT, "news.tj")
SPUTNIK = outlet("sputnik-tj", "Sputnik Tajikistan", Category.STATE_OWNED, "sputnik-tj.com")
REGNUM = outlet("regnum", "REGNUM", Category.STATE_AFFILIATED, "regnum.ru")
EDM = outlet("edm", "Eurasia Daily Monitor", Category.THINK_TANK, "jamestown.org")
SEED_META = DocumentMeta(
    title="Beijing Encroaching on Moscow's Military Dominance in Tajikistan",
    author="Umed Partov",
    publisher="Jamestown Foundation",
    published=dt.date(2016, 11, 17),
    series="Eurasia Daily Monitor Volume: 13 Issue: 185",
    url="https://www.refworld.org/docid/583475244.html",
    accessed=dt.date(2019, 11, 3),
    sources={"title": "refworld-header", "published": "refworld-header"},
)


def seed_result() -> ScanResult:
    """A hand-built scan of the first paragraphs of the sample seed."""
    c1 = claim(
        "China is more active in Tajikistan, Defense Minister Sherali Mirzo said.",
        para=1,
        sent=1,
        start=0,
    )
    c2 = claim(
        "On October 20–24, a combined 10,000 military personnel were mobilized.",
        cite(
            "(Centre1.com, October 26; News.tj, October 20, 21; Sputnik-tj.com, October 19;"
            " Regnum, October 20)",
            ref("Centre1.com", cdate("2016-10-26", "October 26", inferred=True)),
            ref("News.tj", cdate("2016-10-20", "October 20", inferred=True)),
            ref("News.tj", cdate("2016-10-21", "21", inferred=True)),
            ref("Sputnik-tj.com", cdate("2016-10-19", "October 19", inferred=True)),
            ref("Regnum", cdate("2016-10-20", "October 20", inferred=True)),
            start=300,
        ),
        para=2,
        sent=1,
        start=200,
    )
    c3 = claim(
        "Some analysts link it to the banned Islamic Renaissance Party of Tajikistan (IRPT).",
        aside("(IRPT)", start=480),
        cite(
            "(see EDM, October 14; 24tv.ua, August 8)",
            ref("EDM", cdate("2016-10-14", "October 14"), prefix="see"),
            ref("24tv.ua", cdate("2016-08-08", "August 8")),
            start=490,
        ),
        para=3,
        sent=2,
        start=400,
    )
    c4 = claim(
        "Tensions might rise (News.tj, August 11).",
        cite("(News.tj, August 11)", ref("News.tj", cdate("2016-08-11", "August 11"))),
        para=3,
        sent=3,
        start=600,
    )
    c5 = claim(
        "Moscow answered (Sputnik-tj.com, December 1).",
        cite(
            "(Sputnik-tj.com, December 1)",
            ref("Sputnik-tj.com", cdate("2016-12-01", "December 1", anomaly="after-publication")),
        ),
        para=4,
        sent=1,
        start=700,
    )
    resolutions = [
        known("Centre1.com", CENTRE1),
        known("News.tj", NEWS_TJ),
        known("Sputnik-tj.com", SPUTNIK),
        known("Regnum", REGNUM),
        known("EDM", EDM, self_citation=True),
        unknown("24tv.ua"),
    ]
    return scan([c1, c2, c3, c4, c5], resolutions, SEED_META, problems=["no body end marker found"])


# ---------------------------------------------------------------- helpers


def table_rows(markdown: str) -> list[list[str]]:
    """Consecutive table lines of the output, each split on unescaped pipes."""
    blocks, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            current.append(split_cells(line))
        elif current:
            blocks.append(current)
            current = []
    return blocks


def split_cells(line: str) -> list[str]:
    """Split a table line the way GFM does: a backslash escapes the next character."""
    cells, cell, i = [], "", 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            cell += line[i : i + 2]
            i += 2
            continue
        if line[i] == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += line[i]
        i += 1
    cells.append(cell)
    return cells[1:-1]


def html_of(markdown: str) -> str:
    import cmarkgfm  # in the test extras: the escaping tests must never be skipped
    from cmarkgfm.cmark import Options

    # UNSAFE: render raw HTML as GitHub's sanitiser would see it, so a leak shows up.
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


# ---------------------------------------------------------------- checkable_facts

FACT_CASES = [
    ("China has begun taking steps in the small republic of Tajikistan.", []),
    ("On October 20–24, a combined 10,000 military personnel were mobilized.", ["number", "date"]),
    ("It was reported on October 20, 21 and again later.", ["date"]),
    ("The deal was signed on 17 November 2016.", ["date"]),
    ("In May 2016 the deal was signed.", ["date"]),
    ("May it be so.", []),
    ("Nobody knows if this may last.", []),
    ("Troops arrived in 2015.", ["date"]),
    ("Defense Minister Sherali Mirzo visited Beijing.", ["official"]),
    ("Sherali Mirzo, the country's defense minister, went home.", ["official"]),
    ("President of Tajikistan said nothing.", ["official"]),
    ("The General Staff met behind closed doors.", []),
    ("The general situation in Tajikistan worsened.", []),
    ("China pledged $70 million for the border.", ["amount"]),
    ("Trade fell by 5 percent.", ["percentage"]),
    ("Trade fell by 5.5% and 3 billion rubles were lost.", ["amount", "percentage"]),
    ('He said: "we will not allow this to happen".', ["quotation"]),
    ("He said: «мы не допустим этого никогда».", ["quotation"]),
    ('The so-called "moderate" opposition left.', []),
    ("The two countries held a five-day exercise.", []),
    (
        "Reportedly, the two militaries successfully neutralized this threat during the course "
        "of the exercise.",
        [],
    ),
    ("One, three, four, six, seven, eight or nine of them.", []),
    ("The ten countries held a twelve-day exercise.", ["number"]),
    ("Hundreds of troops and dozens of vehicles took part.", ["number"]),
    ("Thousands of soldiers took part.", ["number"]),
    ("Only 2 helicopters took part.", ["number"]),
    ("Президент Эмомали Рахмон заявил это 5 мая.", ["date", "official"]),
    ("Spokesman Ivanov said on Monday that 300 troops left.", ["number", "date", "official"]),
]


@pytest.mark.parametrize(("text", "expected"), FACT_CASES, ids=[t[:40] for t, _ in FACT_CASES])
def test_checkable_facts(text: str, expected: list[str]) -> None:
    assert checkable_facts(text) == expected


def test_checkable_facts_is_linear_on_long_input() -> None:
    # A pathological run of quotes and capitals must not backtrack catastrophically.
    text = ('"' + "Minister Ab, " * 2000) + "1" * 5000
    assert "official" in checkable_facts(text)


# ---------------------------------------------------------------- escaping

HOSTILE = [
    ("link", "[x](javascript:alert(1))"),
    ("script", "<script>alert(1)</script>"),
    ("img", "<img src=x onerror=alert(1)>"),
    ("pipes", "| pipes | here |"),
    ("heading", "# heading"),
    ("olist", "1. list"),
    ("olist-paren", "2) list"),
    ("quote", "> quote"),
    ("bullet", "- item"),
    ("setext", "=== title"),
    ("backticks", "```fence``` and `code`"),
    ("mention", "@mention and user@evil.example"),
    ("url", "https://evil.example/"),
    ("www", "www.evil.example"),
    ("emphasis", "*bold* _it_ ~~gone~~"),
    ("math", "$x^2$ and $$y$$"),
    ("entity", "&lt;script&gt; &#106;avascript:"),
    ("newline", "line one\n# line two\r\n> three"),
    ("image", "![alt](https://evil.example/x.png)"),
    ("refdef", "[a]: https://evil.example/"),
    ("bidi", "abc\u202edcba"),
]


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_escape_md_raw_output_is_inert(text: str) -> None:
    out = escape_md(text)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out
    assert "](" not in out
    assert "://" not in out.replace("&#8288;://", "")
    assert not re.search(r"(?i)www\.", out)
    assert "\u202e" not in out
    assert split_cells(f"| {out} |") == [f" {out} "]  # one cell, pipes escaped


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_escape_md_renders_as_plain_text(text: str) -> None:
    html = html_of(escape_md(text))
    assert html.startswith("<p>") and html.count("<p>") == 1, html
    for tag in (
        "<a ",
        "<script",
        "<img",
        "<h1",
        "<ol",
        "<ul",
        "<blockquote",
        "<code",
        "<em",
        "<strong",
        "<del",
        "<math",
    ):
        assert tag not in html, html


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_hostile_cells_keep_the_column_count(text: str) -> None:
    markdown = "\n".join(
        table(
            ["A", "B", "C"],
            [[escape_md(text), code_span(text, in_table=True), md_link(text, in_table=True)]],
        )
    )
    assert [len(row) for row in table_rows(markdown)[0]] == [3, 3, 3]
    html = html_of(markdown)
    assert html.count("<td") == 3 and "<script" not in html and 'href="javascript' not in html


LINKS = [
    (
        "https",
        "https://www.refworld.org/docid/583475244.html",
        "https://www.refworld.org/docid/583475244.html",
    ),
    ("parens-space-pipe", "https://e.example/a (b)|c", "https://e.example/a%20%28b%29%7Cc"),
    (
        "cyrillic",
        "https://ru.example/Таджикистан",
        "https://ru.example/%D0%A2%D0%B0%D0%B4%D0%B6%D0%B8%D0%BA%D0%B8%D1%81%D1%82%D0%B0%D0%BD",
    ),
    ("idn-host", "https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/"),
    ("upper-scheme", "HTTP://e.example/", "http://e.example/"),
    ("javascript", "javascript:alert(1)", None),
    ("javascript-upper", " JaVaScRiPt:alert(1)", None),
    ("data", "data:text/html;base64,PHNjcmlwdD4=", None),
    ("no-host", "https:evil", None),
    ("relative", "/etc/passwd", None),
    ("entity-scheme", "&#106;avascript:alert(1)", None),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS])
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize("url", [c[1] for c in LINKS], ids=[c[0] for c in LINKS])
def test_md_link_only_links_http(url: str) -> None:
    out = md_link(url)
    html = html_of(out)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs), html
    assert len(hrefs) == (1 if safe_url(url) else 0)
    assert "](javascript" not in out.lower() and "<script" not in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "`plain`"),
        ("a`b", "``a`b``"),
        ("`x", "`` `x ``"),
        ("a``b`", "``` a``b` ```"),
        ("", ""),
    ],
    ids=["plain", "inner", "leading", "trailing", "empty"],
)
def test_code_span(text: str, expected: str) -> None:
    assert code_span(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Say "hi" [x]; #9829; %%{init}', "Say hi x 9829 init"),
        ("a\n```\nb", "a b"),
        ("", "?"),
        ("Радио Озоди", "Радио Озоди"),
        ("x" * 50, "x" * 39 + "…"),
        ("Radio Ozodi (RFE/RL Tajik Service)", "Radio Ozodi (RFE/RL Tajik Service)"),
        ("Eurasia Daily Monitor (Jamestown Foundation)", "Eurasia Daily Monitor"),
        (
            "The Long Provincial Gazette of Affairs and Commentary",
            "The Long Provincial Gazette of Affairs…",
        ),
        ("Open (paren never closed", "Open paren never closed"),
        ("x) (y", "x y"),
    ],
    ids=[
        "quotes-brackets",
        "fence",
        "empty",
        "cyrillic",
        "long",
        "parens",
        "drop-paren",
        "word-cut",
        "unclosed",
        "unbalanced",
    ],
)
def test_mermaid_label(text: str, expected: str) -> None:
    assert mermaid_label(text) == expected


# ---------------------------------------------------------------- provenance chain

CHAINS = [
    (
        "seed",
        SEED_META,
        "Jamestown Foundation (Eurasia Daily Monitor, 17 November 2016) → refworld.org,"
        " accessed 3 November 2019",
    ),
    (
        "republisher-field",
        dataclasses.replace(SEED_META, republisher="Refworld (UNHCR)"),
        "Jamestown Foundation (Eurasia Daily Monitor, 17 November 2016) → Refworld \\(UNHCR\\),"
        " accessed 3 November 2019",
    ),
    (
        "original-and-publisher",
        DocumentMeta(publisher="Refworld", original_publisher="Jamestown Foundation"),
        "Jamestown Foundation → Refworld",
    ),
    (
        "same-site",
        DocumentMeta(
            publisher="Jamestown Foundation",
            url="https://jamestown.org/a",
            original_url="https://www.jamestown.org/a",
        ),
        "Jamestown Foundation",
    ),
    (
        "only-url",
        DocumentMeta(url="https://www.refworld.org/x"),
        "Unknown original publisher → refworld.org",
    ),
    (
        "only-date",
        DocumentMeta(published=dt.date(2016, 1, 5)),
        "Unknown original publisher (5 January 2016)",
    ),
    ("nothing", DocumentMeta(), None),
    ("hostile", DocumentMeta(publisher="<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;"),
]


@pytest.mark.parametrize(("meta", "expected"), [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_provenance_chain(meta: DocumentMeta, expected: str | None) -> None:
    assert provenance_chain(meta) == expected


# ---------------------------------------------------------------- findings and stats


def test_find_findings_on_seed() -> None:
    findings = find_findings(seed_result())
    assert [(f.number, f.detail) for f in findings.uncited_checkable] == [(1, ("official",))]
    assert [(f.number, f.detail) for f in findings.single_source] == [
        (4, ("News.tj",)),
        (5, ("Sputnik Tajikistan",)),
    ]
    assert [(f.number, f.detail) for f in findings.state_only] == [(5, ("Sputnik Tajikistan",))]
    assert [(f.number, f.reference.outlet) for f in findings.self_citations] == [(3, "EDM")]
    assert [(o.written, o.references, o.first_claim) for o in findings.unknown_outlets] == [
        ("24tv.ua", 1, 3)
    ]
    assert [f.reference.date.anomaly for f in findings.date_anomalies] == ["after-publication"]
    assert [(n, p.raw) for n, p in findings.skipped] == [(3, "(IRPT)")]
    assert findings.count == 1 + 2 + 1 + 1 + 1 + 1 + 1


def test_uncited_checkable_claim_is_found() -> None:
    result = scan(
        [
            claim("President Emomali Rahmon met 300 officers on 5 May 2016."),
            claim("Nothing to see here.", sent=2),
        ],
        [],
    )
    findings = find_findings(result)
    assert [(f.number, f.detail) for f in findings.uncited_checkable] == [
        (1, ("number", "date", "official"))
    ]


def test_resolutions_keyed_by_outlet_and_date() -> None:
    # Store and pipeline key resolutions by resolution_key (outlet, date, URL).
    result = seed_result()
    result.resolutions = {
        resolution_key(r): result.resolutions[r.outlet] for c in result.claims for r in c.references
    }
    assert "\x1f" in next(iter(result.resolutions))
    assert summarize(result) == summarize(seed_result())
    assert render_document(result) == render_document(seed_result())


def test_summarize_counts() -> None:
    stats = summarize(seed_result())
    assert stats == DocumentStats(
        claims=5,
        cited_claims=4,
        citations=4,
        references=9,
        outlets=6,
        self_citations=1,
        unknown_outlets=1,
        findings=8,
        by_category=(
            ("state-owned", 1, 2),
            ("state-affiliated", 1, 1),
            ("independent", 2, 4),
            ("think-tank", 1, 1),
            ("unknown", 1, 1),
        ),
    )


# ---------------------------------------------------------------- document report


def test_render_document_sections_and_marks() -> None:
    out = render_document(seed_result())
    heads = [line for line in out.splitlines() if line.startswith("#")]
    assert heads[:5] == [
        "# Beijing Encroaching on Moscow's Military Dominance in Tajikistan",
        "## Metadata",
        "## Provenance",
        "## Summary",
        "### Outlets by category",
    ]
    assert "## Pictures" in heads and "## Claims" in heads and "## Findings" in heads
    assert "### Claim 2" in heads and "### Claim 1" not in heads  # only cited claims get a block
    assert "> On October 20–24, a combined 10,000 military personnel were mobilized." in out
    assert "Paragraph 3, sentence 2.\n" in out  # the splitter counts from 0
    assert out.count("counted from 1") == 1 and "Cited as:" not in out
    assert "| [Claim 5](#claim-5) | ¶5 s2 | Sputnik Tajikistan |" in out
    assert (
        "| 1 | EDM | Eurasia Daily Monitor **(self-citation)** | jamestown.org | 2016-10-14"
        " | think-tank | see |" in out
    )
    assert "| 2 | 24tv.ua | **unknown outlet** | — | 2016-08-08 | unknown |  |" in out
    assert "2016-12-01 **⚠ after\\-publication**" in out
    assert "| refworld\\-header |" in out and "| Source file | seeds/sample.txt | scan |" in out
    assert "[Claim 5](#claim-5)" in out
    assert "\nxychart-beta horizontal\n" in out and "```mermaid\ntimeline\n" in out
    assert "        Nov 2016 : Published 17 Nov 2016" in out
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_reference_tables_leave_out_empty_columns_and_mark_inferred_years() -> None:
    plain = claim("Plain.", cite("(News.tj, October 20)", ref("News.tj", cdate("2016-10-20"))))
    guessed = claim(
        "Guessed.",
        cite("(News.tj, October 21)", ref("News.tj", cdate("2016-10-21", inferred=True))),
        cite("(see x)", ref("X", None, prefix="see", url="https://x.example/a")),
        sent=2,
    )
    out = render_document(scan([plain, guessed], [known("News.tj", NEWS_TJ), unknown("X")]))
    first, second = out.split("### Claim 1\n", 1)[1].split("### Claim 2\n")
    assert "| # | Outlet as written | Canonical outlet | Domain | Date | Category |\n" in first
    assert "| 1 | News.tj | News.tj | news.tj | 2016-10-20 | independent |" in first
    assert "Date | Category | Signal | URL |" in second and "| 2016-10-21 † |" in second
    assert (
        "| 2 | X | **unknown outlet** | — | — | unknown | see | [`https://x.example/a`]" in second
    )
    assert out.count("† The citation gives no year") == 1 and "Year inferred" not in out
    assert "† The citation" not in render_document(scan([plain], [known("News.tj", NEWS_TJ)]))
    # The Signal column is explained once, under the claims' heading, when it is shown.
    legend = "\n\n*Signal*: the word a citation puts before its source: *see* (the source"
    assert out.count(legend) == 1 and out.index(legend) < out.index("### Claim 1")
    assert "*Signal*" not in render_document(scan([plain], [known("News.tj", NEWS_TJ)]))


def test_render_document_tables_are_well_formed() -> None:
    for block in table_rows(render_document(seed_result())):
        assert len({len(row) for row in block}) == 1, block
    html = html_of(render_document(seed_result()))
    assert html.count("<table>") == len(table_rows(render_document(seed_result())))


def test_render_document_is_deterministic() -> None:
    result = seed_result()
    first = render_document(result)
    shuffled = copy.deepcopy(result)
    shuffled.resolutions = dict(reversed(list(shuffled.resolutions.items())))
    assert render_document(shuffled) == first == render_document(seed_result())


def test_render_document_degrades_without_metadata_or_citations() -> None:
    result = scan([claim("Plain sentence.")], [])
    out = render_document(result)
    assert out.startswith("# seeds/sample.txt\n")
    assert "No publisher, date or URL found in the document." in out
    assert "0 of 1 claims cite a source." in out
    assert "mermaid" not in out


def test_checks_column_only_when_checks_given() -> None:
    result = seed_result()
    paren = result.claims[1].parentheticals[0]
    ids = tuple(dataclasses.replace(r, id=i) for i, r in enumerate(paren.references, start=10))
    result.claims[1].parentheticals[0] = dataclasses.replace(paren, references=ids)
    best = Candidate(
        "http://news.tj/a",
        "20161020120000",
        "https://web.archive.org/web/20161020120000id_/http://news.tj/a",
        score=0.9,
        verified=True,
    )

    plain = render_document(result)
    checked = render_document(
        result,
        checks={
            10: ReferenceCheck(10, "verified", best=best),
            11: ReferenceCheck(11, "no-captures"),
        },
    )
    assert "Archive check" not in plain and "Archive evidence" not in plain
    assert (
        "| ✅ verified [capture](https://web.archive.org/web/20161020120000/http://news.tj/a) |"
        in checked
    )
    assert "| ⚪ no captures |" in checked and "| ➖ not checked |" in checked
    for block in table_rows(checked):
        assert len({len(row) for row in block}) == 1


def hostile_result() -> ScanResult:
    evil = "[x](javascript:alert(1)) <script>alert(1)</script> | a | b | # h\n1. list"
    meta = DocumentMeta(
        title=evil,
        author="<img src=x onerror=alert(1)>",
        publisher="@mention",
        url="javascript:alert(1)",
        original_url="https://evil.example/a)|(b",
        series="`x` ```",
        sources={"title": evil},
    )
    c = claim(
        evil,
        cite(
            "(" + evil + ")",
            ref(
                evil,
                cdate(None, evil, anomaly="year-unknown"),
                prefix=evil,
                url="javascript:alert(1)",
            ),
            ref(evil, cdate("2016-10-01", evil), url="https://evil.example/<script>"),
        ),
        aside("(<script>)", ParenKind.MALFORMED),
    )
    bad = Outlet(
        id="evil",
        name=evil,
        category=Category.STATE_OWNED,
        domains=(OutletDomain("www.evil.example"),),
    )
    return scan(
        [c, claim(evil + ' "quoted words go here"', sent=2)],
        [Resolution(evil, bad, "www.evil.example", "alias")],
        meta,
        problems=[evil],
        parentheticals=[aside("<img src=x>", ParenKind.ASIDE)],
    )


def test_hostile_document_renders_inert() -> None:
    out = render_document(hostile_result())
    assert "<script" not in out and "<img" not in out and "](javascript" not in out
    # The only URL left is the metadata's http(s) one, as an encoded link we made.
    assert re.sub(r"\[`[^`]*`\]\([^)\s]*\)", "", out).count("://") == out.count("&#8288;://")
    assert "www.evil" not in out
    for block in table_rows(out):
        assert len({len(row) for row in block}) == 1, block
    # The diagrams after their front matter: quoted labels, sections, timeline events.
    mermaid = "\n".join(re.findall(r"```mermaid\n(?:---\n.*?\n---\n)?(.*?)```", out, re.S))
    labels = re.findall(r'"([^"\n]*)"', mermaid) + re.findall(r"section (.*)", mermaid)
    labels += [
        part for line in re.findall(r"^ {8}(.*)$", mermaid, re.M) for part in line.split(" : ")
    ]
    assert len(labels) >= 6 and all(line.count('"') % 2 == 0 for line in mermaid.splitlines())
    assert not [label for label in labels if re.search(r"[\[\]<>#;:%`|]", label)]
    html = html_of(out)
    assert (
        "<script" not in html and "<img" not in html and "<h1>" in html and html.count("<h1>") == 1
    )
    assert all(h.startswith(("https://", "#")) for h in re.findall(r'href="([^"]*)"', html))
    assert "<ol" not in html and "<blockquote>" in html


# ---------------------------------------------------------------- index


def test_render_index_golden() -> None:
    stats = DocumentStats(claims=3, cited_claims=2, references=4, outlets=2, findings=1)
    entries = [
        IndexEntry("b-undated", "Undated | piece", None, stats),
        IndexEntry("a-old", "Old [one](javascript:x)", dt.date(2015, 1, 1), stats),
        IndexEntry("c new", "New", dt.date(2016, 11, 17), stats),
    ]
    expected = (
        "# Source reports\n\n3 documents.\n\n"
        "| Document | Published | Claims | Cited claims | References | Outlets | Findings |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        "| [New](c%20new.md) | 2016-11-17 | 3 | 2 | 4 | 2 | 1 |\n"
        "| [Old \\[one\\]\\(javascript:x\\)](a-old.md) | 2015-01-01 | 3 | 2 | 4 | 2 | 1 |\n"
        "| [Undated \\| piece](b-undated.md) | — | 3 | 2 | 4 | 2 | 1 |\n"
        "\nTotals: 9 claims, 6 cited claims, 12 references, 3 findings\n"
    )
    out = render_index(entries)
    head, view = out.split("\n\n## Across the corpus\n", 1)
    assert head + "\n" == expected and "### State media share" in view
    assert render_index(list(reversed(entries))) == out


def test_index_entry_from_result() -> None:
    entry = index_entry(seed_result(), "beijing")
    assert (entry.slug, entry.published, entry.stats.references) == (
        "beijing",
        dt.date(2016, 11, 17),
        9,
    )
    assert entry.title.startswith("Beijing Encroaching")


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Claim 1", "# Claim 1 (document)"),
        ("CLAIM 12.", "# CLAIM 12. (document)"),
        ("Claim 1 of many", "# Claim 1 of many"),
    ],
)
def test_a_title_never_takes_a_claims_anchor(tmp_path, title: str, heading: str) -> None:
    """GitHub names a heading's anchor after its text: a title "Claim 1" took the
    "#claim-1" every link to Claim 1 points at."""
    from tests.factories import report_of, scan_markdown

    scan_markdown(tmp_path, "It rose (TASS, May 3).", title=title)
    assert report_of(tmp_path).splitlines()[0] == heading
