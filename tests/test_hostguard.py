"""The SSRF guard: --allow-host, --allow-net, link-local stays shut, one lookup per connection."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from provenance.config import Settings, load_settings
from provenance.errors import BlockedURLError, ConfigError
from provenance.net.fetch import Fetcher
from provenance.net.hostguard import HostGuard

STRICT = Settings(allow_private=False, timeout=5.0, rate_limits={})


@pytest.mark.parametrize(
    ("guard", "host", "port", "address", "allowed"),
    [
        (HostGuard(), "example.org", 80, "93.184.216.34", True),
        (HostGuard(), "intranet", 80, "10.0.0.1", False),
        (HostGuard(allow_private=True), "intranet", 80, "10.0.0.1", True),
        (HostGuard(allow_private=True), "x", 80, "169.254.169.254", False),
        (HostGuard(allow_private=True), "x", 80, "::ffff:169.254.169.254", False),
        (HostGuard(allow_private=True), "x", 80, "fe80::1", False),
        (HostGuard(allow_private=True), "x", 80, "100.100.100.200", False),
        (HostGuard.build(False, nets=["10.0.0.0/8"]), "a", 80, "10.1.2.3", True),
        (HostGuard.build(False, nets=["10.0.0.0/8"]), "a", 80, "192.168.1.1", False),
        (HostGuard.build(False, nets=["169.254.0.0/16"]), "a", 80, "169.254.169.254", False),
        (HostGuard.build(False, nets=["169.254.169.254/32"]), "a", 80, "169.254.169.254", True),
        (
            HostGuard.build(False, hosts=["169.254.169.254"]),
            "169.254.169.254",
            80,
            "169.254.169.254",
            True,
        ),  # noqa: E501
        (HostGuard.build(False, hosts=["wiki.lan"]), "wiki.lan", 8080, "10.0.0.7", True),
        (HostGuard.build(False, hosts=["wiki.lan:443"]), "wiki.lan", 8080, "10.0.0.7", False),
        (HostGuard.build(False, hosts=["wiki.lan:443"]), "wiki.lan", 443, "10.0.0.7", True),
        (HostGuard.build(False, hosts=["[::1]:8080"]), "::1", 8080, "::1", True),
        (HostGuard(allow_private=True), "metadata.google.internal", 80, "8.8.8.8", False),
        (
            HostGuard.build(False, hosts=["metadata.google.internal"]),
            "metadata.google.internal",
            80,
            "169.254.169.254",
            True,
        ),  # noqa: E501
    ],
)
def test_guard_rules(guard: HostGuard, host: str, port: int, address: str, allowed: bool) -> None:
    assert (guard.refusal(host, port, [address]) is None) is allowed


def test_any_refused_address_refuses_the_name() -> None:
    guard = HostGuard.build(False, nets=["10.0.0.0/8"])
    assert guard.refusal("mixed", 80, ["10.0.0.1", "169.254.169.254"]) is not None


def test_allow_host_and_net_reach_only_what_they_name(web_server) -> None:
    one, two, three = (web_server(host=f"127.0.0.{n}") for n in (2, 3, 4))
    urls = [s.page("/p", "ok") for s in (one, two, three)]
    settings = replace(STRICT, allow_hosts=("127.0.0.2",), allow_nets=("127.0.0.4/32",))
    with Fetcher(settings) as client:
        assert client.get(urls[0]).status == 200
        assert client.get(urls[2]).status == 200
        with pytest.raises(BlockedURLError) as info:
            client.get(urls[1])
    assert "--allow-host" in str(info.value) and "\n" not in str(info.value)
    assert two.requests == []


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/", "http://10.0.0.1/admin"])
def test_redirect_hops_are_judged_even_with_allow_private(local_server, target: str) -> None:
    # --allow-private opens private space, but a hop to metadata stays shut; --allow-net
    # 127.0.0.0/8 (without --allow-private) does not open 10.0.0.1 either.
    url = local_server.redirect("/go", target, 302)
    settings = (
        replace(STRICT, allow_private=True)
        if "169.254" in target
        else replace(STRICT, allow_nets=("127.0.0.0/8",))
    )
    with Fetcher(settings) as client, pytest.raises(BlockedURLError):
        client.get(url, follow=True)
    assert len(local_server.requests) == 1  # the first hop only


def test_name_is_resolved_once_and_connected_to_that_address(web_server, monkeypatch) -> None:
    # DNS rebinding: the first answer is an allowed address, a second one would be internal.
    public, internal = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    public.page("/a", "public")
    internal.page("/a", "internal secret")
    answers = ["127.0.0.2", "127.0.0.3"]
    lookups: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            lookups.append(host)
            return real(answers[min(len(lookups), 2) - 1], port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    settings = replace(STRICT, allow_nets=("127.0.0.2/32",))
    with Fetcher(settings) as client:
        result = client.get(f"http://rebind.test:{public.port}/a")
    assert result.body == b"public"
    assert lookups == ["rebind.test"]
    assert internal.requests == []


def test_kept_alive_connection_is_judged_again_for_an_untrusted_request(local_server) -> None:
    url = local_server.page("/a", "ok").replace("127.0.0.1", "localhost")
    with Fetcher(STRICT) as client:
        assert client.get(url, trusted=True).status == 200  # a configured archive: allowed
        with pytest.raises(BlockedURLError):
            client.get(url)  # the same pooled connection, but a document URL now
    assert len(local_server.requests) == 1


def test_allow_settings_from_file_environment_and_flags(tmp_path) -> None:
    (tmp_path / "provenance.toml").write_text(
        'allow_hosts = ["wiki.lan:8080"]\nallow_nets = ["10.0.0.0/8"]\n', encoding="utf-8"
    )
    settings = load_settings(cwd=tmp_path, env={})
    assert settings.allow_hosts == ("wiki.lan:8080",)
    assert settings.allow_nets == ("10.0.0.0/8",)
    env = {"PROVENANCE_ALLOW_NETS": "192.168.0.0/16, fd00::/8"}
    assert load_settings(cwd=tmp_path, env=env).allow_nets == ("192.168.0.0/16", "fd00::/8")
    flags = {"allow_hosts": ("a.lan", "[::1]:81")}
    assert load_settings(flags, cwd=tmp_path, env=env).allow_hosts == ("a.lan", "[::1]:81")
    with pytest.raises(ConfigError, match="not a CIDR network"):
        load_settings({"allow_nets": ("10.0.0.0/99",)}, cwd=tmp_path, env={})
    with pytest.raises(ConfigError, match="HOST"):
        load_settings({"allow_hosts": ("wiki.lan:http",)}, cwd=tmp_path, env={})
