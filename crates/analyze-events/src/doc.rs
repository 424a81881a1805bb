//! Per-document view: lower-cased tokens, lemmas and clauses.

use eventwire_text::{Segmented, TokenKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

/// Lemma table (form -> lemma) and the vocabulary of every word the data's phrases use.
///
/// Phrases are compiled to word ids at load ([`Lemmas::ids`]); each token of a document gets
/// the ids of its lemma, its lower-cased form and its ASCII-folded form once
/// ([`DocView::new`]), so matching a phrase compares integers instead of strings.
#[derive(Debug, Default)]
pub struct Lemmas {
    map: FxMap<String, String>,
    /// Words interned while the data is compiled (`&self`: the builders only borrow).
    building: Mutex<FxMap<String, u32>>,
    /// Frozen at the end of loading: form -> (its id, its lemma and the lemma's id).
    words: FxMap<String, WordInfo>,
}

#[derive(Debug, Clone)]
struct WordInfo {
    id: u32,
    lemma: Option<(String, u32)>,
}

/// Id of a word no phrase uses.
pub const NO_WORD: u32 = u32::MAX;
/// Id of the wildcard `*`.
pub const ANY_WORD: u32 = 0;

impl Lemmas {
    pub fn new(pairs: &[(String, String)]) -> Self {
        let l = Lemmas { map: pairs.iter().cloned().collect(), ..Default::default() };
        l.intern("*");
        l
    }

    /// The lemma of a lower-cased word (the word itself when unknown).
    pub fn lemma<'a>(&'a self, lower: &'a str) -> &'a str {
        self.map.get(lower).map(String::as_str).unwrap_or(lower)
    }

    /// Lemmatise a phrase written in the data files.
    pub fn phrase(&self, p: &str) -> Vec<String> {
        crate::doc::split_phrase(p).iter().map(|w| self.lemma(w).to_string()).collect()
    }

    /// The id of a word, interning it (load time only).
    pub fn intern(&self, w: &str) -> u32 {
        let mut m = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.len() as u32;
        *m.entry(w.to_string()).or_insert(n)
    }

    /// A phrase as word ids (load time only).
    pub fn ids(&self, p: &[String]) -> Box<[u32]> {
        p.iter().map(|w| self.intern(w)).collect()
    }

    /// End loading: fix the vocabulary for per-document lookups.
    pub fn freeze(&mut self) {
        let vocab = std::mem::take(self.building.get_mut().unwrap_or_else(|e| e.into_inner()));
        let id = |w: &str| vocab.get(w).copied().unwrap_or(NO_WORD);
        let mut words: FxMap<String, WordInfo> = FxMap::default();
        for (form, lemma) in &self.map {
            words.insert(form.clone(), WordInfo { id: id(form), lemma: Some((lemma.clone(), id(lemma))) });
        }
        for (w, &i) in &vocab {
            words.entry(w.clone()).or_insert(WordInfo { id: i, lemma: None });
        }
        *self.building.get_mut().unwrap_or_else(|e| e.into_inner()) = vocab;
        self.words = words;
    }

    /// The id of a word, [`NO_WORD`] when no phrase uses it (after [`Lemmas::freeze`]).
    pub fn id(&self, w: &str) -> u32 {
        self.words.get(w).map(|i| i.id).unwrap_or(NO_WORD)
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
    /// Per token: ids of its lemma, its lower-cased form (when different) and its ASCII-folded
    /// form (acronyms of 3+ letters); [`NO_WORD`] where absent.
    pub ids: Vec<[u32; 3]>,
    /// Per token: id of its lower-cased form.
    pub low_ids: Vec<u32>,
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
        let mut lems = Vec::with_capacity(lower.len());
        let mut ids = Vec::with_capacity(lower.len());
        let mut low_ids = Vec::with_capacity(lower.len());
        for w in &lower {
            let w = w.as_ref();
            let (lem, lem_id, low_id) = match lemmas.words.get(w) {
                Some(WordInfo { id, lemma: Some((l, li)) }) => (Some(l.as_str()), *li, *id),
                Some(WordInfo { id, lemma: None }) => (None, *id, *id),
                None => (None, NO_WORD, NO_WORD),
            };
            let fold = if w.len() >= 3 && w.bytes().any(|b| b.is_ascii_uppercase()) {
                let mut buf = [0u8; 48];
                match buf.get_mut(..w.len()) {
                    Some(b) => {
                        b.copy_from_slice(w.as_bytes());
                        b.make_ascii_lowercase();
                        std::str::from_utf8(b).map(|f| lemmas.id(f)).unwrap_or(NO_WORD)
                    }
                    None => lemmas.id(&w.to_ascii_lowercase()),
                }
            } else {
                NO_WORD
            };
            let differs = lem.is_some_and(|l| l != w);
            lems.push(lem);
            low_ids.push(low_id);
            ids.push([lem_id, if differs { low_id } else { NO_WORD }, fold]);
        }
        DocView { text, seg, lower, lemmas: lems, ids, low_ids }
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

    /// Does the phrase `p` (word ids) match at token `i` (not crossing `end`)? Returns the end
    /// token. A word matches a token's lemma, lower-cased form or ASCII-folded form; `*`
    /// matches any one token.
    pub fn match_at(&self, i: usize, end: usize, p: &[u32]) -> Option<usize> {
        if i + p.len() > end {
            return None;
        }
        for (k, &w) in p.iter().enumerate() {
            if w != ANY_WORD && !self.ids[i + k].contains(&w) {
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
    map: FxMap<u32, Vec<Box<[u32]>>>,
    /// Bitset of the first words' ids: most tokens are rejected without hashing.
    firsts: Vec<u64>,
}

impl PhraseSet {
    /// Compile lemma phrases (interning their words in `l`).
    pub fn new(l: &Lemmas, phrases: impl IntoIterator<Item = Vec<String>>) -> Self {
        let mut by_first: FxMap<String, Vec<Vec<String>>> = FxMap::default();
        for p in phrases.into_iter().filter(|p| !p.is_empty()) {
            by_first.entry(p[0].clone()).or_default().push(p);
        }
        let mut map: FxMap<u32, Vec<Box<[u32]>>> = FxMap::default();
        for (first, mut v) in by_first {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v.dedup();
            map.insert(l.intern(&first), v.iter().map(|p| l.ids(p)).collect());
        }
        let mut firsts = vec![0u64; map.keys().max().map_or(0, |m| *m as usize / 64 + 1)];
        for &k in map.keys() {
            firsts[k as usize / 64] |= 1 << (k % 64);
        }
        PhraseSet { map, firsts }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// End of the longest phrase matching at token `i` (not crossing `end`).
    pub fn match_at(&self, d: &DocView, i: usize, end: usize) -> Option<usize> {
        let [lem, low, fold] = d.ids[i];
        let try_key = |k: u32| {
            let has = self.firsts.get(k as usize / 64).is_some_and(|b| b & (1 << (k % 64)) != 0);
            if !has {
                return None;
            }
            self.map.get(&k).and_then(|ps| ps.iter().find_map(|p| d.match_at(i, end, p)))
        };
        try_key(lem).or_else(|| try_key(low)).or_else(|| try_key(fold))
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
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail as one word (its length mixed in): one step instead of one per byte.
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            let w = u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59);
            self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
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
