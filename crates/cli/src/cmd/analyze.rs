//! `eventwire analyze`: the per-document JSON contract.

use super::DataDir;
use anyhow::Context;
use eventwire_analyze::Analyzer;
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default)]
pub enum Format {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// One JSON array of all documents.
    Json,
    /// Indented JSON objects.
    Pretty,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Document creation date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_parser = parse_dct)]
    pub dct: Option<String>,
    /// Largest input file (or JSONL line / WARC record) to read, in bytes.
    #[arg(long, default_value_t = eventwire_ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub data: DataDir,
}

/// `--dct` must be a real calendar date written `YYYY-MM-DD`.
fn parse_dct(s: &str) -> Result<String, String> {
    let bad = || format!("{s:?} is not a date written YYYY-MM-DD");
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let found = eventwire_ingest::find_dates(s);
    match found.first() {
        Some(f) if f.start == 0 && f.end == s.len() && f.readings.first().is_some_and(|r| r.value == s) => {
            Ok(s.to_string())
        }
        _ => Err(bad()),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data_dir = args.data.data_dir.as_deref();
    let analyzer = Analyzer::load(data_dir).context("loading knowledge files")?;
    let ingest = eventwire_ingest::Ingest::load(data_dir)
        .context("loading ingest knowledge files")?
        .with_max_bytes(args.max_bytes);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut all = Vec::new();
    for input in &args.inputs {
        for doc in ingest.read(input) {
            match doc {
                Ok(doc) => {
                    let a = analyzer.analyze(&doc, args.dct.as_deref());
                    match args.format {
                        Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&a)?)?,
                        Format::Pretty => writeln!(out, "{}", serde_json::to_string_pretty(&a)?)?,
                        Format::Json => all.push(a),
                    }
                }
                Err(e) => {
                    failed = true;
                    eprintln!("eventwire: {e}");
                }
            }
        }
    }
    if let Format::Json = args.format {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
