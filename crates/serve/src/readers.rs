//! Read-only SQLite connections beside the writer, so that list and aggregate requests run at
//! once instead of queueing behind one `Mutex<Store>` (WAL lets readers read while the writer
//! writes). Connections are opened on demand and kept for the next request.

use eventwire_store::{Store, StoreError};
use std::any::Any;
use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// Idle connections kept open; more are opened under load and closed after use.
const MAX_IDLE: usize = 8;
/// Entries each memo holds before it is emptied.
const MEMO_MAX: usize = 512;

pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    /// A connection that only asks SQLite whether anything was committed since it last asked
    /// (`PRAGMA data_version` changes when another connection commits).
    watcher: Mutex<Option<Store>>,
    memo: Mutex<Memo>,
    /// A lock per answer being worked out: a second request for it waits for the first one's
    /// answer instead of counting the same rows again beside it (as the page opening on a big
    /// store while `warm` counts would).
    working: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

#[derive(Default)]
struct Memo {
    version: i64,
    answers: HashMap<String, Box<dyn Any + Send>>,
}

/// A connection taken from the pool, given back when dropped.
pub struct Lease<'a> {
    pool: &'a Readers,
    store: Option<Store>,
}

impl Deref for Lease<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            let mut idle = lock(&self.pool.idle);
            if idle.len() < MAX_IDLE {
                idle.push(s);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks leaves nothing half-done: a connection or a memo.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Readers {
    pub fn new(path: PathBuf) -> Self {
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
            watcher: Mutex::new(None),
            memo: Mutex::default(),
            working: Mutex::default(),
        }
    }

    pub fn get(&self) -> Result<Lease<'_>, StoreError> {
        let pooled = lock(&self.idle).pop();
        let store = match pooled {
            Some(s) => s,
            None => Store::open_reader(&self.path)?,
        };
        Ok(Lease { pool: self, store: Some(store) })
    }

    /// A number that changes whenever anything is committed to the store, by this process or
    /// another one.
    fn version(&self) -> Result<i64, StoreError> {
        let mut w = lock(&self.watcher);
        if w.is_none() {
            *w = Some(Store::open_reader(&self.path)?);
        }
        w.as_ref().expect("opened above").data_version()
    }

    /// `answer()`, remembered under `key` until the store changes: a list's total is asked for
    /// with each page, and the aggregates of a whole big store by each page that opens; counting
    /// them takes longer than reading a page.
    pub fn memo<T: Clone + Send + 'static>(
        &self,
        key: String,
        answer: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let version = self.version()?;
        if let Some(v) = self.remembered(&key, version) {
            return Ok(v);
        }
        let turn = Arc::clone(lock(&self.working).entry(key.clone()).or_default());
        let answered = {
            let _turn = lock(&turn);
            match self.remembered(&key, version) {
                Some(v) => Ok(v),
                None => answer().inspect(|v| {
                    let mut memo = lock(&self.memo);
                    if memo.version == version {
                        memo.answers.insert(key.clone(), Box::new(v.clone()));
                    }
                }),
            }
        };
        lock(&self.working).remove(&key);
        answered
    }

    /// The answer remembered under `key` at store version `version` (the memo is emptied when
    /// the version moved on, or when it is full).
    fn remembered<T: Clone + 'static>(&self, key: &str, version: i64) -> Option<T> {
        let mut memo = lock(&self.memo);
        if memo.version != version || memo.answers.len() >= MEMO_MAX {
            memo.version = version;
            memo.answers.clear();
        }
        memo.answers.get(key).and_then(|v| v.downcast_ref::<T>()).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn an_answer_asked_for_at_once_is_worked_out_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let readers = Readers::new(path);
        let worked = AtomicUsize::new(0);
        std::thread::scope(|s| {
            let asks: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        readers.memo("total".to_string(), || {
                            worked.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(100));
                            Ok(42u64)
                        })
                    })
                })
                .collect();
            for a in asks {
                assert_eq!(a.join().unwrap().unwrap(), 42);
            }
        });
        assert_eq!(worked.load(Ordering::SeqCst), 1);
        assert!(lock(&readers.working).is_empty(), "no turn is left behind");
    }
}
