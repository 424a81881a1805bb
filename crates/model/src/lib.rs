//! The eventwire data model.
//!
//! Every stage of the pipeline (ingest → analyze → fuse → store → serve) speaks these types.
//! The central rule is *evidence or nothing*: each extracted field carries the character
//! span of the text it came from.
//!
//! ## Offsets
//! While a document is analysed, spans are **byte offsets into [`Document::text`]**, the
//! normalised text (that is what Rust string slicing needs). Before output,
//! `eventwire-analyze` maps every span to **code-point offsets into the text the user gave**
//! ([`Document::source_text`]) through [`OffsetMap`], so a user can check any span with
//! their own tools.

mod error;
mod offsets;
pub mod taxonomy;

pub use error::ModelError;
pub use offsets::OffsetMap;
use serde::{Deserialize, Serialize};
pub use taxonomy::{taxonomy, Taxonomy};

/// A half-open range `[start, end)` in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// One article after ingest: normalised text plus the metadata found around it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stable id: the JSONL `id`, else derived from path (and item index for feeds/WARC).
    pub id: String,
    /// Where the article came from (file path, `-` for stdin), if anywhere.
    pub path: Option<String>,
    /// The text as the user gave it (or as extracted from HTML/RSS/WARC).
    pub source_text: String,
    /// NFC-normalised text with odd spaces turned into plain spaces. Analysis runs on this.
    pub text: String,
    /// Maps byte offsets of `text` to code-point offsets of `source_text`.
    pub offsets: OffsetMap,
    pub meta: Metadata,
}

/// A metadata value and the span it was read from (`None` when it came from a structured
/// field such as a JSON key or an RSS element rather than from the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

impl Field {
    pub fn structured(value: impl Into<String>) -> Self {
        Field { value: value.into(), start: None, end: None }
    }
    pub fn at(value: impl Into<String>, span: Span) -> Self {
        Field { value: value.into(), start: Some(span.start), end: Some(span.end) }
    }
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.start?, self.end?))
    }
}

/// Where a publication-date candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A structured field: JSONL `published`, RSS `pubDate`, Atom `updated`, WARC-Date, `<meta>`.
    Field,
    /// A "date ..." or bare date line at the top of the text.
    Header,
    /// A byline line ("Name | 29 June, 2017, 09:06").
    Byline,
    /// A date in the dateline ("MOSUL, Iraq, Nov 7 (Reuters) -").
    Dateline,
    /// A page/site date that is usually the crawl or render date, not the article's.
    Page,
    /// A copyright notice ("© 2018 RFE/RL"): weak evidence, often not the article's year.
    Copyright,
    /// A date inside the URL path.
    Url,
}

/// One reading of a date candidate, e.g. "2016-07-11" read as year-month-day or year-day-month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateReading {
    /// ISO date `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when that is all the text gives).
    pub value: String,
    /// The field order assumed, e.g. `ymd`, `ydm`, `dmy`, `mdy`, `iso`, `text`.
    pub order: String,
}

/// A publication-date candidate with every plausible reading of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCandidate {
    pub text: String,
    pub source: DateSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Readings, most likely first. More than one means the text is ambiguous.
    pub readings: Vec<DateReading>,
    /// Time of day when given (`HH:MM`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

impl DateCandidate {
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.start?, self.end?))
    }
    pub fn is_ambiguous(&self) -> bool {
        self.readings.len() > 1
    }
}

/// Why eventwire believes the publication date it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedBasis {
    /// A structured field (JSON `published`, feed date, WARC-Date) or `--dct`.
    Field,
    Header,
    Byline,
    Dateline,
    /// Inferred from the article's own time expressions.
    Content,
    /// Inferred from other articles in the corpus.
    Corpus,
    #[default]
    Unknown,
}

/// Article metadata. Every field keeps its evidence span.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<Field>,
    pub outlet: Option<Field>,
    pub agency: Option<Field>,
    pub byline: Option<Field>,
    pub dateline: Option<Field>,
    pub url: Option<Field>,
    pub date_candidates: Vec<DateCandidate>,
    /// Chosen publication date (`YYYY-MM-DD`, or coarser), `None` when unknown.
    pub published: Option<String>,
    pub published_basis: PublishedBasis,
    /// Confidence in `published`, 0..1.
    pub published_confidence: f32,
    /// Why `published` was chosen: human-readable, cites the evidence.
    pub published_reason: Option<String>,
    pub warnings: Vec<String>,
    /// ISO 639-1 language code, when detected.
    pub lang: Option<String>,
}

/// ACLED-style precision of a resolved place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// The named place itself (town, village, neighbourhood). ACLED geo_precision 1.
    Exact,
    /// Near a named place ("10 km east of Mosul", "outskirts of Raqqa"). ACLED 2.
    Near,
    /// Only a region (governorate, province, district) is known. ACLED 3.
    Region,
    /// Only the country is known.
    Country,
    /// Recognised as a place but not found in the gazetteer.
    Unresolved,
}

/// A place mentioned in the text and, when possible, resolved to GeoNames.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Canonical (GeoNames) name, or the surface form when unresolved.
    pub name: String,
    pub geonames_id: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country_code: Option<String>,
    /// Country name (GeoNames) for `country_code`.
    #[serde(default)]
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// `city`, `town`, `village`, `admin1`, `admin2`, `country`, `region`, `demonym`, `unknown` …
    pub kind: String,
    pub precision: GeoPrecision,
    /// For relative locations ("10 km east of Mosul"): the anchor place's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_to: Option<String>,
    /// Resolution confidence 0..1.
    pub confidence: f32,
}

/// How an event is located, in the manner of ACLED's `geo_precision`, and where that comes
/// from. The event's `place` is the mention the location derives from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    /// ACLED geo_precision: 1 the named town or village; 2 near a named place or a small part
    /// of a region (a district); 3 only the province, or only the country (`admin_level`
    /// says which).
    pub geo_precision: u8,
    /// What the location names: a place, a district, a province, a country, or an area wider
    /// than a country. `country` and `wider` mean nothing narrower was known.
    pub admin_level: AdminLevel,
    /// Where the location was found.
    pub source: LocationSource,
    /// Evidence: the span of the place mention (or dateline place) the location comes from.
    pub start: usize,
    pub end: usize,
    /// For a relative location ("12 km east of X", "near X"): its anchor and offset. The
    /// point is approximate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeLocation>,
    /// For a place the gazetteer lacks ("the village of W"), named by the event's sentence:
    /// the mention its point, province and country come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_from: Option<ContextSpan>,
}

impl EventLocation {
    /// Whether the event's own sentence names the place (not a place of its context).
    pub fn is_own(&self) -> bool {
        self.source == LocationSource::Sentence
    }
}

/// A place mention of an event's context, and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextSpan {
    pub source: LocationSource,
    pub start: usize,
    pub end: usize,
}

/// The administrative level an event location names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminLevel {
    /// A town, village or neighbourhood (or a point near one).
    Place,
    /// A district (second-level division) or a small part of a region.
    District,
    /// A province, governorate or state (first-level division).
    Province,
    /// Only the country is known.
    Country,
    /// Only an area wider than a country ("the Middle East").
    Wider,
}

/// Where an event's location was found, from the most to the least direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationSource {
    /// The sentence that reports the event.
    Sentence,
    /// The sentence before it.
    PreviousSentence,
    /// The article's dateline ("KIRKUK, Iraq (Agency) -"): where the story was filed.
    Dateline,
    /// The area the article is about: the province most of its places lie in, else its country.
    Focus,
}

/// A location given relative to an anchor place: "12 km east of X" (distance, unit, bearing)
/// or "near X", "the outskirts of X" (no bearing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelativeLocation {
    /// The anchor place's name.
    pub anchor: String,
    /// The distance as the text gives it, in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The direction word from the anchor ("east", "north-west"); absent for "near".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearing: Option<String>,
}

/// ACLED actor types (inter codes 1–8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    StateForces,
    RebelGroup,
    PoliticalMilitia,
    IdentityMilitia,
    Rioters,
    Protesters,
    Civilians,
    ExternalForces,
    /// Unidentified armed group ("gunmen", "militants" with no antecedent).
    Unidentified,
    /// International organisations, NGOs, officials: may claim figures but rarely fight.
    Other,
}

impl ActorKind {
    /// ACLED `inter` code.
    pub fn inter_code(self) -> u8 {
        match self {
            ActorKind::StateForces => 1,
            ActorKind::RebelGroup | ActorKind::Unidentified => 2,
            ActorKind::PoliticalMilitia => 3,
            ActorKind::IdentityMilitia => 4,
            ActorKind::Rioters => 5,
            ActorKind::Protesters => 6,
            ActorKind::Civilians => 7,
            ActorKind::ExternalForces | ActorKind::Other => 8,
        }
    }
}

/// An actor mentioned in the text, resolved to a lexicon entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Canonical actor name from the lexicon ("Islamic State", "Military Forces of Iraq").
    pub actor: String,
    pub kind: ActorKind,
    pub country_code: Option<String>,
    /// Parent actor, e.g. CTS → Military Forces of Iraq.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// True when resolved through coreference ("the alliance").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub coreference: bool,
}

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A time expression with its TIMEX3 value, normalised against the document date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    /// TIMEX3 value: `2016-11-07`, `2013-W11`, `P3W`, `PAST_REF`, `XXXX-10-17` when the year is unknown.
    pub value: String,
    /// Optional TIMEX3 modifier (`START`, `MID`, `END`, `APPROX`, `LESS_THAN` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#mod: Option<String>,
}

/// Precision of an event date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    #[default]
    Unknown,
}

/// A quoted span that supports an event: the sentence that reports it, with the words that
/// fired the rule marked as `trigger` inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// The span that fired the rule ("retook"), inside `start..end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Span>,
}

/// Modality of a coded event. Only `Asserted`, `Reported` and `Attempted` events are facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    /// Reported speech with a named claimant ("police said").
    Reported,
    /// An attempt ("tried to attack").
    Attempted,
}

/// A coded event (ACLED typology).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `<doc id>#e<n>`.
    pub id: String,
    pub acled_event_type: String,
    pub acled_sub_event_type: String,
    /// ISO date (or coarser); `None` when unknown.
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    /// True when the date is the article date used as the report date, not a date in the text.
    #[serde(default)]
    pub date_is_report_date: bool,
    pub place: Option<PlaceMention>,
    /// How the event is located: precision, level, where the place came from, evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<u64>,
    pub injured: Option<u64>,
    pub displaced: Option<u64>,
    pub modality: Modality,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// Id of the rule that fired; `model.<LABEL>` when the event-type model found or typed
    /// the event.
    pub rule: String,
    pub evidence: Vec<Evidence>,
    /// A conflict event (ACLED typology) or other news kept apart from the conflict record.
    #[serde(default)]
    pub scope: Scope,
    /// What an `other`-scope event is; absent for conflict events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<EventCategory>,
    /// A background or past event mentioned in the article ("in 1982 the city was razed"),
    /// not news of the article: kept out of the timeline, the map's default view, the report
    /// and the exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
    /// For an attribution (a group claims the attack, officials blame one): the id of the
    /// article's event it speaks of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_event: Option<String>,
    /// For an event that an attribution of the same article speaks of: that attribution's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_in: Option<String>,
    /// Probability the event-type model gives the event's type in its sentence, when the
    /// model was consulted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_probability: Option<f32>,
}

impl Event {
    /// Where the event belongs: its scope, category and whether it is background.
    pub fn class(&self) -> EventClass {
        EventClass { scope: self.scope, category: self.category, historical: self.historical }
    }

    /// Whether the event belongs in the conflict record (see [`EventClass::is_conflict_news`]).
    pub fn is_conflict_news(&self) -> bool {
        self.class().is_conflict_news()
    }
}

/// Where an event belongs: the conflict record or other news, what other news it is, and
/// whether it is a background mention rather than news. The fused and stored forms of an
/// event hold it flattened, so their JSON keeps the `scope`, `category` and `historical` keys
/// of [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct EventClass {
    /// A conflict event (ACLED typology) or other news kept apart from the conflict record.
    #[serde(default)]
    pub scope: Scope,
    /// What an `other`-scope event is; absent for conflict events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<EventCategory>,
    /// A background or past event mentioned in the article, not news of the article.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
}

impl EventClass {
    /// Whether the event belongs in the conflict record: a conflict-scope event that is news,
    /// not background. Only these reach the ACLED export, control history, casualty ledger and
    /// the conflict sections of the report.
    pub fn is_conflict_news(&self) -> bool {
        self.scope == Scope::Conflict && !self.historical
    }
}

/// Whether an event is part of the conflict record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// An ACLED event: political violence, demonstrations, strategic developments.
    #[default]
    Conflict,
    /// News that is not a conflict event (see [`EventCategory`]).
    Other,
}

/// The kind of an `other`-scope event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventCategory {
    /// Earthquakes, floods, storms, droughts, epidemics.
    NaturalDisaster,
    /// Accidental fires and explosions, collapses, crashes, industrial accidents.
    ManMadeDisaster,
    /// Trafficking, smuggling, cartel and gang crime.
    OrganizedCrime,
    /// Visits, talks, summits, statements between states, sanctions.
    DiplomaticEvent,
    /// A claim or attribution of responsibility for an attack.
    Attribution,
}

/// Category of a reported figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureCategory {
    Killed,
    Wounded,
    Displaced,
    Returned,
    Fighters,
    Troops,
    Population,
    Other,
}

/// A number reported in the text, with its qualifier and who claims it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Exact value; absent when the figure is a range (`min`/`max`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    /// `exact`, `at_least`, `at_most`, `about`, `nearly`, `more_than`, `range`, `up_to` …
    pub qualifier: String,
    pub category: FigureCategory,
    /// What is counted ("IS fighters in Mosul").
    pub what: String,
    pub claimant: Option<String>,
    /// Date the figure refers to.
    pub as_of: Option<String>,
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

/// The document part of the `analyze` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocOut {
    pub id: String,
    pub path: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub agency: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub published_basis: PublishedBasis,
    pub published_confidence: f32,
    pub published_reason: Option<String>,
    pub date_candidates: Vec<DateCandidate>,
    pub warnings: Vec<String>,
    pub lang: Option<String>,
    /// Evidence spans of the metadata fields: `{"title": {"start","end"}, …}`.
    pub spans: std::collections::BTreeMap<String, Span>,
    /// Where the outlet's other articles are set, when enough of them agree: ambiguous place
    /// names were resolved leaning toward it ("Dublin" in an Ohio paper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_home: Option<OutletHome>,
}

/// An outlet's home area, found from the places its other articles mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletHome {
    pub lat: f64,
    pub lon: f64,
    pub country_code: String,
    /// The local place readings of the outlet's other articles that place it there.
    pub readings: u32,
    /// Those articles.
    pub articles: u32,
}

/// The full per-document output of `eventwire analyze`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub doc: DocOut,
    pub places: Vec<PlaceMention>,
    pub actors: Vec<ActorMention>,
    pub times: Vec<TimeMention>,
    pub events: Vec<Event>,
    pub figures: Vec<Figure>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_relations() {
        let a = Span::new(0, 10);
        let b = Span::new(5, 15);
        let c = Span::new(2, 4);
        assert!(a.overlaps(b));
        assert!(a.contains(c));
        assert!(!c.overlaps(Span::new(4, 6)));
        assert_eq!(b.len(), 10);
    }

    #[test]
    fn actor_kind_inter_codes_follow_acled() {
        assert_eq!(ActorKind::StateForces.inter_code(), 1);
        assert_eq!(ActorKind::Civilians.inter_code(), 7);
        assert_eq!(ActorKind::ExternalForces.inter_code(), 8);
    }

    #[test]
    fn timex_type_serialises_uppercase() {
        assert_eq!(serde_json::to_string(&TimexType::Duration).unwrap(), "\"DURATION\"");
        assert_eq!(serde_json::to_string(&PublishedBasis::Byline).unwrap(), "\"byline\"");
    }
}
