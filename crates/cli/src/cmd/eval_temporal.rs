//! `eventwire eval temporal` (work in progress in this session).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_a: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval temporal is not implemented yet")
}
