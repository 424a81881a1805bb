//! Workers on a shared PostgreSQL store (`eventwire worker --db postgres://…`), any number on
//! any machines:
//!
//! 1. `eventwire ingest --queue` adds articles to the store's work queue without analysing
//!    them ([`Pipeline::enqueue`]); ids follow input order, as in a SQLite ingest;
//! 2. each worker claims a batch (`FOR UPDATE SKIP LOCKED`, with a lease), analyses it on its
//!    cores as the first step of [`Pipeline::ingest`] does (each article on its own, with the
//!    notes the cross-article passes need) and writes it in one transaction, while its lease
//!    holds ([`Pipeline::work`]). A killed worker's lease expires and another worker takes the
//!    batch; a late write from a lease that was taken over is refused, so nothing is stored
//!    twice;
//! 3. when the queue is empty, the corpus-wide steps run once, under an advisory lock:
//!    near-duplicates are linked in id order, the cross-article passes run over the whole
//!    store, and events are fused ([`Pipeline::finish`], the same code as for SQLite). Workers
//!    that end at the same time wait for the lock and find nothing left to do.
//!
//! This is the simple correct scheme: the corpus-wide steps are one final pass, not
//! incremental per batch, so their cost grows with the store (see docs/scaling.md).

use crate::backend::PgAccess;
use crate::cross::{self, Notes};
use crate::pass::PassOutcome;
use crate::{Pipeline, Result};
use eventwire_ingest::IngestError;
use eventwire_model::{Analysis, Document};
use eventwire_store::FuseOutcome;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Settings of [`Pipeline::work`].
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerOptions {
    /// Who holds a lease (shown in the queue): unique per worker.
    pub owner: String,
    /// Articles per claimed batch.
    pub batch_size: usize,
    /// How long a claimed batch is the worker's; past it, another worker may take it.
    pub lease: Duration,
    /// How long to wait before looking again when every waiting batch is leased.
    pub poll: Duration,
}

impl WorkerOptions {
    /// A worker named after its host and process.
    pub fn new(owner: impl Into<String>) -> WorkerOptions {
        WorkerOptions {
            owner: owner.into(),
            batch_size: 200,
            lease: Duration::from_secs(300),
            poll: Duration::from_millis(500),
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkOutcome {
    /// Articles this worker analysed and stored.
    pub analysed: u64,
    /// Batches it stored.
    pub batches: u64,
    /// Articles it analysed but did not store: their lease had been taken over.
    pub lost: u64,
    /// The cross-article pass, when this worker ran it.
    pub pass: Option<PassOutcome>,
    /// The fusion, when this worker ran it.
    pub fused: Option<FuseOutcome>,
}

/// What [`Pipeline::work`] reports as it goes.
#[derive(Debug)]
pub enum WorkEvent<'a> {
    /// A batch was stored.
    Stored(&'a WorkOutcome),
    /// Every waiting batch is leased by other workers: waiting for them.
    Waiting { waiting: u64 },
    /// The queue is empty: linking, passes and fusion (or waiting for the worker that runs them).
    Finishing,
}

/// What [`Pipeline::enqueue`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnqueueCounts {
    pub seen: u64,
    pub queued: u64,
    /// Already stored or queued (the same normalised text).
    pub skipped: u64,
    pub errors: u64,
}

impl Pipeline {
    /// Add `docs` to the store's work queue in batches of `batch_size`, without analysing
    /// them; `dct` dates those that carry no date. Read errors are counted and reported.
    pub fn enqueue(
        &self,
        store: &PgAccess,
        docs: impl IntoIterator<Item = Result<Document, IngestError>>,
        dct: Option<&str>,
        batch_size: usize,
        on_error: &mut dyn FnMut(&IngestError),
    ) -> Result<EnqueueCounts> {
        let mut counts = EnqueueCounts::default();
        let mut batch = Vec::new();
        let flush = |batch: &mut Vec<Document>, counts: &mut EnqueueCounts| -> Result<()> {
            for (_, added) in store.0.borrow_mut().enqueue(batch, dct)? {
                if added {
                    counts.queued += 1;
                } else {
                    counts.skipped += 1;
                }
            }
            batch.clear();
            Ok(())
        };
        for doc in docs {
            counts.seen += 1;
            match doc {
                Ok(d) => batch.push(d),
                Err(e) => {
                    counts.errors += 1;
                    on_error(&e);
                }
            }
            if batch.len() >= batch_size.max(1) {
                flush(&mut batch, &mut counts)?;
            }
        }
        flush(&mut batch, &mut counts)?;
        Ok(counts)
    }

    /// Work the store's queue until it is empty, then finish the store (near-duplicates,
    /// cross-article passes, fusion) under the finishing lock. See the module docs.
    pub fn work(
        &self,
        store: &PgAccess,
        opts: &WorkerOptions,
        on: &mut dyn FnMut(WorkEvent<'_>),
    ) -> Result<WorkOutcome> {
        let mut out = WorkOutcome::default();
        loop {
            let lease = opts.lease.as_secs_f64();
            let claimed = store.0.borrow_mut().claim(&opts.owner, opts.batch_size.max(1), lease)?;
            if claimed.is_empty() {
                let waiting = store.0.borrow_mut().queue_stats()?.waiting;
                if waiting == 0 {
                    break;
                }
                on(WorkEvent::Waiting { waiting });
                std::thread::sleep(opts.poll);
                continue;
            }
            let n = claimed.len() as u64;
            let stored = self.work_batch(store, &opts.owner, claimed)? as u64;
            out.analysed += stored;
            out.lost += n - stored;
            out.batches += 1;
            on(WorkEvent::Stored(&out));
        }
        on(WorkEvent::Finishing);
        store.0.borrow_mut().lock_finish()?;
        let finished = self.finish(store);
        store.0.borrow_mut().unlock_finish()?;
        let (pass, fused) = finished?;
        out.pass = pass;
        out.fused = fused;
        Ok(out)
    }

    /// Analyse one claimed batch (each article on its own, as an ingest batch is first
    /// analysed) and store it while the lease holds; returns how many were stored.
    fn work_batch(
        &self,
        store: &PgAccess,
        owner: &str,
        claimed: Vec<eventwire_store_pg::Claimed>,
    ) -> Result<usize> {
        let work: Vec<(i64, Document, Option<String>)> = claimed
            .into_iter()
            .map(|c| {
                let (text, offsets) = eventwire_ingest::normalize(&c.source.text);
                let s = c.source;
                let doc =
                    Document { id: s.key, path: s.path, source_text: s.text, text, offsets, meta: s.meta };
                (c.id, doc, c.dct)
            })
            .collect();
        let results: Vec<(Analysis, String)> = self.install(|| {
            work.par_iter()
                .map(|(_, doc, dct)| {
                    let a = self.analyzer.analyze(doc, dct.as_deref());
                    let notes = Notes::with_home(cross::readings(&a.places), None).to_json();
                    (a, notes)
                })
                .collect()
        });
        let items: Vec<(i64, &Analysis, &str)> =
            work.iter().zip(&results).map(|((id, _, _), (a, n))| (*id, a, n.as_str())).collect();
        Ok(store.0.borrow_mut().complete(owner, &items)?)
    }
}
