//! `eventwire analyze`: the per-document JSON contract.

use super::DataDir;
use eventwire_model::Analysis;
use eventwire_pipeline::AnalyzeEvent;
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
    /// Analysis threads (default: available cores); the output is the same for any number.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub jobs: Option<u64>,
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
    let mut pipeline = args.data.pipeline()?.with_max_bytes(args.max_bytes);
    if let Some(jobs) = args.jobs {
        pipeline = pipeline.with_jobs(jobs as usize)?;
    }
    let stdout = std::io::stdout();
    let mut out = Output { w: std::io::BufWriter::new(stdout.lock()), format: args.format, first: true };
    out.begin()?;
    let mut failed = false;
    // Articles are held until every input is read (an outlet's articles give each other a
    // home, dated articles date undated ones), then printed in input order.
    pipeline.analyze_inputs(&args.inputs, args.dct.as_deref(), |event| -> anyhow::Result<()> {
        match event {
            AnalyzeEvent::Analysis(a) => out.write(&a)?,
            AnalyzeEvent::ReadError(e) => {
                failed = true;
                eprintln!("eventwire: {e}");
            }
            AnalyzeEvent::HoldLimit { held } => eprintln!(
                "eventwire: more than {held} documents: outlet homes and dates from other articles come from \
                 the first {held} only (use `eventwire ingest` for corpus-wide passes)"
            ),
        }
        Ok(())
    })?;
    out.end()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
            Format::Jsonl => {
                serde_json::to_writer(&mut self.w, a)?;
                self.w.write_all(b"\n")?;
            }
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
