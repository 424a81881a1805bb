//! API tests of what the web UI's filters, sorts and panels ask for: area, fatality and source
//! filters, events with no place or no date, list order, and the claims ledger under filters.

mod common;

use axum::http::StatusCode;
use common::*;
use eventwire_serve::Config;
use serde_json::Value;

/// The shared corpus with Somosomo in Fiji, plus an article whose one event has no place and
/// another with no date.
fn app_with_gaps() -> (axum::Router, tempfile::TempDir) {
    let mut docs = corpus();
    for (doc, analysis) in &mut docs {
        if doc.id == "wire/taveuni" {
            let p = analysis.events[0].place.as_mut().unwrap();
            p.country = Some("Fiji".into());
            p.country_code = Some("FJ".into());
            p.admin1 = Some("Northern".into());
        }
    }
    let mut gaps = coded(
        "wire/gaps",
        "Two reports",
        "2017-04-02",
        "Gunmen attacked a convoy in Kirkuk, killing three. Shelling hit Hit on April 1.",
        &[
            Ev {
                sub: ("Violence against civilians", "Attack"),
                date: "2017-04-01",
                place: ("Kirkuk", 99_010, 35.47, 44.39),
                actors: ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)"),
                fatalities: Some(3),
                quote: "Gunmen attacked a convoy in Kirkuk, killing three",
            },
            Ev {
                sub: ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                date: "2017-04-01",
                place: ("Hit", 99_011, 33.64, 42.83),
                actors: IQ,
                fatalities: None,
                quote: "Shelling hit Hit on April 1",
            },
        ],
        &[],
    );
    gaps.1.events[0].date = None;
    gaps.1.events[1].place = None;
    docs.push(gaps);
    app_over(docs, Config::default())
}

fn ids(v: &Value) -> Vec<String> {
    v["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

async fn area_fatality_and_source_filters() {
    let (app, _d) = app_with_gaps();
    let (s, v) = get(&app, "/api/events?area=fiji").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(places_of(&v), ["Somosomo"]);
    let (_, v) = get(&app, "/api/events?area=IQ&min_fatalities=1").await;
    assert_eq!(places_of(&v), ["Mosul", "Raqqa", "Kirkuk"], "undated Kirkuk last: {v}");
    let (_, v) = get(&app, "/api/events?area=nineveh&min_fatalities=6").await;
    assert_eq!(places_of(&v), ["Raqqa"]);
    let (_, v) = get(&app, "/api/events?min_sources=2").await;
    assert_eq!(places_of(&v), ["Hamam al-Alil"], "the only event with two independent reports");
    for bad in ["min_fatalities=-1", "min_sources=x", "missing=coords", "sort=random"] {
        let (s, v) = get(&app, &format!("/api/events?{bad}")).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

async fn events_with_no_place_or_no_date_are_listed() {
    let (app, _d) = app_with_gaps();
    let (_, all) = get(&app, "/api/events").await;
    let (_, v) = get(&app, "/api/events?missing=place").await;
    assert_eq!(v["total"], 1, "{v}");
    assert!(v["events"][0]["place"].is_null(), "{v}");
    let (_, v) = get(&app, "/api/events?missing=date").await;
    assert_eq!(v["total"], 1, "{v}");
    assert!(v["events"][0]["date"].is_null(), "{v}");
    assert_eq!(v["events"][0]["place"]["name"], "Kirkuk");
    assert_eq!(all["total"], 6, "{all}");
    let (_, v) = get(&app, "/api/timeline?missing=date").await;
    assert_eq!(v["total"], 1, "the timeline lists undated events too: {v}");
    assert!(v["entries"][0]["date"].is_null(), "{v}");
}

async fn list_sort_orders() {
    let (app, _d) = app_with_gaps();
    let dates = |v: &Value| -> Vec<Option<String>> {
        v["events"].as_array().unwrap().iter().map(|e| e["date"].as_str().map(str::to_string)).collect()
    };
    let (_, v) = get(&app, "/api/events?sort=newest").await;
    let d = dates(&v);
    assert_eq!(d.last().unwrap(), &None, "undated last: {d:?}");
    let dated: Vec<&String> = d.iter().flatten().collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{d:?}");
    let (_, oldest) = get(&app, "/api/events?sort=oldest").await;
    let (_, default) = get(&app, "/api/events").await;
    assert_eq!(ids(&oldest), ids(&default), "date order is the default");
    let (_, v) = get(&app, "/api/events?sort=fatalities&limit=2").await;
    assert_eq!(places_of(&v), ["Raqqa", "Mosul"]);
    assert_eq!(v["total"], 6);
    let (_, v) = get(&app, "/api/events?sort=sources&limit=1").await;
    assert_eq!(places_of(&v), ["Hamam al-Alil"]);
}

async fn claims_follow_the_event_filters() {
    let (app, _d) = app_with_gaps();
    let subject_claims = |v: &Value| -> Vec<u64> {
        v["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["claims"].as_array().unwrap().iter().map(|c| c["value"].as_u64().unwrap()))
            .collect()
    };
    let (_, all) = get(&app, "/api/claims").await;
    let mut values = subject_claims(&all);
    values.sort();
    assert_eq!(values, [980, 1000]);
    // Only the Raqqa article reports a clash: its claim stays, and a disagreement needs both.
    let (s, v) = get(&app, "/api/claims?type=Armed+clash").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(subject_claims(&v), [980]);
    assert!(v["subjects"][0]["disagreements"].as_array().unwrap().is_empty(), "{v}");
    // A date range before the claims' December: none left.
    let (_, v) = get(&app, "/api/claims?from=2016-11-01&to=2016-11-30").await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = get(&app, "/api/claims?from=2016-11-01&to=2017-12-31&area=iraq").await;
    assert_eq!(subject_claims(&v).len(), 2, "{v}");
    let (s, v) = get(&app, "/api/claims?scope=other").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

async fn responses_are_gzipped_when_asked() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use std::io::Read;
    let (app, _d) = app_with_gaps();
    let (_, plain) = get(&app, "/api/events").await;
    let req = Request::get("/api/events").header(header::ACCEPT_ENCODING, "gzip, br").body(Body::empty());
    let res = tower::ServiceExt::oneshot(app.clone(), req.unwrap()).await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src"));
    let gz = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut json).unwrap();
    assert!(gz.len() < json.len(), "{} compressed bytes for {}", gz.len(), json.len());
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), plain);
    // No Accept-Encoding, or a small body: as it is.
    let (_, headers, _) = send(&app, Request::get("/api/events").body(Body::empty()).unwrap()).await;
    assert!(!headers.contains_key(header::CONTENT_ENCODING));
    let req = Request::get("/api/health").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty());
    let (_, headers, v) = send(&app, req.unwrap()).await;
    assert!(!headers.contains_key(header::CONTENT_ENCODING) && v["status"] == "ok", "{v}");
}

/// The raw body and headers of a GET.
async fn raw(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = axum::http::Request::get(uri).body(axum::body::Body::empty()).unwrap();
    let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn exports_of_a_filtered_view_parse_back() {
    let (app, _d) = app_with_gaps();
    let (_, want) = get(&app, "/api/events?area=iraq&min_fatalities=1").await;
    let want_ids = ids(&want);
    assert_eq!(want_ids.len(), 3, "{want}");

    let (s, h, body) = raw(&app, "/api/export?format=jsonl&area=iraq&min_fatalities=1").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(h[axum::http::header::CONTENT_DISPOSITION].to_str().unwrap().contains("eventwire-events.jsonl"));
    let got: Vec<String> =
        body.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string()).collect();
    assert_eq!(got, want_ids, "{body}");
    assert_eq!(h["x-event-count"], "3");

    let (_, _, body) = raw(&app, "/api/export?format=geojson&area=iraq&min_fatalities=1").await;
    let fc: Value = serde_json::from_str(&body).unwrap();
    let feats: Vec<String> = fc["features"].as_array().unwrap().iter().map(|f| f["id"].to_string()).collect();
    // Undated Kirkuk has a place; every event of the view is located.
    assert_eq!(feats, want_ids, "{body}");

    let (_, h, body) = raw(&app, "/api/export?format=acled&area=iraq&min_fatalities=1").await;
    assert!(h[axum::http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let rows: Vec<&str> = body.lines().collect();
    assert!(rows[0].starts_with("event_id_cnty,event_date"), "{body}");
    assert_eq!(rows.len(), 4, "header and three events: {body}");
    assert!(rows.iter().skip(1).all(|r| r.starts_with("IQ")), "{body}");

    let (s, _, body) = raw(&app, "/api/export?format=acled&scope=other").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a conflict export holds no other news: {body}");
    let (s, _, _) = raw(&app, "/api/export?format=xlsx").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

async fn the_report_of_a_filtered_view() {
    let (app, _d) = app_with_gaps();
    let (s, h, all) = raw(&app, "/api/report").await;
    assert_eq!(s, StatusCode::OK, "{all}");
    assert!(h[axum::http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/markdown"));
    assert!(all.contains("Raqqa") && all.contains("Mosul"), "{all}");
    let (_, _, some) = raw(&app, "/api/report?actor=democratic").await;
    assert!(some.contains("Raqqa") && !some.contains("Air/drone strike"), "{some}");
    let (s, _, _) = raw(&app, "/api/report?min_fatalities=1").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a filter the report cannot apply is refused, not ignored");
    let (s, h, html) = raw(&app, "/api/report?format=html").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h[axum::http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html") && html.contains("<")
    );
}

async fn control_layer_at_a_date() {
    let (app, _d) = app_with_gaps();
    let holders = |v: &Value| -> Vec<(String, String)> {
        v["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["place"]["name"].as_str().unwrap().into(), p["holder"].as_str().unwrap().into()))
            .collect()
    };
    let (s, now) = get(&app, "/api/control").await;
    assert_eq!(s, StatusCode::OK, "{now}");
    assert_eq!(holders(&now), [("Hamam al-Alil".to_string(), "Military Forces of Iraq".to_string())]);
    assert_eq!(now["places"][0]["since"], "2016-11-07");
    assert!(!now["places"][0]["event_ids"].as_array().unwrap().is_empty(), "the evidence is a click away");
    let (_, before) = get(&app, "/api/control?at=2016-11-06").await;
    assert_eq!(before["total"], 0, "no holder known before the first change: {before}");
    let (_, after) = get(&app, "/api/control?at=2016-11").await;
    assert_eq!(holders(&after), holders(&now), "a month takes its last day");
    let (s, v) = get(&app, "/api/control?at=soon").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

async fn review_marks_are_stored_shown_and_honoured_by_exports() {
    let (app, _d) = app_with_gaps();
    let (_, v) = get(&app, "/api/events?place=Raqqa").await;
    let id = v["events"][0]["id"].as_str().unwrap().to_string();
    assert!(v["events"][0].get("review").is_none(), "{v}");
    let body =
        format!(r#"{{"event_id": "{id}", "verdict": "wrong", "note": "a report of last year's battle"}}"#);
    let (s, v) = post_json(&app, "/api/reviews", &body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, e) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(e["review"]["verdict"], "wrong", "{e}");
    assert_eq!(e["review"]["note"], "a report of last year's battle");
    let (_, list) = get(&app, "/api/events?place=Raqqa").await;
    assert_eq!(list["events"][0]["review"]["verdict"], "wrong", "{list}");
    let (_, _, jsonl) = raw(&app, "/api/export?format=jsonl").await;
    assert_eq!(jsonl.lines().count(), 5, "the wrong event is not exported: {jsonl}");
    let (_, _, report) = raw(&app, "/api/report").await;
    assert!(!report.contains("Armed clash"), "nor reported (the only clash): {report}");
    // Cleared with null.
    let (s, v) =
        post_json(&app, "/api/reviews", &format!(r#"{{"event_id": "{id}", "verdict": null}}"#)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, e) = get(&app, &format!("/api/events/{id}")).await;
    assert!(e.get("review").is_none(), "{e}");

    for (body, status) in [
        (format!(r#"{{"event_id": "{id}", "verdict": "dubious"}}"#), StatusCode::BAD_REQUEST),
        (format!(r#"{{"event_id": "{id}", "verdict": null, "note": "x"}}"#), StatusCode::BAD_REQUEST),
        (r#"{"event_id": "999999", "verdict": "confirmed"}"#.to_string(), StatusCode::NOT_FOUND),
        (r#"{"verdict": "confirmed"}"#.to_string(), StatusCode::BAD_REQUEST),
    ] {
        let (s, v) = post_json(&app, "/api/reviews", &body).await;
        assert_error(s, &v, status);
    }
    // Only on a loopback server.
    let (open, _d2) = app_over(corpus(), Config { loopback_only: false, ..Default::default() });
    let (s, v) =
        post_json(&open, "/api/reviews", &format!(r#"{{"event_id": "{id}", "verdict": "confirmed"}}"#)).await;
    assert_error(s, &v, StatusCode::FORBIDDEN);
}

/// A coder's mark outlives the rebuild of the merged events that an ingest runs: it is kept
/// under the evidence span, not the event id.
async fn review_marks_outlive_an_ingest() {
    let (app, _d) = app();
    let (_, v) = get(&app, "/api/events?place=Raqqa").await;
    let id = v["events"][0]["id"].as_str().unwrap().to_string();
    let body = format!(r#"{{"event_id": "{id}", "verdict": "confirmed", "note": "checked"}}"#);
    let (s, v) = post_json(&app, "/api/reviews", &body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let article = serde_json::json!({
        "title": "Clashes reported near Tal Afar",
        "published": "2017-08-21",
        "text": "Clashes reported near Tal Afar\n\nTAL AFAR, Iraq, Aug 21, 2017 - Iraqi forces fought \
                 Islamic State militants near Tal Afar on Monday, an officer said.\n"
    });
    let (s, v) =
        post_json(&app, "/api/ingest", &serde_json::json!({ "articles": [article] }).to_string()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["ingested"][0]["status"], "added", "{v}");
    let (_, v) = get(&app, "/api/events?place=Raqqa").await;
    assert_eq!(v["events"][0]["review"]["verdict"], "confirmed", "{v}");
    assert_eq!(v["events"][0]["review"]["note"], "checked");
    let (_, v) = get(&app, "/api/events?reviewed=true").await;
    assert_eq!(v["total"], 1, "{v}");
}

crate::on_both_stores!(
    area_fatality_and_source_filters,
    events_with_no_place_or_no_date_are_listed,
    list_sort_orders,
    claims_follow_the_event_filters,
    responses_are_gzipped_when_asked,
    exports_of_a_filtered_view_parse_back,
    the_report_of_a_filtered_view,
    control_layer_at_a_date,
    review_marks_are_stored_shown_and_honoured_by_exports,
    review_marks_outlive_an_ingest,
);
