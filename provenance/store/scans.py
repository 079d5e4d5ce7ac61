"""SQLite storage of scan results through sqlite-utils: one transaction per document."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import sqlite3
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..errors import DatabaseBusyError, StoreError
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
from . import slim
from .migrations import migrations

LOGGER = logging.getLogger(__name__)

# Tables written by the scan, deepest first: deleting a document's rows goes in this order.
SCAN_TABLES = ("reference_rows", "citations", "claims")
_META_DATES = ("published", "accessed", "updated")
# Column orders of the tuples _insert_claims builds (the scan's hot path).
CLAIM_COLUMNS = (
    "id",
    "document_id",
    "paragraph",
    "sentence",
    "start",
    "end",
    "cut_start",
    "cut_end",
    "cut2_start",
    "cut2_end",
    "text",
    "n_citations",
    "n_references",
)
CITATION_COLUMNS = (
    "id",
    "document_id",
    "claim_id",
    "position",
    "start",
    "end",
    "raw",
    "kind",
    "is_citation",
)
REFERENCE_COLUMNS = (
    "id",
    "citation_id",
    "position",
    "outlet_start",
    "outlet_end",
    "outlet_ref",
    "date_ref",
    "url",
    "title",
)
#: The ids of one document's rows in each scan table, given (first id, last id, document).
DOCUMENT_ROWS = {
    "claims": "select id from claims where id between ? and ? and document_id = ?",
    "citations": "select id from citations where id between ? and ? and document_id = ?",
    "reference_rows": (
        "select r.id from reference_rows r join citations t on t.id = r.citation_id "
        "where r.id between ? and ? and t.document_id = ?"
    ),
}
#: The range of a document whose rows were not written by ``save_scan``: every id.
ANY_ID = (-(2**63), 2**63 - 1)


DB_TIMEOUT = 60.0  # seconds a run waits for another run's write to finish


class _Database(Database):
    """A sqlite-utils Database whose transactions take the write lock when they begin.

    sqlite-utils begins with a plain (deferred) ``BEGIN``: a transaction that reads
    and then writes, while another process wrote in between, fails at once with
    "database is locked", whatever the busy timeout. ``BEGIN IMMEDIATE`` waits for
    the other writer instead (up to the timeout), so concurrent runs take turns.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # a savepoint inside the open transaction
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.execute("COMMIT")


def open_db(path: str | Path, *, create: bool = True, timeout: float = DB_TIMEOUT) -> Database:
    """Open the database at ``path`` and apply pending migrations.

    The file is in WAL mode: readers never wait, and a writer waits up to
    ``timeout`` seconds for another process's write to finish.

    Args:
        path: the SQLite file; its parent directory is created. ``":memory:"`` works too.
        create: make a new database when there is none; with False a missing file
            raises StoreError (commands that only read should not invent an empty one).
        timeout: seconds to wait for a lock held by another run.

    Returns:
        A ``sqlite_utils.Database`` with foreign keys enforced.

    Raises:
        DatabaseBusyError: another run kept the database locked for ``timeout`` seconds.
        StoreError: no database (with ``create=False``), or it cannot be opened.
    """
    if not create and str(path) != ":memory:" and not Path(path).is_file():
        raise StoreError(f"{path}: no database here; run `provenance scan` first (or pass --db)")
    try:
        if str(path) == ":memory:":
            db = Database(memory=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            new = not Path(path).exists()
            db = _Database(sqlite3.connect(str(path), timeout=timeout))
            if new:  # pages freed by the full-text index's merges go back at each commit
                db.execute("PRAGMA auto_vacuum=FULL")
            db.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL keeps every committed transaction consistent after a crash;
            # only the last commits may be lost on power failure, and a rescan redoes them.
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db)
    except sqlite3.OperationalError as exc:
        raise busy_error(exc, path, timeout) from exc
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    return db


def _migrate(db: Database) -> None:
    """Apply pending migrations under the write lock, so two first runs don't both apply one."""
    if "_sqlite_migrations" in db.table_names() and not migrations.pending(db):
        return
    with db.atomic():
        migrations.apply(db)


def busy_error(exc: sqlite3.OperationalError, path: str | Path, timeout: float) -> StoreError:
    """A one-line StoreError for an OperationalError (DatabaseBusyError: it was locked)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"{path}: database busy: another provenance run held it for more than "
            f"{timeout:g} s (db_timeout); finished work is stored, run again when it ends"
        )
    return StoreError(f"{path}: {text}")


def schema_sql(db: Database) -> str:
    """The migrated schema as SQL, FTS shadow tables left out, in a stable order."""
    rows = db.execute(
        "select sql from sqlite_master where sql is not null "
        "and name not like 'claims_fts_%' and name not like 'sqlite_%' "
        "order by case type when 'table' then 0 when 'index' then 1 else 2 end, name"
    ).fetchall()
    return "".join(f"{sql};\n" for (sql,) in rows)


def sync_outlets(db: Database, rows: Iterable[dict[str, Any]]) -> int:
    """Upsert the outlet registry into the ``outlets`` table; returns the row count."""
    rows = list(rows)
    with db.atomic():
        db["outlets"].upsert_all(rows, pk="id", alter=True)
    return len(rows)


# ---------------------------------------------------------------- documents


def document_state(db: Database, path: str) -> dict[str, Any] | None:
    """The stored fingerprint of ``path`` (id, sha256, size, mtime_ns, scanner, published, root)."""
    keys = ("id", "sha256", "size", "mtime_ns", "scanner", "published", "root")
    row = db.execute(
        f"select {', '.join(keys)} from documents where path = ?",
        [path],
    ).fetchone()
    return None if row is None else dict(zip(keys, row))


def _unique_slug(db: Database, slug: str, path: str) -> str:
    """Make ``slug`` unique among documents by suffixing a counter when another path has it."""
    candidate, n = slug, 1
    while True:
        row = db.execute("select path from documents where slug = ?", [candidate]).fetchone()
        if row is None or row[0] == path:
            return candidate
        n += 1
        candidate = f"{slug}-{n}"


def _document_row(doc: Document, slug: str, scanner: str) -> dict[str, Any]:
    """The ``documents`` row of a scanned document."""
    meta = doc.meta
    row: dict[str, Any] = {
        "path": doc.path,
        "slug": slug,
        "sha256": doc.sha256,
        "size": doc.size,
        "mtime_ns": doc.mtime_ns,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": meta.title,
        "author": meta.author,
        "publisher": meta.publisher,
        "series": meta.series,
        "url": meta.url,
        "original_url": meta.original_url,
        "original_publisher": meta.original_publisher,
        "republisher": meta.republisher,
        "meta_sources": json.dumps(meta.sources, sort_keys=True),
        "links": json.dumps([[k.start, k.end, k.url, k.text] for k in doc.links]),
        "body_start": doc.body_start,
        "body_end": doc.body_end,
        "text": doc.text,
        "scanner": scanner,
    }
    for name in _META_DATES:
        value = getattr(meta, name)
        row[name] = value.isoformat() if value else None
    return row


def delete_document_rows(db: Database, document_id: int) -> None:
    """Delete a document's claims, citations and references, and rows that point at them.

    Tables added by later stages (archive checks, link uses) that hold a foreign key
    into the scan tables are cleared first, so foreign keys stay satisfied.
    """
    ranges = document_ranges(db, document_id)
    params = {table: [*ranges[table], document_id] for table in SCAN_TABLES}
    for table, column, other in _dependent_keys(db):
        db.execute(
            f"delete from [{table}] where [{column}] in ({DOCUMENT_ROWS[other]})", params[other]
        )
    db.execute(
        "insert into claims_fts(claims_fts, rowid, text) select 'delete', id, text "
        "from claim_texts where id between ? and ? and document_id = ?",
        params["claims"],
    )
    for table in SCAN_TABLES:
        db.execute(f"delete from [{table}] where id in ({DOCUMENT_ROWS[table]})", params[table])


def document_ranges(db: Database, document_id: int) -> dict[str, tuple[int, int]]:
    """Scan table -> the (first, last) ids of the document's rows in it.

    ``save_scan`` writes a document's rows with consecutive ids and keeps each range in
    ``documents``; for a document written otherwise (by hand, in tests) it is ``ANY_ID``.
    Queries filter by document too: a range only tells where to look.
    """
    columns = [c for pair in slim.RANGE_COLUMNS.values() for c in pair]
    sql = f"select {', '.join(columns)} from documents where id = ?"
    row = db.execute(sql, [document_id]).fetchone() or (None,) * len(columns)
    return {
        table: ANY_ID if None in row[2 * i : 2 * i + 2] else (row[2 * i], row[2 * i + 1])
        for i, table in enumerate(slim.RANGE_COLUMNS)
    }


def documents_under(db: Database, prefix: str) -> list[tuple[int, str, str, str | None]]:
    """(id, path, slug, root) of the documents whose stored path starts with ``prefix``."""
    rows = db.execute(
        "select id, path, slug, root from documents where substr(path, 1, ?) = ? order by path",
        [len(prefix), prefix],
    )
    return [tuple(r) for r in rows]


def delete_document(db: Database, document_id: int) -> None:
    """Remove a document and everything that points at it, in one transaction."""
    with db.atomic():
        delete_document_rows(db, document_id)
        for table in db.table_names():
            if table in SCAN_TABLES or table == "documents":
                continue
            if "document_id" in db[table].columns_dict:
                db.execute(f"delete from [{table}] where document_id = ?", [document_id])
        db.execute("delete from documents where id = ?", [document_id])


_DEPENDENT_KEYS: weakref.WeakKeyDictionary[Database, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _dependent_keys(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, scan table) for every foreign key from a later stage into the scan tables.

    Worked out once per open database: the schema is fixed once migrations are applied.
    """
    if db not in _DEPENDENT_KEYS:
        _DEPENDENT_KEYS[db] = _find_dependent_keys(db)
    return _DEPENDENT_KEYS[db]


def _find_dependent_keys(db: Database) -> list[tuple[str, str, str]]:
    return [
        (table, fk.column, fk.other_table)
        for table in db.table_names()
        if table not in SCAN_TABLES and table != "documents"
        for fk in db[table].foreign_keys
        if fk.other_table in SCAN_TABLES
    ]


def _next_id(db: Database, table: str) -> int:
    return db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0]


def save_scan(
    db: Database,
    result: ScanResult,
    slug: str,
    scanner: str,
    *,
    index: bool = True,
    root: str | None = None,
) -> int:
    """Store one document's scan in a single transaction, replacing any earlier scan.

    Args:
        db: the database (migrated).
        result: the scan of one document; ``result.resolutions`` is keyed by
            ``resolution_key(reference)``.
        slug: the preferred report slug (made unique here).
        scanner: version tag of the scanner and registry, to rescan after upgrades.
        index: add the claims to the full-text index now; a caller that saves many
            documents in one transaction passes False and calls ``index_claims`` once
            for all of them before committing.
        root: the absolute project folder the document's path is relative to
            (None for an absolute path).

    Returns:
        The document id.
    """
    doc = result.document
    with db.atomic():
        state = document_state(db, doc.path)
        if state is not None:
            delete_document_rows(db, state["id"])
        row = _document_row(doc, _unique_slug(db, slug, doc.path), scanner)
        row["problems"] = json.dumps(result.problems)
        row["root"], row["stored_ns"] = root, time.time_ns()  # reports older than this are stale
        first_ids = [_next_id(db, table) for table in slim.RANGE_COLUMNS]
        row.update(_range_columns(result, first_ids))
        if state is None:
            row["id"] = doc_id = _next_id(db, "documents")
            _insert_rows(db, "documents", [row])
        else:
            doc_id = state["id"]
            db.execute(
                "update documents set {} where id = ?".format(", ".join(f"[{c}] = ?" for c in row)),
                [*row.values(), doc_id],
            )
        _insert_claims(db, doc_id, result, first_ids)
        if index:
            index_claims(db, [doc_id])
    result.id = doc_id
    return doc_id


def _range_columns(result: ScanResult, first_ids: Sequence[int]) -> dict[str, int]:
    """The ``documents`` range columns of a scan whose rows get ids from ``first_ids`` on."""
    parens = [p for claim in result.claims for p in claim.parentheticals]
    counts = (len(result.claims), len(parens), sum(len(p.references) for p in parens))
    row = {}
    for (first, last), start, count in zip(slim.RANGE_COLUMNS.values(), first_ids, counts):
        row[first], row[last] = start, start + count - 1  # empty: last = first - 1
    return row


def _insert_claims(db: Database, doc_id: int, result: ScanResult, first_ids: Sequence[int]) -> None:
    """Insert claims, citations (every parenthetical) and references of one document.

    Rows are built as tuples in column order (``CLAIM_COLUMNS`` and friends): this
    loop runs once per reference, so it avoids dicts, properties and repeated
    lookups; the lookup ids of a Resolution or a CitedDate are found once per
    distinct object (``_lookup_memos``). A citation's raw text is stored only when
    the document text does not give it.
    """
    claim_id, cit_id, ref_id = first_ids
    claims: list[tuple[Any, ...]] = []
    cits: list[tuple[Any, ...]] = []
    refs: list[tuple[Any, ...]] = []
    get_resolution = result.resolutions.get
    outlet_refs, date_refs = _lookup_memos(db, result)
    citation = ParenKind.CITATION
    doc_text = result.document.text
    for claim in result.claims:
        n_citations = n_references = 0
        for position, paren in enumerate(claim.parentheticals):
            is_citation = paren.kind is citation
            cits.append(
                (
                    cit_id,
                    doc_id,
                    claim_id,
                    position,
                    paren.start,
                    paren.end,
                    None if doc_text[paren.start : paren.end] == paren.raw else paren.raw,
                    paren.kind.value,
                    int(is_citation),
                )
            )
            references = paren.references
            if is_citation:
                n_citations += 1
                n_references += len(references)
            for ref_pos, ref in enumerate(references):
                res = get_resolution(ref.resolution_key)
                start, end, outlet = ref.outlet_start, ref.outlet_end, ref.outlet
                refs.append(
                    (
                        ref_id,
                        cit_id,
                        ref_pos,
                        start,
                        None if end == start + len(outlet) and "\0" not in outlet else end,
                        outlet_refs[outlet, id(res), ref.prefix, ref.source_kind],
                        date_refs.get((id(ref.date), ref.accessed)),
                        ref.url,
                        ref.title,
                    )
                )
                ref_id += 1
            cit_id += 1
        claims.append(
            (
                claim_id,
                doc_id,
                claim.paragraph,
                claim.sentence,
                claim.start,
                claim.end,
                *stored_text(doc_text, claim),
                n_citations,
                n_references,
            )
        )
        claim_id += 1
    _insert_tuples(db, "claims", CLAIM_COLUMNS, claims)
    _insert_tuples(db, "citations", CITATION_COLUMNS, cits)
    _insert_tuples(db, "reference_rows", REFERENCE_COLUMNS, refs)


def _lookup_memos(
    db: Database, result: ScanResult
) -> tuple[dict[tuple[Any, ...], int], dict[tuple[int, bool], int]]:
    """The lookup ids of a document's references, made when missing.

    Returns:
        ``(outlet as written, id(Resolution or None), prefix, source_kind)`` ->
        ``reference_outlets.id``, and ``(id(CitedDate or None), accessed)`` ->
        ``cited_dates.id`` (no entry: the reference has no date row).
    """
    get_resolution = result.resolutions.get
    outlet_keys: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    date_keys: dict[tuple[int, bool], tuple[Any, ...]] = {}
    for claim in result.claims:
        for paren in claim.parentheticals:
            for ref in paren.references:
                res = get_resolution(ref.resolution_key)
                key = (ref.outlet, id(res), ref.prefix, ref.source_kind)
                if key not in outlet_keys:
                    part = _resolution_part(res)
                    outlet_keys[key] = (ref.outlet, *part, ref.prefix, ref.source_kind)
                date_key = (id(ref.date), ref.accessed)
                if date_key not in date_keys and (ref.date is not None or ref.accessed):
                    date_keys[date_key] = (*_date_part(ref.date), int(ref.accessed))
    outlet_ids = lookup_ids(db, "reference_outlets", slim.OUTLET_COLUMNS, outlet_keys.values())
    date_ids = lookup_ids(db, "cited_dates", slim.DATE_COLUMNS, date_keys.values())
    return (
        {k: outlet_ids[key] for k, key in outlet_keys.items()},
        {k: date_ids[key] for k, key in date_keys.items()},
    )


def lookup_ids(
    db: Database, table: str, columns: Sequence[str], keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """The ids of the lookup rows whose ``columns`` equal each key (NULL equals NULL).

    Rows are looked up by their first column (indexed), and the missing ones are
    inserted: one or two statements per table and document.
    """
    wanted = list(dict.fromkeys(keys))
    firsts = [v for v in dict.fromkeys(k[0] for k in wanted) if v is not None]
    found: dict[tuple[Any, ...], int] = {}
    for start in range(0, len(firsts), 500):  # stay under SQLite's variable limit
        chunk = firsts[start : start + 500]
        sql = "select id, {} from {} where {} in ({}) order by id".format(
            ", ".join(columns), table, columns[0], ", ".join("?" * len(chunk))
        )
        for row in db.execute(sql, chunk):
            found.setdefault(tuple(row[1:]), row[0])
    if any(k[0] is None for k in wanted):
        sql = f"select id, {', '.join(columns)} from {table} where {columns[0]} is null"
        for row in db.execute(sql + " order by id"):
            found.setdefault(tuple(row[1:]), row[0])
    missing = [k for k in wanted if k not in found]
    if missing:
        next_id = _next_id(db, table)
        rows = [(next_id + i, *key) for i, key in enumerate(missing)]
        _insert_tuples(db, table, ("id", *columns), rows)
        found.update((key, next_id + i) for i, key in enumerate(missing))
    return found


def insert_references(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    """Insert references given with the columns of the ``references`` view, in one transaction.

    For tools and tests that build a database by hand (the scan writes its rows
    directly): the view's INSTEAD OF trigger writes ``reference_rows`` and the lookup
    rows, and a reference takes its document and claim from its citation.
    """
    with db.atomic():
        for row in rows:
            columns = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" * len(row))
            db.execute(f'insert into "references" ({columns}) values ({marks})', list(row.values()))


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


def _insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert rows that all have the same keys in the same order (the scan's hot path)."""
    if not rows:
        return
    db.conn.executemany(_insert_sql(table, tuple(rows[0])), [tuple(r.values()) for r in rows])


def _insert_tuples(
    db: Database, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Bulk insert rows given as tuples in the order of ``columns``."""
    if rows:
        db.conn.executemany(_insert_sql(table, columns), rows)


@functools.lru_cache(maxsize=16)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return 'insert into "{}" ({}) values ({})'.format(
        table, ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns))
    )


def _resolution_part(res: Resolution | None) -> tuple[Any, ...]:
    """(outlet_id, domain, resolution, self_citation) of a ``reference_outlets`` row."""
    if res is None:
        return None, None, "unknown", 0
    return (
        res.outlet.id if res.outlet else None,
        res.domain,
        res.method,
        int(bool(res.self_citation)),
    )


def _date_part(date: CitedDate | None) -> tuple[Any, ...]:
    """A ``cited_dates`` row but ``accessed``: (text, date, year, month, day, year_inferred,
    anomaly)."""
    if date is None:
        return None, None, None, None, None, 0, None
    return (
        date.text,
        date.iso,
        date.year,
        date.month,
        date.day,
        int(bool(date.year_inferred)),
        date.anomaly,
    )


# ---------------------------------------------------------------- loading


def document_ids(db: Database) -> list[int]:
    """All document ids, ordered by path (the order of reports and exports)."""
    return [r[0] for r in db.execute("select id from documents order by path")]


def document_slugs(db: Database, ids: Sequence[int] | None = None) -> dict[int, str]:
    """Document id -> report slug, ordered by path (the order of reports and exports).

    Args:
        db: the database.
        ids: only these documents (at most a few hundred); None for all.
    """
    if ids is None:
        return dict(db.execute("select id, slug from documents order by path").fetchall())
    marks = ", ".join("?" * len(ids))
    sql = f"select id, slug from documents where id in ({marks}) order by path"
    return dict(db.execute(sql, list(ids)).fetchall())


def query_dicts(db: Database, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name."""
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


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
    refs_by_cit: dict[int, list[Reference]] = {}
    resolutions: dict[str, Resolution] = {}
    for r in query_dicts(
        db,
        'select * from "references" where id between ? and ? and document_id = ? order by id',
        params["reference_rows"],
    ):
        ref = _row_reference(r)
        refs_by_cit.setdefault(r["citation_id"], []).append(ref)
        outlet = registry.get(r["outlet_id"]) if registry and r["outlet_id"] else None
        resolutions[resolution_key(ref)] = Resolution(
            written=r["outlet"],
            outlet=outlet,
            domain=r["domain"],
            method=r["resolution"] or "unknown",
            self_citation=bool(r["self_citation"]),
        )
    parens_by_claim: dict[int, list[Parenthetical]] = {}
    for c in query_dicts(
        db,
        "select * from citations where id between ? and ? and document_id = ? order by start",
        params["citations"],
    ):
        raw = c["raw"]
        paren = Parenthetical(
            start=c["start"],
            end=c["end"],
            raw=doc.text[c["start"] : c["end"]] if raw is None else raw,
            kind=ParenKind(c["kind"]),
            references=tuple(refs_by_cit.get(c["id"], ())),
            id=c["id"],
        )
        parens_by_claim.setdefault(c["claim_id"], []).append(paren)
    claims = [
        Claim(
            paragraph=c["paragraph"],
            sentence=c["sentence"],
            start=c["start"],
            end=c["end"],
            text=claim_text(doc.text, c["start"], c["end"], [c[k] for k in CLAIM_COLUMNS[6:11]]),
            parentheticals=parens_by_claim.get(c["id"], []),
            id=c["id"],
        )
        for c in query_dicts(
            db,
            "select * from claims where id between ? and ? and document_id = ? order by start",
            params["claims"],
        )
    ]
    return ScanResult(
        document=doc,
        claims=claims,
        parentheticals=[p for c in claims for p in c.parentheticals],
        problems=json.loads(row.get("problems") or "[]"),
        resolutions=resolutions,
        id=document_id,
    )


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


def stored_times(db: Database) -> dict[int, int]:
    """Document id -> when its rows were last written (ns since the epoch; 0 if unknown)."""
    return dict(db.execute("select id, coalesce(stored_ns, 0) from documents").fetchall())
