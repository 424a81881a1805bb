//! Runs the analysis layers (text → time → places → actors/events/figures) over a document
//! and produces the `analyze` contract ([`Analysis`]).
//!
//! Layers work in byte offsets of the normalised text; [`Analyzer::analyze`] maps every span
//! to code-point offsets of the source text at the end, in one place.
//!
//! This crate analyses one article. What several articles give each other (outlet homes,
//! dates from other articles) is the corpus pipeline's job: `eventwire-pipeline`.

use eventwire_events::{Coder, CodingInput};
use eventwire_model::{Analysis, DocOut, Document, Evidence, Field, OutletHome, PublishedBasis, Span};
use eventwire_places::{Gazetteer, PlaceTagger};
use eventwire_text::Segmented;
use eventwire_time::{DocumentDate, Prepared, TimeTagger};
use std::collections::BTreeMap;
use std::path::Path;

/// Errors while loading the knowledge files.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    #[error(transparent)]
    Places(#[from] eventwire_places::PlacesError),
    #[error(transparent)]
    Time(#[from] eventwire_time::TimeError),
    #[error(transparent)]
    Events(#[from] eventwire_events::EventsError),
    #[error(transparent)]
    Text(#[from] eventwire_text::TextError),
}

/// All analysis layers, with their data loaded once: segmentation, the time tagger, the place
/// tagger over the gazetteer, and the event coder. [`Analyzer::analyze`] gives one article's
/// [`Analysis`], the `analyze` JSON contract, with every span in code points of the text given.
///
/// ```
/// use eventwire_analyze::Analyzer;
///
/// // `Analyzer::load(None)` reads the gazetteer that `scripts/setup` builds into
/// // data/gazetteer/build. Here a data directory holds a small fixture gazetteer instead.
/// let data = tempfile::tempdir()?;
/// eventwire_places::Gazetteer::fixture().write_index(data.path())?;
/// let analyzer = Analyzer::load(Some(data.path()))?;
///
/// let text = "Rebels shelled Kirkuk on Monday, killing three civilians.";
/// let doc = eventwire_ingest::document_from_text("report-1", None, text);
/// // The article carries no date of its own: `dct` dates it.
/// let analysis = analyzer.analyze(&doc, Some("2024-05-22"));
/// assert_eq!(analysis.doc.published.as_deref(), Some("2024-05-22"));
///
/// let kirkuk = &analysis.places[0];
/// assert_eq!((kirkuk.name.as_str(), kirkuk.country_code.as_deref()), ("Kirkuk", Some("IQ")));
/// let quoted: String = text.chars().skip(kirkuk.start).take(kirkuk.end - kirkuk.start).collect();
/// assert_eq!(quoted, "Kirkuk"); // spans are code-point offsets into `text`
///
/// let event = &analysis.events[0];
/// assert_eq!(event.acled_sub_event_type, "Shelling/artillery/missile attack");
/// assert_eq!(event.date.as_deref(), Some("2024-05-20")); // "on Monday", before the report date
/// assert_eq!(event.place.as_ref().map(|p| p.name.as_str()), Some("Kirkuk"));
/// assert_eq!(event.fatalities, Some(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Analyzer {
    places: PlaceTagger,
    time: TimeTagger,
    coder: Coder,
}

impl Analyzer {
    /// Load every layer's data from `data_dir`, or the defaults when `None`.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, AnalyzeError> {
        eventwire_text::load_word_lists(data_dir)?;
        Ok(Analyzer {
            places: PlaceTagger::new(Gazetteer::load(data_dir)?),
            time: TimeTagger::load(data_dir)?,
            coder: Coder::load(data_dir)?,
        })
    }

    /// Type events with the optional sentence encoder in `dir` too (see `eventwire-encoder`);
    /// its head comes from `data_dir` when there is one there.
    pub fn with_encoder(self, dir: &Path, data_dir: Option<&Path>) -> Result<Self, AnalyzeError> {
        Ok(Analyzer { coder: self.coder.with_encoder(dir, data_dir)?, ..self })
    }

    pub fn places(&self) -> &PlaceTagger {
        &self.places
    }

    pub fn time(&self) -> &TimeTagger {
        &self.time
    }

    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// Analyse one document. `dct` (`YYYY-MM-DD`) is used when the document has no date of
    /// its own.
    pub fn analyze(&self, doc: &Document, dct: Option<&str>) -> Analysis {
        self.analyze_at_home(doc, dct, None)
    }

    /// [`analyze`](Self::analyze) an article of an outlet at home in `home`: its ambiguous
    /// place names lean toward that area, and the home is reported as `doc.outlet_home`.
    /// Outlet homes come from the outlet's other articles (the corpus pipeline,
    /// `eventwire-pipeline`, finds them).
    pub fn analyze_at_home(&self, doc: &Document, dct: Option<&str>, home: Option<&OutletHome>) -> Analysis {
        let seg = eventwire_text::segment(&doc.text);
        // Dating and tagging share one tokenisation of the text.
        let prep = self.time.prepare(&doc.text);
        let dating = prep.date_document(doc, &seg);
        self.analyze_dated(doc, &seg, &prep, dating, dct, home)
    }

    /// Analyse `doc` again with a publication date found outside it (from other articles),
    /// so that its time expressions and events are dated against that date. `home` is the
    /// outlet home of its earlier analysis, kept.
    pub fn reanalyze_with_date(
        &self,
        doc: &Document,
        date: DocumentDate,
        home: Option<&OutletHome>,
    ) -> Analysis {
        let seg = eventwire_text::segment(&doc.text);
        self.analyze_dated(doc, &seg, &self.time.prepare(&doc.text), date, None, home)
    }

    fn analyze_dated(
        &self,
        doc: &Document,
        seg: &Segmented,
        prep: &Prepared<'_>,
        dating: DocumentDate,
        dct: Option<&str>,
        home: Option<&OutletHome>,
    ) -> Analysis {
        let text = doc.text.as_str();
        let mut meta = doc.meta.clone();
        if dating.published.is_some() {
            meta.published = dating.published;
            meta.published_basis = dating.basis;
            meta.published_confidence = dating.confidence;
            meta.published_reason = dating.reason;
        } else if meta.published.is_none() {
            if let Some(d) = dct {
                meta.published = Some(d.to_string());
                meta.published_basis = PublishedBasis::Field;
                meta.published_confidence = 1.0;
                meta.published_reason = Some("document creation time given with --dct".into());
            } else {
                // Unknown is an answer: keep the time layer's account of why.
                meta.published_reason = dating.reason;
            }
        }
        meta.warnings.extend(dating.warnings);

        let published = meta.published.clone();
        let times = prep.tag(published.as_deref());
        let places = self.places.tag_at_home(text, seg, home);
        let coded = self.coder.code(&CodingInput {
            doc_id: &doc.id,
            text,
            seg,
            title: meta.title.as_ref().and_then(Field::span),
            places: &places,
            times: &times,
            published: published.as_deref(),
        });
        meta.warnings.extend(coded.warnings);

        let mut analysis = Analysis {
            doc: doc_out(doc, meta, home),
            places,
            actors: coded.actors,
            times,
            events: coded.events,
            figures: coded.figures,
        };
        remap_to_source(doc, &mut analysis);
        analysis
    }
}

fn doc_out(doc: &Document, meta: eventwire_model::Metadata, home: Option<&OutletHome>) -> DocOut {
    let mut spans = BTreeMap::new();
    let fields = [
        ("title", &meta.title),
        ("outlet", &meta.outlet),
        ("agency", &meta.agency),
        ("byline", &meta.byline),
        ("dateline", &meta.dateline),
        ("url", &meta.url),
    ];
    for (name, field) in fields {
        if let Some(span) = field.as_ref().and_then(Field::span) {
            spans.insert(name.to_string(), span);
        }
    }
    let value = |f: &Option<Field>| f.as_ref().map(|f| f.value.clone());
    DocOut {
        id: doc.id.clone(),
        path: doc.path.clone(),
        title: value(&meta.title),
        outlet: value(&meta.outlet),
        agency: value(&meta.agency),
        byline: value(&meta.byline),
        dateline: value(&meta.dateline),
        url: value(&meta.url),
        published: meta.published,
        published_basis: meta.published_basis,
        published_confidence: meta.published_confidence,
        published_reason: meta.published_reason,
        date_candidates: meta.date_candidates,
        warnings: meta.warnings,
        lang: meta.lang,
        spans,
        outlet_home: home.cloned(),
    }
}

/// Map every span from normalised byte offsets to source code-point offsets, and take
/// quotes from the source text so they match what the user gave.
fn remap_to_source(doc: &Document, a: &mut Analysis) {
    let map = &doc.offsets;
    let conv = |start: &mut usize, end: &mut usize| {
        let (s, e) = (map.to_source(*start), map.to_source_end(*end));
        *start = s;
        *end = e;
    };
    for span in a.doc.spans.values_mut() {
        let Span { mut start, mut end } = *span;
        conv(&mut start, &mut end);
        *span = Span::new(start, end);
    }
    for c in &mut a.doc.date_candidates {
        if let (Some(s), Some(e)) = (c.start.as_mut(), c.end.as_mut()) {
            conv(s, e);
        }
    }
    for p in &mut a.places {
        conv(&mut p.start, &mut p.end);
    }
    for x in &mut a.actors {
        conv(&mut x.start, &mut x.end);
    }
    for t in &mut a.times {
        conv(&mut t.start, &mut t.end);
    }
    let chars = if needs_char_index(a) { CharIndex::new(&doc.source_text) } else { CharIndex::new("") };
    let quote = |s: usize, e: usize| -> String { chars.slice(s, e).to_string() };
    for ev in &mut a.events {
        if let Some(p) = ev.place.as_mut() {
            conv(&mut p.start, &mut p.end);
        }
        if let Some(l) = ev.location.as_mut() {
            conv(&mut l.start, &mut l.end);
            if let Some(c) = l.point_from.as_mut() {
                conv(&mut c.start, &mut c.end);
            }
        }
        for Evidence { start, end, quote: q, trigger } in &mut ev.evidence {
            conv(start, end);
            *q = quote(*start, *end);
            if let Some(t) = trigger {
                conv(&mut t.start, &mut t.end);
            }
        }
    }
    for f in &mut a.figures {
        conv(&mut f.start, &mut f.end);
        f.quote = quote(f.start, f.end);
    }
}

/// Code-point offsets to byte offsets of a text: direct for ASCII, else from a mark every
/// [`CharIndex::STEP`] code points (no per-character table).
struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of code point `k * STEP`; empty for ASCII.
    marks: Vec<usize>,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 64;

    fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex { text, marks: Vec::new(), chars: text.len() };
        }
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            if chars % Self::STEP == 0 {
                marks.push(b);
            }
            chars += 1;
        }
        CharIndex { text, marks, chars }
    }

    /// Byte offset of code point `cp` (`cp <= chars`).
    fn byte(&self, cp: usize) -> usize {
        if self.marks.is_empty() {
            return cp;
        }
        if cp >= self.chars {
            return self.text.len();
        }
        let from = self.marks[cp / Self::STEP];
        self.text[from..].char_indices().nth(cp % Self::STEP).map_or(self.text.len(), |(b, _)| from + b)
    }

    /// Code points `s..e` (`e` clipped to the end; empty when `s` lies beyond it).
    fn slice(&self, s: usize, e: usize) -> &'a str {
        let e = e.min(self.chars);
        if s > e {
            return "";
        }
        &self.text[self.byte(s)..self.byte(e)]
    }
}

fn needs_char_index(a: &Analysis) -> bool {
    !a.events.is_empty() || !a.figures.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwire_model::{Metadata, OffsetMap};

    #[test]
    fn char_index_slices_by_code_point() {
        for text in ["plain ascii text", "Caf\u{e9} \u{201c}quoted\u{201d} \u{1F600} end", ""] {
            let chars: Vec<char> = text.chars().collect();
            let idx = CharIndex::new(text);
            for s in 0..=chars.len() + 2 {
                for e in 0..=chars.len() + 2 {
                    let want: String =
                        chars.get(s..e.min(chars.len())).map(|c| c.iter().collect()).unwrap_or_default();
                    assert_eq!(idx.slice(s, e), want, "{text:?} {s}..{e}");
                }
            }
        }
        // Past marks, and ending exactly on one: 200 and 128 code points.
        for long in ["\u{e9}a".repeat(100), "\u{e9}a".repeat(64)] {
            let chars: Vec<char> = long.chars().collect();
            let n = chars.len();
            let idx = CharIndex::new(&long);
            for (s, e) in [(0, 200), (63, 65), (64, 128), (127, 199), (128, 128), (130, 250)] {
                let want: String = chars.get(s..e.min(n)).map(|c| c.iter().collect()).unwrap_or_default();
                assert_eq!(idx.slice(s, e), want, "{n}: {s}..{e}");
            }
        }
    }

    #[test]
    fn title_span_is_reported_in_source_code_points() {
        // Source has a combining accent that NFC composes: offsets must shift back.
        let source = "Cafe\u{301} attack\nBody.";
        let text = "Café attack\nBody.";
        let mut offsets = OffsetMap::default();
        let mut src_i = 0;
        for (b, c) in text.char_indices() {
            offsets.push(b, src_i);
            src_i += if c == 'é' { 2 } else { 1 };
        }
        offsets.finish(text.len(), source.chars().count());
        let doc = Document {
            id: "d".into(),
            path: None,
            source_text: source.into(),
            text: text.into(),
            offsets,
            meta: Metadata { title: Some(Field::at("Café attack", Span::new(0, 12))), ..Default::default() },
        };
        let analyzer = Analyzer::load(eventwire_test_support::data_dir()).unwrap();
        let a = analyzer.analyze(&doc, Some("2017-01-02"));
        assert_eq!(a.doc.spans["title"], Span::new(0, 12));
        assert_eq!(a.doc.title.as_deref(), Some("Café attack"));
    }
}
