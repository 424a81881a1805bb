//! The index files of a build directory: where they are looked for, written and read.

use super::record::FeatureKind;
use super::table::{Entry, Gazetteer, ENTRY_SIZE};
use super::top::Top;
use crate::error::PlacesError;
use crate::lexicon::Lexicon;
use fst::Map;
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"EWGAZ01\n";
const INDEX_FILE: &str = "gazetteer.bin";
const FST_FILE: &str = "names.fst";
/// The merged source records (with alternate names) that the index is built from.
pub const RECORDS_FILE: &str = "records.tsv";

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
