//! The five seed articles (read from ../shared, never copied): every place is found, every
//! place that the gazetteer has resolves within 25 km, and people and organisations give no
//! place. Each test says that it skipped when the seeds or the built gazetteer are absent.

use eventwire_model::{GeoPrecision, PlaceMention};
use eventwire_places::{haversine_km, Gazetteer, PlaceTagger};

/// The built gazetteer's tagger and the seeds (file name, text), or `None` (`test` says that
/// it skipped).
fn load(test: &str) -> Option<(PlaceTagger, Vec<(String, String)>)> {
    let files = eventwire_test_support::seed_files(test)?;
    if !eventwire_test_support::gazetteer_or_skip(test) {
        return None;
    }
    let g = Gazetteer::load(None).expect("the built gazetteer loads");
    let texts = files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    Some((PlaceTagger::new(g), texts))
}

/// Expected place: surface form, and either a point (GeoNames coordinates of the place) or
/// `None` when only the mention is required (not in the gazetteer, or a region).
struct Want {
    surface: &'static str,
    point: Option<(f64, f64)>,
}

const fn at(surface: &'static str, lat: f64, lon: f64) -> Want {
    Want { surface, point: Some((lat, lon)) }
}
const fn found(surface: &'static str) -> Want {
    Want { surface, point: None }
}

fn wants(file: &str) -> Vec<Want> {
    let mosul = (36.335, 43.119);
    let raqqa = (35.953, 39.008);
    match &file[..3] {
        "000" => vec![
            at("Raqa", raqqa.0, raqqa.1),
            at("Mosul", mosul.0, mosul.1),
            found("Syria"),
            found("Iraq"),
            found("Hamam al-Alil"),
            at("Ain Issa", 36.386, 38.862),
            at("Suluk", 36.596, 39.130),
            found("Abu Ilaj"),
            found("Bashiqa"),
            found("Turkey"),
        ],
        "001" => vec![
            at("Mosul", mosul.0, mosul.1),
            at("Raqqa", raqqa.0, raqqa.1),
            found("Iraq"),
            found("Syria"),
            found("Europe"),
            found("Russia"),
            found("Iran"),
        ],
        "002" => vec![at("Mosul", mosul.0, mosul.1), found("Iraq"), found("Raqqa")],
        "003" => vec![
            found("Dashisha"),
            found("Hasakah"),
            found("Darwish"),
            found("Ameriya"),
            at("Hajeen", 34.695, 40.831),
            found("Deir al-Zor"),
            found("Syria"),
            found("Iraq"),
        ],
        "004" => vec![
            at("Mosul", mosul.0, mosul.1),
            at("Bartella", 36.354, 43.381),
            found("Anbar"),
            found("Intisar"),
            found("Iraq"),
            found("Syria"),
        ],
        _ => vec![],
    }
}

/// People and organisations named in the seeds.
const NOT_PLACES: &[&str] = &[
    "Suleiman",
    "Lise Grande",
    "Counter Terrorism Service",
    "Counter Terrorism Services",
    "Counterterrorism Service",
    "Islamic State",
    "Sabah al-Noman",
    "Sabah al Numani",
    "Jihan Sheikh Ahmed",
    "Haidar al-Abadi",
    "Abu Bakr al-Baghdadi",
    "Ali al-Sistani",
    "Bashar al-Assad",
    "Abdulghani al-Assadi",
    "Rami Abdel Rahman",
    "Melinda Barton",
    "Nadia Riva",
    "Syrian Democratic Forces",
    "Popular Mobilization Forces",
    "Syrian Observatory for Human Rights",
    "Kurdistan Workers' Party",
    "People's Protection Units",
    "Hashd al-Shaabi",
];

fn covering<'a>(ms: &'a [PlaceMention], text: &str, surface: &str) -> Vec<&'a PlaceMention> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(surface) {
        let end = i + surface.len();
        if let Some(m) = ms.iter().find(|m| m.start < end && i < m.end) {
            out.push(m);
        }
    }
    out
}

#[test]
fn seed_places_are_found_and_resolved() {
    let Some((tagger, texts)) = load("seed_places_are_found_and_resolved") else { return };
    let mut failures = Vec::new();
    for (file, text) in &texts {
        let ms = tagger.tag_text(text);
        for w in wants(file) {
            let n = text.matches(w.surface).count();
            assert!(n > 0, "{file}: expected surface {:?} is not in the text", w.surface);
            let hits = covering(&ms, text, w.surface);
            if hits.is_empty() {
                failures.push(format!("{file}: {:?} not found", w.surface));
                continue;
            }
            if let Some((lat, lon)) = w.point {
                for m in &hits {
                    let (Some(a), Some(b)) = (m.lat, m.lon) else {
                        failures.push(format!("{file}: {:?} unresolved", w.surface));
                        continue;
                    };
                    // Relative mentions ("10 km east of Mosul") are shifted on purpose.
                    let limit = if m.precision == GeoPrecision::Near { 60.0 } else { 25.0 };
                    let d = haversine_km(lat, lon, a, b);
                    if d > limit {
                        failures
                            .push(format!("{file}: {:?} resolved {d:.0} km away ({})", w.surface, m.name));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn people_and_organisations_are_not_places() {
    let Some((tagger, texts)) = load("people_and_organisations_are_not_places") else { return };
    let mut bad = Vec::new();
    for (file, text) in &texts {
        let ms = tagger.tag_text(text);
        for name in NOT_PLACES {
            for m in covering(&ms, text, name) {
                bad.push(format!("{file}: {name:?} gave place {:?} ({})", m.text, m.name));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn every_mention_has_a_precision_and_country_context() {
    let Some((tagger, texts)) = load("every_mention_has_a_precision_and_country_context") else { return };
    for (file, text) in &texts {
        for m in tagger.tag_text(text) {
            assert_eq!(&text[m.start..m.end], m.text, "{file}");
            if m.precision == GeoPrecision::Unresolved {
                assert!(m.lat.is_none() && m.country_code.is_some(), "{file}: {m:?}");
            } else {
                // A place the gazetteer lacks is located near an anchor or in a region.
                let located =
                    m.relative_to.is_some() || m.precision == GeoPrecision::Region && m.admin1.is_some();
                assert!(m.lat.is_some() && (m.geonames_id.is_some() || located), "{file}: {m:?}");
            }
        }
    }
}
