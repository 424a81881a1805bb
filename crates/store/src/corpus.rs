//! What a corpus pipeline reads and writes back for its cross-article passes (outlet homes,
//! corpus dating): each document's header and notes, the texts, the reader's document, and
//! the generation counter that records whether a pass is pending.
//!
//! Every batch that adds a document moves the generation on in its own transaction; a pass
//! that completes records the generation it started from. A pass is pending while the two
//! differ, so a run killed before or during a pass leaves it pending for the next run.

use crate::{Result, Store};
use eventwire_model::{Metadata, PublishedBasis};
use rusqlite::{params, OptionalExtension};

/// One stored document as a cross-article pass sees it: no text, no analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusEntry {
    pub id: i64,
    /// The ingest id (JSONL `id` or path).
    pub key: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The publication date of its current analysis, and how it was found.
    pub published: Option<String>,
    pub published_basis: PublishedBasis,
    /// The notes stored with it (see [`crate::NewDocument`]), when any.
    pub notes: Option<String>,
}

/// A stored article as the reader gave it: what analysing it again starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSource {
    pub key: String,
    pub path: Option<String>,
    /// The text as the user gave it (before normalisation).
    pub text: String,
    /// The reader's metadata (default for documents stored before schema version 2).
    pub meta: Metadata,
}

impl Store {
    fn meta_number(&self, key: &str) -> Result<u64> {
        let v: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// The corpus generation: how many batches have added documents (see the module docs).
    pub fn corpus_generation(&self) -> Result<u64> {
        self.meta_number("generation")
    }

    /// True when documents were added since the last completed cross-article pass.
    pub fn corpus_pass_pending(&self) -> Result<bool> {
        Ok(self.corpus_generation()? != self.meta_number("corpus_pass")?)
    }

    /// Record that a cross-article pass that started at `generation` completed. Returns
    /// false, recording nothing, when documents were added meanwhile (the pass stays pending).
    pub fn mark_corpus_pass_done(&mut self, generation: u64) -> Result<bool> {
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        let now: u64 = {
            let v: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0))
                .optional()?;
            v.and_then(|v| v.parse().ok()).unwrap_or(0)
        };
        if now != generation {
            return Ok(false);
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('corpus_pass', ?1)",
            params![generation.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The last document the last completed cross-article pass saw, when recorded
    /// ([`Store::set_corpus_pass_mark`]): documents after it are new to the passes.
    pub fn corpus_pass_mark(&self) -> Result<Option<i64>> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'corpus_pass_doc'", [], |r| r.get(0))
            .optional()?;
        Ok(v.and_then(|v| v.parse().ok()))
    }

    /// Record that a completed pass saw every document up to `doc`; `None` forgets it (the
    /// next pass reads every document).
    pub fn set_corpus_pass_mark(&mut self, doc: Option<i64>) -> Result<()> {
        match doc {
            Some(doc) => self.conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('corpus_pass_doc', ?1)",
                [doc.to_string()],
            )?,
            None => self.conn.execute("DELETE FROM meta WHERE key = 'corpus_pass_doc'", [])?,
        };
        Ok(())
    }

    /// Visit every document's [`CorpusEntry`], in id order.
    pub fn for_each_corpus_entry(&self, each: impl FnMut(CorpusEntry) -> Result<()>) -> Result<()> {
        self.corpus_entries_where("", [], each)
    }

    /// The [`CorpusEntry`] of every document after `after`, of an outlet named in `outlets`,
    /// or with no outlet name (grouped by its URL's host), in id order.
    pub fn corpus_entries_near(&self, after: i64, outlets: &[String]) -> Result<Vec<CorpusEntry>> {
        let names = serde_json::to_string(outlets)?;
        let mut out = Vec::new();
        self.corpus_entries_where(
            "WHERE d.id > ?1 OR d.outlet IN (SELECT value FROM json_each(?2)) OR d.outlet IS NULL
                OR trim(d.outlet) = ''",
            rusqlite::params![after, names],
            |e| {
                out.push(e);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// The [`CorpusEntry`] of every document without a date of its own (none, or one from
    /// other articles), in id order, and how many documents are stored.
    pub fn undated_corpus_entries(&self) -> Result<(Vec<CorpusEntry>, usize)> {
        let mut out = Vec::new();
        self.corpus_entries_where("WHERE d.published IS NULL OR d.published_basis = 'corpus'", [], |e| {
            out.push(e);
            Ok(())
        })?;
        let n: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok((out, n as usize))
    }

    fn corpus_entries_where(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
        mut each: impl FnMut(CorpusEntry) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare(&format!(
            "SELECT d.id, d.doc_key, d.outlet, d.url, d.published, d.published_basis, n.notes
             FROM documents d LEFT JOIN doc_notes n ON n.doc = d.id {filter} ORDER BY d.id"
        ))?;
        let mut rows = st.query(args)?;
        while let Some(r) = rows.next()? {
            let basis: Option<String> = r.get(5)?;
            each(CorpusEntry {
                id: r.get(0)?,
                key: r.get(1)?,
                outlet: r.get(2)?,
                url: r.get(3)?,
                published: r.get(4)?,
                published_basis: basis.as_deref().and_then(crate::query::from_plain).unwrap_or_default(),
                notes: r.get(6)?,
            })?;
        }
        Ok(())
    }

    /// Visit every document as `(id, key, source text, published)`, in id order, for
    /// corpus-wide passes such as cross-article dating.
    pub fn for_each_text(
        &self,
        mut each: impl FnMut(i64, &str, &str, Option<&str>) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare("SELECT id, doc_key, text, published FROM documents ORDER BY id")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (id, key, text, published): (i64, String, String, Option<String>) =
                (r.get(0)?, r.get(1)?, crate::packed::text_of(r.get_ref(2)?)?, r.get(3)?);
            each(id, &key, &text, published.as_deref())?;
        }
        Ok(())
    }

    /// Set the notes of stored documents (see [`crate::NewDocument`]), in one transaction.
    pub fn set_notes(&mut self, items: &[(i64, &str)]) -> Result<()> {
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        for (id, notes) in items {
            crate::ingest::set_notes(&tx, *id, notes)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The reader's document of a stored article, to analyse it again.
    pub fn stored_source(&self, id: i64) -> Result<Option<StoredSource>> {
        let row = self
            .conn
            .query_row("SELECT doc_key, path, text, meta FROM documents WHERE id = ?1", [id], |r| {
                let text = crate::packed::text_of(r.get_ref(2)?);
                let meta = match (r.get_ref(3)?, &text) {
                    (rusqlite::types::ValueRef::Null, _) => None,
                    (v, Ok(text)) => Some(crate::packed::json_of(crate::packed::Kind::Meta, text, v)),
                    (_, Err(_)) => None,
                };
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, text, meta))
            })
            .optional()?;
        let Some((key, path, text, meta)) = row else { return Ok(None) };
        let text = text?;
        let meta = match meta {
            Some(json) => {
                let json: Vec<u8> = json?;
                serde_json::from_slice(&json)?
            }
            None => Metadata::default(),
        };
        Ok(Some(StoredSource { key, path, text, meta }))
    }
}
