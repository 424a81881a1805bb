//! Other-scope news and background mentions are stored but stay out of the conflict record.

use super::tests::{build, Art};
use super::*;
use eventwire_model::*;

const NEWS: &str = "Iraqi forces retook Tel Hamra on Monday, killing 12 militants.";
const QUAKE: &str = "An earthquake struck near Tel Hamra on Sunday, killing 300 people.";
const PAST: &str = "In 2014 Islamic State overran Tel Hamra, killing 40 soldiers.";

fn killed(text: &str, needle: &str, value: u64) -> Figure {
    let start = text.find(needle).expect("needle in text");
    Figure {
        value: Some(value),
        min: None,
        max: None,
        qualifier: "exact".into(),
        category: FigureCategory::Killed,
        what: needle.split_once(' ').map(|x| x.1).unwrap_or_default().into(),
        claimant: None,
        as_of: None,
        start,
        end: start + needle.len(),
        quote: needle.into(),
    }
}

/// One article with a conflict event, a natural disaster and a background event; the last
/// two are of territory types, so that only their scope can keep them out.
fn mixed() -> (Document, Analysis) {
    let text = format!("Town retaken\n\n{NEWS} {QUAKE} {PAST}");
    let (doc, mut a) = build(&Art {
        key: "m1",
        title: "Town retaken",
        outlet: "Wire One",
        published: "2016-11-08",
        text: text.clone(),
        events: vec![
            ("Government regains territory", "2016-11-07", Some("Iraqi forces"), "Islamic State", NEWS),
            ("Non-violent transfer of territory", "2016-11-06", None, "", QUAKE),
            ("Non-state actor overtakes territory", "2014", Some("Islamic State"), "Iraqi forces", PAST),
        ],
        figures: vec![
            killed(&text, "12 militants", 12),
            killed(&text, "300 people", 300),
            killed(&text, "40 soldiers", 40),
        ],
    });
    for (e, sentence) in a.events.iter_mut().zip([NEWS, QUAKE, PAST]) {
        let start = text.find(sentence).unwrap();
        e.evidence =
            vec![Evidence { start, end: start + sentence.len(), quote: sentence.into(), trigger: None }];
    }
    a.events[1].scope = Scope::Other;
    a.events[1].category = Some(EventCategory::NaturalDisaster);
    a.events[2].historical = true;
    a.events[2].date_precision = DatePrecision::Year;
    (doc, a)
}

fn loaded() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.add_batch(&[mixed()]).unwrap();
    s.fuse().unwrap();
    s
}

fn export(s: &Store, scope: EventScope, format: ExportFormat) -> Result<String> {
    let mut buf = Vec::new();
    s.export(&EventFilter { scope, ..Default::default() }, format, &mut buf)?;
    Ok(String::from_utf8(buf).unwrap())
}

#[test]
fn only_the_conflict_event_reaches_the_conflict_record() {
    let s = loaded();
    assert_eq!(s.stats().unwrap().events, 3, "every event is stored");
    assert_eq!(s.stats().unwrap().merged_events, 3, "the three never merge");

    let acled = export(&s, EventScope::Conflict, ExportFormat::AcledCsv).unwrap();
    let rows: Vec<&str> = acled.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{acled}");
    assert!(rows[0].contains("Government regains territory") && rows[0].contains(NEWS), "{acled}");
    for format in [ExportFormat::Csv, ExportFormat::Geojson] {
        let out = export(&s, EventScope::Conflict, format).unwrap();
        assert!(out.contains(NEWS) && !out.contains(QUAKE) && !out.contains(PAST), "{out}");
    }

    let timeline = s.timeline(&EventFilter::default()).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].summary, "2016-11-07: Iraqi forces took Tel Hamra from Islamic State");

    let control = s.control_history(None).unwrap();
    assert_eq!(control.len(), 1);
    let steps: Vec<String> = control[0].steps.iter().map(|s| s.summary()).collect();
    assert_eq!(steps, ["Islamic State → Iraqi forces, 2016-11-07, 1 source"]);

    let events = s.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert!(events[0].fused.is_conflict_news());
    let places = s.places(&EventFilter::default()).unwrap();
    assert_eq!(places[0].n_events, 1);

    // Figures quoted only by the disaster or the background event are not conflict figures.
    let ledger = s.claims(&ClaimFilter::default()).unwrap();
    let values: Vec<Option<u64>> = ledger.iter().flat_map(|s| s.claims.iter().map(|c| c.value)).collect();
    assert_eq!(values, [Some(12)]);
}

#[test]
fn the_report_keeps_other_news_apart_and_background_out() {
    let md = loaded().report(&ReportOptions::default(), ReportFormat::Markdown).unwrap();
    let (conflict, rest) = md.split_once("## Other news").expect(&md);
    assert!(conflict.contains("## Key developments") && conflict.contains("## Control changes"), "{md}");
    assert!(conflict.contains("Iraqi forces took Tel Hamra from Islamic State"), "{md}");
    assert!(conflict.contains("in Tel Hamra: 12 (") && !md.contains("300") && !md.contains(": 40 "), "{md}");
    assert!(!conflict.contains("2016-11-06") && !md.contains("2014"), "{md}");
    let (other, _sources) = rest.split_once("## Sources").expect(&md);
    assert!(other.contains("- 2016-11-06: natural disaster in Tel Hamra [1]."), "{md}");
}

#[test]
fn other_news_and_background_are_listed_when_asked_for() {
    let s = loaded();
    let only = |scope| {
        let evs = s.events(&EventFilter { scope, ..Default::default() }).unwrap();
        evs.iter().map(|e| e.fused.sub_event_type.clone()).collect::<Vec<_>>()
    };
    assert_eq!(only(EventScope::Other), ["Non-violent transfer of territory"]);
    assert_eq!(only(EventScope::Historical), ["Non-state actor overtakes territory"]);
    assert_eq!(only(EventScope::All).len(), 3);

    // JSON Lines carries them, each line saying its scope; the conflict exports refuse.
    let jsonl = export(&s, EventScope::All, ExportFormat::Jsonl).unwrap();
    let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let scopes: Vec<(&str, bool)> =
        lines.iter().map(|l| (l["scope"].as_str().unwrap(), l["historical"] == true)).collect();
    assert_eq!(scopes, [("conflict", true), ("other", false), ("conflict", false)]);
    assert_eq!(lines[1]["category"], "natural_disaster");
    for format in [ExportFormat::AcledCsv, ExportFormat::Csv, ExportFormat::Geojson] {
        for scope in [EventScope::Other, EventScope::Historical, EventScope::All] {
            let e = export(&s, scope, format).unwrap_err();
            assert!(matches!(e, StoreError::ConflictOnly { .. }), "{e}");
        }
    }
    let e = s.timeline(&EventFilter { scope: EventScope::Other, ..Default::default() }).unwrap_err();
    assert_eq!(e.to_string(), "the timeline holds conflict events only, not other events");
    assert_eq!(EventScope::parse("historical"), Some(EventScope::Historical));
    assert_eq!(EventScope::parse("Other"), None);
}

#[test]
fn the_migration_reads_scopes_from_analyses_stored_before_it() {
    let mut s = loaded();
    // As a version-4 store holds them: analyses and evidence as JSON text, every event
    // conflict news, every figure in the ledger.
    let packed: Vec<(i64, String, Vec<u8>)> = {
        let sql = format!(
            "SELECT d.id, eventwire_text(d.text), {} FROM documents d",
            crate::analysis_form::STORED_ANALYSIS
        );
        let mut q = s.conn.prepare(&sql).unwrap();
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for (id, text, blob) in packed {
        let stored = rusqlite::types::ValueRef::Blob(&blob);
        let a = crate::analysis_form::unpack(&s.conn, id, stored, &text).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        s.conn
            .execute("UPDATE documents SET analysis = ?1 WHERE id = ?2", rusqlite::params![json, id])
            .unwrap();
    }
    let evidence: Vec<(i64, Vec<u8>, String)> = {
        let mut q = s
            .conn
            .prepare("SELECT e.id, e.evidence, eventwire_text(d.text) FROM events e JOIN documents d ON d.id = e.doc")
            .unwrap();
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for (id, blob, text) in evidence {
        let v = rusqlite::types::ValueRef::Blob(&blob);
        let json = crate::packed::json_of(crate::packed::Kind::Evidence, &text, v).unwrap();
        let json = String::from_utf8(json).unwrap();
        s.conn.execute("UPDATE events SET evidence = ?1 WHERE id = ?2", rusqlite::params![json, id]).unwrap();
    }
    s.conn
        .execute_batch(
            "DELETE FROM doc_analyses; UPDATE events SET scope = 'conflict', category = NULL, historical = 0;
             UPDATE figures SET conflict = 1; UPDATE meta SET value = '1' WHERE key = 'fused';",
        )
        .unwrap();
    assert_eq!(s.claims(&ClaimFilter::default()).unwrap().len(), 3);
    s.conn.execute_batch(schema::BACKFILL_SCOPE).unwrap();
    assert!(!s.is_fused().unwrap(), "merged events are stale");
    s.fuse().unwrap();
    let rows: Vec<(String, Option<String>, bool)> = s
        .conn
        .prepare("SELECT scope, category, historical FROM events ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("conflict".into(), None, false),
            ("other".into(), Some("natural_disaster".into()), false),
            ("conflict".into(), None, true)
        ]
    );
    assert_eq!(s.claims(&ClaimFilter::default()).unwrap().len(), 1);
    assert_eq!(s.events(&EventFilter::default()).unwrap().len(), 1);
}
