//! Publication dates of the seed articles (../shared/examples/seeds), decided from their text
//! alone; skipped when the seeds are absent.

use eventwire_model::{Document, PublishedBasis};
use eventwire_time::{CorpusDoc, DocumentDate, TimeTagger};

/// The seeds read, or `None` (`test` says that it skipped) when they are absent.
fn load(test: &str) -> Option<Vec<Document>> {
    let files = eventwire_test_support::seed_files(test)?;
    let ingest = eventwire_ingest::Ingest::load(None).expect("ingest data");
    let docs = files
        .iter()
        .map(|f| ingest.read(f.to_str().unwrap()).next().expect("one document").expect("readable"))
        .collect();
    Some(docs)
}

fn days_between(a: &str, b: &str) -> i64 {
    let (a, b) = (eventwire_time::Date::parse(a).unwrap(), eventwire_time::Date::parse(b).unwrap());
    (a.to_days() - b.to_days()).abs()
}

/// Date every seed as `eventwire analyze` would: each alone, then the undated ones from the
/// dated ones.
fn date_all(docs: &[Document]) -> Vec<DocumentDate> {
    let tagger = TimeTagger::load(None).unwrap();
    let mut dates: Vec<DocumentDate> = docs.iter().map(|d| tagger.date_unsegmented(d)).collect();
    let entries: Vec<CorpusDoc<'_>> = docs
        .iter()
        .zip(&dates)
        .map(|(d, r)| CorpusDoc { id: &d.id, text: &d.text, published: r.published.as_deref() })
        .collect();
    let from_corpus = tagger.date_corpus(&entries);
    for (r, c) in dates.iter_mut().zip(from_corpus) {
        if let Some(c) = c {
            *r = c;
        }
    }
    dates
}

#[test]
fn seed_publication_dates() {
    let Some(docs) = load("seed_publication_dates") else { return };
    assert_eq!(docs.len(), 5, "five seeds");
    let dates = date_all(&docs);
    for (d, r) in docs.iter().zip(&dates) {
        eprintln!("{}: {:?} {:?} {:?} {:?}", d.id, r.published, r.basis, r.reason, r.warnings);
    }
    // 000: the header "2016-07-11" is year-day-month; the text's elapsed time says so.
    assert_eq!(dates[0].published.as_deref(), Some("2016-11-07"));
    assert_eq!(dates[0].basis, PublishedBasis::Header);
    let w = dates[0].warnings.join(" ");
    assert!(w.contains("October 17") && w.contains("three-week"), "warning cites the evidence: {w}");
    // 001: no usable header (only a misleading copyright year): the content dates it.
    assert_eq!(dates[1].published.as_deref(), Some("2017-06-30"));
    assert_eq!(dates[1].basis, PublishedBasis::Content);
    // 002: the byline, not the page date above the headline.
    assert_eq!(dates[2].published.as_deref(), Some("2017-06-29"));
    assert_eq!(dates[2].basis, PublishedBasis::Byline);
    // 003: no year anywhere.
    assert_eq!(dates[3].published, None);
    assert_eq!(dates[3].basis, PublishedBasis::Unknown);
    // 004: no year, but the same Mosul offensive start as 000.
    let p = dates[4].published.as_deref().expect("004 dated through the corpus");
    assert!(days_between(p, "2016-12-04") <= 1, "004 published {p}");
    assert_eq!(dates[4].basis, PublishedBasis::Corpus);
}

#[test]
fn seed_004_alone_stays_undated() {
    let Some(docs) = load("seed_004_alone_stays_undated") else { return };
    let tagger = TimeTagger::load(None).unwrap();
    let r = tagger.date_unsegmented(&docs[4]);
    assert_eq!(r.published, None, "no year in 004 itself: {:?}", r.reason);
}
