//! Every reader through the `eventwire analyze` binary, each output validated against
//! docs/analyze.schema.json. Inputs are the project's own example articles and fixtures.

mod common;
#[path = "fixtures/schema_validator.rs"]
mod schema_validator;

use serde_json::Value;
use std::io::Write;
use std::process::Stdio;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = common::eventwire();
    cmd.current_dir(ROOT).arg("analyze").args(args);
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run eventwire");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Run, expect success, validate every object against the schema, return them.
fn analyze(args: &[&str]) -> Vec<Value> {
    let r = run(args, None);
    assert_eq!(r.code, 0, "eventwire analyze {args:?} failed: {}", r.stderr);
    objects(&r.stdout)
}

fn objects(stdout: &str) -> Vec<Value> {
    let schema = schema_validator::schema();
    let docs: Vec<Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    for d in &docs {
        let errors = schema_validator::validate(&schema, d);
        assert!(errors.is_empty(), "{} violates the schema: {errors:#?}", d["doc"]["id"]);
    }
    docs
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v["doc"][key].as_str()
}

fn source_chars(path: &str) -> Vec<char> {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap().chars().collect()
}

/// The source text under a `doc.spans` entry.
fn span_text(chars: &[char], doc: &Value, field: &str) -> String {
    let sp = &doc["doc"]["spans"][field];
    let (a, b) = (sp["start"].as_u64().unwrap() as usize, sp["end"].as_u64().unwrap() as usize);
    chars[a..b].iter().collect()
}

#[test]
fn plain_text_article() {
    let path = "examples/articles/tal-afar-offensive.txt";
    let docs = analyze(&[path]);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(s(d, "id"), Some("tal-afar-offensive"));
    assert_eq!(s(d, "path"), Some(path));
    assert_eq!(s(d, "agency"), Some("AFP"));
    assert_eq!(s(d, "dateline"), Some("TAL AFAR, Iraq (AFP)"));
    assert_eq!(s(d, "lang"), Some("en"));
    let chars = source_chars(path);
    assert_eq!(span_text(&chars, d, "title"), s(d, "title").unwrap());
    assert_eq!(span_text(&chars, d, "dateline"), "TAL AFAR, Iraq (AFP)");
    let c = &d["doc"]["date_candidates"][0];
    assert_eq!(c["source"], "header");
    assert_eq!(c["readings"][0]["value"], "2017-08-22");
    assert_eq!(s(d, "published"), Some("2017-08-22"));
}

#[test]
fn html_page_main_text_and_meta() {
    let docs = analyze(&["examples/articles/deir-ezzor-strike.html"]);
    let d = &docs[0];
    assert_eq!(s(d, "title"), Some("Air strikes hit market town in eastern Syria, monitor says"));
    assert_eq!(s(d, "outlet"), Some("The Levant Ledger"));
    assert_eq!(s(d, "agency"), Some("Reuters"));
    assert_eq!(s(d, "dateline"), Some("BEIRUT (Reuters)"));
    assert_eq!(s(d, "url"), Some("https://levant-ledger.example/2018/03/04/deir-ezzor-strikes"));
    assert_eq!(s(d, "published"), Some("2018-03-04"));
    assert_eq!(s(d, "published_basis"), Some("field"));
    let sources: Vec<&str> =
        d["doc"]["date_candidates"].as_array().unwrap().iter().filter_map(|c| c["source"].as_str()).collect();
    assert!(sources.contains(&"field") && sources.contains(&"url"), "{sources:?}");
    // Boilerplate is gone: no evidence or span may point past the article text into nav text.
    let text = d.to_string();
    assert!(!text.contains("Share on Facebook") && !text.contains("dataLayer"));
}

#[test]
fn rss_and_atom_feeds_give_one_document_per_item() {
    let docs = analyze(&["examples/articles/feeds/frontline.rss", "examples/articles/feeds/horn-desk.atom"]);
    let ids: Vec<&str> = docs.iter().filter_map(|d| s(d, "id")).collect();
    assert_eq!(ids, ["frontline#1", "frontline#2", "horn-desk#1"]);
    assert_eq!(s(&docs[0], "title"), Some("Shelling kills five in Idlib village as truce frays"));
    assert_eq!(s(&docs[0], "outlet"), Some("Frontline Wire"));
    assert_eq!(s(&docs[0], "agency"), Some("AFP"));
    assert_eq!(s(&docs[0], "byline"), Some("Omar Said"));
    assert_eq!(s(&docs[0], "published"), Some("2019-05-02"));
    assert_eq!(s(&docs[1], "dateline"), Some("SINJAR, Iraq"));
    assert_eq!(s(&docs[2], "outlet"), Some("Horn of Africa Desk"));
    assert_eq!(s(&docs[2], "dateline"), Some("MOGADISHU, Somalia"));
    assert_eq!(s(&docs[2], "byline"), Some("Amina Yusuf"));
    assert_eq!(s(&docs[2], "published"), Some("2020-01-15"));
}

#[test]
fn json_lines_use_their_ids_and_fields() {
    let docs = analyze(&["examples/articles/wire.jsonl"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(s(&docs[0], "id"), Some("wire-2018-06-13-hodeidah"));
    assert_eq!(s(&docs[0], "outlet"), Some("Gulf Dispatch"));
    assert_eq!(s(&docs[0], "agency"), Some("Reuters"));
    assert_eq!(s(&docs[0], "published"), Some("2018-06-13"));
    assert_eq!(s(&docs[0], "published_basis"), Some("field"));
    // Title given as a field and found in the text: it gets a span in code points of `text`.
    assert_eq!(docs[0]["doc"]["spans"]["title"]["start"], 0);
    assert_eq!(s(&docs[1], "published"), Some("2019-03-24"));
    assert_eq!(s(&docs[1], "dateline"), Some("BAMAKO (AFP)"));
}

#[test]
fn warc_plain_and_gzipped() {
    let docs = analyze(&[
        "examples/articles/kirkuk-archive.warc",
        "crates/cli/tests/fixtures/readers/courier.warc.gz",
    ]);
    assert_eq!(docs.len(), 2, "only HTML responses become documents");
    assert_eq!(s(&docs[0], "id"), Some("kirkuk-archive#1"));
    assert_eq!(s(&docs[0], "title"), Some("Rocket attack on Kirkuk air base wounds four"));
    assert_eq!(s(&docs[0], "outlet"), Some("Northern Iraq Report"));
    assert_eq!(s(&docs[0], "dateline"), Some("KIRKUK, Iraq"));
    assert_eq!(s(&docs[0], "published"), Some("2019-12-28"));
    // WARC-Date is the crawl date: kept as a page candidate, never the publication date.
    let page: Vec<&Value> = docs[0]["doc"]["date_candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"] == "page")
        .collect();
    assert_eq!(page[0]["readings"][0]["value"], "2020-01-03");
    assert_eq!(s(&docs[1], "id"), Some("courier#1"));
    assert_eq!(s(&docs[1], "agency"), Some("Reuters"));
    assert_eq!(s(&docs[1], "url"), Some("https://courier.example/stepanakert"));
}

#[test]
fn sniffing_and_normalisation_offsets() {
    let docs = analyze(&["crates/cli/tests/fixtures/readers/page-without-extension"]);
    assert_eq!(s(&docs[0], "title"), Some("Attack on army post in Burkina Faso"));
    assert_eq!(s(&docs[0], "outlet"), Some("Sahel Post"));

    let path = "crates/cli/tests/fixtures/readers/nbsp-and-accents.txt";
    let docs = analyze(&[path]);
    let d = &docs[0];
    // NFC composes "e + combining accent"; NBSP becomes a space; spans still index the source.
    assert_eq!(s(d, "title"), Some("Café owner among 3 dead in Qamishli blast"));
    let chars = source_chars(path);
    let first_line = chars.iter().position(|&c| c == '\n').unwrap();
    assert_eq!(d["doc"]["spans"]["title"]["end"].as_u64(), Some(first_line as u64));
    assert_eq!(s(d, "agency"), Some("Hawar News Agency"));
    assert_eq!(span_text(&chars, d, "dateline"), "QAMISHLI, Syria (Hawar News Agency)");
}

#[test]
fn stdin_is_sniffed() {
    let jsonl = br#"{"id": "in-1", "text": "Clashes near Sirte\n\nSIRTE, Libya - Two fighters died."}"#;
    let r = run(&["-"], Some(jsonl));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = objects(&r.stdout);
    assert_eq!(s(&docs[0], "id"), Some("in-1"));
    assert_eq!(s(&docs[0], "dateline"), Some("SIRTE, Libya"));

    let r = run(&["-"], Some(b"Strike on depot\n\nA drone hit an arms depot on Monday."));
    let docs = objects(&r.stdout);
    assert_eq!((s(&docs[0], "id"), s(&docs[0], "path")), (Some("stdin"), Some("-")));
    assert_eq!(s(&docs[0], "title"), Some("Strike on depot"));
}

#[test]
fn directory_is_recursive_sorted_and_deterministic() {
    let a = run(&["examples/articles"], None);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let docs = objects(&a.stdout);
    let ids: Vec<&str> = docs.iter().filter_map(|d| s(d, "id")).collect();
    assert_eq!(
        ids,
        [
            "deir-ezzor-strike",
            "feeds/frontline#1",
            "feeds/frontline#2",
            "feeds/horn-desk#1",
            "kirkuk-archive#1",
            "tal-afar-offensive",
            "wire-2018-06-13-hodeidah",
            "wire-2019-03-24-mopti"
        ]
    );
    let b = run(&["examples/articles"], None);
    assert_eq!(a.stdout, b.stdout, "same input, byte-identical output");
}

#[test]
fn output_formats() {
    let path = "examples/articles/wire.jsonl";
    let json = run(&["--format", "json", path], None);
    assert_eq!(json.code, 0);
    let arr: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(arr.as_array().map(Vec::len), Some(2));
    let pretty = run(&["--format", "pretty", path], None);
    let objs: Vec<Value> =
        serde_json::Deserializer::from_str(&pretty.stdout).into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(objs.len(), 2);
    assert_eq!(objs, arr.as_array().unwrap().clone());
    assert!(pretty.stdout.lines().count() > 10);
}

#[test]
fn dct_fills_a_missing_date_and_is_validated() {
    let path = "crates/cli/tests/fixtures/readers/page-without-extension";
    let docs = objects(&run(&["--dct", "2021-03-14", path], None).stdout);
    assert_eq!(s(&docs[0], "published"), Some("2021-03-14"));
    // A document with its own date keeps it.
    let docs = objects(&run(&["--dct", "2021-03-14", "examples/articles/wire.jsonl"], None).stdout);
    assert_eq!(s(&docs[0], "published"), Some("2018-06-13"));
    for bad in ["2021-02-30", "14/03/2021", "yesterday"] {
        let r = run(&["--dct", bad, path], None);
        assert_eq!(r.code, 2, "--dct {bad} is a usage error");
    }
    assert_eq!(run(&[], None).code, 2, "no input is a usage error");
}
