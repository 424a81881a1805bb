//! End-to-end tests of `eventwire gazetteer` and `eventwire eval geoparsing`.

use std::path::Path;
use std::process::Command;

fn eventwire() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eventwire"))
}

/// A tiny file in the GeoNames dump format (own data: invented names and ids).
const DUMP: &str = "9900001\tQaryat Testiyah\tQaryat Testiyah\tTestiya,Qaryat at Testiyah\t36.40000\t42.90000\tP\tPPL\tIQ\t\t15\t\t\t\t800\t\t300\tAsia/Baghdad\t2024-01-01\n\
9900002\tTest Hill\tTest Hill\t\t36.41000\t42.91000\tT\tHLL\tIQ\t\t15\t\t\t\t0\t\t500\tAsia/Baghdad\t2024-01-01\n";
const ALTS: &str = "1\t9900001\ten\tTestiyah Village\t\t\t\t\t\t\n";

#[test]
fn import_dump_then_lookup_and_tag() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("IQ.txt");
    let alts = dir.path().join("alternateNamesV2.txt");
    std::fs::write(&dump, DUMP).unwrap();
    std::fs::write(&alts, ALTS).unwrap();
    let out = dir.path().join("data");
    let st = eventwire()
        .args(["gazetteer", "import"])
        .arg(&dump)
        .arg(&alts)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
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
    let dump = dir.path().join("IQ.txt");
    std::fs::write(&dump, DUMP).unwrap();
    assert!(eventwire()
        .args(["gazetteer", "import"])
        .arg(&dump)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap()
        .success());
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
    if Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gazetteer/build/gazetteer.bin")).exists() {
        eprintln!("default gazetteer present: the missing-index message cannot be checked here");
        return;
    }
    let o = eventwire().args(["gazetteer", "lookup", "Mosul"]).output().unwrap();
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
