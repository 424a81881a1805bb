//! One module per subcommand (or family of subcommands).

pub mod actors;
pub mod analyze;
pub mod bench;
pub mod corpus;
pub mod eval;
pub mod eval_case;
pub mod eval_events;
pub mod eval_geoparsing;
pub mod eval_temporal;
pub mod gazetteer;
pub mod postgres;
pub mod serve;

use std::path::PathBuf;

/// `--data-dir`: where the knowledge files (gazetteer, lexicons, rules) live.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DataDir {
    /// Directory with user knowledge files; defaults to the built-in data.
    #[arg(long, env = "EVENTWIRE_DATA")]
    pub data_dir: Option<PathBuf>,
}
