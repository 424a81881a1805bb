//! The start filter: which tokens can begin an expression. For each rule of the grammar a test
//! that holds wherever the rule can match (with or without a DCT); the other tokens are never
//! parsed.

use crate::flags as fl;
use crate::roles::{self, Roles};
use crate::tokens::{Kind, Tok};
use crate::words::{Lex, Phrase, PhraseKind, Unit};

/// The tokens as [`Prep::new`] sees them, to tell which can begin an expression: for each
/// rule of the grammar a test that holds wherever the rule can match (with or without a DCT).
pub(super) struct Scan<'s, 'a> {
    pub(super) low: &'s str,
    pub(super) toks: &'s [Tok],
    /// Flags and roles of each token ([`super::Prep`]).
    pub(super) flags: &'s [u64],
    pub(super) lx: &'s [&'a [Lex]],
    pub(super) ph: &'s [&'a [Phrase]],
}

impl Scan<'_, '_> {
    fn role(&self, k: usize, r: Roles) -> bool {
        self.flags.get(k).is_some_and(|x| (x >> 32) as Roles & r != 0)
    }
    pub(super) fn f(&self, k: usize) -> u32 {
        self.flags.get(k).map_or(0, |&x| x as u32)
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
        let want = u64::from(want);
        self.flags.get(a..(b + 1).min(self.flags.len())).is_some_and(|s| s.iter().any(|f| f & want != 0))
    }
    /// The words of `p` follow at `i`.
    fn matches(&self, i: usize, p: &Phrase, tight_hyphen: bool) -> bool {
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
    pub(super) fn may_start(&self, i: usize) -> bool {
        self.may_core(i, true)
            || self
                .phrase_kind(i, |k| matches!(k, PhraseKind::Mod(_)))
                .is_some_and(|j| self.may_core(j, true))
    }

    /// [`Ctx::core`] can match at `i` (without [`Ctx::edge`] when `!edge`).
    fn may_core(&self, i: usize, edge: bool) -> bool {
        let Some(t) = self.toks.get(i) else { return false };
        let f = self.f(i);
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
        if f1 & fl::WEEKDAY != 0 && self.role(i, roles::WEEKDAY_POINTER) {
            return true;
        }
        if the && self.f(i + 2) & fl::WEEKDAY != 0 && self.role(i + 1, roles::THE_WEEKDAY_POINTER) {
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
            || (the && (self.role(j, roles::LATEST) || matches!(self.w(j), "same" | "fiscal"))))
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
