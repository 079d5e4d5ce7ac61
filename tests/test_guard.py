"""The socket guard: tests reach only loopback, and DNS for real names is refused."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.fixtures.guard import RECORD, SocketGuardError, is_loopback_address

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.0.5", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("8.8.8.8", False),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
        ("localhost", False),  # names are resolved first; connect() sees addresses
    ],
    ids=lambda v: str(v),
)
def test_is_loopback_address(address: str, expected: bool) -> None:
    assert is_loopback_address(address) is expected


def _tcp_connect(address: tuple[str, int]) -> None:
    with socket.socket() as sock:
        sock.connect(address)


def _tcp_connect_ex(address: tuple[str, int]) -> None:
    with socket.socket() as sock:
        sock.connect_ex(address)


def _udp_sendto(address: tuple[str, int]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"x", address)


def _create_connection(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=0.5):
        pass


@pytest.mark.parametrize(
    ("connect", "address"),
    [
        (_create_connection, ("8.8.8.8", 53)),
        (_tcp_connect, ("93.184.216.34", 80)),
        (_tcp_connect_ex, ("1.1.1.1", 443)),
        (_udp_sendto, ("8.8.8.8", 53)),
    ],
    ids=["create_connection-8.8.8.8:53", "connect-93.184.216.34:80", "connect_ex", "udp-sendto"],
)
def test_non_loopback_connect_is_blocked(connect, address: tuple[str, int]) -> None:
    expected = f"socket guard: test tried to reach {address[0]}:{address[1]}"
    with pytest.raises(SocketGuardError, match=expected):
        connect(address)
    connects, _ = RECORD.take()  # consume it, or this test would fail at teardown
    assert len(connects) == 1


def test_guard_error_names_the_address() -> None:
    with pytest.raises(OSError) as info:
        socket.create_connection(("93.184.216.34", 80), timeout=0.5)
    assert "93.184.216.34:80" in str(info.value)
    RECORD.take()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.5"], ids=str)
def test_loopback_connect_is_allowed(host: str) -> None:
    with socket.socket() as listener:
        listener.bind((host, 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        with socket.create_connection((host, port), timeout=2) as client:
            assert client.getpeername() == (host, port)
    assert RECORD.connects == []


def test_dns_of_real_name_is_refused(allow_dns_failure: None) -> None:
    with pytest.raises(socket.gaierror, match="example.com"):
        socket.getaddrinfo("example.com", 80)
    with pytest.raises(socket.gaierror):
        socket.gethostbyname("example.com")
    _, lookups = RECORD.take()
    assert len(lookups) == 2


@pytest.mark.allow_dns_failure
def test_dns_marker_also_allows_refused_lookup() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("news.tj", 443)


@pytest.mark.parametrize("name", ["localhost", "127.0.0.9", "::1"], ids=str)
def test_local_names_and_literals_resolve(name: str) -> None:
    infos = socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)
    assert infos
    assert RECORD.lookups == []


def test_reverse_dns_is_refused() -> None:
    with pytest.raises(socket.herror):
        socket.gethostbyaddr("127.0.0.1")
    assert socket.getfqdn("127.0.0.3") == "127.0.0.3"  # getfqdn falls back to the input


def test_teardown_fails_a_test_that_leaked_a_connect_or_lookup(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.fixtures.guard"]\n')
    (tmp_path / "test_leak.py").write_text(
        textwrap.dedent(
            """
            import socket

            def test_swallowed_connect():
                try:
                    socket.create_connection(("10.1.2.3", 80), timeout=0.2)
                except OSError:
                    pass  # code under test hid the failure; the guard must not

            def test_swallowed_lookup():
                try:
                    socket.getaddrinfo("example.org", 80)
                except OSError:
                    pass
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout
    assert "2 passed, 2 errors" in result.stdout
    assert "socket guard: test tried to reach 10.1.2.3:80" in result.stdout
    assert "socket guard: test tried to resolve 'example.org'" in result.stdout
