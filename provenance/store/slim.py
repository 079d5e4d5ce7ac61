"""The slim scan rows of migration m013 (issue 10: at most 2 MB of database per input MB).

A reference row keeps only what is its own (``reference_rows``): its citation, its place
and offsets, its URL and title, and two small ids. What many references share is stored
once in two lookup tables: ``reference_outlets`` (the outlet as written, how it resolved,
the prefix and source kind) and ``cited_dates`` (the date as written and read, and whether
it is an access date). ``outlet_end`` is stored only when it is not ``outlet_start`` plus
the length of the outlet as written. The ``references`` view puts every reference back
together with the columns the table had before (a reader sees the same rows), and its
INSTEAD OF triggers let SQL still insert, update and delete through it. A citation's raw
text is stored only when it is not ``documents.text[start:end]``; ``citation_texts``
gives it always.

No secondary index on the scan tables: a document's claims, citations and references
have consecutive ids (``save_scan`` writes them at once), and ``documents`` keeps each
id range, so a document's rows are read and deleted by rowid range.
"""

from __future__ import annotations

#: Columns of the lookup tables after ``id``; the first one is indexed (see ``lookup_ids``).
OUTLET_COLUMNS = (
    "outlet",
    "outlet_id",
    "domain",
    "resolution",
    "self_citation",
    "prefix",
    "source_kind",
)
DATE_COLUMNS = ("text", "date", "year", "month", "day", "year_inferred", "anomaly", "accessed")
#: ``documents`` columns holding the (first, last) ids of a document's rows per scan table.
RANGE_COLUMNS = {
    "claims": ("first_claim_id", "last_claim_id"),
    "citations": ("first_citation_id", "last_citation_id"),
    "reference_rows": ("first_reference_id", "last_reference_id"),
}

REFERENCE_ROWS_TABLE = """
CREATE TABLE "reference_rows" (
   "id" INTEGER PRIMARY KEY,
   "citation_id" INTEGER,
   "position" INTEGER,
   "outlet_start" INTEGER,
   "outlet_end" INTEGER,
   "outlet_ref" INTEGER REFERENCES "reference_outlets"("id"),
   "date_ref" INTEGER REFERENCES "cited_dates"("id"),
   "url" TEXT,
   "title" TEXT
)
"""

CITATIONS_TABLE = """
CREATE TABLE "citations" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER REFERENCES "documents"("id"),
   "claim_id" INTEGER,
   "position" INTEGER,
   "start" INTEGER,
   "end" INTEGER,
   "raw" TEXT,
   "kind" TEXT,
   "is_citation" INTEGER
)
"""

LOOKUP_TABLES = """
CREATE TABLE "reference_outlets" (
   "id" INTEGER PRIMARY KEY,
   "outlet" TEXT,
   "outlet_id" TEXT REFERENCES "outlets"("id"),
   "domain" TEXT,
   "resolution" TEXT,
   "self_citation" INTEGER,
   "prefix" TEXT,
   "source_kind" TEXT
);
CREATE INDEX "idx_reference_outlets_outlet" ON "reference_outlets" ("outlet");
CREATE TABLE "cited_dates" (
   "id" INTEGER PRIMARY KEY,
   "text" TEXT,
   "date" TEXT,
   "year" INTEGER,
   "month" INTEGER,
   "day" INTEGER,
   "year_inferred" INTEGER,
   "anomaly" TEXT,
   "accessed" INTEGER
);
CREATE INDEX "idx_cited_dates_text" ON "cited_dates" ("text");
"""

#: Every reference with the columns of the ``references`` table before m013, in its order.
REFERENCES_VIEW = """
select r.id, t.document_id, t.claim_id, r.citation_id, r.position, o.outlet,
       r.outlet_start, coalesce(r.outlet_end, r.outlet_start + length(o.outlet)) as outlet_end,
       o.outlet_id, o.domain, o.resolution, d.date, d.text as date_text, d.year, d.month,
       d.day, case when r.date_ref is null then 0 else d.year_inferred end as year_inferred,
       d.anomaly as date_anomaly,
       case when r.date_ref is null then 0 else d.accessed end as accessed,
       o.prefix, r.url, o.self_citation, r.title, o.source_kind
from reference_rows r
left join citations t on t.id = r.citation_id
left join reference_outlets o on o.id = r.outlet_ref
left join cited_dates d on d.id = r.date_ref
"""

#: Every parenthetical with its raw text, as the ``citations`` table had it before m013.
CITATION_TEXTS_VIEW = """
select t.id, t.document_id, t.claim_id, t.position, t.start, t."end",
       coalesce(t.raw, substr(d.text, t.start + 1, t."end" - t.start)) as raw,
       t.kind, t.is_citation
from citations t left join documents d on d.id = t.document_id
"""

SOURCES_VIEW = """
select r.id as reference_id, d.slug as document, c.paragraph, c.sentence,
       c.text as claim, r.outlet as written, o.name as outlet, o.category,
       r.domain, r.date, r.year_inferred, r.prefix, r.self_citation, r.url,
       k.status, k.source_url, k.archive_url, k.match_score
from "references" r
join claim_texts c on c.id = r.claim_id
join documents d on d.id = r.document_id
left join outlets o on o.id = r.outlet_id
left join reference_checks k on k.reference_id = r.id
order by d.path, c.start, r.id
"""

SAME_OUTLET = (
    "outlet IS NEW.outlet AND outlet_id IS NEW.outlet_id AND domain IS NEW.domain "
    "AND resolution IS NEW.resolution AND self_citation IS NEW.self_citation "
    "AND prefix IS NEW.prefix AND source_kind IS NEW.source_kind"
)
SAME_DATE = (
    "text IS NEW.date_text AND date IS NEW.date AND year IS NEW.year AND month IS NEW.month "
    "AND day IS NEW.day AND year_inferred IS NEW.year_inferred AND anomaly IS NEW.date_anomaly "
    "AND accessed IS NEW.accessed"
)
#: Whether a reference has a ``cited_dates`` row (else its date columns are empty).
HAS_DATE = (
    "(coalesce(NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.date_anomaly) "
    "IS NOT NULL OR coalesce(NEW.year_inferred, 0) != 0 OR coalesce(NEW.accessed, 0) != 0)"
)
#: ``outlet_end`` as stored: NULL when the outlet as written gives it.
OUTLET_END = (
    "CASE WHEN NEW.outlet_end IS NEW.outlet_start + length(NEW.outlet) THEN NULL "
    "ELSE NEW.outlet_end END"
)
# The lookup rows a written reference needs, made when missing.
_ADD_LOOKUPS = f"""
    INSERT INTO reference_outlets ({", ".join(OUTLET_COLUMNS)})
    SELECT NEW.outlet, NEW.outlet_id, NEW.domain, NEW.resolution, NEW.self_citation,
           NEW.prefix, NEW.source_kind
    WHERE NOT EXISTS (SELECT 1 FROM reference_outlets WHERE {SAME_OUTLET});
    INSERT INTO cited_dates ({", ".join(DATE_COLUMNS)})
    SELECT NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.year_inferred,
           NEW.date_anomaly, NEW.accessed
    WHERE {HAS_DATE} AND NOT EXISTS (SELECT 1 FROM cited_dates WHERE {SAME_DATE});
"""
_OUTLET_REF = f"(SELECT min(id) FROM reference_outlets WHERE {SAME_OUTLET})"
_DATE_REF = f"CASE WHEN {HAS_DATE} THEN (SELECT min(id) FROM cited_dates WHERE {SAME_DATE}) END"

#: Writing through the ``references`` view (the scan itself writes the tables directly).
REFERENCES_TRIGGERS = (
    f"""CREATE TRIGGER references_insert INSTEAD OF INSERT ON "references" BEGIN
    {_ADD_LOOKUPS}
    INSERT INTO reference_rows (id, citation_id, position, outlet_start, outlet_end,
        outlet_ref, date_ref, url, title)
    VALUES (NEW.id, NEW.citation_id, NEW.position, NEW.outlet_start, {OUTLET_END},
        {_OUTLET_REF}, {_DATE_REF}, NEW.url, NEW.title);
END""",
    f"""CREATE TRIGGER references_update INSTEAD OF UPDATE ON "references" BEGIN
    {_ADD_LOOKUPS}
    UPDATE reference_rows SET id = NEW.id, citation_id = NEW.citation_id,
        position = NEW.position, outlet_start = NEW.outlet_start, outlet_end = {OUTLET_END},
        outlet_ref = {_OUTLET_REF}, date_ref = {_DATE_REF}, url = NEW.url, title = NEW.title
    WHERE id = OLD.id;
END""",
    """CREATE TRIGGER references_delete INSTEAD OF DELETE ON "references" BEGIN
    DELETE FROM reference_rows WHERE id = OLD.id;
END""",
)
