//! The actor lexicon: named actors, country forces, generic nouns and light coreference.
//!
//! [`Lexicon::build`] compiles the actor files once ([`build`]); [`Lexicon::tag`] finds the
//! mentions of a text ([`tag`]) with one scan of a DFA over every pattern ([`scan`]).

mod build;
mod scan;
mod tag;
#[cfg(test)]
mod tests;

use crate::vocab::FxSet;
use aho_corasick::dfa::DFA;
use eventwire_model::ActorKind;
use std::collections::{BTreeMap, HashMap};

/// An actor the coder can name.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub nouns: Vec<String>,
    /// True for actors that only stand for a class ("Civilians", "Unidentified Armed Group").
    pub generic: bool,
}

impl Actor {
    /// Armed actors can be actor1/actor2 of violent events.
    pub fn is_armed(&self) -> bool {
        !matches!(self.kind, ActorKind::Civilians | ActorKind::Other | ActorKind::Protesters)
    }
    fn refers_as(&self, head: &str) -> bool {
        let sing = head.strip_suffix('s').unwrap_or(head);
        self.nouns.iter().any(|n| n == head || n == sing || n.strip_suffix('s') == Some(head))
    }
}

#[derive(Debug, Clone, Copy)]
enum Pat {
    Named(usize),
    Country(usize),
    GroupDemonym(usize),
    Unqualified { police: bool },
    Generic(usize),
    Anaphor,
}

#[derive(Debug, Clone)]
struct Country {
    code: String,
    military: usize,
    police: usize,
    civilians: usize,
}

#[derive(Debug, Clone)]
struct Generic {
    actor: usize,
    anaphoric: bool,
}

#[derive(Debug, Clone)]
struct GroupDemonym {
    default: usize,
    by_country: BTreeMap<String, usize>,
}

/// One resolved actor mention (byte offsets).
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
    pub coreference: bool,
    /// A bare class noun ("militants") that no named actor explains.
    pub generic: bool,
}

/// What tagging needs to know about the document.
pub struct TagContext<'a> {
    /// Country (ISO2) the text around a byte offset is about, if known.
    pub country_at: &'a dyn Fn(usize) -> Option<&'a str>,
    /// True when the word is a verb that makes a bare country name an agent ("Iraq captured").
    pub is_agent_verb: &'a dyn Fn(&str) -> bool,
}

/// The compiled actor lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub actors: Vec<Actor>,
    by_name: HashMap<String, usize>,
    countries: Vec<Country>,
    generics: Vec<Generic>,
    groups: Vec<GroupDemonym>,
    military_nouns: Vec<String>,
    police_nouns: Vec<String>,
    civilian_nouns: Vec<String>,
    modifiers: FxSet<String>,
    /// "-backed": a name before one is a sponsor (lower-case, each starting with a hyphen).
    sponsor_suffixes: Vec<String>,
    /// Heads that refer back to the last non-state armed actor ("the attackers").
    attacker_nouns: FxSet<String>,
    /// Words after which a country name is no agent ("in Iraq").
    not_agent_after: FxSet<String>,
    /// Leftmost-longest, ASCII case-insensitive DFA over every pattern, scanned by
    /// [`scan::dfa_matches`].
    dfa: DFA,
    pats: Vec<(Pat, bool)>,
    unknown_military: usize,
    unknown_police: usize,
}

impl Lexicon {
    /// Index of an actor by canonical name.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Number of canonical actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// The state (military) forces of a country.
    pub fn military_of(&self, code: &str) -> Option<usize> {
        self.country_by_code(code).map(|c| c.military)
    }

    fn country_by_code(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The last named, non-state armed actor mentioned that can be called `head`; state forces
    /// only when `head` names them ("the army").
    fn antecedent(&self, prior: &[Mention], head: &str) -> Option<usize> {
        lookback(prior).iter().rev().filter(|m| !m.generic).map(|m| m.actor).find(|&a| {
            let actor = &self.actors[a];
            actor.kind != ActorKind::Other && actor.refers_as(head)
        })
    }

    fn last_nonstate(&self, prior: &[Mention]) -> Option<usize> {
        lookback(prior).iter().rev().filter(|m| !m.generic).map(|m| m.actor).find(|&a| {
            let k = self.actors[a].kind;
            self.actors[a].is_armed() && !matches!(k, ActorKind::StateForces | ActorKind::ExternalForces)
        })
    }

    fn last_named(&self, prior: &[Mention]) -> Option<usize> {
        lookback(prior)
            .iter()
            .rev()
            .filter(|m| !m.generic)
            .map(|m| m.actor)
            .find(|&a| self.actors[a].is_armed() && !self.actors[a].generic)
    }
}

/// How many earlier actor mentions a class noun or a definite description may refer back to:
/// far more than any article's coreference chain spans, and a bound that keeps the tagging of
/// a huge text linear (each mention would otherwise scan all before it).
const LOOKBACK: usize = 512;

/// The mentions a back-reference may reach: the last [`LOOKBACK`] of `prior`.
fn lookback(prior: &[Mention]) -> &[Mention] {
    &prior[prior.len().saturating_sub(LOOKBACK)..]
}
