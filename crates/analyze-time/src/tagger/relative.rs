//! Dates relative to the DCT: weekday names ("Friday", "last Friday") and deictic periods
//! ("last week", "this year", "next month", "last November").

use super::anchor::quarter_shifted;
use super::context::yv;
use super::context::{Cand, Ctx};
use crate::civil::Date;
use crate::flags as fl;
use crate::roles;
use crate::words::Unit;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "Friday", "last Friday", "Monday evening", "Friday's".
    pub(super) fn weekday_expr(&self, i: usize) -> Option<Cand> {
        // The weekday is at most two tokens in ("the following Friday").
        if (self.f(i) | self.f(i + 1) | self.f(i + 2)) & fl::WEEKDAY == 0 {
            return None;
        }
        let t = usize::from(self.is(i, "the") && self.role(i + 1, roles::THE_WEEKDAY_POINTER));
        // The pointer's direction is its deictic value: "last" back, "next" ahead, "this" nearest.
        let (dir, j) = if self.role(i + t, roles::WEEKDAY_POINTER) {
            (self.deictic(i + t).unwrap_or(0).signum(), i + t + 1)
        } else {
            (0, i)
        };
        let wd = self.weekday(j).filter(|_| self.cap(j))?;
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
    pub(super) fn deictic_expr(&self, i: usize) -> Option<Cand> {
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
        let relative_to_ref = the && self.role(j, roles::REF_RELATIVE);
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
            // "the week of June 12"
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
                let date = y.and_then(|y| Date::new(y, m, day));
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
}
