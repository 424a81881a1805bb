//! The JSON shapes of the HTTP API (documented in `openapi.json`) and the queries the handlers
//! pass to a [`crate::Corpus`]. Offsets (`start`, `end`) are code points of the article's
//! source text, as everywhere in eventwire output.

use eventwire_model::{DatePrecision, EventCategory, EventLocation, Modality, Scope};
use eventwire_store::EventScope;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// Items matching the query, before `limit`/`offset`.
    pub total: usize,
    pub items: Vec<T>,
    /// The cursor of the next page (`after=` of `/api/events`), when this page was full.
    pub next: Option<String>,
}

/// A place as the API shows it: the fused place ([`eventwire_store::PlaceRef`]) with its
/// stable key shown as `id` (`gn:<geonames id>` or a name key; use it with
/// `/api/places/{id}`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef(pub eventwire_store::PlaceRef);

impl Serialize for PlaceRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named, so that one added to the fused place cannot go unseen here.
        let eventwire_store::PlaceRef {
            key,
            name,
            lat,
            lon,
            precision,
            country_code,
            country,
            admin1,
            geonames_id,
        } = &self.0;
        let mut st = s.serialize_struct("PlaceRef", 9)?;
        st.serialize_field("id", key)?;
        st.serialize_field("name", name)?;
        st.serialize_field("lat", lat)?;
        st.serialize_field("lon", lon)?;
        st.serialize_field("precision", precision)?;
        st.serialize_field("country_code", country_code)?;
        st.serialize_field("country", country)?;
        st.serialize_field("admin1", admin1)?;
        st.serialize_field("geonames_id", geonames_id)?;
        st.end()
    }
}

/// A merged event (one real-world event, possibly reported by several articles).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSummary {
    pub id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub date_is_report_date: bool,
    pub place: Option<PlaceRef>,
    /// How the event is located (ACLED geo_precision, level, source, evidence span, the anchor
    /// of a relative location); the span lies in document `location_document_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_document_id: Option<String>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// Lowest fatality count reported (what ACLED codes).
    pub fatalities: Option<u64>,
    /// Highest fatality count reported, when sources differ.
    pub fatalities_max: Option<u64>,
    pub modality: Modality,
    /// True when one source's date anchored another's undated report.
    pub date_anchored: bool,
    /// Reports (document spans) supporting the event.
    pub source_count: usize,
    /// Reports that are not near-duplicates of one another.
    pub independent_sources: usize,
    /// `conflict` (the conflict record) or `other` (news kept apart from it).
    pub scope: Scope,
    /// What an `other`-scope event is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<EventCategory>,
    /// A background mention of a past event, not news of its articles.
    pub historical: bool,
    /// A coder's review mark (`POST /api/reviews`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<eventwire_store::Review>,
}

/// Where a fact was read: document, span and quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    pub document_id: String,
    /// True when the document copies or rewrites another stored one (not independent).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_copy: bool,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// The words that fired the coding rule ("retook"), inside `start..end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_end: Option<usize>,
}

/// An event with its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub summary: EventSummary,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    /// The ingest id (JSONL `id` or file path).
    pub key: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// Id of the document this one is a near-duplicate of, if any.
    pub duplicate_of: Option<String>,
    pub event_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentDetail {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// The article text as given (offsets index its code points).
    pub text: String,
    /// Events this document reports, each with all of its sources.
    pub events: Vec<EventDetail>,
}

/// A place with its events and current holder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceSummary {
    #[serde(flatten)]
    pub place: PlaceRef,
    pub event_count: usize,
    /// Who holds the place after the last recorded control change.
    pub controller: Option<String>,
}

/// One step of a place's control history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlStep {
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub confidence: f32,
    pub source_count: usize,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceDetail {
    #[serde(flatten)]
    pub summary: PlaceSummary,
    pub control: Vec<ControlStep>,
    pub events: Vec<EventSummary>,
}

/// One figure in the claims ledger: the ledger's claim ([`eventwire_store::Claim`]) as the
/// API shows it, with whether it takes part in a flagged disagreement and its document's title.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub claim: eventwire_store::Claim,
    /// True when this claim takes part in a flagged disagreement.
    pub disputed: bool,
    pub title: Option<String>,
}

impl Serialize for Claim {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: the subject's fields (category, what, place) and the
        // independence group are shown by the subject, not per claim.
        let eventwire_store::Claim {
            doc,
            group: _,
            category: _,
            what: _,
            place: _,
            value,
            min,
            max,
            qualifier,
            claimant,
            as_of,
            start,
            end,
            quote,
        } = &self.claim;
        let mut st = s.serialize_struct("Claim", 12)?;
        st.serialize_field("value", value)?;
        st.serialize_field("min", min)?;
        st.serialize_field("max", max)?;
        st.serialize_field("qualifier", qualifier)?;
        st.serialize_field("claimant", claimant)?;
        st.serialize_field("as_of", as_of)?;
        st.serialize_field("disputed", &self.disputed)?;
        st.serialize_field("document_id", &doc.to_string())?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("start", start)?;
        st.serialize_field("end", end)?;
        st.serialize_field("quote", quote)?;
        st.end()
    }
}

/// Two (or more) claims about the same subject and period with incompatible values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// Indexes into the subject's `claims`.
    pub claims: Vec<usize>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimSubject {
    pub subject: String,
    pub category: String,
    pub claims: Vec<Claim>,
    pub disagreements: Vec<Disagreement>,
}

/// One line of the timeline: a dated development with its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    /// `event` or `control`.
    pub kind: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_id: Option<String>,
    pub source_count: usize,
}

/// A piece of a search snippet; `hit` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub document_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub score: f64,
    pub snippet: Vec<SnippetPart>,
}

/// An article posted to `/api/ingest`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// Stable id; derived from the text when absent.
    pub id: Option<String>,
    pub text: String,
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD`, or coarser) when known: the article's date field, as a
    /// JSON Lines `published` is (the article's own text may still date it otherwise).
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

/// What an ingest did, one line per article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IngestOutcome {
    pub id: String,
    /// `added`, `unchanged` (already stored) or `duplicate` (near-duplicate of `duplicate_of`).
    pub status: String,
    /// Events the store holds for the article once the cross-article passes have run.
    pub events: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// Date range, box, actor, type and place filters shared by events, timeline and search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Inclusive ISO day bounds; an event matches when its date interval meets the range.
    pub from: Option<String>,
    pub to: Option<String>,
    /// West, south, east, north in degrees; west > east crosses the antimeridian.
    pub bbox: Option<[f64; 4]>,
    /// Case-insensitive substring of actor1 or actor2.
    pub actor: Option<String>,
    /// ACLED event type or sub-event type, case-insensitive exact match.
    pub event_type: Option<String>,
    /// Place id, or case-insensitive place name.
    pub place: Option<String>,
    /// Only events reported by this document.
    pub document: Option<String>,
    /// Country name or code, or first-level admin area, case-insensitive exact match.
    pub area: Option<String>,
    /// At least this many fatalities (the lowest count reported).
    pub min_fatalities: Option<u64>,
    /// At least this many independent sources.
    pub min_sources: Option<usize>,
    /// Only the events the map or the timeline cannot show: no place, or no date.
    pub missing: Option<Missing>,
    /// `from` and `to` hold the first day of an event's date (`date_match=start`, as the
    /// timeline counts it) instead of meeting its interval (`overlap`, the default).
    pub date_match_start: bool,
    /// Only events a coder marked (`true`) or did not mark (`false`).
    pub reviewed: Option<bool>,
    /// Order of `/api/events` (date order when none).
    pub sort: EventSort,
    /// Conflict news (the default), other news, background mentions or all; `/api/events` only
    /// (the timeline and search are of the conflict record).
    pub scope: EventScope,
    pub limit: usize,
    pub offset: usize,
    /// Start after this event of the same `sort` (a page's `next`); `offset` counts from it.
    pub after: Option<eventwire_store::PageCursor>,
}

/// What an event lacks (`missing=place` or `missing=date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No coordinates.
    Place,
    Date,
}

/// Order of an event list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventSort {
    /// Oldest first, undated last (the store's order).
    #[default]
    Oldest,
    /// Newest first, undated last.
    Newest,
    /// Most fatalities first, then newest.
    Fatalities,
    /// Most independent sources first, then newest.
    Sources,
}

impl EventSort {
    pub const NAMES: [&'static str; 4] = ["oldest", "newest", "fatalities", "sources"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            "fatalities" => Some(Self::Fatalities),
            "sources" => Some(Self::Sources),
            _ => None,
        }
    }

    /// The store's order.
    pub fn order(self) -> eventwire_store::EventOrder {
        match self {
            Self::Oldest => eventwire_store::EventOrder::Oldest,
            Self::Newest => eventwire_store::EventOrder::Newest,
            Self::Fatalities => eventwire_store::EventOrder::Fatalities,
            Self::Sources => eventwire_store::EventOrder::Sources,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// Case-insensitive substring filter on the name or title.
    pub q: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    pub q: String,
    pub filter: EventFilter,
}

/// Who holds a place at a date, from its control history (`GET /api/control`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlAt {
    pub place: PlaceRef,
    /// The holder after the last change on or before the date.
    pub holder: String,
    /// Date of that change.
    pub since: Option<String>,
    /// Holder before that change, when known.
    pub previous: Option<String>,
    /// 0..1, of that change.
    pub confidence: f32,
    /// Merged events supporting that change (the evidence, via `/api/events/{id}`).
    pub event_ids: Vec<String>,
}
