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
        for k in 0..cands.len() {
            if cands[k].source != Source::Unknown || cands[k].score < ACCEPT {
                continue;
            }
            let t1 = cands[k].t1;
            let Some(a) =
                cands.iter().position(|c| c.t0 == t1 + 2 && c.chosen.is_some() && c.score >= ACCEPT)
            else {
                continue;
            };
            if toks[t1 + 1].lower != "of" {
                continue;
            }
            if let Some(bearing) = self.bearing(toks[t1].lower) {
                cands[k].anchor = Some((a, bearing));
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
    for i in 0..out.len() {
        if out[i].precision != GeoPrecision::Unresolved {
            continue;
        }
        let sentence = seg.sentence_at(out[i].start);
        let nearest = out
            .iter()
            .filter(|p| {
                matches!(p.precision, GeoPrecision::Exact | GeoPrecision::Near)
                    && p.country_code.is_some()
                    && seg.sentence_at(p.start) == sentence
            })
            .min_by_key(|p| p.start.abs_diff(out[i].start))
            .cloned();
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
    }
}
