//! Places: a GeoNames gazetteer, toponym recognition and resolution.
//!
//! - [`Gazetteer`]: a packed record table plus an FST of name keys (exact and transliteration
//!   skeleton keys, see [`normalize`]), built by `scripts/setup.d/10-gazetteer.sh` into
//!   `data/gazetteer/build/` and loaded in milliseconds.
//! - [`PlaceTagger`]: finds place mentions in text (gazetteer matches guided by context,
//!   demonyms, unknown names in place slots) and resolves them (focus countries, admin
//!   hierarchy, proximity, population, relative locations).

pub mod atlas;
mod distance;
mod error;
pub mod eval;
mod gazetteer;
pub mod home;
pub mod lexicon;
pub mod normalize;
pub mod sources;
mod tagger;

pub use distance::haversine_km;
pub use error::PlacesError;
pub use gazetteer::{
    default_build_dir, index_dir_candidates, FeatureKind, Gazetteer, IndexBuilder, Place, PlaceRecord,
    RECORDS_FILE,
};
pub use tagger::PlaceTagger;

/// Read the records file of a build directory.
pub fn read_records(path: &std::path::Path) -> Result<Vec<PlaceRecord>, PlacesError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| PlacesError::Gazetteer { path: path.display().to_string(), message: e.to_string() })?;
    Ok(text.lines().filter_map(PlaceRecord::from_tsv).collect())
}

/// Read the demonyms file of a build directory (`word<TAB>CC`).
pub fn read_demonyms(path: &std::path::Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Write `records.tsv`, `demonyms.tsv` and the index into `dir`; returns the gazetteer.
pub fn write_build(
    dir: &std::path::Path,
    records: &[PlaceRecord],
    demonyms: &[(String, String)],
) -> Result<Gazetteer, PlacesError> {
    let e =
        |p: &std::path::Path, m: String| PlacesError::Gazetteer { path: p.display().to_string(), message: m };
    std::fs::create_dir_all(dir).map_err(|x| e(dir, x.to_string()))?;
    let mut out = String::with_capacity(records.len() * 120);
    for r in records {
        out.push_str(&r.to_tsv());
        out.push('\n');
    }
    let p = dir.join(RECORDS_FILE);
    std::fs::write(&p, out).map_err(|x| e(&p, x.to_string()))?;
    let d: String = demonyms.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
    let p = dir.join("demonyms.tsv");
    std::fs::write(&p, d).map_err(|x| e(&p, x.to_string()))?;
    let g = Gazetteer::from_records(records, demonyms);
    g.write_index(dir)?;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_known_distance() {
        // Mosul to Baghdad is about 350 km.
        let d = haversine_km(36.335, 43.119, 33.341, 44.401);
        assert!((340.0..370.0).contains(&d), "{d}");
    }

    #[test]
    fn index_round_trips_through_files() {
        let g = Gazetteer::fixture();
        let dir = tempfile::tempdir().unwrap();
        g.write_index(dir.path()).unwrap();
        let h = Gazetteer::load(Some(dir.path())).unwrap();
        assert_eq!(h.len(), g.len());
        let m = h.lookup("Mosul");
        assert_eq!(m[0].geonames_id, 99072);
        assert_eq!(h.lookup("Rakkah")[0].country_code, "SY");
        assert_eq!(h.demonym("Iraqi").unwrap().country_code, "IQ");
    }

    #[test]
    fn corrupt_index_is_an_error_not_a_panic() {
        let g = Gazetteer::fixture();
        let dir = tempfile::tempdir().unwrap();
        g.write_index(dir.path()).unwrap();
        let p = dir.path().join("gazetteer.bin");
        let mut b = std::fs::read(&p).unwrap();
        b.truncate(b.len() / 2);
        std::fs::write(&p, b).unwrap();
        let e = Gazetteer::load(Some(dir.path())).unwrap_err();
        assert!(e.to_string().contains("corrupt"), "{e}");
    }

    #[test]
    fn corrupt_candidate_lists_give_no_readings_not_a_panic() {
        let g = Gazetteer::fixture();
        let dir = tempfile::tempdir().unwrap();
        g.write_index(dir.path()).unwrap();
        let p = dir.path().join("gazetteer.bin");
        let mut b = std::fs::read(&p).unwrap();
        // The file ends with the candidate lists: point every id far past the places.
        let n = b.len();
        for x in b[n - 4 * 40..].iter_mut() {
            *x = 0xff;
        }
        std::fs::write(&p, b).unwrap();
        // Candidate lists are checked where they are read, not at load: the index loads, and
        // lookups give no readings instead of panicking.
        let h = Gazetteer::load(Some(dir.path())).expect("loads");
        let tagger = PlaceTagger::new(h);
        for name in ["Mosul", "Raqqa", "Iraq", "Erbil", "Kirkuk", "Hajin"] {
            let _ = tagger.gazetteer().lookup(name);
        }
        let _ = tagger.tag_text("Fighting in Mosul, Raqqa, Erbil and Kirkuk in Iraq and Syria.");
    }
}
