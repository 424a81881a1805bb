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

/// Fewer places per sentence, as in most wire copy.
const TYPICAL: &str = "Government troops said on Wednesday they had pushed militants out of several \
neighbourhoods on the western edge of Mosul after days of heavy fighting, according to a statement \
from the joint operations command. The statement gave no figures for casualties, but medical sources \
said at least a dozen civilians had been treated for wounds at a field hospital set up by aid \
workers. Residents who reached a camp south of the city described shortages of food, water and \
medicine, and said many families were still sheltering in basements as air strikes continued. \
The United Nations said it was preparing for further displacement in the coming weeks. ";

fn article(para: &str) -> String {
    let mut s = String::new();
    while s.len() < 4000 {
        s.push_str(para);
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
    // A place-dense article (about 120 place mentions in 4 KB) and a typical one.
    let text = article(PARA);
    let seg = eventwire_text::segment(&text);
    c.bench_function("places_4kb_article", |b| b.iter(|| tagger.tag(&text, &seg)));
    let text = article(TYPICAL);
    let seg = eventwire_text::segment(&text);
    c.bench_function("places_4kb_typical_article", |b| b.iter(|| tagger.tag(&text, &seg)));
    // The five seed articles (read from ../shared, never copied), when present: all five per
    // iteration, so divide by five for one article.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/examples/seeds");
    let mut seeds: Vec<(String, eventwire_text::Segmented)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .map(|t| {
                    let seg = eventwire_text::segment(&t);
                    (t, seg)
                })
                .collect()
        })
        .unwrap_or_default();
    seeds.sort_by(|a, b| a.0.cmp(&b.0));
    if seeds.is_empty() {
        eprintln!("seed articles absent: skipping the seed benchmark");
    } else {
        c.bench_function("places_5_seed_articles", |b| {
            b.iter(|| seeds.iter().map(|(t, s)| tagger.tag(t, s).len()).sum::<usize>())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
