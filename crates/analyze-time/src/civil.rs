//! Calendar dates for the time layer: a thin layer over [`jiff::civil::Date`] in the integer
//! types the grammar counts in, with the TIMEX3 spellings (`2013-W11`) it writes.

use jiff::{civil, SignedDuration, Span};
use std::fmt;

/// A calendar date (proleptic Gregorian, years −9999 to 9999).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

const EPOCH: civil::Date = civil::Date::constant(1970, 1, 1);

/// The number of days of month `m` of year `y` (any year); 0 when `m` is not a month.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    // The Gregorian calendar repeats every 400 years: any year has a twin in jiff's range.
    Date::civil(2000 + y.rem_euclid(400), m, 1).map_or(0, |d| d.0.days_in_month() as u32)
}

impl Date {
    /// A valid date of the years 1 to 9999 (those a text or a DCT can give), or `None`.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        (1..=9999).contains(&y).then(|| Date::civil(y, m, d)).flatten()
    }

    /// A valid date of any year jiff represents (−9999 to 9999), or `None`: for dates
    /// computed rather than read.
    pub fn civil(y: i32, m: u32, d: u32) -> Option<Date> {
        let date = civil::Date::new(y.try_into().ok()?, m.try_into().ok()?, d.try_into().ok()?);
        date.ok().map(Date)
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

    pub fn year(self) -> i32 {
        self.0.year().into()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month() as u32
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u32 {
        self.0.day() as u32
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        self.0.duration_since(EPOCH).as_hours().div_euclid(24)
    }

    /// The date `z` days after 1970-01-01; `None` beyond jiff's years.
    pub fn from_days(z: i64) -> Option<Date> {
        Date(EPOCH).add_days(z)
    }

    /// The date `n` days later (earlier when negative); `None` beyond jiff's years.
    pub fn add_days(self, n: i64) -> Option<Date> {
        // A civil date's day is 24 hours: the duration path is jiff's cheapest.
        let d = SignedDuration::try_from_hours(n.checked_mul(24)?)?;
        self.0.checked_add(d).ok().map(Date)
    }

    /// The date `n` months later, its day clamped to the target month's length (January 31
    /// plus one month is February 28 or 29); `None` beyond jiff's years.
    pub fn add_months(self, n: i32) -> Option<Date> {
        self.0.checked_add(Span::new().try_months(n).ok()?).ok().map(Date)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        self.0.weekday().to_monday_one_offset() as u32
    }

    /// ISO week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let w = self.0.iso_week_date();
        (w.year().into(), w.week() as u32)
    }

    /// Calendar quarter 1–4.
    pub fn quarter(self) -> u32 {
        (self.month() - 1) / 3 + 1
    }

    /// `YYYY-Www` of this date's ISO week.
    pub fn week_value(self) -> String {
        let (y, w) = self.iso_week();
        format!("{y:04}-W{w:02}")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn round_trips_and_weekdays() {
        let d = Date::new(2016, 11, 7).unwrap();
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(Date::from_days(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(date("1969-12-31").to_days(), -1);
        assert_eq!(d.weekday(), 1); // a Monday
        assert_eq!(Date::new(2000, 2, 29).unwrap().add_days(1).unwrap().to_string(), "2000-03-01");
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(0, 1, 1).is_none() && Date::civil(0, 1, 1).is_some());
        assert!(Date::new(2016, 13, 1).is_none() && Date::new(2016, 1, 32).is_none());
    }

    #[test]
    fn arithmetic_beyond_the_calendar_is_none() {
        assert_eq!(date("9999-12-31").add_days(1), None);
        assert_eq!(date("2016-11-07").add_days(i64::MAX), None);
        assert_eq!(date("2016-11-07").add_months(i32::MIN), None);
        assert!(Date::from_days(-5_000_000).is_none());
        assert_eq!(date("0001-01-01").add_days(-1).unwrap().to_string(), "0000-12-31");
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        assert_eq!(Date::new(2013, 3, 11).unwrap().week_value(), "2013-W11");
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2018, 12, 31).unwrap().iso_week(), (2019, 1));
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(date("2017-01-31").add_months(1).unwrap().to_string(), "2017-02-28");
        assert_eq!(date("2016-03-31").add_months(-1).unwrap().to_string(), "2016-02-29");
        assert_eq!(date("2017-01-15").add_months(-2).unwrap().to_string(), "2016-11-15");
        assert_eq!(Date::parse("1998-02-06T22:19:00"), Date::new(1998, 2, 6));
        assert_eq!(Date::parse("19980108"), Date::new(1998, 1, 8));
    }

    #[test]
    fn days_in_month_for_any_year() {
        assert_eq!(days_in_month(2016, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(-400, 2), 29);
        assert_eq!(days_in_month(12_100, 2), 28);
        assert_eq!(days_in_month(2017, 4), 30);
        assert_eq!(days_in_month(2017, 13), 0);
    }
}
