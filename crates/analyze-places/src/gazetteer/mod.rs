//! The gazetteer index: a packed record table plus an FST from name keys to candidates.
//!
//! `record` holds what it is built from, `builder` builds it, `files` writes, finds and loads
//! its build directory, `table` holds the places and `lookups` answers name keys through the
//! FST tables of `top`.

mod builder;
mod files;
mod lookups;
mod record;
mod table;
mod top;

pub use builder::IndexBuilder;
pub use files::{default_build_dir, index_dir_candidates, RECORDS_FILE};
pub use record::{FeatureKind, PlaceRecord};
pub(crate) use table::{importance, Entry};
pub use table::{Gazetteer, Place};
pub(crate) use top::{TAG_DEMONYM, TAG_EXACT, TAG_SKEL};
