//! The gazetteer: a packed table of places, their names and admin codes, and the FST from
//! name keys to candidate lists.

use super::record::FeatureKind;
use super::top::Top;
use crate::lexicon::Lexicon;
use fst::Map;
use std::path::PathBuf;

/// A stored place (fixed size; strings live in the gazetteer's tables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub id: u32,
    pub lat: f32,
    pub lon: f32,
    pub pop: u32,
    pub(super) name_off: u32,
    pub(super) name_len: u8,
    pub cc: [u8; 2],
    /// Index into `codes` of "CC.A1" (0 = none).
    pub admin1: u32,
    /// Index into `codes` of "CC.A1.A2" (0 = none).
    pub admin2: u32,
    pub kind: FeatureKind,
}

pub(super) const ENTRY_SIZE: usize = 32;

/// A resolved gazetteer place, as returned by lookups.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonames_id: u64,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country_code: String,
    pub admin1: String,
    pub kind: FeatureKind,
    pub population: u64,
}

/// The gazetteer: places, their name index, and the recognition lexicon.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    pub(super) names: String,
    /// Interned admin codes; index 0 is the empty code.
    pub(super) codes: Vec<String>,
    pub(super) postings: Vec<u32>,
    pub(super) fst: Map<Vec<u8>>,
    /// Where the FST walk of a tagged key stands after its first two bytes (see `Top`).
    pub(super) top: Top,
    pub(crate) lexicon: Lexicon,
    /// Where the index was loaded from (None for in-memory gazetteers).
    pub source: Option<PathBuf>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.entries.len())
            .field("source", &self.source)
            .finish()
    }
}

impl Gazetteer {
    /// Number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The name of place `i`.
    pub(crate) fn name(&self, i: u32) -> &str {
        let e = &self.entries[i as usize];
        &self.names[e.name_off as usize..e.name_off as usize + e.name_len as usize]
    }

    /// Admin code `i` ("CC.A1", "CC.A1.A2"; "" for 0).
    pub(crate) fn code(&self, i: u32) -> &str {
        &self.codes[i as usize]
    }

    /// The country code of place `i` ("" for none).
    pub(crate) fn country_code(&self, i: u32) -> String {
        let cc = &self.entries[i as usize].cc;
        if cc.iter().all(|b| b.is_ascii_alphanumeric()) {
            // The usual two letters: no validation or trimming to do.
            return String::from_utf8_lossy(cc).into_owned();
        }
        match std::str::from_utf8(cc) {
            Ok(s) => s.trim_end_matches('\0').to_string(),
            Err(_) => String::from_utf8_lossy(cc).trim_end_matches('\0').to_string(),
        }
    }

    /// A public view of place `i`.
    pub(crate) fn place(&self, i: u32) -> Place {
        let e = &self.entries[i as usize];
        let a1 = self.code(e.admin1);
        Place {
            geonames_id: e.id as u64,
            name: self.name(i).to_string(),
            lat: e.lat as f64,
            lon: e.lon as f64,
            country_code: self.country_code(i),
            admin1: a1.split_once('.').map(|(_, a)| a.to_string()).unwrap_or_default(),
            kind: e.kind,
            population: e.pop as u64,
        }
    }
}

/// Importance used to order candidates (bigger first).
pub(crate) fn importance(kind: FeatureKind, pop: u64) -> f64 {
    let k: f64 = match kind {
        FeatureKind::Continent => 9.0,
        FeatureKind::WorldRegion => 8.5,
        FeatureKind::Country => 8.0,
        FeatureKind::Admin1 => 6.5,
        FeatureKind::Capital => 6.5,
        FeatureKind::Admin2 => 4.0,
        // cities500 places are all inhabited; population 0 means unknown.
        FeatureKind::Populated => 2.7,
    };
    k.max(((pop as f64) + 1.0).log10())
}
