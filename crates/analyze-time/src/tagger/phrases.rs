//! Fixed phrases of `phrases.tsv` ("yesterday", "last night", "daily") and holidays.

use super::context::{Cand, Ctx};
use crate::civil::Date;
use crate::words::{PhraseKind, Unit};
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    pub(super) fn phrase(&self, i: usize) -> Option<Cand> {
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
    pub(super) fn holiday(&self, i: usize, end: usize, tpl: &str) -> Option<Cand> {
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
    pub(super) fn template(&self, tpl: &str) -> String {
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
}
