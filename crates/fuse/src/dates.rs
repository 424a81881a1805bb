//! Calendar arithmetic on ISO dates, as day numbers (days since 1970-01-01), through jiff.

use jiff::civil::Date;
use jiff::Span;

const EPOCH: Date = Date::constant(1970, 1, 1);

fn day_number(date: Date) -> i64 {
    date.duration_since(EPOCH).as_hours().div_euclid(24)
}

/// Days since 1970-01-01 of a proleptic Gregorian date. A month past 12 or a day past its
/// month's end runs on into the following months; years are clamped to jiff's −9999 to 9999.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let months = y.saturating_mul(12).saturating_add(i64::from(m) - 1);
    let (y, m) = (months.div_euclid(12).clamp(-9999, 9999), months.rem_euclid(12) + 1);
    // In range by construction.
    let first = Date::new(y as i16, m as i8, 1).unwrap_or(EPOCH);
    day_number(first) + i64::from(d) - 1
}

/// The date of a day number, clamped to jiff's years −9999 to 9999.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z.clamp(day_number(Date::MIN), day_number(Date::MAX));
    let d = Span::new().try_days(z).ok().and_then(|n| EPOCH.checked_add(n).ok()).unwrap_or(EPOCH);
    (d.year().into(), d.month() as u32, d.day() as u32)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The length of month `m` of year `y`; 0 when there is no such month.
fn days_in_month(y: i64, m: u32) -> u32 {
    let first = i16::try_from(y).ok().zip(i8::try_from(m).ok()).and_then(|(y, m)| Date::new(y, m, 1).ok());
    first.map_or(0, |d| d.days_in_month() as u32)
}

/// The inclusive day interval an ISO value covers: `2016-11-07`, `2016-11`, `2016`,
/// `2016-W45`. `None` for anything else (`PAST_REF`, `XXXX-10-17`, garbage).
pub fn interval(value: &str) -> Option<(i64, i64)> {
    let v = value.trim();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)?;
            Some((days_from_civil(y, 1, 1), days_from_civil(y, 12, 31)))
        }
        [y, w] if y.len() == 4 && w.len() == 3 && w.starts_with('W') => {
            let (y, w) = (num(y)?, num(&w[1..])?);
            if !(1..=53).contains(&w) {
                return None;
            }
            // ISO week 1 contains January 4th; weeks start on Monday.
            let jan4 = days_from_civil(y, 1, 4);
            let weekday = (jan4 + 3).rem_euclid(7); // 0 = Monday
            let start = jan4 - weekday + (w - 1) * 7;
            Some((start, start + 6))
        }
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let (y, m) = (num(y)?, num(m)? as u32);
            if !(1..=12).contains(&m) {
                return None;
            }
            Some((days_from_civil(y, m, 1), days_from_civil(y, m, days_in_month(y, m))))
        }
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() >= 2 => {
            let (y, m, d) = (num(y)?, num(m)? as u32, num(&d[..2])? as u32);
            if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
                return None;
            }
            let z = days_from_civil(y, m, d);
            Some((z, z))
        }
        _ => None,
    }
}

/// A coarse period key for grouping figures: `YYYY-MM` for day or month values, `YYYY`
/// for years, `None` when the value is not a date.
pub fn period_key(value: &str) -> Option<String> {
    let (s, e) = interval(value)?;
    let (ys, ms, _) = civil_from_days(s);
    let (ye, me, _) = civil_from_days(e);
    if ys == ye && ms == me {
        Some(format!("{ys:04}-{ms:02}"))
    } else if ys == ye && e - s >= 364 {
        Some(format!("{ys:04}"))
    } else {
        // A week straddling two months: key on its start.
        Some(format!("{ys:04}-{ms:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days() {
        for z in [-800_000, -1, 0, 1, 17_112, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(format_day(days_from_civil(2016, 11, 7)), "2016-11-07");
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        // Days and months past the end run on, as day numbers do.
        assert_eq!(format_day(days_from_civil(2017, 2, 29)), "2017-03-01");
        assert_eq!(format_day(days_from_civil(2016, 13, 1)), "2017-01-01");
        assert_eq!(format_day(days_from_civil(2016, 0, 1)), "2015-12-01");
        // Beyond the calendar: clamped, no panic.
        assert_eq!(civil_from_days(i64::MAX), (9999, 12, 31));
        assert_eq!(civil_from_days(i64::MIN), (-9999, 1, 1));
        assert_eq!(civil_from_days(days_from_civil(i64::MAX, 1, 1)).0, 9999);
    }

    #[test]
    fn intervals_cover_the_value() {
        let (s, e) = interval("2016-02").unwrap();
        assert_eq!((format_day(s), format_day(e)), ("2016-02-01".into(), "2016-02-29".into()));
        let (s, e) = interval("2016").unwrap();
        assert_eq!(e - s, 365);
        let (s, e) = interval("2016-W45").unwrap();
        assert_eq!((format_day(s), format_day(e)), ("2016-11-07".into(), "2016-11-13".into()));
        assert_eq!(interval("2016-11-07T10:00").map(|x| format_day(x.0)), Some("2016-11-07".into()));
        assert!(interval("XXXX-10-17").is_none());
        assert!(interval("2016-13-01").is_none());
        assert!(interval("2017-02-29").is_none());
        assert!(interval("PAST_REF").is_none());
    }

    #[test]
    fn period_keys() {
        assert_eq!(period_key("2016-12-05").as_deref(), Some("2016-12"));
        assert_eq!(period_key("2016-12").as_deref(), Some("2016-12"));
        assert_eq!(period_key("2017").as_deref(), Some("2017"));
        assert_eq!(period_key("soon"), None);
    }
}
