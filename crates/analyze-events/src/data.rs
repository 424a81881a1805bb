//! Knowledge files: actor lexicon, event rules, cues and figure vocabulary.
//!
//! Defaults are embedded; `data_dir/actors/*.toml` and `data_dir/events/*` add to or override
//! them (an actor or rule with the same name/id replaces the default one).

use crate::error::EventsError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

const ACTOR_FILES: &[(&str, &str)] = &[
    ("countries.toml", include_str!("../../../data/actors/countries.toml")),
    ("generic.toml", include_str!("../../../data/actors/generic.toml")),
    ("middle_east.toml", include_str!("../../../data/actors/middle_east.toml")),
    ("world.toml", include_str!("../../../data/actors/world.toml")),
];
const RULES: &str = include_str!("../../../data/events/rules.toml");
const CUES: &str = include_str!("../../../data/events/cues.toml");
const FIGURES: &str = include_str!("../../../data/events/figures.toml");
const LEMMAS: &str = include_str!("../../../data/events/lemmas.txt");

/// A named actor of the lexicon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDef {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Descriptive nouns a definite mention may use to refer back to this actor.
    #[serde(default)]
    pub nouns: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryDef {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcesDef {
    #[serde(default)]
    pub military: Vec<String>,
    #[serde(default)]
    pub police: Vec<String>,
    #[serde(default)]
    pub modifiers: Vec<String>,
    #[serde(default)]
    pub unqualified: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericDef {
    pub actor: String,
    pub kind: String,
    #[serde(default)]
    pub anaphoric: bool,
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDemonymDef {
    pub demonym: String,
    pub default: String,
    #[serde(default)]
    pub by_country: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsDef {
    #[serde(default)]
    pub terms: Vec<String>,
}

/// One actor file; every section is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFile {
    #[serde(default)]
    pub actor: Vec<ActorDef>,
    #[serde(default)]
    pub country: Vec<CountryDef>,
    #[serde(default)]
    pub forces: Option<ForcesDef>,
    #[serde(default)]
    pub generic: Vec<GenericDef>,
    #[serde(default)]
    pub group_demonym: Vec<GroupDemonymDef>,
    #[serde(default)]
    pub anaphors: Option<TermsDef>,
    #[serde(default)]
    pub demonym_civilians: Option<TermsDef>,
}

/// An event rule (see data/events/README.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub triggers: Vec<String>,
    #[serde(default)]
    pub context_any: Vec<String>,
    #[serde(default)]
    pub context_none: Vec<String>,
    #[serde(default)]
    pub object_any: Vec<String>,
    #[serde(default)]
    pub needs: Option<String>,
    #[serde(default)]
    pub state_sub_event_type: Option<String>,
    #[serde(default)]
    pub nonstate_sub_event_type: Option<String>,
    #[serde(default)]
    pub by_target: bool,
    #[serde(default)]
    pub agent_after: bool,
    /// "state": with no actor named, actor1 is the state forces of the event's country.
    #[serde(default)]
    pub default_actor1: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ModalityDef {
    #[serde(default)]
    pub window: usize,
    #[serde(default)]
    pub negation: Vec<String>,
    #[serde(default)]
    pub future: Vec<String>,
    #[serde(default)]
    pub hypothetical: Vec<String>,
    #[serde(default)]
    pub infinitive_is_goal: bool,
    #[serde(default)]
    pub after_nominal: Vec<String>,
    #[serde(default)]
    pub attempt: Vec<String>,
    #[serde(default)]
    pub conditional_openers: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClaimsDef {
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub according: Vec<String>,
    #[serde(default)]
    pub pronouns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CuesFile {
    #[serde(default)]
    pub modality: ModalityDef,
    #[serde(default)]
    pub claims: ClaimsDef,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NumbersDef {
    #[serde(default)]
    pub words: BTreeMap<String, u64>,
    #[serde(default)]
    pub scales: BTreeMap<String, u64>,
    #[serde(default)]
    pub vague: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CategoriesDef {
    #[serde(default)]
    pub killed_verbs: Vec<String>,
    #[serde(default)]
    pub wounded_verbs: Vec<String>,
    #[serde(default)]
    pub displaced_verbs: Vec<String>,
    #[serde(default)]
    pub returned_verbs: Vec<String>,
    #[serde(default)]
    pub fighters_nouns: Vec<String>,
    #[serde(default)]
    pub troops_nouns: Vec<String>,
    #[serde(default)]
    pub population_nouns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IgnoreDef {
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FiguresFile {
    #[serde(default)]
    pub numbers: NumbersDef,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub categories: CategoriesDef,
    #[serde(default)]
    pub ignore: IgnoreDef,
}

/// Everything the coder reads, merged from defaults and the user's data directory.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    pub actors: ActorFile,
    pub rules: Vec<RuleDef>,
    pub cues: CuesFile,
    pub figures: FiguresFile,
    /// (form, lemma) pairs.
    pub lemmas: Vec<(String, String)>,
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, EventsError> {
    toml::from_str(text).map_err(|e| EventsError::Data { path: path.to_string(), message: e.to_string() })
}

fn read(path: &Path) -> Result<String, EventsError> {
    std::fs::read_to_string(path)
        .map_err(|e| EventsError::Data { path: path.display().to_string(), message: e.to_string() })
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

/// Append `extra` to `base`; items whose key matches an existing one replace it in place.
fn merge_by<T, K: PartialEq>(base: &mut Vec<T>, extra: Vec<T>, key: impl Fn(&T) -> K) {
    for item in extra {
        let k = key(&item);
        if let Some(slot) = base.iter_mut().find(|b| key(b) == k) {
            *slot = item;
        } else {
            base.push(item);
        }
    }
}

fn merge_actor_file(into: &mut ActorFile, f: ActorFile) {
    merge_by(&mut into.actor, f.actor, |a| a.name.clone());
    merge_by(&mut into.country, f.country, |c| c.code.clone());
    merge_by(&mut into.generic, f.generic, |g| (g.actor.clone(), g.anaphoric, g.terms.first().cloned()));
    merge_by(&mut into.group_demonym, f.group_demonym, |g| g.demonym.clone());
    if let Some(forces) = f.forces {
        let base = into.forces.get_or_insert_with(Default::default);
        base.military.extend(forces.military);
        base.police.extend(forces.police);
        base.modifiers.extend(forces.modifiers);
        base.unqualified.extend(forces.unqualified);
    }
    for (slot, extra) in
        [(&mut into.anaphors, f.anaphors), (&mut into.demonym_civilians, f.demonym_civilians)]
    {
        if let Some(extra) = extra {
            slot.get_or_insert_with(Default::default).terms.extend(extra.terms);
        }
    }
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
        let mut k = Knowledge::default();
        for (name, text) in ACTOR_FILES {
            let f: ActorFile = parse(&format!("data/actors/{name}"), text)?;
            merge_actor_file(&mut k.actors, f);
        }
        k.rules = parse::<RuleFile>("data/events/rules.toml", RULES)?.rule;
        k.cues = parse("data/events/cues.toml", CUES)?;
        k.figures = parse("data/events/figures.toml", FIGURES)?;
        parse_lemmas(LEMMAS, &mut k.lemmas);

        if let Some(dir) = data_dir {
            for p in files_in(&dir.join("actors"), "toml") {
                let f: ActorFile = parse(&p.display().to_string(), &read(&p)?)?;
                merge_actor_file(&mut k.actors, f);
            }
            let events = dir.join("events");
            for p in files_in(&events, "toml") {
                let text = read(&p)?;
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                let path = p.display().to_string();
                match name {
                    "cues.toml" => k.cues = parse(&path, &text)?,
                    "figures.toml" => k.figures = parse(&path, &text)?,
                    _ => merge_by(&mut k.rules, parse::<RuleFile>(&path, &text)?.rule, |r| r.id.clone()),
                }
            }
            for p in files_in(&events, "txt") {
                parse_lemmas(&read(&p)?, &mut k.lemmas);
            }
        }
        k.validate()?;
        Ok(k)
    }

    fn validate(&self) -> Result<(), EventsError> {
        let bad = |message: String| Err(EventsError::Data { path: "knowledge".into(), message });
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
                if !matches!(n.as_str(), "place" | "casualties" | "place_or_casualties" | "actor" | "none") {
                    return bad(format!("rule {}: unknown needs {n:?}", r.id));
                }
            }
        }
        Ok(())
    }
}
