//! The error type of the data model.

/// Errors of the data model: a data file it reads (the ACLED taxonomy) that cannot be parsed
/// or checked.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

impl ModelError {
    /// A data error about `path`.
    pub fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError::Data { path: path.into(), message: message.into() }
    }
}
