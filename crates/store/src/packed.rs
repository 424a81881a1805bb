//! How a document's analysis is kept: its JSON, deflated. The JSON of an analysis is many
//! times the article's size (spans, readings, evidence) and compresses about sixfold; it is
//! read back whole, only when one document is asked for, so nothing queries inside it.
//! Stores written before schema version 8 hold plain JSON text, which is still read.

use crate::{Result, StoreError};
use eventwire_model::Analysis;
use rusqlite::types::ValueRef;
use std::io::{Read, Write};

/// The stored form of an analysis.
pub(crate) fn pack(a: &Analysis) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(a).map_err(StoreError::Json)?;
    // The fastest level: most of the gain, a small part of the cost of the higher ones.
    let mut z =
        flate2::write::DeflateEncoder::new(Vec::with_capacity(json.len() / 4), flate2::Compression::fast());
    z.write_all(&json)?;
    Ok(z.finish()?)
}

/// An analysis from its stored form: deflated JSON, or plain JSON text from an older store.
pub(crate) fn unpack(v: ValueRef<'_>) -> Result<Analysis> {
    let json: Vec<u8> = match v {
        ValueRef::Blob(b) => {
            let mut out = Vec::with_capacity(b.len() * 6);
            flate2::read::DeflateDecoder::new(b).read_to_end(&mut out)?;
            out
        }
        ValueRef::Text(t) => t.to_vec(),
        other => {
            let kind = other.data_type();
            return Err(StoreError::Sqlite(rusqlite::Error::InvalidColumnType(0, "analysis".into(), kind)));
        }
    };
    serde_json::from_slice(&json).map_err(StoreError::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_comes_back_the_same_packed_or_as_older_text() {
        // A whole analysis, with places, events and figures.
        let (_, a) = crate::tests::corpus().into_iter().max_by_key(|(_, a)| a.events.len()).unwrap();
        assert!(!a.events.is_empty());
        let packed = pack(&a).unwrap();
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::to_string(&unpack(ValueRef::Blob(&packed)).unwrap()).unwrap(), text);
        assert_eq!(serde_json::to_string(&unpack(ValueRef::Text(text.as_bytes())).unwrap()).unwrap(), text);
        assert!(packed.len() * 2 < text.len(), "{} bytes packed, {} as text", packed.len(), text.len());
        assert!(unpack(ValueRef::Blob(b"not deflate")).is_err());
        assert!(unpack(ValueRef::Null).is_err());
    }
}
