//! Analysing a 4 KB article end to end (all layers via eventwire-analyze) and the coder alone.
//! The article is our own invented wire copy.

use criterion::{criterion_group, criterion_main, Criterion};
use eventwire_analyze::Analyzer;
use eventwire_events::CodingInput;
use std::hint::black_box;

const ARTICLE: &str = "Army retakes border town as militants strike back in the north\n\n\
KIRKUK, Iraq, March 12 (Wire) - Iraqi government forces recaptured the town of Hawija from Islamic State \
militants on Sunday after three days of heavy fighting, military officials said, while Kurdish peshmerga \
forces advanced into villages east of Kirkuk.\n\
The Counter Terrorism Service said its troops had cleared at least 12 neighbourhoods and killed about 40 \
militants. Two soldiers were killed and 15 wounded, according to a medical source at Kirkuk hospital.\n\
\"The operation is going according to plan and we will reach the border within days,\" spokesman Yahya \
Rasool told state television. He said the army would not stop until the last fighter was expelled.\n\
On Saturday, three militants tried to attack an army checkpoint near Tuz Khurmatu. Police sources said the \
attackers were killed before they reached the checkpoint.\n\
US-led coalition warplanes carried out 14 air strikes near Hawija on Friday and Saturday, destroying weapons \
depots and vehicles, the coalition said in a statement. A roadside bomb exploded near a market in Tikrit on \
Monday, killing four civilians and wounding nine, police said.\n\
More than 20,000 people have fled the fighting since the offensive began in January, the International \
Organization for Migration said on Monday, and an estimated 3,000 families remain trapped in the area. Aid \
groups warned that food supplies could run out within two weeks if roads stay closed.\n\
In neighbouring Syria, the Syrian Democratic Forces said they had gained control of the villages of Baghuz \
and Susah after clashes with Islamic State fighters. Turkish artillery shelled positions of the YPG militia \
near Tal Abyad on Sunday, the Syrian Observatory for Human Rights reported, killing two fighters.\n\
Government officials denied reports that troops had looted homes in Hawija. The prime minister is expected \
to visit the town next week. Officials say between 300 and 500 militants are still hiding in the desert \
along the border, many of them foreign fighters.\n\
In the capital, hundreds of demonstrators rallied peacefully outside the parliament to demand better \
services. Riot police fired tear gas to disperse a separate protest in Basra, where protesters had tried to \
storm the provincial council building, witnesses said. At least 30 people were arrested.\n\
The United Nations said last month that nearly 1,200 civilians were killed across the country in February, \
the highest monthly toll this year. A government adviser estimated the militant group still had about \
2,000 fighters in Iraq and Syria.\n\
Separately, gunmen abducted two engineers working on a power station near Baiji late on Saturday, a local \
official said. No group has claimed responsibility. Security forces arrested five suspects in connection \
with the kidnapping on Sunday, the interior ministry said.\n\
Tribal leaders and the provincial government signed an agreement on Monday to hand over security in \
Hawija to local police once the army withdraws, officials said. The deal could collapse if fighting \
resumes, analysts warned.\n\
In the west, an Iraqi army patrol came under fire near Rutba on Sunday night. Two militants were killed in \
the exchange of fire, an army officer said, and a soldier was wounded. Troops later found a cache of \
explosives and mortar rounds in a farmhouse outside the town.\n\
Residents of Hawija who returned on Monday described streets lined with rubble and burned-out cars. \
\"We have nothing left, the militants set fire to our shops before they fled,\" said Ahmed, a shopkeeper. \
About 5,000 residents have come back since the army entered the town, local officials estimated.\n\
Military commanders say the next phase of the campaign will target the desert areas west of the Tigris, \
where Islamic State fighters have regrouped. The coalition plans to send more advisers to support the \
offensive, a spokesman said on Tuesday. Aid agencies said on Tuesday that at least 400 families in camps \
near Kirkuk need tents, blankets and clean water before the spring rains arrive.\n";

fn bench(c: &mut Criterion) {
    assert!(ARTICLE.len() >= 4000, "{}", ARTICLE.len());
    let analyzer = Analyzer::load(None).expect("default data");
    let doc = eventwire_ingest::document_from_text("bench", None, ARTICLE);
    c.bench_function("analyze_4kb_article_all_layers", |b| {
        b.iter(|| black_box(analyzer.analyze(black_box(&doc), Some("2019-03-12"))))
    });

    let text = doc.text.as_str();
    let seg = eventwire_text::segment(text);
    let times = analyzer.time().tag(text, &seg, Some("2019-03-12"));
    let places = analyzer.places().tag(text, &seg);
    c.bench_function("code_4kb_article_coder_only", |b| {
        b.iter(|| {
            black_box(analyzer.coder().code(&CodingInput {
                doc_id: "bench",
                text,
                seg: &seg,
                title: None,
                places: &places,
                times: &times,
                published: Some("2019-03-12"),
            }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
