"""Write the fixture archive (corpus.py) as a WARC file with warcio: responses and revisits."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.data.warc.corpus import Capture, all_captures

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}


def warc_date(timestamp: str) -> str:
    """``20161020120000`` → ``2016-10-20T12:00:00Z``."""
    return dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")


def payload_digest(body: bytes) -> str:
    """The WARC payload digest warcio writes: ``sha1:<base32>``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _http_headers(cap: Capture, body: bytes) -> StatusAndHeaders:
    """The archived HTTP status line and headers of a capture."""
    content_type = cap.mime + ("; charset=utf-8" if cap.mime.startswith("text/") else "")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    if cap.location:
        headers.append(("Location", cap.location))
    status = f"{cap.status} {REASONS.get(cap.status, 'Status')}"
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def host_of(url: str) -> str:
    """The host of a capture URL."""
    return url.split("/")[2].lower()


def write_warcs(
    out_dir: Path, only: set[str] | None = None, skip: set[str] = frozenset()
) -> list[Path]:
    """Write the captures of the corpus into one gzipped WARC.

    Args:
        out_dir: directory to write into.
        only: write only captures of these hosts (default: every host).
        skip: leave out captures of these hosts.

    Returns:
        The WARC paths written.
    """
    captures = [
        c for c in all_captures()
        if (only is None or host_of(c.url) in only) and host_of(c.url) not in skip
    ]
    bodies = {(c.url, c.timestamp): c.body for c in captures if not c.revisit_of}
    path = out_dir / "seed-2016.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for cap in captures:
            if cap.revisit_of:
                body = bodies[(cap.url, cap.revisit_of)]
                record = writer.create_revisit_record(
                    cap.url, digest=payload_digest(body), refers_to_uri=cap.url,
                    refers_to_date=warc_date(cap.revisit_of),
                    http_headers=_http_headers(cap, body),
                )
                record.rec_headers.replace_header("WARC-Date", warc_date(cap.timestamp))
            else:
                record = writer.create_warc_record(
                    cap.url, "response", payload=BytesIO(cap.body),
                    http_headers=_http_headers(cap, cap.body),
                    warc_headers_dict={"WARC-Date": warc_date(cap.timestamp)},
                )
            writer.write_record(record)
    return [path]


if __name__ == "__main__":  # run as a subprocess by the pywb fixture: warcio stays out of pytest
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--only", default="", help="comma-separated hosts to keep")
    parser.add_argument("--skip", default="", help="comma-separated hosts to leave out")
    args = parser.parse_args()
    only = {h for h in args.only.split(",") if h} or None
    for written in write_warcs(args.out_dir, only, {h for h in args.skip.split(",") if h}):
        print(written)
