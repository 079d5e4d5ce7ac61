"""The HTTP layer against real local servers: limits, caps, error kinds, redirects, SSRF guard."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from provenance.config import Settings
from provenance.errors import BlockedURLError, FetchError
from provenance.fetch import Fetcher, FetchResult, host_key, is_private_address, parse_retry_after
from tests.fixtures.web import LocalServer, Response

LOCAL = Settings(allow_private=True, timeout=5.0, rate_limits={})
NOW = dt.datetime(2015, 10, 21, 7, 0, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def fetcher():
    with Fetcher(LOCAL) as client:
        yield client


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- basics


def test_get_sends_user_agent_and_returns_result(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.page("/a", "<p>hello</p>", headers={"X-Test": "1"})
    result = fetcher.get(url)
    assert isinstance(result, FetchResult)
    assert (result.status, result.body, result.truncated) == (200, b"<p>hello</p>", False)
    assert result.final_url == url and result.history == []
    assert result.headers["x-test"] == "1"  # case-insensitive
    assert local_server.requests[0].headers["user-agent"] == LOCAL.user_agent


def test_error_statuses_are_results(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.status("/gone", 410)
    assert fetcher.get(url).status == 410
    assert fetcher.get(local_server.url("/nowhere")).status == 404


def test_head_has_no_body(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.page("/a", "body")
    result = fetcher.head(url)
    assert (result.status, result.body) == (200, b"")
    assert local_server.requests[0].method == "HEAD"


@pytest.mark.parametrize(
    ("size", "cap", "truncated"),
    [(1000, 1000, False), (1001, 1000, True), (3_000_000, 100_000, True), (10, 100, False)],
    ids=["exactly-cap", "one-over", "huge", "small"],
)
def test_body_is_capped(local_server: LocalServer, size: int, cap: int, truncated: bool) -> None:
    url = local_server.oversized("/big", size)
    with Fetcher(replace(LOCAL, max_body_bytes=cap)) as client:
        result = client.get(url)
    assert result.truncated is truncated
    assert len(result.body) == min(size, cap)


# ---------------------------------------------------------------- error kinds


def test_refused(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as info:
        fetcher.get(f"http://127.0.0.1:{_closed_port()}/")
    assert info.value.kind == "refused"
    assert "\n" not in str(info.value)


def test_timeout(local_server: LocalServer) -> None:
    url = local_server.slow("/slow", 2.0)
    with Fetcher(replace(LOCAL, timeout=0.3)) as client, pytest.raises(FetchError) as info:
        client.get(url)
    assert info.value.kind == "timeout"


def test_timeout_argument_overrides_settings(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.slow("/slow", 2.0)
    with pytest.raises(FetchError) as info:
        fetcher.get(url, timeout=0.3)
    assert info.value.kind == "timeout"


def test_drip_fed_body_times_out_as_a_whole(fetcher: Fetcher, local_server: LocalServer) -> None:
    # Each chunk arrives well within the read timeout, but the body takes longer than it.
    url = local_server.route("/drip", Response(200, b"x" * 20, chunk_size=1, chunk_delay=0.1))
    with pytest.raises(FetchError) as info:
        fetcher.get(url, timeout=0.5)
    assert info.value.kind == "timeout"


@pytest.mark.parametrize("mode", ["reset", "close"], ids=str)
def test_reset(fetcher: Fetcher, local_server: LocalServer, mode: str) -> None:
    url = local_server.reset("/r", mode)
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert info.value.kind == "reset"


def test_dns(fetcher: Fetcher, allow_dns_failure: None) -> None:
    with pytest.raises(FetchError) as info:
        fetcher.get("http://no-such-host.invalid/")
    assert info.value.kind == "dns"


def test_dns_untrusted_goes_through_guard_then_fails(allow_dns_failure: None) -> None:
    with Fetcher(replace(LOCAL, allow_private=False)) as client, pytest.raises(FetchError) as info:
        client.get("https://news.tj/a.html")
    assert info.value.kind == "dns"
    assert not isinstance(info.value, BlockedURLError)


# ---------------------------------------------------------------- Retry-After


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (" 5 ", 5.0),
        ("1.5", 1.5),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 28 * 60.0),
        ("Wed, 21 Oct 2015 06:00:00 GMT", 0.0),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
    ids=["seconds", "zero", "spaces", "fraction", "http-date", "past-date", "negative", "junk",
         "empty", "missing"],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


# ---------------------------------------------------------------- limits


def test_rate_limit_spaces_request_starts(local_server: LocalServer) -> None:
    url = local_server.page("/a")
    settings = replace(LOCAL, rate_limits={local_server.netloc: 0.2})
    began = time.monotonic()
    with Fetcher(settings) as client:
        for _ in range(5):
            client.get(url)
        stats = client.stats()[local_server.netloc]
    assert time.monotonic() - began >= 0.8
    starts = [req.time for req in local_server.requests]
    assert all(b - a >= 0.19 for a, b in zip(starts, starts[1:]))
    assert stats.requests == 5 and stats.waited_seconds >= 0.7


def test_default_delay_and_bare_host_rate_limit(web_server) -> None:
    srv = web_server(host="127.0.0.2")
    url = srv.page("/a")
    with Fetcher(replace(LOCAL, rate_limits={"127.0.0.2": 0.15})) as client:
        client.get(url)
        client.get(url)
    with Fetcher(LOCAL, default_delay=0.15) as client:
        client.get(url)
        client.get(url)
    starts = [req.time for req in srv.requests]
    assert starts[1] - starts[0] >= 0.14 and starts[3] - starts[2] >= 0.14


def test_fake_clock_drives_the_interval(local_server: LocalServer) -> None:
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    url = local_server.page("/a")
    settings = replace(LOCAL, rate_limits={local_server.netloc: 10.0})
    with Fetcher(settings, clock=lambda: now[0], sleep=sleep) as client:
        for _ in range(3):
            client.get(url)
        stats = client.stats()[local_server.netloc]
    assert slept == [10.0, 10.0]
    assert stats.waited_seconds == 20.0


def test_defer_pushes_next_request(local_server: LocalServer) -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    url = local_server.page("/a")
    with Fetcher(LOCAL, clock=lambda: now[0], sleep=sleep) as client:
        client.get(url)
        client.defer(local_server.netloc, 30.0)
        client.defer(local_server.netloc, 5.0)  # never moves it earlier
        client.get(url)
        client.defer(url, 7.0)  # a URL names its host too
        client.get(url)
    assert slept == [30.0, 7.0]


def _hammer(client: Fetcher, urls: list[str], threads: int = 8) -> list[FetchResult]:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(client.get, urls))


def test_host_concurrency_is_never_exceeded(local_server: LocalServer) -> None:
    url = local_server.page("/a", delay=0.05)
    with Fetcher(replace(LOCAL, host_concurrency=2)) as client:
        results = _hammer(client, [url] * 16)
        stats = client.stats()[local_server.netloc]
    assert all(r.status == 200 for r in results)
    assert local_server.max_in_flight == 2
    assert stats.max_in_flight == 2 and stats.requests == 16


def test_global_concurrency_is_never_exceeded(web_server) -> None:
    in_flight, peak, lock = [0], [0], threading.Lock()

    def counted(_request: object) -> Response:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.1)
        with lock:
            in_flight[0] -= 1
        return Response(200, "ok")

    servers = [web_server(host=f"127.0.0.{n}") for n in (2, 3, 4, 5)]
    urls = [srv.route("/a", counted) for srv in servers] * 4
    settings = replace(LOCAL, host_concurrency=4, global_concurrency=3)
    with Fetcher(settings) as client:
        results = _hammer(client, urls, threads=12)
    assert [r.status for r in results] == [200] * 16
    assert 2 <= peak[0] <= 3  # never above the global cap (and it did run in parallel)
