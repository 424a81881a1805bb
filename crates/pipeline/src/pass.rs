//! The cross-article passes over a whole store: what the corpus gives each stored article is
//! found as [`Pipeline::analyze_corpus`] finds it, from every article's notes (its own date,
//! its home-less place readings), and each article whose stored analysis was made with
//! something else is analysed again and replaced.
//!
//! The pass converges: run again, it finds every article at its target and changes nothing.
//! So a pass cut short (a killed run) is finished by the next one, which finds it pending in
//! the store ([`eventwire_store::Store::corpus_pass_pending`]).

use crate::backend::{CorpusAccess, CorpusStore};
use crate::cross::{self, Notes, OutletReadings, Target};
use crate::{Pipeline, Result};
use eventwire_model::{Document, PublishedBasis};
use eventwire_store::{CorpusEntry, Replacement};
use eventwire_time::CorpusDoc;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Largest store for which dating undated articles from the others loads every text. Past
/// it, articles keep the dates they have.
pub const STORE_DATING_MAX_DOCS: usize = 20_000;

/// Articles analysed again, and replaced in one transaction, at a time.
const CHUNK: usize = 200;

/// What a cross-article pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassOutcome {
    /// Stored articles analysed again.
    pub reanalysed: usize,
    /// Of those, articles whose outlet home changed.
    pub homed: usize,
    /// Of those, articles that got a date from other articles (or a different one than before).
    pub dated: usize,
    /// Undated articles left so because the store is larger than [`STORE_DATING_MAX_DOCS`].
    pub left_undated: Option<usize>,
}

/// One stored article as the pass sees it.
struct Entry {
    id: i64,
    key: String,
    outlet: Option<String>,
    url: Option<String>,
    /// Its own date (not one from other articles).
    own_published: Option<String>,
    notes: Notes,
}

impl Entry {
    fn new(e: CorpusEntry, notes: Notes) -> Entry {
        // A date from other articles is not the article's own.
        let own_published = e.published.filter(|_| e.published_basis != PublishedBasis::Corpus);
        Entry { id: e.id, key: e.key, outlet: e.outlet, url: e.url, own_published, notes }
    }
}

pub(crate) fn run<S: CorpusAccess>(p: &Pipeline, store: &S) -> Result<Option<PassOutcome>> {
    let Some(generation) = store.with_corpus(|s| -> Result<_> {
        Ok(if s.corpus_pass_pending()? { Some(s.corpus_generation()?) } else { None })
    })?
    else {
        return Ok(None);
    };
    eventwire_store::crash_point("pass-start");
    let mut out = PassOutcome::default();
    let (entries, dates, seen) = match scoped_entries(store, &mut out)? {
        Some((entries, seen)) => {
            let n = entries.len();
            (entries, vec![None; n], seen)
        }
        None => {
            let entries = entries(store)?;
            let dates = dates(p, store, &entries, &mut out)?;
            let seen = entries.last().map(|e| e.id);
            (entries, dates, seen)
        }
    };
    let homes = cross::outlet_homes(
        entries
            .iter()
            .map(|e| (cross::outlet_key(e.outlet.as_deref(), e.url.as_deref()), e.notes.readings.clone()))
            .collect(),
    );
    eventwire_store::crash_point("pass-dated");
    let mut work: Vec<(usize, Target)> = Vec::new();
    for (i, (home, date)) in homes.into_iter().zip(dates).enumerate() {
        let notes = &entries[i].notes;
        // `None` from dating: keep the date the article has.
        let date = date.unwrap_or_else(|| notes.date.as_ref().map(cross::NotedDate::to_date));
        let target = Target { home, date };
        if !notes.matches(&target) {
            out.homed += (notes.home != target.home.as_ref().map(cross::NotedHome::of)) as usize;
            let new_date = notes.date != target.date.as_ref().map(cross::NotedDate::of);
            out.dated += (new_date && target.date.is_some()) as usize;
            work.push((i, target));
        }
    }
    for chunk in work.chunks(CHUNK) {
        out.reanalysed += reanalyse(p, store, &entries, chunk)?;
        eventwire_store::crash_point("pass-chunk-replaced");
    }
    if store.with_corpus(|s| s.mark_corpus_pass_done(generation))? {
        if let Some(seen) = seen {
            store.with_corpus(|s| s.set_corpus_pass_mark(seen))?;
        }
    }
    Ok(Some(out))
}

/// The entries a pass needs when the last completed pass saw every document up to a mark
/// and no article is to be dated from the others: the articles added since, and every
/// article of the outlets they joined (an outlet's home is found from its own articles
/// only, so the others' homes are as the last pass left them). `None`: read every entry.
/// Also the last document seen.
fn scoped_entries<S: CorpusAccess>(
    store: &S,
    out: &mut PassOutcome,
) -> Result<Option<(Vec<Entry>, Option<i64>)>> {
    let Some(mark) = store.with_corpus(|s| s.corpus_pass_mark())? else { return Ok(None) };
    let (undated, total) = store.with_corpus(|s| s.undated_corpus_entries())?;
    let undated = entries_of(store, undated)?;
    if undated.iter().any(|e| e.own_published.is_none()) {
        if total <= STORE_DATING_MAX_DOCS {
            return Ok(None);
        }
        out.left_undated =
            Some(undated.iter().filter(|e| e.own_published.is_none() && e.notes.date.is_none()).count());
    }
    let near = store.with_corpus(|s| s.corpus_entries_near(mark, &[]))?;
    let mut names: Vec<String> =
        near.iter().filter(|e| e.id > mark).filter_map(|e| e.outlet.clone()).collect();
    names.sort();
    names.dedup();
    let near = store.with_corpus(|s| s.corpus_entries_near(mark, &names))?;
    let key = |e: &CorpusEntry| cross::outlet_key(e.outlet.as_deref(), e.url.as_deref()).map(str::to_string);
    let touched: std::collections::BTreeSet<String> =
        near.iter().filter(|e| e.id > mark).filter_map(key).collect();
    let seen = near.iter().map(|e| e.id).filter(|id| *id > mark).max().unwrap_or(mark);
    let near: Vec<CorpusEntry> =
        near.into_iter().filter(|e| e.id > mark || key(e).is_some_and(|k| touched.contains(&k))).collect();
    Ok(Some((entries_of(store, near)?, Some(seen))))
}

/// The home-less readings of the stored articles of the outlets named `outlets` (and
/// perhaps others), by outlet.
pub(crate) fn outlet_readings<S: CorpusAccess>(store: &S, outlets: &[String]) -> Result<OutletReadings> {
    let mut out = OutletReadings::default();
    let rows = store.with_corpus(|s| s.corpus_entries_near(i64::MAX, outlets))?;
    for e in entries_of(store, rows)? {
        out.add(cross::outlet_key(e.outlet.as_deref(), e.url.as_deref()), e.notes.readings);
    }
    Ok(out)
}

/// Every stored article with its notes (see [`entries_of`]).
fn entries<S: CorpusAccess>(store: &S) -> Result<Vec<Entry>> {
    let rows = store.with_corpus(|s| s.corpus_entries())?;
    entries_of(store, rows)
}

/// Stored articles with their notes. Articles stored without notes (by an older eventwire,
/// or by a caller that stored its own analyses) get notes from their stored analysis, written
/// back once.
fn entries_of<S: CorpusAccess>(store: &S, rows: Vec<CorpusEntry>) -> Result<Vec<Entry>> {
    store.with_corpus(|s| -> Result<_> {
        let mut entries = Vec::with_capacity(rows.len());
        let mut backfill = Vec::new();
        for e in rows {
            let notes = match e.notes.as_deref().map(serde_json::from_str::<Notes>) {
                Some(Ok(n)) => n,
                // Unreadable or missing notes: what the stored analysis says.
                _ => {
                    let Some(stored) = s.stored_analysis(e.id)? else { continue };
                    let n = Notes::from_analysis(&stored);
                    backfill.push((e.id, n.to_json()));
                    n
                }
            };
            entries.push(Entry::new(e, notes));
        }
        for chunk in backfill.chunks(CHUNK) {
            let notes: Vec<(i64, &str)> = chunk.iter().map(|(id, n)| (*id, n.as_str())).collect();
            s.set_notes(&notes)?;
        }
        Ok(entries)
    })
}

/// For each entry: `Some(date or none)` when dating ran, `None` to keep what it has (every
/// article dated, or the store too large to date).
fn dates<S: CorpusAccess>(
    p: &Pipeline,
    store: &S,
    entries: &[Entry],
    out: &mut PassOutcome,
) -> Result<Vec<Option<Option<eventwire_time::DocumentDate>>>> {
    let undated = entries.iter().filter(|e| e.own_published.is_none()).count();
    if undated == 0 {
        return Ok(vec![None; entries.len()]);
    }
    if entries.len() > STORE_DATING_MAX_DOCS {
        out.left_undated =
            Some(entries.iter().filter(|e| e.own_published.is_none() && e.notes.date.is_none()).count());
        return Ok(vec![None; entries.len()]);
    }
    // The normalised texts, as the reader gave them to the analysis.
    let mut texts: Vec<String> = Vec::with_capacity(entries.len());
    store.with_corpus(|s| {
        let mut next = 0;
        s.for_each_text(&mut |id, source| {
            // Entries are in id order too; an article stored meanwhile is not in this pass.
            if entries.get(next).is_some_and(|e| e.id == id) {
                texts.push(eventwire_ingest::normalize(source).0);
                next += 1;
            }
        })
    })?;
    if texts.len() != entries.len() {
        // Stored documents are never removed; should one be, keep the dates as they are.
        return Ok(vec![None; entries.len()]);
    }
    let corpus: Vec<CorpusDoc<'_>> = entries
        .iter()
        .zip(&texts)
        .map(|(e, text)| CorpusDoc { id: &e.key, text, published: e.own_published.as_deref() })
        .collect();
    let dated = cross::corpus_dates(p.analyzer.time(), &corpus).unwrap_or_else(|| vec![None; entries.len()]);
    Ok(dated.into_iter().map(Some).collect())
}

/// Analyse the articles of `chunk` again with their targets (outside the store lock) and
/// replace their stored analyses and notes in one transaction.
fn reanalyse<S: CorpusAccess>(
    p: &Pipeline,
    store: &S,
    entries: &[Entry],
    chunk: &[(usize, Target)],
) -> Result<usize> {
    let docs: Vec<Option<Document>> = store.with_corpus(|s| -> Result<_> {
        let mut docs = Vec::with_capacity(chunk.len());
        for (i, _) in chunk {
            docs.push(s.stored_source(entries[*i].id)?.map(|src| {
                let (text, offsets) = eventwire_ingest::normalize(&src.text);
                Document { id: src.key, path: src.path, source_text: src.text, text, offsets, meta: src.meta }
            }));
        }
        Ok(docs)
    })?;
    let results: Vec<Option<(eventwire_model::Analysis, String)>> = p.install(|| {
        chunk
            .par_iter()
            .zip(docs.par_iter())
            .map(|((i, target), doc)| {
                let doc = doc.as_ref()?;
                // The article's own date stands in for the `--dct` it was first analysed with:
                // a dct is only used when an article has no date of its own, which is exactly
                // when its own date is the dct.
                let dct = entries[*i].own_published.as_deref();
                let a = cross::analyze_to(&p.analyzer, doc, dct, target);
                let notes = Notes::with_target(entries[*i].notes.readings.clone(), target);
                Some((a, notes.to_json()))
            })
            .collect()
    });
    let items: Vec<Replacement<'_>> = chunk
        .iter()
        .zip(&results)
        .filter_map(|((i, _), r)| {
            let (analysis, notes) = r.as_ref()?;
            Some(Replacement { id: entries[*i].id, analysis, notes: Some(notes) })
        })
        .collect();
    store.with_corpus(|s| s.replace_analyses(&items))
}
