//! The vocabulary: the lemma table and the ids of every word the data's phrases use.

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
    pub(crate) byte_words: Vec<Option<WordInfo>>,
    /// `words` again, as a flat open-addressing table for the per-token lookups.
    pub(crate) table: WordTable,
    /// First-word ids of the flagged phrase sets, one set per bit ([`PhraseSet::flagged`]).
    flagged: Mutex<Vec<Vec<u32>>>,
    /// Per word id: the bits of the flagged sets it can start (filled by [`Lemmas::freeze`]).
    word_masks: Vec<u32>,
}

/// Open addressing over the bytes of a word: one hash of the bytes (no `str` terminator), a
/// probe on a flat slot array and a comparison of the full hash before the bytes.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
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
    pub(crate) fn get(&self, w: &str) -> Option<&WordInfo> {
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
pub(crate) struct WordInfo {
    pub id: u32,
    pub lemma: Option<(String, u32)>,
    /// The lemma differs from the form (decided once, not per token).
    pub differs: bool,
    /// The flagged-set bits of the lemma's id and (when it differs) the form's id.
    pub mask: u32,
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
        split_phrase(p).iter().map(|w| self.lemma(w).to_string()).collect()
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
    pub(crate) fn mask(&self, id: u32) -> u32 {
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
}
