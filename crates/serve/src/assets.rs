//! The front-end bundle, embedded at compile time by `build.rs`.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

pub use generated::BUNDLE_BUILT;

/// The embedded file at `path` (relative, no leading slash).
pub fn get(path: &str) -> Option<&'static [u8]> {
    generated::FILES.binary_search_by(|(p, _)| (*p).cmp(path)).ok().map(|i| generated::FILES[i].1)
}

/// Paths of every embedded file, sorted.
pub fn paths() -> impl Iterator<Item = &'static str> {
    generated::FILES.iter().map(|(p, _)| *p)
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves `/` and `/assets/...`-style paths from the bundle; anything else is a 404.
pub async fn handler(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    match get(path) {
        Some(bytes) => {
            let mut res = bytes.into_response();
            let headers = res.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime(path)));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        None => {
            crate::error::ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such page").into_response()
        }
    }
}
