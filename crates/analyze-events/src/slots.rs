//! Event slots: which actor mentions are actor1 (the agent) and actor2 (the other side).

use crate::article::Article;
use crate::coder::Coder;
use crate::doc::{Clause, DocView};
use crate::rules::{Fire, Rule};
use crate::words::Words;
use eventwire_model::ActorKind;

/// Actor mentions (indices into [`Article::mentions`]) filling an event's slots.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Slots {
    pub actor1: Option<usize>,
    pub actor2: Option<usize>,
}

/// The actor mentions of one trigger's sentence, and where they stand.
struct Scan<'s> {
    w: &'s Words,
    d: &'s DocView<'s>,
    a: &'s Article<'s>,
    fire: Fire,
    /// Clause `[c0, c1)`; `c0` moves past a reporting verb before the trigger.
    c0: usize,
    c1: usize,
    s0: usize,
    s1: usize,
    claim: Option<(usize, usize, usize)>,
    /// (mention, token) of the sentence's actors that are not "other" (officials, NGOs).
    all: Vec<(usize, usize)>,
    /// Those that can act in this rule's events (armed, or any for crowd events).
    agents: Vec<(usize, usize)>,
}

impl Scan<'_> {
    /// Is token `t` inside the claimant phrase ("police said")?
    fn in_claim(&self, t: usize) -> bool {
        self.claim.is_some_and(|(a, b, _)| t >= a && t < b)
    }

    /// Actors in a prepositional phrase ("from ISIS", "against the army") are not subjects.
    fn in_pp(&self, t: usize) -> bool {
        let (d, s0) = (self.d, self.s0);
        let t = if t > s0 + 1 && d.lower_in(t - 1, &self.w.determiners) { t - 1 } else { t };
        t > s0 && d.lower_in(t - 1, &self.w.prepositions)
    }

    /// The first (else last) agent in tokens `[from, to)`, outside a prepositional phrase if
    /// one is.
    fn subject_in(&self, from: usize, to: usize, first: bool) -> Option<usize> {
        // Walked again rather than collected: the candidates, then those outside a PP.
        let c = || self.agents.iter().copied().filter(|(_, t)| *t >= from && *t < to && !self.in_claim(*t));
        let free = || c().filter(|(_, t)| !self.in_pp(*t));
        let pick = if first { free().next() } else { free().next_back() };
        pick.or_else(|| if first { c().next() } else { c().next_back() }).map(|(i, _)| i)
    }

    /// The first actor after the trigger, before token `to`.
    fn after_in(&self, to: usize) -> Option<(usize, usize)> {
        self.all.iter().find(|(_, t)| *t >= self.fire.end && *t < to && !self.in_claim(*t)).copied()
    }

    /// "killed in police firing": the agent inside "in <actor> <action noun>" after the trigger.
    fn in_action_agent(&self) -> Option<(usize, usize)> {
        let (d, c1) = (self.d, self.c1);
        (self.fire.end..c1).filter(|&k| d.lower_in(k, &self.w.action_prepositions)).find_map(|k| {
            self.agents
                .iter()
                .find(|(_, t)| {
                    *t > k
                        && *t <= k + 2
                        && (*t + 1..(*t + 4).min(c1)).any(|j| d.lower_in(j, &self.w.action_nouns))
                })
                .copied()
        })
    }

    /// "killed when the police fired": the subject of a "when"/"as" clause right after the
    /// trigger, when the word after it is an armed action ("as a helicopter was shot down"
    /// names no agent).
    fn when_agent(&self) -> Option<(usize, usize)> {
        let (d, s1) = (self.d, self.s1);
        let subject_acts = |i: usize, t: usize, k: usize| {
            let verb = d.token_at_or_after(self.a.mentions[i].end);
            t > k && t <= k + 2 && verb < s1 && d.lemma_in(verb, &self.w.when_agent_verbs)
        };
        (self.fire.end..(self.fire.end + 4).min(s1))
            .filter(|&k| d.lower_in(k, &self.w.when_conjunctions))
            .find_map(|k| self.agents.iter().find(|&&(i, t)| subject_acts(i, t, k)).copied())
    }

    /// Is the trigger passive ("were killed", "was hit by", "were most probably killed",
    /// "Two soldiers killed in ambush")? A verb in -ing after "be" is progressive, active
    /// ("forces are redeploying").
    fn passive(&self) -> bool {
        let (d, fire, c0) = (self.d, self.fire, self.c0);
        let progressive = fire.end == fire.start + 1 && d.lower[fire.start].ends_with("ing");
        let p = self.w.before_passive_adverbs(d, fire.start, c0);
        (!progressive
            && p > c0
            && (d.lem(p - 1) == "be" || p > c0 + 1 && d.lem(p - 2) == "be" && !d.is_punct(p - 1)))
            || (fire.end < self.c1 && d.lower[fire.end] == "by")
            || self.reduced_passive()
    }

    /// A bare participle of a verb that always takes an object, with no object after it: "Two
    /// soldiers killed in ambush", "4 policemen and 4 civilians also killed."
    fn reduced_passive(&self) -> bool {
        let (d, fire) = (self.d, self.fire);
        let word = d.lower[fire.start];
        let participle = word.ends_with("ed") || word == "slain";
        if !participle || !d.lemma_in(fire.start, &self.w.reduced_passive_verbs) {
            return false;
        }
        // "have killed", "to be killed" are read elsewhere; "who killed" is active.
        if fire.start > self.s0 && matches!(d.lem(fire.start - 1), "have" | "who" | "which" | "that") {
            return false;
        }
        fire.end >= self.c1
            || d.is_punct(fire.end)
            || d.lower_in(fire.end, &self.w.prepositions)
            || d.lower_in(fire.end, &self.w.when_conjunctions)
    }
}

impl Coder {
    /// The slots of trigger `fire` of rule `r` in clause `c`; `claim` is the (start, end, verb)
    /// tokens of the sentence's claimant.
    pub(crate) fn slots(
        &self,
        a: &Article,
        r: &Rule,
        c: &Clause,
        fire: Fire,
        claim: Option<(usize, usize, usize)>,
    ) -> Slots {
        let d = &a.d;
        let sent = &a.input.seg.sentences[c.sentence];
        let (s0, s1) = (sent.first_token, sent.end_token);
        let crowd = r.crowd;
        // "X said that Y attacked": the subject is after the reporting verb.
        let c0 = match claim {
            Some((_, _, v)) if v >= c.start && v < fire.start => v + 1,
            _ => c.start,
        };
        let lo = a.mtok.partition_point(|t| *t < s0);
        let all: Vec<(usize, usize)> = (lo..a.mtok.len())
            .take_while(|&i| a.mtok[i] < s1)
            .filter(|&i| self.lexicon.actors[a.mentions[i].actor].kind != ActorKind::Other)
            .map(|i| (i, a.mtok[i]))
            .collect();
        let agents: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|(i, _)| crowd || self.lexicon.actors[a.mentions[*i].actor].is_armed())
            .collect();
        let scan = Scan { w: &self.words, d, a, fire, c0, c1: c.end, s0, s1, claim, all, agents };
        let mut s = if r.agent_after {
            Slots {
                actor1: scan.after_in(c.end).map(|(i, _)| i),
                actor2: scan.subject_in(c0, fire.start, false),
            }
        } else if scan.passive() {
            // "X were killed by Y": Y is actor1, X the victims.
            let by = (fire.end..c.end).find(|&k| d.lower[k] == "by");
            let actor1 = by
                .and_then(|b| scan.agents.iter().find(|(_, t)| *t > b && *t < c.end).map(|(i, _)| *i))
                .or_else(|| scan.in_action_agent().map(|(i, _)| i))
                .or_else(|| scan.when_agent().map(|(i, _)| i));
            let actor2 = scan
                .all
                .iter()
                .rev()
                .find(|(_, t)| *t >= c0 && *t < fire.start && !scan.in_claim(*t))
                .map(|(i, _)| *i);
            Slots { actor1, actor2 }
        } else {
            self.active_slots(&scan, r)
        };
        if s.actor2.is_some()
            && s.actor2.map(|m| a.mentions[m].actor) == s.actor1.map(|m| a.mentions[m].actor)
        {
            s.actor2 = None;
        }
        s
    }

    /// Slots of an active trigger: its subject, else the agents a clause names elsewhere.
    fn active_slots(&self, scan: &Scan, r: &Rule) -> Slots {
        let (d, a, fire, c0, c1, s0, s1) = (scan.d, scan.a, scan.fire, scan.c0, scan.c1, scan.s0, scan.s1);
        let mut s = Slots {
            actor1: scan.subject_in(c0, fire.start, true).or_else(|| scan.subject_in(s0, c0, true)),
            actor2: scan.after_in(c1).map(|(i, _)| i),
        };
        // "air strikes from the coalition", "an attack by gunmen".
        if let Some((i, t)) = scan.after_in(c1) {
            let by =
                (t.saturating_sub(2).max(fire.end)..t).any(|k| d.lower_in(k, &scan.w.agent_prepositions));
            if by && t <= fire.end + 3 && (s.actor1.is_none() || r.remote) {
                s.actor2 = s.actor1.filter(|a| *a != i);
                s.actor1 = Some(i);
            }
        }
        if s.actor1.is_none() {
            // "After taking X, rebel fighters ...": the subject of the following clause.
            if d.lower_in(c0, &scan.w.leading_subordinators) {
                s.actor1 = scan
                    .agents
                    .iter()
                    .find(|(_, t)| *t >= fire.end && *t < s1 && !scan.in_pp(*t))
                    .map(|(i, _)| *i);
            }
        }
        if s.actor1.is_none() {
            // "Sixty people died in police firing", "one died when police fired".
            if let Some((i, _)) = scan.in_action_agent().or_else(|| scan.when_agent().filter(|_| r.by_target))
            {
                s.actor1 = Some(i);
                if s.actor2 == Some(i) {
                    s.actor2 = None;
                }
            }
        }
        if s.actor1.is_none() {
            // "The rebels claimed to have taken ...", "the militia said it had moved".
            s.actor1 = scan.claim.filter(|(_, b, _)| *b <= fire.start).and_then(|(ca, cb, _)| {
                scan.agents.iter().find(|(_, t)| *t >= ca && *t < cb).map(|(i, _)| *i)
            });
        }
        if s.actor1.is_none() && (c0..fire.start).any(|k| d.lower_in(k, &scan.w.pronoun_subjects)) {
            let pos = d.seg.tokens[s0].start;
            s.actor1 = a
                .mentions
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, m)| m.start < pos && !m.generic)
                .find(|(_, m)| self.lexicon.actors[m.actor].is_armed())
                .map(|(i, _)| i);
        }
        s
    }
}
