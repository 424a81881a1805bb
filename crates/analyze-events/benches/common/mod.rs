//! The 4 KB bench article and the coder's input for it, shared by `benches/coding.rs` and
//! `examples/profile.rs` so the profile measures exactly what the benchmark times.

use eventwire_analyze::Analyzer;
use eventwire_events::CodingInput;
use eventwire_model::{Document, PlaceMention, TimeMention};
use eventwire_text::Segmented;

/// Our own invented wire copy, about 4 KB.
pub const ARTICLE: &str = include_str!("../article.txt");
/// The publication date the article is analysed against.
pub const PUBLISHED: &str = "2019-03-12";

/// The article and what the layers before the coder make of it.
pub struct Workload {
    pub doc: Document,
    seg: Segmented,
    places: Vec<PlaceMention>,
    times: Vec<TimeMention>,
}

impl Workload {
    pub fn new(analyzer: &Analyzer) -> Self {
        let doc = eventwire_ingest::document_from_text("bench", None, ARTICLE);
        let seg = eventwire_text::segment(&doc.text);
        let times = analyzer.time().tag(&doc.text, &seg, Some(PUBLISHED));
        let places = analyzer.places().tag(&doc.text, &seg);
        Workload { doc, seg, places, times }
    }

    /// The coder's input, as `Analyzer::analyze` would build it.
    pub fn coder_input(&self) -> CodingInput<'_> {
        CodingInput {
            doc_id: "bench",
            text: &self.doc.text,
            seg: &self.seg,
            title: None,
            places: &self.places,
            times: &self.times,
            published: Some(PUBLISHED),
        }
    }
}
