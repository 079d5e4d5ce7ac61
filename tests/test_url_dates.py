"""A citation that gives only a link names no date in words, but news sites write the
day in the path ("…/2020/03/05/…"): the scan dates the reference by it, the report says
so, and ``check`` picks the capture nearest that day without counting the URL's date as
evidence that the page is the one cited (``provenance/scan/urldates.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from provenance.archive import run as check
from provenance.archive import store as checkstore
from provenance.config import Settings
from tests.data.warc.corpus import Capture, article
from tests.factories import report_of, scan_markdown

URL = "https://www.vedomosti.ru/politics/articles/2020/03/05/824555-tariffs"
CLAIM = "Moscow raised the tariff on Tajik cotton by 18 percent."


def _stored(settings: Settings) -> list[tuple[Any, ...]]:
    return (
        Database(settings.db)
        .execute('select outlet, date, date_text, url, date_anomaly from "references"')
        .fetchall()
    )


def test_a_link_only_citation_is_dated_by_its_path(tmp_path: Path) -> None:
    settings = scan_markdown(tmp_path, f"{CLAIM[:-1]} ({URL}).", "2020-03-20")
    assert _stored(settings) == [(URL, "2020-03-05", "2020/03/05", URL, None)]
    row = next(line for line in report_of(tmp_path).splitlines() if line.startswith("| 1 |"))
    assert "| 2020-03-05 (in its URL) |" in row


def test_a_date_written_beside_the_link_is_the_one_cited(tmp_path: Path) -> None:
    settings = scan_markdown(tmp_path, f"{CLAIM[:-1]} (Vedomosti, March 6, {URL}).", "2020-03-20")
    assert [row[1:3] for row in _stored(settings)] == [("2020-03-06", "March 6")]
    assert "(in its URL)" not in report_of(tmp_path)


def test_an_endnote_that_is_a_link_is_dated_by_it_and_flagged_when_later(tmp_path: Path) -> None:
    later = "https://lenta.ru/news/2020/04/01/tariff/"
    body = f"{CLAIM}[1] Dushanbe protested.[2]\n\nNotes\n\n[1] {URL}\n\n[2] {later}"
    settings = scan_markdown(tmp_path, body, "2020-03-20")
    assert [row[1:] for row in _stored(settings)] == [
        ("2020-03-05", "2020/03/05", URL, None),
        ("2020-04-01", "2020/04/01", later, "after-publication"),
    ]


def test_check_takes_the_capture_nearest_the_day_and_no_evidence_from_it(
    tmp_path: Path, ia_archive: Any
) -> None:
    page = article(
        "Тариф на таджикский хлопок поднят на 18 процентов",
        "2020-03-05",
        ["Москва подняла тариф на таджикский хлопок на 18 процентов, сообщили в министерстве."],
        site="Ведомости",
    )
    ia_archive.captures.extend(
        [
            Capture(URL, "20200305120000", page),
            Capture(URL, "20230101120000", b"<html><body><p>Page moved</p></body></html>"),
        ]
    )
    settings = scan_markdown(tmp_path, f"{CLAIM[:-1]} ({URL}).", "2020-03-20")
    db = Database(settings.db)
    run = Settings(
        cdx_url=ia_archive.cdx_url,
        replay_url=ia_archive.replay_url,
        rate_limits={},
        db=settings.db,
        reports=settings.reports,
        content_check=True,  # read and score the capture, not only find it
    )
    summary = check.run_check(db, run)
    (result,) = checkstore.load_checks(db).values()
    assert result.closest is not None and result.closest.timestamp == "20200305120000"
    assert summary.requests == 2  # one exact CDX lookup and the capture's replay
    best = result.best or result.closest
    assert best.score is not None and best.score > 0  # scored against the claim...
    # ... with no date part from the URL's own day: it would match by construction
    assert "date" not in best.components and "cited date in URL" not in best.reasons
