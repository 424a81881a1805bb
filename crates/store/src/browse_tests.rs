//! The SQL of `browse.rs` against the same filters applied to every loaded event.

use crate::browse::*;
use crate::{EventFilter, EventScope, MergedEvent, Review, Store, Verdict};
use crate::{PageCursor, Paging};

fn loaded() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.add_batch(&crate::tests::corpus()).unwrap();
    s.fuse().unwrap();
    s
}

fn all(s: &Store) -> Vec<MergedEvent> {
    let mut v = Vec::new();
    s.for_each_event(&EventFilter { scope: EventScope::All, ..Default::default() }, |e| {
        v.push(e);
        Ok(())
    })
    .unwrap();
    v
}

fn ids(v: &[MergedEvent]) -> Vec<i64> {
    v.iter().map(|e| e.id).collect()
}

fn page_ids(s: &Store, q: &EventQuery, order: EventOrder) -> Vec<i64> {
    ids(&s.event_page(q, order, usize::MAX, 0).unwrap())
}

#[test]
fn pages_follow_the_orders_and_the_count_matches() {
    let s = loaded();
    let q = EventQuery { scope: EventScope::All, ..Default::default() };
    let every = all(&s);
    assert!(every.len() >= 2, "the fixture corpus has events");
    assert_eq!(page_ids(&s, &q, EventOrder::Oldest), ids(&every), "oldest first is the store's order");
    assert_eq!(s.event_count(&q).unwrap(), every.len() as u64);
    let day =
        |e: &MergedEvent| e.fused.date.as_deref().and_then(eventwire_fuse::dates::interval).map(|w| w.0);
    let mut newest = every.clone();
    newest.sort_by_key(|e| std::cmp::Reverse((day(e), e.id)));
    assert_eq!(page_ids(&s, &q, EventOrder::Newest), ids(&newest));
    let mut fat = every.clone();
    fat.sort_by_key(|e| std::cmp::Reverse((e.fused.fatalities_min.unwrap_or(0), day(e), e.id)));
    assert_eq!(page_ids(&s, &q, EventOrder::Fatalities), ids(&fat));
    // Pages cut the same order without gaps or repeats.
    let whole = page_ids(&s, &q, EventOrder::Newest);
    let mut paged = Vec::new();
    for off in (0..whole.len()).step_by(2) {
        paged.extend(ids(&s.event_page(&q, EventOrder::Newest, 2, off).unwrap()));
    }
    assert_eq!(paged, whole);
}

#[test]
fn filters_match_the_fused_values() {
    let s = loaded();
    let every = all(&s);
    let check = |q: EventQuery, keep: &dyn Fn(&MergedEvent) -> bool| {
        let want: Vec<i64> = every.iter().filter(|e| keep(e)).map(|e| e.id).collect();
        assert_eq!(page_ids(&s, &q, EventOrder::Oldest), want, "{q:?}");
        assert_eq!(s.event_count(&q).unwrap(), want.len() as u64, "{q:?}");
    };
    let conflict = |e: &MergedEvent| e.fused.is_conflict_news();
    check(EventQuery::default(), &conflict);
    let t = every[0].fused.event_type.to_uppercase();
    check(EventQuery { event_type: Some(t.clone()), scope: EventScope::All, ..Default::default() }, &|e| {
        e.fused.event_type.eq_ignore_ascii_case(&t) || e.fused.sub_event_type.eq_ignore_ascii_case(&t)
    });
    let placed = every.iter().find_map(|e| e.fused.place.clone()).expect("a located event");
    check(
        EventQuery { place: Some(placed.key.clone()), scope: EventScope::All, ..Default::default() },
        &|e| e.fused.place.as_ref().is_some_and(|p| p.key == placed.key),
    );
    if let Some(c) = placed.country.clone() {
        check(
            EventQuery { area: Some(c.to_lowercase()), scope: EventScope::All, ..Default::default() },
            &|e| {
                e.fused.place.as_ref().is_some_and(|p| {
                    [&p.country, &p.country_code, &p.admin1]
                        .iter()
                        .any(|v| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(&c)))
                })
            },
        );
    }
    check(EventQuery { min_fatalities: Some(1), scope: EventScope::All, ..Default::default() }, &|e| {
        e.fused.fatalities_min.unwrap_or(0) >= 1
    });
    check(EventQuery { missing: Some(Missing::Date), scope: EventScope::All, ..Default::default() }, &|e| {
        e.fused.date.is_none()
    });
    check(EventQuery { missing: Some(Missing::Place), scope: EventScope::All, ..Default::default() }, &|e| {
        !e.fused.place.as_ref().is_some_and(|p| p.lat.is_some() && p.lon.is_some())
    });
    let (lat, lon) = (placed.lat.unwrap(), placed.lon.unwrap());
    let bbox = [lon - 1.0, lat - 1.0, lon + 1.0, lat + 1.0];
    check(EventQuery { bbox: Some(bbox), scope: EventScope::All, ..Default::default() }, &|e| {
        e.fused.place.as_ref().is_some_and(|p| {
            p.lat.is_some_and(|y| (bbox[1]..=bbox[3]).contains(&y))
                && p.lon.is_some_and(|x| (bbox[0]..=bbox[2]).contains(&x))
        })
    });
    // A box across the antimeridian that leaves out the located event's longitude.
    let across = [lon + 1.0, -90.0, lon - 1.0, 90.0];
    let q = EventQuery { bbox: Some(across), scope: EventScope::All, ..Default::default() };
    assert!(!page_ids(&s, &q, EventOrder::Oldest).iter().any(|id| every
        .iter()
        .any(|e| e.id == *id && e.fused.place.as_ref().is_some_and(|p| p.lon == Some(lon)))));
}

#[test]
fn aggregates_count_every_matching_event_once() {
    let s = loaded();
    let q = EventQuery { scope: EventScope::All, ..Default::default() };
    let n = s.event_count(&q).unwrap();
    let days = s.event_days(&q).unwrap();
    assert_eq!(days.days.iter().map(|d| d.1).sum::<u64>() + days.undated, n);
    assert!(days.days.windows(2).all(|w| w[0].0 < w[1].0), "days in order");
    for zoom_size in [45.0, 1.0, 0.01] {
        let g = s.event_grid(&q, zoom_size).unwrap();
        let located: u64 = g.types.iter().map(|t| t.count).sum();
        assert_eq!(located + g.unlocated, n);
        assert_eq!(g.places.iter().map(|p| p.2).sum::<u64>(), located);
        for t in &g.types {
            let lat = t.sum_lat / t.count as f64;
            assert_eq!(((lat + 90.0) / zoom_size).floor() as i64, t.cell.1, "the mean lies in its cell");
        }
    }
}

#[test]
fn the_reviewed_filter_finds_marked_events() {
    let s = loaded();
    let q = EventQuery { scope: EventScope::All, ..Default::default() };
    let every = page_ids(&s, &q, EventOrder::Oldest);
    let reviewed = EventQuery { reviewed: Some(true), ..q.clone() };
    let unreviewed = EventQuery { reviewed: Some(false), ..q.clone() };
    assert!(page_ids(&s, &reviewed, EventOrder::Oldest).is_empty());
    assert_eq!(page_ids(&s, &unreviewed, EventOrder::Oldest), every);
    let mark = Review { verdict: Verdict::Confirmed, note: None };
    assert!(s.set_review(every[1], Some(&mark)).unwrap());
    assert_eq!(page_ids(&s, &reviewed, EventOrder::Oldest), vec![every[1]]);
    assert_eq!(s.event_count(&unreviewed).unwrap(), every.len() as u64 - 1);
    assert_eq!(s.reviewed_events().unwrap().get(&every[1]), Some(&mark));
}

#[test]
fn a_reader_sees_what_the_writer_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut w = Store::open(&path).unwrap();
    let r = Store::open_reader(&path).unwrap();
    assert_eq!(r.event_count(&EventQuery::default()).unwrap(), 0);
    w.add_batch(&crate::tests::corpus()).unwrap();
    w.fuse().unwrap();
    assert_eq!(
        r.event_count(&EventQuery::default()).unwrap(),
        w.event_count(&EventQuery::default()).unwrap()
    );
    assert!(r.event_count(&EventQuery::default()).unwrap() > 0);
}

#[test]
fn a_range_by_start_keeps_events_that_begin_in_it() {
    let s = loaded();
    let every = all(&s);
    let dated = every.iter().find_map(|e| e.fused.date.clone()).expect("a dated event");
    let day = |e: &MergedEvent| e.fused.date.as_deref().and_then(eventwire_fuse::dates::interval);
    let (first, _) = eventwire_fuse::dates::interval(&dated).unwrap();
    let q = EventQuery {
        from: Some(dated.clone()),
        to: Some(dated.clone()),
        scope: EventScope::All,
        ..Default::default()
    };
    let overlap = page_ids(&s, &q, EventOrder::Oldest);
    let start = page_ids(&s, &EventQuery { range_by_start: true, ..q.clone() }, EventOrder::Oldest);
    let (lo, hi) = eventwire_fuse::dates::interval(&dated).unwrap();
    let want: Vec<i64> =
        every.iter().filter(|e| day(e).is_some_and(|w| (lo..=hi).contains(&w.0))).map(|e| e.id).collect();
    assert_eq!(start, want);
    assert!(start.iter().all(|id| overlap.contains(id)), "starting in a range is overlapping it");
    assert!(want.iter().any(|id| every.iter().any(|e| e.id == *id && day(e).unwrap().0 == first)));
}

/// Pages after cursors, read in order from each order's index or sorted, cut the same order
/// as one long page, whatever the filter.
#[test]
fn cursor_pages_follow_every_order_without_gaps_or_repeats() {
    let s = loaded();
    let every = all(&s);
    let dated = every.iter().find_map(|e| e.fused.date.clone()).expect("a dated event");
    let queries = [
        EventQuery::default(),
        EventQuery { scope: EventScope::All, ..Default::default() },
        EventQuery { min_fatalities: Some(1), ..Default::default() },
        EventQuery { to: Some(dated.clone()), ..Default::default() },
        EventQuery { from: Some(dated.clone()), range_by_start: true, ..Default::default() },
    ];
    let orders = [EventOrder::Oldest, EventOrder::Newest, EventOrder::Fatalities, EventOrder::Sources];
    for q in &queries {
        for order in orders {
            let whole = page_ids(&s, q, order);
            // `matching` above the sorting bound reads the order's index (the conflict record).
            for matching in [None, Some(u64::MAX)] {
                let mut paged = Vec::new();
                let mut after = None;
                loop {
                    let paging = Paging { order, limit: 2, offset: 0, after: after.take(), matching };
                    let page = s.browse_page(q, &paging).unwrap();
                    paged.extend(ids(&page.events));
                    assert!(paged.len() <= whole.len(), "{q:?} {order:?}: the pages repeat");
                    let Some(next) = page.next else { break };
                    after = Some(PageCursor::parse(order, &next.to_string()).expect("a cursor reads back"));
                }
                assert_eq!(paged, whole, "{q:?} {order:?} {matching:?}");
            }
        }
    }
}

#[test]
fn a_cursor_is_of_one_order() {
    let c = PageCursor::parse(EventOrder::Fatalities, "fatalities.12.-2147483648.7").expect("a cursor");
    assert_eq!(c.to_string(), "fatalities.12.-2147483648.7");
    assert_eq!(PageCursor::parse(EventOrder::Newest, "fatalities.12.17000.7"), None);
    assert_eq!(PageCursor::parse(EventOrder::Newest, "newest.17000"), None, "a key and an id");
    assert_eq!(PageCursor::parse(EventOrder::Newest, "newest.17000.x"), None);
    assert_eq!(PageCursor::parse(EventOrder::Sources, "sources.1.2.3.4.5"), None);
}

#[test]
fn a_type_filter_names_an_event_type_a_sub_type_or_another_spelling() {
    let q = |t: &str| EventQuery { event_type: Some(t.into()), ..Default::default() };
    assert_eq!(q(" battles ").type_filter(), Some(TypeFilter::EventType("Battles")));
    assert_eq!(q("air/drone strike").type_filter(), Some(TypeFilter::SubEventType("Air/drone strike")));
    assert_eq!(q("Shelling").type_filter(), Some(TypeFilter::AnySpelling("Shelling")));
    assert_eq!(EventQuery::default().type_filter(), None);
}

/// SQLite's plan of `sql`, one line per step.
fn plan(s: &Store, sql: &str, params: &[rusqlite::types::Value]) -> String {
    let mut st = s.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get::<_, String>(3)).unwrap();
    rows.collect::<Result<Vec<_>, _>>().unwrap().join(" | ")
}

#[test]
fn the_api_lists_read_merged_events_through_indexes() {
    let s = loaded();
    // The filters of the API benchmark (scripts/bench/api-list.lua) and a few more.
    let conflict = EventQuery::default();
    let filters = [
        conflict.clone(),
        EventQuery { event_type: Some("Battles".into()), ..conflict.clone() },
        EventQuery { event_type: Some("Armed clash".into()), ..conflict.clone() },
        EventQuery {
            from: Some("2018-01-01".into()),
            to: Some("2018-06-30".into()),
            range_by_start: true,
            ..conflict.clone()
        },
        EventQuery { bbox: Some([35.0, 30.0, 48.0, 38.0]), ..conflict.clone() },
        EventQuery { min_fatalities: Some(5), ..conflict.clone() },
        EventQuery { min_sources: Some(2), ..conflict.clone() },
        EventQuery { missing: Some(Missing::Place), ..conflict.clone() },
        EventQuery { min_fatalities: Some(5), scope: EventScope::Other, ..conflict.clone() },
        EventQuery { bbox: Some([35.0, 30.0, 48.0, 38.0]), scope: EventScope::Other, ..conflict.clone() },
    ];
    let orders = [EventOrder::Oldest, EventOrder::Newest, EventOrder::Fatalities, EventOrder::Sources];
    // A step that reads the table without an index reads every merged event.
    let indexed = |what: &str, plan: &str| {
        for step in plan.split(" | ").filter(|p| p.starts_with("SCAN m") || p.starts_with("SEARCH m")) {
            assert!(step.contains(" INDEX "), "{what}: {plan}");
        }
    };
    for q in &filters {
        let (sql, params) = s.count_query(q).unwrap();
        let counted = plan(&s, &sql, &params);
        indexed(&format!("count {q:?}"), &counted);
        let (sql, params) = s.days_query(q).unwrap();
        indexed(&format!("days {q:?}"), &plan(&s, &sql, &params));
        if q.scope == EventScope::Conflict && q.min_fatalities.is_some() {
            assert!(counted.contains("merged_page_fatalities (fatalities>?)"), "{counted}");
        }
        for order in orders {
            // Few matches (sorted) and many (read in the order's index).
            for matching in [Some(10), Some(1_000_000)] {
                let paging = Paging { order, limit: 100, matching, ..Default::default() };
                let (sql, params) = s.page_query(q, &paging).unwrap();
                indexed(&format!("page {order:?} of {matching:?} {q:?}"), &plan(&s, &sql, &params));
            }
        }
    }
}

#[test]
fn the_conflict_record_by_date_is_read_in_order_from_an_index() {
    let s = loaded();
    let date = crate::query::DATE_ORDER;
    let (sql, params) = crate::query::merged_query(&EventFilter::default(), date);
    let whole = plan(&s, &sql, &params);
    assert!(whole.contains("merged_page_oldest") && !whole.contains("TEMP B-TREE"), "{whole}");
    let f = EventFilter { actor: Some("forces".into()), ..Default::default() };
    let (sql, params) = crate::query::merged_query(&f, date);
    assert!(plan(&s, &sql, &params).contains("merged_page_oldest"));
    // A date range reads a range of the day index, then sorts it.
    let f = EventFilter { from: Some("2016-11".into()), to: Some("2016-12".into()), ..Default::default() };
    let (sql, params) = crate::query::merged_query(&f, date);
    let ranged = plan(&s, &sql, &params);
    assert!(ranged.contains("merged_browse_day_toll"), "{ranged}");
    // Read in either way, the events come in the same order.
    let mut by_index = Vec::new();
    s.for_each_event(&EventFilter::default(), |e| {
        by_index.push(e.id);
        Ok(())
    })
    .unwrap();
    let mut sorted = Vec::new();
    let f = EventFilter { from: Some("1900".into()), to: Some("2100".into()), ..Default::default() };
    s.for_each_event(&f, |e| {
        sorted.push(e.id);
        Ok(())
    })
    .unwrap();
    let dated: Vec<i64> = by_index.iter().copied().filter(|id| sorted.contains(id)).collect();
    assert!(!dated.is_empty());
    assert_eq!(dated, sorted);
}
