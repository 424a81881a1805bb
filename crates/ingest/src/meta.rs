//! Article metadata from the normalised text (plus structured hints from the reader): title,
//! outlet, agency, byline, dateline, URL, every publication-date candidate, a preliminary
//! publication date when the evidence is strong and unambiguous, and the language.
//!
//! All spans are byte offsets into the normalised text.

use crate::dates::{find_dates, find_url_date, FoundDate};
use crate::knowledge::{Knowledge, SourceKind};
use eventwire_model::{DateCandidate, DateSource, Field, Metadata, PublishedBasis, Span};
use regex::Regex;
use std::sync::OnceLock;

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

/// Longest line still taken as a headline.
const MAX_TITLE: usize = 300;
/// How many non-empty lines after the title may hold the byline or the dateline.
const HEAD_LINES: usize = 6;
/// How many trailing lines may hold a sign-off or copyright notice.
const TAIL_LINES: usize = 4;

struct Patterns {
    label: Regex,
    byline_by: Regex,
    byline_sep: Regex,
    name_only: Regex,
    dateline_caps: Regex,
    dateline_title: Regex,
    dateline_plain: Regex,
    contributed: Regex,
    source_line: Regex,
    dateline_src: Regex,
    signoff: Regex,
    copyright: Regex,
}

const NAME: &str = r"\p{Lu}[\p{L}'’.\-]+(?:\s+(?:\p{Lu}[\p{L}'’.\-]*|al|el|bin|van|von|de|da))*";
const REGION: &str = r"\p{Lu}[\p{L}.'’\-]+(?:\s+(?:\p{Lu}[\p{L}.'’\-]+|of|al|el|the|de))*";
const DL_DATE: &str =
    r"\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+\p{Lu}\p{Ll}{2,8}\.?(?:\s+\d{4})?";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("metadata pattern");
        Patterns {
            label: re(
                r"^(?i:(?:last\s+)?(?:published|posted|updated|modified|date\s+of\s+publication|publication\s+date|date|dated)(?:\s+(?:on|at))?)\s*:?\s*",
            ),
            byline_by: re(&format!(r"^(?:By|BY)\s+(?P<name>{NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){NAME})*)")),
            name_only: re(&format!(r"^(?P<name>{NAME})")),
            byline_sep: re(&format!(r"^(?P<name>{NAME})\s*(?:[|•·]|,|\s[-–—])\s*")),
            dateline_caps: re(&format!(
                r"^(?P<place>\p{{Lu}}[\p{{Lu}}'’.\-]+(?:[ /]\p{{Lu}}[\p{{Lu}}'’.\-]*){{0,4}})(?:,\s*(?P<region>{REGION}))?(?:,\s*(?P<date>{DL_DATE}))?(?:\s*\((?P<src>[^()\n]{{2,40}})\))?\s*(?P<sep>--|[-–—:])?"
            )),
            dateline_title: re(&format!(
                r"^(?P<place>\p{{Lu}}[\p{{L}}'’.\-]+(?:[ /]\p{{Lu}}[\p{{L}}'’.\-]+){{0,3}})(?:,\s*(?P<region>{REGION}))?(?:,\s*(?P<date>{DL_DATE}))?\s*\((?P<src>[^()\n]{{2,40}})\)\s*(?P<sep>--|[-–—:])?"
            )),
            dateline_plain: re(&format!(
                r"^(?P<place>\p{{Lu}}\p{{Ll}}[\p{{L}}'’.\-]*(?:[ /]\p{{Lu}}[\p{{L}}'’.\-]+){{0,2}}),\s*(?P<region>\p{{Lu}}\p{{Ll}}[\p{{L}}.'’\-]*(?:\s+\p{{Lu}}[\p{{L}}.'’\-]+){{0,2}})(?:,\s*(?P<date>{DL_DATE}))?\s+(?P<sep>--|[—–-])\s"
            )),
            source_line: re(r"^(?i:sources?|via)\s*:"),
            contributed: re(r"(?i)\b(?:contributed|additional reporting|reporting by|reported by|with reporting from)\b"),
            dateline_src: re(r"^\((?P<src>[^()\n]{2,40})\)\s*(?P<sep>--|[-–—:])?"),
            signoff: re(r"(?:^|\s)(?:--|[—–-])\s*\(?(?P<src>[\p{L}][\p{L}\d /'’.\-]{1,40}?)\)?\s*\.?$"),
            copyright: re(r"(?i:copyright|©|\(c\))[^\n\d]{0,60}?(?P<y1>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?"),
        }
    })
}

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

/// The date filling a whole line (after an optional "Published:" label), if any.
fn date_line(line: &str) -> Option<FoundDate> {
    let skip = patterns().label.find(line).map_or(0, |m| m.end());
    let rest = &line[skip..];
    let mut found = find_dates(rest);
    if found.len() != 1 || found[0].start != 0 {
        return None;
    }
    let tail = rest[found[0].end..].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    // A trailing time zone is fine; any other words make it a sentence.
    let tz_like =
        tail.len() <= 5 && tail.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+');
    if !(tail.is_empty() || tz_like) {
        return None;
    }
    let mut f = found.remove(0);
    f.start += skip;
    f.end += skip;
    Some(f)
}

/// A byline: the author's name span (relative to the line) and a date after it, if any.
fn byline(line: &str, k: &Knowledge) -> Option<((usize, usize), Option<FoundDate>)> {
    let p = patterns();
    if line.len() > 160 {
        return None;
    }
    let shift = |f: FoundDate, by: usize| FoundDate { start: f.start + by, end: f.end + by, ..f };
    if let Some(c) = p.byline_by.captures(line) {
        let name = c.name("name").unwrap();
        let date = find_dates(&line[name.end()..]).into_iter().next().map(|f| shift(f, name.end()));
        return Some(((name.start(), name.end()), date));
    }
    // "29 June, 2017 | Melinda Barton": a full date, a separator, then the name.
    if let Some(f) = find_dates(line).into_iter().next().filter(|f| f.start == 0) {
        let rest = &line[f.end..];
        let skip = rest.len() - rest.trim_start_matches([' ', '|', '•', '·', ',', '-', '–', '—']).len();
        if skip > 0 {
            let c = p.byline_sep.captures(&rest[skip..]).or_else(|| p.name_only.captures(&rest[skip..]))?;
            let name = c.name("name").unwrap();
            let words = name.as_str().split_whitespace().count();
            let whole = name.end() == rest[skip..].trim_end().len();
            if (2..=4).contains(&words) && whole {
                let off = f.end + skip;
                return Some(((off + name.start(), off + name.end()), Some(f)));
            }
        }
        return None;
    }
    let c = p.byline_sep.captures(line)?;
    let name = c.name("name").unwrap();
    let after = c.get(0).unwrap().end();
    let words = line[name.start()..name.end()].split_whitespace().count();
    if !(2..=4).contains(&words) {
        return None;
    }
    // Without "By", a name counts when a date follows it directly ("Name | 29 June, 2017"),
    // or when all that follows is a known agency ("Maher Chmaytelli, Reuters").
    if let Some(f) = find_dates(&line[after..]).into_iter().next().filter(|f| f.start == 0) {
        return Some(((name.start(), name.end()), Some(shift(f, after))));
    }
    let rest = line[after..].trim().trim_end_matches('.');
    k.source(rest).map(|_| ((name.start(), name.end()), None))
}

/// A dateline at the start of `line`.
struct Dateline {
    /// The dateline without its separator, relative to the line.
    span: (usize, usize),
    date: Option<(usize, usize)>,
    src: Option<(usize, usize)>,
}

fn dateline(line: &str, k: &Knowledge, first_body: bool) -> Option<Dateline> {
    let p = patterns();
    let known = |s: &str| k.source(s).is_some();
    let build = |c: &regex::Captures, need_known_src: bool| -> Option<Dateline> {
        let src = c.name("src").map(|m| (m.start(), m.end()));
        let src_known = c.name("src").is_some_and(|m| known(m.as_str()));
        if need_known_src && !src_known {
            return None;
        }
        // An unknown parenthesis ("(UPDATED)") or no separator at all is not a dateline.
        if c.name("src").is_some() && !src_known {
            return None;
        }
        if c.name("sep").is_none() && !src_known {
            return None;
        }
        let end = c.name("sep").map_or(c.get(0).unwrap().end(), |m| m.start());
        let value_end = line[..end].trim_end().len();
        let rest = &line[c.get(0).unwrap().end()..];
        // A dateline opens a sentence: something must follow it.
        if rest.trim().is_empty() {
            return None;
        }
        Some(Dateline {
            span: (0, value_end),
            date: c.name("date").map(|m| (m.start(), m.end())),
            src: src.filter(|_| src_known),
        })
    };
    if let Some(c) = p.dateline_caps.captures(line) {
        let place = c.name("place").unwrap().as_str();
        let first = place.split([' ', '/']).next().unwrap_or("");
        let letters = place.chars().filter(|c| c.is_alphabetic()).count();
        // "BAGHDAD:" yes, "UPDATE:" or "UN:" no.
        if letters >= 3 && !k.dateline_stopwords.contains(first) && !k.dateline_stopwords.contains(place) {
            if let Some(d) = build(&c, false) {
                return Some(d);
            }
        }
    }
    if let Some(c) = p.dateline_title.captures(line) {
        if let Some(d) = build(&c, true) {
            return Some(d);
        }
    }
    if let Some(c) = p.dateline_src.captures(line) {
        return build(&c, true);
    }
    // "Mosul, Iraq — ...": title case without an agency, only opening the first paragraph.
    if first_body {
        if let Some(c) = p.dateline_plain.captures(line) {
            let first = c.name("place").unwrap().as_str().split([' ', '/']).next().unwrap_or("");
            if !k.dateline_stopwords.contains(first) {
                return build(&c, false);
            }
        }
    }
    None
}

/// The headline at the start of `rest`: all of it when it is headline-sized, else its first
/// sentence when headline and body were run together on one line.
fn headline_prefix(rest: &str) -> Option<&str> {
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    // A sentence end inside the first 200 bytes: ". " + capital, not after an initialism
    // ("U.S. Troops" does not cut).
    let cut = rest.char_indices().take_while(|&(i, _)| i < 200).find(|&(i, c)| {
        let word = rest[..i].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        c == '.'
            && (word.chars().count() >= 2 && !word.contains('.') || rest[..i].ends_with(' '))
            && rest[i + 1..].starts_with(' ')
            && rest[i + 1..].trim_start().chars().next().is_some_and(char::is_uppercase)
    });
    if let Some((i, _)) = cut {
        let t = rest[..i].trim_end();
        // A run-together headline is short and is not itself a reported-speech lead.
        let words = t.split_whitespace().count();
        let reported = ["said", "says", "reported", "announced"].iter().any(|w| t.ends_with(w));
        // Headlines use the present tense; "were killed" marks a lead sentence.
        let past = t.split_whitespace().any(|w| matches!(w, "was" | "were" | "had" | "have" | "has"));
        if (3..=14).contains(&words) && letters(t) >= 8 && !reported && !past {
            return Some(t);
        }
        return None;
    }
    (plausible_title(rest) && letters(rest) >= 8).then_some(rest)
}

fn plausible_title(line: &str) -> bool {
    line.len() <= MAX_TITLE && line.chars().any(char::is_alphabetic) && !line.starts_with("http")
}

/// Extract metadata from normalised `text`.
/// Words after a wire agency's name that make it the article's own reporter ("an AFP
/// correspondent", "an AFP tally").
const OWN_REPORTER_AFTER: &[&str] = &[
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "journalist",
    "photographer",
    "stringer",
    "tally",
];

/// The wire agency the body credits as its own reporter, when no line names one: "told AFP",
/// "told the Associated Press", "an AFP correspondent". Returns byte span and name.
fn agency_in_body(text: &str, body_from: usize, k: &Knowledge) -> Option<(usize, usize, String)> {
    let body = text.get(body_from..)?;
    k.sources_in(body).into_iter().find_map(|(a, b, src)| {
        if src.kind != SourceKind::Wire {
            return None;
        }
        let before = body[..a].trim_end();
        let before = before.strip_suffix(" the").unwrap_or(before);
        let told = before.ends_with(" told") || before == "told";
        let next = body[b..].trim_start().split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        let own = OWN_REPORTER_AFTER.contains(&next.to_lowercase().as_str());
        (told || own).then(|| (body_from + a, body_from + b, src.name.clone()))
    })
}

pub fn extract(text: &str, hints: &Hints, k: &Knowledge) -> Metadata {
    let p = patterns();
    let mut meta = Metadata::default();
    let lines = lines(text);
    let mut cands: Vec<DateCandidate> = Vec::new();
    // Indexes into `cands` of bare date lines above the headline (maybe page dates).
    let mut above_title: Vec<usize> = Vec::new();
    let mut title: Option<Field> = None;
    let mut li = 0;

    // Lines above the headline: "date ..." headers, bare dates, URLs.
    while li < lines.len() && li < 4 {
        let (s, e) = lines[li];
        let line = &text[s..e];
        if let Some(f) = date_line(line) {
            // A labelled line ("Published: ...") is the article's own; a bare one may be the
            // site's page date.
            if !p.label.is_match(line) {
                above_title.push(cands.len());
            }
            cands.push(candidate(text, s, &f, DateSource::Header));
            li += 1;
            continue;
        }
        // A date opening the line, then the headline: " date 2016-07-11 Headline ...",
        // "Published April 5 2017 Headline ...", "Wed 05 Apr 2017 Headline ...".
        let skip = p.label.find(line).map_or(0, |m| m.end());
        let lead = find_dates(&line[skip..]).into_iter().next().filter(|f| {
            f.start == 0
                && (skip > 0 || f.readings.iter().any(|r| r.value.len() == 10 && !r.value.contains('X')))
        });
        if let Some(f) = lead {
            cands.push(candidate(text, s + skip, &f, DateSource::Header));
            let t_start = s + skip + f.end;
            let t = text[t_start..e].trim_start_matches([' ', '\t', '-', '|', ':', '–', '—', ',']);
            li += 1;
            if let Some(t) = headline_prefix(t) {
                let ts = t.as_ptr() as usize - text.as_ptr() as usize;
                title = Some(Field::at(t, Span::new(ts, ts + t.len())));
                break;
            }
            continue;
        }
        if (line.starts_with("http://") || line.starts_with("https://")) && !line.contains(' ') {
            meta.url = Some(Field::at(line, Span::new(s, e)));
            li += 1;
            continue;
        }
        break;
    }
    // The headline: the next line, unless it is already the body (a dateline paragraph).
    // The headline needs a body after it: a one-line text is all body.
    if title.is_none() && li + 1 < lines.len() {
        let (s, e) = lines[li];
        let line = &text[s..e];
        if plausible_title(line) && dateline(line, k, true).is_none() && byline(line, k).is_none() {
            title = Some(Field::at(line, Span::new(s, e)));
            li += 1;
        }
    }
    if let Some(t) = hints.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        title = Some(match find_near_top(text, t) {
            Some(sp) => Field::at(t, sp),
            None => Field::structured(t),
        });
    }
    meta.title = title;

    // Byline, extra date lines and dateline in the first lines of the body.
    let mut agency: Option<(Field, u8)> = None; // (field, priority: lower is stronger)
    let mut outlet: Option<Field> = None;
    let mut set_source = |name_span: Span, name: &str, prio: u8, agency: &mut Option<(Field, u8)>| {
        let Some(src) = k.source(name) else { return };
        if agency.as_ref().is_none_or(|a| prio < a.1) {
            *agency = Some((Field::at(src.name.clone(), name_span), prio));
        }
        if src.kind == SourceKind::Outlet && outlet.is_none() {
            outlet = Some(Field::at(src.name.clone(), name_span));
        }
    };
    let head_end = (li + HEAD_LINES).min(lines.len());
    let mut body_from = li;
    let mut first_body = true;
    for &(s, e) in &lines[li..head_end] {
        let line = &text[s..e];
        let is_first_body = std::mem::replace(&mut first_body, false);
        if meta.byline.is_none() && meta.dateline.is_none() {
            if let Some(((ns, ne), date)) = byline(line, k) {
                meta.byline = Some(Field::at(&line[ns..ne], Span::new(s + ns, s + ne)));
                if let Some(f) = date {
                    cands.push(candidate(text, s, &f, DateSource::Byline));
                }
                for (a, b, src) in k.sources_in(line) {
                    set_source(Span::new(s + a, s + b), &src.name, 1, &mut agency);
                }
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
                    set_source(Span::new(s + ss, s + se), &line[ss..se], 0, &mut agency);
                }
                break;
            }
        }
    }

    // Sign-off and copyright in the last lines.
    let tail_start = lines.len().saturating_sub(TAIL_LINES).max(body_from.min(lines.len()));
    for &(s, e) in &lines[tail_start..] {
        let line = &text[s..e];
        if let Some(c) = p.copyright.captures(line) {
            let y = c.name("y2").or(c.name("y1")).unwrap();
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
            for (a, b, src) in k.sources_in(line) {
                set_source(Span::new(s + a, s + b), &src.name, 3, &mut agency);
            }
        } else if (p.contributed.is_match(line) || p.source_line.is_match(line)) && line.len() < 300 {
            // "Reuters contributed to this report", "Additional reporting by AFP".
            for (a, b, src) in k.sources_in(line) {
                set_source(Span::new(s + a, s + b), &src.name, 4, &mut agency);
            }
        } else if let Some(c) = p.signoff.captures(line) {
            let m = c.name("src").unwrap();
            set_source(Span::new(s + m.start(), s + m.end()), m.as_str().trim(), 2, &mut agency);
        } else if let Some(src) = k.source(line.trim_matches(|c: char| c == '(' || c == ')' || c == '.')) {
            let inner = line.trim_start_matches('(');
            let off = line.len() - inner.len();
            let name = src.name.clone();
            set_source(
                Span::new(s + off, s + off + inner.trim_end_matches(['(', ')', '.']).len()),
                &name,
                2,
                &mut agency,
            );
        }
    }
    if agency.is_none() {
        if let Some((a, b, name)) = agency_in_body(text, lines.get(body_from).map_or(text.len(), |l| l.0), k)
        {
            set_source(Span::new(a, b), &name, 5, &mut agency);
        }
    }
    meta.agency = agency.map(|a| a.0);

    // Structured hints.
    if let Some(o) = hints.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        outlet = Some(Field::structured(o));
    }
    meta.outlet = outlet;
    if let Some(b) = hints.byline.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        if meta.byline.is_none() {
            meta.byline = Some(Field::structured(b));
        }
    }
    if let Some(u) = hints.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        meta.url = Some(Field::structured(u));
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
    // Structured dates first, in the order the reader found them.
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
    cands.splice(0..0, structured.collect::<Vec<_>>());

    // A bare date above the headline is the site's page date when the article carries a
    // date of its own (field, byline, or a full dateline date).
    let has_own_date = cands.iter().any(|c| {
        matches!(c.source, DateSource::Field | DateSource::Byline | DateSource::Dateline)
            && c.readings.iter().any(|r| r.value.len() == 10 && !r.value.contains('X'))
    });
    if has_own_date {
        for &i in &above_title {
            cands[i].source = DateSource::Page;
        }
    }
    choose_published(&mut meta, &cands);
    meta.date_candidates = cands;
    meta.lang = detect_lang(text, k);
    meta
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
        lower.extend(w.chars().flat_map(char::to_lowercase));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Knowledge {
        Knowledge::load(None).unwrap()
    }

    fn at<'a>(text: &'a str, f: &Field) -> &'a str {
        &text[f.start.unwrap()..f.end.unwrap()]
    }

    #[test]
    fn header_line_with_headline_keeps_both_readings() {
        let text = " date 2015-04-09 Militants shell border town as army pushes north\n\n(AFP) Army units advanced on Monday toward the town, officials said.\n";
        let m = extract(text, &Hints::default(), &k());
        assert_eq!(m.title.as_ref().unwrap().value, "Militants shell border town as army pushes north");
        assert_eq!(at(text, m.title.as_ref().unwrap()), m.title.as_ref().unwrap().value);
        let c = &m.date_candidates[0];
        assert_eq!(c.source, DateSource::Header);
        assert_eq!(c.text, "2015-04-09");
        let r: Vec<_> = c.readings.iter().map(|r| (r.value.as_str(), r.order.as_str())).collect();
        assert_eq!(r, [("2015-04-09", "ymd"), ("2015-09-04", "ydm")]);
        assert_eq!(m.agency.as_ref().unwrap().value, "AFP");
        assert_eq!(m.dateline.as_ref().unwrap().value, "(AFP)");
        // Ambiguous header: no preliminary date.
        assert_eq!(m.published, None);
        assert_eq!(m.published_basis, PublishedBasis::Unknown);
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn page_date_above_title_and_byline_date() {
        let text = "Tuesday, 3 March, 2020\n\nRebels lose ground near the coast\n\nSara Lind | 14 May, 2018, 17:45\n\nGovernment troops pushed into the district on Sunday.\n";
        let m = extract(text, &Hints::default(), &k());
        assert_eq!(m.title.as_ref().unwrap().value, "Rebels lose ground near the coast");
        assert_eq!(m.byline.as_ref().unwrap().value, "Sara Lind");
        let srcs: Vec<_> =
            m.date_candidates.iter().map(|c| (c.source, c.readings[0].value.as_str())).collect();
        assert_eq!(srcs, [(DateSource::Page, "2020-03-03"), (DateSource::Byline, "2018-05-14")]);
        assert_eq!(m.date_candidates[1].time.as_deref(), Some("17:45"));
        assert_eq!(m.published.as_deref(), Some("2018-05-14"));
        assert_eq!(m.published_basis, PublishedBasis::Byline);
    }

    #[test]
    fn datelines_of_several_styles() {
        let kn = k();
        let cases = [
            ("KIRKUK/TUZ KHURMATU, Iraq: Clashes erupted overnight.", "KIRKUK/TUZ KHURMATU, Iraq", None),
            (
                "DEIR EZZOR (Kurdistan 24) - Fighters advanced.",
                "DEIR EZZOR (Kurdistan 24)",
                Some("Kurdistan 24"),
            ),
            (
                "TIKRIT, Iraq, Nov 7 (Reuters) - Troops entered.",
                "TIKRIT, Iraq, Nov 7 (Reuters)",
                Some("Reuters"),
            ),
            ("Aleppo (AFP) - Shelling resumed.", "Aleppo (AFP)", Some("AFP")),
            ("KABUL, Afghanistan — A bomb exploded.", "KABUL, Afghanistan", None),
            ("Mosul, Iraq — Troops entered the old city.", "Mosul, Iraq", None),
            ("DAMASCUS, March 5 (Xinhua) -- Shells fell.", "DAMASCUS, March 5 (Xinhua)", Some("Xinhua")),
        ];
        for (para, dl, agency) in cases {
            let text = format!("Some headline here\n\n{para}\n");
            let m = extract(&text, &Hints::default(), &kn);
            assert_eq!(m.dateline.as_ref().map(|d| d.value.as_str()), Some(dl), "{para}");
            assert_eq!(at(&text, m.dateline.as_ref().unwrap()), dl);
            assert_eq!(m.agency.as_ref().map(|a| a.value.as_str()), agency, "{para}");
        }
        let m =
            extract("Headline\n\nTIKRIT, Iraq, Nov 7 (Reuters) - Troops entered.", &Hints::default(), &kn);
        assert_eq!(m.date_candidates[0].source, DateSource::Dateline);
        assert_eq!(m.date_candidates[0].readings[0].value, "XXXX-11-07");
        assert_eq!(m.published, None);
    }

    #[test]
    fn not_datelines() {
        let kn = k();
        for para in [
            "UPDATE: Figures revised.",
            "ISIS fighters - at least 40 - were seen.",
            "UN: aid is blocked.",
            "However, Turkey - a NATO member - objected.",
            "BAGHDAD-based officials said so.",
        ] {
            let text = format!("Headline\n\n{para}\n");
            assert!(extract(&text, &Hints::default(), &kn).dateline.is_none(), "{para}");
        }
    }

    #[test]
    fn byline_shapes() {
        let kn = k();
        let cases = [
            ("By Ahmed Rasheed and Maher Chmaytelli", "Ahmed Rasheed and Maher Chmaytelli", None, None),
            ("Maher Chmaytelli, Reuters", "Maher Chmaytelli", None, Some("Reuters")),
            ("7 November 2016 | Sara Lind", "Sara Lind", Some("2016-11-07"), None),
            ("Sara Lind | Nov 7, 2016 10:14 AM", "Sara Lind", Some("2016-11-07"), None),
        ];
        for (line, name, date, agency) in cases {
            let text = format!("Headline of the story\n{line}\n\nBody text here.");
            let m = extract(&text, &Hints::default(), &kn);
            assert_eq!(m.byline.as_ref().map(|b| b.value.as_str()), Some(name), "{line}");
            assert_eq!(at(&text, m.byline.as_ref().unwrap()), name);
            let bd = m.date_candidates.iter().find(|c| c.source == DateSource::Byline);
            assert_eq!(bd.map(|c| c.readings[0].value.as_str()), date, "{line}");
            assert_eq!(m.agency.as_ref().map(|a| a.value.as_str()), agency, "{line}");
        }
        // Two capitalised words followed by a comma are not a byline on their own.
        let m = extract("Headline\nGovernment forces, backed by jets\n\nBody.", &Hints::default(), &kn);
        assert!(m.byline.is_none());
        let m = extract("Headline\n\nBody.\n\nSource: Al Jazeera and news agencies", &Hints::default(), &kn);
        assert_eq!(m.agency.unwrap().value, "Al Jazeera");
    }

    #[test]
    fn signoff_and_copyright() {
        let kn = k();
        let text = "Headline\n\nFighting went on.\nThe army said so. — Reuters";
        assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "Reuters");
        let text =
            "Headline\n\nFighting went on.\n\nCopyright (c) 2011. RFE/RL, Inc. Reprinted with permission.";
        let m = extract(text, &Hints::default(), &kn);
        assert_eq!(m.agency.unwrap().value, "RFE/RL");
        assert_eq!(m.outlet.unwrap().value, "RFE/RL");
        let c = m.date_candidates.last().unwrap();
        assert_eq!((c.source, c.text.as_str()), (DateSource::Copyright, "2011"));
        assert_eq!(m.published, None);
        let m = extract("Headline\n\nText.\n\n© AFP 2018", &Hints::default(), &kn);
        assert_eq!(m.date_candidates[0].text, "2018");
        assert_eq!(m.agency.unwrap().value, "AFP");
        let m = extract("Headline\n\nText.\n\nReuters contributed to this report.", &Hints::default(), &kn);
        assert_eq!(m.agency.unwrap().value, "Reuters");
        let m = extract("Headline\nBy Reuters Staff\n\nText.", &Hints::default(), &kn);
        assert_eq!(m.agency.unwrap().value, "Reuters");
    }

    #[test]
    fn the_body_credits_its_own_agency() {
        let kn = k();
        let text = "Headline\n\nShelling went on overnight, a resident told AFP by telephone.";
        let m = extract(text, &Hints::default(), &kn);
        let a = m.agency.unwrap();
        assert_eq!(a.value, "AFP");
        assert_eq!(at(text, &a), "AFP", "the evidence is the name in the body");
        let text = "Headline\n\nThe commander told the Associated Press that the town had fallen.";
        assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "AP");
        let text = "Headline\n\nAn AFP correspondent saw smoke over the town.";
        assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "AFP");
        // Merely citing another agency's report is no credit; a dateline agency wins anyway.
        let text = "Headline\n\nReuters reported the strike on Monday.";
        assert_eq!(extract(text, &Hints::default(), &kn).agency, None);
        let text = "BEIRUT (Reuters) - Fighting went on, a resident told AFP.";
        assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "Reuters");
    }

    #[test]
    fn structured_hints_win_and_field_date_is_published() {
        let hints = Hints {
            title: Some("Ceasefire collapses".into()),
            outlet: Some("Levant Ledger".into()),
            url: Some("https://example.org/2019/05/02/ceasefire".into()),
            dates: vec![
                ("2019-05-02T08:00:00Z".into(), DateSource::Field),
                ("2019-05-09".into(), DateSource::Field),
            ],
            ..Default::default()
        };
        let text = "Ceasefire collapses\n\nShelling resumed on Thursday.";
        let m = extract(text, &hints, &k());
        assert_eq!(m.title.as_ref().unwrap().span(), Some(Span::new(0, 19)));
        assert_eq!(m.outlet.unwrap(), Field::structured("Levant Ledger"));
        assert_eq!(m.published.as_deref(), Some("2019-05-02"));
        assert_eq!(m.published_basis, PublishedBasis::Field);
        assert!(m.date_candidates.iter().any(|c| c.source == DateSource::Url));
    }

    #[test]
    fn leading_dates_before_run_together_headlines() {
        let kn = k();
        let text = "Sat 24 Aug 2013 Blast hits checkpoint in Homs. A car bomb exploded on Saturday at a checkpoint in the city, killing nine people, state media said, and wounding dozens more near the market.";
        let m = extract(text, &Hints::default(), &kn);
        assert_eq!(m.title.as_ref().unwrap().value, "Blast hits checkpoint in Homs");
        assert_eq!(at(text, m.title.as_ref().unwrap()), "Blast hits checkpoint in Homs");
        assert_eq!(m.date_candidates[0].text, "Sat 24 Aug 2013");
        assert_eq!(m.published.as_deref(), Some("2013-08-24"));
        let m = extract(
            "Wed 05 Apr 2017 Gas attack toll rises WHO. Victims showed symptoms.",
            &Hints::default(),
            &kn,
        );
        assert_eq!(m.title.unwrap().value, "Gas attack toll rises WHO");
        let m = extract(
            "Wed 05 Apr 2017 Troops from the U.S. Army arrived. They stayed.",
            &Hints::default(),
            &kn,
        );
        assert_eq!(m.title.unwrap().value, "Troops from the U.S. Army arrived");
        let m3 = extract(
            "Date of publication 10 July 2016 At least 29 rebels were killed. More.",
            &Hints::default(),
            &kn,
        );
        assert!(m3.title.is_none());
        let lead = "Mon 10 Jul 2017 A suicide bomber killed at least twelve people at a checkpoint north of the city on Monday, police sources said. More text follows here.";
        assert!(extract(lead, &Hints::default(), &kn).title.is_none());
        let m = extract("Date of publication 10 July 2016 Rebels killed", &Hints::default(), &kn);
        assert_eq!(m.date_candidates[0].text, "10 July 2016");
        let m = extract("Published April 5 2017 Jets strike villages near Hama", &Hints::default(), &kn);
        assert_eq!(m.date_candidates[0].readings[0].value, "2017-04-05");
        assert_eq!(m.title.unwrap().value, "Jets strike villages near Hama");
        // A yearless date opening a sentence is not a header.
        let m = extract("June 30 was the deadliest day, officials said.", &Hints::default(), &kn);
        assert!(m.date_candidates.is_empty());
    }

    #[test]
    fn long_first_paragraph_is_not_a_title() {
        let body = "word ".repeat(80);
        let m = extract(&format!("{body}\n\nMore."), &Hints::default(), &k());
        assert!(m.title.is_none());
        // A one-line text has no headline.
        assert!(extract("Russian strikes killed ten civilians on Tuesday.", &Hints::default(), &k())
            .title
            .is_none());
    }

    #[test]
    fn lang_detection() {
        let kn = k();
        assert_eq!(
            detect_lang("Les forces de la coalition ont repris la ville dans le nord du pays.", &kn)
                .as_deref(),
            Some("fr")
        );
        assert_eq!(detect_lang("Mosul Raqqa", &kn), None);
    }
}
