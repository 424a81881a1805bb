//! The event-type model's part in coding an article: it checks the type of each rule event
//! against what its sentence reports, tells conflict events from other news, and finds the
//! events of the headline and lead that no rule caught.

use crate::article::Article;
use crate::coder::Coder;
use crate::doc::Clause;
use crate::draft::Draft;
use crate::modality::Mood;
use crate::rules::Fire;
use crate::type_model::{Meaning, Readings, TypeModel, Verdict};
use eventwire_model::{EventCategory, Modality};

impl Coder {
    /// Type `drafts` with the model and add the lead's events that no rule found.
    pub(crate) fn type_by_model<'r>(&'r self, a: &Article, drafts: Vec<Draft<'r>>) -> Vec<Draft<'r>> {
        let Some(model) = &self.types else { return drafts };
        let mut readings = Readings::new(model, a.input.text, a.input.seg);
        let mut out = Vec::with_capacity(drafts.len());
        for mut dr in drafts {
            let rule_label = model.label_of_sub(dr.sub);
            let v = readings.verdict(dr.sentence, rule_label);
            // A rule's event of a kind the model has no label for (another development) is not
            // made a change of territory either: only a territory rule reads who took what.
            let keep_as_is = (*model.meaning(v.label) == Meaning::NoEvent
                && !model.decision.no_event_drops_rule_events)
                || (rule_label.is_none() && model.only_from_rules(v.label));
            if keep_as_is || retype(model, &mut dr, v) {
                out.push(dr);
            }
        }
        self.detect_in_lead(a, model, &mut readings, &mut out);
        self.mark_lead_event(a, model, &mut readings, &mut out);
        self.attach_attributions(a, &mut out);
        out
    }

    /// The headline and lead sentences (indices into the article's sentences).
    fn lead_sentences(a: &Article, model: &TypeModel) -> Vec<usize> {
        let first_body = a.title_sent.map_or(0, |t| t + 1);
        let lead_end = (first_body + model.decision.lead_sentences).min(a.input.seg.sentences.len());
        a.title_sent.into_iter().chain(first_body..lead_end).collect()
    }

    /// Read the headline and lead together for the kind of event they report. When a lead
    /// event is already of that kind (or of a kind the rules tell from it by the actors), the
    /// rules' main event stands; else the rules' main event is retyped to it; with no event in
    /// the lead, the lead sentence likeliest to tell it becomes one. Either leads the article.
    fn mark_lead_event<'r>(
        &'r self,
        a: &Article,
        model: &'r TypeModel,
        readings: &mut Readings,
        drafts: &mut Vec<Draft<'r>>,
    ) {
        let lead = Self::lead_sentences(a, model);
        if lead.is_empty() {
            return;
        }
        let label_of = |d: &Draft| {
            d.model_label.or_else(|| match d.category {
                Some(c) => model.label_of_category(c),
                None => model.label_of_sub(d.sub),
            })
        };
        let main = crate::draft::main_draft(a, drafts);
        // The lead is weighed as a rule's sentence is: the type the rules gave the main event
        // counts the more.
        let rule_label = main.filter(|&m| drafts[m].model_label.is_none()).and_then(|m| label_of(&drafts[m]));
        let p = readings.probabilities_together(&lead);
        let verdict = model.verdict_from(&p, rule_label);
        let best = verdict.label;
        if p[best] < model.decision.lead_probability || *model.meaning(best) == Meaning::NoEvent {
            return;
        }
        let in_lead = |d: &Draft| lead.contains(&d.sentence);
        let told =
            |d: &Draft| label_of(d).is_some_and(|l| l == best || model.decided_by_rules_within(l, best));
        // An attack leads over the claim of it that the lead reports with it.
        let claim = *model.meaning(best) == Meaning::Other(EventCategory::Attribution);
        if claim && main.is_some_and(|m| drafts[m].category.is_none()) {
            return;
        }
        if main.is_some_and(|m| told(&drafts[m])) {
            return;
        }
        // Another event of the lead tells it: the article reports both, and the rules' choice
        // of main event stands (it keeps the rules' place, actors and toll).
        if drafts.iter().any(|d| in_lead(d) && Some(d.sentence) != a.title_sent && told(d)) {
            return;
        }
        let only_from_rules = |l: usize| model.only_from_rules(l);
        if only_from_rules(best) {
            return;
        }
        // The lead's own event is retyped rather than a second one added beside it: its actors,
        // place and toll are the rules' reading of the same report.
        if let Some(m) = main {
            let si = drafts[m].sentence;
            let d = &mut drafts[m];
            if !label_of(d).is_some_and(only_from_rules)
                && self.lead_reading_stands(a, model, si, verdict, false)
                && retype(model, d, verdict)
            {
                d.lead_main = true;
            }
            return;
        }
        // No event in the lead: the lead sentence the model finds likeliest to tell one of that
        // kind becomes one.
        let likelihoods: Vec<(usize, f32)> =
            lead.iter().map(|&si| (si, readings.probabilities(si)[best])).collect();
        let Some(&(si, _)) = likelihoods.iter().max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0))) else {
            return;
        };
        if !self.lead_reading_stands(a, model, si, verdict, true) {
            return;
        }
        if let Some(mut dr) = self.model_draft(a, model, si, verdict) {
            dr.lead_main = true;
            drafts.push(dr);
            drafts.sort_by_key(|d| d.sentence);
        }
    }

    /// Events the model finds in the headline and the lead sentences where no rule fired.
    fn detect_in_lead<'r>(
        &'r self,
        a: &Article,
        model: &'r TypeModel,
        readings: &mut Readings,
        drafts: &mut Vec<Draft<'r>>,
    ) {
        let seg = a.input.seg;
        for si in Self::lead_sentences(a, model) {
            if drafts.iter().any(|d| d.sentences.contains(&si)) {
                continue;
            }
            // The rules' triggers in the sentence, read once for both checks below.
            let sent = &seg.sentences[si];
            let mut fired = Vec::new();
            self.rules.fires_into(&a.d, sent.first_token, sent.end_token, &mut fired);
            // A sentence hedged as no fact (negated, future, conditional) at any of its event
            // words is left to the rules: one sentence read alone is weak evidence.
            if fired.iter().any(|f| self.not_fact_at(a, si, f)) {
                continue;
            }
            let v = readings.verdict(si, None);
            if v.probability < model.decision.detect_probability
                || *model.meaning(v.label) == Meaning::NoEvent
            {
                continue;
            }
            if let Meaning::Conflict { sub_event_type, .. } = model.meaning(v.label) {
                // A rule for that very kind of event read the sentence and refused it (no armed
                // actor to set up a base, no place or toll): the rule has the last word.
                if self.refused_by_rule(a, si, &fired, sub_event_type) {
                    continue;
                }
            }
            if let Some(dr) = self.model_draft(a, model, si, v) {
                drafts.push(dr);
            }
        }
        drafts.sort_by_key(|d| d.sentence);
    }

    /// Whether the lead's reading `v` may type sentence `si`: not where the sentence is hedged
    /// for that kind of event, nor where a rule for that kind read it and refused it, unless
    /// the model is sure ([`Decision::refusal_override_probability`]).
    /// A sentence where no rule found an event (`new`) must be hedged at none of its event
    /// words and read with [`Decision::detect_probability`], as in [`Coder::detect_in_lead`].
    fn lead_reading_stands(&self, a: &Article, model: &TypeModel, si: usize, v: Verdict, new: bool) -> bool {
        let sent = &a.input.seg.sentences[si];
        let mut fired = Vec::new();
        self.rules.fires_into(&a.d, sent.first_token, sent.end_token, &mut fired);
        if new && fired.iter().any(|f| self.not_fact_at(a, si, f)) {
            return false;
        }
        let Meaning::Conflict { sub_event_type, .. } = model.meaning(v.label) else { return true };
        !self.reads_as_not_fact_at(a, si, &fired, sub_event_type)
            && (v.probability >= model.decision.refusal_override_probability
                || !self.refused_by_rule(a, si, &fired, sub_event_type))
            && (!new || v.probability >= model.decision.detect_probability)
    }

    /// Whether the sentence is hedged as no fact (negated, future, conditional) for an event
    /// of kind `sub`: at a trigger of a rule that codes `sub`, or at every trigger it has. The
    /// hedge must bear on the event the model reads ("withdrew without a fight" is a fact; "may
    /// attack" is not), or on all the sentence's event words ("no one was killed").
    fn reads_as_not_fact_at(&self, a: &Article, si: usize, fired: &[Fire], sub: &str) -> bool {
        let not_fact = |f: &Fire| self.not_fact_at(a, si, f);
        let codes_sub = |f: &Fire| self.rules.rules[f.rule].sub_event_types(&self.rules.roles).contains(&sub);
        fired.iter().any(|f| codes_sub(f) && not_fact(f)) || (!fired.is_empty() && fired.iter().all(not_fact))
    }

    /// Whether sentence `si` is hedged as no fact at the trigger `f`.
    fn not_fact_at(&self, a: &Article, si: usize, f: &Fire) -> bool {
        let s = &a.input.seg.sentences[si];
        self.cues.mood(&a.d, s.first_token, s.first_token, s.end_token, f.start, f.end) == Mood::NotFact
    }

    /// Whether one of the triggers that `fired` in sentence `si` belongs to a rule that codes
    /// `sub` (no draft came of it). A rule whose `context_any` finds none of its words in the
    /// sentence was not about that kind of event there ("agreed" with no word of a truce or of
    /// troops): it refused nothing.
    fn refused_by_rule(&self, a: &Article, si: usize, fired: &[Fire], sub: &str) -> bool {
        let s = &a.input.seg.sentences[si];
        fired.iter().any(|f| {
            let r = &self.rules.rules[f.rule];
            r.sub_event_types(&self.rules.roles).contains(&sub)
                && (r.context_any.is_empty()
                    || r.context_any.find(&a.d, s.first_token, s.end_token).is_some())
        })
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
            lead_main: false,
            claims: None,
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
