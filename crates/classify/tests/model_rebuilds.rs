//! The committed event-type model is exactly what the trainer makes of the committed training
//! sentences: the weights are data that anyone can rebuild.

use eventwire_classify::{read_examples, train, TrainOptions};
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/events")
}

#[test]
fn the_committed_model_is_what_the_training_sentences_give() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data().join("training"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let mut examples = Vec::new();
    for f in &files {
        examples
            .extend(read_examples(&std::fs::read_to_string(f).unwrap(), &f.display().to_string()).unwrap());
    }
    assert!(examples.len() > 5000, "{} training sentences", examples.len());
    let model = train(&examples, &TrainOptions::default()).unwrap();
    let committed = std::fs::read_to_string(data().join("model/event_types.tsv")).unwrap();
    // The header names the files and options; the weights follow it.
    let body = |s: &str| s.lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect::<Vec<_>>();
    let rebuilt = model.write("");
    assert!(
        body(&rebuilt) == body(&committed),
        "data/events/model/event_types.tsv is stale: rebuild it with eventwire-train (see data/events/training/README.md)"
    );
}
