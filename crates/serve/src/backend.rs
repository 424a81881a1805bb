//! Where a served corpus's store connections come from. The API's answers are written once,
//! over the store's read API (`eventwire_store::ReadStore`, in `store_corpus.rs` and
//! `store_browse.rs`); a [`Backend`] gives them connections: the SQLite store's writer and a
//! pool of read-only connections beside it, or a pool of connections to a PostgreSQL store.

use crate::readers::{Lease, Readers};
use eventwire_model::Document;
use eventwire_pipeline::{IngestEvent, IngestOptions, PgAccess, Pipeline, PipelineError};
use eventwire_store::{ReadStore, Store, StoreError};
use eventwire_store_pg::{PgError, PgStore};
use std::cell::RefCell;
use std::ops::Deref;
use std::sync::{Mutex, MutexGuard};

/// A store the API reads from and writes to (see the module docs).
pub trait Backend: Send + Sync + 'static {
    type Conn: ReadStore;
    type Guard<'a>: Deref<Target = Self::Conn>
    where
        Self: 'a;
    /// A connection to read with: requests read at once where the store allows it.
    fn read(&self) -> Result<Self::Guard<'_>, StoreError>;
    /// A connection to write with (review marks).
    fn write(&self) -> Result<Self::Guard<'_>, StoreError>;
    /// `answer()`, remembered under `key` until the store changes, where the backend can tell;
    /// otherwise answered each time.
    fn memo<T: Clone + Send + 'static>(
        &self,
        key: String,
        answer: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError>;
    /// Whether [`Backend::memo`] remembers (then warming the first page's answers pays).
    fn remembers(&self) -> bool;
    /// Analyse and store `docs` through the corpus pipeline (passes and fusion included).
    fn ingest(
        &self,
        pipeline: &Pipeline,
        docs: Vec<Document>,
        opts: &IngestOptions,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<(), PipelineError>;
}

/// The SQLite store: its writer behind a mutex (a SQLite connection is not `Sync`), and
/// read-only connections for the reads of a store on disk.
pub struct SqliteBackend {
    store: Mutex<Store>,
    readers: Option<Readers>,
}

impl SqliteBackend {
    pub fn new(store: Store) -> Self {
        let readers = store.path().map(|p| Readers::new(p.to_path_buf()));
        SqliteBackend { store: Mutex::new(store), readers }
    }

    fn writer(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll back).
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A SQLite connection to read with: a pooled reader, or the writer of an in-memory store.
pub enum ReadGuard<'a> {
    Reader(Lease<'a>),
    Writer(MutexGuard<'a, Store>),
}

impl Deref for ReadGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match self {
            ReadGuard::Reader(l) => l,
            ReadGuard::Writer(g) => g,
        }
    }
}

impl Backend for SqliteBackend {
    type Conn = Store;
    type Guard<'a> = ReadGuard<'a>;

    fn read(&self) -> Result<ReadGuard<'_>, StoreError> {
        match &self.readers {
            Some(r) => Ok(ReadGuard::Reader(r.get()?)),
            None => Ok(ReadGuard::Writer(self.writer())),
        }
    }

    fn write(&self) -> Result<ReadGuard<'_>, StoreError> {
        Ok(ReadGuard::Writer(self.writer()))
    }

    fn memo<T: Clone + Send + 'static>(
        &self,
        key: String,
        answer: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &self.readers {
            Some(r) => r.memo(key, answer),
            None => answer(),
        }
    }

    fn remembers(&self) -> bool {
        self.readers.is_some()
    }

    /// The store is locked only while it is read or written, never while articles are
    /// analysed.
    fn ingest(
        &self,
        pipeline: &Pipeline,
        docs: Vec<Document>,
        opts: &IngestOptions,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<(), PipelineError> {
        pipeline.ingest(&self.store, docs.into_iter().map(Ok), opts, on).map(|_| ())
    }
}

/// Connections to a PostgreSQL store, opened on demand and kept for the next request; each
/// request reads on its own connection, at once with the others.
pub struct PgBackend {
    url: String,
    idle: Mutex<Vec<PgStore>>,
    /// API ingests take turns (each runs the passes and fusion over the whole store).
    ingesting: Mutex<()>,
}

/// Idle PostgreSQL connections kept open.
const PG_MAX_IDLE: usize = 8;

impl PgBackend {
    /// Connect to the store at `url` (migrating it when needed) and keep the connection.
    pub fn connect(url: &str) -> Result<Self, PgError> {
        let first = PgStore::connect(url)?;
        Ok(PgBackend { url: url.to_string(), idle: Mutex::new(vec![first]), ingesting: Mutex::new(()) })
    }

    fn take(&self) -> Result<PgStore, StoreError> {
        let pooled = lock(&self.idle).pop();
        match pooled {
            Some(s) => Ok(s),
            None => PgStore::connect(&self.url).map_err(|e| StoreError::Other(Box::new(e))),
        }
    }

    fn give_back(&self, s: PgStore) {
        let mut idle = lock(&self.idle);
        if idle.len() < PG_MAX_IDLE {
            idle.push(s);
        }
    }
}

impl Drop for PgBackend {
    /// The PostgreSQL client runs a runtime of its own, which may not be dropped on an async
    /// thread (the server's, when it stops): the connections are closed on a thread of theirs.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut *lock(&self.idle));
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing is left half-done under these locks: a list of connections, or a turn.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A PostgreSQL connection taken from the pool, given back when dropped.
pub struct PgLease<'a> {
    pool: &'a PgBackend,
    store: Option<PgStore>,
}

impl Deref for PgLease<'_> {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        self.store.as_ref().expect("a lease holds its connection until dropped")
    }
}

impl Drop for PgLease<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            self.pool.give_back(s);
        }
    }
}

impl Backend for PgBackend {
    type Conn = PgStore;
    type Guard<'a> = PgLease<'a>;

    fn read(&self) -> Result<PgLease<'_>, StoreError> {
        Ok(PgLease { pool: self, store: Some(self.take()?) })
    }

    fn write(&self) -> Result<PgLease<'_>, StoreError> {
        self.read()
    }

    fn memo<T: Clone + Send + 'static>(
        &self,
        _key: String,
        answer: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        answer()
    }

    fn remembers(&self) -> bool {
        false
    }

    fn ingest(
        &self,
        pipeline: &Pipeline,
        docs: Vec<Document>,
        opts: &IngestOptions,
        on: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<(), PipelineError> {
        let _turn = lock(&self.ingesting);
        let store = PgAccess(RefCell::new(self.take()?));
        let out = pipeline.ingest(&store, docs.into_iter().map(Ok), opts, on);
        self.give_back(store.0.into_inner());
        out.map(|_| ())
    }
}
