//! [`Corpus`] over a store, through its read API only (`eventwire_store::ReadStore`, which the
//! SQLite and the PostgreSQL store both implement), with the corpus pipeline
//! (`eventwire-pipeline`) loaded on first use for `POST /api/ingest`.

use crate::types::*;
use crate::{Corpus, CorpusError};
use eventwire_ingest::Hints;
use eventwire_model::DateSource;
use eventwire_pipeline::{IngestEvent, IngestOptions, Pipeline, PipelineError};
use eventwire_store as store;
use eventwire_store::{
    ExportFormat, ItemOutcome, ItemStatus, ReadStore, ReportFormat, Store, StoreError, HIT_CLOSE, HIT_OPEN,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::aggregate::date_floor;
use crate::backend::{Backend, PgBackend, SqliteBackend};

/// Most search hits counted for `total` (and paged through).
const MAX_SEARCH_HITS: usize = 1000;

/// A [`Corpus`] over a store: its [`Backend`]'s connections, and the lazily loaded corpus
/// pipeline for `POST /api/ingest`.
pub struct ServedStore<B> {
    pub(crate) backend: B,
    data_dir: Option<PathBuf>,
    pipeline: OnceLock<Result<Pipeline, String>>,
}

/// The API over the SQLite store.
pub type StoreCorpus = ServedStore<SqliteBackend>;

/// The API over a PostgreSQL store (`postgresql://…`).
pub type PgCorpus = ServedStore<PgBackend>;

impl StoreCorpus {
    /// Open (creating if needed) the store at `db`. `data_dir` is the knowledge directory
    /// used to analyse ingested articles.
    pub fn open(db: &Path, data_dir: Option<PathBuf>) -> Result<Self, StoreError> {
        Ok(Self::new(Store::open(db)?, data_dir))
    }

    pub fn new(store: Store, data_dir: Option<PathBuf>) -> Self {
        ServedStore::over(SqliteBackend::new(store), data_dir)
    }
}

impl PgCorpus {
    /// Connect to the PostgreSQL store at `url` (migrating it when needed).
    pub fn connect(url: &str, data_dir: Option<PathBuf>) -> Result<Self, eventwire_store_pg::PgError> {
        Ok(ServedStore::over(PgBackend::connect(url)?, data_dir))
    }
}

impl<B: Backend> ServedStore<B> {
    fn over(backend: B, data_dir: Option<PathBuf>) -> Self {
        ServedStore { backend, data_dir, pipeline: OnceLock::new() }
    }

    /// A connection for reading: requests read at once, beside the writer.
    pub(crate) fn read(&self) -> Result<B::Guard<'_>, CorpusError> {
        self.backend.read().map_err(backend)
    }

    /// `answer()`, remembered under `key` until the store changes, where the backend can tell.
    pub(crate) fn memo<T: Clone + Send + 'static>(
        &self,
        key: String,
        answer: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, CorpusError> {
        self.backend.memo(key, answer).map_err(backend)
    }

    fn pipeline(&self) -> Result<&Pipeline, CorpusError> {
        self.pipeline
            .get_or_init(|| Pipeline::load(self.data_dir.as_deref()).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| CorpusError::Unavailable(format!("loading the analysis layers: {e}")))
    }
}

pub(crate) fn backend(e: StoreError) -> CorpusError {
    match e {
        StoreError::Query { message, .. } => CorpusError::Invalid(format!("invalid search query: {message}")),
        e @ (StoreError::ConflictOnly { .. } | StoreError::NoEvidence { .. }) => {
            CorpusError::Invalid(e.to_string())
        }
        e => CorpusError::Backend(e.to_string()),
    }
}

fn pipeline_error(e: PipelineError) -> CorpusError {
    match e {
        PipelineError::Store(e) => backend(e),
        e => CorpusError::Backend(e.to_string()),
    }
}

fn parse_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|&n| n > 0)
}

fn place_ref(p: &store::PlaceRef) -> PlaceRef {
    PlaceRef(p.clone())
}

pub(crate) fn summary(e: &store::MergedEvent) -> EventSummary {
    let f = &e.fused;
    EventSummary {
        id: e.id.to_string(),
        event_type: f.event_type.clone(),
        sub_event_type: f.sub_event_type.clone(),
        date: f.date.clone(),
        date_precision: f.date_precision,
        date_is_report_date: f.date_is_report_date,
        place: f.place.as_ref().map(place_ref),
        location: f.location.clone(),
        location_document_id: f.location_doc.map(|d| d.to_string()),
        actor1: f.actor1.clone(),
        actor2: f.actor2.clone(),
        fatalities: f.fatalities_min,
        fatalities_max: f.fatalities_max.filter(|max| Some(*max) != f.fatalities_min),
        modality: f.modality,
        date_anchored: f.date_anchored,
        source_count: f.n_sources,
        independent_sources: f.n_independent,
        scope: f.class.scope,
        category: f.class.category,
        historical: f.class.historical,
        review: None,
    }
}

fn detail(e: &store::MergedEvent) -> EventDetail {
    let mut sources = Vec::new();
    for s in &e.sources {
        for ev in &s.evidence {
            sources.push(SourceRef {
                document_id: s.doc.to_string(),
                is_copy: s.is_copy,
                title: s.title.clone(),
                outlet: s.outlet.clone(),
                published: s.published.clone(),
                start: ev.start,
                end: ev.end,
                quote: ev.quote.clone(),
                trigger_start: ev.trigger.map(|t| t.start),
                trigger_end: ev.trigger.map(|t| t.end),
            });
        }
    }
    EventDetail { summary: summary(e), sources }
}

fn page<T>(items: impl IntoIterator<Item = T>, offset: usize, limit: usize) -> Page<T> {
    let mut total = 0;
    let mut out = Vec::new();
    for item in items {
        if total >= offset && out.len() < limit {
            out.push(item);
        }
        total += 1;
    }
    Page { total, items: out, next: None }
}

fn contains_ci(hay: Option<&str>, needle: &str) -> bool {
    hay.is_some_and(|h| h.to_lowercase().contains(&needle.to_lowercase()))
}

/// The store filter for the parts SQL can do; the rest is [`matches_rest`].
fn store_filter(f: &EventFilter) -> store::EventFilter {
    let bbox = f.bbox.map(|[w, s, e, n]| {
        // Crossing the antimeridian: SQL takes all longitudes, `matches_rest` cuts.
        let (min_lon, max_lon) = if w > e { (-180.0, 180.0) } else { (w, e) };
        store::Bbox { min_lon, min_lat: s, max_lon, max_lat: n }
    });
    let place_is_key = f.place.as_deref().is_some_and(is_place_key);
    store::EventFilter {
        from: f.from.clone(),
        to: f.to.clone(),
        bbox,
        actor: f.actor.clone(),
        event_type: f.event_type.clone(),
        place: if place_is_key { None } else { f.place.clone() },
        min_sources: f.min_sources,
        scope: f.scope,
        limit: None,
        offset: 0,
    }
}

fn is_place_key(s: &str) -> bool {
    s.starts_with("gn:") || s.starts_with("name:")
}

/// Filters the store does not apply (or applies more loosely): exact type, place key or
/// exact name, document, antimeridian boxes.
fn matches_rest(f: &EventFilter, e: &store::MergedEvent) -> bool {
    let fz = &e.fused;
    if let Some(t) = &f.event_type {
        if !fz.event_type.eq_ignore_ascii_case(t) && !fz.sub_event_type.eq_ignore_ascii_case(t) {
            return false;
        }
    }
    if let Some(p) = &f.place {
        let Some(place) = &fz.place else { return false };
        let ok = if is_place_key(p) {
            place.key == *p
        } else {
            place.name.eq_ignore_ascii_case(p)
                || place.admin1.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(p))
        };
        if !ok {
            return false;
        }
    }
    if let Some(a) = &f.area {
        let Some(place) = &fz.place else { return false };
        let ok = [place.country.as_deref(), place.country_code.as_deref(), place.admin1.as_deref()]
            .into_iter()
            .flatten()
            .any(|v| v.eq_ignore_ascii_case(a));
        if !ok {
            return false;
        }
    }
    if f.date_match_start && (f.from.is_some() || f.to.is_some()) {
        let Some(day) = fz.date.as_deref().map(date_floor) else { return false };
        if f.from.as_deref().is_some_and(|from| day < date_floor(from))
            || f.to.as_deref().is_some_and(|to| day > date_ceil(to))
        {
            return false;
        }
    }
    if let Some(min) = f.min_fatalities {
        if fz.fatalities_min.unwrap_or(0) < min {
            return false;
        }
    }
    match f.missing {
        Some(Missing::Place) if fz.place.as_ref().is_some_and(|p| p.lat.is_some() && p.lon.is_some()) => {
            return false
        }
        Some(Missing::Date) if fz.date.is_some() => return false,
        _ => {}
    }
    if let Some(d) = &f.document {
        if !e.sources.iter().any(|s| s.doc.to_string() == *d) {
            return false;
        }
    }
    if let Some([w, _, east, _]) = f.bbox {
        if w > east {
            let Some(lon) = fz.place.as_ref().and_then(|p| p.lon) else { return false };
            if !(lon >= w || lon <= east) {
                return false;
            }
        }
    }
    true
}

impl<B: Backend> ServedStore<B> {
    fn filtered_events(&self, f: &EventFilter) -> Result<Vec<store::MergedEvent>, CorpusError> {
        self.filtered_events_with(f, true)
    }

    /// The events matching `f`; without their sources unless `with_sources` (or the filter
    /// needs them): loading the sources is one more query per event.
    fn filtered_events_with(
        &self,
        f: &EventFilter,
        with_sources: bool,
    ) -> Result<Vec<store::MergedEvent>, CorpusError> {
        let st = self.read()?;
        let mut out = Vec::new();
        let mut keep = |e: store::MergedEvent| {
            if matches_rest(f, &e) {
                out.push(e);
            }
            Ok(())
        };
        let with_sources = with_sources || f.document.is_some();
        st.for_each_merged(&store_filter(f), store::MergedOrder::Date, with_sources, &mut keep)
            .map_err(backend)?;
        Ok(out)
    }

    fn doc_summaries(st: &impl ReadStore) -> Result<Vec<DocumentSummary>, CorpusError> {
        let counts = st.event_counts().map_err(backend)?;
        let docs = st.documents(&store::DocFilter::default()).map_err(backend)?;
        Ok(docs.iter().map(|d| doc_summary(d, counts.get(&d.id).copied().unwrap_or(0) as usize)).collect())
    }

    fn place_summary(&self, key: &str) -> Result<Option<store::PlaceSummary>, CorpusError> {
        let st = self.read()?;
        let all = st.places(&store::EventFilter::default()).map_err(backend)?;
        Ok(all.into_iter().find(|p| p.place.key == key))
    }
}

fn doc_summary(d: &store::DocSummary, event_count: usize) -> DocumentSummary {
    DocumentSummary {
        id: d.id.to_string(),
        key: d.key.clone(),
        title: d.title.clone(),
        outlet: d.outlet.clone(),
        published: d.published.clone(),
        url: d.url.clone(),
        duplicate_of: d.dup_of.map(|i| i.to_string()),
        event_count,
    }
}

fn place_summary(p: &store::PlaceSummary) -> PlaceSummary {
    PlaceSummary {
        place: place_ref(&p.place),
        event_count: p.n_events as usize,
        controller: p.control.as_ref().and_then(|c| c.holder.clone()),
    }
}

/// FTS snippet with hit markers → parts.
fn snippet_parts(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut hit = false;
    let mut cur = String::new();
    for c in s.chars() {
        if c == HIT_OPEN || c == HIT_CLOSE {
            if !cur.is_empty() {
                parts.push(SnippetPart { text: std::mem::take(&mut cur), hit });
            }
            hit = c == HIT_OPEN;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        parts.push(SnippetPart { text: cur, hit });
    }
    parts
}

fn describe_claim(c: &store::Claim) -> String {
    let value = match (c.value, c.min, c.max) {
        (Some(v), _, _) => v.to_string(),
        (None, Some(a), Some(b)) => format!("{a}–{b}"),
        (None, Some(a), None) => format!("{a}+"),
        (None, None, Some(b)) => format!("up to {b}"),
        _ => "?".into(),
    };
    let q = c.qualifier.replace('_', " ");
    let value = if q == "exact" || q.is_empty() { value } else { format!("{q} {value}") };
    let who = c.claimant.as_deref().unwrap_or("unattributed");
    match &c.as_of {
        Some(d) => format!("{value} ({who}, {d})"),
        None => format!("{value} ({who})"),
    }
}

impl<B: Backend> Corpus for ServedStore<B> {
    fn documents(&self, q: &ListQuery) -> Result<Page<DocumentSummary>, CorpusError> {
        let st = self.read()?;
        let docs = Self::doc_summaries(&*st)?;
        let needle = q.q.as_deref();
        let keep = |d: &DocumentSummary| {
            needle.is_none_or(|n| {
                contains_ci(d.title.as_deref(), n)
                    || contains_ci(Some(&d.key), n)
                    || contains_ci(d.outlet.as_deref(), n)
            })
        };
        Ok(page(docs.into_iter().filter(keep), q.offset, q.limit))
    }

    fn document(&self, id: &str) -> Result<Option<DocumentDetail>, CorpusError> {
        let Some(n) = parse_id(id) else { return Ok(None) };
        let st = self.read()?;
        let Some((doc, text, n_events)) = st.document_text(n).map_err(backend)? else { return Ok(None) };
        let mut events = Vec::new();
        for m in st.merged_events_of(n).map_err(backend)? {
            if let Some(e) = st.event(m).map_err(backend)? {
                events.push(detail(&e));
            }
        }
        events.sort_by(|a, b| {
            (a.summary.date.is_none(), &a.summary.date, &a.summary.id).cmp(&(
                b.summary.date.is_none(),
                &b.summary.date,
                &b.summary.id,
            ))
        });
        Ok(Some(DocumentDetail { summary: doc_summary(&doc, n_events), text, events }))
    }

    fn events(&self, f: &EventFilter) -> Result<Page<EventSummary>, CorpusError> {
        self.event_list(f)
    }

    fn grid(&self, f: &EventFilter, zoom: u8) -> Result<crate::aggregate::Grid, CorpusError> {
        self.event_grid(f, zoom)
    }

    fn histogram(
        &self,
        f: &EventFilter,
        bucket: crate::aggregate::Bucket,
    ) -> Result<crate::aggregate::Histogram, CorpusError> {
        self.event_histogram(f, bucket)
    }

    fn event(&self, id: &str) -> Result<Option<EventDetail>, CorpusError> {
        let Some(n) = parse_id(id) else { return Ok(None) };
        let st = self.read()?;
        let Some(e) = st.event(n).map_err(backend)? else { return Ok(None) };
        let mut d = detail(&e);
        d.summary.review = st.review_index().map_err(backend)?.of(&e).cloned();
        Ok(Some(d))
    }

    fn places(&self, q: &ListQuery) -> Result<Page<PlaceSummary>, CorpusError> {
        let st = self.read()?;
        let all = st.places(&store::EventFilter::default()).map_err(backend)?;
        let needle = q.q.as_deref();
        let keep = |p: &&store::PlaceSummary| {
            needle.is_none_or(|n| {
                contains_ci(Some(&p.place.name), n) || contains_ci(p.place.admin1.as_deref(), n)
            })
        };
        Ok(page(all.iter().filter(keep).map(place_summary), q.offset, q.limit))
    }

    fn place(&self, id: &str) -> Result<Option<PlaceDetail>, CorpusError> {
        let Some(p) = self.place_summary(id)? else { return Ok(None) };
        let mut control = Vec::new();
        {
            let st = self.read()?;
            for step in p.control.iter().flat_map(|c| &c.steps) {
                let mut sources = Vec::new();
                for ev in &step.events {
                    if let Some(e) = st.event(*ev).map_err(backend)? {
                        sources.extend(detail(&e).sources);
                    }
                }
                control.push(ControlStep {
                    date: step.date.clone(),
                    from: step.from.clone(),
                    to: Some(step.to.clone()),
                    confidence: step.confidence,
                    source_count: step.n_independent,
                    sources,
                });
            }
        }
        let filter =
            EventFilter { place: Some(p.place.key.clone()), limit: usize::MAX, ..Default::default() };
        let events = self.filtered_events(&filter)?.iter().map(summary).collect();
        Ok(Some(PlaceDetail { summary: place_summary(&p), control, events }))
    }

    fn claims(&self, q: &ListQuery, f: &EventFilter) -> Result<Page<ClaimSubject>, CorpusError> {
        // With event filters: the claims of the articles that report a matching event.
        let docs: Option<BTreeSet<i64>> = filters_events(f)
            .then(|| {
                self.filtered_events(f)
                    .map(|evs| evs.iter().flat_map(|e| e.sources.iter().map(|s| s.doc)).collect())
            })
            .transpose()?;
        let st = self.read()?;
        let subjects = st.claims(&store::ClaimFilter::default()).map_err(backend)?;
        let titles: BTreeMap<i64, Option<String>> = st
            .documents(&store::DocFilter::default())
            .map_err(backend)?
            .into_iter()
            .map(|d| (d.id, d.title))
            .collect();
        let needle = q.q.as_deref();
        let mut out = Vec::new();
        for s in subjects.iter().filter(|s| needle.is_none_or(|n| contains_ci(Some(&s.label), n))) {
            let s = &match &docs {
                Some(docs) => match keep_claims(s, |c| docs.contains(&c.doc) && claim_in_range(c, f)) {
                    Some(kept) => kept,
                    None => continue,
                },
                None => s.clone(),
            };
            let disputed: BTreeSet<usize> = s.disagreements.iter().flat_map(|d| [d.a, d.b]).collect();
            let claims = s
                .claims
                .iter()
                .enumerate()
                .map(|(i, c)| Claim {
                    claim: c.clone(),
                    disputed: disputed.contains(&i),
                    title: titles.get(&c.doc).cloned().flatten(),
                })
                .collect();
            let disagreements = s
                .disagreements
                .iter()
                .filter_map(|d| {
                    let (a, b) = (s.claims.get(d.a)?, s.claims.get(d.b)?);
                    let why = match d.kind {
                        store::ConflictKind::SamePeriod => "same subject and period, incompatible values",
                        store::ConflictKind::TotalDecreased => {
                            "a running total reported lower than an earlier one"
                        }
                    };
                    Some(Disagreement {
                        claims: vec![d.a, d.b],
                        summary: format!("{} vs {}: {why}", describe_claim(a), describe_claim(b)),
                    })
                })
                .collect();
            out.push(ClaimSubject {
                subject: s.label.clone(),
                category: eventwire_store_category(s),
                claims,
                disagreements,
            });
        }
        Ok(page(out, q.offset, q.limit))
    }

    fn timeline(&self, f: &EventFilter) -> Result<Page<TimelineEntry>, CorpusError> {
        let st = self.read()?;
        let entries = st.timeline(&store_filter(f)).map_err(backend)?;
        drop(st);
        let items = entries.into_iter().filter(|t| matches_rest(f, &t.event)).map(|t| TimelineEntry {
            date: t.date,
            date_precision: t.event.fused.date_precision,
            kind: "event".into(),
            summary: t.summary,
            event_id: Some(t.event.id.to_string()),
            place_id: t.event.fused.place.as_ref().map(|p| p.key.clone()),
            source_count: t.event.fused.n_sources,
        });
        Ok(page(items, f.offset, f.limit))
    }

    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, CorpusError> {
        if q.filter.bbox.is_some() || q.filter.document.is_some() {
            return Err(CorpusError::Invalid("search does not take 'bbox' or 'document'".into()));
        }
        let st = self.read()?;
        let place = match q.filter.place.as_deref() {
            Some(p) if is_place_key(p) => {
                let all = st.places(&store::EventFilter::default()).map_err(backend)?;
                match all.into_iter().find(|s| s.place.key == p) {
                    Some(s) => Some(s.place.name),
                    None => return Ok(Page { total: 0, items: Vec::new(), next: None }),
                }
            }
            other => other.map(str::to_string),
        };
        let sq = store::SearchQuery {
            query: q.q.clone(),
            from: q.filter.from.clone(),
            to: q.filter.to.clone(),
            place,
            actor: q.filter.actor.clone(),
            event_type: q.filter.event_type.clone(),
            limit: Some(MAX_SEARCH_HITS),
            offset: 0,
        };
        let hits = st.search(&sq).map_err(backend)?;
        let items = hits.into_iter().map(|h| SearchHit {
            document_id: h.doc.id.to_string(),
            title: h.doc.title,
            outlet: h.doc.outlet,
            published: h.doc.published,
            // bm25 is lower-is-better (negative); flip it so higher is better.
            score: -h.rank,
            snippet: snippet_parts(&h.snippet),
        });
        Ok(page(items, q.filter.offset, q.filter.limit))
    }

    fn control(&self, at: Option<&str>) -> Result<Vec<ControlAt>, CorpusError> {
        let history = self.read()?.control_history(None).map_err(backend)?;
        let at = at.map(date_ceil);
        let mut out = Vec::new();
        for pc in history {
            // The last dated change on or before `at` (changes come in date order).
            let step = pc.steps.iter().rev().find(|s| {
                s.date.as_deref().is_some_and(|d| at.as_ref().is_none_or(|at| date_floor(d) <= *at))
            });
            let Some(step) = step else { continue };
            out.push(ControlAt {
                place: place_ref(&pc.place),
                holder: step.to.clone(),
                since: step.date.clone(),
                previous: step.from.clone(),
                confidence: step.confidence,
                event_ids: step.events.iter().map(i64::to_string).collect(),
            });
        }
        Ok(out)
    }

    fn set_review(&self, id: &str, review: Option<&store::Review>) -> Result<bool, CorpusError> {
        let Some(n) = parse_id(id) else { return Ok(false) };
        self.backend.write().map_err(backend)?.set_review(n, review).map_err(backend)
    }

    fn export(&self, f: &EventFilter, format: ExportFormat) -> Result<(usize, Vec<u8>), CorpusError> {
        let mut out = Vec::new();
        let st = self.read()?;
        let reviewed = match f.reviewed {
            Some(_) => Some(st.reviewed_events().map_err(backend)?),
            None => None,
        };
        let review_ok = |e: &store::MergedEvent| {
            reviewed.as_ref().is_none_or(|r| Some(r.contains_key(&e.id)) == f.reviewed)
        };
        let n = st
            .export_with(&store_filter(f), &mut |e| matches_rest(f, e) && review_ok(e), format, &mut out)
            .map_err(backend)?;
        Ok((n, out))
    }

    fn report(&self, f: &EventFilter, format: ReportFormat) -> Result<String, CorpusError> {
        let opts = store::ReportOptions { filter: store_filter(f), ..Default::default() };
        self.read()?.report(&opts, format).map_err(backend)
    }

    /// Through the corpus pipeline, as `eventwire ingest` does: the articles are analysed and
    /// added, then the cross-article passes (outlet homes, dates from other articles) run over
    /// the whole store, and merged events are rebuilt. `published` is the article's date
    /// field, as a JSON Lines `published` is. The store is locked only while it is read or
    /// written, never while articles are analysed.
    fn ingest(&self, articles: Vec<NewArticle>) -> Result<Vec<IngestOutcome>, CorpusError> {
        let pipeline = self.pipeline()?;
        let mut docs = Vec::with_capacity(articles.len());
        for (i, a) in articles.into_iter().enumerate() {
            let id = match a.id {
                Some(id) => id,
                None => {
                    format!("api/{}", &store::content_hash(&eventwire_ingest::normalize(&a.text).0)[..16])
                }
            };
            let hints = Hints {
                title: a.title,
                outlet: a.outlet,
                url: a.url,
                byline: None,
                dates: a.published.into_iter().map(|p| (p, DateSource::Field)).collect(),
            };
            let doc = pipeline
                .reader()
                .document(&id, None, a.text, &hints, Vec::new())
                .map_err(|e| CorpusError::Invalid(format!("article {i}: {e}")))?;
            docs.push(doc);
        }
        let keys: Vec<(String, String)> = docs.iter().map(|d| (d.id.clone(), d.text.clone())).collect();
        let mut stored: Vec<Option<ItemOutcome>> = vec![None; docs.len()];
        let opts = IngestOptions { batch_size: docs.len(), dct: None };
        let mut on = |event: IngestEvent<'_>| {
            if let IngestEvent::Stored { ordinal, outcome } = event {
                stored[ordinal as usize] = Some(outcome);
            }
        };
        self.backend.ingest(pipeline, docs, &opts, &mut on).map_err(pipeline_error)?;
        let st = self.read()?;
        let counts = st.event_counts().map_err(backend)?;
        let mut out = Vec::with_capacity(keys.len());
        for ((id, text), outcome) in keys.into_iter().zip(stored) {
            let status = match outcome.map(|o| o.status) {
                Some(ItemStatus::Added) => "added",
                Some(ItemStatus::Duplicate) => "duplicate",
                Some(ItemStatus::AlreadyStored) | None => "unchanged",
            };
            let doc = st.document_with_text(&text).map_err(backend)?;
            out.push(IngestOutcome {
                id,
                status: status.into(),
                events: doc.as_ref().and_then(|d| counts.get(&d.id)).copied().unwrap_or(0) as usize,
                duplicate_of: doc.and_then(|d| d.dup_of).map(|d| d.to_string()),
            });
        }
        Ok(out)
    }
}

/// Does `f` filter events beyond the defaults (paging and order aside)?
fn filters_events(f: &EventFilter) -> bool {
    let EventFilter { limit: _, offset: _, after: _, sort: _, scope, .. } = f;
    let after = f.after.clone();
    *f != EventFilter {
        limit: f.limit,
        offset: f.offset,
        after,
        sort: f.sort,
        scope: *scope,
        ..Default::default()
    }
}

/// A subject with only the claims `keep` keeps (its disagreements renumbered), or None when
/// none is left.
fn keep_claims(s: &store::Subject, keep: impl Fn(&store::Claim) -> bool) -> Option<store::Subject> {
    let mut index = BTreeMap::new();
    let mut claims = Vec::new();
    for (i, c) in s.claims.iter().enumerate() {
        if keep(c) {
            index.insert(i, claims.len());
            claims.push(c.clone());
        }
    }
    if claims.is_empty() {
        return None;
    }
    let mut out = s.clone();
    out.disagreements = s
        .disagreements
        .iter()
        .filter_map(|d| {
            let mut d = d.clone();
            d.a = *index.get(&d.a)?;
            d.b = *index.get(&d.b)?;
            Some(d)
        })
        .collect();
    out.claims = claims;
    Some(out)
}

/// A claim whose date (`as_of`) meets the filter's date range; an undated claim always does.
fn claim_in_range(c: &store::Claim, f: &EventFilter) -> bool {
    let Some(as_of) = c.as_of.as_deref() else { return true };
    let after_from = f.from.as_deref().is_none_or(|from| date_ceil(as_of) >= date_floor(from));
    let before_to = f.to.as_deref().is_none_or(|to| date_floor(as_of) <= date_ceil(to));
    after_from && before_to
}

/// Last day of an ISO date or coarser, comparable as a string (`2016-11` → `2016-11-31`).
fn date_ceil(v: &str) -> String {
    match v.len() {
        4 => format!("{v}-12-31"),
        7 => format!("{v}-31"),
        _ => v.chars().take(10).collect(),
    }
}

fn eventwire_store_category(s: &store::Subject) -> String {
    serde_json::to_value(s.category).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
