//! Building a gazetteer from records: names and respellings keyed into one FST.

use super::record::{FeatureKind, PlaceRecord};
use super::table::{importance, Entry, Gazetteer};
use super::top::{Top, TAG_DEMONYM, TAG_EXACT, TAG_SKEL};
use crate::lexicon::Lexicon;
use crate::normalize::{norm_key, skeleton_key};
use fst::{Map, MapBuilder};
use std::collections::BTreeSet;

impl Gazetteer {
    /// Build an in-memory gazetteer from records (fixtures, tests of other crates).
    /// `demonyms` maps adjectives ("Iraqi") to ISO country codes.
    pub fn from_records(records: &[PlaceRecord], demonyms: &[(String, String)]) -> Self {
        let mut b = IndexBuilder::new(&Lexicon::builtin());
        for r in records {
            b.add(r);
        }
        for (d, cc) in demonyms {
            b.add_demonym(d, cc);
        }
        let mut g = b.finish();
        g.lexicon = Lexicon::builtin();
        g
    }

    /// A small built-in fixture gazetteer (a few Iraqi and Syrian places with GeoNames ids and
    /// coordinates) for tests of other crates that must not depend on the full build.
    pub fn fixture() -> Self {
        let recs: Vec<PlaceRecord> =
            include_str!("../fixture.tsv").lines().filter_map(PlaceRecord::from_tsv).collect();
        let dem = vec![("Iraqi".to_string(), "IQ".to_string()), ("Syrian".to_string(), "SY".to_string())];
        Self::from_records(&recs, &dem)
    }
}

/// Builds the index from records.
pub struct IndexBuilder {
    entries: Vec<Entry>,
    imp: Vec<f64>,
    names: String,
    codes: Vec<String>,
    code_ix: std::collections::HashMap<String, u32>,
    keys: Vec<(Vec<u8>, u32)>,
    skeleton_countries: BTreeSet<String>,
}

impl IndexBuilder {
    /// A builder; `lexicon` says which countries get transliteration skeleton keys.
    pub fn new(lexicon: &Lexicon) -> Self {
        let mut code_ix = std::collections::HashMap::new();
        code_ix.insert(String::new(), 0);
        IndexBuilder {
            entries: Vec::new(),
            imp: Vec::new(),
            names: String::new(),
            codes: vec![String::new()],
            code_ix,
            keys: Vec::new(),
            skeleton_countries: lexicon.skeleton_countries.clone(),
        }
    }

    fn intern(&mut self, code: String) -> u32 {
        if let Some(&i) = self.code_ix.get(&code) {
            return i;
        }
        let i = self.codes.len() as u32;
        self.codes.push(code.clone());
        self.code_ix.insert(code, i);
        i
    }

    /// Add one place with its names.
    pub fn add(&mut self, r: &PlaceRecord) {
        let idx = self.entries.len() as u32;
        let cc = r.country.as_bytes();
        let cc = [cc.first().copied().unwrap_or(0), cc.get(1).copied().unwrap_or(0)];
        let a1 = if r.admin1.is_empty() { 0 } else { self.intern(format!("{}.{}", r.country, r.admin1)) };
        let a2 = if r.admin2.is_empty() || r.admin1.is_empty() {
            0
        } else {
            self.intern(format!("{}.{}.{}", r.country, r.admin1, r.admin2))
        };
        let name_off = self.names.len() as u32;
        let mut name = String::new();
        for c in r.name.chars() {
            if name.len() + c.len_utf8() > 255 {
                break;
            }
            name.push(c);
        }
        self.names.push_str(&name);
        self.entries.push(Entry {
            id: r.id.min(u32::MAX as u64) as u32,
            lat: r.lat as f32,
            lon: r.lon as f32,
            pop: r.population.min(u32::MAX as u64) as u32,
            name_off,
            name_len: name.len() as u8,
            cc,
            admin1: a1,
            admin2: a2,
            kind: r.kind,
        });
        self.imp.push(importance(r.kind, r.population));
        let skel = self.skeleton_countries.contains(&r.country);
        let mut seen = BTreeSet::new();
        for n in std::iter::once(&r.name).chain(r.alt_names.iter()) {
            let k = norm_key(n);
            if k.is_empty() || k.len() > 120 || !seen.insert(k.clone()) {
                continue;
            }
            if skel {
                let s = skeleton_key(&k);
                // One-letter skeletons match far too much.
                if s.len() >= 2 {
                    let mut kb = vec![TAG_SKEL];
                    kb.extend_from_slice(s.as_bytes());
                    self.keys.push((kb, idx));
                }
            }
            let mut kb = vec![TAG_EXACT];
            kb.extend_from_slice(k.as_bytes());
            self.keys.push((kb, idx));
        }
    }

    /// Add a demonym for the country with ISO code `cc` (must be added as a country record).
    pub fn add_demonym(&mut self, word: &str, cc: &str) {
        let cc_b = cc.as_bytes();
        let Some(idx) = self
            .entries
            .iter()
            .position(|e| e.kind == FeatureKind::Country && e.cc[..] == cc_b[..cc_b.len().min(2)])
        else {
            return;
        };
        let k = norm_key(word);
        if k.is_empty() {
            return;
        }
        let mut kb = vec![TAG_DEMONYM];
        kb.extend_from_slice(k.as_bytes());
        self.keys.push((kb, idx as u32));
    }

    /// Sort the keys and build the FST.
    pub fn finish(mut self) -> Gazetteer {
        let imp = std::mem::take(&mut self.imp);
        self.keys.sort_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| imp[b.1 as usize].total_cmp(&imp[a.1 as usize])).then(a.1.cmp(&b.1))
        });
        self.keys.dedup();
        let mut postings = Vec::new();
        let mut mb = MapBuilder::memory();
        let mut i = 0;
        while i < self.keys.len() {
            let mut j = i;
            while j < self.keys.len() && self.keys[j].0 == self.keys[i].0 {
                j += 1;
            }
            let off = postings.len() as u64;
            // Keep the 64 best candidates of very common names.
            let n = (j - i).min(64);
            postings.push(n as u32);
            postings.extend(self.keys[i..i + n].iter().map(|k| k.1));
            // Keys are sorted and unique, so insert cannot fail.
            let _ = mb.insert(&self.keys[i].0, off);
            i = j;
        }
        let bytes = mb.into_inner().unwrap_or_default();
        let fst = Map::new(bytes).unwrap_or_default();
        let top = Top::build(fst.as_fst());
        Gazetteer {
            entries: self.entries,
            names: self.names,
            codes: self.codes,
            postings,
            top,
            fst,
            lexicon: Lexicon::default(),
            source: None,
        }
    }
}
