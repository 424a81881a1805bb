//! Event dates: which time expression dates an event or a figure.

use crate::doc::DocView;
use crate::words::Words;
use eventwire_model::{DatePrecision, Span, TimeMention};

/// Per token: is it inside a time expression? (Numbers there are no figures.)
pub(crate) fn time_tokens(d: &DocView, times: &[TimeMention]) -> Vec<bool> {
    let mut out = vec![false; d.len()];
    for t in times {
        if t.end > d.text.len() {
            continue;
        }
        let a = d.token_at_or_after(t.start);
        let mut i = a;
        while i < d.len() && d.seg.tokens[i].start < t.end {
            out[i] = true;
            i += 1;
        }
    }
    out
}

/// The date governing byte `pos` among the time expressions inside `span` (the time
/// layer's event-dating rule applied to that span). `keep`: per time, may it date a figure
/// ([`figure_times`]); `ordered`: the times are sorted by start.
pub(crate) fn time_for(
    d: &DocView,
    times: &[TimeMention],
    keep: Option<&[bool]>,
    ordered: bool,
    span: (usize, usize),
    pos: usize,
) -> Option<(String, DatePrecision)> {
    // Ordered by start (each ending after it starts), the times inside lie in one block.
    let (lo, hi) = if ordered {
        (times.partition_point(|t| t.start < span.0), times.partition_point(|t| t.start <= span.1))
    } else {
        (0, times.len())
    };
    let (times, keep) = (&times[lo..hi], keep.map(|f| f.get(lo..).unwrap_or(&[])));
    let kept = |k: usize| keep.is_none_or(|f| f.get(k).copied().unwrap_or(false));
    let within = |k: usize, t: &TimeMention| t.start >= span.0 && t.end <= span.1 && kept(k);
    let first = times.iter().enumerate().position(|(k, t)| within(k, t))?;
    let n = times[first..].iter().enumerate().take_while(|(k, t)| within(first + k, t)).count();
    // Usually the expressions inside form one run: borrow it rather than copy.
    let copied: Vec<TimeMention>;
    let inside = if times[first + n..].iter().enumerate().any(|(k, t)| within(first + n + k, t)) {
        copied = times.iter().enumerate().filter(|(k, t)| within(*k, t)).map(|(_, t)| t.clone()).collect();
        &copied[..]
    } else {
        &times[first..first + n]
    };
    let ed = eventwire_time::event_date(d.text, Span::new(pos, pos + 1), inside, d.seg, None);
    ed.date.filter(|_| ed.mention.is_some()).map(|v| (v, ed.precision))
}

/// Per time expression: can it date a figure? Not the start of a period ("since the operation
/// began on October 17", "before 2011").
pub(crate) fn figure_times(d: &DocView, times: &[TimeMention], words: &Words) -> Vec<bool> {
    times
        .iter()
        .map(|t| {
            let ti = d.token_at_or_after(t.start);
            !(ti.saturating_sub(3)..ti).any(|k| d.lemma_in(k, &words.period_openers))
        })
        .collect()
}

/// Days from date value `a` to date value `b` (`YYYY-MM-DD` or `YYYY-MM`; a month counts
/// from its last day, so "2017-06" is not before "2017-06-30"). `None` for other values.
pub(crate) fn days_between(a: &str, b: &str) -> Option<i64> {
    fn day(v: &str) -> Option<jiff::civil::Date> {
        let y: i16 = v.get(..4)?.parse().ok()?;
        if v.as_bytes().get(4) != Some(&b'-') {
            return None;
        }
        let m: i8 = v.get(5..7)?.parse().ok()?;
        let first = jiff::civil::Date::new(y, m, 1).ok()?;
        let dim = first.days_in_month();
        let d: i8 = match v.get(7..) {
            None | Some("") => dim,
            Some(rest) => i8::try_from(rest.strip_prefix('-')?.get(..2)?.parse::<u8>().ok()?).ok()?,
        };
        // Day 0 is the last day of the month before.
        first.checked_add(jiff::Span::new().days(i64::from(d.min(dim)) - 1)).ok()
    }
    Some(i64::from(day(a)?.until(day(b)?).ok()?.get_days()))
}

/// Precision of a TIMEX3 date value; `None` for values that are not calendar dates.
pub(crate) fn date_precision(v: &str) -> Option<DatePrecision> {
    eventwire_time::value_precision(v)
}
