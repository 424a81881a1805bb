//! `eventwire analyze` on the five seed articles (../shared/examples/seeds), when present:
//! five schema-valid objects with the right titles, outlets/agencies, datelines and date
//! candidates. Expected titles are read from the files at run time, never copied here. None
//! of it depends on places, so without a generated gazetteer the fixture one serves.

mod common;
#[path = "fixtures/schema_validator.rs"]
mod schema_validator;

use serde_json::Value;

struct Seed {
    source: Vec<char>,
    lines: Vec<String>,
    out: Value,
}

/// The seeds analysed, or `None` (`test` says that it skipped) when they are absent.
fn analyze_seeds(test: &str) -> Option<Vec<Seed>> {
    let files = eventwire_test_support::seed_files(test)?;
    assert_eq!(files.len(), 5);
    let out = common::eventwire().arg("analyze").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objs: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objs.len(), 5, "five objects");
    let schema = schema_validator::schema();
    Some(
        files
            .iter()
            .zip(objs)
            .map(|(f, out)| {
                let errors = schema_validator::validate(&schema, &out);
                assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
                let text = std::fs::read_to_string(f).unwrap();
                let lines = text
                    .lines()
                    .map(|l| l.replace('\u{a0}', " ").trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
                Seed { source: text.chars().collect(), lines, out }
            })
            .collect(),
    )
}

fn doc<'a>(s: &'a Seed, key: &str) -> Option<&'a str> {
    s.out["doc"][key].as_str()
}

/// The source text under the span of a metadata field.
fn at(s: &Seed, field: &str) -> String {
    let sp = &s.out["doc"]["spans"][field];
    let (a, b) = (sp["start"].as_u64().unwrap() as usize, sp["end"].as_u64().unwrap() as usize);
    s.source[a..b].iter().collect()
}

/// A date candidate as (source, [(value, order)], time).
type Candidate = (String, Vec<(String, String)>, Option<String>);

fn candidates(s: &Seed) -> Vec<Candidate> {
    s.out["doc"]["date_candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let readings = c["readings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (r["value"].as_str().unwrap().to_string(), r["order"].as_str().unwrap().to_string()))
                .collect();
            (c["source"].as_str().unwrap().to_string(), readings, c["time"].as_str().map(str::to_string))
        })
        .collect()
}

fn r(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn seed_titles_come_from_the_headline_line() {
    let Some(seeds) = analyze_seeds("seed_titles_come_from_the_headline_line") else { return };
    for (i, s) in seeds.iter().enumerate() {
        let title = doc(s, "title").unwrap_or_else(|| panic!("seed {i} has a title"));
        assert_eq!(at(s, "title"), title, "seed {i}: the title span points at the title");
        // The headline is the first line that is not a date: the first line itself, the rest
        // of a "date YYYY-MM-DD ..." header line, or the line after a bare page date.
        let first = &s.lines[0];
        if first.starts_with("date ") {
            assert!(first.ends_with(title) && title.len() + 20 > first.len(), "seed {i}");
        } else if first.chars().next().is_some_and(|c| c.is_alphabetic())
            && !first.ends_with(|c: char| c.is_ascii_digit())
        {
            assert_eq!(title, first, "seed {i}");
        } else {
            assert_eq!(title, s.lines[1], "seed {i}");
        }
    }
}

#[test]
fn seed_agencies_outlets_and_datelines() {
    let Some(seeds) = analyze_seeds("seed_agencies_outlets_and_datelines") else { return };
    let agencies: Vec<Option<&str>> = seeds.iter().map(|s| doc(s, "agency")).collect();
    // Seed 2 names no agency in its header or sign-off; its body credits Reuters ("he told Reuters").
    assert_eq!(
        agencies,
        [Some("AFP"), Some("RFE/RL"), Some("Reuters"), Some("Kurdistan 24"), Some("Reuters")]
    );
    let outlets: Vec<Option<&str>> = seeds.iter().map(|s| doc(s, "outlet")).collect();
    assert_eq!(outlets, [None, Some("RFE/RL"), None, Some("Kurdistan 24"), None]);
    let datelines: Vec<Option<&str>> = seeds.iter().map(|s| doc(s, "dateline")).collect();
    assert_eq!(
        datelines,
        [Some("(AFP)"), None, None, Some("HASAKAH (Kurdistan 24)"), Some("BAGHDAD/BARTELLA, Iraq")]
    );
    for s in &seeds {
        if let Some(d) = doc(s, "dateline") {
            assert_eq!(at(s, "dateline"), d);
        }
        if doc(s, "agency").is_some() {
            assert!(!at(s, "agency").is_empty());
        }
    }
    assert_eq!(doc(&seeds[2], "byline"), Some("Melinda Barton"));
    assert!(seeds.iter().all(|s| doc(s, "lang") == Some("en")));
}

#[test]
fn seed_date_candidates_keep_every_reading() {
    let Some(seeds) = analyze_seeds("seed_date_candidates_keep_every_reading") else { return };
    // 000: a year-day-month header: both readings, ymd first; no preliminary choice from it.
    assert_eq!(
        candidates(&seeds[0]),
        [("header".to_string(), r(&[("2016-07-11", "ymd"), ("2016-11-07", "ydm")]), None)]
    );
    // 001: only a copyright year, which is weak and never the publication date by itself.
    assert_eq!(candidates(&seeds[1]), [("copyright".to_string(), r(&[("2015", "year")]), None)]);
    assert_ne!(doc(&seeds[1], "published"), Some("2015"));
    // 002: the page date above the headline and the real byline date with its time.
    assert_eq!(
        candidates(&seeds[2]),
        [
            ("page".to_string(), r(&[("2019-02-20", "dmy")]), None),
            ("byline".to_string(), r(&[("2017-06-29", "dmy")]), Some("09:06".to_string())),
        ]
    );
    assert_eq!(doc(&seeds[2], "published"), Some("2017-06-29"));
    // 003 and 004 carry no date of their own in header, byline or dateline.
    assert!(candidates(&seeds[3]).is_empty());
    assert!(candidates(&seeds[4]).is_empty());
    for s in &seeds {
        for c in s.out["doc"]["date_candidates"].as_array().unwrap() {
            let (a, b) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
            assert_eq!(s.source[a..b].iter().collect::<String>(), c["text"].as_str().unwrap());
        }
    }
}
