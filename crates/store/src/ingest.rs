//! Adding documents: idempotent by content hash, one transaction per batch, near-duplicates
//! linked to their original on the way in.

use crate::packed::{self, Kind};
use crate::{Result, Store};
use eventwire_fuse::dedup::{is_near_duplicate, Signature};
use eventwire_fuse::{claims, merge, PlaceRef};
use eventwire_model::{Analysis, Document, Event, Figure, PlaceMention};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub added: usize,
    /// Already stored (same normalised text).
    pub skipped: usize,
    /// Added and linked to an original as a copy or rewrite.
    pub duplicates: usize,
    /// One per item, in order.
    pub items: Vec<ItemOutcome>,
}

/// What became of one document of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    /// Its store id (the stored one's when it was already stored).
    pub id: i64,
    pub status: ItemStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Added,
    /// Added, and linked to an original as a copy or rewrite.
    Duplicate,
    /// The same normalised text was stored already; nothing changed.
    AlreadyStored,
}

/// A document to add: the reader's document, its analysis, and the notes a corpus pipeline
/// keeps about it for its cross-article passes (opaque to the store; see
/// [`Store::for_each_corpus_entry`]).
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    pub document: &'a Document,
    pub analysis: &'a Analysis,
    pub notes: Option<&'a str>,
}

/// A new analysis for a stored document, with the notes that go with it.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub id: i64,
    pub analysis: &'a Analysis,
    pub notes: Option<&'a str>,
}

/// What adding a document computes from the document and its analysis alone: the content
/// hash, the near-copy signature and the deflated text, analysis (without what its events'
/// rows hold, analysis_form.rs) and reader metadata. Made
/// beforehand on the analysis threads ([`Store::add_prepared`]), it keeps the writing thread
/// to SQL.
pub struct Prepared {
    hash: String,
    sig: Signature,
    text: Vec<u8>,
    analysis: Vec<u8>,
    meta: Vec<u8>,
}

impl Prepared {
    pub fn new(document: &Document, analysis: &Analysis) -> Result<Prepared> {
        Ok(Prepared {
            hash: content_hash(&document.text),
            sig: Signature::of_text(&document.text),
            text: packed::pack_text(&document.source_text)?,
            analysis: crate::analysis_form::pack(analysis, &document.source_text)?,
            meta: packed::deflate(Kind::Meta, &document.source_text, &serde_json::to_vec(&document.meta)?)?,
        })
    }
}

/// SHA-256 (64 hex digits) of the normalised text: the document's identity in the store. A
/// collision-resistant hash, so a new text is never taken for a stored one.
pub fn content_hash(text: &str) -> String {
    crate::sha256::sha256_hex(text.as_bytes())
}

/// The 128-bit non-cryptographic hash (32 hex digits) that stores written before SHA-256 keep
/// for their documents: such a document is found by it, and takes the SHA-256 key when met.
pub(crate) fn legacy_hash(text: &str) -> String {
    let mut a = 0xcbf2_9ce4_8422_2325u64;
    let mut b = 0x6c62_272e_07bb_0142u64 ^ text.len() as u64;
    for chunk in text.as_bytes().chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        let v = u64::from_le_bytes(w);
        a = (a ^ v).wrapping_mul(0x0100_0000_01b3).rotate_left(23);
        b = mix(b ^ v);
    }
    format!("{:016x}{:016x}", mix(a ^ b.rotate_left(17)), mix(b ^ a))
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(crate) fn to_plain<T: Serialize>(v: &T) -> String {
    // Unit enum variants serialise to a JSON string; strip the quotes.
    serde_json::to_string(v).unwrap_or_default().trim_matches('"').to_string()
}

pub(crate) fn place_ref(p: &PlaceMention) -> PlaceRef {
    PlaceRef {
        key: PlaceRef::key_for(p.geonames_id, &p.name),
        name: p.name.clone(),
        lat: p.lat,
        lon: p.lon,
        precision: p.precision,
        country_code: p.country_code.clone(),
        country: p.country.clone(),
        admin1: p.admin1.clone(),
        geonames_id: p.geonames_id,
    }
}

/// Up to five words after `end`, stopping at punctuation or a line break.
fn words_after(chars: &[char], end: usize) -> String {
    let mut out = String::new();
    let mut words = 0;
    for &c in chars.iter().skip(end).take(80) {
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '(' | ')' | '"' | '“' | '”') {
            break;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                words += 1;
                if words == 5 {
                    break;
                }
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// The place a figure is about: one inside its quote, else the nearest one in the same
/// sentence, else the nearest one before it in the same paragraph (within 300 characters).
fn figure_place(a: &Analysis, chars: &[char], breaks: &[usize], start: usize, end: usize) -> Option<String> {
    let paragraph = |pos: usize| breaks.partition_point(|&b| b <= pos);
    let specific = |p: &&PlaceMention| p.kind != "country" && p.kind != "demonym";
    if let Some(p) = a.places.iter().filter(specific).find(|p| p.start >= start && p.end <= end) {
        return Some(p.name.clone());
    }
    // A sentence ends at . ! ? followed by whitespace, or at a line break.
    let ends_sentence = |from: usize, to: usize| {
        let to = to.min(chars.len());
        (from..to).any(|i| {
            chars[i] == '\n'
                || (matches!(chars[i], '.' | '!' | '?') && chars.get(i + 1).is_none_or(|c| c.is_whitespace()))
        })
    };
    let same_sentence = a
        .places
        .iter()
        .filter(specific)
        .filter(|p| {
            if p.end <= start {
                start - p.end <= 300 && !ends_sentence(p.end, start)
            } else {
                p.start >= end && p.start - end <= 200 && !ends_sentence(end, p.start)
            }
        })
        .min_by_key(|p| if p.end <= start { start - p.end } else { p.start - end });
    if let Some(p) = same_sentence {
        return Some(p.name.clone());
    }
    a.places
        .iter()
        .filter(specific)
        .filter(|p| p.end <= start && start - p.end <= 300 && paragraph(p.end) == paragraph(start))
        .max_by_key(|p| p.end)
        .map(|p| p.name.clone())
}

impl Store {
    /// True when a document with this normalised text is stored.
    pub fn contains(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM documents WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Replace the analyses of stored documents (e.g. after a cross-article pass), in one
    /// transaction: their events, figures, places and actors are rewritten, their notes set
    /// when given; merged events become stale. Ids that are not stored are left out.
    pub fn replace_analyses(&mut self, items: &[Replacement<'_>]) -> Result<usize> {
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        let mut n = 0;
        for r in items {
            let stored = tx
                .query_row(&stored_analysis_sql(), [r.id], |row| {
                    let source = packed::text_of(row.get_ref(0)?);
                    Ok(source.and_then(|s| {
                        let before = crate::analysis_form::without_events(row.get_ref(1)?, &s)?;
                        Ok((s, before))
                    }))
                })
                .optional()?;
            let Some((source, before)) = stored.transpose()? else { continue };
            for table in ["events", "figures"] {
                tx.execute(&format!("DELETE FROM {table} WHERE doc = ?1"), [r.id])?;
            }
            delete_names(&tx, r.id, &before)?;
            let a = r.analysis;
            tx.execute(
                "UPDATE documents SET published = ?1, published_basis = ?2, analysis = x'' WHERE id = ?3",
                params![a.doc.published, to_plain(&a.doc.published_basis), r.id],
            )?;
            crate::analysis_form::set(&tx, r.id, &crate::analysis_form::pack(a, &source)?)?;
            insert_derived(&tx, r.id, &source, a)?;
            if let Some(notes) = r.notes {
                set_notes(&tx, r.id, notes)?;
            }
            n += 1;
        }
        if n > 0 {
            tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fused', '0')", [])?;
        }
        crate::crash_point("store-replace-uncommitted");
        tx.commit()?;
        Ok(n)
    }

    /// Add documents with their analyses in one transaction (see [`Store::add_documents`]).
    pub fn add_batch(&mut self, items: &[(Document, Analysis)]) -> Result<BatchOutcome> {
        let items: Vec<NewDocument<'_>> = items
            .iter()
            .map(|(document, analysis)| NewDocument { document, analysis, notes: None })
            .collect();
        self.add_documents(&items)
    }

    /// Add documents in one transaction. Documents already stored are skipped. When any is
    /// added, the merged events become stale (run [`Store::fuse`] after the last batch) and
    /// the corpus generation moves on, in the same transaction: cross-article passes are
    /// pending until [`Store::mark_corpus_pass_done`] (a killed run leaves them pending).
    pub fn add_documents(&mut self, items: &[NewDocument<'_>]) -> Result<BatchOutcome> {
        self.add_prepared(items, &[])
    }

    /// [`Store::add_documents`], with what each item's row needs computed beforehand
    /// (`prepared[i]` for `items[i]`; items past its end are prepared here).
    pub fn add_prepared(&mut self, items: &[NewDocument<'_>], prepared: &[Prepared]) -> Result<BatchOutcome> {
        self.conn.pragma_update(None, "cache_size", -crate::WRITER_CACHE_KB)?;
        let tx = crate::schema::write_transaction(&mut self.conn)?;
        let mut out = BatchOutcome::default();
        for (k, item) in items.iter().enumerate() {
            let (id, status) = add_one(&tx, item.document, item.analysis, prepared.get(k))?;
            match status {
                ItemStatus::AlreadyStored => out.skipped += 1,
                ItemStatus::Added | ItemStatus::Duplicate => {
                    out.added += 1;
                    out.duplicates += (status == ItemStatus::Duplicate) as usize;
                    if let Some(notes) = item.notes {
                        set_notes(&tx, id, notes)?;
                    }
                }
            }
            out.items.push(ItemOutcome { id, status });
        }
        if out.added > 0 {
            tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fused', '0')", [])?;
            crate::schema::bump_generation(&tx)?;
        }
        crate::crash_point("store-add-uncommitted");
        tx.commit()?;
        Ok(out)
    }
}

pub(crate) fn set_notes(tx: &Transaction, id: i64, notes: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO doc_notes(doc, notes) VALUES (?1, ?2)")?
        .execute(params![id, notes])?;
    Ok(())
}

/// Insert one document unless its text is stored: its id and what happened.
fn add_one(
    tx: &Transaction,
    doc: &Document,
    a: &Analysis,
    prepared: Option<&Prepared>,
) -> Result<(i64, ItemStatus)> {
    let hash = prepared.map_or_else(|| content_hash(&doc.text), |p| p.hash.clone());
    let find = |h: &str| {
        tx.prepare_cached("SELECT id FROM documents WHERE hash = ?1")?.query_row([h], |r| r.get(0)).optional()
    };
    if let Some(id) = find(&hash)? {
        return Ok((id, ItemStatus::AlreadyStored));
    }
    if let Some(id) = find(&legacy_hash(&doc.text))? {
        tx.execute("UPDATE documents SET hash = ?1 WHERE id = ?2", params![hash, id])?;
        return Ok((id, ItemStatus::AlreadyStored));
    }
    let owned;
    let prepared = match prepared {
        Some(p) => p,
        None => {
            owned = Prepared::new(doc, a)?;
            &owned
        }
    };
    let sig = &prepared.sig;
    let bands = sig.bands();

    // Near-duplicate candidates through the LSH bands; keep the most similar.
    let mut best: Option<(f32, i64)> = None;
    {
        // Only the most recent documents of a bucket: boilerplate makes some buckets grow
        // with the corpus, and copies arrive close to their original. Keeps ingest linear.
        let mut q = tx.prepare_cached(
            "SELECT doc FROM doc_bands WHERE band = ?1 AND hash = ?2 ORDER BY doc DESC LIMIT 32",
        )?;
        let mut get = tx.prepare_cached("SELECT sig FROM doc_sigs WHERE doc = ?1")?;
        let mut seen = std::collections::BTreeSet::new();
        for (band, h) in &bands {
            let rows: Vec<i64> = q.query_map(params![band, h], |r| r.get(0))?.collect::<Result<_, _>>()?;
            for d in rows {
                if !seen.insert(d) {
                    continue;
                }
                let bytes: Option<Vec<u8>> = get.query_row([d], |r| r.get(0))?;
                if let Some(other) = bytes.as_deref().and_then(Signature::from_bytes) {
                    if is_near_duplicate(sig, &other) {
                        let s = sig.similarity(&other);
                        if best.is_none_or(|(bs, bd)| s > bs || (s == bs && d < bd)) {
                            best = Some((s, d));
                        }
                    }
                }
            }
        }
    }
    let original: Option<(i64, f32)> = match best {
        Some((s, d)) => {
            let root: i64 = tx
                .prepare_cached("SELECT group_id FROM documents WHERE id = ?1")?
                .query_row([d], |r| r.get(0))?;
            Some((root, s))
        }
        None => None,
    };

    let d = &a.doc;
    // The id SQLite would pick (one past the largest), taken up front so that the row is
    // written once with its group: rewriting a row rewrites its text and analysis too.
    let id: i64 =
        tx.prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM documents")?.query_row([], |r| r.get(0))?;
    let group = original.map(|o| o.0).unwrap_or(id);
    tx.prepare_cached(
        "INSERT INTO documents (id, doc_key, hash, path, title, outlet, agency, url, published, published_basis,
            lang, text, analysis, signature, dup_of, dup_similarity, group_id, meta)
         VALUES (?15, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, x'', NULL, ?12, ?13, ?16, ?14)",
    )?
    .execute(params![
        doc.id,
        hash,
        doc.path,
        d.title,
        d.outlet,
        d.agency,
        d.url,
        d.published,
        to_plain(&d.published_basis),
        d.lang,
        prepared.text,
        original.map(|o| o.0),
        original.map(|o| o.1 as f64),
        prepared.meta,
        id,
        group,
    ])?;
    crate::analysis_form::set(tx, id, &prepared.analysis)?;
    tx.prepare_cached("INSERT INTO doc_sigs (doc, sig) VALUES (?1, ?2)")?
        .execute(params![id, sig.to_bytes()])?;
    if let Some((root, _)) = original {
        promote_if_older(tx, id, root)?;
    }
    tx.prepare_cached("INSERT INTO docs_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?.execute(params![
        id,
        d.title.as_deref().unwrap_or(""),
        doc.source_text
    ])?;
    {
        let mut ins =
            tx.prepare_cached("INSERT OR IGNORE INTO doc_bands(band, hash, doc) VALUES (?1, ?2, ?3)")?;
        for (band, h) in &bands {
            ins.execute(params![band, h, id])?;
        }
    }
    insert_derived(tx, id, &doc.source_text, a)?;
    Ok((id, if original.is_some() { ItemStatus::Duplicate } else { ItemStatus::Added }))
}

/// The text and stored analysis of document `?1`.
fn stored_analysis_sql() -> String {
    format!("SELECT d.text, {} FROM documents d WHERE d.id = ?1", crate::analysis_form::STORED_ANALYSIS)
}

/// Rows derived from an analysis: places, actors, events, figures.
fn insert_derived(tx: &Transaction, id: i64, source: &str, a: &Analysis) -> Result<()> {
    {
        let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO doc_places(doc, name) VALUES (?1, ?2)")?;
        for name in place_names(a) {
            ins.execute(params![id, name])?;
        }
        let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO doc_actors(doc, actor) VALUES (?1, ?2)")?;
        for name in actor_names(a) {
            ins.execute(params![id, name])?;
        }
    }
    insert_events(tx, id, source, a)?;
    insert_figures(tx, id, source, a)
}

/// The names a document's `doc_places` rows hold.
fn place_names(a: &Analysis) -> impl Iterator<Item = &String> {
    a.places.iter().map(|p| &p.name)
}

/// The names a document's `doc_actors` rows hold: each actor and its parent.
fn actor_names(a: &Analysis) -> impl Iterator<Item = &String> {
    a.actors.iter().flat_map(|x| std::iter::once(&x.actor).chain(x.parent.as_ref()))
}

/// Delete the place and actor rows of document `id`, whose stored analysis is `before`: by
/// name, through the tables' keys (no index by document).
fn delete_names(tx: &Transaction, id: i64, before: &Analysis) -> Result<()> {
    let mut del = tx.prepare_cached("DELETE FROM doc_places WHERE name = ?1 AND doc = ?2")?;
    for name in place_names(before) {
        del.execute(params![name, id])?;
    }
    let mut del = tx.prepare_cached("DELETE FROM doc_actors WHERE actor = ?1 AND doc = ?2")?;
    for name in actor_names(before) {
        del.execute(params![name, id])?;
    }
    Ok(())
}

/// A copy published before the stored original becomes the original of the family.
fn promote_if_older(tx: &Transaction, id: i64, root: i64) -> Result<()> {
    let (new_pub, root_pub): (Option<String>, Option<String>) = tx.query_row(
        "SELECT a.published, b.published FROM documents a, documents b WHERE a.id = ?1 AND b.id = ?2",
        params![id, root],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if let (Some(n), Some(r)) = (new_pub, root_pub) {
        if n < r {
            tx.execute(
                "UPDATE documents SET group_id = ?1, dup_of = CASE WHEN id = ?1 THEN NULL ELSE ?1 END
                 WHERE group_id = ?2 OR id = ?1",
                params![id, root],
            )?;
            tx.execute(
                "UPDATE documents SET dup_similarity = (SELECT dup_similarity FROM documents WHERE id = ?2)
                 WHERE id = ?1",
                params![root, id],
            )?;
            tx.execute("UPDATE documents SET dup_similarity = NULL WHERE id = ?1", [id])?;
        }
    }
    Ok(())
}

fn insert_events(tx: &Transaction, doc: i64, source: &str, a: &Analysis) -> Result<()> {
    let mut ins = tx.prepare_cached(
        "INSERT INTO events (doc, ev_key, event_type, sub_event_type, date, date_precision,
            date_is_report_date, win_start, win_end, place, actor1, actor2, fatalities, injured, displaced,
            modality, claimant, rule, evidence, inter1, inter2, scope, category, historical, location, place_id,
            id, merged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
            ?22, ?23, ?24, ?25, ?10, ?26, -?26)",
    )?;
    // The ids SQLite would pick (one past the largest), taken up front: until fusion stamps
    // a row with its merged event's id, `merged` holds minus the row's id, as wide as that id
    // (the id of the earliest member, at most the row's own). Written NULL, the row would grow
    // when stamped, no longer fit its full page and split it (a seventh of `events` unused).
    let mut id: i64 =
        tx.prepare_cached("SELECT coalesce(max(id), 0) FROM events")?.query_row([], |r| r.get(0))?;
    // ACLED inter code of a canonical actor, from its mentions in the article.
    let inter = |name: Option<&str>| -> Option<i64> {
        let name = name?;
        a.actors.iter().find(|m| m.actor == name).map(|m| m.kind.inter_code() as i64)
    };
    for e in &a.events {
        let win = merge::window(e.date.as_deref(), e.date_is_report_date);
        let place = match &e.place {
            Some(p) => Some(place_id(tx, &packed::write(Kind::Place, &place_ref(p))?)?),
            None => None,
        };
        id += 1;
        ins.execute(params![
            doc,
            e.id,
            e.acled_event_type,
            e.acled_sub_event_type,
            e.date,
            to_plain(&e.date_precision),
            e.date_is_report_date,
            win.map(|w| w.0),
            win.map(|w| w.1),
            place,
            e.actor1,
            e.actor2,
            e.fatalities.map(|v| v as i64),
            e.injured.map(|v| v as i64),
            e.displaced.map(|v| v as i64),
            to_plain(&e.modality),
            e.claimant,
            e.rule,
            packed::deflate_with_text(Kind::Evidence, source, &serde_json::to_vec(&e.evidence)?)?,
            inter(e.actor1.as_deref()),
            inter(e.actor2.as_deref()),
            to_plain(&e.scope),
            e.category.as_ref().map(to_plain),
            e.historical,
            e.location.as_ref().map(|l| packed::write(Kind::Location, l)).transpose()?,
            id,
        ])?;
    }
    Ok(())
}

/// The id of a stored place (its packed `PlaceRef`) in `event_places`, added when new: an
/// event's `place` holds it rather than a copy of the place.
fn place_id(tx: &Transaction, place: &[u8]) -> Result<i64> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM event_places WHERE place = ?1")?
        .query_row([place], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO event_places(place) VALUES (?1)")?.execute([place])?;
    Ok(tx.last_insert_rowid())
}

/// Whether a figure belongs to the conflict record: it does unless it is quoted only in the
/// evidence of other-scope or background events (an earthquake's toll is not a conflict toll).
fn is_conflict_figure(a: &Analysis, f: &Figure) -> bool {
    let quotes = |e: &&Event| e.evidence.iter().any(|q| q.start <= f.start && f.end <= q.end);
    let mut quoted_by = a.events.iter().filter(quotes).peekable();
    quoted_by.peek().is_none() || quoted_by.any(Event::is_conflict_news)
}

/// A figure as the stores keep it: its place (the nearest specific place before it in its
/// paragraph), what it counts, the claims ledger's subject key and whether it belongs to the
/// conflict record. Both stores write these rows, so their ledgers agree.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub category: String,
    pub what: String,
    pub place: Option<String>,
    pub value: Option<i64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub qualifier: String,
    pub claimant: Option<String>,
    pub as_of: Option<String>,
    pub start: i64,
    pub end: i64,
    pub quote: String,
    pub subject: String,
    pub conflict: bool,
}

/// The figure rows of an analysis of `source` (the article's source text), in figure order.
pub fn figure_rows(source: &str, a: &Analysis) -> Vec<FigureRow> {
    if a.figures.is_empty() {
        return Vec::new();
    }
    // Paragraph breaks in code points, for "nearest place in the same paragraph".
    let mut breaks = Vec::new();
    let mut prev_nl = false;
    for (i, c) in source.chars().enumerate() {
        if c == '\n' {
            if prev_nl {
                breaks.push(i);
            }
            prev_nl = true;
        } else if !c.is_whitespace() {
            prev_nl = false;
        }
    }
    let chars: Vec<char> = source.chars().collect();
    let as_of_default = a.doc.published.clone();
    let mut rows = Vec::with_capacity(a.figures.len());
    for f in &a.figures {
        let place = figure_place(a, &chars, &breaks, f.start, f.end);
        // No "what" from the layer: in English the counted noun follows the number
        // ("at least 1,000 IS fighters"), so take the words up to the next punctuation.
        let what = if f.what.trim().is_empty() { words_after(&chars, f.end) } else { f.what.clone() };
        let subject = claims::subject_key(f.category, claims::counted(&what, &f.quote), place.as_deref());
        rows.push(FigureRow {
            category: to_plain(&f.category),
            what,
            place,
            value: f.value.map(|v| v as i64),
            min: f.min.map(|v| v as i64),
            max: f.max.map(|v| v as i64),
            qualifier: f.qualifier.clone(),
            claimant: f.claimant.clone(),
            as_of: f.as_of.clone().or_else(|| as_of_default.clone()),
            start: f.start as i64,
            end: f.end as i64,
            quote: f.quote.clone(),
            subject,
            conflict: is_conflict_figure(a, f),
        });
    }
    rows
}

fn insert_figures(tx: &Transaction, doc: i64, source: &str, a: &Analysis) -> Result<()> {
    let rows = figure_rows(source, a);
    if rows.is_empty() {
        return Ok(());
    }
    let mut ins = tx.prepare_cached(
        "INSERT INTO figures (doc, category, what, place, value, min, max, qualifier, claimant, as_of,
            start, end, quote, subject, conflict)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for f in rows {
        ins.execute(params![
            doc,
            f.category,
            f.what,
            f.place,
            f.value,
            f.min,
            f.max,
            f.qualifier,
            f.claimant,
            f.as_of,
            f.start,
            f.end,
            f.quote,
            f.subject,
            f.conflict,
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_noun_follows_the_number() {
        let t: Vec<char> = "say they killed at least 1,000 IS fighters. A government".chars().collect();
        assert_eq!(words_after(&t, 30), "IS fighters");
        let t: Vec<char> = "about 4,000 fighters in the old city of the town, he said".chars().collect();
        assert_eq!(words_after(&t, 11), "fighters in the old city");
        assert_eq!(words_after(&t, 500), "");
    }

    #[test]
    fn hash_is_stable_and_discriminating() {
        assert_eq!(content_hash("abc"), content_hash("abc"));
        assert_ne!(content_hash("abc"), content_hash("abd"));
        assert_ne!(content_hash(""), content_hash("\0"));
        assert_eq!(content_hash("x").len(), 64);
        assert_eq!(legacy_hash("x").len(), 32);
    }
}
