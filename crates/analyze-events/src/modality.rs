//! Modality (negated, future, hypothetical, attempted) and attribution ("police said").

use crate::data::CuesFile;
use crate::doc::{DocView, PhraseSet, WordSet};
use crate::error::EventsError;
use crate::vocab::{FxSet, Lemmas};

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
    determiners: WordSet,
    /// Lemmas.
    phase_verbs: WordSet,
    relative_pronouns: WordSet,
    noun_forms: WordSet,
    /// Compared with the token's text as written.
    according_followers: FxSet<String>,
    according_end: WordSet,
    not_finite_after: WordSet,
    not_inverted_before: WordSet,
    inverted_end: WordSet,
    subject_start: WordSet,
    /// Lemmas.
    not_in_claimant: WordSet,
    claimant_skip: WordSet,
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

impl Cues {
    pub fn new(c: &CuesFile, l: &Lemmas) -> Result<Self, EventsError> {
        let set = |key: &str, v: &[String], lemmas: bool| {
            WordSet::new(l, v, lemmas).map_err(|m| EventsError::data("cues.toml", format!("{key}: {m}")))
        };
        let (m, cl) = (&c.modality, &c.claims);
        let mut blocking = sorted(l, &m.negation);
        blocking.extend(sorted(l, &m.future));
        blocking.extend(sorted(l, &m.hypothetical));
        let blocking = PhraseSet::new(l, blocking).flagged(l);
        Ok(Cues {
            window: if m.window == 0 { 8 } else { m.window },
            blocking,
            after_nominal: PhraseSet::new(l, sorted(l, &m.after_nominal)).flagged(l),
            attempt: PhraseSet::new(l, sorted(l, &m.attempt)).flagged(l),
            openers: m.conditional_openers.iter().map(|s| s.to_lowercase()).collect(),
            infinitive_is_goal: m.infinitive_is_goal,
            claim_verbs: PhraseSet::new(l, sorted(l, &cl.verbs)).flagged(l),
            according: PhraseSet::new(l, sorted(l, &cl.according)).flagged(l),
            pronouns: cl.pronouns.iter().map(|s| s.to_lowercase()).collect(),
            determiners: set("modality.determiners", &m.determiners, false)?,
            phase_verbs: set("modality.phase_verbs", &m.phase_verbs, true)?,
            relative_pronouns: set("modality.relative_pronouns", &m.relative_pronouns, false)?,
            noun_forms: set("claims.noun_forms", &cl.noun_forms, false)?,
            according_followers: cl.according_followers.iter().cloned().collect(),
            according_end: set("claims.according_end", &cl.according_end, false)?,
            not_finite_after: set("claims.not_finite_after", &cl.not_finite_after, false)?,
            not_inverted_before: set("claims.not_inverted_before", &cl.not_inverted_before, false)?,
            inverted_end: set("claims.inverted_end", &cl.inverted_end, false)?,
            subject_start: set("claims.subject_start", &cl.subject_start, false)?,
            not_in_claimant: set("claims.not_in_claimant", &cl.not_in_claimant, true)?,
            claimant_skip: set("claims.claimant_skip", &cl.claimant_skip, false)?,
        })
    }

    /// Is the trigger at `[t0, t1)` a nominal ("the capture of ...")?
    pub fn is_nominal(&self, d: &DocView, clause_start: usize, t0: usize) -> bool {
        t0 > clause_start && (d.lower_in(t0 - 1, &self.determiners) || d.tok_text(t0 - 1).ends_with("'s"))
    }

    /// Decide the mood of a trigger at tokens `[t0, t1)` inside clause `[c0, c1)` of a sentence
    /// starting at token `s0`.
    pub fn mood(&self, d: &DocView, s0: usize, c0: usize, c1: usize, t0: usize, t1: usize) -> Mood {
        if self.openers.iter().any(|o| d.lower[s0] == *o) {
            return Mood::NotFact;
        }
        if self.infinitive_is_goal && t0 > c0 && d.lower[t0 - 1] == "to" {
            // "tried to attack" is an attempt; "the push to retake" is a goal.
            if let Some(a) = self.attempt_before(d, c0, t0) {
                let _ = a;
                return Mood::Attempt;
            }
            if !(t0 >= c0 + 2 && d.lemma_in(t0 - 2, &self.phase_verbs)) {
                return Mood::NotFact;
            }
        }
        // "groups that have fought ...": background description, not an event.
        if t0 >= c0 + 2 && d.lem(t0 - 1) == "have" && d.lower_in(t0 - 2, &self.relative_pronouns) {
            return Mood::NotFact;
        }
        let from = t0.saturating_sub(self.window).max(c0);
        for k in from..t0 {
            if self.blocking.match_at(d, k, t0).is_some() && !month_may(d, s0, k) {
                return Mood::NotFact;
            }
        }
        if self.is_nominal(d, c0, t0) {
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

    /// The claimant of sentence tokens `[s0, s1)`, if any: "according to X", else the
    /// subject of the first reporting verb ("X said"), or the name after it ('"...," said X').
    pub fn claimant(&self, d: &DocView, s0: usize, s1: usize) -> Option<Claim> {
        (s0..s1)
            .find_map(|k| self.according_to(d, s1, k))
            .or_else(|| (s0..s1).find_map(|k| self.reported_by(d, s0, s1, k)))
    }

    /// "according to X" at token `k`.
    fn according_to(&self, d: &DocView, s1: usize, k: usize) -> Option<Claim> {
        let e = self.according.match_at(d, k, s1)?;
        if e == k + 1 && d.lower[k] == "per" {
            return None;
        }
        // "according to plan" is no attribution: a name or "the ..." must follow.
        let first = d.tok_text(e.min(s1 - 1));
        if e >= s1 || !(first.starts_with(char::is_uppercase) || self.according_followers.contains(first)) {
            return None;
        }
        let mut end = e;
        while end < s1 && end - e < 12 && !d.lower_in(end, &self.according_end) {
            end += 1;
        }
        (end > e).then(|| self.claim(d, e, end, k))
    }

    /// A reporting verb at token `k` and its claimant: after it when it opens the sentence or
    /// follows a quote, else the subject before it.
    fn reported_by(&self, d: &DocView, s0: usize, s1: usize, k: usize) -> Option<Claim> {
        let vend = self.claim_verbs.match_at(d, k, s1)?;
        // Noun readings ("reports that", "the claim") are not attributions.
        if d.lower_in(k, &self.noun_forms) || d.lower[k].ends_with("ing") {
            return None;
        }
        // "to announce", "an estimated 800": not a finite reporting verb.
        if k > s0 && d.lower_in(k - 1, &self.not_finite_after) {
            return None;
        }
        let prev = (k > s0).then(|| d.tok_text(k - 1));
        let quote_before = prev.is_some_and(|p| matches!(p, "\"" | "”" | "'" | "’"));
        // Inverted: '"...," said Ahmed'.
        if (k == s0 || quote_before) && vend < s1 && !d.lower_in(vend, &self.not_inverted_before) {
            let mut end = vend;
            while end < s1 && end - vend < 8 && !d.lower_in(end, &self.inverted_end) {
                end += 1;
            }
            if end > vend {
                return Some(self.claim(d, vend, end, k));
            }
        }
        if quote_before || k == s0 {
            return None;
        }
        // Subject before the verb, split at commas; "X, a commander, said": the first part.
        // Only the first (nearest the verb) and the last part are ever used.
        let mut first: Option<(usize, usize)> = None;
        let mut seg_end = k;
        let mut j = k;
        while j > s0 {
            if d.lower_in(j - 1, &self.subject_start) {
                break;
            }
            if d.lower[j - 1] == "," {
                first.get_or_insert((j, seg_end));
                seg_end = j - 1;
            }
            j -= 1;
        }
        let last = (j, seg_end);
        let (a, b) = if prev == Some(",") { last } else { first.unwrap_or(last) };
        let a = a.max(b.saturating_sub(10));
        (b > a && !(a..b).any(|t| d.lemma_in(t, &self.not_in_claimant))).then(|| self.claim(d, a, b, k))
    }

    fn claim(&self, d: &DocView, mut a: usize, b: usize, verb: usize) -> Claim {
        while a < b && d.lower_in(a, &self.claimant_skip) {
            a += 1;
        }
        // "a statement by the militia (known locally as ...": keep the part before a bracket.
        let b = (a + 1..b).find(|&k| d.lower[k] == "(" && k > a + 2).unwrap_or(b);
        let (s, e) = (d.seg.tokens[a.min(b - 1)].start, d.seg.tokens[b - 1].end);
        let text = d.text[s..e].to_string();
        let pronoun = b - a == 1 && self.pronouns.iter().any(|p| p == d.lower[a]);
        Claim { text, start: a, end: b, verb, pronoun }
    }
}

/// Is "may" at token `k` the month ("Tue May 3 2016", "on 3 may") rather than the modal? A
/// number beside it, or a capital inside the sentence.
fn month_may(d: &DocView, s0: usize, k: usize) -> bool {
    let digit = |i: usize| d.tok_text(i).starts_with(|c: char| c.is_ascii_digit());
    d.lower[k] == "may"
        && ((k + 1 < d.lower.len() && digit(k + 1))
            || (k > 0 && digit(k - 1))
            || (k > s0 && d.tok_text(k).starts_with('M')))
}
