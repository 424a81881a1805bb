//! One article read for coding: its places, actor mentions, figures and claimants, computed
//! once before any rule is tried.

use crate::coder::{Coder, CodingInput};
use crate::doc::DocView;
use crate::event_dates::{figure_times, time_for, time_tokens};
use crate::figures::Hit;
use crate::lexicon::{Mention, TagContext};
use crate::modality::Claim;
use eventwire_model::{ActorMention, Figure, PlaceMention};
use eventwire_text::NearestInSentence;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// An article with everything the rules read, in token positions of [`DocView`].
pub(crate) struct Article<'a> {
    pub input: &'a CodingInput<'a>,
    pub d: DocView<'a>,
    /// Usable place mentions, in text order.
    pub places: Vec<&'a PlaceMention>,
    /// Per place: its first token, and whether it can locate an event (not a dateline, not
    /// part of an actor's name).
    pub place_info: Vec<(usize, bool)>,
    /// First token → end token of each place mention.
    pub place_tok: BTreeMap<usize, usize>,
    /// The country most of the article's places are in (else the one it names most).
    pub main_country: Option<String>,
    pub mentions: Vec<Mention>,
    /// Each mention's first token.
    pub mtok: Vec<usize>,
    /// Figures with their sentence, in text order.
    pub hits: Vec<(usize, Hit)>,
    /// Token -> the first hit whose noun phrase starts or whose number ends there.
    count_at: FxHashMap<usize, usize>,
    /// The claimant of each sentence.
    pub claims: Vec<Option<Claim>>,
    /// The time mentions are sorted by start (so those of a span lie in one block).
    pub times_ordered: bool,
    /// The sentence of the headline, when the title is part of the text.
    pub title_sent: Option<usize>,
}

impl<'a> Article<'a> {
    /// Read the article: places, actor mentions, figures and claimants.
    pub fn read(coder: &Coder, input: &'a CodingInput<'a>, d: DocView<'a>) -> Self {
        let text = input.text;
        let mut places: Vec<&PlaceMention> =
            input.places.iter().filter(|p| p.end <= text.len() && p.start < p.end).collect();
        places.sort_by_key(|p| (p.start, p.end));
        let main_country = coder.main_country(input, &places);
        let mentions = tag_actors(coder, input, &places, main_country.as_deref());

        let place_tok: BTreeMap<usize, usize> = places
            .iter()
            .map(|p| (d.token_at_or_after(p.start), d.token_containing(p.end.saturating_sub(1)) + 1))
            .collect();
        let (hits, claims) = figures_and_claims(coder, &d, input, &place_tok);
        let place_info: Vec<(usize, bool)> = places
            .iter()
            .map(|p| {
                // Mentions come in text order without overlap: only the last one starting at
                // or before the place can hold it (a scan of all would be quadratic).
                let before = mentions.partition_point(|m| m.start <= p.start);
                let in_actor_name = before > 0 && {
                    let m = &mentions[before - 1];
                    p.end <= m.end && m.end - m.start > p.end - p.start
                };
                let tok = d.token_at_or_after(p.start);
                // "..., the ministry in Moscow said": where a source speaks from abroad is not
                // where the events it reports happened.
                let speaks_from_abroad = main_country.is_some()
                    && p.country_code.is_some()
                    && p.country_code != main_country
                    && input
                        .seg
                        .sentence_at(p.start)
                        .and_then(|si| claims[si].as_ref())
                        .is_some_and(|c| (c.start..c.end).contains(&tok));
                let usable =
                    !is_dateline(text, p) && p.kind != "demonym" && !in_actor_name && !speaks_from_abroad;
                (tok, usable)
            })
            .collect();
        let mut count_at = FxHashMap::default();
        for (i, (_, h)) in hits.iter().enumerate() {
            count_at.entry(h.np.0).or_insert(i);
            count_at.entry(h.num_end).or_insert(i);
        }
        let mtok: Vec<usize> = mentions.iter().map(|m| d.token_at_or_after(m.start)).collect();
        let times_ordered = input.times.windows(2).all(|w| w[0].start <= w[1].start)
            && input.times.iter().all(|t| t.start <= t.end);
        let title_sent = input.title.and_then(|t| input.seg.sentence_at(t.start));
        Article {
            input,
            d,
            places,
            place_info,
            place_tok,
            main_country,
            mentions,
            mtok,
            hits,
            count_at,
            claims,
            times_ordered,
            title_sent,
        }
    }

    /// The claimant of sentence `si`, when it names one.
    pub fn claim_text(&self, si: usize) -> Option<String> {
        self.claims[si].as_ref().map(|c| c.text.clone()).filter(|t| !t.is_empty())
    }

    /// The figures of sentence `si` (hits come in sentence order).
    pub fn sentence_hits(&self, si: usize) -> &[(usize, Hit)] {
        let lo = self.hits.partition_point(|(s, _)| *s < si);
        let hi = self.hits.partition_point(|(s, _)| *s <= si);
        &self.hits[lo..hi]
    }

    /// The count attached to an actor mention ("two militants").
    pub fn mention_count(&self, m: &Mention) -> Option<u64> {
        let t = self.d.token_at_or_after(m.start);
        self.count_at.get(&t).and_then(|&i| self.hits[i].1.lower_bound())
    }

    /// The places of sentence `si` (places are in text order, so they form one run).
    pub fn places_in_sentence(&self, si: usize) -> &[&'a PlaceMention] {
        let Some(s) = self.input.seg.sentences.get(si) else { return &[] };
        let lo = self.places.partition_point(|p| p.start < s.start);
        let hi = self.places.partition_point(|p| p.start < s.end);
        &self.places[lo..hi.max(lo)]
    }

    /// Is byte `pos` inside the headline?
    pub fn in_title(&self, pos: usize) -> bool {
        self.input.title.is_some_and(|t| t.start <= pos && pos < t.end)
    }

    /// The article's figures. Their strings move out of the hits: nothing after reads them.
    pub fn take_figures(&mut self, coder: &Coder) -> Vec<Figure> {
        let (input, d) = (self.input, &self.d);
        let fkeep = figure_times(d, input.times, &coder.words);
        let mut hits = std::mem::take(&mut self.hits);
        let figures = hits
            .iter_mut()
            .map(|(si, h)| {
                let s = d.seg.tokens[h.start].start;
                let e = d.seg.tokens[h.end - 1].end;
                let sent = &input.seg.sentences[*si];
                let as_of = time_for(
                    d,
                    input.times,
                    Some(&fkeep),
                    self.times_ordered,
                    (sent.start, sent.end),
                    d.seg.tokens[h.num_start].start,
                )
                .map(|(v, _)| v);
                Figure {
                    value: h.value,
                    min: h.min,
                    max: h.max,
                    qualifier: std::mem::take(&mut h.qualifier),
                    category: h.category,
                    what: std::mem::take(&mut h.what),
                    claimant: self.claim_text(*si),
                    as_of: as_of.or_else(|| input.published.map(String::from)),
                    start: s,
                    end: e,
                    quote: input.text[s..e].to_string(),
                }
            })
            .collect();
        self.hits = hits;
        figures
    }

    /// The actor mentions as the output reports them.
    pub fn actor_mentions(&self, coder: &Coder) -> Vec<ActorMention> {
        let text = self.input.text;
        self.mentions
            .iter()
            .map(|m| {
                let a = &coder.lexicon.actors[m.actor];
                ActorMention {
                    text: text[m.start..m.end].to_string(),
                    start: m.start,
                    end: m.end,
                    actor: a.name.clone(),
                    kind: a.kind,
                    country_code: a.country.clone(),
                    parent: a.parent.clone(),
                    coreference: m.coreference,
                }
            })
            .collect()
    }
}

/// The actor mentions of the text: an unqualified force ("government forces") belongs to the
/// country of the nearest place in its sentence, else to the article's main country.
fn tag_actors(
    coder: &Coder,
    input: &CodingInput,
    places: &[&PlaceMention],
    main_country: Option<&str>,
) -> Vec<Mention> {
    // The places that give a country, by sentence (country_at runs per actor mention).
    let mut index = NearestInSentence::new();
    for (i, p) in places.iter().enumerate() {
        if p.country_code.is_some() && p.kind != "demonym" {
            index.insert(input.seg.sentence_at(p.start), p.start, i);
        }
    }
    let country_at = |pos: usize| -> Option<&str> {
        let near = input.seg.sentence_at(pos).and_then(|si| index.nearest(Some(si), pos)).map(|i| places[i]);
        near.and_then(|p| p.country_code.as_deref()).or(main_country)
    };
    let agent = |w: &str| coder.is_agent_verb(w);
    let ctx = TagContext { country_at: &country_at, is_agent_verb: &agent };
    coder.lexicon.tag(input.text, &ctx)
}

/// The figures of every sentence, and each sentence's claimant (a pronoun claimant takes the
/// named claimant of the sentence before).
fn figures_and_claims(
    coder: &Coder,
    d: &DocView,
    input: &CodingInput,
    place_tok: &BTreeMap<usize, usize>,
) -> (Vec<(usize, Hit)>, Vec<Option<Claim>>) {
    let blocked_tokens = time_tokens(d, input.times);
    let mut claims: Vec<Option<Claim>> = Vec::with_capacity(input.seg.sentences.len());
    let mut hits: Vec<(usize, Hit)> = Vec::new();
    for (si, s) in input.seg.sentences.iter().enumerate() {
        let blocked = |t: usize| blocked_tokens.get(t).copied().unwrap_or(false);
        let place_end = |t: usize| place_tok.get(&t).copied();
        for h in coder.figures.find(d, s.first_token, s.end_token, &blocked, &place_end) {
            hits.push((si, h));
        }
        claims.push(coder.cues.claimant(d, s.first_token, s.end_token));
    }
    for si in 1..claims.len() {
        if claims[si].as_ref().is_some_and(|c| c.pronoun) {
            let prev =
                claims[si - 1].clone().filter(|c| !c.pronoun && c.text.starts_with(char::is_uppercase));
            if let Some(p) = prev {
                if let Some(c) = claims[si].as_mut() {
                    c.text = p.text;
                }
            } else if let Some(c) = claims[si].as_mut() {
                c.text.clear();
            }
        }
    }
    (hits, claims)
}

/// A place name joined by a hyphen to the word after it ("a UK-based monitor", "the
/// US-led coalition") describes who acts, not where.
pub(crate) fn is_attributive(text: &str, p: &PlaceMention) -> bool {
    let Some(rest) = text.get(p.end..) else { return false };
    let mut after = rest.chars();
    after.next() == Some('-') && after.next().is_some_and(char::is_lowercase)
}

/// An upper-case place opening a line ("KIRKUK (Agency) -") is the dateline, where the story
/// was filed, not where its events happened. Pages may put their time stamp before it on the
/// same line ("Updated Oct 26, 2016 KIRKUK ...").
pub(crate) fn is_dateline(text: &str, p: &PlaceMention) -> bool {
    // The name's own shape first: most places are not in capitals, and their lines need no look.
    if p.text.chars().filter(|c| c.is_alphabetic()).count() < 3 || p.text.chars().any(char::is_lowercase) {
        return false;
    }
    // Only the bytes before the place on its line matter, and a time stamp is short.
    let Some(head) = text.get(..p.start) else { return false };
    let mut from = p.start.saturating_sub(MAX_TIME_STAMP);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    let window = &head[from..];
    let before = match window.rfind('\n') {
        Some(nl) => &window[nl + 1..],
        None if from == 0 => window,
        None => return false,
    };
    is_time_stamp_or_nothing(before)
}

/// The longest line prefix read as a page's time stamp.
const MAX_TIME_STAMP: usize = 48;

/// Whether `before` is blank or a page's time stamp: "Updated", "Last updated at",
/// "Published on" or "Posted", then only a date and time (digits, month names, a.m./p.m.,
/// a time zone).
fn is_time_stamp_or_nothing(before: &str) -> bool {
    let t = before.trim().to_ascii_lowercase();
    if t.is_empty() {
        return true;
    }
    let t = t.strip_prefix("last ").unwrap_or(&t);
    let Some(rest) = ["updated", "published", "posted"].iter().find_map(|l| t.strip_prefix(l)) else {
        return false;
    };
    let mut words = rest.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).peekable();
    if words.peek().is_some_and(|w| *w == "on" || *w == "at") {
        words.next();
    }
    let is_date_word = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit())
            || MONTHS.iter().any(|m| w.len() >= 3 && m.starts_with(w))
            || matches!(w, "at" | "am" | "pm" | "a" | "p" | "m" | "gmt" | "utc")
    };
    rest.bytes().any(|b| b.is_ascii_digit()) && words.all(is_date_word)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
