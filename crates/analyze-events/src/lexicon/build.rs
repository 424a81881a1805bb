//! Compiling the actor files into a lexicon: canonical actors, then one pattern per spelling.

use super::{Actor, Country, Generic, GroupDemonym, Lexicon, Pat};
use crate::data::ActorFile;
use crate::error::EventsError;
use crate::kinds::parse_kind;
use aho_corasick::dfa::DFA;
use aho_corasick::MatchKind;
use eventwire_model::ActorKind;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The canonical actors, by name, with the patterns that name them.
#[derive(Default)]
struct Builder {
    actors: Vec<Actor>,
    by_name: HashMap<String, usize>,
    pats: Vec<(String, Pat)>,
}

impl Builder {
    /// Add an actor (the first with a name wins); returns its index.
    fn add(&mut self, a: Actor) -> usize {
        if let Some(&i) = self.by_name.get(&a.name) {
            return i;
        }
        self.by_name.insert(a.name.clone(), self.actors.len());
        self.actors.push(a);
        self.actors.len() - 1
    }

    fn find(&self, n: &str, what: &str) -> Result<usize, EventsError> {
        self.by_name
            .get(n)
            .copied()
            .ok_or_else(|| EventsError::data("actors", format!("{what}: unknown actor {n:?}")))
    }

    fn named_actors(&mut self, f: &ActorFile) -> Result<(), EventsError> {
        for a in &f.actor {
            let kind = parse_kind(&a.kind).ok_or_else(|| {
                EventsError::data("actors", format!("actor {:?}: unknown kind {:?}", a.name, a.kind))
            })?;
            let i = self.add(Actor {
                name: a.name.clone(),
                kind,
                country: a.country.clone().filter(|c| !c.is_empty()),
                parent: a.parent.clone(),
                nouns: a.nouns.iter().map(|n| n.to_lowercase()).collect(),
                generic: false,
            });
            for alias in &a.aliases {
                self.pats.push((alias.clone(), Pat::Named(i)));
            }
        }
        Ok(())
    }

    /// Each country's military, police and civilians, named by the country or its demonym.
    fn countries(&mut self, f: &ActorFile, state_nouns: &[String]) -> Vec<Country> {
        let mut countries = Vec::new();
        for c in &f.country {
            let mk = |prefix: &str, kind: ActorKind, nouns: &[String]| Actor {
                name: format!("{prefix}{}", c.name),
                kind,
                country: Some(c.code.clone()),
                parent: None,
                nouns: nouns.iter().map(|s| s.to_lowercase()).collect(),
                generic: false,
            };
            let military = self.add(mk("Military Forces of ", ActorKind::StateForces, state_nouns));
            let police = self.add(mk("Police Forces of ", ActorKind::StateForces, &["police".into()]));
            let mut civ = mk("Civilians (", ActorKind::Civilians, &[]);
            civ.name.push(')');
            civ.generic = true;
            let civilians = self.add(civ);
            let ci = countries.len();
            countries.push(Country { code: c.code.clone(), military, police, civilians });
            for n in c.names.iter().chain(&c.demonyms) {
                self.pats.push((n.clone(), Pat::Country(ci)));
            }
        }
        countries
    }

    fn group_demonyms(&mut self, f: &ActorFile) -> Result<Vec<GroupDemonym>, EventsError> {
        let mut groups = Vec::new();
        for g in &f.group_demonym {
            let what = format!("group_demonym {:?}", g.demonym);
            let default = self.find(&g.default, &what)?;
            let mut by_country = BTreeMap::new();
            for (code, name) in &g.by_country {
                by_country.insert(code.clone(), self.find(name, &what)?);
            }
            self.pats.push((g.demonym.clone(), Pat::GroupDemonym(groups.len())));
            groups.push(GroupDemonym { default, by_country });
        }
        Ok(groups)
    }

    fn generics(&mut self, f: &ActorFile) -> Result<Vec<Generic>, EventsError> {
        let mut generics = Vec::new();
        for g in &f.generic {
            let kind = parse_kind(&g.kind).ok_or_else(|| {
                EventsError::data("actors", format!("generic {:?}: unknown kind {:?}", g.actor, g.kind))
            })?;
            let actor = match self.by_name.get(&g.actor).copied() {
                Some(i) => i,
                None => self.add(Actor {
                    name: g.actor.clone(),
                    kind,
                    country: None,
                    parent: None,
                    nouns: vec![],
                    generic: true,
                }),
            };
            for t in &g.terms {
                self.pats.push((t.clone(), Pat::Generic(generics.len())));
            }
            generics.push(Generic { actor, anaphoric: g.anaphoric });
        }
        Ok(generics)
    }
}

/// Every spelling of the patterns (straight and curly apostrophes), the first registration of
/// a spelling winning (named actors before generic patterns), compiled into one
/// leftmost-longest DFA; with each its pattern and whether it matches case-sensitively.
fn compile(pats: Vec<(String, Pat)>) -> Result<(DFA, Vec<(Pat, bool)>), EventsError> {
    let mut seen = HashSet::new();
    let mut strings = Vec::new();
    let mut infos = Vec::new();
    for (s, p) in pats {
        for v in apostrophe_variants(s.trim()) {
            if v.is_empty() {
                continue;
            }
            let case_sensitive = !v.chars().any(char::is_lowercase);
            let key = if case_sensitive { v.clone() } else { v.to_lowercase() };
            if seen.insert((key, case_sensitive)) {
                strings.push(v);
                infos.push((p, case_sensitive));
            }
        }
    }
    // No prefilter: only dead and match states are special, which `scan` relies on.
    let dfa = DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .prefilter(false)
        .build(&strings)
        .map_err(|e| EventsError::data("actors", e.to_string()))?;
    Ok((dfa, infos))
}

fn apostrophe_variants(s: &str) -> Vec<String> {
    let mut v = vec![s.to_string()];
    if s.contains('\'') {
        v.push(s.replace('\'', "\u{2019}"));
    }
    if s.contains('\u{2019}') {
        v.push(s.replace('\u{2019}', "'"));
    }
    v
}

impl Lexicon {
    /// Compile the lexicon from its data (done once at load).
    pub fn build(f: &ActorFile) -> Result<Self, EventsError> {
        let mut b = Builder::default();
        let mentions = f.mentions.clone().unwrap_or_default();
        b.named_actors(f)?;
        let countries = b.countries(f, &mentions.state_nouns);
        let unknown = |name: &str, kind| Actor {
            name: name.into(),
            kind,
            country: None,
            parent: None,
            nouns: vec!["forces".into()],
            generic: true,
        };
        let unknown_military =
            b.add(unknown("Military Forces (unidentified country)", ActorKind::StateForces));
        let unknown_police = b.add(unknown("Police Forces (unidentified country)", ActorKind::StateForces));
        let groups = b.group_demonyms(f)?;
        let forces = f.forces.clone().unwrap_or_default();
        // "federal police", "riot police": an unqualified force naming a police noun is police.
        let police_nouns: Vec<String> = forces.police.iter().map(|n| n.to_lowercase()).collect();
        for u in &forces.unqualified {
            let police = police_nouns.iter().any(|n| u.to_lowercase().contains(n.as_str()));
            b.pats.push((u.clone(), Pat::Unqualified { police }));
        }
        let generics = b.generics(f)?;
        for t in f.anaphors.iter().flat_map(|a| &a.terms) {
            b.pats.push((t.clone(), Pat::Anaphor));
        }
        let (dfa, pats) = compile(std::mem::take(&mut b.pats))?;

        let lower_sorted = |v: &[String]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_lowercase()).collect();
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v
        };
        fn lower<C: FromIterator<String>>(v: &[String]) -> C {
            v.iter().map(|s| s.to_lowercase()).collect()
        }
        // The tagger tests the hyphen before it tries the suffixes.
        if let Some(s) = mentions.sponsor_suffixes.iter().find(|s| !s.starts_with('-')) {
            return Err(EventsError::data("actors", format!("sponsor suffix {s:?} does not start with '-'")));
        }
        Ok(Lexicon {
            by_name: b.by_name,
            countries,
            generics,
            groups,
            military_nouns: lower_sorted(&forces.military),
            police_nouns: lower_sorted(&forces.police),
            civilian_nouns: lower_sorted(&f.demonym_civilians.clone().unwrap_or_default().terms),
            modifiers: lower(&forces.modifiers),
            sponsor_suffixes: lower(&mentions.sponsor_suffixes),
            attacker_nouns: lower(&mentions.attacker_nouns),
            not_agent_after: lower(&mentions.not_agent_after),
            dfa,
            pats,
            unknown_military,
            unknown_police,
            actors: b.actors,
        })
    }
}
