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
            let a = translit(latin_table(), c);
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
    norm_key_eq_buf(s, key, &mut String::new())
}

/// [`norm_key_eq`]; a non-ASCII `s` is keyed in `buf` (scratch, reused across calls).
pub fn norm_key_eq_buf(s: &str, key: &str, buf: &mut String) -> bool {
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
    buf.clear();
    norm_key_into(s, buf);
    buf == key
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
    is_article_bytes(w.as_bytes())
}

/// [`is_article`] of bytes.
#[inline]
fn is_article_bytes(w: &[u8]) -> bool {
    match w.len() {
        2 => matches!(
            w,
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
        3 => matches!(w, b"ash" | b"ath" | b"adh"),
        _ => false,
    }
}

/// Skeleton of one normalised word: article dropped, digraphs simplified (kh→k, sh→s, dh→d,
/// th→t, gh→g, ph→f), q/c→k, inner vowels and w/y/h dropped, an initial vowel read as `a`,
/// doubled letters collapsed. "Raqqah" = "Rakka" = "rk"; "Hajjin" = "Hajin" = "hjn".
pub fn skeleton_word(w: &str) -> String {
    let mut out = Vec::new();
    skeleton_word_into(w.as_bytes(), &mut out);
    ascii_string(out)
}

/// Bytes of a key built from ASCII keys as a string.
fn ascii_string(v: Vec<u8>) -> String {
    String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`skeleton_word`] appended to `out`, without intermediate buffers.
fn skeleton_word_into(b: &[u8], out: &mut Vec<u8>) {
    if is_article_bytes(b) {
        return;
    }
    if b.iter().any(u8::is_ascii_digit) {
        out.extend_from_slice(b);
        return;
    }
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
        out.push(ch);
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
    let (mut out, mut ends) = (Vec::with_capacity(norm.len()), Vec::new());
    skeleton_key_prefixes(norm, &[], &mut out, &mut ends);
    ascii_string(out)
}

/// The skeleton of `norm` into `out` (cleared first) and, for each `e` of `ends` (ascending
/// offsets of `norm` that end a word or the key), the length of `skeleton_key(&norm[..e])`
/// in `out`: the skeletons of a name's prefixes are prefixes of the name's skeleton.
pub fn skeleton_key_prefixes(norm: &str, ends: &[usize], out: &mut Vec<u8>, out_ends: &mut Vec<usize>) {
    out.clear();
    out_ends.clear();
    let b = norm.as_bytes();
    let mut j = 0;
    let mut pos = 0;
    // The words of `norm.split(' ')`, scanned by hand.
    loop {
        let w_end = b[pos..].iter().position(|&c| c == b' ').map_or(b.len(), |k| pos + k);
        while j < ends.len() && ends[j] < w_end {
            out_ends.push(out.len());
            j += 1;
        }
        let mark = out.len();
        if mark > 0 {
            out.push(b' ');
        }
        skeleton_word_into(&b[pos..w_end], out);
        if out.len() == mark + usize::from(mark > 0) {
            out.truncate(mark);
        }
        if w_end >= b.len() {
            break;
        }
        pos = w_end + 1;
    }
    while j < ends.len() {
        out_ends.push(out.len());
        j += 1;
    }
}

/// ASCII transliterations of U+0080..U+0250 and U+1E00..U+1F00 (Latin-1, the Latin Extended
/// blocks: the bulk of non-ASCII place names), looked up once from `any_ascii`.
fn latin_table() -> &'static [&'static str] {
    static T: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (0x80u32..0x250)
            .chain(0x1E00..0x1F00)
            .map(|c| char::from_u32(c).map_or("", any_ascii::any_ascii_char))
            .collect()
    })
}

/// `any_ascii::any_ascii_char(c)` of a non-ASCII `c`, by table where it can.
#[inline]
fn translit(table: &[&'static str], c: char) -> &'static str {
    let u = c as usize;
    let ix = if u < 0x250 {
        u - 0x80
    } else if (0x1E00..0x1F00).contains(&u) {
        u - 0x1E00 + (0x250 - 0x80)
    } else {
        return any_ascii::any_ascii_char(c);
    };
    table.get(ix).copied().unwrap_or_else(|| any_ascii::any_ascii_char(c))
}

/// `strip_articles(&norm_key(s))` (ASCII bytes) built in `buf` in one pass; `None` when it
/// does not fit.
pub fn stripped_key_into<'b>(s: &str, buf: &'b mut [u8; 128]) -> Option<&'b [u8]> {
    // Words are runs of letters and digits (apostrophes and periods inside them vanish).
    struct W<'b> {
        buf: &'b mut [u8; 128],
        n: usize,
        word_start: usize,
        in_word: bool,
    }
    impl W<'_> {
        fn finish(&mut self) {
            if self.in_word {
                self.in_word = false;
                if is_article_bytes(&self.buf[self.word_start..self.n]) {
                    self.n = self.word_start.saturating_sub(1);
                }
            }
        }
        #[inline]
        fn push(&mut self, b: u8) -> Option<()> {
            let c = match b {
                b'a'..=b'z' | b'0'..=b'9' => b,
                b'A'..=b'Z' => b.to_ascii_lowercase(),
                b'\'' | b'`' | b'.' => return Some(()),
                _ => {
                    self.finish();
                    return Some(());
                }
            };
            if !self.in_word {
                if self.n > 0 {
                    *self.buf.get_mut(self.n)? = b' ';
                    self.n += 1;
                }
                self.word_start = self.n;
                self.in_word = true;
            }
            *self.buf.get_mut(self.n)? = c;
            self.n += 1;
            Some(())
        }
    }
    let mut w = W { buf, n: 0, word_start: 0, in_word: false };
    if s.is_ascii() {
        for &b in s.as_bytes() {
            w.push(b)?;
        }
    } else {
        let table = latin_table();
        for c in s.chars() {
            if c.is_ascii() {
                w.push(c as u8)?;
                continue;
            }
            let a = translit(table, c);
            // An empty transliteration (ʿ ʾ) is an apostrophe.
            for b in a.bytes() {
                w.push(b)?;
            }
        }
    }
    w.finish();
    let n = w.n;
    Some(&w.buf[..n])
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
        assert_eq!(norm_key("Kafr al-Marjaba"), "kafr al marjaba");
        assert_eq!(norm_key("Sulūk"), "suluk");
        assert_eq!(norm_key("  Deir ez-Zor  "), "deir ez zor");
        assert_eq!(norm_key("Ma'arrat al-Nu‘man"), "maarrat al numan");
    }

    #[test]
    fn key_equality_agrees_with_the_key() {
        let names =
            ["U.S.", "  Deir ez-Zor  ", "Sulūk", "Kafr al-Marjaba", "St. John's", "a--b", "", "-x-", "Ab"];
        for a in names {
            for b in names {
                assert_eq!(norm_key_eq(a, &norm_key(b)), norm_key(a) == norm_key(b), "{a:?} {b:?}");
            }
            assert!(!norm_key_eq(a, &(norm_key(a) + "x")));
        }
    }

    #[test]
    fn transliteration_variants_share_a_skeleton() {
        assert!(same("Rakka", "Raqqa"));
        assert!(same("Ar Raqqah", "Raqqa"));
        assert!(same("Hajjin", "Hajin"));
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
        assert!(!same("Marjaba", "Mersin"));
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
            let (mut out, mut out_ends) = (Vec::new(), Vec::new());
            skeleton_key_prefixes(&key, &ends, &mut out, &mut out_ends);
            assert_eq!(out, skeleton_key(&key).as_bytes(), "{key:?}");
            for (e, oe) in ends.iter().zip(&out_ends) {
                assert_eq!(&out[..*oe], skeleton_key(&key[..*e]).as_bytes(), "{key:?} at {e}");
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
    fn one_pass_stripped_key_agrees() {
        let names = [
            "Ar Raqqah",
            "Deir ez-Zor",
            "al-Hasakah",
            "St. John's",
            "Al",
            "al al",
            "Tall al-Abyad al",
            "  -x- ",
            "",
            "Ma'arrat al-Numan",
            "A.L. Town",
            "Ash Shaddadi",
            "adh-Dhahiriya 2",
        ];
        let mut buf = [0u8; 128];
        let more =
            ["Sulūk", "‘Ayn ‘Īsá", "Ḩalab", "Æbeltoft ßtraße", "Zürich", "ʿAin al-ʿArab", "Łódź", "Ψ ал-Икс"];
        for n in names.iter().chain(&more) {
            assert_eq!(
                stripped_key_into(n, &mut buf),
                Some(strip_articles(&norm_key(n)).as_bytes()),
                "{n:?}"
            );
        }
        assert_eq!(stripped_key_into(&"a".repeat(129), &mut buf), None);
        assert_eq!(stripped_key_into(&"ß".repeat(65), &mut buf), None);
        // Every character of the table agrees with the general path.
        for c in (0x80u32..0x300).chain(0x1D00..0x2000).filter_map(char::from_u32) {
            let n = format!("Al {c}x{c} {c}");
            assert_eq!(
                stripped_key_into(&n, &mut buf),
                Some(strip_articles(&norm_key(&n)).as_bytes()),
                "{n:?}"
            );
        }
    }

    #[test]
    fn articles_alone_have_empty_skeleton() {
        assert_eq!(skeleton_key("al"), "");
    }
}
