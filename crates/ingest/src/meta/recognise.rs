//! Recognisers for single lines of an article's head and tail (a "Published:" label, a line
//! that is only a date, a byline, a dateline, a headline, a copyright notice, a credit line,
//! a sign-off) and for the wire agency the body credits as its own reporter.
//!
//! Spans are byte offsets into the line (into the text for [`agency_in_body`]).

use crate::dates::{find_dates, leading_date, FoundDate};
use crate::knowledge::{Knowledge, SourceKind};
use regex::{Match, Regex};
use std::sync::OnceLock;

/// Most characters in a sign-off's source name (the `src` group of the sign-off pattern).
const SIGNOFF_NAME_MAX: usize = 41;

/// Longest line still taken as a headline.
const MAX_TITLE: usize = 300;

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

/// Where a "Published:"-style label at the start of `line` ends.
pub(super) fn label_end(line: &str) -> Option<usize> {
    patterns().label.find(line).map(|m| m.end())
}

/// The year of a copyright notice in `line`: the later one of a range.
pub(super) fn copyright_year(line: &str) -> Option<Match<'_>> {
    patterns().copyright.captures(line).and_then(|c| c.name("y2").or(c.name("y1")))
}

/// A line crediting other reporters ("Reuters contributed to this report", "Source: AFP").
pub(super) fn is_credit_line(line: &str) -> bool {
    let p = patterns();
    (p.contributed.is_match(line) || p.source_line.is_match(line)) && line.len() < 300
}

/// The source named by a sign-off ending the line ("... — Reuters").
pub(super) fn signoff(line: &str) -> Option<Match<'_>> {
    if !may_end_with_signoff(line) {
        return None;
    }
    patterns().signoff.captures(line).and_then(|c| c.name("src"))
}

/// Whether the sign-off pattern can match `line` at all: its dash must lie within the last
/// few dozen characters (the longest source name, then ")", spaces and "." after it, spaces
/// and "(" before it), after a space, and before a letter. Saves the pattern's backward
/// search, costly in DFA states, on most lines.
fn may_end_with_signoff(line: &str) -> bool {
    let core = line.trim_end_matches(|c: char| c == ')' || c == '.' || c.is_whitespace());
    // The name starts at most 41 characters before the end of `core`.
    let name_from = core.char_indices().rev().nth(SIGNOFF_NAME_MAX - 1).map_or(0, |(i, _)| i);
    let before = line[..name_from].trim_end_matches(|c: char| c == '(' || c.is_whitespace());
    let dash_from = before.char_indices().next_back().map_or(0, |(i, _)| i);
    line[dash_from..].char_indices().any(|(k, c)| {
        let d = dash_from + k;
        if !matches!(c, '-' | '–' | '—') {
            return false;
        }
        // The dash opens the line or follows a space ("--" too), and a letter follows it
        // after spaces and an optional "(".
        let mut prev = line[..d].chars().rev();
        let opens = match prev.next() {
            None => true,
            Some(p) if p.is_whitespace() => true,
            Some('-') if c == '-' => prev.next().is_none_or(char::is_whitespace),
            Some(_) => false,
        };
        let after = line[d + c.len_utf8()..].trim_start_matches(char::is_whitespace);
        let after = after.strip_prefix('(').unwrap_or(after);
        opens && after.chars().next().is_some_and(char::is_alphabetic)
    })
}

/// The date filling a whole line (after an optional "Published:" label), if any.
pub(super) fn date_line(line: &str) -> Option<FoundDate> {
    let skip = label_end(line).unwrap_or(0);
    let rest = &line[skip..];
    // The date must open the line and end it; only then is the whole (short) line searched
    // for a second date.
    let lead = leading_date(rest)?;
    let tail = rest[lead.end..].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    // A trailing time zone is fine; any other words make it a sentence.
    let tz_like =
        tail.len() <= 5 && tail.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+');
    if !(tail.is_empty() || tz_like) {
        return None;
    }
    let mut found = find_dates(rest);
    if found.len() != 1 || found[0] != lead {
        return None;
    }
    let mut f = found.remove(0);
    f.start += skip;
    f.end += skip;
    Some(f)
}

/// A byline: the author's name span (relative to the line) and a date after it, if any.
pub(super) fn byline(line: &str, k: &Knowledge) -> Option<((usize, usize), Option<FoundDate>)> {
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
    if let Some(f) = leading_date(line) {
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
    if let Some(f) = leading_date(&line[after..]) {
        return Some(((name.start(), name.end()), Some(shift(f, after))));
    }
    let rest = line[after..].trim().trim_end_matches('.');
    k.source(rest).map(|_| ((name.start(), name.end()), None))
}

/// A dateline at the start of `line`.
pub(super) struct Dateline {
    /// The dateline without its separator, relative to the line.
    pub(super) span: (usize, usize),
    pub(super) date: Option<(usize, usize)>,
    /// The agency in parentheses, when it is a known one.
    pub(super) src: Option<(usize, usize)>,
}

pub(super) fn dateline(line: &str, k: &Knowledge, first_body: bool) -> Option<Dateline> {
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
pub(super) fn headline_prefix(rest: &str) -> Option<&str> {
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

/// A line that may be a headline: short enough, with letters, not a link.
pub(super) fn plausible_title(line: &str) -> bool {
    line.len() <= MAX_TITLE && line.chars().any(char::is_alphabetic) && !line.starts_with("http")
}

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
pub(super) fn agency_in_body(text: &str, body_from: usize, k: &Knowledge) -> Option<(usize, usize, String)> {
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
