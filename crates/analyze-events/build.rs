//! Packs the built-in event-type model (`data/events/model/event_types.tsv`) into the binary
//! form `eventwire-classify` reads in a few copies (see its `packed` module): the text file
//! stays the source, and the program no longer parses it at every start.

use std::path::PathBuf;

fn main() {
    let src = "../../data/events/model/event_types.tsv";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let model = eventwire_classify::Classifier::parse(&text, src).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("event_types.bin");
    std::fs::write(&out, model.to_packed()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
