//! Ingest: turn files, directories and stdin into normalised [`Document`]s with metadata.

use eventwire_model::{Document, OffsetMap};
use std::path::Path;

/// An input that could not be read. Names the file and, for JSON Lines, the line.
#[derive(Debug, thiserror::Error)]
#[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

/// Read every document under `input` (a file, a directory, or `-` for stdin).
pub fn read_input(input: &str) -> Vec<Result<Document, IngestError>> {
    let bytes = match std::fs::read(Path::new(input)) {
        Ok(b) => b,
        Err(e) => return vec![Err(IngestError { origin: input.into(), line: None, message: e.to_string() })],
    };
    match String::from_utf8(bytes) {
        Ok(text) => vec![Ok(document_from_text(input, Some(input), &text))],
        Err(_) => {
            vec![Err(IngestError { origin: input.into(), line: None, message: "invalid UTF-8".into() })]
        }
    }
}

/// A plain-text document.
pub fn document_from_text(id: &str, path: Option<&str>, text: &str) -> Document {
    Document {
        id: id.to_string(),
        path: path.map(str::to_string),
        source_text: text.to_string(),
        text: text.to_string(),
        offsets: OffsetMap::identity(text),
        meta: Default::default(),
    }
}
