//! `eventwire actors import FILE...`: convert PETRARCH/Phoenix CAMEO actor dictionaries into
//! eventwire's actor lexicon format (data/actors/README.md).

use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Convert Phoenix/PETRARCH `.actors` dictionaries to eventwire actor TOML.
    ///
    /// Put the output in `<data-dir>/actors/` to use it (`--data-dir` / EVENTWIRE_DATA).
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Phoenix actor dictionary files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the TOML here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Import(a) => import(a),
    }
}

fn import(a: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut actors = Vec::new();
    let mut skipped = 0;
    let mut names = Vec::new();
    for f in &a.files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        // Old dictionaries are not always UTF-8: decode lossily rather than fail.
        let text = String::from_utf8_lossy(&bytes);
        let imp = eventwire_events::phoenix::import(&text);
        if imp.actors.is_empty() {
            anyhow::bail!("{}: no actor entries found (is it a Phoenix .actors file?)", f.display());
        }
        skipped += imp.skipped;
        actors.extend(imp.actors);
        names.push(f.display().to_string());
    }
    let toml = eventwire_events::phoenix::to_toml(&actors, &names.join(", "));
    match &a.output {
        Some(p) => std::fs::write(p, &toml).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().lock().write_all(toml.as_bytes())?,
    }
    eprintln!("actors import: {} actors written, {} entries skipped (no actor role)", actors.len(), skipped);
    Ok(ExitCode::SUCCESS)
}
