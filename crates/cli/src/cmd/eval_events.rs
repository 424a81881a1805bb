//! `eventwire eval events [DIR]`: event coding on the dev sets under DIR
//! (default `../shared/eval/events`); each set is skipped cleanly when absent. The evaluation
//! itself is [`eventwire_eval::events`]; this prints it.

use super::eval::skipping;
use eventwire_eval::events::{self, EventsReport};
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory holding the evaluation sets.
    #[arg(default_value = "../shared/eval/events")]
    pub dir: PathBuf,
    // `--errors` prints each FA-KES disagreement, IndiaPoliceEvents miss and PLOVER miss, with
    // the events coded for the sentence.
    #[command(flatten)]
    pub report: super::eval::ReportArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if !a.dir.is_dir() {
        skipping("events", &a.dir, "");
        return Ok(ExitCode::SUCCESS);
    }
    let analyzer = a.report.data.analyzer()?;
    let report = events::evaluate(&analyzer, &a.dir)?;
    for (set, path) in &report.missing {
        skipping("events", path, &format!(" {set}"));
    }
    if a.report.errors {
        print_errors(&report)?;
    }
    // A JSON object's keys print in order: the sets, and each set's figures, alphabetically.
    let Value::Object(sets) = serde_json::to_value(&report)? else { unreachable!("a report is an object") };
    if a.report.json {
        outln!("{}", serde_json::to_string_pretty(&Value::Object(sets))?);
    } else {
        for (set, v) in &sets {
            outln!("{set}");
            if let Value::Object(m) = v {
                for (k, x) in m {
                    outln!("  {k:<28} {x}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_errors(report: &EventsReport) -> std::io::Result<()> {
    for e in &report.fakes_errors {
        outln!("FAKES {} {}: system {:?} gold {:?} | {}", e.id, e.check, e.system, e.gold, e.title);
    }
    for m in &report.ipe_errors {
        let what = if m.spurious { "spurious" } else { "missed" };
        outln!("IPE KILL {what}: killing {} police {} | {}", m.any_killing, m.any_police, m.sentence.trim());
        for e in &m.events {
            outln!("    {e}");
        }
    }
    for m in &report.plover_errors {
        let what = if m.spurious { "out-of-scope coded as violence" } else { "family missed" };
        outln!("PLOVER {} {what} | {}", m.event, m.sentence.trim());
        for e in &m.events {
            outln!("    {e}");
        }
    }
    Ok(())
}
