//! IndiaPoliceEvents: does the coder find the sentences that report police killing (the KILL
//! label)?

use super::code_sentence;
use crate::{round, EvalError};
use eventwire_analyze::Analyzer;
use eventwire_model::{ActorKind, Event, Scope};
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// Precision, recall and F1 of the KILL label over the sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IpeScores {
    pub kill_f1: f64,
    pub kill_gold: usize,
    pub kill_precision: f64,
    pub kill_recall: f64,
    pub sentences: usize,
}

/// A sentence whose KILL label the coder gets wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// True: coded as a police killing without the label; false: labelled and not found.
    pub spurious: bool,
    /// Whether the coder found any killing in the sentence.
    pub any_killing: bool,
    /// Whether it found any state forces in it.
    pub any_police: bool,
    pub sentence: String,
    /// The coded events, one line each ([`super::describe_events`]).
    pub events: Vec<String>,
}

/// Words of the trigger that make an event a killing when it counts no dead.
const KILL_WORDS: &[&str] = &[
    "kill", "dead", "died", "die ", "death", "shot", "massacre", "lynch", "slain", "execut", "perish",
    "succumb",
];

/// Evaluate IndiaPoliceEvents at `path` (JSON Lines: `sent_text`, `sent_labels`).
pub fn evaluate(analyzer: &Analyzer, path: &Path) -> Result<(IpeScores, Vec<Miss>), EvalError> {
    let text = crate::read(path)?;
    let (mut tp, mut fp, mut fn_, mut n) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| EvalError::format(path, format!("IndiaPoliceEvents line: {e}")))?;
        let sent = v["sent_text"].as_str().unwrap_or("");
        let gold = v["sent_labels"].as_array().is_some_and(|l| l.iter().any(|x| x == "KILL"));
        let c = code_sentence(analyzer, sent);
        // Police killing: a coded killing with state forces as one of its actors (ACLED puts
        // police firing on rioters under the rioters' event, police second). The words that
        // fired the rule decide, not the whole quoted sentence (which names any death nearby).
        let state_forces = |name: &Option<String>| {
            name.as_ref()
                .is_some_and(|n| c.actors.iter().any(|a| &a.actor == n && a.kind == ActorKind::StateForces))
        };
        let killing = |e: &Event| {
            e.fatalities.is_some_and(|f| f > 0)
                || e.evidence.iter().any(|x| {
                    let fired = x.trigger.and_then(|t| sent.get(t.start..t.end)).unwrap_or(&x.quote);
                    // A trailing space, so that a trigger that is the bare word "die" matches
                    // "die " (which keeps "diesel" out).
                    let q = fired.to_lowercase() + " ";
                    KILL_WORDS.iter().any(|k| q.contains(k))
                })
        };
        // Only conflict events: one the coder files as other news (a crime, a claim of
        // responsibility) is no police killing by its own reading.
        let sys = c.events.iter().any(|e| {
            e.scope == Scope::Conflict && killing(e) && (state_forces(&e.actor1) || state_forces(&e.actor2))
        });
        n += 1;
        match (sys, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        if sys != gold {
            misses.push(Miss {
                spurious: sys,
                any_killing: c.events.iter().any(killing),
                any_police: c.actors.iter().any(|a| a.kind == ActorKind::StateForces),
                sentence: sent.to_string(),
                events: super::describe_events(sent, &c.events),
            });
        }
    }
    let (p, r, f) = prf(tp, fp, fn_);
    Ok((
        IpeScores { kill_f1: f, kill_gold: tp + fn_, kill_precision: p, kill_recall: r, sentences: n },
        misses,
    ))
}

/// Precision, recall and F1, rounded.
fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
    let r = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (round(p), round(r), round(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_of_counts() {
        assert_eq!(prf(0, 0, 0), (0.0, 0.0, 0.0));
        assert_eq!(prf(1, 1, 2), (0.5, 0.333, 0.4));
    }
}
