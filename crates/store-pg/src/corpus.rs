//! What the corpus pipeline's cross-article passes read and write back (as
//! `eventwire-store`'s `corpus.rs` gives them in SQLite): each analysed document's header and
//! notes, the texts, the reader's document, and the generation counter that says whether a
//! pass is pending. Documents still waiting for a worker are not part of the corpus yet.

use crate::{from_plain, PgStore, Result};
use eventwire_model::{Analysis, Metadata};
use eventwire_store::{CorpusEntry, StoredSource};

impl PgStore {
    /// How many times analysed documents were added (see `eventwire_store::Store::corpus_generation`).
    pub fn corpus_generation(&mut self) -> Result<u64> {
        self.meta_number("generation")
    }

    /// True when documents were analysed since the last completed cross-article pass.
    pub fn corpus_pass_pending(&mut self) -> Result<bool> {
        Ok(self.corpus_generation()? != self.meta_number("corpus_pass")?)
    }

    /// Record that a pass that started at `generation` completed; false (nothing recorded)
    /// when documents were added meanwhile.
    pub fn mark_corpus_pass_done(&mut self, generation: u64) -> Result<bool> {
        let mut tx = crate::write::write_transaction(self.client.get_mut())?;
        let now = tx
            .query_opt("SELECT value FROM meta WHERE key = 'generation'", &[])?
            .and_then(|r| r.get::<_, String>(0).parse::<u64>().ok())
            .unwrap_or(0);
        if now != generation {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('corpus_pass', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1",
            &[&generation.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Every analysed document's [`CorpusEntry`], in id order.
    pub fn corpus_entries(&mut self) -> Result<Vec<CorpusEntry>> {
        let rows = self.client.get_mut().query(
            "SELECT d.id, d.doc_key, d.outlet, d.url, d.published, d.published_basis, n.notes
             FROM documents d LEFT JOIN doc_notes n ON n.doc = d.id
             WHERE d.analysis IS NOT NULL ORDER BY d.id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| CorpusEntry {
                id: r.get(0),
                key: r.get(1),
                outlet: r.get(2),
                url: r.get(3),
                published: r.get(4),
                published_basis: r
                    .get::<_, Option<String>>(5)
                    .as_deref()
                    .and_then(from_plain)
                    .unwrap_or_default(),
                notes: r.get(6),
            })
            .collect())
    }

    /// Every analysed document as `(id, source text)`, in id order.
    pub fn texts(&mut self) -> Result<Vec<(i64, String)>> {
        let rows = self
            .client
            .get_mut()
            .query("SELECT id, text FROM documents WHERE analysis IS NOT NULL ORDER BY id", &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The reader's document of a stored article, to analyse it (again).
    pub fn stored_source(&mut self, id: i64) -> Result<Option<StoredSource>> {
        let Some(r) = self
            .client
            .get_mut()
            .query_opt("SELECT doc_key, path, text, meta FROM documents WHERE id = $1", &[&id])?
        else {
            return Ok(None);
        };
        let meta: Option<String> = r.get(3);
        let meta = match meta {
            Some(j) => serde_json::from_str(&j)?,
            None => Metadata::default(),
        };
        Ok(Some(StoredSource { key: r.get(0), path: r.get(1), text: r.get(2), meta }))
    }

    /// The stored analysis of a document, if it has one.
    pub fn analysis(&mut self, id: i64) -> Result<Option<Analysis>> {
        let row = self.client.get_mut().query_opt("SELECT analysis FROM documents WHERE id = $1", &[&id])?;
        match row.and_then(|r| r.get::<_, Option<String>>(0)) {
            Some(j) => Ok(Some(serde_json::from_str(&j)?)),
            None => Ok(None),
        }
    }

    /// True when merged events reflect every analysed document.
    pub fn is_fused(&mut self) -> Result<bool> {
        let row = self.client.get_mut().query_opt("SELECT value FROM meta WHERE key = 'fused'", &[])?;
        Ok(row.map(|r| r.get::<_, String>(0)).as_deref() != Some("0"))
    }
}
