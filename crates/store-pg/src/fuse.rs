//! Fusion: merged events and control history from the stored events in one transaction,
//! with `eventwire-fuse`'s `Merger` and `control_history` fed as the SQLite store feeds them
//! (events in window order, then id; a merged event's id is that of its earliest stored
//! mention), so both stores give the same merged events. Whole here; incrementally, from the
//! fusion log, in `refuse.rs`.

use crate::write::write_transaction;
use crate::{from_plain, PgStore, Result};
use eventwire_fuse::{control, dates, Cluster, EventRecord, Fused, Merger, TerritoryChange};
use eventwire_model::{taxonomy, DatePrecision, EventClass, Modality, Scope};
use eventwire_store::FuseOutcome;
use postgres::{GenericClient, Transaction};
use std::collections::BTreeMap;

/// An event's actors' ACLED inter codes.
pub(crate) type InterCodes = (Option<i64>, Option<i64>);
pub(crate) type Inters = BTreeMap<i64, InterCodes>;

/// The columns [`record`] reads, over `events e JOIN documents d ON d.id = e.doc`.
pub(crate) const RECORD_COLS: &str = "e.id, e.doc, d.group_id, e.event_type, e.sub_event_type, e.date, \
    e.date_precision, e.date_is_report_date, e.place, e.actor1, e.actor2, e.fatalities, e.modality, \
    e.inter1, e.inter2, e.scope, e.category, e.historical, e.location, e.merged";

/// A stored event as fusion sees it, from a row of [`RECORD_COLS`], with its actors' ACLED
/// inter codes and the merged event it was last fused into.
pub(crate) fn record(r: &postgres::Row) -> Result<(EventRecord, InterCodes, Option<i64>)> {
    let place: Option<String> = r.get(8);
    let location: Option<String> = r.get(18);
    let group: Option<i64> = r.get(2);
    let ev = EventRecord {
        row: r.get(0),
        doc: r.get(1),
        group: group.unwrap_or_else(|| r.get(1)),
        event_type: r.get(3),
        sub_event_type: r.get(4),
        date: r.get(5),
        date_precision: from_plain(&r.get::<_, String>(6)).unwrap_or(DatePrecision::Unknown),
        date_is_report_date: r.get(7),
        place: place.as_deref().map(serde_json::from_str).transpose()?,
        location: location.as_deref().map(serde_json::from_str).transpose()?,
        actor1: r.get(9),
        actor2: r.get(10),
        fatalities: r.get::<_, Option<i64>>(11).map(|v| v.max(0) as u64),
        modality: from_plain(&r.get::<_, String>(12)).unwrap_or(Modality::Asserted),
        class: EventClass {
            scope: from_plain(&r.get::<_, String>(15)).unwrap_or(Scope::Conflict),
            category: r.get::<_, Option<String>>(16).as_deref().and_then(from_plain),
            historical: r.get(17),
        },
    };
    Ok((ev, (r.get(13), r.get(14)), r.get(19)))
}

/// The version of fusion whose merged events a store holds (`meta.fusion`), as the SQLite
/// store's: a store fused by another version is fused whole.
pub(crate) const FUSION_VERSION: &str = "2";

impl PgStore {
    /// Bring merged events and control history up to date with the stored events, in one
    /// transaction: incrementally when the store was last fused by this version
    /// (`refuse.rs`), else whole ([`PgStore::fuse_all`]); the merged events are the same.
    pub fn fuse(&mut self) -> Result<FuseOutcome> {
        let version = self.client.get_mut().query_opt("SELECT value FROM meta WHERE key = 'fusion'", &[])?;
        if version.map(|r| r.get::<_, String>(0)).as_deref() == Some(FUSION_VERSION) {
            self.fuse_changes()
        } else {
            self.fuse_all()
        }
    }

    /// Rebuild merged events and control history from all stored events.
    pub fn fuse_all(&mut self) -> Result<FuseOutcome> {
        let mut tx = write_transaction(self.client.get_mut())?;
        tx.batch_execute("UPDATE events SET merged = NULL WHERE merged IS NOT NULL; DELETE FROM merged;")?;
        // Read through a portal, a chunk at a time: memory stays bounded by the merger's window.
        let portal = tx.bind(
            &format!(
                "SELECT {RECORD_COLS} FROM events e JOIN documents d ON d.id = e.doc
                 ORDER BY e.win_start IS NULL, e.win_start, e.id"
            ),
            &[],
        )?;
        let mut out = FuseOutcome::default();
        let mut inters = Inters::new();
        let mut merger = Merger::new();
        let mut pending = MergedRows::default();
        loop {
            let rows = tx.query_portal(&portal, READ_CHUNK)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let (ev, inter, _) = record(r)?;
                inters.insert(ev.row, inter);
                out.events += 1;
                for c in merger.push(ev)? {
                    out.merged_events += buffer_all(&mut pending, c, &mut inters)?;
                }
                if pending.id.len() >= FLUSH {
                    flush(&mut tx, &std::mem::take(&mut pending))?;
                }
            }
        }
        for c in merger.finish() {
            out.merged_events += buffer_all(&mut pending, c, &mut inters)?;
        }
        flush(&mut tx, &pending)?;
        finish_fusion(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Control history again, the log emptied, the store marked fused by this version.
pub(crate) fn finish_fusion(tx: &mut Transaction) -> Result<()> {
    write_control(tx)?;
    tx.batch_execute(&format!(
        "DELETE FROM fuse_log;
         INSERT INTO meta (key, value) VALUES ('fused', '1') ON CONFLICT (key) DO UPDATE SET value = '1';
         INSERT INTO meta (key, value) VALUES ('fusion', '{FUSION_VERSION}')
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;"
    ))?;
    Ok(())
}

/// Buffer a cluster of a whole fusion: every member is linked to it.
fn buffer_all(m: &mut MergedRows, c: Cluster, inters: &mut Inters) -> Result<u64> {
    let Some(id) = c.members.iter().map(|m| m.row).min() else { return Ok(0) };
    let rows: Vec<i64> = c.members.iter().map(|m| m.row).collect();
    buffer(m, id, &c, &rows, inters)?;
    Ok(1)
}

/// Merged events waiting to be written, column by column (one `INSERT … FROM unnest` and one
/// `UPDATE … FROM unnest` per flush, not two statements per event).
#[derive(Default)]
pub(crate) struct MergedRows {
    pub(crate) id: Vec<i64>,
    event_type: Vec<String>,
    sub_event_type: Vec<String>,
    date: Vec<Option<String>>,
    day_start: Vec<Option<i64>>,
    day_end: Vec<Option<i64>>,
    place_key: Vec<Option<String>>,
    place_name: Vec<Option<String>>,
    admin1: Vec<Option<String>>,
    country_code: Vec<Option<String>>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    actor1: Vec<Option<String>>,
    actor2: Vec<Option<String>>,
    inter1: Vec<Option<i64>>,
    inter2: Vec<Option<i64>>,
    fatalities_min: Vec<Option<i64>>,
    fatalities_max: Vec<Option<i64>>,
    n_sources: Vec<i64>,
    n_independent: Vec<i64>,
    scope: Vec<String>,
    historical: Vec<bool>,
    fused: Vec<String>,
    fatalities: Vec<i64>,
    country: Vec<Option<String>>,
    geo_precision: Vec<Option<i32>>,
    /// (event row, merged id) of every member to link.
    members: (Vec<i64>, Vec<i64>),
    /// Merged events to delete first (rows written again).
    pub(crate) delete: Vec<i64>,
}

/// Event rows read per round trip.
pub(crate) const READ_CHUNK: i32 = 10_000;

/// Merged events written per flush.
pub(crate) const FLUSH: usize = 2_000;

/// Buffer the merged event `id` of cluster `c`, and the links of its reports `link` to it.
pub(crate) fn buffer(
    m: &mut MergedRows,
    id: i64,
    c: &Cluster,
    link: &[i64],
    inters: &mut Inters,
) -> Result<()> {
    let f = c.fused();
    let win = f.date.as_deref().and_then(dates::interval);
    let (i1, i2) = c.inter_codes(&f, |row| inters.get(&row).copied().unwrap_or_default());
    let p = f.place.as_ref();
    let (lat, lon) = match (p.and_then(|p| p.lat), p.and_then(|p| p.lon)) {
        (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        _ => (None, None),
    };
    m.id.push(id);
    m.event_type.push(f.event_type.clone());
    m.sub_event_type.push(f.sub_event_type.clone());
    m.date.push(f.date.clone());
    m.day_start.push(win.map(|w| w.0));
    m.day_end.push(win.map(|w| w.1));
    m.place_key.push(p.map(|p| p.key.clone()));
    m.place_name.push(p.map(|p| p.name.clone()));
    m.admin1.push(p.and_then(|p| p.admin1.clone()));
    m.country_code.push(p.and_then(|p| p.country_code.clone()));
    m.lat.push(lat);
    m.lon.push(lon);
    m.actor1.push(f.actor1.clone());
    m.actor2.push(f.actor2.clone());
    m.inter1.push(i1);
    m.inter2.push(i2);
    m.fatalities_min.push(f.fatalities_min.map(|v| v as i64));
    m.fatalities_max.push(f.fatalities_max.map(|v| v as i64));
    m.n_sources.push(f.n_sources as i64);
    m.n_independent.push(f.n_independent as i64);
    m.scope.push(crate::to_plain(&f.class.scope));
    m.historical.push(f.class.historical);
    m.fused.push(serde_json::to_string(&f)?);
    m.fatalities.push(f.fatalities_min.map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX)));
    m.country.push(p.and_then(|p| p.country.clone()));
    m.geo_precision.push(f.location.as_ref().map(|l| i32::from(l.geo_precision)));
    for row in link {
        m.members.0.push(*row);
        m.members.1.push(id);
    }
    for member in &c.members {
        inters.remove(&member.row);
    }
    Ok(())
}

pub(crate) fn flush(tx: &mut Transaction, m: &MergedRows) -> Result<()> {
    if !m.delete.is_empty() {
        tx.execute("DELETE FROM merged WHERE id = ANY($1)", &[&m.delete])?;
    }
    if m.id.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO merged (id, event_type, sub_event_type, date, day_start, day_end, place_key, place_name,
            admin1, country_code, lat, lon, actor1, actor2, inter1, inter2, fatalities_min, fatalities_max,
            n_sources, n_independent, scope, historical, fused, fatalities, country, geo_precision, geom)
         SELECT u.*, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
         FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::float8[], $12::float8[], $13::text[], $14::text[],
                     $15::int8[], $16::int8[], $17::int8[], $18::int8[], $19::int8[], $20::int8[], $21::text[],
                     $22::bool[], $23::text[], $24::int8[], $25::text[], $26::int4[])
              AS u(id, et, st, date, ds, de, pk, pn, a1, cc, lat, lon, x1, x2, i1, i2, fmin, fmax, ns, ni, scope,
                   historical, fused, fatalities, country, geo_precision)",
        &[
            &m.id,
            &m.event_type,
            &m.sub_event_type,
            &m.date,
            &m.day_start,
            &m.day_end,
            &m.place_key,
            &m.place_name,
            &m.admin1,
            &m.country_code,
            &m.lat,
            &m.lon,
            &m.actor1,
            &m.actor2,
            &m.inter1,
            &m.inter2,
            &m.fatalities_min,
            &m.fatalities_max,
            &m.n_sources,
            &m.n_independent,
            &m.scope,
            &m.historical,
            &m.fused,
            &m.fatalities,
            &m.country,
            &m.geo_precision,
        ],
    )?;
    tx.execute(
        "UPDATE events e SET merged = u.m FROM unnest($1::int8[], $2::int8[]) AS u(r, m) WHERE e.id = u.r",
        &[&m.members.0, &m.members.1],
    )?;
    Ok(())
}

/// The territory changes of the conflict record (the taxonomy's sub-event types with a
/// territory, by actors that take and hold places), of the places whose name or area contains
/// `place` (all when `None`), as `eventwire_store::Store::control_history` reads them.
pub(crate) fn territory_changes(
    c: &mut impl GenericClient,
    place: Option<&str>,
) -> Result<Vec<TerritoryChange>> {
    let subs: Vec<String> = taxonomy().territory_sub_event_types().map(str::to_string).collect();
    let like = place.map(crate::read::like);
    let rows = c.query(
        "SELECT m.id, m.fused,
                (SELECT array_agg(DISTINCT e.doc ORDER BY e.doc) FROM events e WHERE e.merged = m.id)
         FROM merged m
         WHERE m.scope = 'conflict' AND NOT m.historical AND m.sub_event_type = ANY($1)
           AND m.place_key IS NOT NULL AND coalesce(m.inter1, 0) NOT IN (5, 6, 7)
           AND ($2::text IS NULL OR m.place_name ILIKE $2 OR m.admin1 ILIKE $2)
         ORDER BY m.place_key, m.day_start NULLS FIRST, m.id",
        &[&subs, &like],
    )?;
    let mut changes = Vec::new();
    for r in &rows {
        let fz: Fused = serde_json::from_str(&r.get::<_, String>(1))?;
        let Some(place) = fz.place.clone() else { continue };
        // Who holds a place is read only from a sentence that names it.
        if fz.location.as_ref().is_some_and(|l| !l.is_own()) {
            continue;
        }
        changes.push(TerritoryChange {
            event: r.get(0),
            place,
            date: fz.date.clone(),
            date_is_report_date: fz.date_is_report_date,
            sub_event_type: fz.sub_event_type.clone(),
            taker: fz.actor1.clone(),
            loser: fz.actor2.clone(),
            modality: fz.modality,
            docs: r.get::<_, Option<Vec<i64>>>(2).unwrap_or_default(),
            n_independent: fz.n_independent,
        });
    }
    Ok(changes)
}

/// Control history of every place, from the conflict record's territory events.
fn write_control(tx: &mut Transaction) -> Result<()> {
    tx.execute("DELETE FROM place_control", &[])?;
    let changes = territory_changes(tx, None)?;
    let ins = tx.prepare(
        "INSERT INTO place_control (place_key, place_name, country_code, admin1, holder, n_steps, history, geom)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($8, $9), 4326))",
    )?;
    for c in control::control_history(changes) {
        let p = &c.place;
        let (lon, lat) = match (p.lon, p.lat) {
            (Some(lon), Some(lat)) => (Some(lon), Some(lat)),
            _ => (None, None),
        };
        tx.execute(
            &ins,
            &[
                &p.key,
                &p.name,
                &p.country_code,
                &p.admin1,
                &c.holder,
                &(c.steps.len() as i32),
                &serde_json::to_string(&c.steps)?,
                &lon,
                &lat,
            ],
        )?;
    }
    Ok(())
}
