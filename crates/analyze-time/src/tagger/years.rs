//! Years ("1990", "fiscal 1989", "nineteen ninety-six"), decades ("the 1990s", "the nineties") and
//! centuries ("the 20th century").

use super::context::{Cand, Ctx};
use crate::flags as fl;
use crate::roles;
use crate::tokens::Kind;
use crate::words::Lex;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "1990", "fiscal 1989", "the 1990s", "the '80s", "the 20th century".
    pub(super) fn year_expr(&self, i: usize) -> Option<Cand> {
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
                || self.role(start - 1, roles::YEAR_BEFORE)
                || self.kind(start - 1) == Some(Kind::Punct);
            let next_ok = self.kind(e) != Some(Kind::Word) || self.cap(e) || self.role(e, roles::YEAR_AFTER);
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
    pub(super) fn spoken_year(&self, i: usize) -> Option<(i32, usize)> {
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
}
