CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE TABLE "archive_cache" (
   "key" TEXT PRIMARY KEY,
   "url" TEXT,
   "status" INTEGER,
   "headers" TEXT,
   "body" BLOB,
   "fetched_at" TEXT
);
CREATE TABLE "check_candidates" (
   "id" INTEGER PRIMARY KEY,
   "reference_id" INTEGER REFERENCES "reference_rows"("id"),
   "rank" INTEGER,
   "role" TEXT,
   "original_url" TEXT,
   "timestamp" TEXT,
   "archive_url" TEXT,
   "mimetype" TEXT,
   "http_status" INTEGER,
   "title" TEXT,
   "page_date" TEXT,
   "score" REAL,
   "reasons" TEXT,
   "components" TEXT,
   "verified" INTEGER,
   "error" TEXT
);
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
);
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
CREATE TABLE "claims" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER REFERENCES "documents"("id"),
   "paragraph" INTEGER,
   "sentence" INTEGER,
   "start" INTEGER,
   "end" INTEGER,
   "text" TEXT,
   "n_citations" INTEGER,
   "n_references" INTEGER
, "cut_start" INTEGER, "cut_end" INTEGER, "cut2_start" INTEGER, "cut2_end" INTEGER);
CREATE VIRTUAL TABLE "claims_fts" USING FTS5 (
    "text",
    content='claim_texts', content_rowid='id', columnsize=0
);
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "path" TEXT NOT NULL,
   "slug" TEXT,
   "sha256" TEXT NOT NULL,
   "size" INTEGER,
   "mtime_ns" INTEGER,
   "format" TEXT,
   "encoding" TEXT,
   "title" TEXT,
   "author" TEXT,
   "publisher" TEXT,
   "published" TEXT,
   "series" TEXT,
   "url" TEXT,
   "original_url" TEXT,
   "original_publisher" TEXT,
   "accessed" TEXT,
   "updated" TEXT,
   "republisher" TEXT,
   "meta_sources" TEXT,
   "links" TEXT,
   "problems" TEXT,
   "body_start" INTEGER,
   "body_end" INTEGER,
   "text" TEXT,
   "scanner" TEXT
, "root" TEXT, "stored_ns" INTEGER, "first_claim_id" INTEGER, "last_claim_id" INTEGER, "first_citation_id" INTEGER, "last_citation_id" INTEGER, "first_reference_id" INTEGER, "last_reference_id" INTEGER, "checks_ns" INTEGER);
CREATE TABLE "index_entries" (
   "document_id" INTEGER PRIMARY KEY REFERENCES "documents"("id"),
   "stored_ns" INTEGER NOT NULL,
   "version" TEXT NOT NULL,
   "entry" BLOB NOT NULL
);
CREATE TABLE "link_checks" (
   "id" INTEGER PRIMARY KEY,
   "run_id" INTEGER NOT NULL REFERENCES "link_runs"("id"),
   "url" TEXT NOT NULL,
   "checked_at" TEXT NOT NULL,
   "verdict" TEXT NOT NULL,
   "http_status" INTEGER,
   "final_url" TEXT,
   "redirects" TEXT,
   "method" TEXT,
   "elapsed_ms" INTEGER,
   "error_kind" TEXT,
   "reason" TEXT,
   "retry_after" REAL
);
CREATE TABLE "link_replacements" (
   "url" TEXT PRIMARY KEY,
   "replacement_url" TEXT,
   "capture_timestamp" TEXT,
   "source" TEXT,
   "looked_up_at" TEXT
);
CREATE TABLE "link_runs" (
   "id" INTEGER PRIMARY KEY,
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "outage" INTEGER,
   "total" INTEGER,
   "checked" INTEGER,
   "network_checks" INTEGER,
   "transport_failures" INTEGER,
   "dead_after" INTEGER,
   "dead_days" INTEGER,
   "counts" TEXT
);
CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL
);
CREATE TABLE "outlets" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT,
   "aliases" TEXT,
   "domains" TEXT,
   "country" TEXT,
   "languages" TEXT,
   "owner" TEXT,
   "category" TEXT,
   "sources" TEXT,
   "notes" TEXT
);
CREATE TABLE "reference_checks" (
   "reference_id" INTEGER PRIMARY KEY REFERENCES "reference_rows"("id"),
   "status" TEXT,
   "target_key" TEXT,
   "domains" TEXT,
   "cdx_url" TEXT,
   "source_url" TEXT,
   "archive_url" TEXT,
   "archive_timestamp" TEXT,
   "match_score" REAL,
   "closest_url" TEXT,
   "closest_archive_url" TEXT,
   "closest_timestamp" TEXT,
   "error" TEXT,
   "note" TEXT,
   "checked_at" TEXT
, "archive" TEXT, "archives" TEXT);
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
);
CREATE TABLE "saves" (
   "id" INTEGER PRIMARY KEY,
   "url" TEXT NOT NULL,
   "cited_date" TEXT,
   "submitted_at" TEXT NOT NULL,
   "job_id" TEXT,
   "status" TEXT NOT NULL,
   "timestamp" TEXT,
   "archive_url" TEXT,
   "error" TEXT,
   "finished_at" TEXT
);
CREATE TABLE "url_uses" (
   "url" TEXT,
   "kind" TEXT,
   "document_id" INTEGER,
   "claim_id" INTEGER,
   "reference_id" INTEGER,
   "outlet_id" TEXT,
   "cited_date" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX "idx_check_candidates_reference_id_role_rank"
    ON "check_candidates" ("reference_id", "role", "rank");
CREATE INDEX "idx_cited_dates_text" ON "cited_dates" ("text");
CREATE UNIQUE INDEX "idx_documents_path"
    ON "documents" ("path");
CREATE UNIQUE INDEX "idx_documents_slug"
    ON "documents" ("slug");
CREATE INDEX "idx_link_checks_run_id_url"
    ON "link_checks" ("run_id", "url");
CREATE INDEX "idx_link_checks_url_checked_at"
    ON "link_checks" ("url", "checked_at");
CREATE INDEX "idx_reference_checks_status"
    ON "reference_checks" ("status");
CREATE INDEX "idx_reference_outlets_outlet" ON "reference_outlets" ("outlet");
CREATE INDEX "idx_saves_url_submitted_at"
    ON "saves" ("url", "submitted_at");
CREATE INDEX "idx_url_uses_url"
    ON "url_uses" ("url");
CREATE VIEW "citation_texts" AS 
select t.id, t.document_id, t.claim_id, t.position, t.start, t."end",
       coalesce(t.raw, substr(d.text, t.start + 1, t."end" - t.start)) as raw,
       t.kind, t.is_citation
from citations t left join documents d on d.id = t.document_id;
CREATE VIEW "claim_texts" AS 
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
from claims c join documents d on d.id = c.document_id;
CREATE TRIGGER link_checks_no_delete BEFORE DELETE ON link_checks BEGIN SELECT RAISE(ABORT, 'link_checks is append-only'); END;
CREATE TRIGGER link_checks_no_replace BEFORE INSERT ON link_checks WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM link_checks WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'link_checks is append-only: a row cannot be replaced'); END;
CREATE TRIGGER link_checks_no_update BEFORE UPDATE ON link_checks BEGIN SELECT RAISE(ABORT, 'link_checks is append-only'); END;
CREATE TRIGGER link_runs_finished_stay BEFORE UPDATE ON link_runs WHEN OLD.status IN ('complete', 'abandoned') BEGIN SELECT RAISE(ABORT, 'link_runs is append-only: a finished run cannot change'); END;
CREATE TRIGGER link_runs_fixed_columns BEFORE UPDATE ON link_runs WHEN NEW.id IS NOT OLD.id OR NEW.started_at IS NOT OLD.started_at OR NEW.dead_after IS NOT OLD.dead_after OR NEW.dead_days IS NOT OLD.dead_days BEGIN SELECT RAISE(ABORT, 'link_runs is append-only: a run keeps its start and rule'); END;
CREATE TRIGGER link_runs_no_delete BEFORE DELETE ON link_runs BEGIN SELECT RAISE(ABORT, 'link_runs is append-only: a run cannot be deleted'); END;
CREATE TRIGGER link_runs_no_replace BEFORE INSERT ON link_runs WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM link_runs WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'link_runs is append-only: a row cannot be replaced'); END;
CREATE VIEW "references" AS 
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
left join cited_dates d on d.id = r.date_ref;
CREATE TRIGGER references_delete INSTEAD OF DELETE ON "references" BEGIN
    DELETE FROM reference_rows WHERE id = OLD.id;
END;
CREATE TRIGGER references_insert INSTEAD OF INSERT ON "references" BEGIN
    
    INSERT INTO reference_outlets (outlet, outlet_id, domain, resolution, self_citation, prefix, source_kind)
    SELECT NEW.outlet, NEW.outlet_id, NEW.domain, NEW.resolution, NEW.self_citation,
           NEW.prefix, NEW.source_kind
    WHERE NOT EXISTS (SELECT 1 FROM reference_outlets WHERE outlet IS NEW.outlet AND outlet_id IS NEW.outlet_id AND domain IS NEW.domain AND resolution IS NEW.resolution AND self_citation IS NEW.self_citation AND prefix IS NEW.prefix AND source_kind IS NEW.source_kind);
    INSERT INTO cited_dates (text, date, year, month, day, year_inferred, anomaly, accessed)
    SELECT NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.year_inferred,
           NEW.date_anomaly, NEW.accessed
    WHERE (coalesce(NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.date_anomaly) IS NOT NULL OR coalesce(NEW.year_inferred, 0) != 0 OR coalesce(NEW.accessed, 0) != 0) AND NOT EXISTS (SELECT 1 FROM cited_dates WHERE text IS NEW.date_text AND date IS NEW.date AND year IS NEW.year AND month IS NEW.month AND day IS NEW.day AND year_inferred IS NEW.year_inferred AND anomaly IS NEW.date_anomaly AND accessed IS NEW.accessed);

    INSERT INTO reference_rows (id, citation_id, position, outlet_start, outlet_end,
        outlet_ref, date_ref, url, title)
    VALUES (NEW.id, NEW.citation_id, NEW.position, NEW.outlet_start, CASE WHEN NEW.outlet_end IS NEW.outlet_start + length(NEW.outlet) THEN NULL ELSE NEW.outlet_end END,
        (SELECT min(id) FROM reference_outlets WHERE outlet IS NEW.outlet AND outlet_id IS NEW.outlet_id AND domain IS NEW.domain AND resolution IS NEW.resolution AND self_citation IS NEW.self_citation AND prefix IS NEW.prefix AND source_kind IS NEW.source_kind), CASE WHEN (coalesce(NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.date_anomaly) IS NOT NULL OR coalesce(NEW.year_inferred, 0) != 0 OR coalesce(NEW.accessed, 0) != 0) THEN (SELECT min(id) FROM cited_dates WHERE text IS NEW.date_text AND date IS NEW.date AND year IS NEW.year AND month IS NEW.month AND day IS NEW.day AND year_inferred IS NEW.year_inferred AND anomaly IS NEW.date_anomaly AND accessed IS NEW.accessed) END, NEW.url, NEW.title);
END;
CREATE TRIGGER references_update INSTEAD OF UPDATE ON "references" BEGIN
    
    INSERT INTO reference_outlets (outlet, outlet_id, domain, resolution, self_citation, prefix, source_kind)
    SELECT NEW.outlet, NEW.outlet_id, NEW.domain, NEW.resolution, NEW.self_citation,
           NEW.prefix, NEW.source_kind
    WHERE NOT EXISTS (SELECT 1 FROM reference_outlets WHERE outlet IS NEW.outlet AND outlet_id IS NEW.outlet_id AND domain IS NEW.domain AND resolution IS NEW.resolution AND self_citation IS NEW.self_citation AND prefix IS NEW.prefix AND source_kind IS NEW.source_kind);
    INSERT INTO cited_dates (text, date, year, month, day, year_inferred, anomaly, accessed)
    SELECT NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.year_inferred,
           NEW.date_anomaly, NEW.accessed
    WHERE (coalesce(NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.date_anomaly) IS NOT NULL OR coalesce(NEW.year_inferred, 0) != 0 OR coalesce(NEW.accessed, 0) != 0) AND NOT EXISTS (SELECT 1 FROM cited_dates WHERE text IS NEW.date_text AND date IS NEW.date AND year IS NEW.year AND month IS NEW.month AND day IS NEW.day AND year_inferred IS NEW.year_inferred AND anomaly IS NEW.date_anomaly AND accessed IS NEW.accessed);

    UPDATE reference_rows SET id = NEW.id, citation_id = NEW.citation_id,
        position = NEW.position, outlet_start = NEW.outlet_start, outlet_end = CASE WHEN NEW.outlet_end IS NEW.outlet_start + length(NEW.outlet) THEN NULL ELSE NEW.outlet_end END,
        outlet_ref = (SELECT min(id) FROM reference_outlets WHERE outlet IS NEW.outlet AND outlet_id IS NEW.outlet_id AND domain IS NEW.domain AND resolution IS NEW.resolution AND self_citation IS NEW.self_citation AND prefix IS NEW.prefix AND source_kind IS NEW.source_kind), date_ref = CASE WHEN (coalesce(NEW.date_text, NEW.date, NEW.year, NEW.month, NEW.day, NEW.date_anomaly) IS NOT NULL OR coalesce(NEW.year_inferred, 0) != 0 OR coalesce(NEW.accessed, 0) != 0) THEN (SELECT min(id) FROM cited_dates WHERE text IS NEW.date_text AND date IS NEW.date AND year IS NEW.year AND month IS NEW.month AND day IS NEW.day AND year_inferred IS NEW.year_inferred AND anomaly IS NEW.date_anomaly AND accessed IS NEW.accessed) END, url = NEW.url, title = NEW.title
    WHERE id = OLD.id;
END;
CREATE VIEW "sources" AS 
select r.id as reference_id, d.slug as document, c.paragraph, c.sentence,
       c.text as claim, r.outlet as written, o.name as outlet, o.category,
       r.domain, r.date, r.year_inferred, r.prefix, r.self_citation, r.url,
       k.status, k.source_url, k.archive_url, k.match_score
from "references" r
join claim_texts c on c.id = r.claim_id
join documents d on d.id = r.document_id
left join outlets o on o.id = r.outlet_id
left join reference_checks k on k.reference_id = r.id
order by d.path, c.start, r.id;
