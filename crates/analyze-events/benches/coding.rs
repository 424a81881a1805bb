//! Analysing a 4 KB article end to end (all layers via eventwire-analyze) and the coder alone.
//! The article is our own invented wire copy.

use criterion::{criterion_group, criterion_main, Criterion};
use eventwire_analyze::Analyzer;
use eventwire_events::CodingInput;
use std::hint::black_box;

// The allocator the `eventwire` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ARTICLE: &str = include_str!("article.txt");

fn bench(c: &mut Criterion) {
    assert!(ARTICLE.len() >= 4000, "{}", ARTICLE.len());
    let analyzer = Analyzer::load(None).expect("default data");
    let doc = eventwire_ingest::document_from_text("bench", None, ARTICLE);
    c.bench_function("analyze_4kb_article_all_layers", |b| {
        b.iter(|| black_box(analyzer.analyze(black_box(&doc), Some("2019-03-12"))))
    });

    let text = doc.text.as_str();
    let seg = eventwire_text::segment(text);
    let times = analyzer.time().tag(text, &seg, Some("2019-03-12"));
    let places = analyzer.places().tag(text, &seg);
    c.bench_function("code_4kb_article_coder_only", |b| {
        b.iter(|| {
            black_box(analyzer.coder().code(&CodingInput {
                doc_id: "bench",
                text,
                seg: &seg,
                title: None,
                places: &places,
                times: &times,
                published: Some("2019-03-12"),
            }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
