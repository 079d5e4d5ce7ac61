"""Tests for provenance.archive.failures: one cause line per kind of failed lookup."""

from __future__ import annotations

import pytest

from provenance.archive.failures import failure_cause, group_causes

REFUSED = (
    "refused: GET http://127.0.0.1:9/cdx?url=news.tj&matchType=domain: "
    "ConnectionRefusedError: [Errno 111] ECONNREFUSED: 127.0.0.1"
)
DNS = (
    "dns: GET https://web.archive.org/cdx/search/cdx?url=regnum.ru: gaierror: [Errno -3] "
    "Temporary failure in name resolution"
)


@pytest.mark.parametrize(
    ("message", "cause"),
    [
        (REFUSED, "connection refused by 127.0.0.1:9 (ConnectionRefusedError 111)"),
        (DNS, "DNS resolution failed for web.archive.org (gaierror -3)"),
        (
            "archive lookup failed: " + DNS,
            "DNS resolution failed for web.archive.org (gaierror -3)",
        ),
        ("offline: not cached: https://web.archive.org/web/2016id_/x", "offline: not in the cache"),
        (
            "HTTP 503 from web.archive.org after 4 tries: https://web.archive.org/cdx?url=a",
            "HTTP 503 from web.archive.org after 4 tries: web.archive.org",
        ),
        ("malformed CDX answer: row has 2 fields", "malformed CDX answer: row has 2 fields"),
    ],
    ids=["refused", "dns", "prefixed", "offline", "http", "plain"],
)
def test_failure_cause_drops_the_url(message: str, cause: str) -> None:
    assert failure_cause(message) == cause


def test_group_causes_counts_each_reference_once_per_cause() -> None:
    other = REFUSED.replace("news.tj", "regnum.ru")  # another URL, the same cause
    errors = [REFUSED, other, f"{REFUSED}; {other}", DNS]
    assert group_causes(errors) == [
        (3, "connection refused by 127.0.0.1:9 (ConnectionRefusedError 111)"),
        (1, "DNS resolution failed for web.archive.org (gaierror -3)"),
    ]
