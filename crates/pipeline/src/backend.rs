//! What the corpus path needs of a store, so that the same path (batches, the cross-article
//! passes, fusion) writes to the embedded SQLite store or to the shared PostgreSQL one: the
//! pipeline's logic is written once, against [`CorpusStore`], and each store answers the
//! calls with its own SQL.
//!
//! ```
//! use eventwire_pipeline::{CorpusAccess, CorpusStore};
//!
//! let own = std::cell::RefCell::new(eventwire_store::Store::open_in_memory()?);
//! // Any `StoreAccess` to a SQLite store is a `CorpusAccess`.
//! assert!(!own.with_corpus(|s| s.corpus_pass_pending())?);
//! # Ok::<(), eventwire_pipeline::PipelineError>(())
//! ```

use crate::Result;
use eventwire_model::Analysis;
use eventwire_store::{
    BatchOutcome, CorpusEntry, FuseOutcome, NewDocument, Prepared, Replacement, Store, StoredSource,
};
use eventwire_store_pg::PgStore;
use std::cell::RefCell;
use std::sync::Mutex;

/// How the pipeline reaches a store: a store of its own (`RefCell<Store>`), or one shared
/// with readers behind a lock (`Mutex<Store>`, as the server holds it). The pipeline takes
/// the store only for reads and writes, never while it analyses, so readers keep being
/// served meanwhile.
///
/// ```
/// use eventwire_pipeline::StoreAccess;
/// use std::sync::Mutex;
///
/// let own = std::cell::RefCell::new(eventwire_store::Store::open_in_memory()?);
/// let shared = Mutex::new(eventwire_store::Store::open_in_memory()?);
/// for documents in [own.with_store(|s| s.stats())?.documents, shared.with_store(|s| s.stats())?.documents] {
///     assert_eq!(documents, 0);
/// }
/// # Ok::<(), eventwire_store::StoreError>(())
/// ```
pub trait StoreAccess {
    /// Run `f` with the store to itself.
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R;
}

impl StoreAccess for RefCell<Store> {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.borrow_mut())
    }
}

impl StoreAccess for Mutex<Store> {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll back).
        f(&mut self.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// A store the corpus path can write to (see the module docs). Every call is one statement or
/// one transaction of the store.
pub trait CorpusStore {
    /// The id of the stored document with this normalised text, if any.
    fn stored_id_of_text(&mut self, text: &str) -> Result<Option<i64>>;
    /// Add analysed documents in one transaction (`eventwire_store::Store::add_documents`).
    fn add_documents(&mut self, items: &[NewDocument<'_>]) -> Result<BatchOutcome>;
    /// [`add_documents`](Self::add_documents), with what the embedded store computes for each
    /// row made beforehand (`eventwire_store::Store::add_prepared`); other stores ignore it.
    fn add_prepared(&mut self, items: &[NewDocument<'_>], _prepared: &[Prepared]) -> Result<BatchOutcome> {
        self.add_documents(items)
    }
    /// Replace the analyses of stored documents in one transaction.
    fn replace_analyses(&mut self, items: &[Replacement<'_>]) -> Result<usize>;
    fn corpus_generation(&mut self) -> Result<u64>;
    fn corpus_pass_pending(&mut self) -> Result<bool>;
    fn mark_corpus_pass_done(&mut self, generation: u64) -> Result<bool>;
    /// Every analysed document's entry, in id order.
    fn corpus_entries(&mut self) -> Result<Vec<CorpusEntry>>;
    /// The last document the last completed cross-article pass saw, when the store records
    /// it and documents are stored in id order (`None`: the pass reads every entry).
    fn corpus_pass_mark(&mut self) -> Result<Option<i64>> {
        Ok(None)
    }
    /// Record that a completed pass saw every document up to `doc`.
    fn set_corpus_pass_mark(&mut self, _doc: i64) -> Result<()> {
        Ok(())
    }
    /// The entries of documents after `after`, of an outlet named in `outlets`, or with no
    /// outlet name, in id order (and possibly others: callers keep those they need).
    fn corpus_entries_near(&mut self, _after: i64, _outlets: &[String]) -> Result<Vec<CorpusEntry>> {
        self.corpus_entries()
    }
    /// The entries of documents without a date of their own, in id order, and how many
    /// documents there are.
    fn undated_corpus_entries(&mut self) -> Result<(Vec<CorpusEntry>, usize)> {
        let all = self.corpus_entries()?;
        let n = all.len();
        let undated = all
            .into_iter()
            .filter(|e| e.published.is_none() || e.published_basis == eventwire_model::PublishedBasis::Corpus)
            .collect();
        Ok((undated, n))
    }
    /// The stored analysis of a document.
    fn stored_analysis(&mut self, id: i64) -> Result<Option<Analysis>>;
    fn set_notes(&mut self, items: &[(i64, &str)]) -> Result<()>;
    /// Visit every analysed document as `(id, source text)`, in id order.
    fn for_each_text(&mut self, each: &mut dyn FnMut(i64, &str)) -> Result<()>;
    fn stored_source(&mut self, id: i64) -> Result<Option<StoredSource>>;
    /// Settle documents that workers stored in whatever order they finished: number their
    /// events in document order and link them to their originals in id order, as a store that
    /// adds documents one by one does as it goes (so the result does not depend on timing). A
    /// store that numbers and links as it adds has nothing to do.
    fn settle_worker_writes(&mut self) -> Result<usize> {
        Ok(0)
    }
    fn is_fused(&mut self) -> Result<bool>;
    fn fuse(&mut self) -> Result<FuseOutcome>;
}

/// How the pipeline reaches a [`CorpusStore`]: every [`StoreAccess`] to a SQLite store, and a
/// `RefCell<PgStore>`.
pub trait CorpusAccess {
    type Store: CorpusStore;
    /// Run `f` with the store to itself.
    fn with_corpus<R>(&self, f: impl FnOnce(&mut Self::Store) -> R) -> R;
}

impl<T: StoreAccess> CorpusAccess for T {
    type Store = Store;
    fn with_corpus<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        self.with_store(f)
    }
}

/// A PostgreSQL store of one thread.
pub struct PgAccess(pub RefCell<PgStore>);

impl CorpusAccess for PgAccess {
    type Store = PgStore;
    fn with_corpus<R>(&self, f: impl FnOnce(&mut PgStore) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
}

impl CorpusStore for Store {
    fn stored_id_of_text(&mut self, text: &str) -> Result<Option<i64>> {
        Ok(self.document_with_text(text)?.map(|d| d.id))
    }
    fn add_documents(&mut self, items: &[NewDocument<'_>]) -> Result<BatchOutcome> {
        Ok(Store::add_documents(self, items)?)
    }
    fn add_prepared(&mut self, items: &[NewDocument<'_>], prepared: &[Prepared]) -> Result<BatchOutcome> {
        Ok(Store::add_prepared(self, items, prepared)?)
    }
    fn replace_analyses(&mut self, items: &[Replacement<'_>]) -> Result<usize> {
        Ok(Store::replace_analyses(self, items)?)
    }
    fn corpus_generation(&mut self) -> Result<u64> {
        Ok(Store::corpus_generation(self)?)
    }
    fn corpus_pass_pending(&mut self) -> Result<bool> {
        Ok(Store::corpus_pass_pending(self)?)
    }
    fn mark_corpus_pass_done(&mut self, generation: u64) -> Result<bool> {
        Ok(Store::mark_corpus_pass_done(self, generation)?)
    }
    fn corpus_entries(&mut self) -> Result<Vec<CorpusEntry>> {
        let mut rows = Vec::new();
        self.for_each_corpus_entry(|e| {
            rows.push(e);
            Ok(())
        })?;
        Ok(rows)
    }
    fn corpus_pass_mark(&mut self) -> Result<Option<i64>> {
        Ok(Store::corpus_pass_mark(self)?)
    }
    fn set_corpus_pass_mark(&mut self, doc: i64) -> Result<()> {
        Ok(Store::set_corpus_pass_mark(self, Some(doc))?)
    }
    fn corpus_entries_near(&mut self, after: i64, outlets: &[String]) -> Result<Vec<CorpusEntry>> {
        Ok(Store::corpus_entries_near(self, after, outlets)?)
    }
    fn undated_corpus_entries(&mut self) -> Result<(Vec<CorpusEntry>, usize)> {
        Ok(Store::undated_corpus_entries(self)?)
    }
    fn stored_analysis(&mut self, id: i64) -> Result<Option<Analysis>> {
        Ok(self.document(id)?.map(|d| d.analysis))
    }
    fn set_notes(&mut self, items: &[(i64, &str)]) -> Result<()> {
        Ok(Store::set_notes(self, items)?)
    }
    fn for_each_text(&mut self, each: &mut dyn FnMut(i64, &str)) -> Result<()> {
        Ok(Store::for_each_text(self, |id, _, source, _| {
            each(id, source);
            Ok(())
        })?)
    }
    fn stored_source(&mut self, id: i64) -> Result<Option<StoredSource>> {
        Ok(Store::stored_source(self, id)?)
    }
    fn is_fused(&mut self) -> Result<bool> {
        Ok(Store::is_fused(self)?)
    }
    fn fuse(&mut self) -> Result<FuseOutcome> {
        Ok(Store::fuse(self)?)
    }
}

impl CorpusStore for PgStore {
    fn stored_id_of_text(&mut self, text: &str) -> Result<Option<i64>> {
        Ok(self.document_id_with_text(text)?)
    }
    fn add_documents(&mut self, items: &[NewDocument<'_>]) -> Result<BatchOutcome> {
        Ok(PgStore::add_documents(self, items)?)
    }
    fn replace_analyses(&mut self, items: &[Replacement<'_>]) -> Result<usize> {
        Ok(PgStore::replace_analyses(self, items)?)
    }
    fn corpus_generation(&mut self) -> Result<u64> {
        Ok(PgStore::corpus_generation(self)?)
    }
    fn corpus_pass_pending(&mut self) -> Result<bool> {
        Ok(PgStore::corpus_pass_pending(self)?)
    }
    fn mark_corpus_pass_done(&mut self, generation: u64) -> Result<bool> {
        Ok(PgStore::mark_corpus_pass_done(self, generation)?)
    }
    fn corpus_entries(&mut self) -> Result<Vec<CorpusEntry>> {
        Ok(PgStore::corpus_entries(self)?)
    }
    fn stored_analysis(&mut self, id: i64) -> Result<Option<Analysis>> {
        Ok(self.analysis(id)?)
    }
    fn set_notes(&mut self, items: &[(i64, &str)]) -> Result<()> {
        Ok(PgStore::set_notes(self, items)?)
    }
    fn for_each_text(&mut self, each: &mut dyn FnMut(i64, &str)) -> Result<()> {
        for (id, text) in self.texts()? {
            each(id, &text);
        }
        Ok(())
    }
    fn stored_source(&mut self, id: i64) -> Result<Option<StoredSource>> {
        Ok(PgStore::stored_source(self, id)?)
    }
    fn settle_worker_writes(&mut self) -> Result<usize> {
        PgStore::number_worker_events(self)?;
        Ok(PgStore::link_duplicates(self)?)
    }
    fn is_fused(&mut self) -> Result<bool> {
        Ok(PgStore::is_fused(self)?)
    }
    fn fuse(&mut self) -> Result<FuseOutcome> {
        Ok(PgStore::fuse(self)?)
    }
}
