//! Full GeoNames dumps (`allCountries.txt`, `IQ.txt`, `alternateNamesV2.txt`), imported over a
//! build's records by `eventwire gazetteer import`.

use super::files::{data_list, DataList};
use super::places::keep_alt_name;
use crate::gazetteer::{FeatureKind, PlaceRecord};
use std::collections::HashMap;

/// The languages of alternate names kept (`alt_name_languages.txt`; "-": none given).
static LANGUAGES: DataList =
    (include_str!("../../../../data/gazetteer/alt_name_languages.txt"), std::sync::OnceLock::new());

/// Parse a GeoNames dump in the `allCountries.txt` / `IQ.txt` format (19 tab-separated columns).
/// Keeps populated places, admin1/admin2 divisions, countries and continents.
pub fn parse_geonames_dump(text: &str) -> Vec<PlaceRecord> {
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            continue;
        }
        let (Ok(id), Ok(lat), Ok(lon)) = (f[0].parse::<u64>(), f[4].parse::<f64>(), f[5].parse::<f64>())
        else {
            continue;
        };
        let Some(kind) = FeatureKind::from_code(f[7]) else { continue };
        let mut alts: Vec<String> = vec![f[2].to_string()];
        alts.extend(f[3].split(',').filter(|a| keep_alt_name(a)).map(str::to_string));
        out.push(PlaceRecord {
            id,
            name: f[1].to_string(),
            alt_names: alts,
            lat,
            lon,
            country: f[8].to_string(),
            admin1: if kind == FeatureKind::Country { String::new() } else { f[10].to_string() },
            admin2: if kind == FeatureKind::Admin2 { f[11].to_string() } else { String::new() },
            kind,
            population: f[14].parse().unwrap_or(0),
        });
    }
    out
}

/// Parse `alternateNamesV2.txt` lines into (geonameid, name) pairs, keeping names in
/// English, transliterations and unlabelled ones; skipping codes, links and historic names.
pub fn parse_alternate_names(text: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Ok(id) = f[1].parse::<u64>() else { continue };
        let lang = f[2];
        let historic = f.get(7).is_some_and(|h| *h == "1");
        let lang = if lang.is_empty() { "-" } else { lang };
        if historic || !data_list(&LANGUAGES).contains(&lang) {
            continue;
        }
        if keep_alt_name(f[3]) {
            out.push((id, f[3].to_string()));
        }
    }
    out
}

/// Merge imported records into `base`: same GeoNames id replaces, new ids are added;
/// alternate names are attached to their place.
pub fn merge(base: &mut Vec<PlaceRecord>, imported: Vec<PlaceRecord>, alt_names: Vec<(u64, String)>) {
    let mut pos: HashMap<u64, usize> = base.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    for mut r in imported {
        match pos.get(&r.id) {
            Some(&i) => {
                let old = std::mem::take(&mut base[i].alt_names);
                for a in old {
                    if !r.alt_names.contains(&a) {
                        r.alt_names.push(a);
                    }
                }
                if r.kind == FeatureKind::Populated && base[i].kind == FeatureKind::Capital {
                    r.kind = FeatureKind::Capital;
                }
                base[i] = r;
            }
            None => {
                pos.insert(r.id, base.len());
                base.push(r);
            }
        }
    }
    for (id, name) in alt_names {
        if let Some(&i) = pos.get(&id) {
            if !base[i].alt_names.contains(&name) && base[i].name != name {
                base[i].alt_names.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "99072\tMosul\tMosul\tAl Mawsil,Mossoul,mwsl\t36.335\t43.11889\tP\tPPLA\tIQ\t\t15\t\t\t\t1683000\t\t223\tAsia/Baghdad\t2020-01-01\n\
9000001\tTestvillage\tTestvillage\tTest Village\t36.1\t43.2\tP\tPPL\tIQ\t\t15\t\t\t\t0\t\t250\tAsia/Baghdad\t2020-01-01\n\
9000002\tSome Hill\tSome Hill\t\t36.2\t43.3\tT\tHLL\tIQ\t\t15\t\t\t\t0\t\t400\tAsia/Baghdad\t2020-01-01\n\
bad line\n";

    #[test]
    fn dump_lines_become_records() {
        let r = parse_geonames_dump(DUMP);
        assert_eq!(r.len(), 2, "the hill (feature class T) is not kept");
        assert_eq!(r[0].id, 99072);
        assert_eq!(r[0].kind, FeatureKind::Populated);
        assert!(r[0].alt_names.contains(&"Mossoul".to_string()));
        assert!(!r[0].alt_names.contains(&"mwsl".to_string()));
        assert_eq!(r[1].admin1, "15");
        assert_eq!(r[0].population, 1_683_000);
    }

    #[test]
    fn alternate_names_and_merge() {
        let alts = parse_alternate_names(
            "1\t9000001\ten\tTest Town\t\t\t\t\t\t\n2\t9000001\tlink\thttps://x\t\t\t\t\t\t\n3\t9000001\ten\tOld Name\t\t\t\t1\t\t\n",
        );
        assert_eq!(alts, vec![(9000001, "Test Town".to_string())]);
        // Without a language code, kept; in a language the news does not write, not.
        let unlabelled =
            parse_alternate_names("4\t9000001\t\tTestburg\t\t\t\t\t\t\n5\t9000001\tja\tTesuto\t\t\t\t\t\t\n");
        assert_eq!(unlabelled, vec![(9000001, "Testburg".to_string())]);
        let mut base = parse_geonames_dump(DUMP);
        merge(&mut base, vec![], alts);
        assert!(base[1].alt_names.contains(&"Test Town".to_string()));
    }
}
