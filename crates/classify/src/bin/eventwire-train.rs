//! `eventwire-train`: fit the event-type classifier to labelled sentences and write its weights.
//!
//! ```sh
//! cargo run --release -p eventwire-classify --bin eventwire-train -- \
//!     data/events/training/*.tsv -o data/events/model/event_types.tsv
//! ```
//! Same training files (in the same order), same weights file, byte for byte.

use eventwire_classify::{read_examples, train, TrainOptions};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eventwire-train: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut output: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" | "--output" => output = Some(args.next().ok_or("-o needs a path")?.into()),
            "-h" | "--help" => {
                println!("usage: eventwire-train TRAINING.tsv... -o WEIGHTS.tsv");
                return Ok(());
            }
            _ => inputs.push(a.into()),
        }
    }
    let output = output.ok_or("no output: pass -o WEIGHTS.tsv")?;
    if inputs.is_empty() {
        return Err("no training files given".into());
    }
    // Sorted by name, so the shell's glob order cannot change the model.
    inputs.sort();
    let mut examples = Vec::new();
    let mut sources = Vec::new();
    for p in &inputs {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let origin = p.display().to_string();
        examples.extend(read_examples(&text, &origin).map_err(|e| e.to_string())?);
        sources.push(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(origin));
    }
    let opts = TrainOptions::default();
    let model = train(&examples, &opts).map_err(|e| e.to_string())?;
    let header = format!(
        "Event-type classifier, written by eventwire-train; do not edit by hand.\n\
         Trained on {} sentences from: {}\n\
         Options: {opts:?}",
        examples.len(),
        sources.join(", ")
    );
    std::fs::write(&output, model.write(&header)).map_err(|e| format!("{}: {e}", output.display()))?;
    eprintln!(
        "eventwire-train: {} examples, {} labels -> {}",
        examples.len(),
        model.labels().len(),
        output.display()
    );
    Ok(())
}
