//! The article's focus constrains resolution. Reporters name small places of the countries
//! their story is about; a small place abroad is named only where the text also says where it
//! is (its country, its region, a city near it). So a minor reading (a town or village) in a
//! country that nothing else in the text concerns is a namesake, not the place meant: an
//! agency's acronym read as a town, a president's name in the possessive read as a village, a
//! village of the war read as its namesake across the world. The name then takes an exact
//! reading in a country the text concerns, or becomes an unresolved place inside the focus
//! area when the text puts it in a place slot ("shelling in Marjaba"), or no place at all.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use crate::gazetteer::{Entry, FeatureKind};
use eventwire_model::OutletHome;
use rustc_hash::FxHashMap as HashMap;

/// A town below this population is minor: known abroad only where the text says where it is.
const MINOR_POPULATION: u32 = 100_000;
/// A minor place abroad this close to another place the text names is a neighbour (across a
/// border, or a town beside another abroad), not a namesake.
const NEIGHBOUR_KM: f64 = 250.0;
/// `NEIGHBOUR_KM` in degrees of latitude (111.2 km each), rounded up.
const NEIGHBOUR_DEG: f64 = 2.3;

impl PlaceTagger {
    /// Whether reading `i` is a minor place (see the module's documentation). Countries,
    /// regions, capitals and cities are not.
    fn minor_reading(&self, i: u32) -> bool {
        let e = &self.g.entries[i as usize];
        e.kind == FeatureKind::Populated && e.pop < MINOR_POPULATION
    }

    /// The countries the text concerns, each with the name that first vouched for it and
    /// whether another name also does: the countries of the readings of its names that are no
    /// minor places (countries, demonyms, regions, capitals, cities: every such reading of an
    /// ambiguous name, as resolution may yet be wrong about it), and the outlet's home. A name
    /// never vouches for its own readings (see [`Concerned::by_other`]).
    fn concerned_countries<'c>(&self, cands: &'c [Cand], home: Option<&OutletHome>) -> Concerned<'c> {
        let mut by: Concerned = Concerned::default();
        for c in cands.iter().filter(|c| c.score >= ACCEPT && !c.weak && c.chosen.is_some()) {
            if c.source == Source::Skeleton {
                continue;
            }
            let n = if c.source == Source::Exact { c.n_exact.min(c.ids.len()) } else { c.ids.len() };
            for &i in &c.ids[..n] {
                let cc = self.g.entries[i as usize].cc;
                if cc[0] != 0 && !self.minor_reading(i) {
                    by.add(cc, Some(&c.key));
                }
            }
        }
        if let Some(cc) = self.ground_country(cands) {
            by.add(cc, None);
        }
        if !by.0.is_empty() {
            if let Some(&[a, b]) = home.map(|h| h.country_code.as_bytes()) {
                by.add([a, b], None);
            }
        }
        by
    }

    /// The country where most of the text's minor places were read, when two names or more
    /// lie there and no other country holds as many: the ground of a story that names its towns
    /// but not its country ("US warplanes struck Marjaba and Dorvel").
    fn ground_country(&self, cands: &[Cand]) -> Option<[u8; 2]> {
        let mut names: Vec<([u8; 2], &str)> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT && !c.weak && matches!(c.source, Source::Exact | Source::Skeleton))
            .filter_map(|c| c.chosen.map(|i| (self.g.entries[i as usize], &*c.key)))
            .filter(|(e, _)| e.kind == FeatureKind::Populated && e.cc[0] != 0)
            .map(|(e, key)| (e.cc, key))
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut best: Option<([u8; 2], usize)> = None;
        let mut tie = false;
        for chunk in names.chunk_by(|a, b| a.0 == b.0) {
            match best {
                Some((_, n)) if chunk.len() < n => {}
                Some((_, n)) if chunk.len() == n => tie = true,
                _ => {
                    best = Some((chunk[0].0, chunk.len()));
                    tie = false;
                }
            }
        }
        best.filter(|&(_, n)| n >= 2 && !tie).map(|(cc, _)| cc)
    }

    /// A possessive written without its apostrophe ("Westmarks army", "Lindaus mayor") is the
    /// place the text names without the "s", not a small namesake of the longer form: a minor
    /// reading of a name that is another accepted name plus "s" takes that name's reading
    /// when it is a country, a region or a city.
    fn read_bare_possessives(&self, cands: &mut [Cand]) {
        let mut major: HashMap<&str, u32> = HashMap::default();
        for c in cands.iter().filter(|c| c.score >= ACCEPT && !c.weak && c.source == Source::Exact) {
            if let Some(i) = c.chosen.filter(|&i| !self.minor_reading(i)) {
                major.entry(&*c.key).or_insert(i);
            }
        }
        if major.is_empty() {
            return;
        }
        let changes: Vec<(usize, u32)> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.score >= ACCEPT && c.source != Source::Demonym)
            .filter(|(_, c)| c.chosen.is_some_and(|i| self.minor_reading(i)))
            .filter_map(|(k, c)| {
                let stem = c.key.strip_suffix('s').filter(|s| s.len() >= 3)?;
                major.get(stem).map(|&i| (k, i))
            })
            .collect();
        for (k, i) in changes {
            cands[k].chosen = Some(i);
        }
    }

    /// The places (towns, regions) chosen in the text: (lat, lon, cos lat, id), by latitude.
    fn chosen_points(&self, cands: &[Cand]) -> Vec<(f64, f64, f64, u32)> {
        let mut points: Vec<(f64, f64, f64, u32)> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT && c.source != Source::Demonym)
            .filter_map(|c| c.chosen)
            .filter(|&i| self.g.entries[i as usize].kind <= FeatureKind::Admin1)
            .map(|i| {
                let e = &self.g.entries[i as usize];
                (e.lat as f64, e.lon as f64, (e.lat as f64).to_radians().cos(), i)
            })
            .collect();
        points.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.3.cmp(&b.3)));
        points.dedup_by_key(|p| p.3);
        points
    }

    /// Apply the focus to every accepted name whose chosen reading is a minor place in a country
    /// no other name of the text concerns, and far from every other place the text names: the
    /// most important exact reading in a concerned country replaces it; without one the name is
    /// unresolved where the text gives it a place's context, and no place otherwise.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn keep_minor_places_in_focus(&self, cands: &mut [Cand], home: Option<&OutletHome>) {
        self.read_bare_possessives(cands);
        let (concerned, points) = (self.concerned_countries(cands, home), self.chosen_points(cands));
        if concerned.0.is_empty() {
            return;
        }
        // Decided first, applied after: `concerned` borrows the names.
        let mut changes: Vec<(usize, Option<u32>)> = Vec::new();
        for (k, c) in
            cands.iter().enumerate().filter(|(_, c)| c.score >= ACCEPT && c.source != Source::Demonym)
        {
            let Some(i) = c.chosen else { continue };
            let e = &self.g.entries[i as usize];
            if concerned.by_other(e.cc, &c.key) || !self.minor_reading(i) || near_other(&points, i, e) {
                continue;
            }
            let n_exact = if c.source == Source::Exact { c.n_exact.min(c.ids.len()) } else { 0 };
            let in_focus = c.ids[..n_exact]
                .iter()
                .copied()
                .filter(|&j| {
                    let e = &self.g.entries[j as usize];
                    e.kind <= FeatureKind::Capital && concerned.by_other(e.cc, &c.key)
                })
                .max_by(|&a, &b| self.imp(a).total_cmp(&self.imp(b)).then(b.cmp(&a)));
            changes.push((k, in_focus));
        }
        drop(concerned);
        for (k, in_focus) in changes {
            let c = &mut cands[k];
            match in_focus {
                Some(j) => {
                    c.chosen = Some(j);
                    c.confidence *= 0.5;
                }
                None => {
                    c.slot |= c.place_context;
                    c.make_unknown();
                }
            }
        }
    }
}

/// Concerned countries: (country, the first name that vouches for it (`None`: the outlet's
/// home), whether another name does too). A few countries per text: a list.
#[derive(Default)]
struct Concerned<'c>(Vec<([u8; 2], Option<&'c str>, bool)>);

impl<'c> Concerned<'c> {
    fn add(&mut self, cc: [u8; 2], key: Option<&'c str>) {
        match self.0.iter_mut().find(|x| x.0 == cc) {
            Some(x) => x.2 |= x.1 != key,
            None => self.0.push((cc, key, false)),
        }
    }

    /// Whether a name other than `key` vouches for `cc`: a name's own readings do not make it
    /// plausible (a town named like the old name of a city abroad).
    fn by_other(&self, cc: [u8; 2], key: &str) -> bool {
        self.0.iter().any(|x| x.0 == cc && (x.2 || x.1 != Some(key)))
    }
}

/// Whether place `i` (entry `e`) lies within `NEIGHBOUR_KM` of another of `points` (sorted by
/// latitude: only the band of latitudes within reach is looked at): two places of a text near
/// each other vouch for each other ("Lindau and Marsk", towns of one county abroad).
/// Equirectangular distance: plenty at this range.
fn near_other(points: &[(f64, f64, f64, u32)], i: u32, e: &Entry) -> bool {
    let (lat, lon) = (e.lat as f64, e.lon as f64);
    let lo = points.partition_point(|p| p.0 < lat - NEIGHBOUR_DEG);
    points[lo..].iter().take_while(|p| p.0 <= lat + NEIGHBOUR_DEG).filter(|p| p.3 != i).any(|p| {
        let dy = (lat - p.0) * 111.2;
        let dx = (lon - p.1) * 111.2 * p.2;
        dx * dx + dy * dy < NEIGHBOUR_KM * NEIGHBOUR_KM
    })
}
