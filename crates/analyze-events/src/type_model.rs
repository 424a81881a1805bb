//! The event-type model: a sentence classifier (`eventwire-classify`) trained on the
//! project's own labelled sentences (`data/events/training`), and what each of its labels means
//! (`data/events/model/labels.toml`). The coder asks it what kind of event a sentence reports:
//! to check a rule's type, to tell conflict events from other news, and to find events in the
//! lead that no rule caught.

use crate::encoder_typing::EncoderTyping;
use crate::error::EventsError;
use crate::taxonomy::Taxonomy;
use eventwire_classify::{Classifier, FeatureSums};
use eventwire_model::EventCategory;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in weights file, packed by `build.rs` (the text file, parsed, is the same model).
const WEIGHTS_PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/event_types.bin"));
const WEIGHTS_ORIGIN: &str = "data/events/model/event_types.tsv";
const LABELS: &str = include_str!("../../../data/events/model/labels.toml");

/// What one label of the model stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Meaning {
    /// An ACLED event: (event type, sub-event type).
    Conflict { event_type: String, sub_event_type: String },
    /// News outside the conflict record.
    Other(EventCategory),
    /// No event.
    NoEvent,
}

/// How the coder weighs the model against its rules (`[decision]` of labels.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Decision {
    pub rule_weight: f32,
    /// The least probability at which the model's label replaces a rule's.
    pub override_probability: f32,
    pub detect_probability: f32,
    pub lead_sentences: usize,
    /// The least probability at which the model's best label for the headline and lead read
    /// together names the article's main event.
    pub lead_probability: f32,
    /// The least probability at which the lead's reading types a sentence that a rule for
    /// that kind of event read and refused.
    pub refusal_override_probability: f32,
    /// Whether a rule's event is dropped when the model reads its sentence as no event.
    pub no_event_drops_rule_events: bool,
    /// Groups of labels among which the rules decide by the actors' kinds (who took the town,
    /// whether the victims were armed): within a group the model does not overrule a rule.
    #[serde(default)]
    pub decided_by_actors: Vec<Vec<String>>,
    /// Groups of labels among which the rules decide by the weapon words they read (a bomb, a
    /// rocket, gas): within a group the model does not overrule a rule.
    #[serde(default)]
    pub decided_by_weapons: Vec<Vec<String>>,
    /// Labels the model neither gives a rule's event of another type nor takes from one: a
    /// change of who holds a place needs a rule that read who took it from whom.
    #[serde(default)]
    pub only_from_rules: Vec<String>,
    /// Labels the model does not give a rule's event of one of `violent_event_types`: a
    /// sentence where a violence rule fired reports that violence, whatever movement of forces
    /// or deal it also tells.
    #[serde(default)]
    pub not_over_violence: Vec<String>,
    #[serde(default)]
    pub violent_event_types: Vec<String>,
    /// Labels the model does not give a rule's event of one of `weapon_event_types`: a shell,
    /// a rocket or an air strike that killed civilians stays that explosion (ACLED codes the
    /// weapon before the victims), however much the sentence reads like an attack on them.
    #[serde(default)]
    pub not_over_weapons: Vec<String>,
    #[serde(default)]
    pub weapon_event_types: Vec<String>,
    /// The weight of the optional sentence encoder's head against the word model (see
    /// [`crate::encoder_typing`]); unused without `--encoder`.
    #[serde(default = "default_encoder_weight")]
    pub encoder_weight: f32,
}

fn default_encoder_weight() -> f32 {
    0.3
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    labels: BTreeMap<String, String>,
    decision: Decision,
}

/// The model's verdict on a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Verdict {
    /// Index into [`TypeModel::meaning`].
    pub label: usize,
    pub probability: f32,
}

/// The classifier and the meaning of each of its labels, loaded once.
#[derive(Debug)]
pub(crate) struct TypeModel {
    classifier: Classifier,
    /// By the classifier's label index.
    meanings: Vec<Meaning>,
    names: Vec<String>,
    pub decision: Decision,
    /// The optional sentence encoder, read with the classifier where loaded.
    encoder: Option<EncoderTyping>,
}

impl TypeModel {
    /// The built-in model, or `data_dir/events/model/event_types.tsv` and `labels.toml` where a
    /// user supplies them. Every label must have a meaning, and every sub-event type must be in
    /// the taxonomy.
    pub fn load(data_dir: Option<&Path>, taxonomy: &Taxonomy) -> Result<Self, EventsError> {
        let user =
            |name: &str| data_dir.map(|d| d.join("events").join("model").join(name)).filter(|p| p.is_file());
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| EventsError::data(p.display().to_string(), e.to_string()))
        };
        let classifier = match user("event_types.tsv") {
            Some(p) => {
                let origin = p.display().to_string();
                Classifier::parse(&read(&p)?, &origin)
                    .map_err(|e| EventsError::data(&origin, e.to_string()))?
            }
            None => Classifier::from_packed(WEIGHTS_PACKED, WEIGHTS_ORIGIN)
                .map_err(|e| EventsError::data(WEIGHTS_ORIGIN, e.to_string()))?,
        };
        let (labels, labels_origin) = match user("labels.toml") {
            Some(p) => (read(&p)?, p.display().to_string()),
            None => (LABELS.to_string(), "data/events/model/labels.toml".to_string()),
        };
        let file: LabelsFile =
            toml::from_str(&labels).map_err(|e| EventsError::data(&labels_origin, e.to_string()))?;
        let mut meanings = Vec::new();
        for label in classifier.labels() {
            let value = file.labels.get(label).ok_or_else(|| {
                EventsError::data(&labels_origin, format!("the model's label {label} has no meaning here"))
            })?;
            meanings.push(meaning(value, taxonomy).map_err(|m| EventsError::data(&labels_origin, m))?);
        }
        let names = classifier.labels().to_vec();
        Ok(TypeModel { classifier, meanings, names, decision: file.decision, encoder: None })
    }

    /// Read every sentence with the sentence encoder in `dir` too (see [`EncoderTyping`]).
    pub fn attach_encoder(&mut self, dir: &Path, data_dir: Option<&Path>) -> Result<(), EventsError> {
        let weight = self.decision.encoder_weight;
        self.encoder = Some(EncoderTyping::load(dir, data_dir, &self.names, weight)?);
        Ok(())
    }

    pub fn meaning(&self, label: usize) -> &Meaning {
        &self.meanings[label]
    }

    /// The label's name in the model (`AIR_STRIKE`).
    pub fn name(&self, label: usize) -> &str {
        &self.names[label]
    }

    /// The label that stands for this other-scope category, if any.
    pub fn label_of_category(&self, category: EventCategory) -> Option<usize> {
        self.meanings.iter().position(|m| *m == Meaning::Other(category))
    }

    /// The label that stands for this ACLED sub-event type, if any.
    pub fn label_of_sub(&self, sub: &str) -> Option<usize> {
        self.meanings
            .iter()
            .position(|m| matches!(m, Meaning::Conflict { sub_event_type, .. } if sub_event_type == sub))
    }

    /// The model's verdict on `sentence`. When a rule has typed the sentence's event as
    /// `rule_label`, that label counts [`Decision::rule_weight`] times its probability.
    #[cfg(test)]
    pub fn verdict(&self, sentence: &str, rule_label: Option<usize>) -> Verdict {
        self.verdict_from(&self.classifier.probabilities(sentence), rule_label)
    }

    /// [`TypeModel::verdict`] from the label probabilities `p` of a text.
    pub fn verdict_from(&self, p: &[f32], rule_label: Option<usize>) -> Verdict {
        let weighted = |k: usize| if Some(k) == rule_label { p[k] * self.decision.rule_weight } else { p[k] };
        let best =
            (0..p.len()).max_by(|&a, &b| weighted(a).total_cmp(&weighted(b)).then(b.cmp(&a))).unwrap_or(0);
        let keep_rule = rule_label.filter(|&r| {
            best != r
                && (p[best] < self.decision.override_probability
                    || self.decided_by_rules_within(best, r)
                    || self.decision.only_from_rules.contains(&self.names[best])
                    || self.decision.only_from_rules.contains(&self.names[r])
                    || self.violence_kept_from(best, r))
        });
        // Rules know only conflict events: when the model reads other news (a factory blast,
        // a flood) as the likeliest kind, the rule's weight does not make it a conflict event.
        let likeliest = (0..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a))).unwrap_or(0);
        let label = if matches!(self.meanings[likeliest], Meaning::Other(_))
            && p[likeliest] >= self.decision.override_probability
        {
            likeliest
        } else {
            keep_rule.unwrap_or(best)
        };
        Verdict { label, probability: p.get(label).copied().unwrap_or(0.0) }
    }

    /// The summed feature weights of `text` (see [`Readings`]).
    pub fn feature_sums(&self, text: &str) -> FeatureSums {
        self.classifier.feature_sums(text)
    }

    /// The probability of each label (by index) from a text's feature sums.
    pub fn probabilities_of(&self, sums: &FeatureSums) -> Vec<f32> {
        self.classifier.probabilities_of(sums)
    }

    /// Whether `label` may not replace the rule's violent `rule_label`
    /// ([`Decision::not_over_violence`]) ...
    /// ... nor [`Decision::not_over_weapons`] one of a weapon's type.
    fn violence_kept_from(&self, label: usize, rule_label: usize) -> bool {
        let d = &self.decision;
        let of_type = |types: &[String]| match &self.meanings[rule_label] {
            Meaning::Conflict { event_type, .. } => types.contains(event_type),
            _ => false,
        };
        let name = &self.names[label];
        (of_type(&d.violent_event_types) && d.not_over_violence.contains(name))
            || (of_type(&d.weapon_event_types) && d.not_over_weapons.contains(name))
    }

    /// Whether `label` is one of [`Decision::only_from_rules`].
    pub fn only_from_rules(&self, label: usize) -> bool {
        self.decision.only_from_rules.iter().any(|n| n == self.name(label))
    }

    /// Whether labels `a` and `b` are in one of [`Decision::decided_by_actors`]' or
    /// [`Decision::decided_by_weapons`]' groups.
    pub fn decided_by_rules_within(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.names[a], &self.names[b]);
        let d = &self.decision;
        d.decided_by_actors.iter().chain(&d.decided_by_weapons).any(|g| g.contains(a) && g.contains(b))
    }
}

/// A label's meaning from its labels.toml value.
fn meaning(value: &str, taxonomy: &Taxonomy) -> Result<Meaning, String> {
    if value == "none" {
        return Ok(Meaning::NoEvent);
    }
    if let Some(cat) = value.strip_prefix("category:") {
        let category = match cat {
            "natural_disaster" => EventCategory::NaturalDisaster,
            "man_made_disaster" => EventCategory::ManMadeDisaster,
            "organized_crime" => EventCategory::OrganizedCrime,
            "diplomatic_event" => EventCategory::DiplomaticEvent,
            "attribution" => EventCategory::Attribution,
            _ => return Err(format!("unknown category {cat:?}")),
        };
        return Ok(Meaning::Other(category));
    }
    let event_type = taxonomy
        .event_type_of(value)
        .ok_or_else(|| format!("{value:?} is not a sub-event type of the ACLED taxonomy"))?;
    Ok(Meaning::Conflict { event_type: event_type.to_string(), sub_event_type: value.to_string() })
}

/// The model's readings of one article's sentences, each read once however many drafts and
/// checks ask; the headline and lead read together are the sum of their sentences' readings
/// (all but the bigrams across sentence ends).
pub(crate) struct Readings<'m, 'a> {
    model: &'m TypeModel,
    text: &'a str,
    seg: &'a eventwire_text::Segmented,
    sums: Vec<Option<FeatureSums>>,
    /// The encoder head's probabilities of each sentence, where an encoder is loaded.
    head: Vec<Option<Vec<f32>>>,
}

impl<'m, 'a> Readings<'m, 'a> {
    pub fn new(model: &'m TypeModel, text: &'a str, seg: &'a eventwire_text::Segmented) -> Self {
        Readings {
            model,
            text,
            seg,
            sums: vec![None; seg.sentences.len()],
            head: vec![None; seg.sentences.len()],
        }
    }

    fn sums(&mut self, si: usize) -> &FeatureSums {
        let (model, s) = (self.model, &self.seg.sentences[si]);
        let text = &self.text[s.start..s.end];
        self.sums[si].get_or_insert_with(|| model.feature_sums(text))
    }

    /// Label probabilities of sentence `si`.
    pub fn probabilities(&mut self, si: usize) -> Vec<f32> {
        let model = self.model;
        let words = model.probabilities_of(self.sums(si));
        let Some(enc) = &model.encoder else { return words };
        let s = &self.seg.sentences[si];
        let text = &self.text[s.start..s.end];
        let head = self.head[si].get_or_insert_with(|| enc.probabilities(text));
        enc.combine(&words, head)
    }

    /// The model's verdict on sentence `si` (see [`TypeModel::verdict`]).
    pub fn verdict(&mut self, si: usize, rule_label: Option<usize>) -> Verdict {
        let p = self.probabilities(si);
        self.model.verdict_from(&p, rule_label)
    }

    /// Label probabilities of sentences `sis` read together.
    pub fn probabilities_together(&mut self, sis: &[usize]) -> Vec<f32> {
        let mut all = FeatureSums::default();
        for &si in sis {
            all.add(self.sums(si));
        }
        let words = self.model.probabilities_of(&all);
        let Some(enc) = &self.model.encoder else { return words };
        // The encoder reads the sentences as one text, as it read multi-sentence reports in training.
        let text: Vec<&str> = sis
            .iter()
            .map(|&si| &self.text[self.seg.sentences[si].start..self.seg.sentences[si].end])
            .collect();
        enc.combine(&words, &enc.probabilities(&text.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> TypeModel {
        TypeModel::load(None, crate::taxonomy::taxonomy()).unwrap()
    }

    #[test]
    fn the_packed_built_in_model_is_the_weights_file() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/events/model/event_types.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = Classifier::parse(&text, path).unwrap();
        assert_eq!(Classifier::from_packed(WEIGHTS_PACKED, WEIGHTS_ORIGIN).unwrap(), parsed);
        assert!(!parsed.labels().is_empty());
    }

    #[test]
    fn every_label_of_the_built_in_model_has_a_meaning() {
        let m = model();
        assert_eq!(m.meanings.len(), 30);
        assert_eq!(m.meanings.iter().filter(|x| matches!(x, Meaning::Other(_))).count(), 5);
        assert!(m.label_of_sub("Air/drone strike").is_some());
    }

    #[test]
    fn a_movement_of_forces_does_not_retype_a_rules_violence() {
        let m = model();
        let idx = |name: &str| (0..m.meanings.len()).find(|&i| m.name(i) == name).unwrap();
        let (clash, change, disrupted) = (idx("ARMED_CLASH"), idx("CHANGE_TO_GROUP_ACT"), idx("DISR_WEAP"));
        let mut p = vec![0.01; m.meanings.len()];
        p[change] = 0.7;
        p[clash] = 0.1;
        assert_eq!(m.verdict_from(&p, Some(clash)).label, clash, "a clash rule's event stays a clash");
        // Without a violence rule, or against another reading, the model's label stands.
        assert_eq!(m.verdict_from(&p, None).label, change);
        p[change] = 0.01;
        p[disrupted] = 0.7;
        assert_eq!(m.verdict_from(&p, Some(clash)).label, disrupted);
    }

    #[test]
    fn the_rules_weapon_decides_among_explosions() {
        let m = model();
        let idx = |name: &str| (0..m.meanings.len()).find(|&i| m.name(i) == name).unwrap();
        let (bomb, gas) = (idx("REM_EXPLOS"), idx("CHEM_WEAP"));
        let mut p = vec![0.01; m.meanings.len()];
        p[gas] = 0.7;
        p[bomb] = 0.1;
        assert_eq!(m.verdict_from(&p, Some(bomb)).label, bomb, "a bomb rule's event stays a bomb");
        assert_eq!(m.verdict_from(&p, None).label, gas);
    }

    #[test]
    fn changes_of_territory_come_from_rules_only() {
        let m = model();
        let idx = |name: &str| (0..m.meanings.len()).find(|&i| m.name(i) == name).unwrap();
        assert!(m.only_from_rules(idx("GOV_REGAINS_TERIT")));
        assert!(m.only_from_rules(idx("NON_VIOL_TERRIT_TRANSFER")));
        assert!(!m.only_from_rules(idx("ATTACK")));
    }

    #[test]
    fn a_weapons_event_does_not_become_an_attack_on_civilians() {
        let m = model();
        let idx = |name: &str| (0..m.meanings.len()).find(|&i| m.name(i) == name).unwrap();
        let (shelling, attack, truce) = (idx("ART_MISS_ATTACK"), idx("ATTACK"), idx("AGREEMENT"));
        let mut p = vec![0.01; m.meanings.len()];
        p[attack] = 0.7;
        p[shelling] = 0.1;
        assert_eq!(m.verdict_from(&p, Some(shelling)).label, shelling, "rockets that killed civilians");
        // An attack rule's event may still become the strike the model reads.
        assert_eq!(m.verdict_from(&p, None).label, attack);
        p[attack] = 0.1;
        p[shelling] = 0.7;
        assert_eq!(m.verdict_from(&p, Some(attack)).label, shelling);
        p[shelling] = 0.01;
        p[truce] = 0.7;
        assert_eq!(m.verdict_from(&p, Some(shelling)).label, shelling, "not over violence either");
    }

    #[test]
    fn the_model_tells_kinds_of_news_apart() {
        let m = model();
        let name = |s: &str| m.name(m.verdict(s, None).label).to_string();
        assert_eq!(
            name("Warplanes bombed a crowded market near the river, killing nine people."),
            "AIR_STRIKE"
        );
        assert_eq!(
            name("A magnitude 6.1 earthquake struck the region overnight, flattening houses."),
            "NATURAL_DISASTER"
        );
        assert_eq!(
            name("Thousands of teachers marched peacefully to the ministry to demand their wages."),
            "PEACE_PROTEST"
        );
    }

    #[test]
    fn rules_keep_their_type_unless_the_model_is_sure_of_another() {
        let m = model();
        let label = |n: &str| m.names.iter().position(|x| x == n).unwrap();
        let s = "Gunmen attacked an army checkpoint and fought soldiers for two hours.";
        assert_eq!(m.name(m.verdict(s, None).label), "ARMED_CLASH");
        // Within a group the rules decide by actors: the rule's attack stands.
        assert_eq!(m.name(m.verdict(s, Some(label("ATTACK"))).label), "ATTACK");
        // Outside the groups, a sure model overrules an unlikely rule type.
        assert_eq!(m.name(m.verdict(s, Some(label("ARREST"))).label), "ARMED_CLASH");
        // Other news is other news, whatever rule fired on its words.
        let blast =
            "A gas cylinder exploded in a crowded restaurant kitchen, an accident, the fire service said.";
        assert_eq!(m.name(m.verdict(blast, Some(label("REM_EXPLOS"))).label), "MAN_MADE_DISASTER");
    }

    #[test]
    fn bad_label_files_are_clear_errors() {
        let t = crate::taxonomy::taxonomy();
        assert!(meaning("Air/drone strike", t).is_ok());
        assert!(meaning("Flying carpet", t).unwrap_err().contains("not a sub-event type"));
        assert!(meaning("category:weather", t).unwrap_err().contains("unknown category"));
    }
}
