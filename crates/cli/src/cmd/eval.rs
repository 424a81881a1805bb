//! `eventwire eval …`: accuracy on evaluation sets. Each set skips cleanly when absent.

use std::process::ExitCode;

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
