//! Relative locations: "10 km east of X", "north of X", "near X", "the outskirts of X" are
//! placed from X; an unresolved place located from a resolved one ("Y, north of X") takes its
//! anchor's point, and one without takes the country and anchor of its sentence.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use super::words::{W_NEAR, W_VICINITY};
use eventwire_model::{GeoPrecision, PlaceMention};
use eventwire_text::{NearestInSentence, Segmented};
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

/// The country of an unresolved place: that of the nearest resolved town in its sentence
/// ("east of Lindau, … into the town of Marjaba"), else that of an earlier mention of the same
/// name, else the article's focus country (already set). When that nearest place is itself a
/// relative location ("South of Lindau, … retook Tal Jabir"), the place is near its anchor.
#[inline(never)] // one frame per phase in profiles
pub(super) fn localise_unresolved(seg: &Segmented, out: &mut [PlaceMention]) {
    // Name -> the first localised mention of it, which later mentions follow.
    let mut known: HashMap<String, PlaceMention> = HashMap::default();
    let localised = |p: &PlaceMention| {
        matches!(p.precision, GeoPrecision::Exact | GeoPrecision::Near) && p.country_code.is_some()
    };
    // Each mention's sentence, and the localised mentions by sentence (an unresolved one joins
    // them once it is localised).
    let sentence: Vec<Option<usize>> = out.iter().map(|p| seg.sentence_at(p.start)).collect();
    let mut index = NearestInSentence::new();
    for (j, p) in out.iter().enumerate() {
        if localised(p) {
            index.insert(sentence[j], p.start, j);
        }
    }
    for i in 0..out.len() {
        if out[i].precision != GeoPrecision::Unresolved {
            continue;
        }
        let nearest = index.nearest(sentence[i], out[i].start).map(|j| out[j].clone());
        let m = &mut out[i];
        match nearest {
            Some(anchor) => {
                if anchor.precision == GeoPrecision::Near && anchor.lat.is_some() {
                    m.lat = anchor.lat;
                    m.lon = anchor.lon;
                    m.admin1 = anchor.admin1.clone();
                    m.precision = GeoPrecision::Near;
                    m.relative_to = anchor.relative_to.clone().or_else(|| Some(anchor.name.clone()));
                    m.confidence = 0.4;
                }
                m.country_code = anchor.country_code;
                known.entry(m.name.clone()).or_insert_with(|| m.clone());
            }
            None => {
                if let Some(first) = known.get(&m.name) {
                    m.lat = first.lat;
                    m.lon = first.lon;
                    m.admin1 = first.admin1.clone();
                    m.precision = first.precision;
                    m.relative_to = first.relative_to.clone();
                    m.country_code = first.country_code.clone();
                    m.confidence = first.confidence;
                }
            }
        }
        if localised(&out[i]) {
            index.insert(sentence[i], out[i].start, i);
        }
    }
}
