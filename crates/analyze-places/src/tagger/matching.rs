//! Lexical matching: the gazetteer readings of the names in a capitalised run. At each
//! capitalised word the longest run of words that is a gazetteer name (exact, a demonym, or a
//! respelling) becomes a candidate; words no name covers become candidates without readings.

use super::candidate::{Cand, Ids, Source};
use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use super::words::{W_NAME_ABBREVIATION, W_STOP, W_TOPONYM_HEAD};
use crate::gazetteer::{TAG_DEMONYM, TAG_EXACT, TAG_SKEL};
use crate::normalize::{
    norm_key, norm_key_into, skeleton_key_prefixes, strip_articles_into, stripped_key_into,
};
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::borrow::Cow;
use std::hash::Hasher;

/// Longest name, in tokens.
const MAX_RUN: usize = 6;

/// Buffers of the name loop, reused across the runs of one text.
#[derive(Default)]
pub(super) struct Scratch<'s> {
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
pub(super) struct Hit {
    start: u32,
    end: u32,
    source: Source,
    n_exact: usize,
}

/// Gazetteer readings of the keys seen so far in one text; keys and readings live back to
/// back in two buffers (no allocation per key, a repeated name is matched once).
#[derive(Default)]
pub(super) struct Memo {
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
    pub(super) fn with_capacity(n: usize) -> Self {
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

/// A possessive that a name runs on through: the token that carries it, and that token's key
/// with the possessive ("people s" of "People's Republic of China").
pub(super) type PossessiveKey = Option<(usize, String)>;

impl PlaceTagger {
    /// End of the capitalised run from `toks[i]` (a name's words and connectors, at most
    /// `MAX_RUN` tokens), stopping after a cut token other than `through`.
    pub(super) fn run_end(&self, toks: &[Tok], i: usize, end: usize, through: Option<usize>) -> usize {
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
                && self.words(toks[r - 1].lower).has(W_NAME_ABBREVIATION)
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

    /// "People's Republic of China", "Cox's Bazar": the run `toks[i..r]` ends in a possessive;
    /// the name may run on through it when the longer run is a gazetteer name. Returns the
    /// longer run's end and the possessive token's key.
    pub(super) fn possessive_run_on<'s>(
        &'s self,
        text: &str,
        toks: &[Tok],
        (i, r, end): (usize, usize, usize),
        scratch: &mut Scratch<'s>,
    ) -> Option<(usize, PossessiveKey)> {
        if !toks[r - 1].poss || r >= end {
            return None;
        }
        let Scratch { key, key_ends, exact_at, .. } = scratch;
        let p = r - 1;
        let sfx = if text[toks[p].end..].starts_with("'s") { 2 } else { "’s".len() };
        let full = norm_key(&text[toks[p].start..toks[p].end + sfx]);
        // The name may start at any capitalised word up to the possessive one.
        for a in (i..=p).filter(|&a| toks[a].cap) {
            let r2 = self.run_end(toks, a, end, Some(p));
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
            let named = (p + 2..=r2).rev().find(|&b| toks[b - 1].cap && !exact_at[b - a - 1].is_empty());
            if let Some(b) = named {
                return Some((b, Some((p, full))));
            }
        }
        None
    }

    /// The candidates of the capitalised run `toks[i..r]`, appended to `out`: from each
    /// capitalised word, the longest span that is a gazetteer name, else the word alone without
    /// readings. A stop name without readings gives no candidate.
    pub(super) fn match_run<'s, 't>(
        &'s self,
        toks: &[Tok<'t>],
        (i, r): (usize, usize),
        poss_key: &PossessiveKey,
        memo: &mut Memo,
        scratch: &mut Scratch<'s>,
        out: &mut Vec<Cand<'t>>,
    ) {
        let mut a = i;
        while a < r {
            if !toks[a].cap {
                a += 1;
                continue;
            }
            let (found, first_stop) = self.longest_match(toks, (a, r), poss_key, memo, scratch);
            let (b, ids, source, n_exact) = match found {
                Some((b, h)) => {
                    // Postings are best-first: the tail of a very common name never wins.
                    let ids = &memo.ids[h.start as usize..h.end as usize];
                    let ids = Ids::from_slice(ids);
                    let n = h.n_exact.min(ids.len());
                    (b, ids, h.source, n)
                }
                None => {
                    let stop = match poss_key {
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
            let Scratch { key, key_ends, .. } = &*scratch;
            let key = match poss_key {
                Some((p, _)) if *p == a => Cow::Owned(key[..key_ends[b - a - 1]].to_string()),
                _ if b == a + 1 => Cow::Borrowed(toks[a].key),
                _ => Cow::Owned(key[..key_ends[b - a - 1]].to_string()),
            };
            out.push(Cand::new((a, b), (toks[a].start, toks[b - 1].end), ids, key, n_exact, source));
            a = b;
        }
    }

    /// The longest span `toks[a..b]` (`b <= r`) that is a gazetteer name, with its readings in
    /// `memo`; and whether the first token's own key is a stop name (the walk always asks).
    /// Leaves the keys of every `toks[a..b]` in `scratch.key`, ending at `scratch.key_ends`.
    fn longest_match<'s>(
        &'s self,
        toks: &[Tok],
        (a, r): (usize, usize),
        poss_key: &PossessiveKey,
        memo: &mut Memo,
        scratch: &mut Scratch<'s>,
    ) -> (Option<(usize, Hit)>, bool) {
        let Scratch { key, key_ends, exact_at, sk, sk_ends, skel_at, stripped, names } = scratch;
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
            match poss_key {
                Some((p, full)) if *p == a + k => key.push_str(full),
                _ => key.push_str(t.key),
            }
            key_ends.push(key.len());
        }
        // Exact readings of every toks[a..b], in one walk at the first key not seen yet.
        exact_at.clear();
        skel_at.clear();
        for b in (a + 1..=r).rev() {
            if !toks[b - 1].cap {
                continue;
            }
            let k = &key[..key_ends[b - a - 1]];
            if self.words(k).has(W_STOP) {
                if b == a + 1 {
                    return (None, true);
                }
                continue;
            }
            let h = Memo::hash(k);
            let hit = match memo.get(h, k) {
                Some(hit) => hit,
                None => {
                    if exact_at.is_empty() {
                        self.g.prefix_lookups(TAG_EXACT, key.as_bytes(), &key_ends[..b - a], exact_at);
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
                return (Some((b, hit)), false);
            }
        }
        (None, false)
    }

    /// Adjacent unknown words of one run, from `out[from..]`, form one name (a name of several
    /// words the gazetteer lacks: "Kafr al-Marjaba", "Tal Jabir"); so does a weak one-word
    /// match glued to such a word.
    pub(super) fn merge_unknown_names(&self, toks: &[Tok], out: &mut Vec<Cand>, from: usize) {
        let mut k = from + 1;
        while k < out.len() {
            let (p, c) = (&out[k - 1], &out[k]);
            // A weak one-word match glued to an "al-X" word is part of an unknown name.
            let weak_head = matches!(p.source, Source::Exact | Source::Skeleton)
                && p.t1 - p.t0 == 1
                && c.t0 == p.t1
                && (self.has_article(toks[c.t0].lower)
                    && p.ids[..p.n_exact].iter().all(|&x| self.imp(x) < 4.0)
                    || self.words(&p.key).has(W_TOPONYM_HEAD)
                        && p.ids[..p.n_exact].iter().all(|&x| self.imp(x) < 5.0));
            // After such a head the next word starts the name even where it is a small place
            // elsewhere ("Kafr Wadi", "Tal Sufra" whole are names the gazetteer lacks; "Tal" or
            // "Wadi" alone would be other places). A region's or a city's name stays apart.
            let minor_after_head = weak_head
                && self.words(&p.key).has(W_TOPONYM_HEAD)
                && c.t0 == p.t1
                && matches!(c.source, Source::Exact | Source::Skeleton)
                && c.t1 - c.t0 == 1
                && c.ids.iter().all(|&x| self.imp(x) < 5.0);
            if minor_after_head
                || (weak_head || p.source == Source::Unknown)
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
        // A well-known exact reading needs no respellings (a country, a big city).
        let settled = exact.iter().any(|&x| self.imp(x) >= 6.0);
        // Acronyms ("UNHCR", "NGO") are no transliterations.
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
}
