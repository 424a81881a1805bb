//! Event coding on the development sets under one directory (by default
//! `../shared/eval/events`); each set is skipped when absent.
//!
//! - FA-KES (`fa-kes-syria-dev/fakes-dev.csv`): governorate (article-level and of the main
//!   event's own place), located and misplaced conflict events, actor class, cause and death toll
//!   of each article's main event, against the crowd coding ([`fakes`]).
//! - IndiaPoliceEvents (`india-police-events/sents.jsonl`): sentences reporting police killing
//!   (KILL label), precision/recall/F1 ([`ipe`]).
//! - PLOVER gold records (`plover-gsr/PLOVER_GSR_CAMEO.txt`): event family, source actor, dead
//!   ([`plover`]).

pub mod fakes;
pub mod ipe;
pub mod plover;

use crate::EvalError;
use eventwire_analyze::Analyzer;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where each set lies under the evaluation directory, and its name in the report.
pub const FAKES_FILE: &str = "fa-kes-syria-dev/fakes-dev.csv";
pub const IPE_FILE: &str = "india-police-events/sents.jsonl";
pub const PLOVER_FILE: &str = "plover-gsr/PLOVER_GSR_CAMEO.txt";

/// The figures of every set found, with the disagreements of each for error analysis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventsReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fakes: Option<fakes::FakesScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub india_police_events: Option<ipe::IpeScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover: Option<plover::PloverScores>,
    /// FA-KES articles where a check disagrees with the crowd coding, in file order.
    #[serde(skip)]
    pub fakes_errors: Vec<fakes::Disagreement>,
    /// IndiaPoliceEvents sentences whose KILL label the coder gets wrong, in file order.
    #[serde(skip)]
    pub ipe_errors: Vec<ipe::Miss>,
    /// PLOVER records whose event family the coder misses, or out-of-scope records it codes as
    /// violence, in file order.
    #[serde(skip)]
    pub plover_errors: Vec<plover::Miss>,
    /// The sets that were not found (and skipped), with their names.
    #[serde(skip)]
    pub missing: Vec<(&'static str, PathBuf)>,
}

/// Evaluate event coding on the sets under `dir`.
pub fn evaluate(analyzer: &Analyzer, dir: &Path) -> Result<EventsReport, EvalError> {
    let mut report = EventsReport::default();
    let path = dir.join(FAKES_FILE);
    if path.is_file() {
        let (scores, errors) = fakes::evaluate(analyzer, &path)?;
        (report.fakes, report.fakes_errors) = (Some(scores), errors);
    } else {
        report.missing.push(("FA-KES", path));
    }
    let path = dir.join(IPE_FILE);
    if path.is_file() {
        let (scores, errors) = ipe::evaluate(analyzer, &path)?;
        (report.india_police_events, report.ipe_errors) = (Some(scores), errors);
    } else {
        report.missing.push(("IndiaPoliceEvents", path));
    }
    let path = dir.join(PLOVER_FILE);
    if path.is_file() {
        let (scores, errors) = plover::evaluate(analyzer, &path)?;
        (report.plover, report.plover_errors) = (Some(scores), errors);
    } else {
        report.missing.push(("PLOVER", path));
    }
    Ok(report)
}

/// Analyse one sentence as a one-sentence article, through the same analysis as every article
/// (places, times, actors, events), as the CASE evaluation does.
fn code_sentence(analyzer: &Analyzer, text: &str) -> eventwire_model::Analysis {
    let doc = eventwire_ingest::document_from_text("s", None, text);
    analyzer.analyze(&doc, None)
}

/// One line per coded event, for error listings: rule, scope, type, actors, toll and the
/// words that fired it.
fn describe_events(text: &str, events: &[eventwire_model::Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            let fired = e.evidence.iter().find_map(|x| x.trigger.and_then(|t| text.get(t.start..t.end)));
            format!(
                "[{} {:?}{} {} / {} | {} -> {} | dead {} | {:?}]",
                e.rule,
                e.scope,
                e.category.map(|c| format!(" {c:?}")).unwrap_or_default(),
                e.acled_event_type,
                e.acled_sub_event_type,
                e.actor1.as_deref().unwrap_or("-"),
                e.actor2.as_deref().unwrap_or("-"),
                e.fatalities.map(|f| f.to_string()).unwrap_or_else(|| "-".into()),
                fired.unwrap_or("sentence"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_of_our_own_are_scored_and_absent_ones_listed() {
        let analyzer = match Analyzer::load(None) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("skipped: sets_of_our_own_are_scored_and_absent_ones_listed: {e}");
                return;
            }
        };
        let dir = std::env::temp_dir().join(format!("ew-eval-events-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("india-police-events")).unwrap();
        std::fs::write(
            dir.join(IPE_FILE),
            "{\"sent_text\": \"The police fired at a crowd in the market, killing two men.\", \"sent_labels\": [\"KILL\"]}\n\
             {\"sent_text\": \"The minister opened a new bridge over the river.\", \"sent_labels\": []}\n",
        )
        .unwrap();
        let report = evaluate(&analyzer, &dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let ipe = report.india_police_events.as_ref().expect("IndiaPoliceEvents scored");
        assert_eq!((ipe.sentences, ipe.kill_gold), (2, 1));
        assert_eq!(
            report.ipe_errors.len(),
            usize::from(ipe.kill_recall < 1.0) + usize::from(ipe.kill_precision < 1.0)
        );
        let missing: Vec<&str> = report.missing.iter().map(|(set, _)| *set).collect();
        assert_eq!(missing, ["FA-KES", "PLOVER"]);
        let v = serde_json::to_value(&report).unwrap();
        assert!(v.get("india_police_events").is_some() && v.get("fakes").is_none(), "{v}");
    }
}
