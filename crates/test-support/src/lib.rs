//! What the workspace's tests share, so that `cargo test` passes on a fresh clone:
//!
//! - a **fixture gazetteer** (GeoNames records of the places the repository's own test articles
//!   name, `data/places.tsv`), written once as an index that the analysis loads like a build;
//!   [`data_dir`] gives it to the tests when the generated gazetteer (`scripts/setup`) is absent;
//! - the paths of the data that lives outside the repository (`../shared`: sample articles,
//!   evaluation sets), and the one way a test says that it skipped: `skipped: TEST: WHY` on
//!   stderr;
//! - comparing analyses as JSON ([`assert_same_by_id`]);
//! - a throwaway PostgreSQL + PostGIS cluster for tests of the shared store ([`PgCluster`]).
//!
//! ```no_run
//! let Some(seeds) = eventwire_test_support::seed_files("my_test") else { return };
//! let gazetteer = eventwire_places::Gazetteer::load(eventwire_test_support::data_dir()).unwrap();
//! ```

mod compare;
mod postgres;

pub use compare::{assert_same_by_id, first_difference};
pub use postgres::PgCluster;

use eventwire_places::{Gazetteer, PlaceRecord};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Whether the generated gazetteer (`scripts/setup`) is in the repository's default place.
pub fn gazetteer_built() -> bool {
    eventwire_places::default_build_dir().join("gazetteer.bin").is_file()
}

/// The data directory that tests of the analysis pass as `--data-dir` / `data_dir`: `None` (the
/// repository's data and its generated gazetteer) when the gazetteer is built, otherwise the
/// fixture data directory of [`fixture_data_dir`], which adds the fixture gazetteer to the
/// repository's data.
pub fn data_dir() -> Option<&'static Path> {
    (!gazetteer_built()).then(fixture_data_dir)
}

/// A data directory that holds only the fixture gazetteer's index (`gazetteer/build/`).
/// Written once per content under the system's temporary directory and shared by every test
/// process; each process that finds it missing writes it and moves it in place whole.
pub fn fixture_data_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        write_fixture_data_dir().unwrap_or_else(|e| panic!("writing the fixture gazetteer: {e}"))
    })
}

/// The fixture gazetteer, in memory.
pub fn fixture_gazetteer() -> Gazetteer {
    let records: Vec<PlaceRecord> =
        include_str!("../data/places.tsv").lines().filter_map(PlaceRecord::from_tsv).collect();
    let demonyms: Vec<(String, String)> = include_str!("../data/demonyms.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(word, cc)| (word.to_string(), cc.to_string()))
        .collect();
    Gazetteer::from_records(&records, &demonyms)
}

/// Write the fixture gazetteer's source records and demonyms (`records.tsv`, `demonyms.tsv`)
/// into `dir`: a build folder that `eventwire gazetteer import --out DIR` can add dumps to.
pub fn write_fixture_sources(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("records.tsv"), include_str!("../data/places.tsv"))?;
    std::fs::write(dir.join("demonyms.tsv"), include_str!("../data/demonyms.tsv"))
}

fn write_fixture_data_dir() -> std::io::Result<PathBuf> {
    let tmp = std::env::temp_dir();
    let staging =
        tmp.join(format!("eventwire-fixture-data.{}.{:?}", std::process::id(), std::thread::current().id()));
    let build = staging.join("gazetteer").join("build");
    fixture_gazetteer().write_index(&build).map_err(std::io::Error::other)?;
    // Named by what was written, so that a changed fixture or index format gets a new
    // directory and a stale one is never read.
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&build)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    names.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in &names {
        p.file_name().hash(&mut h);
        std::fs::read(p)?.hash(&mut h);
    }
    let dir = tmp.join(format!("eventwire-fixture-data-{:016x}", h.finish()));
    if !dir.join("gazetteer").join("build").join("gazetteer.bin").is_file() {
        // Another process may win the race: then its directory, the same bytes, is used.
        let _ = std::fs::rename(&staging, &dir);
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(dir)
}

/// `eventwire` (the binary at `exe`, `env!("CARGO_BIN_EXE_eventwire")`) as the tests run it:
/// the caller's $EVENTWIRE_DB and $EVENTWIRE_DATA removed, and the fixture gazetteer given
/// through $EVENTWIRE_DATA when the generated one is absent. An explicit `--data-dir` is looked
/// in first, so a test's own index still wins.
pub fn eventwire(exe: &str) -> Command {
    let mut c = Command::new(exe);
    c.env_remove("EVENTWIRE_DB").env_remove("EVENTWIRE_DATA");
    if let Some(d) = data_dir() {
        c.env("EVENTWIRE_DATA", d);
    }
    c
}

/// Say on stderr that `test` skipped, and why.
pub fn skip(test: &str, why: &str) {
    eprintln!("skipped: {test}: {why}");
}

/// Whether the generated gazetteer is built; when not, `test` says that it skipped.
pub fn gazetteer_or_skip(test: &str) -> bool {
    let built = gazetteer_built();
    if !built {
        skip(test, "no gazetteer build (run scripts/setup)");
    }
    built
}

/// `../shared/<rel>` (beside the repository, never copied into it) when it exists; when not,
/// `test` says that it skipped.
pub fn shared_or_skip(rel: &str, test: &str) -> Option<PathBuf> {
    let root = repo_root();
    let p = root.parent().unwrap_or(&root).join("shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    skip(test, &format!("no {} (../shared beside the repository)", p.display()));
    None
}

/// The seed articles, `../shared/examples/seeds/*.txt` in name order, or `None` (and `test`
/// says that it skipped).
pub fn seed_files(test: &str) -> Option<Vec<PathBuf>> {
    let dir = shared_or_skip("examples/seeds", test)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_data_dir_loads_as_a_gazetteer_build() {
        let g = Gazetteer::load(Some(fixture_data_dir())).unwrap();
        assert_eq!(g.len(), fixture_gazetteer().len());
        assert!(g.lookup("Saraqib").iter().any(|p| p.country_code == "SY"), "{:?}", g.lookup("Saraqib"));
        // Written once per content: a second call finds the same directory.
        assert_eq!(write_fixture_data_dir().unwrap(), fixture_data_dir());
    }
}
