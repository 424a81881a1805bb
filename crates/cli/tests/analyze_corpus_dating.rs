//! `eventwire analyze` over several inputs dates an undated article from a dated one.

mod common;

fn analyze(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let (stdout, _) = common::run(&["analyze", dir.to_str().unwrap()]);
    stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn undated_article_borrows_the_year_of_a_shared_anchor() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-dated.jsonl"),
        r#"{"id":"a","title":"Offensive on Tarin gathers pace","published":"2015-03-20","text":"Government forces pressed their offensive on Tarin, which began on March 3, the army said on Friday."}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-undated.txt"),
        "Tarin offensive stalls\n\nA five-week offensive on Tarin that began on March 3 has stalled in the \
         face of heavy rain, commanders said.\n",
    )
    .unwrap();
    let docs = analyze(dir.path());
    assert_eq!(docs.len(), 2);
    let b = docs.iter().find(|d| d["doc"]["id"] != "a").unwrap();
    assert_eq!(b["doc"]["published_basis"], "corpus");
    // March 3, 2015 + five weeks.
    assert_eq!(b["doc"]["published"], "2015-04-07");
    // Re-analysed with the borrowed date: its time expressions now carry the year.
    let march = b["times"].as_array().unwrap().iter().find(|t| t["text"] == "March 3").unwrap();
    assert_eq!(march["value"], "2015-03-03");
}

#[test]
fn a_lone_undated_article_stays_unknown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b-undated.txt"),
        "Tarin offensive stalls\n\nA five-week offensive on Tarin that began on March 3 has stalled.\n",
    )
    .unwrap();
    let docs = analyze(dir.path());
    assert_eq!(docs[0]["doc"]["published"], serde_json::Value::Null);
    assert_eq!(docs[0]["doc"]["published_basis"], "unknown");
    assert!(docs[0]["doc"]["published_reason"].is_string());
}
