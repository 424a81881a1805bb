//! `eventwire serve`: a JSON API and an offline web UI (map, timeline, evidence) over a corpus.
//!
//! The HTTP layer is independent of storage: anything that implements [`Corpus`] can be
//! served. [`router`] builds the axum app (handy for tests with `tower::ServiceExt::oneshot`);
//! [`serve`] binds and runs it.
//!
//! Front-end: `web/` holds plain ES modules (no framework) and `web/build.mjs` copies them
//! with the vendored d3-geo, topojson-client and world-atlas `countries-110m.json` and
//! `countries-50m.json` into `web/dist` (run by `scripts/setup`). `build.rs` embeds `web/dist`
//! into the binary, so `serve` needs no node at run time. When `web/dist` is missing at compile
//! time the crate still builds, embedding a placeholder page that says how to build the UI, and
//! cargo prints a warning; `/api/health` reports `"ui_bundle": false` and `eventwire serve`
//! warns at start. This keeps the API and the rest of the workspace buildable without npm.
//!
//! Safety: request bodies are size-limited, malformed requests get a 4xx JSON error, server
//! failures a generic 500 JSON error (details only in the log), and every response carries a
//! strict Content-Security-Policy. When bound to loopback, requests whose `Host` is not a
//! loopback name are refused (DNS-rebinding guard).

pub mod aggregate;
pub mod assets;
pub mod backend;
mod compress;
mod error;
mod query;
mod readers;
mod routes;
mod store_browse;
mod store_corpus;
pub mod types;
mod write_rate;

pub use error::ApiError;
pub use eventwire_store::{ExportFormat, ReportFormat};
pub use store_corpus::{PgCorpus, ServedStore, StoreCorpus};
pub use types::*;

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

/// The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// Errors of a [`Corpus`] backend.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The request cannot be answered as asked (answered with 400).
    #[error("{0}")]
    Invalid(String),
    /// A part the request needs is not available, e.g. the analysis layers failed to load
    /// (answered with 503; the message goes to the log).
    #[error("{0}")]
    Unavailable(String),
    /// The backend failed (answered with a generic 500; the message goes to the log).
    #[error("{0}")]
    Backend(String),
}

/// Errors of the server itself.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "{addr} is reachable from other machines and the API has no authentication: give a token \
         (--token or EVENTWIRE_TOKEN), or --insecure-no-auth if an open API is meant"
    )]
    NoAuth { addr: SocketAddr },
}

/// What the API serves. Implementations are called from blocking threads, one call per
/// request, so they may do synchronous I/O (SQLite).
pub trait Corpus: Send + Sync + 'static {
    fn documents(&self, q: &ListQuery) -> Result<Page<DocumentSummary>, CorpusError>;
    fn document(&self, id: &str) -> Result<Option<DocumentDetail>, CorpusError>;
    fn events(&self, f: &EventFilter) -> Result<Page<EventSummary>, CorpusError>;
    fn event(&self, id: &str) -> Result<Option<EventDetail>, CorpusError>;
    fn places(&self, q: &ListQuery) -> Result<Page<PlaceSummary>, CorpusError>;
    fn place(&self, id: &str) -> Result<Option<PlaceDetail>, CorpusError>;
    /// The claims ledger; `q.q` filters subjects by substring. Event filters in `f` keep the
    /// claims of the articles that report a matching event, dated within its range.
    fn claims(&self, q: &ListQuery, f: &EventFilter) -> Result<Page<ClaimSubject>, CorpusError>;
    fn timeline(&self, f: &EventFilter) -> Result<Page<TimelineEntry>, CorpusError>;
    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, CorpusError>;
    /// Who holds each place with a control history at `at` (an ISO date; the latest known
    /// holder when `None`). Places whose first recorded change is later are left out.
    fn control(&self, at: Option<&str>) -> Result<Vec<ControlAt>, CorpusError>;
    /// Mark event `id` reviewed (or clear its mark); false when there is no such event.
    fn set_review(&self, id: &str, review: Option<&eventwire_store::Review>) -> Result<bool, CorpusError>;
    /// The events matching `f` written in `format` (paging and order aside); the count.
    fn export(&self, f: &EventFilter, format: ExportFormat) -> Result<(usize, Vec<u8>), CorpusError>;
    /// The situation report of the events matching `f`.
    fn report(&self, f: &EventFilter, format: ReportFormat) -> Result<String, CorpusError>;
    fn ingest(&self, articles: Vec<NewArticle>) -> Result<Vec<IngestOutcome>, CorpusError>;

    /// Counts of the events matching `f` (paging and order aside) per map grid cell at `zoom`.
    fn grid(&self, f: &EventFilter, zoom: u8) -> Result<aggregate::Grid, CorpusError> {
        let all = self.events(&EventFilter { limit: usize::MAX, offset: 0, after: None, ..f.clone() })?;
        Ok(aggregate::grid(&all.items, zoom))
    }

    /// Counts of the events matching `f` (paging and order aside) per day, week or month.
    fn histogram(
        &self,
        f: &EventFilter,
        bucket: aggregate::Bucket,
    ) -> Result<aggregate::Histogram, CorpusError> {
        let all = self.events(&EventFilter { limit: usize::MAX, offset: 0, after: None, ..f.clone() })?;
        Ok(aggregate::histogram(&all.items, bucket))
    }
}

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest accepted request body (the ingest payload), in bytes.
    pub max_body_bytes: usize,
    /// Largest `limit` a list endpoint accepts.
    pub max_page: usize,
    /// Accept only loopback `Host` headers (set automatically for loopback binds by [`serve`]).
    pub loopback_only: bool,
    /// When set, every API request but `/api/health` must carry `Authorization: Bearer TOKEN`
    /// (401 otherwise). [`serve`] refuses a non-loopback address without a token unless
    /// `insecure_no_auth` says the open API is meant.
    pub token: Option<String>,
    /// Serve a non-loopback address without a token (an explicit choice).
    pub insecure_no_auth: bool,
    /// Writes (`POST /api/ingest`, `/api/reviews`) accepted a minute, all clients together, with
    /// bursts up to as many; past it, 429 with `Retry-After`. 0: no cap.
    pub max_writes_per_minute: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: 2 * 1024 * 1024,
            max_page: 100_000,
            loopback_only: true,
            token: None,
            insecure_no_auth: false,
            max_writes_per_minute: 60,
        }
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState {
    pub corpus: Arc<dyn Corpus>,
    pub config: Arc<Config>,
}

/// The whole app: API under `/api`, the embedded UI elsewhere.
pub fn router(corpus: Arc<dyn Corpus>, config: Config) -> Router {
    routes::build(AppState { corpus, config: Arc::new(config) })
}

/// A warning to print when `addr` is not a loopback address, else `None`.
pub fn exposure_warning(addr: &SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| {
        format!(
            "WARNING: listening on {addr}, which is reachable from other machines. The API has no \
             authentication and accepts POST /api/ingest. Use --addr 127.0.0.1:PORT unless you mean it."
        )
    })
}

/// Bind `addr` and serve until Ctrl-C. `on_ready` gets the bound address (useful with port 0).
pub async fn serve(
    corpus: Arc<dyn Corpus>,
    mut config: Config,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    config.loopback_only = addr.ip().is_loopback();
    if !config.loopback_only && config.token.is_none() && !config.insecure_no_auth {
        return Err(ServeError::NoAuth { addr });
    }
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener.local_addr()?;
    on_ready(bound);
    let app = router(corpus, config);
    let mut shutdown = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                // A failed accept (e.g. out of file descriptors) ends no other connection.
                Err(_) => continue,
            },
            _ = &mut shutdown => return Ok(()),
        };
        tokio::spawn(serve_connection(stream, app.clone()));
    }
}

/// How long a client may take to send a request's headers: a half-sent request must not hold a
/// connection open (the body has its own limit, see `POST /api/ingest`).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// One HTTP/1 connection, with the header read timeout that `axum::serve` does not set.
async fn serve_connection(stream: tokio::net::TcpStream, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let service = hyper_util::service::TowerToHyperService::new(
        app.map_request(|req: axum::http::Request<hyper::body::Incoming>| req.map(axum::body::Body::new)),
    );
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    // A connection's failure (reset, timeout) is the client's; the server goes on.
    let _ = builder.serve_connection(TokioIo::new(stream), service).await;
}

/// [`serve`] on a runtime of its own, blocking until Ctrl-C (for the CLI).
pub fn run(
    corpus: Arc<dyn Corpus>,
    config: Config,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(serve(corpus, config, addr, on_ready))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_non_loopback_binds_warn() {
        assert!(exposure_warning(&"127.0.0.1:8080".parse().unwrap()).is_none());
        assert!(exposure_warning(&"[::1]:8080".parse().unwrap()).is_none());
        let w = exposure_warning(&"0.0.0.0:8080".parse().unwrap()).unwrap();
        assert!(w.contains("0.0.0.0:8080") && w.contains("127.0.0.1"), "{w}");
    }
}
