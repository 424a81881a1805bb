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

use anyhow::Context;
use std::path::PathBuf;

/// `--data-dir`: where the knowledge files (gazetteer, lexicons, rules) live.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DataDir {
    /// Directory with user knowledge files; defaults to the built-in data.
    #[arg(long, env = "EVENTWIRE_DATA")]
    pub data_dir: Option<PathBuf>,
    /// Opt-in: also type events with this sentence encoder (a folder that
    /// scripts/setup.d/30-encoder.sh fills, .cache/encoder/all-MiniLM-L6-v2). More accurate,
    /// much slower. Commands that type no events ignore it.
    #[arg(long, env = "EVENTWIRE_ENCODER")]
    pub encoder: Option<PathBuf>,
}

impl DataDir {
    /// The analysis layers, with the sentence encoder where one is named.
    pub fn analyzer(&self) -> anyhow::Result<eventwire_analyze::Analyzer> {
        let a =
            eventwire_analyze::Analyzer::load(self.data_dir.as_deref()).context("loading knowledge files")?;
        match &self.encoder {
            Some(dir) => {
                a.with_encoder(dir, self.data_dir.as_deref()).context("loading the sentence encoder")
            }
            None => Ok(a),
        }
    }

    /// The readers and analysis layers, with the sentence encoder where one is named.
    pub fn pipeline(&self) -> anyhow::Result<eventwire_pipeline::Pipeline> {
        let p = eventwire_pipeline::Pipeline::load(self.data_dir.as_deref())
            .context("loading knowledge files")?;
        match &self.encoder {
            Some(dir) => {
                p.with_encoder(dir, self.data_dir.as_deref()).context("loading the sentence encoder")
            }
            None => Ok(p),
        }
    }
}
