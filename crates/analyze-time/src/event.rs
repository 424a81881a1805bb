//! Dating an event from the time expression that governs its trigger.

use crate::lexicon::builtin_roles;
use crate::roles;
use eventwire_model::{DatePrecision, Span, TimeMention, TimexType};
use eventwire_text::Segmented;

/// The date of an event and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDate {
    /// ISO date or coarser (`2016-11-07`, `2016-W45`, `2016-11`, `2016`); `None` when unknown.
    pub date: Option<String>,
    pub precision: DatePrecision,
    /// True when no expression governs the event and the article date stands in.
    pub is_report_date: bool,
    /// Index into the `times` given of the governing expression.
    pub mention: Option<usize>,
}

/// The precision of a TIMEX3 DATE/TIME value with a known year, `None` otherwise.
pub fn value_precision(value: &str) -> Option<DatePrecision> {
    let b = value.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = &value[4..];
    Some(if rest.is_empty() {
        DatePrecision::Year
    } else if rest.starts_with("-W") && !rest.contains('X') {
        DatePrecision::Week
    } else if rest.len() >= 6 && rest.as_bytes()[3] == b'-' && !rest[..6].contains('X') {
        DatePrecision::Day
    } else if rest.len() == 3 && !rest.contains('X') && rest[1..].bytes().all(|c| c.is_ascii_digit()) {
        DatePrecision::Month
    } else {
        // Quarters, halves, seasons, unknown parts: only the year is sure.
        DatePrecision::Year
    })
}

/// Date the event whose trigger is `trigger` (byte span): the nearest DATE/TIME expression
/// with a known year in the trigger's sentence (one before the trigger wins a tie; "since …"
/// and "until …" expressions, after a built-in `bound` word of `data/time/roles.tsv`, bound a
/// period and do not date an event), else `published` as
/// the report date. `text` is the text the spans point into.
///
/// ```
/// # use eventwire_time::{event_date, TimeTagger};
/// # use eventwire_model::{DatePrecision, Span};
/// let text = "Militants attacked a checkpoint on Sunday. Talks continue.";
/// let seg = eventwire_text::segment(text);
/// let times = TimeTagger::load(None).unwrap().tag(text, &seg, Some("2016-11-08"));
/// let d = event_date(text, Span::new(10, 18), &times, &seg, Some("2016-11-08"));
/// assert_eq!((d.date.as_deref(), d.precision), (Some("2016-11-06"), DatePrecision::Day));
/// let d = event_date(text, Span::new(43, 48), &times, &seg, Some("2016-11-08"));
/// assert!(d.is_report_date);
/// ```
pub fn event_date(
    text: &str,
    trigger: Span,
    times: &[TimeMention],
    seg: &Segmented,
    published: Option<&str>,
) -> EventDate {
    let sentence = seg.sentence_at(trigger.start).map(|i| seg.sentences[i]);
    let in_sentence = |t: &TimeMention| match sentence {
        Some(s) => s.start <= t.start && t.end <= s.end,
        None => !text.get(t.start.min(trigger.start)..t.end.max(trigger.end)).unwrap_or("\n").contains('\n'),
    };
    let bounded = |t: &TimeMention| {
        let before = text.get(..t.start).unwrap_or("").trim_end();
        let last = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("").to_ascii_lowercase();
        builtin_roles(&last) & roles::BOUND != 0
    };
    let best = times
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.timex_type, TimexType::Date | TimexType::Time))
        .filter(|(_, t)| in_sentence(t) && !bounded(t))
        .filter_map(|(i, t)| value_precision(&t.value).map(|p| (i, t, p)))
        .min_by_key(|(_, t, _)| {
            let dist = if t.end <= trigger.start {
                trigger.start - t.end
            } else {
                t.start.saturating_sub(trigger.end)
            };
            (dist, t.start > trigger.start)
        });
    if let Some((i, t, p)) = best {
        let date = match t.value.find('T') {
            Some(k) => t.value[..k].to_string(),
            None => t.value.clone(),
        };
        return EventDate { date: Some(date), precision: p, is_report_date: false, mention: Some(i) };
    }
    let precision = published.and_then(value_precision).unwrap_or(DatePrecision::Unknown);
    EventDate {
        date: published.map(str::to_string),
        precision,
        is_report_date: published.is_some(),
        mention: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_follows_the_value() {
        assert_eq!(value_precision("2016-11-07"), Some(DatePrecision::Day));
        assert_eq!(value_precision("2016-11-07TEV"), Some(DatePrecision::Day));
        assert_eq!(value_precision("2016-W45"), Some(DatePrecision::Week));
        assert_eq!(value_precision("2016-11"), Some(DatePrecision::Month));
        assert_eq!(value_precision("2016-Q3"), Some(DatePrecision::Year));
        assert_eq!(value_precision("2016"), Some(DatePrecision::Year));
        assert_eq!(value_precision("XXXX-10-17"), None);
        assert_eq!(value_precision("PAST_REF"), None);
    }

    #[test]
    fn since_does_not_date_the_event_and_no_date_means_report_date() {
        let tagger = crate::TimeTagger::load(None).unwrap();
        let text = "Since April 9, troops have retaken 40 villages.\nShelling hit the market last week.";
        let seg = eventwire_text::segment(text);
        let times = tagger.tag(text, &seg, Some("2016-11-10"));
        let retaken = text.find("retaken").unwrap();
        let d = event_date(text, Span::new(retaken, retaken + 7), &times, &seg, Some("2016-11-10"));
        assert!(d.is_report_date);
        assert_eq!((d.date.as_deref(), d.precision), (Some("2016-11-10"), DatePrecision::Day));
        let hit = text.find("hit").unwrap();
        let d = event_date(text, Span::new(hit, hit + 3), &times, &seg, Some("2016-11-10"));
        assert_eq!(
            (d.date.as_deref(), d.precision, d.is_report_date),
            (Some("2016-W44"), DatePrecision::Week, false)
        );
        let d = event_date(text, Span::new(hit, hit + 3), &[], &seg, None);
        assert_eq!((d.date, d.precision, d.is_report_date), (None, DatePrecision::Unknown, false));
    }
}
