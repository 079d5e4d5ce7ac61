"""Tests for archive-check results in the reports: badges, evidence lists, counts, escaping."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from provenance.models import Candidate, ReferenceCheck, ScanResult
from provenance.report import checks as checkreport
from provenance.report import document as report
from provenance.report.document import IndexEntry, render_document, render_index
from provenance.store import scans as store
from tests.fixtures.archive import expected_urls
from tests.test_report import html_of, seed_result, table_rows

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = "https://web.archive.org/web"
CDX = "https://web.archive.org/cdx/search/cdx?url=news.tj&matchType=domain&from=20161019"
EVIL = "<script>alert(1)</script> [x](javascript:alert(1)) | pipe # h\n1. list `tick` @here"
CHECKED_AT = "2031-02-03T04:05:06+00:00"  # must never reach a report

# ---------------------------------------------------------------- builders


def cand(url: str, ts: str = "20161026140000", score: float | None = None, **kw) -> Candidate:
    return Candidate(url, ts, f"{ARCHIVE}/{ts}id_/{url}", score=score, **kw)


def with_ids(result: ScanResult, url_for: dict[int, str] | None = None) -> ScanResult:
    """Number every claim reference 1.. in order (as the store does); optionally add URLs."""
    next_id = 1
    for c in result.claims:
        for i, paren in enumerate(c.parentheticals):
            refs = []
            for r in paren.references:
                url = (url_for or {}).get(next_id, r.url)
                refs.append(dataclasses.replace(r, id=next_id, url=url))
                next_id += 1
            c.parentheticals[i] = dataclasses.replace(paren, references=tuple(refs))
    return result


CENTRE1_URL = "http://centre1.com/tajikistan/kitaj/"
URL_REF = "http://news.tj/ru/news/centralasia/20160811/230398"


def checks() -> dict[int, ReferenceCheck]:
    """One check per verdict over seed_result()'s references 1..9 (9 is left unchecked)."""
    others = [
        cand("http://centre1.com/economics/a/", "20161026090000", 0.05),
        cand("http://centre1.com/b/", "20161026100000", 0.31, rank=3),
        cand("http://centre1.com/c/", "20161026110000", None, rank=1, error="not fetched"),
        cand("http://centre1.com/d/", "20161026120000", 0.31, rank=2),
        cand("http://centre1.com/e/", "20161026130000", 0.2),
    ]
    best = cand(
        CENTRE1_URL,
        score=0.917,
        verified=True,
        title="Китай наращивает присутствие",
        page_date="2016-10-26",
        reasons=["date 2016-10-26 = cited date", "numbers 10,000 found"],
    )
    return {
        1: ReferenceCheck(
            1,
            "verified",
            best=best,
            others=others,
            cdx_url=CDX,
            domains=["centre1.com"],
            checked_at=CHECKED_AT,
        ),
        2: ReferenceCheck(
            2,
            "candidates",
            best=cand("http://news.tj/x", score=0.41, reasons=["numbers missing: 10,000"]),
            cdx_url=CDX,
            domains=["news.tj"],
            checked_at=CHECKED_AT,
        ),
        3: ReferenceCheck(3, "no-captures", cdx_url=CDX, domains=["news.tj"]),
        4: ReferenceCheck(4, "error", error="HTTP 503 from web.archive.org", cdx_url=CDX),
        5: ReferenceCheck(5, "pending"),  # a status this version does not know
        7: ReferenceCheck(7, "unresolved-outlet", note="no domain known for 24tv.ua"),
        8: ReferenceCheck(
            8,
            "verified",
            best=cand(URL_REF, "20160811120000", 0.8, verified=True),
            closest=cand(URL_REF, "20160811120000"),
            cdx_url=CDX,
        ),
        6: ReferenceCheck(6, "candidates", best=cand("http://jamestown.org/p", score=0.2)),
    }


def checked_result() -> ScanResult:
    return with_ids(seed_result(), {8: URL_REF})


def row_cells(markdown: str, claim: int) -> list[list[str]]:
    """The reference table rows (header and delimiter dropped) under ``### Claim <claim>``."""
    section = markdown.split(f"### Claim {claim}\n", 1)[1].split("\n### ", 1)[0]
    return [[c.strip() for c in row] for row in table_rows(section)[0][2:]]


def evidence(markdown: str, claim: int, index: int) -> str:
    """The evidence block (summary line and bullets) of reference ``#index`` under a claim."""
    section = markdown.split(f"### Claim {claim}\n", 1)[1].split("\n### ", 1)[0]
    match = re.search(rf"^<details>\n<summary>#{index} .*?^</details>$", section, re.S | re.M)
    assert match, f"no evidence for #{index} under claim {claim}"
    return match.group(0)


# ---------------------------------------------------------------- badges

# (claim number, row, expected Archive check cell)
BADGE_CASES = [
    ("verified", 2, 1, f"✅ verified [capture]({ARCHIVE}/20161026140000/{CENTRE1_URL})"),
    ("candidates", 2, 2, "🟡 candidates"),
    ("no-captures", 2, 3, "⚪ no captures"),
    ("error", 2, 4, "⚠️ error (retried next run)"),
    ("unknown-status", 2, 5, "❓ pending"),
    ("unresolved-outlet", 3, 2, "❔ unresolved outlet"),
    ("not-checked", 5, 1, "➖ not checked"),
]


@pytest.mark.parametrize(
    ("claim", "row", "cell"), [c[1:] for c in BADGE_CASES], ids=[c[0] for c in BADGE_CASES]
)
def test_verdict_badge_in_reference_table(claim: int, row: int, cell: str) -> None:
    rows = row_cells(render_document(checked_result(), checks=checks()), claim)
    assert rows[row - 1][-1] == cell


def test_every_verdict_has_a_badge_and_error_never_reads_as_dead() -> None:
    from provenance.models import VERDICTS

    assert set(checkreport.VERDICT_BADGES) == set(VERDICTS)
    assert len(set(checkreport.VERDICT_BADGES.values())) == len(VERDICTS)
    error = checkreport.VERDICT_BADGES["error"]
    assert "retried" in error and not re.search(r"dead|gone|missing|404", error, re.I)
    out = render_document(checked_result(), checks=checks())
    # A failed lookup is said once for the document, not under its claim.
    section = out.split("### Failed lookups\n", 1)[1].split("\n## ", 1)[0]
    assert "no evidence that a source is gone" in section
    assert re.search(r"^- HTTP 503 from web\.archive\.org.* \(1\): claim 2 #4 ", section, re.M)
    claim_2 = out.split("### Claim 2\n", 1)[1].split("\n### ", 1)[0]
    assert "<summary>#4 " not in claim_2 and "<summary>#1 " in claim_2


def test_a_timemap_query_is_named_so_and_an_unread_candidate_says_not_read() -> None:
    """A TimeMap link was labelled "CDX query", and an unread candidate "score not scored"."""
    timemap = f"{ARCHIVE}/timemap/link/{CENTRE1_URL}"
    changed = checks()
    unread = [c for c in changed[1].others if c.score is None]  # centre1.com/c, not fetched
    changed[1] = dataclasses.replace(changed[1], cdx_url=timemap, others=unread)
    block = evidence(render_document(checked_result(), checks=changed), 2, 1)
    assert f"- Archive query: [TimeMap]({timemap})" in block.splitlines()
    (line,) = [x for x in block.splitlines() if "centre1.com/c/" in x]
    assert "score" not in line and ": not read, [capture of" in line


def test_failed_lookups_are_one_section_grouped_by_cause() -> None:
    result = checked_result()
    failing = {
        ref.id: ReferenceCheck(ref.id, "error", error="connection refused by 127.0.0.1:9")
        for claim in result.claims
        for ref in claim.references
        if ref.id is not None
    }
    out = render_document(result, checks=failing)
    assert out.count("connection refused by 127.0.0.1:9") == 1
    assert out.count("### Failed lookups") == 1 and "Archive evidence" not in out
    line = next(x for x in out.splitlines() if x.startswith("- connection refused"))
    assert line.count("claim ") == len(failing)


# ---------------------------------------------------------------- evidence


def test_evidence_is_collapsed_per_reference_and_its_bullets_render() -> None:
    out = render_document(checked_result(), checks=checks())
    html = html_of(out)
    blocks = re.findall(r"<details>\n<summary>(#\d [^<]*)</summary>\n<ul>\n<li>", html)
    # The failed lookup (#4 of claim 2) is in the "Failed lookups" section instead.
    assert len(blocks) == 6 and out.count("<details>") == html.count("<details>") == 7, blocks
    assert "<summary>#5 Regnum, 2016-10-20: ❓ pending</summary>\n<p>No evidence recorded." in html
    assert "#1 Centre1.com, 2016-10-26: ✅ verified, score 0.92" in blocks


def test_verified_evidence_lists_source_capture_title_score_and_links() -> None:
    block = evidence(render_document(checked_result(), checks=checks()), 2, 1)
    lines = block.splitlines()
    assert lines[:2] == [
        "<details>",
        "<summary>#1 Centre1.com, 2016-10-26: ✅ verified, score 0.92</summary>",
    ]
    assert f"- Source: [`{CENTRE1_URL}`]({CENTRE1_URL})" in lines
    assert (
        f"- Archived: [capture of 2016\\-10\\-26 14:00:00]({ARCHIVE}/20161026140000/"
        f"{CENTRE1_URL}) ([raw]({ARCHIVE}/20161026140000id_/{CENTRE1_URL}))"
    ) in lines
    assert "- Page title: Китай наращивает присутствие" in lines
    assert "- Page date: 2016-10-26" in lines
    assert "- Match score 0.92: date 2016\\-10\\-26 = cited date; numbers 10,000 found" in lines
    assert "- Searched: centre1.com" in lines
    assert f"- Archive query: [CDX query]({CDX})" in lines
    # At most 3 others, best score first; ties by the check's rank; unscored last.
    others = [line for line in lines if line.startswith("  - ")]
    assert "- Other candidates (3 of 5):" in lines
    assert [re.search(r"\(http://centre1\.com/(\w+)/\)", o).group(1) for o in others] == [
        "d",
        "b",
        "e",
    ]
    assert "score 0.31" in others[0] and "score 0.20" in others[2]


def test_url_reference_shows_the_closest_capture() -> None:
    out = render_document(checked_result(), checks=checks())
    block = evidence(out, 4, 1)
    assert (
        f"- Closest capture to the cited date of [`{URL_REF}`]({URL_REF}): "
        f"[capture of 2016\\-08\\-11 12:00:00]({ARCHIVE}/20160811120000/{URL_REF})\n"
    ) in block
    assert "Closest capture" not in evidence(out, 2, 1)  # no URL in the citation, no IABot rule


@pytest.mark.parametrize(
    ("claim", "index", "present", "absent"),
    [
        (
            2,
            2,
            [
                "🟡 candidates, score 0.41",
                "- Best candidate: [`http://news.tj/x`]",
                "numbers missing: 10,000",
            ],
            ["Source:"],
        ),
        (2, 3, ["⚪ no captures", "- Searched: news.tj", "[CDX query]("], ["Best candidate"]),
        (3, 2, ["❔ unresolved outlet", "- Note: no domain known for 24tv.ua"], ["CDX"]),
        (2, 5, ["<summary>#5 Regnum, 2016-10-20: ❓ pending</summary>"], ["Archived"]),
    ],
    ids=["candidates", "no-captures", "unresolved-outlet", "unknown-status"],
)
def test_evidence_per_verdict(
    claim: int, index: int, present: list[str], absent: list[str]
) -> None:
    block = evidence(render_document(checked_result(), checks=checks()), claim, index)
    assert all(p in block for p in present), block
    assert not any(a in block for a in absent), block


def test_unchecked_references_get_no_evidence() -> None:
    out = render_document(checked_result(), checks=checks())
    claim5 = out.split("### Claim 5\n", 1)[1].split("\n## ", 1)[0]
    assert "➖ not checked" in claim5 and "Archive evidence" not in claim5


# ---------------------------------------------------------------- counts


def test_summary_counts_per_verdict() -> None:
    out = render_document(checked_result(), checks=checks())
    section = out.split("### Archive check\n", 1)[1].split("\n## ", 1)[0]
    assert table_rows(section)[0][2:] == [
        [" ✅ verified ", " 2 "],
        [" 🗄️ archived (content not read) ", " 0 "],
        [" 🟡 candidates ", " 2 "],
        [" ⚪ no captures ", " 1 "],
        [" ❔ unresolved outlet ", " 1 "],
        [" ◽ generic source: nothing to look up ", " 0 "],
        [" 📅 date too vague to look up ", " 0 "],
        [" ⚠️ error (retried next run) ", " 1 "],
        [" ❓ pending ", " 1 "],
        [" ➖ not checked ", " 1 "],
        [" Total ", " 9 "],
    ]
    assert out.index("## Summary") < out.index("### Archive check") < out.index("## Pictures")


def test_empty_checks_mean_every_reference_is_not_checked() -> None:
    out = render_document(checked_result(), checks={})
    assert out.count("| ➖ not checked |") == 10  # 9 rows + the summary row
    assert "| ✅ verified | 0 |" in out and "Archive evidence" not in out


def test_index_gains_a_verified_column_only_with_checks() -> None:
    result = checked_result()
    stats = report.summarize(result)
    entry = report.index_entry(result, "seed", checks())
    assert entry.verified == 2 and report.index_entry(result, "seed").verified is None
    other = IndexEntry("other", "Unchecked", None, stats)
    out = render_index([entry, other])
    assert (
        "| Document | Published | Claims | Cited claims | References | Outlets | Verified |"
        " Findings |" in out
    )
    assert f"| 5 | 4 | 9 | 6 | 2/9 | {stats.findings} |" in out
    assert f"| 5 | 4 | 9 | 6 | — | {stats.findings} |" in out
    assert ", 2 verified\n" in out and "### Archive verdicts per document" in out
    plain = render_index([IndexEntry("seed", "Seed", None, stats), other])
    assert "Verified" not in plain and "verified" not in plain
    assert "Archive verdicts" not in plain


# ---------------------------------------------------------------- safety and determinism


def hostile_checks() -> dict[int, ReferenceCheck]:
    evil_cand = Candidate(
        "javascript:alert(1)",
        "2016<b>",
        "javascript:alert(2)",
        score=0.5,
        title=EVIL,
        page_date=EVIL,
        reasons=[EVIL, "ok"],
        error=EVIL,
    )
    linked = cand(
        "http://evil.example/a)|(b`<x>", score=0.9, verified=True, title=EVIL, reasons=[EVIL]
    )
    return {
        1: ReferenceCheck(
            1,
            "verified",
            best=linked,
            others=[evil_cand] * 2,
            cdx_url="javascript:alert(3)",
            domains=[EVIL],
            note=EVIL,
            closest=evil_cand,
        ),
        2: ReferenceCheck(2, "error", error=EVIL),
        3: ReferenceCheck(3, EVIL, best=evil_cand),
    }


def test_hostile_archive_text_renders_inert() -> None:
    out = render_document(checked_result(), checks=hostile_checks())
    assert "<script" not in out and "<b>" not in out and "](javascript" not in out
    assert "| pipe" not in out.replace("\\| pipe", "")
    for block in table_rows(out):
        assert len({len(row) for row in block}) == 1, block
    # Every evidence line stays a list item: nothing starts a heading, quote, fence or new block.
    claim2 = out.split("### Claim 2\n", 1)[1].split("\n### ", 1)[0]
    listed = claim2.split("Archive evidence:\n\n", 1)[1].splitlines()
    shape = r"(  ){0,1}- \S|<details>$|</details>$|<summary>[^<>]*</summary>$|$"
    assert listed and all(re.match(shape, line) for line in listed), listed
    html = html_of(out)
    assert "<script" not in html and "<b>" not in html and html.count("<h1>") == 1
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs)
    assert "javascript:alert(1) (not linked)" in html and "(not linked)" in claim2
    assert html.count("<ol") == 0 and "<code>javascript" not in html


def test_output_is_deterministic_and_has_no_check_times() -> None:
    result, given = checked_result(), checks()
    first = render_document(result, checks=given)
    shuffled = {k: copy.deepcopy(v) for k, v in reversed(list(given.items()))}
    for c in shuffled.values():
        c.others.reverse()
    assert render_document(copy.deepcopy(result), checks=shuffled) == first
    assert render_document(checked_result(), checks=checks()) == first
    assert CHECKED_AT not in first and "2031" not in first


def test_no_checks_leaves_the_report_without_check_content() -> None:
    out = render_document(checked_result())
    assert out == render_document(checked_result(), checks=None)
    for marker in ("Archive check", "Archive evidence", "✅", "➖", "Verified"):
        assert marker not in out


# ---------------------------------------------------------------- end to end


def test_scanned_seed_checked_in_ia_fake_shows_27_verified(tmp_path: Path, ia_archive) -> None:
    settings = Settings(
        db=str(tmp_path / "p.db"),
        reports=str(tmp_path / "reports"),
        cdx_url=ia_archive.cdx_url,
        replay_url=ia_archive.replay_url,
        rate_limits={},
    )
    db = store.open_db(settings.db)
    try:
        pipeline.scan([ROOT / "seeds"], settings, db=db, write=False)
        summary = check.run_check(db, settings)
        assert summary.verdicts == {"verified": 27}, summary
        pipeline.write_reports(db, settings)
        (doc_id,) = store.document_ids(db)
        checks_ = checkstore.load_checks(db, doc_id)
        entry = report.index_entry(store.load_scan(db, doc_id, None), "seed", checks_)
    finally:
        db.close()
    reports = tmp_path / "reports"
    out = next(p for p in reports.glob("*.md") if p.name != "index.md").read_text("utf-8")
    assert "| ✅ verified | 27 |" in out and "| ➖ not checked | 0 |" in out
    viewer = re.escape(ia_archive.replay_url) + r"/\d{14}/http://"
    assert len(re.findall(r"\| ✅ verified \[capture\]\(" + viewer, out)) == 27
    assert out.count("- Source: [`") == 27 and out.count("[CDX query](") == 27
    raw = r"\(\[raw\]\(" + re.escape(ia_archive.replay_url) + r"/\d{14}id_/"
    assert len(re.findall(raw, out)) == 27
    # The same captures as on the hand-made seed database the fixture corpus was built for.
    assert {url for url in expected_urls().values()} == set(
        re.findall(r"^- Source: \[`([^`]+)`\]", out, re.M)
    )
    assert (entry.verified, entry.stats.references) == (27, 27)


def test_unscored_best_candidate_says_so() -> None:
    unread = cand("http://news.tj/y", error="timeout")
    given = {2: ReferenceCheck(2, "candidates", best=unread)}
    out = render_document(checked_result(), checks=given)
    block = evidence(out, 2, 2)
    assert block.startswith("<details>\n<summary>#2 News.tj, 2016-10-20: 🟡 candidates</summary>\n")
    assert "- Not scored (the capture was not read)" in block
    assert "- Capture problem: timeout" in block and "Match score" not in block


def test_a_verified_candidate_s_summary_is_not_followed_by_what_it_sums_up() -> None:
    """The first reason of a verified candidate says what matched; the lists and the date
    it sums up are not shown again, the other reasons are (the export keeps them all)."""
    summary = "verified: date exact; matched 10,000, China (китай), 'military' (военное)"
    reasons = [
        summary,
        "date 2016-10-26 = cited date",
        "numbers 10,000 found",
        "names China~китай",
        "title shares: military~военное",
        "text shares: military~военное",
        "numbers missing: 70",
        "article-like URL",
    ]
    best = cand(CENTRE1_URL, score=0.9, verified=True, reasons=reasons)
    only = {1: ReferenceCheck(1, "verified", best=best, cdx_url=CDX, domains=["centre1.com"])}
    block = evidence(render_document(checked_result(), checks=only), 2, 1)
    line = next(x for x in block.splitlines() if "Match score" in x)
    assert "numbers missing: 70" in line and "article\\-like URL" in line
    assert "verified: date exact" in line
    for gone in (
        "= cited date",
        "numbers 10,000 found",
        "names China",
        "title shares",
        "text shares",
    ):
        assert gone not in line, line
    # A candidate that is not verified keeps every reason: nothing sums them up.
    loose = cand(CENTRE1_URL, score=0.4, reasons=reasons[1:])
    only = {1: ReferenceCheck(1, "candidates", best=loose, cdx_url=CDX, domains=["centre1.com"])}
    line = next(
        x
        for x in evidence(render_document(checked_result(), checks=only), 2, 1).splitlines()
        if "Match score" in x
    )
    assert "title shares" in line and "= cited date" in line


def test_endnotes_are_no_uncited_claims_and_are_said_not_read() -> None:
    """ "[2] Author's interview, Moscow, March 2023." at the end of a Jamestown page is
    the article's note, not a sentence stating facts without a source: it was listed
    among the uncited checkable claims. The notes are said not read instead."""
    from pathlib import Path

    from provenance import pipeline
    from provenance.report.findings import checkable_facts, find_findings
    from provenance.scan import ingest
    from provenance.scan.outlets import resolve

    page = Path(__file__).parent / "data" / "analyst" / "jamestown-yoast.html"
    result = pipeline.scan_document(ingest.read_document(page), resolve.load_registry())
    findings = find_findings(result)
    flagged = [f.claim.text for f in findings.uncited_checkable]
    assert flagged == [
        "“Regional television has been the last space where local scandals could be aired.”"
    ]
    (line,) = [p for p in findings.problems if p.startswith("endnotes")]
    assert line.startswith("endnotes [1], [2] are not read as citations")
    assert checkable_facts("[12] Interfax, May 3, 2016.") == []
    from provenance.report.facts import endnotes_line

    assert endnotes_line(["[3] TASS, May 3.", "A claim."]).startswith("endnote [3] is not read")
    assert checkable_facts("In [12] cases 40 people died.") == ["number"]  # no note: mid-line


def test_a_marker_after_a_full_stop_is_no_note_that_no_marker_points_to(tmp_path) -> None:
    """ "…on February 12. [1] The president…" (Terrorism Monitor's layout, its notes cut
    off): one marker with no note, not also a note "[1]" that no marker points to."""
    from tests.factories import report_of, scan_markdown

    scan_markdown(tmp_path, "The rebels agreed on February 12. [1] The president declared a truce.")
    problems = report_of(tmp_path).split("### Document problems", 1)[1].split("###")[0]
    assert "endnote marker \\[1\\] has no note" in problems
    assert "no marker" not in problems
