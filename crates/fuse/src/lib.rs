//! Cross-article fusion for eventwire: pure logic over records, no storage.
//!
//! - [`dedup`]: near-duplicate detection (MinHash + LSH) so copies are not counted as
//!   independent sources.
//! - [`merge`]: one real-world event from several articles becomes one record
//!   ([`merge::Merger`] streams events blocked by place cell and date).
//! - [`refuse`]: incremental fusion, merged events rebuilt only from the day a change
//!   touches and written only where they changed.
//! - [`control`]: who holds a place from when, from territory events.
//! - [`claims`]: the claims ledger, with disagreements told apart from change over time.
//! - [`report`]: the sourced situation report (Markdown or HTML), every sentence cited.
//!
//! `eventwire-store` feeds these from SQLite; everything here works on plain values so it
//! can be tested with constructed records.

pub mod claims;
pub mod control;
pub mod dates;
pub mod dedup;
pub mod merge;
pub mod refuse;
pub mod report;

pub use claims::{ledger, Claim, ConflictKind, Disagreement, Subject};
pub use control::{control_history, ControlStep, PlaceControl, TerritoryChange};
pub use dedup::Signature;
pub use merge::{Cluster, EventRecord, Fused, Merger, PlaceRef};
pub use refuse::{Changes, Leftover, Refusion, Rewrite};
pub use report::{render_report, ReportData, ReportEvent, ReportFormat, Source};

/// Errors of the fusion layer.
#[derive(Debug, thiserror::Error)]
pub enum FuseError {
    /// The streaming merger needs events in order of window start.
    #[error("events must be fed in date order (event row {row} came too late)")]
    Unsorted { row: i64 },
}
