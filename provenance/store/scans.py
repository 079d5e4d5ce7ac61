"""SQLite storage of scan results through sqlite-utils: one transaction per document.

The names callers use, in one place (``from provenance.store import scans as store``);
they live in ``database`` (opening and migrating), ``documents`` (documents and their
rows' id ranges), ``rows`` (a scan as rows), ``saving`` (writing them), ``loading``
(reading a scan back) and ``claimtext`` (claim text stored once, and the full-text index).
"""

from __future__ import annotations

from .claimtext import (
    MAX_CUTS,
    StoredText,
    claim_text,
    index_claims,
    index_texts,
    search_claims,
    stored_text,
)
from .database import (
    DB_TIMEOUT,
    begin_immediate,
    busy_error,
    open_db,
    query_dicts,
    schema_sql,
    sync_outlets,
)
from .documents import (
    ANY_ID,
    DOCUMENT_ROWS,
    SCAN_TABLES,
    delete_document,
    delete_document_rows,
    document_ids,
    document_ranges,
    document_slugs,
    document_state,
    documents_under,
    mark_checked,
    newest_stored,
    report_rows,
    save_entries,
)
from .loading import load_scan
from .rows import ScanRows, scan_rows
from .saving import (
    CITATION_COLUMNS,
    CLAIM_COLUMNS,
    REFERENCE_COLUMNS,
    Lookups,
    insert_references,
    lookup_ids,
    save_rows,
    save_scan,
)

__all__ = [
    "ANY_ID",
    "CITATION_COLUMNS",
    "CLAIM_COLUMNS",
    "DB_TIMEOUT",
    "DOCUMENT_ROWS",
    "Lookups",
    "MAX_CUTS",
    "REFERENCE_COLUMNS",
    "SCAN_TABLES",
    "ScanRows",
    "StoredText",
    "begin_immediate",
    "busy_error",
    "claim_text",
    "delete_document",
    "delete_document_rows",
    "document_ids",
    "document_ranges",
    "document_slugs",
    "document_state",
    "documents_under",
    "index_claims",
    "index_texts",
    "insert_references",
    "load_scan",
    "lookup_ids",
    "mark_checked",
    "open_db",
    "query_dicts",
    "save_entries",
    "save_rows",
    "save_scan",
    "scan_rows",
    "schema_sql",
    "search_claims",
    "stored_text",
    "newest_stored",
    "report_rows",
    "sync_outlets",
]
