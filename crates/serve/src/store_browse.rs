//! The event list and its aggregates over a store, answered by the store's indexed queries
//! (`eventwire_store::EventQuery`, through `ReadStore`): a page reads only its own events, and the map's and
//! the timeline's counts are counted by SQL, never by loading every event.

use crate::aggregate::{self, Bucket, Grid, Histogram, HistogramBar};
use crate::backend::Backend;
use crate::store_corpus::{backend, summary, ServedStore};
use crate::types::*;
use crate::CorpusError;
use eventwire_store as store;
use eventwire_store::ReadStore;
use std::collections::{BTreeMap, HashMap};

/// The grid zoom the page opens with (the whole world; `web/src/app.js`).
const OPEN_ZOOM: u8 = 2;

/// The store's query for the API's filter (paging and order aside).
pub(crate) fn event_query(f: &EventFilter) -> store::EventQuery {
    store::EventQuery {
        from: f.from.clone(),
        to: f.to.clone(),
        range_by_start: f.date_match_start,
        bbox: f.bbox,
        actor: f.actor.clone(),
        event_type: f.event_type.clone(),
        place: f.place.clone(),
        area: f.area.clone(),
        // A document id that is no number matches nothing (ids are positive).
        document: f.document.as_deref().map(|d| d.parse::<i64>().unwrap_or(-1)),
        min_fatalities: f.min_fatalities,
        min_sources: f.min_sources.map(|n| n as u64),
        missing: f.missing.map(|m| match m {
            Missing::Place => store::Missing::Place,
            Missing::Date => store::Missing::Date,
        }),
        reviewed: f.reviewed,
        scope: f.scope,
    }
}

impl<B: Backend> ServedStore<B> {
    /// Answer, in the background, what a page opens with (the list's total, the timeline's
    /// days, the world map's cells), so that the first page to open finds the answers
    /// remembered. Only a store on disk remembers them.
    pub fn warm(self: &std::sync::Arc<Self>) {
        if !self.backend.remembers() {
            return;
        }
        let me = std::sync::Arc::clone(self);
        std::thread::spawn(move || {
            let f = EventFilter::default();
            // Failures here are a request's to report, when one asks.
            let _ = me.event_list(&f);
            let _ = me.event_histogram(&f, Bucket::Day);
            let _ = me.event_grid(&f, OPEN_ZOOM);
        });
    }

    pub(crate) fn event_list(&self, f: &EventFilter) -> Result<Page<EventSummary>, CorpusError> {
        let q = event_query(f);
        let st = self.read()?;
        // The count (remembered) first: it tells the page how to read the matches.
        let total = self.memo(format!("count {q:?}"), || st.event_count(&q))?;
        let page = if f.limit == 0 {
            store::EventPage { events: Vec::new(), next: None }
        } else {
            let paging = store::Paging {
                order: f.sort.order(),
                limit: f.limit,
                offset: f.offset,
                after: f.after.clone(),
                matching: Some(total),
            };
            st.browse_page(&q, &paging).map_err(backend)?
        };
        let reviews =
            if page.events.is_empty() { BTreeMap::new() } else { st.reviewed_events().map_err(backend)? };
        let items = page
            .events
            .iter()
            .map(|e| EventSummary { review: reviews.get(&e.id).cloned(), ..summary(e) })
            .collect();
        Ok(Page { total: total as usize, items, next: page.next.map(|c| c.to_string()) })
    }

    pub(crate) fn event_grid(&self, f: &EventFilter, zoom: u8) -> Result<Grid, CorpusError> {
        let zoom = zoom.min(aggregate::MAX_GRID_ZOOM);
        let size = aggregate::cell_degrees(zoom);
        let q = event_query(f);
        let st = self.read()?;
        let counts = self.memo(format!("grid {zoom} {q:?}"), || st.event_grid(&q, size))?;
        Ok(grid(counts, zoom, size))
    }

    pub(crate) fn event_histogram(&self, f: &EventFilter, bucket: Bucket) -> Result<Histogram, CorpusError> {
        let q = event_query(f);
        let st = self.read()?;
        let days = self.memo(format!("days {q:?}"), || st.event_days(&q))?;
        let mut bars: BTreeMap<String, (usize, u64)> = BTreeMap::new();
        let mut undated = days.undated as usize;
        for (day, n, fatalities) in days.days {
            match day_iso(day).and_then(|d| bucket.start(&d)) {
                Some(start) => {
                    let bar = bars.entry(start).or_default();
                    bar.0 += n as usize;
                    bar.1 += fatalities;
                }
                None => undated += n as usize,
            }
        }
        let buckets: Vec<HistogramBar> = bars
            .into_iter()
            .map(|(start, (count, fatalities))| HistogramBar { start, count, fatalities })
            .collect();
        Ok(Histogram { bucket, dated: buckets.iter().map(|b| b.count).sum(), undated, buckets })
    }
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01).
fn day_iso(day: i64) -> Option<String> {
    let span = jiff::Span::new().try_days(day).ok()?;
    jiff::civil::date(1970, 1, 1).checked_add(span).ok().map(|d| d.to_string())
}

/// The API's grid from the store's counts per cell, type and place.
fn grid(mut counts: store::GridCounts, zoom: u8, size: f64) -> Grid {
    // Summed in one order (the store's rows come in hash order): the same coordinates to
    // the last bit from run to run and from either store.
    counts.types.sort_by(|a, b| (a.cell, &a.event_type).cmp(&(b.cell, &b.event_type)));
    let mut cells: HashMap<(i64, i64), aggregate::CellAcc> = HashMap::new();
    for t in counts.types {
        let c = cells.entry(t.cell).or_default();
        c.lat += t.sum_lat;
        c.lon += t.sum_lon;
        c.count += t.count as usize;
        c.approximate += t.approximate as usize;
        c.fatalities += t.fatalities;
        *c.types.entry(t.event_type).or_default() += t.count as usize;
    }
    for (cell, name, n) in counts.places {
        *cells.entry(cell).or_default().places.entry(name).or_default() += n as usize;
    }
    aggregate::cells_to_grid(cells, zoom, size, counts.unlocated as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_are_dates() {
        assert_eq!(day_iso(0).as_deref(), Some("1970-01-01"));
        assert_eq!(day_iso(17_112).as_deref(), Some("2016-11-07"));
        assert_eq!(day_iso(-1).as_deref(), Some("1969-12-31"));
    }
}
