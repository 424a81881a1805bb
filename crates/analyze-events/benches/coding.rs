//! Analysing a 4 KB article end to end (all layers via eventwire-analyze) and the coder alone.
//! The article is our own invented wire copy.

mod common;

use common::{Workload, ARTICLE, PUBLISHED};
use criterion::{criterion_group, criterion_main, Criterion};
use eventwire_analyze::Analyzer;
use std::hint::black_box;

// The allocator the `eventwire` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    assert!(ARTICLE.len() >= 4000, "{}", ARTICLE.len());
    let analyzer = Analyzer::load(None).expect("default data");
    let work = Workload::new(&analyzer);
    c.bench_function("analyze_4kb_article_all_layers", |b| {
        b.iter(|| black_box(analyzer.analyze(black_box(&work.doc), Some(PUBLISHED))))
    });
    let input = work.coder_input();
    c.bench_function("code_4kb_article_coder_only", |b| b.iter(|| black_box(analyzer.coder().code(&input))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
