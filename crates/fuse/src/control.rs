//! Control history: who holds a place from when, derived from territory events.

use crate::dates;
use crate::merge::PlaceRef;
use eventwire_model::Modality;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A fused territory event at one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TerritoryChange {
    /// Store id of the merged event.
    pub event: i64,
    pub place: PlaceRef,
    /// `None` when no source dates it: the step is kept, and ordered after the dated ones.
    pub date: Option<String>,
    pub date_is_report_date: bool,
    pub sub_event_type: String,
    /// Who took the place.
    pub taker: Option<String>,
    /// Who lost it, when the sources say.
    pub loser: Option<String>,
    pub modality: Modality,
    /// Documents reporting it.
    pub docs: Vec<i64>,
    pub n_independent: usize,
}

/// One step of a control history: `from → to` on `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlStep {
    /// `None` when unknown.
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: String,
    pub sub_event_type: String,
    /// Merged events supporting the step (the first one, then confirmations).
    pub events: Vec<i64>,
    pub docs: Vec<i64>,
    pub n_independent: usize,
    /// 0..1: more independent sources and asserted (not claimed) changes score higher.
    pub confidence: f32,
    /// Caveats, e.g. a claimed change or a previous holder that disagrees with the history.
    pub notes: Vec<String>,
}

impl ControlStep {
    /// `IS → Iraqi forces, 2016-11-07, 1 source`.
    pub fn summary(&self) -> String {
        let n = self.n_independent;
        format!(
            "{} → {}, {}, {n} source{}",
            self.from.as_deref().unwrap_or("?"),
            self.to,
            self.date.as_deref().unwrap_or("date unknown"),
            if n == 1 { "" } else { "s" }
        )
    }
}

/// The control history of one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceControl {
    pub place: PlaceRef,
    pub steps: Vec<ControlStep>,
    /// Holder after the last step.
    pub holder: Option<String>,
}

fn confidence(n_independent: usize, modality: Modality, report_date: bool) -> f32 {
    let base = match n_independent {
        0 | 1 => 0.6,
        2 => 0.8,
        _ => 0.9,
    };
    let claimed = if modality == Modality::Reported { 0.85 } else { 1.0 };
    let dated = if report_date { 0.9 } else { 1.0 };
    base * claimed * dated
}

fn same_actor(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Build control histories from territory changes (any order). Attempts and changes with no
/// known taker are skipped. A report that the current holder took the place again is a
/// confirmation of the step that gave it to them, not a new step.
pub fn control_history(changes: Vec<TerritoryChange>) -> Vec<PlaceControl> {
    let mut by_place: BTreeMap<String, Vec<TerritoryChange>> = BTreeMap::new();
    for c in changes {
        if c.modality == Modality::Attempted || c.taker.is_none() {
            continue;
        }
        by_place.entry(c.place.key.clone()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (_, mut cs) in by_place {
        cs.sort_by_key(|c| {
            (c.date.as_deref().and_then(dates::interval).map(|w| w.0).unwrap_or(i64::MAX), c.event)
        });
        let place = cs[0].place.clone();
        let mut steps: Vec<ControlStep> = Vec::new();
        let mut holder: Option<String> = None;
        for c in cs {
            let taker = c.taker.clone().expect("filtered");
            if holder.as_deref().is_some_and(|h| same_actor(h, &taker)) {
                let s = steps.last_mut().expect("holder implies a step");
                // A confirmation may name whom the place was taken from.
                if s.from.is_none() {
                    s.from = c.loser.clone().filter(|l| !same_actor(l, &taker));
                }
                s.events.push(c.event);
                s.docs.extend(&c.docs);
                s.docs.sort_unstable();
                s.docs.dedup();
                s.n_independent += c.n_independent;
                s.confidence =
                    s.confidence.max(confidence(s.n_independent, c.modality, c.date_is_report_date));
                continue;
            }
            let mut notes = Vec::new();
            if c.modality == Modality::Reported {
                notes.push("claimed by a party, not independently confirmed".to_string());
            }
            let mut conf = confidence(c.n_independent, c.modality, c.date_is_report_date);
            let from = match (&holder, &c.loser) {
                (Some(h), Some(l)) if !same_actor(h, l) => {
                    notes.push(format!("sources say it was taken from {l}; the history had {h}"));
                    conf *= 0.8;
                    Some(l.clone())
                }
                (_, Some(l)) => Some(l.clone()),
                (Some(h), None) => Some(h.clone()),
                (None, None) => None,
            };
            if from.as_deref().is_some_and(|f| same_actor(f, &taker)) {
                continue;
            }
            if c.date_is_report_date {
                notes.push("dated by the article date only".to_string());
            }
            steps.push(ControlStep {
                date: c.date.clone(),
                from,
                to: taker.clone(),
                sub_event_type: c.sub_event_type.clone(),
                events: vec![c.event],
                docs: c.docs.clone(),
                n_independent: c.n_independent,
                confidence: conf,
                notes,
            });
            holder = Some(taker);
        }
        if !steps.is_empty() {
            out.push(PlaceControl { place, steps, holder });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::tests::place;

    fn change(event: i64, date: &str, taker: &str, loser: &str) -> TerritoryChange {
        TerritoryChange {
            event,
            place: place("Tel Hamra", 36.1, 43.2),
            date: Some(date.into()),
            date_is_report_date: false,
            sub_event_type: "Government regains territory".into(),
            taker: (!taker.is_empty()).then(|| taker.into()),
            loser: (!loser.is_empty()).then(|| loser.into()),
            modality: Modality::Asserted,
            docs: vec![event * 10],
            n_independent: 1,
        }
    }

    #[test]
    fn history_follows_dates_and_fills_previous_holder() {
        let h = control_history(vec![
            change(2, "2017-03-01", "Islamic State", ""),
            change(1, "2016-11-07", "Iraqi forces", "Islamic State"),
            change(3, "2017-04-10", "Iraqi forces", ""),
        ]);
        assert_eq!(h.len(), 1);
        let s: Vec<String> = h[0].steps.iter().map(ControlStep::summary).collect();
        assert_eq!(
            s,
            [
                "Islamic State → Iraqi forces, 2016-11-07, 1 source",
                "Iraqi forces → Islamic State, 2017-03-01, 1 source",
                "Islamic State → Iraqi forces, 2017-04-10, 1 source"
            ]
        );
        assert_eq!(h[0].holder.as_deref(), Some("Iraqi forces"));
    }

    #[test]
    fn holder_does_not_retake_its_own_place() {
        let h = control_history(vec![
            change(1, "2016-11-07", "Iraqi forces", "Islamic State"),
            change(2, "2016-11-20", "Iraqi forces", "Islamic State"),
        ]);
        let steps = &h[0].steps;
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].events, vec![1, 2]);
        // The first report did not say from whom; the confirmation does.
        let h = control_history(vec![
            change(1, "2016-10-17", "Iraqi forces", ""),
            change(2, "2016-11-07", "Iraqi forces", "Islamic State"),
        ]);
        assert_eq!(h[0].steps[0].summary(), "Islamic State → Iraqi forces, 2016-10-17, 2 sources");
        assert_eq!(steps[0].n_independent, 2);
        assert!(steps[0].confidence > confidence(1, Modality::Asserted, false));
    }

    #[test]
    fn attempts_and_unknown_takers_are_not_control_changes() {
        let mut a = change(1, "2016-11-07", "Islamic State", "Iraqi forces");
        a.modality = Modality::Attempted;
        let b = change(2, "2016-11-08", "", "Iraqi forces");
        assert!(control_history(vec![a, b]).is_empty());
    }

    #[test]
    fn claimed_changes_carry_lower_confidence_and_a_note() {
        let mut a = change(1, "2017-11-05", "Syrian Democratic Forces", "Islamic State");
        a.modality = Modality::Reported;
        let h = control_history(vec![a]);
        assert!(h[0].steps[0].confidence < 0.6);
        assert!(!h[0].steps[0].notes.is_empty());
    }

    #[test]
    fn undated_changes_are_kept_after_the_dated_ones() {
        let mut undated = change(2, "", "Syrian Democratic Forces", "Islamic State");
        undated.date = None;
        let h = control_history(vec![undated, change(1, "2016-11-07", "Islamic State", "")]);
        let s: Vec<String> = h[0].steps.iter().map(ControlStep::summary).collect();
        assert_eq!(
            s,
            [
                "? → Islamic State, 2016-11-07, 1 source",
                "Islamic State → Syrian Democratic Forces, date unknown, 1 source"
            ]
        );
    }
}
