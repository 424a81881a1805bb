//! Places: a GeoNames gazetteer, toponym recognition and resolution.

use eventwire_model::PlaceMention;
use eventwire_text::Segmented;
use std::path::Path;

/// Errors of the places layer.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("gazetteer {path}: {message}")]
    Gazetteer { path: String, message: String },
}

/// The gazetteer index.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// Load the gazetteer from `data_dir` (or the default location when `None`).
    pub fn load(_data_dir: Option<&Path>) -> Result<Self, PlacesError> {
        Ok(Gazetteer {})
    }
}

/// Finds and resolves place mentions.
#[derive(Debug, Default)]
pub struct PlaceTagger {
    _gazetteer: Gazetteer,
}

impl PlaceTagger {
    pub fn new(gazetteer: Gazetteer) -> Self {
        PlaceTagger { _gazetteer: gazetteer }
    }

    /// Place mentions of `text`, byte offsets, in text order.
    pub fn tag(&self, _text: &str, _seg: &Segmented) -> Vec<PlaceMention> {
        Vec::new()
    }
}
