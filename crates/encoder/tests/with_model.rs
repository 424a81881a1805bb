//! Checks that need the encoder's weights (`EVENTWIRE_SETUP_ENCODER=1 scripts/setup` unpacks
//! them into .cache/encoder). Without them each test says so and passes: the weights are
//! opt-in and too large to commit.

use eventwire_encoder::{head_file_from_training, Encoder, DEFAULT_DIR};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn encoder() -> Option<Encoder> {
    let dir = repo().join(DEFAULT_DIR);
    if !dir.join("model.safetensors").is_file() {
        eprintln!("skipped: no encoder at {} (EVENTWIRE_SETUP_ENCODER=1 scripts/setup)", dir.display());
        return None;
    }
    Some(Encoder::load(&dir).unwrap())
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The similarity matrix that sentence-transformers' documentation prints for this model and
/// these three sentences: tokenizer, forward pass and pooling agree with the Python reference.
#[test]
fn reproduces_the_reference_similarities() {
    let Some(e) = encoder() else { return };
    let v: Vec<Vec<f32>> =
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
            .iter()
            .map(|s| e.embed(s))
            .collect();
    for (i, j, want) in [(0, 1, 0.6660f32), (0, 2, 0.1046), (1, 2, 0.1411)] {
        let got = cosine(&v[i], &v[j]);
        assert!((got - want).abs() < 5e-4, "similarity {i}-{j}: {got:.4}, reference {want:.4}");
    }
    assert!((cosine(&v[0], &v[0]) - 1.0).abs() < 1e-5);
}

/// The committed head is what the trainer makes of the training sentences (some minutes on
/// one core: it runs the encoder over every sentence).
#[test]
fn the_committed_head_rebuilds_from_the_training_sentences() {
    let Some(e) = encoder() else { return };
    let dir = repo().join("data/events/training");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    let rebuilt = head_file_from_training(&e, &files).unwrap();
    let committed =
        std::fs::read_to_string(repo().join("data/events/model/event_types_encoder.tsv")).unwrap();
    // Same labels and weights; the last digit may differ where the CPU's matrix kernels
    // (FMA or not) round differently from the machine that trained the committed head.
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split(['\t', ' ']).map(str::to_string).collect())
            .collect()
    };
    let same = |a: &String, b: &String| match (a.parse::<f32>(), b.parse::<f32>()) {
        (Ok(x), Ok(y)) => (x - y).abs() <= 2e-3,
        _ => a == b,
    };
    let (r, c) = (rows(&rebuilt), rows(&committed));
    let matches = r.len() == c.len()
        && r.iter().zip(&c).all(|(a, b)| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)));
    assert!(
        matches,
        "data/events/model/event_types_encoder.tsv is stale: rebuild it with\n  \
         cargo run --release -p eventwire-encoder --bin eventwire-encoder -- train-head data/events/training/*.tsv \
         -o data/events/model/event_types_encoder.tsv"
    );
}
