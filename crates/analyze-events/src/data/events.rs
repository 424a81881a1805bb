//! The event files (`data/events/*`): rules and their roles, modality and claim cues, figure
//! vocabulary and the words of the coder's fixed mechanisms.

use serde::Deserialize;
use std::collections::BTreeMap;

/// An event rule (see data/events/README.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub triggers: Vec<String>,
    #[serde(default)]
    pub context_any: Vec<String>,
    #[serde(default)]
    pub context_none: Vec<String>,
    #[serde(default)]
    pub sentence_none: Vec<String>,
    #[serde(default)]
    pub sentence_any: Vec<String>,
    #[serde(default)]
    pub object_any: Vec<String>,
    #[serde(default)]
    pub needs: Option<String>,
    #[serde(default)]
    pub state_sub_event_type: Option<String>,
    #[serde(default)]
    pub nonstate_sub_event_type: Option<String>,
    #[serde(default)]
    pub by_target: bool,
    #[serde(default)]
    pub agent_after: bool,
    /// "state": with no actor named, actor1 is the state forces of the event's country.
    #[serde(default)]
    pub default_actor1: Option<String>,
    /// The event's tolls come from its own clause only, never from the rest of its sentence
    /// (an arrest does not take the dead of the attack it follows).
    #[serde(default)]
    pub clause_tolls: bool,
    /// `object_any` names what the trigger's verb acts on (the place taken, the weapons
    /// seized): in a passive clause it is the subject before the verb ("the town was
    /// captured"), and a place after it is where it happened ("rifles were seized in X").
    #[serde(default)]
    pub object_patient: bool,
    /// Sentences the rule must code (a test runs them).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences the rule must not code.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

/// The event types and sub-event types the coder's fixed mechanisms give a role (each must be
/// in the taxonomy). Unset keys keep their built-in values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesDef {
    /// Event types whose slots any actor may fill, armed or not (demonstrations).
    pub crowd_event_types: Option<Vec<String>>,
    /// Event types whose triggers do not make a bare country name before them an agent.
    pub not_agent_event_types: Option<Vec<String>>,
    /// The event type of remote violence: "an attack by X" names its agent even after a
    /// subject, and a toll told beside it in one sentence is the same event.
    pub remote_event_type: Option<String>,
    /// Event types whose nominal triggers ("the battle for X") name rather than report.
    pub nominal_event_types: Option<Vec<String>>,
    /// The sub-event type of fighting between armed actors: violence against armed victims,
    /// an attempt whose attackers were killed, the clash that won a territory.
    pub armed_clash: Option<String>,
    /// The sub-event type of violence by rioters.
    pub mob_violence: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    #[serde(default)]
    pub roles: Option<RolesDef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModalityDef {
    #[serde(default)]
    pub window: usize,
    #[serde(default)]
    pub negation: Vec<String>,
    #[serde(default)]
    pub future: Vec<String>,
    #[serde(default)]
    pub hypothetical: Vec<String>,
    #[serde(default)]
    pub infinitive_is_goal: bool,
    #[serde(default)]
    pub after_nominal: Vec<String>,
    #[serde(default)]
    pub attempt: Vec<String>,
    #[serde(default)]
    pub conditional_openers: Vec<String>,
    #[serde(default)]
    pub determiners: Vec<String>,
    #[serde(default)]
    pub phase_verbs: Vec<String>,
    #[serde(default)]
    pub relative_pronouns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsDef {
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub according: Vec<String>,
    #[serde(default)]
    pub pronouns: Vec<String>,
    #[serde(default)]
    pub noun_forms: Vec<String>,
    #[serde(default)]
    pub according_followers: Vec<String>,
    #[serde(default)]
    pub according_end: Vec<String>,
    #[serde(default)]
    pub not_finite_after: Vec<String>,
    #[serde(default)]
    pub not_inverted_before: Vec<String>,
    #[serde(default)]
    pub inverted_end: Vec<String>,
    #[serde(default)]
    pub subject_start: Vec<String>,
    #[serde(default)]
    pub not_in_claimant: Vec<String>,
    #[serde(default)]
    pub claimant_skip: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuesFile {
    #[serde(default)]
    pub modality: ModalityDef,
    #[serde(default)]
    pub claims: ClaimsDef,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersDef {
    #[serde(default)]
    pub words: BTreeMap<String, u64>,
    #[serde(default)]
    pub scales: BTreeMap<String, u64>,
    #[serde(default)]
    pub vague: BTreeMap<String, u64>,
    #[serde(default)]
    pub after_article: Vec<String>,
    #[serde(default)]
    pub weak: Vec<String>,
    #[serde(default)]
    pub vague_uncounted: Vec<String>,
    #[serde(default)]
    pub vague_about: Vec<String>,
    #[serde(default)]
    pub range_connectors: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoriesDef {
    #[serde(default)]
    pub killed_verbs: Vec<String>,
    #[serde(default)]
    pub wounded_verbs: Vec<String>,
    #[serde(default)]
    pub displaced_verbs: Vec<String>,
    #[serde(default)]
    pub returned_verbs: Vec<String>,
    #[serde(default)]
    pub fighters_nouns: Vec<String>,
    #[serde(default)]
    pub troops_nouns: Vec<String>,
    #[serde(default)]
    pub population_nouns: Vec<String>,
    #[serde(default)]
    pub population_before: Vec<String>,
    #[serde(default)]
    pub window_stops: Vec<String>,
    #[serde(default)]
    pub object_starts: Vec<String>,
    #[serde(default)]
    pub person_after_article: Vec<String>,
    #[serde(default)]
    pub passive_auxiliaries: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NounPhraseDef {
    #[serde(default)]
    pub stop: Vec<String>,
    #[serde(default)]
    pub trailing: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreDef {
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresFile {
    #[serde(default)]
    pub numbers: NumbersDef,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub categories: CategoriesDef,
    #[serde(default)]
    pub noun_phrase: NounPhraseDef,
    #[serde(default)]
    pub ignore: IgnoreDef,
}

/// `[targets]` of words.toml: the victims of violence.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsDef {
    pub civilian: Vec<String>,
    pub military: Vec<String>,
}

/// `[slots]` of words.toml: where actor1 and actor2 stand.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotsDef {
    pub pronoun_subjects: Vec<String>,
    pub prepositions: Vec<String>,
    pub determiners: Vec<String>,
    pub agent_prepositions: Vec<String>,
    pub action_nouns: Vec<String>,
    pub action_prepositions: Vec<String>,
    pub passive_adverbs: Vec<String>,
    pub reduced_passive_verbs: Vec<String>,
    pub when_conjunctions: Vec<String>,
    pub when_agent_verbs: Vec<String>,
    pub leading_subordinators: Vec<String>,
    pub agent_verbs: Vec<String>,
}

/// `[clauses]` of words.toml: where a sentence splits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClausesDef {
    pub openers: Vec<String>,
    pub after_comma: Vec<String>,
    pub relative_pronouns: Vec<String>,
}

/// `[places]` of words.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesDef {
    pub anchors: Vec<String>,
    pub list_glue: Vec<String>,
}

/// `[dates]` of words.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatesDef {
    pub period_openers: Vec<String>,
}

/// `[records]` of words.toml: sums of past events ("have claimed attacks in ...").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsDef {
    pub prepositions: Vec<String>,
    pub reporting_auxiliaries: Vec<String>,
}

/// words.toml: the words the coder's fixed mechanisms read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsFile {
    pub targets: TargetsDef,
    pub slots: SlotsDef,
    pub clauses: ClausesDef,
    pub places: PlacesDef,
    pub dates: DatesDef,
    pub records: RecordsDef,
}
