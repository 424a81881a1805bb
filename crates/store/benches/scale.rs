//! Scale benchmark: generate, analyse and ingest N articles into a fresh on-disk store
//! (batches of 200, one transaction each), then merge events; report articles/s and peak
//! RSS (VmHWM). Articles are generated one batch at a time: the corpus is never in memory.
//!
//! `cargo bench -p eventwire-store --bench scale -- --articles 100000`
//! (default 2,000; `--jobs N` analysis threads, default all cores; `--keep DIR` keeps the store).

use eventwire_analyze::Analyzer;
use eventwire_ingest::{Hints, Ingest};
use eventwire_model::DateSource;
use eventwire_store::{synth, Store};
use std::time::Instant;

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = arg(&args, "--articles").and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let jobs: usize = arg(&args, "--jobs")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = arg(&args, "--keep").map(std::path::PathBuf::from).unwrap_or_else(|| tmp.path().to_path_buf());
    let db = dir.join("scale.db");
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db).expect("store");
    let analyzer = Analyzer::load(None).expect("analyzer");
    let reader = Ingest::load(None).expect("ingest");
    let hwm_loaded = vm_hwm_kib().unwrap_or(0);

    let started = Instant::now();
    let mut analyse_s = 0.0;
    let mut store_s = 0.0;
    let mut bytes = 0u64;
    let mut dups = 0;
    let batch = 200u64;
    let mut i = 0u64;
    while i < n {
        let end = (i + batch).min(n);
        let t = Instant::now();
        let docs: Vec<_> = (i..end)
            .map(|k| {
                let a = synth::article(1, k);
                bytes += a.text.len() as u64;
                let hints = Hints {
                    title: Some(a.title.clone()),
                    dates: vec![(a.published.clone(), DateSource::Field)],
                    ..Default::default()
                };
                reader.document(&a.id, None, a.text, &hints, Vec::new()).expect("document")
            })
            .collect();
        let chunk = docs.len().div_ceil(jobs.max(1));
        let items: Vec<_> = std::thread::scope(|s| {
            let hs: Vec<_> = docs
                .chunks(chunk)
                .map(|part| {
                    let analyzer = &analyzer;
                    s.spawn(move || {
                        part.iter().map(|d| (d.clone(), analyzer.analyze(d, None))).collect::<Vec<_>>()
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().expect("thread")).collect()
        });
        analyse_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        dups += store.add_batch(&items).expect("batch").duplicates;
        store_s += t.elapsed().as_secs_f64();
        i = end;
        if i.is_multiple_of(10_000) {
            eprintln!("{i} articles, {:.0} articles/s", i as f64 / started.elapsed().as_secs_f64());
        }
    }
    let t = Instant::now();
    let fused = store.fuse().expect("fuse");
    let fuse_s = t.elapsed().as_secs_f64();
    let total = started.elapsed().as_secs_f64();
    let stats = store.stats().expect("stats");
    let db_mb = std::fs::metadata(&db).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    println!(
        "articles            {n} ({:.1} MB of text, {dups} generated rewrites linked)",
        bytes as f64 / 1e6
    );
    println!("total               {total:.1} s  ->  {:.0} articles/s end to end", n as f64 / total);
    println!("  analysis          {analyse_s:.1} s ({jobs} threads)");
    println!("  store writes      {store_s:.1} s  ->  {:.0} articles/s", n as f64 / store_s.max(1e-9));
    println!("  event merging     {fuse_s:.1} s ({} events -> {} merged)", fused.events, fused.merged_events);
    println!("documents stored    {} ({} copies)", stats.documents, stats.duplicates);
    println!("store file          {db_mb:.0} MB (+ WAL)");
    println!(
        "peak RSS (VmHWM)    {:.0} MB (after loading knowledge files: {:.0} MB)",
        vm_hwm_kib().unwrap_or(0) as f64 / 1024.0,
        hwm_loaded as f64 / 1024.0
    );
}
