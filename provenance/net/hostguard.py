"""Hosts a document URL may reach (the private-address guard), and the key rate limits count by.

``HostGuard`` judges addresses; ``judge_for`` makes the judge of one hop (trusted
archive hosts pass) and ``check_url`` refuses a URL before any lookup when it can.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..config import parse_allowed_host
from ..errors import BlockedURLError

LOGGER = logging.getLogger(__name__)

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Cloud metadata services outside link-local space (Alibaba; AWS over IPv6).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("100.100.100.200", "fd00:ec2::254")
)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# (host, port, addresses) -> why the connection is refused, or None.
Judge = Callable[[str, int, list[str]], str | None]


def _ip_is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for any address that is not plainly public unicast, incl. embedded IPv4 forms."""
    if isinstance(ip, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address inside are judged by that address.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and _ip_is_private(embedded):
            return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local  # includes the cloud metadata address 169.254.169.254
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT)
    )


def _embedded(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            return inner
    return ip


def is_link_local(ip: IPAddress) -> bool:
    """True for link-local addresses (169.254.0.0/16, fe80::/10, the cloud metadata address
    169.254.169.254 among them), other metadata addresses, and IPv6 forms wrapping those."""
    return any(a.is_link_local or a in METADATA_ADDRESSES for a in (ip, _embedded(ip)))


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when ``host`` is an IP literal ("[::1]", "fe80::1%eth0" allowed), else None."""
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_private_address(host: str) -> bool:
    """Tell whether a host is, or resolves to, an address a document URL must not reach.

    Args:
        host: a hostname or IP literal (no port).

    Returns:
        True for loopback, RFC 1918, CGNAT, link-local, multicast, reserved, unspecified,
        IPv6 ULA/link-local, IPv4-mapped/6to4/Teredo/NAT64 forms of those, and cloud metadata
        names; also when ANY address the name resolves to is one of those. False when the
        name does not resolve (the request then fails with kind "dns").
    """
    name = host.strip().rstrip(".").lower()
    if name in METADATA_HOSTS:
        return True
    literal = _literal_ip(name)
    if literal is not None:
        return _ip_is_private(literal)
    try:
        infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        address = _literal_ip(str(info[4][0]))
        if address is None or _ip_is_private(address):
            return True
    return False


@dataclass(frozen=True)
class HostGuard:
    """Which hosts and addresses requests may reach (the SSRF guard).

    Public addresses always pass. Private, loopback, reserved and similar addresses
    pass with ``allow_private``, when the host is named in ``allow_hosts``, or when
    the address lies in one of ``allow_nets``. Link-local and cloud metadata
    addresses pass only when named exactly: the host in ``allow_hosts``, or a
    single-address network (/32, /128) in ``allow_nets``; ``allow_private`` and
    wider networks never open them.
    """

    allow_private: bool = False
    allow_hosts: frozenset[tuple[str, int | None]] = frozenset()
    allow_nets: tuple[IPNetwork, ...] = ()

    @classmethod
    def build(
        cls, allow_private: bool, hosts: Iterable[str] = (), nets: Iterable[str] = ()
    ) -> HostGuard:
        """A guard from setting values (``HOST[:PORT]`` entries and CIDR networks).

        Raises:
            ValueError: an entry that cannot be read.
        """
        allowed = frozenset(parse_allowed_host(h) for h in hosts if h.strip())
        networks = tuple(ipaddress.ip_network(n.strip(), strict=False) for n in nets if n.strip())
        return cls(allow_private, allowed, networks)

    def named(self, host: str, port: int | None) -> bool:
        """True when ``host`` (any port) or ``host:port`` is in ``allow_hosts``."""
        name = host.strip("[]").rstrip(".").lower()
        return (name, None) in self.allow_hosts or (name, port) in self.allow_hosts

    def refusal(self, host: str, port: int | None, addresses: Iterable[str]) -> str | None:
        """Why a connection to ``host`` at these addresses is refused, or None when allowed.

        Args:
            host: the URL's host (a name or an IP literal).
            port: the port connected to.
            addresses: every address the host resolved to (all are judged).
        """
        named = self.named(host, port)
        name = host.strip("[]").rstrip(".").lower()
        if name in METADATA_HOSTS and not named:
            return f"{name} is a cloud metadata name"
        for text in addresses:
            ip = _literal_ip(text)
            if ip is None:
                return f"{host} resolved to an unreadable address {text!r}"
            why = self._refused_ip(ip, named)
            if why:
                return why if ip == _literal_ip(name) else f"{host} resolves to {why}"
        return None

    def _refused_ip(self, ip: IPAddress, named: bool) -> str | None:
        if not _ip_is_private(ip):
            return None
        if is_link_local(ip):
            exact = any(ip in net and net.num_addresses == 1 for net in self.allow_nets)
            return None if named or exact else f"{ip}, a link-local or cloud metadata address"
        if named or self.allow_private or any(ip in net for net in self.allow_nets):
            return None
        return f"{ip}, a private, loopback or reserved address"


def host_key(url: str) -> str:
    """The limiter key of a URL: lowercase host, plus ":port" when not the scheme's default.

    Args:
        url: an absolute URL, or already a key ("host" or "host:port").

    Returns:
        e.g. "web.archive.org" or "127.0.0.1:8080".
    """
    if "://" not in url:
        return url.strip().lower()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def judge_for(guard: HostGuard, trusted_hosts: frozenset[str], exempt: bool) -> Judge:
    """The guard of one hop: a trusted host (a configured archive) may be anywhere.

    Args:
        guard: the guard the settings build.
        trusted_hosts: "host" or "host:port" keys that pass whatever their addresses.
        exempt: the hop's host passes anyway (the first host of a trusted request).

    Returns:
        ``judge(host, port, addresses)``: why a connection is refused, or None.
    """

    def judge(host: str, port: int, addresses: list[str]) -> str | None:
        key = host_key(f"http://{_bracket(host)}:{port}")
        if exempt or key in trusted_hosts or host.lower() in trusted_hosts:
            return None
        return guard.refusal(host, port, addresses)

    return judge


def check_url(url: str, judge: Judge) -> str:
    """Refuse non-http(s) URLs, and IP literals and names the guard refuses without
    a lookup; return the URL's limiter key. Names are judged when connecting.

    Raises:
        BlockedURLError: the URL is refused.
    """
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        port = None
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or port is None:
        raise BlockedURLError(f"blocked: {url!r} is not an http(s) URL with a host")
    literal = parts.hostname if _literal_ip(parts.hostname) is not None else None
    refusal = judge(parts.hostname, port, [literal] if literal else [])
    if refusal:
        raise BlockedURLError(blocked_message(url, refusal))
    return host_key(url)


def blocked_message(url: str, refusal: str) -> str:
    """Why ``url`` is blocked, and the flags that would let it through."""
    return (
        f"blocked: {url}: {refusal} (allow it with --allow-host HOST[:PORT], "
        "--allow-net CIDR or --allow-private)"
    )


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
