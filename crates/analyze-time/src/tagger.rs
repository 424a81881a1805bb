//! The TIMEX3 tagger: a small hand-written grammar over word tokens, with its vocabulary in
//! `data/time/` ([`Lexicon`]). One left-to-right pass; at each token the longest expression
//! wins. Values are normalised against the document creation time (DCT), or written with
//! `X` placeholders when there is none.

use crate::civil::{days_in_month, Date};
use crate::lexicon::{Lex, Lexicon, PhraseKind, Unit};
use eventwire_model::{TimeMention, TimexType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// A token of the tagger: letters, digits or one other character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
}

const C_OTHER: u8 = 0;
const C_SPACE: u8 = 1;
const C_DIGIT: u8 = 2;
const C_ALPHA: u8 = 3;
const C_HIGH: u8 = 4;

/// The class of each byte, for the tokeniser.
static CLASS: [u8; 256] = {
    let mut t = [C_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 128 {
            C_HIGH
        } else if c.is_ascii_whitespace() {
            C_SPACE
        } else if c.is_ascii_digit() {
            C_DIGIT
        } else if c.is_ascii_alphabetic() {
            C_ALPHA
        } else {
            C_OTHER
        };
        b += 1;
    }
    t
};

/// Split into letter runs, digit runs and single other characters.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    tokenize_with(text, |t| toks.push(t));
    toks
}

/// [`tokenize`], handing each token to `on` as it is found.
fn tokenize_with(text: &str, mut on: impl FnMut(Tok)) {
    let b = text.as_bytes();
    let class = |i: usize| b.get(i).map_or(C_SPACE, |&c| CLASS[c as usize]);
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = match CLASS[c as usize] {
            C_SPACE => {
                space = true;
                i += 1;
                continue;
            }
            C_DIGIT => {
                i += 1;
                while class(i) == C_DIGIT {
                    i += 1;
                }
                Kind::Num
            }
            C_ALPHA => {
                i += 1;
                while class(i) == C_ALPHA {
                    i += 1;
                }
                if class(i) == C_HIGH {
                    i = word_end(text, i);
                }
                Kind::Word
            }
            C_OTHER => {
                i += 1;
                Kind::Punct
            }
            _ => {
                // Non-ASCII: decode one character.
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    space = true;
                    i += ch.len_utf8();
                    continue;
                }
                let kind = if ch.is_alphabetic() {
                    i = word_end(text, i);
                    Kind::Word
                } else {
                    i += ch.len_utf8();
                    Kind::Punct
                };
                on(Tok { start, end: i, kind, cap: ch.is_uppercase(), space_before: space });
                space = false;
                continue;
            }
        };
        on(Tok { start, end: i, kind, cap: c.is_ascii_uppercase(), space_before: space });
        space = false;
    }
}

/// End of the run of letters starting at `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            i += 1;
        } else if b[i] >= 128 {
            match text[i..].chars().next() {
                Some(ch) if ch.is_alphabetic() => i += ch.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    i
}

/// A matched expression (token range `[start, end)`).
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    ty: TimexType,
    value: String,
    m: Option<String>,
    /// A specific calendar quarter, remembered for "a year earlier" and "the quarter".
    quarter: Option<(i32, u32)>,
    /// A specific day, remembered for "that day", "the following day".
    day: Option<Date>,
    /// Started with a count word (so a "more than" may precede it).
    quantity: bool,
}

impl Cand {
    fn new(start: usize, end: usize, ty: TimexType, value: impl Into<String>) -> Cand {
        Cand { start, end, ty, value: value.into(), m: None, quarter: None, day: None, quantity: false }
    }
    fn with_mod(mut self, m: &str) -> Cand {
        self.m = Some(m.to_string());
        self
    }
}

/// Words before a bare four-digit number that make it a year.
const YEAR_PREPS: &[&str] = &[
    "in",
    "since",
    "of",
    "by",
    "until",
    "till",
    "from",
    "to",
    "before",
    "after",
    "during",
    "through",
    "throughout",
    "fiscal",
    "year",
    "and",
    "or",
    "between",
    "around",
    "about",
    "than",
    "early",
    "late",
    "mid",
    "the",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "for",
    "at",
    "as",
    "on",
    "circa",
    "into",
    "calendar",
    "end",
    "beginning",
    "start",
    "middle",
    "s",
    "a",
];
const TIME_ZONES: &[&str] =
    &["est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest"];

/// Words that can begin an expression without being in the lexicon.
fn is_starter(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "every"
            | "each"
            | "per"
            | "that"
            | "fiscal"
            | "calendar"
            | "year"
            | "half"
            | "several"
            | "few"
            | "many"
            | "some"
            | "couple"
            | "numerous"
            | "'"
    )
}

/// Words that [`Prep::new`] must recognise by name: the starters and what may follow "the".
pub(crate) const NAMED_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "every",
    "each",
    "per",
    "that",
    "fiscal",
    "calendar",
    "year",
    "half",
    "several",
    "few",
    "many",
    "some",
    "couple",
    "numerous",
    "'",
    "latest",
    "recent",
    "most",
    "same",
    // Tested by the start filter ([`Scan`]).
    "quarter",
    "quarters",
    "period",
    "century",
    "past",
    "last",
    "next",
    "previous",
    "coming",
    "first",
    "final",
    "following",
    "noon",
    "midnight",
    "midday",
];

/// Flags of the words the start filter tests by name.
fn named_flags(w: &str) -> u32 {
    let mut f = 0;
    if matches!(w, "quarter" | "quarters" | "half" | "period") {
        f |= fl::QWORD;
    }
    if w == "century" {
        f |= fl::CENTURY;
    }
    if w == "year" {
        f |= fl::YEAR;
    }
    if w == "fiscal" {
        f |= fl::FISCAL;
    }
    if matches!(w, "a" | "an" | "several" | "few" | "many" | "some" | "numerous" | "half") {
        f |= fl::COUNT1;
    }
    if matches!(w, "a" | "an" | "few" | "couple" | "half" | "several" | "many" | "some" | "numerous") {
        f |= fl::COUNT;
    }
    if matches!(w, "past" | "last" | "next" | "previous" | "coming" | "first" | "final" | "following") {
        f |= fl::LEAD;
    }
    if matches!(w, "every" | "each" | "per" | "noon" | "midnight" | "midday") {
        f |= fl::SETW;
    }
    f
}

/// The token flags of an indexed word `w`: (as a word, as punctuation).
pub(crate) fn entry_flags(
    w: &str,
    e: &crate::lexicon::Entry,
    after_the: &std::collections::HashSet<String, impl std::hash::BuildHasher>,
) -> (u32, u32) {
    let lexflags = e.lx.iter().fold(0, |f, l| f | lex_flag(l));
    let strong =
        e.lx.iter()
            .any(|l| !matches!(l, Lex::Future | Lex::Past | Lex::Campaign | Lex::Start | Lex::Ambiguous));
    let follows_the =
        after_the.contains(w) || matches!(w, "latest" | "recent" | "most" | "same" | "fiscal" | "year" | "'");
    let mut word = lexflags;
    if strong || !e.ph.is_empty() || is_starter(w) {
        word |= fl::START;
    }
    if !e.lx.is_empty() || follows_the {
        word |= fl::AFTER_THE;
    }
    if w == "the" {
        word |= fl::THE;
    }
    if matches!(w, "a" | "an") && e.lx.is_empty() {
        word |= fl::ARTICLE;
    }
    word |= named_flags(w);
    let mut punct = named_flags(w) | if follows_the { fl::AFTER_THE } else { 0 };
    if w == "'" {
        punct |= fl::APOS | fl::START;
    }
    (word, punct)
}

/// Per-token flags, so that most grammar rules can give up with one test.
mod fl {
    pub const MONTH: u32 = 1;
    pub const WEEKDAY: u32 = 1 << 1;
    pub const WEEKDAYS: u32 = 1 << 2;
    pub const NUMBER: u32 = 1 << 3;
    pub const ORDINAL: u32 = 1 << 4;
    pub const UNIT: u32 = 1 << 5;
    pub const SEASON: u32 = 1 << 6;
    pub const PART_OF_DAY: u32 = 1 << 7;
    pub const DEICTIC: u32 = 1 << 8;
    pub const DECADE: u32 = 1 << 9;
    pub const AMBIGUOUS: u32 = 1 << 10;
    pub const FUTURE: u32 = 1 << 11;
    pub const PAST: u32 = 1 << 12;
    /// A digit run.
    pub const NUM: u32 = 1 << 13;
    /// The `'` of "'98".
    pub const APOS: u32 = 1 << 14;
    /// Can begin an expression (before the test on the word after "the").
    pub const START: u32 = 1 << 15;
    /// Can follow "the" in an expression.
    pub const AFTER_THE: u32 = 1 << 16;
    /// The word "the".
    pub const THE: u32 = 1 << 17;
    /// The word "a" or "an".
    pub const ARTICLE: u32 = 1 << 18;
    /// "quarter", "quarters", "half", "period".
    pub const QWORD: u32 = 1 << 19;
    pub const CENTURY: u32 = 1 << 20;
    pub const YEAR: u32 = 1 << 21;
    pub const FISCAL: u32 = 1 << 22;
    /// Begins a count in words ("a", "several", "half").
    pub const COUNT1: u32 = 1 << 23;
    /// A word of a count other than a number ("a few", "couple"; [`Scan::count_end`]).
    pub const COUNT: u32 = 1 << 24;
    /// "the past", "the next", "the first" before a count.
    pub const LEAD: u32 = 1 << 25;
    /// "every", "each", "per", "noon", "midnight", "midday".
    pub const SETW: u32 = 1 << 26;
}

fn lex_flag(l: &Lex) -> u32 {
    match l {
        Lex::Month(_) => fl::MONTH,
        Lex::Weekday(_) => fl::WEEKDAY,
        Lex::Weekdays(_) => fl::WEEKDAYS,
        Lex::Number(_) => fl::NUMBER,
        Lex::Ordinal(_) => fl::ORDINAL,
        Lex::Unit(_) | Lex::Units(_) => fl::UNIT,
        Lex::Season(_) => fl::SEASON,
        Lex::PartOfDay(_) => fl::PART_OF_DAY,
        Lex::Deictic(_) => fl::DEICTIC,
        Lex::Decade(_) => fl::DECADE,
        Lex::Ambiguous => fl::AMBIGUOUS,
        Lex::Future => fl::FUTURE,
        Lex::Past => fl::PAST,
        Lex::Campaign | Lex::Start => 0,
    }
}

struct Ctx<'a> {
    /// The text lower-cased (ASCII), same offsets: the word of a token is sliced from it.
    low: &'a str,
    flags: &'a [u32],
    /// Lexicon entries and phrases of each token, looked up once.
    lx: &'a [&'a [Lex]],
    ph: &'a [&'a [crate::lexicon::Phrase]],
    toks: &'a [Tok],
    dct: Option<Date>,
    /// Day used by "that day", "the following day", "two days later".
    ref_day: Option<Date>,
    /// Year of the last explicit date, for "the following year", "that year".
    ref_year: Option<i32>,
    quarter: Option<(i32, u32)>,
    /// Set when a rule's answer may hinge on the DCT or on the state (a miss without a DCT
    /// is then no proof of a miss with one).
    dct_sensitive: std::cell::Cell<bool>,
    /// Set when a rule read the DCT or the state.
    read_state: std::cell::Cell<bool>,
}

/// What a pass learnt of each start of [`Prep`] (by index in its starts), for a later pass
/// with another DCT.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Matches nothing whatever the DCT.
    miss: Vec<bool>,
    /// Its match, the same whatever the DCT and the state.
    hit: Vec<Option<Cand>>,
}

/// A text tokenised and looked up once, for any number of tagging passes (the dating pass
/// without a DCT, then the pass against the chosen date).
#[derive(Debug)]
pub(crate) struct Prep<'a> {
    pub text: &'a str,
    /// `text` lower-cased (ASCII), same byte offsets.
    pub low: String,
    pub toks: Vec<Tok>,
    pub lx: Vec<&'a [Lex]>,
    pub ph: Vec<&'a [crate::lexicon::Phrase]>,
    flags: Vec<u32>,
    /// Tokens that can begin an expression; the others are never parsed.
    starts: Vec<usize>,
}

impl<'a> Prep<'a> {
    pub(crate) fn new(lex: &'a Lexicon, text: &'a str) -> Prep<'a> {
        let low = text.to_ascii_lowercase();
        // News text has about one token per three bytes: the vectors rarely grow.
        let cap = text.len() / 2 + 8;
        let mut toks = Vec::with_capacity(cap);
        let mut lx: Vec<&[Lex]> = Vec::with_capacity(cap);
        let mut ph: Vec<&[crate::lexicon::Phrase]> = Vec::with_capacity(cap);
        let mut flags = Vec::with_capacity(cap);
        // Tokens with the START flag: the only ones the start filter must look at.
        let mut maybe = Vec::with_capacity(cap / 4);
        // Looked up as they are found: one pass over the text.
        tokenize_with(text, |t| {
            let (mut l, mut p, mut f): (&[Lex], &[crate::lexicon::Phrase], u32) = (&[], &[], 0);
            if t.kind == Kind::Num {
                f = fl::NUM | fl::START;
            } else {
                let w = &low[t.start..t.end];
                if let Some(e) = lex.may_have(w).then(|| lex.index.get(w)).flatten() {
                    p = e.ph.as_slice();
                    if t.kind == Kind::Word {
                        l = e.lx.as_slice();
                        f = e.word_flags;
                    } else {
                        f = e.punct_flags;
                    }
                }
            }
            if f & fl::START != 0 {
                maybe.push(toks.len());
            }
            toks.push(t);
            lx.push(l);
            ph.push(p);
            flags.push(f);
        });
        let scan = Scan { low: &low, toks: &toks, flags: &flags, lx: &lx, ph: &ph };
        let starts = maybe
            .into_iter()
            .filter(|&i| {
                // "the" is frequent: it starts only before a word that can continue an expression.
                if flags[i] & fl::THE != 0
                    && flags.get(i + 1).is_none_or(|g| g & (fl::NUM | fl::AFTER_THE) == 0)
                {
                    return false;
                }
                scan.may_start(i)
            })
            .collect();
        Prep { text, low, toks, lx, ph, flags, starts }
    }

    fn ctx(&self, dct: Option<Date>) -> Ctx<'_> {
        Ctx {
            low: &self.low,
            flags: &self.flags,
            lx: &self.lx,
            ph: &self.ph,
            toks: &self.toks,
            dct,
            ref_day: dct,
            ref_year: None,
            quarter: None,
            dct_sensitive: Default::default(),
            read_state: Default::default(),
        }
    }

    /// The time expressions, normalised against `dct`.
    pub(crate) fn tag(&self, dct: Option<Date>) -> Vec<TimeMention> {
        self.tag_with(dct, None).0
    }

    /// [`Prep::tag`], skipping the starts that `known` (from a pass with another DCT) proved
    /// empty and taking the matches it proved independent of the DCT; returns what this pass
    /// learnt.
    pub(crate) fn tag_with(&self, dct: Option<Date>, known: Option<&Known>) -> (Vec<TimeMention>, Known) {
        let text = self.text;
        let toks = &self.toks;
        let mut cx = self.ctx(dct);
        let mut out = Vec::new();
        let mut learnt = Known { miss: vec![false; self.starts.len()], hit: vec![None; self.starts.len()] };
        let mut i = 0;
        for (n, &s) in self.starts.iter().enumerate() {
            if s < i || known.is_some_and(|k| k.miss[n]) {
                continue;
            }
            i = s;
            let c = match known.and_then(|k| k.hit[n].clone()) {
                Some(c) => c,
                None => {
                    cx.dct_sensitive.set(false);
                    cx.read_state.set(false);
                    let Some(c) = cx.parse_at(i).filter(|c| c.end > i) else {
                        learnt.miss[n] = !cx.dct_sensitive.get();
                        continue;
                    };
                    if !cx.read_state.get() {
                        learnt.hit[n] = Some(c.clone());
                    }
                    c
                }
            };
            if let Some(q) = c.quarter {
                cx.quarter = Some(q);
            }
            if let Some(d) = c.day {
                cx.ref_day = Some(d);
            }
            if c.ty == TimexType::Date
                && c.value.len() >= 4
                && c.value.bytes().take(4).all(|b| b.is_ascii_digit())
            {
                cx.ref_year = c.value[..4].parse().ok();
            }
            let (s, e) = (toks[c.start].start, toks[c.end - 1].end);
            out.push(TimeMention {
                text: text[s..e].to_string(),
                start: s,
                end: e,
                timex_type: c.ty,
                value: c.value,
                r#mod: c.m,
            });
            i = c.end;
        }
        (out, learnt)
    }
}

/// The tokens as [`Prep::new`] sees them, to tell which can begin an expression: for each
/// rule of the grammar a test that holds wherever the rule can match (with or without a DCT).
struct Scan<'s, 'a> {
    low: &'s str,
    toks: &'s [Tok],
    flags: &'s [u32],
    lx: &'s [&'a [Lex]],
    ph: &'s [&'a [crate::lexicon::Phrase]],
}

impl Scan<'_, '_> {
    fn f(&self, k: usize) -> u32 {
        self.flags.get(k).copied().unwrap_or(0)
    }
    fn w(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| &self.low[t.start..t.end])
    }
    fn num(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == Kind::Num)
    }
    fn tight(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| !t.space_before)
    }
    /// A token of `a..=b` has a flag of `want`.
    fn any(&self, a: usize, b: usize, want: u32) -> bool {
        self.flags.get(a..(b + 1).min(self.flags.len())).is_some_and(|s| s.iter().any(|f| f & want != 0))
    }
    /// The words of `p` follow at `i`.
    fn matches(&self, i: usize, p: &crate::lexicon::Phrase, tight_hyphen: bool) -> bool {
        if p.words.get(1).is_some_and(|w| w.len() != self.toks.get(i + 1).map_or(0, |t| t.end - t.start)) {
            return false;
        }
        p.words
            .iter()
            .enumerate()
            .skip(1)
            .all(|(k, w)| self.w(i + k) == w && (!tight_hyphen || w != "-" || self.tight(i + k)))
    }
    /// The end of the phrase [`Ctx::phrase_kind`] finds at `i`.
    fn phrase_kind(&self, i: usize, want: impl Fn(&PhraseKind) -> bool) -> Option<usize> {
        let list = self.ph.get(i).copied().unwrap_or(&[]);
        list.iter().find(|p| want(&p.kind) && self.matches(i, p, true)).map(|p| i + p.words.len())
    }

    /// [`Ctx::parse_at`] can match at `i`.
    fn may_start(&self, i: usize) -> bool {
        self.may_core(i, true)
            || self
                .phrase_kind(i, |k| matches!(k, PhraseKind::Mod(_)))
                .is_some_and(|j| self.may_core(j, true))
    }

    /// [`Ctx::core`] can match at `i` (without [`Ctx::edge`] when `!edge`).
    fn may_core(&self, i: usize, edge: bool) -> bool {
        let Some(t) = self.toks.get(i) else { return false };
        let f = self.flags[i];
        if t.kind == Kind::Num {
            let len = t.end - t.start;
            // A year; a day before a month; a clock time; a numeric date; a count of a unit;
            // "the 20th century".
            return len == 4
                || (len <= 2
                    && (self.any(i + 1, i + 3, fl::MONTH)
                        || matches!(self.w(i + 1), ":" | "a" | "p" | "am" | "pm" | "o")))
                || self.numeric_date(i)
                || self.any(i, self.count_end(i) + 2, fl::UNIT)
                || (self.tight(i + 1) && self.any(i + 1, i + 2, fl::CENTURY));
        }
        // phrase, edge
        let list = self.ph.get(i).copied().unwrap_or(&[]);
        if !list.is_empty() {
            if list.iter().any(|p| matches!(p.kind, PhraseKind::Timex(..)) && self.matches(i, p, false)) {
                return true;
            }
            if edge {
                if let Some(mut j) = self.phrase_kind(i, |k| matches!(k, PhraseKind::Edge(_))) {
                    if self.w(j) == "-" {
                        j += 1;
                    }
                    if self.may_core(j, false) {
                        return true;
                    }
                }
            }
        }
        // month_date, weekday_expr, season_expr, set_expr, clock ("noon")
        if f & (fl::WEEKDAY | fl::MONTH | fl::WEEKDAYS | fl::SEASON | fl::SETW) != 0 {
            return true;
        }
        let the = f & fl::THE != 0;
        let f1 = self.f(i + 1);
        if the && (f1 & fl::SEASON != 0 || (f1 & fl::NUM != 0 && self.any(i + 2, i + 4, fl::MONTH))) {
            return true;
        }
        if f1 & fl::WEEKDAY != 0
            && matches!(self.w(i), "last" | "past" | "previous" | "following" | "next" | "coming" | "this")
        {
            return true;
        }
        if the
            && self.f(i + 2) & fl::WEEKDAY != 0
            && matches!(self.w(i + 1), "previous" | "following" | "next")
        {
            return true;
        }
        // deictic_expr
        let j = i + usize::from(the);
        let fj = self.f(j);
        if self.f(j + 1) & fl::YEAR != 0 && (self.w(j) == "that" || (the && self.w(j) == "same")) {
            return true;
        }
        if fj & fl::DEICTIC != 0 {
            let k = if self.f(j + 1) & fl::FISCAL != 0 { j + 2 } else { j + 1 };
            if self.f(k) & (fl::UNIT | fl::MONTH | fl::SEASON) != 0 {
                return true;
            }
        }
        // quantity: a unit within two tokens after the count
        let lead = fj & fl::LEAD != 0;
        let k = j + usize::from(lead);
        let fk = self.f(k);
        if fk & (fl::COUNT1 | fl::NUM | fl::NUMBER) != 0
            || (fk & fl::COUNT != 0 && self.w(k) == "couple" && self.w(k + 1) == "of")
        {
            if self.any(k, self.count_end(k) + 2, fl::UNIT) {
                return true;
            }
        } else if lead {
            if self.any(k, k + 2, fl::UNIT) {
                return true;
            }
        } else if !the && fk & fl::UNIT != 0 {
            // A bare plural: "for years".
            let bare = self.lx.get(k).copied().unwrap_or(&[]).iter().any(|l| {
                matches!(l, Lex::Units(Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Hour))
            });
            if bare {
                return true;
            }
        }
        // quarter_expr: a quarter, half or period follows, or "year-earlier"
        let j = if fj & fl::FISCAL != 0 { j + 1 } else { j };
        if (self.f(j) & (fl::DEICTIC | fl::NUM | fl::APOS | fl::ORDINAL | fl::UNIT) != 0
            || (the && matches!(self.w(j), "latest" | "same" | "recent" | "most" | "fiscal")))
            && (self.any(j, j + 8, fl::QWORD)
                || (j..=j + 5).any(|k| self.f(k) & fl::YEAR != 0 && self.w(k + 1) == "-"))
        {
            return true;
        }
        // year_expr: a year, a spoken year, a decade or a century
        if (i..=i + 2).any(|k| {
            let g = self.f(k);
            (g & fl::NUM != 0 && self.w(k).len() == 4)
                || g & fl::APOS != 0
                || (g & fl::NUMBER != 0 && self.f(k + 1) & fl::NUMBER != 0)
        }) {
            return true;
        }
        (the && self.any(i + 1, i + 2, fl::DECADE)) || self.any(i + 1, i + 4, fl::CENTURY)
    }

    /// The shape [`Ctx::numeric_date`] wants at `i`.
    fn numeric_date(&self, i: usize) -> bool {
        if !((1..=4).all(|k| self.tight(i + k)) && self.num(i + 2) && self.num(i + 4)) {
            return false;
        }
        let (s1, s2, c) = (self.w(i + 1), self.w(i + 3), self.w(i + 4));
        s1 == s2
            && ((self.w(i).len() == 4 && matches!(s1, "-" | "/" | "."))
                || c.len() == 4
                || (c.len() == 2 && s1 == "/"))
    }

    /// The end of the run of tokens a count ([`Ctx::count`]) at `i` can take.
    fn count_end(&self, i: usize) -> usize {
        let mut r = i;
        while self.f(r) & (fl::COUNT | fl::NUM | fl::NUMBER) != 0
            || matches!(self.w(r), "of" | "and" | "," | "." | "-" | "/")
        {
            r += 1;
        }
        r
    }
}

#[cfg(test)]
pub(crate) fn tag(lex: &Lexicon, text: &str, dct: Option<Date>) -> Vec<TimeMention> {
    Prep::new(lex, text).tag(dct)
}

fn longest(a: Option<Cand>, b: Option<Cand>) -> Option<Cand> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.end > a.end { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::new(y, m, d)
}

fn yv(y: Option<i32>) -> String {
    y.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"))
}

/// The quarter `off` quarters from the one of `d`: (year, quarter 1–4).
fn quarter_shifted(d: Date, off: i32) -> (i32, u32) {
    let q = d.year() * 4 + d.quarter() as i32 - 1 + off;
    (q.div_euclid(4), q.rem_euclid(4) as u32 + 1)
}

/// `unit` `off` units from `d` (this week, last month, next year), at the unit's granularity;
/// `None` beyond the calendar.
fn rel_value(d: Date, unit: Unit, off: i32) -> Option<String> {
    Some(match unit {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => d.add_days(off.into())?.to_string(),
        Unit::Week => d.add_days(7 * i64::from(off))?.week_value(),
        Unit::Weekend => {
            // The past weekend: this week's once it has begun, else last week's.
            let off = if off < 0 && d.weekday() >= 6 { off + 1 } else { off };
            format!("{}-WE", d.add_days(7 * i64::from(off))?.week_value())
        }
        Unit::Month => {
            let m = d.add_months(off)?;
            format!("{:04}-{:02}", m.year(), m.month())
        }
        Unit::Quarter => {
            let (y, q) = quarter_shifted(d, off);
            format!("{y:04}-Q{q}")
        }
        Unit::Year => format!("{:04}", d.year() + off),
        Unit::Decade => format!("{:03}", (d.year() / 10 + off)),
        Unit::Century => format!("{:02}", (d.year() / 100 + off)),
        Unit::Millennium => format!("{}", d.year() / 1000 + off),
    })
}

/// The value of a unit relative to an unknown date ("last week" without a DCT).
fn unknown_value(unit: Unit) -> &'static str {
    match unit {
        Unit::Day => "XXXX-XX-XX",
        Unit::Week => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
        _ => "XXXX",
    }
}

/// `d` moved by `k` units, written at the unit's granularity ("three weeks ago" is a week);
/// `None` beyond the calendar.
fn shifted_value(d: Date, unit: Unit, k: i32) -> Option<String> {
    // Years are counted in i64: a count of billions must not overflow.
    let y = i64::from(d.year());
    let k64 = i64::from(k);
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => d.to_string(),
        Unit::Day => d.add_days(k.into())?.to_string(),
        Unit::Week | Unit::Weekend => d.add_days(7 * k64)?.week_value(),
        Unit::Month => {
            let m = d.add_months(k)?;
            format!("{:04}-{:02}", m.year(), m.month())
        }
        Unit::Quarter => {
            let (y, q) = quarter_shifted(d, k);
            format!("{y:04}-Q{q}")
        }
        Unit::Year => format!("{:04}", y + k64),
        Unit::Decade => format!("{:03}", (y + 10 * k64) / 10),
        Unit::Century => format!("{:02}", (y + 100 * k64) / 100),
        Unit::Millennium => format!("{}", (y + 1000 * k64) / 1000),
    })
}

impl<'a> Ctx<'a> {
    // The DCT and the state, read through these so that a match which read none of them
    // can be reused by a pass with another DCT.
    fn dct(&self) -> Option<Date> {
        self.read_state.set(true);
        self.dct
    }
    fn ref_day(&self) -> Option<Date> {
        self.read_state.set(true);
        self.ref_day
    }
    fn ref_year(&self) -> Option<i32> {
        self.read_state.set(true);
        self.ref_year
    }
    fn quarter(&self) -> Option<(i32, u32)> {
        self.read_state.set(true);
        self.quarter
    }
    fn w(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.low[t.start..t.end])
    }
    /// The flags of token `i` (none past the end).
    fn f(&self, i: usize) -> u32 {
        self.flags.get(i).copied().unwrap_or(0)
    }
    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// Token `i` directly follows token `i - 1` (no space).
    fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }
    fn lexs(&self, i: usize) -> &'a [Lex] {
        self.lx.get(i).copied().unwrap_or(&[])
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn num(&self, i: usize) -> Option<u32> {
        (self.kind(i) == Some(Kind::Num) && self.w(i).len() <= 9).then(|| self.w(i).parse().ok()).flatten()
    }
    fn month(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::MONTH == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Month(m) = l { Some(*m) } else { None })
    }
    fn weekday(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::WEEKDAY == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Weekday(m) = l { Some(*m) } else { None })
    }
    fn weekdays(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::WEEKDAYS == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Weekdays(m) = l { Some(*m) } else { None })
    }
    fn ordinal(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::ORDINAL == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Ordinal(m) = l { Some(*m) } else { None })
    }
    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        if self.f(i) & fl::UNIT == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| match l {
            Lex::Unit(u) => Some((*u, false)),
            Lex::Units(u) => Some((*u, true)),
            _ => None,
        })
    }
    fn season(&self, i: usize) -> Option<&'a str> {
        if self.f(i) & fl::SEASON == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Season(s) = l { Some(s.as_str()) } else { None })
    }
    fn part_of_day(&self, i: usize) -> Option<&'a str> {
        if self.f(i) & fl::PART_OF_DAY == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::PartOfDay(s) = l { Some(s.as_str()) } else { None })
    }
    fn deictic(&self, i: usize) -> Option<i32> {
        if self.f(i) & fl::DEICTIC == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Deictic(s) = l { Some(*s) } else { None })
    }
    fn number_word(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::NUMBER == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Number(n) = l { Some(*n) } else { None })
    }
    fn ambiguous(&self, i: usize) -> bool {
        self.f(i) & fl::AMBIGUOUS != 0
    }
    /// Skip an abbreviation's period ("Oct."), not a full stop after "December".
    fn dot(&self, i: usize) -> usize {
        if self.is(i, ".") && self.tight(i) && i > 0 && self.w(i - 1).len() <= 4 {
            i + 1
        } else {
            i
        }
    }

    /// A future-tense cue near token `i`, within its clause.
    fn future_cue(&self, i: usize) -> bool {
        self.tense(i) == Some(true)
    }

    /// The tense cue nearest before token `i` in its clause: `Some(true)` future,
    /// `Some(false)` past, `None` when there is none.
    fn tense(&self, i: usize) -> Option<bool> {
        let stop = |k: usize| {
            self.kind(k) == Some(Kind::Punct) && matches!(self.w(k), "." | "!" | "?" | ";" | "\"" | "“" | "”")
        };
        // "Wednesday's ruling" was given already.
        if self.is(i + 1, "'") && self.is(i + 2, "s") {
            return Some(false);
        }
        // The nearest cue decides: "said they would appeal the decision, announced Wednesday".
        let mut k = i;
        for _ in 0..8 {
            if k == 0 {
                break;
            }
            k -= 1;
            if stop(k) {
                break;
            }
            // The flags say which lexicon entries a word has.
            let f = self.f(k);
            // "lower-than-expected" is no cue.
            if f & fl::FUTURE != 0 && !(k > 0 && matches!(self.w(k - 1), "-" | "than")) {
                return Some(true);
            }
            let w = self.w(k);
            if f & fl::PAST != 0 || (w.len() > 4 && w.ends_with("ed")) {
                return Some(false);
            }
        }
        None
    }

    /// A four-digit year (or `'98`) at `i`: (year, next index).
    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        if self.is(i, "'")
            && self.kind(i + 1) == Some(Kind::Num)
            && self.w(i + 1).len() == 2
            && self.tight(i + 1)
        {
            let n: i32 = self.w(i + 1).parse().ok()?;
            return Some((if n >= 30 { 1900 + n } else { 2000 + n }, i + 2));
        }
        let w = self.w(i);
        if self.kind(i) != Some(Kind::Num) || w.len() != 4 {
            return None;
        }
        let y: i32 = w.parse().ok()?;
        // A digit group of a larger number ("1,2000") or a decimal is no year.
        if i > 0 && self.tight(i) && matches!(self.w(i - 1), "," | "." | "$") {
            return None;
        }
        if self.tight(i + 1) && matches!(self.w(i + 1), "%" | ",") && self.kind(i + 2) == Some(Kind::Num) {
            return None;
        }
        (1000..=2200).contains(&y).then_some((y, i + 1))
    }

    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        let d = self.num(i).filter(|d| (1..=31).contains(d) && self.w(i).len() <= 2)?;
        let j = if self.tight(i + 1) && matches!(self.w(i + 1), "st" | "nd" | "rd" | "th") {
            i + 2
        } else {
            i + 1
        };
        Some((d, j))
    }

    // ---- resolution against the DCT ----

    fn rel(&self, unit: Unit, off: i32) -> String {
        self.dct().and_then(|d| rel_value(d, unit, off)).unwrap_or_else(|| unknown_value(unit).into())
    }

    /// The day a weekday name refers to: the most recent such day (today included) in news,
    /// the next one when the clause speaks of the future. `dir` forces past (-1) or future (1).
    fn weekday_date(&self, wd: u32, i: usize, dir: i32) -> Option<Date> {
        let d = self.dct()?;
        let cur = d.weekday() as i64;
        let wd = wd as i64;
        let tense = self.tense(i);
        // Without a cue, tomorrow's weekday name means tomorrow: news names the coming day
        // far more often than the same day six days back.
        let dir = match (dir, tense) {
            (0, Some(true)) => 2,
            (0, None) if (cur - wd).rem_euclid(7) == 6 => 2,
            _ => dir,
        };
        match dir {
            -1 => d.add_days(-((cur - wd + 6).rem_euclid(7) + 1)),
            1 => d.add_days((wd - cur + 6).rem_euclid(7) + 1),
            2 => d.add_days((wd - cur).rem_euclid(7)),
            _ => d.add_days(-(cur - wd).rem_euclid(7)),
        }
    }

    /// The year of a month (and day) given without one: the nearest occurrence, favouring the
    /// past unless the clause speaks of the future.
    fn year_for(&self, m: u32, d: Option<u32>, i: usize) -> Option<i32> {
        let dct = self.dct()?;
        let future = self.future_cue(i);
        let target = |y: i32| {
            let day = Date::civil(y, m, d.unwrap_or(15)).or_else(|| Date::civil(y, m, 28));
            day.map(|day| day.to_days() - dct.to_days())
        };
        // The nearest occurrence, a future one counting three times as far unless the clause
        // looks ahead (then a past one does).
        let mut best = (i64::MAX, dct.year());
        for y in [dct.year() - 1, dct.year(), dct.year() + 1] {
            let Some(diff) = target(y) else { continue };
            let same_month = d.is_none() && m == dct.month() && y == dct.year();
            let cost = match (same_month, diff > 0, future) {
                (true, _, _) => 0,
                (_, true, true) | (_, false, false) => diff.abs(),
                _ => diff.abs() * 3,
            };
            if cost < best.0 {
                best = (cost, y);
            }
        }
        Some(best.1)
    }

    // ---- the grammar ----

    fn parse_at(&self, i: usize) -> Option<Cand> {
        let mut best = self.core(i);
        // A modifier written before the expression ("more than two years", "around Nov. 1").
        if let Some((m, j, word)) = self.phrase_kind(i, |k| matches!(k, PhraseKind::Mod(_))) {
            if let Some(c) = self.core(j) {
                let weak = matches!(word, "over" | "under" | "some");
                let ok = !c.value.ends_with("_REF") && (!weak || (c.quantity && c.ty == TimexType::Duration));
                if ok {
                    let m = c.m.clone().unwrap_or(m);
                    best = longest(best, Some(Cand { start: i, ..c.with_mod(&m) }));
                }
            }
        }
        best
    }

    /// A phrase of the kind wanted at `i`: (value, index after it, first word).
    fn phrase_kind(&self, i: usize, want: impl Fn(&PhraseKind) -> bool) -> Option<(String, usize, &'a str)> {
        let list = self.ph.get(i).copied().unwrap_or(&[]);
        for p in list.iter().filter(|p| want(&p.kind)) {
            if p.words
                .iter()
                .enumerate()
                .skip(1)
                .all(|(k, w)| self.is(i + k, w) && (w != "-" || self.tight(i + k)))
            {
                let v = match &p.kind {
                    PhraseKind::Mod(v) | PhraseKind::Edge(v) => v.clone(),
                    PhraseKind::Timex(_, v) => v.clone(),
                };
                return Some((v, i + p.words.len(), self.w(i)));
            }
        }
        None
    }

    fn core(&self, i: usize) -> Option<Cand> {
        // `longest` in place: a candidate moves only when it wins.
        let mut best = self.phrase(i);
        let mut take = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        take(self.edge(i));
        take(self.month_date(i));
        take(self.numeric_date(i));
        take(self.weekday_expr(i));
        take(self.deictic_expr(i));
        take(self.quantity(i));
        take(self.quarter_expr(i));
        take(self.year_expr(i));
        take(self.clock(i));
        take(self.season_expr(i));
        take(self.set_expr(i));
        let c = best?;
        Some(self.extend(c))
    }

    /// Extensions after a day: a part of the day ("Friday morning", "yesterday evening").
    fn extend(&self, mut c: Cand) -> Cand {
        if c.ty == TimexType::Date && c.day.is_some() && c.value.len() == 10 {
            if let Some(p) = self.part_of_day(c.end) {
                c.value = format!("{}T{p}", c.value);
                c.ty = TimexType::Time;
                c.end += 1;
            }
        }
        c
    }

    fn phrase(&self, i: usize) -> Option<Cand> {
        let list = self.ph.get(i).copied().unwrap_or(&[]);
        for p in list {
            let PhraseKind::Timex(ty, tpl) = &p.kind else { continue };
            // The first word is the one the list is indexed by.
            if !p.words.iter().enumerate().skip(1).all(|(k, w)| self.is(i + k, w)) {
                continue;
            }
            let end = i + p.words.len();
            // "high noon", "the quarter-to-quarter comparison", "year-end": not these phrases.
            if (i > 0 && self.is(i - 1, "high")) || (self.is(end, "-") && self.tight(end)) {
                continue;
            }
            let ty = match ty.as_str() {
                "TIME" => TimexType::Time,
                "DURATION" => TimexType::Duration,
                "SET" => TimexType::Set,
                _ => TimexType::Date,
            };
            if let Some(c) = self.holiday(i, end, tpl) {
                return Some(c);
            }
            let mut c = Cand::new(i, end, ty, self.template(tpl));
            if tpl.starts_with("{D") {
                c.day = self.dct().and_then(|d| {
                    let off: i64 = tpl[2..].split('}').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    d.add_days(off)
                });
            }
            return Some(c);
        }
        None
    }

    /// A holiday: `{MD m d}` (fixed date) or `{NTH m weekday n}` (n-th weekday of a month,
    /// n = 5 for the last), in the year that puts it nearest the DCT (past favoured).
    fn holiday(&self, i: usize, end: usize, tpl: &str) -> Option<Cand> {
        let inner = tpl.strip_prefix('{')?.strip_suffix('}')?;
        let mut parts = inner.split_whitespace();
        let kind = parts.next().filter(|k| matches!(*k, "MD" | "NTH"))?;
        let nums: Vec<u32> = parts.map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let on = |y: i32| -> Option<Date> {
            match (kind, nums.as_slice()) {
                ("MD", [m, d]) => Date::new(y, *m, *d),
                ("NTH", [m, wd, n]) => {
                    let first = Date::new(y, *m, 1)?;
                    let shift = (i64::from(*wd) - i64::from(first.weekday())).rem_euclid(7);
                    let mut d = first.add_days(shift + 7 * (i64::from(*n) - 1))?;
                    while d.month() != *m {
                        d = d.add_days(-7)?;
                    }
                    Some(d)
                }
                _ => None,
            }
        };
        let date = match self.dct() {
            Some(dct) => {
                let tense = self.tense(i);
                let future = tense == Some(true);
                let explicit = self.deictic(i.saturating_sub(1)).filter(|_| i > 0);
                [dct.year() - 1, dct.year(), dct.year() + 1]
                    .into_iter()
                    .filter_map(on)
                    .filter(|d| match explicit {
                        Some(-1) => *d < dct,
                        Some(1) => *d > dct,
                        _ => tense != Some(false) || *d <= dct,
                    })
                    .min_by_key(|d| {
                        let diff = d.to_days() - dct.to_days();
                        if (diff > 0) != future {
                            diff.abs() * 3
                        } else {
                            diff.abs()
                        }
                    })
            }
            None => None,
        };
        let start = if self.deictic(i.saturating_sub(1)).is_some() && i > 0 { i - 1 } else { i };
        let value = match date {
            Some(d) => d.to_string(),
            None => match (kind, nums.as_slice()) {
                ("MD", [m, d]) => format!("XXXX-{m:02}-{d:02}"),
                _ => "XXXX-XX-XX".into(),
            },
        };
        let mut c = Cand::new(start, end, TimexType::Date, value);
        c.day = date;
        Some(c)
    }

    /// Expand `{UNIT+N}suffix`.
    fn template(&self, tpl: &str) -> String {
        let Some(rest) = tpl.strip_prefix('{') else { return tpl.to_string() };
        let Some((inner, suffix)) = rest.split_once('}') else { return tpl.to_string() };
        let split = inner.find(['+', '-']).unwrap_or(inner.len());
        let off: i32 = inner[split..].trim_start_matches('+').parse().unwrap_or(0);
        let unit = match &inner[..split] {
            "D" => Unit::Day,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            _ => Unit::Year,
        };
        format!("{}{suffix}", self.rel(unit, off))
    }

    /// "early", "mid-", "the end of", "earlier" + a date.
    fn edge(&self, i: usize) -> Option<Cand> {
        let (m, mut j, first) = self.phrase_kind(i, |k| matches!(k, PhraseKind::Edge(_)))?;
        if self.is(j, "-") {
            j += 1;
        }
        let c = longest(
            longest(self.year_expr(j), self.month_date(j)),
            longest(self.phrase(j), self.deictic_expr(j)),
        );
        let c =
            longest(c, longest(self.weekday_expr(j), longest(self.season_expr(j), self.quarter_expr(j))))?;
        if !matches!(c.ty, TimexType::Date | TimexType::Time) || c.value.ends_with("_REF") {
            return None;
        }
        // "earlier"/"later" only before a deictic ("earlier this week", "later today").
        if matches!(first, "earlier" | "later")
            && !matches!(self.w(j), "this" | "that" | "today" | "yesterday" | "tonight")
            && self.weekday(j).is_none()
        {
            return None;
        }
        let m = if matches!(first, "earlier" | "later") && c.ty == TimexType::Date && c.value.len() == 10 {
            // "earlier today" keeps the day; the modifier says which part.
            m
        } else {
            m
        };
        Some(Cand { start: i, ..c.with_mod(&m) })
    }

    /// "June 30", "Oct. 17, 2016", "30 June 2017", "Friday, Oct. 13", "July 1997", "January".
    fn month_date(&self, i: usize) -> Option<Cand> {
        // A weekday, a month or a day number begins it ("the 30th of June").
        if self.f(i) & (fl::WEEKDAY | fl::MONTH | fl::NUM) == 0
            && !(self.is(i, "the") && self.f(i + 1) & fl::NUM != 0)
        {
            return None;
        }
        let mut j = i;
        let mut wd = None;
        if let Some(w) = self.weekday(j).filter(|_| self.cap(j)) {
            wd = Some(w);
            j = self.dot(j + 1);
            if self.is(j, ",") {
                j += 1;
            }
        }
        let the = self.is(j, "the");
        let k = if the { j + 1 } else { j };
        // Day first: "30 June 2017", "the 30th of June".
        if let Some((d, k2)) = self.day_num(k) {
            let k3 = if self.is(k2, "of") { k2 + 1 } else { k2 };
            if let Some(m) = self.month(k3).filter(|_| self.cap(k3)) {
                let mut e = self.dot(k3 + 1);
                let mut y = None;
                let e2 = if self.is(e, ",") { e + 1 } else { e };
                if let Some((yy, e3)) = self.year_at(e2) {
                    y = Some(yy);
                    e = e3;
                }
                return self.day_cand(i, e, y, m, d, wd);
            }
        }
        if the {
            return None;
        }
        let m = self
            .month(j)
            .filter(|_| self.cap(j) || self.toks[j].kind == Kind::Word && self.w(j).len() > 3)?;
        if !self.cap(j) {
            return None;
        }
        let mut e = self.dot(j + 1);
        let abbrev = e > j + 1;
        if let Some((d, e2)) = self.day_num(e) {
            // Not "May 5,000".
            if !(self.is(e2, ",") && self.kind(e2 + 1) == Some(Kind::Num) && self.w(e2 + 1).len() == 3) {
                let mut end = e2;
                let mut y = None;
                let e3 = if self.is(e2, ",") { e2 + 1 } else { e2 };
                if let Some((yy, e4)) = self.year_at(e3) {
                    y = Some(yy);
                    end = e4;
                }
                return self.day_cand(i, end, y, m, d, wd);
            }
        }
        if wd.is_some() {
            return None;
        }
        // "July 1997", "June of 1990", "January nineteen ninety-seven".
        let mut e2 = if self.is(e, ",") || self.is(e, "of") { e + 1 } else { e };
        if let Some((y, e3)) = self.year_at(e2).or_else(|| self.spoken_year(e2)) {
            let mut c = Cand::new(i, e3, TimexType::Date, format!("{y:04}-{m:02}"));
            c.day = None;
            return Some(c);
        }
        e2 = e;
        let _ = e2;
        // A bare month name: only the unambiguous ones, and not an abbreviation.
        if abbrev || self.w(j).len() <= 3 {
            return None;
        }
        // "March", "May": a month only after a preposition or a date word.
        if self.ambiguous(j)
            && (j == 0
                || !matches!(
                    self.w(j - 1),
                    "in" | "since"
                        | "until"
                        | "till"
                        | "by"
                        | "of"
                        | "during"
                        | "from"
                        | "to"
                        | "through"
                        | "last"
                        | "next"
                        | "early"
                        | "late"
                        | "mid"
                        | "this"
                        | "before"
                        | "after"
                        | "between"
                        | "and"
                        | "-"
                ))
        {
            return None;
        }
        // "February this year", "July last year"
        if let Some(off) = self.deictic(j + 1).filter(|_| self.is(j + 2, "year")) {
            let y = self.dct().map(|d| d.year() + off);
            return Some(Cand::new(i, j + 3, TimexType::Date, format!("{}-{m:02}", yv(y))));
        }
        let y = self.year_for(m, None, i);
        let _ = &mut e;
        Some(Cand::new(i, j + 1, TimexType::Date, format!("{}-{m:02}", yv(y))))
    }

    fn day_cand(
        &self,
        i: usize,
        end: usize,
        y: Option<i32>,
        m: u32,
        d: u32,
        _wd: Option<u32>,
    ) -> Option<Cand> {
        let y = y.or_else(|| self.year_for(m, Some(d), i));
        let date = match y {
            Some(y) => Some(ymd(y, m, d)?),
            None => None,
        };
        if y.is_none() && d > days_in_month(2000, m) {
            return None;
        }
        let value = format!("{}-{m:02}-{d:02}", yv(y));
        let mut c = Cand::new(i, end, TimexType::Date, value);
        c.day = date;
        Some(c)
    }

    /// "2017-06-30", "2017/06/30", "6/30/2017", "30.06.2017".
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        if self.f(i) & fl::NUM == 0 {
            return None;
        }
        let (a, s1, b, s2, c) = (self.w(i), self.w(i + 1), self.w(i + 2), self.w(i + 3), self.w(i + 4));
        if self.kind(i) != Some(Kind::Num) || !(1..=4).all(|k| self.tight(i + k)) || s1 != s2 {
            return None;
        }
        if ![a, b, c].iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()) && !x.is_empty()) {
            return None;
        }
        let n = |x: &str| x.parse::<u32>().ok();
        let date = if a.len() == 4 && matches!(s1, "-" | "/" | ".") {
            let y = a.parse().ok()?;
            let (ymd_read, ydm_read) = (ymd(y, n(b)?, n(c)?), ymd(y, n(c)?, n(b)?));
            if ymd_read.is_none() && ydm_read.is_some() {
                self.dct_sensitive.set(true);
            }
            // A header date written year-day-month is the document date itself.
            if ydm_read.is_some() && ydm_read == self.dct() && ymd_read != self.dct() {
                ydm_read
            } else {
                ymd_read
            }
        } else if c.len() == 4 || (c.len() == 2 && s1 == "/") {
            let y: i32 = if c.len() == 2 {
                let v: i32 = c.parse().ok()?;
                if v >= 30 {
                    1900 + v
                } else {
                    2000 + v
                }
            } else {
                c.parse().ok()?
            };
            // Month first with "/" (US), day first with "." or when the first part exceeds 12.
            let (x, z) = (n(a)?, n(b)?);
            if s1 == "/" && x <= 12 {
                ymd(y, x, z)
            } else {
                ymd(y, z, x)
            }
        } else {
            None
        }?;
        // Not part of a longer number run ("2017-06-30-1").
        if self.tight(i + 5) && matches!(self.w(i + 5), "-" | "/") {
            return None;
        }
        let mut cand = Cand::new(i, i + 5, TimexType::Date, date.to_string());
        cand.day = Some(date);
        Some(cand)
    }

    /// "Friday", "last Friday", "Monday evening", "Friday's".
    fn weekday_expr(&self, i: usize) -> Option<Cand> {
        // The weekday is at most two tokens in ("the following Friday").
        if (self.f(i) | self.f(i + 1) | self.f(i + 2)) & fl::WEEKDAY == 0 {
            return None;
        }
        let t = usize::from(self.is(i, "the") && matches!(self.w(i + 1), "previous" | "following" | "next"));
        let (dir, j) = match self.w(i + t) {
            "last" | "past" | "previous" => (-1, i + t + 1),
            "following" => (1, i + t + 1),
            "next" | "coming" => (1, i + t + 1),
            "this" => (2, i + 1),
            _ => (0, i),
        };
        let wd = self.weekday(j).filter(|_| self.cap(j))?;
        let dir = if dir == 2 { 0 } else { dir };
        let date = self.weekday_date(wd, i, dir);
        let end = self.dot(j + 1);
        let value = date.map_or_else(|| format!("XXXX-WXX-{wd}"), |d| d.to_string());
        let mut c = Cand::new(i, end, TimexType::Date, value);
        c.day = date;
        if date.is_none() {
            // Let "Friday morning" become a TIME even without a DCT.
            if let Some(p) = self.part_of_day(end) {
                return Some(Cand::new(i, end + 1, TimexType::Time, format!("{}T{p}", c.value)));
            }
        }
        Some(c)
    }

    /// "last week", "this year", "next month", "the past year", "last November", "the coming decade".
    fn deictic_expr(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        if self.f(j) & fl::DEICTIC == 0 && !matches!(self.w(j), "that" | "same") {
            return None;
        }
        // "that year", "later that year", "the same year": the year under discussion.
        if (self.is(j, "that") || (the && self.is(j, "same"))) && self.is(j + 1, "year") {
            return Some(Cand::new(
                i,
                j + 2,
                TimexType::Date,
                yv(self.ref_year().or(self.dct().map(|d| d.year()))),
            ));
        }
        let off = self.deictic(j)?;
        let word = self.w(j);
        let relative_to_ref = matches!(word, "following" | "preceding" | "previous") && the;
        let k = if self.is(j + 1, "fiscal") { j + 2 } else { j + 1 };
        if let Some((unit, false)) = self.unit(k) {
            if relative_to_ref && unit == Unit::Day {
                let d = self.ref_day().and_then(|d| d.add_days(off.into()));
                let mut c =
                    Cand::new(i, k + 1, TimexType::Date, d.map_or("XXXX-XX-XX".into(), |d| d.to_string()));
                c.day = d;
                return Some(c);
            }
            if matches!(unit, Unit::Second | Unit::Minute | Unit::Hour | Unit::Day) {
                return None;
            }
            if relative_to_ref && unit == Unit::Year {
                if let Some(y) = self.ref_year() {
                    return Some(Cand::new(i, k + 1, TimexType::Date, format!("{:04}", y + off)));
                }
            }
            // "the week of March 6"
            if unit == Unit::Week && self.is(k + 1, "of") {
                if let Some(d) = self.month_date(k + 2).and_then(|c| c.day) {
                    return Some(Cand::new(i, self.month_date(k + 2)?.end, TimexType::Date, d.week_value()));
                }
            }
            let mut c = Cand::new(i, k + 1, TimexType::Date, self.rel(unit, off));
            if unit == Unit::Quarter {
                c.quarter = self.dct().map(|d| quarter_shifted(d, off));
            }
            return Some(c);
        }
        if let Some(m) = self.month(k).filter(|_| self.cap(k)) {
            let y = self.dct().map(|d| match off.signum() {
                -1 if m >= d.month() => d.year() - 1,
                1 if m <= d.month() => d.year() + 1,
                _ => d.year(),
            });
            let e = self.dot(k + 1);
            if let Some((day, e2)) = self.day_num(e) {
                let date = y.and_then(|y| ymd(y, m, day));
                let mut c = Cand::new(i, e2, TimexType::Date, format!("{}-{m:02}-{day:02}", yv(y)));
                c.day = date;
                return Some(c);
            }
            return Some(Cand::new(i, e, TimexType::Date, format!("{}-{m:02}", yv(y))));
        }
        if let Some(s) = self.season(k) {
            let idx = |s: &str| ["WI", "SP", "SU", "FA"].iter().position(|x| *x == s).unwrap_or(0) as i32;
            let y = self.dct().map(|d| {
                let cur = match d.month() {
                    12 | 1 | 2 => 0,
                    3..=5 => 1,
                    6..=8 => 2,
                    _ => 3,
                };
                match off.signum() {
                    -1 if idx(s) >= cur => d.year() - 1,
                    1 if idx(s) <= cur => d.year() + 1,
                    _ => d.year(),
                }
            });
            return Some(Cand::new(i, k + 1, TimexType::Date, format!("{}-{s}", yv(y))));
        }
        None
    }

    /// A count: digits ("1,000", "1.5"), number words ("twenty-four"), "a", "a few", "several".
    /// Returns (value, None when vague; index after).
    fn count(&self, i: usize) -> Option<(Option<f64>, usize)> {
        match self.w(i) {
            "a" | "an" => {
                if self.is(i + 1, "few") || self.is(i + 1, "couple") {
                    let e = if self.is(i + 2, "of") { i + 3 } else { i + 2 };
                    return Some((if self.is(i + 1, "couple") { Some(2.0) } else { None }, e));
                }
                if let Some(n) = self.number_words(i + 1) {
                    return Some((Some(n.0), n.1));
                }
                if self.is(i + 1, "half") {
                    return Some((Some(0.5), i + 2));
                }
                return Some((Some(1.0), i + 1));
            }
            "several" | "few" | "many" | "some" | "numerous" => return Some((None, i + 1)),
            "couple" if self.is(i + 1, "of") => return Some((Some(2.0), i + 2)),
            "half" => {
                let e = if self.is(i + 1, "a") || self.is(i + 1, "an") { i + 2 } else { i + 1 };
                return Some((Some(0.5), e));
            }
            _ => {}
        }
        if self.kind(i) == Some(Kind::Num) {
            let mut s = std::borrow::Cow::Borrowed(self.w(i));
            let mut e = i + 1;
            while matches!(self.w(e), "," | ".")
                && self.tight(e)
                && self.tight(e + 1)
                && self.kind(e + 1) == Some(Kind::Num)
            {
                let s = s.to_mut();
                if self.is(e, ",") {
                    s.push_str(self.w(e + 1));
                } else {
                    s.push('.');
                    s.push_str(self.w(e + 1));
                }
                e += 2;
            }
            let mut v: f64 = s.parse().ok()?;
            // "5 1/2"
            if self.kind(e) == Some(Kind::Num)
                && self.is(e + 1, "/")
                && self.tight(e + 1)
                && self.tight(e + 2)
            {
                if let (Some(a), Some(b)) = (self.num(e), self.num(e + 2)) {
                    if b > a && b > 0 {
                        v += f64::from(a) / f64::from(b);
                        e += 3;
                    }
                }
            }
            return Some((Some(v), e));
        }
        self.number_words(i).map(|(n, e)| (Some(n), e))
    }

    fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        let word_num = |k: usize| self.number_word(k);
        let mut total = 0u64;
        let mut cur = 0u64;
        let mut e = i;
        let mut any = false;
        while let Some(n) = word_num(e) {
            let n = u64::from(n);
            // "nineteen ninety-six" is a year, not a sum.
            if any && cur % 100 >= 10 && (10..100).contains(&n) {
                break;
            }
            if n == 100 || n == 1000 {
                cur = cur.max(1) * n;
                if n == 1000 {
                    total += cur;
                    cur = 0;
                }
            } else {
                cur += n;
            }
            any = true;
            e += 1;
            // "twenty-four", "twenty four"
            let joined = (self.is(e, "-") && self.tight(e)) || (self.is(e, "and") && cur >= 100);
            if joined && word_num(e + 1).is_some() {
                e += 1;
            }
        }
        any.then_some(((total + cur) as f64, e))
    }

    /// "two years", "seven-week", "the past two months", "three years ago", "a year earlier".
    fn quantity(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let the = self.is(j, "the");
        if the {
            j += 1;
        }
        let lead = self.w(j);
        let has_lead = matches!(
            lead,
            "past" | "last" | "next" | "previous" | "coming" | "first" | "final" | "following"
        );
        if has_lead {
            j += 1;
        } else if the && !(self.kind(j) == Some(Kind::Num) || self.number_words(j).is_some()) {
            return None;
        }
        let (n, mut k) = match self.count(j) {
            Some(c) => c,
            None if has_lead => (None, j),
            None => {
                // A bare plural: "for years", "weeks".
                if let Some((u, true)) = self.unit(j) {
                    if matches!(u, Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Hour)
                        && !self.is(j + 1, "-")
                        && !self.is(j + 1, "old")
                        && !(j > 0 && (self.kind(j - 1) == Some(Kind::Num) || self.is(j - 1, "of")))
                    {
                        return Some(Cand::new(i, j + 1, TimexType::Duration, u.duration(None)));
                    }
                }
                return None;
            }
        };
        let counted = n.is_some() || self.w(j) != "a";
        if self.is(k, "more") || self.is(k, "additional") || self.is(k, "straight") {
            k += 1;
        }
        let hyphen = self.is(k, "-") && self.tight(k) && self.tight(k + 1);
        // "the last-minute effort"
        if hyphen && n.is_none() && k == j {
            return None;
        }
        if hyphen {
            k += 1;
        }
        let (unit, plural) = self.unit(k)?;
        // "a year-earlier loss" is "year-earlier".
        if self.is(k + 1, "-") && matches!(self.w(k + 2), "earlier" | "ago" | "old" | "long" | "end") {
            return None;
        }
        // "the 1988 quarter" is a quarter of that year, not 1988 quarters.
        if !plural && !hyphen && self.w(j).len() == 4 && self.kind(j) == Some(Kind::Num) {
            return None;
        }
        // "three-quarters" is a fraction.
        if hyphen && unit == Unit::Quarter {
            return None;
        }
        let mut end = k + 1;
        // Ages are not time expressions ("a 10-year-old boy").
        if (self.is(end, "-") && self.is(end + 1, "old")) || (plural && self.is(end, "old")) {
            return None;
        }
        // "a second attack", "a quarter of the population", "a day of mourning" stay out.
        let article = matches!(self.w(j), "a" | "an") && n == Some(1.0);
        if article
            && (matches!(unit, Unit::Second | Unit::Quarter)
                || (self.is(end, "of") && self.is(end + 1, "the")))
        {
            return None;
        }
        if n.is_none() && !plural && !has_lead && !self.is(j, "a") {
            return None;
        }
        let mut n = n;
        // "a year and a half"
        if self.is(end, "and") && self.is(end + 1, "a") && self.is(end + 2, "half") {
            n = n.map(|v| v + 0.5);
            end += 3;
        }
        // A rate: "$5 a year", "3 percent a year", "per day".
        let post_word = matches!(self.w(end), "ago" | "earlier" | "later" | "before" | "after" | "or");
        if article && i > 0 && !the && !post_word {
            let prev = self.w(i - 1);
            // "four flights a week": a plural noun before "a week".
            let plural_noun = self.kind(i - 1) == Some(Kind::Word)
                && !self.cap(i - 1)
                && prev.len() > 3
                && prev.ends_with('s')
                && !prev.ends_with("ss")
                && !matches!(
                    prev,
                    "this" | "does" | "thus" | "pass" | "across" | "whereas" | "unless" | "perhaps"
                );
            let rate_word =
                matches!(prev, "%" | "percent" | "times" | "per" | "million" | "billion" | "thousand");
            if plural_noun || rate_word || self.kind(i - 1) == Some(Kind::Num) {
                return Some(Cand::new(i, end, TimexType::Set, unit.duration(Some(1.0))));
            }
        }
        let quantity = !has_lead && !the;
        // "a week or so ago"
        if self.is(end, "or") && self.is(end + 1, "so") && self.is(end + 2, "ago") {
            end += 2;
        }
        match self.w(end) {
            "ago" | "earlier" | "later" | "before" | "after" | "hence" if !hyphen && !has_lead => {
                let post = self.w(end);
                if matches!(post, "before" | "after" | "later") {
                    // "two days after the attack": a duration; the signal stays outside.
                    let mut c = Cand::new(i, end, TimexType::Duration, unit.duration(n));
                    c.quantity = quantity;
                    return Some(c);
                }
                let sign = if post == "ago" || post == "earlier" { -1 } else { 1 };
                let anchor =
                    if post == "ago" || post == "hence" { self.dct() } else { self.ref_day().or(self.dct()) };
                let mut c = Cand::new(i, end + 1, TimexType::Date, self.shifted(anchor, unit, n, sign));
                c.quantity = quantity;
                if unit == Unit::Year && n.is_some_and(|v| v.fract() == 0.0) {
                    if let Some((y, q)) = self.quarter() {
                        c.value = format!("{:04}-Q{q}", y - sign.abs() * n.unwrap_or(1.0) as i32);
                    }
                }
                if unit == Unit::Day {
                    c.day = anchor.and_then(|d| d.add_days(i64::from(sign) * n.unwrap_or(0.0) as i64));
                }
                return Some(c);
            }
            "from" if self.is(end + 1, "now") && !hyphen => {
                let mut c = Cand::new(i, end + 2, TimexType::Date, self.shifted(self.dct(), unit, n, 1));
                c.quantity = quantity;
                return Some(c);
            }
            _ => {}
        }
        if !counted && !plural && !has_lead {
            return None;
        }
        let _ = counted;
        // "a seven-week siege": the article belongs to the noun.
        let start = if hyphen && matches!(self.w(i), "a" | "an") && j == i { i + 1 } else { i };
        let mut c = Cand::new(start, end, TimexType::Duration, unit.duration(n));
        c.quantity = quantity;
        Some(c)
    }

    /// `anchor` moved by `n` units, written at the unit's granularity.
    fn shifted(&self, anchor: Option<Date>, unit: Unit, n: Option<f64>, sign: i32) -> String {
        if anchor.is_none() {
            self.dct_sensitive.set(true);
        }
        let (Some(d), Some(n)) = (anchor, n) else {
            return if sign < 0 { "PAST_REF".into() } else { "FUTURE_REF".into() };
        };
        let k = sign * n.round() as i32;
        shifted_value(d, unit, k).unwrap_or_else(|| if sign < 0 { "PAST_REF".into() } else { "FUTURE_REF".into() })
    }

    /// "the third quarter", "third-quarter", "the first half of 1990", "the quarter",
    /// "the year-earlier period", "year-ago".
    fn quarter_expr(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let mut j = if the { i + 1 } else { i };
        let mut year = None;
        if self.is(j, "fiscal") {
            j += 1;
        }
        // Every reading needs one of these at `j` ("year" is a unit; "the latest quarter").
        if self.f(j) & (fl::DEICTIC | fl::NUM | fl::APOS | fl::ORDINAL | fl::UNIT) == 0
            && !(the && matches!(self.w(j), "latest" | "same" | "recent" | "most" | "fiscal"))
        {
            return None;
        }
        // "this year's third quarter", "next year's first half"
        if let Some(off) =
            self.deictic(j).filter(|_| self.is(j + 1, "year") && self.is(j + 2, "'") && self.is(j + 3, "s"))
        {
            year = Some(self.dct().map_or(0, |d| d.year() + off));
            j += 4;
        }
        if let Some((y, e)) = self.year_at(j).filter(|_| year.is_none()) {
            year = Some(y);
            j = e;
            if self.is(j, "'") && self.is(j + 1, "s") {
                j += 2;
            }
            if self.is(j, "fiscal") {
                j += 1;
            }
            // "the 1988 quarter", "the 1989 period": the quarter under discussion, that year.
            if the && matches!(self.w(j), "quarter" | "period") {
                let q = self.quarter().map(|q| q.1).or_else(|| self.dct().map(|d| (d.quarter() + 2) % 4 + 1));
                let value = format!("{y:04}-Q{}", q.map_or("X".to_string(), |q| q.to_string()));
                return Some(Cand::new(i, j + 1, TimexType::Date, value));
            }
        }
        // "year-earlier", "year-ago" (quarter or period)
        if self.is(j, "year") && self.is(j + 1, "-") && matches!(self.w(j + 2), "earlier" | "ago") {
            let mut end = j + 3;
            if matches!(self.w(end), "quarter" | "period" | "quarters" | "periods") {
                end += 1;
            }
            let value = match self.quarter() {
                Some((y, q)) => format!("{:04}-Q{q}", y - 1),
                None => self.rel(Unit::Year, -1),
            };
            return Some(Cand::new(i, end, TimexType::Date, value));
        }
        if the && year.is_none() {
            let mut k = j;
            let latest = matches!(self.w(k), "latest" | "recent" | "most");
            if matches!(self.w(k), "latest" | "same" | "recent" | "most") {
                k += if self.is(k, "most") && self.is(k + 1, "recent") { 2 } else { 1 };
            }
            if self.is(k, "fiscal") {
                k += 1;
            }
            if (self.is(k, "quarter") || (latest && self.is(k, "period"))) && !self.is(k + 1, "-") {
                let prev = self.dct().map(|d| quarter_shifted(d, -1));
                let q = if latest { prev } else { self.quarter().or(prev) };
                let value = q.map_or("XXXX-QX".into(), |(y, q)| format!("{y:04}-Q{q}"));
                let mut c = Cand::new(i, k + 1, TimexType::Date, value);
                c.quarter = q;
                return Some(c);
            }
        }
        let ord = self.ordinal(j).filter(|o| (1..=4).contains(o))?;
        let mut k = j + 1;
        if self.is(k, "-") {
            k += 1;
        }
        if self.is(k, "fiscal") {
            k += 1;
        }
        let half = match self.w(k) {
            "quarter" | "quarters" => false,
            "half" if ord <= 2 => true,
            _ => return None,
        };
        let mut end = k + 1;
        if year.is_none() && self.is(end, "of") {
            let e = if self.is(end + 1, "fiscal") { end + 2 } else { end + 1 };
            if let Some((y, e2)) = self.year_at(e) {
                year = Some(y);
                end = e2;
            }
        }
        if year.is_none() && !the && !self.is(k - 1, "-") {
            // "first quarter" without "the" or a hyphen is still a quarter in business news.
        }
        // A quarter not yet begun, without a year, is last year's unless the clause looks ahead.
        let y = year.or(self.dct().map(|d| {
            let cur = if half { (d.month() - 1) / 6 + 1 } else { d.quarter() };
            if ord > cur && !self.future_cue(i) {
                d.year() - 1
            } else {
                d.year()
            }
        }));
        let value = format!("{}-{}{ord}", yv(y), if half { "H" } else { "Q" });
        let mut c = Cand::new(i, end, TimexType::Date, value);
        if !half {
            c.quarter = y.map(|y| (y, ord));
        }
        Some(c)
    }

    /// "1990", "fiscal 1989", "the 1990s", "the '80s", "the 20th century".
    fn year_expr(&self, i: usize) -> Option<Cand> {
        // A year, number word, decade or ordinal comes within the first three tokens.
        let any = fl::NUM | fl::APOS | fl::NUMBER | fl::DECADE | fl::ORDINAL;
        if (self.f(i) | self.f(i + 1) | self.f(i + 2)) & any == 0 {
            return None;
        }
        let the = self.is(i, "the");
        let mut j = if the { i + 1 } else { i };
        let fiscal = matches!(self.w(j), "fiscal" | "calendar");
        if fiscal
            || (self.is(j, "year") && (self.year_at(j + 1).is_some() || self.spoken_year(j + 1).is_some()))
        {
            j += 1;
        }
        if let Some((y, e)) = self.year_at(j) {
            // Decade: "1990s", "'80s".
            if self.is(e, "s") && self.tight(e) {
                return Some(Cand::new(i, e + 1, TimexType::Date, format!("{:03}", y / 10)));
            }
            if self.is(j, "'") {
                return None;
            }
            // "the 1996 Olympics": the year without the article.
            let start = if the && !fiscal && j == i + 1 { j } else { i };
            let prev_ok = start == 0
                || fiscal
                || YEAR_PREPS.contains(&self.w(start - 1))
                || self.kind(start - 1) == Some(Kind::Punct);
            let next = self.w(e);
            let next_ok = self.kind(e) != Some(Kind::Word)
                || self.cap(e)
                || matches!(
                    next,
                    "and"
                        | "or"
                        | "to"
                        | "through"
                        | "until"
                        | "when"
                        | "as"
                        | "after"
                        | "before"
                        | "with"
                        | "was"
                        | "is"
                        | "were"
                        | "had"
                        | "has"
                        | "the"
                        | "that"
                        | "in"
                        | "at"
                        | "on"
                        | "but"
                        | "he"
                        | "she"
                        | "it"
                        | "they"
                        | "we"
                        | "levels"
                        | "level"
                        | "results"
                        | "budget"
                        | "election"
                        | "elections"
                        | "season"
                        | "census"
                        | "war"
                );
            // "$1990", "1990 people", "no. 1990"
            if !(prev_ok || next_ok)
                || (i > 0 && matches!(self.w(i - 1), "$" | "#" | "no"))
                || self.is(e, "%")
            {
                return None;
            }
            if self.is(e, "-") && self.tight(e) && self.kind(e + 1) == Some(Kind::Num) {
                return None;
            }
            return Some(Cand::new(start, e, TimexType::Date, format!("{y:04}")));
        }
        // "nineteen ninety-six", "the year two thousand"
        if let Some((y, e)) = self.spoken_year(j) {
            if !the || j > i + 1 || self.is(i + 1, "year") {
                return Some(Cand::new(i, e, TimexType::Date, format!("{y:04}")));
            }
        }
        // "the nineties"
        if the {
            if let Some(d) =
                self.lexs(j).iter().find_map(|l| if let Lex::Decade(d) = l { Some(*d) } else { None })
            {
                return Some(Cand::new(i, j + 1, TimexType::Date, format!("19{}", d / 10)));
            }
        }
        // "the 20th century", "the nineteenth century"
        let (c, e) = if let Some((n, e)) = self.day_num(j).filter(|_| self.tight(j + 1)) {
            (n, e)
        } else {
            (self.ordinal(j)?, j + 1)
        };
        if self.is(e, "century") && c >= 1 {
            return Some(Cand::new(i, e + 1, TimexType::Date, format!("{:02}", c - 1)));
        }
        None
    }

    /// A year in words: "nineteen ninety-six", "two thousand", "two thousand and one".
    fn spoken_year(&self, i: usize) -> Option<(i32, usize)> {
        let word_num = |k: usize| self.number_word(k);
        let first = word_num(i)?;
        if first == 2 && self.is(i + 1, "thousand") {
            let mut e = i + 2;
            let mut y = 2000;
            let k = if self.is(e, "and") { e + 1 } else { e };
            if let Some((n, e2)) = self.number_words(k).filter(|(n, _)| *n < 100.0) {
                y += n as i32;
                e = e2;
            }
            return Some((y, e));
        }
        if !(11..=20).contains(&first) {
            return None;
        }
        let (rest, e) = self.number_words(i + 1)?;
        (10.0..100.0).contains(&rest).then_some((first as i32 * 100 + rest as i32, e))
    }

    /// "10:35 a.m.", "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 6".
    fn clock(&self, i: usize) -> Option<Cand> {
        let (mut h, mut min, mut e);
        if let Some(c) = matches!(self.w(i), "noon" | "midnight" | "midday")
            .then(|| self.phrase(i))
            .flatten()
            .filter(|c| c.ty == TimexType::Time)
        {
            h = if self.is(i, "midnight") { 24 } else { 12 };
            min = 0;
            e = c.end;
        } else {
            h = self.num(i).filter(|h| *h <= 24 && self.w(i).len() <= 2)?;
            e = i + 1;
            min = 0;
            let mut has_min = false;
            if self.is(e, ":")
                && self.tight(e)
                && self.kind(e + 1) == Some(Kind::Num)
                && self.w(e + 1).len() == 2
            {
                min = self.num(e + 1)?;
                if min > 59 {
                    return None;
                }
                e += 2;
                has_min = true;
            }
            let ampm = match (self.w(e), self.w(e + 1), self.w(e + 2)) {
                ("a" | "p", ".", "m") => {
                    let p = self.is(e, "p");
                    e += 3;
                    if self.is(e, ".") && self.tight(e) {
                        e += 1;
                    }
                    Some(p)
                }
                ("am" | "pm", _, _) => {
                    let p = self.is(e, "pm");
                    e += 1;
                    Some(p)
                }
                ("o", "'", "clock") => {
                    e += 3;
                    None
                }
                _ if has_min => None,
                _ => return None,
            };
            if ampm == Some(true) && h < 12 {
                h += 12;
            }
            if ampm == Some(false) && h == 12 {
                h = 0;
            }
        }
        if TIME_ZONES.contains(&self.w(e)) {
            e += 1;
        }
        // A day after it: "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 6".
        let mut k = e;
        if self.is(k, ",") || self.is(k, "on") {
            k += 1;
        }
        let day = longest(
            longest(self.weekday_expr(k), self.month_date(k)),
            self.phrase(k).filter(|c| c.day.is_some()),
        );
        let (date_val, end, day_date) = match day.filter(|c| c.value.len() == 10) {
            Some(c) => (c.value.clone(), c.end, c.day),
            None => (self.dct().map_or("XXXX-XX-XX".into(), |d| d.to_string()), e, None),
        };
        let mut c = Cand::new(i, end, TimexType::Time, format!("{date_val}T{h:02}:{min:02}"));
        c.day = day_date;
        c.quantity = true;
        Some(c)
    }

    /// "summer 1990", "the summer of 1990", "spring 2014".
    fn season_expr(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        let s = self.season(j)?;
        let k = if self.is(j + 1, "of") { j + 2 } else { j + 1 };
        if let Some((y, e)) = self.year_at(k).or_else(|| self.spoken_year(k)) {
            return Some(Cand::new(i, e, TimexType::Date, format!("{y:04}-{s}")));
        }
        // "the summer": the latest one. Not "the fall of Mosul".
        if !the || s == "FA" || self.is(j + 1, "of") {
            return None;
        }
        let idx = |s: &str| ["WI", "SP", "SU", "FA"].iter().position(|x| *x == s).unwrap_or(0);
        let y = self.dct().map(|d| {
            let cur = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0][d.month() as usize - 1];
            if idx(s) <= cur || (s == "WI" && d.month() == 12) {
                d.year()
            } else {
                d.year() - 1
            }
        });
        Some(Cand::new(i, j + 1, TimexType::Date, format!("{}-{s}", yv(y))))
    }

    /// "every day", "each year", "every Monday", "Tuesdays", "each July".
    fn set_expr(&self, i: usize) -> Option<Cand> {
        if let Some(wd) = self.weekdays(i).filter(|_| self.cap(i)) {
            let mut c = Cand::new(i, i + 1, TimexType::Set, format!("XXXX-WXX-{wd}"));
            if let Some(p) = self.part_of_day(i + 1) {
                c.value.push_str(&format!("T{p}"));
                c.end += 1;
            }
            return Some(c);
        }
        if !matches!(self.w(i), "every" | "each" | "per") {
            return None;
        }
        let j = i + 1;
        if let Some(wd) = self.weekday(j).filter(|_| self.cap(j)) {
            return Some(Cand::new(i, j + 1, TimexType::Set, format!("XXXX-WXX-{wd}")));
        }
        if let Some(m) = self.month(j).filter(|_| self.cap(j)) {
            return Some(Cand::new(i, j + 1, TimexType::Set, format!("XXXX-{m:02}")));
        }
        if let Some((n, k)) = self.count(j).filter(|_| !matches!(self.w(j), "a" | "an")) {
            if let Some((u, _)) = self.unit(k) {
                return Some(Cand::new(i, k + 1, TimexType::Set, u.duration(n)));
            }
        }
        let (u, _) = self.unit(j)?;
        Some(Cand::new(i, j + 1, TimexType::Set, u.duration(Some(1.0))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, dct: Option<&str>) -> Vec<(String, TimexType, String, Option<String>)> {
        let lex = Lexicon::load(None).unwrap();
        tag(&lex, text, dct.and_then(Date::parse))
            .into_iter()
            .map(|m| {
                assert_eq!(&text[m.start..m.end], m.text, "span and text agree");
                (m.text, m.timex_type, m.value, m.r#mod)
            })
            .collect()
    }

    fn values(text: &str, dct: Option<&str>) -> Vec<(String, String)> {
        run(text, dct).into_iter().map(|(t, _, v, _)| (t, v)).collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn absolute_dates_in_news_formats() {
        let got = values(
            "Talks opened on June 30, ended 30 June 2017, resumed 2017-07-03 and Oct. 17, \
             then on 29 June, 2017 and in July 1997.",
            Some("2017-07-05"),
        );
        let want = [
            ("June 30", "2017-06-30"),
            ("30 June 2017", "2017-06-30"),
            ("2017-07-03", "2017-07-03"),
            ("Oct. 17", "2016-10-17"),
            ("29 June, 2017", "2017-06-29"),
            ("July 1997", "1997-07"),
        ];
        assert_eq!(got, pairs(&want));
    }

    #[test]
    fn relative_dates_resolve_against_the_dct() {
        // 2013-03-20 is a Wednesday in ISO week 12.
        let got = values(
            "On Sunday rebels attacked; by Monday evening they had left. Last week the army \
             moved in, three years ago it left, and fighting flared in late January and mid-2014.",
            Some("2013-03-20"),
        );
        let want = [
            ("Sunday", "2013-03-17"),
            ("Monday evening", "2013-03-18TEV"),
            ("Last week", "2013-W11"),
            ("three years ago", "2010"),
            ("late January", "2013-01"),
            ("mid-2014", "2014"),
        ];
        assert_eq!(got, pairs(&want));
        let m = run("in late January", Some("2013-03-20"));
        assert_eq!(m[0].3.as_deref(), Some("END"));
    }

    #[test]
    fn a_future_clause_looks_ahead() {
        assert_eq!(
            values("The talks will resume on Monday.", Some("2013-03-20")),
            pairs(&[("Monday", "2013-03-25")])
        );
        assert_eq!(
            values("The talks resumed on Monday.", Some("2013-03-20")),
            pairs(&[("Monday", "2013-03-18")])
        );
    }

    #[test]
    fn durations_and_vague_references() {
        let got = run(
            "After a seven-week siege and nine months of talks, lasting more than two years, \
             fighting has raged in the last two days. Officials now say it may end in the future.",
            Some("2016-12-05"),
        );
        let v: Vec<(&str, TimexType, &str)> =
            got.iter().map(|(t, ty, v, _)| (t.as_str(), *ty, v.as_str())).collect();
        assert_eq!(
            v,
            [
                ("seven-week", TimexType::Duration, "P7W"),
                ("nine months", TimexType::Duration, "P9M"),
                ("more than two years", TimexType::Duration, "P2Y"),
                ("the last two days", TimexType::Duration, "P2D"),
                ("now", TimexType::Date, "PRESENT_REF"),
                ("the future", TimexType::Date, "FUTURE_REF"),
            ]
        );
        assert_eq!(got[2].3.as_deref(), Some("MORE_THAN"));
    }

    #[test]
    fn a_day_month_swapped_header_date_matches_the_dct() {
        assert_eq!(
            values("date 2016-07-11 Troops advance", Some("2016-11-07")),
            pairs(&[("2016-07-11", "2016-11-07")])
        );
        assert_eq!(
            values("date 2016-07-11 Troops advance", Some("2016-07-11")),
            pairs(&[("2016-07-11", "2016-07-11")])
        );
    }

    #[test]
    fn without_a_dct_the_year_stays_unknown() {
        let got = values("The assault began on October 17 and resumed on Sunday.", None);
        assert_eq!(got, pairs(&[("October 17", "XXXX-10-17"), ("Sunday", "XXXX-WXX-7")]));
    }

    #[test]
    fn quarters_sets_clock_times_and_holidays() {
        let got = values(
            "Profit rose in the third quarter from a year earlier. Trains run daily, the strike is \
             at 10:35 a.m. Friday. Gunmen attacked Friday. Traffic stopped at Christmas.",
            Some("1989-10-26"),
        );
        let want = [
            ("the third quarter", "1989-Q3"),
            ("a year earlier", "1988-Q3"),
            ("daily", "P1D"),
            // Tomorrow's weekday without a tense cue is tomorrow; after a past verb, last week's.
            ("10:35 a.m. Friday", "1989-10-27T10:35"),
            ("Friday", "1989-10-20"),
            ("Christmas", "1988-12-25"),
        ];
        assert_eq!(got, pairs(&want));
    }

    /// Every token left out of the starts parses to nothing, with or without a DCT.
    fn assert_left_out_match_nothing(lex: &Lexicon, text: &str) -> usize {
        let p = Prep::new(lex, text);
        let mut left_out = 0;
        for dct in [None, Date::parse("2016-11-07"), Date::parse("2016-07-11")] {
            let cx = p.ctx(dct);
            for i in (0..p.toks.len()).filter(|i| !p.starts.contains(i)) {
                left_out += usize::from(p.flags[i] & fl::START != 0);
                assert!(cx.parse_at(i).is_none(), "{:?}", &text[p.toks[i].start..]);
            }
        }
        left_out
    }

    #[test]
    fn tokens_left_out_of_the_starts_match_nothing() {
        let lex = Lexicon::load(None).unwrap();
        let text = "About 40 militants and 2,000 troops, a 10-year-old, 5 1/2 more years, 10 a.m., 7 pm, \
                    a couple of more weeks, an hour, a two hundred and fifty year siege, 30 of June, 1990, \
                    a few people said 12 were held for a long time, at 5 o'clock, 3 of them. At least 12 \
                    were killed, the operation, the last fighter, that food, nearly 1,200 civilians, \
                    more than 20,000 people, two soldiers, late on Saturday, later found, the next phase, \
                    within days, many of them, under fire, 2016-07-11 and 11/07/16 and 1,2,2016, 10:35, \
                    the 30th of June, the spring, that year, the same year, the following Friday, last \
                    Monday, every week, each July, Tuesdays, the third quarter, this year's first half, \
                    year-earlier, the latest quarter, the 1988 quarter, nineteen ninety-six, the year two \
                    thousand, the nineties, the 20th century, the nineteenth century, '98, the '80s, early \
                    last week, mid-2014, the end of the year, at least three years ago, no more than six \
                    months, an estimated 3,000, a year and a half, for years, weeks later, noon Thursday, \
                    1,000,000,000 years, a quarter of the people, at present, the coming weeks, fiscal 1989.";
        assert!(assert_left_out_match_nothing(&lex, text) >= 30);
        let got = values(text, Some("2016-11-07"));
        for want in ["5 1/2 more years", "a two hundred and fifty year", "1,000,000,000 years", "the spring"]
        {
            assert!(got.iter().any(|(t, _)| t == want), "{want}: {got:?}");
        }
    }

    /// `EW_TIME_STARTS_DIR=<dir> cargo test -p eventwire-time -- --ignored`: the test above over
    /// every file of a directory.
    #[test]
    #[ignore]
    fn tokens_left_out_of_the_starts_match_nothing_in_a_corpus() {
        let lex = Lexicon::load(None).unwrap();
        let dir = std::env::var("EW_TIME_STARTS_DIR").expect("EW_TIME_STARTS_DIR");
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
            assert_left_out_match_nothing(&lex, &text);
        }
    }

    #[test]
    fn ages_numbers_and_verbs_are_not_times() {
        assert!(run("A 10-year-old boy and 2,000 troops may march on May Day.", Some("2016-01-01"))
            .iter()
            .all(|(t, _, _, _)| t != "10-year" && t != "2,000" && t != "may" && t != "march"));
        assert!(run("Police said 1999 people were arrested.", Some("2016-01-01")).is_empty());
    }
}
