//! API tests of the aggregates: event counts per grid cell and per day, week or month, over
//! the same hand-coded store as `api.rs`.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

fn cells(v: &Value) -> Vec<(String, u64)> {
    v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["place"].as_str().unwrap().to_string(), c["count"].as_u64().unwrap()))
        .collect()
}

async fn grid_counts_events_per_cell_at_a_zoom() {
    let (app, _d) = app();
    // Zoom 0: 45° cells. Northern Iraq and Raqqa share one; Somosomo (Fiji) has its own.
    let (s, v) = get(&app, "/api/events/grid?zoom=0").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["cell_degrees"], 45.0);
    assert_eq!(v["located"], 4, "the conflict record only: {v}");
    assert_eq!(v["unlocated"], 0);
    let c = &v["cells"][0];
    assert_eq!(c["count"], 3, "{v}");
    assert_eq!(
        (c["west"].as_f64(), c["south"].as_f64(), c["east"].as_f64()),
        (Some(0.0), Some(0.0), Some(45.0))
    );
    assert_eq!(c["fatalities"], 17, "5 at Mosul and 12 at Raqqa");
    assert_eq!(c["places"], 3);
    assert_eq!(c["types"]["Battles"], 2, "{c}");
    let mean_lat = (36.16 + 36.34 + 35.95) / 3.0;
    assert!((c["lat"].as_f64().unwrap() - mean_lat).abs() < 1e-9, "the cell's point is its events' mean");
    assert_eq!(v["cells"][1]["west"], 135.0);
    assert_eq!(v["cells"][1]["south"], -45.0);
    // Zoom 3 (5.625°): Raqqa leaves the Mosul cell; a tie names the first place in order.
    let (_, v) = get(&app, "/api/events/grid?zoom=3").await;
    assert_eq!(
        cells(&v),
        [("Hamam al-Alil".to_string(), 2), ("Raqqa".to_string(), 1), ("Somosomo".to_string(), 1)]
    );
    // The event filters apply: a box, a type, a date range.
    let (_, v) = get(&app, "/api/events/grid?zoom=3&bbox=42,35,45,37.5").await;
    assert_eq!(cells(&v), [("Hamam al-Alil".to_string(), 2)]);
    let (_, v) = get(&app, "/api/events/grid?zoom=8&type=battles&from=2017").await;
    assert_eq!(cells(&v), [("Raqqa".to_string(), 1)]);
    // The scope follows /api/events: the grid counts exactly the events it lists.
    for scope in ["other", "all"] {
        let (_, list) = get(&app, &format!("/api/events?scope={scope}&limit=1000")).await;
        let located =
            list["events"].as_array().unwrap().iter().filter(|e| e["place"]["lat"].is_f64()).count();
        let (_, v) = get(&app, &format!("/api/events/grid?zoom=0&scope={scope}")).await;
        assert_eq!(v["located"].as_u64(), Some(located as u64), "{scope}: {v}");
        assert_eq!(
            v["located"].as_u64().unwrap() + v["unlocated"].as_u64().unwrap(),
            list["total"].as_u64().unwrap()
        );
    }
}

async fn histogram_counts_dated_events_per_bucket() {
    let (app, _d) = app();
    let bars = |v: &Value| -> Vec<(String, u64, u64)> {
        v["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["start"].as_str().unwrap().to_string(),
                    b["count"].as_u64().unwrap(),
                    b["fatalities"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (s, v) = get(&app, "/api/events/histogram?bucket=month").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["bucket"], "month");
    assert_eq!((v["dated"].as_u64(), v["undated"].as_u64()), (Some(4), Some(0)));
    let month = |m: &str, n, f| (m.to_string(), n, f);
    assert_eq!(bars(&v), [month("2016-11-01", 2, 5), month("2017-02-01", 1, 0), month("2017-06-01", 1, 12)]);
    // Weeks start on Monday: 7 Nov 2016 was one, 20 Nov 2016 a Sunday.
    let (_, v) = get(&app, "/api/events/histogram?bucket=week&to=2016-12").await;
    assert_eq!(bars(&v), [month("2016-11-07", 1, 0), month("2016-11-14", 1, 5)]);
    // Days are the default.
    let (_, v) = get(&app, "/api/events/histogram?place=Mosul").await;
    assert_eq!(v["bucket"], "day");
    assert_eq!(bars(&v), [month("2016-11-20", 1, 5)]);
}

async fn aggregates_refuse_bad_parameters() {
    let (app, _d) = app();
    for uri in [
        "/api/events/grid",
        "/api/events/grid?zoom=21",
        "/api/events/grid?zoom=-1",
        "/api/events/grid?zoom=3&limit=5",
        "/api/events/grid?zoom=3&bbox=1,2,3",
        "/api/events/histogram?bucket=year",
        "/api/events/histogram?sort=newest",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}: {v}");
    }
}

async fn aggregates_are_documented_as_served() {
    let (app, _d) = app();
    let (_, doc) = get(&app, "/api/openapi.json").await;
    for (path, uri, schema) in [
        ("/api/events/grid", "/api/events/grid?zoom=2", "Grid"),
        ("/api/events/histogram", "/api/events/histogram?bucket=week", "Histogram"),
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
        let (_, v) = get(&app, uri).await;
        let mut served: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut documented: Vec<&str> = doc["components"]["schemas"][schema]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        served.sort_unstable();
        documented.sort_unstable();
        assert_eq!(served, documented, "{path}");
    }
    let cell = doc["components"]["schemas"]["GridCell"]["required"].as_array().unwrap().len();
    let (_, v) = get(&app, "/api/events/grid?zoom=2").await;
    assert_eq!(v["cells"][0].as_object().unwrap().len(), cell, "every GridCell field documented");
}

crate::on_both_stores!(
    grid_counts_events_per_cell_at_a_zoom,
    histogram_counts_dated_events_per_bucket,
    aggregates_refuse_bad_parameters,
    aggregates_are_documented_as_served,
);
