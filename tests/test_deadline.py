"""The Fetcher's total deadline and abort, against real slow-drip servers on loopback."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from provenance.config import Settings
from provenance.errors import FetchError
from provenance.net.fetch import Fetcher
from tests.servers import DripServer

LOCAL = Settings(allow_private=True, timeout=1.0, rate_limits={})
SLACK = 1.5  # seconds allowed beyond the deadline (thread scheduling on a busy machine)


@pytest.fixture
def drip():
    servers: list[DripServer] = []

    def make(mode: str, interval: float = 0.2, chunked: bool = False) -> DripServer:
        server = DripServer(mode, interval, chunked)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.mark.parametrize(
    ("mode", "chunked", "method"),
    [
        ("headers", False, "GET"),
        ("headers", False, "HEAD"),
        ("body", False, "GET"),
        ("body", True, "GET"),
        ("silent", False, "GET"),
    ],
    ids=["drip-headers", "drip-headers-head", "drip-body", "drip-chunked-body", "silent"],
)
def test_total_deadline_whatever_the_server_does(drip, mode, chunked, method) -> None:
    # Each byte comes well within the per-read timeout, so only a total deadline ends it.
    server = drip(mode, 0.2, chunked)
    started = time.monotonic()
    with Fetcher(LOCAL) as client, pytest.raises(FetchError) as info:
        client.request(method, server.url("/page"))
    took = time.monotonic() - started
    assert info.value.kind == "timeout"
    assert LOCAL.timeout * 0.9 <= took < LOCAL.timeout + SLACK
    assert "within 1 s" in str(info.value)


def test_deadline_covers_every_redirect_hop(drip, local_server) -> None:
    server = drip("body", 0.2)
    url = local_server.redirect("/go", server.url("/slow"), 302)
    started = time.monotonic()
    with Fetcher(LOCAL) as client, pytest.raises(FetchError) as info:
        client.get(url, follow=True)
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < LOCAL.timeout + SLACK


def test_fast_requests_are_not_cut(local_server) -> None:
    url = local_server.page("/ok", "<p>fine</p>")
    with Fetcher(replace(LOCAL, timeout=0.5)) as client:
        for _ in range(20):  # the watchdog must not cut a later exchange by mistake
            assert client.get(url).body == b"<p>fine</p>"
        time.sleep(0.6)  # past the first requests' deadlines: kept-alive sockets still work
        assert client.get(url).status == 200


def test_abort_ends_requests_in_flight_and_refuses_new_ones(drip, local_server) -> None:
    server = drip("body", 0.5)
    errors: list[FetchError] = []
    client = Fetcher(replace(LOCAL, timeout=60.0, host_concurrency=3))

    def fetch() -> None:
        try:
            client.get(server.url("/x"))
        except FetchError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while server.connections < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    client.abort()
    for thread in threads:
        thread.join(timeout=5)
    took = time.monotonic() - started
    assert [e.kind for e in errors] == ["aborted"] * 3
    assert took < 1.0
    with pytest.raises(FetchError) as info:
        client.get(local_server.page("/later"))
    assert info.value.kind == "aborted"
    assert local_server.requests == []  # nothing new went out
    client.close()


def test_abort_wakes_a_request_waiting_for_its_host(local_server) -> None:
    url = local_server.page("/a")
    client = Fetcher(LOCAL)
    client.defer(url, 3600)  # a Retry-After that would hold the next request for an hour
    errors: list[FetchError] = []

    def fetch() -> None:
        try:
            client.get(url)
        except FetchError as exc:
            errors.append(exc)

    thread = threading.Thread(target=fetch)
    thread.start()
    time.sleep(0.2)
    client.abort()
    thread.join(timeout=2)
    assert not thread.is_alive()
    assert [e.kind for e in errors] == ["aborted"]
    client.close()
