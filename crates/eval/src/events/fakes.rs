//! FA-KES: each article's main event against the crowd coding (governorate, actor class,
//! cause of death, death toll).

use crate::{round, EvalError};
use eventwire_analyze::Analyzer;
use eventwire_model::{ActorKind, Analysis, Event, PlaceMention};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Share of articles on which each check agrees with the crowd coding.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FakesScores {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_class: Option<f64>,
    pub articles: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub death_toll_exact: Option<f64>,
    /// Article-level: the main event's place, else the first Syrian place of the article,
    /// else its first place with a governorate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governorate_article_level: Option<f64>,
    /// The main event's own place (wherever the coder found it), with no fallback to the
    /// article's other places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governorate_event_place: Option<f64>,
    /// Conflict events (conflict scope, not background) of all articles.
    pub conflict_events: usize,
    /// Share of them with a location on the map (a place with a point).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict_events_located: Option<f64>,
    /// Share of the located ones placed in a country the article does not concern (see
    /// [`concerned_countries`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub located_outside_article_countries: Option<f64>,
}

/// Per-article counts of the event-level location checks.
#[derive(Debug, Default, Clone, Copy)]
struct Located {
    conflict: usize,
    located: usize,
    outside: usize,
}

/// One check on which the coder and the crowd disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub id: String,
    /// "governorate_article_level", "governorate_event_place", "actor_class", "cause" or
    /// "death_toll_exact".
    pub check: &'static str,
    pub system: String,
    pub gold: String,
    pub title: String,
}

/// The columns of the FA-KES CSV this evaluation reads.
struct Columns {
    id: usize,
    title: usize,
    text: usize,
    date: usize,
    location: usize,
    actor: usize,
    cause: usize,
    civilians: usize,
    noncivilians: usize,
}

impl Columns {
    fn of(header: &csv::StringRecord, path: &Path) -> Result<Self, EvalError> {
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| EvalError::format(path, format!("no column {name}")))
        };
        Ok(Columns {
            id: col("unit_id")?,
            title: col("article_title")?,
            text: col("article_content")?,
            date: col("date")?,
            location: col("location")?,
            actor: col("actor")?,
            cause: col("cause_of_death")?,
            civilians: col("nb_civilians")?,
            noncivilians: col("nb_noncivilians")?,
        })
    }
}

/// Evaluate FA-KES at `path`.
pub fn evaluate(analyzer: &Analyzer, path: &Path) -> Result<(FakesScores, Vec<Disagreement>), EvalError> {
    let text = crate::read(path)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| EvalError::format(path, e.to_string()))?.clone();
    if header.is_empty() {
        return Err(EvalError::format(path, "empty"));
    }
    let c = Columns::of(&header, path)?;
    let mut n = 0usize;
    let mut ok: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut located = Located::default();
    for row in reader.records() {
        let row = row.map_err(|e| EvalError::format(path, e.to_string()))?;
        if row.len() != header.len() {
            continue;
        }
        n += 1;
        let (checks, l) = check_article(analyzer, &row, &c);
        located.conflict += l.conflict;
        located.located += l.located;
        located.outside += l.outside;
        for (check, good, system, gold) in checks {
            *ok.entry(check).or_default() += good as usize;
            if !good {
                let (id, title) = (row[c.id].to_string(), row[c.title].to_string());
                errors.push(Disagreement { id, check, system, gold, title });
            }
        }
    }
    let share = |k: &str| ok.get(k).map(|v| round(*v as f64 / n.max(1) as f64));
    let scores = FakesScores {
        actor_class: share("actor_class"),
        articles: n,
        cause: share("cause"),
        death_toll_exact: share("death_toll_exact"),
        governorate_article_level: share("governorate_article_level"),
        governorate_event_place: share("governorate_event_place"),
        conflict_events: located.conflict,
        conflict_events_located: (located.conflict > 0)
            .then(|| round(located.located as f64 / located.conflict as f64)),
        located_outside_article_countries: (located.located > 0)
            .then(|| round(located.outside as f64 / located.located as f64)),
    };
    Ok((scores, errors))
}

/// One check: (check, agrees, system's answer, gold answer).
type Check = (&'static str, bool, String, String);

/// Analyse one article and compare its main event with the crowd coding (the checks in
/// report order), and count where its conflict events are placed.
fn check_article(analyzer: &Analyzer, row: &csv::StringRecord, c: &Columns) -> ([Check; 5], Located) {
    let full = format!("{}\n\n{}", &row[c.title], &row[c.text]);
    let doc = eventwire_ingest::document_from_text(&row[c.id], None, &full);
    let dct = us_date(&row[c.date]);
    let a = analyzer.analyze(&doc, dct.as_deref());
    let main = main_event(&a);
    // Governorate: the main event's place, else the first Syrian place of the article.
    let gov_of = |p: &PlaceMention| {
        p.admin1
            .as_deref()
            .and_then(governorate)
            .or_else(|| governorate(&p.name))
            .or_else(|| governorate(&p.text))
    };
    let own = main.and_then(|e| e.place.as_ref()).and_then(gov_of);
    let gov = own
        .or_else(|| a.places.iter().filter(|p| p.country_code.as_deref() == Some("SY")).find_map(gov_of))
        .or_else(|| a.places.iter().find_map(gov_of))
        .unwrap_or("none");
    // The main event's perpetrator, else the first violent event's that names one.
    let violent = |e: &&Event| {
        matches!(
            e.acled_event_type.as_str(),
            "Battles" | "Explosions/Remote violence" | "Violence against civilians"
        )
    };
    let actor1 = main
        .and_then(|e| e.actor1.as_deref())
        .or_else(|| a.events.iter().filter(violent).find_map(|e| e.actor1.as_deref()));
    let actor = actor_class(analyzer, actor1);
    let cause = main.map(cause).unwrap_or("unknown");
    let toll = main.and_then(|e| e.fatalities).unwrap_or(0);
    let count = |i: usize| row[i].trim().parse::<u64>().unwrap_or(0);
    let gold_toll = count(c.civilians) + count(c.noncivilians);
    let gold = |i: usize| row[i].to_string();
    let own = own.unwrap_or("none");
    let checks = [
        ("governorate_article_level", gov == row[c.location].trim(), gov.to_string(), gold(c.location)),
        ("governorate_event_place", own == row[c.location].trim(), own.to_string(), gold(c.location)),
        ("actor_class", actor == row[c.actor].trim(), format!("{actor} ({actor1:?})"), gold(c.actor)),
        ("cause", cause == row[c.cause].trim(), cause.to_string(), gold(c.cause)),
        ("death_toll_exact", toll == gold_toll, toll.to_string(), gold_toll.to_string()),
    ];
    (checks, located_events(&a))
}

/// The countries an article concerns: those it names as countries (a country's name or its
/// demonym), and the one most of its resolved places lie in (all of them on a tie). A town
/// read as a namesake abroad does not make its country one the article concerns.
pub fn concerned_countries(a: &Analysis) -> Vec<&str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut named: Vec<&str> = Vec::new();
    for p in &a.places {
        let Some(cc) = p.country_code.as_deref() else { continue };
        if matches!(p.kind.as_str(), "country" | "demonym") {
            named.push(cc);
        } else if p.lat.is_some() {
            *counts.entry(cc).or_default() += 1;
        }
    }
    let most = counts.values().copied().max().unwrap_or(0);
    named.extend(counts.into_iter().filter(|(_, n)| *n == most).map(|(cc, _)| cc));
    named.sort_unstable();
    named.dedup();
    named
}

/// The article's conflict events, those with a point on the map, and those of them placed in
/// a country the article does not concern.
fn located_events(a: &Analysis) -> Located {
    let concerned = concerned_countries(a);
    let mut l = Located::default();
    for e in a.events.iter().filter(|e| e.is_conflict_news()) {
        l.conflict += 1;
        let Some(p) = e.place.as_ref().filter(|p| p.lat.is_some() && p.lon.is_some()) else { continue };
        l.located += 1;
        if p.country_code.as_deref().is_some_and(|cc| !concerned.contains(&cc)) {
            l.outside += 1;
        }
    }
    l
}

/// "4/5/17" -> "2017-04-05".
fn us_date(s: &str) -> Option<String> {
    let mut p = s.trim().split('/');
    let (m, d, y): (u32, u32, u32) =
        (p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
    let y = if y < 100 { 2000 + y } else { y };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// FA-KES governorate label for a place name or admin1 name.
fn governorate(name: &str) -> Option<&'static str> {
    let n: String = any_letters(name);
    let n = n.strip_prefix("muhafazat").unwrap_or(&n).to_string();
    const KEYS: &[(&str, &str)] = &[
        ("aleppo", "aleppo"),
        ("halab", "aleppo"),
        ("idlib", "idlib"),
        ("idleb", "idlib"),
        ("rifdimashq", "damascus"),
        ("dimashq", "damascus"),
        ("damascus", "damascus"),
        ("ghouta", "damascus"),
        ("raqq", "raqqa"),
        ("deir", "deir ezzor"),
        ("dayr", "deir ezzor"),
        ("hasak", "hasakeh"),
        ("hassak", "hasakeh"),
        ("homs", "homs"),
        ("hims", "homs"),
        ("hama", "hama"),
        ("latak", "lattakia"),
        ("lattak", "lattakia"),
        ("ladhiq", "lattakia"),
        ("daraa", "daraa"),
        ("deraa", "daraa"),
        ("dara", "daraa"),
        ("quneit", "quneitra"),
        ("qunaytir", "quneitra"),
    ];
    // "Ar Raqqah", "Ad Dimashq": the Arabic article is not part of the name.
    let bare = ["al", "ar", "ad", "as", "ash", "az", "an", "at", "el"]
        .iter()
        .find_map(|a| n.strip_prefix(a).filter(|rest| rest.len() >= 4))
        .unwrap_or(&n);
    KEYS.iter()
        .find(|(k, _)| n.starts_with(k) || bare.starts_with(k) || (k.len() >= 5 && n.contains(k)))
        .map(|(_, v)| *v)
}

fn any_letters(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ā' => 'a',
                'é' | 'è' | 'ē' => 'e',
                'ī' | 'í' => 'i',
                'ū' | 'ú' => 'u',
                'Ḩ' | 'ḩ' | 'Ḥ' | 'ḥ' => 'h',
                'Ḑ' | 'ḑ' => 'd',
                'Ş' | 'ş' | 'Š' | 'š' => 's',
                'Ţ' | 'ţ' | 'Ṭ' | 'ṭ' => 't',
                'Ẓ' | 'ẓ' | 'Z' | 'z' => 'z',
                c => c,
            };
            c.is_ascii_alphabetic().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// FA-KES actor class of a canonical actor.
fn actor_class(analyzer: &Analyzer, actor: Option<&str>) -> &'static str {
    let Some(a) = actor else { return "unknown" };
    let parent = analyzer.coder().actor_parent(a).unwrap_or("");
    let is = |n: &str| a == n || parent == n;
    let forces_of = |countries: &[&str]| {
        countries
            .iter()
            .any(|c| a == format!("Military Forces of {c}") || parent == format!("Military Forces of {c}"))
    };
    if is("Islamic State") {
        return "the organization of the islamic state in iraq and the levant - isis";
    }
    if is("Hayat Tahrir al-Sham") {
        return "al-nusra front";
    }
    if is("Syrian Democratic Forces") || a == "People's Protection Units" {
        return "self administration forces";
    }
    if a == "International Coalition against Islamic State"
        || forces_of(&[
            "United States",
            "France",
            "United Kingdom",
            "Australia",
            "Canada",
            "Belgium",
            "Netherlands",
            "Jordan",
        ])
    {
        return "international coalition forces";
    }
    if forces_of(&["Syria", "Russia", "Iran"])
        || ["Hezbollah", "National Defence Forces", "Syrian Arab Army", "Islamic Revolutionary Guard Corps"]
            .contains(&a)
        || a == "Police Forces of Syria"
    {
        return "syrian government or russian troops";
    }
    match analyzer.coder().actor_kind(a) {
        Some(ActorKind::RebelGroup | ActorKind::PoliticalMilitia | ActorKind::IdentityMilitia) => {
            "armed opposition groups"
        }
        _ => "unknown",
    }
}

fn cause(e: &Event) -> &'static str {
    let ev: String = e.evidence.iter().map(|x| x.quote.to_lowercase()).collect::<Vec<_>>().join(" ");
    if ev.contains("execut") || ev.contains("behead") {
        return "execution";
    }
    let shots = ["shoot", "shot", "fire", "gun"].iter().any(|w| ev.contains(w));
    match e.acled_sub_event_type.as_str() {
        "Chemical weapon" => "chemical and toxic gases",
        "Air/drone strike" | "Shelling/artillery/missile attack" => "shelling",
        "Suicide bomb" | "Remote explosive/landmine/IED" | "Grenade" => "explosion",
        "Armed clash" => "shooting",
        "Attack" | "Excessive force against protesters" if shots => "shooting",
        _ => "unknown",
    }
}

/// The article's main event for FA-KES: the first event with fatalities, else the first.
fn main_event(a: &Analysis) -> Option<&Event> {
    a.events.iter().find(|e| e.fatalities.is_some()).or_else(|| a.events.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_keep_quotes_commas_and_newlines() {
        let text = "a,b\n\"x, \"\"y\"\"\nz\",2\nshort\n";
        let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
        let rows: Vec<Vec<String>> =
            r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
        assert_eq!(rows, vec![vec!["x, \"y\"\nz".to_string(), "2".into()], vec!["short".into()]]);
    }

    #[test]
    fn governorates_normalise() {
        assert_eq!(governorate("Muḩāfaz̧at Idlib"), Some("idlib"));
        assert_eq!(governorate("Ar Raqqah"), Some("raqqa"));
        assert_eq!(governorate("Rif Dimashq"), Some("damascus"));
        assert_eq!(governorate("Dayr az Zawr"), Some("deir ezzor"));
        assert_eq!(governorate("Tokyo"), None);
    }

    /// An analysis of invented places (name, kind, country) and events (place index or none,
    /// scope).
    fn analysis(places: &[(&str, &str, &str)], events: &[(Option<usize>, &str)]) -> Analysis {
        let place = |(name, kind, cc): &(&str, &str, &str)| {
            serde_json::json!({"text": name, "start": 0, "end": 1, "name": name, "geonames_id": null,
                "lat": 35.0, "lon": 37.0, "country_code": cc, "admin1": null, "kind": kind,
                "precision": if *kind == "country" { "country" } else { "exact" }, "confidence": 0.9})
        };
        let events: Vec<_> = events
            .iter()
            .enumerate()
            .map(|(i, (p, scope))| {
                serde_json::json!({"id": format!("d#e{i}"), "acled_event_type": "Battles",
                    "acled_sub_event_type": "Armed clash", "date": null, "date_precision": "unknown",
                    "place": p.map(|k| place(&places[k])), "actor1": null, "actor2": null, "fatalities": null,
                    "injured": null, "displaced": null, "modality": "asserted", "rule": "t", "evidence": [],
                    "scope": scope})
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "doc": {"id": "d", "published_basis": "unknown", "published_confidence": 0.0,
                    "date_candidates": [], "warnings": [], "spans": {}},
            "places": places.iter().map(place).collect::<Vec<_>>(),
            "actors": [], "times": [], "events": events, "figures": []
        }))
        .expect("an analysis")
    }

    #[test]
    fn events_abroad_count_only_outside_the_countries_the_article_concerns() {
        let places = [
            ("Tal Ward", "town", "SY"),
            ("Kafr Sijn", "village", "SY"),
            ("Britain", "country", "GB"),
            ("Marrow", "village", "GB"),
            ("Lindau", "town", "DE"),
        ];
        let a = analysis(
            &places,
            &[
                (Some(0), "conflict"),
                (Some(3), "conflict"),
                (Some(4), "conflict"),
                (None, "conflict"),
                (Some(4), "other"),
            ],
        );
        // Syria holds most places; Britain is named as a country; Germany neither.
        assert_eq!(concerned_countries(&a), ["GB", "SY"]);
        let l = located_events(&a);
        assert_eq!((l.conflict, l.located, l.outside), (4, 3, 1));
    }

    #[test]
    fn causes_are_read_from_acled_sub_event_types() {
        let t = eventwire_events::taxonomy();
        let named =
            ["Chemical weapon", "Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb"];
        let named =
            named.iter().chain(&["Remote explosive/landmine/IED", "Grenade", "Armed clash", "Attack"]);
        for sub in named.chain(&["Excessive force against protesters"]) {
            assert!(t.event_type_of(sub).is_some(), "{sub}");
        }
    }

    #[test]
    fn us_dates() {
        assert_eq!(us_date("4/5/17").as_deref(), Some("2017-04-05"));
        assert_eq!(us_date("x"), None);
    }
}
