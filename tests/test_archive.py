"""Tests for provenance.archive and provenance.captures: CDX adapter, Memento, cache, retries."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from provenance.archive import captures, cdx
from provenance.archive import client as archive
from provenance.archive.captures import Cited
from provenance.archive.client import ArchiveClient, CdxRow, Request
from provenance.archive.failures import failure_cause
from provenance.config import Settings
from provenance.errors import ArchiveLookupError, CircuitOpenError, OfflineMiss
from provenance.net.fetch import Fetcher
from provenance.store.migrations import migrations
from tests.servers import Response, http_date

IA_BODY = (
    b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
    b'["tj,news)/a/1","20161020120000","http://news.tj/a/1","text/html","200","X","10"],'
    b'["tj,news)/a/2","20161021120000","http://news.tj/a/2","warc/revisit","-","X","10"]]'
)
PYWB_BODY = (
    b'{"urlkey": "tj,news)/a/1", "timestamp": "20161020120000", "url": "http://news.tj/a/1",'
    b' "mime": "text/html", "status": "200"}\n'
    b'{"urlkey": "tj,news)/a/2", "timestamp": "20161021120000", "url": "http://news.tj/a/2",'
    b' "mime": "warc/revisit"}\n'
    b'{"urlkey": "tj,news)/a/3", "timestamp": "20161021120000", "url": "http://news.tj/a/3",'
    b' "mime": "text/html", "status": "200", "is_fuzzy": "1"}\n'
)
CDXJ_BODY = (
    b'tj,news)/a/1 20161020120000 {"url": "http://news.tj/a/1", "mime": "text/html", '
    b'"status": "200"}\n'
)
TEXT_BODY = b"tj,news)/a/1 20161020120000 http://news.tj/a/1 text/html 200 X 10\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (IA_BODY, [("http://news.tj/a/1", True), ("http://news.tj/a/2", False)]),
        (b"[]", []),
        (b"", []),
        (PYWB_BODY, [("http://news.tj/a/1", True), ("http://news.tj/a/2", False)]),
        (CDXJ_BODY, [("http://news.tj/a/1", True)]),
        (TEXT_BODY, [("http://news.tj/a/1", True)]),
        (
            IA_BODY[:-1] + b',[],["resumekey"]]',
            [("http://news.tj/a/1", True), ("http://news.tj/a/2", False)],
        ),
    ],
    ids=[
        "ia-json",
        "ia-empty",
        "pywb-empty",
        "pywb-ndjson-fuzzy-dropped",
        "cdxj",
        "ia-text",
        "ia-resume-key",
    ],
)
def test_parse_cdx_normalises_both_formats(body: bytes, expected: list[tuple[str, bool]]) -> None:
    rows = archive.parse_cdx(body)
    assert [(r.original, r.is_html_200) for r in rows] == expected


@pytest.mark.parametrize(
    "body",
    [
        IA_BODY[: len(IA_BODY) // 2],
        b'[["urlkey","timestamp"],["a"]]',
        b'{"url": ',
        b"<html>busy</html>",
    ],
    ids=["truncated-json", "ragged-rows", "truncated-ndjson", "html-instead"],
)
def test_parse_cdx_rejects_garbage(body: bytes) -> None:
    with pytest.raises(ArchiveLookupError, match="malformed CDX"):
        archive.parse_cdx(body)


def test_link_format_and_closest_memento() -> None:
    text = (
        '<http://a/coll/timemap/link/http://x/>; rel="self",\n'
        '<http://x/>; rel="original",\n'
        '<http://a/coll/20161015120000mp_/http://x/>; rel="first memento"; '
        'datetime="Sat, 15 Oct 2016 12:00:00 GMT",\n'
        '<http://a/coll/20161019120000mp_/http://x/>; rel="memento"; '
        'datetime="Wed, 19 Oct 2016 12:00:00 GMT",\n'
        '<http://a/coll/20170101000000mp_/http://x/>; rel="last memento"; '
        'datetime="Sun, 01 Jan 2017 00:00:00 GMT"'
    )
    mementos = archive.mementos_from_links(text)
    assert [m.timestamp for m in mementos] == ["20161015120000", "20161019120000", "20170101000000"]
    closest = archive.closest_memento(mementos, dt.date(2016, 10, 20))
    assert closest is not None and closest.timestamp == "20161019120000"
    assert archive.closest_memento(mementos, None).timestamp == "20170101000000"
    assert archive.to_raw_memento(closest.uri) == "http://a/coll/20161019120000id_/http://x/"


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("http://news.tj/", False),
        ("http://news.tj/ru/", False),
        ("http://news.tj/index.php", False),
        ("http://news.tj/ru/rss.xml", False),
        ("http://news.tj/logo.png", False),
        ("http://news.tj/ru/tags/kitai", False),
        ("http://news.tj/ru/feed", False),
        ("http://news.tj/news", False),
        ("http://news.tj/search?q=china", False),
        ("http://news.tj/ru/news/20161020/233115", True),
        ("http://rus.ozodi.org/a/28063287.html", True),
        (
            "http://jamestown.org/program/tajikistan-turns-to-china-as-afghan-border-deteriorates/",
            True,
        ),
    ],
    ids=[
        "home",
        "language-home",
        "index",
        "rss",
        "image",
        "tag",
        "feed",
        "section",
        "search",
        "dated-article",
        "id-article",
        "slug-article",
    ],
)
def test_is_article_url(url: str, article: bool) -> None:
    assert captures.is_article_url(url) is article


def _row(url: str, ts: str, mime: str = "text/html", status: str = "200") -> CdxRow:
    return CdxRow(timestamp=ts, original=url, mimetype=mime, statuscode=status)


def test_rank_captures_puts_the_cited_date_first_and_filters() -> None:
    cited = Cited(
        dt.date(2016, 10, 20),
        (dt.date(2016, 10, 19), dt.date(2016, 10, 23)),
        "China and Tajikistan exercises",
    )
    rows = [
        _row("http://news.tj/ru/news/sport/football-cup", "20161020100000"),
        _row("http://news.tj/ru/news/20161015/232900", "20161020110000"),  # older article
        _row("http://news.tj/ru/news/233500", "20161021100000"),  # article id
        _row("http://news.tj/ru/news/20161020/233115", "20161022100000"),
        _row("http://news.tj/ru/news/20161020/233115", "20161020120000"),  # same URL, closer
        _row("http://news.tj/ru/news/20161020/233116", "20161020120000", status="301"),
        _row(
            "http://news.tj/ru/news/20161020/233117",
            "20161020120000",
            mime="warc/revisit",
            status="-",
        ),
        _row("http://news.tj/ru/news/20161020/233118", "20161025120000"),  # outside window
        _row("http://news.tj/", "20161020120000"),
    ]
    ranked = captures.rank_captures(rows, cited, "http://a/web")
    assert [c.original_url for c in ranked] == [
        "http://news.tj/ru/news/20161020/233115",
        "http://news.tj/ru/news/233500",
        "http://news.tj/ru/news/sport/football-cup",
        "http://news.tj/ru/news/20161015/232900",
    ]
    assert ranked[0].timestamp == "20161020120000"
    assert (
        ranked[0].archive_url
        == "http://a/web/20161020120000id_/http://news.tj/ru/news/20161020/233115"
    )


# ---------------------------------------------------------------- client


@pytest.fixture
def mem_db():
    from sqlite_utils import Database

    db = Database(memory=True)
    migrations.apply(db)
    yield db
    db.close()


def _client(db, ia, **overrides) -> tuple[ArchiveClient, Fetcher]:
    settings = Settings(
        cdx_url=ia.cdx_url,
        replay_url=ia.replay_url,
        rate_limits={},
        timeout=overrides.pop("timeout", 2.0),
        **overrides,
    )
    fetcher = Fetcher(settings, trusted_hosts=archive.trusted_archive_hosts(settings))
    return ArchiveClient(db, settings, fetcher, no_header_wait=0.2, backoff=0.05), fetcher


CDX_Q = "?url=news.tj&matchType=domain&from=20161019&to=20161023&output=json"


def test_client_caches_and_answers_offline(mem_db, ia_archive) -> None:
    client, fetcher = _client(mem_db, ia_archive)
    req = Request(ia_archive.cdx_url + CDX_Q)
    first = client.get(req, validate=lambda r: archive.parse_cdx(r.body))
    assert first.status == 200 and not first.from_cache
    offline, fetcher2 = _client(mem_db, ia_archive, offline=True)
    again = offline.get(req)
    assert again.from_cache and again.body == first.body
    with pytest.raises(OfflineMiss, match="offline: not cached"):
        offline.get(Request(ia_archive.cdx_url + "?url=other.tj"))
    assert len(ia_archive.cdx_requests()) == 1
    for c, f in ((client, fetcher), (offline, fetcher2)):
        c.close()
        f.close()


@pytest.mark.parametrize(
    ("faults", "expect_error", "requests"),
    [
        ([Response(503, "busy", {"Retry-After": "0"})], None, 2),
        ([Response(429, "slow down", {"Retry-After": "1"})], None, 2),
        ([Response(503, "busy")] * 4, "HTTP 503", 4),
        ([Response(200, '{"url": ', content_type="text/x-ndjson")], "malformed CDX", 1),
        (
            [Response(200, IA_BODY[:40].decode(), content_type="application/json")],
            "malformed CDX",
            1,
        ),
        ([Response(200, "[]", delay=1.5)] * 4, "timeout", 4),
    ],
    ids=[
        "503-retry-after-0",
        "429-retry-after-1s",
        "503-gives-up",
        "malformed-ndjson",
        "truncated-json",
        "timeouts",
    ],
)
def test_client_faults(mem_db, ia_archive, faults, expect_error, requests) -> None:
    client, fetcher = _client(mem_db, ia_archive, timeout=0.5)
    ia_archive.inject("/cdx/", *faults)
    req = Request(ia_archive.cdx_url + CDX_Q)
    result = client.get_many([req], validate=lambda r: archive.parse_cdx(r.body))[req.key]
    if expect_error:
        assert isinstance(result, ArchiveLookupError) and expect_error in str(result)
        assert mem_db["archive_cache"].count == 0  # failures are never cached
    else:
        assert result.status == 200 and archive.parse_cdx(result.body)
    assert len(ia_archive.cdx_requests()) == requests
    client.close()
    fetcher.close()


def test_retry_after_http_date_is_waited(mem_db, ia_archive) -> None:
    client, fetcher = _client(mem_db, ia_archive)
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    ia_archive.inject("/cdx/", Response(429, "slow", {"Retry-After": http_date(when)}))
    client.get(Request(ia_archive.cdx_url + CDX_Q))
    first, second = ia_archive.cdx_requests()
    assert second.time - first.time >= 0.9  # an HTTP-date has 1 s resolution
    client.close()
    fetcher.close()


def test_breaker_opens_after_consecutive_429s(mem_db, ia_archive) -> None:
    client, fetcher = _client(mem_db, ia_archive, breaker_threshold=3, max_retries=5)
    ia_archive.inject("/cdx/", *[Response(429, "slow", {"Retry-After": "0"})] * 10)
    started = time.monotonic()
    with pytest.raises(CircuitOpenError):
        client.get(Request(ia_archive.cdx_url + CDX_Q))
    with pytest.raises(CircuitOpenError):
        client.get(Request(ia_archive.cdx_url + "?url=other.tj"))
    assert len(ia_archive.cdx_requests()) == 3  # the second lookup never reached the server
    assert client.breaker.open_hosts == {ia_archive.server.netloc}
    assert time.monotonic() - started < 5
    client.close()
    fetcher.close()


# ---------------------------------------------------------------- pywb


def test_pywb_cdx_replay_and_memento(mem_db, pywb_archive) -> None:
    settings = Settings(
        cdx_url=pywb_archive.cdx_url,
        replay_url=pywb_archive.replay_url,
        memento_url=pywb_archive.memento_url,
        rate_limits={},
    )
    fetcher = Fetcher(settings, trusted_hosts=archive.trusted_archive_hosts(settings))
    client = ArchiveClient(mem_db, settings, fetcher)
    query = archive.cdx_query_url(
        settings.cdx_url,
        "news.tj",
        match_type="domain",
        start=dt.date(2016, 10, 19),
        end=dt.date(2016, 10, 23),
    )
    rows = archive.parse_cdx(client.get(Request(query)).body)
    assert "http://news.tj/ru/news/tajikistan/security/20161020/233115" in {
        r.original for r in rows
    }
    assert all(r.statuscode == "200" for r in rows)  # revisits and the 301 filtered server-side
    page = "http://news.tj/ru/news/tajikistan/security/20161020/233115"
    replay = client.get(Request(archive.replay_url(settings.replay_url, "20161020120000", page)))
    assert replay.status == 200 and replay.header("Memento-Datetime")
    assert "Ишкашим".encode() in replay.body
    moved = client.get(
        Request(
            archive.replay_url(
                settings.replay_url,
                "20161020140000",
                "http://news.tj/ru/news/tajikistan/security/20161020/233116",
            )
        )
    )
    assert moved.status == 301 and moved.header(
        "Location",
    ).startswith("https://news.tj/")
    miss = client.get(
        Request(
            archive.replay_url(
                settings.replay_url, "20161020120000", "http://news.tj/never-archived"
            )
        )
    )
    assert miss.status == 404 and miss.header("Memento-Datetime") is None
    memento = archive.timegate(client, settings.memento_url, page, dt.date(2016, 10, 23))
    assert memento is not None and memento.timestamp == "20161022120000"
    client.close()
    fetcher.close()


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2016, 10, 20),
        dt.datetime(2016, 10, 20, 23, 59),
        dt.datetime(2016, 10, 20, 1, 0, tzinfo=dt.UTC),
    ],
    ids=["date", "naive-datetime", "aware-datetime"],
)
def test_noon_utc_ignores_the_time_of_day(day: dt.date) -> None:
    assert cdx.noon_utc(day) == dt.datetime(2016, 10, 20, 12, tzinfo=dt.UTC)


def _silent_archive_client(db, server, **overrides) -> tuple[ArchiveClient, Fetcher]:
    settings = Settings(
        cdx_url=server.url("/cdx"), replay_url=server.url("/web"), rate_limits={}, **overrides
    )
    fetcher = Fetcher(settings, trusted_hosts=archive.trusted_archive_hosts(settings))
    return ArchiveClient(db, settings, fetcher, no_header_wait=0.2, backoff=0.05), fetcher


def test_an_archive_that_never_answers_is_given_up_after_threshold_requests(
    mem_db, local_server
) -> None:
    """A silent archive cost one timeout and its retries per reference: 13 minutes for a
    37-reference check that could only fail."""
    local_server.route("/cdx", Response(200, "[]", delay=5))
    client, fetcher = _silent_archive_client(
        mem_db, local_server, timeout=0.3, breaker_threshold=3, max_retries=1
    )
    started = time.monotonic()
    for site in ("a.tj", "b.tj"):  # each request unanswered after its one retry
        with pytest.raises(ArchiveLookupError) as early:
            client.get(Request(local_server.url(f"/cdx?url={site}")))
        assert not isinstance(early.value, CircuitOpenError)
    with pytest.raises(CircuitOpenError) as third:
        client.get(Request(local_server.url("/cdx?url=c.tj")))
    with pytest.raises(CircuitOpenError) as fourth:
        client.get(Request(local_server.url("/cdx?url=d.tj")))
    assert len(local_server.requests_to("/cdx")) == 6  # 3 requests, 2 tries each; d.tj none
    assert time.monotonic() - started < 5
    assert client.breaker.open_hosts == {local_server.netloc}
    cause = f"timed out waiting for {local_server.netloc}"
    assert failure_cause(str(third.value)) == failure_cause(str(fourth.value)) == cause
    client.close()
    fetcher.close()


def test_an_answer_between_unanswered_requests_keeps_the_archive(mem_db, local_server) -> None:
    local_server.sequence(
        "/cdx",
        [
            Response(drop="reset"),
            Response(drop="reset"),
            Response(200, "[]"),
            Response(drop="reset"),
            Response(drop="reset"),
            Response(200, "[]"),
        ],
    )
    client, fetcher = _silent_archive_client(
        mem_db, local_server, timeout=2.0, breaker_threshold=3, max_retries=5
    )
    assert client.get(Request(local_server.url("/cdx?url=a.tj"))).status == 200
    assert client.get(Request(local_server.url("/cdx?url=b.tj"))).status == 200
    assert client.breaker.open_hosts == set()
    client.close()
    fetcher.close()
