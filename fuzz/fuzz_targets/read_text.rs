//! Plain text and whatever sniffing makes of unnamed input: encoding detection (BOMs,
//! UTF-16 without a BOM, windows-1252), the binary check, gzip, normalisation and metadata.
//! No panic; work and output bounded by the input's size (see common.rs).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_all(data, Some(eventwire_ingest::Format::Text));
    // As stdin: the format is sniffed from the first bytes.
    common::read_all(data, None);
});
