//! Throughput of the per-article ingest work (normalisation + metadata) and of sentence
//! segmentation, on a synthetic wire article of about 60 KB.
//! Run: `cargo bench -p eventwire-ingest --bench ingest`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eventwire_ingest::{Hints, Ingest};

fn article() -> String {
    let mut s = String::from(
        "Army retakes\u{a0}villages east of the river\n\nBy Sara Lind | 14 May, 2018, 17:45\n\n",
    );
    s.push_str("KIRKUK, Iraq (Reuters) - ");
    for i in 0..400 {
        s.push_str(&format!(
            "Lt. Gen. Ali said {i} fighters were killed near the U.S. base on Monday. “We advanced,” he said.\u{200b} "
        ));
        if i % 5 == 4 {
            s.push_str("\n\n");
        }
    }
    s.push_str("\n\nCopyright (c) 2018 Reuters");
    s
}

fn bench(c: &mut Criterion) {
    let ingest = Ingest::load(None).expect("ingest data");
    let text = article();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("document (normalise + metadata)", |b| {
        b.iter(|| ingest.document("x", None, text.clone(), &Hints::default(), Vec::new()).unwrap())
    });
    let doc = ingest.document("x", None, text.clone(), &Hints::default(), Vec::new()).unwrap();
    g.bench_function("segment", |b| b.iter(|| eventwire_text::segment(&doc.text)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
