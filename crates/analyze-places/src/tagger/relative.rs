//! Relative locations: "10 km east of X", "north of X", "near X", "the outskirts of X" are
//! placed from X; an unresolved place located from a resolved one ("Y, north of X") takes its
//! anchor's point, and one without takes the country and anchor of its sentence.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use super::words::{W_NEAR, W_VICINITY};
use eventwire_model::{GeoPrecision, PlaceMention};
use eventwire_text::Segmented;
use rustc_hash::FxHashMap as HashMap;

impl PlaceTagger {
    /// Mark relative locations: "10 km east of X", "north of X" (`directions.tsv`,
    /// `distance_units.tsv`), "the outskirts of X" (`vicinity_nouns.txt`), "near X"
    /// (`near_words.txt`); and an unresolved place right before "<direction> of X" ("Y, north
    /// of X") gets X as its anchor.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn relative(&self, toks: &[Tok], cands: &mut [Cand]) {
        for c in cands.iter_mut() {
            if c.score < ACCEPT || c.chosen.is_none() || c.t0 < 2 {
                continue;
            }
            let p1 = toks[c.t0 - 1].lower;
            let p2 = toks[c.t0 - 2].lower;
            if p1 == "of" {
                if let Some(bearing) = self.bearing(p2) {
                    let mut start = toks[c.t0 - 2].start;
                    let mut dist = None;
                    if c.t0 >= 4 {
                        let unit = toks[c.t0 - 3].lower;
                        if let Some(f) = self.g.lexicon.distance_units.get(unit) {
                            if let Ok(n) = toks[c.t0 - 4].lower.replace(',', "").parse::<f64>() {
                                dist = Some(n * f);
                                start = toks[c.t0 - 4].start;
                            }
                        }
                    }
                    c.relative = Some((start, dist, Some(bearing)));
                } else if self.words(p2).has(W_VICINITY) {
                    c.relative = Some((c.start, None, None));
                }
            } else if self.words(p1).has(W_NEAR) {
                c.relative = Some((c.start, None, None));
            }
        }
        // The first accepted, resolved candidate starting at each token (looked up per unknown
        // candidate: a scan each would be quadratic in the article's length).
        let mut resolved_at: HashMap<usize, usize> = HashMap::default();
        for (a, c) in cands.iter().enumerate() {
            if c.chosen.is_some() && c.score >= ACCEPT {
                resolved_at.entry(c.t0).or_insert(a);
            }
        }
        for c in cands.iter_mut() {
            if c.source != Source::Unknown || c.score < ACCEPT {
                continue;
            }
            let t1 = c.t1;
            let Some(&a) = resolved_at.get(&(t1 + 2)) else {
                continue;
            };
            if toks[t1 + 1].lower != "of" {
                continue;
            }
            if let Some(bearing) = self.bearing(toks[t1].lower) {
                c.anchor = Some((a, bearing));
            }
        }
    }
}

impl PlaceTagger {
    /// A town named as a region: before an administrative place-type word ("the Lindau
    /// countryside", "Lindau province"). It locates the places of its sentence in its region.
    pub(super) fn named_as_region(&self, text: &str, m: &PlaceMention) -> bool {
        if m.geonames_id.is_none() || m.precision != GeoPrecision::Exact || m.admin1.is_none() {
            return false;
        }
        let after = text[m.end..].trim_start_matches([' ', '-']);
        let word = &after[..after.find(|c: char| !c.is_alphabetic()).unwrap_or(after.len())];
        !word.is_empty() && self.place_type(self.words(&word.to_lowercase())).is_some_and(|k| k == "admin")
    }
}

/// How well an unresolved place is located: not yet, in a region, near a place.
fn located_rank(m: &PlaceMention) -> u8 {
    match m.precision {
        GeoPrecision::Near => 2,
        GeoPrecision::Region => 1,
        _ => 0,
    }
}

/// How a mention locates an unresolved place of its sentence.
#[derive(Clone, Copy, PartialEq)]
enum Locates {
    /// Near its anchor: the mention is a relative location.
    Near,
    /// Somewhere in its region (a province, or the region of a town the text qualifies as one:
    /// "the Lindau countryside").
    Region,
    /// In its country.
    Country,
}

/// What locates the place `sentence[at]`, which the gazetteer lacks, in its sentence: the
/// nearest relative location ("South of Lindau, … retook Tal Jabir": near Lindau), else the
/// nearest region with no town between them ("the village of Marjaba in the Westmark
/// countryside", "in Westmark province": in that region), else the nearest town (its country).
/// With `unresolved_too`, places the gazetteer lacks that are located already count as well
/// ("the villages of Dorvel and Marsk, around Marjaba": where Marjaba is). `regions[j]`: the
/// town `sentence[j]` is named as a region ("the Lindau countryside").
fn locator<'m>(
    sentence: &'m [PlaceMention],
    regions: &[bool],
    at: usize,
    unresolved_too: bool,
) -> Option<(&'m PlaceMention, Locates)> {
    let nearest = |ok: &dyn Fn(usize, &PlaceMention) -> bool| {
        sentence
            .iter()
            .enumerate()
            .filter(|(j, p)| *j != at && p.country_code.is_some() && p.lat.is_some() && ok(*j, p))
            // The fewest bytes between the spans ("Y near X, and Z": X locates Y).
            .min_by_key(|(_, p)| {
                let m = &sentence[at];
                if p.end <= m.start {
                    m.start - p.end
                } else {
                    p.start.saturating_sub(m.end)
                }
            })
    };
    let usable = |p: &PlaceMention| p.geonames_id.is_some() || unresolved_too;
    let town = |j: usize, p: &PlaceMention| {
        !regions[j] && matches!(p.precision, GeoPrecision::Exact | GeoPrecision::Near) && usable(p)
    };
    let nearest_town = nearest(&town);
    if let Some((_, t)) = nearest_town.filter(|(_, t)| t.precision == GeoPrecision::Near) {
        return Some((t, Locates::Near));
    }
    let region = nearest(&|j, p| {
        let region = regions[j]
            || p.precision == GeoPrecision::Region
                && p.admin1.is_some()
                && (matches!(p.kind.as_str(), "admin1" | "admin2")
                    || unresolved_too && p.geonames_id.is_none());
        let (lo, hi) = (j.min(at), j.max(at));
        region && !(lo + 1..hi).any(|q| town(q, &sentence[q]) && sentence[q].geonames_id.is_some())
    });
    region.map(|(_, p)| (p, Locates::Region)).or(nearest_town.map(|(_, t)| (t, Locates::Country)))
}

/// Locate the unresolved places of `out` (sorted by start) from their sentences (see
/// [`locator`]; `regions[i]`: the town `out[i]` is named as a region), the country of the
/// article's focus already set where nothing says more; every mention of a name then takes the
/// best location any of them found. Twice: the second round lets places the first located
/// locate their neighbours. Each place looks only at its own sentence's mentions.
#[inline(never)] // one frame per phase in profiles
pub(super) fn localise_unresolved(seg: &Segmented, out: &mut [PlaceMention], regions: &[bool]) {
    // Mentions are sorted by start: each sentence's are a run of `out`.
    let sentence_of: Vec<Option<usize>> = out.iter().map(|m| seg.sentence_at(m.start)).collect();
    for unresolved_too in [false, true] {
        let mut updates: Vec<(usize, PlaceMention)> = Vec::new();
        let mut from = 0;
        while from < out.len() {
            let to = from + sentence_of[from..].iter().take_while(|&&s| s == sentence_of[from]).count();
            let sentence = &out[from..to];
            for (k, m) in sentence.iter().enumerate() {
                if m.precision != GeoPrecision::Unresolved || sentence_of[from].is_none() {
                    continue;
                }
                if let Some(l) = locate(m, locator(sentence, &regions[from..to], k, unresolved_too)) {
                    updates.push((from + k, l));
                }
            }
            from = to;
        }
        for (i, m) in updates {
            out[i] = m;
        }
        share_best_location(out);
    }
}

/// `m` located by the mention that locates it ([`locator`]), or `None` when nothing changes.
fn locate(m: &PlaceMention, by: Option<(&PlaceMention, Locates)>) -> Option<PlaceMention> {
    let (a, how) = by?;
    let mut m = m.clone();
    m.country_code = a.country_code.clone();
    match how {
        Locates::Near => {
            m.precision = GeoPrecision::Near;
            m.relative_to = a.relative_to.clone().or_else(|| Some(a.name.clone()));
        }
        Locates::Region => {
            m.precision = GeoPrecision::Region;
            m.relative_to = None;
        }
        Locates::Country => return Some(m),
    }
    m.lat = a.lat;
    m.lon = a.lon;
    m.admin1 = a.admin1.clone();
    m.confidence = 0.4;
    Some(m)
}

/// Every unresolved mention of a name takes the best location a mention of it found (the first
/// of the best).
fn share_best_location(out: &mut [PlaceMention]) {
    let mut best: HashMap<&str, usize> = HashMap::default();
    for (i, m) in out.iter().enumerate().filter(|(_, m)| m.geonames_id.is_none() && m.lat.is_some()) {
        let e = best.entry(m.name.as_str()).or_insert(i);
        if located_rank(m) > located_rank(&out[*e]) {
            *e = i;
        }
    }
    let best: Vec<(usize, usize)> = out
        .iter()
        .enumerate()
        .filter(|(_, m)| m.geonames_id.is_none())
        .filter_map(|(i, m)| best.get(m.name.as_str()).map(|&b| (i, b)))
        .filter(|&(i, b)| located_rank(&out[i]) < located_rank(&out[b]) || out[i].lat.is_none())
        .collect();
    for (i, b) in best {
        let src = out[b].clone();
        let m = &mut out[i];
        m.lat = src.lat;
        m.lon = src.lon;
        m.admin1 = src.admin1;
        m.precision = src.precision;
        m.relative_to = src.relative_to;
        m.country_code = src.country_code;
        m.confidence = src.confidence;
    }
}
