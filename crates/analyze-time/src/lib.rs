//! Time: TIMEX3 tagging and dating of articles and events.
//!
//! - [`TimeTagger::tag`] finds time expressions and normalises them to TIMEX3 values against
//!   the document date (`2016-11-07`, `2013-W11`, `P3W`, `PAST_REF`, `XXXX-10-17` when no
//!   year can be anchored).
//! - [`TimeTagger::date_document`] decides an article's publication date from the candidates
//!   ingest found and from the article's own time expressions.
//! - [`TimeTagger::date_corpus`] lets a dated article date an undated one that speaks of the
//!   same event.
//! - [`event_date`] gives an event the date of the expression that governs its trigger.
//! - [`timeml`] reads TimeML files and scores tagging the TempEval-3 way.
//!
//! Vocabulary lives in `data/time/lexicon.tsv` and `data/time/phrases.tsv` (embedded; files of
//! the same name under `<data_dir>/time/` extend them).

pub mod civil;
mod corpus;
mod dating;
mod error;
mod event;
mod flags;
mod lexicon;
mod roles;
mod tagger;
pub mod timeml;
mod tokens;
mod words;

pub use civil::Date;
pub use corpus::CorpusDoc;
pub use dating::DocumentDate;
pub use error::TimeError;
pub use event::{event_date, value_precision, EventDate};
use eventwire_model::{Analysis, Document, TimeMention};
use eventwire_text::Segmented;
use lexicon::Lexicon;
use std::path::Path;

/// A text tokenised and looked up for the time layer ([`TimeTagger::prepare`]).
#[derive(Debug)]
pub struct Prepared<'a> {
    lex: &'a Lexicon,
    prep: tagger::Prep<'a>,
    /// The mentions without a DCT (dating needs them, and they are the answer for no date),
    /// and which starts of the tagger match nothing whatever the DCT.
    undated: std::cell::OnceCell<(Vec<TimeMention>, tagger::Known)>,
}

impl Prepared<'_> {
    /// The text it was made from.
    pub fn text(&self) -> &str {
        self.prep.text
    }

    /// [`TimeTagger::date_document`] of `doc` (prepared from `doc.text`; another text is
    /// tokenised afresh).
    pub fn date_document(&self, doc: &Document, seg: &Segmented) -> DocumentDate {
        let same = std::ptr::eq(doc.text.as_str(), self.prep.text) || doc.text == self.prep.text;
        if !same {
            return dating::date_document(self.lex, doc, seg);
        }
        dating::date_prepared(self.lex, doc, &self.prep, self.undated(), seg)
    }

    fn undated(&self) -> &[TimeMention] {
        &self.undated.get_or_init(|| self.prep.tag_with(None, None)).0
    }

    /// [`TimeTagger::tag`] of the prepared text. After dating, the starts the undated pass
    /// proved empty are not parsed again, nor those whose match did not depend on the DCT.
    pub fn tag(&self, dct: Option<&str>) -> Vec<TimeMention> {
        match dct.and_then(Date::parse) {
            None => self.undated().to_vec(),
            dct => {
                let known = self.undated.get().map(|(_, k)| k);
                self.prep.tag_with(dct, known).0
            }
        }
    }
}

/// The temporal tagger, loaded once from its data files.
#[derive(Debug)]
pub struct TimeTagger {
    lex: Lexicon,
}

impl TimeTagger {
    /// Load the built-in vocabulary plus `<data_dir>/time/{lexicon,phrases}.tsv` when present.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, TimeError> {
        Ok(TimeTagger { lex: Lexicon::load(data_dir)? })
    }

    /// Choose the publication date of `doc` from its candidates (`doc.meta.date_candidates`)
    /// and its content. Structured fields, bylines, datelines and headers are taken in that
    /// order; of an ambiguous candidate the first reading consistent with the elapsed times the
    /// text gives wins (with a warning when it is not the first reading). Page and copyright
    /// dates are ignored. Without a usable candidate, a start date with a year plus an elapsed
    /// time ("two years after … August 1, 2013") dates the article (basis `content`);
    /// otherwise `published` is `None` and `reason` says why.
    pub fn date_document(&self, doc: &Document, seg: &Segmented) -> DocumentDate {
        dating::date_document(&self.lex, doc, seg)
    }

    /// [`TimeTagger::date_document`] for callers without a segmentation.
    pub fn date_unsegmented(&self, doc: &Document) -> DocumentDate {
        self.date_document(doc, &eventwire_text::segment(&doc.text))
    }

    /// Date undated articles from dated ones in the same corpus. An article dated by other
    /// means declares anchors: each "began on March 3" / "since March 3" gets its year
    /// from the article's date and is keyed by the names in its sentence ("Tarin"). An undated
    /// article whose start date has the same month-day and shares a name borrows the year,
    /// and its elapsed time ("a five-week offensive") gives the date: basis `corpus`.
    ///
    /// Returns one entry per input, `Some` only for the articles newly dated. Callers with
    /// [`Analysis`] values can use [`TimeTagger::date_corpus_analyses`] instead.
    ///
    /// ```
    /// # use eventwire_time::{CorpusDoc, TimeTagger};
    /// let t = TimeTagger::load(None).unwrap();
    /// let docs = [
    ///     CorpusDoc { id: "a", text: "The Tarin offensive began on March 3, the UN said.", published: Some("2015-03-20") },
    ///     CorpusDoc { id: "b", text: "A five-week offensive on Tarin that began on March 3 has stalled.", published: None },
    /// ];
    /// let out = t.date_corpus(&docs);
    /// assert_eq!(out[1].as_ref().unwrap().published.as_deref(), Some("2015-04-07"));
    /// ```
    pub fn date_corpus(&self, docs: &[CorpusDoc<'_>]) -> Vec<Option<DocumentDate>> {
        corpus::date_corpus(&self.lex, docs)
    }

    /// [`TimeTagger::date_corpus`] over analysed documents: `docs[i]` is the document of
    /// `analyses[i]`. Fills `published`, its basis, confidence and reason of the analyses
    /// that had none, and returns how many were dated. Time mentions and event dates of those
    /// analyses are not recomputed.
    pub fn date_corpus_analyses(&self, docs: &[Document], analyses: &mut [Analysis]) -> usize {
        let entries: Vec<CorpusDoc<'_>> = docs
            .iter()
            .zip(analyses.iter())
            .map(|(d, a)| CorpusDoc { id: &d.id, text: &d.text, published: a.doc.published.as_deref() })
            .collect();
        let dated = self.date_corpus(&entries);
        let mut n = 0;
        for (a, d) in analyses.iter_mut().zip(dated) {
            if let Some(d) = d {
                a.doc.published = d.published;
                a.doc.published_basis = d.basis;
                a.doc.published_confidence = d.confidence;
                a.doc.published_reason = d.reason;
                a.doc.warnings.extend(d.warnings);
                n += 1;
            }
        }
        n
    }

    /// Tokenise `text` once for [`Prepared::date_document`] and [`Prepared::tag`], which then
    /// cost only the grammar: dating and tagging an article share one tokenisation.
    pub fn prepare<'a>(&'a self, text: &'a str) -> Prepared<'a> {
        Prepared { lex: &self.lex, prep: tagger::Prep::new(&self.lex, text), undated: Default::default() }
    }

    /// Time expressions of `text` normalised against `dct` (`YYYY-MM-DD`, a longer ISO
    /// timestamp is fine), byte offsets, in text order.
    pub fn tag(&self, text: &str, _seg: &Segmented, dct: Option<&str>) -> Vec<TimeMention> {
        self.prepare(text).tag(dct)
    }

    /// [`TimeTagger::tag`] for callers without a segmentation (the tagger tokenises itself).
    pub fn tag_text(&self, text: &str, dct: Option<&str>) -> Vec<TimeMention> {
        self.prepare(text).tag(dct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document { id: "d".into(), text: text.into(), source_text: text.into(), ..Default::default() }
    }

    #[test]
    fn one_preparation_dates_and_tags_against_the_chosen_date() {
        let t = TimeTagger::load(None).unwrap();
        let d = doc("The ceasefire collapsed on August 2, two years after it was signed on August 1, 2013.");
        let prep = t.prepare(&d.text);
        let dating = prep.date_document(&d, &eventwire_text::segment(&d.text));
        assert_eq!(dating.published.as_deref(), Some("2015-08-02"));
        let dated = prep.tag(dating.published.as_deref());
        assert_eq!(dated[0].value, "2015-08-02");
        // Without a date the undated pass is the answer, every time.
        assert_eq!(prep.tag(None)[0].value, "XXXX-08-02");
        assert_eq!(prep.tag(None), prep.tag(Some("not a date")));
    }

    #[test]
    fn the_dated_pass_after_dating_equals_a_fresh_one() {
        let t = TimeTagger::load(None).unwrap();
        // Misses without a DCT that a DCT turns into matches: a year-day-month date equal to
        // the DCT, and modifiers before "ago" (PAST_REF without a DCT).
        let text = "Posted 2016-13-10. About two years ago, early three weeks ago, and on Sunday \
                    nearly 40 people fled a town of 2,000 a year after the 1990s.";
        let d = doc(text);
        for dct in ["2016-10-13", "2019-03-12", "2016-02-29"] {
            let prep = t.prepare(text);
            let _ = prep.date_document(&d, &eventwire_text::segment(text));
            let fresh = t.prepare(text).tag(Some(dct));
            assert_eq!(prep.tag(Some(dct)), fresh, "{dct}");
        }
        let got = t.prepare(text);
        let _ = got.date_document(&d, &eventwire_text::segment(text));
        let tagged = got.tag(Some("2016-10-13"));
        assert_eq!(tagged[0].value, "2016-10-13");
        assert!(tagged.iter().any(|m| m.text == "About two years ago" && m.value == "2014"));
    }

    #[test]
    fn a_document_of_another_text_is_dated_from_its_own() {
        let t = TimeTagger::load(None).unwrap();
        let other = doc("Shelling resumed, two years after the truce signed on August 1, 2013.");
        let prep = t.prepare("Nothing dated here.");
        let got = prep.date_document(&other, &eventwire_text::segment(&other.text));
        assert_eq!(got, t.date_unsegmented(&other));
        assert!(got.published.is_some());
    }
}
