"""Claim text stored once: the cuts that turn a sentence of the document into its claim,
and the full-text index, which reads claim text through the ``claim_texts`` view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from ..models import Claim, ParenKind
from .database import query_dicts
from .documents import ANY_ID

#: A claim row's ``(cut_start, cut_end, cut2_start, cut2_end, text)``: see ``stored_text``.
StoredText = tuple[int | None, int | None, int | None, int | None, str | None]
MAX_CUTS = 2


def stored_text(doc_text: str, claim: Claim) -> StoredText:
    """How a claim row gives its text back: the cuts to make in the sentence, or the text.

    Most claims are the sentence as written (no cut), or the sentence without its one
    or two citations and the spaces before each (the cuts); only the rest store their
    text. ``claim_text`` (and the ``claim_texts`` view) reverse this exactly: every
    answer is checked here.
    """
    start, end, text = claim.start, claim.end, claim.text
    if len(text) == end - start:
        return (None,) * 4 + (None if doc_text[start:end] == text else text,)
    cuts: list[int] = []
    pos = start
    for paren in claim.parentheticals:
        if paren.kind is ParenKind.CITATION and paren.start >= pos:
            if len(cuts) == 2 * MAX_CUTS:
                return (None,) * 4 + (text,)
            cuts += [pos + len(doc_text[pos : paren.start].rstrip()), paren.end]
            pos = paren.end
    row = (*cuts, *(None,) * (2 * MAX_CUTS - len(cuts)), None)
    return row if cuts and claim_text(doc_text, start, end, row) == text else (None,) * 4 + (text,)


def claim_text(doc_text: str, start: int, end: int, row: Sequence[Any]) -> str:
    """A claim's text from its row's ``StoredText`` columns (see ``stored_text``)."""
    cut_start, cut_end, cut2_start, cut2_end, text = row
    if text is not None:
        return text
    if cut_start is None:
        return doc_text[start:end]
    if cut2_start is None:
        return doc_text[start:cut_start] + doc_text[cut_end:end]
    return doc_text[start:cut_start] + doc_text[cut_end:cut2_start] + doc_text[cut2_end:end]


def search_claims(db: Database, query: str) -> list[dict[str, Any]]:
    """Claims matching an FTS5 ``query``, best first, as ``claim_texts`` rows (text included)."""
    sql = (
        "select c.* from claims_fts f join claim_texts c on c.id = f.rowid "
        "where claims_fts match ? order by f.rank"
    )
    return list(query_dicts(db, sql, [query]))


def index_claims(db: Database, document_ids: Sequence[int]) -> None:
    """Add the claims of these (just saved, not yet indexed) documents to the full-text index."""
    low, high = ANY_ID
    for start in range(0, len(document_ids), 500):  # stay under SQLite's variable limit
        chunk = document_ids[start : start + 500]
        db.execute(
            "insert into claims_fts(rowid, text) select c.id, c.text from documents d "
            f"join claim_texts c on c.id between coalesce(d.first_claim_id, {low}) "
            f"and coalesce(d.last_claim_id, {high}) and c.document_id = d.id "
            f"where d.id in ({', '.join('?' * len(chunk))}) order by c.id",
            list(chunk),
        )


def index_texts(db: Database, texts: Sequence[tuple[int, str]]) -> None:
    """Add claims given as ``(id, text)`` to the full-text index (claims just saved).

    The scan has each claim's text at hand, so the index need not read it back through
    ``claim_texts``, whose ``substr`` walks the document text from its start (UTF-8).
    """
    if texts:
        db.conn.executemany("insert into claims_fts(rowid, text) values (?, ?)", texts)
