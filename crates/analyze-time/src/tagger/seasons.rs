//! Seasons ("summer 1990", "the summer of 1990", "the spring").

use super::context::yv;
use super::context::{Cand, Ctx};
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "summer 1990", "the summer of 1990", "spring 2014".
    pub(super) fn season_expr(&self, i: usize) -> Option<Cand> {
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        let s = self.season(j)?;
        let k = if self.is(j + 1, "of") { j + 2 } else { j + 1 };
        if let Some((y, e)) = self.year_at(k).or_else(|| self.spoken_year(k)) {
            return Some(Cand::new(i, e, TimexType::Date, format!("{y:04}-{s}")));
        }
        // "the summer": the latest one. Not "the fall of Tarin".
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
}
