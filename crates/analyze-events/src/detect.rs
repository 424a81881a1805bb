//! Detection: in each clause, the first rule whose trigger fires and passes every check
//! becomes a draft event.

use crate::article::Article;
use crate::coder::Coder;
use crate::doc::{Clause, DocView};
use crate::draft::Draft;
use crate::event_dates::{days_between, time_for};
use crate::event_places::{event_place, place_rank};
use crate::modality::Mood;
use crate::rules::{Fire, Needs, Obj, Rule};
use eventwire_model::{DatePrecision, FigureCategory, Modality};

/// The largest figures of each category in a clause (else in its sentence).
pub(crate) struct Tolls {
    pub fatalities: Option<u64>,
    pub injured: Option<u64>,
    pub displaced: Option<u64>,
}

impl Tolls {
    pub(crate) fn of(a: &Article, c: &Clause) -> Self {
        Self::within(a, c, false)
    }

    /// The tolls of clause `c`; from its sentence too unless `clause_only`.
    pub(crate) fn within(a: &Article, c: &Clause, clause_only: bool) -> Self {
        let sent_hits = a.sentence_hits(c.sentence);
        let pick = |cat: FigureCategory| -> Option<u64> {
            let of_sentence = || sent_hits.iter().map(|(_, h)| h).filter(|h| h.category == cat);
            let in_clause = of_sentence().filter(|h| h.num_start >= c.start && h.num_start < c.end);
            in_clause.filter_map(|h| h.lower_bound()).max().or_else(|| {
                if clause_only {
                    return None;
                }
                of_sentence().filter_map(|h| h.lower_bound()).max()
            })
        };
        Tolls {
            fatalities: pick(FigureCategory::Killed),
            injured: pick(FigureCategory::Wounded),
            displaced: pick(FigureCategory::Displaced),
        }
    }

    fn casualties(&self) -> bool {
        self.fatalities.is_some() || self.injured.is_some()
    }
}

/// The clause's own date and the date the event takes (its clause's, else its sentence's).
pub(crate) struct Dates {
    pub own: Option<(String, DatePrecision)>,
    pub taken: Option<(String, DatePrecision)>,
}

impl Coder {
    /// The draft events of the article, in text order.
    pub(crate) fn detect<'r>(&'r self, a: &Article) -> Vec<Draft<'r>> {
        let clauses =
            a.d.clauses(&a.mentions.iter().map(|m| m.start).collect::<Vec<_>>(), &self.words.clauses);
        let mut drafts: Vec<Draft> = Vec::new();
        let mut fire_buf = Vec::new();
        for c in &clauses {
            self.rules.fires_into(&a.d, c.start, c.end, &mut fire_buf);
            for &fire in &fire_buf {
                let Some(dr) = self.draft(a, c, fire, drafts.last()) else { continue };
                let territorial = self.rules.rules[fire.rule].is_territorial();
                drafts.push(dr);
                if territorial {
                    self.one_per_place(a, c, &mut drafts);
                }
                break;
            }
        }
        drafts
    }

    /// The draft event of trigger `fire` in clause `c`, when the rule's checks pass. `prev` is
    /// the draft before it.
    fn draft<'r>(&'r self, a: &Article, c: &Clause, fire: Fire, prev: Option<&Draft>) -> Option<Draft<'r>> {
        let d = &a.d;
        let r = &self.rules.rules[fire.rule];
        let sent = &a.input.seg.sentences[c.sentence];
        if !self.fires_here(a, c, r, fire) {
            return None;
        }
        let tolls = Tolls::within(a, c, r.clause_tolls);
        let casualties = tolls.casualties();
        // "the battle for X", "the town's capture would ...": nominals name, they rarely report.
        let nominal = self.cues.is_nominal(d, c.start, fire.start);
        if nominal && (r.nominal_names || r.by_target && !casualties) {
            return None;
        }
        // "have killed at least 500 insurgents": a running total, not an event.
        let perfect = (c.start..fire.start).any(|k| d.lem(k) == "have");
        if r.by_target && perfect && tolls.fatalities.is_some_and(|f| f >= 100) {
            return None;
        }
        let place = event_place(a, (c.start, c.end), (sent.first_token, sent.end_token), fire.end);
        // A country alone does not locate an event.
        let located = place.is_some_and(|p| place_rank(a.places[p]) < 3);
        let ok = match r.needs {
            Needs::None | Needs::Actor => true,
            Needs::Place => located,
            Needs::Casualties => casualties,
            Needs::PlaceOrCasualties => located || casualties,
        };
        // The outcome of an attempt in the sentence before needs no place of its own.
        let outcome = r.by_target
            && prev.is_some_and(|p| p.modality == Modality::Attempted && p.sentence + 1 >= c.sentence);
        if !ok && !outcome {
            return None;
        }
        let mood = self.cues.mood(d, sent.first_token, c.start, c.end, fire.start, fire.end);
        if mood == Mood::NotFact {
            // A negated/future trigger silences the clause for the same kind of event.
            return None;
        }
        let claim = a.claims[c.sentence].as_ref();
        let slots = self.slots(a, r, c, fire, claim.map(|c| (c.start, c.end, c.verb)));
        if r.needs == Needs::Actor && slots.actor1.is_none() {
            return None;
        }
        let (event_type, sub) = self.sub_type(a, r, &slots, (c.start, c.end), fire);
        let dates = self.dates(a, c, fire)?;
        if self.sums_up_a_record(a, c, fire, perfect, casualties, &dates) {
            return None;
        }
        let modality = match mood {
            Mood::Attempt => Modality::Attempted,
            _ if claim.is_some_and(|c| !c.text.is_empty()) => Modality::Reported,
            _ => Modality::Asserted,
        };
        let mut a1 = slots.actor1.map(|m| a.mentions[m].actor);
        if a1.is_none() && r.default_state_actor {
            // Unattributed air strikes are flown by a state: that of the place.
            let cc = place.and_then(|p| a.places[p].country_code.clone()).or_else(|| a.main_country.clone());
            a1 = cc.and_then(|cc| self.lexicon.military_of(&cc));
        }
        let a2 = slots.actor2.map(|m| a.mentions[m].actor).filter(|x| Some(*x) != a1);
        Some(Draft {
            rule: fire.rule,
            event_type,
            sub,
            sentence: c.sentence,
            sentences: vec![c.sentence],
            actor1: a1,
            actor1_count: slots.actor1.and_then(|m| a.mention_count(&a.mentions[m])),
            actor2: a2,
            place,
            has_own_place: place.is_some_and(|p| {
                let pt = d.token_at_or_after(a.places[p].start);
                pt >= c.start && pt < c.end
            }),
            date: dates.taken,
            has_own_time: dates.own.is_some(),
            fatalities: tolls.fatalities,
            injured: tolls.injured,
            displaced: tolls.displaced,
            modality,
            claimant: a.claim_text(c.sentence),
            evidence: vec![(d.seg.tokens[fire.start].start, d.seg.tokens[fire.end - 1].end)],
            category: None,
            type_probability: None,
            model_label: None,
            lead_main: false,
            claims: None,
        })
    }

    /// The rule's context and object checks pass, and the trigger is no part of a name.
    fn fires_here(&self, a: &Article, c: &Clause, r: &Rule, fire: Fire) -> bool {
        let d = &a.d;
        let sent = &a.input.seg.sentences[c.sentence];
        if !self.rules.context_ok(d, r, (c.start, c.end), (sent.first_token, sent.end_token)) {
            return false;
        }
        // "Operation Desert Storm": a trigger word inside a name is no trigger.
        if fire.start > sent.first_token
            && !a.in_title(sent.start)
            && d.tok_text(fire.start).starts_with(char::is_uppercase)
            && d.tok_text(fire.start - 1).starts_with(char::is_uppercase)
            && !title_cased(d, sent.first_token, sent.end_token)
        {
            return false;
        }
        r.object_any.is_empty() || self.object_ok(a, r, fire, (c.start, c.end))
    }

    /// One of the rule's objects stands within 6 tokens after the trigger, inside the clause
    /// `c0..c1`; when the object is the verb's patient and the trigger passive ("the town was
    /// captured", "rifles were seized in X"), within the 8 tokens of its subject before the
    /// auxiliary instead: a place after such a passive is where it happened, not what was taken.
    fn object_ok(&self, a: &Article, r: &Rule, fire: Fire, (c0, c1): (usize, usize)) -> bool {
        let passive = if r.object_patient { self.passive_auxiliary(&a.d, fire.start, c0) } else { None };
        match passive {
            Some(aux) => objects_in(a, r, aux.saturating_sub(8).max(c0)..aux, aux),
            None => objects_in(a, r, fire.end..(fire.end + 6).min(c1), c1),
        }
    }

    /// The "be" auxiliary of a passive trigger starting at `t` ("was captured", "were
    /// reportedly seized", "has been taken"), up to two adverbs before the participle.
    fn passive_auxiliary(&self, d: &DocView, t: usize, c0: usize) -> Option<usize> {
        let p = self.words.before_passive_adverbs(d, t, c0);
        (p > c0 && d.lem(p - 1) == "be").then(|| p - 1)
    }

    /// The event's dates; `None` when they show the clause tells background, not news.
    pub(crate) fn dates(&self, a: &Article, c: &Clause, fire: Fire) -> Option<Dates> {
        let (d, input) = (&a.d, a.input);
        let sent = &input.seg.sentences[c.sentence];
        let at = d.seg.tokens[fire.start].start;
        let clause_span = (d.seg.tokens[c.start].start, d.seg.tokens[c.end - 1].end);
        let own = time_for(d, input.times, None, a.times_ordered, clause_span, at);
        let relative = d.lower_in(c.start, &self.words.relative_pronouns);
        let taken = own.clone().or_else(|| {
            if relative {
                return None;
            }
            time_for(d, input.times, None, a.times_ordered, (sent.start, sent.end), at)
        });
        // Background history ("seized much of the province in 2015") is not news.
        if let (Some((v, _)), Some(pubd)) = (&own, input.published) {
            let year = |x: &str| x.get(..4).and_then(|y| y.parse::<i32>().ok());
            if let (Some(a), Some(b)) = (year(v), year(pubd)) {
                if a < b - 1 {
                    return None;
                }
            }
        }
        // "The offensive was launched on <date>, with troops first taking ...": a date borrowed
        // from another clause that lies over a month before publication dates the story's
        // background; the clause summarises a past phase.
        if own.is_none() {
            if let (Some((v, _)), Some(pubd)) = (&taken, input.published) {
                if days_between(v, pubd).is_some_and(|n| n > 31) {
                    return None;
                }
            }
        }
        Some(Dates { own, taken })
    }

    /// "have claimed responsibility for attacks in several countries": plural nominals under a
    /// perfect, with no date and no toll, sum up a record rather than report events.
    fn sums_up_a_record(
        &self,
        a: &Article,
        c: &Clause,
        fire: Fire,
        perfect: bool,
        casualties: bool,
        dates: &Dates,
    ) -> bool {
        let d = &a.d;
        let plural = d.lower[fire.end - 1].ends_with('s') && d.lem(fire.end - 1) != d.lower[fire.end - 1];
        if !(perfect && plural && dates.own.is_none() && !casualties && fire.start > c.start) {
            return false;
        }
        // Only inside a prepositional phrase ("for attacks"): "have launched attacks" reports one.
        let in_pp = (fire.start.saturating_sub(3).max(c.start)..fire.start)
            .any(|k| d.lower_in(k, &self.words.record_prepositions));
        in_pp && !d.lemma_in(fire.start - 1, &self.words.reporting_auxiliaries)
    }

    /// "took the villages of A and B": one event per place, copies of the last
    /// draft.
    fn one_per_place(&self, a: &Article, c: &Clause, drafts: &mut Vec<Draft<'_>>) {
        let d = &a.d;
        let Some(p0) = drafts.last().and_then(|dr| dr.place) else { return };
        let mut last_end = d.token_containing(a.places[p0].end.saturating_sub(1)) + 1;
        for (pi, p) in a.places.iter().enumerate().skip(p0 + 1) {
            let pt = d.token_at_or_after(p.start);
            if pt >= c.end || pt < last_end {
                break;
            }
            let glue = (last_end..pt).all(|k| d.lower_in(k, &self.words.list_glue));
            if !glue || pt == last_end {
                break;
            }
            let mut extra = drafts.last().cloned().expect("a draft to copy");
            extra.place = Some(pi);
            drafts.push(extra);
            last_end = d.token_containing(p.end.saturating_sub(1)) + 1;
        }
    }
}

/// Is the sentence written in title case, as a headline repeated in the body often is ("3
/// Civilians Killed in Rocket Attacks on Aleppo")? Then capitals mark no name. Most of its
/// longer words (four letters or more; at least four of them) start with a capital.
fn title_cased(d: &DocView, s0: usize, s1: usize) -> bool {
    let (mut words, mut capitals) = (0, 0);
    for k in s0..s1 {
        let t = d.tok_text(k);
        if t.chars().count() >= 4 && t.starts_with(char::is_alphabetic) {
            words += 1;
            capitals += usize::from(t.starts_with(char::is_uppercase));
        }
    }
    words >= 4 && capitals * 5 >= words * 4
}

/// One of the rule's objects starts at a token of `range`; a phrase object ends by `end`.
fn objects_in(a: &Article, r: &Rule, range: std::ops::Range<usize>, end: usize) -> bool {
    let d = &a.d;
    for k in range {
        for o in &r.object_any {
            let hit = match o {
                Obj::Place => a.place_tok.contains_key(&k),
                Obj::Number => d.is_number(k),
                Obj::Actor => a.mentions.iter().any(|m| d.token_at_or_after(m.start) == k),
                Obj::Phrase(p) => d.match_at(k, end, p).is_some(),
            };
            if hit {
                return true;
            }
        }
    }
    false
}
