//! The store commands on a shared PostgreSQL store (`--db postgres://…`): ingest (at once, or
//! `--queue` for workers), `worker`, export, timeline, search and the report (`serve` is in
//! `serve.rs`). The corpus path is the
//! pipeline's, the same as for SQLite; only the store differs.

use super::corpus::{ExportArgs, IngestArgs, Progress, SearchArgs, TimelineArgs};
use super::DataDir;
use anyhow::{bail, Context};
use eventwire_pipeline::{
    IngestCounts, IngestEvent, IngestOptions, PgAccess, Pipeline, WorkEvent, WorkerOptions,
};
use eventwire_store::{EventFilter, ExportFormat, ReadStore, SearchQuery};
use eventwire_store_pg::PgStore;
use std::cell::RefCell;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// `eventwire worker`.
#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    /// The shared store: `postgresql://user@host/db` or `postgresql:///db?host=/socket/dir`.
    #[arg(long, env = "EVENTWIRE_DB")]
    pub db: String,
    #[command(flatten)]
    pub data: DataDir,
    /// Articles per claimed batch.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch_size: u64,
    /// Seconds a claimed batch is this worker's; past it, another worker takes it over.
    #[arg(long, default_value_t = 300.0)]
    pub lease: f64,
    /// Analysis threads (default: available cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Name shown on this worker's leases (default: host name and process id).
    #[arg(long)]
    pub name: Option<String>,
}

fn connect(url: &str) -> anyhow::Result<PgStore> {
    PgStore::connect(url).context("connecting to the PostgreSQL store")
}

fn load(data: &DataDir, jobs: Option<usize>) -> anyhow::Result<Pipeline> {
    let mut p = Pipeline::load(data.data_dir.as_deref()).context("loading knowledge files")?;
    if let Some(jobs) = jobs {
        p = p.with_jobs(jobs)?;
    }
    Ok(p)
}

/// `eventwire ingest --db postgres://…`: analysed and stored batch by batch, then the passes
/// and fusion, as into SQLite; with `--queue`, only added to the work queue for workers.
pub fn ingest(url: &str, a: IngestArgs) -> anyhow::Result<ExitCode> {
    let pipeline = load(&a.data, a.jobs)?.with_max_bytes(a.max_bytes);
    let store = PgAccess(RefCell::new(connect(url)?));
    let started = Instant::now();
    if a.queue {
        let mut errors = 0;
        let c = pipeline
            .enqueue(&store, pipeline.read(&a.inputs), a.dct.as_deref(), a.batch_size as usize, &mut |e| {
                errors += 1;
                eprintln!("eventwire: {e}");
            })
            .context("queueing")?;
        outln!(
            "queued {} of {} articles in {:.1}s ({} already stored or queued, {} errors); run `eventwire worker --db …`",
            c.queued,
            c.seen,
            started.elapsed().as_secs_f64(),
            c.skipped,
            c.errors
        );
        return Ok(if c.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    let opts = IngestOptions { batch_size: a.batch_size as usize, dct: a.dct.clone() };
    let mut progress = Progress::new(&a.inputs, a.plain);
    let mut counts = IngestCounts::default();
    let outcome = pipeline.ingest(&store, pipeline.read(&a.inputs), &opts, &mut |event| match event {
        IngestEvent::ReadError(e) => progress.note(&format!("eventwire: {e}")),
        IngestEvent::Read(c) => {
            counts = *c;
            progress.update(c, started, false);
        }
        IngestEvent::Committed(c) => {
            counts = *c;
            progress.update(c, started, true);
        }
        IngestEvent::Stored { .. } => {}
    });
    progress.update(&counts, started, true);
    progress.finish();
    let c = outcome.context("ingest")?.counts;
    let stats = store.0.borrow_mut().stats()?;
    let secs = started.elapsed().as_secs_f64();
    super::corpus::print_ingested(&c, secs)?;
    outln!(
        "store (PostgreSQL): {} documents ({} copies), {} events merged into {}",
        stats.documents,
        stats.duplicates,
        stats.events,
        stats.merged_events
    );
    Ok(if c.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `eventwire worker`: work the queue until it is empty, then finish the store.
pub fn worker(a: WorkerArgs) -> anyhow::Result<ExitCode> {
    if !eventwire_store_pg::is_postgres_url(&a.db) {
        bail!("--db {:?} is not a PostgreSQL URL (postgresql://…): workers share a PostgreSQL store", a.db);
    }
    if !(a.lease.is_finite() && a.lease > 0.0) {
        bail!("--lease must be a positive number of seconds");
    }
    let pipeline = load(&a.data, a.jobs)?;
    let store = PgAccess(RefCell::new(connect(&a.db)?));
    let name = a.name.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        format!("{}:{}", host.trim(), std::process::id())
    });
    let opts = WorkerOptions {
        batch_size: a.batch_size as usize,
        lease: Duration::from_secs_f64(a.lease),
        ..WorkerOptions::new(name.clone())
    };
    let started = Instant::now();
    let mut last_wait = None::<Instant>;
    let out = pipeline
        .work(&store, &opts, &mut |e| match e {
            WorkEvent::Stored(o) => {
                let rate = o.analysed as f64 / started.elapsed().as_secs_f64().max(1e-6);
                eprintln!(
                    "worker {name}: {} articles in {} batches, {rate:.1} articles/s",
                    o.analysed, o.batches
                );
            }
            WorkEvent::Waiting { waiting } => {
                if last_wait.is_none_or(|t| t.elapsed().as_secs() >= 10) {
                    last_wait = Some(Instant::now());
                    eprintln!("worker {name}: {waiting} articles leased by other workers; waiting");
                }
            }
            WorkEvent::Finishing => {
                eprintln!("worker {name}: queue empty; linking copies, cross-article passes, fusion")
            }
        })
        .context("worker")?;
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "worker {name}: analysed {} articles in {secs:.1}s ({:.1} articles/s){}{}",
        out.analysed,
        out.analysed as f64 / secs.max(1e-6),
        if out.lost > 0 { format!(", {} lost to expired leases", out.lost) } else { String::new() },
        match (&out.pass, &out.fused) {
            (Some(p), Some(f)) => format!(
                "; pass analysed {} again; {} events fused, {} merged events written",
                p.reanalysed, f.events, f.merged_events
            ),
            (None, Some(f)) =>
                format!("; {} events fused, {} merged events written", f.events, f.merged_events),
            _ => String::new(),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// A store ready to read: merged events brought up to date when stale.
pub fn open_existing(url: &str) -> anyhow::Result<PgStore> {
    let mut s = connect(url)?;
    if !s.is_fused()? {
        s.fuse().context("merging events")?;
    }
    Ok(s)
}

pub fn export(
    url: &str,
    a: &ExportArgs,
    format: ExportFormat,
    filter: &EventFilter,
) -> anyhow::Result<ExitCode> {
    let store = open_existing(url)?;
    let mut out = super::corpus::output(&a.output)?;
    let n = store.export(filter, format, &mut out)?;
    out.flush()?;
    if a.output.is_some() {
        eprintln!("exported {n} events");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(url: &str, a: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let entries = open_existing(url)?.timeline(&a.filter.filter()?)?;
    super::corpus::write_timeline(&entries, a.format)
}

pub fn search(url: &str, a: &SearchArgs, q: &SearchQuery) -> anyhow::Result<ExitCode> {
    let hits = open_existing(url)?.search(q)?;
    super::corpus::write_hits(&hits, a.format)
}
