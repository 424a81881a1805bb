//! A small streaming WARC reader: yields the HTML payload of `response` (HTTP) and
//! `resource` records one at a time, so large archives are never loaded whole.

use std::io::{BufRead, Read};

/// Header names (lower case) and values.
type Headers = Vec<(String, String)>;

/// An HTML page found in a WARC record.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based number of the record in the file.
    pub record: usize,
    pub target_uri: Option<String>,
    pub warc_date: Option<String>,
    /// `Content-Type` of the payload (HTTP header or WARC header), if any.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Most bytes of one record's WARC headers. Real records have a few hundred; the bound keeps a
/// stream of endless header lines from filling memory.
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Iterator over the HTML pages of a WARC stream. After an error it stops.
pub struct Records<R> {
    reader: R,
    record: usize,
    /// Pages yielded: a file without any says so at its end rather than give nothing.
    pages: usize,
    max_bytes: u64,
    done: bool,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, max_bytes: u64) -> Self {
        Records { reader, record: 0, pages: 0, max_bytes, done: false }
    }

    fn read_line(&mut self) -> Result<Option<String>, String> {
        let mut buf = Vec::new();
        let n = (&mut self.reader).take(64 * 1024).read_until(b'\n', &mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        if !buf.ends_with(b"\n") && n >= 64 * 1024 {
            return Err("header line too long".into());
        }
        Ok(Some(String::from_utf8_lossy(&buf).trim_end_matches(['\r', '\n']).to_string()))
    }

    /// The next record: its headers and content block; `None` at the end of the stream.
    fn next_record(&mut self) -> Result<Option<(Headers, Vec<u8>)>, String> {
        let version = loop {
            match self.read_line()? {
                None => return Ok(None),
                Some(l) if l.trim().is_empty() => continue,
                Some(l) => break l,
            }
        };
        self.record += 1;
        if !version.starts_with("WARC/") {
            return Err(format!(
                "record {}: expected a WARC/ version line, found {:?}",
                self.record,
                clip(&version)
            ));
        }
        let mut headers = Vec::new();
        let mut header_bytes = 0usize;
        loop {
            match self.read_line()? {
                None => return Err(format!("record {}: truncated in the headers", self.record)),
                Some(l) if l.is_empty() => break,
                Some(l) => {
                    header_bytes += l.len() + 2;
                    if header_bytes > MAX_HEADER_BYTES {
                        return Err(format!(
                            "record {}: headers over the limit of {MAX_HEADER_BYTES} bytes",
                            self.record
                        ));
                    }
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
        }
        let len: u64 = header(&headers, "content-length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("record {}: missing or bad Content-Length", self.record))?;
        if len > self.max_bytes {
            return Err(format!(
                "record {}: {len} bytes is over the size limit of {} bytes",
                self.record, self.max_bytes
            ));
        }
        let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
        (&mut self.reader).take(len).read_to_end(&mut body).map_err(|e| e.to_string())?;
        if (body.len() as u64) < len {
            return Err(format!("record {}: truncated ({} of {len} bytes)", self.record, body.len()));
        }
        Ok(Some((headers, body)))
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type {
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.contains("html")
        }
        None => {
            let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        }
    }
}

/// Split an HTTP response into headers and body, undoing chunked and gzip encodings.
fn http_payload(block: &[u8], max_bytes: u64) -> Result<(Headers, Vec<u8>), String> {
    let split = find(block, b"\r\n\r\n").map(|i| (i, 4)).or_else(|| find(block, b"\n\n").map(|i| (i, 2)));
    let Some((i, sep)) = split else { return Err("HTTP response without a header/body separator".into()) };
    let head = String::from_utf8_lossy(&block[..i]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    if !status.starts_with("HTTP/") {
        return Err(format!("not an HTTP response ({:?})", clip(status)));
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = block[i + sep..].to_vec();
    if header(&headers, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body)?;
    }
    match header(&headers, "content-encoding").map(str::to_ascii_lowercase).as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .take(max_bytes + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("bad gzip content: {e}"))?;
            if out.len() as u64 > max_bytes {
                return Err(format!("decompressed content is over the size limit of {max_bytes} bytes"));
            }
            body = out;
        }
        Some(other) => return Err(format!("unsupported Content-Encoding {other:?}")),
    }
    Ok((headers, body))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let i = find(b, b"\r\n").ok_or("bad chunked encoding")?;
        let size_str = String::from_utf8_lossy(&b[..i]);
        let size = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size".to_string())?;
        b = &b[i + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err("truncated chunked body".into());
        }
        out.extend_from_slice(&b[..size]);
        b = b[size..].strip_prefix(b"\r\n").unwrap_or(&b[size..]);
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Page, String>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let (headers, block) = match self.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.done = true;
                    if self.pages == 0 {
                        return Some(Err(format!("no HTML page (records read: {})", self.record)));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let kind = header(&headers, "warc-type").unwrap_or("").to_ascii_lowercase();
            let wct = header(&headers, "content-type").map(str::to_ascii_lowercase);
            let target_uri =
                header(&headers, "warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
            let warc_date = header(&headers, "warc-date").map(str::to_string);
            let (content_type, body) = match kind.as_str() {
                "response" if wct.as_deref().is_some_and(|c| c.starts_with("application/http")) => {
                    match http_payload(&block, self.max_bytes) {
                        Ok((h, body)) => (header(&h, "content-type").map(str::to_string), body),
                        Err(e) => return Some(Err(format!("record {}: {e}", self.record))),
                    }
                }
                "response" | "resource" => (header(&headers, "content-type").map(str::to_string), block),
                _ => continue,
            };
            if !is_html(content_type.as_deref(), &body) {
                continue;
            }
            self.pages += 1;
            return Some(Ok(Page { record: self.record, target_uri, warc_date, content_type, body }));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, ct: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <https://x.example/a>\r\nWARC-Date: 2017-06-30T10:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_html_responses_and_skips_others() {
        let mut w = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        w.extend(record("request", "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"));
        w.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><p>Hi</p></html>",
        ));
        w.extend(record(
            "response",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        w.extend(record(
            "response",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n5\r\nc</p>\r\n0\r\n\r\n",
        ));
        let pages: Vec<_> = Records::new(&w[..], 1 << 20).collect::<Result<_, _>>().unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].record, 3);
        assert_eq!(pages[0].body, b"<html><p>Hi</p></html>");
        assert_eq!(pages[0].target_uri.as_deref(), Some("https://x.example/a"));
        assert_eq!(pages[0].warc_date.as_deref(), Some("2017-06-30T10:00:00Z"));
        assert_eq!(pages[1].body, b"<p>abc</p>");
    }

    #[test]
    fn truncated_and_garbage_records_are_errors() {
        let mut w = record(
            "response",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>",
        );
        w.truncate(w.len() - 10);
        let r: Vec<_> = Records::new(&w[..], 1 << 20).collect();
        assert_eq!(r.len(), 1);
        assert!(r[0].as_ref().unwrap_err().contains("truncated"));
        let r: Vec<_> = Records::new(&b"hello world\n"[..], 1 << 20).collect();
        assert!(r[0].as_ref().unwrap_err().contains("record 1: expected a WARC/"));
    }

    #[test]
    fn endless_header_lines_are_refused_before_they_fill_memory() {
        let mut w = b"WARC/1.0\r\n".to_vec();
        let line = format!("X-Padding: {}\r\n", "a".repeat(1000));
        // Four times the limit: the reader stops at the limit and says why.
        for _ in 0..(4 * MAX_HEADER_BYTES / line.len()) {
            w.extend_from_slice(line.as_bytes());
        }
        let r: Vec<_> = Records::new(&w[..], 1 << 20).collect();
        assert_eq!(r.len(), 1);
        assert!(r[0].as_ref().unwrap_err().contains("headers over the limit"), "{:?}", r[0].as_ref().err());
    }

    #[test]
    fn a_file_without_an_html_page_says_so() {
        // Found by the read_warc fuzz target: such a file gave no document and no error.
        let w = record("resource", "text/dns", b"ip 1.2.3.4");
        let r: Vec<_> = Records::new(&w[..], 1 << 20).collect();
        assert_eq!(r, [Err("no HTML page (records read: 1)".to_string())]);
        let r: Vec<_> = Records::new(&b"\r\n\r\n"[..], 1 << 20).collect();
        assert_eq!(r, [Err("no HTML page (records read: 0)".to_string())]);
    }
}
