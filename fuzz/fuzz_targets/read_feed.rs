//! RSS 2.0 / Atom / RDF feeds: items, descriptions as HTML fragments, dates.
//! No panic; work and output bounded by the input's size (see common.rs).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_all(data, Some(eventwire_ingest::Format::Feed));
});
