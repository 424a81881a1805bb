//! Cross-document dating: a dated article that says when something began ("the Tarin
//! offensive began on March 3", published 2015-03-20, so 2015-03-03) lends that year to an
//! undated article that names the same start ("the offensive on Tarin that began on March 3")
//! and says how long it has lasted ("a five-week offensive"): 2015-03-03 + 5 weeks.

use crate::civil::Date;
use crate::dating::{self, DocumentDate, Start};
use crate::lexicon::Lexicon;
use crate::tokens::{tokenize, Kind};
use crate::words::Lex;
use eventwire_model::PublishedBasis;
use std::collections::{BTreeMap, BTreeSet};

/// One article of a corpus, as [`crate::TimeTagger::date_corpus`] needs it.
#[derive(Debug, Clone, Copy)]
pub struct CorpusDoc<'a> {
    pub id: &'a str,
    /// The normalised text ([`eventwire_model::Document::text`]).
    pub text: &'a str,
    /// Its publication date when known (`YYYY-MM-DD`); `None` for the ones to date.
    pub published: Option<&'a str>,
}

/// An anchor: a start date with a year, and the names around it.
#[derive(Debug, Clone)]
struct Anchor {
    month: u32,
    day: u32,
    year: i32,
    keys: BTreeSet<String>,
    doc: usize,
    quote: String,
}

/// Capitalised words of the sentence around `pos` (not the first word, months or weekdays):
/// the names ("Tarin", "Halab") that say which event a start date belongs to.
fn keys(lex: &Lexicon, text: &str, pos: usize) -> BTreeSet<String> {
    let begin = text[..pos].rfind(['.', '\n', '!', '?']).map_or(0, |i| i + 1);
    let end = text[pos..].find(['.', '\n', '!', '?']).map_or(text.len(), |i| pos + i);
    let sentence = &text[begin..end];
    let mut out = BTreeSet::new();
    for (n, t) in tokenize(sentence).iter().enumerate() {
        let w = &sentence[t.start..t.end];
        if n == 0 || t.kind != Kind::Word || !t.cap || w.len() < 3 {
            continue;
        }
        let lw = w.to_lowercase();
        if lex.get(&lw).iter().any(|l| matches!(l, Lex::Month(_) | Lex::Weekday(_))) {
            continue;
        }
        out.insert(lw);
    }
    out
}

pub(crate) fn date_corpus(lex: &Lexicon, docs: &[CorpusDoc<'_>]) -> Vec<Option<DocumentDate>> {
    let all: Vec<dating::Clues> =
        docs.iter().map(|d| dating::clues(lex, d.text, &eventwire_text::segment(d.text))).collect();
    let mut anchors = Vec::new();
    for (i, (d, c)) in docs.iter().zip(&all).enumerate() {
        let Some(at) = d.published.and_then(Date::parse) else { continue };
        for (start, quote, pos) in &c.starts {
            let Some(s) = start.resolve(at) else { continue };
            anchors.push(Anchor {
                month: s.month(),
                day: s.day(),
                year: s.year(),
                keys: keys(lex, d.text, *pos),
                doc: i,
                quote: quote.clone(),
            });
        }
    }
    docs.iter()
        .zip(&all)
        .map(|(d, c)| {
            if d.published.is_some_and(|p| Date::parse(p).is_some()) {
                return None;
            }
            for e in &c.elapsed {
                let Start::MonthDay(m, day) = e.start else { continue };
                let mine = keys(lex, d.text, e.start_pos);
                // Votes per year from anchors with the same month-day and a shared name.
                let mut votes: BTreeMap<i32, Vec<&Anchor>> = BTreeMap::new();
                for a in anchors.iter().filter(|a| a.month == m && a.day == day) {
                    if a.keys.intersection(&mine).next().is_some() {
                        votes.entry(a.year).or_default().push(a);
                    }
                }
                let Some((&year, support)) = votes.iter().max_by_key(|(y, v)| (v.len(), **y)) else { continue };
                let Some(start) = Date::new(year, m, day) else { continue };
                let Some(published) = start.add_days(e.days) else { continue };
                let a = support[0];
                let shared: Vec<&str> = a.keys.intersection(&mine).map(String::as_str).collect();
                return Some(DocumentDate {
                    published: Some(published.to_string()),
                    basis: PublishedBasis::Corpus,
                    confidence: if votes.len() == 1 { 0.6 } else { 0.4 },
                    reason: Some(format!(
                        "\"{}\" … \"{}\": the same start as \"{}\" in {} (dated, shared names: {}), so {start} + {} days",
                        e.dur_quote,
                        e.start_quote,
                        a.quote,
                        docs[a.doc].id,
                        shared.join(", "),
                        e.days
                    )),
                    warnings: Vec::new(),
                });
            }
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATED: &str = "Government troops pushed into Tarin on Monday. More than 5,000 people have fled \
        since the Tarin offensive began on March 3, the UN said.";
    const UNDATED: &str = "Rebels struck back against a five-week army offensive on Tarin. \
        The offensive on Tarin that began on March 3 has stalled.";
    const OTHER: &str = "A five-week offensive on Halab has stalled. It began on March 3.";

    #[test]
    fn an_anchor_in_a_dated_article_dates_an_undated_one() {
        let lex = Lexicon::load(None).unwrap();
        let docs = [
            CorpusDoc { id: "a", text: DATED, published: Some("2015-03-20") },
            CorpusDoc { id: "b", text: UNDATED, published: None },
            CorpusDoc { id: "c", text: OTHER, published: None },
        ];
        let out = date_corpus(&lex, &docs);
        assert!(out[0].is_none(), "dated documents are left alone");
        let b = out[1].as_ref().expect("b is dated through a");
        // 2015-03-03 + 35 days
        assert_eq!(b.published.as_deref(), Some("2015-04-07"));
        assert_eq!(b.basis, PublishedBasis::Corpus);
        assert!(b.reason.as_deref().unwrap().contains("tarin"));
        // Same month-day, but no shared name: not the same event.
        assert!(out[2].is_none());
    }
}
