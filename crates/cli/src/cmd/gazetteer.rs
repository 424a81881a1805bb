//! `eventwire gazetteer …`: build the default GeoNames gazetteer, import full GeoNames dumps,
//! look names up.

use anyhow::Context;
use eventwire_places::{sources, Gazetteer, RECORDS_FILE};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Build the index from the unpacked registry packages (what scripts/setup does).
    Build {
        /// Folder with the unpacked packages (default .cache/gazetteer/src).
        #[arg(long, default_value = ".cache/gazetteer/src")]
        source: PathBuf,
        /// Output folder (default: the repository's data/gazetteer/build).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Add GeoNames dumps (allCountries.txt, IQ.txt … and alternateNamesV2.txt) to the index.
    Import {
        /// Dump files; files named alternateNames*.txt are read as alternate names.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Index folder to update (default: the repository's data/gazetteer/build).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the places a name may refer to, best first.
    Lookup {
        name: String,
        /// At most this many places.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        data: super::DataDir,
    },
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Build { source, out } => {
            let out = out.unwrap_or_else(eventwire_places::default_build_dir);
            let built = sources::build_from_packages(&source)?;
            let g = eventwire_places::write_build(&out, &built.records, &built.demonyms)?;
            eprintln!(
                "gazetteer: {} places, {} demonyms -> {}",
                g.len(),
                built.demonyms.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { files, out } => {
            let out = out.unwrap_or_else(eventwire_places::default_build_dir);
            let records_path = out.join(RECORDS_FILE);
            let mut records = if records_path.is_file() {
                eventwire_places::read_records(&records_path)?
            } else {
                Vec::new()
            };
            let demonyms = eventwire_places::read_demonyms(&out.join("demonyms.tsv"));
            let mut places = Vec::new();
            let mut alts = Vec::new();
            for f in &files {
                let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
                let name = f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
                if name.starts_with("alternatenames") {
                    let a = sources::parse_alternate_names(&text);
                    eprintln!("{}: {} alternate names", f.display(), a.len());
                    alts.extend(a);
                } else {
                    let p = sources::parse_geonames_dump(&text);
                    if p.is_empty() {
                        anyhow::bail!(
                            "{}: no GeoNames records (expected the 19-column dump format)",
                            f.display()
                        );
                    }
                    eprintln!("{}: {} places", f.display(), p.len());
                    places.extend(p);
                }
            }
            sources::merge(&mut records, places, alts);
            let g = eventwire_places::write_build(&out, &records, &demonyms)?;
            eprintln!("gazetteer: {} places -> {}", g.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Lookup { name, limit, data } => {
            let g = Gazetteer::load(data.data_dir.as_deref())?;
            let found = g.lookup(&name);
            if found.is_empty() {
                eprintln!("{name}: not in the gazetteer");
                return Ok(ExitCode::from(1));
            }
            for p in found.into_iter().take(limit) {
                outln!(
                    "{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{:?}\t{}",
                    p.geonames_id,
                    p.name,
                    p.lat,
                    p.lon,
                    p.country_code,
                    p.admin1,
                    p.kind,
                    p.population
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
