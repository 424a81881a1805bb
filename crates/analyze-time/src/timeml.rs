//! Reading TimeML (`.tml`) files and scoring TIMEX3 tagging the TempEval-3 way.

use crate::error::TimeError;
use eventwire_model::{TimeMention, TimexType};

/// A gold TIMEX3 of a TimeML document (byte offsets into [`TimeMlDoc::text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub timex_type: TimexType,
    pub value: String,
}

/// The text of a TimeML document with its tags removed, its DCT and its gold TIMEX3s.
#[derive(Debug, Clone, Default)]
pub struct TimeMlDoc {
    pub dct: Option<String>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(p) = rest.find(name) {
        let before_ok = p == 0 || rest.as_bytes()[p - 1].is_ascii_whitespace();
        let after = &rest[p + name.len()..];
        if before_ok {
            if let Some(v) = after.trim_start().strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let v = &v[1..];
                    return v.find(q).map(|e| &v[..e]);
                }
            }
        }
        rest = after;
    }
    None
}

fn timex_type(s: &str) -> TimexType {
    match s {
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        _ => TimexType::Date,
    }
}

fn push_unescaped(out: &mut String, s: &str) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        let ent = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&apos;", '\'')]
            .iter()
            .find(|(e, _)| tail.starts_with(e));
        match ent {
            Some((e, c)) => {
                out.push(*c);
                rest = &tail[e.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Parse a TimeML document: the `<TEXT>` element's text and TIMEX3s, and the DCT.
pub fn parse_timeml(xml: &str) -> Result<TimeMlDoc, TimeError> {
    let bad = |m: &str| TimeError::TimeMl(m.to_string());
    let dct = xml.find("<DCT>").and_then(|p| {
        let tag_start = xml[p..].find("<TIMEX3")? + p;
        let tag_end = xml[tag_start..].find('>')? + tag_start;
        attr(&xml[tag_start..tag_end], "value").map(str::to_string)
    });
    let body_start = xml.find("<TEXT>").ok_or_else(|| bad("no <TEXT> element"))? + "<TEXT>".len();
    let body_end = xml[body_start..].find("</TEXT>").ok_or_else(|| bad("no </TEXT>"))? + body_start;
    let body = &xml[body_start..body_end];
    let mut doc = TimeMlDoc { dct, ..Default::default() };
    let mut open: Vec<(usize, TimexType, String)> = Vec::new();
    let mut rest = body;
    while let Some(p) = rest.find('<') {
        push_unescaped(&mut doc.text, &rest[..p]);
        let e = rest[p..].find('>').ok_or_else(|| bad("unclosed tag"))? + p;
        let tag = &rest[p + 1..e];
        if let Some(t) = tag.strip_prefix("TIMEX3") {
            if !t.trim_end().ends_with('/') {
                let ty = timex_type(attr(t, "type").unwrap_or("DATE"));
                open.push((doc.text.len(), ty, attr(t, "value").unwrap_or("").to_string()));
            }
        } else if tag.starts_with("/TIMEX3") {
            let (start, timex_type, value) = open.pop().ok_or_else(|| bad("</TIMEX3> without <TIMEX3>"))?;
            doc.timexes.push(GoldTimex { start, end: doc.text.len(), timex_type, value });
        }
        rest = &rest[e + 1..];
    }
    push_unescaped(&mut doc.text, rest);
    Ok(doc)
}

/// TempEval-3 counts, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    /// System expressions overlapping a gold one.
    pub relaxed_sys: usize,
    /// Gold expressions overlapping a system one.
    pub relaxed_gold: usize,
    /// Among relaxed matches: type equal.
    pub type_ok: usize,
    /// Among relaxed matches: value equal.
    pub value_ok: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Scores {
    /// Strict (exact span) precision, recall, F1.
    pub fn strict_prf(&self) -> (f64, f64, f64) {
        let (p, r) = (ratio(self.strict, self.system), ratio(self.strict, self.gold));
        (p, r, f1(p, r))
    }
    /// Relaxed (overlapping span) precision, recall, F1.
    pub fn relaxed_prf(&self) -> (f64, f64, f64) {
        let (p, r) = (ratio(self.relaxed_sys, self.system), ratio(self.relaxed_gold, self.gold));
        (p, r, f1(p, r))
    }
    /// Attribute F1 as in TempEval-3: correct attributes over system and over gold counts.
    pub fn attr_f1(&self, ok: usize) -> f64 {
        f1(ratio(ok, self.system), ratio(ok, self.gold))
    }
    pub fn value_f1(&self) -> f64 {
        self.attr_f1(self.value_ok)
    }
    pub fn type_f1(&self) -> f64 {
        self.attr_f1(self.type_ok)
    }
    /// Type accuracy over relaxed matches.
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_ok, self.relaxed_gold)
    }
    pub fn add(&mut self, o: &Scores) {
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed_sys += o.relaxed_sys;
        self.relaxed_gold += o.relaxed_gold;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
    }
}

/// What happened to one expression, for error analysis.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Gold expression not found: (gold).
    Missed(GoldTimex),
    /// System expression with no gold overlap.
    Spurious(TimeMention),
    /// Overlapping pair whose span, type or value differ.
    Mismatch(GoldTimex, TimeMention),
}

/// Score one document; returns counts and the errors.
pub fn score(gold: &[GoldTimex], sys: &[TimeMention]) -> (Scores, Vec<Outcome>) {
    let mut s = Scores { gold: gold.len(), system: sys.len(), ..Default::default() };
    let mut out = Vec::new();
    let overlaps = |g: &GoldTimex, m: &TimeMention| g.start < m.end && m.start < g.end;
    for m in sys {
        if gold.iter().any(|g| overlaps(g, m)) {
            s.relaxed_sys += 1;
        } else {
            out.push(Outcome::Spurious(m.clone()));
        }
    }
    for g in gold {
        let Some(m) = sys.iter().find(|m| overlaps(g, m)) else {
            out.push(Outcome::Missed(g.clone()));
            continue;
        };
        s.relaxed_gold += 1;
        let exact = g.start == m.start && g.end == m.end;
        s.strict += usize::from(exact);
        s.type_ok += usize::from(g.timex_type == m.timex_type);
        s.value_ok += usize::from(g.value == m.value);
        if !exact || g.timex_type != m.timex_type || g.value != m.value {
            out.push(Outcome::Mismatch(g.clone(), m.clone()));
        }
    }
    (s, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Sales fell <TIMEX3 tid="t1" type="DATE" value="1997-Q4">the fourth quarter</TIMEX3> &amp; rose for <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.</TEXT></TimeML>"#;

    #[test]
    fn parses_text_spans_and_dct() {
        let d = parse_timeml(DOC).unwrap();
        assert_eq!(d.dct.as_deref(), Some("1998-01-08"));
        assert_eq!(d.text, "Sales fell the fourth quarter & rose for two weeks.");
        let t = &d.timexes[1];
        assert_eq!(&d.text[t.start..t.end], "two weeks");
        assert_eq!((t.timex_type, t.value.as_str()), (TimexType::Duration, "P2W"));
    }

    #[test]
    fn missing_text_is_an_error() {
        assert!(parse_timeml("<TimeML></TimeML>").is_err());
    }

    #[test]
    fn scores_strict_relaxed_and_value() {
        let d = parse_timeml(DOC).unwrap();
        let m = |s: usize, e: usize, v: &str| TimeMention {
            text: d.text[s..e].into(),
            start: s,
            end: e,
            timex_type: TimexType::Date,
            value: v.into(),
            r#mod: None,
        };
        // "fourth quarter" overlaps (relaxed, not strict), right value; "Sales" is spurious.
        let sys = vec![m(0, 5, "X"), m(15, 29, "1997-Q4")];
        let (s, errs) = score(&d.timexes, &sys);
        assert_eq!((s.strict, s.relaxed_sys, s.relaxed_gold, s.value_ok), (0, 1, 1, 1));
        assert_eq!(errs.len(), 3);
        let (p, r, f) = s.relaxed_prf();
        assert!((p - 0.5).abs() < 1e-9 && (r - 0.5).abs() < 1e-9 && (f - 0.5).abs() < 1e-9);
        assert!((s.value_f1() - 0.5).abs() < 1e-9);
    }
}
