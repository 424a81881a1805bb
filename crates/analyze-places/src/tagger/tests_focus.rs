//! The article's focus and the location of places the gazetteer lacks, on a synthetic
//! gazetteer: two countries far apart, "AA" (Westmark) and "BB" (Ostland), with invented names.

use super::place_tagger::PlaceTagger;
use crate::gazetteer::{FeatureKind, Gazetteer, PlaceRecord};
use eventwire_model::{GeoPrecision, PlaceMention};

fn rec(
    id: u64,
    name: &str,
    cc: &str,
    a1: &str,
    (lat, lon): (f64, f64),
    kind: FeatureKind,
    pop: u64,
) -> PlaceRecord {
    PlaceRecord {
        id,
        name: name.into(),
        alt_names: vec![],
        lat,
        lon,
        country: cc.into(),
        admin1: if kind == FeatureKind::Country { String::new() } else { a1.into() },
        admin2: String::new(),
        kind,
        population: pop,
    }
}

/// Westmark (AA) with its province Norland and city Lindau; far away Ostland (BB) with a
/// village Marjaba, a town Tal Dorvel and a town Kuna.
fn tagger() -> PlaceTagger {
    use FeatureKind::*;
    let records = [
        rec(1, "Westmark", "AA", "", (35.0, 38.0), Country, 20_000_000),
        rec(2, "Norland", "AA", "01", (36.0, 37.0), Admin1, 4_000_000),
        rec(3, "Lindau", "AA", "01", (36.2, 37.1), Populated, 2_000_000),
        rec(4, "Southmark", "AA", "02", (33.5, 36.3), Admin1, 3_000_000),
        rec(10, "Ostland", "BB", "", (40.0, -4.0), Country, 40_000_000),
        rec(11, "Marjaba", "BB", "05", (40.1, -3.9), Populated, 2_000),
        rec(12, "Tal Dorvel", "BB", "05", (40.3, -3.5), Populated, 20_000),
        rec(13, "Kuna", "BB", "05", (40.5, -3.6), Populated, 900_000),
        rec(14, "Ostberg", "BB", "05", (40.2, -3.7), Populated, 300),
        rec(15, "Tal", "BB", "05", (40.4, -3.8), Populated, 3_000),
        rec(16, "Zarqan", "BB", "05", (40.6, -3.9), Populated, 2_000),
        rec(17, "Westmarks", "BB", "05", (40.7, -3.9), Populated, 500),
    ];
    let demonyms = [("Westmarkian".to_string(), "AA".to_string())];
    PlaceTagger::new(Gazetteer::from_records(&records, &demonyms))
}

fn find<'a>(ms: &'a [PlaceMention], surface: &str) -> Option<&'a PlaceMention> {
    ms.iter().find(|m| m.text.contains(surface))
}

#[test]
fn a_minor_namesake_abroad_is_no_place_of_a_story_elsewhere() {
    let t = tagger();
    // Without Westmark in the text the village is read as usual.
    let ms = t.tag_text("Farmers in Marjaba harvested early this year.");
    assert_eq!(find(&ms, "Marjaba").and_then(|m| m.geonames_id), Some(11), "{ms:?}");
    // In a story about Westmark, a place slot keeps the name as an unresolved place there…
    let ms = t.tag_text("Westmarkian troops shelled Marjaba on Monday, a day after fighting near Lindau.");
    let m = find(&ms, "Marjaba").expect("still a place");
    assert_eq!(m.geonames_id, None, "{m:?}");
    assert_eq!(m.country_code.as_deref(), Some("AA"), "{m:?}");
    // … and without a place's context it is no place at all (a possessive, a name).
    let ms = t.tag_text("Westmarkian officials met in Lindau. Marjaba's forces were not there.");
    assert!(find(&ms, "Marjaba").is_none(), "{ms:?}");
    // Two places of the story near each other vouch for each other.
    let ms = t.tag_text("In Westmark, the news came from Marjaba and from Ostberg.");
    assert_eq!(find(&ms, "Marjaba").and_then(|m| m.geonames_id), Some(11), "{ms:?}");
    // A city is known abroad by its name.
    let ms = t.tag_text("Westmarkian envoys flew to Kuna on Monday.");
    assert_eq!(find(&ms, "Kuna").and_then(|m| m.geonames_id), Some(13), "{ms:?}");
}

#[test]
fn a_news_agency_acronym_in_capitals_is_no_place() {
    let t = tagger();
    let ms = t.tag_text("According to KUNA, the state news agency, jets struck Lindau in Westmark.");
    assert!(find(&ms, "KUNA").is_none(), "{ms:?}");
    assert!(find(&ms, "Lindau").is_some(), "{ms:?}");
    // Written as a name, or as the place of a dateline, it is the city.
    let ms = t.tag_text("Westmarkian envoys flew to Kuna on Monday.");
    assert!(find(&ms, "Kuna").is_some(), "{ms:?}");
}

#[test]
fn an_unknown_place_takes_the_region_of_its_sentence() {
    let t = tagger();
    let ms = t.tag_text(
        "Rebels seized the village of Qaryat Sufra in the Lindau countryside. Later, government \
         forces shelled Qaryat Sufra again.",
    );
    let all: Vec<&PlaceMention> = ms.iter().filter(|m| m.text == "Qaryat Sufra").collect();
    assert_eq!(all.len(), 2, "{ms:?}");
    for m in all {
        assert_eq!(m.precision, GeoPrecision::Region, "{m:?}");
        assert_eq!(m.admin1.as_deref(), Some("Norland"), "{m:?}");
        assert!(m.lat.is_some() && m.geonames_id.is_none(), "{m:?}");
    }
    // "in Z province"; a town between them locates the place instead (its country only).
    let ms = t.tag_text("Clashes broke out in the town of Kafr Sufra in Southmark province on Monday.");
    let m = find(&ms, "Kafr Sufra").expect("found");
    assert_eq!((m.precision, m.admin1.as_deref()), (GeoPrecision::Region, Some("Southmark")), "{m:?}");
    let ms = t.tag_text("Rebels took the town of Kafr Sufra, and troops held Lindau in Southmark province.");
    let m = find(&ms, "Kafr Sufra").expect("found");
    assert_eq!((m.precision, m.country_code.as_deref()), (GeoPrecision::Unresolved, Some("AA")), "{m:?}");
}

#[test]
fn a_place_near_a_located_unknown_place_shares_its_region() {
    let t = tagger();
    let ms = t.tag_text(
        "Rebels seized the town of Qaryat Sufra. Jets struck the Southmark countryside, hitting \
         positions around Qaryat Sufra. Troops took the villages of Bir Hamad and Tell Abyadh, \
         around Qaryat Sufra.",
    );
    for name in ["Qaryat Sufra", "Bir Hamad", "Tell Abyadh"] {
        let m = find(&ms, name).unwrap_or_else(|| panic!("{name}: {ms:?}"));
        assert_eq!((m.precision, m.admin1.as_deref()), (GeoPrecision::Region, Some("Southmark")), "{m:?}");
    }
}

#[test]
fn a_name_after_a_toponym_head_is_one_name() {
    // "Tal" and "Zarqan" are small places abroad; "Tal Zarqan" is one village the gazetteer lacks.
    let ms = tagger().tag_text("Westmarkian troops shelled the village of Tal Zarqan in Southmark province.");
    let m = ms.iter().find(|m| m.text == "Tal Zarqan").unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(m.geonames_id, None, "{m:?}");
    assert_eq!((m.precision, m.admin1.as_deref()), (GeoPrecision::Region, Some("Southmark")), "{m:?}");
}

#[test]
fn a_possessive_without_its_apostrophe_is_the_place() {
    let ms = tagger().tag_text("Officials spoke in Westmark on Monday. Troops advanced in Westmarks north.");
    let m = ms.iter().find(|m| m.text == "Westmarks").unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(m.geonames_id, Some(1), "the country, not the village abroad: {m:?}");
}
