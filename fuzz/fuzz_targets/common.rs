//! What every target checks besides "no panic": bounded work and well-formed output.
//!
//! libFuzzer's own `-timeout` and `-rss_limit_mb` (see README) stop runaway inputs; the checks
//! here also fail an input whose time is out of proportion to its size, or whose output is.

#![allow(dead_code)]

use eventwire_ingest::{Format, Ingest};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A smaller size limit than the default, so that a gzip bomb is refused quickly.
pub const MAX_BYTES: u64 = 1 << 20;

/// The reader, loaded and warmed up: its first use of each format builds lazy state (regular
/// expressions, parsers) that takes a second or more under the sanitizer, which the first input
/// of every fork-mode job would otherwise be charged for.
pub fn reader() -> &'static Ingest {
    static READER: OnceLock<Ingest> = OnceLock::new();
    READER.get_or_init(|| {
        let reader = Ingest::load(None).expect("built-in reader knowledge").with_max_bytes(MAX_BYTES);
        for (sample, format) in WARM_UP {
            reader.read_bytes(sample, "warm-up", *format).for_each(drop);
        }
        reader
    })
}

const WARM_UP: &[(&[u8], Option<Format>)] = &[
    (b"Clashes\n\nBy A. Writer | 20 May 2024\n\nKABUL (Wire) - Troops advanced on Monday.", None),
    (b"<html><head><title>T</title></head><body><article><p>Troops advanced.</p></article></body></html>", None),
    (b"<rss><channel><title>W</title><item><title>T</title><description>&lt;p&gt;Troops.&lt;/p&gt;</description><pubDate>Mon, 20 May 2024 08:00:00 GMT</pubDate></item></channel></rss>", None),
    (b"{\"id\": \"a\", \"text\": \"Troops advanced.\", \"published\": \"2024-05-20\"}\n", None),
    (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 18\r\n\r\n<p>Troops went</p>\r\n\r\n", Some(Format::Warc)),
];

/// The budget, 2 s per MB of input, with a 3 s floor for a loaded machine and sanitizers.
pub fn assert_in_budget(started: Instant, input_len: usize) {
    let budget = Duration::from_secs(3) + Duration::from_micros(2 * input_len as u64);
    let took = started.elapsed();
    assert!(took <= budget, "{input_len} bytes took {took:?} (budget {budget:?})");
}

/// Read `bytes` as `format` (None: sniffed) and check every document it gives.
pub fn read_all(bytes: &[u8], format: Option<Format>) {
    let reader = reader(); // loaded once, outside the budget
    let started = Instant::now();
    let mut docs = 0usize;
    let mut text_bytes = 0u64;
    for doc in reader.read_bytes(bytes, "fuzz", format) {
        docs += 1;
        // Each document or error needs some input of its own; a gzip member holds at most
        // about 1,032 bytes of output per input byte.
        assert!(docs <= bytes.len() + 1, "{docs} results from {} bytes", bytes.len());
        let Ok(doc) = doc else { continue };
        assert!(!doc.text.trim().is_empty(), "a document without text");
        assert!(doc.source_text.len() as u64 <= 4 * MAX_BYTES, "source text {}", doc.source_text.len());
        text_bytes += doc.text.len() as u64;
        assert!(text_bytes <= 1100 * bytes.len() as u64 + 4 * MAX_BYTES, "{text_bytes} bytes of text");
        check_offsets(&doc);
    }
    assert!(docs >= 1, "no document and no error");
    assert_in_budget(started, bytes.len());
}

/// Offsets map the normalised text back into the source text, in order.
pub fn check_offsets(doc: &eventwire_model::Document) {
    let source_chars = doc.source_text.chars().count();
    let mut last = 0;
    for (b, _) in doc.text.char_indices().chain(std::iter::once((doc.text.len(), ' '))) {
        let s = doc.offsets.to_source(b);
        assert!(s <= source_chars, "offset {b} maps to {s} past {source_chars} chars");
        assert!(s >= last, "offsets go backwards at byte {b}: {s} < {last}");
        last = s;
    }
    for field in [&doc.meta.title, &doc.meta.byline].into_iter().flatten() {
        if let Some(span) = field.span() {
            assert!(span.start <= span.end && span.end <= doc.text.len(), "metadata span {span:?}");
            assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
        }
    }
}
