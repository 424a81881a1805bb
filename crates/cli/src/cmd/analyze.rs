//! `eventwire analyze`: the per-document JSON contract.

use super::DataDir;
use anyhow::Context;
use eventwire_analyze::Analyzer;
use eventwire_model::{Analysis, Document};
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

/// Most documents held back for cross-article dating; past this, output streams and the
/// remaining undated articles stay undated (the store does corpus-scale dating).
const CORPUS_DATING_MAX_DOCS: usize = 10_000;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data_dir = args.data.data_dir.as_deref();
    let analyzer = Analyzer::load(data_dir).context("loading knowledge files")?;
    let ingest = eventwire_ingest::Ingest::load(data_dir)
        .context("loading ingest knowledge files")?
        .with_max_bytes(args.max_bytes);
    let stdout = std::io::stdout();
    let mut out = Output { w: std::io::BufWriter::new(stdout.lock()), format: args.format, first: true };
    out.begin()?;
    let mut failed = false;
    // Documents and analyses held until every input is read, so that an outlet's articles can
    // give each other a home (`Analyzer::place_across`) and dated articles can date undated
    // ones (`Analyzer::date_across`). Printed in input order.
    let mut held: Vec<(Document, Analysis)> = Vec::new();
    let mut streaming = false;
    for input in &args.inputs {
        for doc in ingest.read(input) {
            match doc {
                Ok(doc) => {
                    let a = analyzer.analyze(&doc, args.dct.as_deref());
                    if streaming {
                        out.write(&a)?;
                        continue;
                    }
                    held.push((doc, a));
                    if held.len() >= CORPUS_DATING_MAX_DOCS {
                        eprintln!(
                            "eventwire: more than {CORPUS_DATING_MAX_DOCS} documents: dating undated articles from \
                             the first {CORPUS_DATING_MAX_DOCS} only (use `eventwire ingest` for corpus-wide dating)"
                        );
                        flush_held(&analyzer, &mut held, args.dct.as_deref(), &mut out)?;
                        streaming = true;
                    }
                }
                Err(e) => {
                    failed = true;
                    eprintln!("eventwire: {e}");
                }
            }
        }
    }
    flush_held(&analyzer, &mut held, args.dct.as_deref(), &mut out)?;
    out.end()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn flush_held(
    analyzer: &Analyzer,
    held: &mut Vec<(Document, Analysis)>,
    dct: Option<&str>,
    out: &mut Output<'_>,
) -> anyhow::Result<()> {
    let (docs, mut analyses): (Vec<Document>, Vec<Analysis>) = std::mem::take(held).into_iter().unzip();
    // Outlet homes first: the dating pass keeps each article's home.
    analyzer.place_across(&docs, &mut analyses, dct);
    analyzer.date_across(&docs, &mut analyses);
    for a in &analyses {
        out.write(a)?;
    }
    Ok(())
}

/// Writes analyses in the chosen format; `json` is one array, streamed element by element.
struct Output<'a> {
    w: std::io::BufWriter<std::io::StdoutLock<'a>>,
    format: Format,
    first: bool,
}

impl Output<'_> {
    fn begin(&mut self) -> anyhow::Result<()> {
        if let Format::Json = self.format {
            write!(self.w, "[")?;
        }
        Ok(())
    }

    fn write(&mut self, a: &Analysis) -> anyhow::Result<()> {
        match self.format {
            Format::Jsonl => writeln!(self.w, "{}", serde_json::to_string(a)?)?,
            Format::Pretty => writeln!(self.w, "{}", serde_json::to_string_pretty(a)?)?,
            Format::Json => {
                let sep = if self.first { "\n" } else { ",\n" };
                write!(self.w, "{sep}{}", serde_json::to_string_pretty(a)?)?;
            }
        }
        self.first = false;
        Ok(())
    }

    fn end(&mut self) -> anyhow::Result<()> {
        if let Format::Json = self.format {
            writeln!(self.w, "{}]", if self.first { "" } else { "\n" })?;
        }
        self.w.flush()?;
        Ok(())
    }
}
