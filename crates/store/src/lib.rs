//! The embedded eventwire store: one SQLite file (WAL, versioned schema) holding articles,
//! their analyses, near-duplicate links, merged events, figures and a full-text index.
//!
//! # Use
//! ```
//! use eventwire_store::{EventFilter, ReportFormat, ReportOptions, SearchQuery, Store};
//!
//! // Two reports of one event, analysed (here with a small fixture gazetteer; the real one is
//! // built by `scripts/setup`). The corpus pipeline (`eventwire-pipeline`) does this part.
//! let data = tempfile::tempdir()?;
//! eventwire_places::Gazetteer::fixture().write_index(data.path())?;
//! let analyzer = eventwire_analyze::Analyzer::load(Some(data.path()))?;
//! let reports = [
//!     ("wire-1", "Rebels shelled Kirkuk on Monday, killing three civilians, police said."),
//!     ("paper-2", "Rebels fired shells into Kirkuk on Monday and killed three civilians, a medic said."),
//! ];
//! let batch: Vec<_> = reports
//!     .iter()
//!     .map(|(id, text)| {
//!         let doc = eventwire_ingest::document_from_text(id, None, text);
//!         let analysis = analyzer.analyze(&doc, Some("2024-05-22"));
//!         (doc, analysis)
//!     })
//!     .collect();
//!
//! let mut store = Store::open_in_memory()?; // or Store::open(path) for a file
//! assert_eq!(store.add_batch(&batch)?.added, 2); // one transaction per batch
//! assert_eq!(store.add_batch(&batch)?.skipped, 2); // the same texts again change nothing
//! store.fuse()?; // merge events across articles
//!
//! let events = store.events(&EventFilter { place: Some("Kirkuk".into()), ..Default::default() })?;
//! assert_eq!(events.len(), 1); // one real-world event ...
//! assert_eq!(events[0].sources.len(), 2); // ... with both reports as its sources
//! assert_eq!(events[0].fused.date.as_deref(), Some("2024-05-20"));
//!
//! let hits = store.search(&SearchQuery { query: "medic".into(), ..Default::default() })?;
//! assert_eq!(hits.len(), 1);
//! let report = store.report(&ReportOptions::default(), ReportFormat::Markdown)?;
//! assert!(report.contains("Kirkuk"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Guarantees
//! - **Idempotent**: a document is keyed by a hash of its normalised text; adding it again
//!   changes nothing ([`Store::add_batch`] reports it as skipped).
//! - **Crash-safe**: each batch is one transaction, the journal is WAL. A killed run leaves
//!   the batches before it; the next run skips them and completes. Derived tables (merged
//!   events) are rebuilt by [`Store::fuse`] in one transaction; [`Store::is_fused`] tells
//!   whether they are current.
//! - **Deterministic**: every list is ordered by explicit keys.
//!
//! Ids: documents, events (per-article), merged events and figures have integer ids.
//! Merged-event ids are reassigned by each [`Store::fuse`].
//!
//! # The conflict record
//! Every event is stored, but only conflict news (scope `conflict`, not `historical`) is the
//! conflict record: it alone reaches the timeline, the control history, the claims ledger
//! (figures quoted only in other or background events are left out), the report's conflict
//! sections and the CSV, ACLED and GeoJSON exports. Other-scope news and background mentions
//! are listed when asked for ([`EventFilter::scope`]).

mod analysis_form;
mod browse;
mod browse_page;
mod corpus;
mod crash_point;
mod export;
mod fused_form;
mod fusion;
mod ingest;
mod packed;
mod query;
mod reading;
mod replicate;
mod report;
mod review;
mod schema;
mod sha256;
pub mod synth;

pub use browse::{DayCounts, EventOrder, EventQuery, GridCounts, GridTypeCount, Missing, TypeFilter};
pub use browse_page::{EventPage, PageCursor, Paging};
pub use corpus::{CorpusEntry, StoredSource};
pub use crash_point::{crash_point, CRASH_AT_VAR};
pub use eventwire_fuse::{
    Claim, ConflictKind, ControlStep, Disagreement, Fused, PlaceControl, PlaceRef, ReportData, ReportFormat,
    Subject,
};
pub use export::{write_events, ExportFormat};

/// ACLED's export column names, in the order `acled-csv` writes them.
pub fn export_columns_acled() -> Vec<&'static str> {
    export::ACLED_COLUMNS.to_vec()
}
pub use ingest::{
    content_hash, figure_rows, BatchOutcome, FigureRow, ItemOutcome, ItemStatus, NewDocument, Prepared,
    Replacement,
};
pub use query::FuseOutcome;
pub use reading::{MergedOrder, ReadStore};
pub use report::OTHER_NEWS_MAX;
pub use review::{review_span_keys, Review, ReviewIndex, Verdict};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the store directory {path}: {source}")]
    Dir { path: String, source: std::io::Error },
    #[error("the store at {path} has schema version {found}, newer than this eventwire ({supported})")]
    TooNew { path: String, found: u32, supported: u32 },
    /// A read-only connection cannot migrate: the store must be opened for writing first.
    #[error("the store at {path} has schema version {found}, not {expected}: open it for writing first")]
    ReaderVersion { path: String, found: u32, expected: u32 },
    #[error("bad stored record: {0}")]
    Json(serde_json::Error),
    #[error("export failed: {0}")]
    Csv(csv::Error),
    #[error("write failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid search query {query:?}: {message}")]
    Query { query: String, message: String },
    #[error(transparent)]
    Fuse(#[from] eventwire_fuse::FuseError),
    /// A part of the conflict record was asked for other news or background events.
    #[error("{what} holds conflict events only, not {} events", .scope.as_str())]
    ConflictOnly { what: &'static str, scope: EventScope },
    /// A review mark needs an evidence span to be stored under.
    #[error("event {id} has no evidence span to anchor a review")]
    NoEvidence { id: i64 },
    /// A failure of another store read through [`ReadStore`] (the PostgreSQL store's).
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

// A failed write while serialising (a closed pipe under `export | head`) is a write error,
// kept as the `io::Error` it is, not a bad record.
impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            StoreError::Io(e.into())
        } else {
            StoreError::Json(e)
        }
    }
}

impl From<csv::Error> for StoreError {
    fn from(e: csv::Error) -> Self {
        if let csv::ErrorKind::Io(io) = e.kind() {
            let kind = io.kind();
            return StoreError::Io(std::io::Error::new(kind, e));
        }
        StoreError::Csv(e)
    }
}

/// The store: one SQLite connection. Not `Sync`; open one per thread (WAL allows concurrent
/// readers and one writer).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Default database path: `$EVENTWIRE_DB` if set, else `./eventwire-data/eventwire.db`.
pub fn default_path() -> PathBuf {
    match std::env::var_os("EVENTWIRE_DB") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from("eventwire-data").join("eventwire.db"),
    }
}

/// Pages of page cache of a connection once it adds documents (256 MB, against 32 MB for
/// reading): a batch's inserts land all over the random-key indexes (content hashes, near-copy
/// buckets, names), and a cache they outgrow spills and reads pages again within the batch.
pub(crate) const WRITER_CACHE_KB: i64 = 256 * 1024;

/// WAL pages after which a commit copies the log into the file (SQLite's default: 1,000).
const WAL_CHECKPOINT_PAGES: i64 = 16_384;

impl Store {
    /// Open (creating directory and file if needed) and migrate to the current schema.
    /// A path that is an existing directory gets `eventwire.db` inside it.
    pub fn open(path: &Path) -> Result<Store> {
        let path = if path.is_dir() { path.join("eventwire.db") } else { path.to_path_buf() };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::Dir { path: dir.display().to_string(), source })?;
        }
        let conn = Connection::open(&path)?;
        let mut s = Store { conn, path: Some(path) };
        s.init()?;
        Ok(s)
    }

    /// A read-only connection to the store at `path` (a file another connection created and
    /// migrated), for readers beside a writer: WAL lets them read while it writes.
    pub fn open_reader(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        packed::register_text_function(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(120))?;
        conn.pragma_update(None, "cache_size", -16_000)?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found != schema::SCHEMA_VERSION {
            return Err(StoreError::ReaderVersion {
                path: path.display().to_string(),
                found,
                expected: schema::SCHEMA_VERSION,
            });
        }
        Ok(Store { conn, path: Some(path.to_path_buf()) })
    }

    /// A private in-memory store (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let mut s = Store { conn: Connection::open_in_memory()?, path: None };
        s.init()?;
        Ok(s)
    }

    fn init(&mut self) -> Result<()> {
        // The full-text index reads the (deflated) texts through this function.
        packed::register_text_function(&self.conn)?;
        // Writers take turns (immediate transactions): wait for another process's batch or
        // fusion rather than fail.
        self.conn.busy_timeout(std::time::Duration::from_secs(120))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "cache_size", -32_000)?; // 32 MB page cache: bounded memory
                                                               // A batch dirties pages all over the random-key indexes; a page dirtied again before
                                                               // the checkpoint is copied into the file once (64 MB of WAL rather than 4 MB).
        self.conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
        let p = self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".into());
        schema::migrate(&mut self.conn, &p)
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A number that changes whenever another connection commits to the store (`PRAGMA
    /// data_version`): a reader's cache of derived answers is current while it stays the same.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// Counts of what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: u32,
    pub documents: u64,
    /// Documents that copy or rewrite another stored document.
    pub duplicates: u64,
    pub events: u64,
    pub merged_events: u64,
    pub figures: u64,
    pub places: u64,
    /// True when merged events are current (no ingest since the last [`Store::fuse`]).
    pub fused: bool,
}

/// A stored document without its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: i64,
    /// The ingest id (JSONL `id` or path).
    pub key: String,
    pub path: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub agency: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The document this one copies or rewrites (its original).
    pub dup_of: Option<i64>,
    pub dup_similarity: Option<f32>,
    /// Independence group: the id of the original of its copy family.
    pub group: i64,
}

/// A stored document with text and full analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub summary: DocSummary,
    /// The text as the user gave it; analysis spans are code-point offsets into it.
    pub text: String,
    pub analysis: eventwire_model::Analysis,
}

/// Filter for [`Store::documents`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFilter {
    /// Publication date bounds (inclusive, ISO prefix comparison).
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// One report of a merged event: which document said it, where, in which words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    pub doc: i64,
    /// The per-article event id (`<doc key>#e<n>`).
    pub event_key: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// The wire agency named by the article (AFP, Reuters …), when it names one.
    pub agency: Option<String>,
    pub published: Option<String>,
    /// True when the document is a copy of another stored one (not independent).
    pub is_copy: bool,
    /// The article's own date for the event.
    pub date: Option<String>,
    pub rule: String,
    pub evidence: Vec<eventwire_model::Evidence>,
}

/// A real-world event as fused from one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    pub id: i64,
    #[serde(flatten)]
    pub fused: Fused,
    pub sources: Vec<EventSource>,
}

/// `[min_lon, min_lat, max_lon, max_lat]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bbox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

/// Which merged events a query covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventScope {
    /// The conflict record: conflict-scope events that are news of their articles.
    #[default]
    Conflict,
    /// Other-scope news (disasters, crime, diplomacy, claims of responsibility), not background.
    Other,
    /// Background mentions of past events, of either scope.
    Historical,
    /// Everything stored.
    All,
}

impl EventScope {
    /// Every scope, in order.
    pub const ALL: [EventScope; 4] =
        [EventScope::Conflict, EventScope::Other, EventScope::Historical, EventScope::All];

    /// The scope's name (`conflict`, `other`, `historical`, `all`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventScope::Conflict => "conflict",
            EventScope::Other => "other",
            EventScope::Historical => "historical",
            EventScope::All => "all",
        }
    }

    /// The scope with this name.
    pub fn parse(name: &str) -> Option<EventScope> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Filter for merged events. Text filters match case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Event date bounds (inclusive, `YYYY-MM-DD` or a prefix such as `2016-11`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub bbox: Option<Bbox>,
    /// Matches actor1 or actor2 (substring).
    pub actor: Option<String>,
    /// Matches the event type or sub-event type (substring).
    pub event_type: Option<String>,
    /// Matches the place name or admin1 (substring).
    pub place: Option<String>,
    /// Minimum number of independent sources.
    pub min_sources: Option<usize>,
    /// Conflict news (the default), other news, background mentions or all.
    #[serde(default)]
    pub scope: EventScope,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A place that events happened at, with its control history when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceSummary {
    pub place: PlaceRef,
    pub n_events: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub control: Option<PlaceControl>,
}

/// Filter for the claims ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimFilter {
    /// Place name (case-insensitive, exact).
    pub place: Option<String>,
    /// Category (`killed`, `displaced`, …).
    pub category: Option<String>,
    /// Only subjects with disagreements.
    pub disputed_only: bool,
    /// Only subjects with at least this many claims.
    pub min_claims: usize,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: Option<String>,
    pub event: MergedEvent,
    /// One sentence describing it.
    pub summary: String,
}

/// A full-text query with filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Words to find (FTS5 syntax allowed; on a syntax error the words are searched as
    /// plain terms).
    pub query: String,
    /// Publication date bounds.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Documents mentioning this place.
    pub place: Option<String>,
    /// Documents mentioning this actor.
    pub actor: Option<String>,
    /// Documents with an event of this type or sub-type.
    pub event_type: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub doc: DocSummary,
    /// bm25 rank (lower is better, as SQLite gives it).
    pub rank: f64,
    /// Snippet with matches between [`HIT_OPEN`] and [`HIT_CLOSE`]; see
    /// [`SearchHit::highlight`].
    pub snippet: String,
}

/// Marker before a matched term in [`SearchHit::snippet`].
pub const HIT_OPEN: char = '\u{2}';
/// Marker after a matched term in [`SearchHit::snippet`].
pub const HIT_CLOSE: char = '\u{3}';

impl SearchHit {
    /// The snippet with markers replaced by `open`/`close`, each text piece passed through
    /// `escape` (e.g. HTML escaping; use `|s| s.to_string()` for none).
    pub fn highlight(&self, open: &str, close: &str, escape: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut piece = String::new();
        for c in self.snippet.chars() {
            if c == HIT_OPEN || c == HIT_CLOSE {
                out.push_str(&escape(&piece));
                piece.clear();
                out.push_str(if c == HIT_OPEN { open } else { close });
            } else {
                piece.push(c);
            }
        }
        out.push_str(&escape(&piece));
        out
    }
}

/// What to put in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    pub title: String,
    /// Which events: its `scope` is not used (the conflict sections take conflict news, the
    /// "Other news" section other-scope news; background mentions are never reported).
    pub filter: EventFilter,
    /// Most events listed as key developments (the best-sourced ones).
    pub max_events: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { title: "Situation report".into(), filter: EventFilter::default(), max_events: 60 }
    }
}

#[cfg(test)]
mod browse_tests;
#[cfg(test)]
mod old_forms_tests;
#[cfg(test)]
mod scope_tests;
#[cfg(test)]
mod tests;
