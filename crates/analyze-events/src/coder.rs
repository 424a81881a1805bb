//! The coder: the knowledge, loaded once, and the steps that code one article.

use crate::data::Knowledge;
use crate::error::EventsError;
use crate::figures::FigureRules;
use crate::lexicon::Lexicon;
use crate::modality::Cues;
use crate::rules::{Roles, RuleSet};
use crate::taxonomy::Taxonomy;
use crate::type_model::TypeModel;
use crate::vocab::{FxSet, Lemmas};
use crate::words::Words;
use eventwire_model::{ActorKind, ActorMention, Event, Figure, PlaceMention, Span, TimeMention};
use eventwire_text::Segmented;
use std::path::Path;

/// What the coder needs from the earlier layers. Spans are byte offsets into `text`.
#[derive(Debug, Clone, Copy)]
pub struct CodingInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub seg: &'a Segmented,
    /// Span of the title (headline) in `text`, when it is part of the text.
    pub title: Option<Span>,
    pub places: &'a [PlaceMention],
    pub times: &'a [TimeMention],
    /// Publication date (`YYYY-MM-DD`) when known.
    pub published: Option<&'a str>,
}

/// Output of the coder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    pub actors: Vec<ActorMention>,
    pub events: Vec<Event>,
    pub figures: Vec<Figure>,
    /// Where a work budget cut the analysis short (shown with the document's warnings).
    pub warnings: Vec<String>,
}

/// A rule's example sentences, as its data file gives them.
#[derive(Debug, Clone)]
pub struct RuleExamples<'c> {
    pub rule: &'c str,
    /// The rule's own sub-event type (counterexamples must not give it).
    pub sub_event_type: &'c str,
    /// The sub-event types the rule's events may take.
    pub sub_event_types: Vec<&'c str>,
    /// Sentences the rule must code.
    pub examples: &'c [String],
    /// Sentences the rule must not code.
    pub counterexamples: &'c [String],
}

/// The coder: actor lexicon and event rules, loaded once; [`Coder::code`] codes an article
/// with the places and times of the earlier layers, [`Coder::code_text`] a bare text.
///
/// ```
/// use eventwire_events::Coder;
///
/// let coder = Coder::load(None)?; // the built-in data; Some(dir) adds a user's files
/// let coded = coder.code_text("d1", "Rebels shelled the town on Monday, killing three civilians.", Some("2024-05-20"));
/// let e = &coded.events[0];
/// assert_eq!(e.acled_event_type, "Explosions/Remote violence");
/// assert_eq!(e.acled_sub_event_type, "Shelling/artillery/missile attack");
/// assert_eq!((e.actor1.as_deref(), e.fatalities), (Some("Opposition Rebels"), Some(3)));
/// assert!(coder.taxonomy().contains(&e.acled_event_type, &e.acled_sub_event_type));
/// # Ok::<(), eventwire_events::EventsError>(())
/// ```
#[derive(Debug)]
pub struct Coder {
    pub(crate) lexicon: Lexicon,
    pub(crate) lemmas: Lemmas,
    pub(crate) rules: RuleSet,
    pub(crate) cues: Cues,
    pub(crate) figures: FigureRules,
    pub(crate) words: Words,
    taxonomy: Taxonomy,
    /// The event-type model (`data/events/model`).
    pub(crate) types: Option<TypeModel>,
    /// Lemmas of the verbs that make a bare country name before them an agent ("Iraq captured").
    agent_verbs: FxSet<String>,
}

impl Coder {
    /// Load the actor lexicon and event rules: the built-in data plus, when `data_dir` is given,
    /// `data_dir/actors/*.toml` and `data_dir/events/*` (entries with the same name or id
    /// replace the built-in ones). Every rule's types are checked against the ACLED taxonomy.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, EventsError> {
        let k = Knowledge::load(data_dir)?;
        let lexicon = Lexicon::build(&k.actors)?;
        let mut lemmas = Lemmas::new(&k.lemmas);
        let roles = Roles::new(&k.roles, &k.taxonomy)?;
        let rules = RuleSet::new(&k.rules, roles, &lemmas);
        let cues = Cues::new(&k.cues, &lemmas)?;
        let figures = FigureRules::new(&k.figures, &lemmas)?;
        let words = Words::new(&k.words, &lemmas)?;
        let mut agent_verbs: FxSet<String> = words.agent_verbs.iter().cloned().collect();
        for r in rules.rules.iter().filter(|r| r.agent_triggers) {
            for t in &r.triggers {
                agent_verbs.insert(t[0].clone());
            }
        }
        lemmas.freeze();
        let types = Some(TypeModel::load(data_dir, &k.taxonomy)?);
        Ok(Coder { lexicon, lemmas, rules, cues, figures, words, taxonomy: k.taxonomy, types, agent_verbs })
    }

    /// The event-type model's label for the kind of `event` (`AIR_STRIKE`, `NATURAL_DISASTER`),
    /// when the coder has a model and the model a label for it.
    pub fn model_label(&self, event: &Event) -> Option<&str> {
        let m = self.types.as_ref()?;
        let label = match event.category {
            Some(c) => m.label_of_category(c)?,
            None => m.label_of_sub(&event.acled_sub_event_type)?,
        };
        Some(m.name(label))
    }

    /// Read event types with the optional sentence encoder in `dir` as well as the word model
    /// (the encoder's head from `data_dir/events/model` when there is one there).
    pub fn with_encoder(mut self, dir: &Path, data_dir: Option<&Path>) -> Result<Self, EventsError> {
        if let Some(types) = &mut self.types {
            types.attach_encoder(dir, data_dir)?;
        }
        Ok(self)
    }

    /// The coder without its event-type model: rules alone type events (for measuring what
    /// the model adds).
    pub fn without_type_model(mut self) -> Self {
        self.types = None;
        self
    }

    /// The ACLED taxonomy the coder's rules were checked against (the built-in one unless the
    /// data directory has its own `events/acled_taxonomy.toml`).
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Each rule's example sentences, with the sub-event types its events may take.
    pub fn rule_examples(&self) -> impl Iterator<Item = RuleExamples<'_>> {
        self.rules.rules.iter().map(|r| RuleExamples {
            rule: &r.id,
            sub_event_type: &r.sub_event_type,
            sub_event_types: r.sub_event_types(&self.rules.roles),
            examples: &r.examples,
            counterexamples: &r.counterexamples,
        })
    }

    /// Number of canonical actors in the lexicon.
    pub fn actor_count(&self) -> usize {
        self.lexicon.len()
    }

    /// Number of event rules.
    pub fn rule_count(&self) -> usize {
        self.rules.rules.len()
    }

    /// The kind of a canonical actor, when the lexicon knows it.
    pub fn actor_kind(&self, name: &str) -> Option<ActorKind> {
        self.lexicon.find(name).map(|i| self.lexicon.actors[i].kind)
    }

    /// The parent of a canonical actor, when it has one.
    pub fn actor_parent(&self, name: &str) -> Option<&str> {
        self.lexicon.find(name).and_then(|i| self.lexicon.actors[i].parent.as_deref())
    }

    /// Is `word` (lower-cased) a verb that makes a bare country name before it an agent?
    pub(crate) fn is_agent_verb(&self, word: &str) -> bool {
        self.agent_verbs.contains(self.lemmas.lemma(word))
    }
}
