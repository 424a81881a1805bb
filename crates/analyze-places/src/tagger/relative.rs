//! Relative locations: "10 km east of X", "north of X", "near X", "the outskirts of X" are
//! placed from X; an unresolved place located from a resolved one ("Y, north of X") takes its
//! anchor's point, and one without takes the country and anchor of its sentence.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use eventwire_model::{GeoPrecision, PlaceMention};
use eventwire_text::Segmented;
use rustc_hash::FxHashMap as HashMap;

/// Compass directions and their bearings in degrees.
pub(super) const DIRECTIONS: &[(&str, f64)] = &[
    ("north", 0.0),
    ("northeast", 45.0),
    ("north-east", 45.0),
    ("east", 90.0),
    ("southeast", 135.0),
    ("south-east", 135.0),
    ("south", 180.0),
    ("southwest", 225.0),
    ("south-west", 225.0),
    ("west", 270.0),
    ("northwest", 315.0),
    ("north-west", 315.0),
];

impl PlaceTagger {
    /// "10 km east of Mosul", "north of Raqa", "outskirts of Raqqa": mark relative locations.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn relative(&self, text: &str, toks: &[Tok], cands: &mut [Cand]) {
        for c in cands.iter_mut() {
            if c.score < ACCEPT || c.chosen.is_none() || c.t0 < 2 {
                continue;
            }
            let p1 = toks[c.t0 - 1].lower;
            let p2 = toks[c.t0 - 2].lower;
            if p1 == "of" {
                let dir = DIRECTIONS.iter().find(|d| d.0 == p2).map(|d| d.1);
                if let Some(bearing) = dir {
                    let mut start = toks[c.t0 - 2].start;
                    let mut dist = None;
                    if c.t0 >= 4 {
                        let unit = toks[c.t0 - 3].lower;
                        let factor = match unit {
                            "km" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => Some(1.0),
                            "miles" | "mile" | "mi" => Some(1.609),
                            _ => None,
                        };
                        if let Some(f) = factor {
                            if let Ok(n) = toks[c.t0 - 4].lower.replace(',', "").parse::<f64>() {
                                dist = Some(n * f);
                                start = toks[c.t0 - 4].start;
                            }
                        }
                    }
                    c.relative = Some((start, dist, Some(bearing)));
                } else if matches!(p2, "outskirts" | "edge" | "edges" | "vicinity" | "suburbs") {
                    c.relative = Some((c.start, None, None));
                }
            } else if matches!(p1, "near" | "outside" | "nearby") {
                c.relative = Some((c.start, None, None));
            }
            let _ = text;
        }
        // "Abu Ilaj north of Raqa": an unresolved place located near a resolved anchor.
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
            if let Some(d) = DIRECTIONS.iter().find(|d| d.0 == toks[t1].lower) {
                cands[k].anchor = Some((a, d.1));
            }
        }
    }
}

/// The country of an unresolved place: that of the nearest resolved town in its sentence
/// ("east of Mosul, … into the town of Bashiqa"), else that of an earlier mention of the same
/// name, else the article's focus country (already set). When that nearest place is itself a
/// relative location ("South of Mosul, … retook Hamam al-Alil"), the place is near its anchor.
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
