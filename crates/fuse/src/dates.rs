//! Calendar arithmetic on ISO dates, as day numbers (days since 1970-01-01).

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
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
