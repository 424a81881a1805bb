//! Dating an article: choosing among the date candidates ingest found, and inferring the date
//! from the article's own time expressions.
//!
//! The content gives two kinds of evidence:
//! - *elapsed-time links*: a duration tied to a start date. "two years after … on August 1,
//!   2013" (same sentence), or a campaign duration ("a five-week offensive", "a four-week
//!   siege", "six months into the war") tied to the date something "began on" / has gone on
//!   "since". Start + duration estimates the date of writing.
//! - *month-day mentions* ("on May 30"), which in news mostly lie shortly before publication.

use crate::civil::{days_in_month, Date};
use crate::lexicon::Lexicon;
use crate::roles;
use crate::tagger::Prep;
use crate::tokens::{Kind, Tok};
use crate::words::Lex;
use eventwire_model::{DateCandidate, DateSource, Document, PublishedBasis, TimeMention, TimexType};
use eventwire_text::Segmented;

/// The publication date chosen for a document, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentDate {
    pub published: Option<String>,
    pub basis: PublishedBasis,
    pub confidence: f32,
    pub reason: Option<String>,
    pub warnings: Vec<String>,
}

/// The start of an elapsed-time link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Start {
    Full(Date),
    MonthDay(u32, u32),
}

impl Start {
    /// The start date for an article written on `at`: a month-day is its latest occurrence.
    pub(crate) fn resolve(self, at: Date) -> Option<Date> {
        match self {
            Start::Full(d) => Some(d),
            Start::MonthDay(m, d) => latest_on_or_before(m, d, at),
        }
    }
}

/// The latest `m`-`d` on or before `at` (Feb 29 falls back to Feb 28); `None` when `m`-`d`
/// is no month-day.
pub(crate) fn latest_on_or_before(m: u32, d: u32, at: Date) -> Option<Date> {
    let mk = |y: i32| Date::civil(y, m, d.min(days_in_month(y, m)));
    let this = mk(at.year())?;
    if this <= at {
        Some(this)
    } else {
        mk(at.year() - 1)
    }
}

/// A start date plus how much time has passed since.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Elapsed {
    pub start: Start,
    pub days: i64,
    pub start_quote: String,
    pub dur_quote: String,
    /// Byte offset of the start mention (for corpus keys).
    pub start_pos: usize,
}

impl Elapsed {
    fn tolerance(&self) -> i64 {
        self.days / 4 + 7
    }
    /// The date of writing this link gives for an article written on `at`.
    pub(crate) fn estimate(&self, at: Date) -> Option<Date> {
        self.start.resolve(at)?.add_days(self.days)
    }
}

/// What the text says about its own date.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clues {
    pub elapsed: Vec<Elapsed>,
    /// Month-day mentions without a year: (month, day, quote).
    pub month_days: Vec<(u32, u32, String)>,
    /// Start anchors: (start, quote, byte offset).
    pub starts: Vec<(Start, String, usize)>,
}

fn unit_days(value: &str) -> Option<i64> {
    let v = value.strip_prefix('P')?;
    if v.starts_with('T') {
        return None;
    }
    let split = v.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let n: f64 = v[..split].parse().ok()?;
    let per = match &v[split..] {
        "D" => 1.0,
        "W" => 7.0,
        "M" => 30.44,
        "Y" => 365.25,
        _ => return None,
    };
    Some((n * per).round() as i64)
}

fn tok_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.start < pos)
}

fn start_of(m: &TimeMention) -> Option<Start> {
    let v = m.value.as_str();
    if m.timex_type != TimexType::Date || v.len() != 10 {
        return None;
    }
    if let Some(md) = v.strip_prefix("XXXX-") {
        let (mm, dd) = md.split_once('-')?;
        return Some(Start::MonthDay(mm.parse().ok()?, dd.parse().ok()?));
    }
    Date::parse(v).map(Start::Full)
}

/// Gather the dating evidence of `text` (tagged without a DCT).
pub(crate) fn clues(lex: &Lexicon, text: &str, seg: &Segmented) -> Clues {
    let prep = Prep::new(lex, text);
    clues_prepared(lex, &prep, &prep.tag(None), seg)
}

/// [`clues`] over a text already tokenised, and its `mentions` tagged without a DCT.
pub(crate) fn clues_prepared(
    lex: &Lexicon,
    prep: &Prep<'_>,
    mentions: &[TimeMention],
    seg: &Segmented,
) -> Clues {
    let text = prep.text;
    let toks = &prep.toks;
    let low = |t: &Tok| &prep.low[t.start..t.end];
    // Words carry their entries already; other tokens are looked up as before.
    let has = |k: usize, l: &Lex| {
        toks.get(k)
            .is_some_and(|t| if t.kind == Kind::Word { prep.lx[k] } else { lex.get(low(t)) }.contains(l))
    };
    let same_sentence = |a: usize, b: usize| match (seg.sentence_at(a), seg.sentence_at(b)) {
        (Some(x), Some(y)) => x == y,
        _ => !text[a.min(b)..a.max(b)].contains('\n'),
    };
    let mut c = Clues::default();
    for m in mentions {
        let Some(start) = start_of(m) else { continue };
        if let Start::MonthDay(mm, dd) = start {
            c.month_days.push((mm, dd, m.text.clone()));
        }
        // "began on March 3", "since March 3", "was launched in May"
        let k = tok_at(toks, m.start);
        let is_start = (1..=3).any(|b| {
            k >= b && has(k - b, &Lex::Start) && (1..b).all(|x| prep.roles(k - x) & roles::START_LINK != 0)
        });
        if is_start {
            c.starts.push((
                start,
                format!("{} {}", &text[toks[k.saturating_sub(2)].start..toks[k - 1].end], m.text),
                m.start,
            ));
        }
    }
    for m in mentions {
        if m.timex_type != TimexType::Duration {
            continue;
        }
        let Some(days) = unit_days(&m.value) else { continue };
        let k = tok_at(toks, m.end);
        // "two years after … on August 1, 2013": a start date later in the same sentence.
        if let Some(t) = toks.get(k) {
            let w = low(t);
            if prep.roles(k) & roles::ELAPSED_LINK != 0 {
                let later = mentions
                    .iter()
                    .find(|n| n.start > m.end && same_sentence(m.end, n.start) && start_of(n).is_some());
                if let Some(n) = later {
                    c.elapsed.push(Elapsed {
                        start: start_of(n).unwrap_or(Start::MonthDay(1, 1)),
                        days,
                        start_quote: n.text.clone(),
                        dur_quote: format!("{} {}", m.text, w),
                        start_pos: n.start,
                    });
                    continue;
                }
            }
        }
        // "a five-week offensive", "four-week army siege", "six months into the war"
        let campaign = (k..(k + 5).min(toks.len()))
            .take_while(|&x| toks[x].kind != Kind::Punct || low(&toks[x]) == "-")
            .find(|&x| has(x, &Lex::Campaign) || (x == k && low(&toks[x]) == "into"));
        if let Some(x) = campaign {
            // A month-day start is less than a year back, so only a shorter duration can run from it.
            let fits = |st: &Start| matches!(st, Start::Full(_)) || days < 365;
            if let Some((s, q, pos)) = c.starts.iter().find(|(st, _, _)| fits(st)).cloned() {
                let dur_quote = text[m.start..toks[x].end].to_string();
                c.elapsed.push(Elapsed { start: s, days, start_quote: q, dur_quote, start_pos: pos });
            }
        }
    }
    c
}

fn source_rank(s: DateSource) -> Option<(u8, PublishedBasis, f32)> {
    Some(match s {
        DateSource::Field => (0, PublishedBasis::Field, 0.95),
        DateSource::Byline => (1, PublishedBasis::Byline, 0.9),
        DateSource::Dateline => (2, PublishedBasis::Dateline, 0.85),
        DateSource::Header => (3, PublishedBasis::Header, 0.8),
        DateSource::Url => (4, PublishedBasis::Header, 0.6),
        DateSource::Page | DateSource::Copyright => return None,
    })
}

/// Why a reading disagrees with the content, or `None` when it agrees.
fn conflict(at: Date, c: &Clues) -> Option<String> {
    for e in &c.elapsed {
        // A link whose dates fall outside the calendar says nothing.
        let (Some(start), Some(est)) = (e.start.resolve(at), e.estimate(at)) else { continue };
        if (est.to_days() - at.to_days()).abs() > e.tolerance() {
            return Some(format!(
                "the text says \"{}\" and \"{}\"; on {at} that start would be {start} and {} days later is \
                 {est}, not {at}",
                e.start_quote, e.dur_quote, e.days
            ));
        }
    }
    None
}

fn quote_list(items: &[String]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

pub(crate) fn date_document(lex: &Lexicon, doc: &Document, seg: &Segmented) -> DocumentDate {
    let prep = Prep::new(lex, &doc.text);
    date_prepared(lex, doc, &prep, &prep.tag(None), seg)
}

/// [`date_document`] with `doc.text` already tokenised and tagged without a DCT.
pub(crate) fn date_prepared(
    lex: &Lexicon,
    doc: &Document,
    prep: &Prep<'_>,
    undated: &[TimeMention],
    seg: &Segmented,
) -> DocumentDate {
    let c = clues_prepared(lex, prep, undated, seg);
    let mut ranked: Vec<(&DateCandidate, (u8, PublishedBasis, f32))> =
        doc.meta.date_candidates.iter().filter_map(|d| source_rank(d.source).map(|r| (d, r))).collect();
    ranked.sort_by_key(|(_, r)| r.0);
    let weak: Vec<String> = doc
        .meta
        .date_candidates
        .iter()
        .filter(|d| source_rank(d.source).is_none())
        .map(|d| d.text.clone())
        .collect();

    for (cand, (_, basis, conf)) in &ranked {
        let readings: Vec<(Date, &str, &str)> = cand
            .readings
            .iter()
            .filter_map(|r| Date::parse(&r.value).map(|d| (d, r.value.as_str(), r.order.as_str())))
            .collect();
        let Some(&(first, first_value, _)) = readings.first() else { continue };
        let what = format!("{} date \"{}\"", format!("{:?}", cand.source).to_lowercase(), cand.text);
        let first_conflict = conflict(first, &c);
        if first_conflict.is_none() {
            let ambiguous = cand.readings.len() > 1;
            return DocumentDate {
                published: Some(first.to_string()),
                basis: *basis,
                confidence: if ambiguous { conf * 0.85 } else { *conf },
                reason: Some(format!(
                    "{what} read as {first}{}{}",
                    if ambiguous { " (the first of its readings, consistent with the text)" } else { "" },
                    if c.elapsed.is_empty() {
                        String::new()
                    } else {
                        " and consistent with the elapsed times in the text".into()
                    }
                )),
                warnings: Vec::new(),
            };
        }
        let why = first_conflict.unwrap_or_default();
        if let Some(&(alt, _, order)) = readings.iter().skip(1).find(|(d, _, _)| conflict(*d, &c).is_none()) {
            return DocumentDate {
                published: Some(alt.to_string()),
                basis: *basis,
                confidence: conf * 0.85,
                reason: Some(format!("{what} read as {alt} ({order}), the reading consistent with the text")),
                warnings: vec![format!("{what} read as {alt} ({order}), not {first_value}: {why}")],
            };
        }
        return DocumentDate {
            published: Some(first.to_string()),
            basis: *basis,
            confidence: conf * 0.5,
            reason: Some(format!("{what} read as {first}, though the text disagrees")),
            warnings: vec![format!("{what} may be wrong: {why}")],
        };
    }

    let ignored = if weak.is_empty() {
        String::new()
    } else {
        format!("; ignored weak page/copyright dates {}", quote_list(&weak))
    };
    // No usable candidate: a start date with a year plus an elapsed time gives the year.
    let full = c.elapsed.iter().find_map(|e| match e.start {
        Start::Full(s) => Some((e, s.add_days(e.days)?)),
        Start::MonthDay(..) => None,
    });
    if let Some((e, est)) = full {
        // The latest month-day mentioned around that estimate is the likeliest date of writing.
        let slack = 7;
        let latest = c
            .month_days
            .iter()
            .filter_map(|(m, d, q)| Some((latest_on_or_before(*m, *d, est.add_days(slack)?)?, q)))
            .filter(|(d, _)| (est.to_days() - d.to_days()) <= e.tolerance())
            .max_by_key(|(d, _)| *d);
        // A candidate that gives only a month and day ("TARIN, Aug 4") takes the year from there.
        let own = ranked.iter().find_map(|(cand, _)| {
            cand.readings.iter().find_map(|r| {
                let (m, d) = r.value.strip_prefix("XXXX-")?.split_once('-')?;
                let day = latest_on_or_before(m.parse().ok()?, d.parse().ok()?, est.add_days(slack)?)?;
                ((est.to_days() - day.to_days()).abs() <= e.tolerance()).then(|| (day, cand.text.clone()))
            })
        });
        let (published, how) = match (own, latest) {
            (Some((d, t)), _) => (d, format!(", the year of the date \"{t}\"")),
            (None, Some((d, q))) => (d, format!(", and \"{q}\" is the latest date it mentions")),
            (None, None) => (est, String::new()),
        };
        return DocumentDate {
            published: Some(published.to_string()),
            basis: PublishedBasis::Content,
            confidence: if latest.is_some() { 0.7 } else { 0.5 },
            reason: Some(format!(
                "from the text: \"{}\" … \"{}\" gives about {est}{how}{ignored}",
                e.dur_quote, e.start_quote
            )),
            warnings: Vec::new(),
        };
    }
    let mut why = String::from("no year can be anchored");
    if let Some(e) = c.elapsed.first() {
        why.push_str(&format!(
            " (\"{}\" … \"{}\" dates it {} days after a start whose year is not given)",
            e.dur_quote, e.start_quote, e.days
        ));
    }
    DocumentDate {
        published: None,
        basis: PublishedBasis::Unknown,
        confidence: 0.0,
        reason: Some(format!("{why}{ignored}")),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwire_model::{DateReading, Metadata};

    fn doc(text: &str, cands: Vec<DateCandidate>) -> Document {
        Document {
            id: "t".into(),
            text: text.into(),
            source_text: text.into(),
            meta: Metadata { date_candidates: cands, ..Default::default() },
            ..Default::default()
        }
    }

    fn cand(source: DateSource, text: &str, readings: &[(&str, &str)]) -> DateCandidate {
        DateCandidate {
            text: text.into(),
            source,
            start: None,
            end: None,
            readings: readings
                .iter()
                .map(|(v, o)| DateReading { value: (*v).into(), order: (*o).into() })
                .collect(),
            time: None,
        }
    }

    fn run(d: &Document) -> DocumentDate {
        let lex = Lexicon::load(None).unwrap();
        date_document(&lex, d, &eventwire_text::segment(&d.text))
    }

    const SIEGE: &str = "Rebels said on Monday that they had broken the siege of Tarin, a key step in their \
        four-week offensive on the city.\n\nThe offensive began on March 3, officials said.";

    #[test]
    fn elapsed_time_picks_the_consistent_reading() {
        // March 3 + 4 weeks = March 31: "2015-03-31" fits, "2015-31-03" cannot even parse,
        // and a year-day-month "2015-05-03" does not.
        let d = doc(
            SIEGE,
            vec![cand(DateSource::Header, "2015-05-03", &[("2015-05-03", "ymd"), ("2015-03-05", "ydm")])],
        );
        let r = run(&d);
        // Neither reading fits (May 3 is 61 days after, March 5 only 2): keep the first, warn.
        assert_eq!(r.published.as_deref(), Some("2015-05-03"));
        assert!(r.warnings[0].contains("four-week offensive"), "{:?}", r.warnings);
        let d = doc(
            SIEGE,
            vec![cand(DateSource::Header, "2015-01-04", &[("2015-01-04", "ymd"), ("2015-04-01", "ydm")])],
        );
        let r = run(&d);
        assert_eq!(r.published.as_deref(), Some("2015-04-01"));
        assert_eq!(r.basis, PublishedBasis::Header);
        assert!(r.warnings[0].contains("not 2015-01-04"), "{:?}", r.warnings);
    }

    #[test]
    fn byline_beats_a_page_date_and_copyright_is_ignored() {
        let d = doc(
            "Troops advanced on Sunday.",
            vec![
                cand(DateSource::Page, "Monday, 4 March, 2019", &[("2019-03-04", "text")]),
                cand(DateSource::Byline, "12 May, 2016", &[("2016-05-12", "text")]),
                cand(DateSource::Copyright, "© 2014", &[("2014", "text")]),
            ],
        );
        let r = run(&d);
        assert_eq!((r.published.as_deref(), r.basis), (Some("2016-05-12"), PublishedBasis::Byline));
    }

    #[test]
    fn content_gives_the_year_and_the_latest_day() {
        let text = "The ceasefire collapsed on August 2, two years after it was signed on August 1, 2013. \
            Shelling resumed on July 30.";
        let r = run(&doc(text, vec![cand(DateSource::Copyright, "(c) 2011", &[("2011", "text")])]));
        assert_eq!(r.published.as_deref(), Some("2015-08-02"));
        assert_eq!(r.basis, PublishedBasis::Content);
        assert!(r.reason.as_deref().unwrap().contains("August 1, 2013"));
    }

    #[test]
    fn a_month_day_dateline_takes_the_year_from_the_content() {
        let text = "TARIN, Aug 4 (Wire) - The ceasefire collapsed, two years after it was signed on \
            August 1, 2013.";
        let r = run(&doc(text, vec![cand(DateSource::Dateline, "Aug 4", &[("XXXX-08-04", "text")])]));
        assert_eq!(r.published.as_deref(), Some("2015-08-04"));
        assert_eq!(r.basis, PublishedBasis::Content);
    }

    #[test]
    fn no_year_means_unknown() {
        let text = "Fighters took the village on Sunday after a week-long push. In May the group relaunched its drive.";
        let r = run(&doc(text, Vec::new()));
        assert_eq!(r.published, None);
        assert_eq!(r.basis, PublishedBasis::Unknown);
    }
}
