//! Tagging cost of a ~4 KB wire-style article (target: under 100 µs), plus a worst case with
//! a time expression in nearly every sentence.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use eventwire_time::TimeTagger;

/// An invented wire report with the usual density of time expressions (about 20 in 4 KB).
const ARTICLE: &str = "Army retakes river crossing as siege of Tarin enters third month

TARIN, Nov 7 (Wire) - Government troops retook a strategic river crossing north of Tarin on Monday, \
the army said, tightening the ring around the last rebel-held district of the city after a week of \
heavy fighting in the surrounding farmland.

The crossing at Beit Salem had been held by rebel fighters since the spring, when they overran a \
string of army posts along the river and cut the main supply road to the provincial capital. \
Its loss leaves the rebels inside Tarin with a single route out, through marshland to the east \
that is impassable for vehicles after the autumn rains.

A military spokesman told reporters that two soldiers were killed and seven wounded in the assault, \
which began before dawn with artillery fire on rebel trenches on the eastern bank. He said engineers \
were clearing mines from the approaches and that the bridge itself was intact, though damaged by a \
car bomb that rebels detonated as they withdrew.

Rebel commanders did not comment on the loss of the crossing. In a statement posted online late on \
Sunday, the Tarin Military Council said its fighters had repelled several attacks on the district \
and accused the army of shelling residential buildings near the old market.

The siege of Tarin began on August 29, when the army closed the last road into the rebel-held \
district after months of skirmishing. Aid agencies say some 40,000 civilians remain inside, many of \
them sheltering in basements, and that food prices have risen sharply as stocks run down.

\"People are eating one meal a day, if that,\" said a doctor reached by telephone, who would not be \
named for fear of reprisals. \"We have had no fuel for the generators for two weeks, and the \
hospital is running on car batteries.\" He said three children had died of illness in the past \
ten days.

The United Nations has repeatedly called for a humanitarian pause to allow food and medicine into \
the district. A convoy of 22 trucks that was due to enter the city last week was turned back at an \
army checkpoint, a UN official said, adding that talks with both sides were continuing.

The government says the rebels are using civilians as human shields and has offered safe passage to \
residents who leave through designated corridors. Local officials said about 1,200 people had left \
through the corridors since they opened, far fewer than the army had expected.

The fighting for Tarin is the fiercest in the region since the rebellion started in 2012, when \
protests against the governor turned into an armed uprising. The rebels held most of the city until \
an army offensive in 2016 pushed them back into the old quarter.

Diplomats say a negotiated withdrawal of the remaining fighters, similar to deals struck in other \
besieged towns, remains possible. A previous round of talks collapsed in early October after the \
two sides failed to agree on where the fighters would be taken.

The army says it expects to hold all of Tarin before the end of the year. Military \
analysts say that timetable is ambitious given the density of the old quarter and the rebels' \
network of tunnels, and that the battle could last well into next year.

Relief workers in the neighbouring province said the number of families arriving from the Tarin \
countryside had doubled over the past month. Most arrive on foot or on tractors, with few \
belongings, and are housed in schools and mosques; a new camp for 5,000 people is due to open on \
December 1, provincial authorities said on Saturday. They appealed for tents, blankets and heating \
fuel ahead of the winter, when night temperatures in the region regularly fall below freezing.

The governor said the province had received less than half of the aid promised at a donor \
conference in Geneva in March, and warned that hospitals were running short of insulin and \
antibiotics. A spokeswoman for a relief agency said it was distributing rations to \
about 60,000 people a month in the province.

Meanwhile, shelling continued on Tuesday morning in villages south of the city, residents said, \
and four people were reported wounded in the village of Ain Sara.
";

/// A paragraph with a time expression in almost every clause, repeated to 4 KB.
const DENSE: &str = "Iraqi forces advanced on Monday into the eastern districts of the city, \
three weeks after the offensive began on March 3, officials said. Fighting continued overnight and \
by Tuesday morning troops had cleared two more neighbourhoods. Some 21,500 people have fled since \
the operation began, and aid groups said last week that the number could double in the coming months. \
The campaign, now in its fourth week, is expected to last until early next year. In 2014 the militants \
seized the city within days; two years ago they still held most of the province. ";

fn bench(c: &mut Criterion) {
    let tagger = TimeTagger::load(None).unwrap();
    let seg = eventwire_text::Segmented::default();
    assert!(ARTICLE.len() > 3800, "article is {} bytes", ARTICLE.len());
    c.bench_function("tag_4kb_article", |b| {
        b.iter(|| tagger.tag(black_box(ARTICLE), &seg, Some("2017-11-07")))
    });
    let mut dense = String::new();
    while dense.len() < 4096 {
        dense.push_str(DENSE);
    }
    c.bench_function("tag_4kb_dense", |b| b.iter(|| tagger.tag(black_box(&dense), &seg, Some("2016-11-07"))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
