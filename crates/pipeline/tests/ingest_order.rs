//! The ingest reads and analyses the next batch while one is written; what it reports and
//! stores is what an ingest that takes one batch after the other gives: copies within a batch
//! and of the batch being written get the original's id, copies of committed batches are
//! found in the store, and progress comes in input order.

use eventwire_ingest::IngestError;
use eventwire_pipeline::{IngestEvent, IngestOptions, Pipeline};
use eventwire_store::{ItemStatus, Store};
use std::cell::RefCell;
use std::io::Write;

/// Each event as a line: counts as seen/added/skipped/duplicates/errors.
fn line(e: IngestEvent<'_>) -> String {
    let counts = |c: &eventwire_pipeline::IngestCounts| {
        format!("{}/{}/{}/{}/{}", c.seen, c.added, c.skipped, c.duplicates, c.errors)
    };
    match e {
        IngestEvent::ReadError(e) => format!("error {}", e.origin),
        IngestEvent::Read(c) => format!("read {}", counts(c)),
        IngestEvent::Stored { ordinal, outcome } => {
            let status = match outcome.status {
                ItemStatus::Added => "added",
                ItemStatus::Duplicate => "duplicate",
                ItemStatus::AlreadyStored => "known",
            };
            format!("stored {ordinal} as {} {status}", outcome.id)
        }
        IngestEvent::Committed(c) => format!("committed {}", counts(c)),
    }
}

#[test]
fn copies_within_and_across_batches_and_progress_read_as_one_batch_after_another() {
    let p =
        Pipeline::load(eventwire_test_support::data_dir()).expect("knowledge files").with_jobs(2).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    for i in 0..5u64 {
        let a = eventwire_store::synth::article(7, i);
        writeln!(f, "{}", serde_json::json!({"id": a.id, "text": a.text, "published": a.published})).unwrap();
    }
    drop(f);
    let d: Vec<_> = p.read(&[path.to_str().unwrap().to_string()]).map(Result::unwrap).collect();
    assert_eq!(d.len(), 5);
    // Batches of two new articles: [d0 d1] [d2 d3] [d4]. d0 again is read while the first
    // batch is written; d1 again once it is committed.
    let input = vec![
        Ok(d[0].clone()),
        Ok(d[1].clone()),
        Ok(d[0].clone()),
        Ok(d[2].clone()),
        Ok(d[2].clone()),
        Ok(d[3].clone()),
        Err(IngestError::new("broken.txt", "no text")),
        Ok(d[1].clone()),
        Ok(d[4].clone()),
    ];
    let store = RefCell::new(Store::open_in_memory().unwrap());
    let mut got = Vec::new();
    let opts = IngestOptions { batch_size: 2, dct: None };
    let outcome = p.ingest(&store, input, &opts, &mut |e| got.push(line(e))).unwrap();
    let want = [
        "read 1/0/0/0/0",
        "stored 0 as 1 added",
        "stored 1 as 2 added",
        "committed 2/2/0/0/0",
        "read 2/2/0/0/0",
        "stored 2 as 1 known",
        "read 3/2/1/0/0",
        "read 4/2/1/0/0",
        "read 5/2/2/0/0",
        "stored 4 as 3 known",
        "stored 3 as 3 added",
        "stored 5 as 4 added",
        "committed 6/4/2/0/0",
        "read 6/4/2/0/0",
        "error broken.txt",
        "read 7/4/2/0/1",
        "stored 7 as 2 known",
        "read 8/4/3/0/1",
        "read 9/4/3/0/1",
        "stored 8 as 5 added",
        "committed 9/5/3/0/1",
    ];
    assert_eq!(got, want);
    assert_eq!((outcome.counts.added, outcome.counts.skipped), (5, 3));
}
