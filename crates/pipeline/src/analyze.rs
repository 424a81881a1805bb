//! The store-less path: articles held in memory, analysed, then given what the other
//! articles give them (`eventwire analyze`).

use crate::cross::{self, Target};
use crate::Pipeline;
use eventwire_ingest::IngestError;
use eventwire_model::{Analysis, Document};
use eventwire_time::CorpusDoc;
use rayon::prelude::*;

/// Most articles [`Pipeline::analyze_inputs`] holds for the cross-article passes; past this,
/// the rest are analysed each on its own and streamed (the store path has no such limit for
/// outlet homes; see [`crate::STORE_DATING_MAX_DOCS`] for dating).
pub const ANALYZE_HOLD_MAX_DOCS: usize = 10_000;

/// Articles analysed together once the hold limit is passed (output order is kept).
const STREAM_CHUNK: usize = 256;

/// What [`Pipeline::analyze_inputs`] reports, in input order for analyses.
#[derive(Debug)]
pub enum AnalyzeEvent {
    /// One article's analysis.
    Analysis(Box<Analysis>),
    /// An input or article that could not be read (reported as soon as it is met).
    ReadError(IngestError),
    /// The hold limit was reached: the articles held so far got the cross-article passes
    /// among themselves; the ones after are analysed each on its own.
    HoldLimit { held: usize },
}

pub(crate) fn corpus(p: &Pipeline, docs: &[Document], dct: Option<&str>) -> Vec<Analysis> {
    let first = p.analyze_each(docs, dct);
    let targets = targets(p, docs, &first);
    p.install(|| {
        first
            .into_par_iter()
            .zip(docs.par_iter())
            .zip(targets.par_iter())
            .map(|((a, doc), t)| if t.is_none() { a } else { cross::analyze_to(&p.analyzer, doc, dct, t) })
            .collect()
    })
}

/// What the corpus gives each article, from the articles' first analyses.
fn targets(p: &Pipeline, docs: &[Document], first: &[Analysis]) -> Vec<Target> {
    let homes = cross::outlet_homes(
        first
            .iter()
            .map(|a| {
                (cross::outlet_key(a.doc.outlet.as_deref(), a.doc.url.as_deref()), cross::readings(&a.places))
            })
            .collect(),
    );
    let corpus: Vec<CorpusDoc<'_>> = docs
        .iter()
        .zip(first)
        .map(|(d, a)| CorpusDoc { id: &d.id, text: &d.text, published: a.doc.published.as_deref() })
        .collect();
    let dates = cross::corpus_dates(p.analyzer.time(), &corpus).unwrap_or_else(|| vec![None; docs.len()]);
    homes.into_iter().zip(dates).map(|(home, date)| Target { home, date }).collect()
}

impl Pipeline {
    /// Read `inputs` and analyse every article, reporting through `emit`: read errors as
    /// they are met, analyses in input order once the corpus is read (articles are held for
    /// the cross-article passes, up to [`ANALYZE_HOLD_MAX_DOCS`]). Stops at the first error
    /// `emit` returns.
    pub fn analyze_inputs<E>(
        &self,
        inputs: &[String],
        dct: Option<&str>,
        mut emit: impl FnMut(AnalyzeEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut held: Vec<Document> = Vec::new();
        let mut streaming = false;
        let flush = |held: &mut Vec<Document>,
                     streaming: bool,
                     emit: &mut dyn FnMut(AnalyzeEvent) -> Result<(), E>| {
            let docs = std::mem::take(held);
            let analyses =
                if streaming { self.analyze_each(&docs, dct) } else { self.analyze_corpus(&docs, dct) };
            analyses.into_iter().try_for_each(|a| emit(AnalyzeEvent::Analysis(Box::new(a))))
        };
        for doc in self.read(inputs) {
            match doc {
                Err(e) => emit(AnalyzeEvent::ReadError(e))?,
                Ok(doc) => {
                    held.push(doc);
                    if !streaming && held.len() >= ANALYZE_HOLD_MAX_DOCS {
                        emit(AnalyzeEvent::HoldLimit { held: held.len() })?;
                        flush(&mut held, false, &mut emit)?;
                        streaming = true;
                    } else if streaming && held.len() >= STREAM_CHUNK {
                        flush(&mut held, true, &mut emit)?;
                    }
                }
            }
        }
        flush(&mut held, streaming, &mut emit)
    }
}
