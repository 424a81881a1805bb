//! Store-backed commands: ingest, report, timeline, export, search.

use super::DataDir;
use anyhow::{bail, Context};
use eventwire_pipeline::{IngestCounts, IngestEvent, IngestOptions, STORE_DATING_MAX_DOCS};
use eventwire_store::{
    Bbox, EventFilter, EventScope, ExportFormat, ReadStore, ReportFormat, ReportOptions, SearchHit,
    SearchQuery, Store, TimelineEntry,
};
use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `--db`: the store file.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// Store file (or a directory to hold `eventwire.db`); default `./eventwire-data/eventwire.db`.
    /// A shared PostgreSQL store is a URL: `postgresql://user@host/db` or
    /// `postgresql:///db?host=/socket/dir`.
    #[arg(long, env = "EVENTWIRE_DB")]
    pub db: Option<PathBuf>,
}

impl DbArg {
    /// The PostgreSQL URL, when `--db` is one.
    fn postgres(&self) -> Option<String> {
        let db = self.db.as_ref()?.to_str()?;
        eventwire_store_pg::is_postgres_url(db).then(|| db.to_string())
    }

    fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(eventwire_store::default_path)
    }

    /// Open an existing store for reading (bringing merged events up to date if needed).
    fn open_existing(&self) -> anyhow::Result<Store> {
        let p = self.path();
        let file = if p.is_dir() { p.join("eventwire.db") } else { p.clone() };
        if !file.is_file() {
            bail!("no store at {} (run `eventwire ingest PATH...` first, or pass --db)", file.display());
        }
        let mut s = Store::open(&file).with_context(|| format!("opening store {}", file.display()))?;
        if !s.is_fused()? {
            s.fuse().context("merging events")?;
        }
        Ok(s)
    }
}

/// Event filters shared by report, timeline and export.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Events on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Place or admin area name (substring, case-insensitive).
    #[arg(long)]
    pub place: Option<String>,
    /// Actor name (substring, case-insensitive).
    #[arg(long)]
    pub actor: Option<String>,
    /// Event type or sub-event type (substring, case-insensitive).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_parser = parse_bbox)]
    pub bbox: Option<Bbox>,
    /// Only events reported by at least this many independent sources.
    #[arg(long)]
    pub min_sources: Option<usize>,
}

fn parse_bbox(s: &str) -> Result<Bbox, String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>().map_err(|_| format!("{x:?} is not a number")))
        .collect::<Result<_, _>>()?;
    match v.as_slice() {
        [a, b, c, d] if a <= c && b <= d && [a, b, c, d].iter().all(|x| x.is_finite()) => {
            Ok(Bbox { min_lon: *a, min_lat: *b, max_lon: *c, max_lat: *d })
        }
        _ => Err("expected min_lon,min_lat,max_lon,max_lat with min <= max".into()),
    }
}

fn check_date(d: &Option<String>, flag: &str) -> anyhow::Result<()> {
    if let Some(d) = d {
        if eventwire_fuse::dates::interval(d).is_none() {
            bail!("--{flag} {d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        }
    }
    Ok(())
}

impl FilterArgs {
    pub(super) fn filter(&self) -> anyhow::Result<EventFilter> {
        check_date(&self.from, "from")?;
        check_date(&self.to, "to")?;
        Ok(EventFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            bbox: self.bbox,
            actor: self.actor.clone(),
            event_type: self.event_type.clone(),
            place: self.place.clone(),
            min_sources: self.min_sources,
            scope: EventScope::Conflict,
            limit: None,
            offset: 0,
        })
    }
}

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub data: DataDir,
    /// Articles per transaction.
    #[arg(long, default_value_t = eventwire_pipeline::DEFAULT_BATCH_SIZE as u64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch_size: u64,
    /// Analysis threads (default: available cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Document creation date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long)]
    pub dct: Option<String>,
    /// Print plain progress lines even on a terminal.
    #[arg(long)]
    pub plain: bool,
    /// Largest input file (or JSONL line / WARC record) to read, in bytes: a larger one is
    /// reported as an error and skipped, and the rest of the input is stored.
    #[arg(long, default_value_t = eventwire_ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// PostgreSQL only: add the articles to the work queue without analysing them, for
    /// `eventwire worker` processes on any machines.
    #[arg(long)]
    pub queue: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default)]
pub enum ReportFmt {
    #[default]
    Md,
    Html,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFmt,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Report title.
    #[arg(long, default_value = "Situation report")]
    pub title: String,
    /// Most events listed as key developments (best-sourced first).
    #[arg(long, default_value_t = 60)]
    pub max_events: usize,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default)]
pub enum LineFmt {
    #[default]
    Text,
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: LineFmt,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ExportFmt {
    Jsonl,
    Csv,
    AcledCsv,
    Geojson,
}

/// Which events an export holds.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScopeArg {
    /// The conflict record: conflict events that are news of their articles.
    #[default]
    Conflict,
    /// Other news kept apart from it (disasters, crime, diplomacy, claims of responsibility).
    Other,
    /// Background mentions of past events.
    Historical,
    /// Everything stored.
    All,
}

impl ScopeArg {
    fn scope(self) -> EventScope {
        match self {
            ScopeArg::Conflict => EventScope::Conflict,
            ScopeArg::Other => EventScope::Other,
            ScopeArg::Historical => EventScope::Historical,
            ScopeArg::All => EventScope::All,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long, value_enum)]
    pub format: ExportFmt,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Which events: csv, acled-csv and geojson hold the conflict record only; jsonl may hold
    /// other news or background events too, each line saying its `scope` and `historical`.
    #[arg(long, value_enum, default_value_t)]
    pub scope: ScopeArg,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words to find (FTS5 syntax: "exact phrase", OR, NOT, prefix*).
    #[arg(required = true)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Articles published on or after this date.
    #[arg(long)]
    pub from: Option<String>,
    /// Articles published on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Articles mentioning this place (exact name, case-insensitive).
    #[arg(long)]
    pub place: Option<String>,
    /// Articles mentioning this actor (exact canonical name, case-insensitive).
    #[arg(long)]
    pub actor: Option<String>,
    /// Articles with an event of this type (substring).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: LineFmt,
}

pub(super) fn output(path: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Progress on a terminal (bar with rate and ETA) or as plain lines.
pub(super) enum Progress {
    Bar(indicatif::ProgressBar),
    Lines { last: Instant },
}

impl Progress {
    pub(super) fn new(inputs: &[String], plain: bool) -> Progress {
        if plain || !std::io::stderr().is_terminal() {
            return Progress::Lines { last: Instant::now() };
        }
        let total = estimate_total(inputs);
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} articles  {per_sec}  ETA {eta}  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress::Bar(bar)
    }

    pub(super) fn update(&mut self, c: &IngestCounts, started: Instant, force: bool) {
        let seen = c.seen;
        match self {
            Progress::Bar(b) => {
                b.set_position(seen);
                b.set_message(format!("{} added, {} known, {} copies", c.added, c.skipped, c.duplicates));
            }
            Progress::Lines { last } => {
                if force || last.elapsed().as_secs_f64() >= 2.0 {
                    *last = Instant::now();
                    let rate = seen as f64 / started.elapsed().as_secs_f64().max(1e-6);
                    eprintln!(
                        "ingest: {seen} read, {} added, {} already stored, {} copies, {} errors, {rate:.1} articles/s",
                        c.added, c.skipped, c.duplicates, c.errors
                    );
                }
            }
        }
    }

    /// Print a line without breaking the bar.
    pub(super) fn note(&self, line: &str) {
        match self {
            Progress::Bar(b) => b.suspend(|| eprintln!("{line}")),
            Progress::Lines { .. } => eprintln!("{line}"),
        }
    }

    pub(super) fn finish(&self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}

/// Number of articles for the progress bar: files, plus lines of JSON Lines files.
fn estimate_total(inputs: &[String]) -> u64 {
    // Only what the reader would read, and without blocking: directories once each (a symlink
    // loop is walked once), regular files only (a FIFO named `*.jsonl` is never opened),
    // hidden entries skipped.
    fn walk(p: &Path, top: bool, seen: &mut HashSet<PathBuf>, n: &mut u64) {
        let Ok(m) = std::fs::metadata(p) else { return };
        if m.is_dir() {
            let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            if !seen.insert(real) {
                return;
            }
            let Ok(rd) = std::fs::read_dir(p) else { return };
            for e in rd.flatten().filter(|e| !e.file_name().to_string_lossy().starts_with('.')) {
                walk(&e.path(), false, seen, n);
            }
        } else if !m.is_file() {
            // A pipe given by name (`<(cmd)`) is read, but not counted ahead.
            *n += u64::from(top);
        } else if p.extension().is_some_and(|e| e == "jsonl" || e == "ndjson") {
            if let Ok(f) = std::fs::File::open(p) {
                use std::io::BufRead;
                *n += std::io::BufReader::new(f).split(b'\n').count() as u64;
            }
        } else {
            *n += 1;
        }
    }
    let (mut n, mut seen) = (0, HashSet::new());
    for i in inputs {
        walk(Path::new(i), true, &mut seen, &mut n);
    }
    n
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<ExitCode> {
    if let Some(d) = &a.dct {
        if eventwire_fuse::dates::interval(d).is_none_or(|w| w.0 != w.1) {
            bail!("--dct {d:?} is not a date written YYYY-MM-DD");
        }
    }
    if let Some(url) = a.db.postgres() {
        return super::postgres::ingest(&url, a);
    }
    if a.queue {
        bail!("--queue needs a PostgreSQL store (--db postgresql://…): workers share one");
    }
    let path = a.db.path();
    let store = Store::open(&path).with_context(|| format!("opening store {}", path.display()))?;
    let mut pipeline = a.data.pipeline()?;
    if let Some(jobs) = a.jobs {
        pipeline = pipeline.with_jobs(jobs)?;
    }
    pipeline = pipeline.with_max_bytes(a.max_bytes);
    let opts = IngestOptions { batch_size: a.batch_size as usize, dct: a.dct.clone() };
    let started = Instant::now();
    let mut progress = Progress::new(&a.inputs, a.plain);
    let mut last_read = Instant::now();
    let mut counts = IngestCounts::default();
    let store = RefCell::new(store);
    let outcome = pipeline.ingest(&store, pipeline.read(&a.inputs), &opts, &mut |event| match event {
        IngestEvent::ReadError(e) => progress.note(&format!("eventwire: {e}")),
        IngestEvent::Read(c) => {
            counts = *c;
            last_read = Instant::now();
            progress.update(c, started, false);
        }
        IngestEvent::Committed(c) => {
            counts = *c;
            last_read = Instant::now();
            progress.update(c, started, true);
        }
        IngestEvent::Stored { .. } => {}
    });
    progress.update(&counts, started, true);
    progress.finish();
    let outcome = outcome.context("ingest")?;
    let store = store.into_inner();
    if let Some(pass) = &outcome.pass {
        if pass.homed > 0 {
            eprintln!("ingest: {} articles analysed again with their outlet's home", pass.homed);
        }
        if pass.dated > 0 {
            eprintln!("ingest: {} undated articles dated from other articles in the store", pass.dated);
        }
        if let Some(n) = pass.left_undated.filter(|n| *n > 0) {
            eprintln!(
                "ingest: {n} undated articles left undated (dating from other articles is limited to stores \
                 of {STORE_DATING_MAX_DOCS} articles)"
            );
        }
    }
    let c = outcome.counts;
    let stats = store.stats()?;
    let secs = started.elapsed().as_secs_f64();
    print_ingested(&c, secs)?;
    outln!(
        "store {}: {} documents ({} copies), {} events merged into {} ({:.1}s across articles)",
        store.path().map(|p| p.display().to_string()).unwrap_or_default(),
        stats.documents,
        stats.duplicates,
        stats.events,
        stats.merged_events,
        last_read.elapsed().as_secs_f64()
    );
    Ok(if c.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn report(a: ReportArgs) -> anyhow::Result<ExitCode> {
    let opts = ReportOptions { title: a.title.clone(), filter: a.filter.filter()?, max_events: a.max_events };
    let format = match a.format {
        ReportFmt::Md => ReportFormat::Markdown,
        ReportFmt::Html => ReportFormat::Html,
    };
    let text = match a.db.postgres() {
        Some(url) => super::postgres::open_existing(&url)?.report(&opts, format)?,
        None => a.db.open_existing()?.report(&opts, format)?,
    };
    let mut out = output(&a.output)?;
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(a: TimelineArgs) -> anyhow::Result<ExitCode> {
    if let Some(url) = a.db.postgres() {
        return super::postgres::timeline(&url, &a);
    }
    let store = a.db.open_existing()?;
    let entries = store.timeline(&a.filter.filter()?)?;
    write_timeline(&entries, a.format)
}

pub(super) fn write_timeline(entries: &[TimelineEntry], format: LineFmt) -> anyhow::Result<ExitCode> {
    let mut out = output(&None)?;
    for e in entries {
        match format {
            LineFmt::Jsonl => writeln!(out, "{}", serde_json::to_string(&e)?)?,
            LineFmt::Text => {
                let outlets: Vec<String> = e
                    .event
                    .sources
                    .iter()
                    .map(|s| s.outlet.clone().or(s.title.clone()).unwrap_or_else(|| format!("doc {}", s.doc)))
                    .collect();
                writeln!(out, "{}  [{}]", e.summary, outlets.join("; "))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = match a.format {
        ExportFmt::Jsonl => ExportFormat::Jsonl,
        ExportFmt::Csv => ExportFormat::Csv,
        ExportFmt::AcledCsv => ExportFormat::AcledCsv,
        ExportFmt::Geojson => ExportFormat::Geojson,
    };
    if format.holds_conflict_only() && a.scope != ScopeArg::Conflict {
        bail!(
            "--format {} holds conflict events only; use --format jsonl for --scope {}",
            clap::ValueEnum::to_possible_value(&a.format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default(),
            a.scope.scope().as_str()
        );
    }
    let filter = EventFilter { scope: a.scope.scope(), ..a.filter.filter()? };
    if let Some(url) = a.db.postgres() {
        return super::postgres::export(&url, &a, format, &filter);
    }
    let store = a.db.open_existing()?;
    let mut out = output(&a.output)?;
    let n = store.export(&filter, format, &mut out)?;
    out.flush()?;
    if a.output.is_some() {
        eprintln!("exported {n} events");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(a: SearchArgs) -> anyhow::Result<ExitCode> {
    check_date(&a.from, "from")?;
    check_date(&a.to, "to")?;
    let q = SearchQuery {
        query: a.query.join(" "),
        from: a.from.clone(),
        to: a.to.clone(),
        place: a.place.clone(),
        actor: a.actor.clone(),
        event_type: a.event_type.clone(),
        limit: Some(a.limit),
        offset: 0,
    };
    if let Some(url) = a.db.postgres() {
        return super::postgres::search(&url, &a, &q);
    }
    let hits = a.db.open_existing()?.search(&q)?;
    write_hits(&hits, a.format)
}

pub(super) fn write_hits(hits: &[SearchHit], format: LineFmt) -> anyhow::Result<ExitCode> {
    let color = std::io::stdout().is_terminal();
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    let mut out = output(&None)?;
    for h in hits {
        match format {
            LineFmt::Jsonl => {
                let v = serde_json::json!({
                    "doc": h.doc,
                    "rank": h.rank,
                    "snippet": h.highlight("[", "]", |s| s.to_string()),
                });
                writeln!(out, "{v}")?;
            }
            LineFmt::Text => {
                let d = &h.doc;
                writeln!(
                    out,
                    "{}  {} — {} ({})",
                    d.id,
                    d.title.as_deref().unwrap_or("(untitled)"),
                    d.outlet.as_deref().unwrap_or("unknown outlet"),
                    d.published.as_deref().unwrap_or("undated")
                )?;
                let snippet = h.highlight(open, close, |s| s.replace(['\n', '\r'], " "));
                writeln!(out, "    {snippet}")?;
            }
        }
    }
    out.flush()?;
    if hits.is_empty() {
        eprintln!("no matches");
    }
    Ok(ExitCode::SUCCESS)
}

/// The ingest summary line, the same for every store.
pub(crate) fn print_ingested(c: &eventwire_pipeline::IngestCounts, secs: f64) -> anyhow::Result<()> {
    outln!(
        "ingested {} articles in {secs:.1}s ({:.1} articles/s): {} added, {} already stored, {} copies, {} errors",
        c.seen,
        c.seen as f64 / secs.max(1e-6),
        c.added,
        c.skipped,
        c.duplicates,
        c.errors
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::estimate_total;

    #[test]
    fn estimate_walks_a_symlink_loop_once_and_never_opens_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "text").unwrap();
        std::fs::write(sub.join("b.jsonl"), "{}\n{}\n").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("up")).unwrap();
        std::os::unix::fs::symlink(&sub, dir.path().join("again")).unwrap();
        // Opening a FIFO for reading blocks until a writer comes: the estimate must not.
        let fifo = sub.join("pipe.jsonl");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        let n = estimate_total(&[dir.path().display().to_string()]);
        assert_eq!(n, 3, "a.txt once and b.jsonl's two lines once (fifo made: {made})");
    }
}
