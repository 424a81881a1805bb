//! Tokens as recognition sees them: lower-case forms and name keys of every token, made in one
//! pass, and the spelling tests of name words (capitals, Arabic articles, connectors).

use super::place_tagger::PlaceTagger;
use crate::gazetteer::TAG_EXACT;
use crate::normalize::norm_key_into;
use eventwire_text::{Segmented, TokenKind};

/// Per-token facts used by recognition.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tok<'a> {
    pub(super) start: usize,
    /// End without a possessive "'s" or a lower-case hyphen tail ("US-backed").
    pub(super) end: usize,
    /// True when the token was cut (the run must stop after it).
    pub(super) cut: bool,
    /// Cut before a possessive "'s" / "’s" (a name may still run on: "People's Republic").
    pub(super) poss: bool,
    pub(super) word: bool,
    pub(super) cap: bool,
    /// All letters upper case ("US", "NATO").
    pub(super) allcaps: bool,
    /// Lower-case form (borrowed from the text or from the per-text string arena).
    pub(super) lower: &'a str,
    /// Exact-name key of capitalised words and connectors, else empty.
    pub(super) key: &'a str,
}

/// Where a token's lower-case form and key live before the arena is frozen.
#[derive(Clone, Copy)]
pub(super) enum Span {
    Text(usize, usize),
    Arena(usize, usize),
}

pub(super) fn is_cap_word(s: &str) -> bool {
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
pub(super) const NAME_ABBREVIATIONS: &[&str] = &["st", "ste", "ft", "mt", "pt"];

/// Lower-case words that may join the words of a name (none is longer than four letters).
pub(super) const CONNECTORS: [&str; 24] = [
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
pub(super) fn is_connector(w: &str) -> bool {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 4 || CONNECTOR_FIRST[b.len()] >> (b[0] & 63) & 1 == 0 {
        return false;
    }
    let v = pack4(b);
    CONNECTOR_SLOTS[connector_slot(v)] == v
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
pub(super) fn word_sig(w: &str) -> usize {
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
pub(super) fn opens_sentence(p: &Tok) -> bool {
    !p.word && matches!(p.lower, "\"" | "“" | "'" | "‘" | "(" | "—" | "-")
}

/// "al-Alil", "ash-Shaddadi": an Arabic article joined to a word.
pub(super) fn has_article(lower: &str) -> bool {
    has_article_ci(lower, false)
}

/// [`has_article`]; with `fold`, of the ASCII lower-case form of `s`.
pub(super) fn has_article_ci(s: &str, fold: bool) -> bool {
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
pub(super) fn is_article_word(s: &str) -> bool {
    s.len() <= 3
        && ["al", "el", "ar", "as", "ad", "ash", "az", "an", "at", "ez", "es", "ed"]
            .iter()
            .any(|a| s.eq_ignore_ascii_case(a))
}

impl PlaceTagger {
    /// Tokens, with their lower-case forms and keys; those that live in `arena` are listed in
    /// `fixups` (token index and spans) and stay empty until `freeze`.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn prepare<'x>(
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
    pub(super) fn freeze<'a>(arena: &'a str, toks: &mut [Tok<'a>], fixups: &[(u32, Span, Span)]) {
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
}
