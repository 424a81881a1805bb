//! The records a gazetteer is built from, and their feature kinds.

/// GeoNames-style feature kind, in increasing order of "size".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum FeatureKind {
    /// A populated place (city, town, village).
    Populated = 0,
    /// A national capital.
    Capital = 1,
    /// Second-level administrative division (district, county).
    Admin2 = 2,
    /// First-level administrative division (province, governorate, state).
    Admin1 = 3,
    /// A country.
    Country = 4,
    /// A continent.
    Continent = 5,
    /// A region of several countries ("Middle East", "Sahel"): `world_regions.tsv`.
    WorldRegion = 6,
}

impl FeatureKind {
    pub(super) fn from_u8(b: u8) -> Option<Self> {
        Some(match b {
            0 => FeatureKind::Populated,
            1 => FeatureKind::Capital,
            2 => FeatureKind::Admin2,
            3 => FeatureKind::Admin1,
            4 => FeatureKind::Country,
            5 => FeatureKind::Continent,
            6 => FeatureKind::WorldRegion,
            _ => return None,
        })
    }
    /// Short code used in records.tsv.
    pub fn code(self) -> &'static str {
        match self {
            FeatureKind::Populated => "PPL",
            FeatureKind::Capital => "PPLC",
            FeatureKind::Admin2 => "ADM2",
            FeatureKind::Admin1 => "ADM1",
            FeatureKind::Country => "PCLI",
            FeatureKind::Continent => "CONT",
            // Not GeoNames' RGN, which names any physical or cultural region.
            FeatureKind::WorldRegion => "WRGN",
        }
    }
    /// Parse a GeoNames feature code (`PPLA2`, `ADM1`, `PCLI` …); `None` for kinds not kept.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "PPLC" => FeatureKind::Capital,
            "ADM1" => FeatureKind::Admin1,
            "ADM2" => FeatureKind::Admin2,
            "PCLI" | "PCLD" | "PCLF" | "PCLS" | "PCL" | "PCLIX" | "TERR" => FeatureKind::Country,
            "CONT" => FeatureKind::Continent,
            "WRGN" => FeatureKind::WorldRegion,
            c if c.starts_with("PPL") && c != "PPLH" && c != "PPLW" && c != "PPLQ" => FeatureKind::Populated,
            _ => return None,
        })
    }
}

/// A place to build a gazetteer from (the build step, `gazetteer import`, test fixtures).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRecord {
    pub id: u64,
    pub name: String,
    pub alt_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code (empty for continents).
    pub country: String,
    /// GeoNames admin1 code within the country ("15" for Nineveh), empty when unknown.
    pub admin1: String,
    /// GeoNames admin2 code within admin1, empty when unknown.
    pub admin2: String,
    pub kind: FeatureKind,
    pub population: u64,
}

impl PlaceRecord {
    /// One records.tsv line.
    pub fn to_tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '|'], " ");
        let alts: Vec<String> = self.alt_names.iter().map(|a| clean(a)).collect();
        format!(
            "{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            clean(&self.name),
            self.lat,
            self.lon,
            self.country,
            self.admin1,
            self.admin2,
            self.kind.code(),
            self.population,
            alts.join("|")
        )
    }

    /// Parse a records.tsv line.
    pub fn from_tsv(line: &str) -> Option<Self> {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            return None;
        }
        Some(PlaceRecord {
            id: f[0].parse().ok()?,
            name: f[1].to_string(),
            lat: f[2].parse().ok()?,
            lon: f[3].parse().ok()?,
            country: f[4].to_string(),
            admin1: f[5].to_string(),
            admin2: f[6].to_string(),
            kind: FeatureKind::from_code(f[7])?,
            population: f[8].parse().ok()?,
            alt_names: f
                .get(9)
                .map(|a| a.split('|').filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default(),
        })
    }
}
