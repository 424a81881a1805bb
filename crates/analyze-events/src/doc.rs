//! Per-document view: lower-cased tokens, lemmas and clauses, and the phrase and word sets
//! matched on it.

use crate::vocab::{FxMap, Lemmas, WordInfo, ANY_WORD, NO_WORD};
use eventwire_text::{Segmented, TokenKind};

/// Where a sentence splits into clauses.
#[derive(Debug, Default)]
pub struct ClauseWords {
    /// Words that open a clause ("while", "but").
    pub openers: WordSet,
    /// Words that open a clause after a comma (", which", ", saying").
    pub after_comma: WordSet,
    /// `openers` with ";", "," and "and": the tokens that may cut a clause.
    pub cuts: WordSet,
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

    /// Split every sentence into clauses at ";", the words that open a clause, a comma before
    /// one that opens a clause after it, and "and" before an actor (a new subject).
    pub fn clauses(&self, actor_starts: &[usize], words: &ClauseWords) -> Vec<Clause> {
        let mut out = Vec::new();
        let is_actor_start = |tok: usize| {
            let pos = self.seg.tokens[tok].start;
            actor_starts.binary_search(&pos).is_ok()
        };
        for (si, s) in self.seg.sentences.iter().enumerate() {
            let mut start = s.first_token;
            for i in s.first_token..s.end_token {
                // Most tokens can cut nothing: one bit test.
                if !self.lower_in(i, &words.cuts) {
                    continue;
                }
                let w = self.lower[i];
                let mut cut = None;
                if w == ";" || (self.lower_in(i, &words.openers) && i > start) {
                    cut = Some(if w == ";" { i + 1 } else { i });
                } else if w == "and" && i > start {
                    // "X advanced into A and the army battled B": a new subject starts a clause.
                    if (i + 1..(i + 4).min(s.end_token)).any(is_actor_start) {
                        cut = Some(i);
                    }
                } else if w == "," && i + 1 < s.end_token && self.lower_in(i + 1, &words.after_comma) {
                    cut = Some(i + 1);
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

/// A set of single words, tested on a token by word id: one bit test, no hashing, the same
/// answer as comparing the token's lower-cased form (or lemma) with each word.
#[derive(Debug, Default, Clone)]
pub struct WordSet(Vec<u64>);

impl WordSet {
    /// Compile a list of words (load time only). Each must be one token; with `lemmas` the
    /// set holds their lemmas (the set is then tested with [`DocView::lemma_in`]).
    pub fn new(l: &Lemmas, words: &[String], lemmas: bool) -> Result<Self, String> {
        let mut bits = Vec::new();
        for w in words {
            let parts = crate::vocab::split_phrase(w);
            let [one] = parts.as_slice() else {
                return Err(format!("{w:?} is not one word"));
            };
            let id = l.intern(if lemmas { l.lemma(one) } else { one }) as usize;
            if bits.len() <= id / 64 {
                bits.resize(id / 64 + 1, 0u64);
            }
            bits[id / 64] |= 1 << (id % 64);
        }
        Ok(WordSet(bits))
    }

    #[inline(always)]
    fn has(&self, id: u32) -> bool {
        self.0.get((id >> 6) as usize).is_some_and(|b| b >> (id & 63) & 1 != 0)
    }
}

impl DocView<'_> {
    /// Is token `i`'s lower-cased form in `set`?
    #[inline]
    pub fn lower_in(&self, i: usize, set: &WordSet) -> bool {
        set.has(self.low_ids[i])
    }

    /// Is token `i`'s lemma in `set` (built with `lemmas`)?
    #[inline]
    pub fn lemma_in(&self, i: usize, set: &WordSet) -> bool {
        set.has(self.ids[i][0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Lemmas;

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
