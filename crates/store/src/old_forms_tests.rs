//! Stores written by older versions (their forms rebuilt from a current store) read the same,
//! and rows are written in the forms that keep the store small.

use super::*;
use crate::tests::corpus;

/// The merged-event indexes migration 16 drops, as older schemas had them.
const INDEXES_DROPPED_BY_16: &str = "
    CREATE INDEX merged_lat ON merged(lat);
    CREATE INDEX merged_browse_oldest ON merged(scope, historical, day_start IS NULL, day_start);
    CREATE INDEX merged_browse_fatalities ON merged(scope, historical, fatalities, day_start);
    CREATE INDEX merged_browse_sources ON merged(scope, historical, n_independent, n_sources, day_start);";

#[test]
fn a_store_written_before_locations_migrates_and_keeps_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ew.db");
    {
        let mut s = Store::open(&p).unwrap();
        s.add_batch(&corpus()[..2]).unwrap();
    }
    // Schema 5: events had no location column (and there were no reviews, nor the browsing
    // columns of merged events).
    let c = rusqlite::Connection::open(&p).unwrap();
    analyses_into_documents(&c);
    c.execute_batch(
        "UPDATE events SET place = (SELECT p.place FROM event_places p WHERE p.id = events.place_id);
         ALTER TABLE events DROP COLUMN place_id; DROP TABLE event_places;
         DROP INDEX merged_page_newest; DROP INDEX merged_page_oldest; DROP INDEX merged_page_fatalities;
         DROP INDEX merged_page_sources; ALTER TABLE merged DROP COLUMN day_sort_newest;
         ALTER TABLE merged DROP COLUMN day_sort_oldest;
         DROP INDEX merged_browse_day_toll; DROP INDEX merged_browse_type;
         DROP INDEX merged_browse_geo;
         ALTER TABLE merged DROP COLUMN fatalities; ALTER TABLE merged DROP COLUMN country;
         ALTER TABLE merged DROP COLUMN country_code; ALTER TABLE merged DROP COLUMN geo_precision;
         ALTER TABLE events DROP COLUMN location; DROP TABLE reviews; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(c);
    let mut s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::SCHEMA_VERSION);
    s.fuse().unwrap();
    let events = s.events(&EventFilter::default()).unwrap();
    assert!(!events.is_empty());
    for e in &events {
        assert!(e.fused.location.is_none() && e.fused.place.is_some(), "{e:?}");
    }
    // Their ACLED geo_precision is their place's, as before.
    let mut buf = Vec::new();
    s.export(&EventFilter::default(), ExportFormat::AcledCsv, &mut buf).unwrap();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(buf.as_slice()).records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| &r[15] == "1"), "{rows:?}");
}

/// Analyses back in their documents' rows with their events whole, and no table of them: as
/// schema 14 and before stored them.
fn analyses_into_documents(c: &rusqlite::Connection) {
    packed::register_text_function(c).unwrap();
    let sql = format!(
        "SELECT d.id, {}, eventwire_text(d.text) FROM documents d",
        crate::analysis_form::STORED_ANALYSIS
    );
    let docs: Vec<(i64, Vec<u8>, String)> = c
        .prepare(&sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!docs.is_empty());
    for (id, blob, text) in docs {
        let stored = rusqlite::types::ValueRef::Blob(&blob);
        assert!(packed::events_apart(stored));
        let whole =
            packed::pack(&crate::analysis_form::unpack(c, id, stored, &text).unwrap(), &text).unwrap();
        assert!(whole.len() > blob.len(), "the events apart make the analysis smaller");
        c.execute("UPDATE documents SET analysis = ?1 WHERE id = ?2", rusqlite::params![whole, id]).unwrap();
    }
    c.execute_batch("DROP TABLE doc_analyses;").unwrap();
}

/// Everything a reader sees of a store: exports, places, documents with their analyses, the
/// sources a pass re-reads.
fn everything_read(s: &Store) -> String {
    let mut out = Vec::new();
    for format in [ExportFormat::Jsonl, ExportFormat::Csv, ExportFormat::AcledCsv, ExportFormat::Geojson] {
        s.export(&EventFilter { scope: EventScope::Conflict, ..Default::default() }, format, &mut out)
            .unwrap();
    }
    s.export(&EventFilter { scope: EventScope::All, ..Default::default() }, ExportFormat::Jsonl, &mut out)
        .unwrap();
    out.extend(serde_json::to_vec(&s.places(&EventFilter::default()).unwrap()).unwrap());
    // The full-text index, with snippets read from the stored texts.
    let hits = s.search(&SearchQuery { query: "Hamra OR killed".into(), ..Default::default() }).unwrap();
    assert!(!hits.is_empty());
    out.extend(serde_json::to_vec(&hits).unwrap());
    for id in 1..=5 {
        out.extend(serde_json::to_vec(&s.document(id).unwrap()).unwrap());
        out.extend(format!("{:?}", s.stored_source(id).unwrap()).bytes());
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_store_written_before_packed_json_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ew.db");
    let (before, one_report) = {
        let mut s = Store::open(&p).unwrap();
        s.add_batch(&corpus()).unwrap();
        s.fuse().unwrap();
        // Merged events of one report, stored without their fused JSON, and that JSON.
        let ids: Vec<i64> = s
            .conn
            .prepare("SELECT id FROM merged WHERE length(fused) = 0")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let one_report: Vec<(i64, String)> = ids
            .into_iter()
            .map(|id| {
                let fused = s.event(id).unwrap().unwrap().fused;
                assert_eq!(fused.n_sources, 1);
                (id, serde_json::to_string(&fused).unwrap())
            })
            .collect();
        (everything_read(&s), one_report)
    };
    assert!(before.contains("Tel Hamra"));
    assert!(!one_report.is_empty());
    // Schema 10: every packed value as JSON text, analyses deflated without a dictionary,
    // texts as text, every merged event with its fused JSON.
    let c = rusqlite::Connection::open(&p).unwrap();
    analyses_into_documents(&c);
    for (id, json) in &one_report {
        c.execute("UPDATE merged SET fused = ?1 WHERE id = ?2", rusqlite::params![json, id]).unwrap();
    }
    let unpack_column = |table: &str, column: &str, kind: packed::Kind, with_text: bool| {
        let sql = if table == "events" && with_text {
            format!(
                "SELECT x.rowid, x.{column}, eventwire_text(d.text) FROM events x JOIN documents d ON d.id = x.doc \
                 WHERE x.{column} IS NOT NULL"
            )
        } else if with_text {
            format!("SELECT x.rowid, x.{column}, eventwire_text(x.text) FROM {table} x WHERE x.{column} IS NOT NULL")
        } else {
            format!("SELECT x.rowid, x.{column}, '' FROM {table} x WHERE x.{column} IS NOT NULL AND typeof(x.{column}) = 'blob'")
        };
        let rows: Vec<(i64, Vec<u8>, String)> = c
            .prepare(&sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!rows.is_empty(), "{table}.{column}");
        for (id, blob, text) in rows {
            let stored = rusqlite::types::ValueRef::Blob(&blob);
            let json = if column == "analysis" {
                serde_json::to_vec(&crate::analysis_form::unpack(&c, id, stored, &text).unwrap()).unwrap()
            } else {
                packed::json_of(kind, &text, stored).unwrap()
            };
            let value: rusqlite::types::Value = if column == "analysis" {
                let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
                std::io::Write::write_all(&mut z, &json).unwrap();
                rusqlite::types::Value::Blob(z.finish().unwrap())
            } else {
                rusqlite::types::Value::Text(String::from_utf8(json).unwrap())
            };
            c.execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2"),
                rusqlite::params![value, id],
            )
            .unwrap();
        }
    };
    unpack_column("documents", "analysis", packed::Kind::Analysis, true);
    unpack_column("documents", "meta", packed::Kind::Meta, true);
    unpack_column("merged", "fused", packed::Kind::Fused, false);
    c.execute_batch(
        "UPDATE events SET place = (SELECT p.place FROM event_places p WHERE p.id = events.place_id);
         ALTER TABLE events DROP COLUMN place_id; DROP TABLE event_places;",
    )
    .unwrap();
    unpack_column("events", "place", packed::Kind::Place, false);
    unpack_column("events", "evidence", packed::Kind::Evidence, true);
    unpack_column("events", "location", packed::Kind::Location, false);
    c.execute_batch(
        "UPDATE documents SET text = eventwire_text(text);
         DROP TABLE docs_fts; DROP VIEW docs_text;
         CREATE VIRTUAL TABLE docs_fts USING fts5(
             title, text, content='documents', content_rowid='id', tokenize='porter unicode61');
         INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');
         CREATE INDEX doc_places_doc ON doc_places(doc); CREATE INDEX doc_actors_doc ON doc_actors(doc);
         CREATE INDEX merged_browse_day ON merged(scope, historical, day_start);
         PRAGMA user_version = 10;",
    )
    .unwrap();
    c.execute_batch(INDEXES_DROPPED_BY_16).unwrap();
    drop(c);
    let mut s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::SCHEMA_VERSION);
    let dropped: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN
                ('merged_lat', 'merged_browse_fatalities', 'merged_browse_sources', 'merged_browse_oldest')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dropped, 0, "migration 16 drops the indexes others serve");
    assert_eq!(everything_read(&s), before);
    s.fuse().unwrap();
    assert_eq!(everything_read(&s), before, "fused again from the older rows");
}

#[test]
fn events_are_written_as_wide_as_fusion_leaves_them() {
    let mut s = Store::open_in_memory().unwrap();
    let all = corpus();
    let (first, later) = all.split_at(all.len() / 2);
    s.add_batch(first).unwrap();
    let count = |s: &Store, sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let fused_wide = "SELECT count(*) FROM events WHERE merged IS NULL OR merged <= 0 OR merged > id";
    assert!(count(&s, "SELECT count(*) FROM events") > 0);
    // Before fusion `merged` holds minus the row's id, which no reader takes for a merged event.
    assert_eq!(count(&s, "SELECT count(*) FROM events WHERE merged IS NOT -id"), 0);
    let doc = count(&s, "SELECT min(doc) FROM events");
    assert!(s.merged_events_of(doc).unwrap().is_empty());
    s.fuse().unwrap();
    // Fusion stamps the id of the earliest member: never wider than the placeholder.
    assert_eq!(count(&s, fused_wide), 0);
    assert!(!s.merged_events_of(doc).unwrap().is_empty());
    // A later batch waits unfused beside the fused rows; the next pass stamps it.
    s.add_batch(later).unwrap();
    let doc = count(&s, "SELECT max(doc) FROM events");
    assert!(count(&s, "SELECT count(*) FROM events WHERE merged < 0") > 0);
    assert!(s.merged_events_of(doc).unwrap().is_empty());
    s.fuse().unwrap();
    assert_eq!(count(&s, fused_wide), 0);
    assert!(!s.merged_events_of(doc).unwrap().is_empty());
}

#[test]
fn a_store_of_schema_14_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ew.db");
    let before = {
        let mut s = Store::open(&p).unwrap();
        s.add_batch(&corpus()).unwrap();
        s.fuse().unwrap();
        everything_read(&s)
    };
    // Schema 14: analyses with their events whole in the documents' rows, the three indexes
    // migration 16 drops.
    let c = rusqlite::Connection::open(&p).unwrap();
    analyses_into_documents(&c);
    c.execute_batch(INDEXES_DROPPED_BY_16).unwrap();
    c.execute_batch("PRAGMA user_version = 14;").unwrap();
    drop(c);
    let mut s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(everything_read(&s), before);
    // A document analysed again is stored in the new form, and reads the same.
    let doc = s.document(1).unwrap().unwrap();
    s.replace_analyses(&[crate::Replacement { id: 1, analysis: &doc.analysis, notes: None }]).unwrap();
    let (stored, in_row): (Vec<u8>, Vec<u8>) = s
        .conn
        .query_row(
            "SELECT a.analysis, d.analysis FROM doc_analyses a JOIN documents d ON d.id = a.doc WHERE a.doc = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(packed::events_apart(rusqlite::types::ValueRef::Blob(&stored)));
    assert!(in_row.is_empty(), "the row no longer holds the analysis");
    assert_eq!(s.document(1).unwrap().unwrap(), doc);
}
