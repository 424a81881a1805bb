//! `eventwire-encoder`: the optional sentence encoder's commands.
//!
//! ```sh
//! # ids and vectors of stdin's lines (to check against the Python reference)
//! eventwire-encoder tokens --encoder .cache/encoder/all-MiniLM-L6-v2 < lines.txt
//! eventwire-encoder embed  --encoder .cache/encoder/all-MiniLM-L6-v2 < lines.txt
//! # speed per sentence on one core
//! eventwire-encoder bench  --encoder .cache/encoder/all-MiniLM-L6-v2 data/events/training/reports.tsv
//! # the event-type head over the encoder's vectors
//! eventwire-encoder train-head --encoder .cache/encoder/all-MiniLM-L6-v2 \
//!     data/events/training/*.tsv -o data/events/model/event_types_encoder.tsv
//! ```

use eventwire_classify::read_examples;
use eventwire_encoder::{head_file_from_training, Encoder, DEFAULT_DIR};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eventwire-encoder: {e}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str =
    "usage: eventwire-encoder tokens|embed|bench|train-head [--encoder DIR] [FILES...] [-o OUT]";

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let command = args.next().ok_or(USAGE)?;
    let mut dir = PathBuf::from(DEFAULT_DIR);
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut output: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--encoder" => dir = args.next().ok_or("--encoder needs a folder")?.into(),
            "-o" | "--output" => output = Some(args.next().ok_or("-o needs a path")?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => inputs.push(a.into()),
        }
    }
    let encoder = Encoder::load(&dir).map_err(|e| e.to_string())?;
    match command.as_str() {
        "tokens" | "embed" => {
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| e.to_string())?;
                let numbers: Vec<String> = if command == "tokens" {
                    encoder.token_ids(&line).iter().map(u32::to_string).collect()
                } else {
                    encoder.embed(&line).iter().map(|x| format!("{x:.6}")).collect()
                };
                println!("{}", numbers.join(" "));
            }
            Ok(())
        }
        "bench" => {
            let texts: Vec<String> = read_all(&inputs)?.into_iter().map(|(_, t)| t).collect();
            let start = Instant::now();
            let mut tokens = 0;
            for t in &texts {
                tokens += encoder.token_ids(t).len();
                std::hint::black_box(encoder.embed(t));
            }
            let s = start.elapsed().as_secs_f64();
            println!(
                "{} texts, {:.1} ids each: {:.0} µs a text, {:.1} texts a second (one thread)",
                texts.len(),
                tokens as f64 / texts.len().max(1) as f64,
                s * 1e6 / texts.len().max(1) as f64,
                texts.len() as f64 / s
            );
            Ok(())
        }
        "train-head" => {
            let output = output.ok_or("no output: pass -o HEAD.tsv")?;
            if inputs.is_empty() {
                return Err("no training files given".into());
            }
            let file = head_file_from_training(&encoder, &inputs).map_err(|e| e.to_string())?;
            std::fs::write(&output, file).map_err(|e| format!("{}: {e}", output.display()))?;
            eprintln!("eventwire-encoder: head -> {}", output.display());
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

/// The labelled sentences of the training files, read in name order.
fn read_all(inputs: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    if inputs.is_empty() {
        return Err("no training files given".into());
    }
    let mut inputs = inputs.to_vec();
    inputs.sort();
    let mut out = Vec::new();
    for p in &inputs {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let examples = read_examples(&text, &p.display().to_string()).map_err(|e| e.to_string())?;
        out.extend(examples.into_iter().map(|e| (e.label, e.text)));
    }
    Ok(out)
}
