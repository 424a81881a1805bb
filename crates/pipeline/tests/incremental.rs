//! The finishing step is incremental: fusion rebuilds only from the first day a run's
//! changes touch and writes only the merged events that changed. Its result must be the
//! store a fusion from scratch gives: a corpus ingested in several runs (articles added over
//! time, near-copies, reports that join merged events of earlier runs, articles the
//! cross-article pass analyses again) exports the same bytes as the same store fused whole.

use eventwire_model::Document;
use eventwire_pipeline::{IngestOptions, PgAccess, Pipeline};
use eventwire_store::{synth, EventFilter, ExportFormat, ReadStore, Store};
use eventwire_store_pg::PgStore;
use eventwire_test_support::PgCluster;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(eventwire_test_support::data_dir()).expect("knowledge files"))
}

fn read_jsonl(dir: &std::path::Path, name: &str, lines: &[serde_json::Value]) -> Vec<Document> {
    let path = dir.join(name);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    pipeline().read(&[path.to_str().unwrap().to_string()]).collect::<Result<_, _>>().unwrap()
}

/// Runs as a feed gives them: the fixture articles whose outlet homes and dates the
/// cross-article pass changes (two runs, when `fixtures`: their undated articles keep the
/// pass whole), then generated articles in order of date, a
/// quarter a run, each run with rewrites and re-reports of the previous quarter's articles
/// (late news of earlier events; some dated a day earlier, so that the copy becomes its
/// family's original) and near-copies; last, one re-report of the latest article.
fn runs(dir: &std::path::Path, fixtures: bool) -> Vec<Vec<Document>> {
    // Four outlets, and a site known only by its address: their articles get outlet homes.
    let line = |id: String, published: &str, title: &str, text: String| {
        let n = id.bytes().map(u64::from).sum::<u64>() % 5;
        let mut v = serde_json::json!({"id": id, "published": published, "title": title, "text": text});
        match n {
            4 => v["url"] = format!("https://wire.example/{id}").into(),
            _ => v["outlet"] = format!("Outlet {n}").into(),
        }
        v
    };
    let dir_of_fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/corpus");
    let mut out = Vec::new();
    for name in ["outlets-1.jsonl", "outlets-2.jsonl"].into_iter().filter(|_| fixtures) {
        let path = dir.join(name);
        std::fs::write(&path, std::fs::read_to_string(dir_of_fixtures.join(name)).unwrap()).unwrap();
        out.push(pipeline().read(&[path.to_str().unwrap().to_string()]).map(Result::unwrap).collect());
    }
    let mut articles: Vec<synth::SynthArticle> = (0..240).map(|i| synth::article(11, i)).collect();
    articles.sort_by(|a, b| (&a.published, &a.id).cmp(&(&b.published, &b.id)));
    let quarters: Vec<&[synth::SynthArticle]> = articles.chunks(60).collect();
    for (run, quarter) in quarters.iter().enumerate() {
        let mut lines: Vec<serde_json::Value> =
            quarter.iter().map(|a| line(a.id.clone(), &a.published, &a.title, a.text.clone())).collect();
        let earlier = if run == 0 { &[][..] } else { quarters[run - 1] };
        for (k, a) in earlier.iter().enumerate().skip(run % 3).step_by(3) {
            let published = if k % 2 == 0 { a.published.clone() } else { day_before(&a.published) };
            let copy = format!(
                "{}\n\nOfficials confirmed the account on {}. {}",
                a.title,
                a.published,
                body(&a.text)
            );
            lines.push(line(format!("{}-copy", a.id), &published, &a.title, copy));
            let retold = format!(
                "{}\n\nResidents described the fighting to reporters. {}\nAid groups said they could not reach the area.",
                a.title,
                body(&a.text).split(". ").skip(1).collect::<Vec<_>>().join(". ")
            );
            lines.push(line(format!("{}-retold", a.id), &a.published, &a.title, retold));
        }
        out.push(read_jsonl(dir, &format!("run{run}.jsonl"), &lines));
    }
    let latest = articles.last().unwrap();
    let retold = format!("{}\n\nWitnesses gave the same account. {}", latest.title, body(&latest.text));
    let last = line(format!("{}-late", latest.id), &latest.published, &latest.title, retold);
    out.push(read_jsonl(dir, "late.jsonl", &[last]));
    out
}

fn body(text: &str) -> &str {
    text.split_once("\n\n").map_or(text, |(_, b)| b)
}

fn day_before(date: &str) -> String {
    let (y, m, d) = (&date[..4], &date[5..7], &date[8..10]);
    let (y, m, d): (i64, u32, u32) = (y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
    let z = eventwire_fuse::dates::days_from_civil(y, m, d) - 1;
    eventwire_fuse::dates::format_day(z)
}

fn export(s: &dyn ReadStore) -> String {
    let mut out = String::new();
    for format in [ExportFormat::Jsonl, ExportFormat::Geojson] {
        let mut buf = Vec::new();
        s.export(&EventFilter::default(), format, &mut buf).unwrap();
        out.push_str(&String::from_utf8(buf).unwrap());
    }
    out
}

/// Every document's merged events, as the store links its reports to them.
fn links(s: &Store) -> Vec<(i64, Vec<i64>)> {
    let n = s.stats().unwrap().documents as i64;
    (1..=n).map(|d| (d, s.merged_events_of(d).unwrap())).collect()
}

/// Every stored analysis, as JSON.
fn analyses(s: &Store) -> Vec<String> {
    let n = s.stats().unwrap().documents as i64;
    (1..=n).map(|d| serde_json::to_string(&s.document(d).unwrap().unwrap().analysis).unwrap()).collect()
}

#[test]
fn runs_passed_and_fused_incrementally_equal_a_whole_pass_and_fusion() {
    let dir = tempfile::tempdir().unwrap();
    let runs = runs(dir.path(), false);
    let incremental = RefCell::new(Store::open(&dir.path().join("incremental.db")).unwrap());
    let oracle = RefCell::new(Store::open(&dir.path().join("oracle.db")).unwrap());
    let opts = IngestOptions { batch_size: 25, dct: None };
    let (mut reanalysed, mut partial) = (0, 0);
    for (n, docs) in runs.iter().enumerate() {
        let inc = pipeline().ingest(&incremental, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
        // The oracle's pass reads every article, and its merged events are fused whole.
        oracle.borrow_mut().set_corpus_pass_mark(None).unwrap();
        let whole = pipeline().ingest(&oracle, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
        oracle.borrow_mut().fuse_all().unwrap();
        assert_eq!(inc.pass, whole.pass, "run {n}");
        let (a, b) = (incremental.borrow(), oracle.borrow());
        assert_eq!(a.stats().unwrap(), b.stats().unwrap(), "run {n}");
        assert!(analyses(&a) == analyses(&b), "run {n}: the analyses differ");
        assert!(export(&*a) == export(&*b), "run {n}: the exports differ");
        assert_eq!(links(&a), links(&b), "run {n}");
        reanalysed += inc.pass.map_or(0, |p| p.reanalysed);
        let fused = inc.fused.expect("each run fuses");
        if n > 0 && fused.events < a.stats().unwrap().events {
            partial += 1;
        }
    }
    assert!(reanalysed > 0, "the pass analysed some article again");
    assert!(partial >= 3, "later runs fused only part of the store ({partial})");
    // Fusing again with nothing changed writes nothing.
    let again = incremental.borrow_mut().fuse().unwrap();
    assert_eq!(again.merged_events, 0);
}

#[test]
fn postgres_runs_fused_incrementally_equal_a_fusion_from_scratch_and_sqlite() {
    let Some(pg) =
        PgCluster::start("postgres_runs_fused_incrementally_equal_a_fusion_from_scratch_and_sqlite")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let runs = runs(dir.path(), true);
    let sqlite = RefCell::new(Store::open(&dir.path().join("sqlite.db")).unwrap());
    let incremental = PgAccess(RefCell::new(PgStore::connect(&pg.create_database("incremental")).unwrap()));
    let oracle = PgAccess(RefCell::new(PgStore::connect(&pg.create_database("oracle")).unwrap()));
    let opts = IngestOptions { batch_size: 25, dct: None };
    let mut partial = 0;
    for (n, docs) in runs.iter().enumerate() {
        pipeline().ingest(&sqlite, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
        let inc = pipeline().ingest(&incremental, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
        pipeline().ingest(&oracle, docs.iter().cloned().map(Ok), &opts, &mut |_| {}).unwrap();
        oracle.0.borrow_mut().fuse_all().unwrap();
        let (a, b) = (export(&*incremental.0.borrow()), export(&*oracle.0.borrow()));
        assert!(a == b, "run {n}: the incremental store's exports differ from a fusion from scratch");
        assert!(a == export(&*sqlite.borrow()), "run {n}: PostgreSQL's exports differ from SQLite's");
        let fused = inc.fused.expect("each run fuses");
        partial += (n > 0 && fused.events < incremental.0.borrow_mut().stats().unwrap().events) as usize;
    }
    assert!(partial >= 3, "later runs fused only part of the store ({partial})");
}
