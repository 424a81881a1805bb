//! Anchoring: resolving what an expression says against the document date (DCT) or the
//! date under discussion, at the granularity the expression has.

use super::context::Ctx;
use crate::civil::Date;
use crate::words::Unit;

impl<'a> Ctx<'a> {
    /// The `unit` `off` units from the DCT's ("last week": a week, -1), or its unknown form
    /// without a DCT.
    pub(super) fn rel(&self, unit: Unit, off: i32) -> String {
        self.dct().and_then(|d| rel_value(d, unit, off)).unwrap_or_else(|| unknown_value(unit).into())
    }

    /// The day a weekday name refers to: the most recent such day (today included) in news,
    /// the next one when the clause speaks of the future. `dir` forces past (-1) or future (1).
    pub(super) fn weekday_date(&self, wd: u32, i: usize, dir: i32) -> Option<Date> {
        let d = self.dct()?;
        let cur = d.weekday() as i64;
        let wd = wd as i64;
        let tense = self.tense(i);
        // Without a cue, tomorrow's weekday name means tomorrow: news names the coming day
        // far more often than the same day six days back.
        let dir = match (dir, tense) {
            (0, Some(true)) => 2,
            (0, None) if (cur - wd).rem_euclid(7) == 6 => 2,
            _ => dir,
        };
        match dir {
            -1 => d.add_days(-((cur - wd + 6).rem_euclid(7) + 1)),
            1 => d.add_days((wd - cur + 6).rem_euclid(7) + 1),
            2 => d.add_days((wd - cur).rem_euclid(7)),
            _ => d.add_days(-(cur - wd).rem_euclid(7)),
        }
    }

    /// The year of a month (and day) given without one: the nearest occurrence, favouring the
    /// past unless the clause speaks of the future.
    pub(super) fn year_for(&self, m: u32, d: Option<u32>, i: usize) -> Option<i32> {
        let dct = self.dct()?;
        let future = self.future_cue(i);
        let target = |y: i32| {
            let day = Date::civil(y, m, d.unwrap_or(15)).or_else(|| Date::civil(y, m, 28));
            day.map(|day| day.to_days() - dct.to_days())
        };
        // The nearest occurrence, a future one counting three times as far unless the clause
        // looks ahead (then a past one does).
        let mut best = (i64::MAX, dct.year());
        for y in [dct.year() - 1, dct.year(), dct.year() + 1] {
            let Some(diff) = target(y) else { continue };
            let same_month = d.is_none() && m == dct.month() && y == dct.year();
            let cost = match (same_month, diff > 0, future) {
                (true, _, _) => 0,
                (_, true, true) | (_, false, false) => diff.abs(),
                _ => diff.abs() * 3,
            };
            if cost < best.0 {
                best = (cost, y);
            }
        }
        Some(best.1)
    }

    /// `anchor` moved by `n` units, written at the unit's granularity.
    pub(super) fn shifted(&self, anchor: Option<Date>, unit: Unit, n: Option<f64>, sign: i32) -> String {
        if anchor.is_none() {
            self.dct_sensitive.set(true);
        }
        let (Some(d), Some(n)) = (anchor, n) else {
            return if sign < 0 { "PAST_REF".into() } else { "FUTURE_REF".into() };
        };
        let k = sign * n.round() as i32;
        shifted_value(d, unit, k).unwrap_or_else(|| {
            if sign < 0 {
                "PAST_REF".into()
            } else {
                "FUTURE_REF".into()
            }
        })
    }
}

/// The quarter `off` quarters from the one of `d`: (year, quarter 1–4).
pub(super) fn quarter_shifted(d: Date, off: i32) -> (i32, u32) {
    let q = d.year() * 4 + d.quarter() as i32 - 1 + off;
    (q.div_euclid(4), q.rem_euclid(4) as u32 + 1)
}

/// `unit` `off` units from `d` (this week, last month, next year), at the unit's granularity;
/// `None` beyond the calendar.
fn rel_value(d: Date, unit: Unit, off: i32) -> Option<String> {
    Some(match unit {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => d.add_days(off.into())?.to_string(),
        Unit::Week => d.add_days(7 * i64::from(off))?.week_value(),
        Unit::Weekend => {
            // The past weekend: this week's once it has begun, else last week's.
            let off = if off < 0 && d.weekday() >= 6 { off + 1 } else { off };
            format!("{}-WE", d.add_days(7 * i64::from(off))?.week_value())
        }
        Unit::Month => {
            let m = d.add_months(off)?;
            format!("{:04}-{:02}", m.year(), m.month())
        }
        Unit::Quarter => {
            let (y, q) = quarter_shifted(d, off);
            format!("{y:04}-Q{q}")
        }
        Unit::Year => format!("{:04}", d.year() + off),
        Unit::Decade => format!("{:03}", (d.year() / 10 + off)),
        Unit::Century => format!("{:02}", (d.year() / 100 + off)),
        Unit::Millennium => format!("{}", d.year() / 1000 + off),
    })
}

/// The value of a unit relative to an unknown date ("last week" without a DCT).
fn unknown_value(unit: Unit) -> &'static str {
    match unit {
        Unit::Day => "XXXX-XX-XX",
        Unit::Week => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
        _ => "XXXX",
    }
}

/// `d` moved by `k` units, written at the unit's granularity ("three weeks ago" is a week);
/// `None` beyond the calendar.
fn shifted_value(d: Date, unit: Unit, k: i32) -> Option<String> {
    // Years are counted in i64: a count of billions must not overflow.
    let y = i64::from(d.year());
    let k64 = i64::from(k);
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => d.to_string(),
        Unit::Day => d.add_days(k.into())?.to_string(),
        Unit::Week | Unit::Weekend => d.add_days(7 * k64)?.week_value(),
        Unit::Month => {
            let m = d.add_months(k)?;
            format!("{:04}-{:02}", m.year(), m.month())
        }
        Unit::Quarter => {
            let (y, q) = quarter_shifted(d, k);
            format!("{y:04}-Q{q}")
        }
        Unit::Year => format!("{:04}", y + k64),
        Unit::Decade => format!("{:03}", (y + 10 * k64) / 10),
        Unit::Century => format!("{:02}", (y + 100 * k64) / 100),
        Unit::Millennium => format!("{}", (y + 1000 * k64) / 1000),
    })
}
