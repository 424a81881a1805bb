//! The lexicon's word lists in one table: one lookup says which lists hold a word.

use crate::lexicon::Lexicon;
use rustc_hash::{FxHashMap, FxHashSet};

/// Which word lists of the lexicon hold a string.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Words {
    pub(super) bits: u32,
    /// Index into `WordKinds::place_kinds` when the string is a place-type word.
    pub(super) place_type: Option<u16>,
    /// Index into `WordKinds::bearings` when the string is a compass direction.
    pub(super) direction: Option<u16>,
}

pub(super) const W_STOP: u32 = 1;
pub(super) const W_PERSON: u32 = 1 << 1;
pub(super) const W_COMMON: u32 = 1 << 2;
pub(super) const W_TOPONYM_HEAD: u32 = 1 << 3;
pub(super) const W_TITLE: u32 = 1 << 4;
pub(super) const W_PREP: u32 = 1 << 5;
pub(super) const W_ORG_HEAD: u32 = 1 << 6;
pub(super) const W_FEATURE_HEAD: u32 = 1 << 7;
pub(super) const W_QUALIFIED_NOUN: u32 = 1 << 8;
pub(super) const W_CONNECTOR: u32 = 1 << 9;
pub(super) const W_NAME_ABBREVIATION: u32 = 1 << 10;
pub(super) const W_NAME_ARTICLE: u32 = 1 << 11;
pub(super) const W_STRONG_PLACE_CUE: u32 = 1 << 12;
pub(super) const W_SPEECH_VERB: u32 = 1 << 13;
pub(super) const W_DETERMINER: u32 = 1 << 14;
pub(super) const W_GIVEN_NAME_CUE: u32 = 1 << 15;
pub(super) const W_NEAR: u32 = 1 << 16;
pub(super) const W_VICINITY: u32 = 1 << 17;
pub(super) const W_LIST_CONJUNCTION: u32 = 1 << 18;
pub(super) const W_PERSON_NAME_PARTICLE: u32 = 1 << 19;
pub(super) const W_NAME_SUFFIX: u32 = 1 << 20;
pub(super) const W_PERSON_NOUN: u32 = 1 << 21;
pub(super) const W_KIN_NOUN: u32 = 1 << 22;
pub(super) const W_PERSON_RELATIVE: u32 = 1 << 23;
pub(super) const W_LEADER_NOUN: u32 = 1 << 24;
/// The last word of a phrase of `person_phrases.txt`.
pub(super) const W_PERSON_PHRASE_END: u32 = 1 << 25;
/// An acronym of `news_agencies.txt` (an organisation when written in capitals).
pub(super) const W_NEWS_AGENCY: u32 = 1 << 26;

impl Words {
    pub(super) fn has(self, bit: u32) -> bool {
        self.bits & bit != 0
    }
}

/// The values some words carry: the kinds of place-type words, the bearings of directions.
#[derive(Debug, Default)]
pub(super) struct WordKinds {
    /// The kinds of `lexicon.place_types` (`Words::place_type` indexes them).
    pub(super) place_kinds: Vec<String>,
    /// The bearings of `lexicon.directions` (`Words::direction` indexes them).
    pub(super) bearings: Vec<f64>,
    /// The longest connector, in bytes (most words are longer: no lookup).
    pub(super) max_connector_len: usize,
    /// The longest name article, in bytes.
    pub(super) max_article_len: usize,
}

/// The word table of `lex` and the values its words carry.
pub(super) fn word_table(lex: &Lexicon) -> (WordTable, WordKinds) {
    let mut words: FxHashMap<String, Words> = FxHashMap::default();
    let lists: [(&FxHashSet<String>, u32); 26] = [
        (&lex.stop_names, W_STOP),
        (&lex.person_names, W_PERSON),
        (&lex.common_words, W_COMMON),
        (&lex.toponym_heads, W_TOPONYM_HEAD),
        (&lex.titles, W_TITLE),
        (&lex.prepositions, W_PREP),
        (&lex.org_heads, W_ORG_HEAD),
        (&lex.feature_heads, W_FEATURE_HEAD),
        (&lex.qualified_nouns, W_QUALIFIED_NOUN),
        (&lex.connectors, W_CONNECTOR),
        (&lex.name_abbreviations, W_NAME_ABBREVIATION),
        (&lex.name_articles, W_NAME_ARTICLE),
        (&lex.strong_place_cues, W_STRONG_PLACE_CUE),
        (&lex.speech_verbs, W_SPEECH_VERB),
        (&lex.determiners, W_DETERMINER),
        (&lex.given_name_cues, W_GIVEN_NAME_CUE),
        (&lex.near_words, W_NEAR),
        (&lex.vicinity_nouns, W_VICINITY),
        (&lex.list_conjunctions, W_LIST_CONJUNCTION),
        (&lex.person_name_particles, W_PERSON_NAME_PARTICLE),
        (&lex.name_suffixes, W_NAME_SUFFIX),
        (&lex.person_nouns, W_PERSON_NOUN),
        (&lex.kin_nouns, W_KIN_NOUN),
        (&lex.person_relatives, W_PERSON_RELATIVE),
        (&lex.leader_nouns, W_LEADER_NOUN),
        (&lex.news_agencies, W_NEWS_AGENCY),
    ];
    for (set, bit) in lists {
        for w in set {
            words.entry(w.clone()).or_default().bits |= bit;
        }
    }
    for phrase in &lex.person_phrases {
        if let Some(last) = phrase.last() {
            words.entry(last.clone()).or_default().bits |= W_PERSON_PHRASE_END;
        }
    }
    let mut kinds = WordKinds::default();
    for (w, kind) in &lex.place_types {
        let k = match kinds.place_kinds.iter().position(|x| x == kind) {
            Some(k) => k,
            None => {
                kinds.place_kinds.push(kind.clone());
                kinds.place_kinds.len() - 1
            }
        };
        words.entry(w.clone()).or_default().place_type = Some(k as u16);
    }
    for (w, bearing) in &lex.directions {
        words.entry(w.clone()).or_default().direction = Some(kinds.bearings.len() as u16);
        kinds.bearings.push(*bearing);
    }
    kinds.max_connector_len = lex.connectors.iter().map(String::len).max().unwrap_or(0);
    kinds.max_article_len = lex.name_articles.iter().map(String::len).max().unwrap_or(0);
    (WordTable::build(words), kinds)
}

/// The lexicon's words (about a thousand) in an open-addressed table hashed from a few bytes:
/// a lookup costs a multiply and usually one comparison, and a miss most often none.
/// A cheap hash of a word from its length and four of its bytes (equal words, equal hashes);
/// its top bits index the word table and sign a word ([`super::tokens::word_sig`]).
pub(super) fn word_hash(w: &str) -> u64 {
    let b = w.as_bytes();
    let byte = |i: Option<&u8>| i.copied().unwrap_or(0) as u64;
    let (first, second, mid, last) =
        (byte(b.first()), byte(b.get(1)), byte(b.get(b.len() / 2)), byte(b.last()));
    (b.len() as u64 ^ first << 8 ^ second << 16 ^ mid << 24 ^ last << 32).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[derive(Debug, Default)]
pub(super) struct WordTable {
    bits: u32,
    /// Index into `entries` + 1; 0 is an empty slot.
    slots: Vec<u32>,
    entries: Vec<(Box<str>, Words)>,
}

impl WordTable {
    fn slot(w: &str, bits: u32) -> usize {
        (word_hash(w) >> (64 - bits)) as usize
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
