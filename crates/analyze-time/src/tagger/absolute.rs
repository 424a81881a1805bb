//! Calendar dates: a month with a day or year ("June 30", "30 June 2017", "July 1997"), and
//! numeric dates ("2017-06-30", "6/30/2017").

use super::context::yv;
use super::context::{Cand, Ctx};
use crate::civil::{days_in_month, Date};
use crate::flags as fl;
use crate::roles;
use crate::tokens::Kind;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "June 30", "Oct. 17, 2016", "30 June 2017", "Friday, Oct. 13", "July 1997", "January".
    pub(super) fn month_date(&self, i: usize) -> Option<Cand> {
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
        if self.ambiguous(j) && (j == 0 || !(self.is(j - 1, "-") || self.role(j - 1, roles::MONTH_BEFORE))) {
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

    pub(super) fn day_cand(
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
            Some(y) => Some(Date::new(y, m, d)?),
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
    pub(super) fn numeric_date(&self, i: usize) -> Option<Cand> {
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
            let (ymd_read, ydm_read) = (Date::new(y, n(b)?, n(c)?), Date::new(y, n(c)?, n(b)?));
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
                Date::new(y, x, z)
            } else {
                Date::new(y, z, x)
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
}
