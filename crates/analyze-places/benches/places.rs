//! Place analysis of a ~4 KB wire article (own text, not from any data set).

use criterion::{criterion_group, criterion_main, Criterion};
use eventwire_places::{Gazetteer, PlaceTagger};

const PARA: &str =
    "BAGHDAD, Iraq (Wire) - Iraqi troops pushed into the northern town of Tal Afar on Tuesday, \
a military spokesman said, as coalition aircraft struck positions held by militants west of Mosul. \
Fighting was also reported near Kirkuk and in the Hawija district, where residents said shelling had \
forced hundreds of families to flee toward Erbil. In Syria, the Syrian Democratic Forces advanced on \
Raqqa from the north and east, taking the villages of Kasrat and Jazra, about 10 km west of the city. \
Turkish officials in Ankara warned against the advance. Aid agencies in Damascus and Amman said \
supplies were running short in Deir ez-Zor province and in the Hasakah countryside. ";

fn article() -> String {
    let mut s = String::new();
    while s.len() < 4000 {
        s.push_str(PARA);
    }
    s
}

fn bench(c: &mut Criterion) {
    let g = match Gazetteer::load(None) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("skipping the full-gazetteer benchmark ({e}); using the fixture gazetteer");
            Gazetteer::fixture()
        }
    };
    let tagger = PlaceTagger::new(g);
    let text = article();
    let seg = eventwire_text::segment(&text);
    c.bench_function("places_4kb_article", |b| b.iter(|| tagger.tag(&text, &seg)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
