//! Runs the 4 KB bench article through every layer many times, for profilers
//! (`valgrind --tool=callgrind target/release/examples/profile 200`). Pass `coder` as the
//! second argument to time the coder alone.

#[path = "../benches/common/mod.rs"]
mod common;

use common::{Workload, PUBLISHED};
use eventwire_analyze::Analyzer;
use std::hint::black_box;

// The allocator the `eventwire` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let coder_only = args.next().as_deref() == Some("coder");
    let analyzer = Analyzer::load(None).expect("default data");
    let work = Workload::new(&analyzer);
    let t = std::time::Instant::now();
    if coder_only {
        let input = work.coder_input();
        for _ in 0..n {
            black_box(analyzer.coder().code(&input));
        }
    } else {
        for _ in 0..n {
            black_box(analyzer.analyze(black_box(&work.doc), Some(PUBLISHED)));
        }
    }
    eprintln!("{n} runs: {:?} per run", t.elapsed() / n.max(1) as u32);
}
