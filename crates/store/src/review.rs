//! Coders' review marks on merged events: confirmed, wrong, or merged wrongly, with a note.
//!
//! Merged events are rebuilt whenever the corpus changes, so their ids are not stable. A mark is
//! stored under the first evidence span of the event it was made on — the article's content
//! hash and the span's code-point range, which re-ingesting the same article reproduces — and
//! an event carries every mark stored under any of its spans. Exports and the report leave out
//! events marked wrong.

use crate::{MergedEvent, Result, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a coder decided about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Confirmed,
    /// Not an event (or not this event): left out of exports and the report.
    Wrong,
    /// Reports of different events merged into one.
    MergedWrongly,
}

impl Verdict {
    pub const NAMES: [&'static str; 3] = ["confirmed", "wrong", "merged_wrongly"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "confirmed" => Some(Self::Confirmed),
            "wrong" => Some(Self::Wrong),
            "merged_wrongly" => Some(Self::MergedWrongly),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A review mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Every stored mark, and the content hashes of the documents, to find an event's marks.
#[derive(Debug, Default)]
pub struct ReviewIndex {
    marks: HashMap<String, Review>,
    hashes: HashMap<i64, String>,
}

impl ReviewIndex {
    /// The mark on `e`, if any of its evidence spans carries one.
    pub fn of(&self, e: &MergedEvent) -> Option<&Review> {
        if self.marks.is_empty() {
            return None;
        }
        span_keys(e, &self.hashes).find_map(|k| self.marks.get(&k))
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

impl ReviewIndex {
    /// An index of `marks` (span key → mark) over documents' content hashes (id → hash).
    pub fn new(marks: HashMap<String, Review>, hashes: HashMap<i64, String>) -> Self {
        ReviewIndex { marks, hashes }
    }

    /// The documents some mark is stored under (by their content hash), ascending.
    pub(crate) fn marked_documents(&self) -> Vec<i64> {
        let hashes: std::collections::HashSet<&str> =
            self.marks.keys().filter_map(|k| k.split_once(':').map(|(h, _)| h)).collect();
        let mut docs: Vec<i64> =
            self.hashes.iter().filter(|(_, h)| hashes.contains(h.as_str())).map(|(d, _)| *d).collect();
        docs.sort_unstable();
        docs
    }
}

/// The keys a mark on `e` is stored under: each evidence span's `hash:start:end`, the hash
/// being its document's content hash (`hashes`: document id → hash); the first is where a new
/// mark goes.
pub fn review_span_keys(e: &MergedEvent, hashes: &HashMap<i64, String>) -> Vec<String> {
    span_keys(e, hashes).collect()
}

fn span_keys<'a>(e: &'a MergedEvent, hashes: &'a HashMap<i64, String>) -> impl Iterator<Item = String> + 'a {
    e.sources.iter().flat_map(move |s| {
        let hash = hashes.get(&s.doc);
        s.evidence.iter().filter_map(move |ev| hash.map(|h| format!("{h}:{}:{}", ev.start, ev.end)))
    })
}

impl Store {
    fn doc_hashes(&self) -> Result<HashMap<i64, String>> {
        let mut st = self.conn.prepare("SELECT id, hash FROM documents")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every mark, ready to look events up (cheap when there are none).
    pub fn review_index(&self) -> Result<ReviewIndex> {
        let mut st = self.conn.prepare("SELECT span_key, verdict, note FROM reviews")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
        let mut marks = HashMap::new();
        for row in rows {
            let (key, verdict, note) = row?;
            if let Some(verdict) = Verdict::parse(&verdict) {
                marks.insert(key, Review { verdict, note });
            }
        }
        let hashes = if marks.is_empty() { HashMap::new() } else { self.doc_hashes()? };
        Ok(ReviewIndex { marks, hashes })
    }

    /// Mark merged event `id` (or clear its marks with `None`); `Ok(false)` when there is no
    /// such event. Replaces the marks on any of its spans.
    pub fn set_review(&self, id: i64, review: Option<&Review>) -> Result<bool> {
        let Some(e) = self.event(id)? else { return Ok(false) };
        let hashes = self.doc_hashes()?;
        let keys: Vec<String> = span_keys(&e, &hashes).collect();
        let Some(anchor) = keys.first() else {
            return Err(StoreError::NoEvidence { id });
        };
        let tx = self.conn.unchecked_transaction()?;
        for k in &keys {
            tx.execute("DELETE FROM reviews WHERE span_key = ?1", [k])?;
        }
        if let Some(r) = review {
            tx.execute(
                "INSERT INTO reviews (span_key, verdict, note) VALUES (?1, ?2, ?3)",
                params![anchor, r.verdict.as_str(), r.note],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// The mark on merged event `id`, if any.
    pub fn review(&self, id: i64) -> Result<Option<Review>> {
        let exists: Option<i64> =
            self.conn.query_row("SELECT 1 FROM reviews LIMIT 1", [], |r| r.get(0)).optional()?;
        if exists.is_none() {
            return Ok(None);
        }
        let Some(e) = self.event(id)? else { return Ok(None) };
        Ok(self.review_index()?.of(&e).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventFilter, ExportFormat};

    fn loaded() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        s.add_batch(&crate::tests::corpus()).unwrap();
        s.fuse().unwrap();
        s
    }

    fn exported_ids(s: &Store) -> Vec<i64> {
        let mut out = Vec::new();
        s.export(&EventFilter::default(), ExportFormat::Jsonl, &mut out).unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_i64().unwrap())
            .collect()
    }

    #[test]
    fn a_mark_is_stored_outlives_a_rebuild_and_wrong_events_leave_the_exports() {
        let mut s = loaded();
        let all = exported_ids(&s);
        let id = all[0];
        let quote = s.event(id).unwrap().unwrap().sources[0].evidence[0].quote.clone();
        assert_eq!(s.review(id).unwrap(), None);
        let wrong = Review { verdict: Verdict::Wrong, note: Some("a flood, not shelling".into()) };
        assert!(s.set_review(id, Some(&wrong)).unwrap());
        assert_eq!(s.review(id).unwrap(), Some(wrong.clone()));
        assert!(!exported_ids(&s).contains(&id), "a wrong event is not exported");
        assert_eq!(exported_ids(&s).len(), all.len() - 1);
        let report = s.report(&crate::ReportOptions::default(), crate::ReportFormat::Markdown).unwrap();
        assert!(!report.contains(&quote) || quote.is_empty(), "a wrong event is not reported");

        // Re-ingesting the same articles and rebuilding the merged events keeps the mark on
        // the event with the same evidence.
        s.add_batch(&crate::tests::corpus()).unwrap();
        s.conn.execute("DELETE FROM merged", []).unwrap();
        s.fuse_all().unwrap();
        let index = s.review_index().unwrap();
        let mut marked = Vec::new();
        s.for_each_event(&EventFilter::default(), |e| {
            if let Some(r) = index.of(&e) {
                marked.push((e.id, e.sources[0].evidence[0].quote.clone(), r.clone()));
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(marked.len(), 1, "{marked:?}");
        let (now, q, r) = marked.remove(0);
        assert_eq!((q, r), (quote, wrong));

        // Another verdict replaces it; None clears it.
        let ok = Review { verdict: Verdict::Confirmed, note: None };
        assert!(s.set_review(now, Some(&ok)).unwrap());
        assert_eq!(s.review(now).unwrap(), Some(ok));
        let rows =
            |s: &Store| s.conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(rows(&s), 1);
        assert!(s.set_review(now, None).unwrap());
        assert_eq!(rows(&s), 0);
        assert!(!s.set_review(999_999, None).unwrap(), "no such event");
    }
}
