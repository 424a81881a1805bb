//! The actor lexicon: named actors, country forces, generic nouns and light coreference.

use crate::data::ActorFile;
use crate::EventsError;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use eventwire_model::ActorKind;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Parse an ACLED actor kind as written in the data files.
pub fn parse_kind(s: &str) -> Option<ActorKind> {
    Some(match s {
        "state_forces" => ActorKind::StateForces,
        "rebel_group" => ActorKind::RebelGroup,
        "political_militia" => ActorKind::PoliticalMilitia,
        "identity_militia" => ActorKind::IdentityMilitia,
        "rioters" => ActorKind::Rioters,
        "protesters" => ActorKind::Protesters,
        "civilians" => ActorKind::Civilians,
        "external_forces" => ActorKind::ExternalForces,
        "unidentified" => ActorKind::Unidentified,
        "other" => ActorKind::Other,
        _ => return None,
    })
}

/// The data-file spelling of an actor kind.
pub fn kind_name(k: ActorKind) -> &'static str {
    match k {
        ActorKind::StateForces => "state_forces",
        ActorKind::RebelGroup => "rebel_group",
        ActorKind::PoliticalMilitia => "political_militia",
        ActorKind::IdentityMilitia => "identity_militia",
        ActorKind::Rioters => "rioters",
        ActorKind::Protesters => "protesters",
        ActorKind::Civilians => "civilians",
        ActorKind::ExternalForces => "external_forces",
        ActorKind::Unidentified => "unidentified",
        ActorKind::Other => "other",
    }
}

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
    modifiers: HashSet<String>,
    /// Leftmost-longest, ASCII case-insensitive DFA over every pattern, scanned by
    /// [`Lexicon::matches`].
    dfa: DFA,
    pats: Vec<(Pat, bool)>,
    unknown_military: usize,
    unknown_police: usize,
}

const ARMED_NOUNS: &[&str] = &[
    "attackers",
    "assailants",
    "militants",
    "fighters",
    "gunmen",
    "jihadists",
    "insurgents",
    "extremists",
    "terrorists",
];

const SPONSOR_SUFFIXES: &[&str] = &[
    "-backed",
    "-led",
    "-allied",
    "-supported",
    "-trained",
    "-based",
    "-sponsored",
    "-run",
    "-held",
    "-controlled",
    "-aligned",
    "-affiliated",
    "-linked",
    "-funded",
    "-armed",
];

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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Lexicon {
    /// Compile the lexicon from its data (done once at load).
    pub fn build(f: &ActorFile) -> Result<Self, EventsError> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        fn add_to(a: Actor, actors: &mut Vec<Actor>, by_name: &mut HashMap<String, usize>) -> usize {
            if let Some(&i) = by_name.get(&a.name) {
                return i;
            }
            by_name.insert(a.name.clone(), actors.len());
            actors.push(a);
            actors.len() - 1
        }
        let mut pats: Vec<(String, Pat)> = Vec::new();
        for a in &f.actor {
            let kind = parse_kind(&a.kind).ok_or_else(|| EventsError::Data {
                path: "actors".into(),
                message: format!("actor {:?}: unknown kind {:?}", a.name, a.kind),
            })?;
            let i = add_to(
                Actor {
                    name: a.name.clone(),
                    kind,
                    country: a.country.clone().filter(|c| !c.is_empty()),
                    parent: a.parent.clone(),
                    nouns: a.nouns.iter().map(|n| n.to_lowercase()).collect(),
                    generic: false,
                },
                &mut actors,
                &mut by_name,
            );
            for alias in &a.aliases {
                pats.push((alias.clone(), Pat::Named(i)));
            }
        }
        let state_nouns = ["forces", "troops", "army", "military", "regime", "government"];
        let mut countries = Vec::new();
        for c in &f.country {
            let mk = |prefix: &str, kind: ActorKind, nouns: &[&str]| Actor {
                name: format!("{prefix}{}", c.name),
                kind,
                country: Some(c.code.clone()),
                parent: None,
                nouns: nouns.iter().map(|s| s.to_string()).collect(),
                generic: false,
            };
            let military = add_to(
                mk("Military Forces of ", ActorKind::StateForces, &state_nouns),
                &mut actors,
                &mut by_name,
            );
            let police = add_to(
                mk("Police Forces of ", ActorKind::StateForces, &["police"]),
                &mut actors,
                &mut by_name,
            );
            let mut civ = mk("Civilians (", ActorKind::Civilians, &[]);
            civ.name.push(')');
            civ.generic = true;
            let civilians = add_to(civ, &mut actors, &mut by_name);
            let ci = countries.len();
            countries.push(Country { code: c.code.clone(), military, police, civilians });
            for n in c.names.iter().chain(&c.demonyms) {
                pats.push((n.clone(), Pat::Country(ci)));
            }
        }
        let unknown = |name: &str, kind| Actor {
            name: name.into(),
            kind,
            country: None,
            parent: None,
            nouns: vec!["forces".into()],
            generic: true,
        };
        let unknown_military = add_to(
            unknown("Military Forces (unidentified country)", ActorKind::StateForces),
            &mut actors,
            &mut by_name,
        );
        let unknown_police = add_to(
            unknown("Police Forces (unidentified country)", ActorKind::StateForces),
            &mut actors,
            &mut by_name,
        );

        let mut groups = Vec::new();
        for g in &f.group_demonym {
            let find = |n: &str| {
                by_name.get(n).copied().ok_or_else(|| EventsError::Data {
                    path: "actors".into(),
                    message: format!("group_demonym {:?}: unknown actor {n:?}", g.demonym),
                })
            };
            let default = find(&g.default)?;
            let mut by_country = BTreeMap::new();
            for (code, name) in &g.by_country {
                by_country.insert(code.clone(), find(name)?);
            }
            pats.push((g.demonym.clone(), Pat::GroupDemonym(groups.len())));
            groups.push(GroupDemonym { default, by_country });
        }

        let forces = f.forces.clone().unwrap_or_default();
        for u in &forces.unqualified {
            let police = u.contains("police");
            pats.push((u.clone(), Pat::Unqualified { police }));
        }
        let mut generics = Vec::new();
        for g in &f.generic {
            let kind = parse_kind(&g.kind).ok_or_else(|| EventsError::Data {
                path: "actors".into(),
                message: format!("generic {:?}: unknown kind {:?}", g.actor, g.kind),
            })?;
            let actor = match by_name.get(&g.actor).copied() {
                Some(i) => i,
                None => add_to(
                    Actor {
                        name: g.actor.clone(),
                        kind,
                        country: None,
                        parent: None,
                        nouns: vec![],
                        generic: true,
                    },
                    &mut actors,
                    &mut by_name,
                ),
            };
            for t in &g.terms {
                pats.push((t.clone(), Pat::Generic(generics.len())));
            }
            generics.push(Generic { actor, anaphoric: g.anaphoric });
        }
        for t in f.anaphors.iter().flat_map(|a| &a.terms) {
            pats.push((t.clone(), Pat::Anaphor));
        }

        // First registration of a spelling wins (named actors before generic patterns).
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
        // No prefilter: only dead and match states are special, which `matches` relies on.
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&strings)
            .map_err(|e| EventsError::Data { path: "actors".into(), message: e.to_string() })?;

        let lower_sorted = |v: &[String]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_lowercase()).collect();
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v
        };
        let mut military_nouns = forces.military.clone();
        military_nouns.extend(["strike", "air strike", "airstrike"].map(String::from));
        Ok(Lexicon {
            by_name,
            countries,
            generics,
            groups,
            military_nouns: lower_sorted(&military_nouns),
            police_nouns: lower_sorted(&forces.police),
            civilian_nouns: lower_sorted(&f.demonym_civilians.clone().unwrap_or_default().terms),
            modifiers: forces.modifiers.iter().map(|s| s.to_lowercase()).collect(),
            dfa,
            pats: infos,
            unknown_military,
            unknown_police,
            actors,
        })
    }

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

    /// The non-overlapping leftmost-longest matches of the patterns in `text`, as
    /// (pattern, start, end): what `AhoCorasick::find_iter` reports, from a tight loop over the
    /// DFA's transitions.
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        dfa_matches(&self.dfa, text.as_bytes())
    }

    /// Country codes named in `text` by name or demonym, in order (for the article's main country).
    pub fn countries_named(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (pid, ms, me) in self.matches(text) {
            let (pat, cs) = self.pats[pid];
            if let Pat::Country(ci) = pat {
                if self.accept(text, ms, me, cs) {
                    out.push(self.countries[ci].code.clone());
                }
            }
        }
        out
    }

    fn accept(&self, text: &str, s: usize, e: usize, case_sensitive: bool) -> bool {
        if case_sensitive && !text.is_char_boundary(e) {
            return false;
        }
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        if before.is_some_and(|c| is_word_char(c) || c == '-') {
            return false;
        }
        if after.is_some_and(is_word_char) {
            return false;
        }
        if case_sensitive {
            // The automaton folds case; acronyms must match exactly.
            return self.ac_pattern_matches_exactly(text, s, e);
        }
        true
    }

    fn ac_pattern_matches_exactly(&self, text: &str, s: usize, e: usize) -> bool {
        // Re-run the automaton anchored on the slice; cheap because the slice is short.
        let slice = &text[s..e];
        slice.chars().any(char::is_uppercase) && !slice.chars().any(char::is_lowercase)
    }

    /// Longest noun from `nouns` that starts at `pos` (after spaces), with its end.
    fn noun_at(text: &str, pos: usize, nouns: &[String]) -> Option<usize> {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        let off = pos + (rest.len() - trimmed.len());
        if off == pos && pos > 0 && !text[..pos].ends_with([' ', '\u{a0}']) {
            return None;
        }
        // The first byte as `eq_ignore_ascii_case` compares it: most nouns fail there.
        let t0 = trimmed.as_bytes().first().map(u8::to_ascii_lowercase);
        for n in nouns {
            if n.as_bytes().first().is_some_and(|b| Some(b.to_ascii_lowercase()) != t0) {
                continue;
            }
            if trimmed.len() >= n.len()
                && trimmed.is_char_boundary(n.len())
                && trimmed[..n.len()].eq_ignore_ascii_case(n)
            {
                let end = off + n.len();
                if !text[end..].chars().next().is_some_and(is_word_char) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// After a demonym ending at `e`: skip modifiers and find a force/civilian noun.
    /// Returns (end, which) with which 0 = military, 1 = police, 2 = civilians.
    fn force_after(&self, text: &str, e: usize) -> Option<(usize, u8)> {
        let mut pos = e;
        for _ in 0..4 {
            if let Some(end) = Self::noun_at(text, pos, &self.police_nouns) {
                return Some((end, 1));
            }
            if let Some(end) = Self::noun_at(text, pos, &self.military_nouns) {
                return Some((end, 0));
            }
            if let Some(end) = Self::noun_at(text, pos, &self.civilian_nouns) {
                return Some((end, 2));
            }
            // Skip one modifier word.
            let rest = &text[pos..];
            let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
            let start = pos + (rest.len() - trimmed.len());
            let wlen = trimmed.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(trimmed.len());
            if wlen == 0 || start == pos {
                return None;
            }
            let mut buf = [0u8; 64];
            if !self.modifiers.contains(crate::doc::lowered(&trimmed[..wlen], &mut buf).as_ref()) {
                return None;
            }
            pos = start + wlen;
        }
        None
    }

    /// Tag the actor mentions of `text`, resolving light coreference.
    pub fn tag(&self, text: &str, ctx: &TagContext) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let mut covered = 0usize;
        for (pid, s, e) in self.matches(text) {
            if s < covered {
                continue;
            }
            let (pat, cs) = self.pats[pid];
            if !self.accept(text, s, e, cs) {
                continue;
            }
            // Every suffix starts with a hyphen: test that byte before the list.
            let sponsor = text.as_bytes().get(e) == Some(&b'-')
                && SPONSOR_SUFFIXES.iter().any(|suf| {
                    text.len() >= e + suf.len()
                        && text.is_char_boundary(e + suf.len())
                        && text[e..e + suf.len()].eq_ignore_ascii_case(suf)
                });
            let mention = |end: usize, actor: usize| Mention {
                start: s,
                end,
                actor,
                coreference: false,
                generic: false,
            };
            let found: Option<Mention> = match pat {
                Pat::Named(i) => Some(mention(e, i)),
                Pat::Country(ci) if !sponsor => {
                    let c = &self.countries[ci];
                    let mut after = e;
                    let poss = ["'s", "\u{2019}s"].iter().find(|p| text[e..].starts_with(**p));
                    if let Some(p) = poss {
                        after = e + p.len();
                    }
                    match self.force_after(text, after) {
                        Some((end, 0)) => Some(mention(end, c.military)),
                        Some((end, 1)) => Some(mention(end, c.police)),
                        Some((end, _)) if poss.is_none() => Some(mention(end, c.civilians)),
                        _ => {
                            let next = text[e..].trim_start();
                            let w = &next[..next.find(|c: char| !c.is_alphabetic()).unwrap_or(next.len())];
                            let prev_word = text[..s]
                                .trim_end()
                                .rsplit(|c: char| !c.is_alphabetic())
                                .next()
                                .unwrap_or("");
                            let after_prep = matches!(
                                crate::doc::lowered(prev_word, &mut [0u8; 64]).as_ref(),
                                "in" | "of"
                                    | "from"
                                    | "to"
                                    | "into"
                                    | "across"
                                    | "near"
                                    | "and"
                                    | "inside"
                                    | "within"
                                    | "toward"
                                    | "towards"
                                    | "against"
                                    | "with"
                                    | "by"
                                    | "on"
                                    | "for"
                                    | "at"
                                    | "over"
                                    | "through"
                                    | "northern"
                                    | "southern"
                                    | "eastern"
                                    | "western"
                                    | "central"
                            );
                            (!after_prep
                                && !w.is_empty()
                                && (ctx.is_agent_verb)(&crate::doc::lowered(w, &mut [0u8; 64])))
                            .then(|| mention(e, c.military))
                        }
                    }
                }
                Pat::Country(_) => None,
                Pat::GroupDemonym(gi) if !sponsor => self.force_after(text, e).and_then(|(end, which)| {
                    (which != 2).then(|| {
                        let g = &self.groups[gi];
                        let actor = (ctx.country_at)(s)
                            .and_then(|cc| g.by_country.get(cc).copied())
                            .unwrap_or(g.default);
                        mention(end, actor)
                    })
                }),
                Pat::GroupDemonym(_) => None,
                Pat::Unqualified { police } => {
                    let country = (ctx.country_at)(s).and_then(|cc| self.country_by_code(cc));
                    let actor = match (country, police) {
                        (Some(c), false) => c.military,
                        (Some(c), true) => c.police,
                        (None, false) => self.unknown_military,
                        (None, true) => self.unknown_police,
                    };
                    Some(mention(e, actor))
                }
                Pat::Generic(gi) => {
                    let g = &self.generics[gi];
                    let mut buf = [0u8; 64];
                    let head = crate::doc::lowered(text[s..e].rsplit(' ').next().unwrap_or(""), &mut buf);
                    // Class nouns ("rebels", "militants") never refer back to state forces.
                    let resolved = if g.anaphoric {
                        self.antecedent(&out, &head).filter(|&a| {
                            !matches!(self.actors[a].kind, ActorKind::StateForces | ActorKind::ExternalForces)
                        })
                    } else {
                        None
                    };
                    Some(match resolved {
                        Some(a) => Mention { start: s, end: e, actor: a, coreference: true, generic: false },
                        None => {
                            Mention { start: s, end: e, actor: g.actor, coreference: false, generic: true }
                        }
                    })
                }
                Pat::Anaphor => {
                    let phrase = text[s..e].to_lowercase();
                    let head = phrase
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches("'s")
                        .trim_end_matches("\u{2019}s")
                        .to_string();
                    // "its forces", "the alliance's forces": the owner is the referent.
                    let head = if phrase.contains("'s ") || phrase.contains("\u{2019}s ") {
                        phrase
                            .split(' ')
                            .nth(1)
                            .unwrap_or("")
                            .trim_end_matches("'s")
                            .trim_end_matches("\u{2019}s")
                            .to_string()
                    } else if phrase.starts_with("its ") {
                        String::new()
                    } else {
                        head
                    };
                    let resolved = if head.is_empty() {
                        self.last_named(&out)
                    } else {
                        self.antecedent(&out, &head).or_else(|| {
                            // "the attackers": whoever attacked last, when no actor is called so.
                            ARMED_NOUNS.contains(&head.as_str()).then(|| self.last_nonstate(&out)).flatten()
                        })
                    };
                    resolved.map(|a| Mention {
                        start: s,
                        end: e,
                        actor: a,
                        coreference: true,
                        generic: false,
                    })
                }
            };
            if let Some(m) = found {
                covered = m.end;
                out.push(m);
            }
        }
        out
    }

    /// The last named, non-state armed actor mentioned that can be called `head`; state forces
    /// only when `head` names them ("the army").
    fn antecedent(&self, prior: &[Mention], head: &str) -> Option<usize> {
        prior.iter().rev().filter(|m| !m.generic).map(|m| m.actor).find(|&a| {
            let actor = &self.actors[a];
            actor.kind != ActorKind::Other && actor.refers_as(head)
        })
    }

    fn last_nonstate(&self, prior: &[Mention]) -> Option<usize> {
        prior.iter().rev().filter(|m| !m.generic).map(|m| m.actor).find(|&a| {
            let k = self.actors[a].kind;
            self.actors[a].is_armed() && !matches!(k, ActorKind::StateForces | ActorKind::ExternalForces)
        })
    }

    fn last_named(&self, prior: &[Mention]) -> Option<usize> {
        prior
            .iter()
            .rev()
            .filter(|m| !m.generic)
            .map(|m| m.actor)
            .find(|&a| self.actors[a].is_armed() && !self.actors[a].generic)
    }
}

/// Every non-overlapping match of `dfa` (leftmost-longest, built without prefilter) in `hay`.
fn dfa_matches<'t>(dfa: &'t DFA, hay: &'t [u8]) -> impl Iterator<Item = (usize, usize, usize)> + 't {
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = dfa_match_from(dfa, hay, from)?;
        from = m.2.max(m.1 + 1);
        Some(m)
    })
}

/// The leftmost-longest match starting at or after `from`: the crate's `try_find_fwd` for a
/// DFA without prefilter (only dead and match states are special).
#[inline]
fn dfa_match_from(dfa: &DFA, hay: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    if from > hay.len() {
        return None;
    }
    let mut sid = dfa.start_state(Anchored::No).ok()?;
    let found = |sid, end: usize| {
        let pid = dfa.match_pattern(sid, 0);
        (pid.as_usize(), end - dfa.pattern_len(pid), end)
    };
    let mut mat = dfa.is_match(sid).then(|| found(sid, from));
    let mut at = from;
    while let Some(&b) = hay.get(at) {
        sid = dfa.next_state(Anchored::No, sid, b);
        at += 1;
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                return mat;
            }
            if dfa.is_match(sid) {
                mat = Some(found(sid, at));
            }
        }
    }
    mat
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Knowledge;

    #[test]
    fn dfa_scan_equals_aho_corasick_find_iter() {
        use aho_corasick::{AhoCorasick, AhoCorasickKind};
        // Overlapping, nested, spaced and hyphenated patterns, in both cases.
        let pats = [
            "al qaeda",
            "qaeda",
            "al-qaeda",
            "isis",
            "is",
            "islamic state",
            "state",
            "state forces",
            "US",
            "u.s.",
            "syrian democratic forces",
            "democratic",
            "sdf",
            "kurd",
            "kurdish",
        ];
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(pats)
            .unwrap();
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(pats)
            .unwrap();
        let mut texts = vec![
            String::new(),
            "the crisis in xal qaeda and anti-Islamic State coalition, state forces".into(),
            "Kurdish SDF (Syrian Democratic Forces) said US and u.s. troops; ISIS-held".into(),
            include_str!("../benches/article.txt").into(),
        ];
        // Every string of up to 4 tokens over a small alphabet that crosses pattern edges.
        let parts = ["al", " ", "qaeda", "-", "state", "is", "is ", "x", "forces", "S"];
        let mut cur = vec![String::new()];
        for _ in 0..4 {
            cur = cur.iter().flat_map(|c| parts.iter().map(move |p| format!("{c}{p}"))).collect();
            texts.extend(cur.iter().cloned());
        }
        for t in &texts {
            let want: Vec<(usize, usize, usize)> =
                ac.find_iter(t.as_str()).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
            let got: Vec<(usize, usize, usize)> = dfa_matches(&dfa, t.as_bytes()).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    fn lex() -> Lexicon {
        Lexicon::build(&Knowledge::load(None).unwrap().actors).unwrap()
    }

    fn names(lex: &Lexicon, text: &str, country: Option<&str>) -> Vec<(String, String)> {
        let country_at = |_| country;
        let agent = |w: &str| matches!(w, "captured" | "said" | "launched");
        let ctx = TagContext { country_at: &country_at, is_agent_verb: &agent };
        lex.tag(text, &ctx)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), lex.actors[m.actor].name.clone()))
            .collect()
    }

    #[test]
    fn demonym_forces_become_state_forces() {
        let l = lex();
        let got = names(&l, "Turkish warplanes hit villages as Iraqi government forces advanced.", None);
        assert_eq!(got[0], ("Turkish warplanes".into(), "Military Forces of Turkey".into()));
        assert_eq!(got[1], ("Iraqi government forces".into(), "Military Forces of Iraq".into()));
    }

    #[test]
    fn sponsor_demonyms_are_not_actors() {
        let l = lex();
        let got = names(&l, "US-backed fighters and Russian-led units moved in.", None);
        assert!(got.iter().all(|(_, n)| !n.contains("United States") && !n.contains("Russia")), "{got:?}");
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        let l = lex();
        let got = names(&l, "It is what IS wants, the SDF said.", None);
        let actors: Vec<_> = got.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(actors, ["Islamic State", "Syrian Democratic Forces"]);
    }

    #[test]
    fn definite_descriptions_resolve_to_the_last_compatible_actor() {
        let l = lex();
        let got = names(
            &l,
            "Al-Shabaab fighters attacked a base. The group later withdrew; the militants fled.",
            None,
        );
        assert_eq!(got.last().unwrap().1, "Al Shabaab");
        assert!(got.iter().filter(|(t, _)| t.to_lowercase().starts_with("the")).count() >= 2, "{got:?}");
    }

    #[test]
    fn bare_militants_without_antecedent_are_unidentified() {
        let l = lex();
        let got = names(&l, "Gunmen killed three farmers. Militants later attacked a checkpoint.", None);
        assert_eq!(got[0].1, "Unidentified Armed Group");
        assert!(got.iter().any(|(t, n)| t == "Militants" && n == "Unidentified Armed Group"));
    }

    #[test]
    fn kurdish_forces_depend_on_the_country() {
        let l = lex();
        assert_eq!(names(&l, "Kurdish forces entered the town.", Some("IQ"))[0].1, "Peshmerga");
        assert_eq!(
            names(&l, "Kurdish forces entered the town.", Some("SY"))[0].1,
            "People's Protection Units"
        );
    }

    #[test]
    fn unqualified_forces_take_the_context_country() {
        let l = lex();
        assert_eq!(
            names(&l, "Government forces shelled the area.", Some("SY"))[0].1,
            "Military Forces of Syria"
        );
        assert_eq!(names(&l, "police opened fire", None)[0].1, "Police Forces (unidentified country)");
    }

    #[test]
    fn country_names_are_agents_only_before_a_verb() {
        let l = lex();
        assert_eq!(names(&l, "Iraq captured the town.", None)[0].1, "Military Forces of Iraq");
        assert!(names(&l, "Fighting in Iraq continued.", None).is_empty());
    }
}
