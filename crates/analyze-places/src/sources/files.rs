//! Reading the unpacked registry packages: their files, JSON, and the hand-written TSV files.

use crate::error::PlacesError;
use std::path::{Path, PathBuf};

pub(super) fn err(path: &Path, message: impl Into<String>) -> PlacesError {
    PlacesError::Gazetteer { path: path.display().to_string(), message: message.into() }
}

pub(super) fn read(path: &Path) -> Result<String, PlacesError> {
    std::fs::read_to_string(path).map_err(|e| err(path, e.to_string()))
}

/// `text`, read from `path`, as JSON; an error names the file.
pub(super) fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, PlacesError> {
    serde_json::from_str(text).map_err(|e| err(path, e.to_string()))
}

/// The JSON file at `path`.
pub(super) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, PlacesError> {
    parse_json(path, &read(path)?)
}

/// Find `rel` under `root` directly or one directory level down (package folders).
pub(super) fn find(root: &Path, rel: &str) -> Result<PathBuf, PlacesError> {
    let direct = root.join(rel);
    if direct.is_file() {
        return Ok(direct);
    }
    if let Ok(rd) = std::fs::read_dir(root) {
        let mut dirs: Vec<PathBuf> =
            rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for d in dirs {
            let p = d.join(rel);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(err(&direct, "missing source file (run scripts/setup.d/10-gazetteer.sh to fetch the packages)"))
}

/// The rows of a hand-written TSV file: its lines but comments and blank ones, untrimmed (a
/// trailing empty field keeps its tab).
pub(super) fn tsv_rows(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// A hand-written word list of the build: its text and its entries, parsed once.
pub(super) type DataList = (&'static str, std::sync::OnceLock<Vec<&'static str>>);

/// The entries of `list` (see [`eventwire_text::data_lines`]), parsed on first use.
pub(super) fn data_list(list: &'static DataList) -> &'static [&'static str] {
    list.1.get_or_init(|| eventwire_text::data_lines(list.0).collect())
}
