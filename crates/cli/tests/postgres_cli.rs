//! The store commands with `--db postgresql://…` on a throwaway cluster (skipped, saying so,
//! where PostgreSQL or PostGIS is not installed): ingest gives the SQLite store's exports byte
//! for byte; `ingest --queue` and two `worker` processes give the same; timeline and search
//! answer; the report is the SQLite store's byte for byte.

mod common;

use common::{eventwire as bin, run};
use eventwire_test_support::PgCluster;

fn inputs() -> Vec<String> {
    let root = eventwire_test_support::repo_root();
    vec![root.join("examples/articles").display().to_string()]
}

fn export(db: &str, format: &str) -> String {
    run(&["export", "--db", db, "--format", format]).0
}

/// A JSON Lines export without merged-event ids, sources and events sorted.
fn content(jsonl: &str) -> Vec<String> {
    let mut lines: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("id");
            if let Some(serde_json::Value::Array(s)) = o.get_mut("sources") {
                s.sort_by_key(|x| x.to_string());
            }
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_store_commands_run_on_postgres_and_export_what_sqlite_exports() {
    let Some(pg) = PgCluster::start("the_store_commands_run_on_postgres_and_export_what_sqlite_exports")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("e.db").display().to_string();
    let mut args = vec!["ingest", "--db", &sqlite, "--plain"];
    let inputs = inputs();
    args.extend(inputs.iter().map(String::as_str));
    run(&args);

    let url = pg.url().to_string();
    args[2] = &url;
    let (out, _) = run(&args);
    assert!(out.contains("store (PostgreSQL)"), "{out}");
    for format in ["jsonl", "csv", "acled-csv", "geojson"] {
        assert_eq!(export(&url, format), export(&sqlite, format), "{format}");
    }
    // The situation report, byte for byte (figures and control history included).
    for format in ["md", "html"] {
        let report = |db: &str| run(&["report", "--db", db, "--format", format]).0;
        let (on_pg, on_sqlite) = (report(&url), report(&sqlite));
        assert!(on_sqlite.contains("Casualty figures"), "{on_sqlite}");
        assert_eq!(on_pg, on_sqlite, "{format}");
    }

    let queued = pg.create_database("queued");
    args[2] = &queued;
    args.push("--queue");
    let (out, _) = run(&args);
    assert!(out.starts_with("queued "), "{out}");
    let workers: Vec<_> = ["a", "b"]
        .iter()
        .map(|name| {
            bin()
                .args(["worker", "--db", &queued, "--batch-size", "1", "--jobs", "1", "--name", name])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for w in workers {
        let out = w.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // Workers number event rows in another order than one ingest run (merged-event ids follow
    // them): the same merged events, ids aside.
    assert_eq!(content(&export(&queued, "jsonl")), content(&export(&sqlite, "jsonl")));

    let sorted = |s: String| {
        let mut v: Vec<String> = s.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    let (timeline, _) = run(&["timeline", "--db", &queued]);
    assert!(!timeline.is_empty());
    assert_eq!(sorted(timeline), sorted(run(&["timeline", "--db", &sqlite]).0));
    let (hits, _) = run(&["search", "--db", &queued, "killed", "--format", "jsonl"]);
    assert!(hits.lines().count() > 0 && hits.contains("[killed]"), "{hits}");

    let queue_on_sqlite = bin().args(["ingest", "--db", &sqlite, "--queue", &inputs[0]]).output().unwrap();
    assert!(String::from_utf8_lossy(&queue_on_sqlite.stderr).contains("--queue needs a PostgreSQL store"));
}
