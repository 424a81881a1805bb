//! Sparse features of a sentence: lower-cased word unigrams and bigrams, and word stems.
//!
//! A feature is named by a short string (`w:shelled`, `b:opened_fire`, `s:shell`) so that the
//! weights file stays readable; at prediction time only its 64-bit hash is computed, without
//! allocating.

use std::hash::{Hash, Hasher};

/// Longest prefix kept as a word's stem: "shelling", "shelled" and "shells" share `s:shell`.
const STEM_LEN: usize = 5;
/// Longest sentence, in words, that features are taken from: bounds the work on hostile input.
pub const MAX_WORDS: usize = 400;

/// The words of `text`: runs of letters or digits, lower-cased; a run of digits is `#`.
pub fn words(text: &str) -> Vec<String> {
    let (buf, spans) = word_spans(text);
    spans.iter().map(|&(a, b)| buf[a..b].to_string()).collect()
}

/// The words of `text` (as [`words`] gives them) written one after another into one string,
/// and each word's byte range in it: two allocations per sentence, not one per word.
fn word_spans(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut buf = String::with_capacity(text.len());
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut digits = false;
    let flush = |buf: &mut String, start: usize, digits: bool, spans: &mut Vec<(usize, usize)>| {
        if buf.len() > start {
            if digits {
                buf.truncate(start);
                buf.push('#');
            }
            spans.push((start, buf.len()));
        }
    };
    for c in text.chars() {
        if spans.len() >= MAX_WORDS {
            break;
        }
        if c.is_alphanumeric() {
            if buf.len() == start {
                digits = c.is_ascii_digit();
            } else {
                digits &= c.is_ascii_digit();
            }
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        } else if !(c == '\'' || c == '\u{2019}' || c == '-') || buf.len() == start {
            flush(&mut buf, start, digits, &mut spans);
            start = buf.len();
            digits = false;
        }
        // An apostrophe or hyphen inside a word is dropped: "al-Shabaab" → "alshabaab".
    }
    flush(&mut buf, start, digits, &mut spans);
    spans.truncate(MAX_WORDS);
    (buf, spans)
}

/// Calls `each` with every feature of `words`, by kind and parts (see [`name`] and [`hash`]).
fn for_each<W: AsRef<str>>(words: &[W], mut each: impl FnMut(Kind, &str, &str)) {
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        each(Kind::Word, w, "");
        if w.chars().count() > STEM_LEN {
            let end = w.char_indices().nth(STEM_LEN).map_or(w.len(), |(b, _)| b);
            each(Kind::Stem, &w[..end], "");
        }
        if let Some(next) = words.get(i + 1) {
            each(Kind::Bigram, w, next.as_ref());
        }
    }
}

/// Calls `each` with the hash of every feature of `text` (as [`hashes`] of [`words`] gives
/// them, without allocating per word); returns how many there were.
pub fn for_each_hash(text: &str, mut each: impl FnMut(u64)) -> usize {
    let (buf, spans) = word_spans(text);
    let words: Vec<&str> = spans.iter().map(|&(a, b)| &buf[a..b]).collect();
    let mut n = 0;
    for_each(&words, |k, a, b| {
        each(hash_parts(k, a, b));
        n += 1;
    });
    n
}

#[derive(Clone, Copy)]
enum Kind {
    Word,
    Stem,
    Bigram,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Word => "w:",
            Kind::Stem => "s:",
            Kind::Bigram => "b:",
        }
    }
}

fn hash_parts(kind: Kind, a: &str, b: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    kind.prefix().hash(&mut h);
    a.hash(&mut h);
    b.hash(&mut h);
    h.finish()
}

/// The value of each feature of a sentence with `n` features: a sentence's feature vector has
/// unit length, so long sentences do not outvote short ones.
pub fn value(n: usize) -> f32 {
    1.0 / (n.max(1) as f32).sqrt()
}

/// The hashes of the features of `words`, in order (duplicates kept: a word said twice counts twice).
pub fn hashes(words: &[String]) -> Vec<u64> {
    let mut out = Vec::with_capacity(words.len() * 3);
    for_each(words, |k, a, b| out.push(hash_parts(k, a, b)));
    out
}

/// The names of the features of `words`, as written in a weights file.
pub fn names(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len() * 3);
    for_each(words, |k, a, b| out.push(name(k, a, b)));
    out
}

fn name(kind: Kind, a: &str, b: &str) -> String {
    match kind {
        Kind::Bigram => format!("{}{a}_{b}", kind.prefix()),
        _ => format!("{}{a}", kind.prefix()),
    }
}

/// The hash of a feature written by name (`w:fire`, `s:shell`, `b:opened_fire`), as [`hashes`]
/// computes it; `None` for a name of no known kind.
pub fn hash_of_name(name: &str) -> Option<u64> {
    let (prefix, rest) = name.split_at_checked(2)?;
    match prefix {
        "w:" => Some(hash_parts(Kind::Word, rest, "")),
        "s:" => Some(hash_parts(Kind::Stem, rest, "")),
        // Words hold no '_' (it is not alphanumeric), so the first one splits a bigram.
        "b:" => rest.split_once('_').map(|(a, b)| hash_parts(Kind::Bigram, a, b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_numbers_collapse() {
        assert_eq!(
            words("Gunmen killed 12 people in al-Qaim's market."),
            ["gunmen", "killed", "#", "people", "in", "alqaims", "market"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("3rd"), ["3rd"]);
    }

    #[test]
    fn a_name_hashes_as_its_feature() {
        let w = words("Troops shelled the town");
        let by_name: Vec<u64> = names(&w).iter().map(|n| hash_of_name(n).unwrap()).collect();
        assert_eq!(by_name, hashes(&w));
        assert!(names(&w).contains(&"s:shell".to_string()));
        assert!(names(&w).contains(&"b:troops_shelled".to_string()));
        assert_eq!(hash_of_name("x:bad"), None);
        assert_eq!(hash_of_name("b:nounderscore"), None);
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "word ".repeat(10 * MAX_WORDS);
        assert_eq!(words(&long).len(), MAX_WORDS);
    }
}
