//! Fusion pass and read queries.

use crate::packed::{self, Kind};
use crate::*;
use eventwire_fuse::{claims, control, dates, TerritoryChange};
use eventwire_model::{taxonomy, Evidence, FigureCategory};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension, Row};
use std::collections::BTreeMap;

/// What a fusion pass did: events fused (all of them when whole; from the first changed day
/// on when incremental) and merged events written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuseOutcome {
    pub events: u64,
    pub merged_events: u64,
}

pub(crate) fn from_plain<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

pub(crate) const DOC_COLS: &str =
    "d.id, d.doc_key, d.path, d.title, d.outlet, d.agency, d.url, d.published, d.dup_of, \
                        d.dup_similarity, d.group_id";

/// An event's evidence from its stored form; `text` is the article's stored text, needed
/// (and selected) only when the evidence is deflated against it.
pub(crate) fn evidence_of(stored: ValueRef<'_>, text: ValueRef<'_>) -> Result<Vec<Evidence>> {
    let text = match text {
        ValueRef::Null => String::new(),
        t => packed::text_of(t)?,
    };
    packed::read_with_text(Kind::Evidence, &text, stored)
}

pub(crate) fn doc_summary(r: &Row, at: usize) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        id: r.get(at)?,
        key: r.get(at + 1)?,
        path: r.get(at + 2)?,
        title: r.get(at + 3)?,
        outlet: r.get(at + 4)?,
        agency: r.get(at + 5)?,
        url: r.get(at + 6)?,
        published: r.get(at + 7)?,
        dup_of: r.get(at + 8)?,
        dup_similarity: r.get::<_, Option<f64>>(at + 9)?.map(|v| v as f32),
        group: r.get(at + 10)?,
    })
}

pub(crate) fn like(s: &str) -> String {
    format!("%{}%", s.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// SQL `WHERE` pieces and their parameters.
#[derive(Default)]
pub(crate) struct Where {
    sql: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Where {
    /// Documents published within `from..=to`; a coarse `to` ("2016-11") covers its whole period.
    fn published_between(&mut self, from: Option<&str>, to: Option<&str>) {
        if let Some(from) = from {
            self.push("d.published >= ?", [Value::Text(from.to_string())]);
        }
        if let Some(to) = to {
            self.push(
                "substr(d.published, 1, length(?)) <= ?",
                [Value::Text(to.to_string()), Value::Text(to.to_string())],
            );
        }
    }

    pub(crate) fn push(&mut self, sql: &str, vals: impl IntoIterator<Item = Value>) {
        let mut vals = vals.into_iter();
        let mut s = String::with_capacity(sql.len() + 8);
        for c in sql.chars() {
            if c == '?' {
                self.params.push(vals.next().expect("one value per placeholder"));
                s.push_str(&format!("?{}", self.params.len()));
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
}

fn event_where(f: &EventFilter) -> Where {
    let mut w = Where::default();
    if let Some(s) = f.from.as_deref().and_then(dates::interval) {
        w.push("m.day_end >= ?", [Value::Integer(s.0)]);
    }
    if let Some(e) = f.to.as_deref().and_then(dates::interval) {
        w.push("m.day_start <= ?", [Value::Integer(e.1)]);
    }
    if let Some(b) = f.bbox {
        w.push(
            "m.lat BETWEEN ? AND ? AND m.lon BETWEEN ? AND ?",
            [Value::Real(b.min_lat), Value::Real(b.max_lat), Value::Real(b.min_lon), Value::Real(b.max_lon)],
        );
    }
    if let Some(a) = &f.actor {
        let l = Value::Text(like(a));
        w.push("(m.actor1 LIKE ? ESCAPE '\\' OR m.actor2 LIKE ? ESCAPE '\\')", [l.clone(), l]);
    }
    if let Some(t) = &f.event_type {
        let l = Value::Text(like(t));
        w.push("(m.event_type LIKE ? ESCAPE '\\' OR m.sub_event_type LIKE ? ESCAPE '\\')", [l.clone(), l]);
    }
    if let Some(p) = &f.place {
        let l = Value::Text(like(p));
        w.push("(m.place_name LIKE ? ESCAPE '\\' OR m.admin1 LIKE ? ESCAPE '\\')", [l.clone(), l]);
    }
    if let Some(n) = f.min_sources {
        w.push("m.n_independent >= ?", [Value::Integer(n as i64)]);
    }
    match f.scope {
        EventScope::Conflict => w.push("m.scope = 'conflict' AND m.historical = 0", []),
        EventScope::Other => w.push("m.scope = 'other' AND m.historical = 0", []),
        EventScope::Historical => w.push("m.historical <> 0", []),
        EventScope::All => {}
    }
    w
}

/// Merged events by date (the first day of their date), undated last, then by id.
pub(crate) const DATE_ORDER: &str = "m.day_start IS NULL, m.day_start, m.id";

/// The SQL that reads merged events matching `f` in `order` (their id and stored fused
/// view), and its parameters. The conflict record by date, unless a date range narrows it,
/// is read in that order from its paging index (`day_sort_oldest` puts undated events last,
/// as [`DATE_ORDER`] does): no sort of every event. A date range reads its range of another
/// index, and sorts what it finds.
pub(crate) fn merged_query(f: &EventFilter, order: &str) -> (String, Vec<Value>) {
    let w = event_where(f);
    let whole_record = f.scope == EventScope::Conflict && f.from.is_none() && f.to.is_none();
    let (indexed, order) = match order {
        DATE_ORDER if whole_record => ("INDEXED BY merged_page_oldest", "m.day_sort_oldest, m.id"),
        _ => ("", order),
    };
    let sql = format!(
        "SELECT m.id, m.fused FROM merged m {indexed} {} ORDER BY {order} LIMIT {} OFFSET {}",
        w.clause(),
        f.limit.map(|l| l as i64).unwrap_or(-1),
        f.offset
    );
    (sql, w.params)
}

/// One place's events while they are counted: key, number, first and last date, the fused
/// JSON that sorts first.
type PlaceGroup = (String, u64, Option<String>, Option<String>, Vec<u8>);

impl Store {
    /// True when merged events reflect every stored document.
    pub fn is_fused(&self) -> Result<bool> {
        let v: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'fused'", [], |r| r.get(0)).optional()?;
        Ok(v.as_deref() != Some("0"))
    }

    /// Bytes each table and index takes in the database file (SQLite's `dbstat`), largest
    /// first. The full-text index is `docs_fts` and its shadow tables `docs_fts_*`.
    pub fn space_by_table(&self) -> Result<Vec<(String, u64)>> {
        let mut st =
            self.conn.prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Counts of what is stored.
    pub fn stats(&self) -> Result<Stats> {
        let count =
            |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Stats {
            schema_version: self.schema_version()?,
            documents: count("SELECT count(*) FROM documents")?,
            duplicates: count("SELECT count(*) FROM documents WHERE dup_of IS NOT NULL")?,
            events: count("SELECT count(*) FROM events")?,
            merged_events: count("SELECT count(*) FROM merged")?,
            figures: count("SELECT count(*) FROM figures")?,
            places: count("SELECT count(DISTINCT place_key) FROM merged WHERE place_key IS NOT NULL")?,
            fused: self.is_fused()?,
        })
    }

    /// Documents, by publication date then id.
    pub fn documents(&self, f: &DocFilter) -> Result<Vec<DocSummary>> {
        let mut w = Where::default();
        w.published_between(f.from.as_deref(), f.to.as_deref());
        if let Some(o) = &f.outlet {
            w.push("d.outlet LIKE ? ESCAPE '\\'", [Value::Text(like(o))]);
        }
        let sql = format!(
            "SELECT {DOC_COLS} FROM documents d {} ORDER BY d.published IS NULL, d.published, d.id LIMIT {} OFFSET {}",
            w.clause(),
            f.limit.map(|l| l as i64).unwrap_or(-1),
            f.offset
        );
        let mut st = self.conn.prepare(&sql)?;
        let v = st
            .query_map(params_from_iter(w.params.iter()), |r| doc_summary(r, 0))?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// One document with text and analysis, by id.
    pub fn document(&self, id: i64) -> Result<Option<StoredDocument>> {
        let sql = format!(
            "SELECT {DOC_COLS}, d.text, {} FROM documents d WHERE d.id = ?1",
            crate::analysis_form::STORED_ANALYSIS
        );
        let row = self
            .conn
            .query_row(&sql, [id], |r| {
                let read = packed::text_of(r.get_ref(11)?).and_then(|text| {
                    let analysis = crate::analysis_form::unpack(&self.conn, id, r.get_ref(12)?, &text)?;
                    Ok((text, analysis))
                });
                Ok((doc_summary(r, 0)?, read))
            })
            .optional()?;
        match row {
            None => Ok(None),
            Some((summary, read)) => {
                let (text, analysis) = read?;
                Ok(Some(StoredDocument { summary, text, analysis }))
            }
        }
    }

    /// A document's summary, text and number of (per-article) events, without parsing its
    /// analysis: that of a long article is many times the article's size.
    pub fn document_text(&self, id: i64) -> Result<Option<(DocSummary, String, usize)>> {
        let sql = format!(
            "SELECT {DOC_COLS}, d.text, (SELECT count(*) FROM events e WHERE e.doc = d.id) \
             FROM documents d WHERE d.id = ?1"
        );
        let row = self
            .conn
            .query_row(&sql, [id], |r| {
                Ok((doc_summary(r, 0)?, packed::text_of(r.get_ref(11)?), r.get::<_, i64>(12)? as usize))
            })
            .optional()?;
        row.map(|(summary, text, n)| Ok((summary, text?, n))).transpose()
    }

    /// The stored document with this hash ([`content_hash`] of its normalised text), if any.
    pub fn document_by_hash(&self, hash: &str) -> Result<Option<DocSummary>> {
        let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE d.hash = ?1");
        Ok(self.conn.query_row(&sql, [hash], |r| doc_summary(r, 0)).optional()?)
    }

    /// The stored document with this normalised text, if any: by its SHA-256, else (a store
    /// written before SHA-256) by the older hash.
    pub fn document_with_text(&self, text: &str) -> Result<Option<DocSummary>> {
        match self.document_by_hash(&content_hash(text))? {
            Some(d) => Ok(Some(d)),
            None => self.document_by_hash(&crate::ingest::legacy_hash(text)),
        }
    }

    /// Number of (per-article) events of each document that has any.
    pub fn event_counts(&self) -> Result<BTreeMap<i64, u64>> {
        let mut st = self.conn.prepare("SELECT doc, count(*) FROM events GROUP BY doc")?;
        let v = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// Ids of the merged events a document reports, ascending (empty until [`Store::fuse`]).
    pub fn merged_events_of(&self, doc: i64) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT merged FROM events WHERE doc = ?1 AND merged > 0 ORDER BY merged",
        )?;
        let v = st.query_map([doc], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// Id of a document by its ingest id (JSONL `id` or path).
    pub fn document_id(&self, key: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM documents WHERE doc_key = ?1 ORDER BY id LIMIT 1", [key], |r| r.get(0))
            .optional()?)
    }

    fn sources_of(&self, merged: i64) -> Result<Vec<EventSource>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.doc, e.ev_key, d.title, d.outlet, d.published, d.dup_of IS NOT NULL, e.date, e.rule, e.evidence,
                    d.agency, CASE WHEN substr(e.evidence, 1, 1) = x'ff' THEN d.text END
             FROM events e JOIN documents d ON d.id = e.doc WHERE e.merged = ?1
             ORDER BY d.published IS NULL, d.published, e.id",
        )?;
        let rows = st.query_map([merged], |r| {
            Ok((
                EventSource {
                    doc: r.get(0)?,
                    event_key: r.get(1)?,
                    title: r.get(2)?,
                    outlet: r.get(3)?,
                    agency: r.get(9)?,
                    published: r.get(4)?,
                    is_copy: r.get(5)?,
                    date: r.get(6)?,
                    rule: r.get(7)?,
                    evidence: Vec::new(),
                },
                evidence_of(r.get_ref(8)?, r.get_ref(10)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut s, evidence) = row?;
            s.evidence = evidence?;
            out.push(s);
        }
        Ok(out)
    }

    pub(crate) fn for_each_merged(
        &self,
        f: &EventFilter,
        order: &str,
        each: impl FnMut(MergedEvent) -> Result<()>,
    ) -> Result<()> {
        self.for_each_merged_with(f, order, true, each)
    }

    /// [`Store::for_each_event`] without the sources (`sources` left empty): one query
    /// instead of one more per event, for lists that show only what was fused.
    pub fn for_each_event_fused(
        &self,
        f: &EventFilter,
        each: impl FnMut(MergedEvent) -> Result<()>,
    ) -> Result<()> {
        self.for_each_merged_with(f, DATE_ORDER, false, each)
    }

    pub(crate) fn for_each_merged_with(
        &self,
        f: &EventFilter,
        order: &str,
        with_sources: bool,
        mut each: impl FnMut(MergedEvent) -> Result<()>,
    ) -> Result<()> {
        let (sql, params) = merged_query(f, order);
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let fused = self.fused_of(id, r.get_ref(1)?)?;
            let sources = if with_sources { self.sources_of(id)? } else { Vec::new() };
            each(MergedEvent { id, fused, sources })?;
        }
        Ok(())
    }

    /// Merged events matching the filter, by date (undated last) then id.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<MergedEvent>> {
        let mut v = Vec::new();
        self.for_each_event(f, |e| {
            v.push(e);
            Ok(())
        })?;
        Ok(v)
    }

    /// Stream merged events matching the filter (by date, then id) without collecting them.
    pub fn for_each_event(&self, f: &EventFilter, each: impl FnMut(MergedEvent) -> Result<()>) -> Result<()> {
        self.for_each_merged(f, DATE_ORDER, each)
    }

    /// One merged event.
    pub fn event(&self, id: i64) -> Result<Option<MergedEvent>> {
        let row = self
            .conn
            .query_row("SELECT fused FROM merged WHERE id = ?1", [id], |r| {
                Ok(self.fused_of(id, r.get_ref(0)?))
            })
            .optional()?;
        match row {
            None => Ok(None),
            Some(fused) => Ok(Some(MergedEvent { id, fused: fused?, sources: self.sources_of(id)? })),
        }
    }

    /// Timeline: merged conflict events in date order, each with a one-line summary. Other
    /// news and background events have no place on it: a filter asking for them is an error.
    pub fn timeline(&self, f: &EventFilter) -> Result<Vec<TimelineEntry>> {
        crate::ReadStore::timeline(self, f)
    }

    /// Control histories, for places whose name contains `place` (all when `None`), from the
    /// conflict record's territory events (the taxonomy's sub-event types with a `territory`).
    pub fn control_history(&self, place: Option<&str>) -> Result<Vec<PlaceControl>> {
        let f = EventFilter { place: place.map(str::to_string), ..Default::default() };
        let mut changes = Vec::new();
        let mut w = event_where(&f);
        let subs: Vec<Value> =
            taxonomy().territory_sub_event_types().map(|s| Value::Text(s.to_string())).collect();
        let marks = vec!["?"; subs.len()].join(", ");
        w.push(&format!("m.sub_event_type IN ({marks}) AND m.place_key IS NOT NULL"), subs);
        // Rioters, protesters and civilians (ACLED inter 5-7) do not take and hold places.
        w.push("coalesce(m.inter1, 0) NOT IN (5, 6, 7)", []);
        let sql = format!(
            "SELECT m.id, m.fused FROM merged m {} ORDER BY m.place_key, m.day_start, m.id",
            w.clause()
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut docs_st = self
            .conn
            .prepare_cached("SELECT DISTINCT e.doc FROM events e WHERE e.merged = ?1 ORDER BY e.doc")?;
        let rows: Vec<(i64, Result<Fused>)> = st
            .query_map(params_from_iter(w.params.iter()), |r| {
                let id = r.get(0)?;
                Ok((id, self.fused_of(id, r.get_ref(1)?)))
            })?
            .collect::<Result<_, _>>()?;
        for (id, fz) in rows {
            let fz = fz?;
            let docs: Vec<i64> = docs_st.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let Some(place) = fz.place.clone() else { continue };
            // Who holds a place is read only from a sentence that names it, not from the
            // article's other places.
            if fz.location.as_ref().is_some_and(|l| !l.is_own()) {
                continue;
            }
            changes.push(TerritoryChange {
                event: id,
                place,
                date: fz.date.clone(),
                date_is_report_date: fz.date_is_report_date,
                sub_event_type: fz.sub_event_type.clone(),
                taker: fz.actor1.clone(),
                loser: fz.actor2.clone(),
                modality: fz.modality,
                docs,
                n_independent: fz.n_independent,
            });
        }
        Ok(control::control_history(changes))
    }

    /// Places with events, by number of events (then name), with control histories.
    pub fn places(&self, f: &EventFilter) -> Result<Vec<PlaceSummary>> {
        let mut w = event_where(f);
        w.push("m.place_key IS NOT NULL", []);
        let sql = format!(
            "SELECT m.place_key, m.date, m.fused, m.id FROM merged m {} ORDER BY m.place_key",
            w.clause()
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(params_from_iter(w.params.iter()))?;
        // Per place: its events, first and last date, and the place of the event whose fused
        // JSON sorts first (as SQL's min over the JSON text would pick it).
        let mut groups: Vec<PlaceGroup> = Vec::new();
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let date: Option<String> = r.get(1)?;
            let json = self.fused_json_of(r.get(3)?, r.get_ref(2)?)?;
            match groups.last_mut() {
                Some(g) if g.0 == key => {
                    g.1 += 1;
                    if let Some(d) = date {
                        if g.2.as_ref().is_none_or(|first| d < *first) {
                            g.2 = Some(d.clone());
                        }
                        if g.3.as_ref().is_none_or(|last| d > *last) {
                            g.3 = Some(d);
                        }
                    }
                    if json < g.4 {
                        g.4 = json;
                    }
                }
                _ => groups.push((key, 1, date.clone(), date, json)),
            }
        }
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let control: BTreeMap<String, PlaceControl> =
            self.control_history(f.place.as_deref())?.into_iter().map(|c| (c.place.key.clone(), c)).collect();
        let mut out = Vec::new();
        for (key, n, first, last, json) in
            groups.into_iter().skip(f.offset).take(f.limit.unwrap_or(usize::MAX))
        {
            let fz: Fused = serde_json::from_slice(&json)?;
            let Some(place) = fz.place else { continue };
            out.push(PlaceSummary {
                control: control.get(&key).cloned(),
                place,
                n_events: n,
                first_date: first,
                last_date: last,
            });
        }
        Ok(out)
    }

    /// The claims ledger: figures grouped by subject, with disagreements. Streams subject by
    /// subject (memory bounded by the largest subject). Only the conflict record's figures:
    /// one quoted only in other news or a background mention is not a conflict figure.
    pub fn claims(&self, f: &ClaimFilter) -> Result<Vec<Subject>> {
        let mut w = Where::default();
        w.push("x.conflict <> 0", []);
        if let Some(p) = &f.place {
            w.push("lower(x.place) = lower(?)", [Value::Text(p.clone())]);
        }
        if let Some(c) = &f.category {
            w.push("x.category = ?", [Value::Text(c.to_lowercase())]);
        }
        let sql = format!(
            "SELECT x.id, x.doc, d.group_id, x.category, x.what, x.place, x.value, x.min, x.max, x.qualifier,
                    x.claimant, x.as_of, x.quote, x.subject, x.start, x.end
             FROM figures x JOIN documents d ON d.id = x.doc {} ORDER BY x.subject, x.id",
            w.clause()
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(params_from_iter(w.params.iter()))?;
        let mut out = Vec::new();
        let mut chunk: Vec<Claim> = Vec::new();
        let mut current = String::new();
        let keep =
            |s: &Subject| (!f.disputed_only || !s.disagreements.is_empty()) && s.claims.len() >= f.min_claims;
        let u = |v: Option<i64>| v.map(|x| x.max(0) as u64);
        while let Some(r) = rows.next()? {
            let subject: String = r.get(13)?;
            if subject != current && !chunk.is_empty() {
                out.extend(claims::ledger(std::mem::take(&mut chunk)).into_iter().filter(keep));
            }
            current = subject;
            // Figures of a subject in id order: the ledger keeps that order among equal dates.
            chunk.push(Claim {
                doc: r.get(1)?,
                group: r.get(2)?,
                category: from_plain(&r.get::<_, String>(3)?).unwrap_or(FigureCategory::Other),
                what: r.get(4)?,
                place: r.get(5)?,
                value: u(r.get(6)?),
                min: u(r.get(7)?),
                max: u(r.get(8)?),
                qualifier: r.get(9)?,
                claimant: r.get(10)?,
                as_of: r.get(11)?,
                start: r.get::<_, i64>(14)?.max(0) as usize,
                end: r.get::<_, i64>(15)?.max(0) as usize,
                quote: r.get(12)?,
            });
        }
        if !chunk.is_empty() {
            out.extend(claims::ledger(chunk).into_iter().filter(keep));
        }
        Ok(out)
    }

    /// Full-text search (bm25 ranking, title weighted 5×) with highlighted snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let text = q.query.trim();
        if text.is_empty() {
            return Err(StoreError::Query { query: q.query.clone(), message: "empty query".into() });
        }
        match self.search_raw(q, text) {
            Ok(v) => Ok(v),
            Err(StoreError::Sqlite(_)) => {
                // Not valid FTS5 syntax: search the words as plain terms.
                let plain: Vec<String> = text
                    .split_whitespace()
                    .map(|t| t.replace('"', ""))
                    .filter(|t| !t.is_empty())
                    .map(|t| format!("\"{t}\""))
                    .collect();
                if plain.is_empty() {
                    return Err(StoreError::Query {
                        query: q.query.clone(),
                        message: "no searchable words".into(),
                    });
                }
                self.search_raw(q, &plain.join(" "))
                    .map_err(|e| StoreError::Query { query: q.query.clone(), message: e.to_string() })
            }
            Err(e) => Err(e),
        }
    }

    fn search_raw(&self, q: &SearchQuery, fts: &str) -> Result<Vec<SearchHit>> {
        let mut w = Where::default();
        w.push("docs_fts MATCH ?", [Value::Text(fts.to_string())]);
        w.published_between(q.from.as_deref(), q.to.as_deref());
        if let Some(p) = &q.place {
            w.push(
                "EXISTS (SELECT 1 FROM doc_places p WHERE p.name = ? AND p.doc = d.id)",
                [Value::Text(p.clone())],
            );
        }
        if let Some(a) = &q.actor {
            w.push(
                "EXISTS (SELECT 1 FROM doc_actors a WHERE a.actor = ? AND a.doc = d.id)",
                [Value::Text(a.clone())],
            );
        }
        if let Some(t) = &q.event_type {
            let l = Value::Text(like(t));
            w.push(
                "EXISTS (SELECT 1 FROM events e WHERE e.doc = d.id AND (e.event_type LIKE ? ESCAPE '\\' OR \
                 e.sub_event_type LIKE ? ESCAPE '\\'))",
                [l.clone(), l],
            );
        }
        let sql = format!(
            "SELECT {DOC_COLS}, bm25(docs_fts, 5.0, 1.0) AS rank,
                    snippet(docs_fts, 1, char(2), char(3), '…', 24)
             FROM docs_fts JOIN documents d ON d.id = docs_fts.rowid {}
             ORDER BY rank, d.id LIMIT {} OFFSET {}",
            w.clause(),
            q.limit.unwrap_or(20) as i64,
            q.offset
        );
        let mut st = self.conn.prepare(&sql)?;
        let v = st
            .query_map(params_from_iter(w.params.iter()), |r| {
                Ok(SearchHit { doc: doc_summary(r, 0)?, rank: r.get(11)?, snippet: r.get(12)? })
            })?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }
}
