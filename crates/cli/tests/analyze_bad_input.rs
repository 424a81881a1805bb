//! The bad-input matrix: each bad input gets one clear stderr message naming the file (and
//! line for JSON Lines), the other inputs are still processed, the exit code is 1, and
//! nothing panics.

mod common;

use serde_json::Value;
use std::process::Stdio;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const BAD: &str = "crates/cli/tests/fixtures/bad";
const GOOD: &str = "examples/articles/tal-afar-offensive.txt";

fn run(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = common::eventwire()
        .current_dir(ROOT)
        .arg("analyze")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run eventwire");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let docs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON object"))
        .collect();
    (out.status.code().unwrap_or(-1), docs, stderr)
}

fn ids(docs: &[Value]) -> Vec<&str> {
    docs.iter().filter_map(|d| d["doc"]["id"].as_str()).collect()
}

/// Run one bad input next to a good one: exit 1, the good one still analysed, and exactly
/// one stderr line, which names the file and says `expect`.
fn one_failure(bad: &str, expect: &str) -> String {
    let (code, docs, stderr) = run(&[bad, GOOD]);
    assert_eq!(code, 1, "{bad}: {stderr}");
    assert!(ids(&docs).contains(&"tal-afar-offensive"), "{bad}: the good input is still processed");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{bad}: one message, got {stderr}");
    assert!(lines[0].contains(bad), "{bad}: message names the file: {stderr}");
    assert!(lines[0].contains(expect), "{bad}: expected {expect:?} in {stderr}");
    stderr
}

#[test]
fn binary_file() {
    one_failure(&format!("{BAD}/binary.dat"), "binary file");
}

#[test]
fn empty_file() {
    one_failure(&format!("{BAD}/empty.txt"), "empty file");
}

#[test]
fn feed_that_is_not_xml() {
    one_failure(&format!("{BAD}/not-a-feed.rss"), "not an RSS or Atom feed");
}

#[test]
fn truncated_warc() {
    one_failure(&format!("{BAD}/truncated.warc"), "record 1: truncated");
}

#[test]
fn missing_path() {
    one_failure(&format!("{BAD}/no-such-file.txt"), "No such file");
}

#[test]
fn huge_sparse_file_is_refused_by_size() {
    let dir = tempfile_dir();
    let big = dir.join("huge.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    let stderr = one_failure(big.to_str().unwrap(), "too large (209715200 bytes");
    assert!(stderr.contains("limit is 8388608 bytes"), "{stderr}");
    // The limit is configurable.
    let (code, _, stderr) = run(&["--max-bytes", "100", GOOD]);
    assert_eq!(code, 1);
    assert!(stderr.contains("too large"), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn malformed_json_lines_name_each_line_and_keep_the_rest() {
    let path = format!("{BAD}/malformed.jsonl");
    let (code, docs, stderr) = run(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(ids(&docs), ["ok-1", "ok-2"]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].contains(&format!("{path}:2:")) && lines[0].contains("invalid JSON"), "{stderr}");
    assert!(lines[1].contains(&format!("{path}:3:")) && lines[1].contains("missing \"text\""), "{stderr}");
    assert!(lines[2].contains(&format!("{path}:6:")), "{stderr}");
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252_with_a_warning() {
    let (code, docs, stderr) = run(&[&format!("{BAD}/latin1.txt")]);
    assert_eq!(code, 0, "{stderr}");
    let d = &docs[0]["doc"];
    assert!(d["warnings"][0].as_str().unwrap().contains("windows-1252"), "{d}");
    assert_eq!(d["title"], "Protesters clash with police in Basra");
    assert_eq!(d["dateline"], "BASRA, Iraq (AFP)");
}

#[test]
fn truncated_html_is_read_best_effort() {
    let (code, docs, stderr) = run(&[&format!("{BAD}/truncated.html")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs[0]["doc"]["title"], "Militia convoy ambushed west of Tripoli");
    assert_eq!(docs[0]["doc"]["dateline"], "ZAWIYA, Libya");
}

#[test]
fn the_whole_matrix_at_once() {
    let dir = tempfile_dir();
    let big = dir.join("big.html");
    std::fs::File::create(&big).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let (code, docs, stderr) = run(&[BAD, big.to_str().unwrap(), GOOD]);
    assert_eq!(code, 1);
    // binary, empty, 3 JSONL lines, non-XML feed, truncated WARC, big file.
    assert_eq!(stderr.lines().count(), 8, "{stderr}");
    let got = ids(&docs);
    for id in ["latin1", "ok-1", "ok-2", "truncated", "tal-afar-offensive"] {
        assert!(got.contains(&id), "{id} missing from {got:?}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let d = std::env::temp_dir().join(format!("eventwire-bad-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
