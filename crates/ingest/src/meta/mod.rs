//! Article metadata from the normalised text (plus structured hints from the reader): title,
//! outlet, agency, byline, dateline, URL, every publication-date candidate, a preliminary
//! publication date when the evidence is strong and unambiguous, and the language.
//!
//! All spans are byte offsets into the normalised text.

mod recognise;
#[cfg(test)]
mod tests;

use crate::dates::{find_dates, find_url_date, leading_date, FoundDate};
use crate::knowledge::{Knowledge, SourceKind};
use eventwire_model::{DateCandidate, DateSource, Field, Metadata, PublishedBasis, Span};
use recognise::{
    agency_in_body, byline, copyright_year, date_line, dateline, headline_prefix, is_credit_line, label_end,
    plausible_title, signoff,
};

/// Metadata a reader found outside the text (JSON keys, HTML `<meta>`, feed elements).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    /// Date strings with where they came from (`Field` for published dates, `Page` for
    /// crawl dates such as WARC-Date).
    pub dates: Vec<(String, DateSource)>,
}

/// How many non-empty lines after the title may hold the byline or the dateline.
const HEAD_LINES: usize = 6;
/// How many trailing lines may hold a sign-off or copyright notice.
const TAIL_LINES: usize = 4;

/// Non-empty lines as trimmed byte ranges.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos + (line.len() - line.trim_start().len());
        let end = pos + line.trim_end().len();
        if end > start {
            out.push((start, end));
        }
        pos += line.len() + 1;
    }
    out
}

fn candidate(text: &str, base: usize, f: &FoundDate, source: DateSource) -> DateCandidate {
    let span = Span::new(base + f.start, base + f.end);
    DateCandidate {
        text: text[span.start..span.end].to_string(),
        source,
        start: Some(span.start),
        end: Some(span.end),
        readings: f.readings.clone(),
        time: f.time.clone(),
    }
}

/// Extract metadata from normalised `text`.
pub fn extract(text: &str, hints: &Hints, k: &Knowledge) -> Metadata {
    let lines = lines(text);
    let mut meta = Metadata::default();
    let mut dates = Dates::default();
    let head = head(text, &lines, k, &mut dates);
    meta.url = head.url;
    meta.title = match hints.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(match find_near_top(text, t) {
            Some(sp) => Field::at(t, sp),
            None => Field::structured(t),
        }),
        None => head.title,
    };
    let mut sources = SourceChoice { k, agency: None, outlet: None };
    let body_from = body_head(text, &lines, head.body, &mut meta, &mut dates.cands, &mut sources);
    tail(text, &lines, body_from, &mut dates.cands, &mut sources);
    if sources.agency.is_none() {
        if let Some((a, b, name)) = agency_in_body(text, lines.get(body_from).map_or(text.len(), |l| l.0), k)
        {
            sources.credit(Span::new(a, b), &name, Credit::Body);
        }
    }
    meta.agency = sources.agency.map(|a| a.0);
    apply_hints(hints, &mut meta, sources.outlet, &mut dates);
    dates.mark_page_dates();
    choose_published(&mut meta, &dates.cands);
    meta.date_candidates = dates.cands;
    meta.lang = detect_lang(text, k);
    meta
}

/// Date candidates in the order found.
#[derive(Default)]
struct Dates {
    cands: Vec<DateCandidate>,
    /// Indexes into `cands` of bare date lines above the headline (maybe page dates).
    above_title: Vec<usize>,
}

impl Dates {
    /// A bare date above the headline is the site's page date when the article carries a
    /// date of its own (field, byline, or a full dateline date).
    fn mark_page_dates(&mut self) {
        let has_own_date = self.cands.iter().any(|c| {
            matches!(c.source, DateSource::Field | DateSource::Byline | DateSource::Dateline)
                && c.readings.iter().any(|r| r.value.len() == 10 && !r.value.contains('X'))
        });
        if has_own_date {
            for &i in &self.above_title {
                self.cands[i].source = DateSource::Page;
            }
        }
    }
}

/// What the lines above the body say.
struct Head {
    title: Option<Field>,
    url: Option<Field>,
    /// Index of the first line after the headline.
    body: usize,
}

/// The lines above the headline ("Published: ..." headers, bare dates, the URL) and the
/// headline itself.
fn head(text: &str, lines: &[(usize, usize)], k: &Knowledge, dates: &mut Dates) -> Head {
    let mut head = Head { title: None, url: None, body: 0 };
    let mut li = 0;
    while li < lines.len() && li < 4 {
        let (s, e) = lines[li];
        let line = &text[s..e];
        if let Some(f) = date_line(line) {
            // A labelled line ("Published: ...") is the article's own; a bare one may be the
            // site's page date.
            if label_end(line).is_none() {
                dates.above_title.push(dates.cands.len());
            }
            dates.cands.push(candidate(text, s, &f, DateSource::Header));
            li += 1;
            continue;
        }
        // A date opening the line, then the headline: " date 2016-07-11 Headline ...",
        // "Published April 5 2017 Headline ...", "Wed 05 Apr 2017 Headline ...".
        let skip = label_end(line).unwrap_or(0);
        let lead = leading_date(&line[skip..])
            .filter(|f| skip > 0 || f.readings.iter().any(|r| r.value.len() == 10 && !r.value.contains('X')));
        if let Some(f) = lead {
            dates.cands.push(candidate(text, s + skip, &f, DateSource::Header));
            let t_start = s + skip + f.end;
            let t = text[t_start..e].trim_start_matches([' ', '\t', '-', '|', ':', '–', '—', ',']);
            li += 1;
            if let Some(t) = headline_prefix(t) {
                let ts = t.as_ptr() as usize - text.as_ptr() as usize;
                head.title = Some(Field::at(t, Span::new(ts, ts + t.len())));
                break;
            }
            continue;
        }
        if (line.starts_with("http://") || line.starts_with("https://")) && !line.contains(' ') {
            head.url = Some(Field::at(line, Span::new(s, e)));
            li += 1;
            continue;
        }
        break;
    }
    // The headline: the next line, unless it is already the body (a dateline paragraph).
    // The headline needs a body after it: a one-line text is all body.
    if head.title.is_none() && li + 1 < lines.len() {
        let (s, e) = lines[li];
        let line = &text[s..e];
        if plausible_title(line) && dateline(line, k, true).is_none() && byline(line, k).is_none() {
            head.title = Some(Field::at(line, Span::new(s, e)));
            li += 1;
        }
    }
    head.body = li;
    head
}

/// How a line credits an agency, strongest first: a stronger credit replaces a weaker one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Credit {
    /// "BAGHDAD (Reuters) -".
    Dateline,
    /// "By Reuters Staff".
    Byline,
    /// "... — Reuters" ending the text, or a last line that is only the agency's name.
    SignOff,
    /// "© AFP 2018".
    Copyright,
    /// "Reuters contributed to this report", "Source: AFP".
    Contributed,
    /// "told AFP", "an AFP correspondent" in the body.
    Body,
}

/// The article's agency (with how strongly it is credited) and outlet, as its lines name them.
struct SourceChoice<'k> {
    k: &'k Knowledge,
    agency: Option<(Field, Credit)>,
    outlet: Option<Field>,
}

impl SourceChoice<'_> {
    /// A known source named at `span`: the agency unless a stronger credit named one, and the
    /// outlet when it is the first outlet named.
    fn credit(&mut self, span: Span, name: &str, credit: Credit) {
        let Some(src) = self.k.source(name) else { return };
        if self.agency.as_ref().is_none_or(|a| credit < a.1) {
            self.agency = Some((Field::at(src.name.clone(), span), credit));
        }
        if src.kind == SourceKind::Outlet && self.outlet.is_none() {
            self.outlet = Some(Field::at(src.name.clone(), span));
        }
    }

    /// Every known source named in `line`, which starts at `start` in the text.
    fn credit_all(&mut self, line: &str, start: usize, credit: Credit) {
        let k = self.k;
        for (a, b, src) in k.sources_in(line) {
            self.credit(Span::new(start + a, start + b), &src.name, credit);
        }
    }
}

/// Byline, extra date lines and dateline in the first lines of the body, from line `from`.
/// Returns the index of the first line after the byline and date lines.
fn body_head(
    text: &str,
    lines: &[(usize, usize)],
    from: usize,
    meta: &mut Metadata,
    cands: &mut Vec<DateCandidate>,
    sources: &mut SourceChoice,
) -> usize {
    let k = sources.k;
    let head_end = (from + HEAD_LINES).min(lines.len());
    let mut body_from = from;
    let mut first_body = true;
    for &(s, e) in &lines[from..head_end] {
        let line = &text[s..e];
        let is_first_body = std::mem::replace(&mut first_body, false);
        if meta.byline.is_none() && meta.dateline.is_none() {
            if let Some(((ns, ne), date)) = byline(line, k) {
                meta.byline = Some(Field::at(&line[ns..ne], Span::new(s + ns, s + ne)));
                if let Some(f) = date {
                    cands.push(candidate(text, s, &f, DateSource::Byline));
                }
                sources.credit_all(line, s, Credit::Byline);
                body_from += 1;
                first_body = true;
                continue;
            }
            if let Some(f) = date_line(line) {
                cands.push(candidate(text, s, &f, DateSource::Header));
                body_from += 1;
                first_body = true;
                continue;
            }
        }
        if meta.dateline.is_none() {
            if let Some(d) = dateline(line, k, is_first_body) {
                let (a, b) = d.span;
                meta.dateline = Some(Field::at(&line[a..b], Span::new(s + a, s + b)));
                if let Some((ds, de)) = d.date {
                    if let Some(f) = find_dates(&line[ds..de]).into_iter().next() {
                        cands.push(candidate(text, s + ds, &f, DateSource::Dateline));
                    }
                }
                if let Some((ss, se)) = d.src {
                    sources.credit(Span::new(s + ss, s + se), &line[ss..se], Credit::Dateline);
                }
                break;
            }
        }
    }
    body_from
}

/// Sign-off, credit lines and copyright notice in the last lines (none above `body_from`).
fn tail(
    text: &str,
    lines: &[(usize, usize)],
    body_from: usize,
    cands: &mut Vec<DateCandidate>,
    sources: &mut SourceChoice,
) {
    let tail_start = lines.len().saturating_sub(TAIL_LINES).max(body_from.min(lines.len()));
    for &(s, e) in &lines[tail_start..] {
        let line = &text[s..e];
        if let Some(y) = copyright_year(line) {
            cands.push(DateCandidate {
                text: y.as_str().to_string(),
                source: DateSource::Copyright,
                start: Some(s + y.start()),
                end: Some(s + y.end()),
                readings: vec![eventwire_model::DateReading {
                    value: y.as_str().to_string(),
                    order: "year".into(),
                }],
                time: None,
            });
            sources.credit_all(line, s, Credit::Copyright);
        } else if is_credit_line(line) {
            sources.credit_all(line, s, Credit::Contributed);
        } else if let Some(m) = signoff(line) {
            sources.credit(Span::new(s + m.start(), s + m.end()), m.as_str().trim(), Credit::SignOff);
        } else if let Some(src) =
            sources.k.source(line.trim_matches(|c: char| c == '(' || c == ')' || c == '.'))
        {
            let inner = line.trim_start_matches('(');
            let off = line.len() - inner.len();
            let name = src.name.clone();
            let end = s + off + inner.trim_end_matches(['(', ')', '.']).len();
            sources.credit(Span::new(s + off, end), &name, Credit::SignOff);
        }
    }
}

/// Structured hints from the reader: outlet and URL replace what the text says, a byline
/// fills in a missing one, and structured dates go first among the candidates, in the order
/// the reader found them.
fn apply_hints(hints: &Hints, meta: &mut Metadata, outlet: Option<Field>, dates: &mut Dates) {
    let cands = &mut dates.cands;
    let given =
        |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(Field::structured);
    meta.outlet = given(&hints.outlet).or(outlet);
    if meta.byline.is_none() {
        meta.byline = given(&hints.byline);
    }
    if let Some(u) = given(&hints.url) {
        meta.url = Some(u);
    }
    if let Some(u) = &meta.url {
        if let Some(r) = find_url_date(&u.value) {
            cands.push(DateCandidate {
                text: u.value.clone(),
                source: DateSource::Url,
                start: u.start,
                end: u.end,
                readings: vec![r],
                time: None,
            });
        }
    }
    let structured = hints.dates.iter().filter_map(|(raw, source)| {
        let f = find_dates(raw).into_iter().next()?;
        Some(DateCandidate {
            text: raw.trim().to_string(),
            source: *source,
            start: None,
            end: None,
            readings: f.readings,
            time: f.time,
        })
    });
    let structured: Vec<DateCandidate> = structured.collect();
    // The bare dates above the headline move back by as many places.
    for i in &mut dates.above_title {
        *i += structured.len();
    }
    dates.cands.splice(0..0, structured);
}

/// The span of `needle` in the first part of `text`, if it occurs there.
fn find_near_top(text: &str, needle: &str) -> Option<Span> {
    let mut limit = text.len().min(4000);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    text[..limit].find(needle).map(|i| Span::new(i, i + needle.len()))
}

/// Pick a preliminary publication date only from strong, unambiguous evidence.
fn choose_published(meta: &mut Metadata, cands: &[DateCandidate]) {
    let ranked = [
        (DateSource::Field, PublishedBasis::Field, 0.95, "structured date field"),
        (DateSource::Byline, PublishedBasis::Byline, 0.9, "byline date"),
        (DateSource::Dateline, PublishedBasis::Dateline, 0.85, "dateline date"),
        (DateSource::Header, PublishedBasis::Header, 0.75, "header date"),
    ];
    for (source, basis, conf, what) in ranked {
        let Some(c) = cands.iter().find(|c| c.source == source) else { continue };
        // The strongest source decides: if it is ambiguous, leave the choice to the
        // content-based dating rather than falling back to weaker evidence.
        if c.readings.len() == 1 && c.readings[0].value.len() == 10 && !c.readings[0].value.contains('X') {
            meta.published = Some(c.readings[0].value.clone());
            meta.published_basis = basis;
            meta.published_confidence = conf;
            meta.published_reason = Some(format!("{what} \"{}\" read as {}", c.text, c.readings[0].order));
        }
        return;
    }
}

/// A small stop-word language detector; `None` when the evidence is thin or mixed.
pub fn detect_lang(text: &str, k: &Knowledge) -> Option<String> {
    let mut counts = vec![0usize; k.langs.len()];
    let mut words = 0usize;
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphabetic() && c != '\'').filter(|w| !w.is_empty()).take(1500) {
        words += 1;
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(w.chars().flat_map(char::to_lowercase));
        }
        for &l in k.stopword_langs(&lower) {
            counts[l] += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (best, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    (n >= 3 && n * 10 >= words && n * 2 > second * 3).then(|| k.langs[best].clone())
}
