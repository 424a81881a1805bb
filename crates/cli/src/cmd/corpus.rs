//! Store-backed commands: ingest, report, timeline, export, search (work in progress).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct IngestArgs {}
#[derive(clap::Args, Debug)]
pub struct ReportArgs {}
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {}
#[derive(clap::Args, Debug)]
pub struct ExportArgs {}
#[derive(clap::Args, Debug)]
pub struct SearchArgs {}

pub fn ingest(_a: IngestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn report(_a: ReportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn timeline(_a: TimelineArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn export(_a: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn search(_a: SearchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
