//! An ingest killed at any point (before any store operation: inside a batch, between
//! batches, during the cross-article pass, before fusion) leaves its work recorded in the
//! store, and the next run finishes it: the store ends up as after an uninterrupted run.
//! Before the pipeline recorded pending passes, a run killed after its last batch lost the
//! dating of undated articles for good.
//!
//! Also: the store path agrees with the in-memory path however the articles are batched, and
//! a store that is up to date is left alone.

use eventwire_pipeline::{IngestOptions, Pipeline, StoreAccess};
use eventwire_store::{DocFilter, EventFilter, Store};
use eventwire_test_support::assert_same_by_id;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    // The fixture gazetteer when none is built: what is tested holds for any gazetteer.
    P.get_or_init(|| Pipeline::load(eventwire_test_support::data_dir()).expect("knowledge files"))
}

/// The fixture articles: an outlet with a home, undated articles (one datable from another).
fn inputs() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/corpus");
    ["outlets-1.jsonl", "outlets-2.jsonl"].iter().map(|f| dir.join(f).to_str().unwrap().to_string()).collect()
}

fn docs() -> Vec<eventwire_model::Document> {
    pipeline().read(&inputs()).collect::<Result<_, _>>().unwrap()
}

/// A store that dies (panics) before its `budget`-th operation.
struct Dying {
    store: RefCell<Store>,
    budget: Cell<usize>,
}

impl StoreAccess for Dying {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        let left = self.budget.get();
        if left == 0 {
            panic!("killed");
        }
        self.budget.set(left - 1);
        f(&mut self.store.borrow_mut())
    }
}

/// What must not depend on interruptions: every stored analysis, and the merged events with
/// their sources (merged-event ids aside: they follow the history of event rows).
fn snapshot(s: &Store) -> (BTreeMap<String, Value>, Vec<Value>) {
    let analyses = s
        .documents(&DocFilter::default())
        .unwrap()
        .iter()
        .map(|d| as_stored(s.document(d.id).unwrap().unwrap().analysis))
        .collect();
    let mut events: Vec<Value> = s
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut v = serde_json::to_value(&e).unwrap();
            v.as_object_mut().unwrap().remove("id");
            v
        })
        .collect();
    events.sort_by_key(|v| v.to_string());
    (analyses, events)
}

/// An analysis as the store gives it back: through JSON text (whose numbers need not read
/// back to the last bit).
fn as_stored(a: eventwire_model::Analysis) -> (String, Value) {
    (a.doc.id.clone(), serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap())
}

fn opts(batch_size: usize) -> IngestOptions {
    IngestOptions { batch_size, dct: None }
}

#[test]
fn a_run_killed_anywhere_is_finished_by_the_next() {
    let p = pipeline();
    let clean =
        Dying { store: RefCell::new(Store::open_in_memory().unwrap()), budget: Cell::new(usize::MAX) };
    p.ingest(&clean, docs().into_iter().map(Ok), &opts(2), &mut |_| {}).unwrap();
    let operations = usize::MAX - clean.budget.get();
    let want = snapshot(&clean.store.borrow());
    assert!(want.0["orontes-3"]["doc"]["published_basis"] == "corpus", "the corpus dates an article");

    // Quiet about the simulated kills only (other tests run meanwhile).
    let hook = std::sync::Arc::new(std::panic::take_hook());
    let others = hook.clone();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<&str>() != Some(&"killed") {
            others(info)
        }
    }));
    let mut late_kills = 0;
    for budget in 0..operations {
        let dying =
            Dying { store: RefCell::new(Store::open_in_memory().unwrap()), budget: Cell::new(budget) };
        let killed = catch_unwind(AssertUnwindSafe(|| {
            p.ingest(&dying, docs().into_iter().map(Ok), &opts(2), &mut |_| {}).unwrap();
        }));
        assert!(killed.is_err(), "killed before operation {budget} of {operations}");
        let store = RefCell::new(dying.store.into_inner());
        // Killed after the last batch, before the undated article was dated from the others.
        let (stored, _) = snapshot(&store.borrow());
        if stored.len() == want.0.len() && stored["orontes-3"]["doc"]["published"].is_null() {
            late_kills += 1;
        }
        p.ingest(&store, docs().into_iter().map(Ok), &opts(2), &mut |_| {}).unwrap();
        assert_eq!(snapshot(&store.borrow()), want, "killed before operation {budget} of {operations}");
    }
    drop(std::panic::take_hook());
    let _ = hook;
    assert!(late_kills > 0, "no kill fell between the last batch and the dating");
}

#[test]
fn the_store_path_gives_what_the_in_memory_path_gives_however_it_is_batched() {
    let p = pipeline();
    let docs = docs();
    let want: BTreeMap<String, Value> = p.analyze_corpus(&docs, None).into_iter().map(as_stored).collect();
    for batch in [1, 4, 100] {
        let store = RefCell::new(Store::open_in_memory().unwrap());
        // One article per run, then the rest.
        p.ingest(&store, docs[..1].iter().cloned().map(Ok), &opts(batch), &mut |_| {}).unwrap();
        let outcome = p.ingest(&store, docs.iter().cloned().map(Ok), &opts(batch), &mut |_| {}).unwrap();
        assert_eq!(outcome.counts.skipped, 1);
        let (got, _) = snapshot(&store.borrow());
        assert_same_by_id(&format!("batches of {batch}"), &want, &got);
        // Up to date: nothing pending, nothing to fuse, nothing analysed again.
        let (pass, fused) = p.finish(&store).unwrap();
        assert_eq!((pass, fused), (None, None));
        let again = p.ingest(&store, docs.iter().cloned().map(Ok), &opts(batch), &mut |_| {}).unwrap();
        assert_eq!((again.counts.added, again.pass, again.fused), (0, None, None));
    }
}

#[test]
fn articles_stored_without_notes_get_them_and_keep_their_analysis() {
    let p = pipeline();
    let docs = docs();
    // Stored by a caller that analysed them itself, one by one, without the pipeline.
    let mut store = Store::open_in_memory().unwrap();
    let items: Vec<_> = docs.iter().map(|d| (d.clone(), p.analyzer().analyze(d, None))).collect();
    store.add_batch(&items).unwrap();
    assert!(store.corpus_pass_pending().unwrap());
    let store = RefCell::new(store);
    let (pass, _) = p.finish(&store).unwrap();
    let pass = pass.expect("the batch left a pass pending");
    // Their notes come from their stored analyses: what the corpus gives them is applied.
    let (got, _) = snapshot(&store.borrow());
    let want: BTreeMap<String, Value> = p.analyze_corpus(&docs, None).into_iter().map(as_stored).collect();
    assert_same_by_id("stored without notes", &want, &got);
    assert!(pass.reanalysed > 0 && pass.dated == 1, "{pass:?}");
    assert_eq!(p.finish(&store).unwrap().0, None);
}
