//! A count of units: durations ("two years", "six-week"), dates that many units away ("three
//! years ago", "a year earlier") and rates ("$5 a year").

use super::context::{Cand, Ctx};
use crate::roles;
use crate::tokens::Kind;
use crate::words::Unit;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "two years", "six-week", "the past two months", "three years ago", "a year earlier".
    pub(super) fn quantity(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let the = self.is(j, "the");
        if the {
            j += 1;
        }
        let has_lead = self.role(j, roles::LEAD);
        if has_lead {
            j += 1;
        } else if the && !(self.kind(j) == Some(Kind::Num) || self.number_words(j).is_some()) {
            return None;
        }
        let (n, mut k) = match self.count(j) {
            Some(c) => c,
            None if has_lead => (None, j),
            None => return self.bare_plural(i, j),
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
        if self.is(k + 1, "-") && self.role(k + 2, roles::UNIT_COMPOUND) {
            return None;
        }
        // "the 1990 quarter" is a quarter of that year, not 1990 quarters.
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
        if article && i > 0 && !the && !post_word && self.rate_before(i - 1) {
            return Some(Cand::new(i, end, TimexType::Set, unit.duration(Some(1.0))));
        }
        let quantity = !has_lead && !the;
        // "a month or so ago"
        if self.is(end, "or") && self.is(end + 1, "so") && self.is(end + 2, "ago") {
            end += 2;
        }
        if let Some(mut c) = self.away(i, end, unit, n, !hyphen && !has_lead, !hyphen) {
            c.quantity = quantity;
            return Some(c);
        }
        if !counted && !plural && !has_lead {
            return None;
        }
        // "a six-week siege": the article belongs to the noun.
        let start = if hyphen && matches!(self.w(i), "a" | "an") && j == i { i + 1 } else { i };
        let mut c = Cand::new(start, end, TimexType::Duration, unit.duration(n));
        c.quantity = quantity;
        Some(c)
    }

    /// A bare plural unit at `j` (the expression begins at `i`): "for years", "weeks".
    fn bare_plural(&self, i: usize, j: usize) -> Option<Cand> {
        let (u, true) = self.unit(j)? else { return None };
        let open = matches!(u, Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Hour);
        if !open
            || self.is(j + 1, "-")
            || self.is(j + 1, "old")
            || (j > 0 && (self.kind(j - 1) == Some(Kind::Num) || self.is(j - 1, "of")))
        {
            return None;
        }
        Some(Cand::new(i, j + 1, TimexType::Duration, u.duration(None)))
    }

    /// Token `k`, before "a week", makes it a rate: a number, a rate word ("percent", "times")
    /// or a plural noun ("three buses a day").
    fn rate_before(&self, k: usize) -> bool {
        let prev = self.w(k);
        let plural_noun = self.kind(k) == Some(Kind::Word)
            && !self.cap(k)
            && prev.len() > 3
            && prev.ends_with('s')
            && !prev.ends_with("ss")
            && !self.role(k, roles::NOT_PLURAL);
        let rate_word = self.is(k, "%") || self.role(k, roles::RATE_BEFORE);
        plural_noun || rate_word || self.kind(k) == Some(Kind::Num)
    }

    /// `n` units (tokens `i..end`) before the word at `end` that says from when: a date that
    /// far from now or from the day under discussion ("three years ago", "two days later"), or
    /// a duration before "before"/"after" ("two days after the attack"). `signal` allows
    /// "ago", "earlier", "later", "before", "after", "hence"; `from_now` allows "from now".
    fn away(
        &self,
        i: usize,
        end: usize,
        unit: Unit,
        n: Option<f64>,
        signal: bool,
        from_now: bool,
    ) -> Option<Cand> {
        match self.w(end) {
            "ago" | "earlier" | "later" | "before" | "after" | "hence" if signal => {
                let post = self.w(end);
                if matches!(post, "before" | "after" | "later") {
                    // The signal stays outside the duration.
                    return Some(Cand::new(i, end, TimexType::Duration, unit.duration(n)));
                }
                let sign = if post == "ago" || post == "earlier" { -1 } else { 1 };
                let anchor =
                    if post == "ago" || post == "hence" { self.dct() } else { self.ref_day().or(self.dct()) };
                let mut c = Cand::new(i, end + 1, TimexType::Date, self.shifted(anchor, unit, n, sign));
                if unit == Unit::Year && n.is_some_and(|v| v.fract() == 0.0) {
                    if let Some((y, q)) = self.quarter() {
                        c.value = format!("{:04}-Q{q}", y - sign.abs() * n.unwrap_or(1.0) as i32);
                    }
                }
                if unit == Unit::Day {
                    c.day = anchor.and_then(|d| d.add_days(i64::from(sign) * n.unwrap_or(0.0) as i64));
                }
                Some(c)
            }
            "from" if self.is(end + 1, "now") && from_now => {
                Some(Cand::new(i, end + 2, TimexType::Date, self.shifted(self.dct(), unit, n, 1)))
            }
            _ => None,
        }
    }
}
