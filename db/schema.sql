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
   "reference_id" INTEGER REFERENCES "references"("id"),
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
   "claim_id" INTEGER REFERENCES "claims"("id"),
   "position" INTEGER,
   "start" INTEGER,
   "end" INTEGER,
   "raw" TEXT,
   "kind" TEXT,
   "is_citation" INTEGER
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
    content='claim_texts', content_rowid='id'
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
, "root" TEXT, "stored_ns" INTEGER);
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
   "reference_id" INTEGER PRIMARY KEY REFERENCES "references"("id"),
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
CREATE TABLE "references" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER REFERENCES "documents"("id"),
   "claim_id" INTEGER REFERENCES "claims"("id"),
   "citation_id" INTEGER REFERENCES "citations"("id"),
   "position" INTEGER,
   "outlet" TEXT,
   "outlet_start" INTEGER,
   "outlet_end" INTEGER,
   "outlet_id" TEXT REFERENCES "outlets"("id"),
   "domain" TEXT,
   "resolution" TEXT,
   "date" TEXT,
   "date_text" TEXT,
   "year" INTEGER,
   "month" INTEGER,
   "day" INTEGER,
   "year_inferred" INTEGER,
   "date_anomaly" TEXT,
   "accessed" INTEGER,
   "prefix" TEXT,
   "url" TEXT,
   "self_citation" INTEGER
, "title" TEXT, "source_kind" TEXT);
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
CREATE INDEX "idx_citations_claim_id"
    ON "citations" ("claim_id");
CREATE INDEX "idx_citations_document_id_start"
    ON "citations" ("document_id", "start");
CREATE UNIQUE INDEX "idx_claims_document_id_paragraph_sentence"
    ON "claims" ("document_id", "paragraph", "sentence");
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
CREATE INDEX "idx_references_citation_id"
    ON "references" ("citation_id");
CREATE INDEX "idx_references_claim_id"
    ON "references" ("claim_id");
CREATE INDEX "idx_references_document_id"
    ON "references" ("document_id");
CREATE INDEX "idx_references_outlet_id"
    ON "references" ("outlet_id");
CREATE INDEX "idx_saves_url_submitted_at"
    ON "saves" ("url", "submitted_at");
CREATE INDEX "idx_url_uses_url"
    ON "url_uses" ("url");
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
