//! PLOVER gold records: event family, source actor and dead of single sentences.

use super::code_sentence;
use crate::{round, EvalError};
use eventwire_analyze::Analyzer;
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// The PLOVER figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PloverScores {
    pub dead_exact: f64,
    pub dead_records: usize,
    pub event_family_recall: f64,
    pub out_of_scope_violent_false_positive_rate: f64,
    pub records_in_acled_scope: usize,
    pub records_out_of_scope: usize,
    pub source_actor_recall: f64,
}

/// A record the coder gets wrong: an in-scope family it misses, or an out-of-scope record it
/// codes as violence.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// The record's PLOVER event type.
    pub event: String,
    /// True: an out-of-scope record coded as violence; false: an in-scope family missed.
    pub spurious: bool,
    pub sentence: String,
    /// The coded events, one line each ([`super::describe_events`]).
    pub events: Vec<String>,
}

/// PLOVER event types and the ACLED event types that cover them.
fn plover_family(t: &str) -> Option<&'static [&'static str]> {
    Some(match t {
        "ASSAULT" => &["Violence against civilians", "Explosions/Remote violence", "Battles", "Riots"],
        "FIGHT" => &["Battles", "Explosions/Remote violence", "Violence against civilians"],
        "PROTEST" => &["Protests", "Riots"],
        "AGREE" => &["Strategic developments"],
        _ => return None,
    })
}

/// The PLOVER file is JSON with trailing commas: drop them (outside strings) and parse.
fn parse_plover(text: &str) -> Result<Vec<Value>, String> {
    let mut clean = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut in_str = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            clean.push(c);
            if c == '\\' && i + 1 < chars.len() {
                clean.push(chars[i + 1]);
                i += 1;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            clean.push(c);
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}') | Some(']')) {
                clean.push(c);
            }
        } else {
            clean.push(c);
        }
        i += 1;
    }
    let v: Value = serde_json::from_str(&clean).map_err(|e| format!("parsing PLOVER records: {e}"))?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// Evaluate the PLOVER records at `path`.
pub fn evaluate(analyzer: &Analyzer, path: &Path) -> Result<(PloverScores, Vec<Miss>), EvalError> {
    let text = crate::read(path)?;
    let records = parse_plover(&text).map_err(|m| EvalError::format(path, m))?;
    let (mut in_scope, mut typed_ok, mut out_scope, mut out_fp) = (0, 0, 0, 0);
    let (mut actor_gold, mut actor_ok, mut dead_gold, mut dead_ok) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    // Only conflict events count, for the families and as violence: an event the coder files
    // as other news (diplomacy, a disaster, a claim) is by its own reading none of them.
    let conflict = |e: &eventwire_model::Event| e.scope == eventwire_model::Scope::Conflict;
    for r in &records {
        let (Some(t), Some(sent)) = (r["event"].as_str(), r["text"].as_str()) else { continue };
        let c = code_sentence(analyzer, sent);
        let wrong = match plover_family(t) {
            Some(types) => {
                in_scope += 1;
                let found =
                    c.events.iter().any(|e| conflict(e) && types.contains(&e.acled_event_type.as_str()));
                typed_ok += usize::from(found);
                (!found).then_some(false)
            }
            None => {
                out_scope += 1;
                let violent =
                    c.events.iter().any(|e| conflict(e) && e.acled_event_type != "Strategic developments");
                out_fp += usize::from(violent);
                violent.then_some(true)
            }
        };
        if let Some(spurious) = wrong {
            misses.push(Miss {
                event: t.to_string(),
                spurious,
                sentence: sent.to_string(),
                events: super::describe_events(sent, &c.events),
            });
        }
        // Source actor: one of our actor mentions overlaps the gold actor text.
        for at in r["source"].as_array().into_iter().flatten().filter_map(|s| s["actorText"].as_str()) {
            actor_gold += 1;
            let at = at.to_lowercase();
            if c.actors.iter().any(|m| {
                let mt = m.text.to_lowercase();
                mt.contains(&at) || at.contains(&mt)
            }) {
                actor_ok += 1;
            }
        }
        if let Some(dead) = r["dead"].as_str().and_then(|d| d.parse::<u64>().ok()) {
            dead_gold += 1;
            if c.events.iter().any(|e| e.fatalities == Some(dead)) {
                dead_ok += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| round(a as f64 / b.max(1) as f64);
    let scores = PloverScores {
        dead_exact: ratio(dead_ok, dead_gold),
        dead_records: dead_gold,
        event_family_recall: ratio(typed_ok, in_scope),
        out_of_scope_violent_false_positive_rate: ratio(out_fp, out_scope),
        records_in_acled_scope: in_scope,
        records_out_of_scope: out_scope,
        source_actor_recall: ratio(actor_ok, actor_gold),
    };
    Ok((scores, misses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_map_to_acled_event_types() {
        let t = eventwire_events::taxonomy();
        for f in ["ASSAULT", "FIGHT", "PROTEST", "AGREE"] {
            assert!(plover_family(f).unwrap().iter().all(|e| t.is_event_type(e)), "{f}");
        }
    }

    #[test]
    fn plover_trailing_commas() {
        let v = parse_plover("[{\"a\": \"x,}\", \"b\": [1,2,],},]").unwrap();
        assert_eq!(v[0]["a"], "x,}");
        assert_eq!(v[0]["b"].as_array().unwrap().len(), 2);
    }
}
