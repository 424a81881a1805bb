//! Per-document view: lower-cased tokens, lemmas and clauses.

use eventwire_text::{Segmented, TokenKind};
use std::borrow::Cow;
use std::collections::HashMap;

/// Interned lemma table: form -> lemma.
#[derive(Debug, Default)]
pub struct Lemmas {
    map: FxMap<String, String>,
}

impl Lemmas {
    pub fn new(pairs: &[(String, String)]) -> Self {
        Lemmas { map: pairs.iter().cloned().collect() }
    }

    /// The lemma of a lower-cased word (the word itself when unknown).
    pub fn lemma<'a>(&'a self, lower: &'a str) -> &'a str {
        self.map.get(lower).map(String::as_str).unwrap_or(lower)
    }

    /// Lemmatise a phrase written in the data files.
    pub fn phrase(&self, p: &str) -> Vec<String> {
        crate::doc::split_phrase(p).iter().map(|w| self.lemma(w).to_string()).collect()
    }
}

/// Split a data phrase into lower-cased words the way the tokenizer would.
pub fn split_phrase(p: &str) -> Vec<String> {
    let lower = p.to_lowercase();
    eventwire_text::tokenize(&lower).iter().map(|t| lower[t.start..t.end].to_string()).collect()
}

/// A clause: a token range inside one sentence.
#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

/// The tokens of a document with their lower-cased forms and lemmas.
pub struct DocView<'a> {
    pub text: &'a str,
    pub seg: &'a Segmented,
    pub lower: Vec<Cow<'a, str>>,
    /// Lemma from the table, `None` when the word is its own lemma.
    lemmas: Vec<Option<&'a str>>,
}

const CLAUSE_WORDS: &[&str] =
    &["while", "whereas", "but", "although", "though", "meanwhile", "before", "after"];

impl<'a> DocView<'a> {
    pub fn new(text: &'a str, seg: &'a Segmented, lemmas: &'a Lemmas) -> Self {
        let lower: Vec<Cow<str>> = seg
            .tokens
            .iter()
            .map(|t| {
                let w = &text[t.start..t.end];
                let w = w
                    .strip_suffix("'s")
                    .or_else(|| w.strip_suffix("\u{2019}s"))
                    .filter(|s| !s.is_empty())
                    .unwrap_or(w);
                // Acronyms keep their case: "IS" is not "is", "US" not "us".
                let acronym = w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.');
                if acronym {
                    Cow::Borrowed(w)
                } else if w.chars().any(char::is_uppercase) {
                    Cow::Owned(w.to_lowercase())
                } else {
                    Cow::Borrowed(w)
                }
            })
            .collect();
        let lemmas = lower.iter().map(|w| lemmas.map.get(w.as_ref()).map(String::as_str)).collect();
        DocView { text, seg, lower, lemmas }
    }

    /// The lemma of token `i`.
    pub fn lem(&self, i: usize) -> &str {
        match self.lemmas[i] {
            Some(l) => l,
            None => self.lower[i].as_ref(),
        }
    }

    pub fn len(&self) -> usize {
        self.seg.tokens.len()
    }

    pub fn tok_text(&self, i: usize) -> &'a str {
        let t = self.seg.tokens[i];
        &self.text[t.start..t.end]
    }

    pub fn is_number(&self, i: usize) -> bool {
        self.seg.tokens[i].kind == TokenKind::Number
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.seg.tokens[i].kind == TokenKind::Punct
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.seg.tokens.partition_point(|t| t.start < pos)
    }

    /// Index of the token containing or starting after `pos`.
    pub fn token_containing(&self, pos: usize) -> usize {
        self.seg.tokens.partition_point(|t| t.end <= pos)
    }

    /// Does the lemma phrase `p` match at token `i` (not crossing `end`)? Returns the end token.
    /// `*` matches any one token.
    pub fn match_at(&self, i: usize, end: usize, p: &[String]) -> Option<usize> {
        if i + p.len() > end {
            return None;
        }
        for (k, w) in p.iter().enumerate() {
            let l = self.lower[i + k].as_ref();
            if w != "*" && self.lem(i + k) != *w && l != w && !(l.len() >= 3 && l.eq_ignore_ascii_case(w)) {
                return None;
            }
        }
        Some(i + p.len())
    }

    /// Split every sentence into clauses at ";", subordinators and ", and"/"and" before an actor.
    pub fn clauses(&self, actor_starts: &[usize]) -> Vec<Clause> {
        let mut out = Vec::new();
        let is_actor_start = |tok: usize| {
            let pos = self.seg.tokens[tok].start;
            actor_starts.binary_search(&pos).is_ok()
        };
        for (si, s) in self.seg.sentences.iter().enumerate() {
            let mut start = s.first_token;
            for i in s.first_token..s.end_token {
                let w = self.lower[i].as_ref();
                let mut cut = None;
                if w == ";" || (CLAUSE_WORDS.contains(&w) && i > start) {
                    cut = Some(if w == ";" { i + 1 } else { i });
                } else if w == "and" && i > start {
                    // "X advanced into A and the CTS battled B": a new subject starts a clause.
                    let look = (i + 1..(i + 4).min(s.end_token)).any(is_actor_start);
                    if look {
                        cut = Some(i);
                    }
                } else if w == "," && i + 1 < s.end_token {
                    let next = self.lower[i + 1].as_ref();
                    if matches!(
                        next,
                        "with"
                            | "as"
                            | "which"
                            | "who"
                            | "where"
                            | "adding"
                            | "saying"
                            | "killing"
                            | "leaving"
                            | "wounding"
                            | "injuring"
                    ) {
                        // Participial "killing N" stays with its event: do not cut there.
                        if !matches!(next, "killing" | "leaving" | "wounding" | "injuring") {
                            cut = Some(i + 1);
                        }
                    }
                }
                if let Some(c) = cut {
                    if c > start {
                        out.push(Clause { sentence: si, start, end: c });
                        start = c;
                    }
                }
            }
            if s.end_token > start {
                out.push(Clause { sentence: si, start, end: s.end_token });
            }
        }
        out
    }
}

/// Lemma phrases indexed by their first word, so matching at a token only tries the phrases
/// that can start there.
#[derive(Debug, Default, Clone)]
pub struct PhraseSet {
    map: FxMap<String, Vec<Vec<String>>>,
}

impl PhraseSet {
    pub fn new(phrases: impl IntoIterator<Item = Vec<String>>) -> Self {
        let mut map: FxMap<String, Vec<Vec<String>>> = FxMap::default();
        for p in phrases.into_iter().filter(|p| !p.is_empty()) {
            map.entry(p[0].clone()).or_default().push(p);
        }
        for v in map.values_mut() {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v.dedup();
        }
        PhraseSet { map }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// End of the longest phrase matching at token `i` (not crossing `end`).
    pub fn match_at(&self, d: &DocView, i: usize, end: usize) -> Option<usize> {
        let lemma = d.lem(i);
        let lower = d.lower[i].as_ref();
        let folded;
        let mut keys: [&str; 3] = [lemma, "", ""];
        if lower != lemma {
            keys[1] = lower;
        }
        if lower.bytes().any(|b| b.is_ascii_uppercase()) && lower.len() >= 3 {
            folded = lower.to_ascii_lowercase();
            keys[2] = folded.as_str();
        }
        keys.iter()
            .filter(|k| !k.is_empty())
            .find_map(|k| self.map.get(*k).and_then(|ps| ps.iter().find_map(|p| d.match_at(i, end, p))))
    }

    /// First match in tokens `[from, to)`.
    pub fn find(&self, d: &DocView, from: usize, to: usize) -> Option<(usize, usize)> {
        (from..to).find_map(|i| self.match_at(d, i, to).map(|e| (i, e)))
    }
}

/// A small, fast hasher for short string keys (FxHash): the coder hashes a few keys per token,
/// where SipHash's DoS resistance buys nothing (keys come from our own data files).
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
        }
        for &b in chunks.remainder() {
            self.hash = (self.hash.rotate_left(5) ^ b as u64).wrapping_mul(SEED);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.hash = (self.hash.rotate_left(5) ^ i as u64).wrapping_mul(SEED);
    }
    fn write_usize(&mut self, i: usize) {
        self.hash = (self.hash.rotate_left(5) ^ i as u64).wrapping_mul(SEED);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `BuildHasher` for [`FxHasher`].
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;
/// A `HashSet` with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, FxBuild>;
