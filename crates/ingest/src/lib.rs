//! Ingest: turn files, directories and stdin into normalised [`Document`]s with metadata.
//!
//! Readers: plain text, HTML (main-text extraction), JSON Lines
//! (`{"id", "title"?, "text", "published"?, "url"?, "outlet"?}`), RSS 2.0 / Atom feeds (one
//! document per item) and WARC (HTML responses), each optionally gzip-compressed. The
//! format is chosen by extension and, for unknown extensions and stdin, by sniffing.
//!
//! Reading is streaming: [`Ingest::read`] returns an iterator, directories are walked lazily
//! in sorted order, and JSON Lines and WARC files are read record by record. Every failure is
//! an [`IngestError`] naming the file (and the line for JSON Lines); the other inputs go on.
//!
//! ```no_run
//! let ingest = eventwire_ingest::Ingest::load(None).unwrap();
//! for doc in ingest.read("examples/articles") {
//!     match doc {
//!         Ok(doc) => println!("{} {:?}", doc.id, doc.meta.title.map(|t| t.value)),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! ```

mod dates;
mod decode;
mod feed;
mod html;
mod inputs;
mod jsonl;
mod knowledge;
mod meta;
mod normalize;
mod warc;

pub use dates::{find_dates, leading_date, FoundDate};
pub use inputs::Inputs;
pub use meta::Hints;
pub use normalize::normalize;

use eventwire_model::{DateSource, Document};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::OnceLock;

/// Default limit on the size of one input file (or one JSONL line / WARC record). Far above any
/// news article, and low enough that analysing one stays under 1 GB of memory (an 8 MB article
/// takes about 5 s and 730 MB).
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// An input that could not be read. Names the file and, for JSON Lines, the line.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

impl IngestError {
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        IngestError { origin: origin.into(), line: None, message: message.into() }
    }
    pub fn at_line(origin: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        IngestError { origin: origin.into(), line: Some(line), message: message.into() }
    }
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// The format a file's extension names, if it names one.
fn format_from_path(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = Path::new(name).extension()?.to_str()?;
    Some(match ext {
        "txt" | "text" | "md" => Format::Text,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "jsonl" | "ndjson" | "json" => Format::Jsonl,
        "rss" | "atom" | "xml" | "rdf" => Format::Feed,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// Guess the format from the first bytes.
pub fn sniff(head: &[u8]) -> Format {
    let s = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let t = s.trim_start_matches('\u{FEFF}').trim_start();
    let lower = t.chars().take(1024).collect::<String>().to_ascii_lowercase();
    if t.starts_with("WARC/") {
        Format::Warc
    } else if t.starts_with('{') {
        Format::Jsonl
    } else if lower.starts_with("<?xml")
        && (lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf"))
        || lower.starts_with("<rss")
        || lower.starts_with("<feed")
    {
        Format::Feed
    } else if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && (lower.contains("<body") || lower.contains("<p>") || lower.contains("<div")))
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// Loaded reader configuration and knowledge. Load once, read many inputs.
#[derive(Debug)]
pub struct Ingest {
    knowledge: knowledge::Knowledge,
    max_bytes: u64,
}

type DocResult = Result<Document, IngestError>;
type DocIter<'a> = Box<dyn Iterator<Item = DocResult> + 'a>;

impl Ingest {
    /// Load the built-in knowledge plus `data_dir/text/*` overrides.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, IngestError> {
        Ok(Ingest { knowledge: knowledge::Knowledge::load(data_dir)?, max_bytes: DEFAULT_MAX_BYTES })
    }

    /// Set the size limit for one file (and one JSONL line or WARC record).
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The size limit in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Every document under `input`: a file, a directory (recursive, sorted), or `-` for stdin.
    pub fn read<'a>(&'a self, input: &str) -> Inputs<'a> {
        Inputs::new(self, input)
    }

    /// Documents from bytes in memory, through the same readers as a file (gzip, the size
    /// limit and the binary check included). `format` is what an extension would say; `None`
    /// sniffs the bytes as for stdin. `origin` names the input in errors and ids.
    pub fn read_bytes<'a>(
        &'a self,
        bytes: &'a [u8],
        origin: &str,
        format: Option<Format>,
    ) -> impl Iterator<Item = Result<Document, IngestError>> + 'a {
        self.open(Box::new(bytes), origin.to_string(), origin.to_string(), format)
    }

    /// Build a document from text: normalise, then extract metadata.
    pub fn document(
        &self,
        id: &str,
        path: Option<&str>,
        source_text: String,
        hints: &Hints,
        warnings: Vec<String>,
    ) -> Result<Document, IngestError> {
        let origin = path.unwrap_or(id);
        let (text, offsets) = normalize(&source_text);
        if text.trim().is_empty() {
            return Err(IngestError::new(origin, "no text"));
        }
        let mut meta = meta::extract(&text, hints, &self.knowledge);
        let mut w = warnings;
        w.append(&mut meta.warnings);
        meta.warnings = w;
        Ok(Document { id: id.to_string(), path: path.map(str::to_string), source_text, text, offsets, meta })
    }

    /// Documents from one opened stream. `origin` names it in errors; `id_base` prefixes ids.
    fn open<'a>(
        &'a self,
        mut reader: Box<dyn BufRead + 'a>,
        origin: String,
        id_base: String,
        hint: Option<Format>,
    ) -> DocIter<'a> {
        let err = |m: String| -> DocIter<'a> {
            Box::new(std::iter::once(Err(IngestError::new(origin.clone(), m))))
        };
        let head = match reader.fill_buf() {
            Ok(h) => h.to_vec(),
            Err(e) => return err(e.to_string()),
        };
        if head.is_empty() {
            return err("empty file".into());
        }
        if head.starts_with(&[0x1f, 0x8b]) {
            let gz = flate2::read::MultiGzDecoder::new(reader);
            let inner = Box::new(BufReader::with_capacity(64 * 1024, gz));
            return self.open(inner, origin, id_base, hint);
        }
        let format = hint.unwrap_or_else(|| sniff(&head));
        if format != Format::Warc
            && !head.starts_with(&[0xFF, 0xFE])
            && !head.starts_with(&[0xFE, 0xFF])
            && decode::utf16_without_bom(&head).is_none()
            && decode::looks_binary(&head)
        {
            return err("binary file (not text)".into());
        }
        match format {
            Format::Jsonl if head.iter().find(|b| !b.is_ascii_whitespace()).is_none_or(|&b| b != b'[') => {
                Box::new(jsonl::JsonLines::new(self, reader, origin, id_base))
            }
            Format::Warc => {
                let records = warc::Records::new(reader, self.max_bytes);
                let mut n = 0;
                Box::new(records.map(move |r| {
                    let page = r.map_err(|m| IngestError::new(origin.clone(), m))?;
                    n += 1;
                    let id = format!("{id_base}#{n}");
                    let charset = decode::sniff_charset(page.content_type.as_deref(), &page.body);
                    let d = decode::decode(&page.body, charset.as_deref()).map_err(|e| {
                        IngestError::new(origin.clone(), format!("record {}: {e}", page.record))
                    })?;
                    let depth = html::nesting_depth(&d.text);
                    if depth > html::MAX_DEPTH {
                        let m = format!("record {}: HTML nested too deeply ({depth} levels)", page.record);
                        return Err(IngestError::new(origin.clone(), m));
                    }
                    let mut ex = html::extract_page(&d.text);
                    if ex.hints.url.is_none() {
                        ex.hints.url = page.target_uri.clone();
                    }
                    if let Some(date) = &page.warc_date {
                        // The crawl date: when the page was seen, not when it was written.
                        ex.hints.dates.push((date.clone(), DateSource::Page));
                    }
                    let path = format!("{origin}#record{}", page.record);
                    self.document(&id, Some(&origin), ex.text, &ex.hints, d.warnings)
                        .map_err(|e| IngestError::new(path, e.message))
                }))
            }
            _ => {
                let mut bytes = Vec::new();
                if let Err(e) = reader.take(self.max_bytes + 1).read_to_end(&mut bytes) {
                    return err(e.to_string());
                }
                if bytes.len() as u64 > self.max_bytes {
                    return err(format!("over the size limit of {} bytes", self.max_bytes));
                }
                Box::new(self.whole(format, &bytes, &origin, &id_base).into_iter())
            }
        }
    }

    /// Formats read whole: text, HTML, feeds, JSON arrays.
    fn whole(&self, format: Format, bytes: &[u8], origin: &str, id_base: &str) -> Vec<DocResult> {
        let charset = if format == Format::Html { decode::sniff_charset(None, bytes) } else { None };
        let d = match decode::decode(bytes, charset.as_deref()) {
            Ok(d) => d,
            Err(e) => return vec![Err(IngestError::new(origin, e.to_string()))],
        };
        match format {
            Format::Text | Format::Warc => {
                vec![self.document(id_base, Some(origin), d.text, &Hints::default(), d.warnings)]
            }
            Format::Html => {
                let depth = html::nesting_depth(&d.text);
                if depth > html::MAX_DEPTH {
                    return vec![Err(IngestError::new(
                        origin,
                        format!("HTML nested too deeply ({depth} levels)"),
                    ))];
                }
                let ex = html::extract_page(&d.text);
                if ex.text.trim().is_empty() {
                    return vec![Err(IngestError::new(origin, "no article text found in HTML"))];
                }
                vec![self.document(id_base, Some(origin), ex.text, &ex.hints, d.warnings)]
            }
            Format::Feed => self.feed(&d.text, origin, id_base, d.warnings),
            Format::Jsonl => self.json_array(&d.text, origin, id_base, &d.warnings),
        }
    }

    fn feed(&self, xml: &str, origin: &str, id_base: &str, warnings: Vec<String>) -> Vec<DocResult> {
        let feed = match feed::parse(xml) {
            Ok(f) => f,
            Err(e) => return vec![Err(IngestError::new(origin, e))],
        };
        let mut out = Vec::with_capacity(feed.items.len() + 1);
        if feed.items.is_empty() && feed.error.is_none() {
            out.push(Err(IngestError::new(origin, "feed has no items")));
        }
        for (i, item) in feed.items.into_iter().enumerate() {
            let n = i + 1;
            let title = item.title.clone().unwrap_or_default();
            // Some feeds repeat the headline at the top of the body: keep it once.
            let text = match (title.is_empty(), item.body.is_empty()) {
                (_, true) => title.clone(),
                (false, false) if !item.body.starts_with(&title) => format!("{title}\n\n{}", item.body),
                _ => item.body.clone(),
            };
            let hints = Hints {
                title: item.title.clone(),
                outlet: feed.title.clone(),
                url: item.link.clone(),
                byline: item.author.clone(),
                dates: item.dates.iter().map(|d| (d.clone(), DateSource::Field)).collect(),
            };
            let id = format!("{id_base}#{n}");
            out.push(
                self.document(&id, Some(origin), text, &hints, warnings.clone())
                    .map_err(|e| IngestError::new(origin, format!("item {n}: {}", e.message))),
            );
        }
        if let Some(e) = feed.error {
            out.push(Err(IngestError::new(
                origin,
                format!("feed is cut short after {} items: {e}", out.len()),
            )));
        }
        out
    }
}

fn default_ingest() -> &'static Ingest {
    static I: OnceLock<Ingest> = OnceLock::new();
    I.get_or_init(|| Ingest::load(None).expect("built-in ingest data is valid"))
}

/// Read every document under `input` (a file, a directory, or `-` for stdin) with the
/// built-in knowledge and default limits.
pub fn read_input(input: &str) -> Inputs<'static> {
    default_ingest().read(input)
}

/// A plain-text document with metadata, as if read from a `.txt` file.
pub fn document_from_text(id: &str, path: Option<&str>, text: &str) -> Document {
    default_ingest().document(id, path, text.to_string(), &Hints::default(), Vec::new()).unwrap_or_else(
        |_| {
            // Blank text: an empty document rather than an error, for callers building tests.
            Document { id: id.into(), path: path.map(str::to_string), ..Default::default() }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ingest() -> Ingest {
        Ingest::load(None).unwrap()
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    #[test]
    fn formats_by_extension_and_sniffing() {
        assert_eq!(format_from_path(Path::new("a/b.HTM")), Some(Format::Html));
        assert_eq!(format_from_path(Path::new("x.warc.gz")), Some(Format::Warc));
        assert_eq!(format_from_path(Path::new("x.ndjson")), Some(Format::Jsonl));
        assert_eq!(format_from_path(Path::new("README")), None);
        assert_eq!(sniff(b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(sniff(b"  {\"id\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"<?xml version='1.0'?>\n<rss>"), Format::Feed);
        assert_eq!(sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>"), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<div><p>x</p></div>"), Format::Html);
        assert_eq!(sniff(b"KABUL (AFP) - A blast <b>"), Format::Text);
    }

    #[test]
    fn directory_walk_is_recursive_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"Second\n\nBody two.");
        write(dir.path(), "a/z.txt", b"Nested\n\nBody nested.");
        write(dir.path(), "a.txt", b"First\n\nBody one.");
        write(dir.path(), ".hidden.txt", b"Hidden\n\nNo.");
        write(
            dir.path(),
            "c/feed.xml",
            b"<rss><channel><item><title>One</title></item><item><title>Two</title></item></channel></rss>",
        );
        let i = ingest();
        let ids: Vec<String> = i.read(dir.path().to_str().unwrap()).map(|d| d.unwrap().id).collect();
        assert_eq!(ids, ["a/z", "a", "b", "c/feed#1", "c/feed#2"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "sub/a.txt", b"Title\n\nBody.");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let ids: Vec<String> = ingest().read(dir.path().to_str().unwrap()).map(|d| d.unwrap().id).collect();
        assert_eq!(ids, ["sub/a"]);
    }

    #[test]
    fn jsonl_streams_and_names_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = Vec::new();
        writeln!(lines, r#"{{"id": "a", "text": "Alpha\n\nText one."}}"#).unwrap();
        writeln!(lines, r#"{{"id": 7, "text": "Beta", "published": "2017-06-30"}}"#).unwrap();
        writeln!(lines, "not json").unwrap();
        writeln!(lines, r#"{{"text": "No id here"}}"#).unwrap();
        writeln!(lines, r#"{{"id": "e", "text": "   "}}"#).unwrap();
        lines.extend_from_slice(b"{\"id\": \"w\", \"text\": \"caf\xe9\"}\n");
        write(dir.path(), "in.jsonl", &lines);
        let p = dir.path().join("in.jsonl");
        let out: Vec<_> = ingest().read(p.to_str().unwrap()).collect();
        assert_eq!(out.len(), 6);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        let b = out[1].as_ref().unwrap();
        assert_eq!((b.id.as_str(), b.meta.published.as_deref()), ("7", Some("2017-06-30")));
        let e = out[2].as_ref().unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("in.jsonl:3: invalid JSON"), "{e}");
        let d = out[3].as_ref().unwrap();
        assert_eq!(d.id, "in:4");
        assert!(d.meta.warnings[0].contains("no \"id\""));
        assert!(out[4].as_ref().unwrap_err().to_string().contains(":5: empty \"text\""));
        let w = out[5].as_ref().unwrap();
        assert_eq!(w.text, "café");
        assert!(w.meta.warnings[0].contains("windows-1252"));
    }

    #[test]
    fn feed_items_keep_a_repeated_headline_once() {
        let dir = tempfile::tempdir().unwrap();
        let xml = "<rss><channel><title>Wire</title><item><title>Blast in Kabul</title><description>Blast in Kabul\n\nKABUL (AFP) - A blast hit the city.</description></item></channel></rss>";
        write(dir.path(), "f.rss", xml.as_bytes());
        let d = ingest().read(dir.path().join("f.rss").to_str().unwrap()).next().unwrap().unwrap();
        assert_eq!(d.text.matches("Blast in Kabul").count(), 1, "{}", d.text);
        assert_eq!(d.meta.title.unwrap().span(), Some(eventwire_model::Span::new(0, 14)));
        assert_eq!(d.meta.agency.unwrap().value, "AFP");
    }

    #[test]
    fn absurdly_nested_html_is_refused_quickly() {
        let dir = tempfile::tempdir().unwrap();
        for tag in ["div", "main", "aside", "nav", "header"] {
            let html =
                "<html><body>".to_string() + &format!("<{tag}>").repeat(html::MAX_DEPTH + 1) + "<p>x</p>";
            write(dir.path(), "deep.html", html.as_bytes());
            let e =
                ingest().read(dir.path().join("deep.html").to_str().unwrap()).next().unwrap().unwrap_err();
            assert!(e.to_string().contains("deep.html: HTML nested too deeply (3001 levels)"), "{tag}: {e}");
        }
    }

    #[test]
    fn a_jsonl_file_of_blank_lines_says_it_holds_no_documents() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "blank.jsonl", b"\n  \n\t\n");
        let out: Vec<_> = ingest().read(dir.path().join("blank.jsonl").to_str().unwrap()).collect();
        assert_eq!(out.len(), 1);
        assert!(out[0].as_ref().unwrap_err().to_string().contains("no documents: only blank lines"));
    }

    #[test]
    fn json_array_files_are_read_too() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "arr.json", br#"[{"id": "x", "text": "One."}, {"id": "y"}]"#);
        let out: Vec<_> = ingest().read(dir.path().join("arr.json").to_str().unwrap()).collect();
        assert_eq!(out[0].as_ref().unwrap().id, "x");
        assert!(out[1].as_ref().unwrap_err().to_string().contains("item 2"));
    }

    #[test]
    fn gzip_text_and_size_limits() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"Ceasefire holds\n\n").unwrap();
        gz.write_all("No shelling was reported overnight. ".repeat(100).as_bytes()).unwrap();
        write(dir.path(), "a.txt.gz", &gz.finish().unwrap());
        let i = ingest();
        let d = i.read(dir.path().join("a.txt.gz").to_str().unwrap()).next().unwrap().unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.meta.title.unwrap().value, "Ceasefire holds");
        // The limit applies to the decompressed text too.
        let small = Ingest::load(None).unwrap().with_max_bytes(1000);
        let e = small.read(dir.path().join("a.txt.gz").to_str().unwrap()).next().unwrap().unwrap_err();
        assert!(e.message.contains("size limit of 1000 bytes"), "{e}");
    }

    #[test]
    fn offsets_map_normalised_text_back_to_source() {
        let src = "Kafr\u{a0}Nabl\u{200b} shelled\r\nTroops\u{2009}advanced.";
        let d = ingest().document("x", None, src.to_string(), &Hints::default(), Vec::new()).unwrap();
        assert_eq!(d.text, "Kafr Nabl shelled\nTroops advanced.");
        let chars: Vec<char> = src.chars().collect();
        let b = d.text.find("Troops").unwrap();
        let (s, e) = (d.offsets.to_source(b), d.offsets.to_source_end(b + "Troops advanced".len()));
        assert_eq!(chars[s..e].iter().collect::<String>(), "Troops\u{2009}advanced");
        assert_eq!(d.meta.title.unwrap().value, "Kafr Nabl shelled");
    }

    #[test]
    fn document_from_text_keeps_old_callers_working() {
        let d = document_from_text("id", Some("p.txt"), "MOSUL, Iraq (Reuters) - Troops advanced.");
        assert_eq!(d.meta.agency.unwrap().value, "Reuters");
        assert_eq!(document_from_text("e", None, " ").text, "");
    }
}
