//! The coding engine: actors, events (ACLED typology) and figures.
//!
//! Everything the coder knows is data: the actor lexicon (`data/actors/`), the event rules,
//! modality cues, lemmas and figure vocabulary (`data/events/`). [`Coder::load`] reads the
//! embedded defaults plus any user files from a data directory, once; [`Coder::code`] is
//! linear in the length of the article.
//!
//! Pipeline per article: actor mentions (Aho-Corasick over aliases, demonym + force-noun
//! patterns, light coreference) → figures per sentence (numbers in digits and words, with
//! qualifier, category, subject, claimant, as-of date) → clauses → the first rule that fires in
//! each clause and passes its modality check becomes an event → attempts merge with their
//! outcome, repeated events merge → the main event (headline/lead) goes first.

mod data;
mod doc;
mod figures;
mod lexicon;
mod modality;
pub mod phoenix;
mod rules;

pub use lexicon::{kind_name, parse_kind};

use doc::{DocView, FxSet, Lemmas, PhraseSet};
use eventwire_model::{
    ActorKind, ActorMention, DatePrecision, Event, Evidence, Figure, FigureCategory, GeoPrecision, Modality,
    PlaceMention, Span, TimeMention,
};
use eventwire_text::Segmented;
use lexicon::{Lexicon, Mention, TagContext};
use modality::{Claim, Cues, Mood};
use rules::{Needs, Obj, RuleSet};
use std::collections::BTreeMap;
use std::path::Path;

/// Errors of the coding layer.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

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
}

/// The coder: actor lexicon and event rules, loaded once.
#[derive(Debug)]
pub struct Coder {
    lexicon: Lexicon,
    lemmas: Lemmas,
    rules: RuleSet,
    cues: Cues,
    figures: figures::FigureRules,
    agent_verbs: FxSet<String>,
    civilian_words: PhraseSet,
    military_words: PhraseSet,
}

const CIVILIAN_TARGETS: &[&str] = &[
    "civilian",
    "people",
    "resident",
    "villager",
    "child",
    "children",
    "woman",
    "women",
    "family",
    "families",
    "worshipper",
    "passenger",
    "farmer",
    "student",
    "refugee",
    "journalist",
    "aid worker",
    "medic",
    "doctor",
    "patient",
    "shopper",
    "pilgrim",
    "market",
    "hospital",
    "school",
    "mosque",
    "church",
    "home",
    "house",
    "neighbourhood",
    "camp",
    "bus",
    "car",
    "man",
    "men",
    "person",
    "persons",
    "teacher",
    "prisoner",
    "detainee",
];
const MILITARY_TARGETS: &[&str] = &[
    "troop",
    "soldier",
    "barrack",
    "base",
    "checkpoint",
    "position",
    "convoy",
    "patrol",
    "army",
    "police",
    "policeman",
    "policemen",
    "fighter",
    "militant",
    "force",
    "post",
    "outpost",
    "military",
    "jihadist",
    "insurgent",
    "rebel",
    "attacker",
    "gunman",
    "gunmen",
    "security",
    "garrison",
    "tank",
    "vehicle",
    "officer",
];
const PRONOUN_SUBJECTS: &[&str] = &["it", "they", "we", "its", "their", "our", "he", "she"];

/// Nouns of an armed action that name its agent before them: "killed in police firing", "died
/// in army shelling".
const ACTION_NOUNS: &[&str] = &[
    "firing",
    "fire",
    "shooting",
    "shelling",
    "raid",
    "raids",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "action",
    "crossfire",
];
/// Verbs (lemmas) of the clause that names the agent of a death after it: "killed when the
/// police fired", "died as troops opened fire".
const WHEN_AGENT_VERBS: &[&str] = &["fire", "open", "shoot", "shell", "bomb", "attack", "storm", "charge"];
const AGENT_VERBS: &[&str] = &[
    "say",
    "claim",
    "announce",
    "deny",
    "launch",
    "deploy",
    "send",
    "accuse",
    "back",
    "support",
    "agree",
    "sign",
    "warn",
    "vow",
    "threaten",
    "confirm",
    "report",
    "declare",
    "fire",
    "respond",
    "retaliate",
    "order",
];

impl Coder {
    /// Load the actor lexicon and event rules: the built-in data plus, when `data_dir` is given,
    /// `data_dir/actors/*.toml` and `data_dir/events/*` (entries with the same name or id
    /// replace the built-in ones).
    pub fn load(data_dir: Option<&Path>) -> Result<Self, EventsError> {
        let k = data::Knowledge::load(data_dir)?;
        let lexicon = Lexicon::build(&k.actors)?;
        let lemmas = Lemmas::new(&k.lemmas);
        let rules = RuleSet::new(&k.rules, &lemmas);
        let cues = Cues::new(&k.cues, &lemmas);
        let figures = figures::FigureRules::new(&k.figures, &lemmas);
        let mut agent_verbs: FxSet<String> = AGENT_VERBS.iter().map(|s| s.to_string()).collect();
        for r in &rules.rules {
            if r.event_type != "Protests" {
                for t in &r.triggers {
                    agent_verbs.insert(t[0].clone());
                }
            }
        }
        let ph = |v: &[&str]| PhraseSet::new(&lemmas, v.iter().map(|s| lemmas.phrase(s)));
        let civilian_words = ph(CIVILIAN_TARGETS);
        let military_words = ph(MILITARY_TARGETS);
        let mut lemmas = lemmas;
        lemmas.freeze();
        Ok(Coder { civilian_words, military_words, lexicon, lemmas, rules, cues, figures, agent_verbs })
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

    /// Code a bare text (segmented here, with no places or times), e.g. one sentence of an
    /// evaluation set.
    pub fn code_text(&self, doc_id: &str, text: &str, published: Option<&str>) -> Coded {
        let seg = eventwire_text::segment(text);
        self.code(&CodingInput { doc_id, text, seg: &seg, title: None, places: &[], times: &[], published })
    }

    /// Code one article.
    pub fn code(&self, input: &CodingInput) -> Coded {
        let text = input.text;
        if text.is_empty() || input.seg.tokens.is_empty() {
            return Coded::default();
        }
        let mut scratch = String::new();
        let d = DocView::new(text, input.seg, &self.lemmas, &mut scratch);
        let mut places: Vec<&PlaceMention> =
            input.places.iter().filter(|p| p.end <= text.len() && p.start < p.end).collect();
        places.sort_by_key(|p| (p.start, p.end));
        let main_country = self.main_country(input, &places);

        // Actors.
        // Each place's sentence, once (country_at runs per actor mention).
        let place_sent: Vec<Option<usize>> = places.iter().map(|p| input.seg.sentence_at(p.start)).collect();
        let country_at = |pos: usize| -> Option<&str> {
            let si = input.seg.sentence_at(pos);
            let near = places
                .iter()
                .zip(&place_sent)
                .filter(|(p, ps)| {
                    si.is_some() && **ps == si && p.country_code.is_some() && p.kind != "demonym"
                })
                .map(|(p, _)| p)
                .min_by_key(|p| p.start.abs_diff(pos));
            near.and_then(|p| p.country_code.as_deref()).or(main_country.as_deref())
        };
        let agent = |w: &str| self.agent_verbs.contains(self.lemmas.lemma(w));
        let ctx = TagContext { country_at: &country_at, is_agent_verb: &agent };
        let mentions = self.lexicon.tag(text, &ctx);

        // Figures, claims and per-sentence data.
        let blocked_tokens = self.time_tokens(&d, input.times);
        let place_tok: BTreeMap<usize, usize> = places
            .iter()
            .map(|p| (d.token_at_or_after(p.start), d.token_containing(p.end.saturating_sub(1)) + 1))
            .collect();
        let mut claims: Vec<Option<Claim>> = Vec::with_capacity(input.seg.sentences.len());
        let mut hits: Vec<(usize, figures::Hit)> = Vec::new();
        for (si, s) in input.seg.sentences.iter().enumerate() {
            let blocked = |t: usize| blocked_tokens.get(t).copied().unwrap_or(false);
            let place_end = |t: usize| place_tok.get(&t).copied();
            for h in self.figures.find(&d, s.first_token, s.end_token, &blocked, &place_end) {
                hits.push((si, h));
            }
            claims.push(self.cues.claimant(&d, s.first_token, s.end_token));
        }
        // Pronoun claimants take the named claimant of the sentence before.
        for si in 1..claims.len() {
            if claims[si].as_ref().is_some_and(|c| c.pronoun) {
                let prev =
                    claims[si - 1].clone().filter(|c| !c.pronoun && c.text.starts_with(char::is_uppercase));
                if let Some(p) = prev {
                    if let Some(c) = claims[si].as_mut() {
                        c.text = p.text;
                    }
                } else if let Some(c) = claims[si].as_mut() {
                    c.text.clear();
                }
            }
        }
        let claim_text = |si: usize| claims[si].as_ref().map(|c| c.text.clone()).filter(|t| !t.is_empty());

        let fkeep = figure_times(&d, input.times);
        let times_ordered = input.times.windows(2).all(|w| w[0].start <= w[1].start)
            && input.times.iter().all(|t| t.start <= t.end);
        // The hits' strings move into the output: nothing below reads them.
        let figures_out: Vec<Figure> = hits
            .iter_mut()
            .map(|(si, h)| {
                let s = d.seg.tokens[h.start].start;
                let e = d.seg.tokens[h.end - 1].end;
                let sent = &input.seg.sentences[*si];
                Figure {
                    value: h.value,
                    min: h.min,
                    max: h.max,
                    qualifier: std::mem::take(&mut h.qualifier),
                    category: h.category,
                    what: std::mem::take(&mut h.what),
                    claimant: claim_text(*si),
                    as_of: self
                        .time_for(
                            &d,
                            input.times,
                            Some(&fkeep),
                            times_ordered,
                            (sent.start, sent.end),
                            d.seg.tokens[h.num_start].start,
                        )
                        .map(|(v, _)| v)
                        .or_else(|| input.published.map(String::from)),
                    start: s,
                    end: e,
                    quote: text[s..e].to_string(),
                }
            })
            .collect();

        // Counts attached to actor mentions ("two militants").
        let mention_count = |m: &Mention| -> Option<u64> {
            let t = d.token_at_or_after(m.start);
            hits.iter().find(|(_, h)| h.np.0 == t || h.num_end == t).and_then(|(_, h)| h.lower_bound())
        };

        // Events.
        let actor_starts: Vec<usize> = mentions.iter().map(|m| m.start).collect();
        let clauses = d.clauses(&actor_starts);
        // Each place's first token, and whether it can locate an event (not a dateline, not
        // part of an actor's name).
        let place_info: Vec<(usize, bool)> = places
            .iter()
            .map(|p| {
                let usable = !is_dateline(text, p)
                    && p.kind != "demonym"
                    && !mentions
                        .iter()
                        .any(|m| m.start <= p.start && p.end <= m.end && m.end - m.start > p.end - p.start);
                (d.token_at_or_after(p.start), usable)
            })
            .collect();
        let mtok: Vec<usize> = mentions.iter().map(|m| d.token_at_or_after(m.start)).collect();
        let in_title = |pos: usize| input.title.is_some_and(|t| t.start <= pos && pos < t.end);
        let mut drafts: Vec<Draft> = Vec::new();
        let mut fire_buf = Vec::new();
        for c in &clauses {
            let sent = &input.seg.sentences[c.sentence];
            let claim = claims[c.sentence].as_ref();
            self.rules.fires_into(&d, c.start, c.end, &mut fire_buf);
            for &fire in &fire_buf {
                let r = &self.rules.rules[fire.rule];
                if !self.rules.context_ok(&d, r, c.start, c.end) {
                    continue;
                }
                // "Radio Free Europe": a trigger word inside a name is no trigger.
                if fire.start > sent.first_token
                    && !in_title(sent.start)
                    && d.tok_text(fire.start).starts_with(char::is_uppercase)
                    && d.tok_text(fire.start - 1).starts_with(char::is_uppercase)
                {
                    continue;
                }
                if !r.object_any.is_empty() && !self.object_ok(&d, r, fire.end, c.end, &place_tok, &mentions)
                {
                    continue;
                }
                // Figures of this clause (else of its sentence): hits come in sentence order.
                let sent_hits = {
                    let lo = hits.partition_point(|(si, _)| *si < c.sentence);
                    let hi = hits.partition_point(|(si, _)| *si <= c.sentence);
                    &hits[lo..hi]
                };
                let pick = |cat: FigureCategory| -> Option<u64> {
                    let of_sentence = || sent_hits.iter().map(|(_, h)| h).filter(|h| h.category == cat);
                    let in_clause = of_sentence().filter(|h| h.num_start >= c.start && h.num_start < c.end);
                    in_clause
                        .filter_map(|h| h.lower_bound())
                        .max()
                        .or_else(|| of_sentence().filter_map(|h| h.lower_bound()).max())
                };
                let fatalities = pick(FigureCategory::Killed);
                let casualties = fatalities.is_some() || pick(FigureCategory::Wounded).is_some();
                // "the battle for X", "their capture would ...": nominals name, they rarely report.
                let nominal = Cues::is_nominal(&d, c.start, fire.start);
                if nominal && (r.event_type == "Battles" || r.by_target && !casualties) {
                    continue;
                }
                // "have killed at least 1,000 fighters": a running total, not an event.
                let perfect = (c.start..fire.start).any(|k| d.lem(k) == "have");
                if r.by_target && perfect && fatalities.is_some_and(|f| f >= 100) {
                    continue;
                }
                let place = self.event_place(
                    &d,
                    &places,
                    &place_info,
                    c.start,
                    c.end,
                    sent.first_token,
                    sent.end_token,
                    fire.end,
                );
                // A country alone does not locate an event.
                let located = place.is_some_and(|p| place_rank(places[p]) < 3);
                let ok = match r.needs {
                    Needs::None | Needs::Actor => true,
                    Needs::Place => located,
                    Needs::Casualties => casualties,
                    Needs::PlaceOrCasualties => located || casualties,
                };
                // The outcome of an attempt in the sentence before needs no place of its own.
                let outcome = r.by_target
                    && drafts
                        .last()
                        .is_some_and(|p| p.modality == Modality::Attempted && p.sentence + 1 >= c.sentence);
                if !ok && !outcome {
                    continue;
                }
                let mood = self.cues.mood(&d, sent.first_token, c.start, c.end, fire.start, fire.end);
                if mood == Mood::NotFact {
                    // A negated/future trigger silences the clause for the same kind of event.
                    continue;
                }
                let claim_span = claim.map(|c| (c.start, c.end, c.verb));
                let slots = self.slots(
                    &d,
                    &mentions,
                    &mtok,
                    r,
                    c.start,
                    c.end,
                    sent.first_token,
                    sent.end_token,
                    fire,
                    claim_span,
                );
                if r.needs == Needs::Actor && slots.actor1.is_none() {
                    continue;
                }
                let (event_type, sub) = self.sub_type(&d, r, &slots, &mentions, c.start, c.end, fire);
                let own_time = self.time_for(
                    &d,
                    input.times,
                    None,
                    times_ordered,
                    (d.seg.tokens[c.start].start, d.seg.tokens[c.end - 1].end),
                    d.seg.tokens[fire.start].start,
                );
                let relative = matches!(d.lower[c.start], "which" | "who" | "that" | "where");
                let sent_time = own_time.clone().filter(|_| true).or_else(|| {
                    if relative {
                        return None;
                    }
                    self.time_for(
                        &d,
                        input.times,
                        None,
                        times_ordered,
                        (sent.start, sent.end),
                        d.seg.tokens[fire.start].start,
                    )
                });
                // Background history ("captured swaths of territory in 2014") is not news.
                if let (Some((v, _)), Some(pubd)) = (&own_time, input.published) {
                    let year = |x: &str| x.get(..4).and_then(|y| y.parse::<i32>().ok());
                    if let (Some(a), Some(b)) = (year(v), year(pubd)) {
                        if a < b - 1 {
                            continue;
                        }
                    }
                }
                // "The battle was launched on October 17, with Iraqi forces first taking ...": a
                // date borrowed from another clause that lies over a month before publication
                // dates the story's background; the clause summarises a past phase.
                if own_time.is_none() {
                    if let (Some((v, _)), Some(pubd)) = (&sent_time, input.published) {
                        if days_between(v, pubd).is_some_and(|n| n > 31) {
                            continue;
                        }
                    }
                }
                // "have claimed responsibility for attacks in Europe": plural nominals under a
                // perfect, with no date and no toll, sum up a record rather than report events.
                let plural =
                    d.lower[fire.end - 1].ends_with('s') && d.lem(fire.end - 1) != d.lower[fire.end - 1];
                if perfect && plural && own_time.is_none() && !casualties && fire.start > c.start {
                    // Only inside a prepositional phrase ("for attacks"): "have launched
                    // attacks" reports one.
                    let in_pp = (fire.start.saturating_sub(3).max(c.start)..fire.start)
                        .any(|k| matches!(d.lower[k], "for" | "of" | "in" | "including" | "behind"));
                    if in_pp && !matches!(d.lem(fire.start - 1), "have" | "be") {
                        continue;
                    }
                }
                let modality = match mood {
                    Mood::Attempt => Modality::Attempted,
                    _ if claims[c.sentence].as_ref().is_some_and(|c| !c.text.is_empty()) => {
                        Modality::Reported
                    }
                    _ => Modality::Asserted,
                };
                let mut a1 = slots.actor1.map(|m| mentions[m].actor);
                if a1.is_none() && r.default_state_actor {
                    // Unattributed air strikes are flown by a state: that of the place.
                    let cc =
                        place.and_then(|p| places[p].country_code.clone()).or_else(|| main_country.clone());
                    a1 = cc.and_then(|cc| self.lexicon.military_of(&cc));
                }
                let a2 = slots.actor2.map(|m| mentions[m].actor).filter(|a| Some(*a) != a1);
                drafts.push(Draft {
                    rule: fire.rule,
                    event_type,
                    sub,
                    sentence: c.sentence,
                    sentences: vec![c.sentence],
                    actor1: a1,
                    actor1_count: slots.actor1.and_then(|m| mention_count(&mentions[m])),
                    actor2: a2,
                    place,
                    has_own_place: place.is_some_and(|p| {
                        let pt = d.token_at_or_after(places[p].start);
                        pt >= c.start && pt < c.end
                    }),
                    date: sent_time,
                    has_own_time: own_time.is_some(),
                    fatalities,
                    injured: pick(FigureCategory::Wounded),
                    displaced: pick(FigureCategory::Displaced),
                    modality,
                    claimant: claim_text(c.sentence),
                    evidence: vec![(d.seg.tokens[fire.start].start, d.seg.tokens[fire.end - 1].end)],
                });
                // "gained control of the villages of Darwish and Ameriya": one event per place.
                if r.is_territorial() {
                    if let Some(p0) = place {
                        let mut last_end = d.token_containing(places[p0].end.saturating_sub(1)) + 1;
                        for (pi, p) in places.iter().enumerate().skip(p0 + 1) {
                            let pt = d.token_at_or_after(p.start);
                            if pt >= c.end || pt < last_end {
                                break;
                            }
                            let glue =
                                (last_end..pt).all(|k| matches!(d.lower[k], "and" | "," | "as" | "well"));
                            if !glue || pt == last_end {
                                break;
                            }
                            let mut extra = drafts.last().cloned().expect("just pushed");
                            extra.place = Some(pi);
                            drafts.push(extra);
                            last_end = d.token_containing(p.end.saturating_sub(1)) + 1;
                        }
                    }
                }
                break;
            }
        }

        let drafts = self.merge_attempts(drafts);
        let title_sent = input.title.and_then(|t| input.seg.sentence_at(t.start));
        let drafts = self.dedup(text, drafts, &places, title_sent, input.seg);
        let events = self.finish(input, &d, drafts, &places);

        let actors = mentions
            .iter()
            .map(|m| {
                let a = &self.lexicon.actors[m.actor];
                ActorMention {
                    text: text[m.start..m.end].to_string(),
                    start: m.start,
                    end: m.end,
                    actor: a.name.clone(),
                    kind: a.kind,
                    country_code: a.country.clone(),
                    parent: a.parent.clone(),
                    coreference: m.coreference,
                }
            })
            .collect();
        Coded { actors, events, figures: figures_out }
    }

    fn main_country(&self, input: &CodingInput, places: &[&PlaceMention]) -> Option<String> {
        // Keys borrowed: one String for the winner only.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let lead_end = input.seg.sentences.get(1).map(|s| s.end).unwrap_or(usize::MAX);
        for p in places {
            if let Some(cc) = &p.country_code {
                let w = if p.start < lead_end { 2 } else { 1 };
                *counts.entry(cc.as_str()).or_default() += w;
            }
        }
        let named;
        if counts.is_empty() {
            named = self.lexicon.countries_named(input.text);
            for cc in &named {
                *counts.entry(cc.as_str()).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(c, _)| c.to_string())
    }

    fn time_tokens(&self, d: &DocView, times: &[TimeMention]) -> Vec<bool> {
        let mut out = vec![false; d.len()];
        for t in times {
            if t.end > d.text.len() {
                continue;
            }
            let a = d.token_at_or_after(t.start);
            let mut i = a;
            while i < d.len() && d.seg.tokens[i].start < t.end {
                out[i] = true;
                i += 1;
            }
        }
        out
    }

    /// The date governing byte `pos` among the time expressions inside `span` (the time
    /// layer's event-dating rule applied to that span).
    fn time_for(
        &self,
        d: &DocView,
        times: &[TimeMention],
        keep: Option<&[bool]>,
        ordered: bool,
        span: (usize, usize),
        pos: usize,
    ) -> Option<(String, DatePrecision)> {
        // `keep`: per time, may it date a figure ([`figure_times`]).
        // Ordered by start (each ending after it starts), the times inside lie in one block.
        let (lo, hi) = if ordered {
            (times.partition_point(|t| t.start < span.0), times.partition_point(|t| t.start <= span.1))
        } else {
            (0, times.len())
        };
        let (times, keep) = (&times[lo..hi], keep.map(|f| f.get(lo..).unwrap_or(&[])));
        let kept = |k: usize| keep.is_none_or(|f| f.get(k).copied().unwrap_or(false));
        let within = |k: usize, t: &TimeMention| t.start >= span.0 && t.end <= span.1 && kept(k);
        let first = times.iter().enumerate().position(|(k, t)| within(k, t))?;
        let n = times[first..].iter().enumerate().take_while(|(k, t)| within(first + k, t)).count();
        // Usually the expressions inside form one run: borrow it rather than copy.
        let copied: Vec<TimeMention>;
        let inside = if times[first + n..].iter().enumerate().any(|(k, t)| within(first + n + k, t)) {
            copied =
                times.iter().enumerate().filter(|(k, t)| within(*k, t)).map(|(_, t)| t.clone()).collect();
            &copied[..]
        } else {
            &times[first..first + n]
        };
        let ed = eventwire_time::event_date(d.text, Span::new(pos, pos + 1), inside, d.seg, None);
        ed.date.filter(|_| ed.mention.is_some()).map(|v| (v, ed.precision))
    }

    /// The event's place: the best-resolved place of the trigger's clause (the first after
    /// the trigger, else the last before it), else of its sentence.
    /// The event's place: the best-resolved place of the trigger's clause (the first after
    /// the trigger, else the last before it), else of its sentence.
    #[allow(clippy::too_many_arguments)]
    fn event_place(
        &self,
        d: &DocView,
        places: &[&PlaceMention],
        info: &[(usize, bool)],
        c0: usize,
        c1: usize,
        s0: usize,
        s1: usize,
        trig_end: usize,
    ) -> Option<usize> {
        let pick = |from: usize, to: usize| -> Option<usize> {
            let lo = info.partition_point(|(t, _)| *t < from);
            // (place, token) of the usable places in range; walked again rather than collected.
            let cands = || {
                info[lo..]
                    .iter()
                    .enumerate()
                    .take_while(|(_, (t, _))| *t < to)
                    .filter(|(_, (_, ok))| *ok)
                    .map(|(k, (t, _))| (lo + k, *t))
            };
            let best = cands().map(|(i, _)| place_rank(places[i])).min()?;
            let ok = |i: usize| place_rank(places[i]) == best;
            cands()
                .find(|(i, t)| *t >= trig_end && ok(*i))
                .or_else(|| cands().filter(|(i, _)| ok(*i)).last())
                .map(|(i, _)| i)
        };
        // "in the city's suburbs": the city named last before the clause.
        let city = || {
            (c0..c1).any(|k| d.lower[k] == "city").then(|| {
                info.iter()
                    .enumerate()
                    .rfind(|(i, (t, ok))| *ok && places[*i].kind == "city" && *t >= s0 && *t < c0)
                    .map(|(i, _)| i)
            })?
        };
        pick(c0, c1).or_else(city).or_else(|| pick(s0, s1))
    }

    fn object_ok(
        &self,
        d: &DocView,
        r: &rules::Rule,
        t_end: usize,
        c1: usize,
        place_tok: &BTreeMap<usize, usize>,
        mentions: &[Mention],
    ) -> bool {
        let to = (t_end + 6).min(c1);
        for k in t_end..to {
            for o in &r.object_any {
                let hit = match o {
                    Obj::Place => place_tok.contains_key(&k),
                    Obj::Number => d.is_number(k),
                    Obj::Actor => mentions.iter().any(|m| d.token_at_or_after(m.start) == k),
                    Obj::Phrase(p) => d.match_at(k, c1, p).is_some(),
                };
                if hit {
                    return true;
                }
            }
        }
        false
    }

    #[allow(clippy::too_many_arguments)]
    fn slots(
        &self,
        d: &DocView,
        mentions: &[Mention],
        mtok: &[usize],
        r: &rules::Rule,
        c0: usize,
        c1: usize,
        s0: usize,
        s1: usize,
        fire: rules::Fire,
        claim: Option<(usize, usize, usize)>,
    ) -> Slots {
        let crowd = matches!(r.event_type.as_str(), "Protests" | "Riots");
        let in_claim = |t: usize| claim.is_some_and(|(a, b, _)| t >= a && t < b);
        // "X said that Y attacked": the subject is after the reporting verb.
        let c0 = match claim {
            Some((_, _, v)) if v >= c0 && v < fire.start => v + 1,
            _ => c0,
        };
        // Actors in a prepositional phrase ("from ISIS", "against the army") are not subjects.
        let in_pp = |t: usize| {
            let t = if t > s0 + 1 && matches!(d.lower[t - 1], "the" | "a" | "an") { t - 1 } else { t };
            t > s0
                && matches!(
                    d.lower[t - 1],
                    "from"
                        | "by"
                        | "against"
                        | "with"
                        | "of"
                        | "to"
                        | "for"
                        | "on"
                        | "into"
                        | "toward"
                        | "towards"
                        | "at"
                        | "in"
                        | "near"
                        | "over"
                        | "between"
                        | "around"
                )
        };
        let lo = mtok.partition_point(|t| *t < s0);
        let all: Vec<(usize, usize)> = (lo..mtok.len())
            .take_while(|&i| mtok[i] < s1)
            .filter(|&i| self.lexicon.actors[mentions[i].actor].kind != ActorKind::Other)
            .map(|i| (i, mtok[i]))
            .collect();
        let agents: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|(i, _)| crowd || self.lexicon.actors[mentions[*i].actor].is_armed())
            .collect();
        let subject_in = |from: usize, to: usize, first: bool| -> Option<usize> {
            // Walked again rather than collected: the candidates, then those outside a PP.
            let c = || agents.iter().copied().filter(|(_, t)| *t >= from && *t < to && !in_claim(*t));
            let free = || c().filter(|(_, t)| !in_pp(*t));
            let pick = if first { free().next() } else { free().next_back() };
            pick.or_else(|| if first { c().next() } else { c().next_back() }).map(|(i, _)| i)
        };
        let after_in =
            |to: usize| all.iter().find(|(_, t)| *t >= fire.end && *t < to && !in_claim(*t)).copied();
        let passive = (fire.start > c0
            && (d.lem(fire.start - 1) == "be"
                || fire.start > c0 + 1 && d.lem(fire.start - 2) == "be" && !d.is_punct(fire.start - 1)))
            || (fire.end < c1 && d.lower[fire.end] == "by");
        // "killed in police firing": the agent inside "in <actor> <action noun>" after the trigger.
        let in_action_agent = || {
            (fire.end..c1).filter(|&k| d.lower[k] == "in").find_map(|k| {
                agents.iter().find(|(_, t)| {
                    *t > k
                        && *t <= k + 2
                        && (*t + 1..(*t + 4).min(c1)).any(|j| ACTION_NOUNS.contains(&d.lower[j]))
                })
            })
        };
        // "killed when the police fired": the subject of a "when"/"as" clause right after the
        // trigger, when the word after it is an armed action ("as Russian Military Chopper Shot
        // down" names no agent).
        let when_agent = || {
            let subject_acts = |i: usize, t: usize, k: usize| {
                let verb = d.token_at_or_after(mentions[i].end);
                t > k && t <= k + 2 && verb < s1 && WHEN_AGENT_VERBS.contains(&d.lem(verb))
            };
            (fire.end..(fire.end + 4).min(s1))
                .filter(|&k| matches!(d.lower[k], "when" | "as"))
                .find_map(|k| agents.iter().find(|&&(i, t)| subject_acts(i, t, k)))
        };
        let mut s = Slots::default();
        if r.agent_after {
            s.actor1 = after_in(c1).map(|(i, _)| i);
            s.actor2 = subject_in(c0, fire.start, false);
        } else if passive {
            // "X were killed by Y": Y is actor1, X the victims.
            let by = (fire.end..c1).find(|&k| d.lower[k] == "by");
            s.actor1 = by
                .and_then(|b| agents.iter().find(|(_, t)| *t > b && *t < c1).map(|(i, _)| *i))
                .or_else(|| in_action_agent().map(|(i, _)| *i))
                .or_else(|| when_agent().map(|(i, _)| *i));
            s.actor2 =
                all.iter().rev().find(|(_, t)| *t >= c0 && *t < fire.start && !in_claim(*t)).map(|(i, _)| *i);
        } else {
            s.actor1 = subject_in(c0, fire.start, true).or_else(|| subject_in(s0, c0, true));
            s.actor2 = after_in(c1).map(|(i, _)| i);
            // "airstrikes from the US-led coalition", "an attack by gunmen".
            if let Some((i, t)) = after_in(c1) {
                let by = (t.saturating_sub(2).max(fire.end)..t).any(|k| matches!(d.lower[k], "by" | "from"));
                if by
                    && t <= fire.end + 3
                    && (s.actor1.is_none() || r.event_type == "Explosions/Remote violence")
                {
                    s.actor2 = s.actor1.filter(|a| *a != i);
                    s.actor1 = Some(i);
                }
            }
            if s.actor1.is_none() {
                // "After taking X, SDF fighters ...": the subject of the following clause.
                let lead = matches!(
                    d.lower[c0],
                    "after" | "before" | "following" | "having" | "upon" | "since" | "assisted"
                );
                if lead {
                    s.actor1 =
                        agents.iter().find(|(_, t)| *t >= fire.end && *t < s1 && !in_pp(*t)).map(|(i, _)| *i);
                }
            }
            let claim_actor = || {
                claim
                    .filter(|(_, b, _)| *b <= fire.start)
                    .and_then(|(a, b, _)| agents.iter().find(|(_, t)| *t >= a && *t < b).map(|(i, _)| *i))
            };
            if s.actor1.is_none() {
                // "Sixty people died in police firing", "one died when police fired".
                if let Some(&(i, _)) = in_action_agent().or_else(|| when_agent().filter(|_| r.by_target)) {
                    s.actor1 = Some(i);
                    if s.actor2 == Some(i) {
                        s.actor2 = None;
                    }
                }
            }
            if s.actor1.is_none() {
                // "The SDF claimed to have liberated ...", "the SDF said it had moved".
                s.actor1 = claim_actor();
            }
            if s.actor1.is_none() && (c0..fire.start).any(|k| PRONOUN_SUBJECTS.contains(&d.lower[k])) {
                let pos = d.seg.tokens[s0].start;
                s.actor1 = mentions
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, m)| m.start < pos && !m.generic)
                    .find(|(_, m)| self.lexicon.actors[m.actor].is_armed())
                    .map(|(i, _)| i);
            }
        }
        if s.actor2.is_some() && s.actor2.map(|m| mentions[m].actor) == s.actor1.map(|m| mentions[m].actor) {
            s.actor2 = None;
        }
        s
    }

    #[allow(clippy::too_many_arguments)]
    fn sub_type<'s>(
        &self,
        d: &DocView,
        r: &'s rules::Rule,
        s: &Slots,
        mentions: &[Mention],
        c0: usize,
        c1: usize,
        fire: rules::Fire,
    ) -> (&'s str, &'s str) {
        let kind = |m: Option<usize>| m.map(|m| self.lexicon.actors[mentions[m].actor].kind);
        if r.is_territorial() {
            return ("Battles", self.territory_sub(r, kind(s.actor1), kind(s.actor2)));
        }
        if r.by_target {
            let k2 = kind(s.actor2);
            let (lo, hi) = if s.actor2.is_some_and(|m| d.token_at_or_after(mentions[m].start) < fire.start) {
                (c0, fire.start)
            } else {
                (fire.end, c1)
            };
            let civ = matches!(k2, Some(ActorKind::Civilians))
                || (k2.is_none() && self.civilian_words.find(d, lo, hi).is_some());
            let mil = matches!(
                k2,
                Some(
                    ActorKind::StateForces
                        | ActorKind::RebelGroup
                        | ActorKind::PoliticalMilitia
                        | ActorKind::IdentityMilitia
                        | ActorKind::Unidentified
                        | ActorKind::ExternalForces
                )
            ) || (!civ && self.military_words.find(d, lo, hi).is_some());
            let k1 = kind(s.actor1);
            if mil && !civ {
                return ("Battles", "Armed clash");
            }
            if k1 == Some(ActorKind::Rioters) {
                return ("Riots", "Mob violence");
            }
            return ("Violence against civilians", "Attack");
        }
        (&r.event_type, &r.sub_event_type)
    }

    fn territory_sub<'r>(&self, r: &'r rules::Rule, k1: Option<ActorKind>, k2: Option<ActorKind>) -> &'r str {
        let state = r.state_sub.as_deref().unwrap_or(&r.sub_event_type);
        let nonstate = r.nonstate_sub.as_deref().unwrap_or(&r.sub_event_type);
        match k1 {
            Some(ActorKind::StateForces | ActorKind::ExternalForces) => state,
            Some(_) => nonstate,
            None if k2 == Some(ActorKind::StateForces) => nonstate,
            None => state,
        }
    }

    /// "Two militants tried to attack a base. ... the attackers were killed": one event, an
    /// attempt, with the attackers as fatalities.
    fn merge_attempts<'r>(&self, drafts: Vec<Draft<'r>>) -> Vec<Draft<'r>> {
        let mut out: Vec<Draft<'_>> = Vec::new();
        for dr in drafts {
            if let Some(prev) = out.last_mut() {
                let follows = dr.sentence == prev.sentence + 1 || dr.sentence == prev.sentence;
                let rule = &self.rules.rules[dr.rule];
                let about_attackers = dr.actor2.is_some() && dr.actor2 == prev.actor1
                    || dr.actor1.is_some() && dr.actor1 == prev.actor1;
                if prev.modality == Modality::Attempted
                    && follows
                    && rule.by_target
                    && !dr.has_own_place
                    && about_attackers
                {
                    if dr.actor2 == prev.actor1 {
                        prev.fatalities = dr.fatalities.or(prev.actor1_count).or(prev.fatalities);
                        prev.event_type = "Battles";
                        prev.sub = "Armed clash";
                    } else {
                        prev.fatalities = prev.fatalities.max(dr.fatalities);
                    }
                    prev.injured = prev.injured.or(dr.injured);
                    if prev.claimant.is_none() {
                        prev.claimant = dr.claimant.clone();
                    }
                    prev.evidence.extend(dr.evidence);
                    continue;
                }
            }
            out.push(dr);
        }
        out
    }

    fn compatible_actor(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) if x != y => {
                let (ax, ay) = (&self.lexicon.actors[x], &self.lexicon.actors[y]);
                ax.parent.as_deref() == Some(ay.name.as_str())
                    || ay.parent.as_deref() == Some(ax.name.as_str())
                    || ax.generic && ay.kind != ActorKind::StateForces
                    || ay.generic && ax.kind != ActorKind::StateForces
            }
            _ => true,
        }
    }

    fn dedup<'r>(
        &'r self,
        text: &str,
        drafts: Vec<Draft<'r>>,
        places: &[&PlaceMention],
        title: Option<usize>,
        seg: &Segmented,
    ) -> Vec<Draft<'r>> {
        let mut out: Vec<Draft<'_>> = Vec::new();
        let territorial = |d: &Draft| self.rules.rules[d.rule].is_territorial();
        for dr in drafts {
            // The clash that won a territory is part of the territorial event.
            let same_sentence = |o: &Draft| o.sentences.contains(&dr.sentence);
            // "5 were killed" and "a bomb attack" in one sentence: one explosion event.
            let erv = |x: &Draft| x.event_type == "Explosions/Remote violence";
            let generic = |x: &Draft| self.rules.rules[x.rule].by_target;
            let same_family = |o: &Draft| {
                o.sub == dr.sub
                    || same_sentence(o) && (generic(o) && erv(&dr) || erv(o) && generic(&dr))
                    || (territorial(o) && territorial(&dr))
                    || same_sentence(o)
                        && (territorial(o) && dr.sub == "Armed clash"
                            || territorial(&dr) && o.sub == "Armed clash")
            };
            let dist =
                |o: &Draft| o.sentences.iter().map(|s| s.abs_diff(dr.sentence)).min().unwrap_or(usize::MAX);
            let near = |o: &Draft| dist(o) <= 3;
            let within = |exact: &PlaceMention, region: &PlaceMention| match region.precision {
                GeoPrecision::Unresolved | GeoPrecision::Exact | GeoPrecision::Near => false,
                // An unresolved village may lie in any region the text names next to it.
                _ if exact.country_code.is_none() => true,
                GeoPrecision::Country => exact.country_code == region.country_code,
                _ => {
                    exact.country_code == region.country_code
                        && (exact.admin1.is_none()
                            || exact.admin1 == region.admin1
                            || exact.admin1.as_deref() == Some(region.name.as_str()))
                }
            };
            let place_ok = |o: &Draft| match (o.place, dr.place) {
                (Some(a), Some(b)) => {
                    let (pa, pb) = (places[a], places[b]);
                    pa.name == pb.name
                        || near(o)
                            && match (place_rank(pa), place_rank(pb)) {
                                (ra, rb) if ra <= 1 && rb <= 1 => {
                                    (is_near(text, pa) || is_near(text, pb))
                                        && (pa.country_code == pb.country_code
                                            || dist(o) <= 2
                                                && (pa.country_code.is_none() || pb.country_code.is_none()))
                                }
                                (ra, rb) if ra >= rb => within(pb, pa),
                                _ => within(pa, pb),
                            }
                }
                _ => near(o) && (o.actor1.is_some() && o.actor1 == dr.actor1 || dist(o) <= 1),
            };
            // "seized a key town near Mosul" ... "South of Mosul, Iraqi forces retook Hamam
            // al-Alil": one take by one actor, told once unnamed near an anchor and once named
            // beside the same anchor.
            let anchored = |name: &str, sents: &[usize]| {
                places.iter().any(|p| {
                    p.name == name
                        && is_near(text, p)
                        && seg.sentence_at(p.start).is_some_and(|si| sents.contains(&si))
                })
            };
            let same_take = |o: &Draft| match (o.place, dr.place) {
                (Some(a), Some(b)) if territorial(o) && territorial(&dr) => {
                    let (pa, pb) = (places[a], places[b]);
                    near(o)
                        && o.actor1.is_some()
                        && o.actor1 == dr.actor1
                        && (is_near(text, pa) && place_rank(pb) == 0 && anchored(&pa.name, &[dr.sentence])
                            || is_near(text, pb) && place_rank(pa) == 0 && anchored(&pb.name, &o.sentences))
                }
                _ => false,
            };
            let same_place = |o: &Draft| match (o.place, dr.place) {
                (Some(a), Some(b)) => places[a].name == places[b].name,
                _ => true,
            };
            let modality_ok =
                |o: &Draft| (o.modality == Modality::Attempted) == (dr.modality == Modality::Attempted);
            let date_ok = |o: &Draft| match (&o.date, &dr.date) {
                (Some(a), Some(b)) if o.has_own_time && dr.has_own_time => a.0 == b.0,
                _ => true,
            };
            let found = out.iter_mut().find(|o| {
                same_family(o)
                    && modality_ok(o)
                    && (place_ok(o) || same_take(o))
                    && date_ok(o)
                    && (self.compatible_actor(o.actor1, dr.actor1)
                        || same_sentence(o) && o.sub != dr.sub && same_place(o))
            });
            match found {
                Some(o) => {
                    let better_place = match (o.place, dr.place) {
                        (None, Some(_)) => true,
                        (Some(a), Some(b)) => {
                            let (ra, rb) = (place_rank(places[a]), place_rank(places[b]));
                            rb < ra || rb == ra && is_near(text, places[a]) && !is_near(text, places[b])
                        }
                        _ => false,
                    };
                    if better_place {
                        o.place = dr.place;
                    }
                    let generic = |a: Option<usize>| a.is_none_or(|a| self.lexicon.actors[a].generic);
                    // Headlines are loose ("Kurdish forces"); the body names the actor.
                    let headline_only = title.is_some() && o.sentences.iter().all(|s| Some(*s) == title);
                    if generic(o.actor1) && !generic(dr.actor1) || headline_only && dr.actor1.is_some() {
                        o.actor1 = dr.actor1;
                    }
                    if o.actor2.is_none() || generic(o.actor2) && !generic(dr.actor2) {
                        o.actor2 = dr.actor2.or(o.actor2);
                    }
                    if !o.has_own_time && dr.has_own_time {
                        o.date = dr.date.clone();
                        o.has_own_time = true;
                    }
                    o.fatalities = o.fatalities.max(dr.fatalities);
                    o.injured = o.injured.max(dr.injured);
                    o.displaced = o.displaced.max(dr.displaced);
                    if o.claimant.is_none() && dr.claimant.is_some() {
                        o.claimant = dr.claimant.clone();
                        if o.modality == Modality::Asserted {
                            o.modality = Modality::Reported;
                        }
                    }
                    if self.rules.rules[o.rule].by_target && dr.event_type == "Explosions/Remote violence" {
                        o.event_type = dr.event_type;
                        o.sub = dr.sub;
                        o.rule = dr.rule;
                        if dr.actor1.is_some() {
                            o.actor1 = dr.actor1;
                        }
                    }
                    o.evidence.extend(dr.evidence.iter().copied());
                    o.sentences.push(dr.sentence);
                    if territorial(o) {
                        let k = |a: Option<usize>| a.map(|a| self.lexicon.actors[a].kind);
                        let r = &self.rules.rules[o.rule];
                        o.sub = self.territory_sub(r, k(o.actor1), k(o.actor2));
                    }
                }
                None => out.push(dr),
            }
        }
        out
    }

    fn finish(
        &self,
        input: &CodingInput,
        d: &DocView,
        mut drafts: Vec<Draft<'_>>,
        places: &[&PlaceMention],
    ) -> Vec<Event> {
        // The main event: reported by the headline and/or the lead.
        let sentences = &input.seg.sentences;
        let title_sent = input.title.and_then(|t| input.seg.sentence_at(t.start));
        let lead = title_sent.map(|t| t + 1).unwrap_or(0);
        let lead = (lead..sentences.len())
            .find(|&i| {
                let s = &sentences[i];
                s.end_token - s.first_token >= 6
            })
            .unwrap_or(lead);
        let score = |dr: &Draft| {
            let mut s = 0;
            for (a, _) in &dr.evidence {
                let si = input.seg.sentence_at(*a);
                if si.is_some() && si == title_sent {
                    s |= 1;
                }
                if si == Some(lead) {
                    s |= 2;
                }
            }
            s
        };
        if let Some((best, _)) = drafts
            .iter()
            .enumerate()
            .map(|(i, dr)| (i, score(dr)))
            .filter(|(_, s)| *s > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            let main = drafts.remove(best);
            drafts.insert(0, main);
        }
        drafts
            .into_iter()
            .enumerate()
            .map(|(n, dr)| {
                let r = &self.rules.rules[dr.rule];
                let (date, precision, report) = match dr.date {
                    Some((v, p)) => (Some(v), p, false),
                    None => match input.published {
                        Some(p) => (Some(p.to_string()), date_precision(p).unwrap_or_default(), true),
                        None => (None, DatePrecision::Unknown, false),
                    },
                };
                let mut evidence: Vec<Evidence> = dr
                    .evidence
                    .iter()
                    .map(|&(s, e)| {
                        // The sentence is what an analyst quotes; the trigger stays marked in it.
                        let sent = input.seg.sentence_at(s).map(|i| &input.seg.sentences[i]);
                        let (qs, qe) = sent.map_or((s, e), |x| (x.start.min(s), x.end.max(e)));
                        Evidence {
                            start: qs,
                            end: qe,
                            quote: d.text[qs..qe].to_string(),
                            trigger: Some(Span::new(s, e)),
                        }
                    })
                    .collect();
                evidence.sort_by_key(|e| (e.start, e.end, e.trigger));
                evidence.dedup_by_key(|e| (e.start, e.end, e.trigger));
                Event {
                    id: event_id(input.doc_id, n + 1),
                    acled_event_type: dr.event_type.to_string(),
                    acled_sub_event_type: dr.sub.to_string(),
                    date,
                    date_precision: precision,
                    date_is_report_date: report,
                    place: dr.place.map(|p| places[p].clone()),
                    actor1: dr.actor1.map(|a| self.lexicon.actors[a].name.clone()),
                    actor2: dr
                        .actor2
                        .filter(|a| Some(*a) != dr.actor1)
                        .map(|a| self.lexicon.actors[a].name.clone()),
                    fatalities: dr.fatalities,
                    injured: dr.injured,
                    displaced: dr.displaced,
                    modality: dr.modality,
                    claimant: dr.claimant,
                    rule: r.id.clone(),
                    evidence,
                }
            })
            .collect()
    }
}

/// `"{doc}#e{n}"` without the formatting machinery (one allocation, sized once).
fn event_id(doc: &str, n: usize) -> String {
    // 20 digits hold any u64.
    let mut id = String::with_capacity(doc.len() + 2 + 20);
    id.push_str(doc);
    id.push_str("#e");
    eventwire_text::push_decimal(&mut id, n as u64);
    id
}

/// Per time expression: can it date a figure? Not the start of a period ("since the operation
/// began on October 17", "before 2011").
fn figure_times(d: &DocView, times: &[TimeMention]) -> Vec<bool> {
    times
        .iter()
        .map(|t| {
            let ti = d.token_at_or_after(t.start);
            !(ti.saturating_sub(3)..ti).any(|k| {
                matches!(
                    d.lem(k),
                    "since" | "begin" | "began" | "launch" | "start" | "before" | "after" | "until"
                )
            })
        })
        .collect()
}

/// Days from date value `a` to date value `b` (`YYYY-MM-DD` or `YYYY-MM`; a month counts
/// from its last day, so "2017-06" is not before "2017-06-30"). `None` for other values.
fn days_between(a: &str, b: &str) -> Option<i64> {
    fn day_number(v: &str) -> Option<i64> {
        let y: i32 = v.get(..4)?.parse().ok()?;
        if v.as_bytes().get(4) != Some(&b'-') {
            return None;
        }
        let m: u32 = v.get(5..7)?.parse().ok()?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let dim = eventwire_time::civil::days_in_month(y, m);
        let d: u32 = match v.get(7..) {
            None | Some("") => dim,
            Some(rest) => rest.strip_prefix('-')?.get(..2)?.parse().ok()?,
        };
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m, d) = (i64::from(if m <= 2 { y - 1 } else { y }), i64::from(m), i64::from(d.min(dim)));
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe)
    }
    Some(day_number(b)? - day_number(a)?)
}

/// "HASAKAH (Kurdistan 24) -": an upper-case place opening a line is the dateline, where the
/// story was filed, not where its events happened.
fn is_dateline(text: &str, p: &PlaceMention) -> bool {
    // Only the few bytes before the place matter: it must open its line.
    let before =
        text[..p.start].bytes().rev().take_while(|b| *b != b'\n').take(8).all(|b| b == b' ' || b == b'\t');
    before
        && p.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !p.text.chars().any(char::is_lowercase)
}

/// "a town near Mosul", "10 km east of Mosul": the place only anchors the location.
fn is_near(text: &str, p: &PlaceMention) -> bool {
    if p.precision == GeoPrecision::Near {
        return !named_near(p);
    }
    let mut from = p.start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut buf = [0u8; 64];
    let before = doc::lowered(text[from..p.start].trim_end(), &mut buf);
    [
        "near",
        "outside",
        "north of",
        "south of",
        "east of",
        "west of",
        "around",
        "towards",
        "toward",
        "outskirts of",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// A place with a name of its own located near an anchor ("Hamam al-Alil", near Mosul), as
/// opposed to the anchor phrase itself ("South of Mosul").
fn named_near(p: &PlaceMention) -> bool {
    p.precision == GeoPrecision::Near && p.relative_to.as_deref().is_some_and(|a| a != p.name)
}

/// 0 for a named place, 1 near one, 2 for a region, 3 for a country.
fn place_rank(p: &PlaceMention) -> u8 {
    match p.precision {
        GeoPrecision::Exact | GeoPrecision::Unresolved => 0,
        GeoPrecision::Near if named_near(p) => 0,
        GeoPrecision::Near => 1,
        GeoPrecision::Region => 2,
        GeoPrecision::Country => 3,
    }
}

/// Precision of a TIMEX3 date value; `None` for values that are not calendar dates.
fn date_precision(v: &str) -> Option<DatePrecision> {
    eventwire_time::value_precision(v)
}

#[derive(Debug, Default, Clone, Copy)]
struct Slots {
    actor1: Option<usize>,
    actor2: Option<usize>,
}

/// An event before merging; its type names borrow the rules' (one `String` per final event).
#[derive(Debug, Clone)]
struct Draft<'r> {
    rule: usize,
    event_type: &'r str,
    sub: &'r str,
    sentence: usize,
    /// Sentences of all merged mentions.
    sentences: Vec<usize>,
    actor1: Option<usize>,
    actor1_count: Option<u64>,
    actor2: Option<usize>,
    place: Option<usize>,
    has_own_place: bool,
    date: Option<(String, DatePrecision)>,
    has_own_time: bool,
    fatalities: Option<u64>,
    injured: Option<u64>,
    displaced: Option<u64>,
    modality: Modality,
    claimant: Option<String>,
    evidence: Vec<(usize, usize)>,
}

#[cfg(test)]
mod tests;
