//! Per-article analysis: text -> places, actors, times, events, figures.
//! No panic, time within the per-MB budget, every span inside the text.
#![no_main]

#[path = "common.rs"]
mod common;

use eventwire_analyze::Analyzer;
use std::sync::OnceLock;
use std::time::Instant;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| match Analyzer::load(None) {
        Ok(a) => a,
        // No gazetteer built (scripts/setup not run): the fixture gazetteer instead.
        Err(_) => {
            let dir = std::env::temp_dir().join(format!("eventwire-fuzz-gazetteer-{}", std::process::id()));
            eventwire_places::Gazetteer::fixture().write_index(&dir).expect("fixture gazetteer");
            Analyzer::load(Some(&dir)).expect("analyzer over the fixture gazetteer")
        }
    })
}

/// The analyzer, loaded and warmed up (see `common::reader`).
fn warm_analyzer() -> &'static Analyzer {
    static WARM: OnceLock<()> = OnceLock::new();
    let a = analyzer();
    WARM.get_or_init(|| {
        let text =
            "KABUL, March 3 (Wire) - Rebels shelled Kirkuk on Monday, killing three civilians, police said.";
        a.analyze(&eventwire_ingest::document_from_text("warm-up", None, text), Some("2024-05-22"));
    });
    a
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = eventwire_ingest::document_from_text("fuzz", None, &text);
    let analyzer = warm_analyzer(); // loaded once, outside the budget
    let started = Instant::now();
    // With a report date and without: relative dates resolve differently.
    for dct in [Some("2024-05-22"), None] {
        let a = analyzer.analyze(&doc, dct);
        let chars = doc.source_text.chars().count();
        let spans = a.places.iter().map(|m| (m.start, m.end));
        let spans = spans.chain(a.actors.iter().map(|m| (m.start, m.end)));
        let spans = spans.chain(a.times.iter().map(|m| (m.start, m.end)));
        for (start, end) in spans {
            assert!(start <= end && end <= chars, "span {start}..{end} outside {chars} chars");
        }
        // Every event and figure is read from some text: no more of them than characters.
        assert!(a.events.len() <= chars && a.figures.len() <= chars, "output out of proportion");
    }
    common::assert_in_budget(started, 2 * data.len());
});
