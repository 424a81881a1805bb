//! Routes and handlers.

use crate::query::{
    Params, CLAIM_PARAMS, EVENT_PARAMS, EXPORT_PARAMS, FILTER_PARAMS, GRID_PARAMS, HISTOGRAM_PARAMS,
    LIST_PARAMS, REPORT_PARAMS, SEARCH_PARAMS, TIMELINE_PARAMS,
};
use crate::types::NewArticle;
use crate::{assets, ApiError, AppState, Corpus, CorpusError};
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use std::sync::Arc;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn build(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    let config = state.config.clone();
    let writes = Arc::new(crate::write_rate::WriteRate::new(config.max_writes_per_minute));
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/taxonomy", get(taxonomy))
        .route("/documents", get(documents))
        .route("/documents/{*id}", get(document))
        .route("/events", get(events))
        .route("/events/grid", get(grid))
        .route("/events/histogram", get(histogram))
        .route("/events/{*id}", get(event))
        .route("/places", get(places))
        .route("/places/{*id}", get(place))
        .route("/claims", get(claims))
        .route("/timeline", get(timeline))
        .route("/search", get(search))
        .route("/control", get(control))
        .route("/export", get(export))
        .route("/report", get(report))
        .route("/reviews", post(review))
        .route("/ingest", post(ingest))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    Router::new()
        .nest("/api", api)
        .fallback(get(assets::handler).fallback(method_not_allowed))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(crate::compress::gzip))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            guard(req, next, config.clone(), writes.clone())
        }))
}

/// Security headers on every response, refusals included; the DNS-rebinding guard for
/// loopback servers; the token; the cap on the rate of writes.
async fn guard(
    req: Request,
    next: Next,
    config: Arc<crate::Config>,
    writes: Arc<crate::write_rate::WriteRate>,
) -> Response {
    let write = api_write(req.method(), req.uri().path());
    let api = req.uri().path().starts_with("/api/") && req.uri().path() != "/api/health";
    let mut res = if config.loopback_only && !host_is_loopback(req.headers()) {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden_host", "Host must be a loopback name").into_response()
    } else if api && config.token.as_deref().is_some_and(|t| !bearer_matches(req.headers(), t)) {
        let mut r = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this API needs 'Authorization: Bearer TOKEN'",
        )
        .into_response();
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    } else if let Some(wait) = write.then(|| writes.take().err()).flatten() {
        let secs = wait.as_secs() + 1;
        let m = format!("more than {} writes a minute; retry in {secs} s", config.max_writes_per_minute);
        let mut r = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_writes", m).into_response();
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        r
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Is this a write to the API (what the write-rate cap counts)?
fn api_write(method: &Method, path: &str) -> bool {
    path.starts_with("/api/") && !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Does the request carry `Authorization: Bearer <token>`? Compared in constant time.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
}

/// True for `localhost`, `127.x.x.x`, `[::1]` (any port), and for requests with no Host
/// (HTTP/1.0 clients and in-process tests).
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else { return true };
    let Ok(host) = host.to_str() else { return false };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Run a corpus call on a blocking thread; panics and backend errors become a generic 500.
async fn call<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Corpus) -> Result<T, CorpusError> + Send + 'static,
{
    let corpus = Arc::clone(&state.corpus);
    match tokio::task::spawn_blocking(move || f(&*corpus)).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(CorpusError::Invalid(msg))) => Err(ApiError::bad_request(msg)),
        Ok(Err(CorpusError::Backend(msg))) => Err(ApiError::internal(msg)),
        Ok(Err(CorpusError::Unavailable(msg))) => {
            eprintln!("eventwire serve: unavailable: {msg}");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the analysis layers could not be loaded (see the server log; run scripts/setup)",
            ))
        }
        Err(join) => Err(ApiError::internal(format!("handler panicked: {join}"))),
    }
}

fn json<T: Serialize>(v: T) -> Response {
    Json(v).into_response()
}

fn page_json<T: Serialize>(key: &str, p: crate::Page<T>) -> Response {
    let mut map = serde_json::Map::new();
    map.insert("total".into(), p.total.into());
    map.insert(key.into(), serde_json::to_value(p.items).unwrap_or_default());
    if let Some(next) = p.next {
        map.insert("next".into(), next.into());
    }
    json(map)
}

fn found<T: Serialize>(what: &str, id: &str, v: Option<T>) -> Result<Response, ApiError> {
    v.map(json).ok_or_else(|| {
        ApiError::not_found(format!("no {what} with id '{}'", id.chars().take(80).collect::<String>()))
    })
}

/// The `{*id}` path segment: valid UTF-8 after percent-decoding, 1 to 1000 bytes.
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::bad_request("the id in the path is not valid UTF-8"))?;
    if id.is_empty() || id.len() > 1000 {
        return Err(ApiError::bad_request("id must be 1 to 1000 bytes"));
    }
    Ok(id)
}

async fn health() -> Response {
    json(serde_json::json!({ "status": "ok", "ui_bundle": assets::BUNDLE_BUILT }))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI_JSON).into_response()
}

/// The ACLED taxonomy the events are typed with (names, disorder types, roles), so that
/// clients list types from the one data file instead of their own copy.
async fn taxonomy(uri: Uri) -> Result<Response, ApiError> {
    Params::parse(uri.query(), &[], &[])?;
    Ok(json(eventwire_model::taxonomy()))
}

async fn documents(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let q = Params::parse(uri.query(), &[], LIST_PARAMS)?.list(s.config.max_page)?;
    Ok(page_json("documents", call(&s, move |c| c.documents(&q)).await?))
}

/// One item by the id in the path (no query parameters): 404 when the corpus has none.
async fn by_id<T, F>(
    s: &AppState,
    uri: &Uri,
    id: Result<Path<String>, PathRejection>,
    what: &str,
    get: F,
) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Corpus, &str) -> Result<Option<T>, CorpusError> + Send + 'static,
{
    Params::parse(uri.query(), &[], &[])?;
    let id = path_id(id)?;
    let key = id.clone();
    found(what, &id, call(s, move |c| get(c, &key)).await?)
}

async fn document(
    State(s): State<AppState>,
    uri: Uri,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    by_id(&s, &uri, id, "document", |c, k| c.document(k)).await
}

async fn events(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let f = Params::parse(uri.query(), FILTER_PARAMS, EVENT_PARAMS)?.event_filter(s.config.max_page)?;
    Ok(page_json("events", call(&s, move |c| c.events(&f)).await?))
}

/// Event counts per grid cell: the map at low zoom needs no event list.
async fn grid(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(uri.query(), FILTER_PARAMS, GRID_PARAMS)?;
    let (zoom, f) = (p.zoom()?, p.event_filter(s.config.max_page)?);
    Ok(json(call(&s, move |c| c.grid(&f, zoom)).await?))
}

/// Event counts per day, week or month: the timeline's bars without the events.
async fn histogram(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(uri.query(), FILTER_PARAMS, HISTOGRAM_PARAMS)?;
    let (bucket, f) = (p.bucket()?, p.event_filter(s.config.max_page)?);
    Ok(json(call(&s, move |c| c.histogram(&f, bucket)).await?))
}

async fn event(
    State(s): State<AppState>,
    uri: Uri,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    by_id(&s, &uri, id, "event", |c, k| c.event(k)).await
}

async fn places(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let q = Params::parse(uri.query(), &[], LIST_PARAMS)?.list(s.config.max_page)?;
    Ok(page_json("places", call(&s, move |c| c.places(&q)).await?))
}

async fn place(
    State(s): State<AppState>,
    uri: Uri,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    by_id(&s, &uri, id, "place", |c, k| c.place(k)).await
}

async fn claims(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(uri.query(), FILTER_PARAMS, CLAIM_PARAMS)?;
    let (q, f) = (p.list(s.config.max_page)?, p.event_filter(s.config.max_page)?);
    Ok(page_json("subjects", call(&s, move |c| c.claims(&q, &f)).await?))
}

async fn timeline(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let f = Params::parse(uri.query(), FILTER_PARAMS, TIMELINE_PARAMS)?.event_filter(s.config.max_page)?;
    Ok(page_json("entries", call(&s, move |c| c.timeline(&f)).await?))
}

async fn search(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let q = Params::parse(uri.query(), &[], SEARCH_PARAMS)?.search(s.config.max_page)?;
    Ok(page_json("hits", call(&s, move |c| c.search(&q)).await?))
}

/// `GET /api/control?at=YYYY-MM-DD`: who holds each place at that date (the latest when absent).
async fn control(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let at = Params::parse(uri.query(), &[], &["at"])?.date("at")?;
    let items = call(&s, move |c| c.control(at.as_deref())).await?;
    Ok(json(serde_json::json!({ "total": items.len(), "places": items })))
}

/// `GET /api/export?format=acled|csv|geojson|jsonl` and the event filters: a download.
async fn export(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(uri.query(), FILTER_PARAMS, EXPORT_PARAMS)?;
    let (format, mime, ext) = match p.text("format").as_deref() {
        Some("acled") => (crate::ExportFormat::AcledCsv, "text/csv; charset=utf-8", "acled.csv"),
        Some("csv") => (crate::ExportFormat::Csv, "text/csv; charset=utf-8", "csv"),
        Some("geojson") => (crate::ExportFormat::Geojson, "application/geo+json", "geojson"),
        Some("jsonl") | None => (crate::ExportFormat::Jsonl, "application/x-ndjson", "jsonl"),
        Some(_) => return Err(ApiError::bad_request("'format' must be acled, csv, geojson or jsonl")),
    };
    let f = p.event_filter(usize::MAX)?;
    let (n, body) = call(&s, move |c| c.export(&f, format)).await?;
    let disposition = format!("attachment; filename=\"eventwire-events.{ext}\"");
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| ApiError::internal(e.to_string()))?,
    );
    h.insert("x-event-count", HeaderValue::from(n));
    Ok(res)
}

/// `GET /api/report?format=markdown|html` and the report's filters.
async fn report(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let p = Params::parse(uri.query(), &[], REPORT_PARAMS)?;
    let (format, mime) = match p.text("format").as_deref() {
        Some("markdown") | None => (crate::ReportFormat::Markdown, "text/markdown; charset=utf-8"),
        Some("html") => (crate::ReportFormat::Html, "text/html; charset=utf-8"),
        Some(_) => return Err(ApiError::bad_request("'format' must be markdown or html")),
    };
    let f = p.event_filter(usize::MAX)?;
    let text = call(&s, move |c| c.report(&f, format)).await?;
    Ok(([(header::CONTENT_TYPE, mime)], text).into_response())
}

/// Longest review note, in characters.
const MAX_NOTE: usize = 2000;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    event_id: String,
    /// `confirmed`, `wrong`, `merged_wrongly`, or null to clear the mark.
    verdict: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/reviews {"event_id", "verdict", "note"?}`: a coder's mark on an event. A write:
/// JSON only (as ingest), and only on a loopback server, where the Host guard also holds.
async fn review(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if !s.config.loopback_only {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "loopback_only",
            "review marks are written only by a server bound to a loopback address",
        ));
    }
    require_json(&headers, "POST /api/reviews")?;
    let body =
        body.map_err(|r| ApiError::new(r.status(), "bad_request", "could not read the request body"))?;
    let b: ReviewBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!("expected {{\"event_id\", \"verdict\", \"note\"?}}: {e}"))
    })?;
    let verdict = match b.verdict.as_deref() {
        None => None,
        Some(v) => Some(eventwire_store::Verdict::parse(v).ok_or_else(|| {
            ApiError::bad_request(format!(
                "'verdict' must be one of {} or null",
                eventwire_store::Verdict::NAMES.join(", ")
            ))
        })?),
    };
    let note = b.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(ApiError::bad_request(format!("'note' is longer than {MAX_NOTE} characters")));
    }
    if note.is_some() && verdict.is_none() {
        return Err(ApiError::bad_request("a note needs a verdict"));
    }
    let review = verdict.map(|verdict| eventwire_store::Review { verdict, note });
    let id = b.event_id.clone();
    let mark = review.clone();
    if !call(&s, move |c| c.set_review(&id, mark.as_ref())).await? {
        return Err(ApiError::not_found(format!(
            "no event with id '{}'",
            b.event_id.chars().take(80).collect::<String>()
        )));
    }
    Ok(json(serde_json::json!({ "event_id": b.event_id, "review": review })))
}

/// Writes take JSON only: a cross-site form cannot send it without a CORS preflight, which
/// we never allow.
fn require_json(headers: &HeaderMap, what: &str) -> Result<(), ApiError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ct.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("{what} takes Content-Type: application/json"),
        ))
    }
}

/// The ingest body: one article, `{"articles": [...]}`, or a bare array.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum IngestBody {
    Many { articles: Vec<NewArticle> },
    List(Vec<NewArticle>),
    One(NewArticle),
}

/// How long a client may take to send the ingest body: a stalled upload must not hold a
/// connection and its buffer.
pub(crate) const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

async fn ingest(State(s): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("request body is larger than {} bytes", s.config.max_body_bytes),
        )
    };
    // A declared length over the limit is refused before a byte of the body is read.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > s.config.max_body_bytes as u64) {
        return Err(too_large());
    }
    require_json(&headers, "POST /api/ingest")?;
    let body = match tokio::time::timeout(BODY_READ_TIMEOUT, to_bytes(body, s.config.max_body_bytes)).await {
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!("the request body did not arrive within {} s", BODY_READ_TIMEOUT.as_secs()),
            ))
        }
        Ok(Err(e)) if is_length_limit(&e) => return Err(too_large()),
        Ok(Err(_)) => return Err(ApiError::bad_request("could not read the request body")),
        Ok(Ok(b)) => b,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    let articles = match serde_json::from_value::<IngestBody>(value) {
        Ok(IngestBody::Many { articles }) | Ok(IngestBody::List(articles)) => articles,
        Ok(IngestBody::One(a)) => vec![a],
        Err(_) => {
            return Err(ApiError::bad_request(
                "expected an article {\"text\": ..., \"id\"?, \"title\"?, \"published\"?, \"url\"?, \"outlet\"?}, \
                 an array of them, or {\"articles\": [...]}",
            ))
        }
    };
    if articles.is_empty() {
        return Err(ApiError::bad_request("no articles given"));
    }
    for (i, a) in articles.iter().enumerate() {
        if a.text.trim().is_empty() {
            return Err(ApiError::bad_request(format!("article {i}: 'text' is empty")));
        }
        if let Some(p) = &a.published {
            if !crate::query::valid_date(p) {
                return Err(ApiError::bad_request(format!(
                    "article {i}: 'published' must be YYYY, YYYY-MM or YYYY-MM-DD"
                )));
            }
        }
        if a.id.as_deref().is_some_and(|id| id.is_empty() || id.len() > 1000) {
            return Err(ApiError::bad_request(format!("article {i}: 'id' must be 1 to 1000 bytes")));
        }
    }
    let outcomes = call(&s, move |c| c.ingest(articles)).await?;
    Ok((StatusCode::OK, Json(serde_json::json!({ "ingested": outcomes }))).into_response())
}

async fn api_not_found(method: Method, uri: Uri) -> ApiError {
    let _ = method;
    ApiError::not_found(format!("no API endpoint {}", uri.path().chars().take(200).collect::<String>()))
}

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("method {method} not allowed here"),
    )
}

/// Did reading a body fail on the size limit (rather than on the connection)?
fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}
