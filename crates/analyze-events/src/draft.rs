//! Draft events (before merging) and the events they become.

use crate::article::Article;
use crate::coder::Coder;
use crate::event_dates::date_precision;
use crate::event_location::{locate, Focus};
use eventwire_model::{DatePrecision, Event, EventCategory, Evidence, Modality, Scope, Span};

/// An event before merging; its type names borrow the rules' (one `String` per final event).
#[derive(Debug, Clone)]
pub(crate) struct Draft<'r> {
    pub rule: usize,
    pub event_type: &'r str,
    pub sub: &'r str,
    pub sentence: usize,
    /// Sentences of all merged mentions.
    pub sentences: Vec<usize>,
    pub actor1: Option<usize>,
    pub actor1_count: Option<u64>,
    pub actor2: Option<usize>,
    pub place: Option<usize>,
    pub has_own_place: bool,
    pub date: Option<(String, DatePrecision)>,
    pub has_own_time: bool,
    pub fatalities: Option<u64>,
    pub injured: Option<u64>,
    pub displaced: Option<u64>,
    pub modality: Modality,
    pub claimant: Option<String>,
    pub evidence: Vec<(usize, usize)>,
    /// Set when the event-type model says the sentence reports other news.
    pub category: Option<EventCategory>,
    /// The model's probability for the event's type, when it was asked.
    pub type_probability: Option<f32>,
    /// The model's label, when the model (not a rule) found the event; its evidence is the
    /// whole sentence.
    pub model_label: Option<usize>,
    /// Set when the headline and lead, read together by the model, report this event: it is
    /// the article's main event.
    pub lead_main: bool,
    /// For an attribution: the index, among the drafts, of the event it claims.
    pub claims: Option<usize>,
}

impl Coder {
    /// The events of the merged drafts, the main one (reported by the headline and/or the
    /// lead) first.
    pub(crate) fn finish(&self, a: &Article, mut drafts: Vec<Draft<'_>>) -> Vec<Event> {
        // Event numbers: the main draft first, the others in order.
        let main = main_draft(a, &drafts);
        let number = |k: usize| match main {
            Some(m) if k == m => 1,
            Some(m) if k < m => k + 2,
            _ => k + 1,
        };
        let links: Vec<(usize, usize)> =
            drafts.iter().enumerate().filter_map(|(k, d)| Some((number(k), number(d.claims?)))).collect();
        if let Some(m) = main {
            let main = drafts.remove(m);
            drafts.insert(0, main);
        }
        let focus = Focus::of(a);
        let mut events: Vec<Event> =
            drafts.into_iter().enumerate().map(|(n, dr)| self.event(a, &focus, n + 1, dr)).collect();
        for (by, claimed) in links {
            events[claimed - 1].claimed_in = Some(events[by - 1].id.clone());
            events[by - 1].claims_event = Some(events[claimed - 1].id.clone());
        }
        events
    }

    /// Event number `n` of the article from its draft.
    fn event(&self, a: &Article, focus: &Focus, n: usize, dr: Draft<'_>) -> Event {
        let input = a.input;
        let r = &self.rules.rules[dr.rule];
        let (date, precision, report): (Option<String>, _, _) = match dr.date {
            Some((v, p)) => (Some(v), p, false),
            None => match input.published {
                Some(p) => (Some(p.to_string()), date_precision(p).unwrap_or_default(), true),
                None => (None, DatePrecision::Unknown, false),
            },
        };
        let historical =
            !report && date.as_deref().zip(input.published).is_some_and(|(v, p)| long_before(v, p));
        let mut evidence: Vec<Evidence> = dr
            .evidence
            .iter()
            .map(|&(s, e)| {
                // The sentence is what an analyst quotes; the trigger stays marked in it.
                let sent = input.seg.sentence_at(s).map(|i| &input.seg.sentences[i]);
                let (qs, qe) = sent.map_or((s, e), |x| (x.start.min(s), x.end.max(e)));
                Evidence {
                    start: qs,
                    end: qe,
                    quote: input.text[qs..qe].to_string(),
                    // A sentence the model read has no trigger word to mark.
                    trigger: dr.model_label.is_none().then(|| Span::new(s, e)),
                }
            })
            .collect();
        evidence.sort_by_key(|e| (e.start, e.end, e.trigger));
        evidence.dedup_by_key(|e| (e.start, e.end, e.trigger));
        let (place, location) = locate(a, focus, dr.place, dr.sentence).unzip();
        Event {
            id: event_id(input.doc_id, n),
            acled_event_type: dr.event_type.to_string(),
            acled_sub_event_type: dr.sub.to_string(),
            date,
            date_precision: precision,
            date_is_report_date: report,
            place,
            location,
            actor1: dr.actor1.map(|x| self.lexicon.actors[x].name.clone()),
            actor2: dr.actor2.filter(|x| Some(*x) != dr.actor1).map(|x| self.lexicon.actors[x].name.clone()),
            fatalities: dr.fatalities,
            injured: dr.injured,
            displaced: dr.displaced,
            modality: dr.modality,
            claimant: dr.claimant,
            rule: match (dr.model_label, &self.types) {
                (Some(l), Some(m)) => format!("model.{}", m.name(l)),
                _ => r.id.clone(),
            },
            evidence,
            scope: if dr.category.is_some() { Scope::Other } else { Scope::Conflict },
            category: dr.category,
            claims_event: None,
            claimed_in: None,
            historical,
            type_probability: dr.type_probability,
        }
    }
}

/// Whether date value `v` lies more than a year before publication date `published`: news
/// reports what just happened, so such an event is background however it was worded.
fn long_before(v: &str, published: &str) -> bool {
    if let Some(days) = crate::event_dates::days_between(v, published) {
        return days > 365;
    }
    // A bare year ("2006"): before the year before publication.
    let year = |x: &str| x.get(..4).and_then(|y| y.parse::<i32>().ok());
    v.len() == 4 && year(v).zip(year(published)).is_some_and(|(a, b)| a < b - 1)
}

/// `"{doc}#e{n}"` without the formatting machinery (one allocation, sized once).
pub(crate) fn event_id(doc: &str, n: usize) -> String {
    // 20 digits hold any u64.
    let mut id = String::with_capacity(doc.len() + 2 + 20);
    id.push_str(doc);
    id.push_str("#e");
    eventwire_text::push_decimal(&mut id, n as u64);
    id
}

/// The draft that leads the article: the one the headline and lead were read to report
/// ([`Draft::lead_main`]), else a conflict event of the first full lead sentence and/or the
/// headline, else other news there; `None` when neither tells an event.
pub(crate) fn main_draft(a: &Article, drafts: &[Draft<'_>]) -> Option<usize> {
    let input = a.input;
    let sentences = &input.seg.sentences;
    let title_sent = a.title_sent;
    let lead = title_sent.map(|t| t + 1).unwrap_or(0);
    let lead = (lead..sentences.len())
        .find(|&i| {
            let s = &sentences[i];
            s.end_token - s.first_token >= 6
        })
        .unwrap_or(lead);
    let score = |dr: &Draft| {
        let mut s = if dr.category.is_none() { 4 } else { 0 };
        if dr.lead_main {
            s |= 8;
        }
        for (a, _) in &dr.evidence {
            let si = input.seg.sentence_at(*a);
            if si.is_some() && si == title_sent {
                s |= 1;
            }
            if si == Some(lead) {
                s |= 2;
            }
        }
        s
    };
    drafts
        .iter()
        .enumerate()
        .map(|(i, dr)| (i, score(dr)))
        .filter(|(_, s)| *s & 11 > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::long_before;

    #[test]
    fn events_dated_over_a_year_before_the_article_are_background() {
        assert!(long_before("2014-06-01", "2016-03-10"));
        assert!(long_before("2014", "2016-03-10"));
        assert!(!long_before("2015-12-01", "2016-03-10"));
        assert!(!long_before("2015", "2016-03-10"));
        assert!(!long_before("2016-03-09", "2016-03-10"));
    }
}
