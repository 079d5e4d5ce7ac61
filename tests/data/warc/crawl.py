"""Write a fake Common Crawl: one WARC per crawl, records appended as single gzip members.

Run as a subprocess (warcio stays out of pytest): ``python -m tests.data.warc.crawl OUT``
writes ``OUT/crawl-data/<crawl>/.../*.warc.gz`` and prints the index as JSON: one entry per
record with its crawl, filename, offset and length, as Common Crawl's CDX server lists them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from io import BytesIO
from pathlib import Path

from warcio.warcwriter import WARCWriter

from tests.data.warc.build import _http_headers, payload_digest, warc_date
from tests.data.warc.corpus import all_captures

CC_HOSTS = ("centre1.com", "sputnik-tj.com")
CRAWL_DELAY = dt.timedelta(days=20)  # Common Crawl comes weeks after publication
# Crawls: one with from/to dates, one known only by its id (ISO week 47 of 2016), one empty.
CRAWLS = [
    {"id": "CC-MAIN-2016-18", "from": "2016-04-20T00:00:00", "to": "2016-05-05T00:00:00"},
    {"id": "CC-MAIN-2016-47"},
    {"id": "CC-MAIN-2013-48", "from": "2013-11-18T00:00:00", "to": "2013-11-30T00:00:00"},
]


def crawl_of(timestamp: str) -> str:
    """The fixture crawl a capture time falls in."""
    return "CC-MAIN-2016-18" if timestamp.startswith("201604") else "CC-MAIN-2016-47"


def write_crawls(out_dir: Path) -> list[dict]:
    """Write the CC hosts' 2016 captures (20 days later) into per-crawl WARCs."""
    files: dict[str, bytearray] = {}
    index = []
    for cap in all_captures():
        host = cap.url.split("/")[2]
        if host not in CC_HOSTS or cap.revisit_of or not cap.timestamp.startswith("2016"):
            continue
        when = dt.datetime.strptime(cap.timestamp, "%Y%m%d%H%M%S") + CRAWL_DELAY
        stamp = when.strftime("%Y%m%d%H%M%S")
        crawl = crawl_of(stamp)
        member = BytesIO()
        writer = WARCWriter(member, gzip=True)
        record = writer.create_warc_record(
            cap.url, "response", payload=BytesIO(cap.body),
            http_headers=_http_headers(cap, cap.body),
            warc_headers_dict={"WARC-Date": warc_date(stamp)},
        )
        writer.write_record(record)
        data = files.setdefault(crawl, bytearray())
        filename = f"crawl-data/{crawl}/segments/1476988718.0/warc/{crawl}-00000.warc.gz"
        index.append({
            "crawl": crawl, "url": cap.url, "timestamp": stamp, "mime": cap.mime,
            "status": str(cap.status), "digest": payload_digest(cap.body)[5:],
            "filename": filename, "offset": str(len(data)), "length": str(len(member.getvalue())),
        })
        data += member.getvalue()
    for crawl, data in files.items():
        path = out_dir / f"crawl-data/{crawl}/segments/1476988718.0/warc/{crawl}-00000.warc.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(data))
    return index


if __name__ == "__main__":
    print(json.dumps(write_crawls(Path(sys.argv[1]))))
