//! Every event rule's example sentences (data/events/rules.toml `examples` and
//! `counterexamples`), run through the coder as an article would be: places from a small fixture
//! gazetteer (tests/places.tsv, so no generated gazetteer is needed), times from the time layer.
//!
//! Set `EVENTWIRE_SHOW_EXAMPLES=1` to print what each sentence gives.

use eventwire_events::{Coded, Coder, CodingInput};
use eventwire_places::{Gazetteer, PlaceRecord, PlaceTagger};
use eventwire_time::TimeTagger;

/// The date the example sentences are reported on (a Monday).
const PUBLISHED: &str = "2024-05-20";

struct Layers {
    coder: Coder,
    places: PlaceTagger,
    time: TimeTagger,
}

impl Layers {
    fn load() -> Self {
        let records: Vec<PlaceRecord> =
            include_str!("places.tsv").lines().filter_map(PlaceRecord::from_tsv).collect();
        let demonyms: Vec<(String, String)> = [
            ("Iraqi", "IQ"),
            ("Syrian", "SY"),
            ("Somali", "SO"),
            ("Nigerian", "NG"),
            ("Malian", "ML"),
            ("Sudanese", "SD"),
            ("Congolese", "CD"),
            ("Ukrainian", "UA"),
        ]
        .iter()
        .map(|(d, c)| (d.to_string(), c.to_string()))
        .collect();
        Layers {
            coder: Coder::load(None).expect("default data loads"),
            places: PlaceTagger::new(Gazetteer::from_records(&records, &demonyms)),
            time: TimeTagger::load(None).expect("default time data loads"),
        }
    }

    fn code(&self, text: &str) -> Coded {
        let seg = eventwire_text::segment(text);
        let places = self.places.tag(text, &seg);
        let times = self.time.tag_text(text, Some(PUBLISHED));
        self.coder.code(&CodingInput {
            doc_id: "example",
            text,
            seg: &seg,
            title: None,
            places: &places,
            times: &times,
            published: Some(PUBLISHED),
        })
    }
}

fn describe(c: &Coded) -> String {
    let events: Vec<String> = c
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} ({} / {:?} / {:?} / {:?})",
                e.rule,
                e.acled_sub_event_type,
                e.place.as_ref().map_or("-", |p| p.name.as_str()),
                e.actor1,
                e.actor2,
                e.fatalities
            )
        })
        .collect();
    if events.is_empty() {
        "no event".into()
    } else {
        events.join("; ")
    }
}

#[test]
fn rule_examples() {
    let layers = Layers::load();
    let show = std::env::var_os("EVENTWIRE_SHOW_EXAMPLES").is_some();
    let mut failures = Vec::new();
    let mut rules = 0;
    for r in layers.coder.rule_examples() {
        rules += 1;
        if r.examples.is_empty() || r.counterexamples.is_empty() {
            failures.push(format!("{}: needs examples and counterexamples", r.rule));
        }
        for (text, positive) in
            r.examples.iter().map(|t| (t, true)).chain(r.counterexamples.iter().map(|t| (t, false)))
        {
            let c = layers.code(text);
            if show {
                eprintln!("{} {} {text:?}\n    {}", r.rule, if positive { "+" } else { "-" }, describe(&c));
            }
            let by_rule = |sub_ok: &dyn Fn(&str) -> bool| {
                c.events.iter().any(|e| e.rule == r.rule && sub_ok(&e.acled_sub_event_type))
            };
            let ok = if positive {
                by_rule(&|s| r.sub_event_types.contains(&s))
            } else {
                !by_rule(&|_| true) && !c.events.iter().any(|e| e.acled_sub_event_type == r.sub_event_type)
            };
            if !ok {
                let what = if positive { "example not coded" } else { "counterexample coded" };
                failures.push(format!("{}: {what}: {text:?}\n    got: {}", r.rule, describe(&c)));
            }
        }
    }
    assert!(rules >= 20, "{rules} rules");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
