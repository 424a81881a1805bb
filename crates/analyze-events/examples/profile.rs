//! Runs the 4 KB bench article through every layer many times, for profilers
//! (`valgrind --tool=callgrind target/release/examples/profile 200`). Pass `coder` as the
//! second argument to time the coder alone.

use eventwire_analyze::Analyzer;
use eventwire_events::CodingInput;
use std::hint::black_box;

// The allocator the `eventwire` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ARTICLE: &str = include_str!("../benches/article.txt");

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let coder_only = args.next().as_deref() == Some("coder");
    let analyzer = Analyzer::load(None).expect("default data");
    let doc = eventwire_ingest::document_from_text("bench", None, ARTICLE);
    let t = std::time::Instant::now();
    if coder_only {
        let text = doc.text.as_str();
        let seg = eventwire_text::segment(text);
        let times = analyzer.time().tag(text, &seg, Some("2019-03-12"));
        let places = analyzer.places().tag(text, &seg);
        for _ in 0..n {
            black_box(analyzer.coder().code(&CodingInput {
                doc_id: "bench",
                text,
                seg: &seg,
                title: None,
                places: &places,
                times: &times,
                published: Some("2019-03-12"),
            }));
        }
    } else {
        for _ in 0..n {
            black_box(analyzer.analyze(black_box(&doc), Some("2019-03-12")));
        }
    }
    eprintln!("{n} runs: {:?} per run", t.elapsed() / n.max(1) as u32);
}
