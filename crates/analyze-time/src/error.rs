//! The error type of the time layer.

/// Errors of the time layer.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("time rules {path}: {message}")]
    Rules { path: String, message: String },
    #[error("TimeML: {0}")]
    TimeMl(String),
}
