//! Per-token flags, so that most grammar rules can give up with one test: what the lexicon
//! says of a word, and the words the grammar tests by name.

use crate::roles::{self, Roles};
use crate::words::Lex;

pub const MONTH: u32 = 1;
pub const WEEKDAY: u32 = 1 << 1;
pub const WEEKDAYS: u32 = 1 << 2;
pub const NUMBER: u32 = 1 << 3;
pub const ORDINAL: u32 = 1 << 4;
pub const UNIT: u32 = 1 << 5;
pub const SEASON: u32 = 1 << 6;
pub const PART_OF_DAY: u32 = 1 << 7;
pub const DEICTIC: u32 = 1 << 8;
pub const DECADE: u32 = 1 << 9;
pub const AMBIGUOUS: u32 = 1 << 10;
pub const FUTURE: u32 = 1 << 11;
pub const PAST: u32 = 1 << 12;
/// A digit run.
pub const NUM: u32 = 1 << 13;
/// The `'` of "'98".
pub const APOS: u32 = 1 << 14;
/// Can begin an expression (before the test on the word after "the").
pub const START: u32 = 1 << 15;
/// Can follow "the" in an expression.
pub const AFTER_THE: u32 = 1 << 16;
/// The word "the".
pub const THE: u32 = 1 << 17;
/// The word "a" or "an".
pub const ARTICLE: u32 = 1 << 18;
/// "quarter", "quarters", "half", "period".
pub const QWORD: u32 = 1 << 19;
pub const CENTURY: u32 = 1 << 20;
pub const YEAR: u32 = 1 << 21;
pub const FISCAL: u32 = 1 << 22;
/// Begins a count in words ("a", "several", "half").
pub const COUNT1: u32 = 1 << 23;
/// A word of a count other than a number ("a few", "couple"; [`Scan::count_end`]).
pub const COUNT: u32 = 1 << 24;
/// "the past", "the next", "the first" before a count.
pub const LEAD: u32 = 1 << 25;
/// "every", "each", "per", "noon", "midnight", "midday".
pub const SETW: u32 = 1 << 26;

fn lex_flag(l: &Lex) -> u32 {
    match l {
        Lex::Month(_) => MONTH,
        Lex::Weekday(_) => WEEKDAY,
        Lex::Weekdays(_) => WEEKDAYS,
        Lex::Number(_) => NUMBER,
        Lex::Ordinal(_) => ORDINAL,
        Lex::Unit(_) | Lex::Units(_) => UNIT,
        Lex::Season(_) => SEASON,
        Lex::PartOfDay(_) => PART_OF_DAY,
        Lex::Deictic(_) => DEICTIC,
        Lex::Decade(_) => DECADE,
        Lex::Ambiguous => AMBIGUOUS,
        Lex::Future => FUTURE,
        Lex::Past => PAST,
        Lex::Campaign | Lex::Start => 0,
    }
}

/// Words that can begin an expression without being in the lexicon (besides those whose
/// roles let them: "every", "several").
fn is_starter(w: &str, roles: Roles) -> bool {
    roles & (roles::EVERY | roles::VAGUE_COUNT) != 0
        || matches!(w, "the" | "a" | "an" | "that" | "fiscal" | "calendar" | "year" | "half" | "couple" | "'")
}

/// Words that [`Prep::new`] must recognise by name: the starters and what may follow "the".
/// (Words with a role are recognised anyway.)
pub(crate) const NAMED_WORDS: &[&str] = &[
    "the", "a", "an", "that", "fiscal", "calendar", "year", "half", "couple", "'", "same",
    // Tested by the start filter ([`Scan`]).
    "quarter", "quarters", "period", "century", "noon", "midnight", "midday",
];

/// Flags of the words the start filter tests by name or by role.
fn named_flags(w: &str, roles: Roles) -> u32 {
    let mut f = 0;
    if matches!(w, "quarter" | "quarters" | "half" | "period") {
        f |= QWORD;
    }
    if w == "century" {
        f |= CENTURY;
    }
    if w == "year" {
        f |= YEAR;
    }
    if w == "fiscal" {
        f |= FISCAL;
    }
    let vague = roles & roles::VAGUE_COUNT != 0;
    if vague || matches!(w, "a" | "an" | "half") {
        f |= COUNT1;
    }
    if vague || matches!(w, "a" | "an" | "couple" | "half") {
        f |= COUNT;
    }
    if roles & roles::LEAD != 0 {
        f |= LEAD;
    }
    if roles & roles::EVERY != 0 || matches!(w, "noon" | "midnight" | "midday") {
        f |= SETW;
    }
    f
}

/// The token flags of an indexed word `w`: (as a word, as punctuation).
pub(crate) fn entry_flags(
    w: &str,
    lx: &[Lex],
    has_phrases: bool,
    roles: Roles,
    after_the: &std::collections::HashSet<String, impl std::hash::BuildHasher>,
) -> (u32, u32) {
    let lexflags = lx.iter().fold(0, |f, l| f | lex_flag(l));
    let strong = lx
        .iter()
        .any(|l| !matches!(l, Lex::Future | Lex::Past | Lex::Campaign | Lex::Start | Lex::Ambiguous));
    let follows_the =
        after_the.contains(w) || roles & roles::LATEST != 0 || matches!(w, "same" | "fiscal" | "year" | "'");
    let mut word = lexflags;
    if strong || has_phrases || is_starter(w, roles) {
        word |= START;
    }
    if !lx.is_empty() || follows_the {
        word |= AFTER_THE;
    }
    if w == "the" {
        word |= THE;
    }
    if matches!(w, "a" | "an") && lx.is_empty() {
        word |= ARTICLE;
    }
    word |= named_flags(w, roles);
    let mut punct = named_flags(w, roles) | if follows_the { AFTER_THE } else { 0 };
    if w == "'" {
        punct |= APOS | START;
    }
    (word, punct)
}
