//! Resolution: which gazetteer record does each accepted mention name? Mentions of one name in
//! one setting form a group; every group's readings are scored by importance, kind, name form,
//! the text's focus countries, the regions and counties the other groups vote for, a container,
//! the outlet's home and nearby places, in three passes whose votes sharpen each other.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use super::tally::{tallied, tally};
use crate::distance::haversine_km;
use crate::gazetteer::FeatureKind;
use crate::normalize::norm_key_eq_buf;
use eventwire_model::OutletHome;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Score taken from a reading that bears the name only as a variant, when a reading ten times as
/// important bears it as its own name.
const VARIANT_NAME_PENALTY: f64 = 2.0;
/// Weight of the votes for a second-level division (on top of those for its admin1).
const A2_VOTE_WEIGHT: f64 = 1.5;
/// An outlet's home (`OutletHome`, see [`crate::home`]): the support of a reading in its
/// country, and of a local place within `HOME_KM` of it.
const HOME_COUNTRY_BONUS: f64 = 1.0;
const HOME_NEAR_BONUS: f64 = 2.0;
const HOME_KM: f64 = 200.0;

/// Mentions of the same name in the same setting, resolved once. A group's readings, type hint
/// and container are those of its first member; per-reading facts live in flat tables, the
/// group's at `off..off + len`.
struct Group {
    first: usize,
    n_members: usize,
    off: usize,
    weight: f64,
    rec_score: f64,
    /// Every member is a demonym (votes for countries only).
    demonym: bool,
    /// The most important reading whose own name is the text's.
    canonical_imp: f64,
}

/// Facts of every reading of every group, found once; dense indices of its country, admin1
/// and admin2 region for the vote tables.
#[derive(Default)]
struct Readings {
    /// The reading's own name is the text's.
    canonical: Vec<bool>,
    /// A province whose own city (or a city bigger than the province) is also a reading.
    province_of_city: Vec<bool>,
    /// A small place named after a first-level region elsewhere that is also a reading.
    namesake_of_region: Vec<bool>,
    /// A variant name in a country where another reading bears the name as its own.
    variant_beside_canonical: Vec<bool>,
    r_cc: Vec<u32>,
    r_a1: Vec<u32>,
    r_a2: Vec<u32>,
    /// Country index of each admin1 index.
    a1_cc: Vec<u32>,
    /// Focus weight of each country index (pass 0 reads it per reading).
    focus_of: Vec<f64>,
    n_a1: usize,
    n_a2: usize,
}

/// The votes of all groups in one pass.
struct Votes {
    a1: Vec<f64>,
    a2: Vec<f64>,
    cc: Vec<f64>,
    /// Admin1 votes summed per country.
    cc_a1: Vec<f64>,
    cc_total: f64,
}

/// One group's own share of the votes (left out when scoring its readings: repeating a name is
/// no evidence), summed once per group over a few distinct regions.
#[derive(Default)]
struct OwnVotes {
    a1: Vec<(u32, f64)>,
    a2: Vec<(u32, f64)>,
    cc: Vec<(u32, f64)>,
    /// This group's admin1 votes per country.
    a1_cc: Vec<(u32, f64)>,
}

/// What scoring one group's readings in one pass reads.
struct GroupContext<'c> {
    pass: usize,
    group: &'c Group,
    /// The group's first member.
    first: &'c Cand<'c>,
    /// The readings of the container that follows the first member ("Town, Region").
    container: &'c [u32],
    home: Option<&'c OutletHome>,
    home_cc: [u8; 2],
    /// The focus countries' total weight (at least 1).
    focus_total: f64,
    /// Towns chosen in the previous pass: (id, lat, lon, cos lat), by latitude.
    points: &'c [(u32, f64, f64, f64)],
}

impl PlaceTagger {
    /// Choose a reading (`chosen`, `confidence`) for every accepted candidate with readings.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn resolve(&self, cands: &mut [Cand], home: Option<&OutletHome>) {
        let home_cc: [u8; 2] = match home.map(|h| h.country_code.as_bytes()) {
            Some(&[a, b]) => [a, b],
            _ => [0, 0],
        };
        let focus = self.focus_countries(cands);
        let focus_total: f64 = focus.values().sum::<f64>().max(1.0);
        self.keep_respellings_in_focus(cands, &focus);
        let (mut groups, group_of, n_readings) = Self::group_mentions(cands);
        let cands_ro: &[Cand] = cands;
        let readings = self.reading_facts(cands_ro, &mut groups, n_readings, &focus);
        let mut probs: Vec<f64> = Vec::with_capacity(n_readings);
        for g in &groups {
            let n = cands_ro[g.first].ids.len();
            probs.extend(std::iter::repeat_n(1.0 / n as f64, n));
        }
        let max_ids = groups.iter().map(|g| cands_ro[g.first].ids.len()).max().unwrap_or(0);
        let mut chosen_of: Vec<(u32, f64)> = vec![(0, 0.0); groups.len()];
        let mut own = OwnVotes::default();
        let mut scored: Vec<(f64, u32)> = Vec::with_capacity(max_ids);
        let mut exps: Vec<f64> = Vec::with_capacity(max_ids);
        let mut points: Vec<(u32, f64, f64, f64)> = Vec::with_capacity(groups.len());
        for pass in 0..3 {
            let votes = self.votes(cands_ro, &groups, &readings, &probs);
            points.clear();
            if pass > 0 {
                self.chosen_towns(&groups, &chosen_of, &mut points);
            }
            for (gi, g) in groups.iter().enumerate() {
                let first = &cands_ro[g.first];
                let ctx = GroupContext {
                    pass,
                    group: g,
                    first,
                    container: first.container.map(|j| &cands_ro[j].ids[..]).unwrap_or(&[]),
                    home,
                    home_cc,
                    focus_total,
                    points: &points,
                };
                self.own_votes(&ctx, &readings, &probs, &mut own);
                scored.clear();
                scored.extend(
                    first
                        .ids
                        .iter()
                        .enumerate()
                        .map(|(rank, &i)| (self.reading_score(&ctx, rank, i, &readings, &votes, &own), i)),
                );
                // Softmax over the scores gives the next pass its votes.
                let mx = scored.iter().map(|x| x.0).fold(f64::MIN, f64::max);
                exps.clear();
                exps.extend(scored.iter().map(|x| (x.0 - mx).exp()));
                let z: f64 = exps.iter().sum();
                for (p, x) in probs[g.off..g.off + first.ids.len()].iter_mut().zip(&exps) {
                    *p = x / z;
                }
                chosen_of[gi] = best_reading(&scored, g.rec_score);
            }
        }
        for (c, &gi) in cands.iter_mut().zip(&group_of) {
            if gi != u32::MAX {
                c.chosen = Some(chosen_of[gi as usize].0);
                c.confidence = chosen_of[gi as usize].1;
            }
        }
    }

    /// Focus countries from unambiguous, non-skeleton evidence: country → weight.
    fn focus_countries(&self, cands: &[Cand]) -> BTreeMap<[u8; 2], f64> {
        let mut focus: BTreeMap<[u8; 2], f64> = BTreeMap::new();
        for c in
            cands.iter().filter(|c| c.score >= ACCEPT && !c.ids.is_empty() && c.source != Source::Skeleton)
        {
            let e0 = &self.g.entries[c.ids[0] as usize];
            let one_cc = c.ids.iter().all(|&i| self.g.entries[i as usize].cc == e0.cc);
            let w = match (c.source, e0.kind) {
                (Source::Demonym, _) => 1.0,
                (_, FeatureKind::Country) => 2.0,
                (_, FeatureKind::Admin1) => 1.5,
                _ => 1.0,
            };
            if one_cc {
                *focus.entry(e0.cc).or_default() += w;
            } else {
                let top = c
                    .ids
                    .iter()
                    .copied()
                    .max_by(|&a, &b| self.imp(a).total_cmp(&self.imp(b)))
                    .unwrap_or(c.ids[0]);
                *focus.entry(self.g.entries[top as usize].cc).or_default() += 0.3;
            }
        }
        focus
    }

    /// Skeleton-only matches must fall in a focus country.
    fn keep_respellings_in_focus(&self, cands: &mut [Cand], focus: &BTreeMap<[u8; 2], f64>) {
        for c in cands.iter_mut().filter(|c| c.source == Source::Skeleton) {
            // Without any country context only a well-known place may be a respelling.
            let no_focus = focus.is_empty();
            c.ids.retain(|&i| {
                if no_focus {
                    self.imp(i) >= 5.0
                } else {
                    focus.contains_key(&self.g.entries[i as usize].cc)
                }
            });
            if c.ids.is_empty() {
                c.make_unknown();
            }
        }
    }

    /// The groups of accepted candidates with readings (same key, type hint and container),
    /// the group of each candidate (`u32::MAX`: none), and the number of readings of all groups.
    fn group_mentions(cands: &[Cand]) -> (Vec<Group>, Vec<u32>, usize) {
        let mut groups: Vec<Group> = Vec::with_capacity(cands.len());
        let mut group_of: Vec<u32> = vec![u32::MAX; cands.len()];
        let mut n_readings = 0;
        let mut index: HashMap<(&str, Option<&str>, Option<u32>), usize> =
            HashMap::with_capacity_and_hasher(cands.len(), Default::default());
        for (k, c) in cands.iter().enumerate() {
            if c.ids.is_empty() || c.score < ACCEPT {
                continue;
            }
            let container_first = c.container.and_then(|j| cands[j].ids.first().copied());
            let gk = (&*c.key, c.type_hint.as_deref(), container_first);
            let gi = *index.entry(gk).or_insert_with(|| {
                groups.push(Group {
                    first: k,
                    n_members: 0,
                    off: n_readings,
                    weight: 0.0,
                    rec_score: 0.0,
                    demonym: true,
                    canonical_imp: 0.0,
                });
                n_readings += c.ids.len();
                groups.len() - 1
            });
            let g = &mut groups[gi];
            g.n_members += 1;
            g.weight += if c.source == Source::Demonym { 0.0 } else { 1.0 };
            g.rec_score = g.rec_score.max(c.score);
            g.demonym &= c.source == Source::Demonym;
            group_of[k] = gi as u32;
        }
        (groups, group_of, n_readings)
    }

    /// The facts of every reading of every group (and each group's `canonical_imp`).
    fn reading_facts(
        &self,
        cands: &[Cand],
        groups: &mut [Group],
        n_readings: usize,
        focus: &BTreeMap<[u8; 2], f64>,
    ) -> Readings {
        let mut rd = Readings {
            canonical: Vec::with_capacity(n_readings),
            province_of_city: Vec::with_capacity(n_readings),
            namesake_of_region: Vec::with_capacity(n_readings),
            variant_beside_canonical: Vec::with_capacity(n_readings),
            r_cc: Vec::with_capacity(n_readings),
            r_a1: Vec::with_capacity(n_readings),
            r_a2: Vec::with_capacity(n_readings),
            ..Readings::default()
        };
        let mut canonical_ccs: Vec<[u8; 2]> = Vec::new();
        let mut capital_ccs: Vec<[u8; 2]> = Vec::new();
        // Sized up front: no rehashing or regrowth while filling.
        let mut cc_ix: HashMap<[u8; 2], u32> =
            HashMap::with_capacity_and_hasher(n_readings, Default::default());
        let mut a1_ix: HashMap<u32, u32> = HashMap::with_capacity_and_hasher(n_readings, Default::default());
        let mut a2_ix: HashMap<u32, u32> = HashMap::with_capacity_and_hasher(n_readings, Default::default());
        let max_ids = groups.iter().map(|g| cands[g.first].ids.len()).max().unwrap_or(0);
        let mut city_a1: Vec<u32> = Vec::with_capacity(max_ids);
        let mut name_buf = String::new();
        for g in groups.iter_mut() {
            let ids = &cands[g.first].ids;
            let key = &cands[g.first].key;
            let from = rd.canonical.len();
            rd.canonical.extend(ids.iter().map(|&i| norm_key_eq_buf(self.g.name(i), key, &mut name_buf)));
            let canonical = &rd.canonical[from..];
            // A small place that bears the name only as an old or variant name (a village once
            // called after a big city) yields to the most important reading of that name.
            g.canonical_imp =
                ids.iter().zip(canonical).filter(|x| *x.1).map(|x| self.imp(*x.0)).fold(0.0, f64::max);
            city_a1.clear();
            city_a1.extend(
                ids.iter()
                    .map(|&j| &self.g.entries[j as usize])
                    .filter(|f| f.kind <= FeatureKind::Capital && f.pop >= 1000)
                    .map(|f| f.admin1),
            );
            let biggest_city = ids
                .iter()
                .map(|&j| &self.g.entries[j as usize])
                .filter(|f| f.kind <= FeatureKind::Capital)
                .map(|f| f.pop)
                .max()
                .unwrap_or(0);
            capital_ccs.clear();
            capital_ccs.extend(
                ids.iter()
                    .map(|&j| &self.g.entries[j as usize])
                    .filter(|c| c.kind == FeatureKind::Capital)
                    .map(|c| c.cc),
            );
            rd.province_of_city.extend(ids.iter().map(|&i| {
                let e = &self.g.entries[i as usize];
                matches!(e.kind, FeatureKind::Admin1 | FeatureKind::Admin2)
                    && (city_a1.contains(&e.admin1)
                        // A city of the name outnumbers the whole region elsewhere
                        // (the city, not another country's province of that name).
                        || e.kind == FeatureKind::Admin1 && e.pop > 0 && biggest_city >= e.pop
                        // The country's capital bears the name (the capital, not the region
                        // named like it).
                        || capital_ccs.contains(&e.cc))
            }));
            // A small place named after a first-level region elsewhere (a village "Norland"
            // in Westmark): the text means the region unless it says otherwise ("Norland,
            // Westmark"), so the place gets no support from its
            // neighbours. Without this a state named in a list of states is read as a
            // village in the one state the article mentions more.
            let region = ids
                .iter()
                .zip(canonical)
                .filter(|(&i, &c)| c && self.g.entries[i as usize].kind == FeatureKind::Admin1)
                .map(|(&i, _)| (self.g.entries[i as usize].admin1, self.imp(i)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            // A place that bears the name only as a variant, in a country where another place
            // bears it as its own name (a town once called "Marville" beside the Marville of
            // the same country): the country's own usage names the other place.
            // Countries with a canonical reading, found once per group (linear, not pairwise).
            canonical_ccs.clear();
            for (&i, _) in ids.iter().zip(canonical).filter(|x| *x.1) {
                let cc = self.g.entries[i as usize].cc;
                if !canonical_ccs.contains(&cc) {
                    canonical_ccs.push(cc);
                }
            }
            rd.variant_beside_canonical.extend(
                ids.iter()
                    .zip(&rd.canonical[from..])
                    .map(|(&i, &c)| !c && canonical_ccs.contains(&self.g.entries[i as usize].cc)),
            );
            rd.namesake_of_region.extend(ids.iter().map(|&i| {
                let e = &self.g.entries[i as usize];
                region.is_some_and(|(a1, imp)| {
                    e.kind <= FeatureKind::Capital && e.admin1 != a1 && self.imp(i) + 2.0 < imp
                })
            }));
            for &i in ids.iter() {
                let e = &self.g.entries[i as usize];
                let n = cc_ix.len() as u32;
                rd.r_cc.push(*cc_ix.entry(e.cc).or_insert(n));
                let n = a1_ix.len() as u32;
                let a1 = *a1_ix.entry(e.admin1).or_insert(n);
                if a1 == n {
                    rd.a1_cc.push(*rd.r_cc.last().expect("pushed above"));
                }
                rd.r_a1.push(a1);
                let n = a2_ix.len() as u32;
                rd.r_a2.push(*a2_ix.entry(e.admin2).or_insert(n));
            }
        }
        rd.focus_of = vec![0.0; cc_ix.len()];
        for (cc, &ix) in &cc_ix {
            rd.focus_of[ix as usize] = focus.get(cc).copied().unwrap_or(0.0);
        }
        (rd.n_a1, rd.n_a2) = (a1_ix.len(), a2_ix.len());
        rd
    }

    /// Soft votes of every group for admin1 and admin2 regions and countries (demonyms vote
    /// for countries only), from the readings' current probabilities.
    fn votes(&self, cands: &[Cand], groups: &[Group], rd: &Readings, probs: &[f64]) -> Votes {
        let mut v = Votes {
            a1: vec![0.0; rd.n_a1],
            a2: vec![0.0; rd.n_a2],
            cc: vec![0.0; rd.focus_of.len()],
            cc_a1: vec![0.0; rd.focus_of.len()],
            cc_total: 0.0,
        };
        for g in groups {
            let w = g.n_members as f64;
            for (j, &i) in cands[g.first].ids.iter().enumerate() {
                let r = g.off + j;
                v.cc[rd.r_cc[r] as usize] += w * probs[r];
                let e = &self.g.entries[i as usize];
                if !g.demonym && e.admin1 != 0 {
                    v.a1[rd.r_a1[r] as usize] += g.weight * probs[r];
                }
                if !g.demonym && e.admin2 != 0 {
                    v.a2[rd.r_a2[r] as usize] += g.weight * probs[r];
                }
            }
        }
        for (a1, x) in v.a1.iter().enumerate() {
            v.cc_a1[rd.a1_cc[a1] as usize] += x;
        }
        // Summed in order of first appearance (deterministic).
        v.cc_total = v.cc.iter().sum();
        v
    }

    /// The towns the previous pass chose, by latitude: each reading then looks only at the band
    /// within 300 km.
    fn chosen_towns(
        &self,
        groups: &[Group],
        chosen_of: &[(u32, f64)],
        points: &mut Vec<(u32, f64, f64, f64)>,
    ) {
        points.extend(
            groups
                .iter()
                .zip(chosen_of)
                .filter(|(g, _)| !g.demonym)
                .map(|(_, c)| c.0)
                .filter(|&i| self.g.entries[i as usize].kind < FeatureKind::Admin1)
                .map(|i| {
                    let e = &self.g.entries[i as usize];
                    (i, e.lat as f64, e.lon as f64, (e.lat as f64).to_radians().cos())
                }),
        );
        points.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        points.dedup_by_key(|p| p.0);
    }

    /// The group's own votes, into `own`.
    fn own_votes(&self, ctx: &GroupContext, rd: &Readings, probs: &[f64], own: &mut OwnVotes) {
        let g = ctx.group;
        let w = g.n_members as f64;
        own.a1.clear();
        own.a2.clear();
        own.cc.clear();
        for j in 0..ctx.first.ids.len() {
            let r = g.off + j;
            if !g.demonym {
                tally(&mut own.a1, rd.r_a1[r], g.weight * probs[r]);
                tally(&mut own.a2, rd.r_a2[r], g.weight * probs[r]);
            }
            tally(&mut own.cc, rd.r_cc[r], w * probs[r]);
        }
        own.a1_cc.clear();
        for &(a1, v) in own.a1.iter() {
            tally(&mut own.a1_cc, rd.a1_cc[a1 as usize], v);
        }
    }

    /// The score of reading `i`, the `rank`-th of its group (`r` in the flat tables).
    fn reading_score(
        &self,
        ctx: &GroupContext,
        rank: usize,
        i: u32,
        rd: &Readings,
        votes: &Votes,
        own: &OwnVotes,
    ) -> f64 {
        let g = ctx.group;
        let r = g.off + rank;
        let w = g.n_members as f64;
        let type_hint = ctx.first.type_hint.as_deref();
        let (hint_admin, hint_settlement) = (type_hint == Some("admin"), type_hint == Some("settlement"));
        let e = &self.g.entries[i as usize];
        let mut s = self.imp(i) * 0.6;
        s += match e.kind {
            FeatureKind::Country | FeatureKind::Continent | FeatureKind::WorldRegion => 3.0,
            FeatureKind::Admin1 | FeatureKind::Capital => 1.5,
            _ => 0.0,
        };
        if rank < ctx.first.n_exact {
            s += 1.0;
        }
        // A city rather than the province named after it, unless the text
        // says "province".
        if rd.province_of_city[r] && !hint_admin {
            s -= 2.5;
        }
        if rd.canonical[r] {
            s += 1.0;
        } else if self.imp(i) + 1.0 < g.canonical_imp || rd.variant_beside_canonical[r] {
            s -= VARIANT_NAME_PENALTY;
        }
        if ctx.pass == 0 {
            s += 4.0 * rd.focus_of[rd.r_cc[r] as usize] / ctx.focus_total;
        } else {
            let rest = votes.cc_total - w;
            let v = votes.cc[rd.r_cc[r] as usize] - tallied(&own.cc, rd.r_cc[r]);
            if rest > 0.0 {
                s += 4.0 * (v / rest).clamp(0.0, 1.0);
            }
        }
        if e.admin1 != 0 && !rd.namesake_of_region[r] {
            let v = votes.a1[rd.r_a1[r] as usize] - tallied(&own.a1, rd.r_a1[r]);
            // Scaled by the region's share of its country's votes: a state named
            // beside others (two states in national news) does not set the story
            // there, and so does not pull a big city's name to a village there.
            let cc = rd.r_cc[r];
            let own_in_cc = tallied(&own.a1_cc, cc);
            let rest = (votes.cc_a1[cc as usize] - own_in_cc).max(v).max(1e-9);
            s += 1.5 * v.clamp(0.0, 2.0) * (v / rest).clamp(0.0, 1.0);
        }
        // The county and its towns ("Varna" and "Hale County" in one state).
        if e.admin2 != 0 && !rd.namesake_of_region[r] {
            let v = votes.a2[rd.r_a2[r] as usize] - tallied(&own.a2, rd.r_a2[r]);
            s += A2_VOTE_WEIGHT * v.clamp(0.0, 2.0);
        }
        if ctx.container.iter().any(|&y| self.lies_in(i, y)) {
            s += 5.0;
        }
        if let Some(h) = ctx.home {
            if e.cc == ctx.home_cc {
                s += HOME_COUNTRY_BONUS;
            }
            if (e.kind == FeatureKind::Admin2 || e.kind < FeatureKind::Admin1)
                && haversine_km(h.lat, h.lon, e.lat as f64, e.lon as f64) <= HOME_KM
            {
                s += HOME_NEAR_BONUS;
            }
        }
        if hint_admin && matches!(e.kind, FeatureKind::Admin1 | FeatureKind::Admin2) {
            s += 3.0;
        } else if hint_settlement && e.kind <= FeatureKind::Capital {
            s += 2.0;
        }
        if ctx.pass > 0 && e.kind < FeatureKind::Admin1 && !rd.namesake_of_region[r] {
            // Equirectangular distance: plenty for "within 300 km".
            // 300 km is under 2.7° of latitude.
            let points = ctx.points;
            let (lat, lo) = (e.lat as f64, points.partition_point(|p| p.1 < e.lat as f64 - 2.7));
            let near = points[lo..]
                .iter()
                .take_while(|p| p.1 <= lat + 2.7)
                .filter(|p| {
                    let dy = (e.lat as f64 - p.1) * 111.2;
                    let dx = (e.lon as f64 - p.2) * 111.2 * p.3;
                    p.0 != i && dx * dx + dy * dy < 300.0 * 300.0
                })
                .take(2)
                .count();
            s += near.min(2) as f64;
        }
        s
    }

    /// A transliteration match far from every other place of the text is a different place
    /// that happens to sound alike: report the name as unresolved instead.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn check_skeletons(&self, cands: &mut [Cand]) {
        let points: Vec<(f64, f64)> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT && c.source == Source::Exact)
            .filter_map(|c| c.chosen)
            .filter(|&i| self.g.entries[i as usize].kind <= FeatureKind::Admin1)
            .map(|i| (self.g.entries[i as usize].lat as f64, self.g.entries[i as usize].lon as f64))
            .collect();
        if points.is_empty() {
            return;
        }
        for c in cands.iter_mut().filter(|c| c.source == Source::Skeleton && c.score >= ACCEPT) {
            let Some(i) = c.chosen else { continue };
            let e = &self.g.entries[i as usize];
            let near = points.iter().any(|p| haversine_km(e.lat as f64, e.lon as f64, p.0, p.1) < 400.0);
            if !near {
                c.make_unknown();
            }
        }
    }
}

/// The best of a group's scored readings (ties to the smaller id, for determinism) and its
/// confidence: the margin over the runner-up, scaled by the recognition score.
fn best_reading(scored: &[(f64, u32)], rec_score: f64) -> (u32, f64) {
    let mut best = scored[0];
    let mut second: Option<(f64, u32)> = None;
    for &x in &scored[1..] {
        if x.0 > best.0 || (x.0 == best.0 && x.1 < best.1) {
            second = Some(best);
            best = x;
        } else if second.is_none_or(|s| x.0 > s.0) {
            second = Some(x);
        }
    }
    let margin = second.map(|s| best.0 - s.0).unwrap_or(4.0);
    let conf = (1.0 / (1.0 + (-margin).exp())) * (0.5 + 0.5 * (rec_score / 6.0).min(1.0));
    (best.1, conf)
}
