//! Hostile and heavy input (issue 17), generated here rather than kept as fixtures: each case
//! ends with a clear message or a result, never a panic or a hang, and the good input beside
//! it is still analysed. Speed is measured by `cargo run --release -p eventwire-analyze
//! --example long_article`, not asserted here.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const GOOD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles/tal-afar-offensive.txt");

/// `eventwire analyze ARGS`: exit code, documents, stderr (which must name no panic).
fn analyze(args: &[&Path]) -> (i32, Vec<Value>, String) {
    let out =
        common::eventwire().arg("analyze").args(args).stdin(Stdio::null()).output().expect("run eventwire");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let docs =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out.status.code().unwrap_or(-1), docs, stderr)
}

/// One bad file beside the good article: exit 1, one message naming the file and saying
/// `expect`, the good article analysed.
fn refused(bad: &Path, expect: &str) {
    let (code, docs, stderr) = analyze(&[bad, Path::new(GOOD)]);
    assert_eq!(code, 1, "{}: {stderr}", bad.display());
    assert!(stderr.contains(&bad.display().to_string()) && stderr.contains(expect), "{expect:?} in {stderr}");
    assert!(docs.iter().any(|d| d["doc"]["id"] == "tal-afar-offensive"), "the good article is analysed");
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn deep_nesting_of_every_container_tag_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for tag in
        ["div", "main", "aside", "nav", "header", "footer", "section", "article", "span", "table", "ul"]
    {
        let html = format!(
            "<html><body>{}<p>Rebels shelled the town.</p>{}</body></html>",
            format!("<{tag}>").repeat(20_000),
            format!("</{tag}>").repeat(20_000)
        );
        refused(&write(dir.path(), &format!("deep-{tag}.html"), html), "nested too deeply");
    }
}

#[test]
fn a_feed_description_nested_too_deep_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let description = format!(
        "{}Rebels shelled the town of Kirkuk on Monday.{}",
        "&lt;div&gt;".repeat(40_000),
        "&lt;/div&gt;".repeat(40_000)
    );
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>Shelling \
         reported</title><pubDate>Mon, 07 Aug 2017 10:00:00 GMT</pubDate><description>{description}\
         </description></item></channel></rss>"
    );
    let (code, docs, stderr) = analyze(&[&write(dir.path(), "deep.rss", rss)]);
    assert_eq!(code, 0, "{stderr}");
    let text = docs[0]["doc"]["title"].as_str().unwrap_or("");
    assert_eq!(text, "Shelling reported");
    assert!(
        docs[0]["places"].as_array().unwrap().iter().any(|p| p["text"] == "Kirkuk"),
        "{:?}",
        docs[0]["places"]
    );
}

#[test]
fn a_warc_header_bomb_is_refused_by_the_header_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = String::from("WARC/1.0\r\nWARC-Type: response\r\n");
    for i in 0..20_000 {
        warc.push_str(&format!("X-Filler-{i}: {}\r\n", "x".repeat(40)));
    }
    warc.push_str("Content-Length: 0\r\n\r\n\r\n\r\n");
    refused(&write(dir.path(), "bomb.warc", warc), "headers over the limit");
}

#[test]
fn utf16_without_a_byte_order_mark_is_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Rebels shelled the town of Kirkuk on Monday, killing three civilians.\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (code, docs, stderr) = analyze(&[&write(dir.path(), "utf16.txt", bytes)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(docs[0]["places"].as_array().unwrap().iter().any(|p| p["text"] == "Kirkuk"));
}

#[test]
fn jsonl_of_blank_lines_says_there_are_no_documents() {
    let dir = tempfile::tempdir().unwrap();
    refused(&write(dir.path(), "blank.jsonl", "\n\n   \n\n"), "no documents");
}

#[test]
fn an_article_over_max_bytes_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "Troops advanced on the town. ".repeat(1000));
    let out =
        common::eventwire().args(["analyze", "--max-bytes", "10000"]).arg(&big).arg(GOOD).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("big.txt") && stderr.contains("limit is 10000 bytes"), "{stderr}");
}

#[test]
fn a_long_article_is_analysed_within_its_work_budget() {
    // About 300 KB of distinct events: more than the dedup budget compares, so the document
    // says so, and the analysis ends.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Clashes on many fronts\n\n");
    const SYLLABLES: [&str; 10] = ["ka", "lu", "mi", "no", "ra", "si", "tu", "ve", "za", "bo"];
    for i in 0..3000 {
        // A village name of its own per paragraph: "Kaluminora".
        let mut village: String = format!("{i:04}").bytes().map(|d| SYLLABLES[(d - b'0') as usize]).collect();
        village[..1].make_ascii_uppercase();
        text.push_str(&format!(
            "Militants attacked a checkpoint in the village of {village} on Monday, killing {} soldiers.\n\n",
            i % 50 + 2
        ));
    }
    let (code, docs, stderr) = analyze(&[&write(dir.path(), "long.txt", text)]);
    assert_eq!(code, 0, "{stderr}");
    let warnings = docs[0]["doc"]["warnings"].as_array().unwrap();
    let events = docs[0]["events"].as_array().unwrap().len();
    assert!(events > 256, "{events} events");
    assert!(
        warnings.iter().any(|w| w.as_str().unwrap_or("").contains("compared with the 256")),
        "{warnings:?}"
    );
}

#[test]
fn fifos_and_symlink_loops_in_a_directory_neither_block_nor_repeat() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Rebels shelled the town of Kirkuk on Monday.\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    if !std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let (code, docs, stderr) = analyze(&[dir.path()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs.len(), 1, "a.txt once: {stderr}");
}
