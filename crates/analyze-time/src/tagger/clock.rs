//! Times of day ("10:35 a.m.", "noon"), with the day that follows them ("9 p.m. Tuesday").

use super::context::longest;
use super::context::{Cand, Ctx};
use crate::roles;
use crate::tokens::Kind;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "10:35 a.m.", "9 p.m. Tuesday", "noon Thursday", "6 p.m. GMT, Aug. 9".
    pub(super) fn clock(&self, i: usize) -> Option<Cand> {
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
        if self.role(e, roles::TIME_ZONE) {
            e += 1;
        }
        // A day after it: "9 p.m. Tuesday", "noon Thursday", "6 p.m. GMT, Aug. 9".
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
}
