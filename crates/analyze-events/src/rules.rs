//! Event rules compiled from data/events/rules.toml.

use crate::data::RuleDef;
use crate::doc::{DocView, FxMap, Lemmas, PhraseSet, NO_WORD};

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
    pub object_any: Vec<Obj>,
    pub needs: Needs,
    pub by_target: bool,
    pub agent_after: bool,
    /// With no actor named, actor1 defaults to the state forces of the event's country.
    pub default_state_actor: bool,
}

impl Rule {
    /// Territory rules pick their sub-type from the kind of actor1.
    pub fn is_territorial(&self) -> bool {
        self.state_sub.is_some() || self.nonstate_sub.is_some()
    }
}

/// All rules with an index from a trigger's first lemma to (rule, trigger).
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
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
    pub fn new(defs: &[RuleDef], l: &Lemmas) -> Self {
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
                object_any,
                needs,
                by_target: d.by_target,
                agent_after: d.agent_after,
                default_state_actor: d.default_actor1.as_deref() == Some("state"),
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
        RuleSet { rules, index, firsts, bit }
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

    /// Context checks (context_any / context_none) over the clause.
    pub fn context_ok(&self, d: &DocView, r: &Rule, c0: usize, c1: usize) -> bool {
        if !r.context_any.is_empty() && r.context_any.find(d, c0, c1).is_none() {
            return false;
        }
        r.context_none.is_empty() || r.context_none.find(d, c0, c1).is_none()
    }
}
