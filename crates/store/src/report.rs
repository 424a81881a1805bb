//! What the situation report is written from: the best-sourced conflict events, control
//! changes, figures, a few other-scope news items, and the sources they cite.

use crate::query::{doc_summary, DOC_COLS};
use crate::*;
use eventwire_fuse::{ReportEvent, Source};
use eventwire_model::FigureCategory;
use rusqlite::OptionalExtension;
use std::collections::BTreeSet;

/// Most other-scope news items a report lists (the best-sourced ones).
pub const OTHER_NEWS_MAX: usize = 10;

/// The best-sourced merged events of `scope` matching the report's filter.
fn report_events(
    s: &(impl ReadStore + ?Sized),
    o: &ReportOptions,
    scope: EventScope,
    max: usize,
) -> Result<Vec<ReportEvent>> {
    let mut events = Vec::new();
    // Events a coder marked wrong are not reported (the limit then counts the rest).
    let reviews = s.review_index()?;
    let f =
        EventFilter { scope, limit: if reviews.is_empty() { Some(max) } else { None }, ..o.filter.clone() };
    s.for_each_merged(&f, MergedOrder::BestSourced, true, &mut |e| {
        if events.len() >= max || reviews.of(&e).is_some_and(|r| r.verdict == Verdict::Wrong) {
            return Ok(());
        }
        let docs: BTreeSet<i64> = e.sources.iter().map(|s| s.doc).collect();
        events.push(ReportEvent { id: e.id, fused: e.fused, docs: docs.into_iter().collect() });
        Ok(())
    })?;
    Ok(events)
}

/// Gather what a report needs: the best-sourced conflict events, control changes, figures
/// (disputed subjects first, then the most-claimed), a few other-scope news items and the
/// sources they cite. Background (historical) events are left out.
pub(crate) fn report_data(s: &(impl ReadStore + ?Sized), o: &ReportOptions) -> Result<ReportData> {
    let events = report_events(s, o, EventScope::Conflict, o.max_events)?;
    let other_news = report_events(s, o, EventScope::Other, OTHER_NEWS_MAX.min(o.max_events))?;
    let control = s.control_history(o.filter.place.as_deref())?;
    let wanted = [
        FigureCategory::Killed,
        FigureCategory::Wounded,
        FigureCategory::Displaced,
        FigureCategory::Returned,
        FigureCategory::Fighters,
        FigureCategory::Troops,
    ];
    let place_ok = |s: &Subject| match (&o.filter.place, &s.place) {
        (None, _) => true,
        (Some(p), Some(q)) => q.to_lowercase().contains(&p.to_lowercase()),
        (Some(_), None) => false,
    };
    let mut subjects: Vec<Subject> = s
        .claims(&ClaimFilter::default())?
        .into_iter()
        .filter(|s| wanted.contains(&s.category) && place_ok(s))
        .collect();
    subjects.sort_by(|a, b| {
        (b.disagreements.len(), b.claims.len(), &a.key).cmp(&(a.disagreements.len(), a.claims.len(), &b.key))
    });
    subjects.truncate(o.max_events.max(10));
    subjects.sort_by(|a, b| a.key.cmp(&b.key));

    let mut cited: BTreeSet<i64> = BTreeSet::new();
    cited.extend(events.iter().chain(&other_news).flat_map(|e| e.docs.iter().copied()));
    cited.extend(control.iter().flat_map(|p| p.steps.iter().flat_map(|s| s.docs.iter().copied())));
    cited.extend(subjects.iter().flat_map(|s| s.claims.iter().map(|c| c.doc)));
    let mut sources = Vec::new();
    for id in cited {
        let Some(d) = s.document_summary(id)? else { continue };
        sources.push(Source {
            doc: d.id,
            title: d.title,
            outlet: d.outlet.or(d.agency),
            published: d.published,
            url: d.url,
            copy_of: d.dup_of,
        });
    }
    let (n_documents, n_independent) = s.document_counts()?;
    Ok(ReportData {
        title: o.title.clone(),
        n_documents: n_documents as usize,
        n_independent_documents: n_independent as usize,
        events,
        control,
        subjects,
        sources,
        other_news,
    })
}

impl Store {
    /// One document's summary.
    pub fn document_summary(&self, id: i64) -> Result<Option<DocSummary>> {
        let mut st =
            self.conn.prepare_cached(&format!("SELECT {DOC_COLS} FROM documents d WHERE d.id = ?1"))?;
        Ok(st.query_row([id], |r| doc_summary(r, 0)).optional()?)
    }

    /// How many documents are stored, and how many independent ones (copy families).
    pub fn document_counts(&self) -> Result<(u64, u64)> {
        let (n, groups): (i64, i64) =
            self.conn.query_row("SELECT count(*), count(DISTINCT group_id) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok((n.max(0) as u64, groups.max(0) as u64))
    }

    /// Gather what a report needs ([`ReadStore::report_data`]).
    pub fn report_data(&self, o: &ReportOptions) -> Result<ReportData> {
        report_data(self, o)
    }

    /// Render the situation report.
    pub fn report(&self, o: &ReportOptions, format: ReportFormat) -> Result<String> {
        ReadStore::report(self, o, format)
    }
}
