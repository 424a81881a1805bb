//! Time and size of the analysis of one long generated article, to check that the work grows
//! linearly with the text (issue 17: long articles were quadratic).
//!
//! `cargo run --release -p eventwire-analyze --example long_article -- 1 2 4 8` prints one line per
//! size in megabytes: seconds, places, actors, events and the document's warnings. The text is
//! our own: wire-style paragraphs naming known towns and many invented villages (unresolved
//! places, each a lookup that used to scan the whole article).

use eventwire_analyze::Analyzer;
use std::time::Instant;

const SYLLABLES: [&str; 12] =
    ["kar", "bel", "tum", "sa", "dor", "mi", "zan", "qul", "ha", "rif", "nob", "tel"];
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// A small deterministic generator (no dependency, same text on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn village(&mut self) -> String {
        let mut s: String = (0..3).map(|_| SYLLABLES[self.next(SYLLABLES.len())]).collect();
        s[..1].make_ascii_uppercase();
        s
    }
}

fn article(bytes: usize) -> String {
    let mut r = Lcg(7);
    let mut s = String::from("Troops advance on several fronts\n\nPublished: 22 August 2017\n\n");
    while s.len() < bytes {
        let (v1, v2, v3, v4) = (r.village(), r.village(), r.village(), r.village());
        let day = DAYS[r.next(DAYS.len())];
        s.push_str(&format!(
            "Iraqi troops pushed into the northern town of Tal Afar on {day}, a military spokesman \
             said, as coalition aircraft struck positions held by militants west of Mosul. Fighting \
             was also reported near Kirkuk and in the village of {v1}, where residents said shelling \
             had killed {} people and forced hundreds of families to flee toward Erbil. Kurdish \
             forces took the villages of {v2} and {v3}, about {} km west of Hasakah. {v4}, north of \
             Raqqa, was also shelled, and the militants said they had repelled the attack.\n\n",
            2 + r.next(40),
            2 + r.next(30),
        ));
    }
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<f64> = std::env::args().skip(1).map(|a| a.parse()).collect::<Result<_, _>>()?;
    let sizes = if sizes.is_empty() { vec![1.0, 2.0, 4.0, 8.0] } else { sizes };
    let analyzer = Analyzer::load(None)?;
    for mb in sizes {
        let text = article((mb * 1e6) as usize);
        let doc = eventwire_ingest::document_from_text("long", None, &text);
        let t = Instant::now();
        let a = analyzer.analyze(&doc, None);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{mb} MB: {secs:.2} s ({:.2} s/MB), {} places, {} actors, {} events, warnings: {:?}",
            secs / mb,
            a.places.len(),
            a.actors.len(),
            a.events.len(),
            a.doc.warnings
        );
    }
    Ok(())
}
