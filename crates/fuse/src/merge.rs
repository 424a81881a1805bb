//! Event merging across articles: one real-world event, one record, every source kept.
//!
//! Events are blocked by place cell (0.25°, with the 8 neighbouring cells) and date window,
//! and fed in order of window start, so memory holds only the clusters whose dates are still
//! open: near-linear time, bounded memory. An event joins a cluster only when it is
//! compatible with *every* member (type, date, place distance, actors): merging never
//! chains two incompatible reports together through a vague third one. Conflict news, other
//! news and background (historical) mentions never merge with one another.

use crate::dates;
use crate::FuseError;
use eventwire_model::{
    taxonomy, AdminLevel, DatePrecision, EventClass, EventLocation, GeoPrecision, LocationSource, Modality,
};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// How far before the article date an event dated only by the article may have happened.
pub const REPORT_DATE_LOOKBACK_DAYS: i64 = 7;
/// The longest day window an event can have ([`window`]): a year's dates, reaching back by
/// [`REPORT_DATE_LOOKBACK_DAYS`] when only the article dates it.
pub const LONGEST_WINDOW_DAYS: i64 = 366 + REPORT_DATE_LOOKBACK_DAYS;
const CELL_DEG: f64 = 0.25;

/// A resolved place, as stored with an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// Stable key: `gn:<geonames id>` or `name:<lower-case name>`.
    pub key: String,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: GeoPrecision,
    pub country_code: Option<String>,
    /// Country name, when known.
    #[serde(default)]
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub geonames_id: Option<u64>,
}

impl PlaceRef {
    /// The key of a place: its GeoNames id, else its lower-cased name.
    pub fn key_for(geonames_id: Option<u64>, name: &str) -> String {
        match geonames_id {
            Some(id) => format!("gn:{id}"),
            None => format!("name:{}", name.trim().to_lowercase()),
        }
    }

    fn radius_km(&self) -> Option<f64> {
        match self.precision {
            GeoPrecision::Exact => Some(10.0),
            GeoPrecision::Near => Some(25.0),
            _ => None,
        }
    }

    fn coords(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?)).filter(|(a, o)| a.is_finite() && o.is_finite())
    }
}

/// One event of one article, as the merger sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The caller's unique id of this report (the store passes its event id): ties in
    /// ordering break by it, and [`Cluster::members`] keep it.
    pub row: i64,
    /// The caller's id of its document.
    pub doc: i64,
    /// Independence group: documents that copy each other share one.
    pub group: i64,
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub date_is_report_date: bool,
    pub place: Option<PlaceRef>,
    /// How the event is located (absent for events stored before locations were recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<u64>,
    pub modality: Modality,
    /// Conflict event or other news, and whether a background mention (see [`EventClass`]).
    #[serde(flatten)]
    pub class: EventClass,
}

impl EventRecord {
    /// The inclusive day window the event may have happened in (see [`window`]).
    pub fn window(&self) -> Option<(i64, i64)> {
        window(self.date.as_deref(), self.date_is_report_date)
    }
}

/// Day window of an event date. A date that is only the article's date means "on or
/// shortly before": the window reaches [`REPORT_DATE_LOOKBACK_DAYS`] back.
pub fn window(date: Option<&str>, is_report_date: bool) -> Option<(i64, i64)> {
    let (s, e) = dates::interval(date?)?;
    Some(if is_report_date { (s - REPORT_DATE_LOOKBACK_DAYS, e) } else { (s, e) })
}

fn is_coarse(e: &EventRecord) -> bool {
    match e.window() {
        Some((s, end)) => !e.date_is_report_date && end - s > 31,
        None => true,
    }
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Whether a sub-event type changes who holds a place (a `territory` role in the ACLED
/// taxonomy): the control history is built from these.
pub fn is_territory(sub_event_type: &str) -> bool {
    taxonomy().territory_of(sub_event_type).is_some()
}

/// Why two events are not the same event (`None` from [`incompatibility`] when they may be).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incompatibility {
    /// One is conflict news and the other is not (other news, or a background mention).
    Scope,
    Type,
    Date,
    Place,
    Actors,
}

fn actors_fit(a: (&Option<String>, &Option<String>), b: (&Option<String>, &Option<String>)) -> bool {
    let slot = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    slot(a.0, b.0) && slot(a.1, b.1)
}

/// Whether two events can be the same real-world event, and why not.
pub fn incompatibility(a: &EventRecord, b: &EventRecord) -> Option<Incompatibility> {
    if a.class.scope != b.class.scope || a.class.historical != b.class.historical {
        return Some(Incompatibility::Scope);
    }
    if a.event_type != b.event_type
        || a.sub_event_type != b.sub_event_type
        || a.class.category != b.class.category
    {
        return Some(Incompatibility::Type);
    }
    match (a.window(), b.window()) {
        (Some(x), Some(y)) if x.0 <= y.1 && y.0 <= x.1 => {
            if (is_coarse(a) || is_coarse(b)) && a.date != b.date {
                return Some(Incompatibility::Date);
            }
        }
        _ => return Some(Incompatibility::Date),
    }
    match (&a.place, &b.place) {
        (Some(p), Some(q)) => {
            let near = match (p.coords(), q.coords(), p.radius_km(), q.radius_km()) {
                (Some(x), Some(y), Some(r1), Some(r2)) => distance_km(x, y) <= r1.max(r2),
                _ => p.key == q.key,
            };
            if !near {
                return Some(Incompatibility::Place);
            }
        }
        _ => return Some(Incompatibility::Place),
    }
    let same = actors_fit((&a.actor1, &a.actor2), (&b.actor1, &b.actor2));
    // Who fought whom has no order; who took a place from whom does.
    let swapped =
        !is_territory(&a.sub_event_type) && actors_fit((&a.actor1, &a.actor2), (&b.actor2, &b.actor1));
    if !(same || swapped) {
        return Some(Incompatibility::Actors);
    }
    None
}

/// A group of event reports judged to be one real-world event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Members in input order.
    pub members: Vec<EventRecord>,
}

/// The fused view of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fused {
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    /// True when the date is only an article date (no source dates the event itself).
    pub date_is_report_date: bool,
    /// True when some member had only its article date and another source dated the event.
    pub date_anchored: bool,
    pub place: Option<PlaceRef>,
    /// How the best-located member locates the event; its evidence span lies in document
    /// `location_doc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_doc: Option<i64>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// Lowest and highest fatality counts reported (ACLED codes the lowest).
    pub fatalities_min: Option<u64>,
    pub fatalities_max: Option<u64>,
    pub n_sources: usize,
    pub n_independent: usize,
    /// Asserted or reported by at least one source (not only attempted).
    pub modality: Modality,
    /// Conflict event or other news, and whether a background mention: every member has the
    /// same (see [`EventClass`]).
    #[serde(flatten)]
    pub class: EventClass,
}

impl Fused {
    /// Whether the event belongs in the conflict record: conflict-scope news, not background.
    pub fn is_conflict_news(&self) -> bool {
        self.class.is_conflict_news()
    }
}

fn majority<'a>(values: impl Iterator<Item = &'a String>, exclude: Option<&String>) -> Option<String> {
    let mut counts: BTreeMap<&String, (usize, usize)> = BTreeMap::new();
    for (i, v) in values.enumerate() {
        if Some(v) == exclude {
            continue;
        }
        let e = counts.entry(v).or_insert((0, usize::MAX - i));
        e.0 += 1;
    }
    // Most frequent, ties to the first seen.
    counts.into_iter().max_by_key(|(_, c)| *c).map(|(v, _)| v.clone())
}

fn precision_rank(p: GeoPrecision) -> u8 {
    match p {
        GeoPrecision::Exact => 0,
        GeoPrecision::Near => 1,
        GeoPrecision::Region => 2,
        GeoPrecision::Country => 3,
        GeoPrecision::Unresolved => 4,
    }
}

/// (geo_precision, level, source) of a member's location; an event stored without one
/// counts as located by its own sentence at its place's precision.
fn location_rank(l: Option<&EventLocation>, p: &PlaceRef) -> (u8, AdminLevel, LocationSource) {
    match l {
        Some(l) => (l.geo_precision, l.admin_level, l.source),
        None => {
            let (g, level) = match p.precision {
                GeoPrecision::Exact | GeoPrecision::Unresolved => (1, AdminLevel::Place),
                GeoPrecision::Near => (2, AdminLevel::Place),
                GeoPrecision::Region => (3, AdminLevel::Province),
                GeoPrecision::Country => (3, AdminLevel::Country),
            };
            (g, level, LocationSource::Sentence)
        }
    }
}

impl Cluster {
    /// The ACLED interaction codes of `f`'s actor1 and actor2 (`f` is this cluster's
    /// [`Cluster::fused`]): those a member that names the same actor in the same role carries;
    /// `codes(row)` gives a member's (actor1, actor2) codes.
    pub fn inter_codes(
        &self,
        f: &Fused,
        codes: impl Fn(i64) -> (Option<i64>, Option<i64>),
    ) -> (Option<i64>, Option<i64>) {
        let of = |name: &Option<String>| -> Option<i64> {
            let name = name.as_ref()?;
            self.members.iter().find_map(|m| {
                let (i1, i2) = codes(m.row);
                if m.actor1.as_ref() == Some(name) {
                    i1
                } else if m.actor2.as_ref() == Some(name) {
                    i2
                } else {
                    None
                }
            })
        };
        (of(&f.actor1), of(&f.actor2))
    }

    /// Combine the members into one record.
    pub fn fused(&self) -> Fused {
        let m = &self.members;
        let first = &m[0];
        let best_date = m
            .iter()
            .filter_map(|e| e.window().map(|w| (w.1 - w.0, e.date_is_report_date, w.0, e.row, e)))
            .min_by_key(|x| (x.1, x.0, x.2, x.3))
            .map(|x| x.4);
        // The best-located member: a point first, then the finest precision and level, the
        // most direct source.
        let located = m
            .iter()
            .filter_map(|e| Some((e, e.place.as_ref()?)))
            .min_by_key(|(e, p)| {
                (p.coords().is_none(), location_rank(e.location.as_ref(), p), precision_rank(p.precision))
            })
            .map(|(e, _)| e);
        let place = located.and_then(|e| e.place.clone());
        let actor1 = majority(m.iter().filter_map(|e| e.actor1.as_ref()), None);
        let actor2 = majority(m.iter().filter_map(|e| e.actor2.as_ref()), actor1.as_ref());
        let fat = m.iter().filter_map(|e| e.fatalities);
        let mut docs: Vec<i64> = m.iter().map(|e| e.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let mut groups: Vec<i64> = m.iter().map(|e| e.group).collect();
        groups.sort_unstable();
        groups.dedup();
        let modality = if m.iter().any(|e| e.modality == Modality::Asserted) {
            Modality::Asserted
        } else if m.iter().any(|e| e.modality == Modality::Reported) {
            Modality::Reported
        } else {
            Modality::Attempted
        };
        let by_report = best_date.is_some_and(|e| e.date_is_report_date);
        Fused {
            event_type: first.event_type.clone(),
            sub_event_type: first.sub_event_type.clone(),
            date: best_date.and_then(|e| e.date.clone()),
            date_precision: best_date.map(|e| e.date_precision).unwrap_or_default(),
            date_is_report_date: by_report,
            date_anchored: !by_report && m.iter().any(|e| e.date_is_report_date),
            place,
            location: located.and_then(|e| e.location.clone()),
            location_doc: located.filter(|e| e.location.is_some()).map(|e| e.doc),
            actor1,
            actor2,
            fatalities_min: fat.clone().min(),
            fatalities_max: fat.max(),
            n_sources: docs.len(),
            n_independent: groups.len(),
            modality,
            class: first.class,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Cell {
    Grid(i32, i32),
    Key(String),
}

fn cell_of(e: &EventRecord) -> Option<Cell> {
    let p = e.place.as_ref()?;
    match (p.coords(), p.radius_km()) {
        (Some((lat, lon)), Some(_)) => {
            Some(Cell::Grid((lat / CELL_DEG).floor() as i32, (lon / CELL_DEG).floor() as i32))
        }
        _ => Some(Cell::Key(p.key.clone())),
    }
}

struct Open {
    cluster: Cluster,
    end: i64,
    cell: Cell,
    /// Order of creation: of several clusters an event fits, it joins the oldest.
    seq: u64,
}

/// Streaming merger. Feed events sorted by window start ([`EventRecord::window`]); events
/// with no date or no place come out as single-member clusters.
///
/// What an event joins depends only on the clusters still open in its neighbourhood and on
/// their order of creation (the order of their first members in the stream), never on
/// where the merger keeps them: so a merger given the clusters open at some day
/// ([`Merger::reopen`]) and then the events from that day on ends as one fed from the start
/// does, which is what incremental fusion ([`crate::refuse`]) relies on.
#[derive(Default)]
pub struct Merger {
    open: Vec<Option<Open>>,
    free: Vec<usize>,
    by_cell: BTreeMap<Cell, Vec<usize>>,
    expiry: BinaryHeap<Reverse<(i64, usize)>>,
    last_start: Option<i64>,
    next_seq: u64,
}

impl Merger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of clusters still open (for memory checks).
    pub fn open_len(&self) -> usize {
        self.open.len() - self.free.len()
    }

    /// Add one event; returns the clusters that can no longer grow.
    pub fn push(&mut self, ev: EventRecord) -> Result<Vec<Cluster>, FuseError> {
        let (Some((start, end)), Some(cell)) = (ev.window(), cell_of(&ev)) else {
            return Ok(vec![Cluster { members: vec![ev] }]);
        };
        if self.last_start.is_some_and(|l| start < l) {
            return Err(FuseError::Unsorted { row: ev.row });
        }
        self.last_start = Some(start);
        let done = self.expire(start);

        let mut neighbours: Vec<usize> = Vec::new();
        match &cell {
            Cell::Grid(a, o) => {
                for da in -1..=1 {
                    for dd in -1..=1 {
                        if let Some(v) = self.by_cell.get(&Cell::Grid(a + da, o + dd)) {
                            neighbours.extend(v);
                        }
                    }
                }
            }
            key => neighbours.extend(self.by_cell.get(key).into_iter().flatten()),
        }
        let seq_of = |i: &usize| self.open[*i].as_ref().map_or(u64::MAX, |o| o.seq);
        neighbours.sort_unstable_by_key(seq_of);
        let target = neighbours.into_iter().find(|&i| {
            self.open[i]
                .as_ref()
                .is_some_and(|o| o.cluster.members.iter().all(|m| incompatibility(m, &ev).is_none()))
        });
        match target {
            Some(i) => {
                let o = self.open[i].as_mut().expect("open cluster");
                o.cluster.members.push(ev);
                if end > o.end {
                    o.end = end;
                    self.expiry.push(Reverse((end, i)));
                }
            }
            None => self.open_cluster(Cluster { members: vec![ev] }, end, cell),
        }
        Ok(done)
    }

    fn open_cluster(&mut self, cluster: Cluster, end: i64, cell: Cell) {
        let o = Open { cluster, end, cell: cell.clone(), seq: self.next_seq };
        self.next_seq += 1;
        let i = match self.free.pop() {
            Some(i) => {
                self.open[i] = Some(o);
                i
            }
            None => {
                self.open.push(Some(o));
                self.open.len() - 1
            }
        };
        self.by_cell.entry(cell).or_default().push(i);
        self.expiry.push(Reverse((end, i)));
    }

    /// Take back a cluster that an earlier run left open, with the members it had then (in
    /// stream order): clusters are reopened in order of creation (their first members'
    /// window start, then row), before any event is pushed after them. A cluster whose
    /// first member has no date or place cannot be open; it is given back as it is.
    pub fn reopen(&mut self, members: Vec<EventRecord>) -> Option<Cluster> {
        let first = members.first()?;
        let (Some((start, _)), Some(cell)) = (first.window(), cell_of(first)) else {
            return Some(Cluster { members });
        };
        let end = members.iter().filter_map(|m| m.window().map(|w| w.1)).max().unwrap_or(start);
        let last = members.iter().filter_map(|m| m.window().map(|w| w.0)).max().unwrap_or(start);
        self.last_start = Some(self.last_start.map_or(last, |l| l.max(last)));
        self.open_cluster(Cluster { members }, end, cell);
        None
    }

    fn close(&mut self, i: usize) -> Cluster {
        let o = self.open[i].take().expect("open cluster");
        if let Some(v) = self.by_cell.get_mut(&o.cell) {
            v.retain(|&x| x != i);
            if v.is_empty() {
                self.by_cell.remove(&o.cell);
            }
        }
        self.free.push(i);
        o.cluster
    }

    fn expire(&mut self, start: i64) -> Vec<Cluster> {
        let mut out = Vec::new();
        while let Some(&Reverse((end, i))) = self.expiry.peek() {
            if end >= start {
                break;
            }
            self.expiry.pop();
            // Stale heap entries: the slot was closed or its end grew.
            if self.open[i].as_ref().is_some_and(|o| o.end == end) {
                out.push(self.close(i));
            }
        }
        out.sort_by_key(|c| c.members[0].row);
        out
    }

    /// Close every remaining cluster.
    pub fn finish(mut self) -> Vec<Cluster> {
        let mut out: Vec<Cluster> = Vec::new();
        for i in 0..self.open.len() {
            if self.open[i].is_some() {
                out.push(self.close(i));
            }
        }
        out.sort_by_key(|c| c.members[0].row);
        out
    }
}

/// Merge a whole set of events at once (sorts them first). Handy for tests and small sets.
pub fn merge_all(mut events: Vec<EventRecord>) -> Vec<Cluster> {
    events.sort_by_key(|e| (e.window().map(|w| w.0).unwrap_or(i64::MIN), e.row));
    let mut m = Merger::new();
    let mut out = Vec::new();
    for e in events {
        out.extend(m.push(e).expect("sorted input"));
    }
    out.extend(m.finish());
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use eventwire_model::{EventCategory, Scope};

    pub fn place(name: &str, lat: f64, lon: f64) -> PlaceRef {
        PlaceRef {
            key: PlaceRef::key_for(None, name),
            name: name.into(),
            lat: Some(lat),
            lon: Some(lon),
            precision: GeoPrecision::Exact,
            country_code: Some("IQ".into()),
            country: Some("Iraq".into()),
            admin1: Some("Nineveh".into()),
            geonames_id: None,
        }
    }

    pub fn ev(row: i64, doc: i64, sub: &str, date: &str, p: PlaceRef, a1: &str, a2: &str) -> EventRecord {
        let ty = taxonomy().event_type_of(sub).expect("an ACLED sub-event type");
        EventRecord {
            row,
            doc,
            group: doc,
            event_type: ty.into(),
            sub_event_type: sub.into(),
            date: Some(date.into()),
            date_precision: DatePrecision::Day,
            date_is_report_date: false,
            place: Some(p),
            location: None,
            actor1: (!a1.is_empty()).then(|| a1.into()),
            actor2: (!a2.is_empty()).then(|| a2.into()),
            fatalities: None,
            modality: Modality::Asserted,
            class: EventClass::default(),
        }
    }

    const GOV: &str = "Government regains territory";

    #[test]
    fn same_event_from_three_outlets_becomes_one_record() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let mut a = ev(1, 10, GOV, "2016-11-07", town.clone(), "Iraqi forces", "Islamic State");
        a.fatalities = Some(12);
        let mut b = ev(2, 11, GOV, "2016-11-07", place("Tel Hamra", 36.11, 43.21), "Iraqi forces", "");
        b.fatalities = Some(15);
        // Third source: syndicated copy of the first, and dated only by its article.
        let mut c = ev(3, 12, GOV, "2016-11-09", town, "", "Islamic State");
        c.group = 10;
        c.date_is_report_date = true;
        let clusters = merge_all(vec![c, b, a]);
        assert_eq!(clusters.len(), 1);
        let f = clusters[0].fused();
        assert_eq!(f.n_sources, 3);
        assert_eq!(f.n_independent, 2);
        assert_eq!(f.date.as_deref(), Some("2016-11-07"));
        assert!(f.date_anchored && !f.date_is_report_date);
        assert_eq!((f.fatalities_min, f.fatalities_max), (Some(12), Some(15)));
        assert_eq!(f.actor1.as_deref(), Some("Iraqi forces"));
        assert_eq!(f.actor2.as_deref(), Some("Islamic State"));
    }

    fn located(geo_precision: u8, admin_level: AdminLevel, source: LocationSource) -> Option<EventLocation> {
        Some(EventLocation {
            geo_precision,
            admin_level,
            source,
            start: 0,
            end: 4,
            relative: None,
            point_from: None,
        })
    }

    #[test]
    fn merged_event_keeps_the_best_precision_and_its_evidence() {
        let town = place("Tel Hamra", 36.10, 43.20);
        // Located only by the article's focus province, at precision 3.
        let mut focus = ev(1, 10, GOV, "2016-11-07", town.clone(), "Iraqi forces", "");
        focus.location = located(3, AdminLevel::Province, LocationSource::Focus);
        // Named by its own sentence, at precision 1.
        let mut own = ev(2, 11, GOV, "2016-11-07", place("Tel Hamra", 36.11, 43.21), "Iraqi forces", "");
        own.location = located(1, AdminLevel::Place, LocationSource::Sentence);
        let clusters = merge_all(vec![focus, own]);
        assert_eq!(clusters.len(), 1);
        let f = clusters[0].fused();
        let l = f.location.as_ref().expect("a location");
        assert_eq!((l.geo_precision, l.source, f.location_doc), (1, LocationSource::Sentence, Some(11)));
        assert_eq!(f.place.as_ref().and_then(|p| p.lat), Some(36.11));
        // A store written before locations: no location, the place as before.
        let old = Cluster { members: vec![ev(3, 12, GOV, "2016-11-07", town, "", "")] }.fused();
        assert!(old.location.is_none() && old.location_doc.is_none() && old.place.is_some());
    }

    #[test]
    fn incompatible_dates_places_actors_and_types_stay_apart() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let base = ev(1, 10, GOV, "2016-11-07", town.clone(), "Iraqi forces", "Islamic State");
        let other_day = ev(2, 11, GOV, "2016-11-12", town.clone(), "Iraqi forces", "Islamic State");
        let far = ev(3, 12, GOV, "2016-11-07", place("Far", 36.50, 43.20), "Iraqi forces", "Islamic State");
        let other_actor = ev(4, 13, GOV, "2016-11-07", town.clone(), "Peshmerga", "Islamic State");
        let clash = ev(5, 14, "Armed clash", "2016-11-07", town.clone(), "Iraqi forces", "Islamic State");
        assert_eq!(incompatibility(&base, &other_day), Some(Incompatibility::Date));
        assert_eq!(incompatibility(&base, &far), Some(Incompatibility::Place));
        assert_eq!(incompatibility(&base, &other_actor), Some(Incompatibility::Actors));
        assert_eq!(incompatibility(&base, &clash), Some(Incompatibility::Type));
        let all = merge_all(vec![base, other_day, far, other_actor, clash]);
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn conflict_news_other_news_and_background_never_merge() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let news = ev(1, 10, "Attack", "2016-11-07", town.clone(), "Islamic State", "");
        let mut other = ev(2, 11, "Attack", "2016-11-07", town.clone(), "Islamic State", "");
        other.class.scope = Scope::Other;
        other.class.category = Some(EventCategory::OrganizedCrime);
        let mut past = ev(3, 12, "Attack", "2016-11-07", town.clone(), "Islamic State", "");
        past.class.historical = true;
        assert_eq!(incompatibility(&news, &other), Some(Incompatibility::Scope));
        assert_eq!(incompatibility(&news, &past), Some(Incompatibility::Scope));
        assert_eq!(incompatibility(&other, &past), Some(Incompatibility::Scope));
        let mut other2 = other.clone();
        other2.row = 4;
        other2.doc = 13;
        let mut disaster = other.clone();
        disaster.row = 5;
        disaster.class.category = Some(EventCategory::NaturalDisaster);
        assert_eq!(incompatibility(&other, &disaster), Some(Incompatibility::Type));
        let all = merge_all(vec![news, other, past, other2, disaster]);
        assert_eq!(all.len(), 4, "{all:#?}");
        let fused: Vec<Fused> = all.iter().map(Cluster::fused).collect();
        assert_eq!(fused.iter().filter(|f| f.is_conflict_news()).count(), 1);
        let crime = fused.iter().find(|f| f.class.category == Some(EventCategory::OrganizedCrime)).unwrap();
        assert_eq!((crime.class.scope, crime.n_sources, crime.class.historical), (Scope::Other, 2, false));
        assert!(fused
            .iter()
            .any(|f| f.class.historical && f.class.scope == Scope::Conflict && !f.is_conflict_news()));
    }

    #[test]
    fn a_vague_report_does_not_chain_two_different_events() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let a = ev(1, 10, "Armed clash", "2016-11-01", town.clone(), "Iraqi forces", "Islamic State");
        let b = ev(2, 11, "Armed clash", "2016-11-20", town.clone(), "Iraqi forces", "Islamic State");
        let mut vague = ev(3, 12, "Armed clash", "2016-11", town, "Iraqi forces", "");
        vague.date_precision = DatePrecision::Month;
        let all = merge_all(vec![a, b, vague]);
        assert_eq!(all.len(), 2, "{all:#?}");
    }

    #[test]
    fn clash_actors_may_be_in_either_order_but_territory_actors_may_not() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let a = ev(1, 10, "Armed clash", "2016-11-07", town.clone(), "Iraqi forces", "Islamic State");
        let b = ev(2, 11, "Armed clash", "2016-11-07", town.clone(), "Islamic State", "Iraqi forces");
        assert_eq!(incompatibility(&a, &b), None);
        let c = ev(3, 10, GOV, "2016-11-07", town.clone(), "Iraqi forces", "Islamic State");
        let d = ev(4, 11, GOV, "2016-11-07", town, "Islamic State", "Iraqi forces");
        assert_eq!(incompatibility(&c, &d), Some(Incompatibility::Actors));
    }

    #[test]
    fn streaming_closes_old_clusters_and_rejects_unsorted_input() {
        let town = place("Tel Hamra", 36.10, 43.20);
        let mut m = Merger::new();
        for d in 1..=20 {
            let e = ev(d, d, "Armed clash", &format!("2016-11-{d:02}"), town.clone(), "A", "B");
            let closed = m.push(e).unwrap();
            if d > 1 {
                assert_eq!(closed.len(), 1);
            }
            assert!(m.open_len() <= 1);
        }
        let late = ev(99, 99, "Armed clash", "2016-10-01", town, "A", "B");
        assert!(matches!(m.push(late), Err(FuseError::Unsorted { row: 99 })));
        assert_eq!(m.finish().len(), 1);
    }

    #[test]
    fn neighbouring_cells_merge_across_a_cell_border() {
        // 35.999 and 36.001 fall in different 0.25° cells but are 200 m apart.
        let a = ev(1, 1, "Armed clash", "2016-11-07", place("X", 35.999, 43.2), "A", "");
        let b = ev(2, 2, "Armed clash", "2016-11-07", place("X", 36.001, 43.2), "A", "");
        assert_eq!(merge_all(vec![a, b]).len(), 1);
    }

    #[test]
    fn events_without_date_or_place_stay_single() {
        let mut a = ev(1, 1, "Armed clash", "2016-11-07", place("X", 36.0, 43.2), "A", "");
        a.date = None;
        let mut b = a.clone();
        b.row = 2;
        let mut c = ev(3, 3, "Armed clash", "2016-11-07", place("X", 36.0, 43.2), "A", "");
        c.place = None;
        assert_eq!(merge_all(vec![a, b, c]).len(), 3);
    }
}
