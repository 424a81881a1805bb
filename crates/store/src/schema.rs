//! Versioned schema: `PRAGMA user_version` counts the migrations applied.

use crate::{Result, StoreError};
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Analyses stored before version 5 may already say what their events are: copy it to the
/// new columns (parsing only the analyses that mention another scope or the past), mark the
/// figures those events quote, and make merged events stale when anything changed.
macro_rules! backfill_scope {
    () => {
        r#"
    UPDATE events SET scope = x.scope, category = x.category, historical = x.historical
    FROM (SELECT d.id AS doc, json_extract(j.value, '$.id') AS key,
                 coalesce(json_extract(j.value, '$.scope'), 'conflict') AS scope,
                 json_extract(j.value, '$.category') AS category,
                 coalesce(json_extract(j.value, '$.historical'), 0) AS historical
          FROM documents d, json_each(d.analysis, '$.events') j
          WHERE d.analysis LIKE '%"scope":"other"%' OR d.analysis LIKE '%"historical":true%') x
    WHERE events.doc = x.doc AND events.ev_key = x.key;
    UPDATE figures SET conflict = 0
    WHERE EXISTS (SELECT 1 FROM events e, json_each(e.evidence) q
                  WHERE e.doc = figures.doc AND (e.scope <> 'conflict' OR e.historical <> 0)
                    AND json_extract(q.value, '$.start') <= figures.start
                    AND figures.end <= json_extract(q.value, '$.end'))
      AND NOT EXISTS (SELECT 1 FROM events e, json_each(e.evidence) q
                  WHERE e.doc = figures.doc AND e.scope = 'conflict' AND e.historical = 0
                    AND json_extract(q.value, '$.start') <= figures.start
                    AND figures.end <= json_extract(q.value, '$.end'));
    INSERT OR REPLACE INTO meta(key, value)
        SELECT 'fused', '0' WHERE EXISTS (SELECT 1 FROM events WHERE scope <> 'conflict' OR historical <> 0);
    "#
    };
}

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents, duplicates, full text, per-article events and figures, merged events.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc_key TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        path TEXT, title TEXT, outlet TEXT, agency TEXT, url TEXT,
        published TEXT, published_basis TEXT, lang TEXT,
        text TEXT NOT NULL,
        analysis TEXT NOT NULL,
        signature BLOB,
        dup_of INTEGER REFERENCES documents(id),
        dup_similarity REAL,
        group_id INTEGER NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_key ON documents(doc_key);
    CREATE INDEX documents_group ON documents(group_id);
    CREATE TABLE doc_bands (
        band INTEGER NOT NULL, hash INTEGER NOT NULL, doc INTEGER NOT NULL REFERENCES documents(id),
        PRIMARY KEY (band, hash, doc)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE docs_fts USING fts5(
        title, text, content='documents', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TABLE doc_places (
        doc INTEGER NOT NULL REFERENCES documents(id), name TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (name, doc)
    ) WITHOUT ROWID;
    CREATE TABLE doc_actors (
        doc INTEGER NOT NULL REFERENCES documents(id), actor TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (actor, doc)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(id),
        ev_key TEXT NOT NULL,
        event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
        date TEXT, date_precision TEXT NOT NULL, date_is_report_date INTEGER NOT NULL,
        win_start INTEGER, win_end INTEGER,
        place TEXT,
        actor1 TEXT, actor2 TEXT, inter1 INTEGER, inter2 INTEGER,
        fatalities INTEGER, injured INTEGER, displaced INTEGER,
        modality TEXT NOT NULL, claimant TEXT, rule TEXT NOT NULL,
        evidence TEXT NOT NULL,
        merged INTEGER
    );
    CREATE INDEX events_win ON events(win_start, id);
    CREATE INDEX events_doc ON events(doc);
    CREATE INDEX events_merged ON events(merged);
    CREATE INDEX events_type ON events(event_type, sub_event_type);
    CREATE TABLE merged (
        id INTEGER PRIMARY KEY,
        event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
        date TEXT, day_start INTEGER, day_end INTEGER,
        place_key TEXT, place_name TEXT, admin1 TEXT, lat REAL, lon REAL,
        actor1 TEXT, actor2 TEXT, inter1 INTEGER, inter2 INTEGER,
        n_sources INTEGER NOT NULL, n_independent INTEGER NOT NULL,
        fused TEXT NOT NULL
    );
    CREATE INDEX merged_date ON merged(date, id);
    CREATE INDEX merged_place ON merged(place_key);
    CREATE INDEX merged_lat ON merged(lat);
    CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(id),
        category TEXT NOT NULL, what TEXT NOT NULL, place TEXT,
        value INTEGER, min INTEGER, max INTEGER, qualifier TEXT NOT NULL,
        claimant TEXT, as_of TEXT,
        start INTEGER NOT NULL, end INTEGER NOT NULL, quote TEXT NOT NULL,
        subject TEXT NOT NULL
    );
    CREATE INDEX figures_subject ON figures(subject, id);
    CREATE INDEX figures_doc ON figures(doc);
    "#,
    // 2: the reader's metadata, so an article can be re-analysed (e.g. once dated from the corpus).
    "ALTER TABLE documents ADD COLUMN meta TEXT;",
    // 3: narrow lookups. Columns after the article text live on overflow pages, so the
    // signature moves to its own table and (id, group_id) gets a covering index.
    r#"
    CREATE TABLE doc_sigs (doc INTEGER PRIMARY KEY REFERENCES documents(id), sig BLOB NOT NULL);
    INSERT INTO doc_sigs (doc, sig) SELECT id, signature FROM documents WHERE signature IS NOT NULL;
    UPDATE documents SET signature = NULL;
    CREATE INDEX documents_id_group ON documents(id, group_id, published);
    "#,
    // 4: the corpus pipeline's notes per document (opaque JSON, kept off the wide documents
    // rows), and a generation counter for pending cross-article passes. A store written by an
    // older version may hold unfinished passes: it starts pending. Replacing an analysis
    // deletes a document's place and actor rows: index them by document.
    r#"
    CREATE TABLE doc_notes (doc INTEGER PRIMARY KEY REFERENCES documents(id), notes TEXT NOT NULL);
    CREATE INDEX doc_places_doc ON doc_places(doc);
    CREATE INDEX doc_actors_doc ON doc_actors(doc);
    INSERT OR REPLACE INTO meta(key, value)
        SELECT 'generation', '1' WHERE EXISTS (SELECT 1 FROM documents);
    "#,
    // 5: what each event is: conflict or other news, its category, a background mention or
    // news; merged events keep the scope and flag of their members; a figure belongs to the
    // conflict record unless it is quoted only in other or background events.
    concat!(
        r#"
    ALTER TABLE events ADD COLUMN scope TEXT NOT NULL DEFAULT 'conflict';
    ALTER TABLE events ADD COLUMN category TEXT;
    ALTER TABLE events ADD COLUMN historical INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE merged ADD COLUMN scope TEXT NOT NULL DEFAULT 'conflict';
    ALTER TABLE merged ADD COLUMN historical INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE figures ADD COLUMN conflict INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX merged_scope ON merged(scope, historical);
    "#,
        backfill_scope!()
    ),
    // 6: how each event is located (ACLED geo_precision, level, source, evidence span, the
    // anchor of a relative location), as JSON. Events stored before have none: they keep
    // their place and precision until their article is analysed again.
    "ALTER TABLE events ADD COLUMN location TEXT;",
    // 7: coders' review marks, keyed by an evidence span (article content hash and code-point
    // range) so that they outlive the merged events, which are rebuilt (see review.rs).
    r#"
    CREATE TABLE reviews (span_key TEXT PRIMARY KEY, verdict TEXT NOT NULL, note TEXT);
    "#,
    // 8: analyses are stored deflated (packed.rs), a sixth of their JSON. Older rows stay
    // text and are still read; the version keeps older eventwire versions off the new rows.
    "SELECT 1;",
    // 9: browsing merged events a page at a time (browse.rs): the fused values lists filter
    // and sort on become columns, and the orders and aggregates of the conflict record get
    // indexes (date; oldest first with undated last; type by date; fatalities; sources), the day counts and
    // the grid covering ones (they read no table row).
    r#"
    ALTER TABLE merged ADD COLUMN fatalities INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE merged ADD COLUMN country TEXT;
    ALTER TABLE merged ADD COLUMN country_code TEXT;
    ALTER TABLE merged ADD COLUMN geo_precision INTEGER;
    UPDATE merged SET fatalities = coalesce(json_extract(fused, '$.fatalities_min'), 0),
        country = json_extract(fused, '$.place.country'),
        country_code = json_extract(fused, '$.place.country_code'),
        geo_precision = json_extract(fused, '$.location.geo_precision')
    WHERE typeof(fused) = 'text';
    CREATE INDEX merged_browse_day ON merged(scope, historical, day_start);
    CREATE INDEX merged_browse_day_toll ON merged(scope, historical, day_start, fatalities);
    CREATE INDEX merged_browse_oldest ON merged(scope, historical, day_start IS NULL, day_start);
    CREATE INDEX merged_browse_type ON merged(scope, historical, event_type, day_start);
    CREATE INDEX merged_browse_fatalities ON merged(scope, historical, fatalities, day_start);
    CREATE INDEX merged_browse_sources ON merged(scope, historical, n_independent, n_sources, day_start);
    CREATE INDEX merged_browse_geo ON merged(scope, historical, lat, lon, event_type, fatalities,
        geo_precision, place_name, day_start);
    "#,
    // 10: keyset paging (browse_page.rs). Each list order becomes a tuple of non-null columns
    // ending on the id: generated (virtual, computed on read) day columns put undated events
    // last newest first and oldest first. One partial index per order holds the conflict
    // record in that order with the columns the common filters test, so that a filtered page
    // is read in order from the index alone and a page after a cursor is a range of it.
    r#"
    ALTER TABLE merged ADD COLUMN day_sort_newest INTEGER
        GENERATED ALWAYS AS (coalesce(day_start, -2147483648)) VIRTUAL;
    ALTER TABLE merged ADD COLUMN day_sort_oldest INTEGER
        GENERATED ALWAYS AS (coalesce(day_start, 2147483647)) VIRTUAL;
    CREATE INDEX merged_page_newest ON merged(day_sort_newest, id,
        event_type, day_start, lat, lon, fatalities, n_independent)
        WHERE scope = 'conflict' AND historical = 0;
    CREATE INDEX merged_page_oldest ON merged(day_sort_oldest, id,
        event_type, day_start, lat, lon, fatalities, n_independent)
        WHERE scope = 'conflict' AND historical = 0;
    CREATE INDEX merged_page_fatalities ON merged(fatalities, day_sort_newest, id,
        event_type, day_start, lat, lon, n_independent)
        WHERE scope = 'conflict' AND historical = 0;
    CREATE INDEX merged_page_sources ON merged(n_independent, n_sources, day_sort_newest, id,
        event_type, day_start, lat, lon, fatalities)
        WHERE scope = 'conflict' AND historical = 0;
    "#,
    packed_json(),
    // 12: article texts are stored deflated (packed.rs; older rows stay text and are still
    // read). The full-text index keeps its external content, now read through a view that
    // inflates the text (the SQL function `eventwire_text`, registered on every connection):
    // it is built again once. An event's evidence is deflated against the article's text
    // (its quotes are references into it). Places and actors of a document are deleted by
    // name when its analysis is replaced (the stored analysis names them), so their index by
    // document goes; `merged_browse_day` is a prefix of `merged_browse_day_toll`.
    r#"
    CREATE VIEW IF NOT EXISTS docs_text(id, title, text) AS SELECT id, title, eventwire_text(text) FROM documents;
    DROP TABLE IF EXISTS docs_fts;
    CREATE VIRTUAL TABLE docs_fts USING fts5(
        title, text, content='docs_text', content_rowid='id', tokenize='porter unicode61'
    );
    INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');
    DROP INDEX IF EXISTS doc_places_doc;
    DROP INDEX IF EXISTS doc_actors_doc;
    DROP INDEX IF EXISTS merged_browse_day;
    "#,
    // 13: a merged event of one report keeps an empty `fused` (fused_form.rs): its view is
    // fused again from the report's row when read. Older rows keep their JSON and are still
    // read; the version keeps older eventwire versions off the new rows.
    "SELECT 1;",
    // 14: each distinct place of an event is stored once (its packed `PlaceRef`); an event's
    // `place_id` refers to it. Older rows keep the place in `place` and are still read.
    r#"
    CREATE TABLE event_places (id INTEGER PRIMARY KEY, place BLOB NOT NULL UNIQUE);
    ALTER TABLE events ADD COLUMN place_id INTEGER REFERENCES event_places(id);
    "#,
    // 15: the fusion log (fusion.rs): what changed in the events since the last fusion, so
    // that fusion rebuilds only from the first day a change touches. Triggers write it, so
    // every writer logs: events added, events removed (with the merged event they were in),
    // events whose document's independence group changed. A store fused before this fuses
    // everything once more (its `fusion` version is older). Documents by outlet and the
    // documents without a date of their own: what the cross-article pass reads when it
    // limits itself to the outlets new articles joined (pipeline `pass.rs`).
    r#"
    CREATE TABLE IF NOT EXISTS fuse_log (event INTEGER, win_start INTEGER, merged INTEGER);
    CREATE TRIGGER IF NOT EXISTS fuse_log_added AFTER INSERT ON events BEGIN
        INSERT INTO fuse_log (event, win_start, merged) VALUES (new.id, new.win_start, NULL);
    END;
    CREATE TRIGGER IF NOT EXISTS fuse_log_removed AFTER DELETE ON events BEGIN
        INSERT INTO fuse_log (event, win_start, merged) VALUES (NULL, old.win_start, old.merged);
    END;
    CREATE TRIGGER IF NOT EXISTS fuse_log_regrouped AFTER UPDATE OF group_id ON documents
        WHEN old.group_id IS NOT new.group_id BEGIN
        INSERT INTO fuse_log (event, win_start, merged) SELECT id, win_start, merged FROM events WHERE doc = new.id;
    END;
    CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet);
    CREATE INDEX IF NOT EXISTS documents_undated ON documents(id)
        WHERE published IS NULL OR published_basis = 'corpus';
    "#,
    // 16: merged-event indexes that others serve. A toll or sources filter of the conflict
    // record is a range of its paging index (browse.rs names it); that of other scopes is read
    // through the `(scope, historical)` prefix of another index. A box is a range of
    // `merged_browse_geo` in every scope but all, which reads the table (an export). The
    // conflict record by date is read from its paging index (query.rs): `merged_browse_oldest`
    // goes too. Events
    // not yet fused hold minus their own id in `merged` (ingest.rs), no longer NULL. An
    // analysis is stored without what its events' rows hold (analysis_form.rs), in a table of
    // its own: a document's row (text, metadata) and its analysis each fill a fraction of a
    // page, where together they left a quarter of each page unused. Older rows keep theirs in
    // `documents.analysis` (new rows hold an empty blob there) and are still read; the
    // version keeps older eventwire versions off the new rows.
    r#"
    CREATE TABLE doc_analyses (doc INTEGER PRIMARY KEY REFERENCES documents(id), analysis BLOB NOT NULL);
    DROP INDEX IF EXISTS merged_browse_fatalities;
    DROP INDEX IF EXISTS merged_browse_sources;
    DROP INDEX IF EXISTS merged_lat;
    DROP INDEX IF EXISTS merged_browse_oldest;
    "#,
];

/// Migration 11: analyses, reader metadata, fused merged events and events' places,
/// evidence and locations are stored deflated against dictionaries (packed.rs), a third to a
/// sixth of their JSON. Older rows stay as they are and are still read (fusion rewrites the
/// merged events); the version keeps older eventwire versions off the new rows. Indexes no
/// query uses go: events by type (the search matches types with a case-insensitive `LIKE`,
/// which no index serves; it reaches events by document), merged events by scope (the first
/// columns of every `merged_browse_*` index) and by date text (lists filter and sort on
/// `day_start`, `day_end`).
const fn packed_json() -> &'static str {
    "DROP INDEX IF EXISTS events_type; DROP INDEX IF EXISTS merged_scope; DROP INDEX IF EXISTS merged_date;"
}

#[cfg(test)]
pub(crate) const BACKFILL_SCOPE: &str = backfill_scope!();

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so that a writer
/// waits (busy timeout) for another process's batch instead of failing: a deferred transaction
/// that starts with a read gets `SQLITE_BUSY` without waiting when it later writes.
pub(crate) fn write_transaction(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// Bring the schema to [`SCHEMA_VERSION`], one step per write transaction. Each step reads the
/// version under the write lock: two processes opening a new store at once take turns, and the
/// second finds the work done.
pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    // A current store needs no lock (readers open it beside a writer).
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    loop {
        let tx = write_transaction(conn)?;
        let found: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.into(), found, supported: SCHEMA_VERSION });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else { return Ok(()) };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}

/// Count a change to the stored corpus: readers that remember answers (totals, aggregates)
/// drop them when the generation moves.
pub(crate) fn bump_generation(tx: &Transaction) -> Result<()> {
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('generation', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        [],
    )?;
    Ok(())
}
