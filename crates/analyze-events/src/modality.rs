//! Modality (negated, future, hypothetical, attempted) and attribution ("police said").

use crate::data::CuesFile;
use crate::doc::{DocView, Lemmas, PhraseSet};

/// Compiled cue lists (lemma phrases).
#[derive(Debug, Default)]
pub struct Cues {
    window: usize,
    blocking: PhraseSet,
    after_nominal: PhraseSet,
    attempt: PhraseSet,
    openers: Vec<String>,
    infinitive_is_goal: bool,
    claim_verbs: PhraseSet,
    according: PhraseSet,
    pronouns: Vec<String>,
}

/// What modality analysis decided for one trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    Fact,
    Attempt,
    /// Negated, future, planned, conditional or hypothetical: never coded.
    NotFact,
}

/// A claimant found in a sentence.
#[derive(Debug, Clone)]
pub struct Claim {
    pub text: String,
    /// Token range of the claimant phrase (actors inside it do not fill event slots).
    pub start: usize,
    pub end: usize,
    /// Token index of the reporting verb ("said"), or of "according".
    pub verb: usize,
    pub pronoun: bool,
}

fn sorted(l: &Lemmas, v: &[String]) -> Vec<Vec<String>> {
    let mut p: Vec<Vec<String>> = v.iter().map(|s| l.phrase(s)).filter(|p| !p.is_empty()).collect();
    p.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    p
}

const DETERMINERS: &[&str] = &["the", "their", "its", "his", "her", "our", "a", "an", "this", "that"];

impl Cues {
    pub fn new(c: &CuesFile, l: &Lemmas) -> Self {
        let m = &c.modality;
        let mut blocking = sorted(l, &m.negation);
        blocking.extend(sorted(l, &m.future));
        blocking.extend(sorted(l, &m.hypothetical));
        let blocking = PhraseSet::new(l, blocking).flagged(l);
        Cues {
            window: if m.window == 0 { 8 } else { m.window },
            blocking,
            after_nominal: PhraseSet::new(l, sorted(l, &m.after_nominal)).flagged(l),
            attempt: PhraseSet::new(l, sorted(l, &m.attempt)).flagged(l),
            openers: m.conditional_openers.iter().map(|s| s.to_lowercase()).collect(),
            infinitive_is_goal: m.infinitive_is_goal,
            claim_verbs: PhraseSet::new(l, sorted(l, &c.claims.verbs)).flagged(l),
            according: PhraseSet::new(l, sorted(l, &c.claims.according)).flagged(l),
            pronouns: c.claims.pronouns.iter().map(|s| s.to_lowercase()).collect(),
        }
    }

    /// Is the trigger at `[t0, t1)` a nominal ("the capture of ...")?
    pub fn is_nominal(d: &DocView, clause_start: usize, t0: usize) -> bool {
        t0 > clause_start && (DETERMINERS.contains(&d.lower[t0 - 1]) || d.tok_text(t0 - 1).ends_with("'s"))
    }

    /// Decide the mood of a trigger at tokens `[t0, t1)` inside clause `[c0, c1)` of a sentence
    /// starting at token `s0`.
    pub fn mood(&self, d: &DocView, s0: usize, c0: usize, c1: usize, t0: usize, t1: usize) -> Mood {
        if self.openers.iter().any(|o| d.lower[s0] == *o) {
            return Mood::NotFact;
        }
        if self.infinitive_is_goal && t0 > c0 && d.lower[t0 - 1] == "to" {
            // "tried to attack" is an attempt; "the battle to retake" is a goal.
            if let Some(a) = self.attempt_before(d, c0, t0) {
                let _ = a;
                return Mood::Attempt;
            }
            if !(t0 >= c0 + 2 && matches!(d.lem(t0 - 2), "begin" | "start" | "continue" | "manage")) {
                return Mood::NotFact;
            }
        }
        // "groups that have battled ...": background description, not an event.
        if t0 >= c0 + 2 && d.lem(t0 - 1) == "have" && matches!(d.lower[t0 - 2], "that" | "who" | "which") {
            return Mood::NotFact;
        }
        let from = t0.saturating_sub(self.window).max(c0);
        for k in from..t0 {
            if self.blocking.match_at(d, k, t0).is_some() {
                return Mood::NotFact;
            }
        }
        if Self::is_nominal(d, c0, t0) {
            for k in t1..c1 {
                if self.after_nominal.match_at(d, k, c1).is_some() {
                    return Mood::NotFact;
                }
            }
        }
        if self.attempt_before(d, c0, t0).is_some() {
            return Mood::Attempt;
        }
        Mood::Fact
    }

    fn attempt_before(&self, d: &DocView, c0: usize, t0: usize) -> Option<usize> {
        let from = t0.saturating_sub(self.window).max(c0);
        (from..t0).find(|&k| self.attempt.match_at(d, k, t0).is_some())
    }

    fn is_claim_verb_form(w: &str) -> bool {
        // Noun readings ("reports that", "the claim") are not attributions.
        !matches!(
            w,
            "report"
                | "reports"
                | "claim"
                | "claims"
                | "estimate"
                | "estimates"
                | "state"
                | "states"
                | "record"
                | "records"
                | "document"
                | "documents"
                | "note"
                | "notes"
                | "quote"
                | "quotes"
                | "cite"
                | "add"
                | "warning"
                | "saying"
                | "reporting"
        )
    }

    /// The claimant of sentence tokens `[s0, s1)`, if any.
    pub fn claimant(&self, d: &DocView, s0: usize, s1: usize) -> Option<Claim> {
        // "according to X"
        for k in s0..s1 {
            {
                if let Some(e) = self.according.match_at(d, k, s1) {
                    if e == k + 1 && d.lower[k] == "per" {
                        continue;
                    }
                    // "according to plan" is no attribution: a name or "the ..." must follow.
                    let first = d.tok_text(e.min(s1 - 1));
                    if e >= s1
                        || !(first.starts_with(char::is_uppercase)
                            || matches!(
                                first,
                                "the"
                                    | "a"
                                    | "an"
                                    | "local"
                                    | "official"
                                    | "officials"
                                    | "witnesses"
                                    | "sources"
                                    | "residents"
                                    | "activists"
                                    | "police"
                                    | "medics"
                                    | "doctors"
                                    | "security"
                            ))
                    {
                        continue;
                    }
                    let mut end = e;
                    while end < s1
                        && end - e < 12
                        && !matches!(d.lower[end], "," | "." | ";" | "\"" | "”" | "that")
                    {
                        end += 1;
                    }
                    if end > e {
                        return Some(self.claim(d, e, end, k));
                    }
                }
            }
        }
        for k in s0..s1 {
            let Some(vend) = self.claim_verbs.match_at(d, k, s1) else {
                continue;
            };
            let w = d.lower[k];
            if !Self::is_claim_verb_form(w) || w.ends_with("ing") {
                continue;
            }
            // "to announce", "an estimated 800": not a finite reporting verb.
            if k > s0 && matches!(d.lower[k - 1], "to" | "a" | "an" | "the" | "some") {
                continue;
            }
            let prev = (k > s0).then(|| d.tok_text(k - 1));
            let quote_before = prev.is_some_and(|p| matches!(p, "\"" | "”" | "'" | "’"));
            // Inverted: '"...," said Ahmed'.
            if (k == s0 || quote_before)
                && vend < s1
                && !matches!(d.lower[vend], "that" | "on" | "in" | "," | "." | "last")
            {
                let mut end = vend;
                while end < s1
                    && end - vend < 8
                    && !matches!(
                        d.lower[end],
                        "," | "." | ";" | "\"" | "”" | "in" | "on" | "that" | "adding" | "who" | "by"
                    )
                {
                    end += 1;
                }
                if end > vend {
                    return Some(self.claim(d, vend, end, k));
                }
            }
            if quote_before || k == s0 {
                continue;
            }
            // Subject before the verb, split at commas; "X, a commander, said": the first part.
            // Only the first (nearest the verb) and the last part are ever used.
            let mut first: Option<(usize, usize)> = None;
            let mut seg_end = k;
            let mut j = k;
            while j > s0 {
                let w = d.lower[j - 1];
                if matches!(w, "\"" | "”" | "“" | "'" | "’" | ";" | "that" | ":") {
                    break;
                }
                if w == "," {
                    first.get_or_insert((j, seg_end));
                    seg_end = j - 1;
                }
                j -= 1;
            }
            let last = (j, seg_end);
            let (a, b) = if prev == Some(",") { last } else { first.unwrap_or(last) };
            let a = a.max(b.saturating_sub(10));
            if b > a
                && !(a..b).any(|t| matches!(d.lem(t), "be" | "have" | "not" | "could" | "would" | "will"))
            {
                return Some(self.claim(d, a, b, k));
            }
        }
        None
    }

    fn claim(&self, d: &DocView, mut a: usize, b: usize, verb: usize) -> Claim {
        while a < b && matches!(d.lower[a], "the" | "a" | "an" | "\"" | "“") {
            a += 1;
        }
        // "statement by the PMF (Hashd ...": keep the part before a bracket.
        let b = (a + 1..b).find(|&k| d.lower[k] == "(" && k > a + 2).unwrap_or(b);
        let (s, e) = (d.seg.tokens[a.min(b - 1)].start, d.seg.tokens[b - 1].end);
        let text = d.text[s..e].to_string();
        let pronoun = b - a == 1 && self.pronouns.iter().any(|p| p == d.lower[a]);
        Claim { text, start: a, end: b, verb, pronoun }
    }
}
