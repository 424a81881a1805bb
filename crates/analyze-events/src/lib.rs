//! The coding engine: actors, events (ACLED typology) and figures.
//!
//! What the coder knows is data: the actor lexicon (`data/actors/`), the event rules,
//! modality cues, lemmas and figure vocabulary (`data/events/`). [`Coder::load`] reads the
//! embedded defaults plus any user files from a data directory, once; [`Coder::code`] is
//! linear in the length of the article.
//!
//! Modules by step: [`lexicon`](crate::lexicon) (actor mentions), `figures` and `modality`
//! (numbers, claimants, mood), `rules` (triggers), `detect` (a draft event per clause),
//! `slots` (actor1/actor2), `typing` (event and sub-event type), `event_places` (the clause's
//! place), `event_location` (precision and context: ACLED geo_precision) and `event_dates`, `dedup` (within-article merging) and `draft` (the events it outputs).

mod article;
mod attribution;
mod coder;
mod data;
mod dedup;
mod detect;
mod doc;
mod draft;
mod encoder_typing;
mod error;
mod event_dates;
mod event_location;
mod event_places;
mod figures;
mod kinds;
mod lexicon;
mod modality;
mod model_typing;
pub mod phoenix;
mod pipeline;
mod rules;
mod slots;
mod taxonomy;
mod type_model;
mod typing;
mod vocab;
mod words;

pub use coder::{Coded, Coder, CodingInput, RuleExamples};
pub use error::EventsError;
pub use kinds::{kind_name, parse_kind};
pub use taxonomy::{taxonomy, EventType, SubEventType, Taxonomy, Territory};

#[cfg(test)]
mod tests;
