//! Output: a place mention per accepted candidate, with its reading's name, point, country,
//! region, kind and precision; unresolved places with what the text says of them.

use super::candidate::{Cand, Source, ACCEPT};
use super::place_tagger::PlaceTagger;
use crate::gazetteer::FeatureKind;
use eventwire_model::{GeoPrecision, PlaceMention};
use std::collections::BTreeMap;

impl PlaceTagger {
    /// The country of most accepted readings, for unresolved places without an anchor.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn focus_country(&self, cands: &[Cand]) -> Option<String> {
        let mut w: BTreeMap<[u8; 2], f64> = BTreeMap::new();
        for c in cands.iter().filter(|c| c.score >= ACCEPT) {
            if let Some(i) = c.chosen {
                *w.entry(self.g.entries[i as usize].cc).or_default() += 1.0;
            }
        }
        w.into_iter()
            .filter(|(cc, _)| cc[0] != 0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(cc, _)| String::from_utf8_lossy(&cc).to_string())
    }

    /// The mention of candidate `c` (of `all`), if it is reported.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn mention(
        &self,
        text: &str,
        c: &Cand,
        all: &[Cand],
        focus: Option<&str>,
    ) -> Option<PlaceMention> {
        let Some(i) = c.chosen else {
            return self.unresolved_mention(text, c, all, focus);
        };
        let e = &self.g.entries[i as usize];
        let (kind, mut precision) = if c.source == Source::Demonym {
            ("demonym", GeoPrecision::Country)
        } else {
            match e.kind {
                FeatureKind::Continent => ("continent", GeoPrecision::Region),
                FeatureKind::WorldRegion => ("world_region", GeoPrecision::Region),
                FeatureKind::Country => ("country", GeoPrecision::Country),
                FeatureKind::Admin1 => ("admin1", GeoPrecision::Region),
                FeatureKind::Admin2 => ("admin2", GeoPrecision::Region),
                FeatureKind::Capital => ("city", GeoPrecision::Exact),
                FeatureKind::Populated if e.pop >= 100_000 => ("city", GeoPrecision::Exact),
                FeatureKind::Populated if e.pop >= 10_000 => ("town", GeoPrecision::Exact),
                FeatureKind::Populated => ("village", GeoPrecision::Exact),
            }
        };
        let (mut lat, mut lon) = (e.lat as f64, e.lon as f64);
        let mut start = c.start;
        let mut relative_to = None;
        if let Some((rs, dist, bearing)) = c.relative {
            if e.kind <= FeatureKind::Capital {
                precision = GeoPrecision::Near;
                relative_to = Some(self.g.name(i).to_string());
                start = rs;
                if let (Some(d), Some(b)) = (dist, bearing) {
                    if d <= 300.0 {
                        let br = b.to_radians();
                        lat += d * br.cos() / 111.0;
                        lon += d * br.sin() / (111.0 * lat.to_radians().cos().max(0.1));
                    }
                }
            }
        }
        let admin1 = self
            .admin1_place
            .get(&e.admin1)
            .filter(|_| e.kind < FeatureKind::Admin1)
            .map(|&a| self.g.name(a).to_string());
        Some(PlaceMention {
            text: text[start..c.end].to_string(),
            start,
            end: c.end,
            name: self.g.name(i).to_string(),
            // World regions are eventwire's own records, not GeoNames features.
            geonames_id: (e.kind != FeatureKind::WorldRegion).then_some(e.id as u64),
            lat: Some((lat * 1e5).round() / 1e5),
            lon: Some((lon * 1e5).round() / 1e5),
            country_code: Some(self.g.country_code(i)).filter(|cc| !cc.is_empty()),
            country: None,
            admin1: admin1.or_else(|| (e.kind == FeatureKind::Admin1).then(|| self.g.name(i).to_string())),
            kind: kind.to_string(),
            precision,
            relative_to,
            confidence: (c.confidence as f32 * 100.0).round() / 100.0,
        })
    }

    /// The mention of candidate `c` without a reading: a name the gazetteer lacks.
    fn unresolved_mention(
        &self,
        text: &str,
        c: &Cand,
        all: &[Cand],
        focus: Option<&str>,
    ) -> Option<PlaceMention> {
        if c.source != Source::Unknown {
            return None;
        }
        let surface = &text[c.start..c.end];
        // The kind its slot's place-type word reports (`place_types.txt`: "the villages of X").
        let reported = c.unknown_kind.as_deref().and_then(|w| self.g.lexicon.unresolved_kinds.get(w));
        let kind = match reported {
            Some(k) => k.as_str(),
            None if c.type_hint.as_deref() == Some("admin") => "region",
            None => "unknown",
        };
        // Placed by another mention's reading: somewhere in the region that follows it
        // ("Dorvel, Westmark"), or near its anchor ("Tal Jabir, north of Lindau"). It takes that
        // reading's point and country, and no id of its own.
        // A town read where a region was named ("W in Raqqa" resolved to the city): the
        // town's region.
        let in_region = c
            .in_region
            .and_then(|j| all[j].chosen)
            .and_then(|r| match self.g.entries[r as usize].kind {
                FeatureKind::Populated | FeatureKind::Capital => {
                    self.admin1_place.get(&self.g.entries[r as usize].admin1).copied()
                }
                _ => Some(r),
            })
            .filter(|&r| {
                matches!(self.g.entries[r as usize].kind, FeatureKind::Country | FeatureKind::Admin1)
            });
        let placed = match (in_region, c.anchor.and_then(|(a, _)| all[a].chosen)) {
            (Some(r), _) => {
                let region = self.g.entries[r as usize].kind == FeatureKind::Admin1;
                let precision = if region { GeoPrecision::Region } else { GeoPrecision::Country };
                Some((r, precision, region.then(|| self.g.name(r).to_string()), None))
            }
            (None, Some(a)) => Some((a, GeoPrecision::Near, None, Some(self.g.name(a).to_string()))),
            (None, None) => None,
        };
        if let Some((r, precision, admin1, relative_to)) = placed {
            let er = &self.g.entries[r as usize];
            let cc = self.g.country_code(r);
            return Some(PlaceMention {
                text: surface.to_string(),
                start: c.start,
                end: c.end,
                name: surface.to_string(),
                geonames_id: None,
                lat: Some((er.lat as f64 * 1e5).round() / 1e5),
                lon: Some((er.lon as f64 * 1e5).round() / 1e5),
                country_code: (!cc.is_empty()).then_some(cc),
                country: None,
                admin1,
                kind: kind.to_string(),
                precision,
                relative_to,
                confidence: 0.4,
            });
        }
        Some(PlaceMention {
            text: surface.to_string(),
            start: c.start,
            end: c.end,
            name: surface.to_string(),
            geonames_id: None,
            lat: None,
            lon: None,
            country_code: focus.map(str::to_string),
            country: None,
            admin1: None,
            kind: kind.to_string(),
            precision: GeoPrecision::Unresolved,
            relative_to: None,
            confidence: 0.3,
        })
    }

    /// "Kafr al-Marjaba": a name followed by an Arabic-article continuation ("al-Marjaba", "el-Harun")
    /// is a longer name. When the gazetteer matched only its first part, the mention covers the
    /// whole name and is unresolved: the first part alone names another place.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn extend_article_names(&self, text: &str, out: &mut [PlaceMention]) {
        for m in out.iter_mut().filter(|m| m.geonames_id.is_some() && m.kind != "demonym") {
            let rest = &text[m.end..];
            let Some(after) = rest.strip_prefix(' ') else { continue };
            // A lower-case article ("al-", not "Al-", which starts a name of its own).
            let Some(art) = self
                .article_prefix_len(after)
                .filter(|&n| !after[..n].bytes().any(|b| b.is_ascii_uppercase()))
            else {
                continue;
            };
            let tail = &after[art..];
            if !tail.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let word =
                tail.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(tail.len());
            let end = m.end + 1 + art + word;
            m.end = end;
            m.text = text[m.start..end].to_string();
            m.name = m.text.clone();
            m.geonames_id = None;
            m.lat = None;
            m.lon = None;
            m.admin1 = None;
            m.kind = "unknown".into();
            m.precision = GeoPrecision::Unresolved;
            m.relative_to = None;
            m.confidence = 0.3;
        }
    }
}
