//! Accuracy of eventwire on evaluation sets, as a library: the `eventwire eval` commands parse
//! their arguments, call these functions and print what they return.
//!
//! - [`events`]: event coding on FA-KES, IndiaPoliceEvents and PLOVER (each set skipped when
//!   absent);
//! - [`geoparsing`]: toponym recognition and resolution on LGL / GeoVirus XML;
//! - [`temporal`]: TIMEX3 extraction and normalisation on TimeML files.
//!
//! The evaluation sets are for measuring only: nothing here learns from them.

pub mod case;
pub mod events;
pub mod geoparsing;
pub mod temporal;

use std::path::Path;

/// Errors of an evaluation: a set that cannot be read or parsed, or knowledge that does not load.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    #[error("loading knowledge files: {0}")]
    Analyze(#[from] eventwire_analyze::AnalyzeError),
    #[error(transparent)]
    Places(#[from] eventwire_places::PlacesError),
    #[error(transparent)]
    Time(#[from] eventwire_time::TimeError),
    #[error(transparent)]
    Text(#[from] eventwire_text::TextError),
}

impl EvalError {
    fn format(path: &Path, message: impl Into<String>) -> Self {
        EvalError::Format { path: path.display().to_string(), message: message.into() }
    }
}

/// The text of an evaluation file.
fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path)
        .map_err(|source| EvalError::Read { path: path.display().to_string(), source })
}

/// `x` rounded to 3 decimals, as the reports give their figures.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
