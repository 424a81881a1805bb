//! API latency over a store of generated articles (through the corpus pipeline, once):
//! the full event list the page loads, a filtered page, search, places and one event.
//!
//! `cargo bench -p eventwire-serve --bench api` (`EVENTWIRE_BENCH_ARTICLES`, default 1,000).

use axum::body::Body;
use axum::http::Request;
use criterion::{criterion_group, criterion_main, Criterion};
use eventwire_ingest::Hints;
use eventwire_model::DateSource;
use eventwire_pipeline::{IngestOptions, Pipeline};
use eventwire_serve::{router, Config, StoreCorpus};
use eventwire_store::{synth, Store};
use std::cell::RefCell;
use std::sync::Arc;
use tower::ServiceExt;

fn build(n: u64, dir: &std::path::Path) -> Store {
    let store = RefCell::new(Store::open(&dir.join("bench.db")).expect("store"));
    let pipeline = Pipeline::load(None).expect("analysis layers (run scripts/setup)");
    let docs = (0..n).map(|k| {
        let a = synth::article(7, k);
        let hints = Hints {
            title: Some(a.title.clone()),
            dates: vec![(a.published.clone(), DateSource::Field)],
            ..Default::default()
        };
        pipeline.reader().document(&a.id, None, a.text, &hints, Vec::new())
    });
    pipeline.ingest(&store, docs, &IngestOptions::default(), &mut |_| {}).expect("ingest");
    store.into_inner()
}

fn bench(c: &mut Criterion) {
    let n = std::env::var("EVENTWIRE_BENCH_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();
    let store = build(n, dir.path());
    let stats = store.stats().unwrap();
    eprintln!(
        "store: {} documents, {} merged events, {} places",
        stats.documents, stats.merged_events, stats.places
    );
    let app = router(Arc::new(StoreCorpus::new(store, None)), Config::default());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let get = |uri: &str| {
        let app = app.clone();
        let uri = uri.to_string();
        rt.block_on(async move {
            let res = app.oneshot(Request::get(uri.as_str()).body(Body::empty()).unwrap()).await.unwrap();
            assert!(res.status().is_success(), "{uri}: {}", res.status());
            axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().len()
        })
    };
    let first: serde_json::Value = {
        let app = app.clone();
        rt.block_on(async move {
            let res =
                app.oneshot(Request::get("/api/events?limit=1").body(Body::empty()).unwrap()).await.unwrap();
            serde_json::from_slice(&axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap()).unwrap()
        })
    };
    let one = format!("/api/events/{}", first["events"][0]["id"].as_str().unwrap_or("1"));

    let mut g = c.benchmark_group(format!("api_{n}_articles"));
    g.sample_size(10);
    g.bench_function("events_all (page load)", |b| b.iter(|| get("/api/events?limit=100000")));
    g.bench_function("events_filtered_page", |b| {
        b.iter(|| get("/api/events?from=2016-01-01&to=2016-06-30&type=battles&limit=50"))
    });
    g.bench_function("event_detail", |b| b.iter(|| get(&one)));
    g.bench_function("places", |b| b.iter(|| get("/api/places?limit=50")));
    g.bench_function("search", |b| b.iter(|| get("/api/search?q=killed&limit=20")));
    g.bench_function("claims", |b| b.iter(|| get("/api/claims?limit=50")));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
