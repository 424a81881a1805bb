//! The coding engine: actors, events (ACLED typology) and figures.

use eventwire_model::{ActorMention, Event, Figure, PlaceMention, Span, TimeMention};
use eventwire_text::Segmented;
use std::path::Path;

/// Errors of the coding layer.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

/// What the coder needs from the earlier layers. Spans are byte offsets into `text`.
#[derive(Debug, Clone, Copy)]
pub struct CodingInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub seg: &'a Segmented,
    /// Span of the title (headline) in `text`, when it is part of the text.
    pub title: Option<Span>,
    pub places: &'a [PlaceMention],
    pub times: &'a [TimeMention],
    /// Publication date (`YYYY-MM-DD`) when known.
    pub published: Option<&'a str>,
}

/// Output of the coder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    pub actors: Vec<ActorMention>,
    pub events: Vec<Event>,
    pub figures: Vec<Figure>,
}

/// The coder: actor lexicon and event rules, loaded once.
#[derive(Debug, Default)]
pub struct Coder {}

impl Coder {
    pub fn load(_data_dir: Option<&Path>) -> Result<Self, EventsError> {
        Ok(Coder {})
    }

    pub fn code(&self, _input: &CodingInput) -> Coded {
        Coded::default()
    }
}
