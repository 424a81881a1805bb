//! Finding publication-date expressions in short strings (header lines, bylines, datelines,
//! feed fields) and listing *every* plausible reading of each.
//!
//! Ambiguity is kept, not resolved: "2016-07-11" reads as year-month-day and as
//! year-day-month; "03/04/2017" as day-month-year and month-day-year. The time layer picks
//! a reading using the article's content.

use eventwire_model::DateReading;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// A date expression found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range in the searched string.
    pub start: usize,
    pub end: usize,
    /// Readings, most likely first.
    pub readings: Vec<DateReading>,
    /// `HH:MM` when a time of day follows the date.
    pub time: Option<String>,
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Month number from an English month name or abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    let l = name.trim_end_matches('.').to_ascii_lowercase();
    let key = l.get(..3)?;
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

/// `y-m-d` is a day of the (proleptic Gregorian) calendar.
fn is_calendar_date(y: i32, m: u32, d: u32) -> bool {
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => jiff::civil::Date::new(y, m, d).is_ok(),
        _ => false,
    }
}

/// True when `y-m-d` is a real calendar date in a plausible range for news.
pub fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && is_calendar_date(y, m, d)
}

fn reading(y: i32, m: u32, d: u32, order: &str) -> DateReading {
    DateReading { value: format!("{y:04}-{m:02}-{d:02}"), order: order.into() }
}

/// The forms a date takes, in the order their matches rank when two cover the same span.
#[derive(Clone, Copy)]
enum Form {
    Iso,
    Num,
    Dmy,
    Mdy,
    My,
}

struct Patterns {
    /// Each form's pattern, searched anywhere and anchored at the start of the string (the
    /// second one answers [`leading_date`] without scanning a long line).
    forms: Vec<(Form, Regex, Regex)>,
    time: Regex,
}

const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?";
const WEEKDAY: &str =
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+(?:the\s+)?)?";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("date pattern");
        let form = |f: Form, s: &str| (f, re(s), re(&format!("^(?:{s})")));
        Patterns {
            forms: vec![
                form(
                    Form::Iso,
                    r"\b(\d{4})([-/.])(\d{1,2})[-/.](\d{1,2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
                ),
                form(Form::Num, r"\b(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4})"),
                form(
                    Form::Dmy,
                    &format!(r"\b{WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?(?:\s+(\d{{4}}))?\b"),
                ),
                form(Form::Mdy, &format!(r"\b{WEEKDAY}{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")),
                form(Form::My, &format!(r"\b{MONTH},?\s+(\d{{4}})\b")),
            ],
            time: re(r"^(?:,|\s)*(?:at\s+)?(\d{1,2})[:.h](\d{2})\b(?::\d{2})?\s*(?i:(am|pm|a\.m\.|p\.m\.))?"),
        }
    })
}

fn num<T: std::str::FromStr>(c: &Captures, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

/// The date one match of `form` reads as, if it reads as any (without a following time).
fn read(form: Form, c: &Captures, s: &str) -> Option<FoundDate> {
    let m = c.get(0).unwrap();
    let mut time = None;
    let readings = match form {
        Form::Iso => {
            let (y, a, b) = (num::<i32>(c, 1)?, num::<u32>(c, 3)?, num::<u32>(c, 4)?);
            let mut readings = Vec::new();
            if c.get(5).is_some() && &c[2] == "-" {
                // A full ISO timestamp is unambiguous.
                if valid_ymd(y, a, b) {
                    readings.push(reading(y, a, b, "iso"));
                }
            } else {
                if valid_ymd(y, a, b) {
                    readings.push(reading(y, a, b, "ymd"));
                }
                if a != b && valid_ymd(y, b, a) {
                    readings.push(reading(y, b, a, "ydm"));
                }
            }
            time = c.get(5).map(|t| t.as_str()[1..6].to_string());
            readings
        }
        Form::Num => {
            // "01.10.2017Get" is a date glued to a word; "01.10.20171" is not a date.
            if s[m.end()..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let (a, b, y) = (num::<u32>(c, 1)?, num::<u32>(c, 3)?, num::<i32>(c, 4)?);
            let mut readings = Vec::new();
            if valid_ymd(y, b, a) {
                readings.push(reading(y, b, a, "dmy"));
            }
            if a != b && valid_ymd(y, a, b) {
                readings.push(reading(y, a, b, "mdy"));
            }
            readings
        }
        Form::Dmy => {
            let (d, mo) = (num::<u32>(c, 1)?, month_number(c.get(2)?.as_str())?);
            text_reading(num(c, 3), mo, d, "dmy")
        }
        Form::Mdy => {
            let (mo, d) = (month_number(c.get(1)?.as_str())?, num::<u32>(c, 2)?);
            text_reading(num(c, 3), mo, d, "mdy")
        }
        Form::My => {
            let (mo, y) = (month_number(c.get(1)?.as_str())?, num::<i32>(c, 2)?);
            if !(1900..=2100).contains(&y) {
                return None;
            }
            vec![DateReading { value: format!("{y:04}-{mo:02}"), order: "my".into() }]
        }
    };
    (!readings.is_empty()).then(|| FoundDate { start: m.start(), end: m.end(), readings, time })
}

/// Every date expression in `s`, left to right, without overlaps (longest wins).
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    let p = patterns();
    let mut found: Vec<FoundDate> = Vec::new();
    for (form, re, _) in &p.forms {
        found.extend(re.captures_iter(s).filter_map(|c| read(*form, &c, s)));
    }

    // Leftmost, then longest; drop overlaps.
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<FoundDate> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_some_and(|l| f.start < l.end) {
            continue;
        }
        out.push(f);
    }
    for f in &mut out {
        add_time(f, s, &p.time);
    }
    out
}

/// The date opening `s`: the same as the first of [`find_dates`] when that starts at 0, but
/// with anchored searches only, so a long line costs no more than a short one.
pub fn leading_date(s: &str) -> Option<FoundDate> {
    let p = patterns();
    let mut best: Option<FoundDate> = None;
    for (form, _, anchored) in &p.forms {
        let Some(f) = anchored.captures(s).and_then(|c| read(*form, &c, s)) else { continue };
        // Longest wins; on a tie the earlier form, as in `find_dates`' stable sort.
        if best.as_ref().is_none_or(|b| f.end > b.end) {
            best = Some(f);
        }
    }
    let mut f = best?;
    add_time(&mut f, s, &p.time);
    Some(f)
}

/// A time of day right after the date ("..., 09:06", "at 3:15 pm") joins it.
fn add_time(f: &mut FoundDate, s: &str, time: &Regex) {
    if f.time.is_some() {
        return;
    }
    let Some(t) = time.captures(&s[f.end..]) else { return };
    let (Some(mut h), Some(mi)) = (num::<u32>(&t, 1), num::<u32>(&t, 2)) else { return };
    let pm = t.get(3).is_some_and(|x| x.as_str().starts_with(['p', 'P']));
    if pm && h < 12 {
        h += 12;
    }
    if h < 24 && mi < 60 {
        f.time = Some(format!("{h:02}:{mi:02}"));
        f.end += t.get(0).unwrap().end();
    }
}

fn text_reading(year: Option<i32>, mo: u32, d: u32, order: &str) -> Vec<DateReading> {
    match year {
        Some(y) if valid_ymd(y, mo, d) => vec![reading(y, mo, d, order)],
        Some(_) => Vec::new(),
        // Year unknown: TIMEX-style `XXXX-MM-DD`.
        None if is_calendar_date(2000, mo, d) => {
            vec![DateReading { value: format!("XXXX-{mo:02}-{d:02}"), order: order.replace('y', "") }]
        }
        None => Vec::new(),
    }
}

/// Dates in a URL path: `/2016/11/07/`, `/2016-11-07-`, `/20161107/`.
pub fn find_url_date(url: &str) -> Option<DateReading> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})([/_-]?)(\d{2})(?:[/_-]?(\d{2}))?(?:[/_.-]|$)").expect("url date")
    });
    for c in re.captures_iter(url) {
        let (Some(y), Some(m)) = (num::<i32>(&c, 1), num::<u32>(&c, 3)) else { continue };
        match num::<u32>(&c, 4) {
            Some(d) if valid_ymd(y, m, d) => return Some(reading(y, m, d, "ymd")),
            None if (1..=12).contains(&m) && !c[2].is_empty() => {
                return Some(DateReading { value: format!("{y:04}-{m:02}"), order: "ym".into() })
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<Vec<(String, String)>> {
        find_dates(s)
            .into_iter()
            .map(|f| f.readings.into_iter().map(|r| (r.value, r.order)).collect())
            .collect()
    }

    fn v(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn iso_like_dates_keep_both_readings() {
        assert_eq!(values("date 2016-07-11 Headline"), [v(&[("2016-07-11", "ymd"), ("2016-11-07", "ydm")])]);
        assert_eq!(values("2016-07-25"), [v(&[("2016-07-25", "ymd")])]);
        assert_eq!(values("2016-05-05"), [v(&[("2016-05-05", "ymd")])]);
        assert_eq!(values("2016-11-07T10:30:00Z"), [v(&[("2016-11-07", "iso")])]);
    }

    #[test]
    fn numeric_day_month_orders() {
        assert_eq!(values("03/04/2017"), [v(&[("2017-04-03", "dmy"), ("2017-03-04", "mdy")])]);
        assert_eq!(values("25/12/2016"), [v(&[("2016-12-25", "dmy")])]);
        assert_eq!(values("12/25/2016"), [v(&[("2016-12-25", "mdy")])]);
        assert_eq!(values("01.10.2017Get short URL")[0][0].0, "2017-10-01");
        assert!(values("01.10.20171").is_empty());
    }

    #[test]
    fn textual_dates_with_weekday_and_time() {
        let f = find_dates("Melinda Barton | 29 June, 2017, 09:06");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].readings[0].value, "2017-06-29");
        assert_eq!(f[0].time.as_deref(), Some("09:06"));
        let s = "Wednesday, 20 February, 2019";
        let f = find_dates(s);
        assert_eq!((f[0].start, f[0].end), (0, s.len()));
        assert_eq!(f[0].readings[0].value, "2019-02-20");
        assert_eq!(values("Mon, 07 Nov 2016 10:00:00 GMT")[0], v(&[("2016-11-07", "dmy")]));
        assert_eq!(values("November 7, 2016")[0], v(&[("2016-11-07", "mdy")]));
        assert_eq!(find_dates("Nov. 7, 2016 3:15 pm")[0].time.as_deref(), Some("15:15"));
    }

    #[test]
    fn valid_dates_are_calendar_days_of_news_years() {
        assert!(valid_ymd(2016, 2, 29) && valid_ymd(2000, 2, 29) && valid_ymd(1900, 1, 1));
        assert!(!valid_ymd(2017, 2, 29) && !valid_ymd(2100, 2, 29) && !valid_ymd(2016, 4, 31));
        assert!(!valid_ymd(1899, 12, 31) && !valid_ymd(2101, 1, 1));
        assert!(!valid_ymd(2016, 0, 1) && !valid_ymd(2016, 13, 1) && !valid_ymd(2016, 1, 0));
        assert!(!valid_ymd(2016, 1, 300));
    }

    #[test]
    fn partial_dates() {
        assert_eq!(values("MOSUL, Iraq, Nov 7 (Reuters)"), [v(&[("XXXX-11-07", "md")])]);
        assert_eq!(values("in June 2017"), [v(&[("2017-06", "my")])]);
        assert!(values("they may 7 times").is_empty());
        assert!(values("2016-02-30").is_empty());
    }

    #[test]
    fn leading_date_is_the_first_date_when_it_opens_the_string() {
        for s in [
            "Thu 14 Sep 2017 market fire, 09:45",
            "2016-07-11 Headline",
            "03/04/2017 and 04/05/2018",
            "Nov. 7, 2016 3:15 pm",
            "June 2017 then 5 June 2017",
            "01.10.20171 no",
            "5 March 2017 10.10.2017",
            "Headline of 5 March 2017",
            "",
        ] {
            let first = find_dates(s).into_iter().next().filter(|f| f.start == 0);
            assert_eq!(leading_date(s), first, "{s:?}");
        }
        assert!(leading_date("Thu 14 Sep 2017 x").is_some());
    }

    #[test]
    fn url_dates() {
        assert_eq!(find_url_date("https://x.org/news/2016/11/07/raid.html").unwrap().value, "2016-11-07");
        assert_eq!(find_url_date("https://x.org/2017/06/story").unwrap().value, "2017-06");
        assert!(find_url_date("https://x.org/story-12345").is_none());
    }
}
