//! Name keys: an exact key and a transliteration "skeleton" key, computed the same way when
//! the index is built and when text is looked up.

/// Exact key: ASCII transliteration, lower case, letters and digits; apostrophes, ʿayn marks
/// and periods vanish ("U.S." = "us", "Ma'arrat" = "maarrat"), anything else separates words.
pub fn norm_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_key_into(s, &mut out);
    out
}

/// [`norm_key`] appended to `out` (which may hold other keys before it).
pub fn norm_key_into(s: &str, out: &mut String) {
    let base = out.len();
    // `space` starts true: no separator before the key's first letter.
    let mut space = true;
    for c in s.chars() {
        if c.is_ascii() {
            push_ascii(out, c as u8, &mut space);
        } else {
            let a = any_ascii::any_ascii_char(c);
            if a.is_empty() {
                // ʿ ʾ and the like transliterate to nothing: treat as an apostrophe.
                continue;
            }
            for b in a.bytes() {
                push_ascii(out, b, &mut space);
            }
        }
    }
    if out.len() > base && out.ends_with(' ') {
        out.pop();
    }
}

/// `norm_key(s) == key` without building the key.
pub fn norm_key_eq(s: &str, key: &str) -> bool {
    if s.is_ascii() {
        // Same rules as `norm_key`, compared byte by byte.
        let mut out = key.bytes();
        let mut space = false;
        let mut started = false;
        let mut pending_space = false;
        for b in s.bytes() {
            let c = match b {
                b'a'..=b'z' | b'0'..=b'9' => b,
                b'A'..=b'Z' => b.to_ascii_lowercase(),
                b'\'' | b'`' | b'.' => continue,
                _ => {
                    if !space && started {
                        pending_space = true;
                        space = true;
                    }
                    continue;
                }
            };
            if pending_space {
                if out.next() != Some(b' ') {
                    return false;
                }
                pending_space = false;
            }
            if out.next() != Some(c) {
                return false;
            }
            space = false;
            started = true;
        }
        return out.next().is_none();
    }
    norm_key(s) == key
}

#[inline]
fn push_ascii(out: &mut String, b: u8, space: &mut bool) {
    match b {
        b'a'..=b'z' | b'0'..=b'9' => {
            out.push(b as char);
            *space = false;
        }
        b'A'..=b'Z' => {
            out.push(b.to_ascii_lowercase() as char);
            *space = false;
        }
        b'\'' | b'`' | b'.' => {}
        _ => {
            if !*space && !out.is_empty() {
                out.push(' ');
                *space = true;
            }
        }
    }
}

/// Arabic article forms that are dropped from skeletons ("al-", "ash-", "ez-" …); `is_article`
/// encodes the same list.
#[cfg(test)]
const ARTICLES: &[&str] = &[
    "al", "el", "ar", "ad", "as", "ash", "az", "an", "at", "ath", "adh", "ed", "es", "er", "ez", "ul", "il",
    "et", "en",
];

/// `ARTICLES.contains(&w)` by length and bytes (the check runs for every word of every key).
#[inline]
fn is_article(w: &str) -> bool {
    match w.len() {
        2 => matches!(
            w.as_bytes(),
            b"al"
                | b"el"
                | b"ar"
                | b"ad"
                | b"as"
                | b"az"
                | b"an"
                | b"at"
                | b"ed"
                | b"es"
                | b"er"
                | b"ez"
                | b"ul"
                | b"il"
                | b"et"
                | b"en"
        ),
        3 => matches!(w.as_bytes(), b"ash" | b"ath" | b"adh"),
        _ => false,
    }
}

/// Skeleton of one normalised word: article dropped, digraphs simplified (kh→k, sh→s, dh→d,
/// th→t, gh→g, ph→f), q/c→k, inner vowels and w/y/h dropped, an initial vowel read as `a`,
/// doubled letters collapsed. "Raqqah" = "Raqa" = "rk"; "Hajeen" = "Hajin" = "hjn".
pub fn skeleton_word(w: &str) -> String {
    let mut out = String::new();
    skeleton_word_into(w, &mut out);
    out
}

/// [`skeleton_word`] appended to `out`, without intermediate buffers.
fn skeleton_word_into(w: &str, out: &mut String) {
    if is_article(w) {
        return;
    }
    if w.bytes().any(|b| b.is_ascii_digit()) {
        out.push_str(w);
        return;
    }
    let b = w.as_bytes();
    // Map digraphs and q/c, collapse touching doubles, then keep the first letter (an initial
    // vowel read as `a`) and the consonants after it.
    let mut prev: Option<u8> = None;
    let mut first = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let c2 = match (c, next) {
            (b'k' | b's' | b'd' | b't' | b'g' | b'z', Some(b'h')) => {
                i += 1;
                c
            }
            (b'p', Some(b'h')) => {
                i += 1;
                b'f'
            }
            (b'q' | b'c', _) => b'k',
            _ => c,
        };
        i += 1;
        if prev == Some(c2) {
            continue;
        }
        prev = Some(c2);
        let ch = if first {
            first = false;
            if matches!(c2, b'a' | b'e' | b'i' | b'o' | b'u') {
                b'a'
            } else {
                c2
            }
        } else if matches!(c2, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'h') {
            continue;
        } else {
            c2
        };
        out.push(ch as char);
    }
}

/// A normalised key without its Arabic article words ("ar raqqah" → "raqqah").
pub fn strip_articles(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    strip_articles_into(norm, &mut out);
    out
}

/// [`strip_articles`] appended to `out`.
pub fn strip_articles_into(norm: &str, out: &mut String) {
    let base = out.len();
    for w in norm.split(' ').filter(|w| !is_article(w)) {
        if out.len() > base {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Skeleton of a normalised key (see [`skeleton_word`]); empty when nothing is left.
pub fn skeleton_key(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    skeleton_key_into(norm, &mut out);
    out
}

/// [`skeleton_key`] into `out`, which is cleared first.
pub fn skeleton_key_into(norm: &str, out: &mut String) {
    out.clear();
    for w in norm.split(' ') {
        let mark = out.len();
        if mark > 0 {
            out.push(' ');
        }
        skeleton_word_into(w, out);
        if out.len() == mark + usize::from(mark > 0) {
            // Nothing left of the word: drop its separator.
            out.truncate(mark);
        }
    }
}

/// The skeleton of `norm` into `out` (cleared first) and, for each `e` of `ends` (ascending
/// offsets of `norm` that end a word or the key), the length of `skeleton_key(&norm[..e])`
/// in `out`: the skeletons of a name's prefixes are prefixes of the name's skeleton.
pub fn skeleton_key_prefixes(norm: &str, ends: &[usize], out: &mut String, out_ends: &mut Vec<usize>) {
    out.clear();
    out_ends.clear();
    let mut j = 0;
    let mut pos = 0;
    for w in norm.split(' ') {
        let w_end = pos + w.len();
        while j < ends.len() && ends[j] < w_end {
            out_ends.push(out.len());
            j += 1;
        }
        let mark = out.len();
        if mark > 0 {
            out.push(' ');
        }
        skeleton_word_into(w, out);
        if out.len() == mark + usize::from(mark > 0) {
            out.truncate(mark);
        }
        pos = w_end + 1;
    }
    while j < ends.len() {
        out_ends.push(out.len());
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        skeleton_key(&norm_key(a)) == skeleton_key(&norm_key(b))
    }

    #[test]
    fn exact_keys() {
        assert_eq!(norm_key("U.S."), "us");
        assert_eq!(norm_key("Hamam al-Alil"), "hamam al alil");
        assert_eq!(norm_key("Sulūk"), "suluk");
        assert_eq!(norm_key("  Deir ez-Zor  "), "deir ez zor");
        assert_eq!(norm_key("Ma'arrat al-Nu‘man"), "maarrat al numan");
    }

    #[test]
    fn key_equality_agrees_with_the_key() {
        let names =
            ["U.S.", "  Deir ez-Zor  ", "Sulūk", "Hamam al-Alil", "St. John's", "a--b", "", "-x-", "Ab"];
        for a in names {
            for b in names {
                assert_eq!(norm_key_eq(a, &norm_key(b)), norm_key(a) == norm_key(b), "{a:?} {b:?}");
            }
            assert!(!norm_key_eq(a, &(norm_key(a) + "x")));
        }
    }

    #[test]
    fn transliteration_variants_share_a_skeleton() {
        assert!(same("Raqa", "Raqqa"));
        assert!(same("Ar Raqqah", "Raqqa"));
        assert!(same("Hajeen", "Hajin"));
        assert!(same("Ameriya", "Amiriyah"));
        assert!(same("‘Ayn ‘Īsá", "Ain Issa"));
        assert!(same("Deir al-Zor", "Dayr az Zawr"));
        assert!(same("Al Hasakah", "Hasaka"));
        assert!(same("Qamishli", "Kamishli"));
        assert!(same("Fallujah", "Falluja"));
    }

    #[test]
    fn different_names_differ() {
        assert!(!same("Mosul", "Basra"));
        assert!(!same("Homs", "Hama"));
        assert!(!same("Raqqa", "Rutba"));
        assert!(!same("Bashiqa", "Babaeski"));
    }

    #[test]
    fn prefix_skeletons_are_prefixes_of_the_skeleton() {
        // Keys as the tagger joins them: token keys (possibly empty, possibly several words)
        // separated by one space once the key is not empty.
        let runs: &[&[&str]] = &[
            &["deir", "ez zor"],
            &["al", "raqqah", "al", "x"],
            &["", "abc", "", "def"],
            &["hamam", "al alil", "province"],
            &["1st", "ash", "sh", "a"],
            &["", ""],
        ];
        for run in runs {
            let mut key = String::new();
            let mut ends = Vec::new();
            for t in *run {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(t);
                ends.push(key.len());
            }
            let (mut out, mut out_ends) = (String::new(), Vec::new());
            skeleton_key_prefixes(&key, &ends, &mut out, &mut out_ends);
            assert_eq!(out, skeleton_key(&key), "{key:?}");
            for (e, oe) in ends.iter().zip(&out_ends) {
                assert_eq!(&out[..*oe], skeleton_key(&key[..*e]), "{key:?} at {e}");
            }
        }
    }

    #[test]
    fn article_test_matches_the_list() {
        for w in ARTICLES {
            assert!(is_article(w), "{w}");
        }
        for w in ["", "a", "al-", "all", "ala", "ashh", "dh", "sh", "alx", "the", "ab"] {
            assert_eq!(is_article(w), ARTICLES.contains(&w), "{w}");
        }
    }

    #[test]
    fn articles_alone_have_empty_skeleton() {
        assert_eq!(skeleton_key("al"), "");
    }
}
