//! Outlet homes: where an outlet's articles are set, found from the places its articles were
//! read to mention (Lieberman et al.'s "local lexicon": a paper near Columbus, Ohio writes
//! "Dublin" for Dublin, Ohio). The home is the densest 3°×3° block of the outlet's local
//! readings (towns, cities, counties) when it holds enough of them; an outlet whose articles
//! range over the world (a wire, Wikinews) has none. Each article's home comes from the
//! outlet's *other* articles, so an article never confirms its own readings.

use eventwire_model::{OutletHome, PlaceMention};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// A home block must hold at least this many local readings, and this share of the outlet's.
const HOME_MIN_READINGS: u32 = 4;
const HOME_MIN_SHARE: f64 = 0.4;
/// Readings resolved with less confidence than this do not count.
const HOME_MIN_CONFIDENCE: f32 = 0.6;
/// Sums are kept in micro-degrees: taking an article out restores them exactly.
const MICRO: f64 = 1e6;

/// One local reading: micro-degrees of latitude and longitude, country code.
type Reading = (i64, i64, [u8; 2]);

/// The local readings among an article's place mentions: confident towns, cities, villages
/// and counties with a point and a country.
pub fn local_readings(mentions: &[PlaceMention]) -> Vec<Reading> {
    mentions
        .iter()
        .filter(|m| {
            matches!(m.kind.as_str(), "city" | "town" | "village" | "admin2")
                && m.confidence >= HOME_MIN_CONFIDENCE
        })
        .filter_map(|m| {
            let cc = m.country_code.as_deref()?.as_bytes();
            let (lat, lon) = (m.lat?, m.lon?);
            Some(((lat * MICRO).round() as i64, (lon * MICRO).round() as i64, [*cc.first()?, *cc.get(1)?]))
        })
        .collect()
}

/// The key an article is grouped by: its outlet's name when given, else the host of its URL
/// ("https://en.wikinews.org/wiki/…" → "en.wikinews.org").
pub fn outlet_key<'a>(outlet: Option<&'a str>, url: Option<&'a str>) -> Option<&'a str> {
    outlet.filter(|o| !o.trim().is_empty()).or_else(|| {
        let url = url?;
        let host = url.split_once("://").map_or(url, |x| x.1).split(['/', '?', '#']).next()?;
        (!host.is_empty()).then_some(host)
    })
}

/// For each article (its outlet, its local readings): the home that the other articles of its
/// outlet give, or `None` (no outlet, too few readings, no dominant area).
pub fn outlet_homes(articles: &[(Option<&str>, Vec<Reading>)]) -> Vec<Option<OutletHome>> {
    outlet_homes_from(articles, 0)
}

/// [`outlet_homes`] of the articles from number `first` on, all of `articles` counting for
/// their outlets (a batch's homes given the stored articles, without the stored ones' homes).
pub fn outlet_homes_from(articles: &[(Option<&str>, Vec<Reading>)], first: usize) -> Vec<Option<OutletHome>> {
    let mut counters: BTreeMap<&str, HomeCounter> = BTreeMap::new();
    for (outlet, readings) in articles {
        if let Some(o) = outlet {
            counters.entry(o).or_default().add(readings, 1);
        }
    }
    articles[first.min(articles.len())..]
        .iter()
        .map(|(outlet, readings)| {
            let c = counters.get_mut((*outlet)?)?;
            c.add(readings, -1);
            let home = c.home();
            c.add(readings, 1);
            home
        })
        .collect()
}

/// One-degree cell of a reading.
type Cell = (i32, i32);

/// An outlet's local readings counted per one-degree cell, with the 3×3-cell blocks ranked by
/// the readings they hold, kept up to date as articles are counted in and out: taking one
/// article out and finding the densest block costs its readings, not the outlet's cells.
#[derive(Debug, Default, Clone)]
struct HomeCounter {
    cells: BTreeMap<Cell, CellSums>,
    /// Readings in the 3×3 block centred on each cell.
    blocks: BTreeMap<Cell, u32>,
    /// Blocks centred on a cell that holds readings, densest first, then in cell order.
    ranking: BTreeSet<(Reverse<u32>, Cell)>,
    readings: u32,
    articles: u32,
}

#[derive(Debug, Default, Clone)]
struct CellSums {
    n: u32,
    lat: i64,
    lon: i64,
    countries: BTreeMap<[u8; 2], u32>,
}

impl HomeCounter {
    /// Count one article's readings (`sign` 1), or take them back out (`sign` -1).
    fn add(&mut self, readings: &[Reading], sign: i32) {
        self.articles = self.articles.saturating_add_signed(sign);
        for &(lat, lon, cc) in readings {
            let cell = ((lat as f64 / MICRO).floor() as i32, (lon as f64 / MICRO).floor() as i32);
            let centres = neighbours(cell);
            for x in centres {
                self.unrank(x);
            }
            let c = self.cells.entry(cell).or_default();
            c.n = c.n.saturating_add_signed(sign);
            c.lat += sign as i64 * lat;
            c.lon += sign as i64 * lon;
            let k = c.countries.entry(cc).or_default();
            *k = k.saturating_add_signed(sign);
            self.readings = self.readings.saturating_add_signed(sign);
            for x in centres {
                let b = self.blocks.entry(x).or_default();
                *b = b.saturating_add_signed(sign);
                self.rank(x);
            }
        }
    }

    /// Whether the block centred on `x` competes: its centre cell holds readings.
    fn ranked(&self, x: Cell) -> Option<u32> {
        let centre = self.cells.get(&x).is_some_and(|c| c.n > 0);
        centre.then(|| self.blocks.get(&x).copied().unwrap_or(0))
    }

    fn unrank(&mut self, x: Cell) {
        if let Some(n) = self.ranked(x) {
            self.ranking.remove(&(Reverse(n), x));
        }
    }

    fn rank(&mut self, x: Cell) {
        if let Some(n) = self.ranked(x) {
            self.ranking.insert((Reverse(n), x));
        }
    }

    /// The mean point of the densest 3×3-cell block and its commonest country, when the block
    /// holds enough of the readings.
    fn home(&self) -> Option<OutletHome> {
        // The first densest block, in cell order: deterministic.
        let &(Reverse(n), (la, lo)) = self.ranking.first()?;
        if n < HOME_MIN_READINGS || (n as f64) < HOME_MIN_SHARE * self.readings as f64 {
            return None;
        }
        let (mut lat, mut lon) = (0i64, 0i64);
        let mut countries: BTreeMap<[u8; 2], u32> = BTreeMap::new();
        for c in self.block(la, lo) {
            lat += c.lat;
            lon += c.lon;
            for (cc, k) in &c.countries {
                *countries.entry(*cc).or_default() += k;
            }
        }
        // The commonest country; ties to the smaller code.
        let (cc, _) = countries.iter().fold(None::<(&[u8; 2], u32)>, |best, (cc, &k)| match best {
            Some((_, bk)) if bk >= k => best,
            _ => Some((cc, k)),
        })?;
        Some(OutletHome {
            lat: lat as f64 / n as f64 / MICRO,
            lon: lon as f64 / n as f64 / MICRO,
            country_code: String::from_utf8_lossy(cc).into_owned(),
            readings: n,
            articles: self.articles,
        })
    }

    fn block(&self, la: i32, lo: i32) -> impl Iterator<Item = &CellSums> {
        neighbours((la, lo)).into_iter().filter_map(|k| self.cells.get(&k))
    }
}

/// The 3×3 cells centred on `cell`: the block it centres, and the blocks it belongs to.
fn neighbours((la, lo): Cell) -> [Cell; 9] {
    let mut out = [(0, 0); 9];
    for (i, (dy, dx)) in (-1..=1).flat_map(|dy| (-1..=1).map(move |dx| (dy, dx))).enumerate() {
        out[i] = (la + dy, lo + dx);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwire_model::GeoPrecision;

    fn town(lat: f64, lon: f64, cc: &str) -> PlaceMention {
        PlaceMention {
            text: "x".into(),
            start: 0,
            end: 1,
            name: "x".into(),
            geonames_id: Some(1),
            lat: Some(lat),
            lon: Some(lon),
            country_code: Some(cc.into()),
            country: None,
            admin1: None,
            kind: "town".into(),
            precision: GeoPrecision::Exact,
            relative_to: None,
            confidence: 0.9,
        }
    }

    #[test]
    fn a_local_paper_has_a_home_from_its_other_articles() {
        // Three articles of an Ohio paper, two towns each near Columbus; one from a wire.
        let ohio = |d: f64| vec![town(40.0 + d, -83.0, "US"), town(39.9, -82.9 + d, "US")];
        let articles: Vec<(Option<&str>, Vec<Reading>)> = vec![
            (Some("local.example"), local_readings(&ohio(0.1))),
            (Some("local.example"), local_readings(&ohio(0.2))),
            (Some("local.example"), local_readings(&ohio(0.3))),
            (Some("wire.example"), local_readings(&[town(10.0, 10.0, "NG"), town(50.0, 30.0, "UA")])),
            (None, local_readings(&ohio(0.0))),
        ];
        let homes = outlet_homes(&articles);
        let h = homes[0].as_ref().expect("home from articles 1 and 2");
        assert_eq!((h.country_code.as_str(), h.readings, h.articles), ("US", 4, 2));
        assert!((h.lat - 40.0).abs() < 0.2 && (h.lon + 82.9).abs() < 0.2, "{h:?}");
        assert!(homes[3].is_none(), "readings spread over the world give no home");
        assert!(homes[4].is_none(), "no outlet, no home");
    }

    #[test]
    fn an_article_alone_gives_its_outlet_no_home() {
        // The only article of its outlet: its own readings must not confirm themselves.
        let t = |lat| town(lat, -83.0, "US");
        let articles = vec![(Some("one.example"), local_readings(&[t(40.0), t(40.1), t(40.2), t(40.3)]))];
        assert_eq!(outlet_homes(&articles), vec![None]);
    }

    #[test]
    fn articles_are_grouped_by_outlet_else_by_host() {
        assert_eq!(outlet_key(Some("Columbus Ledger"), Some("https://x.example/a")), Some("Columbus Ledger"));
        assert_eq!(outlet_key(Some("  "), Some("https://en.wikinews.org/wiki/A?b")), Some("en.wikinews.org"));
        assert_eq!(outlet_key(None, Some("news.example/story")), Some("news.example"));
        assert_eq!(outlet_key(None, Some("https:///x")), None);
        assert_eq!(outlet_key(None, None), None);
    }

    /// The densest block as a scan over every cell finds it (what the ranking keeps).
    fn densest_by_scan(c: &HomeCounter) -> Option<(u32, Cell)> {
        let mut best: Option<(u32, Cell)> = None;
        for (&(la, lo), cell) in &c.cells {
            let n: u32 = c.block(la, lo).map(|c| c.n).sum();
            if cell.n > 0 && best.is_none_or(|b| n > b.0) {
                best = Some((n, (la, lo)));
            }
        }
        best
    }

    #[test]
    fn the_ranking_finds_the_densest_block_as_a_scan_does() {
        // Readings clustered around a few points, counted in and out in a fixed pseudo-random order.
        let mut z = 7u64;
        let mut next = move |n: u64| {
            z = z.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (z >> 33) % n
        };
        let articles: Vec<Vec<Reading>> = (0..300)
            .map(|_| {
                (0..next(4))
                    .map(|_| {
                        let (clat, clon) = [(40, -83), (41, -82), (33, 44), (-10, 20)][next(4) as usize];
                        let lat = clat * 1_000_000 + next(3_000_000) as i64 - 1_500_000;
                        let lon = clon * 1_000_000 + next(3_000_000) as i64 - 1_500_000;
                        (lat, lon, if next(3) == 0 { *b"IQ" } else { *b"US" })
                    })
                    .collect()
            })
            .collect();
        let mut c = HomeCounter::default();
        for (i, a) in articles.iter().enumerate() {
            c.add(a, 1);
            assert_eq!(c.ranking.first().map(|&(Reverse(n), x)| (n, x)), densest_by_scan(&c));
            if i % 3 == 0 {
                let out = &articles[i / 2];
                c.add(out, -1);
                assert_eq!(c.ranking.first().map(|&(Reverse(n), x)| (n, x)), densest_by_scan(&c));
                c.add(out, 1);
            }
        }
        assert!(c.ranking.len() > 10, "the readings fill many blocks");
    }

    #[test]
    fn unsure_and_country_readings_do_not_count() {
        let mut unsure = town(40.0, -83.0, "US");
        unsure.confidence = 0.3;
        let mut country = town(39.8, -98.6, "US");
        country.kind = "country".into();
        assert!(local_readings(&[unsure, country]).is_empty());
    }
}
