//! `Ingest::read_bytes`: bytes in memory go through the same readers as a file.

use eventwire_ingest::{Format, Ingest};
use std::io::Write;

#[test]
fn gzip_sniffing_and_the_binary_check_apply_to_bytes_in_memory() {
    let i = Ingest::load(None).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\": \"m\", \"text\": \"Troops advanced.\"}\n").unwrap();
    let gz = gz.finish().unwrap();
    let d = i.read_bytes(&gz, "body", None).next().unwrap().unwrap();
    assert_eq!((d.id.as_str(), d.text.as_str()), ("m", "Troops advanced."));
    let e = i.read_bytes(b"\0\x01\x02\x03binary", "body", Some(Format::Text)).next().unwrap().unwrap_err();
    assert!(e.to_string().contains("body: binary"), "{e}");
}
