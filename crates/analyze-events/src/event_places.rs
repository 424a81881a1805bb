//! Event places: which place mention locates an event, and how places compare.

use crate::article::Article;
use crate::coder::{Coder, CodingInput};
use crate::vocab;
use crate::words::Words;
use eventwire_model::{GeoPrecision, PlaceMention};
use std::collections::BTreeMap;

impl Coder {
    /// The country most of the article's places are in (the lead's count twice), else the one
    /// its text names most.
    pub(crate) fn main_country(&self, input: &CodingInput, places: &[&PlaceMention]) -> Option<String> {
        // Keys borrowed: one String for the winner only.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let lead_end = input.seg.sentences.get(1).map(|s| s.end).unwrap_or(usize::MAX);
        for p in places {
            if let Some(cc) = &p.country_code {
                let w = if p.start < lead_end { 2 } else { 1 };
                *counts.entry(cc.as_str()).or_default() += w;
            }
        }
        let named;
        if counts.is_empty() {
            named = self.lexicon.countries_named(input.text);
            for cc in &named {
                *counts.entry(cc.as_str()).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(c, _)| c.to_string())
    }
}

/// The event's place: the best-resolved place of the trigger's clause `[c0, c1)` (the first
/// after the trigger's end `trig_end`, else the last before it), else of its sentence
/// `[s0, s1)`.
pub(crate) fn event_place(
    a: &Article,
    (c0, c1): (usize, usize),
    (s0, s1): (usize, usize),
    trig_end: usize,
) -> Option<usize> {
    let (d, places, info) = (&a.d, &a.places, &a.place_info);
    let pick = |from: usize, to: usize| -> Option<usize> {
        let lo = info.partition_point(|(t, _)| *t < from);
        // (place, token) of the usable places in range; walked again rather than collected.
        let cands = || {
            info[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, (t, _))| *t < to)
                .filter(|(_, (_, ok))| *ok)
                .map(|(k, (t, _))| (lo + k, *t))
        };
        let best = cands().map(|(i, _)| place_rank(places[i])).min()?;
        let ok = |i: usize| place_rank(places[i]) == best;
        cands()
            .find(|(i, t)| *t >= trig_end && ok(*i))
            .or_else(|| cands().filter(|(i, _)| ok(*i)).last())
            .map(|(i, _)| i)
    };
    // "in the city's eastern districts": the city named last before the clause.
    let city = || {
        (c0..c1).any(|k| d.lower[k] == "city").then(|| {
            info.iter()
                .enumerate()
                .rfind(|(i, (t, ok))| *ok && places[*i].kind == "city" && *t >= s0 && *t < c0)
                .map(|(i, _)| i)
        })?
    };
    pick(c0, c1).or_else(city).or_else(|| pick(s0, s1))
}

/// "a town near X", "10 km east of X": the place only anchors the location.
pub(crate) fn is_near(words: &Words, text: &str, p: &PlaceMention) -> bool {
    if p.precision == GeoPrecision::Near {
        return !named_near(p);
    }
    let mut from = p.start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut buf = [0u8; 64];
    let before = vocab::lowered(text[from..p.start].trim_end(), &mut buf);
    words.place_anchors.iter().any(|w| before.ends_with(w.as_str()))
}

/// A place with a name of its own located near an anchor (a village near a city), as
/// opposed to the anchor phrase itself ("south of the city").
pub(crate) fn named_near(p: &PlaceMention) -> bool {
    p.precision == GeoPrecision::Near && p.relative_to.as_deref().is_some_and(|a| a != p.name)
}

/// 0 for a named place, 1 near one, 2 for a region, 3 for a country.
fn is_area_kind(kind: &str) -> bool {
    matches!(kind, "admin1" | "admin2" | "admin3" | "region" | "country" | "continent")
}

pub(crate) fn place_rank(p: &PlaceMention) -> u8 {
    match p.precision {
        GeoPrecision::Exact | GeoPrecision::Unresolved => 0,
        GeoPrecision::Near if named_near(p) => 0,
        GeoPrecision::Near => 1,
        // A village the gazetteer lacks, placed in its region from context, is still one
        // named place (two of them are two places, not one region).
        GeoPrecision::Region if p.geonames_id.is_none() && !is_area_kind(&p.kind) => 0,
        GeoPrecision::Region => 2,
        GeoPrecision::Country => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::place_rank;
    use eventwire_model::{GeoPrecision, PlaceMention};

    fn mention(kind: &str, precision: GeoPrecision, geonames_id: Option<u64>) -> PlaceMention {
        PlaceMention {
            text: "X".into(),
            start: 0,
            end: 1,
            name: "X".into(),
            geonames_id,
            lat: Some(36.5),
            lon: Some(40.7),
            country_code: Some("SY".into()),
            country: None,
            admin1: Some("Westmark".into()),
            kind: kind.into(),
            precision,
            relative_to: None,
            confidence: 0.4,
        }
    }

    #[test]
    fn a_village_placed_in_its_region_is_a_place_not_a_region() {
        assert_eq!(place_rank(&mention("village", GeoPrecision::Region, None)), 0);
        assert_eq!(place_rank(&mention("admin1", GeoPrecision::Region, Some(7))), 2);
        assert_eq!(place_rank(&mention("admin1", GeoPrecision::Region, None)), 2);
    }
}
