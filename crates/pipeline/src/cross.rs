//! The cross-article passes, shared by the in-memory and the store paths so that an article
//! gets the same result whichever way it came in.
//!
//! An article's final analysis is a function of its text and two things the corpus gives it:
//! - its **outlet home** ([`eventwire_places::home`]): found from the local place readings of
//!   the outlet's *other* articles, each read without a home;
//! - its **date from other articles** ([`eventwire_time::TimeTagger::date_corpus`]), when it
//!   has none of its own: found from the articles' own dates.
//!
//! Neither depends on the other (a home changes places, never the article's own date), so
//! both are found from the first, home-less analyses, and an article that gets either is
//! analysed once more with both ([`analyze_to`]). In memory that is one step; the store path
//! gives the last batch of a run its homes as it is added (a run of one batch is then
//! analysed once more, not twice) and settles the rest, dates included, in its pass over the
//! store.

use eventwire_analyze::Analyzer;
use eventwire_model::{Analysis, Document, OutletHome, PlaceMention, PublishedBasis};
use eventwire_places::home;
use eventwire_time::{CorpusDoc, DocumentDate, TimeTagger};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One local place reading: micro-degrees of latitude and longitude, country code
/// ([`home::local_readings`]).
pub(crate) type Reading = (i64, i64, [u8; 2]);

/// What the corpus gives one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Target {
    pub home: Option<OutletHome>,
    /// A date from other articles, for an article without one of its own.
    pub date: Option<DocumentDate>,
}

impl Target {
    pub fn is_none(&self) -> bool {
        self.home.is_none() && self.date.is_none()
    }
}

/// The local readings of an article's places, as read without an outlet home.
pub(crate) fn readings(places: &[PlaceMention]) -> Vec<Reading> {
    home::local_readings(places)
}

/// The key an article is grouped under for outlet homes.
pub(crate) fn outlet_key<'a>(outlet: Option<&'a str>, url: Option<&'a str>) -> Option<&'a str> {
    home::outlet_key(outlet, url)
}

/// For each article (outlet key, home-less readings): the home its outlet's other articles give.
pub(crate) fn outlet_homes(articles: Vec<(Option<&str>, Vec<Reading>)>) -> Vec<Option<OutletHome>> {
    home::outlet_homes(&articles)
}

/// The home-less readings of stored articles by outlet, so that a batch's articles can be
/// analysed with the homes the whole store gives them as they are added (the pass over the
/// store then finds them at their target, unless later articles change it).
#[derive(Debug, Default)]
pub(crate) struct OutletReadings(BTreeMap<String, Vec<Vec<Reading>>>);

impl OutletReadings {
    pub fn add(&mut self, outlet: Option<&str>, readings: Vec<Reading>) {
        if let Some(o) = outlet {
            self.0.entry(o.to_string()).or_default().push(readings);
        }
    }

    /// The homes of `batch` (outlet key, home-less readings), given the stored articles too.
    pub fn homes(&self, batch: &[(Option<&str>, Vec<Reading>)]) -> Vec<Option<OutletHome>> {
        let outlets: BTreeSet<&str> = batch.iter().filter_map(|(o, _)| *o).collect();
        let mut articles: Vec<(Option<&str>, Vec<Reading>)> = Vec::new();
        for o in outlets {
            for r in self.0.get(o).into_iter().flatten() {
                articles.push((Some(o), r.clone()));
            }
        }
        let stored = articles.len();
        articles.extend(batch.iter().cloned());
        home::outlet_homes_from(&articles, stored)
    }
}

/// For each article: a date from the other articles when it has no date of its own
/// (`CorpusDoc::published` is the article's own date). `None` when every article is dated:
/// there is nothing to do.
pub(crate) fn corpus_dates(time: &TimeTagger, docs: &[CorpusDoc<'_>]) -> Option<Vec<Option<DocumentDate>>> {
    if docs.iter().all(|d| d.published.is_some()) {
        return None;
    }
    let dated = time.date_corpus(docs);
    Some(dated.into_iter().map(|d| d.filter(|d| d.published.is_some())).collect())
}

/// Analyse `doc` with what the corpus gives it. `dct` as in [`Analyzer::analyze`].
pub(crate) fn analyze_to(
    analyzer: &Analyzer,
    doc: &Document,
    dct: Option<&str>,
    target: &Target,
) -> Analysis {
    match &target.date {
        Some(date) => analyzer.reanalyze_with_date(doc, date.clone(), target.home.as_ref()),
        None => analyzer.analyze_at_home(doc, dct, target.home.as_ref()),
    }
}

/// A date from other articles as noted in the store (its basis is always `corpus`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NotedDate {
    pub published: Option<String>,
    pub confidence: f32,
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl NotedDate {
    pub fn of(d: &DocumentDate) -> NotedDate {
        NotedDate {
            published: d.published.clone(),
            confidence: d.confidence,
            reason: d.reason.clone(),
            warnings: d.warnings.clone(),
        }
    }

    pub fn to_date(&self) -> DocumentDate {
        DocumentDate {
            published: self.published.clone(),
            basis: PublishedBasis::Corpus,
            confidence: self.confidence,
            reason: self.reason.clone(),
            warnings: self.warnings.clone(),
        }
    }
}

/// An outlet home as noted in the store. Coordinates are kept as the shortest text that reads
/// back to the same `f64` and compared as text: JSON numbers may not read back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NotedHome {
    pub lat: String,
    pub lon: String,
    pub country_code: String,
    pub readings: u32,
    pub articles: u32,
}

impl NotedHome {
    pub fn of(h: &OutletHome) -> NotedHome {
        NotedHome {
            lat: h.lat.to_string(),
            lon: h.lon.to_string(),
            country_code: h.country_code.clone(),
            readings: h.readings,
            articles: h.articles,
        }
    }
}

/// What the pipeline notes in the store about each article it stores (JSON in the store's
/// notes): what its cross-article passes need without reading the article again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Notes {
    /// Local readings of its places as read without an outlet home.
    pub readings: Vec<Reading>,
    /// The outlet home its stored analysis was made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<NotedHome>,
    /// The date from other articles its stored analysis was made with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NotedDate>,
}

impl Notes {
    /// Notes of an article analysed with `home` (its readings come from its home-less
    /// analysis) and no date from other articles.
    pub fn with_home(readings: Vec<Reading>, home: Option<&OutletHome>) -> Notes {
        Notes { readings, home: home.map(NotedHome::of), date: None }
    }

    /// Notes of an article analysed with `target` (its readings from its home-less analysis).
    pub fn with_target(readings: Vec<Reading>, target: &Target) -> Notes {
        Notes {
            readings,
            home: target.home.as_ref().map(NotedHome::of),
            date: target.date.as_ref().map(NotedDate::of),
        }
    }

    /// Notes of a stored analysis that was not noted when stored (an older eventwire, or a
    /// caller that stored analyses itself): what it holds, its places as the readings.
    pub fn from_analysis(a: &Analysis) -> Notes {
        let d = &a.doc;
        let date = (d.published_basis == PublishedBasis::Corpus).then(|| NotedDate {
            published: d.published.clone(),
            confidence: d.published_confidence,
            reason: d.published_reason.clone(),
            warnings: Vec::new(),
        });
        Notes { readings: readings(&a.places), home: d.outlet_home.as_ref().map(NotedHome::of), date }
    }

    /// Whether the stored analysis was made with `target`.
    pub fn matches(&self, target: &Target) -> bool {
        self.home == target.home.as_ref().map(NotedHome::of)
            && self.date == target.date.as_ref().map(NotedDate::of)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_round_trip_and_match_their_target() {
        // A mean that JSON numbers need not read back exactly.
        let home = OutletHome {
            lat: 36.73918636363637,
            lon: 43.2,
            country_code: "IQ".into(),
            readings: 5,
            articles: 3,
        };
        let date = DocumentDate {
            published: Some("2015-04-07".into()),
            basis: PublishedBasis::Corpus,
            confidence: 0.6,
            reason: Some("the same start".into()),
            warnings: Vec::new(),
        };
        let target = Target { home: Some(home.clone()), date: Some(date.clone()) };
        let notes = Notes::with_target(vec![(36_100_000, 43_200_000, *b"IQ")], &target);
        let back: Notes = serde_json::from_str(&notes.to_json()).unwrap();
        assert_eq!(back, notes);
        assert!(back.matches(&target));
        assert!(!back.matches(&Target { home: target.home.clone(), date: None }));
        assert!(!back.matches(&Target::default()));
        assert!(Notes::default().matches(&Target::default()));
    }
}
