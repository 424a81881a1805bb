//! The documents under one input: stdin, one file, or a directory walked lazily, depth first
//! in sorted order, each directory once.

use crate::{format_from_path, DocIter, DocResult, Format, Ingest, IngestError};
use std::collections::{BTreeSet, VecDeque};
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Streaming iterator over the documents of one input (see [`Ingest::read`]).
pub struct Inputs<'a> {
    ingest: &'a Ingest,
    input: String,
    started: bool,
    root: PathBuf,
    /// Directory walk: a stack of sorted entry lists.
    dirs: Vec<std::vec::IntoIter<PathBuf>>,
    seen_dirs: BTreeSet<PathBuf>,
    current: Option<DocIter<'a>>,
    queued: VecDeque<DocResult>,
}

impl<'a> Inputs<'a> {
    pub(crate) fn new(ingest: &'a Ingest, input: &str) -> Self {
        Inputs {
            ingest,
            input: input.to_string(),
            started: false,
            dirs: Vec::new(),
            seen_dirs: Default::default(),
            root: PathBuf::from(input),
            current: None,
            queued: VecDeque::new(),
        }
    }

    fn start(&mut self) {
        self.started = true;
        if self.input == "-" {
            let stdin = Box::new(BufReader::with_capacity(64 * 1024, std::io::stdin()));
            self.current = Some(self.ingest.open(stdin, "-".into(), "stdin".into(), None));
            return;
        }
        let p = self.root.clone();
        match std::fs::metadata(&p) {
            Err(e) => self.queued.push_back(Err(IngestError::new(&self.input, e.to_string()))),
            Ok(m) if m.is_dir() => {
                self.seen_dirs.insert(std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()));
                match sorted_entries(&p) {
                    Ok(v) => self.dirs.push(v.into_iter()),
                    Err(e) => self.queued.push_back(Err(e)),
                }
            }
            Ok(_) => {
                let id = p
                    .file_stem()
                    .map(|s| strip_ext(&s.to_string_lossy()))
                    .unwrap_or_else(|| self.input.clone());
                self.current = Some(open_file(self.ingest, &p, id));
            }
        }
    }
}

/// Documents of one file.
fn open_file<'a>(ingest: &'a Ingest, path: &Path, id: String) -> DocIter<'a> {
    let origin = path.display().to_string();
    let fail =
        |m: String| -> DocIter<'a> { Box::new(std::iter::once(Err(IngestError::new(origin.clone(), m)))) };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(e.to_string()),
    };
    let format = format_from_path(path);
    // Sizes are known only for regular files (not for pipes such as `<(cmd)`).
    if let Some(m) = file.metadata().ok().filter(|m| m.is_file()) {
        let len = m.len();
        // Streaming formats are limited per line / record instead.
        let streaming = matches!(format, Some(Format::Jsonl | Format::Warc));
        if len > ingest.max_bytes && !streaming {
            return fail(format!("file is too large ({len} bytes; the limit is {} bytes)", ingest.max_bytes));
        }
        if len == 0 {
            return fail("empty file".into());
        }
    }
    ingest.open(Box::new(BufReader::with_capacity(64 * 1024, file)), origin, id, format)
}

impl Inputs<'_> {
    /// Next file of the directory walk, or `None` when the walk is over.
    fn next_file(&mut self) -> Option<Result<PathBuf, IngestError>> {
        loop {
            let top = self.dirs.last_mut()?;
            match top.next() {
                None => {
                    self.dirs.pop();
                }
                Some(p) => match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => {
                        // A symlink back up the tree would loop forever: visit each directory once.
                        let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                        if !self.seen_dirs.insert(real) {
                            continue;
                        }
                        match sorted_entries(&p) {
                            Ok(v) => self.dirs.push(v.into_iter()),
                            Err(e) => return Some(Err(e)),
                        }
                    }
                    // Only regular files: a FIFO or device inside a directory could block forever.
                    Ok(m) if m.is_file() => return Some(Ok(p)),
                    Ok(_) => {}
                    Err(e) => return Some(Err(IngestError::new(p.display().to_string(), e.to_string()))),
                },
            }
        }
    }
}

/// Visible entries of a directory, sorted by name for deterministic output.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let rd =
        std::fs::read_dir(dir).map_err(|e| IngestError::new(dir.display().to_string(), e.to_string()))?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    v.sort();
    Ok(v)
}

/// "a.warc" from "a.warc" stem of "a.warc.gz": drop a second extension we know.
fn strip_ext(stem: &str) -> String {
    match stem.rsplit_once('.') {
        Some((base, ext)) if format_from_path(Path::new(&format!("x.{ext}"))).is_some() => base.to_string(),
        _ => stem.to_string(),
    }
}

impl Iterator for Inputs<'_> {
    type Item = DocResult;

    fn next(&mut self) -> Option<DocResult> {
        if !self.started {
            self.start();
        }
        loop {
            if let Some(q) = self.queued.pop_front() {
                return Some(q);
            }
            if let Some(cur) = self.current.as_mut() {
                if let Some(d) = cur.next() {
                    return Some(d);
                }
                self.current = None;
            }
            match self.next_file()? {
                Err(e) => return Some(Err(e)),
                Ok(p) => {
                    let rel = p.strip_prefix(&self.root).unwrap_or(&p);
                    let rel = rel.with_file_name(
                        rel.file_stem().map(|s| strip_ext(&s.to_string_lossy())).unwrap_or_default(),
                    );
                    let id = rel.to_string_lossy().replace('\\', "/");
                    self.current = Some(open_file(self.ingest, &p, id));
                }
            }
        }
    }
}
