//! Event locations in the manner of ACLED's geo_precision: the event's own sentence first, then
//! the sentence before, then the area the article is about (its dateline when that lies in the
//! province most of its places are in, else that province); a country alone only when nothing
//! narrower is known.

use crate::article::{is_attributive, is_dateline, Article};
use crate::event_places::{named_near, place_rank};
use eventwire_model::{
    AdminLevel, ContextSpan, EventLocation, GeoPrecision, LocationSource, PlaceMention, RelativeLocation,
};
use std::collections::BTreeMap;

/// How many later mentions one mention in the headline or lead is worth, in choosing the
/// article's province.
const LEAD_WEIGHT: usize = 3;

/// What locates an article's events when their own sentence does not: computed once per
/// article. Indices are into [`Article::places`].
#[derive(Debug, Default)]
pub(crate) struct Focus {
    /// The dateline's place, when it lies in the article's main country.
    dateline: Option<usize>,
    /// A mention of the province most of the article's places in its main country lie in:
    /// the province itself when the text names it, else its first place.
    area: Option<usize>,
    /// A mention of the article's main country.
    country: Option<usize>,
    /// The countries the article concerns: its main country and those it names as countries
    /// (by name or demonym).
    concerned: Vec<String>,
    /// The country most of the places that can locate its events lie in (see [`focus_country`]).
    main: Option<String>,
}

/// The country most of the article's places lie in (the headline's and lead's count twice),
/// counting only places that can locate an event: not "the US-led coalition", not a
/// dateline, not an actor's name. Else the coder's main country.
fn focus_country(a: &Article) -> Option<String> {
    let lead_end = a.input.seg.sentences.get(1).map_or(usize::MAX, |s| s.end);
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, p) in a.places.iter().enumerate() {
        let Some(cc) = p.country_code.as_deref() else { continue };
        if !a.place_info[i].1 || is_attributive(a.input.text, p) {
            continue;
        }
        let e = counts.entry(cc).or_insert((0, usize::MAX - i));
        e.0 += if p.start < lead_end { 2 } else { 1 };
    }
    match counts.into_iter().max_by_key(|(_, c)| *c) {
        Some((cc, _)) => Some(cc.to_string()),
        None => a.main_country.clone(),
    }
}

impl Focus {
    /// A town, village or region in a country the article neither names nor is mostly about:
    /// most often a namesake abroad of a local place, so the event's context locates it
    /// instead. A city (100,000 people or more, or a capital) is seldom a namesake.
    fn is_foreign(&self, p: &PlaceMention) -> bool {
        p.kind != "city"
            && !self.concerned.is_empty()
            && p.country_code.as_deref().is_some_and(|cc| !self.concerned.iter().any(|c| c == cc))
    }

    /// The article's main country.
    fn main(&self) -> Option<&str> {
        self.main.as_deref()
    }

    /// The dateline's place when it lies in the focus province (or there is none), else a
    /// mention of the focus province: agencies file from capitals far from the fighting.
    fn area(&self, a: &Article) -> Option<(usize, LocationSource)> {
        let province = |i: usize| a.places[i].admin1.as_deref();
        match (self.dateline, self.area) {
            (Some(d), Some(f)) if province(d) != province(f) => Some((f, LocationSource::Focus)),
            (Some(d), _) => Some((d, LocationSource::Dateline)),
            (None, f) => f.map(|f| (f, LocationSource::Focus)),
        }
    }
}

impl Focus {
    /// The article's dateline place, focus province and country (linear in its places).
    pub fn of(a: &Article) -> Self {
        let Some(main) = focus_country(a) else { return Focus::default() };
        let cc = main.as_str();
        let in_cc = |p: &PlaceMention| p.country_code.as_deref() == Some(cc);
        // A dateline opens the article's first lines (headline, then the lead).
        let lead = a.title_sent.map_or(0, |t| t + 1);
        let dateline = a.places.iter().position(|p| {
            is_dateline(a.input.text, p)
                && a.input.seg.sentence_at(p.start).is_some_and(|s| s <= lead)
                && in_cc(p)
                && locating(p)
        });
        // Province → (weighted mentions, first mention). The headline and lead say where the
        // story happens; later paragraphs add background from elsewhere.
        let lead_end = a.input.seg.sentences.get(lead).map_or(usize::MAX, |s| s.end);
        let mut provinces: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, p) in a.places.iter().enumerate() {
            if !a.place_info[i].1 || !in_cc(p) || !locating(p) {
                continue;
            }
            if let Some(a1) = p.admin1.as_deref() {
                provinces.entry(a1).or_insert((0, i)).0 += if p.start < lead_end { LEAD_WEIGHT } else { 1 };
            }
        }
        let best = provinces.into_iter().max_by(|x, y| x.1 .0.cmp(&y.1 .0).then(y.1 .1.cmp(&x.1 .1)));
        let area = best.map(|(name, (_, first))| {
            a.places
                .iter()
                .position(|p| p.kind == "admin1" && p.name == name && in_cc(p) && locating(p))
                .unwrap_or(first)
        });
        let country = a.places.iter().enumerate().position(|(i, p)| {
            a.place_info[i].1
                && p.kind == "country"
                && in_cc(p)
                && has_point(p)
                && !is_attributive(a.input.text, p)
        });
        let mut concerned: Vec<String> = a
            .places
            .iter()
            .filter(|p| matches!(p.kind.as_str(), "country" | "demonym"))
            .filter_map(|p| p.country_code.clone())
            .collect();
        concerned.push(cc.to_string());
        concerned.sort_unstable();
        concerned.dedup();
        Focus { dateline, area, country, concerned, main: Some(main) }
    }
}

/// The event's place and location, from the place its own clause or sentence gave (`own`),
/// the sentence `si` that reports it and the article's focus.
pub(crate) fn locate(
    a: &Article,
    focus: &Focus,
    own: Option<usize>,
    si: usize,
) -> Option<(PlaceMention, EventLocation)> {
    let own_p = own.map(|i| a.places[i]).filter(|p| !is_attributive(a.input.text, p));
    let foreign = own_p.is_some_and(|p| focus.is_foreign(p));
    if let Some(p) = own_p.filter(|p| locating(p) && !foreign) {
        return Some((p.clone(), location_of(p, LocationSource::Sentence)));
    }
    // Context narrower than a country, in the country the own place names (else the main one).
    let cc = own_p.filter(|_| !foreign).and_then(|p| p.country_code.as_deref()).or(focus.main());
    let fits = |i: &usize| cc.is_none() || a.places[*i].country_code.as_deref() == cc;
    let context = in_sentence(a, si)
        .filter(fits)
        .map(|i| (i, LocationSource::Sentence))
        .or_else(|| {
            si.checked_sub(1)
                .and_then(|s| in_sentence(a, s))
                .filter(fits)
                .map(|i| (i, LocationSource::PreviousSentence))
        })
        .or_else(|| focus.area(a).filter(|(i, _)| fits(i)));
    if let Some((i, source)) = context {
        let c = a.places[i];
        let mut loc = location_of(c, source);
        if matches!(source, LocationSource::Dateline | LocationSource::Focus) {
            // The story's or the article's area, not the event's own place: only the province.
            loc.geo_precision = 3;
            loc.admin_level = AdminLevel::Province;
            loc.relative = None;
        }
        let place = match own_p {
            // A place the gazetteer lacks ("the village of W"): its name, located in the
            // province of its context.
            Some(p) if !has_point(p) && !foreign => {
                let point_from = ContextSpan { source, start: c.start, end: c.end };
                loc = EventLocation {
                    geo_precision: 3,
                    admin_level: AdminLevel::Province,
                    source: LocationSource::Sentence,
                    start: p.start,
                    end: p.end,
                    relative: None,
                    point_from: Some(point_from),
                };
                let mut w = p.clone();
                w.lat = c.lat;
                w.lon = c.lon;
                w.admin1 = c.admin1.clone();
                w.country_code = c.country_code.clone();
                w.country = c.country.clone();
                w
            }
            _ => c.clone(),
        };
        return Some((place, loc));
    }
    if let Some(p) = own_p {
        return Some((p.clone(), location_of(p, LocationSource::Sentence)));
    }
    let c = a.places[focus.country?];
    Some((c.clone(), location_of(c, LocationSource::Focus)))
}

/// The last of the best-ranked locating places of sentence `si`.
fn in_sentence(a: &Article, si: usize) -> Option<usize> {
    let s = a.input.seg.sentences.get(si)?;
    let lo = a.places.partition_point(|p| p.start < s.start);
    let hi = a.places.partition_point(|p| p.start < s.end);
    (lo..hi)
        .filter(|&i| a.place_info[i].1 && locating(a.places[i]) && !is_attributive(a.input.text, a.places[i]))
        .min_by_key(|&i| (place_rank(a.places[i]), std::cmp::Reverse(i)))
}

/// A place that can locate an event on its own: it has a point and is narrower than a
/// country.
fn locating(p: &PlaceMention) -> bool {
    has_point(p) && level(p) < AdminLevel::Country
}

fn has_point(p: &PlaceMention) -> bool {
    p.lat.is_some() && p.lon.is_some()
}

/// The administrative level a place mention names.
fn level(p: &PlaceMention) -> AdminLevel {
    match p.precision {
        GeoPrecision::Exact | GeoPrecision::Near | GeoPrecision::Unresolved => AdminLevel::Place,
        GeoPrecision::Region => match p.kind.as_str() {
            "continent" | "world_region" => AdminLevel::Wider,
            "admin2" => AdminLevel::District,
            _ => AdminLevel::Province,
        },
        GeoPrecision::Country => AdminLevel::Country,
    }
}

/// The location a place mention gives, found in `source`.
pub(crate) fn location_of(p: &PlaceMention, source: LocationSource) -> EventLocation {
    let admin_level = level(p);
    let geo_precision = match admin_level {
        AdminLevel::Place if p.precision == GeoPrecision::Near => 2,
        AdminLevel::Place => 1,
        AdminLevel::District => 2,
        _ => 3,
    };
    EventLocation {
        geo_precision,
        admin_level,
        source,
        start: p.start,
        end: p.end,
        relative: relative(p),
        point_from: None,
    }
}

/// The anchor and offset of a relative mention. The places tagger marks "<number> <unit>
/// <direction> of X" and "<direction> of X" by starting the mention at the first word, and
/// "near X", "the outskirts of X" and a named place near an anchor by `relative_to` alone.
pub(crate) fn relative(p: &PlaceMention) -> Option<RelativeLocation> {
    if p.precision != GeoPrecision::Near {
        return None;
    }
    let anchor = p.relative_to.clone()?;
    let mut r = RelativeLocation { anchor, distance: None, unit: None, bearing: None };
    if named_near(p) {
        return Some(r);
    }
    // The words before the last " of " that precedes the anchor's name.
    let head = p.text.rfind(" of ").map(|k| &p.text[..k]).unwrap_or("");
    let words: Vec<&str> = head.split_whitespace().collect();
    let wordlike = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || c == '-');
    match words.as_slice() {
        [bearing] if wordlike(bearing) => r.bearing = Some(bearing.to_lowercase()),
        [n, unit, bearing] if wordlike(unit) && wordlike(bearing) => {
            if let Ok(d) = n.replace(',', "").parse::<f64>() {
                r.distance = Some(d);
                r.unit = Some(unit.to_lowercase());
                r.bearing = Some(bearing.to_lowercase());
            }
        }
        _ => {}
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use crate::{Coded, Coder, CodingInput};
    use eventwire_model::{AdminLevel, Event, GeoPrecision, LocationSource, PlaceMention};
    use std::sync::OnceLock;

    fn coder() -> &'static Coder {
        static C: OnceLock<Coder> = OnceLock::new();
        C.get_or_init(|| Coder::load(None).expect("default data loads"))
    }

    /// The `nth` mention of `surface` in `text`, resolved (a point) unless `Unresolved`.
    fn at(
        text: &str,
        surface: &str,
        nth: usize,
        cc: &str,
        kind: &str,
        precision: GeoPrecision,
    ) -> PlaceMention {
        let s = text.match_indices(surface).nth(nth).expect("place in text").0;
        let point = precision != GeoPrecision::Unresolved;
        PlaceMention {
            text: surface.to_string(),
            start: s,
            end: s + surface.len(),
            name: surface.to_string(),
            geonames_id: None,
            lat: point.then_some(35.0 + nth as f64),
            lon: point.then_some(37.0),
            country_code: Some(cc.to_string()),
            country: None,
            admin1: (kind != "country")
                .then(|| if kind == "admin1" { surface } else { "Westprov" }.to_string()),
            kind: kind.to_string(),
            precision,
            relative_to: None,
            confidence: 0.9,
        }
    }

    fn town(text: &str, surface: &str, nth: usize) -> PlaceMention {
        at(text, surface, nth, "SY", "town", GeoPrecision::Exact)
    }

    fn code(text: &str, places: &[PlaceMention]) -> Coded {
        let seg = eventwire_text::segment(text);
        let mut places = places.to_vec();
        places.sort_by_key(|p| p.start);
        coder().code(&CodingInput {
            doc_id: "t",
            text,
            seg: &seg,
            title: None,
            places: &places,
            times: &[],
            published: Some("2020-03-02"),
        })
    }

    /// The event whose evidence quotes `words`.
    fn event<'c>(c: &'c Coded, words: &str) -> &'c Event {
        c.events
            .iter()
            .find(|e| e.evidence.iter().any(|q| q.quote.contains(words)))
            .unwrap_or_else(|| panic!("no event quoting {words:?}: {:#?}", c.events))
    }

    /// (place name, geo_precision, admin_level, source) of an event.
    fn located(e: &Event) -> (&str, u8, AdminLevel, LocationSource) {
        let p = e.place.as_ref().expect("a place");
        let l = e.location.as_ref().expect("a location");
        (p.name.as_str(), l.geo_precision, l.admin_level, l.source)
    }

    #[test]
    fn the_events_own_sentence_wins_over_the_articles_other_places() {
        let text = "Rebels shelled Tal Ward on Monday. \
                    Government aircraft bombed Kafr Sijn on Tuesday, killing four civilians.";
        let c = code(text, &[town(text, "Tal Ward", 0), town(text, "Kafr Sijn", 0)]);
        let e = event(&c, "Kafr Sijn");
        assert_eq!(located(e), ("Kafr Sijn", 1, AdminLevel::Place, LocationSource::Sentence));
        let l = e.location.as_ref().unwrap();
        assert_eq!(&text[l.start..l.end], "Kafr Sijn", "the evidence is the place mention");
    }

    #[test]
    fn an_event_without_a_place_takes_the_sentence_before() {
        let text = "Fighting raged around Tal Ward on Monday. \
                    Government aircraft bombed a market, killing four civilians.";
        let c = code(text, &[town(text, "Tal Ward", 0)]);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Tal Ward", 1, AdminLevel::Place, LocationSource::PreviousSentence));
    }

    #[test]
    fn else_the_province_the_article_is_about_at_precision_three() {
        let text = "Idlib province has seen heavy fighting. Rebels hold Tal Ward and Kafr Sijn. \
                    Aid groups warned of hunger. \
                    Government aircraft bombed a market, killing four civilians.";
        let pl = [
            at(text, "Idlib", 0, "SY", "admin1", GeoPrecision::Region),
            town(text, "Tal Ward", 0),
            town(text, "Kafr Sijn", 0),
        ];
        // The towns lie in the province the text names.
        let pl: Vec<PlaceMention> = pl
            .into_iter()
            .map(|mut p| {
                p.admin1 = Some("Idlib".into());
                p
            })
            .collect();
        let c = code(text, &pl);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Idlib", 3, AdminLevel::Province, LocationSource::Focus));
    }

    #[test]
    fn else_the_dateline_at_precision_three() {
        let text = "TAL WARD, Syria (Wire) - Aid groups warned of hunger.\n\
                    Government aircraft bombed a market, killing four civilians.";
        let pl = [town(text, "TAL WARD", 0), at(text, "Syria", 0, "SY", "country", GeoPrecision::Country)];
        let c = code(text, &pl);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("TAL WARD", 3, AdminLevel::Province, LocationSource::Dateline));
    }

    #[test]
    fn a_dateline_after_the_pages_time_stamp_is_no_event_place() {
        // The city the story was filed from, after the page's time stamp on the same line,
        // is not where the strikes of the sentence hit.
        for stamp in
            ["Last updated at Mar 4, 2019 ", "Updated: 04 March 2019 09:15 GMT ", "Posted on 2019-03-04 "]
        {
            let text = format!(
                "Strikes kill four in north\n{stamp}WESTCITY Government aircraft bombed a market in Syria, \
                 killing four civilians."
            );
            let pl = [
                at(&text, "WESTCITY", 0, "LB", "city", GeoPrecision::Exact),
                at(&text, "Syria", 0, "SY", "country", GeoPrecision::Country),
            ];
            let c = code(&text, &pl);
            let e = event(&c, "bombed a market");
            assert_eq!(located(e), ("Syria", 3, AdminLevel::Country, LocationSource::Sentence), "{stamp}");
        }
        // A window of the line that starts inside a multi-byte character is no panic.
        let text = format!("Strikes kill four\n{} WESTCITY Aircraft bombed a market.", "é".repeat(30));
        let p = at(&text, "WESTCITY", 0, "LB", "city", GeoPrecision::Exact);
        assert!(!crate::article::is_dateline(&text, &p));
        // Other words before a capitalised place are no time stamp: the place opens no line.
        let text = "Strikes kill four in north\nReports from WESTCITY said aircraft bombed a market.";
        let p = at(text, "WESTCITY", 0, "LB", "city", GeoPrecision::Exact);
        assert!(!crate::article::is_dateline(text, &p));
    }

    #[test]
    fn where_a_source_speaks_from_abroad_is_no_event_place() {
        let text = "Fighting raged around Tal Ward on Monday. Aircraft bombed a market in Syria, killing \
                    four civilians, the defence ministry in Eastcap said.";
        let pl = [
            town(text, "Tal Ward", 0),
            at(text, "Syria", 0, "SY", "country", GeoPrecision::Country),
            at(text, "Eastcap", 0, "RU", "city", GeoPrecision::Exact),
        ];
        let c = code(text, &pl);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Tal Ward", 1, AdminLevel::Place, LocationSource::PreviousSentence));
        // A source in the country the article is about may well speak from where it happened.
        let text = "Fighting raged around Tal Ward on Monday. Aircraft bombed a market, killing \
                    four civilians, officials in Kafr Sijn said.";
        let c = code(text, &[town(text, "Tal Ward", 0), town(text, "Kafr Sijn", 0)]);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Kafr Sijn", 1, AdminLevel::Place, LocationSource::Sentence));
    }

    #[test]
    fn a_dateline_outside_the_province_the_article_is_about_yields_to_it() {
        let text = "WESTCITY, Syria (Wire) - Aid groups warned of hunger in Idlib province.\n\
                    Rebels hold Tal Ward. Prices have doubled since May. \
                    Government aircraft bombed a market, killing four civilians.";
        let mut pl = vec![town(text, "WESTCITY", 0)];
        for (name, kind, precision) in
            [("Idlib", "admin1", GeoPrecision::Region), ("Tal Ward", "town", GeoPrecision::Exact)]
        {
            let mut p = at(text, name, 0, "SY", kind, precision);
            p.admin1 = Some("Idlib".into());
            pl.push(p);
        }
        let c = code(text, &pl);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Idlib", 3, AdminLevel::Province, LocationSource::Focus));
    }

    #[test]
    fn a_country_alone_only_when_nothing_narrower_is_known_and_flagged() {
        let text = "Government aircraft bombed a market in Syria, killing four civilians.";
        let c = code(text, &[at(text, "Syria", 0, "SY", "country", GeoPrecision::Country)]);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Syria", 3, AdminLevel::Country, LocationSource::Sentence));
        // With a town of that country before it, the town locates the event.
        let text = "Fighting raged around Tal Ward on Monday. \
                    Government aircraft bombed a market in Syria, killing four civilians.";
        let pl = [town(text, "Tal Ward", 0), at(text, "Syria", 0, "SY", "country", GeoPrecision::Country)];
        let e = code(text, &pl).events.into_iter().find(|e| e.evidence[0].quote.contains("market")).unwrap();
        assert_eq!(located(&e), ("Tal Ward", 1, AdminLevel::Place, LocationSource::PreviousSentence));
    }

    #[test]
    fn a_hyphenated_country_names_who_acts_not_where() {
        let text = "Fighting raged around Kafr Sijn and Tal Ward on Monday. \
                    Government aircraft bombed a market, killing four civilians, the Britain-based monitor said.";
        let pl = [
            town(text, "Kafr Sijn", 0),
            town(text, "Tal Ward", 0),
            at(text, "Britain", 0, "GB", "country", GeoPrecision::Country),
        ];
        let e = event(&code(text, &pl), "bombed a market").clone();
        assert_eq!(located(&e), ("Tal Ward", 1, AdminLevel::Place, LocationSource::PreviousSentence));
    }

    #[test]
    fn the_focus_country_is_not_that_of_a_hyphenated_modifier() {
        let text = "The US-led coalition and US-backed fighters advanced on Tal Ward. \
                    The US-led coalition declined to comment. Prices have doubled since May. \
                    Government aircraft bombed a market, killing four civilians.";
        let mut pl: Vec<PlaceMention> =
            (0..3).map(|n| at(text, "US", n, "US", "country", GeoPrecision::Country)).collect();
        pl.push(town(text, "Tal Ward", 0));
        let e = event(&code(text, &pl), "bombed a market").clone();
        assert_eq!(located(&e), ("Tal Ward", 3, AdminLevel::Province, LocationSource::Focus));
    }

    #[test]
    fn a_relative_location_carries_its_anchor_and_offset() {
        let text = "Government aircraft bombed a market 12 km east of Tal Ward, killing four civilians.";
        let mut p = town(text, "12 km east of Tal Ward", 0);
        p.name = "Tal Ward".into();
        p.precision = GeoPrecision::Near;
        p.relative_to = Some("Tal Ward".into());
        let c = code(text, &[p.clone()]);
        let e = event(&c, "bombed a market");
        assert_eq!(located(e), ("Tal Ward", 2, AdminLevel::Place, LocationSource::Sentence));
        let r = e.location.as_ref().unwrap().relative.as_ref().expect("relative");
        assert_eq!(
            (r.anchor.as_str(), r.distance, r.unit.as_deref(), r.bearing.as_deref()),
            ("Tal Ward", Some(12.0), Some("km"), Some("east"))
        );
        // "near X": the anchor without an offset.
        let text = "Government aircraft bombed a market near Tal Ward, killing four civilians.";
        p = town(text, "Tal Ward", 0);
        p.precision = GeoPrecision::Near;
        p.relative_to = Some("Tal Ward".into());
        let c = code(text, &[p]);
        let r = event(&c, "bombed").location.as_ref().unwrap().relative.clone().expect("relative");
        assert_eq!((r.anchor.as_str(), r.distance, r.bearing), ("Tal Ward", None, None));
    }

    #[test]
    fn a_place_the_gazetteer_lacks_keeps_its_name_in_its_contexts_province() {
        let text = "Fighting raged around Tal Ward on Monday. \
                    Government aircraft bombed Umm Sijn, killing four civilians.";
        let pl =
            [town(text, "Tal Ward", 0), at(text, "Umm Sijn", 0, "SY", "village", GeoPrecision::Unresolved)];
        let c = code(text, &pl);
        let e = event(&c, "Umm Sijn");
        assert_eq!(located(e), ("Umm Sijn", 3, AdminLevel::Province, LocationSource::Sentence));
        let p = e.place.as_ref().unwrap();
        assert_eq!((p.lat, p.admin1.as_deref()), (Some(35.0), Some("Westprov")));
        // The name is the sentence's; the point and province are those of the sentence before.
        let l = e.location.as_ref().unwrap();
        assert_eq!(&text[l.start..l.end], "Umm Sijn");
        let from = l.point_from.as_ref().expect("where the point comes from");
        assert_eq!(
            (from.source, &text[from.start..from.end]),
            (LocationSource::PreviousSentence, "Tal Ward")
        );
    }

    #[test]
    fn a_namesake_abroad_the_article_never_concerns_yields_to_the_context() {
        let text = "Fighting raged around Tal Ward and Kafr Sijn on Monday. \
                    Government aircraft bombed Marrow, killing four civilians.";
        let pl = [
            town(text, "Tal Ward", 0),
            town(text, "Kafr Sijn", 0),
            at(text, "Marrow", 0, "GB", "village", GeoPrecision::Exact),
        ];
        let e = event(&code(text, &pl), "Marrow").clone();
        assert_eq!(located(&e), ("Kafr Sijn", 1, AdminLevel::Place, LocationSource::PreviousSentence));
        // Named as a country, it is one the article concerns.
        let text = "Britain sent aid to Tal Ward and Kafr Sijn on Monday. \
                    Government aircraft bombed Marrow, killing four civilians.";
        let pl = [
            at(text, "Britain", 0, "GB", "country", GeoPrecision::Country),
            town(text, "Tal Ward", 0),
            town(text, "Kafr Sijn", 0),
            at(text, "Marrow", 0, "GB", "village", GeoPrecision::Exact),
        ];
        let e = event(&code(text, &pl), "Marrow").clone();
        assert_eq!(located(&e).0, "Marrow");
        // A city is seldom a namesake: it keeps its country.
        let text = "Fighting raged around Tal Ward and Kafr Sijn on Monday. \
                    Government aircraft bombed Marrow, killing four civilians.";
        let pl = [
            town(text, "Tal Ward", 0),
            town(text, "Kafr Sijn", 0),
            at(text, "Marrow", 0, "GB", "city", GeoPrecision::Exact),
        ];
        let e = event(&code(text, &pl), "Marrow").clone();
        assert_eq!(located(&e), ("Marrow", 1, AdminLevel::Place, LocationSource::Sentence));
    }
}
