//! End-to-end tests of `eventwire gazetteer` and `eventwire eval geoparsing`.

mod common;

use common::eventwire;
use std::path::Path;
use std::process::Command;

/// Write each `(file name, text)` into `dir` and import them all with `gazetteer import --out out`.
fn import(dir: &Path, files: &[(&str, &str)], out: &Path) {
    let mut cmd = eventwire();
    cmd.args(["gazetteer", "import"]);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
        cmd.arg(dir.join(name));
    }
    let st = cmd.arg("--out").arg(out).status().unwrap();
    assert!(st.success(), "gazetteer import {files:?}");
}

/// A tiny file in the GeoNames dump format (own data: invented names and ids).
const DUMP: &str = "9900001\tQaryat Testiyah\tQaryat Testiyah\tTestiya,Qaryat at Testiyah\t36.40000\t42.90000\tP\tPPL\tIQ\t\t15\t\t\t\t800\t\t300\tAsia/Baghdad\t2024-01-01\n\
9900002\tTest Hill\tTest Hill\t\t36.41000\t42.91000\tT\tHLL\tIQ\t\t15\t\t\t\t0\t\t500\tAsia/Baghdad\t2024-01-01\n";
const ALTS: &str = "1\t9900001\ten\tTestiyah Village\t\t\t\t\t\t\n";

#[test]
fn import_dump_then_lookup_and_tag() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    import(dir.path(), &[("IQ.txt", DUMP), ("alternateNamesV2.txt", ALTS)], &out);
    assert!(out.join("gazetteer.bin").is_file());

    let o = eventwire().args(["gazetteer", "lookup", "Testiya", "--data-dir"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.starts_with("9900001\tQaryat Testiyah\t36.40000\t42.90000\tIQ"), "{s}");
    // The hill (feature class T) was not imported.
    let o = eventwire().args(["gazetteer", "lookup", "Test Hill", "--data-dir"]).arg(&out).output().unwrap();
    assert!(!o.status.success());
    // The alternate name was attached.
    let o = eventwire()
        .args(["gazetteer", "lookup", "Testiyah Village", "--data-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("9900001"));
}

#[test]
fn import_rejects_files_in_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "just some text\n").unwrap();
    let o =
        eventwire().args(["gazetteer", "import"]).arg(&bad).arg("--out").arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no GeoNames records"));
}

#[test]
fn eval_geoparsing_skips_absent_files() {
    let o = eventwire().args(["eval", "geoparsing", "/nonexistent/lgl.xml"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("skipping"));
}

#[test]
fn eval_geoparsing_scores_a_small_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    import(dir.path(), &[("IQ.txt", DUMP)], &out);
    let xml = dir.path().join("mini.xml");
    std::fs::write(
        &xml,
        "<articles><article><text>Shelling hit the village of Testiya on Monday.</text><locations>\
         <location><name>Testiya</name><start>28</start><end>35</end><lat>36.4</lat><lon>42.9</lon></location>\
         </locations></article></articles>",
    )
    .unwrap();
    let o = eventwire()
        .args(["eval", "geoparsing", "--json", "--data-dir"])
        .arg(&out)
        .arg(&xml)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["gold"], 1);
    assert_eq!(v[0]["f1"], 1.0);
    assert_eq!(v[0]["acc161"], 1.0);
}

#[test]
fn lookup_without_index_explains_setup() {
    if eventwire_test_support::gazetteer_built() {
        eventwire_test_support::skip(
            "lookup_without_index_explains_setup",
            "the gazetteer is built, so no index can be missing",
        );
        return;
    }
    // Neither the fixture gazetteer nor the caller's $EVENTWIRE_DATA.
    let o = Command::new(env!("CARGO_BIN_EXE_eventwire"))
        .env_remove("EVENTWIRE_DATA")
        .args(["gazetteer", "lookup", "Mosul"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scripts/setup"));
}

#[test]
fn lookup_into_a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let mut child = eventwire()
        .args(["gazetteer", "lookup", "Paris", "--limit", "50"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the gazetteer has loaded: every write then fails.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{err}");
}

/// Own data: two Dublins and four towns near Dublin, Ohio, in the GeoNames dump format.
const OHIO_DUMP: &str = "\
9910001\tDublin\tDublin\t\t53.3331\t-6.2489\tP\tPPLC\tIE\t\tL\t\t\t\t1024027\t\t0\tX\t2024-01-01
9910002\tDublin\tDublin\t\t40.0992\t-83.1141\tP\tPPL\tUS\t\tOH\t\t\t\t41751\t\t0\tX\t2024-01-01
9910003\tWorthington\tWorthington\t\t40.0931\t-83.0180\tP\tPPL\tUS\t\tOH\t\t\t\t14575\t\t0\tX\t2024-01-01
9910004\tWesterville\tWesterville\t\t40.1262\t-82.9291\tP\tPPL\tUS\t\tOH\t\t\t\t39190\t\t0\tX\t2024-01-01
9910005\tHilliard\tHilliard\t\t40.0334\t-83.1582\tP\tPPL\tUS\t\tOH\t\t\t\t36534\t\t0\tX\t2024-01-01
9910006\tPowell\tPowell\t\t40.1578\t-83.0752\tP\tPPL\tUS\t\tOH\t\t\t\t13195\t\t0\tX\t2024-01-01
";

#[test]
fn an_outlets_other_articles_give_it_a_home() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    import(dir.path(), &[("US.txt", OHIO_DUMP)], &data.join("gazetteer/build"));
    // Three articles of a local paper set near Dublin, Ohio; the same sentence about "Dublin"
    // in that paper and on a wire.
    let dublin = "Dublin City Council met on Monday to discuss new street names.";
    let lines = [
        ("l1", "Worthington council approved the budget on Monday. Officials in Westerville and Hilliard agreed.", "Columbus Ledger"),
        ("l2", "Powell police closed a road in Westerville on Tuesday after a crash near Worthington.", "Columbus Ledger"),
        ("l3", "Hilliard schools reopened on Wednesday. Parents in Powell and Westerville welcomed the news.", "Columbus Ledger"),
        ("l4", dublin, "Columbus Ledger"),
        ("w1", dublin, "World Wire"),
    ];
    let jsonl: String = lines
        .iter()
        .map(|(id, text, outlet)| {
            serde_json::json!({"id": id, "text": text, "outlet": outlet}).to_string() + "\n"
        })
        .collect();
    let input = dir.path().join("articles.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let o = eventwire()
        .args(["analyze", "--format", "jsonl", "--data-dir"])
        .arg(&data)
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let by_id: std::collections::BTreeMap<String, serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| (a["doc"]["id"].as_str().unwrap().to_string(), a))
        .collect();
    let dublin_in = |id: &str| by_id[id]["places"][0]["country_code"].as_str().unwrap().to_string();
    assert_eq!(dublin_in("l4"), "US", "the local paper's Dublin is the one near its other articles' towns");
    assert_eq!(dublin_in("w1"), "IE", "the wire's Dublin is the capital");
    let home = &by_id["l4"]["doc"]["outlet_home"];
    assert_eq!(home["country_code"], "US");
    assert!((home["lat"].as_f64().unwrap() - 40.1).abs() < 0.2, "{home}");
    assert!(by_id["w1"]["doc"].get("outlet_home").is_none());
}
