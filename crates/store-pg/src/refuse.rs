//! Incremental fusion ([`eventwire_fuse::refuse`]), as the SQLite store's `fusion.rs`: from
//! the fusion log (migration 8), the clusters open on the first changed day are reopened, the
//! events from that day on are fed, and only the merged events that changed are written.

use crate::fuse::{buffer, finish_fusion, flush, record, Inters, MergedRows, FLUSH, READ_CHUNK, RECORD_COLS};
use crate::write::write_transaction;
use crate::{PgStore, Result};
use eventwire_fuse::{Changes, Cluster, EventRecord, Refusion, Rewrite};
use eventwire_store::FuseOutcome;
use postgres::Transaction;
use std::collections::BTreeMap;

impl PgStore {
    /// Fuse again what the fusion log says changed.
    pub(crate) fn fuse_changes(&mut self) -> Result<FuseOutcome> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut changes = Changes::default();
        for r in tx.query("SELECT event, win_start, merged FROM fuse_log", &[])? {
            changes.note(r.get(0), r.get(1), r.get(2));
        }
        let out = if changes.is_empty() { FuseOutcome::default() } else { refuse(&mut tx, changes)? };
        finish_fusion(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Rewrites buffered, flushed a chunk at a time.
struct Pending {
    rows: MergedRows,
    out: FuseOutcome,
}

impl Pending {
    fn add(&mut self, tx: &mut Transaction, rewrites: Vec<Rewrite>, inters: &mut Inters) -> Result<()> {
        for r in rewrites {
            self.rows.delete.push(r.id);
            buffer(&mut self.rows, r.id, &r.cluster, &r.relink, inters)?;
            self.out.merged_events += 1;
        }
        if self.rows.id.len() >= FLUSH {
            flush(tx, &std::mem::take(&mut self.rows))?;
        }
        Ok(())
    }
}

fn refuse(tx: &mut Transaction, changes: Changes) -> Result<FuseOutcome> {
    let select = format!("SELECT {RECORD_COLS} FROM events e JOIN documents d ON d.id = e.doc");
    let mut inters = Inters::new();
    // The clusters open on the first changed day, with their reports before it.
    let mut open: BTreeMap<i64, Vec<(EventRecord, Option<i64>)>> = BTreeMap::new();
    if let Some((lo, from)) = changes.reopen_range() {
        let rows = tx.query(
            &format!(
                "{select} WHERE e.merged IN (SELECT merged FROM events
                     WHERE win_start >= $1 AND win_start < $2 AND win_end >= $2 AND merged IS NOT NULL)
                   AND e.win_start < $2
                 ORDER BY e.win_start, e.id"
            ),
            &[&lo, &from],
        )?;
        for r in &rows {
            let (ev, inter, old) = record(r)?;
            inters.insert(ev.row, inter);
            if let Some(id) = old {
                open.entry(id).or_default().push((ev, old));
            }
        }
    }
    let (mut refusion, first) = Refusion::new(changes.clone(), open.into_values().collect());
    let mut pending = Pending { rows: MergedRows::default(), out: FuseOutcome::default() };
    pending.add(tx, first, &mut inters)?;
    // Every event from that day on, through a portal; then the undated events that changed.
    if let Some(from) = changes.from_day {
        let portal =
            tx.bind(&format!("{select} WHERE e.win_start >= $1 ORDER BY e.win_start, e.id"), &[&from])?;
        loop {
            let rows = tx.query_portal(&portal, READ_CHUNK)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let (ev, inter, old) = record(r)?;
                inters.insert(ev.row, inter);
                pending.out.events += 1;
                let rewrites = refusion.push(ev, old)?;
                pending.add(tx, rewrites, &mut inters)?;
            }
        }
    }
    let ids: Vec<i64> = changes.events.iter().copied().collect();
    for r in
        &tx.query(&format!("{select} WHERE e.id = ANY($1) AND e.win_start IS NULL ORDER BY e.id"), &[&ids])?
    {
        let (ev, inter, old) = record(r)?;
        inters.insert(ev.row, inter);
        pending.out.events += 1;
        let rewrites = refusion.push(ev, old)?;
        pending.add(tx, rewrites, &mut inters)?;
    }
    let (last, left) = refusion.finish();
    pending.add(tx, last, &mut inters)?;
    pending.rows.delete.extend(&left.delete);
    flush(tx, &std::mem::take(&mut pending.rows))?;
    // Merged events that kept their reports but lost one to a rewritten merged event: fused
    // again from the reports now linked to them.
    let mut rows = MergedRows::default();
    for id in &left.refresh {
        let mut cluster = Cluster { members: Vec::new() };
        for r in &tx.query(&format!("{select} WHERE e.merged = $1 ORDER BY e.win_start, e.id"), &[id])? {
            let (ev, inter, _) = record(r)?;
            inters.insert(ev.row, inter);
            cluster.members.push(ev);
        }
        rows.delete.push(*id);
        buffer(&mut rows, *id, &cluster, &[], &mut inters)?;
        pending.out.merged_events += 1;
    }
    flush(tx, &rows)?;
    Ok(pending.out)
}
