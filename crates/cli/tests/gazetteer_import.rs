//! `eventwire gazetteer import FILE…` with a GeoNames country file: the places it adds are read
//! by the whole pipeline. A small country file in the GeoNames dump format, written here (an
//! invented village and hamlet, not rows of any dataset), is imported over the fixture
//! gazetteer; its village then resolves in `eventwire analyze`, in `eventwire ingest` (the
//! store and its export) and through the API (`POST /api/ingest`, `GET /api/events`,
//! `GET /api/places`), each reading the index with `--data-dir`.

use axum::body::Body;
use axum::http::{header, Request};
use eventwire_serve::{router, Config, StoreCorpus};
use serde_json::{json, Value};
use std::sync::Arc;

mod common;

/// The invented village's GeoNames-style id (far above the ids GeoNames has given).
const VILLAGE_ID: u64 = 99_000_001;
const VILLAGE: &str = "Tell Sahrawan";
/// A GeoNames country file (19 tab-separated columns): a village and a hamlet in Idlib (SY
/// admin1 12), and a hill, which is no populated place and is not imported.
const COUNTRY_FILE: &str = "99000001\tTell Sahrawan\tTell Sahrawan\tTal Sahrawan,Tell Sahrawan\t35.8612\t36.5417\tP\tPPL\tSY\t\t12\t\t\t\t1200\t\t310\tAsia/Damascus\t2024-01-01\n\
99000002\tKhirbat Nuwayr\tKhirbat Nuwayr\t\t35.9011\t36.4902\tP\tPPL\tSY\t\t12\t\t\t\t300\t\t420\tAsia/Damascus\t2024-01-01\n\
99000003\tJabal Sahrawan\tJabal Sahrawan\t\t35.8800\t36.5600\tT\tHLL\tSY\t\t12\t\t\t\t0\t\t650\tAsia/Damascus\t2024-01-01\n";
const ARTICLE: &str =
    "Shelling kills three in Idlib village\n\nIDLIB, Syria - Government forces shelled the \
village of Tell Sahrawan in Idlib province on Monday, killing three civilians, local activists said.\n";

/// The place mention of the village in an analysis (JSON), if any.
fn village(analysis: &Value) -> Option<&Value> {
    analysis["places"].as_array()?.iter().find(|p| p["text"] == VILLAGE)
}

fn assert_resolved(what: &str, p: &Value) {
    assert_eq!(p["geonames_id"], json!(VILLAGE_ID), "{what}: {p}");
    assert_eq!(p["precision"], "exact", "{what}: {p}");
    assert_eq!(p["country_code"], "SY", "{what}: {p}");
    let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
    assert!((lat - 35.8612).abs() < 1e-3 && (lon - 36.5417).abs() < 1e-3, "{what}: {p}");
}

#[test]
fn an_imported_village_resolves_in_analyze_ingest_and_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let build = data.join("gazetteer").join("build");
    eventwire_test_support::write_fixture_sources(&build).unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let (data_s, article_s) = (data.to_str().unwrap(), article.to_str().unwrap());

    // Before the import the fixture gazetteer (its index copied beside its sources) lacks the
    // village: a place, but unresolved.
    let fixture = eventwire_test_support::fixture_data_dir().join("gazetteer").join("build");
    for f in std::fs::read_dir(&fixture).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, build.join(f.file_name().unwrap())).unwrap();
    }
    let country_file = dir.path().join("SY.txt");
    std::fs::write(&country_file, COUNTRY_FILE).unwrap();
    let before: Value =
        serde_json::from_str(&common::run(&["analyze", "--data-dir", data_s, article_s]).0).unwrap();
    let p = village(&before).expect("the village is a place before the import too");
    assert_eq!(p["geonames_id"], Value::Null, "{p}");

    let (_, stderr) = common::run(&[
        "gazetteer",
        "import",
        "--out",
        build.to_str().unwrap(),
        country_file.to_str().unwrap(),
    ]);
    assert!(stderr.contains("2 places"), "the hill is left out: {stderr}");

    // eventwire analyze
    let after: Value =
        serde_json::from_str(&common::run(&["analyze", "--data-dir", data_s, article_s]).0).unwrap();
    assert_resolved("analyze", village(&after).expect("the village"));

    // eventwire ingest, then export: the stored analysis and the exported events.
    let db = dir.path().join("cli.db");
    let db_s = db.to_str().unwrap();
    common::run(&["ingest", "--db", db_s, "--data-dir", data_s, "--plain", article_s]);
    let exported = common::run(&["export", "--db", db_s, "--format", "jsonl"]).0;
    let events: Vec<Value> = exported.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let placed: Vec<&Value> =
        events.iter().filter(|e| e["place"]["geonames_id"] == json!(VILLAGE_ID)).collect();
    assert!(!placed.is_empty(), "an exported event is at the village: {exported}");
    assert_resolved("export", &placed[0]["place"]);

    // The API: POST /api/ingest, then the events and places it lists (what the map draws).
    let http_db = dir.path().join("http.db");
    let corpus = StoreCorpus::open(&http_db, Some(data.clone())).unwrap();
    let app = router(Arc::new(corpus), Config::default());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (ingested, events, places) = rt.block_on(async {
        let post = Request::post("/api/ingest")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "id": "village-1", "text": ARTICLE }).to_string()))
            .unwrap();
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        (
            common::json_ok(&app, post).await,
            common::json_ok(&app, get("/api/events")).await,
            common::json_ok(&app, get("/api/places")).await,
        )
    });
    assert_eq!(ingested["ingested"].as_array().map(Vec::len), Some(1), "{ingested}");
    let api_events = events["events"].as_array().expect("events");
    let at_village = api_events.iter().find(|e| e["place"]["geonames_id"] == json!(VILLAGE_ID));
    assert_resolved("GET /api/events", &at_village.unwrap_or_else(|| panic!("{events}"))["place"]);
    let listed = places["places"].as_array().expect("places");
    assert!(
        listed.iter().any(|p| p.to_string().contains(&VILLAGE_ID.to_string())),
        "GET /api/places lists the village: {places}"
    );
}
