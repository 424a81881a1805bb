//! The ACLED event taxonomy (`data/events/acled_taxonomy.toml`): the event types, their
//! sub-event types, each sub-event type's disorder type, spelled as ACLED spells them, and the
//! roles that let later stages (merging, control history, the report, the web UI) treat
//! types by what they are instead of by name.

use crate::error::ModelError;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The built-in taxonomy file.
pub const TAXONOMY_TOML: &str = include_str!("../../../data/events/acled_taxonomy.toml");

/// How a sub-event type changes who holds a place: the control history is built from the
/// sub-event types that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Territory {
    /// Actor1 takes the place by force (from actor2, when named).
    Taken,
    /// Control passes to actor1 without fighting.
    Transferred,
}

/// An ACLED sub-event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubEventType {
    /// ACLED's spelling ("Armed clash").
    pub name: String,
    /// ACLED's disorder type ("Political violence", "Demonstrations", "Strategic developments",
    /// or "Political violence; Demonstrations").
    pub disorder_type: String,
    /// Set for the sub-event types that change who holds a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<Territory>,
}

/// An ACLED event type with its sub-event types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    /// ACLED's spelling ("Battles").
    pub name: String,
    /// True when actor1 and actor2 fight each other, so their order carries no meaning
    /// (ACLED's battles: a violent interaction between two armed groups).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mutual: bool,
    pub sub_event_types: Vec<SubEventType>,
}

/// The event taxonomy, in ACLED's order. Serialises to JSON as
/// `{"event_types": [{"name": ..., "sub_event_types": [{"name": ..., "disorder_type": ...}]}]}`
/// (with `mutual` and `territory` where set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    #[serde(rename(deserialize = "event_type"))]
    pub event_types: Vec<EventType>,
}

impl Taxonomy {
    /// Parse and check a taxonomy file: names are non-empty and no name is used twice.
    pub fn parse(path: &str, text: &str) -> Result<Self, ModelError> {
        let t: Taxonomy = toml::from_str(text).map_err(|e| ModelError::data(path, e.to_string()))?;
        let mut seen = std::collections::BTreeSet::new();
        let names = t.event_types.iter().map(|e| &e.name).chain(t.sub_event_types().map(|(_, s)| &s.name));
        for n in names {
            if n.trim().is_empty() {
                return Err(ModelError::data(path, "an empty type name"));
            }
            if !seen.insert(n.as_str()) {
                return Err(ModelError::data(path, format!("type {n:?} listed twice")));
            }
        }
        if t.event_types.iter().any(|e| e.sub_event_types.is_empty()) {
            return Err(ModelError::data(path, "an event type without sub-event types"));
        }
        Ok(t)
    }

    /// The event type names, in order.
    pub fn event_type_names(&self) -> impl Iterator<Item = &str> {
        self.event_types.iter().map(|e| e.name.as_str())
    }

    /// Every sub-event type with its event type's name, in order.
    pub fn sub_event_types(&self) -> impl Iterator<Item = (&str, &SubEventType)> {
        self.event_types.iter().flat_map(|e| e.sub_event_types.iter().map(move |s| (e.name.as_str(), s)))
    }

    /// Is `name` an event type?
    pub fn is_event_type(&self, name: &str) -> bool {
        self.event_types.iter().any(|e| e.name == name)
    }

    fn sub_event_type(&self, name: &str) -> Option<(&EventType, &SubEventType)> {
        self.event_types
            .iter()
            .find_map(|e| e.sub_event_types.iter().find(|s| s.name == name).map(|s| (e, s)))
    }

    /// The event type a sub-event type belongs to.
    pub fn event_type_of(&self, sub_event_type: &str) -> Option<&str> {
        self.sub_event_type(sub_event_type).map(|(e, _)| e.name.as_str())
    }

    /// The disorder type of a sub-event type.
    pub fn disorder_type_of(&self, sub_event_type: &str) -> Option<&str> {
        self.sub_event_type(sub_event_type).map(|(_, s)| s.disorder_type.as_str())
    }

    /// Is `sub_event_type` a sub-event type of `event_type`?
    pub fn contains(&self, event_type: &str, sub_event_type: &str) -> bool {
        self.event_type_of(sub_event_type) == Some(event_type)
    }

    /// How a sub-event type changes who holds a place; `None` when it does not (or is unknown).
    pub fn territory_of(&self, sub_event_type: &str) -> Option<Territory> {
        self.sub_event_type(sub_event_type).and_then(|(_, s)| s.territory)
    }

    /// The sub-event types that change who holds a place, in order.
    pub fn territory_sub_event_types(&self) -> impl Iterator<Item = &str> {
        self.sub_event_types().filter(|(_, s)| s.territory.is_some()).map(|(_, s)| s.name.as_str())
    }

    /// Whether the actors of an event of this type fight each other (see [`EventType::mutual`]).
    pub fn is_mutual(&self, event_type: &str) -> bool {
        self.event_types.iter().any(|e| e.name == event_type && e.mutual)
    }
}

/// The built-in ACLED taxonomy, parsed once: the names the coder's events carry and the ones
/// merging, the control history, the report, exports and the web UI use (a user's
/// `--data-dir` may not rename ACLED's types for them; the events coder's `Coder::taxonomy`
/// is the one a loaded coder uses).
///
/// ```
/// use eventwire_model::taxonomy::{taxonomy, Territory};
/// let t = taxonomy();
/// assert_eq!(t.event_type_names().count(), 6);
/// assert_eq!(t.sub_event_types().count(), 25);
/// assert_eq!(t.event_type_of("Air/drone strike"), Some("Explosions/Remote violence"));
/// assert_eq!(t.disorder_type_of("Peaceful protest"), Some("Demonstrations"));
/// assert_eq!(t.territory_of("Non-violent transfer of territory"), Some(Territory::Transferred));
/// assert!(t.is_mutual("Battles") && !t.is_mutual("Riots"));
/// ```
pub fn taxonomy() -> &'static Taxonomy {
    static T: OnceLock<Taxonomy> = OnceLock::new();
    // The file is embedded and a test parses it: it cannot fail at run time.
    T.get_or_init(|| {
        Taxonomy::parse("data/events/acled_taxonomy.toml", TAXONOMY_TOML).expect("built-in taxonomy")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_taxonomy_has_acleds_six_types_and_25_sub_types() {
        let t = Taxonomy::parse("built-in", TAXONOMY_TOML).unwrap();
        let types: Vec<&str> = t.event_type_names().collect();
        assert_eq!(
            types,
            [
                "Battles",
                "Explosions/Remote violence",
                "Violence against civilians",
                "Protests",
                "Riots",
                "Strategic developments"
            ]
        );
        assert_eq!(t.sub_event_types().count(), 25);
        assert!(t.contains("Battles", "Non-state actor overtakes territory"));
        assert!(!t.contains("Battles", "Attack"));
        assert_eq!(t.event_type_of("Looting/property destruction"), Some("Strategic developments"));
        assert_eq!(t.event_type_of("Looting"), None);
        let disorders: std::collections::BTreeSet<&str> =
            t.sub_event_types().map(|(_, s)| s.disorder_type.as_str()).collect();
        assert_eq!(
            disorders.into_iter().collect::<Vec<_>>(),
            [
                "Demonstrations",
                "Political violence",
                "Political violence; Demonstrations",
                "Strategic developments"
            ]
        );
    }

    #[test]
    fn territory_and_mutual_roles_follow_acleds_definitions() {
        let t = taxonomy();
        // ACLED: battles where a group takes a place by force; a transfer without fighting.
        let taken: Vec<&str> = t
            .sub_event_types()
            .filter(|(_, s)| s.territory == Some(Territory::Taken))
            .map(|(_, s)| &*s.name)
            .collect();
        assert_eq!(taken, ["Government regains territory", "Non-state actor overtakes territory"]);
        assert_eq!(t.territory_sub_event_types().count(), 3);
        for name in t.territory_sub_event_types() {
            assert!(t.territory_of(name).is_some(), "{name}");
        }
        assert_eq!(t.territory_of("Armed clash"), None);
        assert_eq!(t.territory_of("no such type"), None);
        // Only battles are fights between the two actors.
        let mutual: Vec<&str> = t.event_types.iter().filter(|e| e.mutual).map(|e| &*e.name).collect();
        assert_eq!(mutual, ["Battles"]);
    }

    #[test]
    fn a_type_listed_twice_is_an_error() {
        let text = "[[event_type]]\nname = \"Riots\"\nsub_event_types = [{ name = \"Mob violence\", disorder_type = \"x\" }]\n\
                    [[event_type]]\nname = \"Other riots\"\nsub_event_types = [{ name = \"Mob violence\", disorder_type = \"x\" }]\n";
        let e = Taxonomy::parse("t.toml", text).unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
    }

    #[test]
    fn an_unknown_role_is_an_error() {
        let text = "[[event_type]]\nname = \"Riots\"\nsub_event_types = [{ name = \"Mob violence\", disorder_type = \"x\", \
                    territory = \"seized\" }]\n";
        let e = Taxonomy::parse("t.toml", text).unwrap_err().to_string();
        assert!(e.starts_with("t.toml: ") && e.contains("seized"), "{e}");
    }

    #[test]
    fn it_serialises_with_plural_field_names() {
        let text = toml::to_string(taxonomy()).unwrap();
        assert!(
            text.contains("[[event_types]]") && text.contains("[[event_types.sub_event_types]]"),
            "{text}"
        );
    }
}
