//! API tests of paging: pages of every order cut one stable list, totals count the whole
//! filter, the `reviewed` filter follows review marks, and the cache of totals follows writes.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

async fn pages_of_every_order_cut_one_list() {
    let (app, _d) = app_over(corpus_with_other_news(), Default::default());
    for sort in ["oldest", "newest", "fatalities", "sources"] {
        for scope in ["conflict", "all"] {
            let (s, whole) = get(&app, &format!("/api/events?sort={sort}&scope={scope}&limit=1000")).await;
            assert_eq!(s, StatusCode::OK, "{whole}");
            let all = ids(&whole);
            assert!(all.len() >= 4, "{whole}");
            let mut paged = Vec::new();
            for offset in (0..all.len() + 2).step_by(2) {
                let (_, v) =
                    get(&app, &format!("/api/events?sort={sort}&scope={scope}&limit=2&offset={offset}"))
                        .await;
                assert_eq!(
                    v["total"].as_u64(),
                    Some(all.len() as u64),
                    "the total is the filter's, not the page's"
                );
                paged.extend(ids(&v));
            }
            assert_eq!(paged, all, "{sort} {scope}");
        }
    }
    // Newest first: dates never increase, undated events last.
    let (_, v) = get(&app, "/api/events?sort=newest&scope=all&limit=1000").await;
    let dates: Vec<Option<&str>> =
        v["events"].as_array().unwrap().iter().map(|e| e["date"].as_str()).collect();
    let dated: Vec<&str> = dates.iter().map_while(|d| *d).collect();
    assert!(dated.windows(2).all(|w| w[0][..4] >= w[1][..4]), "{dates:?}");
    assert!(dates[dated.len()..].iter().all(Option::is_none), "{dates:?}");
    // Fatalities: most first.
    let (_, v) = get(&app, "/api/events?sort=fatalities&limit=1000").await;
    let f: Vec<u64> =
        v["events"].as_array().unwrap().iter().map(|e| e["fatalities"].as_u64().unwrap_or(0)).collect();
    assert!(f.windows(2).all(|w| w[0] >= w[1]), "{f:?}");
    // A page past the end is empty and still says how many there are; limit=0 counts only.
    let (_, v) = get(&app, "/api/events?offset=1000").await;
    assert_eq!(ids(&v).len(), 0);
    let (_, c) = get(&app, "/api/events?limit=0").await;
    assert_eq!(c["total"], v["total"]);
    assert!(c["total"].as_u64().unwrap() > 0);
}

/// On SQLite (the PostgreSQL store's cursors are compared with these in `crates/cli/tests/serve_cli.rs`).
#[tokio::test]
async fn pages_after_cursors_cut_the_same_list() {
    let (app, _d) = app_over(corpus_with_other_news(), Default::default());
    for sort in ["oldest", "newest", "fatalities", "sources"] {
        for scope in ["conflict", "all"] {
            let list = format!("/api/events?sort={sort}&scope={scope}");
            let (_, whole) = get(&app, &format!("{list}&limit=1000")).await;
            assert!(whole.get("next").is_none(), "a short page has no next page: {whole}");
            let all = ids(&whole);
            let (mut paged, mut after) = (Vec::new(), None::<String>);
            loop {
                let url = match &after {
                    Some(c) => format!("{list}&limit=3&after={c}"),
                    None => format!("{list}&limit=3"),
                };
                let (s, v) = get(&app, &url).await;
                assert_eq!(s, StatusCode::OK, "{v}");
                assert_eq!(v["total"].as_u64(), Some(all.len() as u64), "the total is the filter's");
                paged.extend(ids(&v));
                assert!(paged.len() <= all.len(), "{sort} {scope}: pages repeat");
                match v["next"].as_str() {
                    Some(c) => after = Some(c.to_string()),
                    None => break,
                }
            }
            assert_eq!(paged, all, "{sort} {scope}");
        }
    }
    // `offset` counts from the cursor.
    let (_, first) = get(&app, "/api/events?sort=newest&limit=1").await;
    let next = first["next"].as_str().expect("a full page has a next page");
    let (_, whole) = get(&app, "/api/events?sort=newest&limit=1000").await;
    let (_, v) = get(&app, &format!("/api/events?sort=newest&limit=2&offset=1&after={next}")).await;
    assert_eq!(ids(&v), ids(&whole)[2..4]);
    // A cursor is of one order, and written by the server.
    for bad in [format!("sort=oldest&after={next}"), "after=newest.x.1".into(), "after=17000".into()] {
        let (s, v) = get(&app, &format!("/api/events?{bad}")).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert!(v["error"]["message"].as_str().unwrap().contains("'after'"), "{v}");
    }
}

async fn the_reviewed_filter_and_the_totals_follow_review_marks() {
    let (app, _d) = app();
    let (_, all) = get(&app, "/api/events?limit=1000").await;
    let every = ids(&all);
    let (_, v) = get(&app, "/api/events?reviewed=true").await;
    assert_eq!(v["total"], 0);
    let (_, v) = get(&app, "/api/events?reviewed=false").await;
    assert_eq!(v["total"].as_u64(), Some(every.len() as u64));
    let id = &every[1];
    let body = format!(r#"{{"event_id": "{id}", "verdict": "confirmed", "note": "seen"}}"#);
    let (s, v) = post_json(&app, "/api/reviews", &body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The totals counted before the mark are not served after it.
    let (_, v) = get(&app, "/api/events?reviewed=true").await;
    assert_eq!(ids(&v), std::slice::from_ref(id));
    assert_eq!(v["total"], 1);
    assert_eq!(v["events"][0]["review"]["verdict"], "confirmed", "{v}");
    let (_, v) = get(&app, "/api/events?reviewed=false&limit=1000").await;
    assert_eq!(v["total"].as_u64(), Some(every.len() as u64 - 1));
    assert!(!ids(&v).contains(id));
    // The aggregates and the export take the filter too.
    let (_, g) = get(&app, "/api/events/grid?zoom=0&reviewed=true").await;
    assert_eq!(g["located"].as_u64().unwrap() + g["unlocated"].as_u64().unwrap(), 1, "{g}");
    let (_, h) = get(&app, "/api/events/histogram?reviewed=false").await;
    assert_eq!(h["dated"].as_u64().unwrap() + h["undated"].as_u64().unwrap(), every.len() as u64 - 1, "{h}");
    let (s, v) = get(&app, "/api/events?reviewed=maybe").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

crate::on_both_stores!(
    pages_of_every_order_cut_one_list,
    the_reviewed_filter_and_the_totals_follow_review_marks,
);
