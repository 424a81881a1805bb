//! Time: TIMEX3 tagging and dating of articles and events.

use eventwire_model::{Document, PublishedBasis, TimeMention};
use eventwire_text::Segmented;
use std::path::Path;

/// Errors of the time layer.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("time rules {path}: {message}")]
    Rules { path: String, message: String },
}

/// The publication date chosen for a document, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentDate {
    pub published: Option<String>,
    pub basis: PublishedBasis,
    pub confidence: f32,
    pub reason: Option<String>,
    pub warnings: Vec<String>,
}

/// The temporal tagger, loaded once from its data files.
#[derive(Debug, Default)]
pub struct TimeTagger {}

impl TimeTagger {
    pub fn load(_data_dir: Option<&Path>) -> Result<Self, TimeError> {
        Ok(TimeTagger {})
    }

    /// Choose the publication date of `doc` from its candidates and its content.
    pub fn date_document(&self, _doc: &Document, _seg: &Segmented) -> DocumentDate {
        DocumentDate::default()
    }

    /// Time expressions of `text` normalised against `dct` (`YYYY-MM-DD`), byte offsets.
    pub fn tag(&self, _text: &str, _seg: &Segmented, _dct: Option<&str>) -> Vec<TimeMention> {
        Vec::new()
    }
}
