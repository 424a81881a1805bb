//! The store path: articles analysed in batches and added to a store, then the cross-article
//! passes over the whole store, then fusion (`eventwire ingest`, `POST /api/ingest`).

use crate::backend::{CorpusAccess, CorpusStore};
use crate::cross::{self, Notes, Reading};
use crate::pass::PassOutcome;
use crate::{Pipeline, Result};
use eventwire_ingest::IngestError;
use eventwire_model::{Analysis, Document};
use eventwire_store::{content_hash, FuseOutcome, ItemOutcome, ItemStatus, NewDocument, Prepared};
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
    /// transaction; the next batch is read and analysed while one is written, and progress is
    /// reported in the order a batch-after-batch ingest gives. The last batch of the run gets
    /// the outlet homes the whole store gives it as it is added; earlier ones get theirs in the
    /// pass, once their outlets' later articles are in (an outlet's home moves with every
    /// article it adds). `on` hears about progress.
    pub fn ingest<S: CorpusAccess>(
        &self,
        store: &S,
        docs: impl IntoIterator<Item = Result<Document, IngestError>>,
        opts: &IngestOptions,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestOutcome> {
        let mut run = Run { pipeline: self, store, opts, counts: IngestCounts::default() };
        let mut docs = docs.into_iter().enumerate().peekable();
        let size = opts.batch_size.max(1);
        std::thread::scope(|scope| -> Result<()> {
            let mut batch = read_batch(store, &mut docs, size, None)?;
            run.replay(&mut batch, &[], on);
            let mut analysing = batch.analyse(scope, self, opts);
            while let Some(analysis) = analysing.take() {
                // The next batch is read while this one is analysed, and analysed while this
                // one is written: the store is written on this thread only.
                let next =
                    if batch.last { None } else { Some(read_batch(store, &mut docs, size, Some(&batch))?) };
                let analysed = analysis.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                let mut next = next.unwrap_or_default();
                analysing = next.analyse(scope, self, opts);
                let out = run.commit(&batch, analysed, on)?;
                run.replay(&mut next, &out, on);
                batch = next;
            }
            Ok(())
        })?;
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

/// What reading one input gave. Counted and reported in input order, once the batch before
/// is committed (see [`Run::replay`]).
enum Step {
    /// The input could not be read.
    Error(IngestError),
    /// The text is stored: the stored document's id.
    Stored(u64, i64),
    /// The text is that of the article at this index of the batch before.
    Earlier(u64, usize),
    /// The text is that of an article of its own batch (reported when that one is committed).
    Copy,
    /// A new article of the batch.
    New,
}

/// Articles waiting to be analysed and committed together.
#[derive(Default)]
struct Batch {
    /// With their ordinals; taken while they are analysed.
    docs: Vec<(u64, Document)>,
    /// Content hash → index in `docs`: a second copy of a text waits for the first's id.
    hashes: std::collections::HashMap<String, usize>,
    /// Ordinals of such copies, with the index of the first.
    copies: Vec<(u64, usize)>,
    /// What each input read for this batch gave, in order; emptied when reported.
    steps: Vec<Step>,
    /// The input that filled the batch is reported after the batch's commit.
    full: bool,
    /// No article follows: the last batch gets outlet homes from the store.
    last: bool,
}

/// The analysis of a batch on its own thread: the ordinals and documents back, and each
/// document's analysis on its own.
type Analysed = (Vec<u64>, Vec<Document>, Vec<Analysis>, Vec<Prepared>);
type Analysing<'scope> = std::thread::ScopedJoinHandle<'scope, Analysed>;

impl Batch {
    /// Start analysing the batch's articles (none when it has none).
    fn analyse<'scope>(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        p: &'scope Pipeline,
        opts: &'scope IngestOptions,
    ) -> Option<Analysing<'scope>> {
        if self.docs.is_empty() {
            return None;
        }
        let docs = std::mem::take(&mut self.docs);
        Some(scope.spawn(move || {
            let (ordinals, docs): (Vec<u64>, Vec<Document>) = docs.into_iter().unzip();
            let first = p.analyze_each(&docs, opts.dct.as_deref());
            let prepared = p.prepare(&docs, &first);
            (ordinals, docs, first, prepared)
        }))
    }
}

/// Read inputs up to a full batch of new articles or the end. Known articles are skipped
/// before analysis (re-runs and resumes are cheap): those stored, those of this batch and
/// those of the batch `before`, which is being written meanwhile.
fn read_batch<S: CorpusAccess>(
    store: &S,
    docs: &mut std::iter::Peekable<impl Iterator<Item = (usize, Result<Document, IngestError>)>>,
    size: usize,
    before: Option<&Batch>,
) -> Result<Batch> {
    let mut batch = Batch::default();
    while let Some((ordinal, doc)) = docs.next() {
        let ordinal = ordinal as u64;
        eventwire_store::crash_point("read");
        let doc = match doc {
            Err(e) => {
                batch.steps.push(Step::Error(e));
                continue;
            }
            Ok(doc) => doc,
        };
        let hash = content_hash(&doc.text);
        if let Some(&first) = batch.hashes.get(&hash) {
            batch.copies.push((ordinal, first));
            batch.steps.push(Step::Copy);
        } else if let Some(&first) = before.and_then(|b| b.hashes.get(&hash)) {
            batch.steps.push(Step::Earlier(ordinal, first));
        } else if let Some(known) = store.with_corpus(|s| s.stored_id_of_text(&doc.text))? {
            batch.steps.push(Step::Stored(ordinal, known));
        } else {
            batch.hashes.insert(hash, batch.docs.len());
            batch.docs.push((ordinal, doc));
            batch.steps.push(Step::New);
            if batch.docs.len() >= size {
                batch.full = true;
                batch.last = docs.peek().is_none();
                return Ok(batch);
            }
        }
    }
    batch.last = true;
    Ok(batch)
}

/// One ingest under way.
struct Run<'a, S> {
    pipeline: &'a Pipeline,
    store: &'a S,
    opts: &'a IngestOptions,
    counts: IngestCounts,
}

impl<S: CorpusAccess> Run<'_, S> {
    /// Count and report what reading `batch` gave, as a batch-after-batch ingest does as it
    /// reads: `before` holds what became of the batch before's articles. The input that
    /// filled the batch is counted now and reported after the commit.
    fn replay(&mut self, batch: &mut Batch, before: &[ItemOutcome], on: &mut dyn FnMut(IngestEvent<'_>)) {
        let n = batch.steps.len();
        for (k, step) in std::mem::take(&mut batch.steps).into_iter().enumerate() {
            let c = &mut self.counts;
            c.seen += 1;
            match step {
                Step::Error(e) => {
                    c.errors += 1;
                    on(IngestEvent::ReadError(&e));
                }
                Step::Stored(ordinal, id) => {
                    c.skipped += 1;
                    on(IngestEvent::Stored {
                        ordinal,
                        outcome: ItemOutcome { id, status: ItemStatus::AlreadyStored },
                    });
                }
                Step::Earlier(ordinal, first) => {
                    c.skipped += 1;
                    let outcome = ItemOutcome { id: before[first].id, status: ItemStatus::AlreadyStored };
                    on(IngestEvent::Stored { ordinal, outcome });
                }
                Step::Copy => c.skipped += 1,
                Step::New => {}
            }
            if !(batch.full && k + 1 == n) {
                on(IngestEvent::Read(&self.counts));
            }
        }
    }

    /// Add an analysed batch in one transaction (`first`: each article's analysis on its
    /// own), with the notes the cross-article passes need; the last batch of the run with
    /// outlet homes. The batch marks those passes pending. What became of each article.
    fn commit(
        &mut self,
        batch: &Batch,
        (ordinals, docs, first, prepared): Analysed,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<Vec<ItemOutcome>> {
        let p = self.pipeline;
        let dct = self.opts.dct.as_deref();
        let keys: Vec<Option<String>> = first
            .iter()
            .map(|a| cross::outlet_key(a.doc.outlet.as_deref(), a.doc.url.as_deref()).map(str::to_string))
            .collect();
        let articles: Vec<(Option<&str>, Vec<Reading>)> =
            keys.iter().zip(&first).map(|(k, a)| (k.as_deref(), cross::readings(&a.places))).collect();
        let homes = if batch.last {
            let mut names: Vec<String> = first.iter().filter_map(|a| a.doc.outlet.clone()).collect();
            names.sort();
            names.dedup();
            crate::pass::outlet_readings(self.store, &names)?.homes(&articles)
        } else {
            vec![None; articles.len()]
        };
        // Only the last batch has homes. The threads are analysing the next batch meanwhile:
        // work handed to them would wait for it.
        let homed = homes.iter().any(Option::is_some);
        let analyses: Vec<Analysis> = if !homed {
            first
        } else {
            p.install(|| {
                first
                    .into_par_iter()
                    .zip(docs.par_iter())
                    .zip(homes.par_iter())
                    .map(|((a, doc), home)| match home {
                        Some(h) => p.analyzer.analyze_at_home(doc, dct, Some(h)),
                        None => a,
                    })
                    .collect()
            })
        };
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
        // Analysed again with homes: prepared again (the threads are free by then).
        let prepared = if homed { p.prepare(&docs, &analyses) } else { prepared };
        eventwire_store::crash_point("batch-analysed");
        let out = self.store.with_corpus(|s| s.add_prepared(&items, &prepared))?;
        let c = &mut self.counts;
        c.added += out.added as u64;
        c.skipped += out.skipped as u64;
        c.duplicates += out.duplicates as u64;
        for &(ordinal, first) in &batch.copies {
            let outcome = ItemOutcome { id: out.items[first].id, status: ItemStatus::AlreadyStored };
            on(IngestEvent::Stored { ordinal, outcome });
        }
        for (&ordinal, &outcome) in ordinals.iter().zip(&out.items) {
            on(IngestEvent::Stored { ordinal, outcome });
        }
        on(IngestEvent::Committed(&self.counts));
        eventwire_store::crash_point("batch-committed");
        if batch.full {
            on(IngestEvent::Read(&self.counts));
        }
        Ok(out.items)
    }
}
