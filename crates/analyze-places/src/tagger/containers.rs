//! Containers and lists: "Town, Region" names the region that holds the town (or, when the
//! gazetteer knows no such town there, another town of that name in the region); a name listed
//! among regions of one country is a region too.

use super::candidate::{Cand, ACCEPT};
use super::place_tagger::PlaceTagger;
use super::tally::{tallied, tally};
use super::tokens::Tok;
use super::words::W_LIST_CONJUNCTION;
use crate::gazetteer::FeatureKind;
use crate::normalize::norm_key_eq;
use rustc_hash::FxHashMap as HashMap;

/// The importance from which a place is well known (a big city): see `gazetteer::importance`.
const WELL_KNOWN: f64 = 5.0;

impl PlaceTagger {
    /// "Dorvel, Westmark": link a mention to a following comma-separated container.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn link_containers(&self, toks: &[Tok], cands: &mut [Cand]) {
        // `y` follows `x` after one token, `word` ("Dorvel, Westmark").
        let joined = |x: &Cand, y: &Cand, word: &str| y.t0 == x.t1 + 1 && toks[x.t1].lower == word;
        // `y` follows `x` after a list conjunction ("and", "or").
        let conjoined =
            |x: &Cand, y: &Cand| y.t0 == x.t1 + 1 && self.words(toks[x.t1].lower).has(W_LIST_CONJUNCTION);
        // Candidate `k` heads a list ("Dorvel, Marsk and Lindau"), not "Town, Region, Country".
        let in_list_of_places = |cands: &[Cand], k: usize| {
            let (a, b) = (&cands[k], &cands[k + 1]);
            (k > 0 && joined(&cands[k - 1], a, ","))
                || cands.get(k + 2).is_some_and(|c| {
                    conjoined(b, c)
                        || (joined(b, c, ",")
                            && !b.ids.iter().any(|&x| c.ids.iter().any(|&y| self.within(x, y))))
                })
        };
        // "Karam district in Lindau", "Tal Sabra village in Westmark": a place-type word between.
        let typed_in = |x: &Cand, y: &Cand| {
            y.t0 == x.t1 + 2
                && self.words(toks[x.t1].lower).place_type.is_some()
                && toks[x.t1 + 1].lower == "in"
        };
        for k in 0..cands.len().saturating_sub(1) {
            let (a, b) = (&cands[k], &cands[k + 1]);
            if joined(a, b, ",") && !b.ids.is_empty() {
                // "Norland, Westmark, Sudria and Ostland": in a list of regions, a
                // name that is itself a region is the next item, not a place inside the next.
                let in_list = (k > 0 && joined(&cands[k - 1], a, ","))
                    || cands.get(k + 2).is_some_and(|c| joined(b, c, ",") || conjoined(b, c));
                if in_list && self.own_name_readings(a, FeatureKind::Admin1).next().is_some() {
                    continue;
                }
                let contains = a.ids.iter().any(|&x| b.ids.iter().any(|&y| self.within(x, y)));
                let elsewhere = !contains
                    && a.score >= ACCEPT
                    && !a.veto
                    && !a.ids.is_empty()
                    && !self.names_region(a)
                    // A region smaller than the place is not its container: "Big City, Small
                    // Island, State" lists places, even where another country has a Small Island.
                    && self.region_importance(b) > a.ids.iter().map(|&i| self.imp(i)).fold(0.0, f64::max)
                    && !in_list_of_places(cands, k);
                if contains {
                    cands[k].container = Some(k + 1);
                    cands[k].score = cands[k].score.max(ACCEPT);
                    cands[k + 1].score = cands[k + 1].score.max(ACCEPT);
                } else if elsewhere {
                    // "Dorvel, Westmark": none of the Dorvels the gazetteer knows is in Westmark,
                    // so this is another one, somewhere in Westmark.
                    cands[k].make_unknown();
                    cands[k].in_region = Some(k + 1);
                    cands[k].score = ACCEPT;
                    cands[k + 1].score = cands[k + 1].score.max(ACCEPT);
                }
            } else if (joined(a, b, "in") || typed_in(a, b))
                && !b.ids.is_empty()
                && a.score >= ACCEPT
                && b.score >= ACCEPT
            {
                self.link_place_in(k, cands);
            }
        }
        Self::carry_containers(cands);
    }

    /// One name, one place: another mention of a name the text has put in a region ("the
    /// town of Tal Sabra in Westmark ... fighting in Tal Sabra") is read in that region too,
    /// whether the gazetteer knows a reading there or not.
    fn carry_containers(cands: &mut [Cand]) {
        // Key → first mention placed by a container (no string copied).
        let mut placed: HashMap<&str, usize> = HashMap::default();
        for (k, c) in cands.iter().enumerate() {
            if c.container.is_some() || c.in_region.is_some() {
                placed.entry(&*c.key).or_insert(k);
            }
        }
        if placed.is_empty() {
            return;
        }
        let updates: Vec<(usize, usize)> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.container.is_none() && c.in_region.is_none() && c.score >= ACCEPT && !c.veto)
            .filter_map(|(j, c)| placed.get(&*c.key).map(|&k| (j, k)))
            .collect();
        drop(placed);
        for (j, k) in updates {
            if let Some(region) = cands[k].in_region {
                cands[j].make_unknown();
                cands[j].in_region = Some(region);
                cands[j].score = ACCEPT;
            } else {
                cands[j].container = cands[k].container;
            }
        }
    }

    /// "Tal Sabra in Westmark", "the Karam district in Lindau": the place after "in" holds the
    /// one before. A reading inside it wins; when the gazetteer knows none inside a region
    /// named so, the place is another one of that name somewhere in that region.
    fn link_place_in(&self, k: usize, cands: &mut [Cand]) {
        let (a, b) = (&cands[k], &cands[k + 1]);
        if self.names_region(a) || a.veto || a.ids.is_empty() {
            return;
        }
        let inside = a.ids.iter().any(|&x| b.ids.iter().any(|&y| self.lies_in(x, y)));
        // Whatever the importance of the namesakes elsewhere: the text puts this one there.
        let regions: Vec<u32> = b
            .ids
            .iter()
            .copied()
            .filter(|&y| {
                matches!(self.g.entries[y as usize].kind, FeatureKind::Admin1 | FeatureKind::Country)
            })
            .collect();
        let cc = |i: u32| self.g.entries[i as usize].cc;
        // A namesake in another country is not the place the text puts in this region; in the
        // same country, only a minor place (a big city is not renamed by its neighbour's name).
        let abroad = a.ids.iter().all(|&x| regions.iter().all(|&y| cc(x) != cc(y)));
        let region_imp = regions.iter().map(|&y| self.imp(y)).fold(0.0, f64::max);
        let minor = a.ids.iter().all(|&x| self.imp(x) < region_imp.min(WELL_KNOWN));
        let elsewhere = !inside && !regions.is_empty() && (abroad || minor);
        if inside {
            cands[k].container = Some(k + 1);
        } else if elsewhere {
            cands[k].make_unknown();
            cands[k].in_region = Some(k + 1);
            cands[k].score = ACCEPT;
        }
    }

    /// "Norland, Westmark, Sudria and Varsa": a name listed among at least two first-level
    /// regions of one country is that country's region too if it names one, as if the text
    /// said "state" (the region Varsa, not the capital of that name; a province, not the town
    /// that shares its name).
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn hint_listed_regions(&self, toks: &[Tok], cands: &mut [Cand]) {
        // `y` follows `x` across list separators only (commas and conjunctions, as in ", and").
        let listed = |x: &Cand, y: &Cand| {
            y.t0 > x.t1
                && y.t0 - x.t1 <= 2
                && toks[x.t1..y.t0]
                    .iter()
                    .all(|t| t.lower == "," || self.words(t.lower).has(W_LIST_CONJUNCTION))
        };
        // Country of the region the candidate names by its own name, if any.
        let region_cc = |c: &Cand| -> Option<[u8; 2]> {
            self.own_name_readings(c, FeatureKind::Admin1).next().map(|i| self.g.entries[i as usize].cc)
        };
        let mut k = 0;
        while k < cands.len() {
            let mut end = k + 1;
            while end < cands.len() && listed(&cands[end - 1], &cands[end]) {
                end += 1;
            }
            if end - k >= 3 {
                let ccs: Vec<Option<[u8; 2]>> = cands[k..end].iter().map(region_cc).collect();
                // Regions named per country (a list spans one or two countries).
                let mut per_cc: Vec<([u8; 2], usize)> = Vec::new();
                for &cc in ccs.iter().flatten() {
                    tally(&mut per_cc, cc, 1);
                }
                for (c, cc) in cands[k..end].iter_mut().zip(&ccs) {
                    let Some(cc) = cc else { continue };
                    let others = tallied(&per_cc, *cc).saturating_sub(1);
                    if others >= 2 && c.type_hint.is_none() {
                        c.type_hint = Some("admin".to_string());
                    }
                }
            }
            k = end;
        }
    }

    /// The candidate's readings of `kind` that bear the text's name as their own.
    fn own_name_readings<'c>(&'c self, c: &'c Cand, kind: FeatureKind) -> impl Iterator<Item = u32> + 'c {
        c.ids
            .iter()
            .copied()
            .filter(move |&i| self.g.entries[i as usize].kind == kind && norm_key_eq(self.g.name(i), &c.key))
    }

    /// True when one of the candidate's readings is a country or first-level region bearing
    /// the text's name as its own.
    fn names_region(&self, c: &Cand) -> bool {
        self.region_importance(c) > 0.0
    }

    /// The importance of the most important country or first-level region bearing the
    /// candidate's name as its own; 0 when none does.
    fn region_importance(&self, c: &Cand) -> f64 {
        self.own_name_readings(c, FeatureKind::Country)
            .chain(self.own_name_readings(c, FeatureKind::Admin1))
            .map(|i| self.imp(i))
            .fold(0.0, f64::max)
    }
}
