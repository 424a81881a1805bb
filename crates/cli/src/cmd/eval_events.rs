//! `eventwire eval events [DIR]`: event coding on the dev sets under DIR
//! (default `../shared/eval/events`); each set is skipped cleanly when absent.
//!
//! - FA-KES (`fa-kes-syria-dev/fakes-dev.csv`): governorate, actor class, cause and death toll
//!   of each article's main event, against the crowd coding.
//! - IndiaPoliceEvents (`india-police-events/sents.jsonl`): sentences reporting police killing
//!   (KILL label), precision/recall/F1.
//! - PLOVER gold records (`plover-gsr/PLOVER_GSR_CAMEO.txt`): event family, source actor, dead.

use anyhow::Context;
use eventwire_analyze::Analyzer;
use eventwire_model::{ActorKind, Analysis, Event};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory holding the evaluation sets.
    #[arg(default_value = "../shared/eval/events")]
    pub dir: PathBuf,
    /// Print each FA-KES disagreement and IndiaPoliceEvents miss for error analysis.
    #[arg(long)]
    pub errors: bool,
    /// Output the figures as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data: super::DataDir,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if !a.dir.is_dir() {
        eprintln!("eval events: {} not found, skipping", a.dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let analyzer = Analyzer::load(a.data.data_dir.as_deref()).context("loading knowledge files")?;
    let mut report = serde_json::Map::new();
    let fakes = a.dir.join("fa-kes-syria-dev/fakes-dev.csv");
    if fakes.is_file() {
        report.insert("fakes".into(), eval_fakes(&analyzer, &fakes, a.errors)?);
    } else {
        eprintln!("eval events: {} not found, skipping FA-KES", fakes.display());
    }
    let ipe = a.dir.join("india-police-events/sents.jsonl");
    if ipe.is_file() {
        report.insert("india_police_events".into(), eval_ipe(&analyzer, &ipe, a.errors)?);
    } else {
        eprintln!("eval events: {} not found, skipping IndiaPoliceEvents", ipe.display());
    }
    let plover = a.dir.join("plover-gsr/PLOVER_GSR_CAMEO.txt");
    if plover.is_file() {
        report.insert("plover".into(), eval_plover(&analyzer, &plover)?);
    } else {
        eprintln!("eval events: {} not found, skipping PLOVER", plover.display());
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&Value::Object(report))?);
    } else {
        for (set, v) in &report {
            outln!("{set}");
            if let Value::Object(m) = v {
                for (k, x) in m {
                    outln!("  {k:<28} {x}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\r' => {}
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
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
        || [
            "United States",
            "France",
            "United Kingdom",
            "Australia",
            "Canada",
            "Belgium",
            "Netherlands",
            "Jordan",
        ]
        .iter()
        .any(|c| a == format!("Military Forces of {c}") || parent == format!("Military Forces of {c}"))
    {
        return "international coalition forces";
    }
    if ["Syria", "Russia", "Iran"]
        .iter()
        .any(|c| a == format!("Military Forces of {c}") || parent == format!("Military Forces of {c}"))
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

fn eval_fakes(analyzer: &Analyzer, path: &Path, errors: bool) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let rows = parse_csv(&text);
    let Some((header, body)) = rows.split_first() else { anyhow::bail!("{}: empty", path.display()) };
    let col = |name: &str| header.iter().position(|h| h == name).with_context(|| format!("no column {name}"));
    let (c_id, c_title, c_text, c_date) =
        (col("unit_id")?, col("article_title")?, col("article_content")?, col("date")?);
    let (c_loc, c_actor, c_cause) = (col("location")?, col("actor")?, col("cause_of_death")?);
    let (c_civ, c_nonciv) = (col("nb_civilians")?, col("nb_noncivilians")?);
    let mut n = 0usize;
    let mut ok: BTreeMap<&str, usize> = BTreeMap::new();
    for row in body.iter().filter(|r| r.len() == header.len()) {
        n += 1;
        let full = format!("{}\n\n{}", row[c_title], row[c_text]);
        let doc = eventwire_ingest::document_from_text(&row[c_id], None, &full);
        let dct = us_date(&row[c_date]);
        let a = analyzer.analyze(&doc, dct.as_deref());
        let main = main_event(&a);
        // Governorate: the main event's place, else the first Syrian place of the article.
        let gov_of = |p: &eventwire_model::PlaceMention| {
            p.admin1
                .as_deref()
                .and_then(governorate)
                .or_else(|| governorate(&p.name))
                .or_else(|| governorate(&p.text))
        };
        let gov = main
            .and_then(|e| e.place.as_ref())
            .and_then(gov_of)
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
        let gold_toll: u64 =
            row[c_civ].trim().parse::<u64>().unwrap_or(0) + row[c_nonciv].trim().parse::<u64>().unwrap_or(0);
        let checks = [
            ("governorate", gov == row[c_loc].trim()),
            ("actor_class", actor == row[c_actor].trim()),
            ("cause", cause == row[c_cause].trim()),
            ("death_toll_exact", toll == gold_toll),
        ];
        for (k, good) in checks {
            *ok.entry(k).or_default() += good as usize;
            if errors && !good {
                let (sys, gold) = match k {
                    "governorate" => (gov.to_string(), row[c_loc].clone()),
                    "actor_class" => (format!("{actor} ({actor1:?})"), row[c_actor].clone()),
                    "cause" => (cause.to_string(), row[c_cause].clone()),
                    _ => (toll.to_string(), gold_toll.to_string()),
                };
                outln!("FAKES {} {k}: system {sys:?} gold {gold:?} | {}", row[c_id], row[c_title]);
            }
        }
    }
    let mut m = serde_json::Map::new();
    m.insert("articles".into(), n.into());
    for (k, v) in ok {
        m.insert(k.into(), serde_json::json!(round(v as f64 / n.max(1) as f64)));
    }
    Ok(Value::Object(m))
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
    let r = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (round(p), round(r), round(f))
}

/// Code one sentence on its own (no places or times: the sets give bare sentences).
fn code_sentence(analyzer: &Analyzer, text: &str) -> eventwire_events::Coded {
    analyzer.coder().code_text("s", text, None)
}

const KILL_WORDS: &[&str] =
    &["kill", "dead", "died", "die ", "death", "shot", "massacre", "lynch", "slain", "execut"];

fn eval_ipe(analyzer: &Analyzer, path: &Path, errors: bool) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (mut tp, mut fp, mut fn_, mut n) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).context("IndiaPoliceEvents line")?;
        let sent = v["sent_text"].as_str().unwrap_or("");
        let gold = v["sent_labels"].as_array().is_some_and(|l| l.iter().any(|x| x == "KILL"));
        let c = code_sentence(analyzer, sent);
        // Police killing: a coded killing with state forces as one of its actors (ACLED puts
        // police firing on rioters under the rioters' event, police second). The words that
        // fired the rule decide, not the whole quoted sentence (which names any death nearby).
        let state_forces = |name: &Option<String>| {
            name.as_ref()
                .is_some_and(|n| c.actors.iter().any(|a| &a.actor == n && a.kind == ActorKind::StateForces))
        };
        let killing = |e: &eventwire_model::Event| {
            e.fatalities.is_some_and(|f| f > 0)
                || e.evidence.iter().any(|x| {
                    let fired = x.trigger.and_then(|t| sent.get(t.start..t.end)).unwrap_or(&x.quote);
                    let q = fired.to_lowercase();
                    KILL_WORDS.iter().any(|k| q.contains(k))
                })
        };
        let sys = c.events.iter().any(|e| killing(e) && (state_forces(&e.actor1) || state_forces(&e.actor2)));
        n += 1;
        match (sys, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        if errors && sys != gold {
            let what = if sys { "spurious" } else { "missed" };
            let any_killing = c.events.iter().any(killing);
            let any_police = c.actors.iter().any(|a| a.kind == ActorKind::StateForces);
            outln!("IPE KILL {what}: killing {any_killing} police {any_police} | {sent}");
        }
    }
    let (p, r, f) = prf(tp, fp, fn_);
    Ok(
        serde_json::json!({"sentences": n, "kill_gold": tp + fn_, "kill_precision": p, "kill_recall": r, "kill_f1": f}),
    )
}

/// PLOVER event types and the ACLED event types that cover them.
fn plover_family(t: &str) -> Option<&'static [&'static str]> {
    Some(match t {
        "ASSAULT" => &["Violence against civilians", "Explosions/Remote violence", "Battles", "Riots"],
        "FIGHT" => &["Battles", "Explosions/Remote violence", "Violence against civilians"],
        "PROTEST" => &["Protests", "Riots"],
        "AGREE" => &["Strategic developments"],
        _ => return None,
    })
}

/// The PLOVER file is JSON with trailing commas.
fn parse_plover(text: &str) -> anyhow::Result<Vec<Value>> {
    let mut clean = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut in_str = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            clean.push(c);
            if c == '\\' && i + 1 < chars.len() {
                clean.push(chars[i + 1]);
                i += 1;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            clean.push(c);
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}') | Some(']')) {
                clean.push(c);
            }
        } else {
            clean.push(c);
        }
        i += 1;
    }
    let v: Value = serde_json::from_str(&clean).context("parsing PLOVER records")?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

fn eval_plover(analyzer: &Analyzer, path: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let records = parse_plover(&text)?;
    let (mut in_scope, mut typed_ok, mut out_scope, mut out_fp) = (0, 0, 0, 0);
    let (mut actor_gold, mut actor_ok, mut dead_gold, mut dead_ok) = (0, 0, 0, 0);
    for r in &records {
        let (Some(t), Some(sent)) = (r["event"].as_str(), r["text"].as_str()) else { continue };
        let c = code_sentence(analyzer, sent);
        match plover_family(t) {
            Some(types) => {
                in_scope += 1;
                if c.events.iter().any(|e| types.contains(&e.acled_event_type.as_str())) {
                    typed_ok += 1;
                }
            }
            None => {
                out_scope += 1;
                if c.events.iter().any(|e| e.acled_event_type != "Strategic developments") {
                    out_fp += 1;
                }
            }
        }
        // Source actor: one of our actor mentions overlaps the gold actor text.
        if let Some(src) = r["source"].as_array() {
            for s in src {
                let Some(at) = s["actorText"].as_str() else { continue };
                actor_gold += 1;
                let at = at.to_lowercase();
                if c.actors.iter().any(|m| {
                    let mt = m.text.to_lowercase();
                    mt.contains(&at) || at.contains(&mt)
                }) {
                    actor_ok += 1;
                }
            }
        }
        if let Some(dead) = r["dead"].as_str().and_then(|d| d.parse::<u64>().ok()) {
            dead_gold += 1;
            if c.events.iter().any(|e| e.fatalities == Some(dead)) {
                dead_ok += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| round(a as f64 / b.max(1) as f64);
    Ok(serde_json::json!({
        "records_in_acled_scope": in_scope,
        "event_family_recall": ratio(typed_ok, in_scope),
        "records_out_of_scope": out_scope,
        "out_of_scope_violent_false_positive_rate": ratio(out_fp, out_scope),
        "source_actor_recall": ratio(actor_ok, actor_gold),
        "dead_exact": ratio(dead_ok, dead_gold),
        "dead_records": dead_gold,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_and_newlines() {
        let rows = parse_csv("a,b\n\"x, \"\"y\"\"\nz\",2\n");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["x, \"y\"\nz", "2"]]);
    }

    #[test]
    fn governorates_normalise() {
        assert_eq!(governorate("Muḩāfaz̧at Idlib"), Some("idlib"));
        assert_eq!(governorate("Ar Raqqah"), Some("raqqa"));
        assert_eq!(governorate("Rif Dimashq"), Some("damascus"));
        assert_eq!(governorate("Dayr az Zawr"), Some("deir ezzor"));
        assert_eq!(governorate("Tokyo"), None);
    }

    #[test]
    fn plover_trailing_commas() {
        let v = parse_plover("[{\"a\": \"x,}\", \"b\": [1,2,],},]").unwrap();
        assert_eq!(v[0]["a"], "x,}");
        assert_eq!(v[0]["b"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn us_dates() {
        assert_eq!(us_date("4/5/17").as_deref(), Some("2017-04-05"));
        assert_eq!(us_date("x"), None);
    }
}
