//! JSON articles (`{"id", "title"?, "text", "published"?, "url"?, "outlet"?}`): JSON Lines
//! streamed line by line, and JSON arrays read whole.

use crate::{decode, DocResult, Hints, Ingest, IngestError};
use eventwire_model::{DateSource, Document};
use std::io::{BufRead, Read};

impl Ingest {
    /// The articles of a JSON array, numbered from 1 in errors.
    pub(crate) fn json_array(
        &self,
        json: &str,
        origin: &str,
        id_base: &str,
        warnings: &[String],
    ) -> Vec<DocResult> {
        match serde_json::from_str::<Vec<serde_json::Value>>(json) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let a = serde_json::from_value::<JsonArticle>(v).map_err(|e| e.to_string());
                    self.json_article(a, origin, id_base, i + 1, warnings.to_vec())
                        .map_err(|e| IngestError::new(origin, format!("item {}: {}", i + 1, e.message)))
                })
                .collect(),
            Err(e) => vec![Err(IngestError::new(origin, format!("invalid JSON: {e}")))],
        }
    }

    /// One article; `n` is its line (or item) number.
    fn json_article(
        &self,
        a: Result<JsonArticle, String>,
        origin: &str,
        id_base: &str,
        n: usize,
        mut warnings: Vec<String>,
    ) -> Result<Document, IngestError> {
        let bad = |m: String| IngestError::at_line(origin, n, m);
        let a = a.map_err(|e| bad(format!("invalid JSON: {e}")))?;
        let text = a.text.ok_or_else(|| bad("missing \"text\"".into()))?;
        if text.trim().is_empty() {
            return Err(bad("empty \"text\"".into()));
        }
        let id = match a.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None => {
                warnings.push("no \"id\"; derived from the file and line".into());
                format!("{id_base}:{n}")
            }
            Some(_) => return Err(bad("\"id\" must be a string or a number".into())),
        };
        let hints = Hints {
            title: a.title,
            outlet: a.outlet,
            url: a.url,
            byline: a.byline,
            dates: a.published.into_iter().map(|d| (d, DateSource::Field)).collect(),
        };
        self.document(&id, Some(origin), text, &hints, warnings).map_err(|e| bad(e.message))
    }
}

/// One JSON article. Unknown keys are ignored.
#[derive(serde::Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    #[serde(alias = "date", alias = "published_at")]
    published: Option<String>,
    url: Option<String>,
    #[serde(alias = "source")]
    outlet: Option<String>,
    #[serde(alias = "author")]
    byline: Option<String>,
}

/// Streams a JSON Lines file line by line.
pub(crate) struct JsonLines<'a> {
    ingest: &'a Ingest,
    reader: Box<dyn BufRead + 'a>,
    origin: String,
    id_base: String,
    line: usize,
    done: bool,
    /// Lines that held a document (or an error); none by the end is reported.
    items: usize,
}

impl<'a> JsonLines<'a> {
    pub(crate) fn new(
        ingest: &'a Ingest,
        reader: Box<dyn BufRead + 'a>,
        origin: String,
        id_base: String,
    ) -> Self {
        JsonLines { ingest, reader, origin, id_base, line: 0, done: false, items: 0 }
    }
}

impl Iterator for JsonLines<'_> {
    type Item = DocResult;

    fn next(&mut self) -> Option<DocResult> {
        let max = self.ingest.max_bytes;
        let mut buf = Vec::new();
        while !self.done {
            buf.clear();
            self.line += 1;
            let n = match (&mut self.reader).take(max + 1).read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::at_line(&self.origin, self.line, e.to_string())));
                }
            };
            if n == 0 {
                self.done = true;
                if self.items == 0 {
                    // A file of blank lines is no corpus: say so rather than end quietly.
                    return Some(Err(IngestError::new(&self.origin, "no documents: only blank lines")));
                }
                return None;
            }
            self.items += 1;
            if buf.len() as u64 > max {
                // Skip the rest of the over-long line.
                loop {
                    let mut rest = Vec::new();
                    match (&mut self.reader).take(1 << 20).read_until(b'\n', &mut rest) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if rest.ends_with(b"\n") => break,
                        Ok(_) => {}
                    }
                }
                return Some(Err(IngestError::at_line(
                    &self.origin,
                    self.line,
                    format!("line over the size limit of {max} bytes"),
                )));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                self.items -= 1;
                continue;
            }
            let d = match decode::decode(&buf, None) {
                Ok(d) => d,
                Err(e) => return Some(Err(IngestError::at_line(&self.origin, self.line, e.to_string()))),
            };
            let a = serde_json::from_str::<JsonArticle>(d.text.trim()).map_err(|e| e.to_string());
            return Some(self.ingest.json_article(a, &self.origin, &self.id_base, self.line, d.warnings));
        }
        None
    }
}
