//! Browsing the merged events a page at a time: a filtered, ordered page, its count, and the
//! aggregates a map and a timeline draw (events per grid cell, per day), each one SQL query on
//! the `merged` table's columns and indexes (schema migration 9), without parsing the events
//! that are only counted. This is what `eventwire serve` answers lists with.

use crate::query::Where;
use crate::{EventScope, MergedEvent, Result, Store};
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};

/// What an [`EventQuery::event_type`] filter names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeFilter<'a> {
    /// An event type of the taxonomy, as stored (an index can serve it).
    EventType(&'a str),
    /// A sub-event type of the taxonomy, as stored.
    SubEventType(&'a str),
    /// Another spelling (or a name of both kinds), compared case-insensitively with either.
    AnySpelling(&'a str),
}

impl EventQuery {
    /// The event-type filter, read against the taxonomy; both stores write it as SQL.
    pub fn type_filter(&self) -> Option<TypeFilter<'_>> {
        let t = self.event_type.as_deref()?.trim();
        let tax = eventwire_model::taxonomy();
        let is_type = tax.event_types.iter().find(|e| e.name.eq_ignore_ascii_case(t));
        let is_sub = tax.sub_event_types().find(|(_, s)| s.name.eq_ignore_ascii_case(t));
        Some(match (is_type, is_sub) {
            (Some(e), None) => TypeFilter::EventType(&e.name),
            (None, Some((_, s))) => TypeFilter::SubEventType(&s.name),
            _ => TypeFilter::AnySpelling(t),
        })
    }
}

/// Which merged events to browse. Text filters compare case-insensitively (ASCII).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Inclusive date bounds (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): an event matches when its
    /// date interval meets the range.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Match the date range only on the start of an event's date (as a timeline's bars
    /// count it), rather than on any overlap of its interval.
    pub range_by_start: bool,
    /// West, south, east, north in degrees; west > east crosses the antimeridian.
    pub bbox: Option<[f64; 4]>,
    /// Substring of actor1 or actor2.
    pub actor: Option<String>,
    /// The event type or the sub-event type, exactly.
    pub event_type: Option<String>,
    /// A place key (`gn:…`, `name:…`) exactly, or a place name or first-level area exactly.
    pub place: Option<String>,
    /// Country name, country code or first-level area, exactly.
    pub area: Option<String>,
    /// Only events reported by this document.
    pub document: Option<i64>,
    /// At least this many fatalities (the lowest count reported; none counts as 0).
    pub min_fatalities: Option<u64>,
    /// At least this many independent sources.
    pub min_sources: Option<u64>,
    /// Only events with no coordinates (`Some(Missing::Place)`) or no date.
    pub missing: Option<Missing>,
    /// Only events a coder marked (`Some(true)`) or did not (`Some(false)`).
    pub reviewed: Option<bool>,
    pub scope: EventScope,
}

/// What an event lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Place,
    Date,
}

/// Order of a page. Date orders use the first day of an event's date; undated events last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    #[default]
    Oldest,
    Newest,
    /// Most fatalities first, then newest.
    Fatalities,
    /// Most independent sources (then sources) first, then newest.
    Sources,
}

/// One grid cell's events of one type (rows of [`Store::event_grid`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GridTypeCount {
    /// Cell column and row: `floor((lon + 180) / size)`, `floor((lat + 90) / size)`.
    pub cell: (i64, i64),
    pub event_type: String,
    pub count: u64,
    /// Events located only approximately (ACLED geo_precision 2 or 3).
    pub approximate: u64,
    pub fatalities: u64,
    pub sum_lat: f64,
    pub sum_lon: f64,
}

/// Events per grid cell, by type and by place name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridCounts {
    pub types: Vec<GridTypeCount>,
    /// (cell, place name, events).
    pub places: Vec<((i64, i64), String, u64)>,
    /// Matching events with no coordinates.
    pub unlocated: u64,
}

/// Events per day (the day number of their date's first day, days since 1970-01-01).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCounts {
    /// (day, events, fatalities), by day.
    pub days: Vec<(i64, u64, u64)>,
    /// Matching events with no (readable) date.
    pub undated: u64,
}

impl EventQuery {
    fn clause(&self, reviewed: &dyn Fn() -> Result<Vec<i64>>) -> Result<Where> {
        let mut w = Where::default();
        let starts_after = if self.range_by_start { "m.day_start >= ?" } else { "m.day_end >= ?" };
        if let Some(s) = self.from.as_deref().and_then(eventwire_fuse::dates::interval) {
            w.push(starts_after, [Value::Integer(s.0)]);
        }
        if let Some(e) = self.to.as_deref().and_then(eventwire_fuse::dates::interval) {
            w.push("m.day_start <= ?", [Value::Integer(e.1)]);
        }
        if let Some([west, s, e, n]) = self.bbox {
            w.push("m.lat BETWEEN ? AND ?", [Value::Real(s), Value::Real(n)]);
            if west <= e {
                w.push("m.lon BETWEEN ? AND ?", [Value::Real(west), Value::Real(e)]);
            } else {
                w.push("(m.lon >= ? OR m.lon <= ?)", [Value::Real(west), Value::Real(e)]);
            }
        }
        if let Some(a) = &self.actor {
            let l = Value::Text(crate::query::like(a));
            w.push("(m.actor1 LIKE ? ESCAPE '\\' OR m.actor2 LIKE ? ESCAPE '\\')", [l.clone(), l]);
        }
        match self.type_filter() {
            Some(TypeFilter::EventType(e)) => w.push("m.event_type = ?", [Value::Text(e.to_string())]),
            Some(TypeFilter::SubEventType(sub)) => {
                w.push("m.sub_event_type = ?", [Value::Text(sub.to_string())])
            }
            Some(TypeFilter::AnySpelling(t)) => {
                let t = Value::Text(t.to_string());
                w.push(
                    "(m.event_type = ? COLLATE NOCASE OR m.sub_event_type = ? COLLATE NOCASE)",
                    [t.clone(), t],
                );
            }
            None => {}
        }
        if let Some(p) = &self.place {
            let p = p.trim();
            if p.starts_with("gn:") || p.starts_with("name:") {
                w.push("m.place_key = ?", [Value::Text(p.to_string())]);
            } else {
                let v = Value::Text(p.to_string());
                w.push(
                    "m.place_key IS NOT NULL AND (m.place_name = ? COLLATE NOCASE OR m.admin1 = ? COLLATE NOCASE)",
                    [v.clone(), v],
                );
            }
        }
        if let Some(a) = &self.area {
            let v = Value::Text(a.trim().to_string());
            w.push(
                "m.place_key IS NOT NULL AND (m.country = ? COLLATE NOCASE OR m.country_code = ? COLLATE NOCASE \
                 OR m.admin1 = ? COLLATE NOCASE)",
                [v.clone(), v.clone(), v],
            );
        }
        if let Some(d) = self.document {
            w.push(
                "EXISTS (SELECT 1 FROM events e WHERE e.doc = ? AND e.merged = m.id)",
                [Value::Integer(d)],
            );
        }
        if let Some(n) = self.min_fatalities {
            w.push("m.fatalities >= ?", [Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))]);
        }
        if let Some(n) = self.min_sources {
            w.push("m.n_independent >= ?", [Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))]);
        }
        match self.missing {
            // Coordinates come from one place, both or neither: `lat IS NULL` can use an index.
            Some(Missing::Place) => w.push("m.lat IS NULL", []),
            Some(Missing::Date) => w.push("m.date IS NULL", []),
            None => {}
        }
        if let Some(yes) = self.reviewed {
            // Marks are few (a coder's): their events' ids go into the query as integers.
            let ids = reviewed()?;
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            w.push(&format!("m.id {} ({list})", if yes { "IN" } else { "NOT IN" }), []);
        }
        match self.scope {
            EventScope::Conflict => w.push("m.scope = 'conflict' AND m.historical = 0", []),
            EventScope::Other => w.push("m.scope = 'other' AND m.historical = 0", []),
            EventScope::Historical => w.push("m.historical <> 0", []),
            EventScope::All => {}
        }
        Ok(w)
    }
}

impl EventQuery {
    /// `INDEXED BY` the conflict record's index that holds a toll or sources filter as a
    /// range (its leading column), when the query has one and no event type: SQLite (without
    /// statistics) prefers the `(scope, historical)` prefix of another index to a range, and
    /// would read the whole record through it. Empty otherwise.
    pub(crate) fn range_index(&self) -> &'static str {
        let typed = matches!(self.type_filter(), Some(TypeFilter::EventType(_)));
        match self.scope {
            EventScope::Conflict if typed => "",
            EventScope::Conflict if self.min_fatalities.is_some() => "INDEXED BY merged_page_fatalities",
            EventScope::Conflict if self.min_sources.is_some() => "INDEXED BY merged_page_sources",
            _ => "",
        }
    }
}

impl Store {
    pub(crate) fn browse_where(&self, q: &EventQuery) -> Result<Where> {
        q.clause(&|| Ok(self.reviewed_events()?.into_keys().collect()))
    }

    /// Merged events matching `q` in `order`, `limit` from `offset`, without their sources
    /// ([`Store::browse_page`] pages after a cursor too).
    pub fn event_page(
        &self,
        q: &EventQuery,
        order: EventOrder,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<MergedEvent>> {
        let paging = crate::Paging { order, limit, offset, ..Default::default() };
        Ok(self.browse_page(q, &paging)?.events)
    }

    /// How many merged events match `q`.
    pub fn event_count(&self, q: &EventQuery) -> Result<u64> {
        let (sql, params) = self.count_query(q)?;
        let n: i64 =
            self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// The SQL of [`Store::event_count`] and its parameters.
    pub(crate) fn count_query(&self, q: &EventQuery) -> Result<(String, Vec<Value>)> {
        let w = self.browse_where(q)?;
        Ok((format!("SELECT count(*) FROM merged m {} {}", q.range_index(), w.clause()), w.params))
    }

    /// The events matching `q` counted per grid cell of `cell_degrees` (by type and by place).
    pub fn event_grid(&self, q: &EventQuery, cell_degrees: f64) -> Result<GridCounts> {
        let mut w = self.browse_where(q)?;
        let unlocated = {
            let mut u = self.browse_where(q)?;
            u.push("m.lat IS NULL", []);
            let sql = format!("SELECT count(*) FROM merged m INDEXED BY merged_browse_geo {}", u.clause());
            self.conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(u.params.iter()), |r| r.get::<_, i64>(0))?
        };
        w.push("m.lat IS NOT NULL AND m.lon IS NOT NULL", []);
        // One pass over the rows of the covering index (named: with a date range the planner
        // would take the date index and read a table row per event), counted here: a GROUP BY
        // would sort them all.
        let size = cell_degrees.max(1e-9);
        let sql = format!(
            "SELECT m.lat, m.lon, m.event_type, m.fatalities, m.geo_precision, m.place_name
             FROM merged m INDEXED BY merged_browse_geo {}",
            w.clause()
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(w.params.iter()))?;
        let mut by_type: HashMap<(i64, i64), HashMap<String, GridTypeCount>> = HashMap::new();
        let mut by_place: HashMap<(i64, i64), HashMap<String, u64>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let (lat, lon): (f64, f64) = (r.get(0)?, r.get(1)?);
            // lon + 180 and lat + 90 are never negative: truncation is the floor.
            let cell = (((lon + 180.0) / size) as i64, ((lat + 90.0) / size) as i64);
            let event_type = r.get_ref(2)?.as_str().unwrap_or_default();
            let types = by_type.entry(cell).or_default();
            if !types.contains_key(event_type) {
                let zero = GridTypeCount {
                    cell,
                    event_type: event_type.to_string(),
                    count: 0,
                    approximate: 0,
                    fatalities: 0,
                    sum_lat: 0.0,
                    sum_lon: 0.0,
                };
                types.insert(event_type.to_string(), zero);
            }
            let Some(t) = types.get_mut(event_type) else { continue };
            t.count += 1;
            t.approximate += u64::from(r.get::<_, Option<i64>>(4)?.unwrap_or(1) > 1);
            t.fatalities += r.get::<_, i64>(3)?.max(0) as u64;
            t.sum_lat += lat;
            t.sum_lon += lon;
            let place = r.get_ref(5)?.as_str_or_null().ok().flatten().unwrap_or_default();
            let names = by_place.entry(cell).or_default();
            match names.get_mut(place) {
                Some(n) => *n += 1,
                None => {
                    names.insert(place.to_string(), 1);
                }
            }
        }
        let types = by_type.into_values().flat_map(HashMap::into_values).collect();
        let places = by_place
            .into_iter()
            .flat_map(|(cell, names)| names.into_iter().map(move |(name, n)| (cell, name, n)))
            .collect();
        Ok(GridCounts { types, places, unlocated: unlocated.max(0) as u64 })
    }

    /// The events matching `q` counted per day of their date's first day.
    pub fn event_days(&self, q: &EventQuery) -> Result<DayCounts> {
        let (sql, params) = self.days_query(q)?;
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut out = DayCounts::default();
        let mut rows = st.query(params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let n = r.get::<_, i64>(1)?.max(0) as u64;
            match r.get::<_, Option<i64>>(0)? {
                Some(day) => out.days.push((day, n, r.get::<_, i64>(2)?.max(0) as u64)),
                None => out.undated += n,
            }
        }
        Ok(out)
    }

    /// The SQL of [`Store::event_days`] and its parameters.
    pub(crate) fn days_query(&self, q: &EventQuery) -> Result<(String, Vec<Value>)> {
        let w = self.browse_where(q)?;
        let sql = format!(
            "SELECT m.day_start, count(*), sum(m.fatalities) FROM merged m {} {} GROUP BY m.day_start ORDER BY m.day_start",
            q.range_index(),
            w.clause()
        );
        Ok((sql, w.params))
    }

    /// The merged events that carry a review mark, with their mark. Marks are stored under
    /// evidence spans (see `review.rs`): each is looked up in the events of its article.
    pub fn reviewed_events(&self) -> Result<BTreeMap<i64, crate::Review>> {
        let index = self.review_index()?;
        let mut out = BTreeMap::new();
        if index.is_empty() {
            return Ok(out);
        }
        let mut docs: HashMap<String, i64> = HashMap::new();
        let mut st = self.conn.prepare_cached("SELECT span_key FROM reviews")?;
        let keys: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut by_hash = self.conn.prepare_cached("SELECT id FROM documents WHERE hash = ?1")?;
        let mut merged_of =
            self.conn.prepare_cached("SELECT DISTINCT merged FROM events WHERE doc = ?1 AND merged > 0")?;
        for key in keys {
            let Some((hash, _)) = key.split_once(':') else { continue };
            let doc = match docs.get(hash) {
                Some(d) => *d,
                None => {
                    let Some(d) = by_hash.query_row([hash], |r| r.get::<_, i64>(0)).ok() else { continue };
                    docs.insert(hash.to_string(), d);
                    d
                }
            };
            let ids: Vec<i64> = merged_of.query_map([doc], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in ids {
                if out.contains_key(&id) {
                    continue;
                }
                if let Some(e) = self.event(id)? {
                    if let Some(r) = index.of(&e) {
                        out.insert(id, r.clone());
                    }
                }
            }
        }
        Ok(out)
    }
}
