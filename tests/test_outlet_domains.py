"""Every outlet's domain on a date, against a hand-checked table (gold/outlet_domains.tsv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provenance.scan.outlets.resolve import load_registry

TABLE = Path(__file__).resolve().parent / "data" / "gold" / "outlet_domains.tsv"
ROWS = [
    tuple(line.split("\t"))
    for line in TABLE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize("outlet_id, date, domain", ROWS, ids=[f"{r[0]}@{r[1]}" for r in ROWS])
def test_domain_on_date(outlet_id: str, date: str, domain: str) -> None:
    outlet = load_registry().get(outlet_id)
    assert outlet is not None, outlet_id
    assert outlet.domain_on(dt.date.fromisoformat(date)) == domain


def test_every_outlet_with_a_domain_is_in_the_table() -> None:
    covered = {row[0] for row in ROWS}
    missing = [o.id for o in load_registry() if o.domains and o.id not in covered]
    assert missing == []


@pytest.mark.parametrize(
    "written, when, outlet_id, domain",
    [
        ("Nezavisimaya Gazeta", "2021-12-10", "nezavisimaya-gazeta", "ng.ru"),
        ("NG", "2021-12-10", "nezavisimaya-gazeta", "ng.ru"),
        ("ngdeutschland.de", "2021-12-10", "nezavisimaya-gazeta", "ngdeutschland.de"),
        ("Sputnik.kg", "2021-10-03", "sputnik-kyrgyzstan", "sputnik.kg"),
        ("Sputnik Kyrgyzstan", "2021-10-03", "sputnik-kyrgyzstan", "sputnik.kg"),
        ("sputnik.kz", "2021-10-03", "sputnik-kazakhstan", "sputnik.kz"),
        ("Sputnik", "2021-10-03", "sputnik", "sputnikglobe.com"),
        ("Radio Svoboda", "2016-05-04", "radio-svoboda", "svoboda.org"),
        ("Kavkaz.Realii", "2016-05-07", "kavkaz-realii", "kavkazr.com"),
        ("RFE/RL", "2016-05-07", "rferl", "rferl.org"),
        ("bbc.com/russian/news-1", "2016-05-07", "bbc-russian", "bbc.com"),
        ("BBC", "2016-05-07", "bbc", "bbc.com"),
        ("TV Rain", "2020-01-10", "tv-rain", "tvrain.ru"),
        ("Dozhd", "2023-01-10", "tv-rain", "tvrain.tv"),
        ("News.tj", "2016-10-20", "asia-plus", "news.tj"),
        ("Asia-Plus", "2021-10-20", "asia-plus", "asiaplustj.info"),
        ("The Monitor", "2000-03-04", "edm", "jamestown.org"),
        ("Kremlin.ru", "2014-03-18", "kremlin", "kremlin.ru"),
        ("Mil.ru", "2016-05-03", "russia-mod", "mil.ru"),
        ("Interfax-Ukraine", "2016-05-06", "interfax-ukraine", "interfax.com.ua"),
        ("nvo.ng.ru", "2016-05-06", "nvo", "nvo.ng.ru"),
        ("мвд.рф", "2016-05-06", "russia-mvd", "мвд.рф"),
        ("https://xn--b1aew.xn--p1ai/news/1", "2016-05-06", "russia-mvd", "xn--b1aew.xn--p1ai"),
        ("https://en.mvd.ru/news", "2016-05-06", "russia-mvd", "en.mvd.ru"),
    ],
)
def test_resolution_on_date(written: str, when: str, outlet_id: str, domain: str) -> None:
    res = load_registry().resolve(written, when=dt.date.fromisoformat(when))
    assert (res.outlet.id if res.outlet else None, res.domain) == (outlet_id, domain)
