//! Event rules compiled from data/events/rules.toml, with the roles the coder's mechanisms
//! give event types.

use crate::data::{RolesDef, RuleDef};
use crate::doc::{DocView, PhraseSet};
use crate::error::EventsError;
use crate::taxonomy::Taxonomy;
use crate::vocab::{FxMap, Lemmas, NO_WORD};

/// What must follow a trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Obj {
    Place,
    Actor,
    Number,
    Phrase(Box<[u32]>),
}

/// Evidence a rule needs before it codes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    None,
    Place,
    Casualties,
    PlaceOrCasualties,
    Actor,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub state_sub: Option<String>,
    pub nonstate_sub: Option<String>,
    pub triggers: Vec<Vec<String>>,
    /// `triggers` as word ids.
    trigger_ids: Vec<Box<[u32]>>,
    pub context_any: PhraseSet,
    pub context_none: PhraseSet,
    /// Phrases none of which may occur in the trigger's sentence: what the sentence says
    /// elsewhere of the same death ("is dead after his car skidded").
    pub sentence_none: PhraseSet,
    /// Phrases one of which must occur in the trigger's sentence, in whichever clause ("took
    /// the town after the army pulled out").
    pub sentence_any: PhraseSet,
    pub object_any: Vec<Obj>,
    pub needs: Needs,
    pub by_target: bool,
    pub agent_after: bool,
    /// With no actor named, actor1 defaults to the state forces of the event's country.
    pub default_state_actor: bool,
    /// Tolls from the trigger's clause only ([`crate::data::RuleDef::clause_tolls`]).
    pub clause_tolls: bool,
    /// Objects before a passive trigger ([`crate::data::RuleDef::object_patient`]).
    pub object_patient: bool,
    /// Any actor may fill the slots (demonstrations), not only armed ones.
    pub crowd: bool,
    /// Its triggers make a bare country name before them an agent ("Iraq captured").
    pub agent_triggers: bool,
    /// An event of remote violence ([`Roles::remote_event_type`]).
    pub remote: bool,
    /// A nominal trigger names the event rather than reports it ("the battle for X").
    pub nominal_names: bool,
    pub examples: Vec<String>,
    pub counterexamples: Vec<String>,
}

/// An (event type, sub-event type) pair of the taxonomy.
#[derive(Debug, Clone)]
pub struct TypePair {
    pub event_type: String,
    pub sub_event_type: String,
}

/// The roles of data/events/rules.toml `[roles]`, checked against the taxonomy.
#[derive(Debug, Clone)]
pub struct Roles {
    pub remote_event_type: String,
    pub armed_clash: TypePair,
    pub mob_violence: TypePair,
    crowd: Vec<String>,
    not_agent: Vec<String>,
    nominal: Vec<String>,
}

impl Roles {
    pub fn new(r: &RolesDef, t: &Taxonomy) -> Result<Self, EventsError> {
        let err = |m: String| EventsError::data("rules.toml [roles]", m);
        let types = |key: &str, v: &Option<Vec<String>>| -> Result<Vec<String>, EventsError> {
            let v = v.clone().ok_or_else(|| err(format!("{key} is not set")))?;
            match v.iter().find(|e| !t.is_event_type(e)) {
                Some(e) => Err(err(format!("{key}: unknown event type {e:?}"))),
                None => Ok(v),
            }
        };
        let pair = |key: &str, sub: &Option<String>| -> Result<TypePair, EventsError> {
            let sub = sub.clone().ok_or_else(|| err(format!("{key} is not set")))?;
            let event_type =
                t.event_type_of(&sub).ok_or_else(|| err(format!("{key}: unknown sub-event type {sub:?}")))?;
            Ok(TypePair { event_type: event_type.to_string(), sub_event_type: sub })
        };
        let remote = r.remote_event_type.clone().ok_or_else(|| err("remote_event_type is not set".into()))?;
        if !t.is_event_type(&remote) {
            return Err(err(format!("remote_event_type: unknown event type {remote:?}")));
        }
        Ok(Roles {
            remote_event_type: remote,
            armed_clash: pair("armed_clash", &r.armed_clash)?,
            mob_violence: pair("mob_violence", &r.mob_violence)?,
            crowd: types("crowd_event_types", &r.crowd_event_types)?,
            not_agent: types("not_agent_event_types", &r.not_agent_event_types)?,
            nominal: types("nominal_event_types", &r.nominal_event_types)?,
        })
    }
}

impl Rule {
    /// Territory rules pick their sub-type from the kind of actor1.
    pub fn is_territorial(&self) -> bool {
        self.state_sub.is_some() || self.nonstate_sub.is_some()
    }

    /// The sub-event types this rule's events may take.
    pub fn sub_event_types<'r>(&'r self, roles: &'r Roles) -> Vec<&'r str> {
        let mut v = vec![self.sub_event_type.as_str()];
        v.extend(self.state_sub.as_deref());
        v.extend(self.nonstate_sub.as_deref());
        if self.by_target {
            v.extend([roles.armed_clash.sub_event_type.as_str(), roles.mob_violence.sub_event_type.as_str()]);
        }
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// All rules with an index from a trigger's first lemma to (rule, trigger).
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub roles: Roles,
    index: FxMap<u32, Vec<(usize, usize)>>,
    /// Bitset of the keys of `index`: most tokens are rejected without hashing.
    firsts: Vec<u64>,
    /// The keys' bit in [`DocView::mask`] (0: none): one test per token.
    bit: u32,
}

/// A trigger occurrence: rule index and token range.
#[derive(Debug, Clone, Copy)]
pub struct Fire {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
}

fn phrases(l: &Lemmas, v: &[String]) -> Vec<Vec<String>> {
    v.iter().map(|s| l.phrase(s)).filter(|p| !p.is_empty()).collect()
}

impl RuleSet {
    pub fn new(defs: &[RuleDef], roles: Roles, l: &Lemmas) -> Self {
        let mut rules = Vec::new();
        let mut index: FxMap<u32, Vec<(usize, usize)>> = FxMap::default();
        for d in defs {
            let triggers = phrases(l, &d.triggers);
            let ri = rules.len();
            for (ti, t) in triggers.iter().enumerate() {
                index.entry(l.intern(&t[0])).or_default().push((ri, ti));
            }
            let object_any = d
                .object_any
                .iter()
                .map(|o| match o.as_str() {
                    "PLACE" => Obj::Place,
                    "ACTOR" => Obj::Actor,
                    "NUMBER" => Obj::Number,
                    p => Obj::Phrase(l.ids(&l.phrase(p))),
                })
                .collect();
            let needs = match d.needs.as_deref() {
                Some("place") => Needs::Place,
                Some("casualties") => Needs::Casualties,
                Some("place_or_casualties") => Needs::PlaceOrCasualties,
                Some("actor") => Needs::Actor,
                _ => Needs::None,
            };
            rules.push(Rule {
                id: d.id.clone(),
                event_type: d.event_type.clone(),
                sub_event_type: d.sub_event_type.clone(),
                state_sub: d.state_sub_event_type.clone(),
                nonstate_sub: d.nonstate_sub_event_type.clone(),
                trigger_ids: triggers.iter().map(|t| l.ids(t)).collect(),
                triggers,
                context_any: PhraseSet::new(l, phrases(l, &d.context_any)),
                context_none: PhraseSet::new(l, phrases(l, &d.context_none)),
                sentence_none: PhraseSet::new(l, phrases(l, &d.sentence_none)),
                sentence_any: PhraseSet::new(l, phrases(l, &d.sentence_any)),
                object_any,
                needs,
                by_target: d.by_target,
                agent_after: d.agent_after,
                default_state_actor: d.default_actor1.as_deref() == Some("state"),
                clause_tolls: d.clause_tolls,
                object_patient: d.object_patient,
                crowd: roles.crowd.contains(&d.event_type),
                agent_triggers: !roles.not_agent.contains(&d.event_type),
                remote: d.event_type == roles.remote_event_type,
                nominal_names: roles.nominal.contains(&d.event_type),
                examples: d.examples.clone(),
                counterexamples: d.counterexamples.clone(),
            });
        }
        // Longer triggers first so "suicide car bomb" wins over "car bomb" at the same token.
        for v in index.values_mut() {
            v.sort_by(|a, b| {
                a.0.cmp(&b.0).then(rules[b.0].triggers[b.1].len().cmp(&rules[a.0].triggers[a.1].len()))
            });
        }
        let mut firsts = vec![0u64; index.keys().max().map_or(0, |m| *m as usize / 64 + 1)];
        for &k in index.keys() {
            firsts[k as usize / 64] |= 1 << (k % 64);
        }
        let mut keys: Vec<u32> = index.keys().copied().collect();
        keys.sort_unstable();
        let bit = l.flag(keys);
        RuleSet { rules, roles, index, firsts, bit }
    }

    /// Every trigger occurrence in tokens `[c0, c1)`, sorted by rule order then position.
    /// Into `out` (cleared first), so one buffer serves every clause.
    pub fn fires_into(&self, d: &DocView, c0: usize, c1: usize, out: &mut Vec<Fire>) {
        out.clear();
        for i in c0..c1 {
            if self.bit != 0 && d.mask(i) & self.bit == 0 {
                continue;
            }
            let [lem, low, _] = d.ids[i];
            for key in [lem, low] {
                if key == NO_WORD
                    || self.firsts.get((key >> 6) as usize).is_none_or(|b| b >> (key & 63) & 1 == 0)
                {
                    continue;
                }
                let Some(cands) = self.index.get(&key) else { continue };
                let mut last_rule = usize::MAX;
                for &(ri, ti) in cands {
                    if ri == last_rule {
                        continue;
                    }
                    if let Some(e) = d.match_at(i, c1, &self.rules[ri].trigger_ids[ti]) {
                        out.push(Fire { rule: ri, start: i, end: e });
                        last_rule = ri;
                    }
                }
            }
        }
        out.sort_by_key(|f| (f.rule, f.start));
        out.dedup_by_key(|f| (f.rule, f.start));
    }

    /// Context checks: context_any / context_none over the clause `c0..c1`, sentence_any /
    /// sentence_none over its sentence `s0..s1`.
    pub fn context_ok(
        &self,
        d: &DocView,
        r: &Rule,
        (c0, c1): (usize, usize),
        (s0, s1): (usize, usize),
    ) -> bool {
        if !r.context_any.is_empty() && r.context_any.find(d, c0, c1).is_none() {
            return false;
        }
        if !r.sentence_any.is_empty() && r.sentence_any.find(d, s0, s1).is_none() {
            return false;
        }
        (r.context_none.is_empty() || r.context_none.find(d, c0, c1).is_none())
            && (r.sentence_none.is_empty() || r.sentence_none.find(d, s0, s1).is_none())
    }
}
