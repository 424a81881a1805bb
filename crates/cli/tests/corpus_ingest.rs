//! End-to-end tests of the store commands: idempotent ingest, crash safety (kill -9),
//! exports parsed back, search, report citations and escaping, and the seed report.

mod common;

use common::{eventwire as bin, run};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A report line ends with plain citations, `… [1][2].`.
fn cites(line: &str) -> bool {
    let body = line.trim_end_matches('.');
    body.ends_with(']') && body.contains(" [") && !line.contains("\\[")
}

fn corpus(dir: &Path, n: u64) -> PathBuf {
    let p = dir.join("corpus.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    eventwire_store::synth::write_jsonl(11, n, &mut f).unwrap();
    p
}

fn stats(db: &Path) -> eventwire_store::Stats {
    let mut s = eventwire_store::Store::open(db).unwrap();
    if !s.is_fused().unwrap() {
        s.fuse().unwrap();
    }
    s.stats().unwrap()
}

#[test]
fn reingest_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), 40);
    let db = dir.path().join("db").join("ew.db");
    let (c, db_s) = (c.to_str().unwrap(), db.to_str().unwrap());
    let (out, _) = run(&["ingest", c, "--db", db_s, "--plain"]);
    assert!(out.contains("40 articles"), "{out}");
    let first = stats(&db);
    assert!(first.documents >= 38, "{first:?}");
    let (out, _) = run(&["ingest", c, "--db", db_s, "--plain"]);
    assert!(out.contains("0 added"), "{out}");
    assert_eq!(stats(&db), first);
}

#[test]
fn kill_9_mid_ingest_then_resume_matches_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let n = 240;
    let c = corpus(dir.path(), n);
    let c = c.to_str().unwrap();
    let clean = dir.path().join("clean.db");
    run(&["ingest", c, "--db", clean.to_str().unwrap(), "--plain"]);

    let crashed = dir.path().join("crashed.db");
    let mut child = bin()
        .args(["ingest", c, "--db", crashed.to_str().unwrap(), "--plain", "--batch-size", "5", "--jobs", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut killed_midway = false;
    for line in stderr.lines() {
        let line = line.unwrap();
        // "ingest: N read, M added, ..."
        let added: u64 = line
            .split(", ")
            .find(|p| p.ends_with(" added"))
            .and_then(|p| p.trim_end_matches(" added").parse().ok())
            .unwrap_or(0);
        if added >= 40 {
            assert!(child.try_wait().unwrap().is_none());
            child.kill().unwrap(); // SIGKILL
            killed_midway = true;
            break;
        }
    }
    child.wait().unwrap();
    assert!(killed_midway, "ingest finished before it could be killed");
    // The killed store is consistent: whole batches only, readable.
    let partial = stats(&crashed);
    let clean_stats = stats(&clean);
    assert!(partial.documents >= 40 && partial.documents < clean_stats.documents, "{partial:?}");
    assert_eq!(partial.documents % 5, 0, "only whole batches are committed: {partial:?}");

    let (out, _) = run(&["ingest", c, "--db", crashed.to_str().unwrap(), "--plain"]);
    assert!(out.contains("already stored"), "{out}");
    let resumed = stats(&crashed);
    assert_eq!(resumed.documents, clean_stats.documents);
    assert_eq!(resumed.events, clean_stats.events);
    assert_eq!(resumed.figures, clean_stats.figures);
    assert_eq!(resumed.merged_events, clean_stats.merged_events);
}

#[test]
fn exports_parse_back_with_real_parsers() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), 60);
    let db = dir.path().join("ew.db");
    let (c, db) = (c.to_str().unwrap(), db.to_str().unwrap());
    run(&["ingest", c, "--db", db, "--plain"]);
    let merged = stats(Path::new(db)).merged_events as usize;

    // Every merged event with `--scope all`; the conflict record by default, and only it in
    // the conflict-event exports.
    let (all, _) = run(&["export", "--db", db, "--format", "jsonl", "--scope", "all"]);
    assert_eq!(all.lines().count(), merged);
    let (jsonl, _) = run(&["export", "--db", db, "--format", "jsonl"]);
    let events: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let merged = events.len();
    assert!(merged > 0);
    // id -> the ACLED geo_precision its location gives.
    let mut precision = std::collections::BTreeMap::new();
    for e in &events {
        // A located event says how: ACLED precision, level, source, and the document its
        // evidence span lies in, one of the event's sources.
        if !e["place"].is_null() {
            let l = &e["location"];
            let g = l["geo_precision"].as_u64().unwrap_or_else(|| panic!("a location: {e}"));
            assert!((1..=3).contains(&g) && l["admin_level"].is_string() && l["source"].is_string(), "{e}");
            assert!(l["start"].as_u64() < l["end"].as_u64(), "{e}");
            let doc = &e["location_doc"];
            assert!(e["sources"].as_array().unwrap().iter().any(|s| &s["doc"] == doc), "{e}");
            precision.insert(e["id"].as_u64().unwrap().to_string(), g.to_string());
        }
        assert!(!e["sources"].as_array().unwrap().is_empty());
        assert!(e["n_independent"].as_u64().unwrap() <= e["n_sources"].as_u64().unwrap());
        assert!(e["scope"] == "conflict" && e.get("historical").is_none(), "{e}");
    }
    let refused =
        bin().args(["export", "--db", db, "--format", "acled-csv", "--scope", "other"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && refused.stdout.is_empty(), "{stderr}");
    assert!(stderr.contains("--format acled-csv holds conflict events only"), "{stderr}");

    let (acled, _) = run(&["export", "--db", db, "--format", "acled-csv"]);
    let mut r = csv::Reader::from_reader(acled.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, eventwire_store::export_columns_acled());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), merged);
    for row in &rows {
        assert!(row[18].parse::<u64>().is_ok(), "fatalities is a number");
        // event_id_cnty is the country code then the id.
        let id: String = row[0].chars().skip_while(|c| c.is_ascii_alphabetic()).collect();
        assert_eq!(
            precision.get(&id).map(String::as_str),
            Some(&row[15]).filter(|g| !g.is_empty()),
            "{row:?}"
        );
    }
    assert!(!precision.is_empty(), "some events are located");

    let (flat, _) = run(&["export", "--db", db, "--format", "csv"]);
    assert_eq!(csv::Reader::from_reader(flat.as_bytes()).records().map(Result::unwrap).count(), merged);

    let out = dir.path().join("events.geojson");
    run(&["export", "--db", db, "--format", "geojson", "-o", out.to_str().unwrap()]);
    let g: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    for f in g["features"].as_array().unwrap() {
        let xy = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(xy[0].as_f64().unwrap().abs() <= 180.0 && xy[1].as_f64().unwrap().abs() <= 90.0);
        assert!(f["properties"]["location"]["geo_precision"].is_u64(), "{f}");
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), 150);
    let db = dir.path().join("ew.db");
    let (c, db) = (c.to_str().unwrap(), db.to_str().unwrap());
    run(&["ingest", c, "--db", db, "--plain"]);
    for args in [
        vec!["export", "--db", db, "--format", "jsonl"],
        vec!["export", "--db", db, "--format", "csv"],
        vec!["analyze", c],
    ] {
        // More than a pipe holds, so that the writer meets the closed pipe.
        let (all, _) = run(&args);
        assert!(all.len() > 1 << 17, "{args:?}: only {} bytes", all.len());
        // `… | head -1`
        let mut child = bin().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.trim().is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn report_cites_and_escapes_search_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("own.jsonl");
    let lines = [
        serde_json::json!({"id": "x1", "title": "Clashes <script>alert(1)</script> near Kunduz",
            "published": "2016-10-04", "outlet": "Test & Wire",
            "text": "Clashes <script>alert(1)</script> near Kunduz\n\nKUNDUZ, Afghanistan (Test) - Taliban fighters attacked a police checkpoint in Kunduz on Monday, killing 12 policemen, a provincial spokesman said. Afghan troops retook the checkpoint on Tuesday."}),
        serde_json::json!({"id": "x2", "title": "Families flee Lashkar Gah", "published": "2016-10-12",
            "text": "Families flee Lashkar Gah\n\nLASHKAR GAH, Afghanistan (Test) - More than 5,000 families have fled Lashkar Gah since fighting began, the United Nations said on Wednesday."}),
    ];
    std::fs::write(&p, lines.iter().map(|l| l.to_string() + "\n").collect::<String>()).unwrap();
    let db = dir.path().join("ew.db");
    let db = db.to_str().unwrap();
    run(&["ingest", p.to_str().unwrap(), "--db", db, "--plain"]);

    let (md, _) = run(&["report", "--db", db]);
    for line in md.lines().filter(|l| l.starts_with("- ")) {
        assert!(cites(line), "uncited statement: {line}");
    }
    let (html, _) = run(&["report", "--db", db, "--format", "html"]);
    assert!(!html.contains("<script>"), "article text must be escaped");
    assert!(html.starts_with("<!DOCTYPE html>"));

    let (hits, _) = run(&["search", "policemen", "--db", db]);
    assert!(hits.contains("[policemen]"), "{hits}");
    let (hits, _) = run(&["search", "policemen", "--db", db, "--from", "2016-10-10"]);
    assert!(hits.trim().is_empty(), "{hits}");
    let (timeline, _) = run(&["timeline", "--db", db, "--format", "jsonl"]);
    for l in timeline.lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
    // Bad input is an error, not a panic.
    let out = bin().args(["report", "--db", db, "--from", "yesterday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin().args(["report", "--db", dir.path().join("none.db").to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store"));
}

#[test]
fn seed_report_has_timelines_control_changes_and_citations() {
    let test = "seed_report_has_timelines_control_changes_and_citations";
    let Some(seeds) = eventwire_test_support::shared_or_skip("examples/seeds", test) else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ew.db");
    let db = db.to_str().unwrap();
    run(&["ingest", seeds.to_str().unwrap(), "--db", db, "--plain"]);
    let (md, _) = run(&["report", "--db", db]);
    assert!(md.contains("## Key developments") && md.contains("## Sources"), "{md}");
    assert!(md.contains("Mosul"), "{md}");
    assert!(md.contains("## Control changes"), "{md}");
    for line in md.lines().filter(|l| l.starts_with("- ")) {
        assert!(cites(line), "uncited statement: {line}");
    }
    let n_sources =
        md.lines().skip_while(|l| !l.starts_with("## Sources")).filter(|l| l.contains(". ")).count();
    assert!(n_sources >= 4, "{md}");
}

#[test]
fn ingest_reports_an_article_over_max_bytes_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "Rebels shelled the town on Monday, killing three civilians.\n").unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "Troops advanced on the town. ".repeat(200)).unwrap();
    let db = dir.path().join("ew.db");
    let out = bin()
        .args(["ingest", "--plain", "--max-bytes", "2000", "--db", db.to_str().unwrap()])
        .args([small.to_str().unwrap(), big.to_str().unwrap()])
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("big.txt") && stderr.contains("limit is 2000 bytes"), "{stderr}");
    assert!(stdout.contains("1 added") && stdout.contains("1 errors"), "{stdout}");
    assert_eq!(stats(&db).documents, 1);
}

#[test]
fn two_ingests_into_one_new_store_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_of = |seed: u64, name: &str| {
        let p = dir.path().join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        eventwire_store::synth::write_jsonl(seed, 60, &mut f).unwrap();
        p
    };
    let (a, b) = (corpus_of(21, "a.jsonl"), corpus_of(22, "b.jsonl"));
    let ingest = |db: &Path, input: &Path| {
        bin()
            .args(["ingest", "--plain", "--batch-size", "3", "--jobs", "1", "--db"])
            .args([db.to_str().unwrap(), input.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Both start on a store that does not exist yet: they race in its creation too.
    let shared = dir.path().join("shared").join("ew.db");
    let (ca, cb) = (ingest(&shared, &a), ingest(&shared, &b));
    for child in [ca, cb] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // The same documents as the two ingests one after the other.
    let sequential = dir.path().join("sequential.db");
    for input in [&a, &b] {
        let out = ingest(&sequential, input).wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(stats(&shared).documents, stats(&sequential).documents);
}
