//! Tags the seed articles (read from ../shared, never copied) a number of times: a steady
//! workload for profilers (`valgrind --tool=callgrind`).

use eventwire_places::{Gazetteer, PlaceTagger};

fn main() {
    let reps: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let tagger = match Gazetteer::load(None) {
        Ok(g) => PlaceTagger::new(g),
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/examples/seeds");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect())
        .unwrap_or_default();
    texts.sort();
    let segs: Vec<_> = texts.iter().map(|t| eventwire_text::segment(t)).collect();
    let mut n = 0;
    for _ in 0..reps {
        for (t, s) in texts.iter().zip(&segs) {
            n += tagger.tag(t, s).len();
        }
    }
    println!("{n} mentions");
}
