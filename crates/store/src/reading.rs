//! What the readers of a store need of it: the situation report, `eventwire serve`'s API and
//! the CLI's queries read through [`ReadStore`], which the SQLite store (here) and the
//! PostgreSQL store (`eventwire-store-pg`) both implement with their own SQL. What is built
//! from those reads (the timeline, exports without the events marked wrong, the report, the
//! events that carry review marks) is written once, as provided methods.
//!
//! ```
//! use eventwire_store::{EventFilter, ReadStore, Store};
//!
//! fn count(store: &impl ReadStore) -> eventwire_store::Result<usize> {
//!     Ok(store.timeline(&EventFilter::default())?.len())
//! }
//! assert_eq!(count(&Store::open_in_memory()?)?, 0);
//! # Ok::<(), eventwire_store::StoreError>(())
//! ```

use crate::*;
use eventwire_fuse::report::event_sentence;
use std::collections::BTreeMap;
use std::io::Write;

/// The order [`ReadStore::for_each_merged`] visits merged events in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergedOrder {
    /// By date (undated last), then id.
    Date,
    /// Most independent sources first, then most sources, then by date (undated last), id.
    BestSourced,
}

/// A store's read queries (see the module docs). Every method answers as the SQLite store's
/// method of the same name does.
pub trait ReadStore {
    /// Documents, by publication date then id.
    fn documents(&self, f: &DocFilter) -> Result<Vec<DocSummary>>;
    /// One document's summary.
    fn document_summary(&self, id: i64) -> Result<Option<DocSummary>>;
    /// How many documents are stored, and how many independent ones (copy families).
    fn document_counts(&self) -> Result<(u64, u64)>;
    /// A document's summary, text and number of (per-article) events.
    fn document_text(&self, id: i64) -> Result<Option<(DocSummary, String, usize)>>;
    /// The stored document with this normalised text, if any.
    fn document_with_text(&self, text: &str) -> Result<Option<DocSummary>>;
    /// Number of (per-article) events of each document that has any.
    fn event_counts(&self) -> Result<BTreeMap<i64, u64>>;
    /// Ids of the merged events a document reports, ascending.
    fn merged_events_of(&self, doc: i64) -> Result<Vec<i64>>;
    /// One merged event with its sources.
    fn event(&self, id: i64) -> Result<Option<MergedEvent>>;
    /// Visit the merged events matching `f` in `order` (the filter's limit and offset
    /// applied); without their sources unless `with_sources`.
    fn for_each_merged(
        &self,
        f: &EventFilter,
        order: MergedOrder,
        with_sources: bool,
        each: &mut dyn FnMut(MergedEvent) -> Result<()>,
    ) -> Result<()>;
    /// A merged event's ACLED inter code of actor 1 or 2 (`slot`), as export text.
    fn inter_code(&self, id: i64, slot: usize) -> Result<String>;
    /// Places with events, by number of events (then key), with control histories.
    fn places(&self, f: &EventFilter) -> Result<Vec<PlaceSummary>>;
    /// Control histories of the places whose name or area contains `place` (all when `None`).
    fn control_history(&self, place: Option<&str>) -> Result<Vec<PlaceControl>>;
    /// The claims ledger.
    fn claims(&self, f: &ClaimFilter) -> Result<Vec<Subject>>;
    /// Full-text search.
    fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>>;
    /// Every review mark, ready to look events up.
    fn review_index(&self) -> Result<ReviewIndex>;
    /// Mark merged event `id` (or clear its marks); false when there is no such event.
    fn set_review(&self, id: i64, review: Option<&Review>) -> Result<bool>;
    /// A page of the merged events matching `q`, without their sources, and the cursor of
    /// the page after it where the store pages by cursor.
    fn browse_page(&self, q: &EventQuery, paging: &Paging) -> Result<EventPage>;
    /// How many merged events match `q`.
    fn event_count(&self, q: &EventQuery) -> Result<u64>;
    /// The events matching `q` counted per grid cell of `cell_degrees`.
    fn event_grid(&self, q: &EventQuery, cell_degrees: f64) -> Result<GridCounts>;
    /// The events matching `q` counted per day.
    fn event_days(&self, q: &EventQuery) -> Result<DayCounts>;

    /// The merged events that carry a review mark, with their mark.
    fn reviewed_events(&self) -> Result<BTreeMap<i64, Review>> {
        let index = self.review_index()?;
        let mut out = BTreeMap::new();
        for doc in index.marked_documents() {
            for id in self.merged_events_of(doc)? {
                if out.contains_key(&id) {
                    continue;
                }
                if let Some(r) = self.event(id)?.as_ref().and_then(|e| index.of(e)) {
                    out.insert(id, r.clone());
                }
            }
        }
        Ok(out)
    }

    /// Timeline: merged conflict events in date order, each with a one-line summary. Other
    /// news and background events have no place on it: a filter asking for them is an error.
    fn timeline(&self, f: &EventFilter) -> Result<Vec<TimelineEntry>> {
        if f.scope != EventScope::Conflict {
            return Err(StoreError::ConflictOnly { what: "the timeline", scope: f.scope });
        }
        let mut out = Vec::new();
        self.for_each_merged(f, MergedOrder::Date, true, &mut |e| {
            out.push(TimelineEntry {
                date: e.fused.date.clone(),
                summary: event_sentence(&e.fused),
                event: e,
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// Write the merged events matching `filter` that `keep` also keeps in `format`, leaving
    /// out the events a coder marked wrong; returns the number written. A conflict-event
    /// export asked for another scope is an error.
    fn export_with(
        &self,
        filter: &EventFilter,
        keep: &mut dyn FnMut(&MergedEvent) -> bool,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<usize> {
        if format.holds_conflict_only() && filter.scope != EventScope::Conflict {
            return Err(StoreError::ConflictOnly { what: format.name(), scope: filter.scope });
        }
        let reviews = self.review_index()?;
        let wrong = |e: &MergedEvent| reviews.of(e).is_some_and(|r| r.verdict == Verdict::Wrong);
        let for_each = |each: &mut dyn FnMut(MergedEvent) -> Result<()>| {
            self.for_each_merged(filter, MergedOrder::Date, true, &mut |e| {
                if keep(&e) && !wrong(&e) {
                    each(e)
                } else {
                    Ok(())
                }
            })
        };
        write_events(for_each, &|id, slot| self.inter_code(id, slot), format, out)
    }

    /// [`ReadStore::export_with`] of every event matching `filter`.
    fn export(&self, filter: &EventFilter, format: ExportFormat, out: &mut dyn Write) -> Result<usize> {
        self.export_with(filter, &mut |_| true, format, out)
    }

    /// What a report needs (`report.rs`).
    fn report_data(&self, o: &ReportOptions) -> Result<ReportData> {
        crate::report::report_data(self, o)
    }

    /// Render the situation report.
    fn report(&self, o: &ReportOptions, format: ReportFormat) -> Result<String> {
        Ok(eventwire_fuse::render_report(&self.report_data(o)?, format))
    }
}

impl ReadStore for Store {
    fn documents(&self, f: &DocFilter) -> Result<Vec<DocSummary>> {
        Store::documents(self, f)
    }
    fn document_summary(&self, id: i64) -> Result<Option<DocSummary>> {
        Store::document_summary(self, id)
    }
    fn document_counts(&self) -> Result<(u64, u64)> {
        Store::document_counts(self)
    }
    fn document_text(&self, id: i64) -> Result<Option<(DocSummary, String, usize)>> {
        Store::document_text(self, id)
    }
    fn document_with_text(&self, text: &str) -> Result<Option<DocSummary>> {
        Store::document_with_text(self, text)
    }
    fn event_counts(&self) -> Result<BTreeMap<i64, u64>> {
        Store::event_counts(self)
    }
    fn merged_events_of(&self, doc: i64) -> Result<Vec<i64>> {
        Store::merged_events_of(self, doc)
    }
    fn event(&self, id: i64) -> Result<Option<MergedEvent>> {
        Store::event(self, id)
    }
    fn for_each_merged(
        &self,
        f: &EventFilter,
        order: MergedOrder,
        with_sources: bool,
        each: &mut dyn FnMut(MergedEvent) -> Result<()>,
    ) -> Result<()> {
        let order = match order {
            MergedOrder::Date => crate::query::DATE_ORDER,
            MergedOrder::BestSourced => {
                "m.n_independent DESC, m.n_sources DESC, m.day_start IS NULL, m.day_start, m.id"
            }
        };
        self.for_each_merged_with(f, order, with_sources, each)
    }
    fn inter_code(&self, id: i64, slot: usize) -> Result<String> {
        crate::export::inter(self, id, slot)
    }
    fn places(&self, f: &EventFilter) -> Result<Vec<PlaceSummary>> {
        Store::places(self, f)
    }
    fn control_history(&self, place: Option<&str>) -> Result<Vec<PlaceControl>> {
        Store::control_history(self, place)
    }
    fn claims(&self, f: &ClaimFilter) -> Result<Vec<Subject>> {
        Store::claims(self, f)
    }
    fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        Store::search(self, q)
    }
    fn review_index(&self) -> Result<ReviewIndex> {
        Store::review_index(self)
    }
    fn set_review(&self, id: i64, review: Option<&Review>) -> Result<bool> {
        Store::set_review(self, id, review)
    }
    fn reviewed_events(&self) -> Result<BTreeMap<i64, Review>> {
        Store::reviewed_events(self)
    }
    fn browse_page(&self, q: &EventQuery, paging: &Paging) -> Result<EventPage> {
        Store::browse_page(self, q, paging)
    }
    fn event_count(&self, q: &EventQuery) -> Result<u64> {
        Store::event_count(self, q)
    }
    fn event_grid(&self, q: &EventQuery, cell_degrees: f64) -> Result<GridCounts> {
        Store::event_grid(self, q, cell_degrees)
    }
    fn event_days(&self, q: &EventQuery) -> Result<DayCounts> {
        Store::event_days(self, q)
    }
}
