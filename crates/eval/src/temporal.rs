//! TIMEX3 extraction and normalisation on TimeML files, with the TempEval-3 measures (strict
//! and relaxed extraction P/R/F1, type and value F1; the time layer's
//! [`eventwire_time::timeml`] scores each document).

use crate::EvalError;
use eventwire_model::TimexType;
use eventwire_time::timeml::{self, Outcome, Scores};
use eventwire_time::TimeTagger;
use std::path::{Path, PathBuf};

/// A time expression the tagger missed, invented or got wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum TimexError {
    Missed {
        file: String,
        text: String,
        timex_type: TimexType,
        value: String,
    },
    Spurious {
        file: String,
        text: String,
        timex_type: TimexType,
        value: String,
    },
    Mismatch {
        file: String,
        gold_text: String,
        gold_type: TimexType,
        gold_value: String,
        text: String,
        timex_type: TimexType,
        value: String,
        /// The document creation time, when the file gives one.
        dct: Option<String>,
    },
}

/// The totals over all files, and every error in file order.
#[derive(Debug, Default)]
pub struct TemporalReport {
    pub files: usize,
    pub total: Scores,
    pub errors: Vec<TimexError>,
}

/// The `.tml` files under `dir`, searched recursively, sorted.
pub fn tml_files(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                collect(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "tml") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|source| EvalError::Read { path: dir.display().to_string(), source })?;
    files.sort();
    Ok(files)
}

/// Evaluate the time tagger of `data_dir` (the default one when `None`) on `files`.
pub fn evaluate(files: &[PathBuf], data_dir: Option<&Path>) -> Result<TemporalReport, EvalError> {
    eventwire_text::load_word_lists(data_dir)?;
    let tagger = TimeTagger::load(data_dir)?;
    let mut report = TemporalReport { files: files.len(), ..Default::default() };
    for f in files {
        let xml = crate::read(f)?;
        let doc = timeml::parse_timeml(&xml).map_err(|e| EvalError::format(f, e.to_string()))?;
        let sys = tagger.tag_text(&doc.text, doc.dct.as_deref());
        let (s, outcomes) = timeml::score(&doc.timexes, &sys);
        report.total.add(&s);
        let file = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for o in outcomes {
            report.errors.push(match o {
                Outcome::Missed(g) => TimexError::Missed {
                    file: file.clone(),
                    text: doc.text[g.start..g.end].to_string(),
                    timex_type: g.timex_type,
                    value: g.value,
                },
                Outcome::Spurious(m) => TimexError::Spurious {
                    file: file.clone(),
                    text: m.text,
                    timex_type: m.timex_type,
                    value: m.value,
                },
                Outcome::Mismatch(g, m) => TimexError::Mismatch {
                    file: file.clone(),
                    gold_text: doc.text[g.start..g.end].to_string(),
                    gold_type: g.timex_type,
                    gold_value: g.value,
                    text: m.text,
                    timex_type: m.timex_type,
                    value: m.value,
                    dct: doc.dct.clone(),
                },
            });
        }
    }
    Ok(report)
}
