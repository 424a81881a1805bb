//! Aggregates of the events matching a filter, so that a page need not load every event: counts
//! per map grid cell (`/api/events/grid`) and per day, week or month (`/api/events/histogram`).

use crate::types::EventSummary;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Deepest grid zoom: cells of 45° / 2^20, about 5 cm.
pub const MAX_GRID_ZOOM: u8 = 20;

/// Side of a grid cell in degrees at `zoom`: 45° at zoom 0, halved at each level.
pub fn cell_degrees(zoom: u8) -> f64 {
    45.0 / f64::from(1u32 << zoom.min(MAX_GRID_ZOOM))
}

/// Event counts on a grid of `cell_degrees` squares (longitude and latitude).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub zoom: u8,
    pub cell_degrees: f64,
    /// Located events counted in the cells.
    pub located: usize,
    /// Events matching the filter that have no coordinates (in no cell).
    pub unlocated: usize,
    /// Non-empty cells, most events first.
    pub cells: Vec<GridCell>,
}

/// One grid cell with events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridCell {
    /// The cell's bounds in degrees.
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
    /// Mean position of its events (where a marker for the cell belongs).
    pub lat: f64,
    pub lon: f64,
    pub count: usize,
    /// Events located only approximately (ACLED geo_precision 2 or 3).
    pub approximate: usize,
    /// Sum of the lowest fatality counts reported.
    pub fatalities: u64,
    /// Events per ACLED event type.
    pub types: BTreeMap<String, usize>,
    /// The place most events in the cell are at (ties: the first name in order), and how many
    /// distinct places the cell holds.
    pub place: String,
    pub places: usize,
}

/// The sums of one grid cell while counting (from events here, from the store's counts in
/// `store_browse.rs`).
#[derive(Default)]
pub(crate) struct CellAcc {
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) count: usize,
    pub(crate) approximate: usize,
    pub(crate) fatalities: u64,
    pub(crate) types: BTreeMap<String, usize>,
    pub(crate) places: BTreeMap<String, usize>,
}

/// Count `events` per grid cell at `zoom`.
pub fn grid(events: &[EventSummary], zoom: u8) -> Grid {
    let zoom = zoom.min(MAX_GRID_ZOOM);
    let size = cell_degrees(zoom);
    let mut cells: HashMap<(i64, i64), CellAcc> = HashMap::new();
    let mut unlocated = 0;
    for e in events {
        let Some(p) = e.place.as_ref().map(|p| &p.0) else {
            unlocated += 1;
            continue;
        };
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            unlocated += 1;
            continue;
        };
        if !lat.is_finite() || !lon.is_finite() {
            unlocated += 1;
            continue;
        }
        let key = (((lon + 180.0) / size).floor() as i64, ((lat + 90.0) / size).floor() as i64);
        let c = cells.entry(key).or_default();
        c.lat += lat;
        c.lon += lon;
        c.count += 1;
        c.approximate += usize::from(e.location.as_ref().is_some_and(|l| l.geo_precision > 1));
        c.fatalities += e.fatalities.unwrap_or(0);
        *c.types.entry(e.event_type.clone()).or_default() += 1;
        *c.places.entry(p.name.clone()).or_default() += 1;
    }
    cells_to_grid(cells, zoom, size, unlocated)
}

/// The grid of the non-empty cells of `cells` (cells of `size` degrees), busiest first.
pub(crate) fn cells_to_grid(
    cells: HashMap<(i64, i64), CellAcc>,
    zoom: u8,
    size: f64,
    unlocated: usize,
) -> Grid {
    let located = cells.values().map(|c| c.count).sum();
    let mut out: Vec<GridCell> = cells
        .into_iter()
        .filter(|(_, c)| c.count > 0)
        .map(|((ix, iy), c)| {
            let (west, south) = (ix as f64 * size - 180.0, iy as f64 * size - 90.0);
            let n = c.count as f64;
            let place = c
                .places
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(name, _)| name.clone())
                .unwrap_or_default();
            GridCell {
                west,
                south,
                east: west + size,
                north: south + size,
                lat: c.lat / n,
                lon: c.lon / n,
                count: c.count,
                approximate: c.approximate,
                fatalities: c.fatalities,
                types: c.types,
                place,
                places: c.places.len(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.count.cmp(&a.count).then(a.west.total_cmp(&b.west)).then(a.south.total_cmp(&b.south))
    });
    Grid { zoom, cell_degrees: size, located, unlocated, cells: out }
}

/// The width of a histogram bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    /// ISO weeks, starting on Monday.
    Week,
    Month,
}

impl Bucket {
    pub const NAMES: &[&str] = &["day", "week", "month"];

    pub fn parse(s: &str) -> Option<Bucket> {
        match s {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }

    /// First day of the bucket holding `day` (`YYYY-MM-DD`), or None for a malformed date.
    pub(crate) fn start(self, day: &str) -> Option<String> {
        match self {
            Bucket::Day => Some(day.to_string()),
            Bucket::Month => Some(format!("{}-01", day.get(..7)?)),
            Bucket::Week => {
                let d: jiff::civil::Date = day.parse().ok()?;
                let back = i64::from(d.weekday().to_monday_zero_offset());
                Some(d.checked_sub(jiff::Span::new().days(back)).ok()?.to_string())
            }
        }
    }
}

/// Dated event counts per bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub bucket: Bucket,
    /// Dated events counted in the buckets.
    pub dated: usize,
    /// Events matching the filter with no date (in no bucket).
    pub undated: usize,
    /// Non-empty buckets in date order.
    pub buckets: Vec<HistogramBar>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistogramBar {
    /// First day of the bucket.
    pub start: String,
    pub count: usize,
    pub fatalities: u64,
}

/// Count `events` per bucket. An event counts in the bucket of its date's first day (a date
/// known only to the month counts on the 1st), as the UI's date range does.
pub fn histogram(events: &[EventSummary], bucket: Bucket) -> Histogram {
    let mut bars: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut undated = 0;
    for e in events {
        let Some(start) = e.date.as_deref().and_then(|d| bucket.start(&date_floor(d))) else {
            undated += 1;
            continue;
        };
        let bar = bars.entry(start).or_default();
        bar.0 += 1;
        bar.1 += e.fatalities.unwrap_or(0);
    }
    let buckets: Vec<HistogramBar> = bars
        .into_iter()
        .map(|(start, (count, fatalities))| HistogramBar { start, count, fatalities })
        .collect();
    Histogram { bucket, dated: buckets.iter().map(|b| b.count).sum(), undated, buckets }
}

/// First day of an ISO date or coarser, as a comparable string `YYYY-MM-DD`.
pub(crate) fn date_floor(v: &str) -> String {
    match v.len() {
        4 => format!("{v}-01-01"),
        7 => format!("{v}-01"),
        _ => v.chars().take(10).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_buckets_start_on_monday_and_months_on_the_first() {
        // 2016-11-07 was a Monday; 2016-11-13 a Sunday.
        assert_eq!(Bucket::Week.start("2016-11-07").as_deref(), Some("2016-11-07"));
        assert_eq!(Bucket::Week.start("2016-11-13").as_deref(), Some("2016-11-07"));
        assert_eq!(Bucket::Week.start("2017-01-01").as_deref(), Some("2016-12-26"));
        assert_eq!(Bucket::Month.start("2016-11-20").as_deref(), Some("2016-11-01"));
        assert_eq!(Bucket::Day.start("2016-11-20").as_deref(), Some("2016-11-20"));
        assert_eq!(Bucket::Week.start("2016-13-40"), None);
        assert_eq!(Bucket::parse("week"), Some(Bucket::Week));
        assert_eq!(Bucket::parse("year"), None);
    }

    #[test]
    fn cells_halve_with_each_zoom_level() {
        assert_eq!(cell_degrees(0), 45.0);
        assert_eq!(cell_degrees(3), 5.625);
        assert_eq!(cell_degrees(99), cell_degrees(MAX_GRID_ZOOM));
    }
}
