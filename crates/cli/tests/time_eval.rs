//! `eventwire eval temporal` end to end on a small TimeML file written here.

mod common;

use common::eventwire;

const TML: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-07" temporalFunction="false" functionInDocument="CREATION_TIME">20161107</TIMEX3></DCT>
<TEXT>
Troops entered the town on <TIMEX3 tid="t1" type="DATE" value="2016-11-06">Sunday</TIMEX3>, <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3> after the offensive began on <TIMEX3 tid="t3" type="DATE" value="2016-10-17">October 17</TIMEX3>. Aid groups warned of a hard winter &amp; more refugees.
</TEXT>
</TimeML>
"#;

#[test]
fn scores_a_timeml_directory() {
    let dir = std::env::temp_dir().join(format!("ew-time-eval-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/doc.tml"), TML).unwrap();
    let out = eventwire().args(["eval", "temporal", "--json"]).arg(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"], 1);
    assert_eq!(v["gold"], 3);
    // All three expressions are found with their values and nothing else is tagged.
    assert_eq!(v["system"], 3);
    assert_eq!(v["strict"]["f1"], 1.0);
    assert_eq!(v["value_f1"], 1.0);
}

#[test]
fn a_missing_directory_is_skipped() {
    let out = eventwire().args(["eval", "temporal", "/nonexistent/eventwire-tml"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipping"));
}

#[test]
fn reports_the_shared_tbaq_figures_when_present() {
    let Some(dir) = eventwire_test_support::shared_or_skip(
        "eval/temporal/TBAQ-cleaned",
        "reports_the_shared_tbaq_figures_when_present",
    ) else {
        return;
    };
    let out = eventwire().args(["eval", "temporal", "--json"]).arg(&dir).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["relaxed"]["f1"].as_f64().unwrap() >= 0.88, "{v}");
    assert!(v["value_f1"].as_f64().unwrap() >= 0.80, "{v}");
}
