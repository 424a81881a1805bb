//! `eventwire eval …`: accuracy on evaluation sets. Each set skips cleanly when absent.

use std::path::Path;
use std::process::ExitCode;

/// What every evaluation takes besides its sets.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Print each error (a miss, a spurious answer, a wrong one) for error analysis.
    #[arg(long)]
    pub errors: bool,
    /// Output the figures as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data: super::DataDir,
}

/// Say that the evaluation set at `path` is absent, so `eval <command>` skips it.
pub fn skipping(command: &str, path: &Path, what: &str) {
    eprintln!("eval {command}: {} not found, skipping{what}", path.display());
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Toponym recognition and resolution on LGL / GeoVirus XML.
    Geoparsing(super::eval_geoparsing::Args),
    /// TIMEX3 extraction and normalisation on TimeML (TempEval-3) files.
    Temporal(super::eval_temporal::Args),
    /// Event coding on PLOVER, IndiaPoliceEvents and FA-KES.
    Events(super::eval_events::Args),
    /// Fine-grained event typing on the CASE 2021 task 2 set (30 labels).
    Case(super::eval_case::Args),
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Geoparsing(a) => super::eval_geoparsing::run(a),
        Command::Temporal(a) => super::eval_temporal::run(a),
        Command::Events(a) => super::eval_events::run(a),
        Command::Case(a) => super::eval_case::run(a),
    }
}
