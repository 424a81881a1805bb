//! The `eventwire` command line: a thin layer over the pipeline crates.
//!
//! Exit codes: 0 success, 1 an input or operation failed, 2 usage error.

/// `println!` that returns the write error (a closed pipe ends the command quietly, see
/// `main`) instead of panicking. Use inside functions returning `anyhow::Result`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod cmd;

// Analysis makes many small, short-lived allocations; mimalloc serves them faster than the
// system allocator (the all-layers benchmark runs with it too).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "eventwire",
    version,
    about = "Turn news articles about armed conflict into a sourced, dated, geocoded event record."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print one JSON object per document.
    Analyze(cmd::analyze::Args),
    /// Build, import into and inspect the GeoNames gazetteer.
    #[command(subcommand)]
    Gazetteer(cmd::gazetteer::Command),
    /// Import actor dictionaries (PETRARCH/Phoenix CAMEO format).
    #[command(subcommand)]
    Actors(cmd::actors::Command),
    /// Measure accuracy on evaluation sets.
    #[command(subcommand)]
    Eval(cmd::eval::Command),
    /// Add articles to the store (incremental, idempotent, crash-safe).
    Ingest(cmd::corpus::IngestArgs),
    /// Write a situation report from the store.
    Report(cmd::corpus::ReportArgs),
    /// Print the event timeline from the store.
    Timeline(cmd::corpus::TimelineArgs),
    /// Export events from the store.
    Export(cmd::corpus::ExportArgs),
    /// Full-text search over stored articles.
    Search(cmd::corpus::SearchArgs),
    /// Serve the HTTP API and web UI over the store.
    Serve(cmd::serve::Args),
    /// Analyse queued articles of a shared PostgreSQL store (any number, on any machines).
    Worker(cmd::postgres::WorkerArgs),
    /// Measure speed, memory and store size on a generated corpus.
    #[command(subcommand)]
    Bench(cmd::bench::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Gazetteer(c) => cmd::gazetteer::run(c),
        Command::Actors(c) => cmd::actors::run(c),
        Command::Eval(c) => cmd::eval::run(c),
        Command::Ingest(a) => cmd::corpus::ingest(a),
        Command::Report(a) => cmd::corpus::report(a),
        Command::Timeline(a) => cmd::corpus::timeline(a),
        Command::Export(a) => cmd::corpus::export(a),
        Command::Search(a) => cmd::corpus::search(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Worker(a) => cmd::postgres::worker(a),
        Command::Bench(c) => cmd::bench::run(c),
    };
    match result {
        Ok(code) => code,
        // The reader closed the pipe (`eventwire export … | head`): nothing more to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eventwire: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A write to a closed pipe, however deep in the chain (an `io::Error`, or one a JSON writer
/// carries).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
                == Some(BrokenPipe)
    })
}
