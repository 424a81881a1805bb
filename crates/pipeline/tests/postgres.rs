//! The same answers everywhere: one corpus ingested into SQLite and into PostgreSQL (by one
//! process, by one worker, by three workers at once) gives the same exports; a worker killed
//! with a batch in hand loses nothing and stores nothing twice. Each test starts a throwaway
//! PostgreSQL cluster (and skips, saying so, where the server or PostGIS is not installed).

use eventwire_model::Document;
use eventwire_pipeline::{IngestOptions, PgAccess, Pipeline, WorkerOptions};
use eventwire_store::{EventFilter, EventScope, ExportFormat, ReadStore, Store};
use eventwire_store_pg::PgStore;
use eventwire_test_support::PgCluster;
use serde_json::Value;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(eventwire_test_support::data_dir()).expect("knowledge files"))
}

/// The repository's example articles, the fixture corpus whose articles the cross-article
/// passes change (an outlet's home, an undated article dated from another), and the seed
/// articles beside the repository when they are there.
fn docs() -> Vec<Document> {
    let root = eventwire_test_support::repo_root();
    let fixtures = root.join("crates/cli/tests/fixtures/corpus");
    let mut inputs: Vec<PathBuf> = vec![
        root.join("examples/articles"),
        fixtures.join("outlets-1.jsonl"),
        fixtures.join("outlets-2.jsonl"),
    ];
    inputs.extend(eventwire_test_support::seed_files("postgres parity (seeds left out)").unwrap_or_default());
    let inputs: Vec<String> = inputs.iter().map(|p| p.to_str().unwrap().to_string()).collect();
    pipeline().read(&inputs).collect::<Result<_, _>>().unwrap()
}

fn all() -> EventFilter {
    EventFilter { scope: EventScope::All, ..Default::default() }
}

/// Every export format of the SQLite store (JSON Lines of every scope, then the conflict
/// record as CSV, ACLED CSV and GeoJSON).
fn sqlite_exports(s: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for (filter, format) in formats() {
        let mut buf = Vec::new();
        s.export(&filter, format, &mut buf).unwrap();
        out.push(String::from_utf8(buf).unwrap());
    }
    out
}

fn pg_exports(s: &mut PgStore) -> Vec<String> {
    let mut out = Vec::new();
    for (filter, format) in formats() {
        let mut buf = Vec::new();
        s.export(&filter, format, &mut buf).unwrap();
        out.push(String::from_utf8(buf).unwrap());
    }
    out
}

fn formats() -> Vec<(EventFilter, ExportFormat)> {
    vec![
        (all(), ExportFormat::Jsonl),
        (EventFilter::default(), ExportFormat::Csv),
        (EventFilter::default(), ExportFormat::AcledCsv),
        (EventFilter::default(), ExportFormat::Geojson),
    ]
}

/// A JSON Lines export without what depends on the order event rows were written in (merged
/// ids follow them; sources of one date are listed in row order): each merged event with its
/// sources sorted, the events sorted.
fn content(jsonl: &str) -> Vec<String> {
    let mut lines: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("id");
            if let Some(Value::Array(s)) = o.get_mut("sources") {
                s.sort_by_key(|x| x.to_string());
            }
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

/// The situation report in Markdown.
fn report(s: &impl ReadStore) -> String {
    s.report(&eventwire_store::ReportOptions::default(), eventwire_store::ReportFormat::Markdown).unwrap()
}

fn sqlite_reference(docs: &[Document]) -> Store {
    let store = RefCell::new(Store::open_in_memory().unwrap());
    let opts = IngestOptions { batch_size: 4, dct: None };
    pipeline().ingest(&store, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
    store.into_inner()
}

fn worker(name: &str) -> WorkerOptions {
    WorkerOptions { batch_size: 3, poll: Duration::from_millis(100), ..WorkerOptions::new(name) }
}

#[test]
fn sqlite_and_postgres_give_the_same_exports() {
    let Some(pg) = PgCluster::start("sqlite_and_postgres_give_the_same_exports") else { return };
    let p = pipeline();
    let docs = docs();
    let sqlite = sqlite_reference(&docs);
    let want = sqlite_exports(&sqlite);
    assert!(want[0].lines().count() > 5, "the corpus gives merged events");

    // One process ingesting, batch by batch: the same ids, so the same bytes in every format.
    let direct = PgAccess(RefCell::new(PgStore::connect(pg.url()).unwrap()));
    let opts = IngestOptions { batch_size: 4, dct: None };
    let outcome = p.ingest(&direct, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
    assert!(outcome.pass.is_some_and(|pass| pass.reanalysed > 0), "the passes changed articles");
    let got = pg_exports(&mut direct.0.borrow_mut());
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        assert!(w == g, "export {i} differs:\nsqlite:\n{w}\npostgres:\n{g}");
    }
    assert_eq!(direct.0.borrow_mut().stats().unwrap().duplicates, sqlite.stats().unwrap().duplicates);
    assert_eq!(report(&*direct.0.borrow()), report(&sqlite), "the report");
    qgis_layers_hold_the_conflict_record(&pg, &want[3], &sqlite);

    // One worker, then three at once, through the work queue.
    let mut by_workers: Vec<(Vec<String>, String)> = Vec::new();
    for n in [1, 3] {
        let url = pg.create_database(&format!("workers{n}"));
        let queue = PgAccess(RefCell::new(PgStore::connect(&url).unwrap()));
        let counts =
            p.enqueue(&queue, docs.iter().cloned().map(Ok), None, 5, &mut |e| panic!("{e}")).unwrap();
        assert_eq!(counts.queued as usize + counts.skipped as usize, docs.len());
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .map(|i| {
                    let url = url.clone();
                    s.spawn(move || {
                        let store = PgAccess(RefCell::new(PgStore::connect(&url).unwrap()));
                        p.work(&store, &worker(&format!("w{i}")), &mut |_| {}).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let analysed: u64 = outcomes.iter().map(|o| o.analysed).sum();
        assert_eq!(analysed, counts.queued, "{n} workers: every article analysed once");
        assert_eq!(outcomes.iter().filter(|o| o.pass.is_some()).count(), 1, "one worker ran the pass");
        let mut store = queue.0.into_inner();
        let got = pg_exports(&mut store);
        assert_eq!(content(&got[0]), content(&want[0]), "{n} workers: the JSON Lines export");
        let rows = |csv: &str| csv.lines().count();
        assert_eq!(
            got[1..].iter().map(|c| rows(c)).collect::<Vec<_>>(),
            want[1..].iter().map(|c| rows(c)).collect::<Vec<_>>()
        );
        assert_eq!(store.stats().unwrap().duplicates, sqlite.stats().unwrap().duplicates);
        by_workers.push((got, report(&store)));
    }
    // However the workers interleaved, the store is numbered as one process would number it.
    assert!(by_workers[0].0 == by_workers[1].0, "one worker and three give different bytes");
    // Their figures too (the claims ledger keeps them in id order).
    assert_eq!(by_workers[0].1, by_workers[1].1, "one worker and three give different reports");
}

/// The exports after one worker works the whole queue of a fresh database.
fn one_worker_exports(pg: &PgCluster, name: &str, docs: &[Document]) -> Vec<String> {
    let store = PgAccess(RefCell::new(PgStore::connect(&pg.create_database(name)).unwrap()));
    pipeline().enqueue(&store, docs.iter().cloned().map(Ok), None, 50, &mut |e| panic!("{e}")).unwrap();
    pipeline().work(&store, &worker("only"), &mut |_| {}).unwrap();
    pg_exports(&mut store.0.into_inner())
}

#[test]
fn a_killed_workers_batch_is_finished_by_another_with_no_duplicate() {
    let Some(pg) = PgCluster::start("a_killed_workers_batch_is_finished_by_another_with_no_duplicate") else {
        return;
    };
    let p = pipeline();
    let docs = docs();
    let want = sqlite_exports(&sqlite_reference(&docs));
    let queue = PgAccess(RefCell::new(PgStore::connect(pg.url()).unwrap()));
    p.enqueue(&queue, docs.iter().cloned().map(Ok), None, 50, &mut |e| panic!("{e}")).unwrap();

    // A worker claims a batch with a short lease, then stops answering (killed mid-batch).
    let mut dead = PgStore::connect(pg.url()).unwrap();
    let held = dead.claim("dead", 4, 3.0).unwrap();
    assert_eq!(held.len(), 4);
    assert_eq!(dead.queue_stats().unwrap().leased, 4);

    // Another worker does the rest, waits for the lease to expire (when it has not already),
    // takes the batch over, and finishes the store.
    let live = PgAccess(RefCell::new(PgStore::connect(pg.url()).unwrap()));
    let outcome = p.work(&live, &worker("live"), &mut |_| {}).unwrap();
    assert_eq!(outcome.analysed as usize, live.0.borrow_mut().stats().unwrap().documents as usize);
    assert!(outcome.fused.is_some());

    // The dead worker comes back and writes its batch: refused, the lease is not its own.
    let analyses: Vec<_> = held
        .iter()
        .map(|c| {
            let (text, offsets) = eventwire_ingest::normalize(&c.source.text);
            let s = c.source.clone();
            let doc = Document { id: s.key, path: s.path, source_text: s.text, text, offsets, meta: s.meta };
            p.analyzer().analyze(&doc, None)
        })
        .collect();
    let items: Vec<_> = held.iter().zip(&analyses).map(|(c, a)| (c.id, a, "{}")).collect();
    assert_eq!(dead.complete("dead", &items).unwrap(), 0);

    let mut store = live.0.into_inner();
    let got = pg_exports(&mut store);
    assert_eq!(content(&got[0]), content(&want[0]));
    assert!(got == one_worker_exports(&pg, "clean", &docs), "the kill changed the exports");
    assert!(store.is_fused().unwrap(), "the refused write changed nothing");
    assert_eq!(store.queue_stats().unwrap().waiting, 0);
}

/// What QGIS shows from the layer views (QGIS reads `geometry_columns` and the rows): the
/// GeoJSON export's points, and the places with the control histories the SQLite store gives.
fn qgis_layers_hold_the_conflict_record(pg: &PgCluster, geojson: &str, sqlite: &Store) {
    let features: Value = serde_json::from_str(geojson).unwrap();
    let mut want: Vec<String> = features["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{}|{}|{}", f["id"], f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1])
        })
        .collect();
    want.sort();
    let got = pg
        .psql("eventwire", "SELECT id || '|' || ST_X(geom) || '|' || ST_Y(geom) FROM qgis_events ORDER BY 1");
    let got: Vec<String> = got.lines().map(str::to_string).collect();
    assert_eq!(got.len(), want.len());
    // PostgreSQL prints doubles in their shortest form, as serde_json does.
    assert_eq!(got, want);
    let control = sqlite.control_history(None).unwrap();
    assert!(!control.is_empty(), "the corpus has a control history");
    for c in &control {
        let row = pg.psql(
            "eventwire",
            &format!(
                "SELECT coalesce(holder, '') || '|' || control_steps FROM qgis_places WHERE place_key = '{}'",
                c.place.key.replace('\'', "''")
            ),
        );
        assert_eq!(
            row.trim(),
            format!("{}|{}", c.holder.clone().unwrap_or_default(), c.steps.len()),
            "{}",
            c.place.name
        );
    }
}
