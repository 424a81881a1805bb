//! The ACLED event taxonomy (`data/events/acled_taxonomy.toml`) lives in `eventwire-model`, so
//! that every stage reads the one file; the coder re-exports it and reads a user's copy
//! through it.

use crate::error::EventsError;
use eventwire_model::ModelError;

pub(crate) use eventwire_model::taxonomy::TAXONOMY_TOML;
pub use eventwire_model::taxonomy::{taxonomy, EventType, SubEventType, Taxonomy, Territory};

impl From<ModelError> for EventsError {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::Data { path, message } => EventsError::data(path, message),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_coder_re_exports_the_models_taxonomy() {
        assert!(std::ptr::eq(crate::taxonomy(), eventwire_model::taxonomy()));
        let e = crate::Taxonomy::parse("t.toml", "[[event_type]]\nname = \"\"\n").unwrap_err();
        let e: crate::EventsError = e.into();
        assert!(e.to_string().starts_with("t.toml: "), "{e}");
    }
}
