//! Parallel analysis changes nothing but the time: one thread and several give the same
//! analyses, in input order, to the byte.

use eventwire_pipeline::Pipeline;
use std::path::PathBuf;

fn pipeline(jobs: usize) -> Pipeline {
    // The fixture gazetteer when none is built: what is tested holds for any gazetteer.
    Pipeline::load(eventwire_test_support::data_dir()).expect("knowledge files").with_jobs(jobs).unwrap()
}

/// Every example article and the corpus fixtures (outlets with homes, undated articles).
fn inputs() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fixtures = root.join("crates/cli/tests/fixtures/corpus");
    [root.join("examples/articles"), fixtures.join("outlets-1.jsonl"), fixtures.join("outlets-2.jsonl")]
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect()
}

fn analyze(p: &Pipeline) -> Vec<String> {
    let docs: Vec<_> = p.read(&inputs()).collect::<Result<_, _>>().unwrap();
    assert!(docs.len() >= 10, "{} documents", docs.len());
    p.analyze_corpus(&docs, Some("2017-06-30")).iter().map(|a| serde_json::to_string(a).unwrap()).collect()
}

#[test]
fn one_thread_and_several_give_the_same_analyses_in_the_same_order() {
    let one = analyze(&pipeline(1));
    let several = analyze(&pipeline(4));
    assert_eq!(one.len(), several.len());
    for (i, (a, b)) in one.iter().zip(&several).enumerate() {
        assert_eq!(a, b, "article {i} differs");
    }
}
