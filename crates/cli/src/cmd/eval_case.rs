//! `eventwire eval case`: fine-grained event typing on the CASE 2021 task 2 set.

use super::DataDir;
use anyhow::Context;
use eventwire_analyze::Analyzer;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The set's TSV (id, EventSnippet, SubType).
    #[arg(default_value = "../shared/eval/events/case2021-task2-dev/case2021-task2-dev.tsv")]
    pub path: PathBuf,
    /// Print the confusions (gold → coded), most frequent first.
    #[arg(long)]
    pub errors: bool,
    /// Output the figures as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data: DataDir,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::load(a.data.data_dir.as_deref()).context("loading knowledge files")?;
    let Some((s, pairs)) = eventwire_eval::case::evaluate(&analyzer, &a.path)? else {
        eprintln!("skipped: no CASE set at {}", a.path.display());
        return Ok(ExitCode::SUCCESS);
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("CASE 2021 task 2 ({} snippets)", s.snippets);
        println!("  weighted F1, all labels:   {:.3}", s.weighted_f1);
        println!("  weighted F1, ACLED labels: {:.3}", s.weighted_f1_acled);
        println!("  accuracy:                  {:.3}", s.accuracy);
        println!("  snippets with no event:    {}", s.no_event);
        println!(
            "  non-conflict snippets coded as conflict: {} of {}",
            s.non_conflict_as_conflict, s.non_conflict
        );
        for (label, (n, f1)) in &s.per_label {
            println!("    {label:32} {n:4}  F1 {f1:.3}");
        }
    }
    if a.errors {
        for (gold, coded, n) in eventwire_eval::case::confusions(&pairs) {
            println!("{n:4}  {gold} -> {coded}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
