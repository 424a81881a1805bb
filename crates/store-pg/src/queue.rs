//! The work queue: articles added without an analysis wait in `queue` until a worker claims
//! a batch (`FOR UPDATE SKIP LOCKED`: workers never wait for each other's batches) with a
//! lease. A worker writes a batch only while the lease is its own; a lease that expires (a
//! killed or stalled worker) is claimed by the next worker that asks, and the first holder's
//! late write is refused, so every article is analysed and stored once.

use crate::prepared::Prepared;
use crate::write::{insert_document, mark_changed, set_notes, write_analysis, write_transaction, RowIds};
use crate::{PgStore, Result};
use eventwire_model::{Analysis, Document};
use eventwire_store::StoredSource;

/// An article a worker claimed.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed {
    pub id: i64,
    pub source: StoredSource,
    /// The document creation date it was queued with (`--dct`).
    pub dct: Option<String>,
}

/// How the queue stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Articles waiting, leased or not.
    pub waiting: u64,
    /// Of those, articles under a lease that has not expired.
    pub leased: u64,
}

impl PgStore {
    /// Add documents to the work queue (without analysing them) in one transaction, in order;
    /// texts already stored or queued are skipped. Returns `(id, added)` per document.
    pub fn enqueue(&mut self, docs: &[Document], dct: Option<&str>) -> Result<Vec<(i64, bool)>> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut st = Prepared::default();
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let (id, added) = insert_document(&mut tx, &mut st, doc, None)?;
            if added {
                st.execute(&mut tx, "INSERT INTO queue (doc, dct) VALUES ($1, $2)", &[&id, &dct])?;
            }
            out.push((id, added));
        }
        tx.commit()?;
        Ok(out)
    }

    /// Claim up to `n` waiting articles whose lease is free or expired, for `lease_s`
    /// seconds, as `owner`; the oldest first.
    pub fn claim(&mut self, owner: &str, n: usize, lease_s: f64) -> Result<Vec<Claimed>> {
        let mut tx = self.client.get_mut().transaction()?;
        let rows = tx.query(
            "WITH c AS (
                 SELECT doc FROM queue WHERE lease_until IS NULL OR lease_until < now()
                 ORDER BY doc LIMIT $2 FOR UPDATE SKIP LOCKED)
             UPDATE queue q SET lease_owner = $1, lease_until = now() + make_interval(secs => $3),
                    attempts = q.attempts + 1
             FROM c WHERE q.doc = c.doc
             RETURNING q.doc, q.dct",
            &[&owner, &(n as i64), &lease_s],
        )?;
        let mut claimed: Vec<(i64, Option<String>)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        claimed.sort();
        tx.commit()?;
        let mut out = Vec::with_capacity(claimed.len());
        for (id, dct) in claimed {
            if let Some(source) = self.stored_source(id)? {
                out.push(Claimed { id, source, dct });
            }
        }
        Ok(out)
    }

    /// Store the analyses (with their notes) of articles `owner` claimed, in one transaction,
    /// and take them off the queue; articles whose lease another worker has taken since are
    /// left to it. Returns how many were stored. Workers write at once: no write lock (their
    /// rows are apart, their event and figure ids come from sequences), only the queue rows'
    /// locks, which a worker taking over an expired lease waits for.
    pub fn complete(&mut self, owner: &str, items: &[(i64, &Analysis, &str)]) -> Result<usize> {
        let mut tx = self.client.get_mut().transaction()?;
        let mut st = Prepared::default();
        let ids: Vec<i64> = items.iter().map(|i| i.0).collect();
        let held: std::collections::HashSet<i64> = tx
            .query(
                "SELECT doc FROM queue WHERE doc = ANY($1) AND lease_owner = $2 ORDER BY doc FOR UPDATE",
                &[&ids, &owner],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut stored = Vec::with_capacity(held.len());
        for (id, analysis, notes) in items {
            if !held.contains(id) {
                continue;
            }
            write_analysis(&mut tx, &mut st, *id, analysis, RowIds::Worker)?;
            set_notes(&mut tx, &mut st, *id, notes)?;
            stored.push(*id);
        }
        if !stored.is_empty() {
            tx.execute("DELETE FROM queue WHERE doc = ANY($1)", &[&stored])?;
            tx.execute("INSERT INTO unsettled (doc) SELECT unnest($1::int8[])", &[&stored])?;
            mark_changed(&mut tx, true)?;
        }
        tx.commit()?;
        Ok(stored.len())
    }

    /// How the queue stands.
    pub fn queue_stats(&mut self) -> Result<QueueStats> {
        let r = self
            .client
            .get_mut()
            .query_one("SELECT count(*), count(*) FILTER (WHERE lease_until >= now()) FROM queue", &[])?;
        Ok(QueueStats { waiting: r.get::<_, i64>(0).max(0) as u64, leased: r.get::<_, i64>(1).max(0) as u64 })
    }

    /// Take the finishing lock (a session-level advisory lock), waiting for it: one process
    /// at a time links duplicates, runs the cross-article passes and fuses; the others wait,
    /// then find nothing to do. Released by [`PgStore::unlock_finish`] or when the connection
    /// ends (a killed worker never holds it).
    pub fn lock_finish(&mut self) -> Result<()> {
        self.client.get_mut().execute("SELECT pg_advisory_lock($1)", &[&FINISH_LOCK])?;
        Ok(())
    }

    /// Release the finishing lock.
    pub fn unlock_finish(&mut self) -> Result<()> {
        self.client.get_mut().execute("SELECT pg_advisory_unlock($1)", &[&FINISH_LOCK])?;
        Ok(())
    }
}

/// The advisory lock of the finishing step (passes, linking, fusion).
pub const FINISH_LOCK: i64 = 0x6576_6e74_0003;
