//! The seed articles (../shared/examples/seeds, read-only, never copied here) coded as a careful
//! ACLED analyst would: events, figures, and no event from future/negated/hypothetical text.
//! The places and actors of these events need the generated gazetteer: each test says that it
//! skipped when the seeds or the gazetteer are absent.

mod common;

use serde_json::Value;

/// The seeds analysed, or `None` (`test` says that it skipped).
fn analyses(test: &str) -> Option<Vec<Value>> {
    let dir = eventwire_test_support::shared_or_skip("examples/seeds", test)?;
    if !eventwire_test_support::gazetteer_or_skip(test) {
        return None;
    }
    let (text, _) = common::run(&["analyze", dir.to_str().unwrap()]);
    Some(text.lines().map(|l| serde_json::from_str(l).unwrap()).collect())
}

fn doc<'a>(all: &'a [Value], prefix: &str) -> &'a Value {
    all.iter().find(|a| a["doc"]["id"].as_str().unwrap_or("").starts_with(prefix)).expect("seed present")
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// One expected event: document, sub-type, actor1 (substring), place (substring), date.
struct Want {
    doc: &'static str,
    sub: &'static str,
    actor1: &'static str,
    place: &'static str,
    date: Option<&'static str>,
}

const fn w(doc: &'static str, sub: &'static str, actor1: &'static str, place: &'static str) -> Want {
    Want { doc, sub, actor1, place, date: None }
}

const GRT: &str = "Government regains territory";
const NSA: &str = "Non-state actor overtakes territory";
const CLASH: &str = "Armed clash";
const AIR: &str = "Air/drone strike";
const SHELL: &str = "Shelling/artillery/missile attack";
const LOOT: &str = "Looting/property destruction";

fn wanted() -> Vec<Want> {
    vec![
        w("000", CLASH, "Syrian Democratic Forces", "Raq"),
        Want { date: Some("2016-11-07"), ..w("000", GRT, "Military Forces of Iraq", "Hamam") },
        w("000", NSA, "Syrian Democratic Forces", ""),
        w("000", NSA, "Syrian Democratic Forces", "Abu Ilaj"),
        w("000", CLASH, "Peshmerga", "Bashiqa"),
        w("000", CLASH, "Counter Terrorism Service", "Mosul"),
        Want { date: Some("2017-06-30"), ..w("001", CLASH, "Military Forces of Iraq", "Mosul") },
        w("001", CLASH, "Syrian Democratic Forces", "Raqqa"),
        Want { date: Some("2017-06-06"), ..w("001", CLASH, "Syrian Democratic Forces", "Raqqa") },
        w("001", LOOT, "Islamic State", "Mosul"),
        w("002", CLASH, "Military Forces of Iraq", "Mosul"),
        w("002", GRT, "Military Forces of Iraq", "Mosul"),
        w("002", AIR, "Coalition", "Raqqa"),
        w("002", LOOT, "Islamic State", ""),
        w("003", NSA, "Syrian Democratic Forces", "Dashisha"),
        w("003", SHELL, "France", ""),
        w("003", AIR, "France", "Dashisha"),
        w("003", AIR, "Military Forces of Iraq", "Dashisha"),
        w("003", SHELL, "Popular Mobilization Forces", ""),
        w("003", NSA, "Syrian Democratic Forces", "Darwish"),
        w("003", NSA, "Syrian Democratic Forces", "Ameriya"),
        w("004", CLASH, "Islamic State", "Mosul"),
        w("004", CLASH, "Islamic State", "Anbar"),
        w("004", NSA, "Islamic State", ""),
    ]
}

fn matches(e: &Value, want: &Want) -> bool {
    let place =
        e["place"].is_object().then(|| format!("{} {}", s(&e["place"]["name"]), s(&e["place"]["text"])));
    s(&e["acled_sub_event_type"]) == want.sub
        && s(&e["actor1"]).to_lowercase().contains(&want.actor1.to_lowercase())
        && (want.place.is_empty()
            || place.is_some_and(|p| p.contains(want.place) || p.contains(&want.place.replace("qq", "q"))))
        && want.date.is_none_or(|d| e["date"].as_str() == Some(d))
}

#[test]
fn seed_events_an_analyst_codes_are_found() {
    let Some(all) = analyses("seed_events_an_analyst_codes_are_found") else { return };
    let wants = wanted();
    let mut found = 0;
    let mut missing = Vec::new();
    for want in &wants {
        let a = doc(&all, want.doc);
        if a["events"].as_array().unwrap().iter().any(|e| matches(e, want)) {
            found += 1;
        } else {
            missing.push(format!("{} {} {} {}", want.doc, want.sub, want.actor1, want.place));
        }
    }
    eprintln!("analyst events found: {found}/{}; missing: {missing:?}", wants.len());
    assert!(found >= 16, "found {found}/{} events; missing: {missing:#?}", wants.len());
}

#[test]
fn seed_key_events() {
    let Some(all) = analyses("seed_key_events") else { return };
    let events = |d: &str| doc(&all, d)["events"].as_array().unwrap().clone();
    // Hamam al-Alil retaken on 2016-11-07.
    assert!(events("000").iter().any(|e| matches(
        e,
        &Want { date: Some("2016-11-07"), ..w("000", GRT, "Military Forces of Iraq", "Hamam") }
    )));
    // Peshmerga in Bashiqa.
    assert!(events("000").iter().any(|e| matches(e, &w("000", CLASH, "Peshmerga", "Bashiqa"))));
    // SDF in Raqqa on June 6.
    assert!(events("001").iter().any(|e| matches(
        e,
        &Want { date: Some("2017-06-06"), ..w("001", CLASH, "Syrian Democratic Forces", "Raqqa") }
    )));
    // Dashisha taken by the SDF, reported first (headline + lead).
    let dashisha = &events("003")[0];
    assert!(matches(dashisha, &w("003", NSA, "Syrian Democratic Forces", "Dashisha")), "{dashisha}");
    assert!(dashisha["evidence"].as_array().unwrap().len() >= 2, "headline and lead are one event");
    // The two militants killed in Anbar: an attempted attack coded as an armed clash.
    let anbar = events("004")
        .into_iter()
        .find(|e| matches(e, &w("004", CLASH, "Islamic State", "Anbar")))
        .expect("Anbar");
    assert_eq!(anbar["fatalities"], 2);
    assert_eq!(anbar["modality"], "attempted");
    assert!(s(&anbar["claimant"]).contains("Police and army sources"));
}

/// (doc, quote fragment, qualifier, claimant fragment or "")
const FIGURES: &[(&str, &str, &str, &str)] = &[
    ("000", "34,000", "more_than", "International Organization for Migration"),
    ("000", "a million", "more_than", ""),
    ("000", "240,000", "about", ""),
    ("000", "80,000", "more_than", ""),
    ("000", "at least 10", "at_least", "Ahmed"),
    ("000", "seven", "up_to", "Sabah"),
    ("001", "Hundreds", "vague", ""),
    ("001", "200 to 300", "range", "Assadi"),
    ("001", "2,500", "about", "Officials"),
    ("001", "tens of thousands", "vague", "Officials"),
    ("002", "15 to 20", "range", ""),
    ("002", "191,000", "exact", ""),
    ("002", "862,000", "about", ""),
    ("002", "980", "exact", "Pentagon"),
    ("002", "6,000", "more_than", "Pentagon"),
    ("002", "1 million", "nearly", ""),
    ("004", "two militants", "exact", ""),
    ("004", "100,000", "about", ""),
    ("004", "1,000", "at_least", "Iraqi commanders"),
    ("004", "4,000", "about", "government adviser"),
    ("004", "2,000", "nearly", "United Nations"),
];

#[test]
fn seed_figures_with_qualifiers_and_claimants() {
    let Some(all) = analyses("seed_figures_with_qualifiers_and_claimants") else { return };
    let mut ok = 0;
    let mut bad = Vec::new();
    for (d, q, qual, claimant) in FIGURES {
        let figs = doc(&all, d)["figures"].as_array().unwrap().clone();
        let hit = figs.iter().any(|f| {
            s(&f["quote"]).contains(q)
                && s(&f["qualifier"]) == *qual
                && (claimant.is_empty() || s(&f["claimant"]).contains(claimant))
        });
        if hit {
            ok += 1;
        } else {
            bad.push(format!("{d} {q} {qual} {claimant}"));
        }
    }
    assert!(ok >= 17, "{ok}/{} figures right; wrong: {bad:#?}", FIGURES.len());
}

#[test]
fn no_seed_event_from_future_negated_or_hypothetical_sentences() {
    let Some(all) = analyses("no_seed_event_from_future_negated_or_hypothetical_sentences") else { return };
    // Short phrases locating sentences that report no fact.
    let phrases = [
        ("000", "capture would deal"),
        ("001", "would be declared"),
        ("001", "could be even deadlier"),
        ("001", "would represent a major blow"),
        ("002", "would essentially end"),
        ("002", "would reportedly mark"),
        ("002", "once hoped to take"),
        ("003", "No accurate account"),
        ("004", "have not taken a single step"),
        ("004", "likely to stretch"),
    ];
    for (d, phrase) in phrases {
        let a = doc(&all, d);
        let path = s(&a["doc"]["path"]);
        let source = std::fs::read_to_string(&path).unwrap();
        let chars: Vec<char> = source.chars().collect();
        let byte = source.find(phrase).unwrap_or_else(|| panic!("{phrase} in {path}"));
        let at = source[..byte].chars().count();
        // The clause around the phrase, in code points (up to the next comma or period).
        let start = (0..at).rev().find(|&i| matches!(chars[i], '.' | '\n' | ',')).map(|i| i + 1).unwrap_or(0);
        let end = (at..chars.len()).find(|&i| matches!(chars[i], '.' | '\n' | ',')).unwrap_or(chars.len());
        for e in a["events"].as_array().unwrap() {
            for ev in e["evidence"].as_array().unwrap() {
                // Where the rule fired: the trigger inside the quoted sentence.
                let p = ev["trigger"]["start"].as_u64().unwrap() as usize;
                assert!(
                    !(start..end).contains(&p),
                    "{d}: event {} from {phrase:?} sentence",
                    e["acled_sub_event_type"]
                );
            }
        }
    }
}
