//! The eventwire corpus pipeline: the one path every article takes, whichever way it comes in
//! (`eventwire analyze`, `eventwire ingest`, `POST /api/ingest`).
//!
//! ```text
//! read (eventwire-ingest) → analyse each article (eventwire-analyze, in parallel)
//!   → cross-article passes: outlet homes, then dates from other articles
//!   → store (eventwire-store) → fuse (merged events)
//! ```
//!
//! - [`Pipeline::analyze_corpus`] runs it in memory, without a store, and returns the
//!   analyses in input order.
//! - [`Pipeline::ingest`] adds articles to a store in batches, then runs the cross-article
//!   passes over the *whole store* and fuses. An article ends up with the analysis
//!   [`Pipeline::analyze_corpus`] would give it over the same articles, however they were
//!   split into batches, runs or requests.
//!
//! The cross-article passes are recorded as pending work in the store, in the same
//! transaction as the batch that adds articles, and cleared when they complete: a run killed
//! at any point is finished by the next one ([`Pipeline::finish`]).
//!
//! Parallel analysis uses rayon; output order, and so store ids, never depend on timing.
//!
//! Where the paths still differ, by design: the store keeps one copy of a text given twice
//! (in memory both copies count for their outlet); in memory the passes cover the first
//! [`ANALYZE_HOLD_MAX_DOCS`] articles, in a store dating from other articles covers stores of
//! up to [`STORE_DATING_MAX_DOCS`]. Articles the store pass analyses again get new event rows,
//! so merged-event ids (not their content) depend on how a corpus was batched.
//!
//! # Example
//! ```
//! use eventwire_pipeline::{IngestOptions, Pipeline};
//! use std::cell::RefCell;
//!
//! // `Pipeline::load(None)` reads the gazetteer that `scripts/setup` builds into
//! // data/gazetteer/build. Here a data directory holds a small fixture gazetteer instead.
//! let data = tempfile::tempdir()?;
//! eventwire_places::Gazetteer::fixture().write_index(data.path())?;
//! let pipeline = Pipeline::load(Some(data.path()))?;
//!
//! // Documents come from the readers: `pipeline.read(&["articles/".into()])` reads files,
//! // directories and stdin; here two texts are made in place.
//! let docs = vec![
//!     eventwire_ingest::document_from_text("a1", None, "Rebels shelled Kirkuk on Monday, killing three civilians."),
//!     eventwire_ingest::document_from_text("a2", None, "Government forces retook Tal Afar on Sunday."),
//! ];
//!
//! // Without a store (`eventwire analyze`): one analysis per article, in input order.
//! let analyses = pipeline.analyze_corpus(&docs, Some("2024-05-22"));
//! assert_eq!(analyses[0].events[0].acled_sub_event_type, "Shelling/artillery/missile attack");
//!
//! // Into a store (`eventwire ingest`, `POST /api/ingest`): batches, the cross-article
//! // passes over the whole store, fusion.
//! let store = RefCell::new(eventwire_store::Store::open_in_memory()?);
//! let opts = IngestOptions { dct: Some("2024-05-22".into()), ..Default::default() };
//! let outcome = pipeline.ingest(&store, docs.iter().cloned().map(Ok), &opts, &mut |_| {})?;
//! assert_eq!(outcome.counts.added, 2);
//! assert!(outcome.fused.is_some()); // merged events were rebuilt
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod analyze;
mod backend;
mod cross;
mod ingest;
mod pass;
mod worker;

pub use analyze::{AnalyzeEvent, ANALYZE_HOLD_MAX_DOCS};
pub use backend::{CorpusAccess, CorpusStore, PgAccess, StoreAccess};
pub use ingest::{IngestCounts, IngestEvent, IngestOptions, IngestOutcome, DEFAULT_BATCH_SIZE};
pub use pass::{PassOutcome, STORE_DATING_MAX_DOCS};
pub use worker::{EnqueueCounts, WorkEvent, WorkOutcome, WorkerOptions};

use eventwire_analyze::Analyzer;
use eventwire_ingest::{Ingest, IngestError};
use eventwire_model::{Analysis, Document};
use std::path::Path;

/// Errors of the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("loading the analysis layers: {0}")]
    Analyzer(#[from] eventwire_analyze::AnalyzeError),
    #[error("loading the readers: {0}")]
    Reader(IngestError),
    #[error(transparent)]
    Store(#[from] eventwire_store::StoreError),
    #[error(transparent)]
    Postgres(#[from] eventwire_store_pg::PgError),
    #[error("starting {jobs} analysis threads: {message}")]
    Threads { jobs: usize, message: String },
}

pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

/// The readers and the analysis layers, loaded once, and the threads that analyse.
pub struct Pipeline {
    reader: Ingest,
    analyzer: Analyzer,
    /// Analysis threads; rayon's global pool when `None`.
    pool: Option<rayon::ThreadPool>,
}

impl Pipeline {
    /// Load the readers' and every analysis layer's knowledge from `data_dir` (the defaults
    /// when `None`).
    pub fn load(data_dir: Option<&Path>) -> Result<Pipeline> {
        Ok(Pipeline {
            reader: Ingest::load(data_dir).map_err(PipelineError::Reader)?,
            analyzer: Analyzer::load(data_dir)?,
            pool: None,
        })
    }

    /// Type events with the optional sentence encoder in `dir` too (see
    /// [`Analyzer::with_encoder`]).
    pub fn with_encoder(self, dir: &Path, data_dir: Option<&Path>) -> Result<Pipeline> {
        Ok(Pipeline { analyzer: self.analyzer.with_encoder(dir, data_dir)?, ..self })
    }

    /// Analyse on `jobs` threads (default: rayon's, one per core).
    pub fn with_jobs(self, jobs: usize) -> Result<Pipeline> {
        let jobs = jobs.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(|e| PipelineError::Threads { jobs, message: e.to_string() })?;
        Ok(Pipeline { pool: Some(pool), ..self })
    }

    /// Set the readers' size limit for one file (and one JSONL line or WARC record).
    pub fn with_max_bytes(self, max_bytes: u64) -> Pipeline {
        Pipeline { reader: self.reader.with_max_bytes(max_bytes), ..self }
    }

    /// The readers (text, HTML, JSONL, feeds, WARC).
    pub fn reader(&self) -> &Ingest {
        &self.reader
    }

    /// The per-article analysis layers.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Every document of `inputs` (files, directories, `-` for stdin), in order.
    pub fn read<'a>(
        &'a self,
        inputs: &'a [String],
    ) -> impl Iterator<Item = Result<Document, IngestError>> + 'a {
        inputs.iter().flat_map(|input| self.reader.read(input))
    }

    /// Analyse a corpus held in memory: each article, then the cross-article passes over all
    /// of them (outlet homes, dates from other articles). `dct` (`YYYY-MM-DD`) dates the
    /// articles that carry no date of their own. Returns one analysis per document, in order.
    pub fn analyze_corpus(&self, docs: &[Document], dct: Option<&str>) -> Vec<Analysis> {
        analyze::corpus(self, docs, dct)
    }

    /// Analyse each document on its own (no cross-article passes), in parallel, in order.
    pub fn analyze_each(&self, docs: &[Document], dct: Option<&str>) -> Vec<Analysis> {
        use rayon::prelude::*;
        self.install(|| docs.par_iter().map(|d| self.analyzer.analyze(d, dct)).collect())
    }

    /// What the embedded store computes for each document's row (hash, signature, deflated
    /// text and analysis), made on the pipeline's threads. A document it cannot prepare is
    /// left out with the ones after it: the store prepares those itself (and reports the error).
    fn prepare(&self, docs: &[Document], analyses: &[Analysis]) -> Vec<eventwire_store::Prepared> {
        use rayon::prelude::*;
        let all: Vec<_> = self.install(|| {
            docs.par_iter().zip(analyses).map(|(d, a)| eventwire_store::Prepared::new(d, a).ok()).collect()
        });
        all.into_iter().map_while(|p| p).collect()
    }

    /// Run `f` on the pipeline's threads.
    fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }
}
