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
