"""Hosts a document URL may reach (the private-address guard), and the key rate limits count by."""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

LOGGER = logging.getLogger(__name__)

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_PORTS = {"http": 80, "https": 443}


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
