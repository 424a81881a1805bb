//! Per-document view: lower-cased tokens, lemmas and clauses.

use eventwire_text::{Segmented, TokenKind};
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
    /// `words` for the one-byte ASCII words (punctuation, "a"): no hashing.
    byte_words: Vec<Option<WordInfo>>,
    /// `words` again, as a flat open-addressing table for the per-token lookups.
    table: WordTable,
    /// First-word ids of the flagged phrase sets, one set per bit ([`PhraseSet::flagged`]).
    flagged: Mutex<Vec<Vec<u32>>>,
    /// Per word id: the bits of the flagged sets it can start (filled by [`Lemmas::freeze`]).
    word_masks: Vec<u32>,
}

/// Open addressing over the bytes of a word: one hash of the bytes (no `str` terminator), a
/// probe on a flat slot array and a comparison of the full hash before the bytes.
#[derive(Debug, Default)]
struct WordTable {
    /// Index into `entries` + 1; 0 is an empty slot.
    slots: Vec<u32>,
    shift: u32,
    entries: Vec<(u64, Box<str>, WordInfo)>,
}

#[inline]
fn word_hash(b: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(b);
    h.finish()
}

impl WordTable {
    fn new(words: &FxMap<String, WordInfo>) -> Self {
        let mut entries: Vec<(u64, Box<str>, WordInfo)> =
            words.iter().map(|(w, i)| (word_hash(w.as_bytes()), w.as_str().into(), i.clone())).collect();
        // A fixed order: the table's layout does not depend on hash-map iteration.
        entries.sort_by(|a, b| a.1.cmp(&b.1));
        let bits = (entries.len() * 2).max(16).next_power_of_two().trailing_zeros();
        let mask = (1usize << bits) - 1;
        let shift = 64 - bits;
        let mut slots = vec![0u32; 1 << bits];
        for (k, (h, _, _)) in entries.iter().enumerate() {
            let mut j = (h >> shift) as usize;
            while slots[j] != 0 {
                j = (j + 1) & mask;
            }
            slots[j] = k as u32 + 1;
        }
        WordTable { slots, shift, entries }
    }

    #[inline]
    fn get(&self, w: &str) -> Option<&WordInfo> {
        if self.slots.is_empty() {
            return None;
        }
        let h = word_hash(w.as_bytes());
        let mask = self.slots.len() - 1;
        let mut j = (h >> self.shift) as usize;
        loop {
            let k = self.slots[j];
            if k == 0 {
                return None;
            }
            let (eh, key, info) = &self.entries[k as usize - 1];
            if *eh == h && bytes_eq(key.as_bytes(), w.as_bytes()) {
                return Some(info);
            }
            j = (j + 1) & mask;
        }
    }
}

#[derive(Debug, Clone)]
struct WordInfo {
    id: u32,
    lemma: Option<(String, u32)>,
    /// The lemma differs from the form (decided once, not per token).
    differs: bool,
    /// The flagged-set bits of the lemma's id and (when it differs) the form's id.
    mask: u32,
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
        let mut masks = vec![0u32; vocab.len().max(1)];
        let flagged = std::mem::take(self.flagged.get_mut().unwrap_or_else(|e| e.into_inner()));
        for (bit, firsts) in flagged.iter().enumerate() {
            for &k in firsts {
                if let Some(m) = masks.get_mut(k as usize) {
                    *m |= 1 << bit;
                }
            }
        }
        self.word_masks = masks;
        let mask = |k: u32| self.word_masks.get(k as usize).copied().unwrap_or(0);
        let mut words: FxMap<String, WordInfo> = FxMap::default();
        for (form, lemma) in &self.map {
            let (fid, lid, differs) = (id(form), id(lemma), lemma != form);
            let m = mask(lid) | if differs { mask(fid) } else { 0 };
            let info = WordInfo { id: fid, lemma: Some((lemma.clone(), lid)), differs, mask: m };
            words.insert(form.clone(), info);
        }
        for (w, &i) in &vocab {
            words.entry(w.clone()).or_insert(WordInfo { id: i, lemma: None, differs: false, mask: mask(i) });
        }
        *self.building.get_mut().unwrap_or_else(|e| e.into_inner()) = vocab;
        self.byte_words = (0u8..128).map(|c| words.get(&(c as char).to_string()).cloned()).collect();
        self.table = WordTable::new(&words);
        self.words = words;
    }

    /// Give the phrase set with these first words a bit of its own (load time only); 0 when
    /// all bits are taken or loading is over.
    pub fn flag(&self, firsts: Vec<u32>) -> u32 {
        let mut f = self.flagged.lock().unwrap_or_else(|e| e.into_inner());
        if !self.word_masks.is_empty() || f.len() >= 32 {
            return 0;
        }
        f.push(firsts);
        1 << (f.len() - 1)
    }

    #[inline]
    fn mask(&self, id: u32) -> u32 {
        self.word_masks.get(id as usize).copied().unwrap_or(0)
    }

    /// The id of a word, [`NO_WORD`] when no phrase uses it (after [`Lemmas::freeze`]).
    pub fn id(&self, w: &str) -> u32 {
        self.words.get(w).map(|i| i.id).unwrap_or(NO_WORD)
    }
}

/// `s.to_lowercase()`, written into `buf` (no allocation) when `s` is short ASCII.
pub fn lowered<'b>(s: &'b str, buf: &'b mut [u8; 64]) -> std::borrow::Cow<'b, str> {
    match buf.get_mut(..s.len()) {
        Some(b) if s.is_ascii() => {
            b.copy_from_slice(s.as_bytes());
            b.make_ascii_lowercase();
            // ASCII in, ASCII out.
            std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
        }
        _ => std::borrow::Cow::Owned(s.to_lowercase()),
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
    pub lower: Vec<&'a str>,
    /// Lemma from the table, `None` when the word is its own lemma.
    lemmas: Vec<Option<&'a str>>,
    /// Per token: ids of its lemma, its lower-cased form (when different) and its ASCII-folded
    /// form (acronyms of 3+ letters); [`NO_WORD`] where absent.
    pub ids: Vec<[u32; 3]>,
    /// Per token: id of its lower-cased form.
    pub low_ids: Vec<u32>,
    /// Per token: the bits of the flagged phrase sets one of its `ids` can start.
    masks: Vec<u32>,
    /// Per token: does its text contain a hyphen?
    hyphen: Vec<bool>,
}

const B_UPPER: u8 = 1;
/// Upper-case letter or `.`: the bytes an acronym ("U.S.", "ISIS") is made of.
const B_CAPS: u8 = 2;
const B_HIGH: u8 = 4;
const B_HYPHEN: u8 = 8;

/// Per byte: the flags [`DocView::new`] tests (bytes >= 0x80 only set [`B_HIGH`]).
static BYTE_FLAGS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            B_UPPER | B_CAPS
        } else if c == b'.' {
            B_CAPS
        } else if c == b'-' {
            B_HYPHEN
        } else if c >= 0x80 {
            B_HIGH
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Subordinators that open a clause (a `match`: no scan of a word list per token).
fn is_clause_word(w: &str) -> bool {
    matches!(w, "while" | "whereas" | "but" | "although" | "though" | "meanwhile" | "before" | "after")
}

impl<'a> DocView<'a> {
    /// `scratch` holds the lower-cased forms that differ from the text (one buffer, no
    /// allocation per token).
    pub fn new(text: &'a str, seg: &'a Segmented, lemmas: &'a Lemmas, scratch: &'a mut String) -> Self {
        scratch.clear();
        let n = seg.tokens.len();
        // One record per token, pushed once; the per-field vectors are copied out at the end.
        struct Tok<'a> {
            lower: &'a str,
            lem: Option<&'a str>,
            ids: [u32; 3],
            low_id: u32,
            mask: u32,
            hyphen: bool,
        }
        let mut toks: Vec<Tok<'a>> = Vec::with_capacity(n);
        // (token, start, end) of the forms lowered into `scratch`, set once it stops growing.
        let mut owned: Vec<(usize, u32, u32)> = Vec::new();
        let bytes = text.as_bytes();
        for (i, t) in seg.tokens.iter().enumerate() {
            let mut b = &bytes[t.start..t.end];
            // A possessive "'s" / "’s" is no part of the word (whole suffixes: still UTF-8).
            if b.len() > 2 && b.ends_with(b"'s") {
                b = &b[..b.len() - 2];
            } else if b.len() > 4 && b.ends_with("\u{2019}s".as_bytes()) {
                b = &b[..b.len() - 4];
            }
            // One table load per byte for every per-token test.
            let (mut any, mut all) = (0u8, B_CAPS);
            for &c in b {
                let f = BYTE_FLAGS[c as usize];
                any |= f;
                all &= f;
            }
            let (any_upper, ascii) = (any & B_UPPER != 0, any & B_HIGH == 0);
            let hyphen = any & B_HYPHEN != 0;
            // Acronyms keep their case: "IS" is not "is", "US" not "us".
            let acronym = b.len() >= 2 && all & B_CAPS != 0;
            let orig: &'a str = &text[t.start..t.start + b.len()];
            let upper = !acronym && if ascii { any_upper } else { orig.chars().any(char::is_uppercase) };
            let w: &str = if upper {
                let s = scratch.len();
                if ascii {
                    scratch.push_str(orig);
                    scratch[s..].make_ascii_lowercase();
                } else {
                    scratch.push_str(&orig.to_lowercase());
                }
                owned.push((i, s as u32, scratch.len() as u32));
                &scratch[s..]
            } else {
                orig
            };
            let info = match w.as_bytes() {
                &[c] if c < 0x80 => lemmas.byte_words.get(c as usize).and_then(Option::as_ref),
                _ => lemmas.table.get(w),
            };
            // `w` is the table's key: the lemma differs from it as from the form.
            let (lem, lem_id, low_id, differs, mut mask) = match info {
                Some(WordInfo { id, lemma: Some((l, li)), differs, mask }) => {
                    (Some(l.as_str()), *li, *id, *differs, *mask)
                }
                Some(WordInfo { id, lemma: None, mask, .. }) => (None, *id, *id, false, *mask),
                None => (None, NO_WORD, NO_WORD, false, 0),
            };
            // Only unlowered acronyms still hold ASCII capitals.
            let fold = if !upper && acronym && any_upper && w.len() >= 3 {
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
            if fold != NO_WORD {
                mask |= lemmas.mask(fold);
            }
            toks.push(Tok {
                // Lowered forms are set once `scratch` stops growing.
                lower: if upper { "" } else { orig },
                lem,
                ids: [lem_id, if differs { low_id } else { NO_WORD }, fold],
                low_id,
                mask,
                hyphen,
            });
        }
        let arena: &'a str = scratch;
        for (i, s, e) in owned {
            toks[i].lower = &arena[s as usize..e as usize];
        }
        let lower = toks.iter().map(|t| t.lower).collect();
        let lems = toks.iter().map(|t| t.lem).collect();
        let ids = toks.iter().map(|t| t.ids).collect();
        let masks = toks.iter().map(|t| t.mask).collect();
        let low_ids = toks.iter().map(|t| t.low_id).collect();
        let hyphen = toks.iter().map(|t| t.hyphen).collect();
        DocView { text, seg, lower, lemmas: lems, ids, low_ids, masks, hyphen }
    }

    /// The bits of the flagged first-word sets ([`Lemmas::flag`]) token `i` can start.
    #[inline(always)]
    pub fn mask(&self, i: usize) -> u32 {
        self.masks[i]
    }

    /// The lemma of token `i`.
    pub fn lem(&self, i: usize) -> &str {
        match self.lemmas[i] {
            Some(l) => l,
            None => self.lower[i],
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

    pub fn has_hyphen(&self, i: usize) -> bool {
        self.hyphen[i]
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
                let w = self.lower[i];
                // Every word tested below has one of these first bytes and lengths.
                let cand = matches!(
                    (w.as_bytes().first(), w.len()),
                    (Some(b';' | b','), 1)
                        | (Some(b'a'), 3 | 5 | 8)
                        | (Some(b'b'), 3 | 6)
                        | (Some(b't'), 6)
                        | (Some(b'w'), 5 | 7)
                        | (Some(b'm'), 9)
                );
                if !cand {
                    continue;
                }
                let mut cut = None;
                if w == ";" || (is_clause_word(w) && i > start) {
                    cut = Some(if w == ";" { i + 1 } else { i });
                } else if w == "and" && i > start {
                    // "X advanced into A and the CTS battled B": a new subject starts a clause.
                    let look = (i + 1..(i + 4).min(s.end_token)).any(is_actor_start);
                    if look {
                        cut = Some(i);
                    }
                } else if w == "," && i + 1 < s.end_token {
                    let next = self.lower[i + 1];
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
    /// This set's bit in [`DocView`]'s per-token masks; 0 when it has none.
    bit: u32,
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
        PhraseSet { map, firsts, bit: 0 }
    }

    /// The same set, tested at each token by one bit of a precomputed mask (for the sets
    /// tried at every token; the bits are few).
    pub fn flagged(mut self, l: &Lemmas) -> Self {
        let mut firsts: Vec<u32> = self.map.keys().copied().collect();
        firsts.sort_unstable();
        self.bit = l.flag(firsts);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Can a phrase start with word `k`? One bit test, no hashing.
    #[inline(always)]
    fn starts_with_word(&self, k: u32) -> bool {
        self.firsts.get((k >> 6) as usize).is_some_and(|b| b >> (k & 63) & 1 != 0)
    }

    /// End of the longest phrase matching at token `i` (not crossing `end`).
    #[inline(always)]
    pub fn match_at(&self, d: &DocView, i: usize, end: usize) -> Option<usize> {
        if self.bit != 0 {
            if d.masks[i] & self.bit == 0 {
                return None;
            }
        } else if !d.ids[i].iter().any(|&k| self.starts_with_word(k)) {
            return None;
        }
        let [lem, low, fold] = d.ids[i];
        // Lemma first, then the lower-cased and the folded form.
        for k in [lem, low, fold] {
            if self.starts_with_word(k) {
                if let Some(e) = self.match_from(d, k, i, end) {
                    return Some(e);
                }
            }
        }
        None
    }

    #[inline(never)]
    fn match_from(&self, d: &DocView, k: u32, i: usize, end: usize) -> Option<usize> {
        self.map.get(&k).and_then(|ps| ps.iter().find_map(|p| d.match_at(i, end, p)))
    }

    /// First match in tokens `[from, to)`.
    pub fn find(&self, d: &DocView, from: usize, to: usize) -> Option<(usize, usize)> {
        (from..to).find_map(|i| self.match_at(d, i, to).map(|e| (i, e)))
    }
}

/// Bitset of the first words of several phrase sets: one test rules a token out for all.
#[derive(Debug, Default, Clone)]
pub struct FirstWords(Vec<u64>, u32);

impl FirstWords {
    pub fn of(sets: &[&PhraseSet]) -> Self {
        let mut bits = vec![0u64; sets.iter().map(|s| s.firsts.len()).max().unwrap_or(0)];
        for s in sets {
            for (b, f) in bits.iter_mut().zip(&s.firsts) {
                *b |= f;
            }
        }
        // One mask test when every set has its bit.
        let mask = if sets.iter().all(|s| s.bit != 0) { sets.iter().fold(0, |m, s| m | s.bit) } else { 0 };
        FirstWords(bits, mask)
    }

    /// Can a phrase of one of the sets start at token `i`? (False: none matches there.)
    #[inline(always)]
    pub fn may_start(&self, d: &DocView, i: usize) -> bool {
        if self.1 != 0 {
            return d.masks[i] & self.1 != 0;
        }
        let test = |k: u32| self.0.get((k >> 6) as usize).is_some_and(|b| b >> (k & 63) & 1 != 0);
        let [lem, low, fold] = d.ids[i];
        test(lem) || test(low) || test(fold)
    }
}

/// The 1 to 7 bytes of `rest` as a little-endian word, zero-padded (what copying them into a
/// zeroed `[u8; 8]` gives), with at most two loads and no `memcpy` call.
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([rest[0], rest[1]]) as u64;
        let hi = u16::from_le_bytes([rest[n - 2], rest[n - 1]]) as u64;
        lo | hi << (8 * (n - 2))
    } else {
        rest.first().map_or(0, |b| *b as u64)
    }
}

/// `a == b`, without a `memcmp` call for words of up to 8 bytes.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && if a.len() <= 8 { tail_word(a) == tail_word(b) } else { a == b }
}

/// A `HashMap` with FxHash: the coder hashes a few short keys per token, where SipHash's DoS
/// resistance buys nothing (keys come from our own data files).
pub type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// A `HashSet` with FxHash.
pub type FxSet<K> = rustc_hash::FxHashSet<K>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_word_equals_a_zero_padded_copy() {
        let bytes = b"\x01\x82\x03\xf4\x05\x66\x07";
        for n in 0..=7 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(w), "{n} bytes");
        }
    }

    #[test]
    fn bytes_eq_is_slice_equality() {
        let words: [&[u8]; 9] =
            [b"", b"a", b"b", b"ab", b"abc", b"abcd", b"abcdefgh", b"abcdefgi", b"abcdefghij"];
        for a in words {
            for b in words {
                assert_eq!(bytes_eq(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn lower_forms_keep_acronyms_and_strip_possessives() {
        let text = "The SDF's fighters, U.S. troops and ISIS entered Raqa’s ÉCOLE";
        let seg = eventwire_text::segment(text);
        let lemmas = Lemmas::new(&[]);
        let mut scratch = String::new();
        let d = DocView::new(text, &seg, &lemmas, &mut scratch);
        assert_eq!(
            d.lower,
            ["the", "SDF", "fighters", ",", "U.S.", "troops", "and", "ISIS", "entered", "raqa", "école"]
        );
        assert!(!d.has_hyphen(0));
    }

    #[test]
    fn flagged_sets_match_where_plain_ones_do() {
        let pairs = [("killed".to_string(), "kill".to_string()), ("said".to_string(), "say".to_string())];
        let mut lemmas = Lemmas::new(&pairs);
        let phrases = |l: &Lemmas| {
            ["kill", "say", "according to", "US forces", "ISIS"]
                .iter()
                .map(|p| l.phrase(p))
                .collect::<Vec<_>>()
        };
        let plain = PhraseSet::new(&lemmas, phrases(&lemmas));
        let flagged = PhraseSet::new(&lemmas, phrases(&lemmas)).flagged(&lemmas);
        let other = PhraseSet::new(&lemmas, vec![lemmas.phrase("troops")]).flagged(&lemmas);
        let first = FirstWords::of(&[&flagged, &other]);
        assert!(flagged.bit != 0 && other.bit != 0 && flagged.bit != other.bit);
        lemmas.freeze();
        let text =
            "Officials said ISIS killed two; according to US forces, Isis was killed. The troops SAID so.";
        let seg = eventwire_text::segment(text);
        let mut scratch = String::new();
        let d = DocView::new(text, &seg, &lemmas, &mut scratch);
        let mut hits = 0;
        for i in 0..d.len() {
            assert_eq!(plain.match_at(&d, i, d.len()), flagged.match_at(&d, i, d.len()), "token {i}");
            let may = flagged.match_at(&d, i, d.len()).is_some() || other.match_at(&d, i, d.len()).is_some();
            assert!(!may || first.may_start(&d, i), "token {i}");
            hits += usize::from(flagged.match_at(&d, i, d.len()).is_some());
        }
        assert!(hits >= 5, "{hits}");
    }
}
