"""The first tables of the schema, as migrations m001-m003 create them.

Kept apart from ``migrations`` so that each table's columns read as one short function;
the migrations there call these in their shipped order, and never change them.
"""

from __future__ import annotations

from sqlite_utils import Database


def create_outlets(db: Database) -> None:
    """The outlet registry (m001)."""
    db["outlets"].create(
        {
            "id": str,
            "name": str,
            "aliases": str,
            "domains": str,
            "country": str,
            "languages": str,
            "owner": str,
            "category": str,
            "sources": str,
            "notes": str,
        },
        pk="id",
    )


def create_documents(db: Database) -> None:
    """One row per scanned file, with its metadata and text (m001)."""
    db["documents"].create(
        {
            "id": int,
            "path": str,
            "slug": str,
            "sha256": str,
            "size": int,
            "mtime_ns": int,
            "format": str,
            "encoding": str,
            "title": str,
            "author": str,
            "publisher": str,
            "published": str,
            "series": str,
            "url": str,
            "original_url": str,
            "original_publisher": str,
            "accessed": str,
            "updated": str,
            "republisher": str,
            "meta_sources": str,
            "links": str,
            "problems": str,
            "body_start": int,
            "body_end": int,
            "text": str,
            "scanner": str,
        },
        pk="id",
        not_null={"path", "sha256"},
    )
    db["documents"].create_index(["path"], unique=True)
    db["documents"].create_index(["slug"], unique=True)


def create_claims_and_citations(db: Database) -> None:
    """Claims (sentences) and citations (parentheticals) (m001)."""
    db["claims"].create(
        {
            "id": int,
            "document_id": int,
            "paragraph": int,
            "sentence": int,
            "start": int,
            "end": int,
            "text": str,
            "n_citations": int,
            "n_references": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["claims"].create_index(["document_id", "paragraph", "sentence"], unique=True)
    db["citations"].create(
        {
            "id": int,
            "document_id": int,
            "claim_id": int,
            "position": int,
            "start": int,
            "end": int,
            "raw": str,
            "kind": str,
            "is_citation": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("claim_id", "claims", "id")],
    )
    db["citations"].create_index(["claim_id"])
    db["citations"].create_index(["document_id", "start"])


def create_references(db: Database) -> None:
    """One row per outlet-and-date pair (m001; slimmed by m013)."""
    db["references"].create(
        {
            "id": int,
            "document_id": int,
            "claim_id": int,
            "citation_id": int,
            "position": int,
            "outlet": str,
            "outlet_start": int,
            "outlet_end": int,
            "outlet_id": str,
            "domain": str,
            "resolution": str,
            "date": str,
            "date_text": str,
            "year": int,
            "month": int,
            "day": int,
            "year_inferred": int,
            "date_anomaly": str,
            "accessed": int,
            "prefix": str,
            "url": str,
            "self_citation": int,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("claim_id", "claims", "id"),
            ("citation_id", "citations", "id"),
            ("outlet_id", "outlets", "id"),
        ],
    )
    db["references"].create_index(["citation_id"])
    db["references"].create_index(["claim_id"])
    db["references"].create_index(["outlet_id"])
    db["references"].create_index(["domain", "date"])


def create_archive_cache(db: Database) -> None:
    """Archive responses, by request key (m002)."""
    db["archive_cache"].create(
        {
            "key": str,
            "url": str,
            "status": int,
            "headers": str,
            "body": bytes,
            "fetched_at": str,
        },
        pk="key",
    )


def create_reference_checks(db: Database) -> None:
    """One archive-check verdict per reference (m002)."""
    db["reference_checks"].create(
        {
            "reference_id": int,
            "status": str,
            "target_key": str,
            "domains": str,
            "cdx_url": str,
            "source_url": str,
            "archive_url": str,
            "archive_timestamp": str,
            "match_score": float,
            "closest_url": str,
            "closest_archive_url": str,
            "closest_timestamp": str,
            "error": str,
            "note": str,
            "checked_at": str,
        },
        pk="reference_id",
        foreign_keys=[("reference_id", "references", "id")],
    )
    db["reference_checks"].create_index(["status"])


def create_check_candidates(db: Database) -> None:
    """The scored candidate captures of each check (m002)."""
    db["check_candidates"].create(
        {
            "id": int,
            "reference_id": int,
            "rank": int,
            "role": str,
            "original_url": str,
            "timestamp": str,
            "archive_url": str,
            "mimetype": str,
            "http_status": int,
            "title": str,
            "page_date": str,
            "score": float,
            "reasons": str,
            "components": str,
            "verified": int,
            "error": str,
        },
        pk="id",
        foreign_keys=[("reference_id", "references", "id")],
    )
    db["check_candidates"].create_index(["reference_id", "role", "rank"])


def create_link_runs(db: Database) -> None:
    """Link-check runs (m003)."""
    db["link_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "outage": int,
            "total": int,
            "checked": int,
            "network_checks": int,
            "transport_failures": int,
            "dead_after": int,
            "dead_days": int,
            "counts": str,
        },
        pk="id",
    )


def create_link_checks(db: Database) -> None:
    """The append-only history of link checks (m003)."""
    db["link_checks"].create(
        {
            "id": int,
            "run_id": int,
            "url": str,
            "checked_at": str,
            "verdict": str,
            "http_status": int,
            "final_url": str,
            "redirects": str,
            "method": str,
            "elapsed_ms": int,
            "error_kind": str,
            "reason": str,
            "retry_after": float,
        },
        pk="id",
        not_null={"run_id", "url", "checked_at", "verdict"},
        foreign_keys=[("run_id", "link_runs", "id")],
    )
    db["link_checks"].create_index(["url", "checked_at"])
    db["link_checks"].create_index(["run_id", "url"])
    # History is append-only: the database itself refuses to rewrite it.
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER link_checks_no_{action.lower()} BEFORE {action} ON link_checks "
            "BEGIN SELECT RAISE(ABORT, 'link_checks is append-only'); END"
        )


def create_url_uses_and_replacements(db: Database) -> None:
    """URL uses and suggested replacements (m003)."""
    db["url_uses"].create(
        {
            "url": str,
            "kind": str,
            "document_id": int,
            "claim_id": int,
            "reference_id": int,
            "outlet_id": str,
            "cited_date": str,
        },
    )
    db["url_uses"].create_index(["url"])
    db["link_replacements"].create(
        {
            "url": str,
            "replacement_url": str,
            "capture_timestamp": str,
            "source": str,
            "looked_up_at": str,
        },
        pk="url",
    )
