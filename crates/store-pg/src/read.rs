//! Read queries: merged events with their sources (filtered as the SQLite store filters,
//! the bounding box through the PostGIS index), and full-text search. Exports, the timeline
//! and the report are `eventwire_store::ReadStore`'s, over these (`reading.rs`).

use crate::{PgError, PgStore, Result};
use eventwire_fuse::{dates, Fused};
use eventwire_model::Evidence;
use eventwire_store::{
    DocSummary, EventFilter, EventScope, EventSource, MergedEvent, MergedOrder, SearchHit, SearchQuery,
    StoreError,
};
use postgres::types::ToSql;
use std::collections::HashMap;

/// SQL `WHERE` pieces and their parameters (`$n` numbered as pushed).
#[derive(Default)]
pub(crate) struct Where {
    pub(crate) sql: Vec<String>,
    pub(crate) params: Vec<Box<dyn ToSql + Sync>>,
}

impl Where {
    /// Push a condition whose placeholders are written `?`.
    pub(crate) fn push(&mut self, sql: &str, vals: Vec<Box<dyn ToSql + Sync>>) {
        let mut vals = vals.into_iter();
        let mut s = String::with_capacity(sql.len() + 8);
        for c in sql.chars() {
            if c == '?' {
                self.params.push(vals.next().expect("one value per placeholder"));
                s.push_str(&format!("${}", self.params.len()));
            } else {
                s.push(c);
            }
        }
        self.sql.push(s);
    }

    pub(crate) fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql.join(" AND "))
        }
    }

    pub(crate) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|p| p.as_ref()).collect()
    }
}

/// `%text%` for `ILIKE`, its wildcards escaped.
pub(crate) fn like(s: &str) -> String {
    format!("%{}%", s.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

pub(crate) fn event_where(f: &EventFilter) -> Where {
    let mut w = Where::default();
    if let Some(s) = f.from.as_deref().and_then(dates::interval) {
        w.push("m.day_end >= ?", vec![Box::new(s.0)]);
    }
    if let Some(e) = f.to.as_deref().and_then(dates::interval) {
        w.push("m.day_start <= ?", vec![Box::new(e.1)]);
    }
    if let Some(b) = f.bbox {
        w.push(
            "m.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)",
            vec![Box::new(b.min_lon), Box::new(b.min_lat), Box::new(b.max_lon), Box::new(b.max_lat)],
        );
    }
    for (value, cols) in [
        (&f.actor, ("m.actor1", "m.actor2")),
        (&f.event_type, ("m.event_type", "m.sub_event_type")),
        (&f.place, ("m.place_name", "m.admin1")),
    ] {
        if let Some(v) = value {
            let l = like(v);
            w.push(
                &format!("({} ILIKE ? OR {} ILIKE ?)", cols.0, cols.1),
                vec![Box::new(l.clone()), Box::new(l)],
            );
        }
    }
    if let Some(n) = f.min_sources {
        w.push("m.n_independent >= ?", vec![Box::new(n as i64)]);
    }
    match f.scope {
        EventScope::Conflict => w.push("m.scope = 'conflict' AND NOT m.historical", vec![]),
        EventScope::Other => w.push("m.scope = 'other' AND NOT m.historical", vec![]),
        EventScope::Historical => w.push("m.historical", vec![]),
        EventScope::All => {}
    }
    w
}

impl PgStore {
    /// Merged events matching the filter, by date (undated last) then id, with their sources.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<MergedEvent>> {
        self.merged(f, MergedOrder::Date, true)
    }

    /// Merged events matching the filter in `order`; with their sources when `with_sources`.
    pub(crate) fn merged(
        &self,
        f: &EventFilter,
        order: MergedOrder,
        with_sources: bool,
    ) -> Result<Vec<MergedEvent>> {
        let w = event_where(f);
        let limit = f.limit.map(|l| format!("LIMIT {l}")).unwrap_or_default();
        let order = match order {
            MergedOrder::Date => "m.day_start IS NULL, m.day_start, m.id",
            MergedOrder::BestSourced => {
                "m.n_independent DESC, m.n_sources DESC, m.day_start IS NULL, m.day_start, m.id"
            }
        };
        let sql = format!(
            "SELECT m.id, m.fused FROM merged m {} ORDER BY {order} {limit} OFFSET {}",
            w.clause(),
            f.offset
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            let fused: Fused = serde_json::from_str(&r.get::<_, String>(1))?;
            events.push(MergedEvent { id: r.get(0), fused, sources: Vec::new() });
        }
        if with_sources {
            let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
            let mut sources = self.sources_of(&ids)?;
            for e in &mut events {
                e.sources = sources.remove(&e.id).unwrap_or_default();
            }
        }
        Ok(events)
    }

    /// The sources of each merged event of `ids`, in the SQLite store's order (publication
    /// date, undated last, then event id).
    pub(crate) fn sources_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<EventSource>>> {
        let rows = self.client.borrow_mut().query(
            "SELECT e.merged, e.doc, e.ev_key, d.title, d.outlet, d.published, d.dup_of IS NOT NULL, e.date,
                    e.rule, e.evidence, d.agency
             FROM events e JOIN documents d ON d.id = e.doc WHERE e.merged = ANY($1)
             ORDER BY e.merged, d.published IS NULL, d.published, e.id",
            &[&ids],
        )?;
        let mut out: HashMap<i64, Vec<EventSource>> = HashMap::new();
        for r in &rows {
            let evidence: Vec<Evidence> = serde_json::from_str(&r.get::<_, String>(9))?;
            out.entry(r.get(0)).or_default().push(EventSource {
                doc: r.get(1),
                event_key: r.get(2),
                title: r.get(3),
                outlet: r.get(4),
                agency: r.get(10),
                published: r.get(5),
                is_copy: r.get(6),
                date: r.get(7),
                rule: r.get(8),
                evidence,
            });
        }
        Ok(out)
    }

    /// Full-text search in PostgreSQL (`websearch_to_tsquery`: words, "phrases", `-not`,
    /// `or`; English stemming), ranked by `ts_rank` with the title weighted, with highlighted
    /// snippets. Ranks are PostgreSQL's (higher is better), negated so that lower is better
    /// as in the SQLite store.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let text = q.query.trim();
        if text.is_empty() {
            return Err(StoreError::Query { query: q.query.clone(), message: "empty query".into() }.into());
        }
        let mut w = Where::default();
        w.push("f.fts @@ websearch_to_tsquery('english', ?)", vec![Box::new(text.to_string())]);
        w.push("d.analysis IS NOT NULL", vec![]);
        if let Some(from) = &q.from {
            w.push("d.published >= ?", vec![Box::new(from.clone())]);
        }
        if let Some(to) = &q.to {
            w.push(
                "substr(d.published, 1, length(?)) <= ?",
                vec![Box::new(to.clone()), Box::new(to.clone())],
            );
        }
        if let Some(p) = &q.place {
            w.push(
                "EXISTS (SELECT 1 FROM doc_places p WHERE lower(p.name) = lower(?) AND p.doc = d.id)",
                vec![Box::new(p.clone())],
            );
        }
        if let Some(a) = &q.actor {
            w.push(
                "EXISTS (SELECT 1 FROM doc_actors a WHERE lower(a.actor) = lower(?) AND a.doc = d.id)",
                vec![Box::new(a.clone())],
            );
        }
        if let Some(t) = &q.event_type {
            let l = like(t);
            w.push(
                "EXISTS (SELECT 1 FROM events e WHERE e.doc = d.id AND (e.event_type ILIKE ? OR e.sub_event_type ILIKE ?))",
                vec![Box::new(l.clone()), Box::new(l)],
            );
        }
        let n = w.params.len() + 1;
        w.params.push(Box::new(text.to_string()));
        let sql = format!(
            "SELECT d.id, d.doc_key, d.path, d.title, d.outlet, d.agency, d.url, d.published, d.dup_of,
                    d.dup_similarity, coalesce(d.group_id, d.id),
                    -ts_rank(f.fts, websearch_to_tsquery('english', ${n}))::float8 AS rank,
                    ts_headline('english', d.text, websearch_to_tsquery('english', ${n}),
                        'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12')
             FROM documents d JOIN doc_fts f ON f.doc = d.id {} ORDER BY rank, d.id LIMIT {} OFFSET {}",
            w.clause(),
            q.limit.unwrap_or(20),
            q.offset
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params()).map_err(|e| match e.as_db_error() {
            Some(db) => {
                PgError::Store(StoreError::Query { query: q.query.clone(), message: db.message().into() })
            }
            None => e.into(),
        })?;
        Ok(rows
            .iter()
            .map(|r| SearchHit {
                doc: DocSummary {
                    id: r.get(0),
                    key: r.get(1),
                    path: r.get(2),
                    title: r.get(3),
                    outlet: r.get(4),
                    agency: r.get(5),
                    url: r.get(6),
                    published: r.get(7),
                    dup_of: r.get(8),
                    dup_similarity: r.get(9),
                    group: r.get(10),
                },
                rank: r.get(11),
                snippet: r.get(12),
            })
            .collect())
    }
}
