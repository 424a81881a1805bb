//! Unicode normalisation with an offset map back to the source text.
//!
//! NFC; NBSP and other odd spaces become `' '`; zero-width characters, soft hyphens, BOMs
//! and stray control characters are removed; `\r\n` and lone `\r` become `\n`. Smart quotes
//! and dashes are kept: they carry meaning (quotations, datelines).

use eventwire_model::OffsetMap;
use unicode_normalization::{
    char::canonical_combining_class, is_nfc_quick, IsNormalized, UnicodeNormalization,
};

/// What normalisation does to one source char.
enum Action {
    Keep(char),
    Replace(char),
    Drop,
}

fn classify(c: char, next: Option<char>) -> Action {
    match c {
        '\r' if next == Some('\n') => Action::Drop,
        '\r' => Action::Replace('\n'),
        '\n' | '\t' => Action::Keep(c),
        // Odd spaces: NBSP, Ogham, en/em/thin/hair spaces, narrow NBSP, math space, ideographic.
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Action::Replace(' ')
        }
        // Line/paragraph separators and vertical tab / form feed: line breaks.
        '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}' => Action::Replace('\n'),
        // Zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks.
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{202A}'..='\u{202E}' => {
            Action::Drop
        }
        c if c.is_control() => Action::Drop,
        c => Action::Keep(c),
    }
}

/// Printable ASCII: kept as it is, and a composition group of its own unless a combining
/// mark follows.
fn is_plain_ascii(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_control()
}

/// True when `c` starts a new NFC composition group (it cannot combine with what precedes).
fn is_group_start(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Normalise `source`; returns the normalised text and a map from its byte offsets to the
/// code-point offsets of `source`.
pub fn normalize(source: &str) -> (String, OffsetMap) {
    let mut out = String::with_capacity(source.len());
    // One point per char: at most one per source byte.
    let mut map = OffsetMap::with_capacity(source.len());
    // The pending composition group: (char, source index) pairs.
    let mut group: Vec<(char, usize)> = Vec::with_capacity(8);
    let bytes = source.as_bytes();
    // Byte position in `source` and index of the char there.
    let (mut pos, mut i) = (0usize, 0usize);
    while pos < bytes.len() {
        // A run of printable ASCII, most of any text, is kept as it is: each of its chars
        // starts a composition group, and all but the last are that group alone (the last
        // may take a combining mark that follows).
        let run = bytes[pos..].iter().take_while(|&&b| is_plain_ascii(b as char)).count();
        if run > 0 {
            if !group.is_empty() {
                flush(&mut group, &mut out, &mut map);
            }
            for k in 0..run - 1 {
                map.push(out.len() + k, i + k);
            }
            out.push_str(&source[pos..pos + run - 1]);
            group.push((bytes[pos + run - 1] as char, i + run - 1));
            pos += run;
            i += run;
            continue;
        }
        let mut rest = source[pos..].chars();
        let c = rest.next().expect("pos is on a char boundary");
        let next = rest.next();
        pos += c.len_utf8();
        i += 1;
        let c = match classify(c, next) {
            Action::Keep(c) | Action::Replace(c) => c,
            Action::Drop => continue,
        };
        // Every ASCII char starts a composition group.
        if (c.is_ascii() || is_group_start(c)) && !group.is_empty() {
            flush(&mut group, &mut out, &mut map);
        }
        group.push((c, i - 1));
    }
    let n_chars = i;
    flush(&mut group, &mut out, &mut map);
    map.finish(out.len(), n_chars);
    (out, map)
}

fn flush(group: &mut Vec<(char, usize)>, out: &mut String, map: &mut OffsetMap) {
    match group.len() {
        0 => {}
        1 => {
            let (c, i) = group[0];
            map.push(out.len(), i);
            out.push(c);
        }
        n => {
            let composed: Vec<char> = group.iter().map(|&(c, _)| c).nfc().collect();
            let start = group[0].1;
            for (k, c) in composed.iter().enumerate() {
                // Same length: map one to one; otherwise every output char points at the
                // group start (spans then cover the whole group).
                let src = if composed.len() == n { group[k].1 } else { start };
                map.push(out.len(), src);
                out.push(*c);
            }
        }
    }
    group.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_spaces_and_zero_width_chars() {
        let (t, m) = normalize("Mosul\u{00A0}city\u{200B}s \u{2009}x");
        assert_eq!(t, "Mosul citys  x");
        // 's' after the dropped zero-width space is source char 11.
        assert_eq!(m.to_source(t.find("s ").unwrap()), 11);
        assert_eq!(m.to_source(t.len()), 15);
    }

    #[test]
    fn nfc_composes_and_maps_back() {
        let src = "Cafe\u{301} in Ko\u{308}ln";
        let (t, m) = normalize(src);
        assert_eq!(t, "Café in Köln");
        let k = t.find("Köln").unwrap();
        assert_eq!(m.to_source(k), 9);
        assert_eq!(m.to_source_end(t.len()), src.chars().count());
        // The span of "Café" covers the combining accent in the source.
        assert_eq!(m.to_source_end("Café".len()), 5);
    }

    #[test]
    fn smart_quotes_kept_and_crlf_folded() {
        let (t, m) = normalize("“We will win,” he said.\r\nNext\rline");
        assert_eq!(t, "“We will win,” he said.\nNext\nline");
        let n = t.find("Next").unwrap();
        assert_eq!(m.to_source(n), 25);
    }

    #[test]
    fn already_normal_text_is_identity() {
        let src = "IS militants — “fighters” — in al-Hasakah, 2,000 killed.";
        let (t, m) = normalize(src);
        assert_eq!(t, src);
        assert_eq!(m, OffsetMap::identity(src));
    }

    #[test]
    fn empty_and_dropped_only() {
        let (t, m) = normalize("\u{200B}\u{FEFF}");
        assert_eq!(t, "");
        assert_eq!(m.to_source(0), 2);
    }
}
