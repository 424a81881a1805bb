//! The actor files (`data/actors/*.toml`): named actors, countries, force nouns, generic
//! nouns and the words actor mentions are recognised by.

use serde::Deserialize;
use std::collections::BTreeMap;

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
    #[serde(default)]
    pub mentions: Option<MentionsDef>,
}

/// The words that decide what a country or class noun refers to (see data/actors/README.md).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionsDef {
    /// Suffixes that make a name before them a sponsor, not the actor ("-backed").
    #[serde(default)]
    pub sponsor_suffixes: Vec<String>,
    /// Heads of definite descriptions ("the attackers") that refer back to the last non-state
    /// armed actor when no actor is called so.
    #[serde(default)]
    pub attacker_nouns: Vec<String>,
    /// Words after which a bare country name before a verb is no agent ("fighting in Iraq").
    #[serde(default)]
    pub not_agent_after: Vec<String>,
    /// What a country's military forces are called when referred back to ("the army").
    #[serde(default)]
    pub state_nouns: Vec<String>,
}

/// Append `extra` to `base`; items whose key matches an existing one replace it in place.
pub(super) fn merge_by<T, K: PartialEq>(base: &mut Vec<T>, extra: Vec<T>, key: impl Fn(&T) -> K) {
    for item in extra {
        let k = key(&item);
        if let Some(slot) = base.iter_mut().find(|b| key(b) == k) {
            *slot = item;
        } else {
            base.push(item);
        }
    }
}

/// Add actor file `f` to `into`: entries with a known name or code replace the old ones, word
/// lists grow.
pub(super) fn merge_actor_file(into: &mut ActorFile, f: ActorFile) {
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
    if let Some(m) = f.mentions {
        let base = into.mentions.get_or_insert_with(Default::default);
        base.sponsor_suffixes.extend(m.sponsor_suffixes);
        base.attacker_nouns.extend(m.attacker_nouns);
        base.not_agent_after.extend(m.not_agent_after);
        base.state_nouns.extend(m.state_nouns);
    }
}
