//! The shared eventwire store: PostgreSQL with PostGIS, for corpora and teams that outgrow one
//! SQLite file and one process. The same corpus pipeline writes to it (`eventwire-pipeline`'s
//! `CorpusStore`), and workers on any number of machines share its work queue:
//!
//! - **documents** are keyed by a SHA-256 of their normalised text, as in the SQLite store;
//!   ids are given in the order articles are added (`max(id) + 1` under the write lock, as
//!   SQLite gives rowids), so one process ingesting gives the ids the SQLite store gives;
//! - **the work queue** ([`PgStore::enqueue`], [`PgStore::claim`], [`PgStore::complete`]):
//!   articles waiting for analysis, claimed in batches with `FOR UPDATE SKIP LOCKED` and a
//!   lease; an expired lease is claimed again, and a batch is written only by the worker that
//!   holds its lease, so a killed worker loses nothing and nothing is written twice;
//! - **events** carry a PostGIS point (GIST index), **documents** a `tsvector` (GIN index);
//! - **merged events** and **control history** are rebuilt by [`PgStore::fuse`] with the
//!   fusion of `eventwire-fuse`, the logic the SQLite store uses;
//! - views `qgis_events` and `qgis_places` are layers QGIS opens as they are.
//!
//! Writes take one transaction-level advisory lock: writers take turns, as in SQLite, while
//! analysis (the expensive part) runs in parallel on every worker.

mod browse;
mod corpus;
mod fuse;
mod prepared;
mod queue;
mod read;
mod reading;
mod refuse;
mod schema;
mod write;

pub use queue::{Claimed, QueueStats};
pub use schema::SCHEMA_VERSION;

use postgres::{Client, NoTls};
use std::cell::RefCell;

/// Errors of the PostgreSQL store.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("PostGIS is not available in this database (install postgresql-15-postgis-3): {0}")]
    NoPostgis(String),
    #[error("the database at {url} has schema version {found}, newer than this eventwire ({supported})")]
    TooNew { url: String, found: i32, supported: i32 },
    #[error("bad stored record: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] eventwire_store::StoreError),
    #[error(transparent)]
    Fuse(#[from] eventwire_fuse::FuseError),
}

pub type Result<T, E = PgError> = std::result::Result<T, E>;

/// Whether `db` names a PostgreSQL database (`postgres://…`, `postgresql://…`) rather than a
/// SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// One connection to the shared store. Not `Sync`: open one per thread or process.
pub struct PgStore {
    /// In a cell: the read queries (`eventwire_store::ReadStore`) take `&self`.
    client: RefCell<Client>,
}

/// The advisory lock every write transaction takes (writers take turns; ids stay dense).
pub(crate) const WRITE_LOCK: i64 = 0x6576_6e74_0002;

impl PgStore {
    /// Connect (`postgresql://user@host/db`, or `postgresql:///db?host=/socket/dir`) and
    /// migrate to the current schema.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        schema::migrate(&mut client, &redact(url))?;
        Ok(PgStore { client: RefCell::new(client) })
    }

    /// Schema version (the highest migration applied).
    pub fn schema_version(&mut self) -> Result<i32> {
        Ok(self
            .client
            .get_mut()
            .query_one("SELECT coalesce(max(version), 0) FROM schema_migrations", &[])?
            .get(0))
    }

    /// Counts of what is stored, as the SQLite store reports them.
    pub fn stats(&mut self) -> Result<eventwire_store::Stats> {
        let row = self.client.get_mut().query_one(
            "SELECT (SELECT count(*) FROM documents WHERE analysis IS NOT NULL),
                    (SELECT count(*) FROM documents WHERE dup_of IS NOT NULL),
                    (SELECT count(*) FROM events),
                    (SELECT count(*) FROM merged),
                    (SELECT count(DISTINCT place_key) FROM merged WHERE place_key IS NOT NULL)",
            &[],
        )?;
        let n = |i: usize| row.get::<_, i64>(i).max(0) as u64;
        Ok(eventwire_store::Stats {
            schema_version: self.schema_version()?.max(0) as u32,
            documents: n(0),
            duplicates: n(1),
            events: n(2),
            merged_events: n(3),
            figures: 0,
            places: n(4),
            fused: self.is_fused()?,
        })
    }

    pub(crate) fn meta_number(&mut self, key: &str) -> Result<u64> {
        let row = self.client.get_mut().query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?;
        Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()).unwrap_or(0))
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &url[s + 3..at];
            match user.split_once(':') {
                Some((name, _)) => format!("{}{name}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A unit enum variant as the SQLite store writes it: its JSON string without quotes.
pub(crate) fn to_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default().trim_matches('"').to_string()
}

pub(crate) fn from_plain<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

#[cfg(test)]
mod tests;
