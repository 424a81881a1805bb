//! How a document's analysis is stored. Its events are stored again as `events` rows (what
//! fusion and the readers of sources query): from schema 16 on, the stored analysis (a row
//! of `doc_analyses`, off the document's row) leaves out of each event what its row holds, keeping only what no row holds (the place as the
//! article mentions it, the attribution links, the model's probability), and a reader puts
//! the rows' values back. The rows of a document are its events in order (ingest.rs writes
//! them in order and replaces them together with the analysis). Analyses stored before keep
//! their events whole (packed.rs reads every older form).

use crate::packed::{self, Kind};
use crate::{Result, StoreError};
use eventwire_model::{ActorMention, Analysis, DocOut, Event, Figure, PlaceMention, TimeMention};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Map, Value};

/// The keys of an event that its `events` row holds, in the row's columns of [`ROW_COLS`].
const ROW_KEYS: [&str; 19] = [
    "id",
    "acled_event_type",
    "acled_sub_event_type",
    "date",
    "date_precision",
    "date_is_report_date",
    "location",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "displaced",
    "modality",
    "claimant",
    "rule",
    "evidence",
    "scope",
    "category",
    "historical",
];

/// The stored analysis of document `d`, over `documents d`: in `doc_analyses` (schema 16 on)
/// or in its own row.
pub(crate) const STORED_ANALYSIS: &str =
    "coalesce((SELECT a.analysis FROM doc_analyses a WHERE a.doc = d.id), d.analysis)";

/// Store `stored`, the stored form of document `doc`'s analysis, in place of any other.
pub(crate) fn set(tx: &Connection, doc: i64, stored: &[u8]) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO doc_analyses (doc, analysis) VALUES (?1, ?2)")?
        .execute(rusqlite::params![doc, stored])?;
    Ok(())
}

/// The columns of an `events` row that hold [`ROW_KEYS`], in that order.
const ROW_COLS: &str = "ev_key, event_type, sub_event_type, date, date_precision, date_is_report_date, location, \
     actor1, actor2, fatalities, injured, displaced, modality, claimant, rule, evidence, scope, category, historical";

/// An analysis as stored: its fields in its own order (the order of the dictionary's
/// vocabulary, which deflates it a sixth smaller than sorted keys), each event reduced to
/// [`EventRest`].
#[derive(Serialize)]
struct StoredAnalysis<'a> {
    doc: &'a DocOut,
    places: &'a [PlaceMention],
    actors: &'a [ActorMention],
    times: &'a [TimeMention],
    events: Vec<EventRest<'a>>,
    figures: &'a [Figure],
}

/// What an event's row does not hold, serialised as [`Event`] serialises it.
#[derive(Serialize)]
struct EventRest<'a> {
    place: Option<&'a PlaceMention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims_event: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimed_in: Option<&'a String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_probability: Option<f32>,
}

impl<'a> EventRest<'a> {
    fn of(e: &'a Event) -> Self {
        // Every field named: one added to `Event` must be given to the row or to the rest.
        let Event {
            id: _,
            acled_event_type: _,
            acled_sub_event_type: _,
            date: _,
            date_precision: _,
            date_is_report_date: _,
            place,
            location: _,
            actor1: _,
            actor2: _,
            fatalities: _,
            injured: _,
            displaced: _,
            modality: _,
            claimant: _,
            rule: _,
            evidence: _,
            scope: _,
            category: _,
            historical: _,
            claims_event,
            claimed_in,
            type_probability,
        } = e;
        EventRest {
            place: place.as_ref(),
            claims_event: claims_event.as_ref(),
            claimed_in: claimed_in.as_ref(),
            type_probability: *type_probability,
        }
    }
}

/// The stored form of an analysis of the article `text`, whose events are written as rows.
pub(crate) fn pack(a: &Analysis, text: &str) -> Result<Vec<u8>> {
    let Analysis { doc, places, actors, times, events, figures } = a;
    let stored = StoredAnalysis {
        doc,
        places,
        actors,
        times,
        events: events.iter().map(EventRest::of).collect(),
        figures,
    };
    packed::deflate_events_apart(text, &serde_json::to_vec(&stored)?)
}

/// The analysis of document `doc` (the article `text`) from its stored form, with its events
/// from their rows when the stored form keeps them apart.
pub(crate) fn unpack(conn: &Connection, doc: i64, stored: ValueRef<'_>, text: &str) -> Result<Analysis> {
    if !packed::events_apart(stored) {
        return packed::unpack(stored, text);
    }
    let mut v: Value = serde_json::from_slice(&packed::json_of(Kind::Analysis, text, stored)?)?;
    let mut st = conn.prepare_cached(&format!("SELECT {ROW_COLS} FROM events WHERE doc = ?1 ORDER BY id"))?;
    let mut rows = st.query([doc])?;
    for e in events_mut(&mut v)? {
        let Some(r) = rows.next()? else { return Err(mismatch(doc)) };
        for (i, key) in ROW_KEYS.iter().enumerate() {
            let value = match (*key, r.get_ref(i)?) {
                (_, ValueRef::Null) => continue,
                ("location", v) => serde_json::from_slice(&packed::json_of(Kind::Location, "", v)?)?,
                ("evidence", v) => serde_json::from_slice(&packed::json_of(Kind::Evidence, text, v)?)?,
                ("date_is_report_date" | "historical", _) => Value::Bool(r.get::<_, i64>(i)? != 0),
                (_, ValueRef::Integer(n)) => Value::from(n),
                _ => Value::String(r.get::<_, String>(i)?),
            };
            e.insert(key.to_string(), value);
        }
    }
    if rows.next()?.is_some() {
        return Err(mismatch(doc));
    }
    Ok(serde_json::from_value(v)?)
}

/// The stored analysis without its events (all the places and actors whose names a
/// document's rows are keyed by), without reading the events' rows.
pub(crate) fn without_events(stored: ValueRef<'_>, text: &str) -> Result<Analysis> {
    let mut v: Value = serde_json::from_slice(&packed::json_of(Kind::Analysis, text, stored)?)?;
    if let Some(events) = v.get_mut("events") {
        *events = Value::Array(Vec::new());
    }
    Ok(serde_json::from_value(v)?)
}

/// The events of a stored analysis, as JSON objects.
fn events_mut(v: &mut Value) -> Result<impl Iterator<Item = &mut Map<String, Value>>> {
    let events = v.get_mut("events").and_then(Value::as_array_mut).ok_or_else(no_events)?;
    Ok(events.iter_mut().filter_map(Value::as_object_mut))
}

fn no_events() -> StoreError {
    StoreError::Json(serde::de::Error::custom("a stored analysis without its events list"))
}

fn mismatch(doc: i64) -> StoreError {
    let m = format!("document {doc}: its stored analysis and its event rows do not match");
    StoreError::Json(serde::de::Error::custom(m))
}
