//! How bulky JSON is kept: deflated against a preset dictionary. Each kind of value has its
//! own dictionary: the JSON keys and enumeration values of its shape (a fixed vocabulary, so
//! that a short value such as one event's place compresses too), and for an analysis the
//! article's own text as well, since the analysis quotes it (evidence, place names, figures).
//! Values are read back whole, never queried inside with SQL.
//!
//! Stored forms, all still read:
//! - a blob that starts with [`TAG_DICT_V1`]: raw deflate against the kind's dictionary
//!   (schema version 11 on);
//! - a blob that starts with [`TAG_TEXT_DICT`]: raw deflate against the kind's vocabulary
//!   and then the article's text (schema version 12 on: an event's evidence, which quotes it);
//! - any other blob: an analysis deflated without a dictionary (schema versions 8 to 10);
//! - text: plain JSON (older stores, and every column before it was packed).

use crate::{Result, StoreError};
use eventwire_model::Analysis;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use rusqlite::types::ValueRef;
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Read;
use std::sync::OnceLock;

/// First byte of a value deflated against its dictionary. Its bits 1–2 are `11`, the reserved
/// block type of deflate, so no plain deflate stream (the older analyses) starts with it.
const TAG_DICT_V1: u8 = 0xFE;

/// First byte of a value deflated against its kind's vocabulary and then the article's text.
/// Also a reserved deflate block type (the final-block bit set), so no plain stream starts
/// with it.
const TAG_TEXT_DICT: u8 = 0xFF;

/// First byte of an analysis stored without what its events' rows hold (analysis_form.rs),
/// deflated as [`TAG_DICT_V1`] (schema version 16 on). A reserved deflate block type too.
const TAG_EVENTS_APART: u8 = 0xF6;

/// Deflate keeps the last 32 KiB of a preset dictionary.
const WINDOW: usize = 32 * 1024;

/// A value's kind: which dictionary it is deflated against. **The vocabularies must never
/// change**: stored values need them to be read. A new vocabulary needs a new tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A document's analysis (dictionary: the vocabulary, then the article's text).
    Analysis,
    /// A document's reader metadata (the vocabulary, then the article's text).
    Meta,
    /// A merged event's fused JSON.
    Fused,
    /// An event's place (`PlaceRef`).
    Place,
    /// An event's evidence list.
    Evidence,
    /// An event's location.
    Location,
    /// An article's text (no vocabulary: English is not a fixed one).
    Text,
}

const PLACE_WORDS: &str = r#"{"key":"gn:","name":"","lat":,"lon":,"precision":"exact","precision":"near","precision":"region","precision":"country","precision":"unresolved","country_code":"","country":"","admin1":"","geonames_id":},"#;
const LOCATION_WORDS: &str = r#"{"geo_precision":1,"geo_precision":2,"geo_precision":3,"admin_level":"place","admin_level":"district","admin_level":"province","admin_level":"country","admin_level":"wider","source":"sentence","source":"previous_sentence","source":"dateline","source":"focus","start":,"end":,"relative":{"anchor":"","distance":,"unit":"km","bearing":""}},"#;
const EVIDENCE_WORDS: &str = r#"[{"start":,"end":,"quote":"","trigger":{"start":,"end":}}],"#;
const EVENT_WORDS: &str = r#""date_precision":"day","date_precision":"week","date_precision":"month","date_precision":"year","date_precision":"unknown","date_is_report_date":true,"date_is_report_date":false,"modality":"asserted","modality":"reported","modality":"attempted","scope":"conflict","scope":"other","category":"natural_disaster","category":"man_made_disaster","category":"organized_crime","category":"diplomatic_event","category":"attribution","historical":true,"actor1":null,"actor2":null,"fatalities":null,"injured":null,"displaced":null,"claimant":null,"event_type":"Battles","event_type":"Explosions/Remote violence","event_type":"Violence against civilians","event_type":"Protests","event_type":"Riots","event_type":"Strategic developments","sub_event_type":"Armed clash","sub_event_type":"Attack","sub_event_type":"Peaceful protest","sub_event_type":"Violent demonstration","sub_event_type":"Arrests","sub_event_type":"Shelling/artillery/missile attack","sub_event_type":"Air/drone strike","sub_event_type":"Non-state actor overtakes territory","sub_event_type":"Government regains territory","#;
const FUSED_WORDS: &str = r#""date_anchored":false,"date_anchored":true,"location_doc":,"fatalities_min":null,"fatalities_max":null,"n_sources":1,"n_independent":1,"#;
const ANALYSIS_WORDS: &str = r##"{"doc":{"id":"","path":null,"title":"","outlet":"","agency":null,"byline":null,"dateline":null,"url":"","published":"","published_basis":"field","published_basis":"unknown","published_confidence":,"published_reason":"","date_candidates":[{"text":"","source":"field","source":"url","readings":[{"value":"","order":"ymd"},{"value":"","order":"ydm"}]}],"warnings":[],"lang":"en","spans":{"title":{"start":,"end":}}},"places":[{"text":"","start":,"end":,"name":"","geonames_id":,"lat":,"lon":,"country_code":"","country":"","admin1":"","kind":"city","kind":"town","kind":"village","kind":"admin1","kind":"admin2","kind":"country","kind":"demonym","precision":"exact","precision":"near","precision":"region","precision":"country","precision":"unresolved","confidence":,"relative_to":}],"actors":[{"text":"","start":,"end":,"actor":"","kind":"state_forces","kind":"rebel_group","kind":"political_militia","kind":"identity_militia","kind":"rioters","kind":"protesters","kind":"civilians","kind":"external_forces","kind":"unidentified","kind":"other","kind":"unknown","country_code":"","parent":"","coreference":}],"times":[{"text":"","start":,"end":,"type":"DATE","type":"DURATION","type":"TIME","type":"SET","value":"","mod":"","point_from":}],"events":[{"id":"#e","acled_event_type":"","acled_sub_event_type":"","date":"","place":{"text":""},"location":{"geo_precision":,"admin_level":"","source":""},"actor1":"","actor2":"","rule":"","evidence":[{"start":,"end":,"quote":"","trigger":{"start":,"end":}}],"type_probability":0.,"claims_event":"","claimed_in":""}],"figures":[{"value":,"min":,"max":,"qualifier":"exact","qualifier":"vague","category":"killed","category":"wounded","category":"displaced","category":"returned","category":"fighters","category":"troops","category":"population","category":"other","what":"people","claimant":null,"as_of":"","start":,"end":,"quote":""}]}"##;
const META_WORDS: &str = r#"{"title":{"value":"","start":,"end":},"outlet":{"value":""},"agency":null,"byline":null,"dateline":null,"url":{"value":"https://"},"date_candidates":[{"text":"","source":"field","source":"url","source":"meta","source":"text","readings":[{"value":"","order":"ymd"},{"value":"","order":"ydm"},{"value":"","order":"dmy"},{"value":"","order":"mdy"}]}],"published":null,"published_basis":"unknown","published_basis":"field","published_confidence":0.0,"published_reason":null,"warnings":[],"lang":"en"}"#;

impl Kind {
    /// The vocabulary of the kind.
    fn words(self) -> &'static [&'static str] {
        match self {
            Kind::Analysis => &[EVENT_WORDS, ANALYSIS_WORDS],
            Kind::Meta => &[META_WORDS],
            Kind::Fused => &[EVENT_WORDS, FUSED_WORDS, PLACE_WORDS, LOCATION_WORDS],
            Kind::Place => &[PLACE_WORDS],
            Kind::Evidence => &[EVIDENCE_WORDS],
            Kind::Location => &[LOCATION_WORDS],
            Kind::Text => &[],
        }
    }

    /// The dictionary: the vocabulary of the kind, then (for an analysis and metadata, and
    /// for a value tagged [`TAG_TEXT_DICT`]) the article's text, last so that it is nearest;
    /// deflate keeps the last 32 KiB.
    fn dictionary(self, text: &str, with_text: bool) -> Cow<'static, [u8]> {
        static WORDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        let words = WORDS.get_or_init(|| {
            Kind::ALL.iter().map(|k| k.words().iter().flat_map(|w| w.bytes()).collect()).collect()
        });
        let index = self.index();
        if !with_text && !matches!(self, Kind::Analysis | Kind::Meta) {
            return Cow::Borrowed(&words[index]);
        }
        let mut d = words[index].clone();
        d.extend_from_slice(text.as_bytes());
        let cut = d.len().saturating_sub(WINDOW);
        d.drain(..cut);
        Cow::Owned(d)
    }

    fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

impl Kind {
    const ALL: [Kind; 7] =
        [Kind::Analysis, Kind::Meta, Kind::Fused, Kind::Place, Kind::Evidence, Kind::Location, Kind::Text];

    /// Compression level: a middle one for analyses (many kilobytes, the article's text in
    /// the dictionary) and texts (level 1 is a quick mode with fixed codes, which leaves
    /// English text at three quarters of its size rather than half), the fastest for short
    /// values, where the dictionary does the work.
    fn level(self) -> u32 {
        match self {
            Kind::Analysis => 6,
            Kind::Text => 4,
            _ => 1,
        }
    }
}

thread_local! {
    /// One compressor and one decompressor per kind and thread, reset for each value: a new
    /// one allocates and clears its window and tables, which costs more than a short value's
    /// compression.
    static CODERS: RefCell<Vec<(Compress, Decompress)>> = RefCell::new(
        Kind::ALL.iter().map(|k| (Compress::new(Compression::new(k.level()), false), Decompress::new(false))).collect(),
    );
}

fn with_coder<T>(kind: Kind, f: impl FnOnce(&mut Compress, &mut Decompress) -> Result<T>) -> Result<T> {
    let index = kind.index();
    CODERS.with(|c| {
        let mut coders = c.borrow_mut();
        let (z, u) = &mut coders[index];
        f(z, u)
    })
}

/// `json` deflated against the dictionary of `kind` (with `text` for an analysis or metadata).
pub(crate) fn deflate(kind: Kind, text: &str, json: &[u8]) -> Result<Vec<u8>> {
    deflate_tagged(kind, TAG_DICT_V1, text, json)
}

/// An analysis's `json` without what its events' rows hold, deflated as [`deflate`] does.
pub(crate) fn deflate_events_apart(text: &str, json: &[u8]) -> Result<Vec<u8>> {
    deflate_tagged(Kind::Analysis, TAG_EVENTS_APART, text, json)
}

/// True when a stored analysis keeps its events apart (written by [`deflate_events_apart`]).
pub(crate) fn events_apart(v: ValueRef<'_>) -> bool {
    matches!(v, ValueRef::Blob(b) if b.first() == Some(&TAG_EVENTS_APART))
}

/// `json` deflated against the vocabulary of `kind` and then `text`, the article's text.
pub(crate) fn deflate_with_text(kind: Kind, text: &str, json: &[u8]) -> Result<Vec<u8>> {
    deflate_tagged(kind, TAG_TEXT_DICT, text, json)
}

fn deflate_tagged(kind: Kind, tag: u8, text: &str, json: &[u8]) -> Result<Vec<u8>> {
    with_coder(kind, |z, _| {
        z.reset();
        let dictionary = kind.dictionary(text, tag == TAG_TEXT_DICT);
        if !dictionary.is_empty() {
            z.set_dictionary(&dictionary).map_err(std::io::Error::other)?;
        }
        let mut out = Vec::with_capacity(json.len() / 2 + 64);
        out.push(tag);
        loop {
            let read = z.total_in() as usize;
            let status = z
                .compress_vec(&json[read..], &mut out, FlushCompress::Finish)
                .map_err(std::io::Error::other)?;
            if status == Status::StreamEnd {
                return Ok(out);
            }
            out.reserve(out.capacity().max(256));
        }
    })
}

/// The JSON of a stored value of `kind`: inflated when it is deflated, as it is when text.
pub(crate) fn json_of(kind: Kind, text: &str, v: ValueRef<'_>) -> Result<Vec<u8>> {
    match v {
        ValueRef::Blob(b) if b.first() == Some(&TAG_DICT_V1) => inflate(kind, text, false, &b[1..]),
        ValueRef::Blob(b) if b.first() == Some(&TAG_EVENTS_APART) && kind == Kind::Analysis => {
            inflate(kind, text, false, &b[1..])
        }
        ValueRef::Blob(b) if b.first() == Some(&TAG_TEXT_DICT) => inflate(kind, text, true, &b[1..]),
        // Schema versions 8–10 deflated analyses without a dictionary.
        ValueRef::Blob(b) if kind == Kind::Analysis => {
            let mut out = Vec::with_capacity(b.len() * 6);
            flate2::read::DeflateDecoder::new(b).read_to_end(&mut out)?;
            Ok(out)
        }
        ValueRef::Text(t) => Ok(t.to_vec()),
        other => {
            let kind = other.data_type();
            Err(StoreError::Sqlite(rusqlite::Error::InvalidColumnType(0, "packed JSON".into(), kind)))
        }
    }
}

fn inflate(kind: Kind, text: &str, with_text: bool, deflated: &[u8]) -> Result<Vec<u8>> {
    with_coder(kind, |_, z| {
        z.reset(false);
        let dictionary = kind.dictionary(text, with_text);
        if !dictionary.is_empty() {
            z.set_dictionary(&dictionary).map_err(std::io::Error::other)?;
        }
        let mut out = Vec::with_capacity(deflated.len() * 4 + 64);
        loop {
            let read = z.total_in() as usize;
            let before = (z.total_in(), z.total_out());
            let status = z
                .decompress_vec(&deflated[read..], &mut out, FlushDecompress::Finish)
                .map_err(std::io::Error::other)?;
            if status == Status::StreamEnd {
                return Ok(out);
            }
            if out.len() < out.capacity() && before == (z.total_in(), z.total_out()) {
                return Err(
                    std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "truncated packed value").into()
                );
            }
            out.reserve(out.capacity().max(256));
        }
    })
}

/// A value of `kind` (no text in its dictionary) from its stored form, parsed.
pub(crate) fn read<T: serde::de::DeserializeOwned>(kind: Kind, v: ValueRef<'_>) -> Result<T> {
    read_with_text(kind, "", v)
}

/// A value of `kind` of the article `text` from its stored form, parsed.
pub(crate) fn read_with_text<T: serde::de::DeserializeOwned>(
    kind: Kind,
    text: &str,
    v: ValueRef<'_>,
) -> Result<T> {
    serde_json::from_slice(&json_of(kind, text, v)?).map_err(StoreError::Json)
}

/// An optional value of `kind` from its stored form (NULL: none).
pub(crate) fn read_opt<T: serde::de::DeserializeOwned>(kind: Kind, v: ValueRef<'_>) -> Result<Option<T>> {
    match v {
        ValueRef::Null => Ok(None),
        v => read(kind, v).map(Some),
    }
}

/// The stored form of a value of `kind` (no text in its dictionary).
pub(crate) fn write<T: serde::Serialize + ?Sized>(kind: Kind, v: &T) -> Result<Vec<u8>> {
    deflate(kind, "", &serde_json::to_vec(v).map_err(StoreError::Json)?)
}

/// The stored form of an article's text: deflated.
pub(crate) fn pack_text(text: &str) -> Result<Vec<u8>> {
    deflate(Kind::Text, "", text.as_bytes())
}

/// An article's text from its stored form: deflated, or text (stores before version 12).
pub(crate) fn text_of(v: ValueRef<'_>) -> Result<String> {
    match v {
        ValueRef::Text(t) => utf8(t.to_vec()),
        v => utf8(json_of(Kind::Text, "", v)?),
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
}

/// The SQL function `eventwire_text(x)`: an article's text from its stored form, for the
/// full-text index's view of the documents (`docs_text`). Registered on every connection.
pub(crate) fn register_text_function(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("eventwire_text", 1, flags, |ctx| {
        let v = ctx.get_raw(0);
        match v {
            ValueRef::Null => Ok(None),
            v => text_of(v).map(Some).map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e))),
        }
    })
}

/// The stored form of an analysis of the article `text` (its source text) with its events
/// whole, as schema versions 11 to 14 wrote it (analysis_form.rs writes the current one).
#[cfg(test)]
pub(crate) fn pack(a: &Analysis, text: &str) -> Result<Vec<u8>> {
    deflate(Kind::Analysis, text, &serde_json::to_vec(a).map_err(StoreError::Json)?)
}

/// An analysis of the article `text` from its stored form.
pub(crate) fn unpack(v: ValueRef<'_>, text: &str) -> Result<Analysis> {
    serde_json::from_slice(&json_of(Kind::Analysis, text, v)?).map_err(StoreError::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_comes_back_the_same_packed_or_in_older_forms() {
        // A whole analysis, with places, events and figures.
        let (doc, a) = crate::tests::corpus().into_iter().max_by_key(|(_, a)| a.events.len()).unwrap();
        assert!(!a.events.is_empty());
        let text = &doc.source_text;
        let packed = pack(&a, text).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back = |v: ValueRef<'_>| serde_json::to_string(&unpack(v, text).unwrap()).unwrap();
        assert_eq!(back(ValueRef::Blob(&packed)), json);
        assert_eq!(back(ValueRef::Text(json.as_bytes())), json);
        // Schema versions 8–10: deflate without a dictionary.
        let mut old = flate2::write::DeflateEncoder::new(Vec::new(), Compression::fast());
        std::io::Write::write_all(&mut old, json.as_bytes()).unwrap();
        assert_eq!(back(ValueRef::Blob(&old.finish().unwrap())), json);
        // The text it quotes is the dictionary: deflated without it, it is larger.
        let alone = deflate(Kind::Analysis, "", json.as_bytes()).unwrap();
        assert!(packed.len() < alone.len(), "{} with the text, {} without", packed.len(), alone.len());
        assert!(packed.len() * 4 < json.len(), "{} bytes packed, {} as JSON", packed.len(), json.len());
        assert!(unpack(ValueRef::Blob(b"not deflate"), text).is_err());
        assert!(unpack(ValueRef::Blob(&[TAG_DICT_V1]), text).is_err());
        assert!(unpack(ValueRef::Null, text).is_err());
    }

    #[test]
    fn short_values_come_back_the_same_and_smaller() {
        let (_, a) = crate::tests::corpus().into_iter().max_by_key(|(_, a)| a.events.len()).unwrap();
        let e = a.events.iter().find(|e| e.place.is_some() && e.location.is_some()).unwrap();
        let place = crate::ingest::place_ref(e.place.as_ref().unwrap());
        let stored = write(Kind::Place, &place).unwrap();
        assert_eq!(read::<eventwire_fuse::PlaceRef>(Kind::Place, ValueRef::Blob(&stored)).unwrap(), place);
        assert!(stored.len() < serde_json::to_vec(&place).unwrap().len());
        let stored = write(Kind::Evidence, &e.evidence).unwrap();
        assert_eq!(
            read::<Vec<eventwire_model::Evidence>>(Kind::Evidence, ValueRef::Blob(&stored)).unwrap(),
            e.evidence
        );
        let json = serde_json::to_string(&e.location).unwrap();
        let text: Option<eventwire_model::EventLocation> =
            read_opt(Kind::Location, ValueRef::Text(json.as_bytes())).unwrap();
        assert_eq!(text, e.location);
        assert_eq!(read_opt::<eventwire_model::EventLocation>(Kind::Location, ValueRef::Null).unwrap(), None);
    }
}
