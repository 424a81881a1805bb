//! Quarters and halves of a year ("the third quarter", "the first half of 1990", "the year-earlier
//! period"), as business news writes them.

use super::anchor::quarter_shifted;
use super::context::yv;
use super::context::{Cand, Ctx};
use crate::flags as fl;
use crate::roles;
use crate::words::Unit;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "the third quarter", "third-quarter", "the first half of 1990", "the quarter",
    /// "the year-earlier period", "year-ago".
    pub(super) fn quarter_expr(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let mut j = if the { i + 1 } else { i };
        let mut year = None;
        if self.is(j, "fiscal") {
            j += 1;
        }
        // Every reading needs one of these at `j` ("year" is a unit; "the latest quarter").
        if self.f(j) & (fl::DEICTIC | fl::NUM | fl::APOS | fl::ORDINAL | fl::UNIT) == 0
            && !(the && (self.role(j, roles::LATEST) || matches!(self.w(j), "same" | "fiscal")))
        {
            return None;
        }
        // "this year's second quarter", "next year's first half"
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
            // "the 1990 quarter", "the 1991 period": the quarter under discussion, that year.
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
            let latest = self.role(k, roles::LATEST);
            if latest || self.is(k, "same") {
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
}
