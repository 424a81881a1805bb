//! Browsing merged events a page at a time on PostgreSQL, as the SQLite store's `browse.rs`
//! does: a filtered, ordered page, its count, and the counts per grid cell and per day, each
//! one query on the `merged` table's columns and indexes (migration 4). Text is compared as
//! SQLite compares it: `NOCASE` folds ASCII letters only, and so does [`nocase`].

use crate::read::{like, Where};
use crate::{PgStore, Result};
use eventwire_fuse::Fused;
use eventwire_store::{
    DayCounts, EventPage, EventQuery, EventScope, GridCounts, GridTypeCount, MergedEvent, Missing,
    PageCursor, Paging, TypeFilter,
};
use std::collections::HashMap;

/// `expr` with ASCII letters lowered (SQLite's `NOCASE`), to compare with a lowered value.
fn nocase(expr: &str) -> String {
    format!("translate({expr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
}

fn ascii_lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// The `WHERE` clause of `q`; `reviewed` holds the ids of the marked events when `q` asks
/// for marked or unmarked ones.
fn clause(q: &EventQuery, reviewed: Option<&[i64]>) -> Where {
    let mut w = Where::default();
    let starts_after = if q.range_by_start { "m.day_start >= ?" } else { "m.day_end >= ?" };
    if let Some(s) = q.from.as_deref().and_then(eventwire_fuse::dates::interval) {
        w.push(starts_after, vec![Box::new(s.0)]);
    }
    if let Some(e) = q.to.as_deref().and_then(eventwire_fuse::dates::interval) {
        w.push("m.day_start <= ?", vec![Box::new(e.1)]);
    }
    if let Some([west, s, e, n]) = q.bbox {
        w.push("m.lat BETWEEN ? AND ?", vec![Box::new(s), Box::new(n)]);
        if west <= e {
            w.push("m.lon BETWEEN ? AND ?", vec![Box::new(west), Box::new(e)]);
        } else {
            w.push("(m.lon >= ? OR m.lon <= ?)", vec![Box::new(west), Box::new(e)]);
        }
    }
    if let Some(a) = &q.actor {
        let l = like(a);
        w.push("(m.actor1 ILIKE ? OR m.actor2 ILIKE ?)", vec![Box::new(l.clone()), Box::new(l)]);
    }
    match q.type_filter() {
        Some(TypeFilter::EventType(e)) => w.push("m.event_type = ?", vec![Box::new(e.to_string())]),
        Some(TypeFilter::SubEventType(sub)) => {
            w.push("m.sub_event_type = ?", vec![Box::new(sub.to_string())])
        }
        Some(TypeFilter::AnySpelling(t)) => {
            let t = ascii_lower(t);
            let sql = format!("({} = ? OR {} = ?)", nocase("m.event_type"), nocase("m.sub_event_type"));
            w.push(&sql, vec![Box::new(t.clone()), Box::new(t)]);
        }
        None => {}
    }
    if let Some(p) = &q.place {
        let p = p.trim();
        if p.starts_with("gn:") || p.starts_with("name:") {
            w.push("m.place_key = ?", vec![Box::new(p.to_string())]);
        } else {
            let v = ascii_lower(p);
            let sql = format!(
                "m.place_key IS NOT NULL AND ({} = ? OR {} = ?)",
                nocase("m.place_name"),
                nocase("m.admin1")
            );
            w.push(&sql, vec![Box::new(v.clone()), Box::new(v)]);
        }
    }
    if let Some(a) = &q.area {
        let v = ascii_lower(a.trim());
        let sql = format!(
            "m.place_key IS NOT NULL AND ({} = ? OR {} = ? OR {} = ?)",
            nocase("m.country"),
            nocase("m.country_code"),
            nocase("m.admin1")
        );
        w.push(&sql, vec![Box::new(v.clone()), Box::new(v.clone()), Box::new(v)]);
    }
    if let Some(d) = q.document {
        w.push("EXISTS (SELECT 1 FROM events e WHERE e.doc = ? AND e.merged = m.id)", vec![Box::new(d)]);
    }
    if let Some(n) = q.min_fatalities {
        w.push("m.fatalities >= ?", vec![Box::new(i64::try_from(n).unwrap_or(i64::MAX))]);
    }
    if let Some(n) = q.min_sources {
        w.push("m.n_independent >= ?", vec![Box::new(i64::try_from(n).unwrap_or(i64::MAX))]);
    }
    match q.missing {
        Some(Missing::Place) => w.push("m.lat IS NULL", vec![]),
        Some(Missing::Date) => w.push("m.date IS NULL", vec![]),
        None => {}
    }
    if let (Some(yes), Some(ids)) = (q.reviewed, reviewed) {
        let cond = if yes { "m.id = ANY(?)" } else { "NOT (m.id = ANY(?))" };
        w.push(cond, vec![Box::new(ids.to_vec())]);
    }
    match q.scope {
        EventScope::Conflict => w.push("m.scope = 'conflict' AND NOT m.historical", vec![]),
        EventScope::Other => w.push("m.scope = 'other' AND NOT m.historical", vec![]),
        EventScope::Historical => w.push("m.historical", vec![]),
        EventScope::All => {}
    }
    w
}

impl PgStore {
    /// Merged events matching `q`, one page of `paging` (after its cursor, then `offset`),
    /// without their sources; the cursor of the next page when this one is full.
    pub(crate) fn event_page(
        &self,
        q: &EventQuery,
        reviewed: Option<&[i64]>,
        paging: &Paging,
    ) -> Result<EventPage> {
        let order = paging.order;
        let mut w = clause(q, reviewed);
        if let Some(c) = paging.after.as_ref().filter(|c| c.order() == order) {
            let cols = order.key_columns().join(", ");
            let marks = vec!["?"; c.keys().len()].join(", ");
            let cmp = if order.descending() { "<" } else { ">" };
            let vals = c.keys().iter().map(|k| Box::new(*k) as Box<dyn postgres::types::ToSql + Sync>);
            w.push(&format!("({cols}) {cmp} ({marks})"), vals.collect());
        }
        let cols = order.key_columns();
        let sql = format!(
            "SELECT {}, m.fused FROM merged m {} ORDER BY {} LIMIT {} OFFSET {}",
            cols.join(", "),
            w.clause(),
            order.sql(),
            paging.limit,
            paging.offset
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let width = cols.len();
        let mut events = Vec::with_capacity(rows.len());
        let mut last = None;
        for r in &rows {
            let keys: Vec<i64> = (0..width).map(|i| r.get(i)).collect();
            let fused: Fused = serde_json::from_str(&r.get::<_, String>(width))?;
            events.push(MergedEvent { id: keys[width - 1], fused, sources: Vec::new() });
            last = Some(keys);
        }
        let full = paging.limit > 0 && events.len() == paging.limit;
        let next = last.filter(|_| full).and_then(|keys| PageCursor::new(order, keys));
        Ok(EventPage { events, next })
    }

    /// How many merged events match `q`.
    pub(crate) fn event_count(&self, q: &EventQuery, reviewed: Option<&[i64]>) -> Result<u64> {
        let w = clause(q, reviewed);
        let sql = format!("SELECT count(*) FROM merged m {}", w.clause());
        Ok(self.client.borrow_mut().query_one(&sql, &w.params())?.get::<_, i64>(0).max(0) as u64)
    }

    /// The events matching `q` counted per grid cell of `cell_degrees`, by type and by place
    /// name. Rows are summed in the order of the SQLite store's covering index, so that the
    /// cells' coordinate sums are the same to the last bit.
    pub(crate) fn event_grid(
        &self,
        q: &EventQuery,
        reviewed: Option<&[i64]>,
        cell_degrees: f64,
    ) -> Result<GridCounts> {
        let mut u = clause(q, reviewed);
        u.push("m.lat IS NULL", vec![]);
        let unlocated: i64 = self
            .client
            .borrow_mut()
            .query_one(&format!("SELECT count(*) FROM merged m {}", u.clause()), &u.params())?
            .get(0);
        let mut w = clause(q, reviewed);
        w.push("m.lat IS NOT NULL AND m.lon IS NOT NULL", vec![]);
        let sql = format!(
            "SELECT m.lat, m.lon, m.event_type, m.fatalities, m.geo_precision, m.place_name FROM merged m {}
             ORDER BY m.scope COLLATE \"C\", m.historical, m.lat, m.lon, m.event_type COLLATE \"C\", m.fatalities,
                      m.geo_precision NULLS FIRST, m.place_name COLLATE \"C\" NULLS FIRST,
                      m.day_start NULLS FIRST, m.id",
            w.clause()
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let size = cell_degrees.max(1e-9);
        let mut by_type: HashMap<(i64, i64), HashMap<String, GridTypeCount>> = HashMap::new();
        let mut by_place: HashMap<(i64, i64), HashMap<String, u64>> = HashMap::new();
        for r in &rows {
            let (lat, lon): (f64, f64) = (r.get(0), r.get(1));
            // lon + 180 and lat + 90 are never negative: truncation is the floor.
            let cell = (((lon + 180.0) / size) as i64, ((lat + 90.0) / size) as i64);
            let event_type: String = r.get(2);
            let t = by_type.entry(cell).or_default().entry(event_type.clone()).or_insert(GridTypeCount {
                cell,
                event_type,
                count: 0,
                approximate: 0,
                fatalities: 0,
                sum_lat: 0.0,
                sum_lon: 0.0,
            });
            t.count += 1;
            t.approximate += u64::from(r.get::<_, Option<i32>>(4).unwrap_or(1) > 1);
            t.fatalities += r.get::<_, i64>(3).max(0) as u64;
            t.sum_lat += lat;
            t.sum_lon += lon;
            let place: Option<String> = r.get(5);
            *by_place.entry(cell).or_default().entry(place.unwrap_or_default()).or_default() += 1;
        }
        let types = by_type.into_values().flat_map(HashMap::into_values).collect();
        let places = by_place
            .into_iter()
            .flat_map(|(cell, names)| names.into_iter().map(move |(name, n)| (cell, name, n)))
            .collect();
        Ok(GridCounts { types, places, unlocated: unlocated.max(0) as u64 })
    }

    /// The events matching `q` counted per day of their date's first day.
    pub(crate) fn event_days(&self, q: &EventQuery, reviewed: Option<&[i64]>) -> Result<DayCounts> {
        let w = clause(q, reviewed);
        let sql = format!(
            "SELECT m.day_start, count(*), sum(m.fatalities)::int8 FROM merged m {}
             GROUP BY m.day_start ORDER BY m.day_start",
            w.clause()
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let mut out = DayCounts::default();
        for r in &rows {
            let n = r.get::<_, i64>(1).max(0) as u64;
            match r.get::<_, Option<i64>>(0) {
                Some(day) => out.days.push((day, n, r.get::<_, Option<i64>>(2).unwrap_or(0).max(0) as u64)),
                None => out.undated += n,
            }
        }
        Ok(out)
    }
}
