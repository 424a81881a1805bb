//! WARC files, plain or gzip-compressed: record headers, HTTP responses, HTML bodies.
//! No panic; work and output bounded by the input's size (see common.rs).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_all(data, Some(eventwire_ingest::Format::Warc));
});
