//! The optional second reader of event types: a sentence encoder (all-MiniLM-L6-v2, see
//! `eventwire-encoder`) and a logistic head over its vectors (`data/events/model/
//! event_types_encoder.tsv`). Where it is loaded, each label's probability is the classifier's
//! and the head's combined log-linearly (`p ∝ p_words^(1-w) · p_head^w`): the word model knows
//! the reporting phrases, the encoder the paraphrases it never saw. Opt-in: it is some 100
//! times slower than the word model.

use crate::error::EventsError;
use eventwire_encoder::{Encoder, Head};
use std::path::Path;

const HEAD: &str = include_str!("../../../data/events/model/event_types_encoder.tsv");

/// The encoder, its head, and the head's weight in the combination.
pub(crate) struct EncoderTyping {
    encoder: Encoder,
    head: Head,
    weight: f32,
}

impl std::fmt::Debug for EncoderTyping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncoderTyping")
            .field("labels", &self.head.labels().len())
            .field("weight", &self.weight)
            .finish()
    }
}

impl EncoderTyping {
    /// Load the encoder from `dir` and the head (built in, or `data_dir/events/model/
    /// event_types_encoder.tsv`); the head's labels must be the classifier's, in its order.
    pub fn load(
        dir: &Path,
        data_dir: Option<&Path>,
        labels: &[String],
        weight: f32,
    ) -> Result<Self, EventsError> {
        let encoder =
            Encoder::load(dir).map_err(|e| EventsError::data(dir.display().to_string(), e.to_string()))?;
        let user = data_dir.map(|d| d.join("events/model/event_types_encoder.tsv")).filter(|p| p.is_file());
        let (text, origin) = match user {
            Some(p) => (
                std::fs::read_to_string(&p)
                    .map_err(|e| EventsError::data(p.display().to_string(), e.to_string()))?,
                p.display().to_string(),
            ),
            None => (HEAD.to_string(), "data/events/model/event_types_encoder.tsv".to_string()),
        };
        let head = Head::parse(&text, &origin).map_err(|e| EventsError::data(&origin, e.to_string()))?;
        if head.labels() != labels {
            return Err(EventsError::data(&origin, "the head's labels are not the event-type model's"));
        }
        if head.dimension() != encoder.dimension() {
            return Err(EventsError::data(
                &origin,
                format!(
                    "the head reads {} numbers, the encoder gives {}",
                    head.dimension(),
                    encoder.dimension()
                ),
            ));
        }
        Ok(EncoderTyping { encoder, head, weight })
    }

    /// The head's label probabilities for `text`.
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        self.head.probabilities(&self.encoder.embed(text))
    }

    /// The word model's probabilities `words` and the head's `head` combined.
    pub fn combine(&self, words: &[f32], head: &[f32]) -> Vec<f32> {
        let w = self.weight;
        let mut p: Vec<f32> = words
            .iter()
            .zip(head)
            .map(|(a, b)| (1.0 - w) * a.max(1e-9).ln() + w * b.max(1e-9).ln())
            .collect();
        let max = p.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for v in &mut p {
            *v = (*v - max).exp();
            sum += *v;
        }
        for v in &mut p {
            *v /= sum;
        }
        p
    }
}
