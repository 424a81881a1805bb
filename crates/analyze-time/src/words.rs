//! What a word or phrase of the data files can mean: the classes of `lexicon.tsv` and the
//! types of `phrases.tsv`, and the period units with their TIMEX3 durations.

/// Granularity of a period unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
}

impl Unit {
    pub(crate) fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "ML" => Unit::Millennium,
            _ => return None,
        })
    }

    /// TIMEX3 duration `P…` for `n` of this unit (`None` = unknown count, written `X`).
    pub fn duration(self, n: Option<f64>) -> String {
        let (scale, code, time) = match self {
            Unit::Second => (1.0, "S", true),
            Unit::Minute => (1.0, "M", true),
            Unit::Hour => (1.0, "H", true),
            Unit::Day => (1.0, "D", false),
            Unit::Week => (1.0, "W", false),
            Unit::Weekend => (2.0, "D", false),
            Unit::Month => (1.0, "M", false),
            Unit::Quarter => (1.0, "Q", false),
            Unit::Year => (1.0, "Y", false),
            Unit::Decade => (10.0, "Y", false),
            Unit::Century => (100.0, "Y", false),
            Unit::Millennium => (1000.0, "Y", false),
        };
        let num = match n {
            None if matches!(self, Unit::Decade | Unit::Century | Unit::Millennium) => {
                return format!(
                    "PX{}",
                    match self {
                        Unit::Decade => "DE",
                        Unit::Century => "CE",
                        _ => "ML",
                    }
                )
            }
            None => "X".to_string(),
            Some(v) => {
                let v = v * scale;
                if v.fract() != 0.0 {
                    // "3 1/2 years" = P3Y6M, "4 1/2 hours" = PT4H30M.
                    let sub = match self {
                        Unit::Year => Some((12.0, "M", false)),
                        Unit::Month => Some((30.0, "D", false)),
                        Unit::Week => Some((7.0, "D", false)),
                        Unit::Day => Some((24.0, "H", true)),
                        Unit::Hour => Some((60.0, "M", true)),
                        Unit::Minute => Some((60.0, "S", true)),
                        _ => None,
                    };
                    if let Some((k, sub_code, sub_time)) = sub {
                        let whole = v.trunc() as u64;
                        let part = (v.fract() * k).round() as u64;
                        let head = if whole > 0 { format!("{whole}{code}") } else { String::new() };
                        let t = if time || sub_time { "T" } else { "" };
                        return if !time && sub_time {
                            format!("P{head}T{part}{sub_code}")
                        } else {
                            format!("P{t}{head}{part}{sub_code}")
                        };
                    }
                    format!("{v}")
                } else {
                    // The common whole count, written without the formatting machinery.
                    let mut out = String::with_capacity(8);
                    out.push('P');
                    if time {
                        out.push('T');
                    }
                    eventwire_text::push_decimal(&mut out, v as u64);
                    out.push_str(code);
                    return out;
                }
            }
        };
        format!("P{}{num}{code}", if time { "T" } else { "" })
    }
}

/// What a word can mean.
#[derive(Debug, Clone, PartialEq)]
pub enum Lex {
    Month(u32),
    Weekday(u32),
    Weekdays(u32),
    Number(u32),
    Ordinal(u32),
    Unit(Unit),
    Units(Unit),
    Season(String),
    PartOfDay(String),
    Deictic(i32),
    /// A decade in words ("nineties" = 90).
    Decade(u32),
    Ambiguous,
    Future,
    Past,
    /// A noun naming an ongoing operation ("offensive", "siege").
    Campaign,
    /// A word making the next date the start of something ("began", "since").
    Start,
}

/// A multi-word entry of `phrases.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub enum PhraseKind {
    /// A time expression: TIMEX3 type name and value template.
    Timex(String, String),
    /// A modifier kept in the span before an expression.
    Mod(String),
    /// A part of a period ("early", "the end of").
    Edge(String),
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub words: Vec<String>,
    pub kind: PhraseKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_in_timex3() {
        assert_eq!(Unit::Hour.duration(Some(24.0)), "PT24H");
        assert_eq!(Unit::Decade.duration(Some(4.0)), "P40Y");
        assert_eq!(Unit::Week.duration(None), "PXW");
        assert_eq!(Unit::Year.duration(Some(2.5)), "P2Y6M");
        assert_eq!(Unit::Hour.duration(Some(5.5)), "PT5H30M");
        assert_eq!(Unit::Day.duration(Some(1.5)), "P1DT12H");
        assert_eq!(Unit::Day.duration(Some(0.0)), "P0D");
        assert_eq!(Unit::Month.duration(Some(120.0)), "P120M");
        assert_eq!(Unit::Year.duration(Some(1e30)), format!("P{}Y", u64::MAX));
    }
}
