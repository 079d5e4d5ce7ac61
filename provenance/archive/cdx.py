"""CDX answers and replay URLs: one adapter for IA JSON, pywb NDJSON, CDXJ and text lines."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin, urlsplit

from ..errors import ArchiveLookupError
from ..net.fetch import REDIRECT_STATUSES, host_key

if TYPE_CHECKING:
    from .store import CachedResponse

LOGGER = logging.getLogger(__name__)

# IA field names and their pywb equivalents: one adapter reads both.
FIELD_ALIASES = {"url": "original", "mime": "mimetype", "status": "statuscode"}
HTML_MIMETYPES = frozenset({"text/html", "application/xhtml+xml"})
TIMESTAMP = re.compile(r"^\d{4,14}$")
# "/20161019120000mp_/" or "/20161019120000/" inside a memento URI: the modifier to replace.
MEMENTO_STAMP = re.compile(r"/(\d{14})(?:[a-z]{2}_)?/")
CDX_LIMIT = 10000  # rows per query; a news domain has far fewer captures in a few days
IA_CDX_PATH = "/cdx/search/cdx"  # the wayback-cdx-server's path (the Internet Archive's)


def noon_utc(day: dt.date) -> dt.datetime:
    """The moment a bare date stands for when captures are measured against it.

    Args:
        day: a date (a datetime's time of day is ignored).

    Returns:
        Noon UTC of that day: a capture on the day itself is never more than 12 hours off.
    """
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


@dataclass(frozen=True)
class CdxRow:
    """One capture from a CDX answer, with IA's field names whatever the server used."""

    timestamp: str
    original: str
    mimetype: str = ""
    statuscode: str = ""
    digest: str = ""
    length: str = ""
    urlkey: str = ""
    filename: str = ""  # WARC file and record offset (pywb, Common Crawl; IA keeps them private)
    offset: str = ""

    @property
    def when(self) -> dt.datetime:
        """The capture time (UTC); missing digits are zeros."""
        padded = (self.timestamp + "00000101000000"[len(self.timestamp) :])[:14]
        return dt.datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)

    @property
    def is_html_200(self) -> bool:
        """A plain HTML capture with status 200 (revisits and redirects are not)."""
        mime = self.mimetype.split(";", 1)[0].strip().lower()
        return self.statuscode == "200" and mime in HTML_MIMETYPES


def _row_from_mapping(item: Mapping[str, object]) -> CdxRow | None:
    """A CdxRow from a dict with IA or pywb keys; None for fuzzy or unusable rows."""
    if str(item.get("is_fuzzy", "")) == "1":  # pywb's near-misses are not captures of the URL
        return None
    data = {FIELD_ALIASES.get(k, k): ("" if v is None else str(v)) for k, v in item.items()}
    if not TIMESTAMP.match(data.get("timestamp", "")) or not data.get("original"):
        return None
    return CdxRow(
        timestamp=data["timestamp"],
        original=data["original"],
        mimetype=data.get("mimetype", ""),
        statuscode=data.get("statuscode", ""),
        digest=data.get("digest", ""),
        length=data.get("length", ""),
        urlkey=data.get("urlkey", ""),
        filename=data.get("filename", ""),
        offset=data.get("offset", ""),
    )


def _parse_json_array(text: str) -> list[CdxRow]:
    """IA ``output=json``: a header row, then one array per capture; ``[]`` when empty."""
    data = json.loads(text)
    if not isinstance(data, list) or any(not isinstance(r, list) for r in data):
        raise ValueError("not an array of arrays")
    if not data:
        return []
    header, rows = [str(h) for h in data[0]], []
    for raw in data[1:]:
        if not raw:  # showResumeKey: an empty row, then the resume key
            break
        if len(raw) != len(header):
            raise ValueError(f"row has {len(raw)} fields, header has {len(header)}")
        row = _row_from_mapping(dict(zip(header, raw)))
        if row:
            rows.append(row)
    return rows


def _parse_lines(text: str) -> list[CdxRow]:
    """pywb NDJSON, CDXJ (``urlkey timestamp {json}``) or IA's space-separated text lines."""
    rows: list[CdxRow] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            item = json.loads(line)
        else:
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[2].startswith("{"):
                item = {"urlkey": parts[0], "timestamp": parts[1], **json.loads(parts[2])}
            else:
                fields = line.split()
                if len(fields) < 5:
                    raise ValueError(f"cannot read CDX line {line[:80]!r}")
                names = (
                    "urlkey",
                    "timestamp",
                    "original",
                    "mimetype",
                    "statuscode",
                    "digest",
                    "length",
                )
                item = dict(zip(names, fields))
        if not isinstance(item, dict):
            raise ValueError("NDJSON line is not an object")
        row = _row_from_mapping(item)
        if row:
            rows.append(row)
    return rows


def parse_cdx(body: bytes) -> list[CdxRow]:
    """Normalise a CDX answer from the Internet Archive or pywb.

    Args:
        body: the response body: IA JSON (array of arrays with a header row, ``[]`` when
            empty), pywb NDJSON (one object per line, empty body when empty), CDXJ or text.

    Returns:
        The captures, in the server's order.

    Raises:
        ArchiveLookupError: the body is not a CDX answer (malformed or truncated).
    """
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    try:
        if text.startswith("["):
            return _parse_json_array(text)
        return _parse_lines(text)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise ArchiveLookupError(f"malformed CDX answer: {exc}") from exc


def cdx_query_url(
    cdx_url: str,
    url: str,
    *,
    match_type: str = "exact",
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = CDX_LIMIT,
    days: Sequence[dt.date] | None = None,
) -> str:
    """Build a CDX query that both IA and pywb understand.

    Filters use only forms with the same meaning on both servers (``statuscode:200`` is a
    whole-regex match on IA and a substring match on pywb); the caller filters again
    client-side, since pywb ignores what it does not know. The one exception is the filter
    on ``days``, written in the dialect of the server (:func:`day_filter`).

    Args:
        cdx_url: the CDX endpoint.
        url: a domain (with match_type "domain") or a URL.
        match_type: exact | prefix | host | domain.
        start: first day of the window (inclusive); a datetime, its first second.
        end: last day of the window (inclusive).
        limit: at most this many rows.
        days: only captures made on these days (the days of windows that lie apart).

    Returns:
        The query URL (also the cache key and the click-through link).
    """
    params: list[tuple[str, str]] = [("url", ascii_host(url)), ("matchType", match_type)]
    if isinstance(start, dt.datetime):  # to the second (UTC): captures since a moment
        params.append(("from", start.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")))
    elif start:
        params.append(("from", start.strftime("%Y%m%d")))
    if end:
        params.append(("to", end.strftime("%Y%m%d")))
    params += [("output", "json"), ("filter", "statuscode:200")]
    if days:
        params.append(("filter", day_filter(cdx_url, days)))
    params.append(("limit", str(limit)))
    return f"{cdx_url}?{urlencode(params)}"


def ascii_host(url: str) -> str:
    """``url`` (a URL, or a domain with or without a path) with its host in ASCII.

    Archives index a host by its IDNA form: мвд.рф is ``xn--b1aew.xn--p1ai`` in their
    keys, and a query for the Unicode form finds nothing. A host that is no valid IDNA
    name is left as written.
    """
    if url.isascii():
        return url
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return url
    return f"{scheme}{sep}{host}{slash}{path}"


def day_filter(cdx_url: str, days: Sequence[dt.date]) -> str:
    """A CDX filter keeping the captures made on ``days``.

    The Internet Archive's CDX server (``.../cdx/search/cdx``) matches a filter's regex
    against the whole field; pywb (and Common Crawl's index, a pywb) reads a bare value as
    a substring and takes a regex after ``~``, matched from the field's start.

    Args:
        cdx_url: the CDX endpoint.
        days: the days wanted.

    Returns:
        e.g. ``timestamp:(?:20160811|20161020)[0-9]*`` for IA, ``~timestamp:(?:...)``
        for pywb.
    """
    alternatives = "|".join(sorted({f"{day:%Y%m%d}" for day in days}))
    if urlsplit(cdx_url).path.rstrip("/").endswith(IA_CDX_PATH):
        return f"timestamp:(?:{alternatives})[0-9]*"
    return f"~timestamp:(?:{alternatives})"


def replay_url(replay_base: str, timestamp: str, original: str) -> str:
    """The raw (``id_``) replay URL of a capture: ``<base>/<timestamp>id_/<original>``."""
    return f"{replay_base.rstrip('/')}/{timestamp}id_/{original}"


def to_raw_memento(uri: str) -> str:
    """Turn a memento URI (``/<ts>/`` or ``/<ts>mp_/``) into its raw ``id_`` form."""
    return MEMENTO_STAMP.sub(lambda m: f"/{m.group(1)}id_/", uri, count=1)


def archive_redirect(response: CachedResponse, replay_base: str) -> str | None:
    """The Location of a replayed redirect when it stays inside the archive, else None.

    An archived 301 points at the live web and must not be followed; a redirect to another
    timestamp of the same archive (IA's closest-capture rule) is followed.
    """
    if response.status not in REDIRECT_STATUSES:
        return None
    location = response.header("Location")
    if not location:
        return None
    target = urljoin(response.url, location)
    base = replay_base.rstrip("/")
    same_host = host_key(target) == host_key(base)
    if (
        same_host
        and urlsplit(target).path.startswith(urlsplit(base).path)
        and MEMENTO_STAMP.search(
            target[len(base) :] if target.startswith(base) else urlsplit(target).path
        )
    ):
        return to_raw_memento(target)
    return None
