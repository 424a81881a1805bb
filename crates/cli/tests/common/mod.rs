//! What every test of the `eventwire` binary shares.

use std::process::Command;

/// The `eventwire` binary with the tests' environment: see [`eventwire_test_support::eventwire`].
pub fn eventwire() -> Command {
    eventwire_test_support::eventwire(env!("CARGO_BIN_EXE_eventwire"))
}

/// Run `eventwire ARGS`, expect success, return its stdout and stderr.
#[allow(dead_code)] // not every test binary runs commands this way
pub fn run(args: &[&str]) -> (String, String) {
    let out = eventwire().args(args).output().expect("run eventwire");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "eventwire {args:?} failed:\n{stderr}");
    (stdout, stderr)
}

/// Send `req` to the API router `app`, expect 200, return the JSON body.
#[allow(dead_code)] // only the tests that go through the API use it
pub async fn json_ok(app: &axum::Router, req: axum::http::Request<axum::body::Body>) -> serde_json::Value {
    use tower::ServiceExt;
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, axum::http::StatusCode::OK, "{v}");
    v
}
