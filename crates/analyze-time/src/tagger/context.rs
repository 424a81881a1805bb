//! What every rule of the grammar reads: the tokens with their lexicon entries and flags, the
//! DCT and the state of the pass (the day, year and quarter under discussion), and the
//! candidate a rule returns.

use crate::civil::Date;
use crate::flags as fl;
use crate::roles::Roles;
use crate::tokens::{Kind, Tok};
use crate::words::{Lex, Phrase, PhraseKind, Unit};
use eventwire_model::TimexType;

/// A matched expression (token range `[start, end)`).
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) ty: TimexType,
    pub(super) value: String,
    pub(super) m: Option<String>,
    /// A specific calendar quarter, remembered for "a year earlier" and "the quarter".
    pub(super) quarter: Option<(i32, u32)>,
    /// A specific day, remembered for "that day", "the following day".
    pub(super) day: Option<Date>,
    /// Started with a count word (so a "more than" may precede it).
    pub(super) quantity: bool,
}

impl Cand {
    pub(super) fn new(start: usize, end: usize, ty: TimexType, value: impl Into<String>) -> Cand {
        Cand { start, end, ty, value: value.into(), m: None, quarter: None, day: None, quantity: false }
    }
    pub(super) fn with_mod(mut self, m: &str) -> Cand {
        self.m = Some(m.to_string());
        self
    }
}

/// The candidate that ends later (the first on a tie).
pub(super) fn longest(a: Option<Cand>, b: Option<Cand>) -> Option<Cand> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.end > a.end { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// A year as TIMEX3 writes it, `XXXX` when unknown.
pub(super) fn yv(y: Option<i32>) -> String {
    y.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"))
}

/// One tagging pass over a prepared text: its tokens, the DCT, and what the expressions read
/// so far put under discussion.
pub(super) struct Ctx<'a> {
    /// The text lower-cased (ASCII), same offsets: the word of a token is sliced from it.
    pub(super) low: &'a str,
    /// Flags (low 32 bits) and roles (high 32 bits) of each token.
    pub(super) flags: &'a [u64],
    /// Lexicon entries and phrases of each token, looked up once.
    pub(super) lx: &'a [&'a [Lex]],
    pub(super) ph: &'a [&'a [Phrase]],
    pub(super) toks: &'a [Tok],
    pub(super) dct: Option<Date>,
    /// Day used by "that day", "the following day", "two days later".
    pub(super) ref_day: Option<Date>,
    /// Year of the last explicit date, for "the following year", "that year".
    pub(super) ref_year: Option<i32>,
    /// The quarter under discussion, for "the quarter" and "a year earlier".
    pub(super) quarter: Option<(i32, u32)>,
    /// Set when a rule's answer may hinge on the DCT or on the state (a miss without a DCT
    /// is then no proof of a miss with one).
    pub(super) dct_sensitive: std::cell::Cell<bool>,
    /// Set when a rule read the DCT or the state.
    pub(super) read_state: std::cell::Cell<bool>,
}

impl<'a> Ctx<'a> {
    // The DCT and the state, read through these so that a match which read none of them
    // can be reused by a pass with another DCT.
    pub(super) fn dct(&self) -> Option<Date> {
        self.read_state.set(true);
        self.dct
    }
    pub(super) fn ref_day(&self) -> Option<Date> {
        self.read_state.set(true);
        self.ref_day
    }
    pub(super) fn ref_year(&self) -> Option<i32> {
        self.read_state.set(true);
        self.ref_year
    }
    pub(super) fn quarter(&self) -> Option<(i32, u32)> {
        self.read_state.set(true);
        self.quarter
    }
    pub(super) fn w(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.low[t.start..t.end])
    }
    /// Token `i` has role `r` (`roles.tsv`).
    pub(super) fn role(&self, i: usize, r: Roles) -> bool {
        self.flags.get(i).is_some_and(|x| (x >> 32) as Roles & r != 0)
    }
    /// The flags of token `i` (none past the end).
    pub(super) fn f(&self, i: usize) -> u32 {
        self.flags.get(i).map_or(0, |&x| x as u32)
    }
    pub(super) fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }
    pub(super) fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// Token `i` directly follows token `i - 1` (no space).
    pub(super) fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }
    pub(super) fn lexs(&self, i: usize) -> &'a [Lex] {
        self.lx.get(i).copied().unwrap_or(&[])
    }
    pub(super) fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    pub(super) fn num(&self, i: usize) -> Option<u32> {
        (self.kind(i) == Some(Kind::Num) && self.w(i).len() <= 9).then(|| self.w(i).parse().ok()).flatten()
    }
    pub(super) fn month(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::MONTH == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Month(m) = l { Some(*m) } else { None })
    }
    pub(super) fn weekday(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::WEEKDAY == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Weekday(m) = l { Some(*m) } else { None })
    }
    pub(super) fn weekdays(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::WEEKDAYS == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Weekdays(m) = l { Some(*m) } else { None })
    }
    pub(super) fn ordinal(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::ORDINAL == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Ordinal(m) = l { Some(*m) } else { None })
    }
    pub(super) fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        if self.f(i) & fl::UNIT == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| match l {
            Lex::Unit(u) => Some((*u, false)),
            Lex::Units(u) => Some((*u, true)),
            _ => None,
        })
    }
    pub(super) fn season(&self, i: usize) -> Option<&'a str> {
        if self.f(i) & fl::SEASON == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Season(s) = l { Some(s.as_str()) } else { None })
    }
    pub(super) fn part_of_day(&self, i: usize) -> Option<&'a str> {
        if self.f(i) & fl::PART_OF_DAY == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::PartOfDay(s) = l { Some(s.as_str()) } else { None })
    }
    pub(super) fn deictic(&self, i: usize) -> Option<i32> {
        if self.f(i) & fl::DEICTIC == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Deictic(s) = l { Some(*s) } else { None })
    }
    pub(super) fn number_word(&self, i: usize) -> Option<u32> {
        if self.f(i) & fl::NUMBER == 0 {
            return None;
        }
        self.lexs(i).iter().find_map(|l| if let Lex::Number(n) = l { Some(*n) } else { None })
    }
    pub(super) fn ambiguous(&self, i: usize) -> bool {
        self.f(i) & fl::AMBIGUOUS != 0
    }
    /// Skip an abbreviation's period ("Oct."), not a full stop after "December".
    pub(super) fn dot(&self, i: usize) -> usize {
        if self.is(i, ".") && self.tight(i) && i > 0 && self.w(i - 1).len() <= 4 {
            i + 1
        } else {
            i
        }
    }
    /// A future-tense cue near token `i`, within its clause.
    pub(super) fn future_cue(&self, i: usize) -> bool {
        self.tense(i) == Some(true)
    }
    /// The tense cue nearest before token `i` in its clause: `Some(true)` future,
    /// `Some(false)` past, `None` when there is none.
    pub(super) fn tense(&self, i: usize) -> Option<bool> {
        let stop = |k: usize| {
            self.kind(k) == Some(Kind::Punct) && matches!(self.w(k), "." | "!" | "?" | ";" | "\"" | "“" | "”")
        };
        // "Wednesday's ruling" was given already.
        if self.is(i + 1, "'") && self.is(i + 2, "s") {
            return Some(false);
        }
        // The nearest cue decides: "said they would review the plan, announced Monday".
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
    pub(super) fn year_at(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        let d = self.num(i).filter(|d| (1..=31).contains(d) && self.w(i).len() <= 2)?;
        let j = if self.tight(i + 1) && matches!(self.w(i + 1), "st" | "nd" | "rd" | "th") {
            i + 2
        } else {
            i + 1
        };
        Some((d, j))
    }
    /// A phrase of the kind wanted at `i`: (value, index after it, first word).
    pub(super) fn phrase_kind(
        &self,
        i: usize,
        want: impl Fn(&PhraseKind) -> bool,
    ) -> Option<(String, usize, &'a str)> {
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
}
