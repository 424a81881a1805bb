//! The store's read API (`eventwire_store::ReadStore`) on PostgreSQL: documents, merged events,
//! places and control history, the claims ledger and review marks, each query the SQLite
//! store's in PostgreSQL's SQL. The timeline, exports and the report are the trait's, written
//! once over these, so both stores give the same answers.

use crate::read::{event_where, like, Where};
use crate::{from_plain, PgError, PgStore, Result};
use eventwire_fuse::{claims, control, Fused};
use eventwire_model::FigureCategory;
use eventwire_store as store;
use eventwire_store::{
    Claim, ClaimFilter, DayCounts, DocFilter, DocSummary, EventFilter, EventQuery, GridCounts, MergedEvent,
    MergedOrder, PlaceControl, PlaceSummary, ReadStore, Review, ReviewIndex, SearchHit, SearchQuery,
    StoreError, Subject, Verdict,
};
use postgres::Row;
use std::collections::{BTreeMap, HashMap};

/// The document columns of a [`DocSummary`] (an original's group is its own id).
pub(crate) const DOC_COLS: &str =
    "d.id, d.doc_key, d.path, d.title, d.outlet, d.agency, d.url, d.published, \
     d.dup_of, d.dup_similarity, coalesce(d.group_id, d.id)";

pub(crate) fn doc_summary(r: &Row, at: usize) -> DocSummary {
    DocSummary {
        id: r.get(at),
        key: r.get(at + 1),
        path: r.get(at + 2),
        title: r.get(at + 3),
        outlet: r.get(at + 4),
        agency: r.get(at + 5),
        url: r.get(at + 6),
        published: r.get(at + 7),
        dup_of: r.get(at + 8),
        dup_similarity: r.get(at + 9),
        group: r.get(at + 10),
    }
}

/// A PostgreSQL failure as the read API's error (the store's own errors pass as they are).
fn read_error(e: PgError) -> StoreError {
    match e {
        PgError::Store(e) => e,
        PgError::Json(e) => StoreError::Json(e),
        e => StoreError::Other(Box::new(e)),
    }
}

fn pg(e: postgres::Error) -> StoreError {
    read_error(e.into())
}

impl PgStore {
    fn documents(&self, f: &DocFilter) -> Result<Vec<DocSummary>> {
        let mut w = Where::default();
        if let Some(from) = &f.from {
            w.push("d.published >= ?", vec![Box::new(from.clone())]);
        }
        if let Some(to) = &f.to {
            w.push(
                "substr(d.published, 1, length(?)) <= ?",
                vec![Box::new(to.clone()), Box::new(to.clone())],
            );
        }
        if let Some(o) = &f.outlet {
            w.push("d.outlet ILIKE ?", vec![Box::new(like(o))]);
        }
        let limit = f.limit.map(|l| format!("LIMIT {l}")).unwrap_or_default();
        let sql = format!(
            "SELECT {DOC_COLS} FROM documents d {} ORDER BY d.published IS NULL, d.published, d.id {limit} OFFSET {}",
            w.clause(),
            f.offset
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        Ok(rows.iter().map(|r| doc_summary(r, 0)).collect())
    }

    fn one_document(
        &self,
        cond: &str,
        value: &(dyn postgres::types::ToSql + Sync),
    ) -> Result<Option<DocSummary>> {
        let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE {cond}");
        Ok(self.client.borrow_mut().query_opt(&sql, &[value])?.map(|r| doc_summary(&r, 0)))
    }

    fn document_text(&self, id: i64) -> Result<Option<(DocSummary, String, usize)>> {
        let sql = format!(
            "SELECT {DOC_COLS}, d.text, (SELECT count(*) FROM events e WHERE e.doc = d.id)
             FROM documents d WHERE d.id = $1"
        );
        let row = self.client.borrow_mut().query_opt(&sql, &[&id])?;
        Ok(row.map(|r| (doc_summary(&r, 0), r.get(11), r.get::<_, i64>(12).max(0) as usize)))
    }

    fn event(&self, id: i64) -> Result<Option<MergedEvent>> {
        let row = self.client.borrow_mut().query_opt("SELECT fused FROM merged WHERE id = $1", &[&id])?;
        let Some(row) = row else { return Ok(None) };
        let fused: Fused = serde_json::from_str(&row.get::<_, String>(0))?;
        let sources = self.sources_of(&[id])?.remove(&id).unwrap_or_default();
        Ok(Some(MergedEvent { id, fused, sources }))
    }

    fn places(&self, f: &EventFilter) -> Result<Vec<PlaceSummary>> {
        let mut w = event_where(f);
        w.push("m.place_key IS NOT NULL", vec![]);
        let limit = f.limit.map(|l| format!("LIMIT {l}")).unwrap_or_default();
        // `fused` compared as bytes (as SQLite's min does), whatever the database's locale.
        let sql = format!(
            "SELECT m.place_key, count(*), min(m.date), max(m.date), min(m.fused COLLATE \"C\") FROM merged m {}
             GROUP BY m.place_key ORDER BY count(*) DESC, m.place_key {limit} OFFSET {}",
            w.clause(),
            f.offset
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let control: BTreeMap<String, PlaceControl> =
            self.control_history(f.place.as_deref())?.into_iter().map(|c| (c.place.key.clone(), c)).collect();
        let mut out = Vec::new();
        for r in &rows {
            let key: String = r.get(0);
            let fz: Fused = serde_json::from_str(&r.get::<_, String>(4))?;
            let Some(place) = fz.place else { continue };
            out.push(PlaceSummary {
                control: control.get(&key).cloned(),
                place,
                n_events: r.get::<_, i64>(1).max(0) as u64,
                first_date: r.get(2),
                last_date: r.get(3),
            });
        }
        Ok(out)
    }

    fn control_history(&self, place: Option<&str>) -> Result<Vec<PlaceControl>> {
        let changes = crate::fuse::territory_changes(&mut *self.client.borrow_mut(), place)?;
        Ok(control::control_history(changes))
    }

    /// The claims ledger, subject by subject, from the conflict record's figures (as the
    /// SQLite store reads them).
    fn claims(&self, f: &ClaimFilter) -> Result<Vec<Subject>> {
        let mut w = Where::default();
        w.push("x.conflict", vec![]);
        if let Some(p) = &f.place {
            w.push("lower(x.place) = lower(?)", vec![Box::new(p.clone())]);
        }
        if let Some(c) = &f.category {
            w.push("x.category = ?", vec![Box::new(c.to_lowercase())]);
        }
        let sql = format!(
            "SELECT x.id, x.doc, coalesce(d.group_id, d.id), x.category, x.what, x.place, x.value, x.min, x.max,
                    x.qualifier, x.claimant, x.as_of, x.quote, x.subject, x.start_cp, x.end_cp
             FROM figures x JOIN documents d ON d.id = x.doc {} ORDER BY x.subject, x.id",
            w.clause()
        );
        let rows = self.client.borrow_mut().query(&sql, &w.params())?;
        let keep =
            |s: &Subject| (!f.disputed_only || !s.disagreements.is_empty()) && s.claims.len() >= f.min_claims;
        let u = |v: Option<i64>| v.map(|x| x.max(0) as u64);
        let mut out = Vec::new();
        let mut chunk: Vec<Claim> = Vec::new();
        let mut current = String::new();
        for r in &rows {
            let subject: String = r.get(13);
            if subject != current && !chunk.is_empty() {
                out.extend(claims::ledger(std::mem::take(&mut chunk)).into_iter().filter(keep));
            }
            current = subject;
            chunk.push(Claim {
                doc: r.get(1),
                group: r.get(2),
                category: from_plain(&r.get::<_, String>(3)).unwrap_or(FigureCategory::Other),
                what: r.get(4),
                place: r.get(5),
                value: u(r.get(6)),
                min: u(r.get(7)),
                max: u(r.get(8)),
                qualifier: r.get(9),
                claimant: r.get(10),
                as_of: r.get(11),
                start: r.get::<_, i64>(14).max(0) as usize,
                end: r.get::<_, i64>(15).max(0) as usize,
                quote: r.get(12),
            });
        }
        if !chunk.is_empty() {
            out.extend(claims::ledger(chunk).into_iter().filter(keep));
        }
        Ok(out)
    }

    fn doc_hashes(&self) -> Result<HashMap<i64, String>> {
        let rows = self.client.borrow_mut().query("SELECT id, hash FROM documents", &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn review_index(&self) -> Result<ReviewIndex> {
        let rows = self.client.borrow_mut().query("SELECT span_key, verdict, note FROM reviews", &[])?;
        let marks: HashMap<String, Review> = rows
            .iter()
            .filter_map(|r| Some((r.get(0), Review { verdict: Verdict::parse(r.get(1))?, note: r.get(2) })))
            .collect();
        let hashes = if marks.is_empty() { HashMap::new() } else { self.doc_hashes()? };
        Ok(ReviewIndex::new(marks, hashes))
    }

    /// Mark merged event `id` (or clear its marks), under its first evidence span, as the
    /// SQLite store does: marks outlive the merged events, which fusion rebuilds.
    fn set_review(&self, id: i64, review: Option<&Review>) -> Result<bool> {
        let Some(e) = self.event(id)? else { return Ok(false) };
        let keys = store::review_span_keys(&e, &self.doc_hashes()?);
        let Some(anchor) = keys.first() else {
            return Err(StoreError::NoEvidence { id }.into());
        };
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        tx.execute("DELETE FROM reviews WHERE span_key = ANY($1)", &[&keys])?;
        if let Some(r) = review {
            tx.execute(
                "INSERT INTO reviews (span_key, verdict, note) VALUES ($1, $2, $3)",
                &[anchor, &r.verdict.as_str(), &r.note],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }
}

impl ReadStore for PgStore {
    fn documents(&self, f: &DocFilter) -> store::Result<Vec<DocSummary>> {
        PgStore::documents(self, f).map_err(read_error)
    }
    fn document_summary(&self, id: i64) -> store::Result<Option<DocSummary>> {
        self.one_document("d.id = $1", &id).map_err(read_error)
    }
    fn document_counts(&self) -> store::Result<(u64, u64)> {
        let r = self
            .client
            .borrow_mut()
            .query_one("SELECT count(*), count(DISTINCT coalesce(group_id, id)) FROM documents", &[])
            .map_err(pg)?;
        Ok((r.get::<_, i64>(0).max(0) as u64, r.get::<_, i64>(1).max(0) as u64))
    }
    fn document_text(&self, id: i64) -> store::Result<Option<(DocSummary, String, usize)>> {
        PgStore::document_text(self, id).map_err(read_error)
    }
    fn document_with_text(&self, text: &str) -> store::Result<Option<DocSummary>> {
        self.one_document("d.hash = $1", &store::content_hash(text)).map_err(read_error)
    }
    fn event_counts(&self) -> store::Result<BTreeMap<i64, u64>> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT doc, count(*) FROM events GROUP BY doc", &[])
            .map_err(pg)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1).max(0) as u64)).collect())
    }
    fn merged_events_of(&self, doc: i64) -> store::Result<Vec<i64>> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT DISTINCT merged FROM events WHERE doc = $1 AND merged IS NOT NULL ORDER BY merged",
                &[&doc],
            )
            .map_err(pg)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    fn event(&self, id: i64) -> store::Result<Option<MergedEvent>> {
        PgStore::event(self, id).map_err(read_error)
    }
    fn for_each_merged(
        &self,
        f: &EventFilter,
        order: MergedOrder,
        with_sources: bool,
        each: &mut dyn FnMut(MergedEvent) -> store::Result<()>,
    ) -> store::Result<()> {
        // Read first, then visit: `each` may read the store too.
        self.merged(f, order, with_sources).map_err(read_error)?.into_iter().try_for_each(each)
    }
    fn inter_code(&self, id: i64, slot: usize) -> store::Result<String> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT inter1, inter2 FROM merged WHERE id = $1", &[&id])
            .map_err(pg)?;
        let v: Option<i64> = row.and_then(|r| r.get(if slot == 1 { 0 } else { 1 }));
        Ok(v.map(|v| v.to_string()).unwrap_or_default())
    }
    fn places(&self, f: &EventFilter) -> store::Result<Vec<PlaceSummary>> {
        PgStore::places(self, f).map_err(read_error)
    }
    fn control_history(&self, place: Option<&str>) -> store::Result<Vec<PlaceControl>> {
        PgStore::control_history(self, place).map_err(read_error)
    }
    fn claims(&self, f: &ClaimFilter) -> store::Result<Vec<Subject>> {
        PgStore::claims(self, f).map_err(read_error)
    }
    fn search(&self, q: &SearchQuery) -> store::Result<Vec<SearchHit>> {
        PgStore::search(self, q).map_err(read_error)
    }
    fn review_index(&self) -> store::Result<ReviewIndex> {
        PgStore::review_index(self).map_err(read_error)
    }
    fn set_review(&self, id: i64, review: Option<&Review>) -> store::Result<bool> {
        PgStore::set_review(self, id, review).map_err(read_error)
    }
    fn browse_page(&self, q: &EventQuery, paging: &store::Paging) -> store::Result<store::EventPage> {
        let reviewed = self.reviewed_ids(q)?;
        PgStore::event_page(self, q, reviewed.as_deref(), paging).map_err(read_error)
    }
    fn event_count(&self, q: &EventQuery) -> store::Result<u64> {
        let reviewed = self.reviewed_ids(q)?;
        PgStore::event_count(self, q, reviewed.as_deref()).map_err(read_error)
    }
    fn event_grid(&self, q: &EventQuery, cell_degrees: f64) -> store::Result<GridCounts> {
        let reviewed = self.reviewed_ids(q)?;
        PgStore::event_grid(self, q, reviewed.as_deref(), cell_degrees).map_err(read_error)
    }
    fn event_days(&self, q: &EventQuery) -> store::Result<DayCounts> {
        let reviewed = self.reviewed_ids(q)?;
        PgStore::event_days(self, q, reviewed.as_deref()).map_err(read_error)
    }
}

impl PgStore {
    /// The ids of the events a coder marked, when `q` filters on them.
    fn reviewed_ids(&self, q: &EventQuery) -> store::Result<Option<Vec<i64>>> {
        q.reviewed.map(|_| Ok(self.reviewed_events()?.into_keys().collect())).transpose()
    }
}
