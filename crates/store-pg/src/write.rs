//! Writing documents and analyses: what `eventwire-store`'s `add_documents` and
//! `replace_analyses` do in SQLite, here in one PostgreSQL transaction each, under the write
//! lock. Near-duplicates are linked in id order ([`PgStore::link_duplicates`]): at once when a
//! document arrives analysed, after its analysis when it came through the work queue.

use crate::prepared::Prepared;
use crate::{to_plain, PgStore, Result, WRITE_LOCK};
use eventwire_fuse::dedup::{is_near_duplicate, Signature};
use eventwire_fuse::{merge, PlaceRef};
use eventwire_model::{Analysis, Document, PlaceMention};
use eventwire_store::{
    content_hash, figure_rows, BatchOutcome, FigureRow, ItemOutcome, ItemStatus, NewDocument, Replacement,
};
use postgres::Transaction;

/// Where [`PgStore::number_worker_events`] puts rows while it numbers them: below every id a
/// row has (dense ids are positive, workers' count down from -1).
const TEMP_IDS: i64 = 1 << 62;

/// Near-duplicate candidates looked at per LSH band: the most recent ones (as in SQLite).
const BAND_CANDIDATES: i64 = 32;

/// How a write numbers the event and figure rows it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowIds {
    /// One past the largest (positive) id, as SQLite gives rowids: only under the write lock.
    Dense,
    /// From the workers' sequences (negative ids, no lock: workers write at once), numbered
    /// densely in document order later by [`PgStore::number_worker_events`].
    Worker,
}

impl RowIds {
    /// The ids of `n` new rows of `table` (`events` or `figures`).
    fn take(self, tx: &mut Transaction, st: &mut Prepared, table: &str, n: usize) -> Result<Vec<i64>> {
        Ok(match self {
            RowIds::Dense => {
                let sql = format!("SELECT greatest(coalesce(max(id), 0), 0) + 1 FROM {table}");
                let first: i64 = st.query_one(tx, &sql, &[])?.get(0);
                (0..n as i64).map(|i| first + i).collect()
            }
            RowIds::Worker => {
                let sql = format!("SELECT nextval('worker_{table}_ids') FROM generate_series(1, $1::int8)");
                st.query(tx, &sql, &[&(n as i64)])?.iter().map(|r| r.get(0)).collect()
            }
        })
    }
}

pub(crate) fn write_transaction(client: &mut postgres::Client) -> Result<Transaction<'_>> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    Ok(tx)
}

pub(crate) fn mark_changed(tx: &mut Transaction, new_documents: bool) -> Result<()> {
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('fused', '0') ON CONFLICT (key) DO UPDATE SET value = '0'",
        &[],
    )?;
    if new_documents {
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('generation', '1')
             ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text",
            &[],
        )?;
    }
    Ok(())
}

impl PgStore {
    /// The stored document with this normalised text, if any.
    pub fn document_id_with_text(&mut self, text: &str) -> Result<Option<i64>> {
        let hash = content_hash(text);
        Ok(self
            .client
            .get_mut()
            .query_opt("SELECT id FROM documents WHERE hash = $1", &[&hash])?
            .map(|r| r.get(0)))
    }

    /// Add analysed documents in one transaction (as `eventwire_store::Store::add_documents`):
    /// stored texts are skipped; near-duplicates linked; merged events become stale and the
    /// corpus generation moves on when any is added.
    pub fn add_documents(&mut self, items: &[NewDocument<'_>]) -> Result<BatchOutcome> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut st = Prepared::default();
        let mut out = BatchOutcome::default();
        for item in items {
            let (id, added) = insert_document(&mut tx, &mut st, item.document, Some(item.analysis))?;
            let status = if !added {
                ItemStatus::AlreadyStored
            } else {
                let linked = link(&mut tx, &mut st, id)?;
                insert_derived(
                    &mut tx,
                    &mut st,
                    id,
                    &item.document.source_text,
                    item.analysis,
                    RowIds::Dense,
                )?;
                if let Some(notes) = item.notes {
                    set_notes(&mut tx, &mut st, id, notes)?;
                }
                if linked {
                    ItemStatus::Duplicate
                } else {
                    ItemStatus::Added
                }
            };
            match status {
                ItemStatus::AlreadyStored => out.skipped += 1,
                _ => {
                    out.added += 1;
                    out.duplicates += (status == ItemStatus::Duplicate) as usize;
                }
            }
            out.items.push(ItemOutcome { id, status });
        }
        if out.added > 0 {
            mark_changed(&mut tx, true)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Replace the analyses (and notes) of stored documents in one transaction; returns how
    /// many were stored.
    pub fn replace_analyses(&mut self, items: &[Replacement<'_>]) -> Result<usize> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut st = Prepared::default();
        let mut n = 0;
        for r in items {
            if write_analysis(&mut tx, &mut st, r.id, r.analysis, RowIds::Dense)? {
                if let Some(notes) = r.notes {
                    set_notes(&mut tx, &mut st, r.id, notes)?;
                }
                n += 1;
            }
        }
        if n > 0 {
            mark_changed(&mut tx, false)?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Set the notes of stored documents, in one transaction.
    pub fn set_notes(&mut self, items: &[(i64, &str)]) -> Result<()> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut st = Prepared::default();
        for (id, notes) in items {
            set_notes(&mut tx, &mut st, *id, notes)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Number the events and figures of documents that workers stored, in document order,
    /// after every other one: the ids one process adding the documents in id order would have
    /// given them, whatever order the workers finished in (a merged event's id, and which of
    /// equally good reports gives it its location, follow event ids; the claims ledger keeps
    /// figures in id order). Only documents up to the first one still queued are numbered.
    /// Returns how many documents were numbered.
    pub fn number_worker_events(&mut self) -> Result<usize> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let limit = "coalesce((SELECT min(doc) FROM queue), 9223372036854775807)";
        let docs = tx.execute(
            &format!("CREATE TEMP TABLE settle ON COMMIT DROP AS SELECT doc AS id FROM unsettled WHERE doc < {limit}"),
            &[],
        )?;
        if docs > 0 {
            for table in ["events", "figures"] {
                // Workers' ids are negative, from a sequence that counts down: `abs` is the order
                // they were added in.
                let numbered = format!(
                    "WITH base AS (SELECT greatest(coalesce(max(x.id), 0), 0) AS b FROM {table} x
                                   WHERE NOT EXISTS (SELECT 1 FROM settle s WHERE s.id = x.doc)),
                          r AS (SELECT x.id AS old,
                                       (SELECT b FROM base) + row_number() OVER (ORDER BY x.doc, abs(x.id)) AS new
                                FROM {table} x JOIN settle s ON s.id = x.doc)"
                );
                // The new ids lie above every row of other documents; when all the rows to number
                // have workers' (negative) ids, no new id is an old one and one update does it.
                // Otherwise (a pass rewrote some with dense ids) the new ids pass through a range
                // no row uses, as a row's new id may still be another's old one.
                let dense: bool = tx
                    .query_one(
                        &format!("SELECT EXISTS (SELECT 1 FROM {table} x JOIN settle s ON s.id = x.doc WHERE x.id > 0)"),
                        &[],
                    )?
                    .get(0);
                if dense {
                    tx.batch_execute(&format!(
                        "{numbered} UPDATE {table} SET id = -r.new - {TEMP_IDS} FROM r WHERE {table}.id = r.old;
                         UPDATE {table} SET id = -(id + {TEMP_IDS}) WHERE id < -{TEMP_IDS};"
                    ))?;
                } else {
                    tx.batch_execute(&format!(
                        "{numbered} UPDATE {table} SET id = r.new FROM r WHERE {table}.id = r.old"
                    ))?;
                }
            }
            // Numbered rows are new to fusion under their new ids (a row fused under its old
            // id, by a finishing step that ran while workers wrote, leaves that merged event).
            tx.batch_execute(
                "INSERT INTO fuse_log (event, win_start, merged)
                     SELECT x.id, x.win_start, x.merged FROM events x JOIN settle s ON s.id = x.doc;
                 DELETE FROM unsettled u USING settle s WHERE u.doc = s.id",
            )?;
            mark_changed(&mut tx, false)?;
        } else {
            tx.batch_execute("DROP TABLE settle")?;
        }
        tx.commit()?;
        Ok(docs as usize)
    }

    /// Link analysed documents that are not linked yet to their originals, in id order, up to
    /// the first document still waiting for a worker (a document is linked only after every
    /// earlier one, as the SQLite store links them as they come). Returns how many were linked.
    pub fn link_duplicates(&mut self) -> Result<usize> {
        let mut tx = write_transaction(self.client.get_mut())?;
        let mut st = Prepared::default();
        let ids: Vec<i64> = tx
            .query(
                "SELECT id FROM documents WHERE group_id IS NULL AND analysis IS NOT NULL
                   AND id < coalesce((SELECT min(doc) FROM queue), 9223372036854775807)
                 ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        for &id in &ids {
            link(&mut tx, &mut st, id)?;
        }
        if !ids.is_empty() {
            mark_changed(&mut tx, false)?;
        }
        tx.commit()?;
        Ok(ids.len())
    }
}

/// Insert a document unless its text is stored (analysed, or waiting for a worker when
/// `analysis` is `None`): its id, and whether it was added. Its signature and LSH bands go in
/// with it; it is linked to an original by [`link`].
pub(crate) fn insert_document(
    tx: &mut Transaction,
    st: &mut Prepared,
    doc: &Document,
    analysis: Option<&Analysis>,
) -> Result<(i64, bool)> {
    let hash = content_hash(&doc.text);
    if let Some(r) = st.query_opt(tx, "SELECT id FROM documents WHERE hash = $1", &[&hash])? {
        return Ok((r.get(0), false));
    }
    let id: i64 = st.query_one(tx, "SELECT coalesce(max(id), 0) + 1 FROM documents", &[])?.get(0);
    let meta = serde_json::to_string(&doc.meta)?;
    let m = &doc.meta;
    // Before analysis, the reader's metadata stands in; the analysis replaces it.
    let (title, outlet, agency, url, published, basis, lang, json) = match analysis {
        Some(a) => {
            let d = &a.doc;
            (
                d.title.clone(),
                d.outlet.clone(),
                d.agency.clone(),
                d.url.clone(),
                d.published.clone(),
                Some(to_plain(&d.published_basis)),
                d.lang.clone(),
                Some(serde_json::to_string(a)?),
            )
        }
        None => {
            let v = |f: &Option<eventwire_model::Field>| f.as_ref().map(|f| f.value.clone());
            (v(&m.title), v(&m.outlet), v(&m.agency), v(&m.url), None, None, None, None)
        }
    };
    st.execute(
        tx,
        "INSERT INTO documents (id, doc_key, hash, path, title, outlet, agency, url, published,
            published_basis, lang, text, meta, analysis)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        &[
            &id,
            &doc.id,
            &hash,
            &doc.path,
            &title,
            &outlet,
            &agency,
            &url,
            &published,
            &basis,
            &lang,
            &doc.source_text,
            &meta,
            &json,
        ],
    )?;
    let sig = Signature::of_text(&doc.text);
    st.execute(tx, "INSERT INTO doc_sigs (doc, sig) VALUES ($1, $2)", &[&id, &sig.to_bytes()])?;
    let (bands, hashes): (Vec<i32>, Vec<i64>) = sig.bands().into_iter().map(|(b, h)| (b as i32, h)).unzip();
    st.execute(tx,
        "INSERT INTO doc_bands (band, hash, doc) SELECT b, h, $3 FROM unnest($1::int4[], $2::int8[]) AS u(b, h)
         ON CONFLICT DO NOTHING",
        &[&bands, &hashes, &id],
    )?;
    Ok((id, true))
}

/// Link document `id` to the original of the most similar earlier document, if any is a
/// near-duplicate (the SQLite store's rule: the most recent candidates of each LSH band; a
/// copy published before its original becomes the original of the family). Returns whether
/// it was linked.
fn link(tx: &mut Transaction, st: &mut Prepared, id: i64) -> Result<bool> {
    let sig: Vec<u8> = st.query_one(tx, "SELECT sig FROM doc_sigs WHERE doc = $1", &[&id])?.get(0);
    let Some(sig) = Signature::from_bytes(&sig) else {
        st.execute(tx, "UPDATE documents SET group_id = id WHERE id = $1", &[&id])?;
        return Ok(false);
    };
    // The most recent earlier documents of each of its LSH buckets, with their signatures, in
    // one query.
    let (bands, hashes): (Vec<i32>, Vec<i64>) = sig.bands().into_iter().map(|(b, h)| (b as i32, h)).unzip();
    let rows = st.query(
        tx,
        "SELECT c.doc, s.sig FROM (
             SELECT DISTINCT x.doc FROM unnest($1::int4[], $2::int8[]) AS u(b, h),
                 LATERAL (SELECT doc FROM doc_bands WHERE band = u.b AND hash = u.h AND doc < $3
                          ORDER BY doc DESC LIMIT $4) x) c
         JOIN doc_sigs s ON s.doc = c.doc",
        &[&bands, &hashes, &id, &BAND_CANDIDATES],
    )?;
    let mut best: Option<(f32, i64)> = None;
    for r in &rows {
        let d: i64 = r.get(0);
        let bytes: Vec<u8> = r.get(1);
        if let Some(other) = Signature::from_bytes(&bytes) {
            if is_near_duplicate(&sig, &other) {
                let s = sig.similarity(&other);
                if best.is_none_or(|(bs, bd)| s > bs || (s == bs && d < bd)) {
                    best = Some((s, d));
                }
            }
        }
    }
    let Some((similarity, d)) = best else {
        st.execute(tx, "UPDATE documents SET group_id = id WHERE id = $1", &[&id])?;
        return Ok(false);
    };
    let root: i64 = st.query_one(tx, "SELECT group_id FROM documents WHERE id = $1", &[&d])?.get(0);
    st.execute(
        tx,
        "UPDATE documents SET group_id = $1, dup_of = $1, dup_similarity = $2 WHERE id = $3",
        &[&root, &similarity, &id],
    )?;
    promote_if_older(tx, st, id, root)?;
    Ok(true)
}

/// A copy published before the stored original becomes the original of the family.
fn promote_if_older(tx: &mut Transaction, st: &mut Prepared, id: i64, root: i64) -> Result<()> {
    let row = st.query_one(
        tx,
        "SELECT a.published, b.published FROM documents a, documents b WHERE a.id = $1 AND b.id = $2",
        &[&id, &root],
    )?;
    let (new_pub, root_pub): (Option<String>, Option<String>) = (row.get(0), row.get(1));
    if let (Some(n), Some(r)) = (new_pub, root_pub) {
        if n < r {
            st.execute(
                tx,
                "UPDATE documents SET group_id = $1, dup_of = CASE WHEN id = $1 THEN NULL ELSE $1 END
                 WHERE group_id = $2 OR id = $1",
                &[&id, &root],
            )?;
            st.execute(
                tx,
                "UPDATE documents SET dup_similarity = (SELECT dup_similarity FROM documents WHERE id = $2)
                 WHERE id = $1",
                &[&root, &id],
            )?;
            st.execute(tx, "UPDATE documents SET dup_similarity = NULL WHERE id = $1", &[&id])?;
        }
    }
    Ok(())
}

/// Store `a` as the analysis of document `id`, replacing its derived rows. False when there
/// is no such document.
pub(crate) fn write_analysis(
    tx: &mut Transaction,
    st: &mut Prepared,
    id: i64,
    a: &Analysis,
    ids: RowIds,
) -> Result<bool> {
    let d = &a.doc;
    let row = st.query_opt(
        tx,
        "UPDATE documents SET title = $1, outlet = $2, agency = $3, url = $4, published = $5,
             published_basis = $6, lang = $7, analysis = $8
         WHERE id = $9 RETURNING text",
        &[
            &d.title,
            &d.outlet,
            &d.agency,
            &d.url,
            &d.published,
            &to_plain(&d.published_basis),
            &d.lang,
            &serde_json::to_string(a)?,
            &id,
        ],
    )?;
    let Some(row) = row else { return Ok(false) };
    let source: String = row.get(0);
    for table in ["events", "figures", "doc_places", "doc_actors"] {
        st.execute(tx, &format!("DELETE FROM {table} WHERE doc = $1"), &[&id])?;
    }
    insert_derived(tx, st, id, &source, a, ids)?;
    Ok(true)
}

pub(crate) fn set_notes(tx: &mut Transaction, st: &mut Prepared, id: i64, notes: &str) -> Result<()> {
    st.execute(
        tx,
        "INSERT INTO doc_notes (doc, notes) VALUES ($1, $2) ON CONFLICT (doc) DO UPDATE SET notes = $2",
        &[&id, &notes],
    )?;
    Ok(())
}

fn place_ref(p: &PlaceMention) -> PlaceRef {
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

/// Places, actors, figures and events of an analysis of `source`, each table in one
/// statement (arrays unnested: a round trip per table, not per row). Event and figure ids
/// continue from the largest stored one (as SQLite's rowids do), so one writer gives the ids
/// the SQLite store gives.
fn insert_derived(
    tx: &mut Transaction,
    st: &mut Prepared,
    id: i64,
    source: &str,
    a: &Analysis,
    ids: RowIds,
) -> Result<()> {
    insert_figures(tx, st, id, source, a, ids)?;
    let places: Vec<&str> = a.places.iter().map(|p| p.name.as_str()).collect();
    if !places.is_empty() {
        st.execute(tx,
            "INSERT INTO doc_places (doc, name) SELECT $1, n FROM unnest($2::text[]) n ON CONFLICT DO NOTHING",
            &[&id, &places],
        )?;
    }
    let actors: Vec<&str> =
        a.actors.iter().flat_map(|x| std::iter::once(x.actor.as_str()).chain(x.parent.as_deref())).collect();
    if !actors.is_empty() {
        st.execute(tx,
            "INSERT INTO doc_actors (doc, actor) SELECT $1, n FROM unnest($2::text[]) n ON CONFLICT DO NOTHING",
            &[&id, &actors],
        )?;
    }
    if a.events.is_empty() {
        return Ok(());
    }
    let event_ids = ids.take(tx, st, "events", a.events.len())?;
    // ACLED inter code of a canonical actor, from its mentions in the article.
    let inter = |name: Option<&str>| -> Option<i64> {
        let name = name?;
        a.actors.iter().find(|m| m.actor == name).map(|m| m.kind.inter_code() as i64)
    };
    let mut c = EventColumns::default();
    for (i, e) in a.events.iter().enumerate() {
        let win = merge::window(e.date.as_deref(), e.date_is_report_date);
        let place = e.place.as_ref().map(place_ref);
        let (lon, lat) = match (place.as_ref().and_then(|p| p.lon), place.as_ref().and_then(|p| p.lat)) {
            (Some(lon), Some(lat)) => (Some(lon), Some(lat)),
            _ => (None, None),
        };
        c.id.push(event_ids[i]);
        c.key.push(e.id.clone());
        c.event_type.push(e.acled_event_type.clone());
        c.sub_event_type.push(e.acled_sub_event_type.clone());
        c.date.push(e.date.clone());
        c.date_precision.push(to_plain(&e.date_precision));
        c.report_date.push(e.date_is_report_date);
        c.win_start.push(win.map(|w| w.0));
        c.win_end.push(win.map(|w| w.1));
        c.place.push(place.as_ref().map(serde_json::to_string).transpose()?);
        c.actor1.push(e.actor1.clone());
        c.actor2.push(e.actor2.clone());
        c.fatalities.push(e.fatalities.map(|v| v as i64));
        c.injured.push(e.injured.map(|v| v as i64));
        c.displaced.push(e.displaced.map(|v| v as i64));
        c.modality.push(to_plain(&e.modality));
        c.claimant.push(e.claimant.clone());
        c.rule.push(e.rule.clone());
        c.evidence.push(serde_json::to_string(&e.evidence)?);
        c.inter1.push(inter(e.actor1.as_deref()));
        c.inter2.push(inter(e.actor2.as_deref()));
        c.scope.push(to_plain(&e.scope));
        c.category.push(e.category.as_ref().map(to_plain));
        c.historical.push(e.historical);
        c.location.push(e.location.as_ref().map(serde_json::to_string).transpose()?);
        c.lon.push(lon);
        c.lat.push(lat);
    }
    st.execute(tx,
        "INSERT INTO events (id, doc, ev_key, event_type, sub_event_type, date, date_precision,
            date_is_report_date, win_start, win_end, place, actor1, actor2, fatalities, injured, displaced,
            modality, claimant, rule, evidence, inter1, inter2, scope, category, historical, location, geom)
         SELECT u.id, $1, u.key, u.et, u.st, u.date, u.dp, u.rd, u.ws, u.we, u.place, u.a1, u.a2, u.f, u.i, u.d,
                u.modality, u.claimant, u.rule, u.evidence, u.i1, u.i2, u.scope, u.category, u.historical,
                u.location, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
         FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[],
                     $9::int8[], $10::int8[], $11::text[], $12::text[], $13::text[], $14::int8[], $15::int8[],
                     $16::int8[], $17::text[], $18::text[], $19::text[], $20::text[], $21::int8[], $22::int8[],
                     $23::text[], $24::text[], $25::bool[], $26::text[], $27::float8[], $28::float8[])
              AS u(id, key, et, st, date, dp, rd, ws, we, place, a1, a2, f, i, d, modality, claimant, rule,
                   evidence, i1, i2, scope, category, historical, location, lon, lat)",
        &[
            &id,
            &c.id,
            &c.key,
            &c.event_type,
            &c.sub_event_type,
            &c.date,
            &c.date_precision,
            &c.report_date,
            &c.win_start,
            &c.win_end,
            &c.place,
            &c.actor1,
            &c.actor2,
            &c.fatalities,
            &c.injured,
            &c.displaced,
            &c.modality,
            &c.claimant,
            &c.rule,
            &c.evidence,
            &c.inter1,
            &c.inter2,
            &c.scope,
            &c.category,
            &c.historical,
            &c.location,
            &c.lon,
            &c.lat,
        ],
    )?;
    Ok(())
}

/// The figure rows of an analysis (`eventwire_store::figure_rows`, as the SQLite store
/// writes them), in one statement.
pub(crate) fn insert_figures(
    tx: &mut Transaction,
    st: &mut Prepared,
    doc: i64,
    source: &str,
    a: &Analysis,
    row_ids: RowIds,
) -> Result<()> {
    let rows = figure_rows(source, a);
    if rows.is_empty() {
        return Ok(());
    }
    let ids = row_ids.take(tx, st, "figures", rows.len())?;
    let col = |f: fn(&FigureRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let num = |f: fn(&FigureRow) -> Option<i64>| rows.iter().map(f).collect::<Vec<_>>();
    st.execute(tx,
        "INSERT INTO figures (id, doc, category, what, place, value, min, max, qualifier, claimant, as_of,
            start_cp, end_cp, quote, subject, conflict)
         SELECT u.id, $1, u.c, u.w, u.p, u.v, u.mn, u.mx, u.q, u.cl, u.a, u.s, u.e, u.quote, u.subject, u.conflict
         FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[], $8::int8[],
                     $9::text[], $10::text[], $11::text[], $12::int8[], $13::int8[], $14::text[], $15::text[],
                     $16::bool[])
              AS u(id, c, w, p, v, mn, mx, q, cl, a, s, e, quote, subject, conflict)",
        &[
            &doc,
            &ids,
            &col(|f| Some(f.category.clone())),
            &col(|f| Some(f.what.clone())),
            &col(|f| f.place.clone()),
            &num(|f| f.value),
            &num(|f| f.min),
            &num(|f| f.max),
            &col(|f| Some(f.qualifier.clone())),
            &col(|f| f.claimant.clone()),
            &col(|f| f.as_of.clone()),
            &num(|f| Some(f.start)),
            &num(|f| Some(f.end)),
            &col(|f| Some(f.quote.clone())),
            &col(|f| Some(f.subject.clone())),
            &rows.iter().map(|f| f.conflict).collect::<Vec<_>>(),
        ],
    )?;
    Ok(())
}

/// The event rows of one article, column by column (for one `INSERT … SELECT FROM unnest`).
#[derive(Default)]
struct EventColumns {
    id: Vec<i64>,
    key: Vec<String>,
    event_type: Vec<String>,
    sub_event_type: Vec<String>,
    date: Vec<Option<String>>,
    date_precision: Vec<String>,
    report_date: Vec<bool>,
    win_start: Vec<Option<i64>>,
    win_end: Vec<Option<i64>>,
    place: Vec<Option<String>>,
    actor1: Vec<Option<String>>,
    actor2: Vec<Option<String>>,
    fatalities: Vec<Option<i64>>,
    injured: Vec<Option<i64>>,
    displaced: Vec<Option<i64>>,
    modality: Vec<String>,
    claimant: Vec<Option<String>>,
    rule: Vec<String>,
    evidence: Vec<String>,
    inter1: Vec<Option<i64>>,
    inter2: Vec<Option<i64>>,
    scope: Vec<String>,
    category: Vec<Option<String>>,
    historical: Vec<bool>,
    location: Vec<Option<String>>,
    lon: Vec<Option<f64>>,
    lat: Vec<Option<f64>>,
}
