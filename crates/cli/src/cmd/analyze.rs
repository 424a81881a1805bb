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
    #[arg(long)]
    pub dct: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub data: DataDir,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::load(args.data.data_dir.as_deref()).context("loading knowledge files")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut all = Vec::new();
    for input in &args.inputs {
        for doc in eventwire_ingest::read_input(input) {
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
