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
    (super::words::word_hash(w) >> 52) as usize
}

/// Punctuation after which a capitalised word starts a sentence in all but name.
pub(super) fn opens_sentence(p: &Tok) -> bool {
    !p.word && matches!(p.lower, "\"" | "“" | "'" | "‘" | "(" | "—" | "-")
}

impl PlaceTagger {
    /// A capitalised word, or an Arabic article and a capitalised word ("al-Marjaba").
    pub(super) fn is_cap_word(&self, s: &str) -> bool {
        let s = match self.article_prefix_len(s) {
            Some(n) if s[n..].chars().next().is_some_and(char::is_uppercase) => &s[n..],
            _ => s,
        };
        s.chars().next().is_some_and(char::is_uppercase)
    }

    /// An Arabic article joined to a word ("al-marjaba", "ash-sufriya"): the article, a hyphen
    /// and at least two more bytes.
    pub(super) fn has_article(&self, s: &str) -> bool {
        self.article_prefix_len(s).is_some_and(|n| s.len() > n + 1)
    }

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
                    if self.is_connector(raw) {
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
                        && self.is_cap_word(head)
                        && head.chars().nth(1).is_some()
                        && !self.is_name_article(head)
                        && (t0.is_some_and(char::is_lowercase)
                            // "Westmark-Norland", "Varna-UN": two names; keep the first unless
                            // the compound is a name itself (a double-barrelled town name).
                            || t0.is_some_and(char::is_uppercase) && !self.has_article(raw) && {
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
            let cap = word && self.is_cap_word(s);
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
            let key = if cap || (word && self.is_connector(lower_str)) {
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
