"""Schema of db/provenance.db as an ordered set of sqlite-utils migrations.

Each migration runs once, in its own transaction, and is recorded in
``_sqlite_migrations``. Never edit a migration that has shipped: add a new one.
``db/schema.sql`` is the dump of the fully migrated schema (see ``scans.schema_sql``).
"""

from __future__ import annotations

import time

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import slim, tables

migrations = Migrations("provenance")


@migrations()
def m001_scan_tables(db: Database) -> None:
    """Documents, claims, citations, references and outlets (issue 2)."""
    tables.create_outlets(db)
    tables.create_documents(db)
    tables.create_claims_and_citations(db)
    tables.create_references(db)
    # No triggers: scans.py fills the index in one statement per document, which is
    # cheaper than a trigger per claim row (see bench/bench_scan.py).
    db["claims"].enable_fts(["text"], create_triggers=False)


# Later migrations are appended below, in order. Never reorder shipped ones.

# ---- m002: archive check (issue 3) ----


@migrations()
def m002_archive_check(db: Database) -> None:
    """Archive response cache, per-reference verdicts and scored candidates (issue 3)."""
    tables.create_archive_cache(db)
    tables.create_reference_checks(db)
    tables.create_check_candidates(db)


# ---- m003: link check (issue 4) ----


@migrations()
def m003_link_check(db: Database) -> None:
    """Link-check runs, the append-only check history, URL uses and replacements (issue 4)."""
    tables.create_link_runs(db)
    tables.create_link_checks(db)
    tables.create_url_uses_and_replacements(db)


# ---- m004: views for browsing (Datasette, SQL) ----


@migrations()
def m004_browse_views(db: Database) -> None:
    """``sources``: one readable row per reference, joined with its claim, outlet and check."""
    db.create_view(
        "sources",
        """
        select r.id as reference_id, d.slug as document, c.paragraph, c.sentence,
               c.text as claim, r.outlet as written, o.name as outlet, o.category,
               r.domain, r.date, r.year_inferred, r.prefix, r.self_citation, r.url,
               k.status, k.source_url, k.archive_url, k.match_score
        from "references" r
        join claims c on c.id = r.claim_id
        join documents d on d.id = r.document_id
        left join outlets o on o.id = r.outlet_id
        left join reference_checks k on k.reference_id = r.id
        order by d.path, c.start, r.id
        """,
    )


@migrations()
def m005_reference_document_index(db: Database) -> None:
    """Index references by document: reports and rescans select and delete by document."""
    db["references"].create_index(["document_id"])


@migrations()
def m006_drop_unused_domain_date_index(db: Database) -> None:
    """No query reads references by (domain, date); the index cost a fifth of scan time."""
    db.execute("drop index if exists idx_references_domain_date")


@migrations()
def m007_check_archive(db: Database) -> None:
    """Which archive a verdict's evidence came from, and which archives were asked (issue 12)."""
    db["reference_checks"].add_column("archive", str)
    db["reference_checks"].add_column("archives", str)


# ---- m008: claim text stored once (issue 10) ----

#: Every claim with its text: stored only where it cannot be read from the document
#: (``claims.text``), else the sentence ``documents.text[start:end]`` without the
#: spans ``[cut_start, cut_end)`` and ``[cut2_start, cut2_end)`` (its citations), when
#: there are. SQLite's substr counts characters, as Python's offsets do.
CLAIM_TEXTS_VIEW = """
select c.id, c.document_id, c.paragraph, c.sentence, c.start, c."end",
       coalesce(
         c.text,
         case when c.cut_start is null
              then substr(d.text, c.start + 1, c."end" - c.start)
              when c.cut2_start is null
              then substr(d.text, c.start + 1, c.cut_start - c.start)
                   || substr(d.text, c.cut_end + 1, c."end" - c.cut_end)
              else substr(d.text, c.start + 1, c.cut_start - c.start)
                   || substr(d.text, c.cut_end + 1, c.cut2_start - c.cut_end)
                   || substr(d.text, c.cut2_end + 1, c."end" - c.cut2_end)
         end
       ) as text,
       c.n_citations, c.n_references
from claims c join documents d on d.id = c.document_id
"""


@migrations()
def m008_claim_text_once(db: Database) -> None:
    """Claims point into the document text instead of repeating it (``claim_texts`` view).

    ``claims.text`` is kept only for sentences whose text cannot be read back as the
    sentence minus at most two cuts (tidied whitespace, three citations); rows stored
    before keep theirs. The full-text index reads its content through the view.
    """
    for column in ("cut_start", "cut_end", "cut2_start", "cut2_end"):
        db["claims"].add_column(column, int)
    db.create_view("claim_texts", CLAIM_TEXTS_VIEW)
    db.execute("drop table if exists claims_fts")
    db.execute(
        'CREATE VIRTUAL TABLE "claims_fts" USING FTS5 (\n    "text",\n'
        "    content='claim_texts', content_rowid='id'\n)"
    )
    db.execute("insert into claims_fts(claims_fts) values ('rebuild')")
    db.execute("drop view if exists sources")
    db.create_view("sources", slim.SOURCES_VIEW)  # the same SQL before and after m013


@migrations()
def m009_reference_title_and_source_kind(db: Database) -> None:
    """A reference keeps its quoted article title and its source kind (issue 11)."""
    db["references"].add_column("title", str)
    db["references"].add_column("source_kind", str)


@migrations()
def m010_document_root_and_stored_time(db: Database) -> None:
    """``documents.root``: the project folder a document was scanned from, so two projects'
    ``seeds/a.txt`` are told apart; ``documents.stored_ns``: when its rows were last
    written, so a report older than its rows is rewritten (issue 13)."""
    db["documents"].add_column("root", str)
    db["documents"].add_column("stored_ns", int)


@migrations()
def m011_saves(db: Database) -> None:
    """Save Page Now submissions: one row per URL and job, with the capture it made (issue 12)."""
    db["saves"].create(
        {
            "id": int,
            "url": str,
            "cited_date": str,
            "submitted_at": str,
            "job_id": str,
            "status": str,  # submitting | pending | success | error
            "timestamp": str,
            "archive_url": str,
            "error": str,
            "finished_at": str,
        },
        pk="id",
        not_null={"url", "submitted_at", "status"},
    )
    db["saves"].create_index(["url", "submitted_at"])


@migrations()
def m012_link_history_append_only(db: Database) -> None:
    """Link history that no way of writing can rewrite (issue 13).

    The UPDATE and DELETE triggers of m003 do not fire for ``REPLACE INTO`` (its delete
    of the old row fires no delete trigger unless recursive triggers are on): an insert
    that names an existing row is refused before any conflict resolution. A run row
    is deleted never, replaced never, keeps its start and N-over-D rule, and once
    ``complete`` or ``abandoned`` (outage flag included) no longer changes.
    """
    refuse = "BEGIN SELECT RAISE(ABORT, '{table} is append-only: {what}'); END"
    for table in ("link_checks", "link_runs"):
        db.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
            + refuse.format(table=table, what="a row cannot be replaced")
        )
    db.execute(
        "CREATE TRIGGER link_runs_no_delete BEFORE DELETE ON link_runs "
        + refuse.format(table="link_runs", what="a run cannot be deleted")
    )
    db.execute(
        "CREATE TRIGGER link_runs_finished_stay BEFORE UPDATE ON link_runs "
        "WHEN OLD.status IN ('complete', 'abandoned') "
        + refuse.format(table="link_runs", what="a finished run cannot change")
    )
    db.execute(
        "CREATE TRIGGER link_runs_fixed_columns BEFORE UPDATE ON link_runs "
        "WHEN NEW.id IS NOT OLD.id OR NEW.started_at IS NOT OLD.started_at "
        "OR NEW.dead_after IS NOT OLD.dead_after OR NEW.dead_days IS NOT OLD.dead_days "
        + refuse.format(table="link_runs", what="a run keeps its start and rule")
    )


# ---- m013: slim scan rows (issue 10) ----


@migrations()
def m013_slim_scan_rows(db: Database) -> None:
    """References keep their own columns and share the rest; no index on the scan tables.

    See ``slim``: ``reference_rows`` with the ``reference_outlets`` and ``cited_dates`` lookups
    behind the ``references`` view, a citation's raw text only when the document does not
    give it (``citation_texts``), each document's id ranges instead of indexes, and a
    full-text index without per-row sizes. Every id stays; the views give the same rows.
    """
    db.execute("PRAGMA defer_foreign_keys=ON")  # tables are rebuilt; checked at commit
    db.execute("drop view if exists sources")
    _add_document_ranges(db)
    _create_lookups(db)
    _rebuild_citations_and_references(db)
    db.execute("drop index if exists idx_claims_document_id_paragraph_sentence")
    db.create_view("references", slim.REFERENCES_VIEW)
    db.create_view("citation_texts", slim.CITATION_TEXTS_VIEW)
    db.create_view("sources", slim.SOURCES_VIEW)
    for trigger in slim.REFERENCES_TRIGGERS:
        db.execute(trigger)
    db.execute("drop table if exists claims_fts")
    db.execute(
        'CREATE VIRTUAL TABLE "claims_fts" USING FTS5 (\n    "text",\n'
        "    content='claim_texts', content_rowid='id', columnsize=0\n)"
    )
    db.execute("insert into claims_fts(claims_fts) values ('rebuild')")


def _add_document_ranges(db: Database) -> None:
    """``documents.first_*_id``/``last_*_id`` from the rows stored (an empty range: 0, -1)."""
    old = {"claims": "claims", "citations": "citations", "reference_rows": '"references"'}
    for table, (first, last) in slim.RANGE_COLUMNS.items():
        db["documents"].add_column(first, int)
        db["documents"].add_column(last, int)
        rows = f"from {old[table]} where document_id = documents.id"
        db.execute(
            f"update documents set {first} = coalesce((select min(id) {rows}), 0), "
            f"{last} = coalesce((select max(id) {rows}), -1)"
        )


def _create_lookups(db: Database) -> None:
    """``reference_outlets`` and ``cited_dates`` of the stored references, in first-use order."""
    for statement in slim.LOOKUP_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(
        f"insert into reference_outlets ({', '.join(slim.OUTLET_COLUMNS)}) "
        "select outlet, outlet_id, domain, resolution, self_citation, prefix, source_kind "
        'from "references" group by 1, 2, 3, 4, 5, 6, 7 order by min(id)'
    )
    has_date = slim.HAS_DATE.replace("NEW.", "")
    db.execute(
        f"insert into cited_dates ({', '.join(slim.DATE_COLUMNS)}) "
        "select date_text, date, year, month, day, year_inferred, date_anomaly, accessed "
        f'from "references" where {has_date} group by 1, 2, 3, 4, 5, 6, 7, 8 order by min(id)'
    )


def _rebuild_citations_and_references(db: Database) -> None:
    """Citations without derivable raw text or indexes; references as ``reference_rows``.

    Both tables are dropped and made again under the same name, so that the rows that
    point at them (checks, candidates) find their parents again, and ``references`` is
    then renamed, which SQLite carries into those foreign keys.
    """
    same_outlet, same_date, has_date, outlet_end = (
        sql.replace("NEW.", "r.")
        for sql in (slim.SAME_OUTLET, slim.SAME_DATE, slim.HAS_DATE, slim.OUTLET_END)
    )
    db.execute(
        "create temp table _refs as select r.id, r.citation_id, r.position, r.outlet_start, "
        f"{outlet_end}, (select min(id) from reference_outlets where {same_outlet}), "
        f"case when {has_date} then (select min(id) from cited_dates where {same_date}) end, "
        'r.url, r.title from "references" r order by r.id'
    )
    db.execute(
        "create temp table _cits as select t.id, t.document_id, t.claim_id, t.position, "
        't.start, t."end", case when t.raw is substr(d.text, t.start + 1, t."end" - t.start) '
        "then null else t.raw end, t.kind, t.is_citation "
        "from citations t left join documents d on d.id = t.document_id order by t.id"
    )
    db.execute('drop table "references"')
    db.execute("drop table citations")
    db.execute(slim.CITATIONS_TABLE)
    db.execute("insert into citations select * from temp._cits")
    db.execute(slim.REFERENCE_ROWS_TABLE.replace('"reference_rows"', '"references"', 1))
    db.execute('insert into "references" select * from temp._refs')
    db.execute('alter table "references" rename to reference_rows')
    db.execute("drop table temp._refs")
    db.execute("drop table temp._cits")


@migrations()
def m014_index_entries(db: Database) -> None:
    """Each document's row of reports/index.md as stored data, made with its rows and
    valid while they and the code that made it stay the same, so that a scan that
    changed one document does not read every other one back for index.md (issue 10)."""
    db["index_entries"].create(
        {"document_id": int, "stored_ns": int, "version": str, "entry": bytes},
        pk="document_id",
        not_null={"stored_ns", "version", "entry"},
        foreign_keys=[("document_id", "documents", "id")],
    )


@migrations()
def m015_document_checks_time(db: Database) -> None:
    """``documents.checks_ns``: when an archive verdict of one of its references last
    changed, so that `provenance check` rewrites the reports whose verdicts changed (or
    that an interrupted check left behind) and leaves the others alone."""
    db["documents"].add_column("checks_ns", int)


@migrations()
def m016_fewer_index_merges(db: Database) -> None:
    """Merge the full-text index's segments when 16 of a level have piled up, not 4.

    A scan commits about twice a second, and each commit leaves the index a new
    segment; at the default of 4, FTS5 spent most commits merging segments written a
    second earlier: 0.4 of the 1.4 G instructions of indexing bench_scan's 47,190
    claims in 8 commits (issue 10). Queries read at most 15 segments a level more.
    """
    db.execute("insert into claims_fts(claims_fts, rank) values ('automerge', 16)")


@migrations()
def m017_generic_source_verdict(db: Database) -> None:
    """A generic source or an interview ("local media") checked before the
    "generic-source" verdict was stored as "unresolved-outlet", which sends a reader to
    the registry for an outlet it lacks: it now has the verdict it would get today, and
    its document's report is marked older than what it shows (``checks_ns``)."""
    generic = "select id from \"references\" where resolution = 'generic'"
    db.execute(
        "update documents set checks_ns = ? where id in (select t.document_id "
        "from reference_checks k join reference_rows r on r.id = k.reference_id "
        "join citations t on t.id = r.citation_id "
        f"where k.status = 'unresolved-outlet' and k.reference_id in ({generic}))",
        [time.time_ns()],
    )
    db.execute(
        "update reference_checks set status = 'generic-source' "
        f"where status = 'unresolved-outlet' and reference_id in ({generic})"
    )


@migrations()
def m018_meta(db: Database) -> None:
    """What a database remembers about its runs (``store.meta``): the folder its scan
    writes the reports to, so that `check`, `report` and `linkcheck` write there too
    rather than to ./reports, where another database's reports may be."""
    db["meta"].create({"key": str, "value": str}, pk="key", not_null={"value"})


@migrations()
def m019_vague_date_verdict(db: Database) -> None:
    """A reference whose cited date bounds no search (a year, a day without its year,
    only an access date) was stored as "no-captures" though no archive was asked, which
    reads as a source the archive lost: it now has the verdict "vague-date", and its
    document's report is marked older than what it shows (``checks_ns``). The notes are
    those ``archive.batch`` wrote with it, as they were when this shipped."""
    notes = (
        "cited date too vague to search captures (no month and day)",
        "only an access date is known: it does not date the publication",
    )
    db.execute(
        "update documents set checks_ns = ? where id in (select t.document_id "
        "from reference_checks k join reference_rows r on r.id = k.reference_id "
        "join citations t on t.id = r.citation_id "
        "where k.status = 'no-captures' and k.note in (?, ?))",
        [time.time_ns(), *notes],
    )
    db.execute(
        "update reference_checks set status = 'vague-date' "
        "where status = 'no-captures' and note in (?, ?)",
        notes,
    )
