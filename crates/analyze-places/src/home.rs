//! An outlet's home area, found from its own articles: the densest 3°×3° block of the local
//! places (towns, cities, counties) its articles were read to mention. Lieberman et al.'s
//! "local lexicon": a paper in Ohio means Dublin, Ohio.

use crate::tagger::HomeArea;
use eventwire_model::PlaceMention;
use std::collections::BTreeMap;

/// A block must hold at least this many local readings, and this share of the outlet's.
const HOME_MIN_READINGS: u32 = 4;
const HOME_MIN_SHARE: f64 = 0.4;
/// Readings resolved with less confidence than this do not count.
const HOME_MIN_CONFIDENCE: f32 = 0.6;

/// One-degree cell of a point.
type Cell = (i32, i32);

/// Counts of an outlet's local readings per one-degree cell, with their sums and countries.
#[derive(Debug, Default, Clone)]
pub struct HomeCounter {
    cells: BTreeMap<Cell, CellSums>,
    total: u32,
}

#[derive(Debug, Default, Clone)]
struct CellSums {
    n: u32,
    lat: f64,
    lon: f64,
    countries: BTreeMap<[u8; 2], u32>,
}

/// The local readings of one article's mentions: (lat, lon, country).
pub fn local_readings(mentions: &[PlaceMention]) -> Vec<(f64, f64, [u8; 2])> {
    mentions
        .iter()
        .filter(|m| {
            matches!(m.kind.as_str(), "city" | "town" | "village" | "admin2") && m.confidence >= HOME_MIN_CONFIDENCE
        })
        .filter_map(|m| {
            let cc = m.country_code.as_deref()?.as_bytes();
            Some((m.lat?, m.lon?, [*cc.first()?, *cc.get(1)?]))
        })
        .collect()
}

fn cell(lat: f64, lon: f64) -> Cell {
    (lat.floor() as i32, lon.floor() as i32)
}

impl HomeCounter {
    /// Count one article's local readings (`sign` 1) or take them back out (`sign` -1).
    pub fn add(&mut self, readings: &[(f64, f64, [u8; 2])], sign: i32) {
        for &(lat, lon, cc) in readings {
            let c = self.cells.entry(cell(lat, lon)).or_default();
            let s = sign as f64;
            c.n = c.n.saturating_add_signed(sign);
            c.lat += s * lat;
            c.lon += s * lon;
            let k = c.countries.entry(cc).or_default();
            *k = k.saturating_add_signed(sign);
            self.total = self.total.saturating_add_signed(sign);
        }
    }

    /// The home area: the mean point of the densest 3×3-cell block and its commonest country,
    /// when that block holds enough of the readings. None otherwise.
    pub fn home(&self) -> Option<HomeArea> {
        let mut best: Option<(u32, Cell)> = None;
        for &(la, lo) in self.cells.keys() {
            let n: u32 = self.block(la, lo).map(|c| c.n).sum();
            if best.is_none_or(|b| n > b.0) {
                best = Some((n, (la, lo)));
            }
        }
        let (n, (la, lo)) = best?;
        if n < HOME_MIN_READINGS || (n as f64) < HOME_MIN_SHARE * self.total as f64 {
            return None;
        }
        let (mut lat, mut lon) = (0.0, 0.0);
        let mut countries: BTreeMap<[u8; 2], u32> = BTreeMap::new();
        for c in self.block(la, lo) {
            lat += c.lat;
            lon += c.lon;
            for (cc, k) in &c.countries {
                *countries.entry(*cc).or_default() += k;
            }
        }
        let country = countries.iter().max_by_key(|(cc, k)| (**k, std::cmp::Reverse(**cc)))?.0;
        Some(HomeArea { lat: lat / n as f64, lon: lon / n as f64, country: *country })
    }

    fn block(&self, la: i32, lo: i32) -> impl Iterator<Item = &CellSums> {
        (-1..=1).flat_map(move |dy| (-1..=1).map(move |dx| (la + dy, lo + dx))).filter_map(|k| self.cells.get(&k))
    }
}
