"""Schema of db/provenance.db as an ordered set of sqlite-utils migrations.

Each migration runs once, in its own transaction, and is recorded in
``_sqlite_migrations``. Never edit a migration that has shipped: add a new one.
``db/schema.sql`` is the dump of the fully migrated schema (see ``store.schema_sql``).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("provenance")


@migrations()
def m001_scan_tables(db: Database) -> None:
    """Documents, claims, citations, references and outlets (issue 2)."""
    db["outlets"].create(
        {
            "id": str, "name": str, "aliases": str, "domains": str, "country": str,
            "languages": str, "owner": str, "category": str, "sources": str, "notes": str,
        },
        pk="id",
    )
    db["documents"].create(
        {
            "id": int, "path": str, "slug": str, "sha256": str, "size": int, "mtime_ns": int,
            "format": str, "encoding": str, "title": str, "author": str, "publisher": str,
            "published": str, "series": str, "url": str, "original_url": str,
            "original_publisher": str, "accessed": str, "updated": str,
            "republisher": str, "meta_sources": str, "links": str, "problems": str,
            "body_start": int, "body_end": int, "text": str, "scanner": str,
        },
        pk="id",
        not_null={"path", "sha256"},
    )
    db["documents"].create_index(["path"], unique=True)
    db["documents"].create_index(["slug"], unique=True)
    db["claims"].create(
        {
            "id": int, "document_id": int, "paragraph": int, "sentence": int,
            "start": int, "end": int, "text": str, "n_citations": int, "n_references": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["claims"].create_index(["document_id", "paragraph", "sentence"], unique=True)
    db["citations"].create(
        {
            "id": int, "document_id": int, "claim_id": int, "position": int,
            "start": int, "end": int, "raw": str, "kind": str, "is_citation": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("claim_id", "claims", "id")],
    )
    db["citations"].create_index(["claim_id"])
    db["citations"].create_index(["document_id", "start"])
    db["references"].create(
        {
            "id": int, "document_id": int, "claim_id": int, "citation_id": int,
            "position": int, "outlet": str, "outlet_start": int, "outlet_end": int,
            "outlet_id": str, "domain": str, "resolution": str, "date": str,
            "date_text": str, "year": int, "month": int, "day": int, "year_inferred": int,
            "date_anomaly": str, "accessed": int, "prefix": str, "url": str,
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
    db["claims"].enable_fts(["text"], create_triggers=True)


# Later migrations are appended below, in order. Never reorder shipped ones.

# ---- m002: archive check (issue 3) ----


# ---- m003: link check (issue 4) ----
