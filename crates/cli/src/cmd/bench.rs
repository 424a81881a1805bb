//! `eventwire bench corpus`: generate a corpus of any size and measure what the scale goals
//! are about: analysis per core (JSON written), ingest throughput over time, peak memory and
//! store bytes per article. A benchmark, not a test: figures depend on the machine.

use super::DataDir;
use anyhow::{bail, Context};
use eventwire_ingest::Hints;
use eventwire_model::{DateSource, Document};
use eventwire_pipeline::{IngestEvent, IngestOptions, Pipeline};
use eventwire_store::synth::pool::{GenArticle, SentencePool};
use eventwire_store::Store;
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Generate N distinct wire-style articles; time `analyze` and `ingest` on them.
    Corpus(CorpusArgs),
    /// Fill a store with copies of its merged events (moved in time and space) up to N
    /// events, to benchmark the API and the web page on a big store. The copies have no
    /// sources, and the next ingest (which fuses again) drops them.
    Events(EventsArgs),
}

#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    /// The store: it must hold merged events (e.g. from `eventwire bench corpus --db`).
    #[arg(long)]
    pub db: PathBuf,
    /// Merged events the store holds at the end.
    #[arg(long, default_value_t = 1_000_000)]
    pub events: u64,
    /// Copies lie up to this many days from their event.
    #[arg(long, default_value_t = 730)]
    pub spread_days: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// Articles to generate.
    #[arg(long, default_value_t = 10_000)]
    pub articles: u64,
    /// Seed of the generator: the same seed and sentences give the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where sentences come from: `.tsv` files with a `text` column, or articles any reader
    /// takes; directories are walked (`.md` files skipped).
    #[arg(long, default_values_t = ["data/events/training".to_string(), "examples/articles".to_string()])]
    pub sentences: Vec<String>,
    /// Analysis threads (default: available cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Articles per ingest transaction.
    #[arg(long, default_value_t = eventwire_pipeline::DEFAULT_BATCH_SIZE)]
    pub batch_size: usize,
    /// Keep the store at this path (default: a temporary one, removed at the end).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Write the corpus as JSONL to this file and stop (to time `eventwire analyze` and
    /// `eventwire ingest` themselves).
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// Skip the analysis measurement.
    #[arg(long)]
    pub skip_analyze: bool,
    /// Skip the ingest measurement.
    #[arg(long)]
    pub skip_ingest: bool,
    #[command(flatten)]
    pub data: DataDir,
}

/// Articles analysed together in the analysis measurement.
const ANALYZE_CHUNK: u64 = 1_000;
/// Parts the ingest is cut into to show throughput over time.
const WINDOWS: usize = 10;

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Corpus(a) => corpus(a),
        Command::Events(a) => events(a),
    }
}

fn events(a: EventsArgs) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&a.db).with_context(|| format!("opening store {}", a.db.display()))?;
    let started = Instant::now();
    let added = store.replicate_merged(a.events, a.spread_days, a.seed)?;
    let total = store.stats()?.merged_events;
    println!(
        "events      {added} copies added in {:.1} s: {total} merged events",
        started.elapsed().as_secs_f64()
    );
    if total == 0 {
        bail!("the store holds no merged events to copy: ingest a corpus first");
    }
    Ok(ExitCode::SUCCESS)
}

fn corpus(a: CorpusArgs) -> anyhow::Result<ExitCode> {
    let mut pipeline = a.data.pipeline()?;
    if let Some(jobs) = a.jobs {
        pipeline = pipeline.with_jobs(jobs)?;
    }
    let pool = SentencePool::new(sentences(&pipeline, &a.sentences)?, a.seed)
        .context("the sentence sources gave fewer than two sentences")?;
    let threads = a.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    println!("corpus      {} articles from {} sentences (seed {})", a.articles, pool.len(), a.seed);
    if let Some(path) = &a.write {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for k in 0..a.articles {
            serde_json::to_writer(&mut w, &pool.article(k))?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        println!("written     {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let doc = |k: u64| document(&pipeline, pool.article(k));
    println!("threads     {threads}; memory after loading knowledge {:.0} MB", peak_rss_mb());
    if !a.skip_analyze {
        analyze(&pipeline, a.articles, &doc)?;
    }
    if !a.skip_ingest {
        let tmp = tempfile::tempdir()?;
        let db = a.db.clone().unwrap_or_else(|| tmp.path().join("bench.db"));
        if db.exists() {
            bail!("{} exists: give a new path to --db", db.display());
        }
        ingest(&pipeline, a.articles, a.batch_size, &db, &doc)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Analyse the corpus in chunks (with the cross-article passes within each) and write the
/// JSON of every analysis, as `eventwire analyze` does, to a byte counter.
fn analyze(pipeline: &Pipeline, n: u64, doc: &dyn Fn(u64) -> Document) -> anyhow::Result<()> {
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    let (mut text_bytes, mut out) = (0u64, Counter(0));
    let mut k = 0;
    while k < n {
        let docs: Vec<Document> = (k..(k + ANALYZE_CHUNK).min(n)).map(doc).collect();
        text_bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
        for analysis in pipeline.analyze_corpus(&docs, None) {
            serde_json::to_writer(&mut out, &analysis)?;
            out.write_all(b"\n")?;
        }
        k += docs.len() as u64;
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    println!(
        "analyze     {n} articles ({:.1} KB of text each), {:.0} MB of JSON",
        kb(text_bytes, n),
        mb(out.0)
    );
    println!(
        "            {wall:.1} s wall, {cpu:.1} s CPU: {:.0} articles/s, {:.0} articles/s per core (generation \
         included)",
        n as f64 / wall,
        n as f64 / cpu.max(1e-9)
    );
    println!("            peak RSS so far {:.0} MB", peak_rss_mb());
    Ok(())
}

/// Ingest the corpus into a fresh store; throughput per tenth of the articles, the
/// cross-article pass and fusion, peak RSS and what the store holds per article.
fn ingest(
    pipeline: &Pipeline,
    n: u64,
    batch_size: usize,
    db: &Path,
    doc: &dyn Fn(u64) -> Document,
) -> anyhow::Result<()> {
    reset_peak_rss();
    let store = RefCell::new(Store::open(db).with_context(|| format!("opening store {}", db.display()))?);
    let opts = IngestOptions { batch_size, dct: None };
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    // Articles seen, wall seconds and CPU seconds at each commit.
    let mut commits: Vec<(u64, f64, f64)> = vec![(0, 0.0, 0.0)];
    let outcome = pipeline.ingest(&store, (0..n).map(|k| Ok(doc(k))), &opts, &mut |e| {
        if let IngestEvent::Committed(c) = e {
            commits.push((c.seen, t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0));
        }
    })?;
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    let batches_s = commits.last().map_or(0.0, |c| c.1);
    let c = outcome.counts;
    println!(
        "ingest      {n} articles in {wall:.1} s wall, {cpu:.1} s CPU: {:.0} articles/s end to end; {} added, {} \
         near-copies linked",
        n as f64 / wall,
        c.added,
        c.duplicates
    );
    println!("            {:.0} articles per CPU second", n as f64 / cpu.max(1e-9));
    println!("            per tenth of the corpus, articles/s wall: {}", windows(&commits, n, |c| c.1));
    println!("            per tenth of the corpus, articles/CPU s:  {}", windows(&commits, n, |c| c.2));
    println!(
        "            batches {batches_s:.1} s, then cross-article pass and fusion {:.1} s",
        wall - batches_s
    );
    println!("            peak RSS during ingest {:.0} MB", peak_rss_mb());
    let path = store.borrow().path().map(Path::to_path_buf).unwrap_or_else(|| db.to_path_buf());
    drop(store); // closing checkpoints the WAL into the file
    let store = Store::open(&path)?;
    let file = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let space = store.space_by_table()?;
    let fts: u64 = space.iter().filter(|(name, _)| name.starts_with("docs_fts")).map(|(_, b)| b).sum();
    println!(
        "store       {:.0} MB: {:.1} KB per article, of which the full-text index {:.1} KB ({:.0} %)",
        mb(file),
        kb(file, n),
        kb(fts, n),
        100.0 * fts as f64 / file.max(1) as f64
    );
    let top: Vec<String> = space
        .iter()
        .filter(|(name, _)| !name.starts_with("docs_fts"))
        .take(6)
        .map(|(name, b)| format!("{name} {:.1}", kb(*b, n)))
        .collect();
    println!("            largest others (KB per article): {}", top.join(", "));
    Ok(())
}

/// Articles per second in each tenth of the corpus, from the commit times (`time` picks wall
/// or CPU seconds; CPU seconds do not count the time other processes take on a busy machine).
fn windows(commits: &[(u64, f64, f64)], n: u64, time: impl Fn(&(u64, f64, f64)) -> f64) -> String {
    let at = |seen: u64| -> (u64, f64, f64) {
        *commits.iter().find(|c| c.0 >= seen).unwrap_or(&commits[commits.len() - 1])
    };
    let mut rates = Vec::new();
    let mut from = commits[0];
    for w in 1..=WINDOWS {
        let to = at(n * w as u64 / WINDOWS as u64);
        if to.0 > from.0 && time(&to) > time(&from) {
            rates.push(format!("{:.0}", (to.0 - from.0) as f64 / (time(&to) - time(&from))));
            from = to;
        }
    }
    rates.join(" ")
}

/// Sentences of every source, in a fixed order.
fn sentences(pipeline: &Pipeline, sources: &[String]) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    for s in sources {
        collect_files(Path::new(s), &mut files).with_context(|| format!("reading sentence source {s}"))?;
    }
    let mut out = Vec::new();
    for f in files {
        if f.extension().is_some_and(|e| e == "tsv") {
            let text = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            out.extend(tsv_texts(&text));
        } else {
            for doc in pipeline.read(&[f.display().to_string()]) {
                let doc = doc?;
                let seg = eventwire_text::segment(&doc.text);
                out.extend(seg.sentences.iter().map(|s| doc.text[s.start..s.end].to_string()));
            }
        }
    }
    Ok(out)
}

/// The `text` column of a TSV file with a header line.
fn tsv_texts(tsv: &str) -> Vec<String> {
    let mut lines = tsv.lines();
    let Some(col) = lines.next().and_then(|h| h.split('\t').position(|c| c == "text")) else {
        return Vec::new();
    };
    lines.filter_map(|l| l.split('\t').nth(col)).map(str::to_string).collect()
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for e in entries {
            collect_files(&e, out)?;
        }
    } else if path.extension().is_none_or(|e| e != "md") {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// The document the JSONL reader would make of a generated article.
fn document(pipeline: &Pipeline, a: GenArticle) -> Document {
    let hints = Hints {
        title: Some(a.title),
        outlet: Some(a.outlet),
        url: Some(a.url),
        dates: vec![(a.published, DateSource::Field)],
        ..Default::default()
    };
    let id = a.id;
    // A generated text is never empty or oversized: the reader has no reason to refuse it.
    pipeline
        .reader()
        .document(&id, None, a.text, &hints, Vec::new())
        .expect("a generated article is readable")
}

/// Counts the bytes written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// User plus system CPU time of the whole process, all threads.
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete `rusage` into the pointer it is given.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return 0.0;
        }
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Peak resident memory (VmHWM) in MB; 0 where /proc is not there.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Start the peak-memory count afresh (Linux: writing 5 to clear_refs); best effort.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn kb(bytes: u64, n: u64) -> f64 {
    bytes as f64 / 1024.0 / n.max(1) as f64
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
