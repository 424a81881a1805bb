//! An ingest stopped dead at any phase, then run again, leaves the store an uninterrupted
//! ingest leaves: the same export, byte for byte.
//!
//! Each phase is reached deterministically through the store's test hook
//! (`EVENTWIRE_TEST_CRASH_AT=PHASE[:N]`, see `eventwire_store::crash_point`), which aborts the
//! process there as `kill -9` would: no destructor, no rollback. Two more runs are killed
//! with a real SIGKILL at a time that varies from run to run.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Articles per batch: the corpus below makes several batches.
const BATCH: &str = "6";

/// Generated wire articles from three outlets, a quarter of them without a date, and
/// follow-ups that can only be dated from an earlier dated report (stored in a later batch),
/// so that the cross-article pass has outlet homes and dates to settle.
fn corpus(dir: &Path) -> PathBuf {
    let p = dir.join("corpus.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    let places = ["Tarin", "Velmor", "Ostrava Bay", "Karsk"];
    for (k, place) in places.iter().enumerate() {
        let day = k + 3;
        let text = format!(
            "{place} offensive stalls\n\nA five-week offensive on {place} that began on March {day} has stalled \
             in the face of heavy rain, commanders said."
        );
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("follow-{k}"), "outlet": "Valley Desk", "text": text})
        )
        .unwrap();
    }
    let outlets = ["Valley Desk", "Harbour Post", "Steppe Wire"];
    for i in 0..24u64 {
        let a = eventwire_store::synth::article(31, i);
        let mut item = serde_json::json!({"id": a.id, "title": a.title, "text": a.text,
            "outlet": outlets[i as usize % 3]});
        if i % 4 != 1 {
            item["published"] = a.published.into();
        }
        writeln!(f, "{item}").unwrap();
    }
    for (k, place) in places.iter().enumerate() {
        let day = k + 3;
        let text = format!(
            "Offensive on {place} gathers pace\n\nGovernment forces pressed their offensive on {place}, which \
             began on March {day}, the army said on Friday."
        );
        let item = serde_json::json!({"id": format!("anchor-{k}"), "outlet": "Harbour Post",
            "published": "2015-03-20", "text": text});
        writeln!(f, "{item}").unwrap();
    }
    f.flush().unwrap();
    p
}

fn ingest(db: &Path, input: &Path, crash_at: Option<&str>) -> Output {
    let mut cmd = common::eventwire();
    cmd.args(["ingest", "--plain", "--jobs", "1", "--batch-size", BATCH, "--db"]).arg(db).arg(input);
    if let Some(phase) = crash_at {
        cmd.env(eventwire_store::CRASH_AT_VAR, phase);
    }
    cmd.output().unwrap()
}

fn export(db: &Path) -> String {
    common::run(&["export", "--db", db.to_str().unwrap(), "--format", "jsonl"]).0
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Run to the end without a crash; the export.
fn resume(db: &Path, input: &Path, what: &str) -> String {
    let out = ingest(db, input, None);
    assert!(out.status.success(), "rerun after {what}: {}", stderr(&out));
    export(db)
}

fn assert_same(got: &str, want: &str, what: &str) {
    if got != want {
        let diff = got.lines().zip(want.lines()).position(|(g, w)| g != w).unwrap_or(0);
        panic!(
            "after {what} the export differs from an uninterrupted run's ({} lines vs {}); first \
             difference on line {}:\n got  {}\n want {}",
            got.lines().count(),
            want.lines().count(),
            diff + 1,
            got.lines().nth(diff).unwrap_or(""),
            want.lines().nth(diff).unwrap_or("")
        );
    }
}

/// Every phase of an ingest: reading, a batch analysed, inside its transaction, between
/// batches, after the last batch, the cross-article pass (start, after dating, inside and
/// after its rewrite), and fusion (start, inside its transaction).
const PHASES: &[&str] = &[
    "read:3",
    "batch-analysed:2",
    "store-add-uncommitted:1",
    "store-add-uncommitted:4",
    "batch-committed:1",
    "batch-committed:3",
    "batch-committed:6",
    "pass-start",
    "pass-dated",
    "store-replace-uncommitted",
    "pass-chunk-replaced",
    "fuse-start",
    "store-fuse-uncommitted",
];

#[test]
fn a_crash_at_any_phase_then_a_rerun_gives_the_export_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let clean_db = dir.path().join("clean.db");
    let out = ingest(&clean_db, &input, None);
    // The corpus exercises the pass: follow-ups dated from their anchors in a later batch.
    assert!(stderr(&out).contains("undated articles dated from other articles"), "{}", stderr(&out));
    let clean = export(&clean_db);
    assert!(clean.lines().count() > 20, "{clean}");

    for phase in PHASES {
        let db = dir.path().join(format!("{}.db", phase.replace(':', "-")));
        let out = ingest(&db, &input, Some(phase));
        assert!(!out.status.success(), "{phase}: the hook did not stop the run: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("aborting at {}", phase.split(':').next().unwrap())));
        assert_same(&resume(&db, &input, phase), &clean, phase);
    }

    // A crash in the run that resumes a crashed one.
    let db = dir.path().join("twice.db");
    assert!(!ingest(&db, &input, Some("batch-committed:2")).status.success());
    assert!(!ingest(&db, &input, Some("store-replace-uncommitted")).status.success());
    assert_same(&resume(&db, &input, "two crashes"), &clean, "two crashes");
}

#[test]
fn a_real_kill_9_at_a_varying_moment_then_a_rerun_gives_the_same_export() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let started = Instant::now();
    let clean = resume(&dir.path().join("clean.db"), &input, "nothing");
    let whole = started.elapsed();
    // A moment that differs from run to run, within the run's length.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    for k in 0..2u32 {
        let fraction = ((nanos / 7 + k * 450_000_000) % 1_000_000_000) as f64 / 1e9;
        let at = whole.mul_f64(0.2 + 0.7 * fraction);
        let db = dir.path().join(format!("killed-{k}.db"));
        let mut child = common::eventwire()
            .args(["ingest", "--plain", "--jobs", "1", "--batch-size", BATCH, "--db"])
            .arg(&db)
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL; the run may have ended already
        child.wait().unwrap();
        let what = format!("a kill -9 after {at:?} of {whole:?}");
        eprintln!("{what}");
        assert_same(&resume(&db, &input, &what), &clean, &what);
    }
    // The kills above land within a run that takes `whole`; make sure that is long enough
    // to be cut at all.
    assert!(whole > Duration::from_millis(50), "{whole:?}");
}
