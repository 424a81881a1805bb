//! The store path: articles analysed in batches and added to a store, then the cross-article
//! passes over the whole store, then fusion (`eventwire ingest`, `POST /api/ingest`).

use crate::backend::{CorpusAccess, CorpusStore};
use crate::cross::{self, Notes, Reading};
use crate::pass::PassOutcome;
use crate::{Pipeline, Result};
use eventwire_ingest::IngestError;
use eventwire_model::{Analysis, Document};
use eventwire_store::{content_hash, FuseOutcome, ItemOutcome, ItemStatus, NewDocument};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of [`Pipeline::ingest`].
///
/// ```
/// let opts = eventwire_pipeline::IngestOptions { dct: Some("2017-06-30".into()), ..Default::default() };
/// assert_eq!(opts.batch_size, 1_000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Articles per analysis batch and store transaction.
    pub batch_size: usize,
    /// Document creation date (`YYYY-MM-DD`) for articles that carry none.
    pub dct: Option<String>,
}

/// Articles per batch by default. A batch's random index inserts (content hashes, near-copy
/// bands) dirty pages across the whole index; the more articles share a commit, the fewer
/// pages each writes to the journal.
pub const DEFAULT_BATCH_SIZE: usize = 1_000;

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { batch_size: DEFAULT_BATCH_SIZE, dct: None }
    }
}

/// Running counts of an ingest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestCounts {
    /// Articles read, and inputs that failed.
    pub seen: u64,
    pub added: u64,
    /// Already stored (the same normalised text).
    pub skipped: u64,
    /// Added as a copy or rewrite of a stored article.
    pub duplicates: u64,
    pub errors: u64,
}

/// What [`Pipeline::ingest`] reports as it goes.
#[derive(Debug)]
pub enum IngestEvent<'a> {
    /// An input or article could not be read.
    ReadError(&'a IngestError),
    /// One more article was read.
    Read(&'a IngestCounts),
    /// What became of the article numbered `ordinal` (0-based, counting the documents given,
    /// errors included).
    Stored { ordinal: u64, outcome: ItemOutcome },
    /// A batch was committed.
    Committed(&'a IngestCounts),
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestOutcome {
    pub counts: IngestCounts,
    /// The cross-article pass, when one was pending.
    pub pass: Option<PassOutcome>,
    /// The fusion, when merged events were stale.
    pub fused: Option<FuseOutcome>,
}

impl Pipeline {
    /// Add `docs` to the store in batches, then [`finish`](Self::finish) the store: the
    /// cross-article passes over every stored article, and fusion. Each batch is analysed in
    /// parallel (articles already stored are skipped before analysis) and committed in one
    /// transaction. The last batch of the run gets the outlet homes the whole store gives it
    /// as it is added; earlier ones get theirs in the pass, once their outlets' later articles
    /// are in (an outlet's home moves with every article it adds). `on` hears about progress.
    pub fn ingest<S: CorpusAccess>(
        &self,
        store: &S,
        docs: impl IntoIterator<Item = Result<Document, IngestError>>,
        opts: &IngestOptions,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestOutcome> {
        let mut run = Run { pipeline: self, store, opts, counts: IngestCounts::default() };
        let mut batch = Batch::default();
        let size = opts.batch_size.max(1);
        let mut docs = docs.into_iter().enumerate().peekable();
        while let Some((ordinal, doc)) = docs.next() {
            let ordinal = ordinal as u64;
            run.counts.seen += 1;
            eventwire_store::crash_point("read");
            match doc {
                Err(e) => {
                    run.counts.errors += 1;
                    on(IngestEvent::ReadError(&e));
                }
                Ok(doc) => {
                    // Known articles are skipped before analysis: re-runs and resumes are cheap.
                    let hash = content_hash(&doc.text);
                    if let Some(&first) = batch.hashes.get(&hash) {
                        run.counts.skipped += 1;
                        batch.copies.push((ordinal, first));
                    } else if let Some(known) = store.with_corpus(|s| s.stored_id_of_text(&doc.text))? {
                        run.counts.skipped += 1;
                        let outcome = ItemOutcome { id: known, status: ItemStatus::AlreadyStored };
                        on(IngestEvent::Stored { ordinal, outcome });
                    } else {
                        batch.hashes.insert(hash, batch.docs.len());
                        batch.docs.push((ordinal, doc));
                    }
                    if batch.docs.len() >= size {
                        let last = docs.peek().is_none();
                        run.commit(std::mem::take(&mut batch), last, on)?;
                    }
                }
            }
            on(IngestEvent::Read(&run.counts));
        }
        if !batch.docs.is_empty() {
            run.commit(batch, true, on)?;
        }
        let (pass, fused) = self.finish(store)?;
        Ok(IngestOutcome { counts: run.counts, pass, fused })
    }

    /// Finish whatever an ingest left to do: the cross-article passes when pending (a batch
    /// added articles since the last completed pass, in this run or a killed one), then
    /// fusion when merged events are stale. Safe to call any time; does nothing on a store
    /// that is up to date.
    pub fn finish<S: CorpusAccess>(&self, store: &S) -> Result<(Option<PassOutcome>, Option<FuseOutcome>)> {
        // Documents analysed by workers are numbered and linked to their originals first, in
        // id order (a no-op in SQLite, which does it as it adds).
        store.with_corpus(|s| s.settle_worker_writes())?;
        let pass = crate::pass::run(self, store)?;
        eventwire_store::crash_point("fuse-start");
        let fused =
            store.with_corpus(|s| -> Result<_> { Ok(if s.is_fused()? { None } else { Some(s.fuse()?) }) })?;
        Ok((pass, fused))
    }
}

/// Articles waiting to be analysed and committed together.
#[derive(Default)]
struct Batch {
    /// With their ordinals.
    docs: Vec<(u64, Document)>,
    /// Content hash → index in `docs`: a second copy of a text waits for the first's id.
    hashes: std::collections::HashMap<String, usize>,
    /// Ordinals of such copies, with the index of the first.
    copies: Vec<(u64, usize)>,
}

/// One ingest under way.
struct Run<'a, S> {
    pipeline: &'a Pipeline,
    store: &'a S,
    opts: &'a IngestOptions,
    counts: IngestCounts,
}

impl<S: CorpusAccess> Run<'_, S> {
    /// Analyse one batch (no store lock held) and add it in one transaction, with the notes
    /// the cross-article passes need; the `last` batch of the run with outlet homes. The
    /// batch marks those passes pending.
    fn commit(&mut self, batch: Batch, last: bool, on: &mut dyn FnMut(IngestEvent<'_>)) -> Result<()> {
        let p = self.pipeline;
        let dct = self.opts.dct.as_deref();
        let (ordinals, docs): (Vec<u64>, Vec<Document>) = batch.docs.into_iter().unzip();
        let first = p.analyze_each(&docs, dct);
        let keys: Vec<Option<String>> = first
            .iter()
            .map(|a| cross::outlet_key(a.doc.outlet.as_deref(), a.doc.url.as_deref()).map(str::to_string))
            .collect();
        let articles: Vec<(Option<&str>, Vec<Reading>)> =
            keys.iter().zip(&first).map(|(k, a)| (k.as_deref(), cross::readings(&a.places))).collect();
        let homes = if last {
            let mut names: Vec<String> = first.iter().filter_map(|a| a.doc.outlet.clone()).collect();
            names.sort();
            names.dedup();
            crate::pass::outlet_readings(self.store, &names)?.homes(&articles)
        } else {
            vec![None; articles.len()]
        };
        let analyses: Vec<Analysis> = p.install(|| {
            first
                .into_par_iter()
                .zip(docs.par_iter())
                .zip(homes.par_iter())
                .map(|((a, doc), home)| match home {
                    Some(h) => p.analyzer.analyze_at_home(doc, dct, Some(h)),
                    None => a,
                })
                .collect()
        });
        let notes: Vec<String> = articles
            .iter()
            .zip(&homes)
            .map(|((_, readings), home)| Notes::with_home(readings.clone(), home.as_ref()).to_json())
            .collect();
        let items: Vec<NewDocument<'_>> = docs
            .iter()
            .zip(&analyses)
            .zip(&notes)
            .map(|((document, analysis), notes)| NewDocument { document, analysis, notes: Some(notes) })
            .collect();
        eventwire_store::crash_point("batch-analysed");
        let out = self.store.with_corpus(|s| s.add_documents(&items))?;
        let c = &mut self.counts;
        c.added += out.added as u64;
        c.skipped += out.skipped as u64;
        c.duplicates += out.duplicates as u64;
        for (ordinal, first) in batch.copies {
            let outcome = ItemOutcome { id: out.items[first].id, status: ItemStatus::AlreadyStored };
            on(IngestEvent::Stored { ordinal, outcome });
        }
        for (ordinal, outcome) in ordinals.into_iter().zip(out.items) {
            on(IngestEvent::Stored { ordinal, outcome });
        }
        on(IngestEvent::Committed(&self.counts));
        eventwire_store::crash_point("batch-committed");
        Ok(())
    }
}
