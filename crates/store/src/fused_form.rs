//! How a merged event's fused view is stored. Most merged events have one report: their
//! fused view is a function of that report's `events` row alone ([`Cluster::fused`] of one
//! member), and the merged event takes that row's id. Their `fused` column holds an empty
//! blob and the view is fused again from the row when read; a merged event of several
//! reports keeps its fused JSON, deflated (packed.rs). Stores written before schema 13 hold
//! the JSON for every merged event, and are read as before.

use crate::packed::{self, Kind};
use crate::query::from_plain;
use crate::{Result, Store};
use eventwire_fuse::{Cluster, EventRecord, Fused};
use eventwire_model::{DatePrecision, EventClass, Modality, Scope};
use rusqlite::types::ValueRef;
use rusqlite::Row;

/// The columns [`event_record`] reads, over `events e JOIN documents d ON d.id = e.doc`. An
/// event's place is a row of `event_places` (schema 14 on) or in its own `place` column.
pub(crate) const EVENT_RECORD_COLS: &str = "e.id, e.doc, d.group_id, e.event_type, e.sub_event_type, e.date, \
     e.date_precision, e.date_is_report_date, \
     coalesce((SELECT p.place FROM event_places p WHERE p.id = e.place_id), e.place), e.actor1, e.actor2, e.fatalities, e.modality, e.inter1, \
     e.inter2, e.scope, e.category, e.historical, e.location";

/// A stored event as fusion sees it, from a row of [`EVENT_RECORD_COLS`], with its actors'
/// ACLED inter codes.
pub(crate) fn event_record(r: &Row) -> Result<(EventRecord, Option<i64>, Option<i64>)> {
    let ev = EventRecord {
        row: r.get(0)?,
        doc: r.get(1)?,
        group: r.get(2)?,
        event_type: r.get(3)?,
        sub_event_type: r.get(4)?,
        date: r.get(5)?,
        date_precision: from_plain(&r.get::<_, String>(6)?).unwrap_or(DatePrecision::Unknown),
        date_is_report_date: r.get(7)?,
        place: packed::read_opt(Kind::Place, r.get_ref(8)?)?,
        location: packed::read_opt(Kind::Location, r.get_ref(18)?)?,
        actor1: r.get(9)?,
        actor2: r.get(10)?,
        fatalities: r.get::<_, Option<i64>>(11)?.map(|v| v.max(0) as u64),
        modality: from_plain(&r.get::<_, String>(12)?).unwrap_or(Modality::Asserted),
        class: EventClass {
            scope: from_plain(&r.get::<_, String>(15)?).unwrap_or(Scope::Conflict),
            category: r.get::<_, Option<String>>(16)?.as_deref().and_then(from_plain),
            historical: r.get(17)?,
        },
    };
    Ok((ev, r.get(13)?, r.get(14)?))
}

/// The stored form of a cluster's fused view `f`: empty for a cluster of one report.
pub(crate) fn stored_fused(c: &Cluster, f: &Fused) -> Result<Vec<u8>> {
    if c.members.len() == 1 {
        return Ok(Vec::new());
    }
    packed::write(Kind::Fused, f)
}

impl Store {
    /// The fused view of merged event `id` from its stored form (see the module's text).
    pub(crate) fn fused_of(&self, id: i64, stored: ValueRef<'_>) -> Result<Fused> {
        match stored {
            ValueRef::Blob([]) => self.fused_of_report(id),
            v => packed::read(Kind::Fused, v),
        }
    }

    /// The fused JSON of merged event `id` from its stored form, as it was fused.
    pub(crate) fn fused_json_of(&self, id: i64, stored: ValueRef<'_>) -> Result<Vec<u8>> {
        match stored {
            ValueRef::Blob([]) => Ok(serde_json::to_vec(&self.fused_of_report(id)?)?),
            v => packed::json_of(Kind::Fused, "", v),
        }
    }

    /// The fused view of the merged event of one report: that report's row has its id.
    fn fused_of_report(&self, id: i64) -> Result<Fused> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_RECORD_COLS} FROM events e JOIN documents d ON d.id = e.doc WHERE e.id = ?1"
        ))?;
        let mut rows = st.query([id])?;
        let Some(r) = rows.next()? else {
            return Err(rusqlite::Error::QueryReturnedNoRows.into());
        };
        let (ev, _, _) = event_record(r)?;
        Ok(Cluster { members: vec![ev] }.fused())
    }
}
