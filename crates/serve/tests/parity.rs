//! The same answers from either store: one corpus stored in SQLite and in PostgreSQL, and the
//! API's answers compared byte for byte (search aside: its ranks and snippets are each
//! engine's own, so only which documents it finds is compared). Skipped,
//! saying so, where PostgreSQL or PostGIS is not installed.

mod common;

use common::*;
use eventwire_serve::Config;

/// The answer to `uri`, as bytes (decompressed: no `Accept-Encoding`).
async fn body(app: &axum::Router, uri: &str) -> String {
    use tower::ServiceExt;
    let req = axum::http::Request::get(uri).body(axum::body::Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), axum::http::StatusCode::OK, "{uri}");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

const URIS: &[&str] = &[
    "/api/events",
    "/api/events?scope=all&limit=1000",
    "/api/events?scope=other",
    "/api/events?scope=historical",
    "/api/events?sort=newest&limit=2&offset=1",
    "/api/events?sort=fatalities",
    "/api/events?sort=sources",
    "/api/events?from=2016-11&to=2016-11",
    "/api/events?from=2017-02-01&to=2017-06-30&date_match=start",
    "/api/events?bbox=170,-20,-170,-10",
    "/api/events?bbox=42,35,45,37.5",
    "/api/events?actor=democratic",
    "/api/events?type=battles",
    "/api/events?type=Air%2Fdrone+strike",
    "/api/events?place=mosul",
    "/api/events?place=gn:99003",
    "/api/events?area=iq",
    "/api/events?min_fatalities=5",
    "/api/events?min_sources=2",
    "/api/events?missing=date",
    "/api/events?document=2",
    "/api/events?reviewed=false&limit=0",
    "/api/events/1",
    "/api/events/grid?zoom=0",
    "/api/events/grid?zoom=4&scope=all",
    "/api/events/histogram?bucket=month",
    "/api/events/histogram?bucket=day&scope=other",
    "/api/documents",
    "/api/documents?q=raqqa",
    "/api/documents/1",
    "/api/places",
    "/api/places/gn:99001",
    "/api/claims",
    "/api/claims?from=2016-12",
    "/api/timeline",
    "/api/control",
    "/api/control?at=2016-11-30",
    "/api/report",
    "/api/export?format=jsonl&scope=all",
    "/api/export?format=csv",
    "/api/export?format=acled",
    "/api/export?format=geojson",
];

/// Which documents a search finds (ranked by each engine's own measure: bm25 in SQLite,
/// `ts_rank` in PostgreSQL, so their order may differ).
async fn found(app: &axum::Router, uri: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&body(app, uri).await).unwrap();
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["document_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// An answer without the list's `next` cursor: SQLite pages by cursor, PostgreSQL by offset.
async fn without_cursor(app: &axum::Router, uri: &str) -> String {
    let text = body(app, uri).await;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(mut o)) if uri.starts_with("/api/events?") => {
            o.remove("next");
            serde_json::Value::Object(o).to_string()
        }
        _ => text,
    }
}

async fn assert_same(sqlite: &axum::Router, pg: &axum::Router) {
    for uri in URIS {
        assert_eq!(without_cursor(pg, uri).await, without_cursor(sqlite, uri).await, "{uri}");
    }
    for uri in ["/api/search?q=raqqa", "/api/search?q=killed", "/api/search?q=army&from=2016-11-07"] {
        assert_eq!(found(pg, uri).await, found(sqlite, uri).await, "{uri}");
    }
}

#[tokio::test]
async fn both_stores_answer_alike() {
    let (sqlite, _d) = app_over(corpus_with_other_news(), Config::default());
    let Some(_pg) = postgres("both_stores_answer_alike") else { return };
    let (pg, _d2) = app_over(corpus_with_other_news(), Config::default());
    assert_same(&sqlite, &pg).await;
    // Review marks: stored, shown, filtered on and left out of exports alike.
    for app in [&sqlite, &pg] {
        let (s, v) =
            post_json(app, "/api/reviews", r#"{"event_id": "1", "verdict": "wrong", "note": "n"}"#).await;
        assert_eq!(s, axum::http::StatusCode::OK, "{v}");
    }
    assert_same(&sqlite, &pg).await;
    for uri in ["/api/events?reviewed=true", "/api/events/grid?zoom=2&reviewed=false"] {
        assert_eq!(body(&pg, uri).await, body(&sqlite, uri).await, "{uri}");
    }
}
