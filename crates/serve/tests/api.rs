//! API tests: every endpoint, its filters and its 4xx answers, over a real store (in a temp
//! dir) filled with hand-coded analyses of our own short articles, so the expectations do not
//! depend on how well the analysis layers do. `POST /api/ingest` runs the real pipeline.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use eventwire_serve::{Config, StoreCorpus};
use eventwire_store::Store;
use serde_json::{json, Value};
use std::sync::Arc;

async fn events_list_and_filters() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/events").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 4, "{v}");
    // Sorted by date.
    let dates: Vec<&str> =
        v["events"].as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2016-11-07", "2016-11-20", "2017-02-01", "2017-06-06"]);
    let hamam = &v["events"][0];
    assert_eq!(hamam["source_count"], 2, "two reports merged: {hamam}");
    assert_eq!(hamam["independent_sources"], 2);
    assert_eq!(hamam["place"]["id"], "gn:99001");
    assert_eq!(hamam["place"]["country"], "Iraq", "the API names the country: {hamam}");

    let (_, v) = get(&app, "/api/events?from=2016-11&to=2016-11").await;
    assert_eq!(places_of(&v), ["Hamam al-Alil", "Mosul"]);
    let (_, v) = get(&app, "/api/events?from=2016-11-08&to=2016-11-30").await;
    assert_eq!(places_of(&v), ["Mosul"]);
    let (_, v) = get(&app, "/api/events?from=2017").await;
    assert_eq!(places_of(&v), ["Somosomo", "Raqqa"]);
    // A box around northern Iraq, and one across the antimeridian.
    let (_, v) = get(&app, "/api/events?bbox=42,35,45,37.5").await;
    assert_eq!(places_of(&v), ["Hamam al-Alil", "Mosul"]);
    let (_, v) = get(&app, "/api/events?bbox=170,-20,-170,-10").await;
    assert_eq!(places_of(&v), ["Somosomo"]);
    let (_, v) = get(&app, "/api/events?actor=democratic").await;
    assert_eq!(places_of(&v), ["Raqqa"]);
    let (_, v) = get(&app, "/api/events?type=battles").await;
    assert_eq!(places_of(&v), ["Hamam al-Alil", "Raqqa"]);
    let (_, v) = get(&app, "/api/events?type=Air%2Fdrone+strike").await;
    assert_eq!(places_of(&v), ["Mosul"]);
    let (_, v) = get(&app, "/api/events?place=mosul").await;
    assert_eq!(places_of(&v), ["Mosul"], "exact name, not every place 'south of Mosul'");
    let (_, v) = get(&app, "/api/events?place=gn:99003").await;
    assert_eq!(places_of(&v), ["Raqqa"]);
    let (_, v) = get(&app, "/api/events?limit=2&offset=1").await;
    assert_eq!(v["total"], 4);
    assert_eq!(places_of(&v), ["Mosul", "Somosomo"]);
    let (_, docs) = get(&app, "/api/documents?q=raqqa").await;
    let raqqa_doc = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let (_, v) = get(&app, &format!("/api/events?document={raqqa_doc}")).await;
    assert_eq!(places_of(&v), ["Raqqa"]);
}

async fn event_detail_has_every_source_with_quote_and_span() {
    let (app, _d) = app();
    let (_, list) = get(&app, "/api/events?place=Hamam+al-Alil").await;
    let id = list["events"][0]["id"].as_str().unwrap().to_string();
    let (s, ev) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    let sources = ev["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{ev}");
    for src in sources {
        let (_, doc) = get(&app, &format!("/api/documents/{}", src["document_id"].as_str().unwrap())).await;
        let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        let (a, b) = (src["start"].as_u64().unwrap() as usize, src["end"].as_u64().unwrap() as usize);
        let quoted: String = text[a..b].iter().collect();
        assert_eq!(quoted, src["quote"].as_str().unwrap(), "span must index the document text");
        assert!(quoted.contains("Hamam al-Alil"));
        let (ta, tb) =
            (src["trigger_start"].as_u64().unwrap() as usize, src["trigger_end"].as_u64().unwrap() as usize);
        assert!(a <= ta && ta < tb && tb <= b, "the trigger lies inside the quote: {src}");
        let trigger: String = text[ta..tb].iter().collect();
        assert_eq!(Some(trigger.as_str()), quoted.split(' ').next());
    }
    // The location: its ACLED precision, source and the span of its place in its document.
    let loc = &ev["location"];
    assert_eq!((loc["geo_precision"].as_u64(), loc["source"].as_str()), (Some(1), Some("sentence")), "{ev}");
    assert_eq!(loc["admin_level"], "place");
    let (_, doc) =
        get(&app, &format!("/api/documents/{}", ev["location_document_id"].as_str().unwrap())).await;
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let (a, b) = (loc["start"].as_u64().unwrap() as usize, loc["end"].as_u64().unwrap() as usize);
    assert_eq!(text[a..b].iter().collect::<String>(), "Hamam al-Alil");
    let (s, v) = get(&app, "/api/events/999999").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = get(&app, "/api/events/not-a-number").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

async fn documents_list_detail_and_filter() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 4);
    let docs = v["documents"].as_array().unwrap();
    // By publication date.
    let keys: Vec<&str> = docs.iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["other/hamam", "wire/hamam", "wire/taveuni", "wire/raqqa"]);
    assert_eq!(docs[1]["event_count"], 2);
    let (_, v) = get(&app, "/api/documents?q=HAMAM&limit=1").await;
    assert_eq!(v["total"], 2);
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    let id = docs[1]["id"].as_str().unwrap();
    let (s, d) = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["text"].as_str().unwrap().starts_with("Iraqi troops take Hamam al-Alil\n"));
    assert_eq!(d["events"].as_array().unwrap().len(), 2);
    assert_eq!(d["title"], "Iraqi troops take Hamam al-Alil");
    let (s, v) = get(&app, "/api/documents/12345").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

async fn places_and_control_history() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/places").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 4);
    let (_, v) = get(&app, "/api/places?q=ham").await;
    assert_eq!(v["places"][0]["name"], "Hamam al-Alil");
    assert_eq!(v["places"][0]["controller"], "Military Forces of Iraq", "{v}");
    let (s, p) = get(&app, "/api/places/gn:99001").await;
    assert_eq!(s, StatusCode::OK);
    let control = p["control"].as_array().unwrap();
    assert_eq!(control.len(), 1, "{p}");
    assert_eq!(control[0]["to"], "Military Forces of Iraq");
    assert_eq!(control[0]["date"], "2016-11-07");
    assert!(!control[0]["sources"].as_array().unwrap().is_empty());
    assert_eq!(p["events"].as_array().unwrap().len(), 1);
    let (s, v) = get(&app, "/api/places/gn:1").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

async fn claims_ledger_flags_the_disagreement() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/claims").await;
    assert_eq!(s, StatusCode::OK);
    let subjects = v["subjects"].as_array().unwrap();
    let subj = subjects
        .iter()
        .find(|s| s["claims"].as_array().unwrap().len() == 2)
        .unwrap_or_else(|| panic!("the two December claims share a subject: {v}"));
    let values: Vec<u64> =
        subj["claims"].as_array().unwrap().iter().map(|c| c["value"].as_u64().unwrap()).collect();
    assert!(values.contains(&1000) && values.contains(&980), "{subj}");
    assert_eq!(subj["disagreements"].as_array().unwrap().len(), 1, "{subj}");
    assert!(subj["claims"].as_array().unwrap().iter().all(|c| c["disputed"] == true));
    let summary = subj["disagreements"][0]["summary"].as_str().unwrap();
    assert!(summary.contains("Pentagon") && summary.contains("Iraqi commanders"), "{summary}");
    for c in subj["claims"].as_array().unwrap() {
        assert!(c["end"].as_u64().unwrap() > c["start"].as_u64().unwrap());
    }
    let (_, v) = get(&app, "/api/claims?q=no-such-subject").await;
    assert_eq!(v["total"], 0);
}

async fn other_news_and_background_stay_out_of_the_conflict_views() {
    let (app, _d) = app_over(corpus_with_other_news(), Config::default());
    let (_, v) = get(&app, "/api/events").await;
    assert_eq!(v["total"], 4, "the map's default view is the conflict record: {v}");
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["scope"] == "conflict" && e["historical"] == false));
    let (s, v) = get(&app, "/api/events?scope=other").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(places_of(&v), ["Tal Afar"]);
    assert_eq!(v["events"][0]["scope"], "other");
    assert_eq!(v["events"][0]["category"], "natural_disaster");
    let (_, v) = get(&app, "/api/events?scope=historical").await;
    assert_eq!(places_of(&v), ["Sinjar"]);
    assert_eq!(v["events"][0]["historical"], true);
    let (_, v) = get(&app, "/api/events?scope=all").await;
    assert_eq!(v["total"], 6);
    let (s, v) = get(&app, "/api/events?scope=everything").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);

    let (_, v) = get(&app, "/api/timeline").await;
    let summaries: Vec<&str> =
        v["entries"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert_eq!(summaries.len(), 4, "{summaries:?}");
    assert!(!summaries.iter().any(|s| s.contains("Tal Afar") || s.contains("Sinjar")), "{summaries:?}");
    let (s, v) = get(&app, "/api/timeline?scope=other").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (_, v) = get(&app, "/api/places").await;
    assert_eq!(v["total"], 4, "{v}");
    let (_, v) = get(&app, "/api/claims").await;
    let values: Vec<u64> = v["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["claims"].as_array().unwrap().iter().map(|c| c["value"].as_u64().unwrap()))
        .collect();
    assert!(!values.contains(&30) && !values.contains(&200), "{values:?}");

    // The article itself lists what it reports, each event saying its scope.
    let (_, docs) = get(&app, "/api/documents?q=floods").await;
    let id = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let (_, d) = get(&app, &format!("/api/documents/{id}")).await;
    let kinds: Vec<(&str, bool)> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["scope"].as_str().unwrap(), e["historical"].as_bool().unwrap()))
        .collect();
    assert_eq!(kinds, [("conflict", true), ("other", false)]);
}

async fn the_taxonomy_is_served_from_the_data_file() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/taxonomy").await;
    assert_eq!(s, StatusCode::OK);
    let t = eventwire_model::taxonomy();
    let names: Vec<&str> =
        v["event_types"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, t.event_type_names().collect::<Vec<_>>());
    assert_eq!(v["event_types"][0]["mutual"], true);
    let subs: Vec<&Value> = v["event_types"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["sub_event_types"].as_array().unwrap())
        .collect();
    assert_eq!(subs.len(), t.sub_event_types().count());
    let territory: Vec<&str> =
        subs.iter().filter(|s| s["territory"].is_string()).map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(territory, t.territory_sub_event_types().collect::<Vec<_>>());
    let (s, v) = get(&app, "/api/taxonomy?x=1").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

async fn timeline_and_search() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/timeline?from=2016-11-01&to=2016-11-30").await;
    assert_eq!(s, StatusCode::OK);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e["date"].as_str().unwrap().starts_with("2016-11")));
    assert!(entries[0]["summary"].as_str().unwrap().contains("Hamam al-Alil"), "{v}");

    let (s, v) = get(&app, "/api/search?q=Raqqa").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["title"], "Fighting in Raqqa");
    let parts = hit["snippet"].as_array().unwrap();
    assert!(parts
        .iter()
        .any(|p| p["hit"] == true && p["text"].as_str().unwrap().eq_ignore_ascii_case("raqqa")));
    let (_, v) = get(&app, "/api/search?q=Hamam&from=2016-11-08").await;
    assert_eq!(v["total"], 1, "date filter on publication: {v}");
    // Unbalanced FTS syntax falls back to plain words instead of failing.
    let (s, _) = get(&app, "/api/search?q=%22Mosul").await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = get(&app, "/api/search").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = get(&app, "/api/search?q=x&bbox=1,2,3,4").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

async fn malformed_requests_get_json_4xx() {
    let (app, _d) = app();
    for uri in [
        "/api/events?from=2016-13-01",
        "/api/events?from=yesterday",
        "/api/events?from=2017-01-01&to=2016-01-01",
        "/api/events?bbox=1,2,3",
        "/api/events?bbox=0,50,10,40",
        "/api/events?limit=-1",
        "/api/events?limit=100001",
        "/api/events?nope=1",
        "/api/events?type=a&type=b",
        "/api/events?place=%ZZ",
        "/api/documents?offset=x",
        "/api/documents/1?x=1",
        "/api/documents/%FF",
        "/api/places/%C3",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    let (s, v) = get(&app, "/api/nothing-here").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, _, v) = send(&app, Request::delete("/api/events").body(Body::empty()).unwrap()).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    let (s, _, v) = send(&app, Request::post("/index.html").body(Body::empty()).unwrap()).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    let (s, v) = get(&app, "/no/such/asset.js").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

async fn ingest_validates_and_limits() {
    let (app, _d) = app_with(Config { max_body_bytes: 4096, ..Default::default() });
    let (s, v) = post_json(&app, "/api/ingest", "{not json").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post_json(&app, "/api/ingest", r#"{"title": "no text"}"#).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post_json(&app, "/api/ingest", r#"{"text": "   "}"#).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post_json(&app, "/api/ingest", r#"{"text": "x", "published": "7 Nov"}"#).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post_json(&app, "/api/ingest", r#"{"text": "x", "evil": 1}"#).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post_json(&app, "/api/ingest", "[]").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let big = json!({ "text": "a ".repeat(3000) }).to_string();
    let (s, v) = post_json(&app, "/api/ingest", &big).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
    let req =
        Request::post("/api/ingest").header(header::CONTENT_TYPE, "text/plain").body(Body::from("hello"));
    let (s, _, v) = send(&app, req.unwrap()).await;
    assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (s, _, v) = send(&app, Request::get("/api/ingest").body(Body::empty()).unwrap()).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
}

async fn ingest_adds_documents_idempotently() {
    let (app, _d) = app();
    let article = json!({
        "id": "api/test-1",
        "title": "Clashes reported near Tal Afar",
        "published": "2017-08-21",
        "text": "Clashes reported near Tal Afar\n\nTAL AFAR, Iraq, Aug 21, 2017 - Iraqi forces fought \
                 Islamic State militants near Tal Afar on Monday, an officer said.\n"
    });
    let (s, v) = post_json(&app, "/api/ingest", &json!({ "articles": [article] }).to_string()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["ingested"][0]["status"], "added");
    assert_eq!(v["ingested"][0]["id"], "api/test-1");
    let (_, docs) = get(&app, "/api/documents?q=tal+afar").await;
    assert_eq!(docs["total"], 1);
    assert_eq!(docs["documents"][0]["published"], "2017-08-21");
    let (_, hits) = get(&app, "/api/search?q=officer").await;
    assert_eq!(hits["total"], 1);
    // The same text again changes nothing.
    let (s, v) = post_json(&app, "/api/ingest", &article.to_string()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["ingested"][0]["status"], "unchanged");
    let (_, docs) = get(&app, "/api/documents").await;
    assert_eq!(docs["total"], 5);
}

async fn openapi_health_assets_and_headers() {
    let (app, _d) = app();
    let (s, v) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["openapi"], "3.1.0");
    for path in [
        "/api/taxonomy",
        "/api/documents",
        "/api/documents/{id}",
        "/api/events",
        "/api/events/{id}",
        "/api/places",
        "/api/places/{id}",
        "/api/claims",
        "/api/timeline",
        "/api/search",
        "/api/ingest",
    ] {
        assert!(v["paths"][path].is_object(), "{path} undocumented");
    }
    let (s, v) = get(&app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    let (s, h, _) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

async fn loopback_server_refuses_foreign_host_headers() {
    let (app, _d) = app();
    let req =
        |host: &str| Request::get("/api/health").header(header::HOST, host).body(Body::empty()).unwrap();
    for ok in ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080"] {
        let (s, _, _) = send(&app, req(ok)).await;
        assert_eq!(s, StatusCode::OK, "{ok}");
    }
    for bad in ["evil.example:8080", "192.168.1.5:8080", "localhost.evil.example"] {
        let (s, _, v) = send(&app, req(bad)).await;
        assert_error(s, &v, StatusCode::FORBIDDEN);
    }
    let (open, _d2) = app_with(Config { loopback_only: false, ..Default::default() });
    let (s, _, _) = send(&open, req("server.lan:8080")).await;
    assert_eq!(s, StatusCode::OK);
}

async fn refusals_carry_the_security_headers() {
    let (app, _d) = app();
    let req = Request::get("/api/health").header(header::HOST, "evil.example").body(Body::empty()).unwrap();
    let (s, h, _) = send(&app, req).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for name in [header::CONTENT_SECURITY_POLICY, header::X_CONTENT_TYPE_OPTIONS, header::X_FRAME_OPTIONS] {
        assert!(h.contains_key(&name), "403 without {name}");
    }
}

async fn a_token_guards_the_api_but_not_health() {
    let (app, _d) =
        app_with(Config { token: Some("s3cret".into()), loopback_only: false, ..Default::default() });
    let req = |auth: Option<&str>| {
        let r = Request::get("/api/events");
        let r = if let Some(a) = auth { r.header(header::AUTHORIZATION, a) } else { r };
        r.body(Body::empty()).unwrap()
    };
    for bad in [None, Some("Bearer wrong!"), Some("Bearer s3cre"), Some("s3cret")] {
        let (s, h, v) = send(&app, req(bad)).await;
        assert_error(s, &v, StatusCode::UNAUTHORIZED);
        assert!(h.contains_key(header::CONTENT_SECURITY_POLICY), "{bad:?}");
    }
    let (s, _, _) = send(&app, req(Some("Bearer s3cret"))).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = get(&app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
}

async fn a_declared_length_over_the_limit_is_refused_before_the_body() {
    let (app, _d) = app_with(Config { max_body_bytes: 4096, ..Default::default() });
    // The body never comes: only the declared length can answer, and it must answer at once.
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "3000000")
        .body(Body::new(Stalled))
        .unwrap();
    let answered = tokio::time::timeout(std::time::Duration::from_secs(5), send(&app, req)).await;
    let (s, _, v) = answered.expect("413 without waiting for the body");
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
}

/// A request body that never sends a byte.
struct Stalled;

impl http_body::Body for Stalled {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

#[tokio::test]
async fn serve_refuses_a_non_loopback_address_without_a_token() {
    let corpus = Arc::new(StoreCorpus::new(Store::open_in_memory().unwrap(), None));
    let addr = "0.0.0.0:0".parse().unwrap();
    let err = eventwire_serve::serve(corpus, Config::default(), addr, |_| {}).await.unwrap_err();
    assert!(err.to_string().contains("--insecure-no-auth"), "{err}");
}

async fn writes_past_the_rate_cap_get_429_and_reads_go_on() {
    let (app, _d) = app_with(Config { max_writes_per_minute: 2, ..Default::default() });
    // Refused writes count too (a bad body still takes the server's time).
    for _ in 0..2 {
        let (s, v) = post_json(&app, "/api/ingest", "{not json").await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    let req = Request::post("/api/ingest").header(header::CONTENT_TYPE, "application/json");
    let (s, h, v) = send(&app, req.body(Body::from("{not json")).unwrap()).await;
    assert_error(s, &v, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = h[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=31).contains(&retry), "{retry}");
    assert!(h.contains_key(header::CONTENT_SECURITY_POLICY));
    let (s, _) = get(&app, "/api/events").await;
    assert_eq!(s, StatusCode::OK);
}

crate::on_both_stores!(
    events_list_and_filters,
    event_detail_has_every_source_with_quote_and_span,
    documents_list_detail_and_filter,
    places_and_control_history,
    claims_ledger_flags_the_disagreement,
    other_news_and_background_stay_out_of_the_conflict_views,
    the_taxonomy_is_served_from_the_data_file,
    timeline_and_search,
    malformed_requests_get_json_4xx,
    ingest_validates_and_limits,
    ingest_adds_documents_idempotently,
    openapi_health_assets_and_headers,
    loopback_server_refuses_foreign_host_headers,
    refusals_carry_the_security_headers,
    a_token_guards_the_api_but_not_health,
    a_declared_length_over_the_limit_is_refused_before_the_body,
    writes_past_the_rate_cap_get_429_and_reads_go_on,
);
