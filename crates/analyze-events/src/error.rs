//! The error type of the coding layer.

/// Errors of the coding layer: a knowledge file that cannot be read, parsed or validated.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

impl EventsError {
    /// A data error about `path`.
    pub(crate) fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        EventsError::Data { path: path.into(), message: message.into() }
    }
}
