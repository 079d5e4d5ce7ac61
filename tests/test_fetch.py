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
from provenance.models import bare_host
from provenance.net.fetch import (
    Fetcher,
    FetchResult,
    host_key,
    is_private_address,
    parse_retry_after,
)
from tests.fixtures.web import LocalServer, Response

LOCAL = Settings(allow_private=True, timeout=5.0, rate_limits={})
NOW = dt.datetime(2015, 10, 21, 7, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def fetcher():
    with Fetcher(LOCAL) as client:
        yield client


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- basics


def test_get_sends_user_agent_and_returns_result(
    fetcher: Fetcher, local_server: LocalServer
) -> None:
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


@pytest.mark.parametrize(
    ("asked", "cap", "read"),
    [(1000, 100_000, 1000), (200_000, 100_000, 100_000), (None, 100_000, 100_000)],
    ids=["asked-less", "settings-less", "not-asked"],
)
def test_a_request_may_read_less_of_the_body(
    local_server: LocalServer, asked: int | None, cap: int, read: int
) -> None:
    """The link check reads what it compares of a page (256 KB), not 5 MB of a download."""
    url = local_server.oversized("/big", 3_000_000)
    with Fetcher(replace(LOCAL, max_body_bytes=cap)) as client:
        result = client.get(url, max_bytes=asked)
    assert (len(result.body), result.truncated) == (read, True)


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
        ("Wednesday, 21-Oct-15 07:28:00 GMT", 28 * 60.0),
        ("Wed Oct 21 07:28:00 2015", 28 * 60.0),
        ("Wed, 21 Oct 2015 07:28:00 +0100", 0.0),
        ("-5", None),
        ("\u0663", None),
        ("1e3", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
    ids=[
        "seconds",
        "zero",
        "spaces",
        "fraction",
        "http-date",
        "past-date",
        "rfc850-date",
        "asctime-date",
        "offset-date",
        "negative",
        "non-ascii-digit",
        "exponent",
        "junk",
        "empty",
        "missing",
    ],
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
    # Server arrival times jitter a little around the client's start times: generous bound.
    assert all(b - a >= 0.15 for a, b in zip(starts, starts[1:]))
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
    assert starts[1] - starts[0] >= 0.1 and starts[3] - starts[2] >= 0.1


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


# ---------------------------------------------------------------- private-address guard


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("10.0.0.1", True),
        ("192.168.1.1", True),
        ("172.16.0.1", True),
        ("172.31.255.255", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("127.0.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("fc00::1", True),
        ("fe80::1", True),
        ("::ffff:10.0.0.1", True),
        ("2002:a00:1::", True),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::a00:1", True),  # NAT64 wrapping 10.0.0.1
        ("metadata.google.internal", True),
        ("localhost", True),
        ("8.8.8.8", False),
        ("1.1.1.1", False),
        ("172.32.0.1", False),
        ("2606:4700:4700::1111", False),
    ],
    ids=str,
)
def test_is_private_address(host: str, private: bool) -> None:
    assert is_private_address(host) is private


def test_unresolvable_name_is_not_private(allow_dns_failure: None) -> None:
    assert is_private_address("no-such-host.invalid") is False


def test_private_url_is_blocked_when_untrusted(local_server: LocalServer) -> None:
    url = local_server.page("/a")
    with Fetcher(replace(LOCAL, allow_private=False)) as client:
        with pytest.raises(BlockedURLError) as info:
            client.get(url)
        assert info.value.kind == "blocked"
        assert client.get(url, trusted=True).status == 200
    with Fetcher(
        replace(LOCAL, allow_private=False), trusted_hosts=[local_server.netloc]
    ) as client:
        assert client.get(url).status == 200
    with Fetcher(LOCAL) as client:  # allow_private=True
        assert client.get(url).status == 200
    assert len(local_server.requests) == 3  # the blocked request never reached the server


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"],
    ids=["ftp", "file", "javascript", "no-host"],
)
def test_non_http_urls_are_blocked(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(BlockedURLError):
        fetcher.get(url, trusted=True)


# ---------------------------------------------------------------- redirects


def test_redirect_chain_is_recorded(fetcher: Fetcher, local_server: LocalServer) -> None:
    final = local_server.page("/final", "done")
    first = local_server.redirect_chain("/r", 3, "/final", status=301)
    result = fetcher.get(first, follow=True)
    assert (result.status, result.body, result.url, result.final_url) == (
        200,
        b"done",
        first,
        final,
    )
    assert result.history == [(local_server.url(f"/r/{i}"), 301) for i in range(3)]


def test_redirect_not_followed_by_default(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.redirect("/old", "/new", 302)
    result = fetcher.get(url)
    assert result.status == 302 and result.headers["Location"] == "/new"
    assert result.final_url == url and result.history == []


@pytest.mark.parametrize(
    ("status", "method", "expected"),
    [
        (303, "POST", "GET"),
        (302, "POST", "GET"),
        (307, "POST", "POST"),
        (308, "POST", "POST"),
        (303, "HEAD", "HEAD"),
        (301, "GET", "GET"),
    ],
    ids=["303-post", "302-post", "307-post", "308-post", "303-head", "301-get"],
)
def test_redirect_method(
    fetcher: Fetcher, local_server: LocalServer, status: int, method: str, expected: str
) -> None:
    local_server.page("/to")
    url = local_server.redirect("/from", "to", status)  # relative Location
    assert fetcher.request(method, url, follow=True).status == 200
    assert [r.method for r in local_server.requests] == [method, expected]


def test_redirect_across_hosts_and_to_root(fetcher: Fetcher, web_server) -> None:
    a, b = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    b.page("/", "root of b")
    url = a.redirect("/x", b.url("/missing"), 301)
    b.redirect("/missing", "/", 302)
    result = fetcher.get(url, follow=True)
    assert (result.body, result.final_url) == (b"root of b", b.url("/"))
    assert [h for h, _ in result.history] == [url, b.url("/missing")]


def test_redirect_loop_is_detected(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.redirect_loop("/a", "/b")
    with pytest.raises(FetchError) as info:
        fetcher.get(url, follow=True)
    assert info.value.kind == "redirect-loop"
    assert len(local_server.requests) == 2


def test_too_many_redirects(fetcher: Fetcher, local_server: LocalServer) -> None:
    local_server.page("/end")
    url = local_server.redirect_chain("/r", 4, "/end")
    assert fetcher.get(url, follow=True, max_redirects=4).status == 200
    with pytest.raises(FetchError) as info:
        fetcher.get(url, follow=True, max_redirects=3)
    assert info.value.kind == "too-many-redirects"


def test_redirect_hop_to_private_address_is_blocked(web_server) -> None:
    public, internal = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    internal.page("/secret", "secret")
    url = public.redirect("/go", internal.url("/secret"), 302)
    # 127.0.0.2 stands in for a public host (trusted_hosts); 127.0.0.3 is an internal one.
    with Fetcher(replace(LOCAL, allow_private=False), trusted_hosts=[public.netloc]) as client:
        with pytest.raises(BlockedURLError):
            client.get(url, follow=True)
        with pytest.raises(BlockedURLError):  # trusted covers the first host only
            client.get(url, follow=True, trusted=True)
    assert internal.requests == []


def test_trusted_request_may_redirect_within_its_host(local_server: LocalServer) -> None:
    local_server.page("/20161019120000id_/x", "capture")
    url = local_server.redirect("/2016id_/x", "/20161019120000id_/x", 307)
    with Fetcher(replace(LOCAL, allow_private=False)) as client:
        result = client.get(url, follow=True, trusted=True)
    assert result.body == b"capture"


def test_every_hop_counts_against_its_host(fetcher: Fetcher, local_server: LocalServer) -> None:
    local_server.page("/end")
    fetcher.get(local_server.redirect_chain("/r", 2, "/end"), follow=True)
    assert fetcher.stats()[local_server.netloc].requests == 3


# ---------------------------------------------------------------- cookies, headers, faults


def test_cookies_are_not_kept(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.page("/set", headers={"Set-Cookie": "session=abc; Path=/"})
    local_server.page("/next")
    fetcher.get(url)
    fetcher.get(local_server.url("/next"))
    redirecting = local_server.route(
        "/set-and-go", Response(302, headers={"Set-Cookie": "t=1; Path=/", "Location": "/next"})
    )
    fetcher.get(redirecting, follow=True)
    assert [("cookie" in r.headers) for r in local_server.requests] == [False] * 4


def test_extra_headers_are_sent(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.page("/a")
    fetcher.get(url, headers={"Accept-Datetime": "Sun, 01 Jan 2017 00:00:00 GMT"})
    assert local_server.requests[0].headers["accept-datetime"] == "Sun, 01 Jan 2017 00:00:00 GMT"


def test_head_only_failure(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.head_fails("/h", "page")
    dropping = local_server.head_fails("/d", "page", mode="close")
    assert fetcher.head(url).status == 405
    assert fetcher.get(url).body == b"page"
    with pytest.raises(FetchError) as info:
        fetcher.head(dropping)
    assert info.value.kind == "reset"
    assert fetcher.get(dropping).status == 200


def test_retry_after_from_server(fetcher: Fetcher, local_server: LocalServer) -> None:
    seconds = local_server.status("/busy", 429, retry_after=7)
    dated = local_server.status("/later", 503, retry_after=NOW + dt.timedelta(seconds=90))
    assert parse_retry_after(fetcher.get(seconds).headers.get("Retry-After")) == 7.0
    assert parse_retry_after(fetcher.get(dated).headers["Retry-After"], now=NOW) == 90.0


def test_soft_404_and_catch_all(fetcher: Fetcher, web_server) -> None:
    srv = web_server(fallback=Response(200, "same page for every path"))
    soft = srv.soft_404("/gone")
    assert b"Page not found" in fetcher.get(soft).body
    assert fetcher.get(srv.url("/random/xyz")).body == b"same page for every path"


def test_chunked_body_and_sequence(fetcher: Fetcher, local_server: LocalServer) -> None:
    url = local_server.route("/c", Response(200, b"abcdefghij", chunk_size=3))
    assert fetcher.get(url).body == b"abcdefghij"
    seq = local_server.sequence("/s", [Response(503), Response(200, "ok")])
    assert [fetcher.get(seq).status for _ in range(3)] == [503, 200, 200]


def test_latency_is_added_to_every_request(fetcher: Fetcher, web_server) -> None:
    srv = web_server(latency=0.05)
    url = srv.page("/a")
    results = [fetcher.get(url) for _ in range(3)]
    assert all(r.elapsed >= 0.045 for r in results)


def test_gzip_body_is_decoded_and_capped(local_server: LocalServer) -> None:
    import gzip

    packed = gzip.compress(b"a" * 200_000)
    url = local_server.page("/z", packed, headers={"Content-Encoding": "gzip"})
    with Fetcher(replace(LOCAL, max_body_bytes=50_000)) as client:
        result = client.get(url)
    assert (len(result.body), result.truncated, result.body[:3]) == (50_000, True, b"aaa")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://Example.COM/a", "example.com"),
        ("https://example.com:443/", "example.com"),
        ("http://example.com:8080/", "example.com:8080"),
        ("http://127.0.0.1:80/", "127.0.0.1"),
        ("http://[::1]:8080/", "[::1]:8080"),
        ("web.archive.org", "web.archive.org"),
    ],
    ids=str,
)
def test_host_key(url: str, key: str) -> None:
    assert host_key(url) == key


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.AsiaPlusTJ.info:443/news", "asiaplustj.info"),
        ("http://news.tj/a?b=1", "news.tj"),
        ("http://wwwx.example/", "wwwx.example"),
        ("www.x.com/a", ""),  # no scheme: no host
        ("", ""),
    ],
    ids=str,
)
def test_bare_host(url: str, host: str) -> None:
    assert bare_host(url) == host


def test_tls_failure(fetcher: Fetcher, local_server: LocalServer) -> None:
    with pytest.raises(FetchError) as info:  # https to a plain-HTTP port: handshake fails
        fetcher.get(f"https://{local_server.netloc}/")
    assert info.value.kind == "tls"


def test_utf8_location_is_decoded(fetcher: Fetcher, local_server: LocalServer) -> None:
    local_server.page("/%D0%B4%D0%B0", "da")
    url = local_server.route(
        "/go", Response(301, headers={"Location": "/да".encode().decode("latin-1")})
    )
    result = fetcher.get(url, follow=True)
    assert (result.status, result.body) == (200, b"da")
    assert result.final_url == local_server.url("/%D0%B4%D0%B0")


def test_credentials_do_not_follow_to_another_host(fetcher: Fetcher, web_server) -> None:
    a, b = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    b.page("/x")
    a.page("/y")
    a.redirect("/same", "/y")
    url = a.redirect("/go", b.url("/x"))
    auth = {"Authorization": "Bearer t", "X-Other": "1"}
    fetcher.get(a.url("/same"), follow=True, headers=auth)
    fetcher.get(url, follow=True, headers=auth)
    assert [r.headers.get("authorization") for r in a.requests] == ["Bearer t"] * 3
    assert "authorization" not in b.requests[0].headers
    assert b.requests[0].headers["x-other"] == "1"


def test_limits_hold_under_many_threads(web_server) -> None:
    servers = [web_server(host=f"127.0.0.{n}", latency=0.01) for n in (2, 3)]
    urls = [srv.page("/a") for srv in servers] * 12
    settings = replace(LOCAL, host_concurrency=2, rate_limits={srv.netloc: 0.02 for srv in servers})
    with Fetcher(settings) as client:
        results = _hammer(client, urls, threads=16)
        stats = client.stats()
    assert len(results) == 24 and all(r.status == 200 for r in results)
    for srv in servers:
        assert srv.max_in_flight <= 2
        assert stats[srv.netloc].requests == 12 and stats[srv.netloc].max_in_flight <= 2
        starts = [req.time for req in srv.requests]
        assert starts[-1] - starts[0] >= 11 * 0.02 * 0.75  # 11 intervals, generous


def test_server_stop_cuts_keepalive_connections(local_server: LocalServer) -> None:
    url = local_server.page("/a")
    before = threading.active_count()
    with Fetcher(LOCAL) as client:
        client.get(url)  # the client keeps the connection open (keep-alive)
        local_server.stop()
        with pytest.raises(FetchError) as info:
            client.get(url)
    assert info.value.kind in {"refused", "reset"}
    deadline = time.monotonic() + 5
    while threading.active_count() >= before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() < before


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here")
def test_ipv6_loopback_server(fetcher: Fetcher, web_server) -> None:
    srv = web_server(host="::1")
    url = srv.page("/a", "six")
    assert url.startswith("http://[::1]:")
    assert fetcher.get(url).body == b"six"
    assert list(fetcher.stats()) == [srv.netloc]
    with Fetcher(replace(LOCAL, allow_private=False)) as client, pytest.raises(BlockedURLError):
        client.get(url)


def test_redirect_without_location_is_the_answer(
    fetcher: Fetcher, local_server: LocalServer
) -> None:
    url = local_server.route("/odd", Response(302, "no location"))
    result = fetcher.get(url, follow=True)
    assert (result.status, result.body, result.history) == (302, b"no location", [])
