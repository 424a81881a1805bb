//! `eventwire serve`: the HTTP API and the offline web UI over the store.

use super::DataDir;
use anyhow::Context;
use eventwire_store_pg::is_postgres_url;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store (SQLite file, or a directory holding eventwire.db; created when missing), or a
    /// PostgreSQL store: `postgresql://user@host/db` or `postgresql:///db?host=/socket/dir`.
    #[arg(long, env = "EVENTWIRE_DB")]
    pub db: Option<PathBuf>,
    /// Address to listen on. Loopback by default; anything else is reachable from other
    /// machines (the API has no authentication). Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Largest accepted request body (POST /api/ingest), in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    /// Require `Authorization: Bearer TOKEN` on every API request but /api/health. Needed to
    /// listen on a non-loopback address (or --insecure-no-auth).
    #[arg(long, env = "EVENTWIRE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Listen on a non-loopback address without a token: anyone who reaches it can read the
    /// store and add articles.
    #[arg(long)]
    pub insecure_no_auth: bool,
    /// Writes (POST /api/ingest, /api/reviews) accepted a minute, all clients together; past
    /// it, 429 with Retry-After. 0: no cap.
    #[arg(long, default_value_t = 60)]
    pub max_writes_per_minute: u32,
    #[command(flatten)]
    pub data: DataDir,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let db = a.db.unwrap_or_else(eventwire_store::default_path);
    let is_pg = db.to_str().is_some_and(is_postgres_url);
    let corpus: Arc<dyn eventwire_serve::Corpus> = match db.to_str().filter(|_| is_pg) {
        Some(url) => {
            let corpus = eventwire_serve::PgCorpus::connect(url, a.data.data_dir.clone())
                .context("connecting to the PostgreSQL store")?;
            Arc::new(corpus)
        }
        None => {
            let corpus = Arc::new(
                eventwire_serve::StoreCorpus::open(&db, a.data.data_dir.clone())
                    .with_context(|| format!("opening the store {}", db.display()))?,
            );
            corpus.warm();
            corpus
        }
    };
    let token = a.token.filter(|t| !t.is_empty());
    if let Some(w) =
        eventwire_serve::exposure_warning(&a.addr).filter(|_| token.is_none() && a.insecure_no_auth)
    {
        eprintln!("eventwire: {w}");
    }
    if !eventwire_serve::assets::BUNDLE_BUILT {
        eprintln!("eventwire: warning: built without the web UI bundle; run scripts/setup and rebuild");
    }
    let config = eventwire_serve::Config {
        max_body_bytes: a.max_body,
        token,
        insecure_no_auth: a.insecure_no_auth,
        max_writes_per_minute: a.max_writes_per_minute,
        ..Default::default()
    };
    // A URL may hold a password: not shown.
    let shown = if is_pg { "PostgreSQL".to_string() } else { db.display().to_string() };
    eventwire_serve::run(corpus, config, a.addr, |bound| {
        // Tests and scripts read this line to find the port.
        println!("eventwire: listening on http://{bound}/ (store {shown})");
    })?;
    Ok(ExitCode::SUCCESS)
}
