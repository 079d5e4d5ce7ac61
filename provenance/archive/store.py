"""All SQL of the archive check: response cache, verdicts, candidates, targets and export fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from ..models import FINAL_VERDICTS, Candidate, ReferenceCheck
from ..store.scans import mark_checked, query_dicts

LOGGER = logging.getLogger(__name__)

# Candidate rows: the best one, the next few, the capture closest to the cited date (URL refs).
ROLE_BEST = "best"
ROLE_OTHER = "other"
ROLE_CLOSEST = "closest"

# A page kept for verification: at most this many bytes, once scripts and styles (which
# verification never reads) are gone. News pages are far smaller; a bigger body is cut.
PAGE_BYTES = 1_000_000
# Inline scripts and styles; JSON-LD stays (htmldate reads dates from it).
_SCRIPT_STYLE_RE = re.compile(
    rb"(<script(?![^>]*ld\+json)[^>]*>).*?(</script\s*>)|(<style[^>]*>).*?(</style\s*>)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class CachedResponse:
    """An archive response as cached: status, headers, body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: str = ""
    from_cache: bool = False

    def header(self, name: str) -> str | None:
        """A header value, case-insensitively (cached headers are a plain dict)."""
        lower = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lower:
                return value
        return None


def now_iso() -> str:
    """The current UTC time as an ISO string with seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- cache


def get_cached(db: Database, key: str) -> CachedResponse | None:
    """The cached response for a request key, or None.

    Args:
        db: the database.
        key: the request key (URL, plus any negotiating header).

    Returns:
        The cached response, marked ``from_cache``.
    """
    row = db.execute(
        "select url, status, headers, body, fetched_at from archive_cache where key = ?", [key]
    ).fetchone()
    if row is None:
        return None
    return CachedResponse(
        url=row[0],
        status=row[1],
        headers=json.loads(row[2] or "{}"),
        body=bytes(row[3] or b""),
        fetched_at=row[4] or "",
        from_cache=True,
    )


def slim(response: Any) -> Any:
    """What verification needs of a large HTML page: no scripts or styles, at most
    ``PAGE_BYTES``. A page within the limit, and any other response (CDX, TimeMaps,
    WARC records), is returned as it is, so ordinary pages are scored byte for byte.

    Slimming happens before a page is scored or cached, so a cached page and a fresh
    one give the same verdict, and a check of many huge pages holds and stores at
    most ``PAGE_BYTES`` of each.
    """
    if not isinstance(response, CachedResponse) or len(response.body) <= PAGE_BYTES:
        return response  # an error, or a page within the limit
    if "html" not in (response.header("content-type") or ""):
        return response
    body = response.body
    body = _SCRIPT_STYLE_RE.sub(lambda m: (m[1] or m[3]) + (m[2] or m[4]), body)
    return dataclasses.replace(response, body=body[:PAGE_BYTES])


def put_cached(db: Database, key: str, response: CachedResponse) -> None:
    """Store (or replace) the cached response of a request key, committed at once.

    Args:
        db: the database.
        key: the request key.
        response: what the archive answered.
    """
    with db.atomic():
        db.execute(
            "insert or replace into archive_cache (key, url, status, headers, body, fetched_at)"
            " values (?, ?, ?, ?, ?, ?)",
            [
                key,
                response.url,
                response.status,
                json.dumps(dict(response.headers)),
                response.body,
                response.fetched_at or now_iso(),
            ],
        )


def drop_cached(db: Database, key: str) -> None:
    """Forget the cached response of a request key (to fetch it afresh), committed at once."""
    with db.atomic():
        db.execute("delete from archive_cache where key = ?", [key])


def cache_size(db: Database) -> int:
    """Number of cached archive responses."""
    return db.execute("select count(*) from archive_cache").fetchone()[0]


# ---------------------------------------------------------------- targets


def load_references(
    db: Database,
    reference_ids: Iterable[int] | None = None,
    document_ids: Iterable[int] | None = None,
) -> list[dict[str, Any]]:
    """Reference rows joined with their claim text, ordered by id.

    Args:
        db: the database.
        reference_ids: only these references (default: all).
        document_ids: only the references of these documents (default: all).

    Returns:
        Dicts with the "references" columns plus ``claim_text`` and ``published``.
    """
    sql = (
        'select r.*, c.text as claim_text, d.published as published from "references" r'
        " left join claim_texts c on c.id = r.claim_id"
        " left join documents d on d.id = r.document_id"
    )
    where, params = [], []
    # One JSON parameter whatever the count: SQLite limits a statement's parameters.
    for column, ids in (("r.id", reference_ids), ("r.document_id", document_ids)):
        if ids is not None:
            where.append(f"{column} in (select value from json_each(?))")
            params.append(json.dumps(sorted({int(i) for i in ids})))
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by r.id"
    return list(query_dicts(db, sql, params))


def outlet_domains_column(db: Database) -> dict[str, list[dict[str, Any]]]:
    """The outlets table's ``domains`` JSON per outlet id (a fallback to the registry)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in query_dicts(db, "select id, domains from outlets", []):
        try:
            value = json.loads(row["domains"] or "[]")
        except ValueError:
            value = []
        out[row["id"]] = [d if isinstance(d, dict) else {"domain": d} for d in value]
    return out


def final_targets(db: Database) -> dict[int, str | None]:
    """Reference id → target key, for references whose stored verdict is final (not error)."""
    marks = ",".join("?" * len(FINAL_VERDICTS))
    rows = db.execute(
        f"select reference_id, target_key from reference_checks where status in ({marks})",
        list(FINAL_VERDICTS),
    )
    return {r[0]: r[1] for r in rows}


# ---------------------------------------------------------------- verdicts


def save_checks(db: Database, checks: Iterable[ReferenceCheck]) -> None:
    """Replace the verdicts and candidates of a batch of references in one transaction.

    A batch is stored whole or not at all: its references were checked together (they
    shared queries and page reads), so a run that resumes after an interrupt checks the
    rest in the batches a clean run would have made (``run._plan``).
    """
    with db.atomic():
        for check in checks:
            save_check(db, check)


def save_check(db: Database, check: ReferenceCheck) -> None:
    """Replace one reference's verdict and candidates in a single transaction.

    Args:
        db: the database.
        check: the verdict and evidence of one reference.
    """
    closest = check.closest
    with db.atomic():
        db.execute("delete from check_candidates where reference_id = ?", [check.reference_id])
        db.execute(
            "insert or replace into reference_checks (reference_id, status, target_key, domains,"
            " cdx_url, source_url, archive_url, archive_timestamp, match_score, closest_url,"
            " closest_archive_url, closest_timestamp, error, note, checked_at, archive, archives)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                check.reference_id,
                check.status,
                check.target_key,
                json.dumps(check.domains),
                check.cdx_url,
                check.source_url,
                check.archive_url,
                check.archive_timestamp,
                check.match_score,
                closest.original_url if closest else None,
                closest.archive_url if closest else None,
                closest.timestamp if closest else None,
                check.error,
                check.note,
                check.checked_at or now_iso(),
                check.archive,
                json.dumps(check.archives) if check.archives else None,
            ],
        )
        rows = [(ROLE_BEST, check.best)] if check.best else []
        rows += [(ROLE_OTHER, c) for c in check.others]
        rows += [(ROLE_CLOSEST, closest)] if closest else []
        for role, cand in rows:
            _insert_candidate(db, check.reference_id, role, cand)
        mark_checked(db, check.reference_id)  # its report is older than this verdict now


def _insert_candidate(db: Database, reference_id: int, role: str, cand: Candidate) -> None:
    """Insert one candidate row (inside the caller's transaction)."""
    db.execute(
        "insert into check_candidates (reference_id, rank, role, original_url, timestamp,"
        " archive_url, mimetype, http_status, title, page_date, score, reasons, components,"
        " verified, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            reference_id,
            cand.rank,
            role,
            cand.original_url,
            cand.timestamp,
            cand.archive_url,
            cand.mimetype,
            cand.http_status,
            cand.title,
            cand.page_date,
            cand.score,
            json.dumps(cand.reasons, ensure_ascii=False),
            json.dumps(cand.components),
            int(cand.verified),
            cand.error,
        ],
    )


def _candidate(row: dict[str, Any]) -> Candidate:
    """A Candidate from a check_candidates row."""
    return Candidate(
        original_url=row["original_url"],
        timestamp=row["timestamp"],
        archive_url=row["archive_url"] or "",
        mimetype=row["mimetype"],
        rank=row["rank"] or 0,
        title=row["title"],
        page_date=row["page_date"],
        score=row["score"],
        reasons=json.loads(row["reasons"] or "[]"),
        components=json.loads(row["components"] or "{}"),
        http_status=row["http_status"],
        verified=bool(row["verified"]),
        error=row["error"],
        id=row["id"],
    )


def document_statuses(db: Database) -> dict[int, tuple[dict[str, int], int]]:
    """Per checked document: how many of its references have each stored check status,
    and how many references it has, checked or not (documents never checked are left out).
    """
    statuses: dict[int, dict[str, int]] = {}
    sql = (
        'select r.document_id, k.status, count(*) from reference_checks k join "references" r '
        "on r.id = k.reference_id group by 1, 2 order by 1, 2"
    )
    for doc_id, status, n in db.execute(sql):
        statuses.setdefault(doc_id, {})[status] = n
    if not statuses:
        return {}
    totals = db.execute(
        "select t.document_id, count(*) from reference_rows r join citations t "
        "on t.id = r.citation_id group by 1"
    )
    return {doc_id: (statuses[doc_id], n) for doc_id, n in totals if doc_id in statuses}


def load_checks(db: Database, document_id: int | None = None) -> dict[int, ReferenceCheck]:
    """The stored checks of one document's references (or of all), keyed by reference id.

    Args:
        db: the database.
        document_id: the document; None loads every check.

    Returns:
        ReferenceCheck per reference id that has been checked.
    """
    sql = 'select k.* from reference_checks k join "references" r on r.id = k.reference_id'
    params: list[Any] = []
    if document_id is not None:
        sql += " where r.document_id = ?"
        params = [document_id]
    checks: dict[int, ReferenceCheck] = {}
    for row in query_dicts(db, sql + " order by k.reference_id", params):
        checks[row["reference_id"]] = ReferenceCheck(
            reference_id=row["reference_id"],
            status=row["status"],
            cdx_url=row["cdx_url"],
            domains=json.loads(row["domains"] or "[]"),
            error=row["error"],
            note=row["note"],
            checked_at=row["checked_at"],
            target_key=row["target_key"],
            archive=row.get("archive"),
            archives=json.loads(row.get("archives") or "[]"),
        )
    if not checks:
        return checks
    ids = list(checks)
    cand_sql = (
        f"select * from check_candidates where reference_id in ({','.join('?' * len(ids))})"
        " order by reference_id, rank, id"
    )
    for row in query_dicts(db, cand_sql, ids):
        check, cand = checks[row["reference_id"]], _candidate(row)
        if row["role"] == ROLE_BEST:
            check.best = cand
        elif row["role"] == ROLE_CLOSEST:
            check.closest = cand
        else:
            check.others.append(cand)
    return checks


def export_fields(db: Database) -> dict[int, dict[str, Any]]:
    """Per reference id: status, source_url, archive_url, archive_timestamp, match_score, archive.

    Args:
        db: the database.

    Returns:
        One dict per checked reference (unchecked references are absent).
    """
    sql = (
        "select reference_id, status, source_url, archive_url, archive_timestamp, match_score,"
        " archive from reference_checks order by reference_id"
    )
    return {row.pop("reference_id"): row for row in query_dicts(db, sql, [])}


def verdict_counts(db: Database) -> dict[str, int]:
    """How many references have each stored verdict."""
    rows = db.execute("select status, count(*) from reference_checks group by status")
    return {r[0]: r[1] for r in rows}
