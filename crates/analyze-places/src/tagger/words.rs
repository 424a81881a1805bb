//! The lexicon's word lists in one table: one lookup says which lists hold a word.

use rustc_hash::FxHashMap;

/// Which word lists of the lexicon hold a string.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Words {
    pub(super) bits: u16,
    /// Index into `PlaceTagger::place_kinds` when the string is a place-type word.
    pub(super) place_type: Option<u16>,
}

pub(super) const W_STOP: u16 = 1;
pub(super) const W_PERSON: u16 = 2;
pub(super) const W_COMMON: u16 = 4;
pub(super) const W_TOPONYM_HEAD: u16 = 8;
pub(super) const W_TITLE: u16 = 16;
pub(super) const W_PREP: u16 = 32;
pub(super) const W_ORG_HEAD: u16 = 64;
pub(super) const W_FEATURE_HEAD: u16 = 128;
pub(super) const W_QUALIFIED_NOUN: u16 = 256;

impl Words {
    pub(super) fn has(self, bit: u16) -> bool {
        self.bits & bit != 0
    }
}

/// The lexicon's words (about a thousand) in an open-addressed table hashed from a few bytes:
/// a lookup costs a multiply and usually one comparison, and a miss most often none.
#[derive(Debug, Default)]
pub(super) struct WordTable {
    bits: u32,
    /// Index into `entries` + 1; 0 is an empty slot.
    slots: Vec<u32>,
    entries: Vec<(Box<str>, Words)>,
}

impl WordTable {
    fn slot(w: &str, bits: u32) -> usize {
        let b = w.as_bytes();
        let (first, second, mid, last) = (
            b.first().copied().unwrap_or(0) as u64,
            b.get(1).copied().unwrap_or(0) as u64,
            b.get(b.len() / 2).copied().unwrap_or(0) as u64,
            b.last().copied().unwrap_or(0) as u64,
        );
        let h = (b.len() as u64 ^ first << 8 ^ second << 16 ^ mid << 24 ^ last << 32)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - bits)) as usize
    }

    pub(super) fn build(words: FxHashMap<String, Words>) -> Self {
        let mut entries: Vec<(Box<str>, Words)> = words.into_iter().map(|(k, v)| (k.into(), v)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // A quarter full at most (the lexicon is data and may grow).
        let bits = 13.max(usize::BITS - (4 * entries.len()).leading_zeros());
        let mask = (1usize << bits) - 1;
        let mut slots = vec![0u32; 1 << bits];
        for (k, (w, _)) in entries.iter().enumerate() {
            let mut s = Self::slot(w, bits);
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = k as u32 + 1;
        }
        WordTable { bits, slots, entries }
    }

    pub(super) fn get(&self, w: &str) -> Words {
        let mask = self.slots.len() - 1;
        let mut s = Self::slot(w, self.bits);
        loop {
            let e = self.slots[s];
            if e == 0 {
                return Words::default();
            }
            let (k, v) = &self.entries[e as usize - 1];
            if **k == *w {
                return *v;
            }
            s = (s + 1) & mask;
        }
    }
}
