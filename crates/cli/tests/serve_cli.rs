//! `eventwire serve` as a process: it binds loopback, prints its address, answers HTTP with
//! the embedded page and the JSON API, and refuses bad arguments. Plain `std::net` on
//! 127.0.0.1; no other address is touched.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

mod common;
use std::time::Duration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db: &std::path::Path) -> (Server, String) {
    let mut child = common::eventwire()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start eventwire serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    (server, addr)
}

/// One HTTP/1.1 request; returns (status, body).
fn request(addr: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serves_page_and_api_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = start(&dir.path().join("store.db"));
    let (status, page) = request(&addr, "GET", "/", None);
    assert_eq!(status, 200);
    assert!(page.contains("<title>eventwire"), "{page}");
    let (status, body) = request(&addr, "GET", "/api/events", None);
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 0);
    let (status, body) = request(&addr, "GET", "/api/events?from=tomorrow", None);
    assert_eq!(status, 400);
    assert!(body.contains("\"error\""), "{body}");
    let (status, body) = request(&addr, "POST", "/api/ingest", Some("{\"text\": 1"));
    assert_eq!(status, 400, "{body}");
}

#[test]
fn bad_address_is_a_usage_error() {
    let out = common::eventwire().args(["serve", "--addr", "not-an-address"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--addr"));
}

#[test]
fn two_ingests_and_the_servers_post_write_to_one_store_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let (_server, addr) = start(&db);
    let corpus_of = |seed: u64, name: &str| {
        let p = dir.path().join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        eventwire_store::synth::write_jsonl(seed, 30, &mut f).unwrap();
        p
    };
    let mut ingests: Vec<Child> = [corpus_of(41, "a.jsonl"), corpus_of(42, "b.jsonl")]
        .iter()
        .map(|input| {
            common::eventwire()
                .args(["ingest", "--plain", "--batch-size", "2", "--jobs", "1", "--db"])
                .args([&db, input])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Articles posted one at a time for as long as the two ingests write their batches.
    let posted = dir.path().join("posted.jsonl");
    let mut lines = String::new();
    let mut beside_an_ingest = 0;
    for i in 0..40u64 {
        let running: usize = ingests.iter_mut().map(|c| c.try_wait().unwrap().is_none() as usize).sum();
        if i >= 4 && running == 0 {
            break;
        }
        beside_an_ingest += (running > 0) as usize;
        let a = eventwire_store::synth::article(43, i);
        let body = serde_json::json!({"id": a.id, "text": a.text, "published": a.published}).to_string();
        let (status, reply) = request(&addr, "POST", "/api/ingest", Some(&body));
        assert_eq!(status, 200, "{reply}");
        lines += &(body + "\n");
        // Reads are served meanwhile too.
        let (status, reply) = request(&addr, "GET", "/api/events?limit=5", None);
        assert_eq!(status, 200, "{reply}");
    }
    std::fs::write(&posted, lines).unwrap();
    assert!(beside_an_ingest > 0, "every POST came after the ingests ended");
    eprintln!("{beside_an_ingest} articles posted while an ingest ran");
    for child in ingests {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // The store holds what the three writers' articles give one after the other.
    let sequential = dir.path().join("sequential.db");
    let inputs = ["a.jsonl", "b.jsonl", "posted.jsonl"].map(|f| dir.path().join(f));
    let out = common::eventwire()
        .args(["ingest", "--plain", "--db"])
        .arg(&sequential)
        .args(inputs)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let documents =
        |db: &std::path::Path| eventwire_store::Store::open(db).unwrap().stats().unwrap().documents;
    assert_eq!(documents(&db), documents(&sequential));
}

#[test]
fn serve_answers_from_a_postgres_store_as_from_sqlite() {
    let Some(pg) =
        eventwire_test_support::PgCluster::start("serve_answers_from_a_postgres_store_as_from_sqlite")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("e.db");
    let articles = eventwire_test_support::repo_root().join("examples/articles").display().to_string();
    let sqlite_arg = sqlite.display().to_string();
    for db in [sqlite_arg.as_str(), pg.url()] {
        common::run(&["ingest", "--db", db, "--plain", &articles]);
    }
    let (_a, on_sqlite) = start(&sqlite);
    let (_b, on_pg) = start(std::path::Path::new(pg.url()));
    for path in
        ["/api/events?limit=1000&sort=newest", "/api/events/grid?zoom=2", "/api/places", "/api/report"]
    {
        let (status, body) = request(&on_pg, "GET", path, None);
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body, request(&on_sqlite, "GET", path, None).1, "{path}");
    }
    // Page by page after each page's cursor: both stores give the same pages and cursors.
    for sort in ["oldest", "newest", "fatalities", "sources"] {
        let (mut after, mut pages) = (String::new(), 0);
        loop {
            let path = format!("/api/events?limit=4&sort={sort}{after}");
            let (status, body) = request(&on_pg, "GET", &path, None);
            assert_eq!(status, 200, "{path}: {body}");
            assert_eq!(body, request(&on_sqlite, "GET", &path, None).1, "{path}");
            pages += 1;
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            match v["next"].as_str() {
                Some(c) => after = format!("&after={c}"),
                None => break,
            }
        }
        assert!(pages > 1, "{sort}: the list takes several pages");
    }
}
