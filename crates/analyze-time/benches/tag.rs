//! Tagging cost on a ~4 KB wire-style article (target: well under 100 µs).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use eventwire_time::TimeTagger;

const PARA: &str =
    "BAGHDAD, Nov 7 (Wire) - Iraqi forces advanced on Monday into the eastern districts of the city, \
three weeks after the offensive began on October 17, officials said. Fighting continued overnight and \
by Tuesday morning troops had cleared two more neighbourhoods. More than 34,000 people have fled since \
the operation began, and aid groups said last week that the number could double in the coming months. \
The campaign, now in its fourth week, is expected to last until early next year. In 2014 the militants \
seized the city in a matter of days; two years ago they still held most of the province. \
";

fn bench(c: &mut Criterion) {
    let tagger = TimeTagger::load(None).unwrap();
    let mut text = String::new();
    while text.len() < 4096 {
        text.push_str(PARA);
    }
    let seg = eventwire_text::Segmented::default();
    c.bench_function("tag_4kb_article", |b| {
        b.iter(|| tagger.tag(black_box(&text), &seg, Some("2016-11-07")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
