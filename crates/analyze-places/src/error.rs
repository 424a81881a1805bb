//! The places layer's one error type.

/// Errors of the places layer.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("gazetteer {path}: {message}")]
    Gazetteer { path: String, message: String },
}
