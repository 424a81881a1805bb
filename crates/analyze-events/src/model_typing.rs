//! The event-type model's part in coding an article: it checks the type of each rule event
//! against what its sentence reports, tells conflict events from other news, and finds the
//! events of the headline and lead that no rule caught.

use crate::article::Article;
use crate::coder::Coder;
use crate::doc::Clause;
use crate::draft::Draft;
use crate::modality::Mood;
use crate::rules::Fire;
use crate::type_model::{Meaning, TypeModel, Verdict};
use eventwire_model::Modality;

impl Coder {
    /// Type `drafts` with the model and add the lead's events that no rule found.
    pub(crate) fn type_by_model<'r>(&'r self, a: &Article, drafts: Vec<Draft<'r>>) -> Vec<Draft<'r>> {
        let Some(model) = &self.types else { return drafts };
        let mut out = Vec::with_capacity(drafts.len());
        for mut dr in drafts {
            let rule_label = model.label_of_sub(dr.sub);
            let v = model.verdict(sentence_text(a, dr.sentence), rule_label);
            let keep_as_is =
                *model.meaning(v.label) == Meaning::NoEvent && !model.decision.no_event_drops_rule_events;
            if keep_as_is || retype(model, &mut dr, v) {
                out.push(dr);
            }
        }
        self.detect_in_lead(a, model, &mut out);
        out
    }

    /// Events the model finds in the headline and the lead sentences where no rule fired.
    fn detect_in_lead<'r>(&'r self, a: &Article, model: &'r TypeModel, drafts: &mut Vec<Draft<'r>>) {
        let seg = a.input.seg;
        let first_body = a.title_sent.map_or(0, |t| t + 1);
        let lead_end = (first_body + model.decision.lead_sentences).min(seg.sentences.len());
        let candidates = a.title_sent.into_iter().chain(first_body..lead_end);
        for si in candidates {
            if drafts.iter().any(|d| d.sentences.contains(&si)) {
                continue;
            }
            // The rules' triggers in the sentence, read once for both checks below.
            let sent = &seg.sentences[si];
            let mut fired = Vec::new();
            self.rules.fires_into(&a.d, sent.first_token, sent.end_token, &mut fired);
            // A sentence hedged as no fact (negated, future, conditional) reports no event,
            // whatever kind of event it speaks of.
            if self.reads_as_not_fact(a, si, &fired) {
                continue;
            }
            let v = model.verdict(sentence_text(a, si), None);
            if v.probability < model.decision.detect_probability
                || *model.meaning(v.label) == Meaning::NoEvent
            {
                continue;
            }
            // A rule for that very kind of event read the sentence and refused it (no armed
            // actor to set up a base, no place or toll): the rule has the last word.
            if let Meaning::Conflict { sub_event_type, .. } = model.meaning(v.label) {
                if self.refused_by_rule(&fired, sub_event_type) {
                    continue;
                }
            }
            if let Some(dr) = self.model_draft(a, model, si, v) {
                drafts.push(dr);
            }
        }
        drafts.sort_by_key(|d| d.sentence);
    }

    /// Whether the sentence is hedged as no fact (negated, future, conditional) at one of its
    /// event words: the rules' triggers that `fired` in it, read with the cues that silence a rule.
    fn reads_as_not_fact(&self, a: &Article, si: usize, fired: &[Fire]) -> bool {
        let s = &a.input.seg.sentences[si];
        fired.iter().any(|f| {
            self.cues.mood(&a.d, s.first_token, s.first_token, s.end_token, f.start, f.end) == Mood::NotFact
        })
    }

    /// Whether one of the triggers that `fired` in a sentence belongs to a rule that codes `sub`
    /// (no draft came of it).
    fn refused_by_rule(&self, fired: &[Fire], sub: &str) -> bool {
        fired.iter().any(|f| self.rules.rules[f.rule].sub_event_types(&self.rules.roles).contains(&sub))
    }

    /// A draft for sentence `si` from the model's verdict: its place, date and tolls as the
    /// sentence gives them; no actors, since no rule read their roles. `None` when the
    /// sentence's date shows it tells background.
    fn model_draft<'r>(
        &'r self,
        a: &Article,
        model: &'r TypeModel,
        si: usize,
        v: Verdict,
    ) -> Option<Draft<'r>> {
        let sent = &a.input.seg.sentences[si];
        if sent.end_token <= sent.first_token {
            return None;
        }
        let clause = Clause { sentence: si, start: sent.first_token, end: sent.end_token };
        let fire = Fire { rule: 0, start: sent.first_token, end: sent.first_token + 1 };
        let dates = self.dates(a, &clause, fire)?;
        let tolls = crate::detect::Tolls::of(a, &clause);
        let place = crate::event_places::event_place(
            a,
            (clause.start, clause.end),
            (sent.first_token, sent.end_token),
            sent.first_token,
        );
        let mut dr = Draft {
            rule: 0,
            event_type: "",
            sub: "",
            sentence: si,
            sentences: vec![si],
            actor1: None,
            actor1_count: None,
            actor2: None,
            place,
            has_own_place: place.is_some(),
            date: dates.taken,
            has_own_time: dates.own.is_some(),
            fatalities: tolls.fatalities,
            injured: tolls.injured,
            displaced: tolls.displaced,
            modality: Modality::Asserted,
            claimant: a.claim_text(si),
            evidence: vec![(sent.start, sent.end)],
            category: None,
            type_probability: None,
            model_label: Some(v.label),
        };
        retype(model, &mut dr, v).then_some(dr)
    }
}

/// Give `dr` the type of the model's verdict; `false` when the verdict is that the sentence
/// reports no event.
fn retype<'r>(model: &'r TypeModel, dr: &mut Draft<'r>, v: Verdict) -> bool {
    match model.meaning(v.label) {
        Meaning::NoEvent => return false,
        Meaning::Conflict { event_type, sub_event_type } => {
            dr.event_type = event_type;
            dr.sub = sub_event_type;
        }
        Meaning::Other(category) => dr.category = Some(*category),
    }
    dr.type_probability = Some(v.probability);
    true
}

fn sentence_text<'a>(a: &Article<'a>, si: usize) -> &'a str {
    let s = &a.input.seg.sentences[si];
    &a.input.text[s.start..s.end]
}
