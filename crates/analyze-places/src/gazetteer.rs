//! The gazetteer index: a packed record table plus an FST from name keys to candidates.

use crate::lexicon::Lexicon;
use crate::normalize::{norm_key, skeleton_key};
use crate::PlacesError;
use fst::{Map, MapBuilder};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Key tags in the FST: exact name, transliteration skeleton, demonym.
pub(crate) const TAG_EXACT: u8 = 1;
pub(crate) const TAG_SKEL: u8 = 2;
pub(crate) const TAG_DEMONYM: u8 = 3;

const MAGIC: &[u8; 8] = b"EWGAZ01\n";
const INDEX_FILE: &str = "gazetteer.bin";
const FST_FILE: &str = "names.fst";
/// The merged source records (with alternate names) that the index is built from.
pub const RECORDS_FILE: &str = "records.tsv";

/// GeoNames-style feature kind, in increasing order of "size".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum FeatureKind {
    /// A populated place (city, town, village).
    Populated = 0,
    /// A national capital.
    Capital = 1,
    /// Second-level administrative division (district, county).
    Admin2 = 2,
    /// First-level administrative division (province, governorate, state).
    Admin1 = 3,
    /// A country.
    Country = 4,
    /// A continent.
    Continent = 5,
    /// A region of several countries ("Middle East", "Sahel"): `world_regions.tsv`.
    WorldRegion = 6,
}

impl FeatureKind {
    fn from_u8(b: u8) -> Option<Self> {
        Some(match b {
            0 => FeatureKind::Populated,
            1 => FeatureKind::Capital,
            2 => FeatureKind::Admin2,
            3 => FeatureKind::Admin1,
            4 => FeatureKind::Country,
            5 => FeatureKind::Continent,
            6 => FeatureKind::WorldRegion,
            _ => return None,
        })
    }
    /// Short code used in records.tsv.
    pub fn code(self) -> &'static str {
        match self {
            FeatureKind::Populated => "PPL",
            FeatureKind::Capital => "PPLC",
            FeatureKind::Admin2 => "ADM2",
            FeatureKind::Admin1 => "ADM1",
            FeatureKind::Country => "PCLI",
            FeatureKind::Continent => "CONT",
            // Not GeoNames' RGN, which names any physical or cultural region.
            FeatureKind::WorldRegion => "WRGN",
        }
    }
    /// Parse a GeoNames feature code (`PPLA2`, `ADM1`, `PCLI` …); `None` for kinds not kept.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "PPLC" => FeatureKind::Capital,
            "ADM1" => FeatureKind::Admin1,
            "ADM2" => FeatureKind::Admin2,
            "PCLI" | "PCLD" | "PCLF" | "PCLS" | "PCL" | "PCLIX" | "TERR" => FeatureKind::Country,
            "CONT" => FeatureKind::Continent,
            "WRGN" => FeatureKind::WorldRegion,
            c if c.starts_with("PPL") && c != "PPLH" && c != "PPLW" && c != "PPLQ" => FeatureKind::Populated,
            _ => return None,
        })
    }
}

/// A place to build a gazetteer from (the build step, `gazetteer import`, test fixtures).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRecord {
    pub id: u64,
    pub name: String,
    pub alt_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code (empty for continents).
    pub country: String,
    /// GeoNames admin1 code within the country ("15" for Nineveh), empty when unknown.
    pub admin1: String,
    /// GeoNames admin2 code within admin1, empty when unknown.
    pub admin2: String,
    pub kind: FeatureKind,
    pub population: u64,
}

impl PlaceRecord {
    /// One records.tsv line.
    pub fn to_tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '|'], " ");
        let alts: Vec<String> = self.alt_names.iter().map(|a| clean(a)).collect();
        format!(
            "{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            clean(&self.name),
            self.lat,
            self.lon,
            self.country,
            self.admin1,
            self.admin2,
            self.kind.code(),
            self.population,
            alts.join("|")
        )
    }

    /// Parse a records.tsv line.
    pub fn from_tsv(line: &str) -> Option<Self> {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            return None;
        }
        Some(PlaceRecord {
            id: f[0].parse().ok()?,
            name: f[1].to_string(),
            lat: f[2].parse().ok()?,
            lon: f[3].parse().ok()?,
            country: f[4].to_string(),
            admin1: f[5].to_string(),
            admin2: f[6].to_string(),
            kind: FeatureKind::from_code(f[7])?,
            population: f[8].parse().ok()?,
            alt_names: f
                .get(9)
                .map(|a| a.split('|').filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default(),
        })
    }
}

/// A stored place (fixed size; strings live in the gazetteer's tables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub id: u32,
    pub lat: f32,
    pub lon: f32,
    pub pop: u32,
    name_off: u32,
    name_len: u8,
    pub cc: [u8; 2],
    /// Index into `codes` of "CC.A1" (0 = none).
    pub admin1: u32,
    /// Index into `codes` of "CC.A1.A2" (0 = none).
    pub admin2: u32,
    pub kind: FeatureKind,
}

const ENTRY_SIZE: usize = 32;

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

/// The first two levels below the exact and skeleton tags, walked once: the widest nodes of
/// the FST, which every lookup would otherwise decode again.
#[derive(Default)]
struct Top {
    /// (node address, output so far) after tag, byte, byte; indexed by `Top::slot`.
    after2: Vec<Option<(usize, u64)>>,
    /// Per `after2` slot that has a node, the first of its `KEY_BYTES` entries in `after3`
    /// (`u32::MAX`: none): the same after a third byte.
    block3: Vec<u32>,
    after3: Vec<Option<(usize, u64)>>,
}

/// Bytes of name and skeleton keys: a-z, 0-9 and the space.
const KEY_BYTES: usize = 37;

impl Top {
    fn byte_ix(b: u8) -> Option<usize> {
        match b {
            b'a'..=b'z' => Some((b - b'a') as usize),
            b'0'..=b'9' => Some(26 + (b - b'0') as usize),
            b' ' => Some(36),
            _ => None,
        }
    }

    fn slot(tag: u8, b0: u8, b1: u8) -> Option<usize> {
        let t = match tag {
            TAG_EXACT => 0,
            TAG_SKEL => 1,
            _ => return None,
        };
        Some((t * KEY_BYTES + Self::byte_ix(b0)?) * KEY_BYTES + Self::byte_ix(b1)?)
    }

    fn build(fst: &fst::raw::Fst<Vec<u8>>) -> Self {
        let mut after2 = vec![None; 2 * KEY_BYTES * KEY_BYTES];
        let step = |node: &fst::raw::Node<'_>, acc: fst::raw::Output, b: u8| {
            node.find_input(b).map(|i| {
                let t = node.transition(i);
                (t.addr, acc.cat(t.out))
            })
        };
        let alphabet: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain([b' ']).collect();
        for tag in [TAG_EXACT, TAG_SKEL] {
            let Some((a0, o0)) = step(&fst.root(), fst::raw::Output::zero(), tag) else { continue };
            let n0 = fst.node(a0);
            for &b0 in &alphabet {
                let Some((a1, o1)) = step(&n0, o0, b0) else { continue };
                let n1 = fst.node(a1);
                for &b1 in &alphabet {
                    if let (Some(slot), Some((a2, o2))) = (Self::slot(tag, b0, b1), step(&n1, o1, b1)) {
                        after2[slot] = Some((a2, o2.value()));
                    }
                }
            }
        }
        let mut block3 = vec![u32::MAX; after2.len()];
        let mut after3 = Vec::new();
        for (slot, a) in after2.iter().enumerate() {
            let Some((a2, o2)) = *a else { continue };
            let n2 = fst.node(a2);
            block3[slot] = after3.len() as u32;
            for &b2 in &alphabet {
                after3.push(step(&n2, fst::raw::Output::new(o2), b2).map(|(a3, o3)| (a3, o3.value())));
            }
        }
        Top { after2, block3, after3 }
    }

    /// The node after tag and three bytes: `Some(None)` when no key starts so, `None` when the
    /// table does not say (a byte outside the key alphabet).
    fn after3(&self, tag: u8, b: [u8; 3]) -> Option<Option<(usize, u64)>> {
        let slot = Self::slot(tag, b[0], b[1])?;
        let b2 = Self::byte_ix(b[2])?;
        let block = self.block3[slot];
        if block == u32::MAX {
            return Some(None);
        }
        Some(self.after3[block as usize + b2])
    }
}

/// The gazetteer: places, their name index, and the recognition lexicon.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    names: String,
    /// Interned admin codes; index 0 is the empty code.
    codes: Vec<String>,
    postings: Vec<u32>,
    fst: Map<Vec<u8>>,
    /// Where the FST walk of a tagged key stands after its first two bytes (see `Top`).
    top: Top,
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

fn err(path: &Path, message: impl Into<String>) -> PlacesError {
    PlacesError::Gazetteer { path: path.display().to_string(), message: message.into() }
}

/// The repository's default build directory.
pub fn default_build_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gazetteer/build"))
}

/// Where to look for the index: `data_dir/gazetteer/build`, `data_dir/gazetteer`, `data_dir`,
/// the same under $EVENTWIRE_DATA, then the repository's `data/gazetteer/build`.
pub fn index_dir_candidates(data_dir: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut add = |d: &Path| {
        out.push(d.join("gazetteer").join("build"));
        out.push(d.join("gazetteer"));
        out.push(d.to_path_buf());
    };
    if let Some(d) = data_dir {
        add(d);
    }
    if let Some(d) = std::env::var_os("EVENTWIRE_DATA") {
        add(Path::new(&d));
    }
    out.push(default_build_dir());
    out
}

impl Gazetteer {
    /// Load the gazetteer index (see [`index_dir_candidates`] for where) and the recognition
    /// lexicon (built-in lists plus `data_dir/gazetteer/*.txt` additions).
    pub fn load(data_dir: Option<&Path>) -> Result<Self, PlacesError> {
        let lexicon = Lexicon::load(data_dir)?;
        let candidates = index_dir_candidates(data_dir);
        let Some(dir) = candidates.iter().find(|d| d.join(INDEX_FILE).is_file()) else {
            return Err(err(
                &default_build_dir(),
                "no gazetteer index found (looked for gazetteer.bin under --data-dir, $EVENTWIRE_DATA and \
                 data/gazetteer/build): run scripts/setup to build it",
            ));
        };
        let mut g = Self::read_index(dir)?;
        g.lexicon = lexicon;
        Ok(g)
    }

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
            include_str!("fixture.tsv").lines().filter_map(PlaceRecord::from_tsv).collect();
        let dem = vec![("Iraqi".to_string(), "IQ".to_string()), ("Syrian".to_string(), "SY".to_string())];
        Self::from_records(&recs, &dem)
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn name(&self, i: u32) -> &str {
        let e = &self.entries[i as usize];
        &self.names[e.name_off as usize..e.name_off as usize + e.name_len as usize]
    }

    pub(crate) fn code(&self, i: u32) -> &str {
        &self.codes[i as usize]
    }

    /// Candidates for a tagged key, best first.
    pub(crate) fn get_tagged(&self, tag: u8, key: &str) -> &[u32] {
        let fst = self.fst.as_fst();
        let bytes = key.as_bytes();
        // Like `prefix_lookups`: start below the first two bytes when the table has them.
        let slot = match bytes {
            [b0, b1, ..] => Top::slot(tag, *b0, *b1),
            _ => None,
        };
        let (mut node, mut acc, from) = match slot {
            Some(slot) => {
                let Some((addr, out0)) = self.top.after2[slot] else { return &[] };
                (fst.node(addr), fst::raw::Output::new(out0), 2)
            }
            _ => {
                let root = fst.root();
                let Some(i) = root.find_input(tag) else { return &[] };
                let t = root.transition(i);
                (fst.node(t.addr), fst::raw::Output::zero().cat(t.out), 0)
            }
        };
        for &b in &bytes[from..] {
            let Some(i) = node.find_input(b) else { return &[] };
            let t = node.transition(i);
            acc = acc.cat(t.out);
            node = fst.node(t.addr);
        }
        if node.is_final() {
            self.postings_at(acc.cat(node.final_output()).value())
        } else {
            &[]
        }
    }

    /// All keys of one tag, without the tag byte (for small key sets such as demonyms).
    pub(crate) fn keys_with_tag(&self, tag: u8) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut st = self.fst.range().ge([tag]).lt([tag + 1]).into_stream();
        while let Some((k, _)) = st.next() {
            if let Ok(s) = std::str::from_utf8(&k[1..]) {
                out.push(s.to_string());
            }
        }
        out
    }

    /// Candidates of every prefix `key[..e]` (`e` in `ends`, ascending) under `tag`, appended
    /// to `out` in the order of `ends`: one walk down the FST instead of one lookup each.
    pub(crate) fn prefix_lookups<'s>(
        &'s self,
        tag: u8,
        key: &[u8],
        ends: &[usize],
        out: &mut Vec<&'s [u32]>,
    ) {
        let fst = self.fst.as_fst();
        let bytes = key;
        // Every prefix asked for passes through the first three (or two) bytes: start below.
        if let (Some(&e0), [b0, b1, b2, ..]) = (ends.first(), bytes) {
            if e0 >= 3 {
                if let Some(at) = self.top.after3(tag, [*b0, *b1, *b2]) {
                    let Some((addr, out0)) = at else {
                        out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                        return;
                    };
                    let node = fst.node(addr);
                    return self.walk(node, fst::raw::Output::new(out0), 3, bytes, ends, out);
                }
            }
        }
        if let (Some(&e0), [b0, b1, ..]) = (ends.first(), bytes) {
            if e0 >= 2 {
                if let Some(slot) = Top::slot(tag, *b0, *b1) {
                    let Some((addr, out0)) = self.top.after2[slot] else {
                        out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                        return;
                    };
                    let node = fst.node(addr);
                    return self.walk(node, fst::raw::Output::new(out0), 2, bytes, ends, out);
                }
            }
        }
        let mut node = fst.root();
        let mut acc = fst::raw::Output::zero();
        match node.find_input(tag) {
            Some(i) => {
                let t = node.transition(i);
                acc = acc.cat(t.out);
                node = fst.node(t.addr);
            }
            None => {
                out.extend(ends.iter().map(|_| -> &[u32] { &[] }));
                return;
            }
        }
        self.walk(node, acc, 0, bytes, ends, out)
    }

    /// The rest of `prefix_lookups` from `node`, reached by `bytes[..pos]` with output `acc`.
    fn walk<'s>(
        &'s self,
        mut node: fst::raw::Node<'s>,
        mut acc: fst::raw::Output,
        mut pos: usize,
        bytes: &[u8],
        ends: &[usize],
        out: &mut Vec<&'s [u32]>,
    ) {
        let fst = self.fst.as_fst();
        let mut alive = true;
        for &e in ends {
            while alive && pos < e.min(bytes.len()) {
                match node.find_input(bytes[pos]) {
                    Some(i) => {
                        let t = node.transition(i);
                        acc = acc.cat(t.out);
                        node = fst.node(t.addr);
                        pos += 1;
                    }
                    None => alive = false,
                }
            }
            if alive && pos == e && node.is_final() {
                out.push(self.postings_at(acc.cat(node.final_output()).value()));
            } else {
                out.push(&[]);
            }
        }
    }

    /// The candidate list stored at `off` (empty when out of bounds).
    fn postings_at(&self, off: u64) -> &[u32] {
        let off = off as usize;
        let Some(&n) = self.postings.get(off) else { return &[] };
        let ids = self.postings.get(off + 1..off + 1 + n as usize).unwrap_or(&[]);
        if ids.iter().any(|&i| i as usize >= self.entries.len()) {
            return &[];
        }
        ids
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

    /// Places whose name (exact or transliteration skeleton) matches `name`, best first.
    pub fn lookup(&self, name: &str) -> Vec<Place> {
        let key = norm_key(name);
        let mut ids: Vec<u32> = self.get_tagged(TAG_EXACT, &key).to_vec();
        for &i in self.get_tagged(TAG_SKEL, &skeleton_key(&key)) {
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
        ids.into_iter().map(|i| self.place(i)).collect()
    }

    /// Country code for a demonym ("Iraqi" → IQ), if known.
    pub fn demonym(&self, word: &str) -> Option<Place> {
        self.get_tagged(TAG_DEMONYM, &norm_key(word)).first().map(|&i| self.place(i))
    }

    /// Write the index files into `dir`.
    pub fn write_index(&self, dir: &Path) -> Result<(), PlacesError> {
        std::fs::create_dir_all(dir).map_err(|e| err(dir, e.to_string()))?;
        let mut buf: Vec<u8> = Vec::with_capacity(self.entries.len() * ENTRY_SIZE + self.names.len() + 1024);
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for e in &self.entries {
            buf.extend_from_slice(&e.id.to_le_bytes());
            buf.extend_from_slice(&e.lat.to_le_bytes());
            buf.extend_from_slice(&e.lon.to_le_bytes());
            buf.extend_from_slice(&e.pop.to_le_bytes());
            buf.extend_from_slice(&e.name_off.to_le_bytes());
            buf.push(e.name_len);
            buf.push(e.kind as u8);
            buf.extend_from_slice(&e.cc);
            buf.extend_from_slice(&e.admin1.to_le_bytes());
            buf.extend_from_slice(&e.admin2.to_le_bytes());
        }
        buf.extend_from_slice(&(self.names.len() as u32).to_le_bytes());
        buf.extend_from_slice(self.names.as_bytes());
        buf.extend_from_slice(&(self.codes.len() as u32).to_le_bytes());
        for c in &self.codes {
            buf.extend_from_slice(&(c.len() as u16).to_le_bytes());
            buf.extend_from_slice(c.as_bytes());
        }
        buf.extend_from_slice(&(self.postings.len() as u32).to_le_bytes());
        for p in &self.postings {
            buf.extend_from_slice(&p.to_le_bytes());
        }
        let write = |name: &str, bytes: &[u8]| -> Result<(), PlacesError> {
            let path = dir.join(name);
            let tmp = dir.join(format!("{name}.tmp"));
            let mut f = std::fs::File::create(&tmp).map_err(|e| err(&tmp, e.to_string()))?;
            f.write_all(bytes).map_err(|e| err(&tmp, e.to_string()))?;
            std::fs::rename(&tmp, &path).map_err(|e| err(&path, e.to_string()))
        };
        write(FST_FILE, self.fst.as_fst().as_bytes())?;
        write(INDEX_FILE, &buf)
    }

    fn read_index(dir: &Path) -> Result<Self, PlacesError> {
        let path = dir.join(INDEX_FILE);
        let bytes = std::fs::read(&path).map_err(|e| err(&path, e.to_string()))?;
        let fst_path = dir.join(FST_FILE);
        let fst_bytes = std::fs::read(&fst_path).map_err(|e| err(&fst_path, e.to_string()))?;
        let fst = Map::new(fst_bytes).map_err(|e| err(&fst_path, e.to_string()))?;
        let bad = || err(&path, "corrupt or truncated index: rebuild it with scripts/setup");
        if !bytes.starts_with(MAGIC) {
            return Err(err(&path, "not a gazetteer index of this version: rebuild it with scripts/setup"));
        }
        let mut r = Reader { b: &bytes, pos: MAGIC.len() };
        let n = r.u32().ok_or_else(bad)? as usize;
        let raw = r.take(n.checked_mul(ENTRY_SIZE).ok_or_else(bad)?).ok_or_else(bad)?;
        let names_len = r.u32().ok_or_else(bad)? as usize;
        let names = std::str::from_utf8(r.take(names_len).ok_or_else(bad)?).map_err(|_| bad())?.to_string();
        let n_codes = r.u32().ok_or_else(bad)? as usize;
        let mut codes = Vec::with_capacity(n_codes);
        for _ in 0..n_codes {
            let l = r.u16().ok_or_else(bad)? as usize;
            codes.push(std::str::from_utf8(r.take(l).ok_or_else(bad)?).map_err(|_| bad())?.to_string());
        }
        let n_post = r.u32().ok_or_else(bad)? as usize;
        let praw = r.take(n_post.checked_mul(4).ok_or_else(bad)?).ok_or_else(bad)?;
        let postings: Vec<u32> =
            praw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let mut entries = Vec::with_capacity(n);
        for c in raw.chunks_exact(ENTRY_SIZE) {
            let u32at = |o: usize| u32::from_le_bytes([c[o], c[o + 1], c[o + 2], c[o + 3]]);
            let e = Entry {
                id: u32at(0),
                lat: f32::from_bits(u32at(4)),
                lon: f32::from_bits(u32at(8)),
                pop: u32at(12),
                name_off: u32at(16),
                name_len: c[20],
                kind: FeatureKind::from_u8(c[21]).ok_or_else(bad)?,
                cc: [c[22], c[23]],
                admin1: u32at(24),
                admin2: u32at(28),
            };
            let end = e.name_off as usize + e.name_len as usize;
            if end > names.len()
                || !names.is_char_boundary(e.name_off as usize)
                || !names.is_char_boundary(end)
                || e.admin1 as usize >= codes.len().max(1)
                || e.admin2 as usize >= codes.len().max(1)
            {
                return Err(bad());
            }
            entries.push(e);
        }
        // Candidate lists are bounds-checked where they are read (`postings_at`), so a corrupt
        // index gives no readings rather than a panic, and loading stays fast.
        let top = Top::build(fst.as_fst());
        Ok(Gazetteer {
            entries,
            names,
            codes,
            postings,
            top,
            fst,
            lexicon: Lexicon::default(),
            source: Some(dir.into()),
        })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|c| u16::from_le_bytes([c[0], c[1]]))
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

#[cfg(test)]
mod lookup_tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};

    fn plain<'g>(g: &'g Gazetteer, tag: u8, key: &[u8]) -> &'g [u32] {
        let mut full = vec![tag];
        full.extend_from_slice(key);
        g.fst.get(&full).map_or(&[][..], |v| g.postings_at(v))
    }

    /// Lookups started from the precomputed two- and three-byte tables answer like plain
    /// walks from the root: for a sample of stored keys, their prefixes and near misses.
    #[test]
    fn table_started_lookups_match_plain_walks() {
        check_lookups(&Gazetteer::fixture());
        // The full index too, where it is built.
        if let Ok(g) = Gazetteer::load(None) {
            check_lookups(&g);
        }
    }

    fn check_lookups(g: &Gazetteer) {
        let mut checked = 0;
        for tag in [TAG_EXACT, TAG_SKEL, TAG_DEMONYM] {
            let mut st = g.fst.range().ge([tag]).lt([tag + 1]).into_stream();
            let mut n = 0usize;
            let mut sampled = 0;
            while let Some((k, _)) = st.next() {
                n += 1;
                if n % 101 != 1 {
                    continue;
                }
                sampled += 1;
                let key = k[1..].to_vec();
                let mut near = key.clone();
                if let Some(last) = near.last_mut() {
                    *last = if *last == b'q' { b'x' } else { b'q' };
                }
                for key in [key, near] {
                    let Ok(s) = std::str::from_utf8(&key) else { continue };
                    let ends: Vec<usize> = (1..=key.len()).collect();
                    let mut out = Vec::new();
                    g.prefix_lookups(tag, &key, &ends, &mut out);
                    for (&e, got) in ends.iter().zip(&out) {
                        assert_eq!(*got, plain(g, tag, &key[..e]), "{tag} {s:?} ..{e}");
                        assert_eq!(g.get_tagged(tag, &s[..e]), plain(g, tag, &key[..e]), "{tag} {s:?} ..{e}");
                        checked += usize::from(!got.is_empty());
                    }
                }
                if sampled >= 3000 {
                    break;
                }
            }
        }
        assert!(checked > 0, "no stored key was looked up");
    }
}
