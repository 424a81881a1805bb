//! Fusion: merged events from the stored events (`eventwire_fuse::merge`), in one
//! transaction. A store fused by this version fuses incrementally ([`eventwire_fuse::refuse`]):
//! from the fusion log (migration 15) it takes the first day a change touches, reopens the
//! clusters open on that day, feeds the events from that day on, and writes only the merged
//! events that changed. Everything else (a store fused by an older version, or never) is
//! fused whole, [`Store::fuse_all`], which stays the reference the incremental path equals.

use crate::fused_form::{event_record, stored_fused, EVENT_RECORD_COLS};
use crate::query::FuseOutcome;
use crate::{Result, Store};
use eventwire_fuse::{dates, Changes, Cluster, EventRecord, Merger, Refusion, Rewrite};
use rusqlite::{params, OptionalExtension, Statement, Transaction};
use std::collections::{BTreeMap, HashMap};

/// The version of fusion whose merged events a store holds (`meta.fusion`). Version 2: of
/// several open clusters an event fits, it joins the oldest. A store fused by another
/// version is fused whole.
pub(crate) const FUSION_VERSION: &str = "2";

/// ACLED inter codes of the events fed, by row, until their merged event is written.
type Inters = HashMap<i64, (Option<i64>, Option<i64>)>;

/// Writes merged events: one prepared statement each for inserting, deleting and linking.
struct Writer<'t> {
    ins: Statement<'t>,
    del: Statement<'t>,
    link: Statement<'t>,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'_>) -> Result<Self> {
        Ok(Writer {
            ins: tx.prepare(
                "INSERT INTO merged (id, event_type, sub_event_type, date, day_start, day_end, place_key,
                    place_name, admin1, lat, lon, actor1, actor2, inter1, inter2, n_sources, n_independent, fused,
                    scope, historical, fatalities, country, country_code, geo_precision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                    ?21, ?22, ?23, ?24)",
            )?,
            del: tx.prepare("DELETE FROM merged WHERE id = ?1")?,
            link: tx.prepare("UPDATE events SET merged = ?1 WHERE id = ?2")?,
        })
    }

    /// Insert the merged event of cluster `c` (its id is its earliest report's row, so it
    /// survives later ingests: new reports always get larger ids).
    fn insert(&mut self, id: i64, c: &Cluster, inters: &Inters) -> Result<()> {
        let f = c.fused();
        let win = f.date.as_deref().and_then(dates::interval);
        let (i1, i2) = c.inter_codes(&f, |row| inters.get(&row).copied().unwrap_or_default());
        self.ins.execute(params![
            id,
            f.event_type,
            f.sub_event_type,
            f.date,
            win.map(|w| w.0),
            win.map(|w| w.1),
            f.place.as_ref().map(|p| p.key.clone()),
            f.place.as_ref().map(|p| p.name.clone()),
            f.place.as_ref().and_then(|p| p.admin1.clone()),
            f.place.as_ref().and_then(|p| p.lat),
            f.place.as_ref().and_then(|p| p.lon),
            f.actor1,
            f.actor2,
            i1,
            i2,
            f.n_sources as i64,
            f.n_independent as i64,
            stored_fused(c, &f)?,
            serde_json::to_string(&f.class.scope)?.trim_matches('"'),
            f.class.historical,
            f.fatalities_min.map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX)),
            f.place.as_ref().and_then(|p| p.country.clone()),
            f.place.as_ref().and_then(|p| p.country_code.clone()),
            f.location.as_ref().map(|l| l.geo_precision),
        ])?;
        Ok(())
    }

    /// Write a merged event that changed: replace its row, link the reports new to it.
    fn rewrite(&mut self, w: &Rewrite, inters: &mut Inters) -> Result<()> {
        self.del.execute([w.id])?;
        self.insert(w.id, &w.cluster, inters)?;
        for row in &w.relink {
            self.link.execute(params![w.id, row])?;
        }
        for m in &w.cluster.members {
            inters.remove(&m.row);
        }
        Ok(())
    }
}

/// Events as fusion reads them, one at a time, with their inter codes and the merged id
/// each was last fused into.
fn read_events(
    st: &mut Statement<'_>,
    args: impl rusqlite::Params,
    mut each: impl FnMut(EventRecord, (Option<i64>, Option<i64>), Option<i64>) -> Result<()>,
) -> Result<()> {
    let mut rows = st.query(args)?;
    while let Some(r) = rows.next()? {
        let (ev, i1, i2) = event_record(r)?;
        each(ev, (i1, i2), r.get(19)?)?;
    }
    Ok(())
}

fn finish_fusion(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM fuse_log", [])?;
    tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fused', '1')", [])?;
    tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fusion', ?1)", [FUSION_VERSION])?;
    Ok(())
}

impl Store {
    /// Bring merged events up to date with the stored events, in one transaction:
    /// incrementally when the store was last fused by this version (see the module's text),
    /// else whole ([`Store::fuse_all`]). Either way the merged events are the same. Undated
    /// mentions merged with a dated report take its date (cross-article dating).
    pub fn fuse(&mut self) -> Result<FuseOutcome> {
        let version: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'fusion'", [], |r| r.get(0))
            .optional()?;
        if version.as_deref() == Some(FUSION_VERSION) {
            self.fuse_changes()
        } else {
            self.fuse_all()
        }
    }

    /// Rebuild every merged event from all stored events in one transaction (streaming,
    /// blocked by place cell and date; see [`eventwire_fuse::merge`]).
    pub fn fuse_all(&mut self) -> Result<FuseOutcome> {
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        tx.execute("UPDATE events SET merged = NULL WHERE merged > 0", [])?;
        tx.execute("DELETE FROM merged", [])?;
        let mut out = FuseOutcome::default();
        {
            let mut read = tx.prepare(&format!(
                "SELECT {EVENT_RECORD_COLS}, e.merged
                 FROM events e JOIN documents d ON d.id = e.doc
                 ORDER BY e.win_start IS NULL, e.win_start, e.id"
            ))?;
            let mut w = Writer::new(&tx)?;
            let mut inters = Inters::new();
            let mut write = |clusters: Vec<Cluster>, w: &mut Writer<'_>, inters: &mut Inters| -> Result<()> {
                for c in clusters {
                    let Some(id) = c.members.iter().map(|m| m.row).min() else { continue };
                    w.insert(id, &c, inters)?;
                    out.events += c.members.len() as u64;
                    out.merged_events += 1;
                    for m in &c.members {
                        w.link.execute(params![id, m.row])?;
                        inters.remove(&m.row);
                    }
                }
                Ok(())
            };
            let mut merger = Merger::new();
            read_events(&mut read, [], |ev, inter, _| {
                inters.insert(ev.row, inter);
                let closed = merger.push(ev)?;
                write(closed, &mut w, &mut inters)
            })?;
            write(merger.finish(), &mut w, &mut inters)?;
        }
        finish_fusion(&tx)?;
        crate::crash_point("store-fuse-uncommitted");
        tx.commit()?;
        Ok(out)
    }

    /// Fuse again what the fusion log says changed (see the module's text).
    fn fuse_changes(&mut self) -> Result<FuseOutcome> {
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        let mut changes = Changes::default();
        {
            let mut st = tx.prepare("SELECT event, win_start, merged FROM fuse_log")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                changes.note(r.get(0)?, r.get(1)?, r.get(2)?);
            }
        }
        let mut out = FuseOutcome::default();
        if !changes.is_empty() {
            out = refuse(&tx, changes)?;
        }
        finish_fusion(&tx)?;
        crate::crash_point("store-fuse-uncommitted");
        tx.commit()?;
        Ok(out)
    }
}

/// The incremental fusion of `changes` (see [`eventwire_fuse::refuse`]).
fn refuse(tx: &Transaction<'_>, changes: Changes) -> Result<FuseOutcome> {
    let mut out = FuseOutcome::default();
    let mut inters = Inters::new();
    let select =
        format!("SELECT {EVENT_RECORD_COLS}, e.merged FROM events e JOIN documents d ON d.id = e.doc");
    // The clusters open on the first changed day: the merged events of the reports before it
    // whose windows reach it, with their reports before it.
    let mut open: BTreeMap<i64, Vec<(EventRecord, Option<i64>)>> = BTreeMap::new();
    if let Some((lo, from)) = changes.reopen_range() {
        let mut ids = tx.prepare(
            "SELECT DISTINCT merged FROM events
             WHERE win_start >= ?1 AND win_start < ?2 AND win_end >= ?2 AND merged > 0",
        )?;
        let ids: Vec<i64> = ids.query_map([lo, from], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut members = tx.prepare(&format!(
            "{select} WHERE e.merged = ?1 AND e.win_start < ?2 ORDER BY e.win_start, e.id"
        ))?;
        for id in ids {
            read_events(&mut members, params![id, from], |ev, inter, old| {
                inters.insert(ev.row, inter);
                open.entry(id).or_default().push((ev, old));
                Ok(())
            })?;
        }
    }
    let (mut refusion, first) = Refusion::new(changes.clone(), open.into_values().collect());
    let mut w = Writer::new(tx)?;
    let mut write = |rewrites: Vec<Rewrite>, inters: &mut Inters| -> Result<()> {
        for r in rewrites {
            w.rewrite(&r, inters)?;
            out.merged_events += 1;
        }
        Ok(())
    };
    write(first, &mut inters)?;
    let mut feed = |ev: EventRecord, inter, old| -> Result<()> {
        inters.insert(ev.row, inter);
        out.events += 1;
        let rewrites = refusion.push(ev, old)?;
        write(rewrites, &mut inters)
    };
    // Every event from that day on (a linked report's row changes only once it is read),
    // then the undated events that changed.
    if let Some(from) = changes.from_day {
        let mut st = tx.prepare(&format!("{select} WHERE e.win_start >= ?1 ORDER BY e.win_start, e.id"))?;
        read_events(&mut st, [from], &mut feed)?;
    }
    let mut st = tx.prepare(&format!("{select} WHERE e.id = ?1 AND e.win_start IS NULL"))?;
    for id in &changes.events {
        read_events(&mut st, [id], &mut feed)?;
    }
    let (last, left) = refusion.finish();
    write(last, &mut inters)?;
    for id in &left.delete {
        w.del.execute([id])?;
    }
    // Merged events that kept their reports but lost one to a rewritten merged event: fused
    // again from the reports now linked to them.
    let mut members = tx.prepare(&format!("{select} WHERE e.merged = ?1 ORDER BY e.win_start, e.id"))?;
    for id in &left.refresh {
        let mut cluster = Cluster { members: Vec::new() };
        read_events(&mut members, [id], |ev, inter, _| {
            inters.insert(ev.row, inter);
            cluster.members.push(ev);
            Ok(())
        })?;
        w.del.execute([id])?;
        w.insert(*id, &cluster, &inters)?;
        out.merged_events += 1;
    }
    Ok(out)
}
