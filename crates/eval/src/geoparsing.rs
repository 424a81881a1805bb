//! Toponym recognition and resolution on LGL / GeoVirus XML: recognition P/R/F1 (span
//! overlap), accuracy within 161 km, end-to-end accuracy and the AUC of the error distance
//! (the places layer's [`eventwire_places::eval`] scores each file).

use crate::EvalError;
use eventwire_places::eval::{evaluate as score, parse_xml, GeoError, GeoScores};
use eventwire_places::{Gazetteer, PlaceTagger};
use std::path::{Path, PathBuf};

/// The scores of one evaluation file, with its errors for error analysis.
#[derive(Debug)]
pub struct FileReport {
    /// The file's name (without its folder).
    pub name: String,
    pub scores: GeoScores,
    pub errors: Vec<GeoError>,
}

/// The files evaluated, in the order given, and the ones not found (skipped).
#[derive(Debug, Default)]
pub struct GeoReport {
    pub files: Vec<FileReport>,
    pub missing: Vec<PathBuf>,
}

/// Evaluate each of `files` that exists with the gazetteer of `data_dir` (the default one when
/// `None`). `outlet_homes`: read the articles of one outlet together (see `doc.outlet_home`);
/// false reads each on its own, as an ablation.
pub fn evaluate(
    files: &[PathBuf],
    data_dir: Option<&Path>,
    outlet_homes: bool,
) -> Result<GeoReport, EvalError> {
    let (present, missing): (Vec<&PathBuf>, Vec<&PathBuf>) = files.iter().partition(|f| f.is_file());
    let mut report = GeoReport { files: Vec::new(), missing: missing.into_iter().cloned().collect() };
    if present.is_empty() {
        return Ok(report);
    }
    eventwire_text::load_word_lists(data_dir)?;
    let tagger = PlaceTagger::new(Gazetteer::load(data_dir)?);
    for f in present {
        let docs = parse_xml(&crate::read(f)?);
        if docs.is_empty() {
            return Err(EvalError::format(f, "no <article> with <text> found"));
        }
        let (scores, errors) = score(&tagger, &docs, outlet_homes);
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        report.files.push(FileReport { name, scores, errors });
    }
    Ok(report)
}
