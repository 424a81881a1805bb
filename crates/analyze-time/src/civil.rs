//! Small proleptic-Gregorian civil-date arithmetic (leaner than a full date library).

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1..=9999).contains(&y))
            .then_some(Date { y, m, d })
    }

    /// Parse `YYYY-MM-DD` (anything after the day, such as `T10:00`, is ignored), `YYYYMMDD`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            return Date::new(s[0..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?);
        }
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            return Date::new(s[0..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?);
        }
        None
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date { y, m, d }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// Add months, clamping the day to the target month's length.
    pub fn add_months(self, n: i32) -> Date {
        let total = self.y * 12 + self.m as i32 - 1 + n;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date { y, m, d: self.d.min(days_in_month(y, m)) }
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Date { y: thursday.y, m: 1, d: 1 };
        let week = ((thursday.to_days() - jan1.to_days()) / 7 + 1) as u32;
        (thursday.y, week)
    }

    /// Calendar quarter 1–4.
    pub fn quarter(self) -> u32 {
        (self.m - 1) / 3 + 1
    }

    /// `YYYY-Www` of this date's ISO week.
    pub fn week_value(self) -> String {
        let (y, w) = self.iso_week();
        format!("{y:04}-W{w:02}")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        let d = Date::new(2016, 11, 7).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 1); // a Monday
        assert_eq!(Date::new(2000, 2, 29).unwrap().add_days(1).to_string(), "2000-03-01");
        assert!(Date::new(1900, 2, 29).is_none());
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        assert_eq!(Date::new(2013, 3, 11).unwrap().week_value(), "2013-W11");
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2018, 12, 31).unwrap().iso_week(), (2019, 1));
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(Date::new(2017, 1, 31).unwrap().add_months(1).to_string(), "2017-02-28");
        assert_eq!(Date::new(2017, 1, 15).unwrap().add_months(-2).to_string(), "2016-11-15");
        assert_eq!(Date::parse("1998-02-06T22:19:00"), Date::new(1998, 2, 6));
        assert_eq!(Date::parse("19980108"), Date::new(1998, 1, 8));
    }
}
