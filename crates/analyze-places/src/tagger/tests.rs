use super::place_tagger::PlaceTagger;
use super::words::{W_PERSON, W_STOP};
use crate::distance::haversine_km;
use crate::gazetteer::{FeatureKind, Gazetteer, PlaceRecord};
use eventwire_model::{GeoPrecision, PlaceMention};

fn tagger() -> PlaceTagger {
    PlaceTagger::new(Gazetteer::fixture())
}

fn tag(text: &str) -> Vec<PlaceMention> {
    tagger().tag_text(text)
}

/// A record for a synthetic gazetteer: in country "AA" at (30, 30), with no admin codes and no
/// alternate names. Tests set the rest with struct-update syntax.
fn record(id: u64, name: &str, kind: FeatureKind, population: u64) -> PlaceRecord {
    PlaceRecord {
        id,
        name: name.into(),
        alt_names: vec![],
        lat: 30.0,
        lon: 30.0,
        country: "AA".into(),
        admin1: String::new(),
        admin2: String::new(),
        kind,
        population,
    }
}

fn find<'a>(ms: &'a [PlaceMention], surface: &str) -> Option<&'a PlaceMention> {
    ms.iter().find(|m| m.text.contains(surface))
}

#[test]
fn finds_places_in_text_order_with_byte_offsets() {
    let text = "Iraqi troops entered Mosul on Monday while Syrian fighters neared Raqqa.";
    let ms = tag(text);
    let names: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(names, ["Iraqi", "Mosul", "Syrian", "Raqqa"]);
    for m in &ms {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    let mosul = find(&ms, "Mosul").unwrap();
    assert_eq!(mosul.geonames_id, Some(99072));
    assert_eq!(mosul.precision, GeoPrecision::Exact);
    assert_eq!(mosul.admin1.as_deref(), Some("Nīnawá"));
    let iraqi = &ms[0];
    assert_eq!(iraqi.kind, "demonym");
    assert_eq!(iraqi.country_code.as_deref(), Some("IQ"));
    assert_eq!(iraqi.precision, GeoPrecision::Country);
}

#[test]
fn transliteration_variants_resolve() {
    // Spellings the gazetteer does not list; their transliteration keys match.
    let ms = tag("Fighters advanced on Rakkah from Ain Isa, and later reached Hajjin in Syria.");
    assert_eq!(find(&ms, "Rakkah").unwrap().geonames_id, Some(172955));
    assert_eq!(find(&ms, "Ain Isa").unwrap_or_else(|| panic!("{ms:?}")).geonames_id, Some(172134));
    assert_eq!(find(&ms, "Hajjin").unwrap().geonames_id, Some(174506));
}

#[test]
fn organisations_are_not_places() {
    let ms =
        tag("The Islamic State said the Special Operations Service attacked the Syrian Democratic Forces.");
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn unknown_names_in_place_slots_are_unresolved_places() {
    let ms = tag("In Syria, fighters took the town of Marjaba and the villages of Sufriya and Tal Jabir.");
    let d = find(&ms, "Marjaba").expect("Marjaba");
    assert_eq!(d.precision, GeoPrecision::Unresolved);
    assert_eq!(d.kind, "town");
    assert_eq!(d.country_code.as_deref(), Some("SY"));
    assert_eq!(find(&ms, "Sufriya").map(|m| m.kind.as_str()), Some("village"), "{ms:?}");
    assert_eq!(find(&ms, "Tal Jabir").map(|m| m.kind.as_str()), Some("village"), "{ms:?}");
}

#[test]
fn relative_locations_are_near_their_anchor() {
    let text = "Tanks were seen about 10 km east of Mosul, and jets struck north of Raqqa.";
    let ms = tag(text);
    let m = ms.iter().find(|m| m.relative_to.as_deref() == Some("Mosul")).expect("near Mosul");
    assert_eq!(m.text, "10 km east of Mosul");
    assert_eq!(m.precision, GeoPrecision::Near);
    let d = haversine_km(m.lat.unwrap(), m.lon.unwrap(), 36.335, 43.11889);
    assert!((8.0..12.0).contains(&d), "{d}");
    assert!(m.lon.unwrap() > 43.11889);
    let r = ms.iter().find(|m| m.text == "north of Raqqa").expect("north of Raqqa");
    assert_eq!(r.precision, GeoPrecision::Near);
}

#[test]
fn admin_type_word_prefers_the_region() {
    let ms = tag("Coalition jets struck targets in the southern Hasakah countryside.");
    let h = find(&ms, "Hasakah").unwrap();
    assert_eq!(h.geonames_id, Some(173813));
    assert_eq!(h.precision, GeoPrecision::Region);
    assert_eq!(h.kind, "admin1");
}

#[test]
fn possessives_and_hyphenated_heads() {
    let ms = tag("Civilians fled Mosul's Old City as Iraq-based aid groups waited.");
    let m = find(&ms, "Mosul").unwrap();
    assert_eq!(m.text, "Mosul");
    assert!(find(&ms, "Iraq").is_some(), "{ms:?}");
}

#[test]
fn output_is_deterministic() {
    let text = "Iraqi forces retook Tal Afar, west of Mosul, and moved on Kirkuk and Erbil.";
    let a = serde_json_like(&tag(text));
    let b = serde_json_like(&tag(text));
    assert_eq!(a, b);
}

fn serde_json_like(ms: &[PlaceMention]) -> String {
    format!("{ms:?}")
}

#[test]
fn a_city_bigger_than_a_same_named_region_elsewhere_wins() {
    let rec = |id: u64, cc: &str, a1: &str, kind: FeatureKind, pop: u64, lat: f64| PlaceRecord {
        lat,
        country: cc.into(),
        admin1: a1.into(),
        ..record(id, "Zarvona", kind, pop)
    };
    let mut records = vec![
        rec(1, "AA", "01", FeatureKind::Admin1, 200_000, -20.0),
        rec(2, "BB", "07", FeatureKind::Populated, 400_000, 31.0),
    ];
    let ms =
        PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text("Shelling hit Zarvona overnight.");
    assert_eq!(find(&ms, "Zarvona").unwrap().geonames_id, Some(2), "{ms:?}");
    // A region with more people than the city keeps the name.
    records[0].population = 2_000_000;
    let ms =
        PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text("Shelling hit Zarvona overnight.");
    assert_eq!(find(&ms, "Zarvona").unwrap().geonames_id, Some(1), "{ms:?}");
}

#[test]
fn a_name_with_an_article_continuation_is_not_its_first_part() {
    // "Kirkuk" is in the gazetteer; "Kirkuk al-Jadida" is another place it lacks.
    let m = tag("Police sealed off Kirkuk al-Jadida, north of Baghdad, on Monday.");
    let p = m.iter().find(|p| p.text.starts_with("Kirkuk")).expect("a place");
    assert_eq!(p.text, "Kirkuk al-Jadida");
    assert_eq!(p.geonames_id, None);
    assert_ne!(p.precision, GeoPrecision::Exact);
}

#[test]
fn unresolved_places_take_the_country_and_anchor_of_their_sentence() {
    let text = "Troops pressed on west of Mosul, entering the town of Qaryat Zarqa. \
                Officials said Qaryat Zarqa was cleared.";
    let m = tag(text);
    let found: Vec<&PlaceMention> = m.iter().filter(|p| p.text == "Qaryat Zarqa").collect();
    assert_eq!(found.len(), 2, "{m:?}");
    for p in found {
        assert_eq!(p.country_code.as_deref(), Some("IQ"));
        assert_eq!(p.country.as_deref(), Some("Iraq"));
        assert_eq!(p.precision, GeoPrecision::Near);
        assert_eq!(p.relative_to.as_deref(), Some("Mosul"));
    }
}

#[test]
fn a_small_place_bearing_a_region_name_as_a_variant_does_not_take_it() {
    let rec =
        |id: u64, name: &str, alt: &[&str], a1: &str, kind: FeatureKind, pop: u64, lat: f64| PlaceRecord {
            alt_names: alt.iter().map(|s| s.to_string()).collect(),
            lat,
            admin1: a1.into(),
            ..record(id, name, kind, pop)
        };
    // Hamlet "Dorvel" once bore the name of the region "Norland" and lies in "Westmark",
    // which the text also names: the context favours it, the name does not.
    let records = vec![
        rec(1, "Norland", &[], "01", FeatureKind::Admin1, 5_000_000, 40.0),
        rec(2, "Westmark", &[], "02", FeatureKind::Admin1, 3_000_000, 30.0),
        rec(3, "Dorvel", &["Norland"], "02", FeatureKind::Populated, 2_000, 30.5),
        rec(4, "Fenby", &[], "02", FeatureKind::Populated, 40_000, 30.6),
        rec(5, "Ostrow", &[], "02", FeatureKind::Populated, 30_000, 30.4),
    ];
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text(
        "Cases were reported in Westmark, in Fenby, in Ostrow and in Norland. Westmark officials met in Fenby.",
    );
    assert_eq!(find(&ms, "Norland").unwrap().geonames_id, Some(1), "{ms:?}");
}

#[test]
fn a_variant_name_yields_to_a_place_of_the_same_country_that_bears_it() {
    let rec = |id: u64, name: &str, alt: &[&str], a1: &str, kind: FeatureKind, pop: u64| PlaceRecord {
        alt_names: alt.iter().map(|s| s.to_string()).collect(),
        lat: 30.0 + id as f64,
        admin1: a1.into(),
        ..record(id, name, kind, pop)
    };
    // "Beeville" once bore the name "Marville" and lies in the region the text names.
    let mut records = vec![
        rec(1, "Westmark", &[], "02", FeatureKind::Admin1, 3_000_000),
        rec(2, "Beeville", &["Marville"], "02", FeatureKind::Populated, 13_000),
        rec(3, "Marville", &[], "01", FeatureKind::Populated, 8_000),
    ];
    let text = "Police in Marville said a man from Westmark was held.";
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text(text);
    assert_eq!(find(&ms, "Marville").unwrap().geonames_id, Some(3), "{ms:?}");
    // In another country the variant is that country's usage: context decides again.
    records[2].country = "BB".into();
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text(text);
    assert_eq!(find(&ms, "Marville").unwrap().geonames_id, Some(2), "{ms:?}");
}

#[test]
fn a_town_and_its_county_support_each_other() {
    let rec = |id: u64, name: &str, a1: &str, a2: &str, kind: FeatureKind, pop: u64, lat: f64| PlaceRecord {
        lat,
        admin1: a1.into(),
        admin2: a2.into(),
        ..record(id, name, kind, pop)
    };
    // Two states each have a "Hale County" and a "Varna"; only one Varna lies in its Hale County.
    let records = vec![
        rec(1, "Hale County", "01", "007", FeatureKind::Admin2, 0, 40.0),
        rec(2, "Hale County", "02", "003", FeatureKind::Admin2, 0, 30.0),
        rec(3, "Varna", "01", "007", FeatureKind::Populated, 5_000, 40.1),
        rec(4, "Varna", "02", "009", FeatureKind::Populated, 20_000, 33.0),
    ];
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[]))
        .tag_text("Police in Varna took the man to the Hale County jail on Monday.");
    assert_eq!(find(&ms, "Varna").unwrap_or_else(|| panic!("{ms:?}")).geonames_id, Some(3), "{ms:?}");
    assert_eq!(find(&ms, "Hale County").unwrap().geonames_id, Some(1), "{ms:?}");
}

#[test]
fn the_capital_takes_a_name_it_shares_with_a_region_of_its_country() {
    let rec = |id: u64, a1: &str, kind: FeatureKind, pop: u64, lat: f64| PlaceRecord {
        lat,
        admin1: a1.into(),
        ..record(id, "Varsa", kind, pop)
    };
    let records = vec![
        rec(1, "03", FeatureKind::Admin1, 7_000_000, 47.0),
        rec(2, "09", FeatureKind::Capital, 600_000, 38.0),
    ];
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let ms = tagger.tag_text("Officials in Varsa said the talks would resume.");
    assert_eq!(find(&ms, "Varsa").unwrap().geonames_id, Some(2), "{ms:?}");
    let ms = tagger.tag_text("Floods hit Varsa province on Monday.");
    assert_eq!(find(&ms, "Varsa").unwrap().geonames_id, Some(1), "{ms:?}");
}

#[test]
fn a_world_region_is_not_a_namesake_village() {
    let rec = |id: u64, kind: FeatureKind, pop: u64| PlaceRecord {
        lat: 39.3,
        lon: -76.6,
        country: if kind == FeatureKind::WorldRegion { String::new() } else { "US".into() },
        ..record(id, "Middle East", kind, pop)
    };
    let records = vec![
        rec(4_116_000, FeatureKind::Populated, 600),
        rec(crate::sources::WORLD_REGION_ID_BASE, FeatureKind::WorldRegion, 400_000_000),
    ];
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[]))
        .tag_text("Leaders across the Middle East condemned the attack.");
    let m = find(&ms, "Middle East").unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(m.kind, "world_region");
    assert_eq!(m.geonames_id, None, "not a GeoNames feature");
    assert_eq!(m.precision, GeoPrecision::Region);
}

fn in_region(id: u64, name: &str, a1: &str, kind: FeatureKind, pop: u64, lat: f64) -> PlaceRecord {
    PlaceRecord { lat, admin1: a1.into(), ..record(id, name, kind, pop) }
}

/// Three regions, and in Westmark a village named after Norland (id 3).
fn norland_westmark_sudria() -> Vec<PlaceRecord> {
    vec![
        in_region(1, "Norland", "01", FeatureKind::Admin1, 5_000_000, 40.0),
        in_region(2, "Westmark", "02", FeatureKind::Admin1, 3_000_000, 30.0),
        in_region(3, "Norland", "02", FeatureKind::Populated, 600, 30.5),
        in_region(4, "Sudria", "03", FeatureKind::Admin1, 4_000_000, 20.0),
    ]
}

#[test]
fn a_village_named_after_a_region_elsewhere_does_not_take_the_name() {
    // The village "Norland" lies in "Westmark", which the text names twice, next to a
    // village named after another region: neighbours support each other, names do not.
    let mut records = norland_westmark_sudria();
    records.extend([
        in_region(5, "Sudria", "02", FeatureKind::Populated, 700, 30.4),
        in_region(6, "Fenby", "02", FeatureKind::Populated, 40_000, 30.6),
    ]);
    let text = "Officials in Westmark, Norland and Sudria met. Westmark police in Fenby agreed.";
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text(text);
    assert_eq!(find(&ms, "Norland").unwrap().geonames_id, Some(1), "{ms:?}");
    assert_eq!(find(&ms, "Sudria").unwrap().geonames_id, Some(4), "{ms:?}");
    // A container still picks the village.
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[]))
        .tag_text("A fire broke out in Norland, Westmark, on Monday.");
    assert_eq!(find(&ms, "Norland").unwrap_or_else(|| panic!("{ms:?}")).geonames_id, Some(3), "{ms:?}");
}

#[test]
fn a_region_in_a_list_of_regions_is_not_inside_the_next_one() {
    // "Norland, Westmark" reads as a village of Westmark, but here it is one item of a list.
    let tagger = PlaceTagger::new(Gazetteer::from_records(&norland_westmark_sudria(), &[]));
    for text in [
        "Bees died in Sudria, Norland, Westmark and other states.",
        "Bees died in Norland, Westmark and Sudria.",
    ] {
        let ms = tagger.tag_text(text);
        assert_eq!(
            find(&ms, "Norland").unwrap_or_else(|| panic!("{ms:?}")).geonames_id,
            Some(1),
            "{text}: {ms:?}"
        );
    }
}

#[test]
fn a_region_named_beside_others_is_weak_support_for_a_small_namesake() {
    // A city in Sudria and a town of the same name in Westmark, 75 times smaller.
    let mut records = norland_westmark_sudria();
    records.extend([
        in_region(5, "Kelby", "03", FeatureKind::Populated, 600_000, 20.5),
        in_region(6, "Kelby", "02", FeatureKind::Populated, 8_000, 30.2),
    ]);
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let kelby = |text: &str| {
        let ms = tagger.tag_text(text);
        find(&ms, "Kelby").unwrap_or_else(|| panic!("{ms:?}")).geonames_id
    };
    // The text is set in Westmark: the town.
    assert_eq!(kelby("The mayor of Kelby spoke. Westmark officials urged calm."), Some(6));
    // Westmark is one of several regions the text names: the city.
    assert_eq!(kelby("The mayor of Kelby spoke. Officials in Westmark and Norland urged calm."), Some(5));
}

#[test]
fn a_name_listed_among_regions_is_the_region() {
    // "Varsa" is both a region and the capital, which wins on its own.
    let mut records = norland_westmark_sudria();
    records.extend([
        in_region(5, "Varsa", "04", FeatureKind::Admin1, 7_000_000, 47.0),
        in_region(6, "Varsa", "09", FeatureKind::Capital, 600_000, 38.0),
    ]);
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let varsa = |text: &str| {
        let ms = tagger.tag_text(text);
        find(&ms, "Varsa").unwrap_or_else(|| panic!("{ms:?}")).geonames_id
    };
    assert_eq!(varsa("Officials in Varsa said the talks would resume."), Some(6));
    assert_eq!(varsa("Cases were found in Norland, Westmark, Sudria and Varsa."), Some(5));
    assert_eq!(varsa("Cases were found in Norland, Westmark, and Varsa on Monday."), Some(5));
}

#[test]
fn a_place_whose_region_holds_none_of_its_readings_is_somewhere_in_that_region() {
    let mut records = norland_westmark_sudria();
    records.push(in_region(5, "Stroud", "01", FeatureKind::Populated, 60_000, 40.5));
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let stroud = |text: &str| {
        let ms = tagger.tag_text(text);
        find(&ms, "Stroud").unwrap_or_else(|| panic!("{text}: {ms:?}")).clone()
    };
    // The gazetteer's Stroud is in Norland: this one is another, in Westmark.
    let m = stroud("Police stopped the truck in Stroud, Westmark, on Sunday.");
    assert_eq!(m.geonames_id, None, "{m:?}");
    assert_eq!(m.precision, GeoPrecision::Region, "{m:?}");
    assert_eq!(m.admin1.as_deref(), Some("Westmark"), "{m:?}");
    assert_eq!((m.lat, m.lon), (Some(30.0), Some(30.0)), "Westmark's point: {m:?}");
    // Its own region, and a list of places, leave it the gazetteer's Stroud.
    assert_eq!(stroud("Police stopped the truck in Stroud, Norland, on Sunday.").geonames_id, Some(5));
    assert_eq!(stroud("Cases rose in Stroud, Westmark and Sudria.").geonames_id, Some(5));
}

#[test]
fn a_name_the_text_puts_in_a_region_is_there_at_every_mention() {
    let mut records = norland_westmark_sudria();
    records.extend([
        in_region(5, "Stroud", "01", FeatureKind::Populated, 60_000, 40.5),
        in_region(6, "Kelby", "03", FeatureKind::Populated, 600_000, 20.5),
        in_region(7, "Kelby", "02", FeatureKind::Populated, 8_000, 30.2),
    ]);
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    // No Stroud of the gazetteer lies in Westmark: every mention is the other one, in Westmark.
    let text = "Fighting went on in Stroud overnight. Shelling hit the town of Stroud in Westmark.";
    let ms = tagger.tag_text(text);
    let strouds: Vec<_> = ms.iter().filter(|m| m.text == "Stroud").collect();
    assert_eq!(strouds.len(), 2, "{ms:?}");
    for m in strouds {
        assert_eq!((m.geonames_id, m.admin1.as_deref()), (None, Some("Westmark")), "{m:?}");
    }
    // The small Kelby of Westmark, named so once, is the one meant where the text names it alone.
    let text = "Fighting went on in Kelby overnight. Shelling hit Kelby, Westmark, on Monday.";
    let ms = tagger.tag_text(text);
    let kelbys: Vec<_> = ms.iter().filter(|m| m.text == "Kelby").map(|m| m.geonames_id).collect();
    assert_eq!(kelbys, [Some(7), Some(7)], "{ms:?}");
}

#[test]
fn a_demonym_naming_a_natural_feature_is_not_the_country() {
    let ms = tag("Storms over the Syrian Desert slowed Syrian troops.");
    let syrian: Vec<usize> = ms.iter().filter(|m| m.text == "Syrian").map(|m| m.start).collect();
    assert_eq!(syrian, [37], "{ms:?}");
}

#[test]
fn the_head_of_a_feature_name_is_not_a_place() {
    let records = vec![PlaceRecord {
        lat: -7.9,
        lon: 145.7,
        country: "PG".into(),
        admin1: "01".into(),
        ..record(1, "Gulf", FeatureKind::Admin1, 150_000)
    }];
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    assert!(find(&tagger.tag_text("Rebels attacked a ship in the Gulf of Aden."), "Gulf").is_none());
    // The province itself is still a place.
    assert!(find(&tagger.tag_text("Floods hit Gulf province on Monday."), "Gulf").is_some());
}

#[test]
fn a_name_qualifying_a_noun_is_a_place() {
    let rec = |id: u64, name: &str| PlaceRecord {
        lat: 40.0 + id as f64,
        lon: -80.0,
        country: "US".into(),
        admin1: "WV".into(),
        ..record(id, name, FeatureKind::Populated, 30_000)
    };
    let tagger = PlaceTagger::new(Gazetteer::from_records(&[rec(1, "Varna"), rec(2, "Ems")], &[]));
    // A town of 30,000 named bare is no evidence of a place...
    assert!(tagger.tag_text("Varna was quiet on Monday.").is_empty());
    // ...but it is after an article and before a lower-case word, or before "native".
    for text in [
        "Police said a Varna man was held.",
        "She is a Varna native.",
        "Police said three Varna natives won.",
    ] {
        let ms = tagger.tag_text(text);
        assert_eq!(find(&ms, "Varna").map(|m| m.geonames_id), Some(Some(1)), "{text}: {ms:?}");
    }
    // An acronym in that slot is not a place.
    assert!(find(&tagger.tag_text("He called the EMS crew at once."), "EMS").is_none());
}

#[test]
fn a_place_after_a_preposition_stays_a_place_before_said() {
    let ms = tag("Doctors in Kirkuk said the wounded arrived overnight. Erbil said nothing.");
    assert_eq!(find(&ms, "Kirkuk").and_then(|m| m.geonames_id), Some(94787), "{ms:?}");
}

#[test]
fn an_unknown_name_accepted_in_a_slot_is_found_where_it_recurs() {
    // "Marjabah", a small far-off place, sounds like the text's "Marjaba": the respelling is
    // dropped in resolution, and the name is an unresolved town at every mention.
    let records = vec![PlaceRecord {
        lat: 33.0,
        lon: 44.0,
        country: "IQ".into(),
        ..record(1, "Marjabah", FeatureKind::Populated, 1_000)
    }];
    let text = "Rebel fighters took the town of Marjaba on Monday. Warplanes struck positions around \
                Marjaba. The advance toward Marjaba resumed after the liberation of Marjaba.";
    let ms = PlaceTagger::new(Gazetteer::from_records(&records, &[])).tag_text(text);
    let found: Vec<usize> = ms.iter().filter(|m| m.text == "Marjaba").map(|m| m.start).collect();
    let want: Vec<usize> = text.match_indices("Marjaba").map(|(i, _)| i).collect();
    assert_eq!(found, want, "{ms:?}");
    assert!(ms.iter().filter(|m| m.text == "Marjaba").all(|m| m.kind == "town"), "{ms:?}");
    // The fixture gazetteer has no reading at all: the name was found again already.
    assert_eq!(tag(text).iter().filter(|m| m.text == "Marjaba").count(), 4);
}

#[test]
fn a_name_runs_on_through_a_possessive() {
    let rec = |id: u64, name: &str, alt: &str, cc: &str, kind: FeatureKind, pop: u64| PlaceRecord {
        alt_names: vec![alt.to_string()],
        lon: 110.0,
        country: cc.into(),
        ..record(id, name, kind, pop)
    };
    let records = vec![
        rec(1, "China", "People's Republic of China", "CN", FeatureKind::Country, 1_400_000_000),
        rec(2, "Taiwan", "Republic of China", "TW", FeatureKind::Country, 23_000_000),
        rec(3, "Cox's Bazar", "Coxs Bazar", "BD", FeatureKind::Populated, 250_000),
    ];
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    for text in [
        "Officials of the People's Republic of China met on Monday.",
        "Officials of the People’s Republic of China met on Monday.",
    ] {
        let ms = tagger.tag_text(text);
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert!(ms[0].text.starts_with("People") && ms[0].text.ends_with("Republic of China"), "{ms:?}");
        assert_eq!(ms[0].geonames_id, Some(1), "{ms:?}");
    }
    let ms = tagger.tag_text("Refugees reached Cox's Bazar on Monday.");
    assert_eq!(find(&ms, "Cox's Bazar").and_then(|m| m.geonames_id), Some(3), "{ms:?}");
    // A possessive that joins no name still ends it.
    let ms = tagger.tag_text("China's Foreign Ministry spoke.");
    assert_eq!(ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["China"], "{ms:?}");
}

#[test]
fn connectors_are_the_words_of_their_list_only() {
    let t = tagger();
    for w in &t.g.lexicon.connectors {
        assert!(t.is_connector(w), "{w}");
    }
    for w in ["", "d", "dell", "ons", "upons", "On", "The", "of ", "bi", "ibnx", "o", "thee"] {
        assert!(!t.is_connector(w), "{w:?}");
    }
}

#[test]
fn arabic_articles_join_their_word() {
    let t = tagger();
    for (w, article) in
        [("al-Marjaba", Some(3)), ("Ash-Sufriya", Some(4)), ("ez-Zahra", Some(3)), ("also", None)]
    {
        assert_eq!(t.article_prefix_len(w), article, "{w}");
    }
    assert!(t.is_cap_word("al-Marjaba") && !t.is_cap_word("al-marjaba") && t.is_cap_word("Marjaba"));
    assert!(t.has_article("al-marjaba") && !t.has_article("al-m") && !t.has_article("alma"));
    assert!(t.is_name_article("Ash") && !t.is_name_article("ashes"));
}

#[test]
fn word_table_answers_like_the_word_lists() {
    let t = tagger();
    let lex = &t.g.lexicon;
    for w in &lex.stop_names {
        assert!(t.words(w).has(W_STOP), "{w}");
    }
    for w in &lex.person_names {
        assert!(t.words(w).has(W_PERSON), "{w}");
    }
    for (w, kind) in &lex.place_types {
        assert_eq!(t.place_type(t.words(w)), Some(kind), "{w}");
    }
    // Words in no list: nothing.
    for w in ["", "zzqx", "the city of", "mosulx"] {
        assert_eq!(t.words(w).bits, 0, "{w}");
        assert!(t.words(w).place_type.is_none(), "{w}");
    }
}

#[test]
fn an_abbreviated_first_word_runs_on_through_its_period() {
    let rec = |id: u64, name: &str, alt: &[&str], pop: u64| PlaceRecord {
        alt_names: alt.iter().map(|s| s.to_string()).collect(),
        lat: 44.9,
        lon: -93.1,
        country: "US".into(),
        admin1: "MN".into(),
        ..record(id, name, FeatureKind::Populated, pop)
    };
    let records = vec![rec(1, "Saint Paul", &["St. Paul"], 300_000), rec(2, "Paul", &[], 500)];
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let ms = tagger.tag_text("The council met in St. Paul on Monday.");
    let m = find(&ms, "Paul").unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!((m.text.as_str(), m.geonames_id), ("St. Paul", Some(1)), "{ms:?}");
    // A period that ends a sentence joins nothing.
    let ms = tagger.tag_text("He met the pastor of the Mt. He then flew to Paul.");
    assert_eq!(find(&ms, "Paul").map(|m| m.text.as_str()), Some("Paul"), "{ms:?}");
}

#[test]
fn a_place_in_a_region_is_read_inside_it() {
    // "Fenby": a town of Sudria and a village of Westmark; "Kesby" a town in another country.
    let mut records = norland_westmark_sudria();
    records.extend([
        in_region(5, "Fenby", "03", FeatureKind::Populated, 90_000, 20.5),
        in_region(6, "Fenby", "02", FeatureKind::Populated, 600, 30.2),
        PlaceRecord {
            country: "BB".into(),
            ..in_region(7, "Kesby", "01", FeatureKind::Populated, 400_000, 50.0)
        },
    ]);
    let tagger = PlaceTagger::new(Gazetteer::from_records(&records, &[]));
    let ms = tagger.tag_text("Troops advanced on Fenby in Westmark on Friday.");
    assert_eq!(find(&ms, "Fenby").unwrap_or_else(|| panic!("{ms:?}")).geonames_id, Some(6), "{ms:?}");
    // No Kesby lies in Westmark: this one is another, somewhere in Westmark.
    let ms = tagger.tag_text("Troops advanced on Kesby in Westmark on Friday.");
    let kesby = find(&ms, "Kesby").unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(kesby.geonames_id, None, "{ms:?}");
    assert_eq!(kesby.admin1.as_deref(), Some("Westmark"), "{ms:?}");
    assert_eq!(kesby.precision, GeoPrecision::Region);
}

#[test]
fn a_common_word_in_a_headline_is_no_place_by_another_name() {
    // "Wagon" is another name of a big city; the text writes "wagon" as a word too.
    let mut city = record(1, "Varnholt", FeatureKind::Populated, 900_000);
    city.alt_names = vec!["Wagon".into()];
    let tagger = PlaceTagger::new(Gazetteer::from_records(&[city], &[]));
    let ms = tagger.tag_text("Six Killed in Wagon Bomb Blast Near Market\n\nA wagon bomb killed six people.");
    assert!(find(&ms, "Wagon").is_none(), "{ms:?}");
    let ms = tagger.tag_text("Wagon bomb kills six\n\nA wagon bomb killed six people.");
    assert!(find(&ms, "Wagon").is_none(), "{ms:?}");
    // Its own name, or the other name where the text has no such word, is a place.
    let ms = tagger.tag_text("Six Killed in Varnholt Bomb Blast Near Market\n\nA bomb killed six.");
    assert!(find(&ms, "Varnholt").is_some(), "{ms:?}");
}
