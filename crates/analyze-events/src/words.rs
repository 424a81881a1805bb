//! The words of the coder's fixed mechanisms (`data/events/words.toml`), compiled to word sets.

use crate::data::WordsFile;
use crate::doc::{ClauseWords, DocView, PhraseSet, WordSet};
use crate::error::EventsError;
use crate::vocab::Lemmas;

/// The compiled words.toml.
#[derive(Debug, Default)]
pub struct Words {
    pub civilian_targets: PhraseSet,
    pub military_targets: PhraseSet,
    pub pronoun_subjects: WordSet,
    pub prepositions: WordSet,
    pub determiners: WordSet,
    pub agent_prepositions: WordSet,
    pub action_nouns: WordSet,
    /// The prepositions before "<actor> <action noun>": "killed in police firing", "died due
    /// to police firing", "fell to police bullets".
    pub action_prepositions: WordSet,
    /// Words that may stand between "be" and a passive participle ("were most probably
    /// killed"), besides any word in "-ly".
    pub passive_adverbs: WordSet,
    /// Lemmas of verbs that always take an object: their bare participle before a preposition
    /// or the clause's end is a passive ("Two soldiers killed in ambush").
    pub reduced_passive_verbs: WordSet,
    pub when_conjunctions: WordSet,
    /// Lemmas.
    pub when_agent_verbs: WordSet,
    pub leading_subordinators: WordSet,
    /// Lemmas of the verbs besides rule triggers that make a bare country name an agent.
    pub agent_verbs: Vec<String>,
    pub clauses: ClauseWords,
    pub relative_pronouns: WordSet,
    /// Lower-cased words or phrases that, ending right before a place, make it an anchor.
    pub place_anchors: Vec<String>,
    pub list_glue: WordSet,
    /// Lemmas.
    pub period_openers: WordSet,
    pub record_prepositions: WordSet,
    /// Lemmas.
    pub reporting_auxiliaries: WordSet,
}

impl Words {
    /// Compile words.toml (interning its words in `l`).
    pub fn new(f: &WordsFile, l: &Lemmas) -> Result<Self, EventsError> {
        let set = |key: &str, v: &[String], lemmas: bool| {
            WordSet::new(l, v, lemmas).map_err(|m| EventsError::data("words.toml", format!("{key}: {m}")))
        };
        let phrases = |v: &[String]| PhraseSet::new(l, v.iter().map(|s| l.phrase(s)));
        let (s, c) = (&f.slots, &f.clauses);
        Ok(Words {
            civilian_targets: phrases(&f.targets.civilian),
            military_targets: phrases(&f.targets.military),
            pronoun_subjects: set("slots.pronoun_subjects", &s.pronoun_subjects, false)?,
            prepositions: set("slots.prepositions", &s.prepositions, false)?,
            determiners: set("slots.determiners", &s.determiners, false)?,
            agent_prepositions: set("slots.agent_prepositions", &s.agent_prepositions, false)?,
            action_nouns: set("slots.action_nouns", &s.action_nouns, false)?,
            action_prepositions: set("slots.action_prepositions", &s.action_prepositions, false)?,
            passive_adverbs: set("slots.passive_adverbs", &s.passive_adverbs, false)?,
            reduced_passive_verbs: set("slots.reduced_passive_verbs", &s.reduced_passive_verbs, true)?,
            when_conjunctions: set("slots.when_conjunctions", &s.when_conjunctions, false)?,
            when_agent_verbs: set("slots.when_agent_verbs", &s.when_agent_verbs, true)?,
            leading_subordinators: set("slots.leading_subordinators", &s.leading_subordinators, false)?,
            agent_verbs: s.agent_verbs.iter().map(|w| l.lemma(&w.to_lowercase()).to_string()).collect(),
            clauses: ClauseWords {
                openers: set("clauses.openers", &c.openers, false)?,
                after_comma: set("clauses.after_comma", &c.after_comma, false)?,
                cuts: set(
                    "clauses.openers",
                    &[&c.openers[..], &[";".into(), ",".into(), "and".into()]].concat(),
                    false,
                )?,
            },
            relative_pronouns: set("clauses.relative_pronouns", &c.relative_pronouns, false)?,
            place_anchors: f.places.anchors.iter().map(|w| w.to_lowercase()).collect(),
            list_glue: set("places.list_glue", &f.places.list_glue, false)?,
            period_openers: set("dates.period_openers", &f.dates.period_openers, true)?,
            record_prepositions: set("records.prepositions", &f.records.prepositions, false)?,
            reporting_auxiliaries: set(
                "records.reporting_auxiliaries",
                &f.records.reporting_auxiliaries,
                true,
            )?,
        })
    }

    /// Where a participle at token `t` starts once up to two adverbs before it are skipped
    /// ("were most probably killed"), not before the clause start `c0`: the passive's "be"
    /// auxiliary, if any, is the token before.
    pub fn before_passive_adverbs(&self, d: &DocView, t: usize, c0: usize) -> usize {
        let adverb = |k: usize| d.lower[k].ends_with("ly") || d.lower_in(k, &self.passive_adverbs);
        let mut p = t;
        while p > c0 && t - p < 2 && adverb(p - 1) {
            p -= 1;
        }
        p
    }
}
