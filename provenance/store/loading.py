"""Reading a stored document back into the ScanResult the scan made, for reports and exports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlite_utils import Database

from ..models import (
    CitedDate,
    Claim,
    Document,
    DocumentMeta,
    Link,
    ParenKind,
    Parenthetical,
    Reference,
    Resolution,
    ScanResult,
    resolution_key,
)
from .claimtext import claim_text
from .database import query_dicts
from .documents import _META_DATES, SCAN_TABLES, document_ranges
from .saving import CLAIM_COLUMNS


def _load_document(row: dict[str, Any]) -> Document:
    """Rebuild a Document (metadata, links) from its row."""
    meta = DocumentMeta(
        title=row["title"],
        author=row["author"],
        publisher=row["publisher"],
        series=row["series"],
        url=row["url"],
        original_url=row["original_url"],
        original_publisher=row["original_publisher"],
        sources=json.loads(row["meta_sources"] or "{}"),
    )
    for name in _META_DATES:
        setattr(meta, name, dt.date.fromisoformat(row[name]) if row[name] else None)
    meta.republisher = row["republisher"]
    links = [Link(*item) for item in json.loads(row.get("links") or "[]")]
    return Document(
        path=row["path"],
        sha256=row["sha256"],
        format=row["format"],
        encoding=row["encoding"],
        text=row["text"],
        meta=meta,
        links=links,
        body_start=row["body_start"] or 0,
        body_end=row["body_end"],
        size=row["size"] or 0,
        mtime_ns=row["mtime_ns"] or 0,
    )


def load_scan(db: Database, document_id: int, registry: Any = None) -> ScanResult:
    """Rebuild the ScanResult of a stored document, ids filled in, for reports and exports.

    Args:
        db: the database.
        document_id: ``documents.id``.
        registry: a ``resolve.Registry`` used to turn ``outlet_id`` back into Outlets.
    """
    (row,) = query_dicts(db, "select * from documents where id = ?", [document_id])
    doc = _load_document(row)
    ranges = document_ranges(db, document_id)
    params = {table: [*ranges[table], document_id] for table in SCAN_TABLES}
    refs_by_cit, resolutions = _load_references(db, params["reference_rows"], registry)
    parens_by_claim = _load_parentheticals(db, params["citations"], doc.text, refs_by_cit)
    claims = _load_claims(db, params["claims"], doc.text, parens_by_claim)
    return ScanResult(
        document=doc,
        claims=claims,
        parentheticals=[p for c in claims for p in c.parentheticals],
        problems=json.loads(row.get("problems") or "[]"),
        resolutions=resolutions,
        id=document_id,
    )


def _load_references(
    db: Database, params: list[int], registry: Any
) -> tuple[dict[int, list[Reference]], dict[str, Resolution]]:
    """A document's references by citation id, and their resolutions by resolution key."""
    refs_by_cit: dict[int, list[Reference]] = {}
    resolutions: dict[str, Resolution] = {}
    sql = 'select * from "references" where id between ? and ? and document_id = ? order by id'
    for r in query_dicts(db, sql, params):
        ref = _row_reference(r)
        refs_by_cit.setdefault(r["citation_id"], []).append(ref)
        outlet = registry.get(r["outlet_id"]) if registry and r["outlet_id"] else None
        if outlet is not None and outlet.categories:  # as the scan had it: as on the day cited
            outlet = registry.as_of(outlet, ref.date.iso if ref.date else None)
        resolutions[resolution_key(ref)] = Resolution(
            written=r["outlet"],
            outlet=outlet,
            domain=r["domain"],
            method=r["resolution"] or "unknown",
            self_citation=bool(r["self_citation"]),
        )
    return refs_by_cit, resolutions


def _load_parentheticals(
    db: Database, params: list[int], text: str, refs_by_cit: dict[int, list[Reference]]
) -> dict[int, list[Parenthetical]]:
    """A document's parentheticals by claim id, in text order; raw text from the document."""
    parens_by_claim: dict[int, list[Parenthetical]] = {}
    sql = "select * from citations where id between ? and ? and document_id = ? order by start"
    for c in query_dicts(db, sql, params):
        raw = c["raw"]
        paren = Parenthetical(
            start=c["start"],
            end=c["end"],
            raw=text[c["start"] : c["end"]] if raw is None else raw,
            kind=ParenKind(c["kind"]),
            references=tuple(refs_by_cit.get(c["id"], ())),
            id=c["id"],
        )
        parens_by_claim.setdefault(c["claim_id"], []).append(paren)
    return parens_by_claim


def _load_claims(
    db: Database, params: list[int], text: str, parens_by_claim: dict[int, list[Parenthetical]]
) -> list[Claim]:
    """A document's claims in text order, their text read back from the document's."""
    sql = "select * from claims where id between ? and ? and document_id = ? order by start"
    return [
        Claim(
            paragraph=c["paragraph"],
            sentence=c["sentence"],
            start=c["start"],
            end=c["end"],
            text=claim_text(text, c["start"], c["end"], [c[k] for k in CLAIM_COLUMNS[6:11]]),
            parentheticals=parens_by_claim.get(c["id"], []),
            id=c["id"],
        )
        for c in query_dicts(db, sql, params)
    ]


def _row_reference(r: dict[str, Any]) -> Reference:
    date = None
    if r["date_text"] is not None or r["year"] is not None:
        date = CitedDate(
            text=r["date_text"] or "",
            year=r["year"],
            month=r["month"],
            day=r["day"],
            year_inferred=bool(r["year_inferred"]),
            anomaly=r["date_anomaly"],
        )
    return Reference(
        outlet=r["outlet"],
        outlet_start=r["outlet_start"],
        outlet_end=r["outlet_end"],
        date=date,
        prefix=r["prefix"],
        accessed=bool(r["accessed"]),
        url=r["url"],
        title=r.get("title"),
        source_kind=r.get("source_kind"),
        id=r["id"],
    )
