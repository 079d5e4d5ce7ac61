"""All SQL of the link check: runs, the append-only check history, URL uses and replacements."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from ..models import LinkCheck, LinkUse, LinkVerdict

LOGGER = logging.getLogger(__name__)

UNFINISHED = ("running", "interrupted")

# A claim's number is its place among its document's claims, as its report numbers it
# ("### Claim 4"); its id is the database's.
NUMBERED_CLAIMS = """
with numbered as (
    select id, row_number() over (partition by document_id order by id) as number from claims
)
"""

CITATION_ROWS_SQL = (
    NUMBERED_CLAIMS
    + """
select r.id as reference_id, r.url, r.claim_id, r.document_id, r.outlet_id, r.domain,
       r.date, d.path, c.text as claim_text, n.number as claim_number, d.published
from "references" r
left join claim_texts c on c.id = r.claim_id
left join numbered n on n.id = r.claim_id
left join documents d on d.id = r.document_id
order by r.id
"""
)

CHECK_ROWS_SQL = (
    NUMBERED_CLAIMS
    + """
select rc.reference_id, rc.source_url, rc.archive_url, rc.archive_timestamp, r.claim_id,
       r.document_id, r.outlet_id, r.date, d.path, c.text as claim_text,
       n.number as claim_number
from reference_checks rc
join "references" r on r.id = rc.reference_id
left join claim_texts c on c.id = r.claim_id
left join numbered n on n.id = r.claim_id
left join documents d on d.id = r.document_id
order by rc.reference_id
"""
)

# A URL's history holds its newest check of each run: a resumed run checks again the URLs
# whose first check in it failed at transport level (the network may have been down), and
# the check that replaced a failure is what the run saw.
HISTORY_SQL = """
select * from (
    select k.*, row_number() over (
        partition by k.url, k.run_id order by k.checked_at desc, k.id desc
    ) as newest
    from link_checks k join link_runs r on r.id = k.run_id
    where coalesce(r.outage, 0) = 0 {extra}
) where newest = 1
order by url, checked_at, id
"""

RUN_CHECKS_SQL = """
select * from (
    select *, row_number() over (partition by url order by checked_at desc, id desc) as newest
    from link_checks where run_id = ?
) where newest = 1
order by id
"""

# The newest row per URL; json_each takes the wanted URLs as one JSON array parameter.
LATEST_CHECKS_SQL = """
select * from (
    select k.*,
           row_number() over (partition by k.url order by k.checked_at desc, k.id desc) as newest
    from link_checks k where k.url in (select value from json_each(?))
) where newest = 1
"""


def iso(when: dt.datetime) -> str:
    """A UTC timestamp as stored: ISO 8601 with seconds and offset, so text order is time order."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> dt.datetime | None:
    """The inverse of ``iso`` (None stays None)."""
    return dt.datetime.fromisoformat(text) if text else None


# ---------------------------------------------------------------- runs


def open_run(db: Database, now: dt.datetime, dead_after: int, dead_days: int) -> tuple[int, bool]:
    """Resume today's unfinished run or start a new one.

    An unfinished run (status running or interrupted) started on the same UTC
    calendar day as ``now`` is resumed; older unfinished runs are marked
    ``abandoned`` (their checks stay in the history).

    Returns:
        ``(run_id, resumed)``.
    """
    today = iso(now)[:10]
    resumed_id: int | None = None
    for row in db.query(
        "select id, started_at from link_runs where status in (?, ?) order by id desc", UNFINISHED
    ):
        if resumed_id is None and row["started_at"][:10] == today:
            resumed_id = row["id"]
        else:
            db["link_runs"].update(row["id"], {"status": "abandoned"})
    if resumed_id is not None:
        db["link_runs"].update(resumed_id, {"status": "running"})
        return resumed_id, True
    table = db["link_runs"]
    table.insert(
        {
            "started_at": iso(now),
            "status": "running",
            "outage": 0,
            "dead_after": dead_after,
            "dead_days": dead_days,
        }
    )
    return int(table.last_pk), False


def unfinished_before(db: Database, now: dt.datetime) -> list[int]:
    """The unfinished runs started before ``now``'s UTC day: ``open_run`` abandons them."""
    rows = db.execute(
        "select id from link_runs where status in (?, ?) and substr(started_at, 1, 10) < ?",
        [*UNFINISHED, iso(now)[:10]],
    )
    return [int(r[0]) for r in rows]


def completed_runs(db: Database) -> set[int]:
    """The ids of the runs that finished (and so reported what they saw)."""
    return {row[0] for row in db.execute("select id from link_runs where status = 'complete'")}


def run_started_at(db: Database, run_id: int) -> dt.datetime:
    """When a run started."""
    return parse_iso(db["link_runs"].get(run_id)["started_at"])  # type: ignore[return-value]


def set_run_status(db: Database, run_id: int, status: str, now: dt.datetime | None = None) -> None:
    """Mark a run running, interrupted, abandoned or complete."""
    values: dict[str, Any] = {"status": status}
    if now is not None:
        values["finished_at"] = iso(now)
    db["link_runs"].update(run_id, values)


def flag_outage(db: Database, run_id: int, outage: bool) -> None:
    """Set whether an unfinished run was a network outage (a finished run cannot change)."""
    db["link_runs"].update(run_id, {"outage": int(outage)})


def finish_run(db: Database, run_id: int, now: dt.datetime, **values: Any) -> None:
    """Record a run's end and its counts (``counts`` is a verdict -> number mapping)."""
    if "counts" in values:
        values["counts"] = json.dumps(values["counts"], sort_keys=True)
    values.update(status="complete", finished_at=iso(now))
    db["link_runs"].update(run_id, values)


def trend(db: Database, limit: int = 14) -> list[tuple[str, dict[str, int]]]:
    """Verdict counts of the last ``limit`` complete runs, oldest first, as (start date, counts)."""
    rows = list(
        db.query(
            "select started_at, counts, outage from link_runs where status = 'complete' "
            "order by id desc limit ?",
            [limit],
        )
    )
    out = []
    for row in reversed(rows):
        label = row["started_at"][:10] + (" (outage)" if row["outage"] else "")
        out.append((label, json.loads(row["counts"] or "{}")))
    return out


# ---------------------------------------------------------------- history


def append_checks(db: Database, checks: Iterable[LinkCheck]) -> int:
    """Append checks to the history in one transaction; returns how many were written."""
    rows = [_check_row(check) for check in checks]
    if rows:
        db["link_checks"].insert_all(rows)
    return len(rows)


def _check_row(check: LinkCheck) -> dict[str, Any]:
    return {
        "run_id": check.run_id,
        "url": check.url,
        "checked_at": iso(check.checked_at),
        "verdict": check.verdict.value,
        "http_status": check.http_status,
        "final_url": check.final_url,
        "redirects": json.dumps(check.redirects),
        "method": check.method,
        "elapsed_ms": round(check.elapsed * 1000),
        "error_kind": check.error_kind,
        "reason": check.reason,
        "retry_after": check.retry_after,
    }


def _row_check(row: dict[str, Any]) -> LinkCheck:
    return LinkCheck(
        url=row["url"],
        verdict=LinkVerdict(row["verdict"]),
        checked_at=parse_iso(row["checked_at"]),  # type: ignore[arg-type]
        http_status=row["http_status"],
        final_url=row["final_url"],
        redirects=[(hop[0], hop[1]) for hop in json.loads(row["redirects"] or "[]")],
        method=row["method"],
        elapsed=(row["elapsed_ms"] or 0) / 1000,
        error_kind=row["error_kind"],
        reason=row["reason"],
        retry_after=row["retry_after"],
        run_id=row["run_id"],
    )


def checks_of_run(db: Database, run_id: int) -> list[LinkCheck]:
    """Each URL's newest check in one run (a resumed run spans several invocations, and
    checks again what failed at transport level)."""
    return [_row_check(r) for r in db.query(RUN_CHECKS_SQL, [run_id])]


def latest_checks(db: Database, urls: Iterable[str]) -> dict[str, LinkCheck]:
    """Each URL's latest check in any run, outage runs included, in one query.

    Args:
        db: the database.
        urls: the URLs wanted.

    Returns:
        URL -> its latest check (by checked_at, then id); never-checked URLs are absent.
    """
    wanted = json.dumps(sorted(set(urls)))
    return {row["url"]: _row_check(row) for row in db.query(LATEST_CHECKS_SQL, [wanted])}


def load_history(db: Database) -> dict[str, list[LinkCheck]]:
    """Each URL's checks in time order, leaving out runs that were network outages."""
    history: dict[str, list[LinkCheck]] = {}
    for row in db.query(HISTORY_SQL.format(extra="")):
        history.setdefault(row["url"], []).append(_row_check(row))
    return history


# ---------------------------------------------------------------- where URLs come from


def citation_rows(db: Database) -> list[dict[str, Any]]:
    """Every reference with its URL (maybe None), outlet, domain, date, claim and document."""
    return list(db.query(CITATION_ROWS_SQL))


def document_rows(db: Database) -> list[dict[str, Any]]:
    """Every document's own URL and original URL."""
    return list(
        db.query("select id, path, url, original_url, published from documents order by id")
    )


def check_rows(db: Database) -> list[dict[str, Any]]:
    """Source and archive URLs found by ``provenance check`` (migration m002's table)."""
    return list(db.query(CHECK_ROWS_SQL))


def replace_uses(db: Database, uses: dict[str, list[LinkUse]]) -> None:
    """Rewrite the url_uses table (derived from the scan tables, so it is replaced, not kept)."""
    rows = [
        {
            "url": url,
            "kind": u.kind,
            "document_id": u.document_id,
            "claim_id": u.claim_id,
            "reference_id": u.reference_id,
            "outlet_id": u.outlet_id,
            "cited_date": u.cited_date,
        }
        for url, items in uses.items()
        for u in items
    ]
    with db.atomic():
        db.execute("delete from url_uses")
        if rows:
            db["url_uses"].insert_all(rows)


# ---------------------------------------------------------------- replacements


def archived_capture(db: Database, url: str) -> tuple[str, str | None] | None:
    """The archive URL ``check`` found for ``url`` as a source: (archive_url, timestamp)."""
    row = db.execute(
        "select archive_url, archive_timestamp from reference_checks "
        "where source_url = ? and archive_url is not null and archive_url != '' limit 1",
        [url],
    ).fetchone()
    return (row[0], row[1]) if row else None


def saved_capture(db: Database, url: str) -> str | None:
    """The capture ``save`` made of ``url`` (its latest successful save), or None.

    It is the copy kept for good ("a URL saved once is not saved again"), so it outlives
    the replacement cache, whose entry a later lookup may overwrite with a miss."""
    row = db.execute(
        "select archive_url from saves where url = ? and status = 'success' "
        "and archive_url is not null and archive_url != '' order by id desc limit 1",
        [url],
    ).fetchone()
    return row[0] if row else None


def cached_replacement(db: Database, url: str, since: dt.datetime) -> dict[str, Any] | None:
    """A replacement looked up for ``url`` at or after ``since`` (a hit or a recorded miss)."""
    row = db.execute(
        "select replacement_url, capture_timestamp, source, looked_up_at from link_replacements "
        "where url = ? and looked_up_at >= ?",
        [url, iso(since)],
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("replacement_url", "capture_timestamp", "source", "looked_up_at"), row))


def save_replacement(
    db: Database,
    url: str,
    replacement_url: str | None,
    timestamp: str | None,
    source: str,
    now: dt.datetime,
) -> None:
    """Cache a replacement (or a miss, ``replacement_url`` None) for ``url``."""
    db["link_replacements"].upsert(
        {
            "url": url,
            "replacement_url": replacement_url,
            "capture_timestamp": timestamp,
            "source": source,
            "looked_up_at": iso(now),
        },
        pk="url",
    )
