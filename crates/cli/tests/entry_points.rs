//! The corpus pipeline's three entry points, `eventwire analyze`, `eventwire ingest` (the
//! analyses read back from the store) and `POST /api/ingest`, give every article the same
//! places, dates, events and figures, on a mixed corpus: the seed articles (when
//! ../shared is present), `examples/articles`, and our own fixtures with undated articles and
//! articles that share an outlet. The store paths take the articles in several batches and
//! runs (or requests), so outlet homes and dates from other articles must cross them.

use axum::body::Body;
use axum::http::{header, Request};
use eventwire_serve::{router, Config, StoreCorpus};
use eventwire_store::{DocFilter, Store};
use eventwire_test_support::{assert_same_by_id, repo_root as root, shared_or_skip};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

mod common;

/// `eventwire ARGS`'s stdout.
fn run(args: &[&str]) -> String {
    common::run(args).0
}

/// The corpus in input order: seeds (when present), examples, then the two fixture files.
/// Without the seeds, `test` says that it left them out and tests the rest.
fn inputs(test: &str) -> Vec<String> {
    let mut v = Vec::new();
    v.extend(shared_or_skip("examples/seeds", &format!("{test} (the seed articles only)")));
    v.push(root().join("examples/articles"));
    let fixtures = root().join("crates/cli/tests/fixtures/corpus");
    v.push(fixtures.join("outlets-1.jsonl"));
    v.push(fixtures.join("outlets-2.jsonl"));
    v.into_iter().map(|p| p.to_str().unwrap().to_string()).collect()
}

/// `eventwire analyze` over `inputs`: analyses by document id.
fn analyze(inputs: &[String]) -> BTreeMap<String, Value> {
    let mut args = vec!["analyze"];
    args.extend(inputs.iter().map(String::as_str));
    by_id(run(&args).lines().map(|l| serde_json::from_str(l).unwrap()))
}

/// The analyses stored in `db`, by document id.
fn stored(db: &Path) -> BTreeMap<String, Value> {
    let s = Store::open(db).unwrap();
    let docs = s.documents(&DocFilter::default()).unwrap();
    // Through JSON text, as `analyze` prints it (an f32 read straight into a JSON value would
    // show its binary expansion).
    let text = |id| serde_json::to_string(&s.document(id).unwrap().unwrap().analysis).unwrap();
    by_id(docs.iter().map(|d| serde_json::from_str(&text(d.id)).unwrap()))
}

fn by_id(analyses: impl Iterator<Item = Value>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for a in analyses {
        let id = a["doc"]["id"].as_str().unwrap().to_string();
        assert!(out.insert(id.clone(), a).is_none(), "two articles with id {id}");
    }
    out
}

/// The analysis with the reader's path taken out (a JSON Lines file has one, a request none).
fn without_path(mut a: Value) -> Value {
    a["doc"].as_object_mut().unwrap().remove("path");
    a
}

/// What the corpus must exercise: an outlet home, a date from another article, an article
/// that stays undated.
fn assert_exercised(analyses: &BTreeMap<String, Value>) {
    let doc = |id: &str| &analyses[id]["doc"];
    assert!(doc("orontes-1")["outlet_home"].is_object(), "{}", doc("orontes-1"));
    assert_eq!(doc("orontes-3")["published_basis"], "corpus");
    assert_eq!(doc("orontes-3")["published"], "2015-04-07");
    assert_eq!(doc("valley-2")["published"], Value::Null);
    assert!(analyses.values().any(|a| !a["events"].as_array().unwrap().is_empty()));
}

#[test]
fn analyze_and_ingest_agree_on_native_inputs() {
    let inputs = inputs("analyze_and_ingest_agree_on_native_inputs");
    let want = analyze(&inputs);
    assert_exercised(&want);

    // Two runs in small batches: the first without the second fixture file.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ew.db");
    let db_s = db.to_str().unwrap();
    let first = &inputs[..inputs.len() - 1];
    let mut args = vec!["ingest", "--db", db_s, "--plain", "--batch-size", "3"];
    args.extend(first.iter().map(String::as_str));
    run(&args);
    let mut args = vec!["ingest", "--db", db_s, "--plain", "--batch-size", "3"];
    args.extend(inputs.iter().map(String::as_str));
    run(&args);
    assert_same_by_id("analyze vs ingest", &want, &stored(&db));
}

/// Every article of the corpus as a JSON article (the form both a JSON Lines file and
/// `POST /api/ingest` take), in input order.
fn json_articles(inputs: &[String]) -> Vec<Value> {
    let reader = eventwire_ingest::Ingest::load(None).unwrap();
    let value = |f: &Option<eventwire_model::Field>| f.as_ref().map(|f| f.value.clone());
    let mut out = Vec::new();
    for input in inputs {
        for doc in reader.read(input) {
            let doc = doc.unwrap();
            let mut a = json!({ "id": doc.id, "text": doc.source_text });
            for (k, v) in [
                ("title", value(&doc.meta.title)),
                ("outlet", value(&doc.meta.outlet)),
                ("url", value(&doc.meta.url)),
            ] {
                if let Some(v) = v {
                    a[k] = json!(v);
                }
            }
            if let Some(p) = &doc.meta.published {
                a["published"] = json!(p);
            }
            out.push(a);
        }
    }
    out
}

async fn post(app: &axum::Router, articles: &[Value]) -> Value {
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "articles": articles }).to_string()))
        .unwrap();
    common::json_ok(app, req).await
}

#[test]
fn all_three_entry_points_agree_on_json_articles() {
    let articles = json_articles(&inputs("all_three_entry_points_agree_on_json_articles"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("articles.jsonl");
    let lines: Vec<String> = articles.iter().map(Value::to_string).collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let half = articles.len() / 2;
    let first_half = dir.path().join("first-half.jsonl");
    std::fs::write(&first_half, lines[..half].join("\n") + "\n").unwrap();

    let want: BTreeMap<String, Value> = analyze(&[file.to_str().unwrap().to_string()])
        .into_iter()
        .map(|(k, v)| (k, without_path(v)))
        .collect();
    assert_exercised(&want);

    let db = dir.path().join("cli.db");
    let db_s = db.to_str().unwrap();
    run(&["ingest", "--db", db_s, "--plain", "--batch-size", "4", first_half.to_str().unwrap()]);
    run(&["ingest", "--db", db_s, "--plain", "--batch-size", "4", file.to_str().unwrap()]);
    let cli: BTreeMap<String, Value> = stored(&db).into_iter().map(|(k, v)| (k, without_path(v))).collect();
    assert_same_by_id("analyze vs CLI ingest", &want, &cli);

    // The server, in two requests.
    let http_db = dir.path().join("http.db");
    let corpus =
        StoreCorpus::open(&http_db, eventwire_test_support::data_dir().map(Path::to_path_buf)).unwrap();
    let app = router(Arc::new(corpus), Config { max_body_bytes: 64 << 20, ..Default::default() });
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (one, two) =
        rt.block_on(async { (post(&app, &articles[..half]).await, post(&app, &articles[half..]).await) });
    for (v, n) in [(&one, half), (&two, articles.len() - half)] {
        let outcomes = v["ingested"].as_array().unwrap();
        assert_eq!(outcomes.len(), n);
        assert!(outcomes.iter().all(|o| o["status"] != "unchanged"), "{v}");
    }
    let http: BTreeMap<String, Value> =
        stored(&http_db).into_iter().map(|(k, v)| (k, without_path(v))).collect();
    assert_same_by_id("analyze vs POST /api/ingest", &want, &http);
}
