//! Throughput of the fusion primitives: MinHash signatures and streaming event merging.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use eventwire_fuse::merge::{merge_all, EventRecord, PlaceRef};
use eventwire_fuse::Signature;
use eventwire_model::{DatePrecision, EventClass, GeoPrecision, Modality};

fn events(n: usize) -> Vec<EventRecord> {
    (0..n)
        .map(|i| {
            // 200 places on a grid, dates over ~3 years, a few actor pairs.
            let p = i % 200;
            let day = 1 + (i * 7919 % 28);
            let month = 1 + (i / 28 % 12);
            EventRecord {
                row: i as i64,
                doc: (i / 3) as i64,
                group: (i / 3) as i64,
                event_type: "Battles".into(),
                sub_event_type: "Armed clash".into(),
                date: Some(format!("{}-{month:02}-{day:02}", 2015 + i % 3)),
                date_precision: DatePrecision::Day,
                date_is_report_date: i % 5 == 0,
                place: Some(PlaceRef {
                    key: format!("gn:{p}"),
                    name: format!("Town {p}"),
                    lat: Some(30.0 + (p / 20) as f64 * 0.3),
                    lon: Some(40.0 + (p % 20) as f64 * 0.3),
                    precision: GeoPrecision::Exact,
                    country_code: None,
                    country: None,
                    admin1: None,
                    geonames_id: Some(p as u64),
                }),
                location: None,
                actor1: Some(format!("Actor {}", i % 4)),
                actor2: None,
                fatalities: None,
                modality: Modality::Asserted,
                class: EventClass::default(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("merge");
    for n in [10_000usize, 50_000] {
        let evs = events(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &evs, |b, evs| {
            b.iter(|| merge_all(evs.clone()).len())
        });
    }
    g.finish();
    let text = "Government troops recaptured the village on Tuesday after two days of heavy fighting with \
                militants, a military spokesman said. "
        .repeat(30);
    let mut g = c.benchmark_group("minhash");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("signature_3kb", |b| b.iter(|| Signature::of_text(&text)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
