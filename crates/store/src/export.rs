//! Exports of merged events: JSON Lines, CSV, ACLED-style CSV, GeoJSON. All stream.
//!
//! CSV, ACLED CSV and GeoJSON are conflict-event exports: they hold the conflict record only
//! (conflict-scope news). JSON Lines follows the filter's scope, and every line says its
//! `scope` (and `historical`, `category` where set), so other news and background events can be
//! exported there and told apart.

use crate::{EventFilter, MergedEvent, Result, Store};
use eventwire_model::{DatePrecision, EventLocation, GeoPrecision, RelativeLocation};
use serde_json::json;
use std::io::Write;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    // Only `Jsonl` may carry other news or background events (see `holds_conflict_only`).
    /// One merged event (with all sources) per line.
    Jsonl,
    /// Flat CSV, one merged event per row.
    Csv,
    /// ACLED column names and codes.
    AcledCsv,
    /// A GeoJSON FeatureCollection of located events.
    Geojson,
}

/// ACLED's export columns, in order.
pub const ACLED_COLUMNS: [&str; 19] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

const CSV_COLUMNS: [&str; 23] = [
    "id",
    "date",
    "date_precision",
    "date_is_report_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "place",
    "admin1",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "admin_level",
    "location_source",
    "relative_to",
    "fatalities_min",
    "fatalities_max",
    "n_sources",
    "n_independent",
    "documents",
    "quote",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default().trim_matches('"').to_string()
}

fn first_quote(e: &MergedEvent) -> String {
    e.sources.iter().flat_map(|s| s.evidence.iter()).map(|q| q.quote.clone()).next().unwrap_or_default()
}

/// ACLED's `source`: each report's outlet, else the agency it credits.
fn outlets(e: &MergedEvent) -> String {
    let mut v: Vec<String> = e.sources.iter().filter_map(|s| s.outlet.clone().or(s.agency.clone())).collect();
    v.sort();
    v.dedup();
    v.join("; ")
}

fn acled_time_precision(e: &MergedEvent) -> u8 {
    match e.fused.date_precision {
        DatePrecision::Day if !e.fused.date_is_report_date => 1,
        DatePrecision::Day | DatePrecision::Week => 2,
        _ => 3,
    }
}

/// "12 km east of X", "east of X", "near X".
fn relative_text(r: &RelativeLocation) -> String {
    let mut s = String::new();
    if let (Some(d), Some(u)) = (r.distance, &r.unit) {
        s.push_str(&format!("{d} {u} "));
    }
    match &r.bearing {
        Some(b) => s.push_str(&format!("{b} of ")),
        None => s.push_str("near "),
    }
    s.push_str(&r.anchor);
    s
}

/// ACLED geo_precision: the event's location's when it was recorded, else its place's.
fn acled_geo_precision(l: Option<&EventLocation>, p: GeoPrecision) -> u8 {
    if let Some(l) = l {
        return l.geo_precision;
    }
    match p {
        GeoPrecision::Exact => 1,
        GeoPrecision::Near => 2,
        _ => 3,
    }
}

pub(crate) fn inter(store: &Store, merged: i64, slot: usize) -> Result<String> {
    let col = if slot == 1 { "inter1" } else { "inter2" };
    let v: Option<i64> =
        store.conn.query_row(&format!("SELECT {col} FROM merged WHERE id = ?1"), [merged], |r| r.get(0))?;
    Ok(opt(&v))
}

impl ExportFormat {
    /// The conflict-event exports, which never carry other news or background events.
    pub fn holds_conflict_only(self) -> bool {
        !matches!(self, ExportFormat::Jsonl)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "the jsonl export",
            ExportFormat::Csv => "the csv export",
            ExportFormat::AcledCsv => "the acled-csv export",
            ExportFormat::Geojson => "the geojson export",
        }
    }
}

impl Store {
    /// Write merged events matching `filter` in `format`; returns the number written. A
    /// conflict-event export ([`ExportFormat::holds_conflict_only`]) asked for another scope
    /// is an error.
    pub fn export(&self, filter: &EventFilter, format: ExportFormat, out: &mut dyn Write) -> Result<usize> {
        self.export_with(filter, &mut |_| true, format, out)
    }

    /// [`Store::export`] of the events matching `filter` that `keep` also keeps: for callers
    /// whose filters go beyond [`EventFilter`] (the web UI's exact type, area, fatalities).
    pub fn export_with(
        &self,
        filter: &EventFilter,
        keep: &mut dyn FnMut(&MergedEvent) -> bool,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<usize> {
        crate::ReadStore::export_with(self, filter, keep, format, out)
    }
}

/// Write the merged events that `for_each` visits in `format`; `inter` gives a merged event's
/// ACLED inter code of actor 1 or 2. [`Store::export`] writes through it, and so can another
/// store of merged events (the PostgreSQL store), for the same bytes.
pub fn write_events(
    mut for_each: impl FnMut(&mut dyn FnMut(MergedEvent) -> Result<()>) -> Result<()>,
    inter: &dyn Fn(i64, usize) -> Result<String>,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut n = 0usize;
    match format {
        ExportFormat::Jsonl => {
            for_each(&mut |e| {
                serde_json::to_writer(&mut *out, &e)?;
                out.write_all(b"\n")?;
                n += 1;
                Ok(())
            })?;
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(CSV_COLUMNS)?;
            for_each(&mut |e| {
                let f = &e.fused;
                let p = f.place.as_ref();
                let mut docs: Vec<String> = e.sources.iter().map(|s| s.doc.to_string()).collect();
                docs.dedup();
                w.write_record([
                    e.id.to_string(),
                    opt(&f.date),
                    plain(&f.date_precision),
                    f.date_is_report_date.to_string(),
                    f.event_type.clone(),
                    f.sub_event_type.clone(),
                    opt(&f.actor1),
                    opt(&f.actor2),
                    p.map(|p| p.name.clone()).unwrap_or_default(),
                    opt(&p.and_then(|p| p.admin1.clone())),
                    opt(&p.and_then(|p| p.country_code.clone())),
                    opt(&p.and_then(|p| p.lat)),
                    opt(&p.and_then(|p| p.lon)),
                    p.map(|p| acled_geo_precision(f.location.as_ref(), p.precision).to_string())
                        .unwrap_or_default(),
                    f.location.as_ref().map(|l| plain(&l.admin_level)).unwrap_or_default(),
                    f.location.as_ref().map(|l| plain(&l.source)).unwrap_or_default(),
                    opt(&f.location.as_ref().and_then(|l| l.relative.as_ref()).map(relative_text)),
                    opt(&f.fatalities_min),
                    opt(&f.fatalities_max),
                    f.n_sources.to_string(),
                    f.n_independent.to_string(),
                    docs.join(" "),
                    first_quote(&e),
                ])?;
                n += 1;
                Ok(())
            })?;
            w.flush()?;
        }
        ExportFormat::AcledCsv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(ACLED_COLUMNS)?;
            for_each(&mut |e| {
                let f = &e.fused;
                let p = f.place.as_ref();
                let cc = p.and_then(|p| p.country_code.clone()).unwrap_or_default();
                let date = f.date.clone().unwrap_or_default();
                let mut notes = first_quote(&e);
                notes.push_str(&format!(" [{} report(s), {} independent]", f.n_sources, f.n_independent));
                w.write_record([
                    format!("{cc}{}", e.id),
                    date.clone(),
                    date.get(..4).unwrap_or("").to_string(),
                    acled_time_precision(&e).to_string(),
                    f.event_type.clone(),
                    f.sub_event_type.clone(),
                    opt(&f.actor1),
                    inter(e.id, 1)?,
                    opt(&f.actor2),
                    inter(e.id, 2)?,
                    // ACLED names the country; the code stands in when no name is known.
                    p.and_then(|p| p.country.clone()).unwrap_or_else(|| cc.clone()),
                    opt(&p.and_then(|p| p.admin1.clone())),
                    p.map(|p| p.name.clone()).unwrap_or_default(),
                    opt(&p.and_then(|p| p.lat)),
                    opt(&p.and_then(|p| p.lon)),
                    p.map(|p| acled_geo_precision(f.location.as_ref(), p.precision).to_string())
                        .unwrap_or_default(),
                    outlets(&e),
                    notes,
                    f.fatalities_min.unwrap_or(0).to_string(),
                ])?;
                n += 1;
                Ok(())
            })?;
            w.flush()?;
        }
        ExportFormat::Geojson => {
            out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
            for_each(&mut |e| {
                let Some((lat, lon)) = e.fused.place.as_ref().and_then(|p| Some((p.lat?, p.lon?))) else {
                    return Ok(());
                };
                if n > 0 {
                    out.write_all(b",\n")?;
                } else {
                    out.write_all(b"\n")?;
                }
                let props = serde_json::to_value(&e)?;
                let feature = json!({
                    "type": "Feature",
                    "id": e.id,
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": props,
                });
                serde_json::to_writer(&mut *out, &feature)?;
                n += 1;
                Ok(())
            })?;
            out.write_all(b"\n]}\n")?;
        }
    }
    out.flush()?;
    Ok(n)
}
