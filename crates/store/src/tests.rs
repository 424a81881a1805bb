//! Store tests on constructed analyses (the analysis layers are tested in their crates).

use super::*;
use eventwire_model::*;

pub(crate) fn place(name: &str, lat: f64, lon: f64, start: usize) -> PlaceMention {
    PlaceMention {
        text: name.into(),
        start,
        end: start + name.chars().count(),
        name: name.into(),
        geonames_id: None,
        lat: Some(lat),
        lon: Some(lon),
        country_code: Some("IQ".into()),
        country: None,
        admin1: Some("Nineveh".into()),
        kind: "town".into(),
        precision: GeoPrecision::Exact,
        relative_to: None,
        confidence: 0.9,
    }
}

pub(crate) struct Art {
    pub key: &'static str,
    pub title: &'static str,
    pub outlet: &'static str,
    pub published: &'static str,
    pub text: String,
    pub events: Vec<(&'static str, &'static str, Option<&'static str>, &'static str, &'static str)>,
    pub figures: Vec<Figure>,
}

pub(crate) fn build(a: &Art) -> (Document, Analysis) {
    let doc = Document {
        id: a.key.into(),
        path: Some(format!("{}.txt", a.key)),
        source_text: a.text.clone(),
        text: a.text.clone(),
        offsets: OffsetMap::identity(&a.text),
        meta: Metadata::default(),
    };
    let town_at = a.text.find("Tel Hamra").unwrap_or(0);
    let town = place("Tel Hamra", 36.10, 43.20, town_at);
    let mentions: Vec<PlaceMention> =
        a.text.match_indices("Tel Hamra").map(|(i, _)| place("Tel Hamra", 36.10, 43.20, i)).collect();
    let events = a
        .events
        .iter()
        .enumerate()
        .map(|(i, (sub, date, a1, a2, quote))| Event {
            id: format!("{}#e{}", a.key, i + 1),
            acled_event_type: taxonomy().event_type_of(sub).unwrap_or_default().into(),
            acled_sub_event_type: sub.to_string(),
            date: Some(date.to_string()),
            date_precision: DatePrecision::Day,
            date_is_report_date: *date == a.published,
            place: Some(town.clone()),
            location: Some(EventLocation {
                geo_precision: 1,
                admin_level: AdminLevel::Place,
                source: LocationSource::Sentence,
                start: town.start,
                end: town.end,
                relative: None,
                point_from: None,
            }),
            actor1: a1.map(str::to_string),
            actor2: (!a2.is_empty()).then(|| a2.to_string()),
            fatalities: None,
            injured: None,
            displaced: None,
            modality: Modality::Asserted,
            claimant: None,
            rule: "test".into(),
            evidence: vec![Evidence { start: 0, end: quote.len(), quote: quote.to_string(), trigger: None }],
            scope: Default::default(),
            category: None,
            historical: false,
            claims_event: None,
            claimed_in: None,
            type_probability: None,
        })
        .collect();
    let analysis = Analysis {
        doc: DocOut {
            id: a.key.into(),
            path: doc.path.clone(),
            title: Some(a.title.into()),
            outlet: Some(a.outlet.into()),
            agency: None,
            byline: None,
            dateline: None,
            url: None,
            published: Some(a.published.into()),
            published_basis: PublishedBasis::Field,
            published_confidence: 1.0,
            published_reason: None,
            date_candidates: vec![],
            warnings: vec![],
            lang: Some("en".into()),
            spans: Default::default(),
            outlet_home: None,
        },
        places: mentions,
        actors: vec![ActorMention {
            text: "Iraqi forces".into(),
            start: 0,
            end: 12,
            actor: "Iraqi forces".into(),
            kind: ActorKind::StateForces,
            country_code: Some("IQ".into()),
            parent: None,
            coreference: false,
        }],
        times: vec![],
        events,
        figures: a.figures.clone(),
    };
    (doc, analysis)
}

fn figure(
    text: &str,
    needle: &str,
    cat: FigureCategory,
    value: u64,
    q: &str,
    who: &str,
    as_of: &str,
) -> Figure {
    let start = text.find(needle).expect("needle in text");
    Figure {
        value: Some(value),
        min: None,
        max: None,
        qualifier: q.into(),
        category: cat,
        what: "militants".into(),
        claimant: Some(who.into()),
        as_of: Some(as_of.into()),
        start,
        end: start + needle.len(),
        quote: needle.into(),
    }
}

const GOV: &str = "Government regains territory";

pub(crate) fn corpus() -> Vec<(Document, Analysis)> {
    let t1 = "Troops retake Tel Hamra\n\nIraqi forces recaptured the town of Tel Hamra on Monday, \
        pushing out Islamic State militants after a week of fighting. Commanders said at least 1,000 \
        militants had been killed since the offensive began."
        .to_string();
    let t2 = "Army flag raised over Tel Hamra\n\nSoldiers raised the Iraqi flag over Tel Hamra after \
        militants withdrew overnight, residents said by telephone. Officers described street battles \
        that lasted until dawn and said engineers were clearing explosives."
        .to_string();
    // A syndicated rewrite of the first article.
    let t3 = format!("{t1} Readers can follow live updates on our website.");
    let t4 = "Pentagon tally\n\nIn the campaign around Tel Hamra, 980 militants have been killed, the \
        Pentagon said, a figure far below earlier claims by local commanders."
        .to_string();
    let f1 =
        figure(&t1, "at least 1,000", FigureCategory::Killed, 1000, "at_least", "commanders", "2016-11-07");
    let f4 = figure(&t4, "980 militants", FigureCategory::Killed, 980, "exact", "Pentagon", "2017-05-10");
    let mut f3 = f1.clone();
    let s3 = t3.find("at least 1,000").unwrap();
    (f3.start, f3.end) = (s3, s3 + 14);
    vec![
        build(&Art {
            key: "a1",
            title: "Troops retake Tel Hamra",
            outlet: "Wire One",
            published: "2016-11-07",
            text: t1,
            events: vec![(GOV, "2016-11-07", Some("Iraqi forces"), "Islamic State", "recaptured the town")],
            figures: vec![f1],
        }),
        build(&Art {
            key: "a2",
            title: "Army flag raised over Tel Hamra",
            outlet: "Daily Two",
            published: "2016-11-09",
            text: t2,
            // Dated only by its article: cross-article dating anchors it to 11-07.
            events: vec![(GOV, "2016-11-09", Some("Iraqi forces"), "", "raised the Iraqi flag")],
            figures: vec![],
        }),
        build(&Art {
            key: "a3",
            title: "Troops retake Tel Hamra (copy)",
            outlet: "Reprint Three",
            published: "2016-11-08",
            text: t3,
            events: vec![(GOV, "2016-11-07", Some("Iraqi forces"), "Islamic State", "recaptured the town")],
            figures: vec![f3],
        }),
        build(&Art {
            key: "a4",
            title: "Pentagon tally",
            outlet: "Journal <Four> & Co",
            published: "2017-06-01",
            text: t4,
            events: vec![(
                "Armed clash",
                "2017-05-10",
                Some("Iraqi forces"),
                "Islamic State",
                "the campaign",
            )],
            figures: vec![f4],
        }),
    ]
}

fn loaded() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let out = s.add_batch(&corpus()).unwrap();
    assert_eq!((out.added, out.skipped, out.duplicates), (4, 0, 1));
    let statuses: Vec<ItemStatus> = out.items.iter().map(|i| i.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == ItemStatus::Duplicate).count(), 1);
    assert!(!statuses.contains(&ItemStatus::AlreadyStored));
    s.fuse().unwrap();
    s
}

#[test]
fn reingest_is_idempotent() {
    let mut s = loaded();
    let before = s.stats().unwrap();
    let again = s.add_batch(&corpus()).unwrap();
    assert_eq!((again.added, again.skipped, again.duplicates), (0, 4, 0));
    assert!(again.items.iter().all(|i| i.status == ItemStatus::AlreadyStored));
    let ids: Vec<i64> = s.documents(&DocFilter::default()).unwrap().iter().map(|d| d.id).collect();
    let mut again_ids: Vec<i64> = again.items.iter().map(|i| i.id).collect();
    again_ids.sort();
    let mut ids = ids;
    ids.sort();
    assert_eq!(again_ids, ids, "a skipped item names the stored document");
    assert!(s.is_fused().unwrap(), "nothing new: merged events stay current");
    s.fuse().unwrap();
    assert_eq!(s.stats().unwrap(), before);
    assert_eq!(before.documents, 4);
    assert_eq!(before.duplicates, 1);
    assert_eq!(before.schema_version, schema::SCHEMA_VERSION);
}

#[test]
fn copies_are_linked_and_not_independent() {
    let s = loaded();
    let docs = s.documents(&DocFilter::default()).unwrap();
    let a1 = docs.iter().find(|d| d.key == "a1").unwrap();
    let a3 = docs.iter().find(|d| d.key == "a3").unwrap();
    assert_eq!(a3.dup_of, Some(a1.id));
    assert_eq!(a3.group, a1.id);
    assert!(a3.dup_similarity.unwrap() >= eventwire_fuse::dedup::DUPLICATE_THRESHOLD);
    let a2 = docs.iter().find(|d| d.key == "a2").unwrap();
    assert_eq!(a2.dup_of, None);
}

#[test]
fn same_event_merges_across_articles_with_every_source() {
    let s = loaded();
    let evs = s.events(&EventFilter { event_type: Some("territory".into()), ..Default::default() }).unwrap();
    assert_eq!(evs.len(), 1, "{evs:#?}");
    let e = &evs[0];
    assert_eq!(e.fused.n_sources, 3);
    assert_eq!(e.fused.n_independent, 2);
    assert_eq!(e.fused.date.as_deref(), Some("2016-11-07"));
    assert!(e.fused.date_anchored);
    assert_eq!(e.sources.len(), 3);
    assert!(e.sources.iter().any(|x| x.is_copy));
    assert!(e.sources.iter().all(|x| !x.evidence.is_empty()));
    // The clash months later stays separate.
    assert_eq!(s.stats().unwrap().merged_events, 2);
}

#[test]
fn event_filters() {
    let s = loaded();
    let n = |f: EventFilter| s.events(&f).unwrap().len();
    assert_eq!(n(EventFilter::default()), 2);
    assert_eq!(n(EventFilter { from: Some("2017".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { to: Some("2016-11".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { actor: Some("iraqi".into()), ..Default::default() }), 2);
    assert_eq!(n(EventFilter { actor: Some("Peshmerga".into()), ..Default::default() }), 0);
    assert_eq!(n(EventFilter { place: Some("hamra".into()), ..Default::default() }), 2);
    assert_eq!(n(EventFilter { min_sources: Some(2), ..Default::default() }), 1);
    let bbox = |a: f64| Bbox { min_lon: 43.0, min_lat: a, max_lon: 43.5, max_lat: a + 0.5 };
    assert_eq!(n(EventFilter { bbox: Some(bbox(35.9)), ..Default::default() }), 2);
    assert_eq!(n(EventFilter { bbox: Some(bbox(30.0)), ..Default::default() }), 0);
}

#[test]
fn control_history_and_places() {
    let s = loaded();
    let h = s.control_history(None).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].steps.len(), 1);
    assert_eq!(h[0].steps[0].summary(), "Islamic State → Iraqi forces, 2016-11-07, 2 sources");
    let places = s.places(&EventFilter::default()).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(places[0].n_events, 2);
    assert!(places[0].control.is_some());
}

#[test]
fn claims_ledger_flags_the_shrinking_total() {
    let s = loaded();
    let l = s.claims(&ClaimFilter::default()).unwrap();
    assert_eq!(l.len(), 1, "{l:#?}");
    assert_eq!(l[0].place.as_deref(), Some("Tel Hamra"));
    assert_eq!(l[0].claims.len(), 3);
    // a1 vs a4 disagree; a3 (copy of a1) is in a1's group and disagrees with a4 too.
    assert!(l[0].disagreements.iter().all(|d| d.kind == ConflictKind::TotalDecreased));
    assert_eq!(l[0].disagreements.len(), 2);
    let disputed = s.claims(&ClaimFilter { disputed_only: true, ..Default::default() }).unwrap();
    assert_eq!(disputed.len(), 1);
    let none = s.claims(&ClaimFilter { category: Some("displaced".into()), ..Default::default() }).unwrap();
    assert!(none.is_empty());
}

#[test]
fn search_ranks_highlights_and_filters() {
    let s = loaded();
    let hits = s.search(&SearchQuery { query: "flag".into(), ..Default::default() }).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc.key, "a2");
    let h = hits[0].highlight("<b>", "</b>", |t| t.to_string());
    assert!(h.contains("<b>flag</b>"), "{h}");
    // Porter stemming: "recapture" finds "recaptured".
    let hits = s.search(&SearchQuery { query: "recapture".into(), ..Default::default() }).unwrap();
    assert_eq!(hits.len(), 2);
    let hits = s
        .search(&SearchQuery {
            query: "recapture".into(),
            from: Some("2016-11-08".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    let q = |place: Option<&str>, actor: Option<&str>, ty: Option<&str>| {
        s.search(&SearchQuery {
            query: "militants".into(),
            place: place.map(Into::into),
            actor: actor.map(Into::into),
            event_type: ty.map(Into::into),
            ..Default::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(q(None, None, None), 4);
    assert_eq!(q(Some("tel hamra"), None, None), 4);
    assert_eq!(q(Some("Mosul"), None, None), 0);
    assert_eq!(q(None, Some("Iraqi forces"), Some("clash")), 1);
    // Broken FTS syntax falls back to plain words; an empty query is an error.
    assert_eq!(s.search(&SearchQuery { query: "\"flag".into(), ..Default::default() }).unwrap().len(), 1);
    assert!(s.search(&SearchQuery { query: "  ".into(), ..Default::default() }).is_err());
}

#[test]
fn rows_prepared_beforehand_are_the_rows_prepared_in_the_transaction() {
    let arts = corpus();
    let items: Vec<NewDocument<'_>> =
        arts.iter().map(|(document, analysis)| NewDocument { document, analysis, notes: None }).collect();
    // The last item is left to the store to prepare.
    let prepared: Vec<Prepared> =
        arts[..arts.len() - 1].iter().map(|(d, a)| Prepared::new(d, a).unwrap()).collect();
    let (mut a, mut b) = (Store::open_in_memory().unwrap(), Store::open_in_memory().unwrap());
    assert_eq!(a.add_documents(&items).unwrap(), b.add_prepared(&items, &prepared).unwrap());
    type Row = (i64, String, Vec<u8>, Vec<u8>, Vec<u8>, Option<i64>);
    let rows = |s: &Store| -> Vec<Row> {
        let mut st = s
            .conn
            .prepare("SELECT id, hash, text, analysis, meta, dup_of FROM documents ORDER BY id")
            .unwrap();
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        v
    };
    assert_eq!(rows(&a).len(), arts.len());
    assert_eq!(rows(&a), rows(&b));
    let export = |s: &mut Store| {
        s.fuse().unwrap();
        let mut buf = Vec::new();
        s.export(&EventFilter::default(), ExportFormat::Jsonl, &mut buf).unwrap();
        buf
    };
    assert_eq!(export(&mut a), export(&mut b));
}

#[test]
fn exports_parse_back() {
    let s = loaded();
    let mut buf = Vec::new();
    assert_eq!(s.export(&EventFilter::default(), ExportFormat::Jsonl, &mut buf).unwrap(), 2);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(buf).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["sources"].as_array().unwrap().len(), 3);

    let mut buf = Vec::new();
    s.export(&EventFilter::default(), ExportFormat::AcledCsv, &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, export::ACLED_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "2016-11-07");
    assert_eq!(&rows[0][2], "2016");
    assert_eq!(&rows[0][7], "1", "inter1 of state forces");
    assert!(rows[1][16].contains("Journal <Four> & Co"));

    let mut buf = Vec::new();
    s.export(&EventFilter::default(), ExportFormat::Csv, &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(r.records().count(), 2);

    let mut buf = Vec::new();
    s.export(&EventFilter::default(), ExportFormat::Geojson, &mut buf).unwrap();
    let g: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["features"].as_array().unwrap().len(), 2);
    assert_eq!(g["features"][0]["geometry"]["coordinates"][0], 43.2);
    assert_eq!(g["features"][0]["properties"]["location"]["geo_precision"], 1);
}

#[test]
fn report_cites_every_statement_and_escapes_html() {
    let s = loaded();
    let md = s.report(&ReportOptions::default(), ReportFormat::Markdown).unwrap();
    for line in md.lines().filter(|l| l.starts_with("- ")) {
        assert!(line.contains(" [") && line.ends_with("].") && !line.contains("\\["), "uncited: {line}");
    }
    assert!(md.contains("Islamic State → Iraqi forces, 2016-11-07, 2 sources"), "{md}");
    assert!(md.contains("Open disagreements"), "{md}");
    assert!(md.contains("(copy of [1])"), "{md}");
    let html = s.report(&ReportOptions::default(), ReportFormat::Html).unwrap();
    assert!(html.contains("Journal &lt;Four&gt; &amp; Co"));
    assert!(!html.contains("<Four>"));
}

#[test]
fn a_pass_is_pending_from_the_batch_that_adds_until_it_is_marked_done() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(!s.corpus_pass_pending().unwrap(), "an empty store has nothing to do");
    let arts = corpus();
    s.add_batch(&arts[..2]).unwrap();
    assert!(s.corpus_pass_pending().unwrap());
    let generation = s.corpus_generation().unwrap();
    s.add_batch(&arts[2..]).unwrap();
    // Documents came in after the pass started: it stays pending.
    assert!(!s.mark_corpus_pass_done(generation).unwrap());
    assert!(s.corpus_pass_pending().unwrap());
    assert!(s.mark_corpus_pass_done(s.corpus_generation().unwrap()).unwrap());
    assert!(!s.corpus_pass_pending().unwrap());
    // Nothing new: still done.
    s.add_batch(&arts).unwrap();
    assert!(!s.corpus_pass_pending().unwrap());
}

#[test]
fn notes_travel_with_documents_and_replacements() {
    let mut s = Store::open_in_memory().unwrap();
    let arts = corpus();
    let items: Vec<NewDocument<'_>> = arts
        .iter()
        .enumerate()
        .map(|(i, (document, analysis))| NewDocument {
            document,
            analysis,
            notes: (i == 0).then_some("{\"n\":1}"),
        })
        .collect();
    let out = s.add_documents(&items).unwrap();
    let mut entries = Vec::new();
    s.for_each_corpus_entry(|e| {
        entries.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0].key, "a1");
    assert_eq!(entries[0].notes.as_deref(), Some("{\"n\":1}"));
    assert_eq!(entries[1].notes, None);
    assert_eq!(entries[0].published_basis, PublishedBasis::Field);

    // A replacement rewrites the analysis, its derived rows and the notes.
    let id = out.items[1].id;
    let mut a = arts[1].1.clone();
    a.events.clear();
    a.doc.published = Some("2016-11-20".into());
    let n = s.replace_analyses(&[Replacement { id, analysis: &a, notes: Some("{}") }]).unwrap();
    assert_eq!(n, 1);
    assert!(!s.is_fused().unwrap());
    assert_eq!(s.document(id).unwrap().unwrap().summary.published.as_deref(), Some("2016-11-20"));
    assert!(!s.event_counts().unwrap().contains_key(&id));
    let src = s.stored_source(id).unwrap().unwrap();
    assert_eq!((src.key.as_str(), src.text.as_str()), ("a2", arts[1].0.source_text.as_str()));
    assert_eq!(s.replace_analyses(&[Replacement { id: 999, analysis: &a, notes: None }]).unwrap(), 0);
}

#[test]
fn documents_are_found_by_hash_with_their_events() {
    let s = loaded();
    let (doc, a) = &corpus()[0];
    let found = s.document_by_hash(&content_hash(&doc.text)).unwrap().unwrap();
    assert_eq!(found.key, "a1");
    assert_eq!(s.event_counts().unwrap()[&found.id], a.events.len() as u64);
    let merged = s.merged_events_of(found.id).unwrap();
    assert!(!merged.is_empty());
    for m in merged {
        assert!(s.event(m).unwrap().unwrap().sources.iter().any(|src| src.doc == found.id));
    }
    assert!(s.document_by_hash("none").unwrap().is_none());
}

#[test]
fn a_closed_pipe_is_a_write_error_not_a_bad_record() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let s = loaded();
    for format in [ExportFormat::Jsonl, ExportFormat::Csv, ExportFormat::Geojson] {
        match s.export(&EventFilter::default(), format, &mut Closed) {
            Err(StoreError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{format:?}"),
            other => panic!("{format:?}: {other:?}"),
        }
    }
}

#[test]
fn reopening_a_file_store_keeps_data_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sub").join("ew.db");
    {
        let mut s = Store::open(&p).unwrap();
        s.add_batch(&corpus()[..2]).unwrap();
        assert!(!s.is_fused().unwrap());
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.stats().unwrap().documents, 2);
    // A directory path opens the default file inside it.
    let s2 = Store::open(dir.path()).unwrap();
    assert!(s2.path().unwrap().ends_with("eventwire.db"));
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ew.db");
    drop(Store::open(&p).unwrap());
    let c = rusqlite::Connection::open(&p).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    assert!(matches!(Store::open(&p), Err(StoreError::TooNew { found: 99, .. })));
}

#[test]
fn acled_source_is_the_agency_and_country_the_name() {
    let mut s = Store::open_in_memory().unwrap();
    let (doc, mut a) = corpus().swap_remove(0);
    a.doc.outlet = None;
    a.doc.agency = Some("AFP".into());
    for p in a.events.iter_mut().filter_map(|e| e.place.as_mut()) {
        p.country_code = Some("IQ".into());
        p.country = Some("Iraq".into());
    }
    s.add_batch(&[(doc, a)]).unwrap();
    s.fuse().unwrap();
    let mut buf = Vec::new();
    s.export(&EventFilter::default(), ExportFormat::AcledCsv, &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    let source = export::ACLED_COLUMNS.iter().position(|c| *c == "source").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][source], "AFP");
    let country = export::ACLED_COLUMNS.iter().position(|c| *c == "country").unwrap();
    assert_eq!(&rows[0][country], "Iraq");
}

#[test]
fn merged_event_ids_survive_later_ingests() {
    let mut s = Store::open_in_memory().unwrap();
    let mut arts = corpus();
    // The 2017 clash first; the 2016 events, which sort before it, arrive in a later batch.
    let clash = arts.pop().unwrap();
    s.add_batch(&[clash]).unwrap();
    s.fuse().unwrap();
    let first = s.events(&EventFilter::default()).unwrap();
    assert_eq!(first.len(), 1);
    let clash_id = first[0].id;

    s.add_batch(&arts).unwrap();
    s.fuse().unwrap();
    let all = s.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let clash_again = all.iter().find(|e| e.fused.sub_event_type == "Armed clash").unwrap();
    assert_eq!(clash_again.id, clash_id, "a later ingest must not renumber an existing merged event");
    let taken = all.iter().find(|e| e.fused.sub_event_type == GOV).unwrap();
    assert_ne!(taken.id, clash_id);
    assert_eq!(s.event(taken.id).unwrap().map(|e| e.fused.n_sources), Some(3));
    // Fusing again without new input changes nothing.
    s.fuse().unwrap();
    let ids: Vec<i64> = s.events(&EventFilter::default()).unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, all.iter().map(|e| e.id).collect::<Vec<_>>());
}

#[test]
fn a_store_keyed_by_the_old_hash_finds_its_texts_and_takes_sha256_keys() {
    let mut s = loaded();
    let docs = corpus();
    // As a store written before SHA-256 keeps them.
    for (doc, _) in &docs {
        let (new, old) = (content_hash(&doc.text), crate::ingest::legacy_hash(&doc.text));
        s.conn.execute("UPDATE documents SET hash = ?1 WHERE hash = ?2", [&old, &new]).unwrap();
    }
    let (first, _) = &docs[0];
    assert!(s.document_by_hash(&content_hash(&first.text)).unwrap().is_none());
    assert_eq!(s.document_with_text(&first.text).unwrap().unwrap().key, "a1");
    let again = s.add_batch(&docs).unwrap();
    assert_eq!(again.added, 0, "no stored text is taken for a new one");
    assert!(again.items.iter().all(|i| i.status == ItemStatus::AlreadyStored));
    assert_eq!(s.document_by_hash(&content_hash(&first.text)).unwrap().unwrap().key, "a1");
}
