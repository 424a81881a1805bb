//! Geoparsing evaluation on LGL / GeoVirus-style XML: recognition P/R/F1 by span overlap,
//! accuracy within 161 km on recognised toponyms, end-to-end accuracy and the AUC of the
//! error distance (Gritta et al., "A pragmatic guide to geoparsing evaluation").

use crate::distance::haversine_km;
use crate::tagger::PlaceTagger;

/// Half the Earth's circumference: the largest possible error, in km.
pub const MAX_ERROR_KM: f64 = 20_039.0;

/// A gold toponym: character offsets into the article text, coordinates when given.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// An evaluation article.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
    /// The outlet: LGL's `<domain>`, or the host of GeoVirus' `<source>` URL.
    pub outlet: Option<String>,
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&j| j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Content of the first `<tag>…</tag>` in `s` (CDATA unwrapped, entities decoded).
fn element(s: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut from = 0;
    loop {
        let i = from + s[from..].find(&open)?;
        let after = &s[i + open.len()..];
        // "<text>" but not "<textual>".
        if !after.starts_with('>') && !after.starts_with(' ') && !after.starts_with('/') {
            from = i + open.len();
            continue;
        }
        let gt = i + open.len() + after.find('>')?;
        if s[..gt].ends_with('/') {
            return Some(String::new());
        }
        let body_start = gt + 1;
        let j = body_start + s[body_start..].find(&close)?;
        let body = &s[body_start..j];
        let t = body.trim_start();
        if let Some(rest) = t.strip_prefix("<![CDATA[") {
            return Some(rest.rsplit_once("]]>").map(|(a, _)| a).unwrap_or(rest).to_string());
        }
        return Some(unescape(body));
    }
}

/// All `<tag>…</tag>` blocks of `s`, raw.
fn blocks<'a>(s: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let open2 = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < s.len() {
        let a = s[pos..].find(&open).map(|i| i + pos);
        let b = s[pos..].find(&open2).map(|i| i + pos);
        let Some(i) = [a, b].into_iter().flatten().min() else { break };
        let Some(j) = s[i..].find(&close).map(|j| j + i) else { break };
        out.push(&s[i..j + close.len()]);
        pos = j + close.len();
    }
    out
}

/// Parse an LGL (`<toponym>` with `<gaztag>`) or GeoVirus (`<location>`) XML file.
pub fn parse_xml(xml: &str) -> Vec<GoldDoc> {
    let mut docs = Vec::new();
    for art in blocks(xml, "article") {
        let Some(text) = element(art, "text") else { continue };
        let mut toponyms = Vec::new();
        let items: Vec<&str> =
            if art.contains("<toponym>") { blocks(art, "toponym") } else { blocks(art, "location") };
        for t in items {
            let (Some(start), Some(end)) = (
                element(t, "start").and_then(|s| s.trim().parse().ok()),
                element(t, "end").and_then(|s| s.trim().parse().ok()),
            ) else {
                continue;
            };
            if end <= start {
                continue;
            }
            let name = element(t, "phrase").or_else(|| element(t, "name")).unwrap_or_default();
            let lat = element(t, "lat").and_then(|s| s.trim().parse().ok());
            let lon = element(t, "lon").and_then(|s| s.trim().parse().ok());
            toponyms.push(GoldToponym { start, end, name, lat, lon });
        }
        let (domain, source) = (element(art, "domain"), element(art, "source"));
        // Grouped as the product groups articles (`home::outlet_key`).
        let outlet = crate::home::outlet_key(domain.as_deref(), source.as_deref()).map(str::to_string);
        docs.push(GoldDoc { text, toponyms, outlet });
    }
    docs
}

/// Totals of an evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoScores {
    pub docs: usize,
    pub gold: usize,
    pub predicted: usize,
    pub true_positives: usize,
    /// Error distances (km) of recognised gold toponyms that have coordinates.
    pub errors_km: Vec<f64>,
    /// Gold toponyms with coordinates.
    pub gold_with_coords: usize,
    /// Error distances of the recognised toponyms that eventwire resolved below country level
    /// (not a country, continent or demonym): how well it places towns and regions, apart from
    /// which representative point each data set uses for whole countries.
    pub errors_km_local: Vec<f64>,
}

impl GeoScores {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Share of recognised toponyms resolved within 161 km (100 miles).
    pub fn acc161(&self) -> f64 {
        ratio(self.errors_km.iter().filter(|&&d| d <= 161.0).count(), self.errors_km.len())
    }
    /// Share of all gold toponyms (with coordinates) both recognised and resolved within 161 km.
    pub fn end_to_end_acc161(&self) -> f64 {
        ratio(self.errors_km.iter().filter(|&&d| d <= 161.0).count(), self.gold_with_coords)
    }
    /// Accuracy within 161 km on toponyms resolved below country level.
    pub fn acc161_local(&self) -> f64 {
        ratio(self.errors_km_local.iter().filter(|&&d| d <= 161.0).count(), self.errors_km_local.len())
    }
    /// Area under the curve of normalised log error distances (0 best, 1 worst).
    pub fn auc(&self) -> f64 {
        if self.errors_km.is_empty() {
            return 0.0;
        }
        let norm = (MAX_ERROR_KM + 1.0).ln();
        self.errors_km.iter().map(|d| (d + 1.0).ln() / norm).sum::<f64>() / self.errors_km.len() as f64
    }
    /// Median error distance in km.
    pub fn median_km(&self) -> f64 {
        let mut v = self.errors_km.clone();
        if v.is_empty() {
            return 0.0;
        }
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One error for analysis.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoError {
    Missed {
        doc: usize,
        name: String,
    },
    Spurious {
        doc: usize,
        text: String,
        resolved: String,
    },
    /// `resolved` names the place, its country, kind and point; `gold` is the gold point.
    Far {
        doc: usize,
        name: String,
        resolved: String,
        gold: (f64, f64),
        km: f64,
    },
}

/// Tag every document and score it against the gold toponyms; with `outlet_homes`, each
/// article leans toward the home its outlet's other articles give (see [`crate::home`]).
pub fn evaluate(tagger: &PlaceTagger, docs: &[GoldDoc], outlet_homes: bool) -> (GeoScores, Vec<GeoError>) {
    let mut s = GeoScores { docs: docs.len(), ..Default::default() };
    let mut errors = Vec::new();
    // Outlet homes (see `home`): a first reading of every article, then each article is read
    // again with the home its outlet's other articles give.
    let segs: Vec<_> = docs.iter().map(|d| eventwire_text::segment(&d.text)).collect();
    let homes = if outlet_homes {
        let first: Vec<(Option<&str>, _)> = docs
            .iter()
            .zip(&segs)
            .map(|(d, seg)| (d.outlet.as_deref(), crate::home::local_readings(&tagger.tag(&d.text, seg))))
            .collect();
        crate::home::outlet_homes(&first)
    } else {
        vec![None; docs.len()]
    };
    for (di, d) in docs.iter().enumerate() {
        // Byte offset → character offset.
        let mut char_at = vec![0usize; d.text.len() + 1];
        let mut n = 0;
        for (b, c) in d.text.char_indices() {
            for k in 0..c.len_utf8() {
                char_at[b + k] = n;
            }
            n += 1;
        }
        char_at[d.text.len()] = n;
        let pred = tagger.tag_at_home(&d.text, &segs[di], homes[di].as_ref());
        let pred_spans: Vec<(usize, usize)> =
            pred.iter().map(|m| (char_at[m.start], char_at[m.end])).collect();
        s.gold += d.toponyms.len();
        s.predicted += pred.len();
        s.gold_with_coords += d.toponyms.iter().filter(|g| g.lat.is_some() && g.lon.is_some()).count();
        let mut used = vec![false; pred.len()];
        for g in &d.toponyms {
            let hit =
                (0..pred.len()).find(|&k| !used[k] && pred_spans[k].0 < g.end && g.start < pred_spans[k].1);
            match hit {
                Some(k) => {
                    used[k] = true;
                    s.true_positives += 1;
                    if let (Some(glat), Some(glon)) = (g.lat, g.lon) {
                        let m = &pred[k];
                        let km = match (m.lat, m.lon) {
                            (Some(a), Some(b)) => haversine_km(glat, glon, a, b),
                            _ => MAX_ERROR_KM,
                        };
                        s.errors_km.push(km);
                        if !matches!(m.kind.as_str(), "country" | "continent" | "world_region" | "demonym") {
                            s.errors_km_local.push(km);
                        }
                        if km > 161.0 {
                            errors.push(GeoError::Far {
                                doc: di,
                                name: g.name.clone(),
                                resolved: format!(
                                    "{} ({}) {} {}",
                                    m.name,
                                    m.country_code.as_deref().unwrap_or("-"),
                                    m.kind,
                                    match (m.lat, m.lon) {
                                        (Some(a), Some(b)) => format!("{a:.2},{b:.2}"),
                                        _ => "unresolved".to_string(),
                                    }
                                ),
                                gold: (glat, glon),
                                km,
                            });
                        }
                    }
                }
                None => errors.push(GeoError::Missed { doc: di, name: g.name.clone() }),
            }
        }
        for (k, m) in pred.iter().enumerate() {
            if !used[k] {
                errors.push(GeoError::Spurious {
                    doc: di,
                    text: m.text.clone(),
                    resolved: format!("{} ({})", m.name, m.country_code.as_deref().unwrap_or("-")),
                });
            }
        }
    }
    (s, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    const LGL: &str = r#"<?xml version="1.0"?><articles><article docid="1"><text><![CDATA[Fighting in Mosul & Raqqa.]]></text>
<toponyms><toponym><start>12</start><end>17</end><phrase>Mosul</phrase><gaztag geonameid="99072"><lat>36.335</lat><lon>43.119</lon></gaztag></toponym>
<toponym><start>20</start><end>25</end><phrase>Raqqa</phrase><gaztag geonameid="1"><lat>10.0</lat><lon>10.0</lon></gaztag></toponym></toponyms></article></articles>"#;

    const GEOVIRUS: &str = "<articles><article><source>x</source><text>Kids in Mosul &amp; nearby.</text><locations>\
<location><name>Mosul</name><start>8</start><end>13</end><lat>36.3</lat><lon>43.1</lon></location></locations></article></articles>";

    #[test]
    fn parses_both_formats() {
        let l = parse_xml(LGL);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].text, "Fighting in Mosul & Raqqa.");
        assert_eq!(l[0].toponyms.len(), 2);
        assert_eq!(&l[0].text[12..17], "Mosul");
        let g = parse_xml(GEOVIRUS);
        assert_eq!(g[0].text, "Kids in Mosul & nearby.");
        assert_eq!(g[0].toponyms[0].lat, Some(36.3));
    }

    #[test]
    fn scores_recognition_and_distance() {
        let tagger = PlaceTagger::new(Gazetteer::fixture());
        let (s, errs) = evaluate(&tagger, &parse_xml(LGL), true);
        assert_eq!((s.gold, s.true_positives), (2, 2));
        assert_eq!(s.errors_km.len(), 2);
        // Mosul is right, the "Raqqa" gold point is deliberately far away.
        assert!((s.acc161() - 0.5).abs() < 1e-9);
        assert!(errs.iter().any(|e| matches!(e, GeoError::Far { name, .. } if name == "Raqqa")));
        assert!(s.auc() > 0.0 && s.auc() < 1.0);
        assert!((s.f1() - 1.0).abs() < 1e-9);
        assert_eq!(s.errors_km_local.len(), 2);
        assert!((s.acc161_local() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn an_unresolved_place_is_the_largest_error_and_says_so() {
        let xml = "<articles><article><source>x</source><text>In Syria, fighters took the town of Marjaba.</text>\
<locations><location><name>Marjaba</name><start>35</start><end>42</end><lat>36.0</lat><lon>40.9</lon></location>\
</locations></article></articles>";
        let tagger = PlaceTagger::new(Gazetteer::fixture());
        let (s, errs) = evaluate(&tagger, &parse_xml(xml), true);
        assert_eq!(s.errors_km, [MAX_ERROR_KM]);
        let far: Vec<&str> = errs
            .iter()
            .filter_map(|e| match e {
                GeoError::Far { resolved, .. } => Some(resolved.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(far, ["Marjaba (SY) town unresolved"]);
    }
}
