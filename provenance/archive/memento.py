"""Memento (RFC 7089) parsing: TimeMaps and Link headers, mementos and the closest one."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .cdx import MEMENTO_STAMP, noon_utc

LINK_ENTRY = re.compile(r"<([^>]*)>\s*((?:;\s*[\w-]+\s*=\s*(?:\"[^\"]*\"|[^;,]*)\s*)*)")
LINK_PARAM = re.compile(r";\s*([\w-]+)\s*=\s*(?:\"([^\"]*)\"|([^;,]*))")


@dataclass(frozen=True)
class Memento:
    """One memento from a TimeMap or TimeGate: URI and capture time."""

    uri: str
    when: dt.datetime

    @property
    def timestamp(self) -> str:
        """The 14-digit capture timestamp."""
        return self.when.strftime("%Y%m%d%H%M%S")


def http_date(when: dt.date | dt.datetime) -> str:
    """An RFC 1123 date for Accept-Datetime (noon UTC for a bare date)."""
    if not isinstance(when, dt.datetime):
        when = noon_utc(when)
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)


def parse_link_format(text: str) -> list[tuple[str, dict[str, str]]]:
    """Parse an ``application/link-format`` TimeMap or a ``Link`` header.

    Args:
        text: ``<uri>; rel="..."; datetime="...", <uri>; ...``

    Returns:
        (uri, params) pairs in order; param names lowercased.
    """
    out = []
    for match in LINK_ENTRY.finditer(text):
        params = {
            m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3).strip())
            for m in LINK_PARAM.finditer(match.group(2))
        }
        out.append((match.group(1), params))
    return out


def mementos_from_links(text: str) -> list[Memento]:
    """The mementos (any rel containing "memento") with a readable datetime."""
    found = []
    for uri, params in parse_link_format(text):
        if "memento" not in params.get("rel", "").split() or "datetime" not in params:
            continue
        try:
            when = email.utils.parsedate_to_datetime(params["datetime"])
        except (TypeError, ValueError):
            continue
        found.append(Memento(uri, when if when.tzinfo else when.replace(tzinfo=dt.UTC)))
    return found


def closest_memento(mementos: Iterable[Memento], when: dt.date | None) -> Memento | None:
    """IABot's rule: the memento closest to the cited date, earlier wins ties; else the latest."""
    items = list(mementos)
    if not items:
        return None
    if when is None:
        return max(items, key=lambda m: m.when)
    noon = noon_utc(when)
    return min(items, key=lambda m: (abs((m.when - noon).total_seconds()), m.when))


def _memento_at(uri: str) -> Memento | None:
    """A Memento from a URI that carries a 14-digit timestamp."""
    match = MEMENTO_STAMP.search(uri)
    if not match:
        return None
    when = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M%S")
    return Memento(uri, when.replace(tzinfo=dt.UTC))
