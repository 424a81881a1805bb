//! Knowledge files: actor lexicon, event rules, cues, figure vocabulary, the words of the
//! coder's mechanisms and the ACLED taxonomy.
//!
//! Defaults are embedded; `data_dir/actors/*.toml` and `data_dir/events/*` add to or override
//! them: an actor or rule with the same name/id replaces the default one; in `cues.toml`,
//! `figures.toml`, `words.toml` and a rule file's `[roles]` each key a user sets replaces the
//! built-in value and the others keep theirs; a user's `acled_taxonomy.toml` replaces the
//! built-in taxonomy.

mod actors;
mod events;

pub use actors::*;
pub use events::*;

use actors::{merge_actor_file, merge_by};

use crate::error::EventsError;
use crate::taxonomy::{Taxonomy, TAXONOMY_TOML};
use serde::Deserialize;
use std::path::Path;

const ACTOR_FILES: &[(&str, &str)] = &[
    ("countries.toml", include_str!("../../../../data/actors/countries.toml")),
    ("generic.toml", include_str!("../../../../data/actors/generic.toml")),
    ("middle_east.toml", include_str!("../../../../data/actors/middle_east.toml")),
    ("world.toml", include_str!("../../../../data/actors/world.toml")),
];
const RULES: &str = include_str!("../../../../data/events/rules.toml");
const CUES: &str = include_str!("../../../../data/events/cues.toml");
const FIGURES: &str = include_str!("../../../../data/events/figures.toml");
const WORDS: &str = include_str!("../../../../data/events/words.toml");
const LEMMAS: &str = include_str!("../../../../data/events/lemmas.txt");

/// Everything the coder reads, merged from defaults and the user's data directory.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub actors: ActorFile,
    pub rules: Vec<RuleDef>,
    pub roles: RolesDef,
    pub cues: CuesFile,
    pub figures: FiguresFile,
    pub words: WordsFile,
    pub taxonomy: Taxonomy,
    /// (form, lemma) pairs.
    pub lemmas: Vec<(String, String)>,
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, EventsError> {
    toml::from_str(text).map_err(|e| EventsError::data(path, e.to_string()))
}

fn read(path: &Path) -> Result<String, EventsError> {
    std::fs::read_to_string(path).map_err(|e| EventsError::data(path.display().to_string(), e.to_string()))
}

/// Files with extension `ext` in `dir`, sorted by name (load order must not depend on the OS).
fn files_in(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// A TOML file whose keys a user file may override one by one: the built-in table, with each
/// key of the user's tables replacing the built-in one (tables merge key by key).
struct Layered {
    path: String,
    table: toml::Table,
}

impl Layered {
    fn new(path: &str, text: &str) -> Result<Self, EventsError> {
        Ok(Layered { path: path.to_string(), table: parse(path, text)? })
    }

    fn overlay(&mut self, path: &str, text: &str) -> Result<(), EventsError> {
        fn merge(into: &mut toml::Table, from: toml::Table) {
            for (k, v) in from {
                match (into.get_mut(&k), v) {
                    (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
                    (_, v) => {
                        into.insert(k, v);
                    }
                }
            }
        }
        merge(&mut self.table, parse(path, text)?);
        self.path = format!("{} (with {path})", self.path);
        Ok(())
    }

    fn get<T: for<'de> Deserialize<'de>>(self) -> Result<T, EventsError> {
        T::deserialize(toml::Value::Table(self.table))
            .map_err(|e| EventsError::data(self.path, e.to_string()))
    }
}

/// `[roles]` of a later rule file: the keys it sets replace the earlier values.
fn merge_roles(into: &mut RolesDef, r: RolesDef) {
    fn set<T>(slot: &mut Option<T>, v: Option<T>) {
        if v.is_some() {
            *slot = v;
        }
    }
    set(&mut into.crowd_event_types, r.crowd_event_types);
    set(&mut into.not_agent_event_types, r.not_agent_event_types);
    set(&mut into.remote_event_type, r.remote_event_type);
    set(&mut into.nominal_event_types, r.nominal_event_types);
    set(&mut into.armed_clash, r.armed_clash);
    set(&mut into.mob_violence, r.mob_violence);
}

fn parse_lemmas(text: &str, out: &mut Vec<(String, String)>) {
    for line in eventwire_text::data_lines(text) {
        let mut words = line.split_whitespace();
        let Some(lemma) = words.next() else { continue };
        let lemma = lemma.to_lowercase();
        out.push((lemma.clone(), lemma.clone()));
        for w in words {
            out.push((w.to_lowercase(), lemma.clone()));
        }
    }
}

impl Knowledge {
    /// Load the embedded defaults, then the user's files from `data_dir` when given.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, EventsError> {
        let mut actors = ActorFile::default();
        for (name, text) in ACTOR_FILES {
            merge_actor_file(&mut actors, parse(&format!("data/actors/{name}"), text)?);
        }
        let built_in: RuleFile = parse("data/events/rules.toml", RULES)?;
        let (mut rules, mut roles) = (built_in.rule, built_in.roles.unwrap_or_default());
        let mut cues = Layered::new("data/events/cues.toml", CUES)?;
        let mut figures = Layered::new("data/events/figures.toml", FIGURES)?;
        let mut words = Layered::new("data/events/words.toml", WORDS)?;
        let mut taxonomy = Taxonomy::parse("data/events/acled_taxonomy.toml", TAXONOMY_TOML)?;
        let mut lemmas = Vec::new();
        parse_lemmas(LEMMAS, &mut lemmas);

        if let Some(dir) = data_dir {
            for p in files_in(&dir.join("actors"), "toml") {
                merge_actor_file(&mut actors, parse(&p.display().to_string(), &read(&p)?)?);
            }
            let events = dir.join("events");
            for p in files_in(&events, "toml") {
                let text = read(&p)?;
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                let path = p.display().to_string();
                match name {
                    "cues.toml" => cues.overlay(&path, &text)?,
                    "figures.toml" => figures.overlay(&path, &text)?,
                    "words.toml" => words.overlay(&path, &text)?,
                    "acled_taxonomy.toml" => taxonomy = Taxonomy::parse(&path, &text)?,
                    _ => {
                        let f: RuleFile = parse(&path, &text)?;
                        merge_by(&mut rules, f.rule, |r| r.id.clone());
                        merge_roles(&mut roles, f.roles.unwrap_or_default());
                    }
                }
            }
            for p in files_in(&events, "txt") {
                parse_lemmas(&read(&p)?, &mut lemmas);
            }
        }
        let k = Knowledge {
            actors,
            rules,
            roles,
            cues: cues.get()?,
            figures: figures.get()?,
            words: words.get()?,
            taxonomy,
            lemmas,
        };
        k.validate()?;
        Ok(k)
    }

    fn validate(&self) -> Result<(), EventsError> {
        let bad = |message: String| Err(EventsError::data("knowledge", message));
        for a in &self.actors.actor {
            if crate::kinds::parse_kind(&a.kind).is_none() {
                return bad(format!("actor {:?}: unknown kind {:?}", a.name, a.kind));
            }
        }
        for g in &self.actors.generic {
            if crate::kinds::parse_kind(&g.kind).is_none() {
                return bad(format!("generic {:?}: unknown kind {:?}", g.actor, g.kind));
            }
        }
        for r in &self.rules {
            if r.triggers.is_empty() {
                return bad(format!("rule {}: no triggers", r.id));
            }
            if let Some(n) = &r.needs {
                if !["place", "casualties", "place_or_casualties", "actor", "none"].contains(&n.as_str()) {
                    return bad(format!("rule {}: unknown needs {n:?}", r.id));
                }
            }
            self.validate_types(r).or_else(|m| bad(format!("rule {}: {m}", r.id)))?;
        }
        Ok(())
    }

    /// A rule names an event type of the taxonomy and sub-event types of that type.
    fn validate_types(&self, r: &RuleDef) -> Result<(), String> {
        let t = &self.taxonomy;
        if !t.is_event_type(&r.event_type) {
            return Err(format!("unknown event type {:?} (see acled_taxonomy.toml)", r.event_type));
        }
        let subs =
            [Some(&r.sub_event_type), r.state_sub_event_type.as_ref(), r.nonstate_sub_event_type.as_ref()];
        for sub in subs.into_iter().flatten() {
            if !t.contains(&r.event_type, sub) {
                return Err(format!(
                    "{sub:?} is not a sub-event type of {:?} (see acled_taxonomy.toml)",
                    r.event_type
                ));
            }
        }
        Ok(())
    }
}
