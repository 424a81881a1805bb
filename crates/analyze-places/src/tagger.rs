//! Toponym recognition and resolution.

use rustc_hash::{FxHashMap as HashMap, FxHashSet, FxHasher};
use crate::gazetteer::{importance, FeatureKind, Gazetteer, TAG_DEMONYM, TAG_EXACT, TAG_SKEL};
use crate::haversine_km;
use crate::normalize::{
    norm_key, norm_key_eq, norm_key_eq_buf, norm_key_into, skeleton_key_prefixes, strip_articles_into,
    stripped_key_into,
};
use eventwire_model::{GeoPrecision, OutletHome, PlaceMention};
use eventwire_text::{Segmented, TokenKind};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::Hasher;

/// Longest name, in tokens.
const MAX_RUN: usize = 6;
/// Readings considered per name.
const MAX_CANDIDATES: usize = 24;
/// Recognition score a gazetteer match needs to be reported.
const ACCEPT: f64 = 2.5;
/// Recognition bonus of a name that qualifies a noun ("a Charleston man", "Saratoga natives").
const QUALIFIER_BONUS: f64 = 1.0;
/// Score taken from a reading that bears the name only as a variant, when a reading ten times as
/// important bears it as its own name.
const VARIANT_NAME_PENALTY: f64 = 2.0;
/// Weight of the votes for a second-level division (on top of those for its admin1).
const A2_VOTE_WEIGHT: f64 = 1.5;
/// An outlet's home (`OutletHome`, see [`crate::home`]): the support of a reading in its
/// country, and of a local place within `HOME_KM` of it.
const HOME_COUNTRY_BONUS: f64 = 1.0;
const HOME_NEAR_BONUS: f64 = 2.0;
const HOME_KM: f64 = 200.0;

/// Finds and resolves place mentions.
#[derive(Debug)]
pub struct PlaceTagger {
    g: Gazetteer,
    /// Admin1 code index → the admin1 place.
    admin1_place: HashMap<u32, u32>,
    /// Demonym keys: a few hundred, checked here before asking the FST.
    demonym_keys: FxHashSet<String>,
    /// Country code → country name, for `PlaceMention::country`.
    country_names: HashMap<String, String>,
    /// The two-letter codes of `lexicon.skeleton_countries`, as bytes.
    skeleton_ccs: Vec<[u8; 2]>,
    /// The word lists of the lexicon in one table: one lookup answers them all.
    words: WordTable,
    /// The kinds of `lexicon.place_types` (`Words::place_type` indexes them).
    place_kinds: Vec<String>,
    /// `importance` of every entry, computed once (a log10 each).
    imp: Vec<f64>,
}

/// Which word lists of the lexicon hold a string.
#[derive(Debug, Clone, Copy, Default)]
struct Words {
    bits: u16,
    /// Index into `PlaceTagger::place_kinds` when the string is a place-type word.
    place_type: Option<u16>,
}

const W_STOP: u16 = 1;
const W_PERSON: u16 = 2;
const W_COMMON: u16 = 4;
const W_TOPONYM_HEAD: u16 = 8;
const W_TITLE: u16 = 16;
const W_PREP: u16 = 32;
const W_ORG_HEAD: u16 = 64;
const W_FEATURE_HEAD: u16 = 128;
const W_QUALIFIED_NOUN: u16 = 256;

impl Words {
    fn has(self, bit: u16) -> bool {
        self.bits & bit != 0
    }
}

/// The lexicon's words (about a thousand) in an open-addressed table hashed from a few bytes:
/// a lookup costs a multiply and usually one comparison, and a miss most often none.
#[derive(Debug, Default)]
struct WordTable {
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

    fn build(words: HashMap<String, Words>) -> Self {
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

    fn get(&self, w: &str) -> Words {
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

/// Buffers of the name loop, reused across the runs of one text.
#[derive(Default)]
struct Scratch<'s> {
    /// Keys of a run's tokens joined by spaces.
    key: String,
    /// End offset in `key` of each token's key.
    key_ends: Vec<usize>,
    /// Exact readings of each prefix of `key`.
    exact_at: Vec<&'s [u32]>,
    /// Skeleton of `key`, its length for each prefix, and the skeleton readings of each.
    sk: Vec<u8>,
    sk_ends: Vec<usize>,
    skel_at: Vec<&'s [u32]>,
    /// Stripped key and a gazetteer name's keys (`match_key`).
    stripped: String,
    names: (String, String),
}

/// The readings of a key: `Memo::ids[start..end]`.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: u32,
    end: u32,
    source: Source,
    n_exact: usize,
}

/// Gazetteer readings of the keys seen so far in one text; keys and readings live back to
/// back in two buffers (no allocation per key, a repeated name is matched once).
#[derive(Default)]
struct Memo {
    /// Key hash → newest entry with that hash (older ones follow `next`).
    heads: HashMap<u64, u32>,
    entries: Vec<MemoEntry>,
    keys: String,
    ids: Vec<u32>,
}

#[derive(Clone, Copy)]
struct MemoEntry {
    key_start: u32,
    key_end: u32,
    next: u32,
    hit: Option<Hit>,
}

impl Memo {
    fn with_capacity(n: usize) -> Self {
        Memo {
            heads: HashMap::with_capacity_and_hasher(n, Default::default()),
            entries: Vec::with_capacity(n),
            keys: String::with_capacity(8 * n),
            ids: Vec::with_capacity(8 * n),
        }
    }

    fn hash(k: &str) -> u64 {
        let mut h = FxHasher::default();
        h.write(k.as_bytes());
        h.finish()
    }

    /// `Some(readings)` when `k` (of hash `h`) was matched before.
    fn get(&self, h: u64, k: &str) -> Option<Option<Hit>> {
        let mut e = *self.heads.get(&h)?;
        loop {
            let m = &self.entries[e as usize];
            if &self.keys[m.key_start as usize..m.key_end as usize] == k {
                return Some(m.hit);
            }
            if m.next == u32::MAX {
                return None;
            }
            e = m.next;
        }
    }

    fn insert(&mut self, h: u64, k: &str, hit: Option<Hit>) {
        let next = self.heads.insert(h, self.entries.len() as u32).unwrap_or(u32::MAX);
        let key_start = self.keys.len() as u32;
        self.keys.push_str(k);
        self.entries.push(MemoEntry { key_start, key_end: self.keys.len() as u32, next, hit });
    }
}

/// `strsim::jaro_winkler` for ASCII strings (name keys are ASCII): the same arithmetic on
/// bytes, without allocation.
fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.len() > 128 || b.len() > 128 || !a.is_ascii() || !b.is_ascii() {
        // Out of the fast path's reach (never for name keys).
        return strsim::jaro_winkler(a, b);
    }
    jaro_winkler_ascii(a.as_bytes(), b.as_bytes())
}

/// [`jaro_winkler`] of ASCII byte strings of at most 128 bytes.
fn jaro_winkler_ascii(a: &[u8], b: &[u8]) -> f64 {
    const MAX: usize = 128;
    let (la, lb) = (a.len(), b.len());
    if la > MAX || lb > MAX || !a.is_ascii() || !b.is_ascii() {
        return jaro_winkler(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    let sim = if la == 0 && lb == 0 {
        1.0
    } else if la == 0 || lb == 0 {
        0.0
    } else {
        let range = (la.max(lb) / 2).saturating_sub(1);
        let (mut af, mut bf) = ([false; MAX], [false; MAX]);
        let mut matches = 0usize;
        for i in 0..la {
            let lo = i.saturating_sub(range);
            let hi = lb.min(i + range + 1);
            for j in lo..hi {
                if a[i] == b[j] && !bf[j] {
                    af[i] = true;
                    bf[j] = true;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            0.0
        } else {
            let mut t = 0usize;
            let mut j = 0;
            for i in (0..la).filter(|&i| af[i]) {
                while !bf[j] {
                    j += 1;
                }
                if a[i] != b[j] {
                    t += 1;
                }
                j += 1;
            }
            let t = t / 2;
            ((matches as f64 / la as f64)
                + (matches as f64 / lb as f64)
                + ((matches - t) as f64 / matches as f64))
                / 3.0
        }
    };
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Per-token facts used by recognition.
#[derive(Debug, Clone, Copy, Default)]
struct Tok<'a> {
    start: usize,
    /// End without a possessive "'s" or a lower-case hyphen tail ("US-backed").
    end: usize,
    /// True when the token was cut (the run must stop after it).
    cut: bool,
    /// Cut before a possessive "'s" / "’s" (a name may still run on: "People's Republic").
    poss: bool,
    word: bool,
    cap: bool,
    /// All letters upper case ("US", "NATO").
    allcaps: bool,
    /// Lower-case form (borrowed from the text or from the per-text string arena).
    lower: &'a str,
    /// Exact-name key of capitalised words and connectors, else empty.
    key: &'a str,
}

/// Where a token's lower-case form and key live before the arena is frozen.
#[derive(Clone, Copy)]
enum Span {
    Text(usize, usize),
    Arena(usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Exact,
    Skeleton,
    Demonym,
    Unknown,
}

/// A candidate's readings, inline (at most `MAX_CANDIDATES`: no allocation per candidate).
#[derive(Clone, Copy)]
struct Ids {
    n: u8,
    a: [u32; MAX_CANDIDATES],
}

impl Ids {
    const EMPTY: Ids = Ids { n: 0, a: [0; MAX_CANDIDATES] };

    /// The first `MAX_CANDIDATES` of `ids`.
    fn from_slice(ids: &[u32]) -> Ids {
        let n = ids.len().min(MAX_CANDIDATES);
        let mut out = Ids::EMPTY;
        out.a[..n].copy_from_slice(&ids[..n]);
        out.n = n as u8;
        out
    }

    fn clear(&mut self) {
        self.n = 0;
    }

    fn retain(&mut self, mut keep: impl FnMut(&u32) -> bool) {
        let mut w = 0;
        for r in 0..self.n as usize {
            let x = self.a[r];
            if keep(&x) {
                self.a[w] = x;
                w += 1;
            }
        }
        self.n = w as u8;
    }
}

impl std::ops::Deref for Ids {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.a[..self.n as usize]
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[derive(Debug, Clone)]
struct Cand<'t> {
    /// Token range in the sentence's token list (absolute indices).
    t0: usize,
    t1: usize,
    start: usize,
    end: usize,
    ids: Ids,
    /// Normalised surface key (borrowed from the token for one-token names).
    key: Cow<'t, str>,
    /// The first `n_exact` ids matched the exact key; the rest only the skeleton.
    n_exact: usize,
    source: Source,
    /// `admin` or `settlement` when a place-type word stands next to the name.
    type_hint: Option<String>,
    /// Trigger word of an unknown place ("town", "villages").
    unknown_kind: Option<String>,
    score: f64,
    /// Rejected for a reason that holds everywhere in the text (person, organisation, stop word).
    veto: bool,
    /// Only weak evidence (inside a longer name, a common word, a headline): other mentions
    /// of the name do not make this one a place.
    weak: bool,
    /// In a place slot: reported as an unresolved place if the gazetteer has no reading.
    slot: bool,
    /// Relative location: (span start, distance km, bearing degrees).
    relative: Option<(usize, Option<f64>, Option<f64>)>,
    /// For an unknown place: the anchor candidate it is located from, and the bearing.
    anchor: Option<(usize, f64)>,
    /// Index of a following ", Container" candidate.
    container: Option<usize>,
    /// Index of a following ", Region" candidate that holds none of this name's readings
    /// ("Stroud, Ontario" where the gazetteer knows only other Strouds): the place is somewhere
    /// in that region.
    in_region: Option<usize>,
    chosen: Option<u32>,
    confidence: f64,
}

impl Cand<'_> {
    /// No gazetteer reading survived: keep the name as an unresolved place if its slot says so.
    fn make_unknown(&mut self) {
        self.ids.clear();
        self.n_exact = 0;
        self.chosen = None;
        self.source = Source::Unknown;
        self.score = if self.slot { ACCEPT } else { 0.0 };
    }
}

/// Adds `v` to `key`'s total in a short list of (key, total): a handful of distinct keys,
/// where a linear scan beats hashing.
fn tally<K: PartialEq, V: std::ops::AddAssign>(list: &mut Vec<(K, V)>, key: K, v: V) {
    match list.iter_mut().find(|x| x.0 == key) {
        Some(x) => x.1 += v,
        None => list.push((key, v)),
    }
}

/// `key`'s total in a list built by [`tally`]; zero when absent.
fn tallied<K: PartialEq, V: Copy + Default>(list: &[(K, V)], key: K) -> V {
    list.iter().find(|x| x.0 == key).map_or(V::default(), |x| x.1)
}

fn is_cap_word(s: &str) -> bool {
    let s = strip_article(s);
    s.chars().next().is_some_and(char::is_uppercase)
}

/// "al-Hasakah" → "Hasakah" (for the capitalisation test only).
fn strip_article(s: &str) -> &str {
    // Articles are two or three letters and a hyphen.
    if !matches!(s.as_bytes().get(2..4), Some([b'-', _]) | Some([_, b'-'])) {
        return s;
    }
    for p in ["al-", "el-", "ar-", "ad-", "as-", "ash-", "az-", "an-", "at-", "ad-", "ez-", "es-", "ed-"] {
        if s.len() > p.len() && s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)) {
            let rest = &s[p.len()..];
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return rest;
            }
        }
    }
    s
}

/// Abbreviated first words of names, joined to the next word through their period
/// ("St. Petersburg" = "Saint Petersburg", "Ft. Worth", "Mt. Pleasant").
const NAME_ABBREVIATIONS: &[&str] = &["st", "ste", "ft", "mt", "pt"];

/// Lower-case words that may join the words of a name (none is longer than four letters).
const CONNECTORS: [&str; 24] = [
    "de", "del", "da", "do", "dos", "das", "of", "the", "and", "la", "le", "du", "al", "el", "ez", "es",
    "ar", "as", "ad", "bin", "ibn", "y", "upon", "on",
];

/// A word of one to four bytes packed into an integer (its length in the top byte).
const fn pack4(w: &[u8]) -> u64 {
    let mut v = (w.len() as u64) << 32;
    let mut i = 0;
    while i < w.len() {
        v |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

/// Slot of a packed word in [`CONNECTOR_SLOTS`].
const fn connector_slot(v: u64) -> usize {
    (v.wrapping_mul(0xf3c6_4af7_75a8_9295) >> 58) as usize
}

/// [`CONNECTORS`] packed, each in its own slot of 64 (a collision fails the build).
static CONNECTOR_SLOTS: [u64; 64] = {
    let mut t = [0u64; 64];
    let mut i = 0;
    while i < CONNECTORS.len() {
        let v = pack4(CONNECTORS[i].as_bytes());
        let s = connector_slot(v);
        assert!(t[s] == 0, "connector slots collide");
        t[s] = v;
        i += 1;
    }
    t
};

/// Per length (1 to 4), the first bytes (mod 64) of [`CONNECTORS`]: most words fail here.
static CONNECTOR_FIRST: [u64; 5] = {
    let mut t = [0u64; 5];
    let mut i = 0;
    while i < CONNECTORS.len() {
        let w = CONNECTORS[i].as_bytes();
        t[w.len()] |= 1 << (w[0] & 63);
        i += 1;
    }
    t
};

/// True for the words of [`CONNECTORS`]: a bit test, then one multiply and one compare.
fn is_connector(w: &str) -> bool {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 4 || CONNECTOR_FIRST[b.len()] >> (b[0] & 63) & 1 == 0 {
        return false;
    }
    let v = pack4(b);
    CONNECTOR_SLOTS[connector_slot(v)] == v
}

/// Prepositions and verbs after which an unknown Arabic-style name is taken as a place.
fn is_strong_prep(w: &str) -> bool {
    matches!(
        w,
        "in" | "near"
            | "from"
            | "to"
            | "into"
            | "outside"
            | "toward"
            | "towards"
            | "around"
            | "retook"
            | "recaptured"
            | "captured"
            | "seized"
            | "liberated"
            | "entered"
            | "reached"
            | "besieged"
            | "shelled"
            | "taking"
            | "took"
            | "stormed"
            | "village"
            | "town"
    )
}

const BYTE_UPPER: u8 = 1;
const BYTE_LOWER: u8 = 2;
/// Set for every ASCII letter or digit.
const BYTE_ALNUM: u8 = 4;

/// Class bits of each byte (one table lookup instead of three range tests).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            BYTE_UPPER | BYTE_ALNUM
        } else if c.is_ascii_lowercase() {
            BYTE_LOWER | BYTE_ALNUM
        } else if c.is_ascii_digit() {
            BYTE_ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// A cheap 12-bit signature of a word (equal words, equal signatures).
fn word_sig(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, second, mid, last) = (
        b.first().copied().unwrap_or(0) as usize,
        b.get(1).copied().unwrap_or(0) as usize,
        b.get(b.len() / 2).copied().unwrap_or(0) as usize,
        b.last().copied().unwrap_or(0) as usize,
    );
    let h =
        (b.len() ^ first << 8 ^ second << 16 ^ mid << 24 ^ last << 32).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h >> 52
}

/// Punctuation after which a capitalised word starts a sentence in all but name.
fn opens_sentence(p: &Tok) -> bool {
    !p.word && matches!(p.lower, "\"" | "“" | "'" | "‘" | "(" | "—" | "-")
}

/// "al-Alil", "ash-Shaddadi": an Arabic article joined to a word.
fn has_article(lower: &str) -> bool {
    has_article_ci(lower, false)
}

/// [`has_article`]; with `fold`, of the ASCII lower-case form of `s`.
fn has_article_ci(s: &str, fold: bool) -> bool {
    let b = s.as_bytes();
    // Every article has a hyphen at byte 2 or 3.
    if !matches!(b.get(2..4), Some([b'-', _] | [_, b'-'])) {
        return false;
    }
    ["al-", "el-", "ar-", "ad-", "as-", "ash-", "az-", "an-", "at-", "ez-", "es-", "ed-"].iter().any(|p| {
        b.len() > p.len() + 1
            && if fold {
                b[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            } else {
                b.starts_with(p.as_bytes())
            }
    })
}

/// Article words that never head a hyphenated name ("al-", "ash-"), any case.
fn is_article_word(s: &str) -> bool {
    s.len() <= 3
        && ["al", "el", "ar", "as", "ad", "ash", "az", "an", "at", "ez", "es", "ed"]
            .iter()
            .any(|a| s.eq_ignore_ascii_case(a))
}

const DIRECTIONS: &[(&str, f64)] = &[
    ("north", 0.0),
    ("northeast", 45.0),
    ("north-east", 45.0),
    ("east", 90.0),
    ("southeast", 135.0),
    ("south-east", 135.0),
    ("south", 180.0),
    ("southwest", 225.0),
    ("south-west", 225.0),
    ("west", 270.0),
    ("northwest", 315.0),
    ("north-west", 315.0),
];

impl PlaceTagger {
    pub fn new(gazetteer: Gazetteer) -> Self {
        let mut admin1_place = HashMap::default();
        let mut country_names = HashMap::default();
        let mut imp = Vec::with_capacity(gazetteer.entries.len());
        for (i, e) in gazetteer.entries.iter().enumerate() {
            imp.push(importance(e.kind, e.pop as u64));
            if e.kind == FeatureKind::Admin1 && e.admin1 != 0 {
                admin1_place.entry(e.admin1).or_insert(i as u32);
            }
            if e.kind == FeatureKind::Country {
                let p = gazetteer.place(i as u32);
                country_names.entry(p.country_code).or_insert(p.name);
            }
        }
        let demonym_keys = gazetteer.keys_with_tag(TAG_DEMONYM).into_iter().collect();
        let skeleton_ccs = gazetteer
            .lexicon
            .skeleton_countries
            .iter()
            .filter_map(|c| <[u8; 2]>::try_from(c.as_bytes()).ok())
            .collect();
        let lex = &gazetteer.lexicon;
        let mut words: HashMap<String, Words> = HashMap::default();
        for (set, bit) in [
            (&lex.stop_names, W_STOP),
            (&lex.person_names, W_PERSON),
            (&lex.common_words, W_COMMON),
            (&lex.toponym_heads, W_TOPONYM_HEAD),
            (&lex.titles, W_TITLE),
            (&lex.prepositions, W_PREP),
            (&lex.org_heads, W_ORG_HEAD),
            (&lex.feature_heads, W_FEATURE_HEAD),
            (&lex.qualified_nouns, W_QUALIFIED_NOUN),
        ] {
            for w in set {
                words.entry(w.clone()).or_default().bits |= bit;
            }
        }
        let mut place_kinds: Vec<String> = Vec::new();
        for (w, kind) in &lex.place_types {
            let k = match place_kinds.iter().position(|x| x == kind) {
                Some(k) => k,
                None => {
                    place_kinds.push(kind.clone());
                    place_kinds.len() - 1
                }
            };
            words.entry(w.clone()).or_default().place_type = Some(k as u16);
        }
        PlaceTagger {
            g: gazetteer,
            admin1_place,
            demonym_keys,
            country_names,
            skeleton_ccs,
            words: WordTable::build(words),
            place_kinds,
            imp,
        }
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.g
    }

    /// Segment `text` and tag it (for callers without a segmentation).
    pub fn tag_text(&self, text: &str) -> Vec<PlaceMention> {
        let seg = eventwire_text::segment(text);
        self.tag(text, &seg)
    }

    /// Place mentions of `text`, byte offsets, in text order.
    pub fn tag(&self, text: &str, seg: &Segmented) -> Vec<PlaceMention> {
        self.tag_at_home(text, seg, None)
    }

    /// [`tag`](Self::tag) for an article from an outlet at home in `home` (see
    /// [`crate::home`]): an ambiguous name leans toward the reading near the outlet's home.
    pub fn tag_at_home(&self, text: &str, seg: &Segmented, home: Option<&OutletHome>) -> Vec<PlaceMention> {
        // Lower-case forms and keys of all tokens share one string (no allocation per token).
        let mut arena = String::with_capacity(text.len());
        let mut fixups = Vec::with_capacity(seg.tokens.len() / 4 + 8);
        let mut toks = self.prepare(text, seg, &mut arena, &mut fixups);
        Self::freeze(&arena, &mut toks, &fixups);
        // Sized from the token count: one candidate per few tokens at most, as a rule.
        let mut cands = Vec::with_capacity(toks.len() / 4 + 8);
        let surnames = self.surnames(&toks);
        // Lower-case words that also occur capitalised (only capitalised forms are asked
        // about, and only where they do not start a sentence, which decides alone): a bitmap
        // of those capitalised forms spares hashing most words.
        let mut capital_sig = [0u64; 64];
        let mut done = 0;
        for s in &seg.sentences {
            let (first, end) = (s.first_token.max(done), s.end_token.min(toks.len()));
            if first >= end {
                continue;
            }
            for k in first + 1..end {
                if toks[k].cap && !opens_sentence(&toks[k - 1]) {
                    let b = word_sig(toks[k].lower);
                    capital_sig[b / 64] |= 1 << (b % 64);
                }
            }
            done = end;
        }
        let mut lower_words: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(64, Default::default());
        lower_words.extend(
            toks.iter()
                .filter(|t| t.word && !t.cap)
                .filter(|t| {
                    let b = word_sig(t.lower);
                    capital_sig[b / 64] & (1 << (b % 64)) != 0
                })
                .map(|t| t.lower),
        );
        let mut memo = Memo::with_capacity(toks.len() / 4 + 8);
        let mut scratch = Scratch::default();
        // Sentences are expected in order and disjoint; never look at a token twice.
        let mut done = 0;
        for s in &seg.sentences {
            let (first, end) = (s.first_token.max(done), s.end_token.min(toks.len()));
            if first >= end {
                continue;
            }
            self.recognise(
                text,
                &toks,
                first,
                end,
                &surnames,
                &lower_words,
                &mut memo,
                &mut scratch,
                &mut cands,
            );
            done = end;
        }
        self.link_containers(&toks, &mut cands);
        self.hint_listed_regions(&toks, &mut cands);
        Self::propagate(&mut cands);
        self.resolve(&mut cands, home);
        self.check_skeletons(&mut cands);
        Self::propagate_unresolved(&mut cands);
        self.relative(text, &toks, &mut cands);
        // The country of unresolved places without an anchor: found once, not once per place.
        let focus = self.focus_country(&cands);
        let mut out: Vec<PlaceMention> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT)
            .filter_map(|c| self.mention(text, c, &cands, focus.as_deref()))
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        extend_article_names(text, &mut out);
        out.dedup_by(|b, a| b.start < a.end);
        localise_unresolved(seg, &mut out);
        for m in &mut out {
            m.country = m.country_code.as_ref().and_then(|cc| self.country_names.get(cc)).cloned();
        }
        out
    }

    /// Tokens, with their lower-case forms and keys; those that live in `arena` are listed in
    /// `fixups` (token index and spans) and stay empty until `freeze`.
    #[inline(never)] // one frame per phase in profiles
    fn prepare<'x>(
        &self,
        text: &'x str,
        seg: &Segmented,
        arena: &mut String,
        fixups: &mut Vec<(u32, Span, Span)>,
    ) -> Vec<Tok<'x>> {
        let mut out = Vec::with_capacity(seg.tokens.len());
        let mut buf = String::new();
        for t in &seg.tokens {
            let raw = &text[t.start..t.end];
            let word = t.kind == TokenKind::Word;
            let tok = |end, cut, cap, allcaps| Tok {
                allcaps,
                start: t.start,
                end,
                cut,
                poss: cut && matches!(&text[end..t.end], "'s" | "’s"),
                word,
                cap,
                lower: "",
                key: "",
            };
            // Fast paths, same results as the general one below: a word of ASCII letters and
            // digits has no possessive, no hyphen, and its key is its lower-case form; a
            // number or a punctuation mark of ASCII lower-case bytes has no key.
            let (mut any, mut all) = (0u8, BYTE_ALNUM);
            for &b in raw.as_bytes() {
                let c = BYTE_CLASS[b as usize];
                any |= c;
                all &= c;
            }
            let (other, upper, lower) = (all == 0, any & BYTE_UPPER != 0, any & BYTE_LOWER != 0);
            if word && !raw.is_empty() && !other {
                if raw.as_bytes()[0].is_ascii_uppercase() {
                    let from = arena.len();
                    arena.push_str(raw);
                    arena[from..].make_ascii_lowercase();
                    let sp = Span::Arena(from, arena.len());
                    fixups.push((out.len() as u32, sp, sp));
                    out.push(tok(t.end, false, true, !lower));
                    continue;
                }
                if !upper {
                    let mut tk = tok(t.end, false, false, false);
                    tk.lower = raw;
                    if raw.len() <= 4 && is_connector(raw) {
                        tk.key = raw;
                    }
                    out.push(tk);
                    continue;
                }
            }
            if !word && !upper && raw.is_ascii() {
                let mut tk = tok(t.end, false, false, false);
                tk.lower = raw;
                out.push(tk);
                continue;
            }
            let mut end = t.end;
            let mut cut = false;
            if word {
                // Only a token ending in s, ' or ’ (…\x99) can carry a possessive.
                if matches!(raw.as_bytes().last(), Some(b's' | b'\'' | 0x99)) {
                    for suf in ["'s", "’s", "'", "’"] {
                        if raw.len() > suf.len() + 1 && raw.ends_with(suf) {
                            end = t.end - suf.len();
                            cut = true;
                            break;
                        }
                    }
                }
                // "US-backed", "IS-held": keep the capitalised head.
                if let Some(h) = raw.bytes().rposition(|b| b == b'-') {
                    let (head, tail) = (&raw[..h], &raw[h + 1..]);
                    let t0 = tail.chars().next();
                    if h > 0
                        && !head.contains('-')
                        && is_cap_word(head)
                        && head.chars().nth(1).is_some()
                        && !is_article_word(head)
                        && (t0.is_some_and(char::is_lowercase)
                            // "Egyptian-US", "Watertown-ML": two names; keep the first unless
                            // the compound is a name itself ("Winston-Salem").
                            || t0.is_some_and(char::is_uppercase) && !has_article_ci(raw, true) && {
                                buf.clear();
                                norm_key_into(raw, &mut buf);
                                self.lookup(TAG_EXACT, &buf).is_empty()
                            })
                    {
                        end = t.start + h;
                        cut = true;
                    }
                }
            }
            let s = &text[t.start..end];
            let cap = word && is_cap_word(s);
            let allcaps = cap && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            let ascii = s.is_ascii();
            let lower = if ascii && !s.bytes().any(|b| b.is_ascii_uppercase()) {
                Span::Text(t.start, end)
            } else {
                let from = arena.len();
                if ascii {
                    arena.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
                } else {
                    arena.extend(s.chars().flat_map(char::to_lowercase));
                }
                Span::Arena(from, arena.len())
            };
            let lower_str = match lower {
                Span::Text(a, b) => &text[a..b],
                Span::Arena(a, b) => &arena[a..b],
            };
            let key = if cap || (word && lower_str.len() <= 4 && is_connector(lower_str)) {
                let from = arena.len();
                norm_key_into(s, arena);
                Span::Arena(from, arena.len())
            } else {
                Span::Arena(0, 0)
            };
            // Spans of `text` are set at once; those of `arena` once it is complete.
            let mut tk = tok(end, cut, cap, allcaps);
            if let Span::Text(a, b) = lower {
                tk.lower = &text[a..b];
            }
            if let Span::Text(a, b) = key {
                tk.key = &text[a..b];
            }
            if matches!(lower, Span::Arena(a, b) if a != b) || matches!(key, Span::Arena(a, b) if a != b) {
                fixups.push((out.len() as u32, lower, key));
            }
            out.push(tk);
        }
        out
    }

    /// Point the tokens' lower-case forms and keys into `text` and the finished `arena`.
    #[inline(never)] // one frame per phase in profiles
    fn freeze<'a>(arena: &'a str, toks: &mut [Tok<'a>], fixups: &[(u32, Span, Span)]) {
        for &(i, lower, key) in fixups {
            let t = &mut toks[i as usize];
            let get = |sp: Span, old: &'a str| match sp {
                Span::Text(..) => old,
                Span::Arena(a, b) => arena.get(a..b).unwrap_or(""),
            };
            t.lower = get(lower, t.lower);
            t.key = get(key, t.key);
        }
    }

    /// The word lists holding `w`.
    fn words(&self, w: &str) -> Words {
        self.words.get(w)
    }

    /// The kind ("admin", "settlement") of a place-type word.
    fn place_type(&self, w: Words) -> Option<&String> {
        w.place_type.map(|k| &self.place_kinds[k as usize])
    }

    fn lookup(&self, tag: u8, key: &str) -> &[u32] {
        if key.is_empty() {
            return &[];
        }
        self.g.get_tagged(tag, key)
    }

    /// Family names: the last word of "Given Family" runs whose first word is a known given
    /// name or that follow a title. A later lone "Flores" is then a person, not a place.
    #[inline(never)] // one frame per phase in profiles
    fn surnames(&self, toks: &[Tok]) -> FxHashSet<String> {
        let mut out = FxHashSet::default();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            let mut r = i + 1;
            while r < toks.len() && toks[r].cap && r - i < 4 && !toks[r - 1].cut {
                r += 1;
            }
            let titled = || i > 0 && self.words(toks[i - 1].lower.trim_end_matches('.')).has(W_TITLE);
            if r - i >= 2 && (titled() || self.words(toks[i].key).has(W_PERSON)) {
                let whole: Vec<&str> = toks[i..r].iter().map(|t| t.key).collect();
                if self.lookup(TAG_EXACT, &whole.join(" ")).is_empty() {
                    out.insert(toks[r - 1].key.to_string());
                }
            }
            i = r;
        }
        out
    }

    /// A skeleton-only match must still look like the place's name.
    /// `bufs` are scratch strings reused across calls.
    #[inline(never)] // one frame per phase in profiles
    fn skeleton_similar(&self, stripped_key: &str, id: u32, bufs: &mut (String, String)) -> bool {
        let raw = self.g.name(id);
        // Jaro-Winkler ≥ 0.75 is out of reach when one name is over twice the other's length.
        if raw.len() > 2 * stripped_key.len() + 8 || stripped_key.len() > 2 * raw.len() + 2 {
            return false;
        }
        let mut buf = [0u8; 128];
        if let Some(name) = stripped_key_into(raw, &mut buf) {
            return jaro_winkler_ascii(stripped_key.as_bytes(), name) >= 0.75;
        }
        bufs.0.clear();
        norm_key_into(raw, &mut bufs.0);
        bufs.1.clear();
        strip_articles_into(&bufs.0, &mut bufs.1);
        jaro_winkler(stripped_key, &bufs.1) >= 0.75
    }

    /// Gazetteer readings of one key, given its exact readings: exact names (plus
    /// respellings), else a demonym, else respellings only. The readings are appended to
    /// `ids` (left as it was when there are none).
    #[inline(never)] // one frame per phase in profiles
    /// `skel_of` gives the skeleton readings of `k` (none when its skeleton is shorter than
    /// two letters), asked only when respellings matter.
    fn match_key<'s>(
        &'s self,
        k: &str,
        exact: &[u32],
        skel_of: impl FnOnce() -> &'s [u32],
        (stripped, names): (&mut String, &mut (String, String)),
        ids: &mut Vec<u32>,
    ) -> Option<(Source, usize)> {
        let dem = if self.demonym_keys.contains(k) { self.lookup(TAG_DEMONYM, k) } else { &[] };
        if !dem.is_empty() && exact.iter().all(|&x| self.imp(x) < 6.0) {
            ids.extend_from_slice(dem);
            return Some((Source::Demonym, dem.len()));
        }
        // A well-known exact reading needs no respellings ("Mosul", "Syria").
        let settled = exact.iter().any(|&x| self.imp(x) >= 6.0);
        // Acronyms ("SDF", "CTS") are no transliterations.
        let acronym = k.len() <= 4
            && !k.contains(' ')
            && !k.bytes().any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u'));
        // Respellings only matter for names of the transliterating countries.
        let foreign = || {
            exact.is_empty()
                || exact.iter().any(|&x| self.skeleton_ccs.contains(&self.g.entries[x as usize].cc))
        };
        let skel = if !settled && !acronym && foreign() { skel_of() } else { &[] };
        let skel = &skel[..skel.len().min(16)];
        stripped.clear();
        if !skel.is_empty() {
            strip_articles_into(k, stripped);
        }
        if !exact.is_empty() {
            // Exact readings first, then other transliterations of the same name.
            ids.extend_from_slice(exact);
            ids.extend(
                skel.iter().filter(|&&i| !exact.contains(&i) && self.skeleton_similar(stripped, i, names)),
            );
            return Some((Source::Exact, exact.len()));
        }
        let from = ids.len();
        ids.extend(skel.iter().copied().filter(|&x| self.skeleton_similar(stripped, x, names)));
        (ids.len() > from).then_some((Source::Skeleton, 0))
    }

    #[allow(clippy::too_many_arguments)] // per-text context threaded through one pass
    #[inline(never)] // one frame per phase in profiles
    fn recognise<'s, 't>(
        &'s self,
        text: &str,
        toks: &[Tok<'t>],
        first: usize,
        end: usize,
        surnames: &FxHashSet<String>,
        lower_words: &FxHashSet<&str>,
        memo: &mut Memo,
        scratch: &mut Scratch<'s>,
        out: &mut Vec<Cand<'t>>,
    ) {
        // Headlines in Title Case: capitals there say nothing.
        let (mut n_long, mut n_long_cap) = (0usize, 0usize);
        for t in toks[first..end].iter().filter(|t| t.word && t.lower.len() >= 4) {
            n_long += 1;
            n_long_cap += usize::from(t.cap);
        }
        let title_case = n_long >= 3 && n_long_cap * 10 >= n_long * 6;
        let mut i = first;
        let mut last_slot_end: Option<usize> = None;
        let Scratch { key, key_ends, exact_at, sk, sk_ends, skel_at, stripped, names } = scratch;
        while i < end {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            // The capitalised run.
            let mut r = Self::run_end(toks, i, end, None);
            // "People's Republic of China", "Cox's Bazar": a name may run on through a
            // possessive when the longer run is a gazetteer name.
            let mut poss_key: Option<(usize, String)> = None;
            if toks[r - 1].poss && r < end {
                let p = r - 1;
                let sfx = if text[toks[p].end..].starts_with("'s") { 2 } else { "’s".len() };
                let full = norm_key(&text[toks[p].start..toks[p].end + sfx]);
                // The name may start at any capitalised word up to the possessive one.
                for a in (i..=p).filter(|&a| toks[a].cap) {
                    let r2 = Self::run_end(toks, a, end, Some(p));
                    if r2 <= p + 1 {
                        continue;
                    }
                    key.clear();
                    key_ends.clear();
                    for (k, t) in toks[a..r2].iter().enumerate() {
                        if !key.is_empty() {
                            key.push(' ');
                        }
                        key.push_str(if a + k == p { &full } else { t.key });
                        key_ends.push(key.len());
                    }
                    exact_at.clear();
                    self.g.prefix_lookups(TAG_EXACT, key.as_bytes(), key_ends, exact_at);
                    let named =
                        (p + 2..=r2).rev().find(|&b| toks[b - 1].cap && !exact_at[b - a - 1].is_empty());
                    if let Some(b) = named {
                        r = b;
                        poss_key = Some((p, full));
                        break;
                    }
                }
            }
            let run_len = r - i;
            let org_run = run_len >= 2 && (i..r).any(|k| self.words(toks[k].lower).has(W_ORG_HEAD));
            let mut a = i;
            let run_start_cands = out.len();
            while a < r {
                if !toks[a].cap {
                    a += 1;
                    continue;
                }
                let mut found: Option<(usize, Hit)> = None;
                // The keys of toks[a..b] are prefixes of one string: keep their end offsets.
                key.clear();
                key_ends.clear();
                for (k, t) in toks[a..r].iter().enumerate() {
                    if t.key.is_empty() {
                        // The period of "St.": no word of the key.
                        key_ends.push(key.len());
                        continue;
                    }
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    match &poss_key {
                        Some((p, full)) if *p == a + k => key.push_str(full),
                        _ => key.push_str(t.key),
                    }
                    key_ends.push(key.len());
                }
                // Exact readings of every toks[a..b], in one walk at the first key not seen yet.
                exact_at.clear();
                skel_at.clear();
                // Whether the first token's own key is a stop name (the loop always asks).
                let mut first_stop = false;
                for b in (a + 1..=r).rev() {
                    if !toks[b - 1].cap {
                        continue;
                    }
                    let k = &key[..key_ends[b - a - 1]];
                    if self.words(k).has(W_STOP) {
                        if b == a + 1 {
                            first_stop = true;
                            break;
                        }
                        continue;
                    }
                    let h = Memo::hash(k);
                    let hit = match memo.get(h, k) {
                        Some(hit) => hit,
                        None => {
                            if exact_at.is_empty() {
                                self.g.prefix_lookups(
                                    TAG_EXACT,
                                    key.as_bytes(),
                                    &key_ends[..b - a],
                                    exact_at,
                                );
                            }
                            let start = memo.ids.len();
                            // Skeleton readings of every toks[a..b], in one walk, when first asked.
                            let skel_of = || {
                                if skel_at.is_empty() {
                                    skeleton_key_prefixes(key, key_ends, sk, sk_ends);
                                    self.g.prefix_lookups(TAG_SKEL, sk, sk_ends, skel_at);
                                }
                                if sk_ends[b - a - 1] >= 2 {
                                    skel_at[b - a - 1]
                                } else {
                                    &[]
                                }
                            };
                            let hit = self
                                .match_key(k, exact_at[b - a - 1], skel_of, (stripped, names), &mut memo.ids)
                                .map(|(source, n_exact)| Hit {
                                    start: start as u32,
                                    end: memo.ids.len() as u32,
                                    source,
                                    n_exact,
                                });
                            memo.insert(h, k, hit);
                            hit
                        }
                    };
                    if let Some(hit) = hit {
                        found = Some((b, hit));
                        break;
                    }
                }
                let (b, ids, source, n_exact) = match found {
                    Some((b, h)) => {
                        // Postings are best-first: the tail of a very common name never wins.
                        let ids = &memo.ids[h.start as usize..h.end as usize];
                        let ids = Ids::from_slice(ids);
                        let n = h.n_exact.min(ids.len());
                        (b, ids, h.source, n)
                    }
                    None => {
                        let stop = match &poss_key {
                            // The loop asked about the key with its possessive.
                            Some((p, _)) if *p == a => self.words(toks[a].key).has(W_STOP),
                            _ => first_stop,
                        };
                        (a + 1, Ids::EMPTY, if stop { Source::Demonym } else { Source::Unknown }, 0)
                    }
                };
                if source == Source::Demonym && ids.is_empty() {
                    a = b;
                    continue;
                }
                out.push(Cand {
                    t0: a,
                    t1: b,
                    start: toks[a].start,
                    end: toks[b - 1].end,
                    ids,
                    key: match &poss_key {
                        Some((p, _)) if *p == a => Cow::Owned(key[..key_ends[b - a - 1]].to_string()),
                        _ if b == a + 1 => Cow::Borrowed(toks[a].key),
                        _ => Cow::Owned(key[..key_ends[b - a - 1]].to_string()),
                    },
                    n_exact,
                    source,
                    type_hint: None,
                    unknown_kind: None,
                    score: 0.0,
                    veto: false,
                    weak: false,
                    slot: false,
                    relative: None,
                    anchor: None,
                    container: None,
                    in_region: None,
                    chosen: None,
                    confidence: 0.0,
                });
                a = b;
            }
            // Adjacent unknown words form one name ("Hamam al-Alil", "Abu Ilaj").
            let mut k = run_start_cands + 1;
            while k < out.len() {
                let (p, c) = (&out[k - 1], &out[k]);
                // A weak one-word match glued to an "al-X" word is part of an unknown name.
                let weak_head = matches!(p.source, Source::Exact | Source::Skeleton)
                    && p.t1 - p.t0 == 1
                    && c.t0 == p.t1
                    && (has_article(toks[c.t0].lower)
                        && p.ids[..p.n_exact].iter().all(|&x| self.imp(x) < 4.0)
                        || self.words(&p.key).has(W_TOPONYM_HEAD)
                            && p.ids[..p.n_exact].iter().all(|&x| self.imp(x) < 5.0));
                if (weak_head || p.source == Source::Unknown)
                    && c.source == Source::Unknown
                    && c.t0 <= p.t1 + 2
                {
                    out[k - 1].source = Source::Unknown;
                    out[k - 1].ids.clear();
                    out[k - 1].n_exact = 0;
                    let (p, c) = (&out[k - 1], &out[k]);
                    let (t1, end_b) = (c.t1, c.end);
                    let key = toks[p.t0..t1]
                        .iter()
                        .filter(|t| !t.key.is_empty())
                        .map(|t| t.key)
                        .collect::<Vec<_>>()
                        .join(" ");
                    let p = &mut out[k - 1];
                    p.t1 = t1;
                    p.end = end_b;
                    p.key = Cow::Owned(key);
                    out.remove(k);
                } else {
                    k += 1;
                }
            }
            // Score the run's candidates.
            for c in out.iter_mut().skip(run_start_cands) {
                let (t0, t1) = (c.t0, c.t1);
                let prev = (t0 > first).then(|| &toks[t0 - 1]);
                let prev2 = (t0 > first + 1).then(|| &toks[t0 - 2]);
                let next = (t1 < end).then(|| &toks[t1]);
                let prev_l: &str = prev.map(|p| p.lower.trim_end_matches('.')).unwrap_or_default();
                let next_l: &str = next.map(|n| n.lower).unwrap_or_default();
                let mut type_hint = None;
                let mut unknown_kind = None;
                let prev_w = self.words(prev_l);
                if let Some(k) = self.place_type(self.words(next_l)).filter(|_| next.is_some_and(|n| n.word))
                {
                    type_hint = Some(k.clone());
                }
                let prev2_type =
                    if prev_l == "of" { prev2.and_then(|p| self.words(p.lower).place_type) } else { None };
                let slot_of = prev2_type.is_some();
                if slot_of {
                    let w: &str = prev2.map(|p| p.lower).unwrap_or_default();
                    type_hint = prev2_type.map(|k| self.place_kinds[k as usize].clone());
                    unknown_kind = Some(w.to_string());
                }
                let list_slot =
                    matches!(prev_l, "and" | ",") && last_slot_end.is_some_and(|e| t0 >= 2 && e == t0 - 2);
                if list_slot && unknown_kind.is_none() {
                    unknown_kind = Some("place".into());
                }
                c.type_hint = type_hint.clone();
                // Taken out while scoring (put back below): no copy per candidate.
                let key = std::mem::take(&mut c.key);
                let key_w = self.words(&key);
                let stop = key_w.has(W_STOP);
                let title_before = prev_w.has(W_TITLE) && prev.is_some_and(|p| p.word);
                // A capitalised neighbour in the same run: part of a longer name ("Lise Grande").
                let in_longer_name =
                    run_len > t1 - t0 && ((t0 > i && toks[t0 - 1].cap) || (t1 < r && toks[t1].cap));
                let person = key_w.has(W_PERSON)
                    && (t1 - t0 == 1)
                    && (next.is_some_and(|n| n.cap)
                        || prev.is_some_and(|p| p.cap)
                        || prev_l == "as"
                        || prev_l == "named");
                let sentence_initial = t0 == first || prev.is_some_and(opens_sentence);
                let slot = prev_w.has(W_PREP) && prev.is_some_and(|p| p.word);
                let short = key.len() <= 3 && !toks[t0..t1].iter().all(|t| t.allcaps);
                // "Grande said": a speaker, unless a preposition makes it a place ("doctors in
                // Mexico said").
                let said_after = !slot
                    && next.is_some_and(|n| {
                        matches!(
                            n.lower,
                            "said"
                                | "says"
                                | "told"
                                | "added"
                                | "explained"
                                | "wrote"
                                | "asked"
                                | "noted"
                                | "stated"
                        )
                    });
                // "retook Hamam al-Alil", "after taking Abu Ilaj north of Raqa".
                let arabic_form = toks[t0..t1].iter().any(|t| has_article(t.lower))
                    || t1 - t0 > 1 && self.words(toks[t0].key).has(W_TOPONYM_HEAD);
                let strong_prep = prev.is_some_and(|p| p.word) && is_strong_prep(prev_l);
                let relative_after = next.is_some_and(|n| DIRECTIONS.iter().any(|d| d.0 == n.lower))
                    && toks.get(t1 + 1).is_some_and(|n| n.lower == "of");
                let known_slot = !org_run
                    && (unknown_kind.is_some()
                        || (type_hint.as_deref() == Some("admin") && !sentence_initial)
                        || (arabic_form && (strong_prep || relative_after)));
                let mut score;
                let mut weak = false;
                match c.source {
                    Source::Unknown => {
                        score = if known_slot && !stop && !title_before && !person { 3.0 } else { 0.0 };
                        if run_len > 1 && known_slot && t0 > i {
                            score = 0.0;
                        }
                    }
                    Source::Demonym => {
                        // "Indian Ocean": the name of a feature, not a mention of India.
                        let feature =
                            toks.get(t1).is_some_and(|n| n.cap && self.words(n.lower).has(W_FEATURE_HEAD));
                        score = if org_run || feature { 0.0 } else { 3.0 };
                    }
                    Source::Exact | Source::Skeleton => {
                        // Judge an exact match by its exact readings only, not by respellings.
                        let n = if c.source == Source::Exact { c.n_exact } else { c.ids.len() };
                        let best = c.ids[..n].iter().map(|&i| self.imp(i)).fold(0.0, f64::max);
                        score = best / 2.0;
                        if t1 - t0 > 1 {
                            score += 1.0;
                        }
                        // "a Charleston man", "the Pottstown home invasion", "Saratoga
                        // natives": a name between an article and a lower-case word, or before
                        // a noun of `qualified_nouns.txt`, qualifies a thing by its place. Not
                        // an acronym ("the IRS") or a word the text also uses in lower case or
                        // that is common ("the Olympic torch").
                        let article_before =
                            matches!(prev_l, "a" | "an" | "the") && prev.is_some_and(|p| p.word);
                        let qualified_noun = next.is_some_and(|n| self.words(n.lower).has(W_QUALIFIED_NOUN));
                        if (article_before || qualified_noun)
                            && next.is_some_and(|n| n.word && !n.cap)
                            && c.source == Source::Exact
                            && !toks[t0..t1].iter().any(|t| t.allcaps)
                            && !(t1 - t0 == 1
                                && (key_w.has(W_COMMON) || lower_words.contains(toks[t0].lower)))
                        {
                            score += QUALIFIER_BONUS;
                        }
                        if slot {
                            score += 2.0;
                        }
                        if type_hint.is_some() || unknown_kind.is_some() {
                            score += 2.0;
                        }
                        if c.source == Source::Skeleton {
                            score -= 0.75;
                        }
                        if org_run {
                            // "Texas Department of …", "Gainesville Public Utilities": only a
                            // well-known place inside an organisation name counts.
                            if (best < 4.0 && t1 - t0 == 1) || c.source == Source::Skeleton {
                                score = 0.0;
                            }
                        } else if in_longer_name {
                            // After a capitalised word it is likely a family name ("Lise
                            // Grande"); before one, a place naming a thing ("Florida Highway
                            // Patrol", "Dublin Veterans Project").
                            let after_cap = t0 > i && toks[t0 - 1].cap;
                            score -= if after_cap || best < 4.0 { 1.5 } else { 0.5 };
                        }
                        if short {
                            score -= 1.5;
                        }
                        if said_after && best < 6.0 {
                            score = 0.0;
                        }
                        if c.source == Source::Skeleton
                            && !slot
                            && type_hint.is_none()
                            && unknown_kind.is_none()
                        {
                            score = 0.0;
                        }
                        let common = t1 - t0 == 1
                            && (key_w.has(W_COMMON)
                                || lower_words.contains(toks[t0].lower)
                                || title_case
                                || sentence_initial);
                        let context = slot || type_hint.is_some() || unknown_kind.is_some();
                        if common && best < 5.0 && !context {
                            score -= 2.0;
                            weak = true;
                        }
                        if in_longer_name {
                            weak = true;
                        }
                        if key.len() <= 1 {
                            score = 0.0;
                        }
                        // "Alexandria, La." / "Paris, Texas": a comma and a place after.
                        if next_l == "," && t1 + 1 < end && toks[t1 + 1].cap {
                            score += 0.5;
                        }
                    }
                }
                // "Gulf of Aden", "Sea of Azov": the head of a feature's name, not the place
                // called "Gulf" (a province of Papua New Guinea).
                let feature_of = t1 - t0 == 1 && key_w.has(W_FEATURE_HEAD) && next_l == "of";
                let veto = stop
                    || title_before
                    || person
                    || surnames.contains(&*key)
                    || org_run && score <= 0.0
                    || said_after
                    || feature_of;
                if veto {
                    score = f64::min(score, 0.0);
                }
                c.veto = veto;
                c.weak = weak;
                c.slot = known_slot && !veto;
                c.score = score;
                c.unknown_kind = unknown_kind;
                c.key = key;
                if score >= ACCEPT && (slot_of || list_slot || c.unknown_kind.is_some()) {
                    last_slot_end = Some(t1 - 1);
                }
            }
            i = r;
        }
    }

    /// End of the capitalised run from `toks[i]` (a name's words and connectors, at most
    /// `MAX_RUN` tokens), stopping after a cut token other than `through`.
    fn run_end(toks: &[Tok], i: usize, end: usize, through: Option<usize>) -> usize {
        let cut = |k: usize| toks[k].cut && through != Some(k);
        let mut r = i + 1;
        if cut(i) {
            return r;
        }
        while r < end && r - i < MAX_RUN {
            if toks[r].cap {
                r += 1;
                if cut(r - 1) {
                    break;
                }
                continue;
            }
            // "St. Petersburg", "Ft. Worth": the period of a name's abbreviated first word.
            if toks[r].lower == "."
                && NAME_ABBREVIATIONS.contains(&toks[r - 1].lower)
                && r + 1 < end
                && toks[r + 1].cap
                && toks[r].start == toks[r - 1].end
            {
                r += 2;
                if cut(r - 1) {
                    break;
                }
                continue;
            }
            // "Bosnia and Herzegovina", "Democratic Republic of the Congo".
            let conn = |k: usize| k < end && !toks[k].cap && !toks[k].key.is_empty();
            let n_conn = if conn(r) && conn(r + 1) {
                2
            } else if conn(r) {
                1
            } else {
                0
            };
            if n_conn > 0 && r + n_conn < end && toks[r + n_conn].cap {
                r += n_conn + 1;
                if cut(r - 1) {
                    break;
                }
                continue;
            }
            break;
        }
        r
    }

    fn imp(&self, i: u32) -> f64 {
        self.imp[i as usize]
    }

    /// A name taken as a place once is a place wherever it recurs (unless vetoed there).
    #[inline(never)] // one frame per phase in profiles
    fn propagate(cands: &mut [Cand]) {
        Self::accept_recurrences(
            cands,
            |c| c.score >= ACCEPT + 0.5 && c.source != Source::Demonym,
            |c, first| c.source == first.source,
        );
    }

    /// A name that lost its gazetteer readings in resolution ("Dashisha", a respelling of a
    /// far-off place) and is an unresolved place in a slot ("the town of Dashisha") is that
    /// place where it recurs too ("around Dashisha"): `propagate` ran before the readings went.
    #[inline(never)] // one frame per phase in profiles
    fn propagate_unresolved(cands: &mut [Cand]) {
        Self::accept_recurrences(
            cands,
            |c| c.source == Source::Unknown && c.slot && c.score >= ACCEPT,
            |c, _| c.source == Source::Unknown,
        );
    }

    /// Raise to `ACCEPT` every rejected, unvetoed mention whose key an accepted mention has
    /// (`accepted`, the first of each key decides) when `same_kind` allows; it inherits that
    /// mention's unknown kind. Weak candidates neither give nor take.
    fn accept_recurrences(
        cands: &mut [Cand],
        accepted: impl Fn(&Cand) -> bool,
        same_kind: impl Fn(&Cand, &Cand) -> bool,
    ) {
        // Key → first accepted candidate of that key (no string copied).
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (k, c) in cands.iter().enumerate() {
            if !c.weak && accepted(c) {
                first.entry(&*c.key).or_insert(k);
            }
        }
        if first.is_empty() {
            return;
        }
        let mut updates: Vec<(usize, usize)> = Vec::new();
        for (k, c) in cands.iter().enumerate() {
            if c.score < ACCEPT && !c.veto && !c.weak {
                if let Some(&a) = first.get(&*c.key) {
                    if same_kind(c, &cands[a]) {
                        updates.push((k, a));
                    }
                }
            }
        }
        drop(first);
        for (k, a) in updates {
            cands[k].score = ACCEPT;
            if cands[k].unknown_kind.is_none() {
                cands[k].unknown_kind = cands[a].unknown_kind.clone();
            }
        }
    }

    /// A transliteration match far from every other place of the text is a different place
    /// that happens to sound alike: report the name as unresolved instead.
    #[inline(never)] // one frame per phase in profiles
    fn check_skeletons(&self, cands: &mut [Cand]) {
        let points: Vec<(f64, f64)> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT && c.source == Source::Exact)
            .filter_map(|c| c.chosen)
            .filter(|&i| self.g.entries[i as usize].kind <= FeatureKind::Admin1)
            .map(|i| (self.g.entries[i as usize].lat as f64, self.g.entries[i as usize].lon as f64))
            .collect();
        if points.is_empty() {
            return;
        }
        for c in cands.iter_mut().filter(|c| c.source == Source::Skeleton && c.score >= ACCEPT) {
            let Some(i) = c.chosen else { continue };
            let e = &self.g.entries[i as usize];
            let near = points.iter().any(|p| haversine_km(e.lat as f64, e.lon as f64, p.0, p.1) < 400.0);
            if !near {
                c.make_unknown();
            }
        }
    }

    /// "Alexandria, Louisiana": link a mention to a following comma-separated container.
    #[inline(never)] // one frame per phase in profiles
    fn link_containers(&self, toks: &[Tok], cands: &mut [Cand]) {
        // `y` follows `x` after one token, `word` ("Mosul, Nineveh").
        let joined = |x: &Cand, y: &Cand, word: &str| y.t0 == x.t1 + 1 && toks[x.t1].lower == word;
        // Candidate `k` heads a list ("Gaza, Egypt and Jordan"), not "Town, Region, Country".
        let in_list_of_places = |cands: &[Cand], k: usize| {
            let (a, b) = (&cands[k], &cands[k + 1]);
            (k > 0 && joined(&cands[k - 1], a, ","))
                || cands.get(k + 2).is_some_and(|c| {
                    joined(b, c, "and")
                        || joined(b, c, "or")
                        || (joined(b, c, ",")
                            && !b.ids.iter().any(|&x| c.ids.iter().any(|&y| self.within(x, y))))
                })
        };
        for k in 0..cands.len().saturating_sub(1) {
            let (a, b) = (&cands[k], &cands[k + 1]);
            if joined(a, b, ",") && !b.ids.is_empty() {
                // "Georgia, Oklahoma, Pennsylvania and California": in a list of regions, a
                // name that is itself a region is the next item, not a place inside the next.
                let in_list = (k > 0 && joined(&cands[k - 1], a, ","))
                    || cands.get(k + 2).is_some_and(|c| joined(b, c, ",") || joined(b, c, "and"));
                if in_list && self.own_name_readings(a, FeatureKind::Admin1).next().is_some() {
                    continue;
                }
                let contains = a.ids.iter().any(|&x| b.ids.iter().any(|&y| self.within(x, y)));
                let elsewhere = !contains
                    && a.score >= ACCEPT
                    && !a.veto
                    && !a.ids.is_empty()
                    && !self.names_region(a)
                    // A region smaller than the place is not its container: "New York City,
                    // Long Island, New York" lists places (and the Bahamas have a Long Island).
                    && self.region_importance(b) > a.ids.iter().map(|&i| self.imp(i)).fold(0.0, f64::max)
                    && !in_list_of_places(cands, k);
                if contains {
                    cands[k].container = Some(k + 1);
                    cands[k].score = cands[k].score.max(ACCEPT);
                    cands[k + 1].score = cands[k + 1].score.max(ACCEPT);
                } else if elsewhere {
                    // "Stroud, Ontario": none of the Strouds the gazetteer knows is in Ontario,
                    // so this is another one, somewhere in Ontario.
                    cands[k].make_unknown();
                    cands[k].in_region = Some(k + 1);
                    cands[k].score = ACCEPT;
                    cands[k + 1].score = cands[k + 1].score.max(ACCEPT);
                }
            }
        }
    }

    /// "Oregon, Tennessee, Utah, Washington and Wisconsin": a name listed among at least two
    /// first-level regions of one country is that country's region too if it names one, as
    /// if the text said "state" ("Washington", not the capital; "New Brunswick", not the town).
    #[inline(never)] // one frame per phase in profiles
    fn hint_listed_regions(&self, toks: &[Tok], cands: &mut [Cand]) {
        // `y` follows `x` across list separators only ("," "and" "or", as in ", and").
        let listed = |x: &Cand, y: &Cand| {
            y.t0 > x.t1
                && y.t0 - x.t1 <= 2
                && toks[x.t1..y.t0].iter().all(|t| matches!(t.lower, "," | "and" | "or"))
        };
        // Country of the region the candidate names by its own name, if any.
        let region_cc = |c: &Cand| -> Option<[u8; 2]> {
            self.own_name_readings(c, FeatureKind::Admin1).next().map(|i| self.g.entries[i as usize].cc)
        };
        let mut k = 0;
        while k < cands.len() {
            let mut end = k + 1;
            while end < cands.len() && listed(&cands[end - 1], &cands[end]) {
                end += 1;
            }
            if end - k >= 3 {
                let ccs: Vec<Option<[u8; 2]>> = cands[k..end].iter().map(region_cc).collect();
                // Regions named per country (a list spans one or two countries).
                let mut per_cc: Vec<([u8; 2], usize)> = Vec::new();
                for &cc in ccs.iter().flatten() {
                    tally(&mut per_cc, cc, 1);
                }
                for (c, cc) in cands[k..end].iter_mut().zip(&ccs) {
                    let Some(cc) = cc else { continue };
                    let others = tallied(&per_cc, *cc).saturating_sub(1);
                    if others >= 2 && c.type_hint.is_none() {
                        c.type_hint = Some("admin".to_string());
                    }
                }
            }
            k = end;
        }
    }

    /// The candidate's readings of `kind` that bear the text's name as their own.
    fn own_name_readings<'c>(&'c self, c: &'c Cand, kind: FeatureKind) -> impl Iterator<Item = u32> + 'c {
        c.ids
            .iter()
            .copied()
            .filter(move |&i| self.g.entries[i as usize].kind == kind && norm_key_eq(self.g.name(i), &c.key))
    }

    /// True when one of the candidate's readings is a country or first-level region bearing
    /// the text's name as its own.
    fn names_region(&self, c: &Cand) -> bool {
        self.region_importance(c) > 0.0
    }

    /// The importance of the most important country or first-level region bearing the
    /// candidate's name as its own; 0 when none does.
    fn region_importance(&self, c: &Cand) -> f64 {
        self.own_name_readings(c, FeatureKind::Country)
            .chain(self.own_name_readings(c, FeatureKind::Admin1))
            .map(|i| self.imp(i))
            .fold(0.0, f64::max)
    }

    /// True when place `x` lies in region `y` (its admin1 or country).
    fn within(&self, x: u32, y: u32) -> bool {
        let (ex, ey) = (&self.g.entries[x as usize], &self.g.entries[y as usize]);
        match ey.kind {
            FeatureKind::Country => ex.cc == ey.cc && ex.kind < FeatureKind::Country,
            FeatureKind::Admin1 => ex.admin1 == ey.admin1 && ex.admin1 != 0 && ex.kind < FeatureKind::Admin1,
            FeatureKind::Admin2 => ex.admin2 == ey.admin2 && ex.admin2 != 0 && ex.kind < FeatureKind::Admin2,
            _ => false,
        }
    }

    #[inline(never)] // one frame per phase in profiles
    fn resolve(&self, cands: &mut [Cand], home: Option<&OutletHome>) {
        let home_cc: [u8; 2] = match home.map(|h| h.country_code.as_bytes()) {
            Some(&[a, b]) => [a, b],
            _ => [0, 0],
        };
        // Focus countries from unambiguous, non-skeleton evidence.
        let mut focus: BTreeMap<[u8; 2], f64> = BTreeMap::new();
        for c in
            cands.iter().filter(|c| c.score >= ACCEPT && !c.ids.is_empty() && c.source != Source::Skeleton)
        {
            let e0 = &self.g.entries[c.ids[0] as usize];
            let one_cc = c.ids.iter().all(|&i| self.g.entries[i as usize].cc == e0.cc);
            let w = match (c.source, e0.kind) {
                (Source::Demonym, _) => 1.0,
                (_, FeatureKind::Country) => 2.0,
                (_, FeatureKind::Admin1) => 1.5,
                _ => 1.0,
            };
            if one_cc {
                *focus.entry(e0.cc).or_default() += w;
            } else {
                let top = c
                    .ids
                    .iter()
                    .copied()
                    .max_by(|&a, &b| self.imp(a).total_cmp(&self.imp(b)))
                    .unwrap_or(c.ids[0]);
                *focus.entry(self.g.entries[top as usize].cc).or_default() += 0.3;
            }
        }
        let total: f64 = focus.values().sum::<f64>().max(1.0);
        // Skeleton-only matches must fall in a focus country.
        for c in cands.iter_mut().filter(|c| c.source == Source::Skeleton) {
            // Without any country context only a well-known place may be a respelling.
            let no_focus = focus.is_empty();
            c.ids.retain(|&i| {
                if no_focus {
                    self.imp(i) >= 5.0
                } else {
                    focus.contains_key(&self.g.entries[i as usize].cc)
                }
            });
            if c.ids.is_empty() {
                c.make_unknown();
            }
        }
        // Mentions of the same name in the same setting are resolved once, as a group. A group's
        // readings, type hint and container are those of its first member; per-reading facts
        // live in flat tables, the group's at `off..off + len`.
        struct Group {
            first: usize,
            n_members: usize,
            off: usize,
            weight: f64,
            rec_score: f64,
            /// Every member is a demonym (votes for countries only).
            demonym: bool,
            /// The most important reading whose own name is the text's.
            canonical_imp: f64,
        }
        let mut groups: Vec<Group> = Vec::with_capacity(cands.len());
        let mut group_of: Vec<u32> = vec![u32::MAX; cands.len()];
        let mut n_readings = 0;
        {
            let mut index: HashMap<(&str, Option<&str>, Option<u32>), usize> =
                HashMap::with_capacity_and_hasher(cands.len(), Default::default());
            for (k, c) in cands.iter().enumerate() {
                if c.ids.is_empty() || c.score < ACCEPT {
                    continue;
                }
                let container_first = c.container.and_then(|j| cands[j].ids.first().copied());
                let gk = (&*c.key, c.type_hint.as_deref(), container_first);
                let gi = *index.entry(gk).or_insert_with(|| {
                    groups.push(Group {
                        first: k,
                        n_members: 0,
                        off: n_readings,
                        weight: 0.0,
                        rec_score: 0.0,
                        demonym: true,
                        canonical_imp: 0.0,
                    });
                    n_readings += c.ids.len();
                    groups.len() - 1
                });
                let g = &mut groups[gi];
                g.n_members += 1;
                g.weight += if c.source == Source::Demonym { 0.0 } else { 1.0 };
                g.rec_score = g.rec_score.max(c.score);
                g.demonym &= c.source == Source::Demonym;
                group_of[k] = gi as u32;
            }
        }
        let cands_ro: &[Cand] = cands;
        let ids_of = |g: &Group| -> &[u32] { &cands_ro[g.first].ids };
        // Per reading, once: does the canonical name match the text, is it a province whose
        // own city (or a city bigger than the province) is also a reading; dense indices of its
        // country and admin1 region for the vote tables.
        let mut canonical: Vec<bool> = Vec::with_capacity(n_readings);
        let mut province_of_city: Vec<bool> = Vec::with_capacity(n_readings);
        let mut namesake_of_region: Vec<bool> = Vec::with_capacity(n_readings);
        let mut variant_beside_canonical: Vec<bool> = Vec::with_capacity(n_readings);
        let mut canonical_ccs: Vec<[u8; 2]> = Vec::new();
        let mut capital_ccs: Vec<[u8; 2]> = Vec::new();
        let mut r_cc: Vec<u32> = Vec::with_capacity(n_readings);
        let mut r_a1: Vec<u32> = Vec::with_capacity(n_readings);
        let mut r_a2: Vec<u32> = Vec::with_capacity(n_readings);
        // Sized up front: no rehashing or regrowth while filling.
        let mut cc_ix: HashMap<[u8; 2], u32> =
            HashMap::with_capacity_and_hasher(n_readings, Default::default());
        let mut a1_ix: HashMap<u32, u32> = HashMap::with_capacity_and_hasher(n_readings, Default::default());
        // Country index of each admin1 index.
        let mut a1_cc: Vec<u32> = Vec::new();
        let mut a2_ix: HashMap<u32, u32> = HashMap::with_capacity_and_hasher(n_readings, Default::default());
        let max_ids = groups.iter().map(|g| cands[g.first].ids.len()).max().unwrap_or(0);
        let mut city_a1: Vec<u32> = Vec::with_capacity(max_ids);
        let mut name_buf = String::new();
        for g in groups.iter_mut() {
            let ids = &cands_ro[g.first].ids;
            let key = &cands_ro[g.first].key;
            let from = canonical.len();
            canonical.extend(ids.iter().map(|&i| norm_key_eq_buf(self.g.name(i), key, &mut name_buf)));
            // A small place that bears the name only as an old or variant name ("New York"
            // for a Wisconsin village) yields to the most important reading of that name.
            g.canonical_imp = ids
                .iter()
                .zip(&canonical[from..])
                .filter(|x| *x.1)
                .map(|x| self.imp(*x.0))
                .fold(0.0, f64::max);
            city_a1.clear();
            city_a1.extend(
                ids.iter()
                    .map(|&j| &self.g.entries[j as usize])
                    .filter(|f| f.kind <= FeatureKind::Capital && f.pop >= 1000)
                    .map(|f| f.admin1),
            );
            let biggest_city = ids
                .iter()
                .map(|&j| &self.g.entries[j as usize])
                .filter(|f| f.kind <= FeatureKind::Capital)
                .map(|f| f.pop)
                .max()
                .unwrap_or(0);
            capital_ccs.clear();
            capital_ccs.extend(
                ids.iter()
                    .map(|&j| &self.g.entries[j as usize])
                    .filter(|c| c.kind == FeatureKind::Capital)
                    .map(|c| c.cc),
            );
            province_of_city.extend(ids.iter().map(|&i| {
                let e = &self.g.entries[i as usize];
                matches!(e.kind, FeatureKind::Admin1 | FeatureKind::Admin2)
                    && (city_a1.contains(&e.admin1)
                        // A city of the name outnumbers the whole region elsewhere
                        // ("Gaza": the city, not Mozambique's province).
                        || e.kind == FeatureKind::Admin1 && e.pop > 0 && biggest_city >= e.pop
                        // The country's capital bears the name ("Washington": the capital,
                        // not the state).
                        || capital_ccs.contains(&e.cc))
            }));
            // A small place named after a first-level region elsewhere ("California",
            // Pennsylvania; "Ontario", Ohio): the text means the region unless it says
            // otherwise ("California, Pa."), so the place gets no support from its
            // neighbours. Without this a state named in a list of states is read as a
            // village in the one state the article mentions more.
            let region = ids
                .iter()
                .zip(&canonical[from..])
                .filter(|(&i, &c)| c && self.g.entries[i as usize].kind == FeatureKind::Admin1)
                .map(|(&i, _)| (self.g.entries[i as usize].admin1, self.imp(i)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            // A place that bears the name only as a variant, in a country where another place
            // bears it as its own name ("Maryville" for Beeville, Texas, beside Maryville,
            // Illinois): the country's own usage names the other place.
            // Countries with a canonical reading, found once per group (linear, not pairwise).
            canonical_ccs.clear();
            for (&i, _) in ids.iter().zip(&canonical[from..]).filter(|x| *x.1) {
                let cc = self.g.entries[i as usize].cc;
                if !canonical_ccs.contains(&cc) {
                    canonical_ccs.push(cc);
                }
            }
            variant_beside_canonical.extend(
                ids.iter()
                    .zip(&canonical[from..])
                    .map(|(&i, &c)| !c && canonical_ccs.contains(&self.g.entries[i as usize].cc)),
            );
            namesake_of_region.extend(ids.iter().map(|&i| {
                let e = &self.g.entries[i as usize];
                region.is_some_and(|(a1, imp)| {
                    e.kind <= FeatureKind::Capital && e.admin1 != a1 && self.imp(i) + 2.0 < imp
                })
            }));
            for &i in ids.iter() {
                let e = &self.g.entries[i as usize];
                let n = cc_ix.len() as u32;
                r_cc.push(*cc_ix.entry(e.cc).or_insert(n));
                let n = a1_ix.len() as u32;
                let a1 = *a1_ix.entry(e.admin1).or_insert(n);
                if a1 == n {
                    a1_cc.push(*r_cc.last().expect("pushed above"));
                }
                r_a1.push(a1);
                let n = a2_ix.len() as u32;
                r_a2.push(*a2_ix.entry(e.admin2).or_insert(n));
            }
        }
        // Focus weight of each country index (pass 0 reads it per reading).
        let mut focus_of: Vec<f64> = vec![0.0; cc_ix.len()];
        for (cc, &ix) in &cc_ix {
            focus_of[ix as usize] = focus.get(cc).copied().unwrap_or(0.0);
        }
        let mut probs: Vec<f64> = Vec::with_capacity(n_readings);
        for g in &groups {
            let n = ids_of(g).len();
            probs.extend(std::iter::repeat_n(1.0 / n as f64, n));
        }
        let mut chosen_of: Vec<(u32, f64)> = vec![(0, 0.0); groups.len()];
        let mut own_a1s: Vec<(u32, f64)> = Vec::with_capacity(max_ids);
        let mut own_a2s: Vec<(u32, f64)> = Vec::with_capacity(max_ids);
        let mut own_ccs: Vec<(u32, f64)> = Vec::with_capacity(max_ids);
        let mut own_a1_ccs: Vec<(u32, f64)> = Vec::with_capacity(max_ids);
        let mut scored: Vec<(f64, u32)> = Vec::with_capacity(max_ids);
        let mut exps: Vec<f64> = Vec::with_capacity(max_ids);
        let (mut votes, mut cc_votes) = (vec![0.0f64; a1_ix.len()], vec![0.0f64; cc_ix.len()]);
        let mut cc_a1_votes = vec![0.0f64; cc_ix.len()];
        let mut a2_votes = vec![0.0f64; a2_ix.len()];
        let mut points: Vec<(u32, f64, f64, f64)> = Vec::with_capacity(groups.len());
        for pass in 0..3 {
            // Soft votes of every group for admin1 and admin2 regions and countries (demonyms
            // vote for countries only).
            votes.fill(0.0);
            a2_votes.fill(0.0);
            cc_votes.fill(0.0);
            for g in &groups {
                let w = g.n_members as f64;
                for (j, &i) in ids_of(g).iter().enumerate() {
                    let r = g.off + j;
                    cc_votes[r_cc[r] as usize] += w * probs[r];
                    let e = &self.g.entries[i as usize];
                    if !g.demonym && e.admin1 != 0 {
                        votes[r_a1[r] as usize] += g.weight * probs[r];
                    }
                    if !g.demonym && e.admin2 != 0 {
                        a2_votes[r_a2[r] as usize] += g.weight * probs[r];
                    }
                }
            }
            cc_a1_votes.fill(0.0);
            for (a1, v) in votes.iter().enumerate() {
                cc_a1_votes[a1_cc[a1] as usize] += v;
            }
            // Summed in order of first appearance (deterministic).
            let cc_total: f64 = cc_votes.iter().sum();
            points.clear();
            if pass > 0 {
                points.extend(
                    groups
                        .iter()
                        .zip(&chosen_of)
                        .filter(|(g, _)| !g.demonym)
                        .map(|(_, c)| c.0)
                        .filter(|&i| self.g.entries[i as usize].kind < FeatureKind::Admin1)
                        .map(|i| {
                            let e = &self.g.entries[i as usize];
                            (i, e.lat as f64, e.lon as f64, (e.lat as f64).to_radians().cos())
                        }),
                );
                // By latitude: each reading then looks only at the band within 300 km.
                points.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                points.dedup_by_key(|p| p.0);
            }
            for (gi, g) in groups.iter().enumerate() {
                let ids = ids_of(g);
                let first = &cands_ro[g.first];
                let type_hint = first.type_hint.as_deref();
                let (hint_admin, hint_settlement) =
                    (type_hint == Some("admin"), type_hint == Some("settlement"));
                let container: &[u32] = first.container.map(|j| &cands_ro[j].ids[..]).unwrap_or(&[]);
                let w = g.n_members as f64;
                // This group's own votes, to leave out: repeating a name is no evidence.
                // Summed once per group (a few distinct regions), not once per reading.
                own_a1s.clear();
                own_a2s.clear();
                own_ccs.clear();
                for j in 0..ids.len() {
                    let r = g.off + j;
                    if !g.demonym {
                        tally(&mut own_a1s, r_a1[r], g.weight * probs[r]);
                        tally(&mut own_a2s, r_a2[r], g.weight * probs[r]);
                    }
                    tally(&mut own_ccs, r_cc[r], w * probs[r]);
                }
                let own_a1 = |a1: u32| tallied(&own_a1s, a1);
                let own_a2 = |a2: u32| tallied(&own_a2s, a2);
                let own_cc = |cc: u32| tallied(&own_ccs, cc);
                // This group's admin1 votes per country.
                own_a1_ccs.clear();
                for &(a1, v) in own_a1s.iter() {
                    tally(&mut own_a1_ccs, a1_cc[a1 as usize], v);
                }
                scored.clear();
                scored.extend(ids.iter().enumerate().map(|(rank, &i)| {
                    let r = g.off + rank;
                    let e = &self.g.entries[i as usize];
                    let mut s = self.imp(i) * 0.6;
                    s += match e.kind {
                        FeatureKind::Country | FeatureKind::Continent | FeatureKind::WorldRegion => 3.0,
                        FeatureKind::Admin1 | FeatureKind::Capital => 1.5,
                        _ => 0.0,
                    };
                    if rank < first.n_exact {
                        s += 1.0;
                    }
                    // "Raqqa", "Baghdad": the city rather than its province, unless the
                    // text says "province".
                    if province_of_city[r] && !hint_admin {
                        s -= 2.5;
                    }
                    if canonical[r] {
                        s += 1.0;
                    } else if self.imp(i) + 1.0 < g.canonical_imp || variant_beside_canonical[r] {
                        s -= VARIANT_NAME_PENALTY;
                    }
                    if pass == 0 {
                        s += 4.0 * focus_of[r_cc[r] as usize] / total;
                    } else {
                        let rest = cc_total - w;
                        let v = cc_votes[r_cc[r] as usize] - own_cc(r_cc[r]);
                        if rest > 0.0 {
                            s += 4.0 * (v / rest).clamp(0.0, 1.0);
                        }
                    }
                    if e.admin1 != 0 && !namesake_of_region[r] {
                        let v = votes[r_a1[r] as usize] - own_a1(r_a1[r]);
                        // Scaled by the region's share of its country's votes: a state named
                        // beside others ("New York" and "Texas" in national news) does not set
                        // the story there, and so does not pull "Boston" to its village.
                        let cc = r_cc[r];
                        let own_in_cc = tallied(&own_a1_ccs, cc);
                        let rest = (cc_a1_votes[cc as usize] - own_in_cc).max(v).max(1e-9);
                        s += 1.5 * v.clamp(0.0, 2.0) * (v / rest).clamp(0.0, 1.0);
                    }
                    // The county and its towns ("Athens" and "Henderson County", Texas).
                    if e.admin2 != 0 && !namesake_of_region[r] {
                        let v = a2_votes[r_a2[r] as usize] - own_a2(r_a2[r]);
                        s += A2_VOTE_WEIGHT * v.clamp(0.0, 2.0);
                    }
                    if container.iter().any(|&y| self.within(i, y)) {
                        s += 5.0;
                    }
                    if let Some(h) = home {
                        if e.cc == home_cc {
                            s += HOME_COUNTRY_BONUS;
                        }
                        if (e.kind == FeatureKind::Admin2 || e.kind < FeatureKind::Admin1)
                            && haversine_km(h.lat, h.lon, e.lat as f64, e.lon as f64) <= HOME_KM
                        {
                            s += HOME_NEAR_BONUS;
                        }
                    }
                    if hint_admin && matches!(e.kind, FeatureKind::Admin1 | FeatureKind::Admin2) {
                        s += 3.0;
                    } else if hint_settlement && e.kind <= FeatureKind::Capital {
                        s += 2.0;
                    }
                    if pass > 0 && e.kind < FeatureKind::Admin1 && !namesake_of_region[r] {
                        // Equirectangular distance: plenty for "within 300 km".
                        // 300 km is under 2.7° of latitude.
                        let (lat, lo) = (e.lat as f64, points.partition_point(|p| p.1 < e.lat as f64 - 2.7));
                        let near = points[lo..]
                            .iter()
                            .take_while(|p| p.1 <= lat + 2.7)
                            .filter(|p| {
                                let dy = (e.lat as f64 - p.1) * 111.2;
                                let dx = (e.lon as f64 - p.2) * 111.2 * p.3;
                                p.0 != i && dx * dx + dy * dy < 300.0 * 300.0
                            })
                            .take(2)
                            .count();
                        s += near.min(2) as f64;
                    }
                    (s, i)
                }));
                // Softmax over the scores gives the next pass its votes.
                let mx = scored.iter().map(|x| x.0).fold(f64::MIN, f64::max);
                exps.clear();
                exps.extend(scored.iter().map(|x| (x.0 - mx).exp()));
                let z: f64 = exps.iter().sum();
                for (p, x) in probs[g.off..g.off + ids.len()].iter_mut().zip(&exps) {
                    *p = x / z;
                }
                // Best and runner-up (ties to the smaller id, for determinism).
                let mut best = scored[0];
                let mut second: Option<(f64, u32)> = None;
                for &x in &scored[1..] {
                    if x.0 > best.0 || (x.0 == best.0 && x.1 < best.1) {
                        second = Some(best);
                        best = x;
                    } else if second.is_none_or(|s| x.0 > s.0) {
                        second = Some(x);
                    }
                }
                let margin = second.map(|s| best.0 - s.0).unwrap_or(4.0);
                let conf = (1.0 / (1.0 + (-margin).exp())) * (0.5 + 0.5 * (g.rec_score / 6.0).min(1.0));
                chosen_of[gi] = (best.1, conf);
            }
        }
        for (c, &gi) in cands.iter_mut().zip(&group_of) {
            if gi != u32::MAX {
                c.chosen = Some(chosen_of[gi as usize].0);
                c.confidence = chosen_of[gi as usize].1;
            }
        }
    }

    /// "10 km east of Mosul", "north of Raqa", "outskirts of Raqqa": mark relative locations.
    #[inline(never)] // one frame per phase in profiles
    fn relative(&self, text: &str, toks: &[Tok], cands: &mut [Cand]) {
        for c in cands.iter_mut() {
            if c.score < ACCEPT || c.chosen.is_none() || c.t0 < 2 {
                continue;
            }
            let p1 = toks[c.t0 - 1].lower;
            let p2 = toks[c.t0 - 2].lower;
            if p1 == "of" {
                let dir = DIRECTIONS.iter().find(|d| d.0 == p2).map(|d| d.1);
                if let Some(bearing) = dir {
                    let mut start = toks[c.t0 - 2].start;
                    let mut dist = None;
                    if c.t0 >= 4 {
                        let unit = toks[c.t0 - 3].lower;
                        let factor = match unit {
                            "km" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => Some(1.0),
                            "miles" | "mile" | "mi" => Some(1.609),
                            _ => None,
                        };
                        if let Some(f) = factor {
                            if let Ok(n) = toks[c.t0 - 4].lower.replace(',', "").parse::<f64>() {
                                dist = Some(n * f);
                                start = toks[c.t0 - 4].start;
                            }
                        }
                    }
                    c.relative = Some((start, dist, Some(bearing)));
                } else if matches!(p2, "outskirts" | "edge" | "edges" | "vicinity" | "suburbs") {
                    c.relative = Some((c.start, None, None));
                }
            } else if matches!(p1, "near" | "outside" | "nearby") {
                c.relative = Some((c.start, None, None));
            }
            let _ = text;
        }
        // "Abu Ilaj north of Raqa": an unresolved place located near a resolved anchor.
        for k in 0..cands.len() {
            if cands[k].source != Source::Unknown || cands[k].score < ACCEPT {
                continue;
            }
            let t1 = cands[k].t1;
            let Some(a) =
                cands.iter().position(|c| c.t0 == t1 + 2 && c.chosen.is_some() && c.score >= ACCEPT)
            else {
                continue;
            };
            if toks[t1 + 1].lower != "of" {
                continue;
            }
            if let Some(d) = DIRECTIONS.iter().find(|d| d.0 == toks[t1].lower) {
                cands[k].anchor = Some((a, d.1));
            }
        }
    }

    #[inline(never)] // one frame per phase in profiles
    fn focus_country(&self, cands: &[Cand]) -> Option<String> {
        let mut w: BTreeMap<[u8; 2], f64> = BTreeMap::new();
        for c in cands.iter().filter(|c| c.score >= ACCEPT) {
            if let Some(i) = c.chosen {
                *w.entry(self.g.entries[i as usize].cc).or_default() += 1.0;
            }
        }
        w.into_iter()
            .filter(|(cc, _)| cc[0] != 0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(cc, _)| String::from_utf8_lossy(&cc).to_string())
    }

    #[inline(never)] // one frame per phase in profiles
    fn mention(&self, text: &str, c: &Cand, all: &[Cand], focus: Option<&str>) -> Option<PlaceMention> {
        let surface = &text[c.start..c.end];
        let Some(i) = c.chosen else {
            if c.source != Source::Unknown {
                return None;
            }
            let kind = match c.unknown_kind.as_deref() {
                Some("village" | "villages" | "hamlet") => "village",
                Some("town" | "towns") => "town",
                Some("city") => "city",
                Some(
                    "neighbourhood" | "neighborhood" | "neighbourhoods" | "neighborhoods" | "suburb"
                    | "suburbs",
                ) => "neighbourhood",
                _ if c.type_hint.as_deref() == Some("admin") => "region",
                _ => "unknown",
            };
            // Placed by another mention's reading: somewhere in the region that follows it
            // ("Stroud, Ontario"), or near its anchor ("Abu Ilaj north of Raqa"). It takes that
            // reading's point and country, and no id of its own.
            let in_region = c.in_region.and_then(|j| all[j].chosen).filter(|&r| {
                matches!(self.g.entries[r as usize].kind, FeatureKind::Country | FeatureKind::Admin1)
            });
            let placed = match (in_region, c.anchor.and_then(|(a, _)| all[a].chosen)) {
                (Some(r), _) => {
                    let region = self.g.entries[r as usize].kind == FeatureKind::Admin1;
                    let precision = if region { GeoPrecision::Region } else { GeoPrecision::Country };
                    Some((r, precision, region.then(|| self.g.name(r).to_string()), None))
                }
                (None, Some(a)) => Some((a, GeoPrecision::Near, None, Some(self.g.name(a).to_string()))),
                (None, None) => None,
            };
            if let Some((r, precision, admin1, relative_to)) = placed {
                let er = &self.g.entries[r as usize];
                let cc = self.g.country_code(r);
                return Some(PlaceMention {
                    text: surface.to_string(),
                    start: c.start,
                    end: c.end,
                    name: surface.to_string(),
                    geonames_id: None,
                    lat: Some((er.lat as f64 * 1e5).round() / 1e5),
                    lon: Some((er.lon as f64 * 1e5).round() / 1e5),
                    country_code: (!cc.is_empty()).then_some(cc),
                    country: None,
                    admin1,
                    kind: kind.to_string(),
                    precision,
                    relative_to,
                    confidence: 0.4,
                });
            }
            return Some(PlaceMention {
                text: surface.to_string(),
                start: c.start,
                end: c.end,
                name: surface.to_string(),
                geonames_id: None,
                lat: None,
                lon: None,
                country_code: focus.map(str::to_string),
                country: None,
                admin1: None,
                kind: kind.to_string(),
                precision: GeoPrecision::Unresolved,
                relative_to: None,
                confidence: 0.3,
            });
        };
        let e = &self.g.entries[i as usize];
        let (kind, mut precision) = if c.source == Source::Demonym {
            ("demonym", GeoPrecision::Country)
        } else {
            match e.kind {
                FeatureKind::Continent => ("continent", GeoPrecision::Region),
                FeatureKind::WorldRegion => ("world_region", GeoPrecision::Region),
                FeatureKind::Country => ("country", GeoPrecision::Country),
                FeatureKind::Admin1 => ("admin1", GeoPrecision::Region),
                FeatureKind::Admin2 => ("admin2", GeoPrecision::Region),
                FeatureKind::Capital => ("city", GeoPrecision::Exact),
                FeatureKind::Populated if e.pop >= 100_000 => ("city", GeoPrecision::Exact),
                FeatureKind::Populated if e.pop >= 10_000 => ("town", GeoPrecision::Exact),
                FeatureKind::Populated => ("village", GeoPrecision::Exact),
            }
        };
        let (mut lat, mut lon) = (e.lat as f64, e.lon as f64);
        let mut start = c.start;
        let mut relative_to = None;
        if let Some((rs, dist, bearing)) = c.relative {
            if e.kind <= FeatureKind::Capital {
                precision = GeoPrecision::Near;
                relative_to = Some(self.g.name(i).to_string());
                start = rs;
                if let (Some(d), Some(b)) = (dist, bearing) {
                    if d <= 300.0 {
                        let br = b.to_radians();
                        lat += d * br.cos() / 111.0;
                        lon += d * br.sin() / (111.0 * lat.to_radians().cos().max(0.1));
                    }
                }
            }
        }
        let admin1 = self
            .admin1_place
            .get(&e.admin1)
            .filter(|_| e.kind < FeatureKind::Admin1)
            .map(|&a| self.g.name(a).to_string());
        Some(PlaceMention {
            text: text[start..c.end].to_string(),
            start,
            end: c.end,
            name: self.g.name(i).to_string(),
            // World regions are eventwire's own records, not GeoNames features.
            geonames_id: (e.kind != FeatureKind::WorldRegion).then_some(e.id as u64),
            lat: Some((lat * 1e5).round() / 1e5),
            lon: Some((lon * 1e5).round() / 1e5),
            country_code: Some(self.g.country_code(i)).filter(|cc| !cc.is_empty()),
            country: None,
            admin1: admin1.or_else(|| (e.kind == FeatureKind::Admin1).then(|| self.g.name(i).to_string())),
            kind: kind.to_string(),
            precision,
            relative_to,
            confidence: (c.confidence as f32 * 100.0).round() / 100.0,
        })
    }
}

/// "Hamam al-Alil": a name followed by an Arabic-article continuation ("al-Alil", "el-Sheikh")
/// is a longer name. When the gazetteer matched only its first part, the mention covers the
/// whole name and is unresolved: the first part alone names another place.
#[inline(never)] // one frame per phase in profiles
fn extend_article_names(text: &str, out: &mut [PlaceMention]) {
    const ARTICLES: [&str; 8] = ["al-", "el-", "ar-", "ad-", "as-", "ash-", "az-", "an-"];
    for m in out.iter_mut().filter(|m| m.geonames_id.is_some() && m.kind != "demonym") {
        let rest = &text[m.end..];
        let Some(after) = rest.strip_prefix(' ') else { continue };
        let Some(art) = ARTICLES.iter().find(|a| after.starts_with(**a)) else { continue };
        let tail = &after[art.len()..];
        if !tail.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let word = tail.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(tail.len());
        let end = m.end + 1 + art.len() + word;
        m.end = end;
        m.text = text[m.start..end].to_string();
        m.name = m.text.clone();
        m.geonames_id = None;
        m.lat = None;
        m.lon = None;
        m.admin1 = None;
        m.kind = "unknown".into();
        m.precision = GeoPrecision::Unresolved;
        m.relative_to = None;
        m.confidence = 0.3;
    }
}

/// The country of an unresolved place: that of the nearest resolved town in its sentence
/// ("east of Mosul, … into the town of Bashiqa"), else that of an earlier mention of the same
/// name, else the article's focus country (already set). When that nearest place is itself a
/// relative location ("South of Mosul, … retook Hamam al-Alil"), the place is near its anchor.
#[inline(never)] // one frame per phase in profiles
fn localise_unresolved(seg: &Segmented, out: &mut [PlaceMention]) {
    // Name -> the first localised mention of it, which later mentions follow.
    let mut known: HashMap<String, PlaceMention> = HashMap::default();
    for i in 0..out.len() {
        if out[i].precision != GeoPrecision::Unresolved {
            continue;
        }
        let sentence = seg.sentence_at(out[i].start);
        let nearest = out
            .iter()
            .filter(|p| {
                matches!(p.precision, GeoPrecision::Exact | GeoPrecision::Near)
                    && p.country_code.is_some()
                    && seg.sentence_at(p.start) == sentence
            })
            .min_by_key(|p| p.start.abs_diff(out[i].start))
            .cloned();
        let m = &mut out[i];
        match nearest {
            Some(anchor) => {
                if anchor.precision == GeoPrecision::Near && anchor.lat.is_some() {
                    m.lat = anchor.lat;
                    m.lon = anchor.lon;
                    m.admin1 = anchor.admin1.clone();
                    m.precision = GeoPrecision::Near;
                    m.relative_to = anchor.relative_to.clone().or_else(|| Some(anchor.name.clone()));
                    m.confidence = 0.4;
                }
                m.country_code = anchor.country_code;
                known.entry(m.name.clone()).or_insert_with(|| m.clone());
            }
            None => {
                if let Some(first) = known.get(&m.name) {
                    m.lat = first.lat;
                    m.lon = first.lon;
                    m.admin1 = first.admin1.clone();
                    m.precision = first.precision;
                    m.relative_to = first.relative_to.clone();
                    m.country_code = first.country_code.clone();
                    m.confidence = first.confidence;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
