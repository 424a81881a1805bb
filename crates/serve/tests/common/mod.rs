//! Shared fixtures of the API tests: a store of hand-coded analyses of our own short articles
//! (SQLite, or PostgreSQL with [`on_both_stores`]), and request helpers.
#![allow(dead_code)] // each test binary uses its own part

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use eventwire_model::*;
use eventwire_serve::{router, Config, PgCorpus, StoreCorpus};
use eventwire_store::{NewDocument, Store};
use eventwire_store_pg::PgStore;
use eventwire_test_support::PgCluster;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;
use tower::ServiceExt;

pub struct Ev {
    pub sub: (&'static str, &'static str),
    pub date: &'static str,
    pub place: (&'static str, u64, f64, f64),
    pub actors: (&'static str, &'static str),
    pub fatalities: Option<u64>,
    pub quote: &'static str,
}

pub struct Fig {
    pub value: u64,
    pub qualifier: &'static str,
    pub claimant: &'static str,
    pub as_of: &'static str,
    pub quote: &'static str,
}

pub fn place(name: &str, gn: u64, lat: f64, lon: f64, start: usize) -> PlaceMention {
    PlaceMention {
        text: name.into(),
        start,
        end: start + name.chars().count(),
        name: name.into(),
        geonames_id: Some(gn),
        lat: Some(lat),
        lon: Some(lon),
        country_code: Some("IQ".into()),
        country: Some("Iraq".into()),
        admin1: Some("Nineveh".into()),
        kind: "town".into(),
        precision: GeoPrecision::Exact,
        relative_to: None,
        confidence: 0.9,
    }
}

/// A document plus an analysis coded by hand: every span found in the text.
pub fn coded(
    key: &str,
    title: &str,
    published: &str,
    body: &str,
    events: &[Ev],
    figs: &[Fig],
) -> (Document, Analysis) {
    let text = format!("{title}\n\n{body}\n");
    let doc = eventwire_ingest::document_from_text(key, None, &text);
    let cp = |needle: &str| -> (usize, usize) {
        let b = doc.source_text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in fixture"));
        let s = doc.source_text[..b].chars().count();
        (s, s + needle.chars().count())
    };
    let mut out_events = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let (s, end) = cp(e.quote);
        let (pname, gn, lat, lon) = e.place;
        out_events.push(Event {
            id: format!("{key}#e{i}"),
            acled_event_type: e.sub.0.into(),
            acled_sub_event_type: e.sub.1.into(),
            date: Some(e.date.into()),
            date_precision: DatePrecision::Day,
            date_is_report_date: false,
            place: Some(place(pname, gn, lat, lon, cp(pname).0)),
            location: Some(EventLocation {
                geo_precision: 1,
                admin_level: AdminLevel::Place,
                source: LocationSource::Sentence,
                start: cp(pname).0,
                end: cp(pname).1,
                relative: None,
                point_from: None,
            }),
            actor1: Some(e.actors.0.into()),
            actor2: Some(e.actors.1.into()),
            fatalities: e.fatalities,
            injured: None,
            displaced: None,
            modality: Modality::Asserted,
            claimant: None,
            rule: "test".into(),
            // The first word of the quote stands for the trigger.
            evidence: vec![Evidence {
                start: s,
                end,
                quote: e.quote.into(),
                trigger: Some(Span::new(s, s + e.quote.split(' ').next().unwrap().chars().count())),
            }],
            scope: Default::default(),
            category: None,
            historical: false,
            claims_event: None,
            claimed_in: None,
            type_probability: None,
        });
    }
    let figures = figs
        .iter()
        .map(|f| {
            let (s, e) = cp(f.quote);
            Figure {
                value: Some(f.value),
                min: None,
                max: None,
                qualifier: f.qualifier.into(),
                category: FigureCategory::Killed,
                what: "Islamic State fighters".into(),
                claimant: Some(f.claimant.into()),
                as_of: Some(f.as_of.into()),
                start: s,
                end: e,
                quote: f.quote.into(),
            }
        })
        .collect();
    let analysis = Analysis {
        doc: DocOut {
            id: key.into(),
            path: None,
            title: Some(title.into()),
            outlet: Some("Fixture Wire".into()),
            agency: None,
            byline: None,
            dateline: None,
            url: None,
            published: Some(published.into()),
            published_basis: PublishedBasis::Field,
            published_confidence: 1.0,
            published_reason: None,
            date_candidates: Vec::new(),
            warnings: Vec::new(),
            lang: Some("en".into()),
            spans: BTreeMap::new(),
            outlet_home: None,
        },
        places: Vec::new(),
        actors: Vec::new(),
        times: Vec::new(),
        events: out_events,
        figures,
    };
    (doc, analysis)
}

pub const IQ: (&str, &str) = ("Military Forces of Iraq", "Islamic State");

pub fn corpus() -> Vec<(Document, Analysis)> {
    vec![
        coded(
            "wire/hamam",
            "Iraqi troops take Hamam al-Alil",
            "2016-11-08",
            "Iraqi troops recaptured the town of Hamam al-Alil from Islamic State on Monday, the army said. \
             Air strikes on Mosul killed five people on November 20. Iraqi commanders said at least 1,000 \
             Islamic State militants died in the fighting of December.",
            &[
                Ev {
                    sub: ("Battles", "Government regains territory"),
                    date: "2016-11-07",
                    place: ("Hamam al-Alil", 99_001, 36.16, 43.26),
                    actors: IQ,
                    fatalities: None,
                    quote: "Iraqi troops recaptured the town of Hamam al-Alil from Islamic State on Monday",
                },
                Ev {
                    sub: ("Explosions/Remote violence", "Air/drone strike"),
                    date: "2016-11-20",
                    place: ("Mosul", 99_002, 36.34, 43.13),
                    actors: IQ,
                    fatalities: Some(5),
                    quote: "Air strikes on Mosul killed five people on November 20",
                },
            ],
            &[Fig {
                value: 1000,
                qualifier: "at_least",
                claimant: "Iraqi commanders",
                as_of: "2016-12",
                quote: "at least 1,000 \
             Islamic State militants died in the fighting of December",
            }],
        ),
        coded(
            "wire/raqqa",
            "Fighting in Raqqa",
            "2017-06-07",
            "Syrian Democratic Forces clashed with Islamic State in Raqqa on June 6, killing 12. \
             The Pentagon said 980 Islamic State militants died in the fighting of December.",
            &[Ev {
                sub: ("Battles", "Armed clash"),
                date: "2017-06-06",
                place: ("Raqqa", 99_003, 35.95, 39.01),
                actors: ("Syrian Democratic Forces", "Islamic State"),
                fatalities: Some(12),
                quote: "Syrian Democratic Forces clashed with Islamic State in Raqqa on June 6, killing 12",
            }],
            &[Fig {
                value: 980,
                qualifier: "exact",
                claimant: "Pentagon",
                as_of: "2016-12",
                quote: "980 Islamic State militants died in the fighting of December",
            }],
        ),
        coded(
            "wire/taveuni",
            "Dateline test across the antimeridian",
            "2017-02-02",
            "Protesters gathered in Somosomo on February 1.",
            &[Ev {
                sub: ("Protests", "Peaceful protest"),
                date: "2017-02-01",
                place: ("Somosomo", 99_004, -16.77, 179.97),
                actors: ("Protesters (Fiji)", ""),
                fatalities: None,
                quote: "Protesters gathered in Somosomo on February 1",
            }],
            &[],
        ),
        // A second, independent report of the Hamam al-Alil event: merged into one record.
        coded(
            "other/hamam",
            "Army says Hamam al-Alil retaken",
            "2016-11-07",
            "The army said on Monday its forces had retaken Hamam al-Alil, south of Mosul.",
            &[Ev {
                sub: ("Battles", "Government regains territory"),
                date: "2016-11-07",
                place: ("Hamam al-Alil", 99_001, 36.16, 43.26),
                actors: IQ,
                fatalities: None,
                quote: "its forces had retaken Hamam al-Alil",
            }],
            &[],
        ),
    ]
}

pub fn app_with(config: Config) -> (Router, tempfile::TempDir) {
    app_over(corpus(), config)
}

/// The API over `docs`, stored and fused: in a SQLite store in a temporary directory, or, while
/// a test runs [`on_postgres`], in a new database of its PostgreSQL cluster.
pub fn app_over(docs: Vec<(Document, Analysis)>, config: Config) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    // `POST /api/ingest` analyses: with the fixture gazetteer when none is built.
    let data_dir = eventwire_test_support::data_dir().map(std::path::Path::to_path_buf);
    if let Some(url) = POSTGRES.with(|pg| pg.borrow().as_ref().map(PgRun::new_database)) {
        // The PostgreSQL client blocks: not on the test's runtime thread.
        let corpus = std::thread::scope(|s| {
            s.spawn(|| {
                let mut store = PgStore::connect(&url).unwrap();
                let items: Vec<NewDocument<'_>> = docs
                    .iter()
                    .map(|(document, analysis)| NewDocument { document, analysis, notes: None })
                    .collect();
                store.add_documents(&items).unwrap();
                store.fuse().unwrap();
                PgCorpus::connect(&url, data_dir).unwrap()
            })
            .join()
            .unwrap()
        });
        return (router(Arc::new(corpus), config), dir);
    }
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store.add_batch(&docs).unwrap();
    store.fuse().unwrap();
    (router(Arc::new(StoreCorpus::new(store, data_dir)), config), dir)
}

/// A PostgreSQL cluster whose databases [`app_over`] stores into, one per app.
pub struct PgRun {
    cluster: PgCluster,
    databases: Cell<usize>,
}

impl PgRun {
    fn new_database(&self) -> String {
        let n = self.databases.get() + 1;
        self.databases.set(n);
        self.cluster.create_database(&format!("api{n}"))
    }
}

thread_local! {
    /// Set while the tests of a file run on PostgreSQL (a `tokio::test` runs on its thread).
    static POSTGRES: RefCell<Option<PgRun>> = const { RefCell::new(None) };
}

/// While held, [`app_over`] builds its apps on PostgreSQL: a throwaway cluster, stopped when
/// this is dropped (a failed test included).
pub struct OnPostgres(());

impl Drop for OnPostgres {
    fn drop(&mut self) {
        POSTGRES.with(|pg| pg.borrow_mut().take());
    }
}

/// Start a cluster for `test`'s apps, or say that it skipped (no PostgreSQL or PostGIS).
pub fn postgres(test: &str) -> Option<OnPostgres> {
    let cluster = PgCluster::start(test)?;
    POSTGRES.with(|pg| *pg.borrow_mut() = Some(PgRun { cluster, databases: Cell::new(0) }));
    Some(OnPostgres(()))
}

/// Run `tests` (name, test) with every app on PostgreSQL, each test's apps in new databases
/// of one throwaway cluster; skipped, saying so, where PostgreSQL or PostGIS is missing.
pub async fn on_postgres(file: &str, tests: Vec<(&str, BoxedTest)>) {
    let Some(_pg) = postgres(&format!("{file} on PostgreSQL")) else { return };
    for (name, test) in tests {
        eprintln!("{file} on PostgreSQL: {name}");
        test().await;
    }
}

/// A test of a file's list (see [`on_both_stores`]).
pub type BoxedTest = fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// The tests `$name`, each an `async fn` of the file that builds its apps with [`app_over`],
/// run on the SQLite store (a `#[tokio::test]` each, in module `on_sqlite`) and on PostgreSQL
/// (all in one test, `on_postgres`, over one cluster).
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name().await
                }
            )*
        }

        #[tokio::test]
        async fn on_postgres() {
            let tests: Vec<(&str, common::BoxedTest)> =
                vec![$((stringify!($name), || Box::pin($name()))),*];
            common::on_postgres(file!(), tests).await;
        }
    };
}

/// The corpus plus an article with a flood (other news) and a background mention of a past
/// battle, each with a toll: neither belongs in the conflict record.
pub fn corpus_with_other_news() -> Vec<(Document, Analysis)> {
    let mut docs = corpus();
    let mut flood = coded(
        "wire/flood",
        "Floods in Tal Afar",
        "2017-03-02",
        "Floods swept through Tal Afar on March 1, killing 30 people. In 2014 Islamic State fighters \
         stormed Sinjar after clashes that killed 200 Peshmerga.",
        &[
            Ev {
                sub: ("Strategic developments", "Looting/property destruction"),
                date: "2017-03-01",
                place: ("Tal Afar", 99_005, 36.37, 42.45),
                actors: ("", ""),
                fatalities: Some(30),
                quote: "Floods swept through Tal Afar on March 1, killing 30 people",
            },
            Ev {
                sub: ("Battles", "Non-state actor overtakes territory"),
                date: "2014",
                place: ("Sinjar", 99_006, 36.32, 41.88),
                actors: ("Islamic State", "Peshmerga"),
                fatalities: Some(200),
                quote:
                    "In 2014 Islamic State fighters stormed Sinjar after clashes that killed 200 Peshmerga",
            },
        ],
        &[
            Fig { value: 30, qualifier: "exact", claimant: "", as_of: "2017-03-01", quote: "30 people" },
            Fig { value: 200, qualifier: "exact", claimant: "", as_of: "2014", quote: "200 Peshmerga" },
        ],
    );
    flood.1.events[0].scope = Scope::Other;
    flood.1.events[0].category = Some(EventCategory::NaturalDisaster);
    flood.1.events[1].historical = true;
    docs.push(flood);
    docs
}

pub fn app() -> (Router, tempfile::TempDir) {
    app_with(Config::default())
}

pub async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, headers, v)
}

pub async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (s, _, v) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, v)
}

pub async fn post_json(app: &Router, uri: &str, body: &str) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()));
    let (s, _, v) = send(app, req.unwrap()).await;
    (s, v)
}

pub fn assert_error(status: StatusCode, v: &Value, expect: StatusCode) {
    assert_eq!(status, expect, "{v}");
    assert_eq!(v["error"]["status"], expect.as_u16(), "{v}");
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

pub fn places_of(v: &Value) -> Vec<String> {
    v["events"].as_array().unwrap().iter().map(|e| e["place"]["name"].as_str().unwrap().to_string()).collect()
}
