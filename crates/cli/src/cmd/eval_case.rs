//! `eventwire eval case`: fine-grained event typing on the CASE 2021 task 2 set.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The set's TSV (id, EventSnippet, SubType).
    #[arg(default_value = "../shared/eval/events/case2021-task2-dev/case2021-task2-dev.tsv")]
    pub path: PathBuf,
    #[command(flatten)]
    pub report: super::eval::ReportArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let analyzer = a.report.data.analyzer()?;
    let Some((s, pairs)) = eventwire_eval::case::evaluate(&analyzer, &a.path)? else {
        super::eval::skipping("case", &a.path, "");
        return Ok(ExitCode::SUCCESS);
    };
    if a.report.json {
        outln!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        outln!("CASE 2021 task 2 ({} snippets)", s.snippets);
        outln!("  weighted F1, all labels:   {:.3}", s.weighted_f1);
        outln!("  weighted F1, ACLED labels: {:.3}", s.weighted_f1_acled);
        outln!("  accuracy:                  {:.3}", s.accuracy);
        outln!("  snippets with no event:    {}", s.no_event);
        outln!(
            "  non-conflict snippets coded as conflict: {} of {}",
            s.non_conflict_as_conflict,
            s.non_conflict
        );
        for (label, (n, f1)) in &s.per_label {
            outln!("    {label:32} {n:4}  F1 {f1:.3}");
        }
    }
    if a.report.errors {
        // Each confusion: gold label -> the label coded for the snippet's main event.
        for (gold, coded, n) in eventwire_eval::case::confusions(&pairs) {
            outln!("{n:4}  {gold} -> {coded}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
