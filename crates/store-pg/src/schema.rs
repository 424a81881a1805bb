//! Versioned migrations: `schema_migrations` lists the versions applied; each migration runs in
//! one transaction under an advisory lock, so workers that start at once take turns and the
//! later ones find the work done.
//!
//! Text that is sorted or compared (dates, place keys) is `COLLATE "C"`: byte order, as the
//! SQLite store sorts, whatever the database's locale. JSON the store gives back (fused
//! events, places, evidence) is kept as `text`, byte for byte as written (`jsonb` would
//! reorder keys).

use crate::{PgError, Result};
use postgres::Client;

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents (the work queue is the documents not yet analysed), near-duplicate
    // signatures, the corpus pipeline's notes, per-article events with a PostGIS point, merged
    // events, control history, full-text search, coders' review marks.
    r#"
    CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE documents (
        id bigint PRIMARY KEY,
        doc_key text NOT NULL,
        hash text NOT NULL UNIQUE,
        path text, title text, outlet text, agency text, url text,
        published text COLLATE "C", published_basis text, lang text,
        text text NOT NULL,
        meta text,
        analysis text,
        dup_of bigint REFERENCES documents(id),
        dup_similarity real,
        group_id bigint,
        fts tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A') || to_tsvector('english', text)
        ) STORED
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_key ON documents(doc_key);
    CREATE INDEX documents_group ON documents(group_id);
    CREATE INDEX documents_unlinked ON documents(id) WHERE group_id IS NULL;
    CREATE INDEX documents_fts ON documents USING GIN (fts);
    -- Articles waiting for a worker: a lease says who has them until when.
    CREATE TABLE queue (
        doc bigint PRIMARY KEY REFERENCES documents(id),
        -- The document creation date for an article that carries none (`--dct`).
        dct text,
        lease_owner text,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0
    );
    CREATE TABLE doc_sigs (doc bigint PRIMARY KEY REFERENCES documents(id), sig bytea NOT NULL);
    CREATE TABLE doc_bands (
        band integer NOT NULL, hash bigint NOT NULL, doc bigint NOT NULL REFERENCES documents(id),
        PRIMARY KEY (band, hash, doc)
    );
    CREATE TABLE doc_notes (doc bigint PRIMARY KEY REFERENCES documents(id), notes text NOT NULL);
    CREATE TABLE doc_places (doc bigint NOT NULL REFERENCES documents(id), name text NOT NULL,
        PRIMARY KEY (name, doc));
    CREATE INDEX doc_places_doc ON doc_places(doc);
    CREATE TABLE doc_actors (doc bigint NOT NULL REFERENCES documents(id), actor text NOT NULL,
        PRIMARY KEY (actor, doc));
    CREATE INDEX doc_actors_doc ON doc_actors(doc);
    CREATE TABLE events (
        id bigint PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(id),
        ev_key text NOT NULL,
        event_type text NOT NULL, sub_event_type text NOT NULL,
        date text COLLATE "C", date_precision text NOT NULL, date_is_report_date boolean NOT NULL,
        win_start bigint, win_end bigint,
        place text,
        actor1 text, actor2 text, inter1 bigint, inter2 bigint,
        fatalities bigint, injured bigint, displaced bigint,
        modality text NOT NULL, claimant text, rule text NOT NULL,
        evidence text NOT NULL,
        scope text NOT NULL, category text, historical boolean NOT NULL,
        location text,
        geom geometry(Point, 4326),
        merged bigint
    );
    CREATE INDEX events_win ON events(win_start, id);
    CREATE INDEX events_doc ON events(doc);
    CREATE INDEX events_merged ON events(merged);
    CREATE INDEX events_geom ON events USING GIST (geom);
    CREATE TABLE merged (
        id bigint PRIMARY KEY,
        event_type text NOT NULL, sub_event_type text NOT NULL,
        date text COLLATE "C", day_start bigint, day_end bigint,
        place_key text COLLATE "C", place_name text, admin1 text, country_code text,
        lat double precision, lon double precision,
        actor1 text, actor2 text, inter1 bigint, inter2 bigint,
        fatalities_min bigint, fatalities_max bigint,
        n_sources bigint NOT NULL, n_independent bigint NOT NULL,
        scope text NOT NULL, historical boolean NOT NULL,
        fused text NOT NULL,
        geom geometry(Point, 4326)
    );
    CREATE INDEX merged_day ON merged(day_start, id);
    CREATE INDEX merged_place ON merged(place_key);
    CREATE INDEX merged_scope ON merged(scope, historical);
    CREATE INDEX merged_geom ON merged USING GIST (geom);
    -- Who held each place from when (eventwire_fuse::control), rebuilt with merged events.
    CREATE TABLE place_control (
        place_key text COLLATE "C" PRIMARY KEY,
        place_name text NOT NULL, country_code text, admin1 text,
        holder text, n_steps integer NOT NULL,
        history text NOT NULL,
        geom geometry(Point, 4326)
    );
    CREATE INDEX place_control_geom ON place_control USING GIST (geom);
    CREATE TABLE reviews (span_key text PRIMARY KEY, verdict text NOT NULL, note text);
    "#,
    // 2: layers QGIS opens as they are (Add PostGIS Layers): the conflict record's merged
    // events as points, and every place with events, with its control history when it has one.
    r#"
    CREATE VIEW qgis_events AS
        SELECT m.id, m.date, m.event_type, m.sub_event_type, m.actor1, m.actor2,
               m.place_name, m.admin1, m.country_code, m.fatalities_min, m.fatalities_max,
               m.n_sources, m.n_independent, m.geom
        FROM merged m
        WHERE m.scope = 'conflict' AND NOT m.historical AND m.geom IS NOT NULL;
    CREATE VIEW qgis_places AS
        SELECT row_number() OVER (ORDER BY p.place_key) AS id, p.place_key, p.place_name, p.admin1,
               p.country_code, p.n_events, p.first_date, p.last_date,
               c.holder, c.n_steps AS control_steps, c.history AS control_history, p.geom
        FROM (SELECT m.place_key, min(m.place_name) AS place_name, min(m.admin1) AS admin1,
                     min(m.country_code) AS country_code, count(*) AS n_events,
                     min(m.date) AS first_date, max(m.date) AS last_date,
                     ((array_agg(m.geom ORDER BY m.id))[1])::geometry(Point, 4326) AS geom
              FROM merged m
              WHERE m.scope = 'conflict' AND NOT m.historical AND m.geom IS NOT NULL
              GROUP BY m.place_key) p
        LEFT JOIN place_control c ON c.place_key = p.place_key;
    "#,
    // 3: documents whose events a worker wrote, to be numbered in document order by the
    // finishing step (workers write in whatever order they finish).
    r#"
    ALTER TABLE documents ADD COLUMN renumber boolean NOT NULL DEFAULT false;
    CREATE INDEX documents_renumber ON documents(id) WHERE renumber;
    "#,
    // 4: what the report and the API read (`reading.rs`, `browse.rs`): figures for the claims
    // ledger (as the SQLite store keeps them; filled from the stored analyses by
    // `backfill_figures`), and the columns and indexes the API's pages, orders and
    // aggregates filter and sort on (as the SQLite store's migration 9).
    r#"
    CREATE TABLE figures (
        id bigint PRIMARY KEY,
        doc bigint NOT NULL REFERENCES documents(id),
        category text NOT NULL, what text NOT NULL, place text,
        value bigint, min bigint, max bigint, qualifier text NOT NULL, claimant text, as_of text,
        start_cp bigint NOT NULL, end_cp bigint NOT NULL, quote text NOT NULL,
        subject text COLLATE "C" NOT NULL, conflict boolean NOT NULL
    );
    CREATE INDEX figures_subject ON figures(subject, id);
    CREATE INDEX figures_doc ON figures(doc);
    ALTER TABLE merged ADD COLUMN fatalities bigint NOT NULL DEFAULT 0,
        ADD COLUMN country text, ADD COLUMN geo_precision integer;
    UPDATE merged SET fatalities = coalesce((fused::json->>'fatalities_min')::bigint, 0),
        country = fused::json->'place'->>'country',
        geo_precision = (fused::json->'location'->>'geo_precision')::integer;
    CREATE INDEX merged_browse_day ON merged(scope, historical, day_start);
    CREATE INDEX merged_browse_type ON merged(scope, historical, event_type, day_start);
    CREATE INDEX merged_browse_fatalities ON merged(scope, historical, fatalities, day_start);
    CREATE INDEX merged_browse_sources ON merged(scope, historical, n_independent, n_sources, day_start);
    CREATE INDEX merged_browse_geo ON merged(scope, historical, lat, lon)
        INCLUDE (event_type, fatalities, geo_precision, place_name, day_start);
    "#,
    // 5: workers write at once, without the write lock: the event and figure rows they add
    // take ids from these sequences (negative: apart from the dense ids one writer gives) and
    // are numbered densely in document order by the finishing step (`number_worker_events`).
    r#"
    -- A block of ids per connection: workers' rows go to different index pages.
    CREATE SEQUENCE worker_events_ids INCREMENT BY -1 MAXVALUE -1 START WITH -1 CACHE 1000;
    CREATE SEQUENCE worker_figures_ids INCREMENT BY -1 MAXVALUE -1 START WITH -1 CACHE 100;
    -- The documents whose rows are still to be numbered: a table of their own, as updating a
    -- document row derives its full-text vector again.
    CREATE TABLE unsettled (doc bigint PRIMARY KEY REFERENCES documents(id));
    INSERT INTO unsettled SELECT id FROM documents WHERE renumber;
    DROP INDEX documents_renumber;
    ALTER TABLE documents DROP COLUMN renumber;
    "#,
    // 6: keyset paging, as the SQLite store's migration 10: each list order is a tuple of
    // non-null columns ending on the id (stored day columns put undated events last), and one
    // partial index per order holds the conflict record in that order, so that the page after
    // a cursor is a range of an index however deep the list is.
    r#"
    ALTER TABLE merged ADD COLUMN day_sort_newest bigint
        GENERATED ALWAYS AS (coalesce(day_start, -2147483648)) STORED;
    ALTER TABLE merged ADD COLUMN day_sort_oldest bigint
        GENERATED ALWAYS AS (coalesce(day_start, 2147483647)) STORED;
    CREATE INDEX merged_page_newest ON merged(day_sort_newest, id)
        WHERE scope = 'conflict' AND NOT historical;
    CREATE INDEX merged_page_oldest ON merged(day_sort_oldest, id)
        WHERE scope = 'conflict' AND NOT historical;
    CREATE INDEX merged_page_fatalities ON merged(fatalities, day_sort_newest, id)
        WHERE scope = 'conflict' AND NOT historical;
    CREATE INDEX merged_page_sources ON merged(n_independent, n_sources, day_sort_newest, id)
        WHERE scope = 'conflict' AND NOT historical;
    "#,
    // 7: the full-text vector in a table of its own, derived only when a title or text
    // changes. As a generated column of `documents` it was derived again, and its GIN entries
    // inserted again, at every update of a document (a worker storing its analysis, linking
    // it to its original): about a third of the server's CPU per article.
    r#"
    CREATE TABLE doc_fts (doc bigint PRIMARY KEY REFERENCES documents(id), fts tsvector NOT NULL);
    INSERT INTO doc_fts (doc, fts) SELECT id, fts FROM documents;
    DROP INDEX documents_fts;
    ALTER TABLE documents DROP COLUMN fts;
    CREATE INDEX doc_fts_gin ON doc_fts USING GIN (fts);
    CREATE FUNCTION doc_fts_derive() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO doc_fts (doc, fts)
        VALUES (NEW.id, setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
                        || to_tsvector('english', NEW.text))
        ON CONFLICT (doc) DO UPDATE SET fts = EXCLUDED.fts;
        RETURN NULL;
    END $$;
    CREATE TRIGGER doc_fts_on_insert AFTER INSERT ON documents
        FOR EACH ROW EXECUTE FUNCTION doc_fts_derive();
    CREATE TRIGGER doc_fts_on_update AFTER UPDATE OF title, text ON documents
        FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
        EXECUTE FUNCTION doc_fts_derive();
    -- Analyses (16 KB of JSON) and texts are compressed when stored: LZ4 costs the server a
    -- fraction of the CPU of the default (pglz). Servers built without LZ4 keep pglz.
    DO $$ BEGIN
        ALTER TABLE documents ALTER COLUMN analysis SET COMPRESSION lz4,
            ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN meta SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$;
    "#,
    // 8: the fusion log, as the SQLite store's migration 15 (eventwire_fuse::refuse): what
    // changed in the events since the last fusion, written by triggers (one statement per
    // statement for events added and removed; per document for a changed independence
    // group, which fusion reads as the document's id when none is set). Numbering workers'
    // events logs the numbered rows itself (`number_worker_events`).
    r#"
    CREATE TABLE fuse_log (event bigint, win_start bigint, merged bigint);
    CREATE FUNCTION fuse_log_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO fuse_log (event, win_start, merged) SELECT id, win_start, NULL FROM added;
        RETURN NULL;
    END $$;
    CREATE TRIGGER fuse_log_added AFTER INSERT ON events
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION fuse_log_added();
    CREATE FUNCTION fuse_log_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO fuse_log (event, win_start, merged) SELECT NULL, win_start, merged FROM removed;
        RETURN NULL;
    END $$;
    CREATE TRIGGER fuse_log_removed AFTER DELETE ON events
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION fuse_log_removed();
    CREATE FUNCTION fuse_log_regrouped() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO fuse_log (event, win_start, merged) SELECT id, win_start, merged FROM events WHERE doc = NEW.id;
        RETURN NULL;
    END $$;
    CREATE TRIGGER fuse_log_regrouped AFTER UPDATE OF group_id ON documents FOR EACH ROW
        WHEN (coalesce(OLD.group_id, OLD.id) IS DISTINCT FROM coalesce(NEW.group_id, NEW.id))
        EXECUTE FUNCTION fuse_log_regrouped();
    "#,
];

/// The migration that adds the `figures` table: the figures of the documents stored before
/// it are written from their stored analyses.
const FIGURES_MIGRATION: usize = 4;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The advisory lock that migrations take (an arbitrary constant of this crate).
const MIGRATION_LOCK: i64 = 0x6576_6e74_0001;

/// Bring the schema to [`SCHEMA_VERSION`].
pub(crate) fn migrate(client: &mut Client, url: &str) -> Result<()> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    loop {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let found: i32 = tx.query_one("SELECT coalesce(max(version), 0) FROM schema_migrations", &[])?.get(0);
        if found > SCHEMA_VERSION {
            return Err(PgError::TooNew { url: url.into(), found, supported: SCHEMA_VERSION });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else { return Ok(()) };
        if found == 0 {
            tx.batch_execute("CREATE EXTENSION IF NOT EXISTS postgis")
                .map_err(|e| PgError::NoPostgis(e.to_string()))?;
        }
        tx.batch_execute(sql)?;
        if found as usize + 1 == FIGURES_MIGRATION {
            backfill_figures(&mut tx)?;
        }
        tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&(found + 1)])?;
        tx.commit()?;
    }
}

/// Figures of every analysed document, in id order (as a store written with the table would
/// hold them).
fn backfill_figures(tx: &mut postgres::Transaction) -> Result<()> {
    let rows =
        tx.query("SELECT id, text, analysis FROM documents WHERE analysis IS NOT NULL ORDER BY id", &[])?;
    let mut st = crate::prepared::Prepared::default();
    for r in &rows {
        let analysis: eventwire_model::Analysis = serde_json::from_str(&r.get::<_, String>(2))?;
        crate::write::insert_figures(
            tx,
            &mut st,
            r.get(0),
            &r.get::<_, String>(1),
            &analysis,
            crate::write::RowIds::Dense,
        )?;
    }
    Ok(())
}
