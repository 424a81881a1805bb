//! A test hook for the crash tests: stop the process dead at a named phase of an ingest.
//!
//! `EVENTWIRE_TEST_CRASH_AT=PHASE` (or `PHASE:N`: the Nth time PHASE is reached, from the
//! first) makes [`crash_point`] abort the process there: no destructor, no rollback, no flush,
//! as a `kill -9` would stop it. Only the crash tests set it (crates/cli/tests/crash_phases.rs);
//! unset, a phase costs one read of a value cached at the first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The environment variable that names the phase to crash at.
pub const CRASH_AT_VAR: &str = "EVENTWIRE_TEST_CRASH_AT";

fn target() -> Option<&'static (String, usize)> {
    static TARGET: OnceLock<Option<(String, usize)>> = OnceLock::new();
    TARGET
        .get_or_init(|| {
            let v = std::env::var(CRASH_AT_VAR).ok()?;
            Some(match v.split_once(':') {
                Some((phase, n)) => (phase.to_string(), n.parse().unwrap_or(1)),
                None => (v, 1),
            })
        })
        .as_ref()
}

/// Abort the process here when [`CRASH_AT_VAR`] names `phase` and this is its Nth passage.
pub fn crash_point(phase: &str) {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let Some((name, n)) = target() else { return };
    if name == phase && SEEN.fetch_add(1, Ordering::SeqCst) + 1 == *n {
        eprintln!("{CRASH_AT_VAR}: aborting at {phase} (passage {n})");
        std::process::abort();
    }
}
