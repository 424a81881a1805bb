//! Sentences and tokens with byte offsets into the (normalised) document text.
//!
//! Rules, kept simple and linear in the text length:
//! - a sentence ends at `.`, `!` or `?` (plus closing quotes/brackets) followed by space and
//!   an upper-case letter, digit or opening quote, unless the word before the period is a
//!   known abbreviation (`data/text/abbreviations.txt`) or a single capital initial;
//! - a blank line always ends a sentence; a single line break ends one unless the line
//!   looks hard-wrapped (no final punctuation and the next line starts in lower case).

mod nearest;
pub use nearest::NearestInSentence;

use std::collections::HashSet;
use std::sync::OnceLock;

/// Kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or periods ("al-Alil", "U.S.", "IS's").
    Word,
    /// Digits, possibly with `,` / `.` separators ("2,000", "3.5").
    Number,
    /// Anything else that is not whitespace, one char per token.
    Punct,
}

/// A token: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// A sentence: a byte range plus the range of its tokens in [`Segmented::tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub first_token: usize,
    pub end_token: usize,
}

/// The segmentation of a text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl Segmented {
    /// Tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        let s = &self.sentences[i];
        &self.tokens[s.first_token..s.end_token]
    }

    /// Index of the sentence containing byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

/// A user's word list that could not be read or came too late.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: the segmenter's word lists were already in use; load them before segmenting")]
    TooLate { path: String },
}

/// The segmenter's word lists: the embedded `data/text` files plus a user's additions.
struct WordLists {
    /// Abbreviations whose period does not end a sentence ("Gen", "Jan": kept without it).
    abbreviations: HashSet<&'static str>,
    /// Words that usually begin a sentence.
    sentence_starters: HashSet<&'static str>,
}

const LIST_FILES: [&str; 2] = ["abbreviations.txt", "sentence_starters.txt"];

/// The entries of a one-entry-per-line data file: trimmed lines, without blank lines and
/// `#` comments. Every layer's word lists use this format.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static WORD_LISTS: OnceLock<WordLists> = OnceLock::new();

fn embedded_lists() -> WordLists {
    WordLists {
        abbreviations: data_lines(include_str!("../../../data/text/abbreviations.txt")).collect(),
        sentence_starters: data_lines(include_str!("../../../data/text/sentence_starters.txt")).collect(),
    }
}

fn word_lists() -> &'static WordLists {
    WORD_LISTS.get_or_init(embedded_lists)
}

/// Add the entries of `DIR/text/abbreviations.txt` and `DIR/text/sentence_starters.txt`, where
/// they exist, to the segmenter's word lists. The lists serve the whole process and are fixed
/// once the first text is segmented: call this first (the analysis layers' loaders do). A later
/// call that would add entries is refused; one that adds none is fine.
pub fn load_word_lists(data_dir: Option<&std::path::Path>) -> Result<(), TextError> {
    let Some(dir) = data_dir else { return Ok(()) };
    let mut extra: [Vec<&'static str>; 2] = [Vec::new(), Vec::new()];
    let mut first_path = None;
    for (k, name) in LIST_FILES.iter().enumerate() {
        let p = dir.join("text").join(name);
        let text = match std::fs::read_to_string(&p) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(TextError::Read { path: p.display().to_string(), message: e.to_string() }),
        };
        first_path.get_or_insert_with(|| p.display().to_string());
        // Read once per process and kept for its life, like the embedded lists.
        extra[k] = data_lines(Box::leak(text.into_boxed_str())).collect();
    }
    let [abbreviations, starters] = extra;
    let mut fresh = false;
    let lists = WORD_LISTS.get_or_init(|| {
        fresh = true;
        let mut l = embedded_lists();
        l.abbreviations.extend(&abbreviations);
        l.sentence_starters.extend(&starters);
        l
    });
    let missing = abbreviations.iter().any(|a| !lists.abbreviations.contains(a))
        || starters.iter().any(|s| !lists.sentence_starters.contains(s));
    match (fresh, missing, first_path) {
        (false, true, Some(path)) => Err(TextError::TooLate { path }),
        _ => Ok(()),
    }
}

fn abbreviations() -> &'static HashSet<&'static str> {
    &word_lists().abbreviations
}

fn sentence_starters() -> &'static HashSet<&'static str> {
    &word_lists().sentence_starters
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '‐')
}

const WORD: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;

/// Classes of the bytes: word chars (ASCII alphanumeric or `_`), digits, white space; every
/// byte >= 0x80 has class 0 (decoded separately), so one load and one test end a run.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = WORD;
        }
        if c.is_ascii_digit() {
            t[b] |= DIGIT;
        }
        // The ASCII part of Unicode White_Space (as `char::is_whitespace`, with U+000B).
        if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            t[b] = SPACE;
        }
        b += 1;
    }
    t
};

/// The char at byte `i` of `text` and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    text[i..].chars().next().map(|c| (c, c.len_utf8()))
}

#[inline]
fn is_word_char_fast(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric()
    }
}

/// Append the decimal digits of `n` to `out` without the formatting machinery: the layers
/// build ids and durations with it on their hot paths.
pub fn push_decimal(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut k = buf.len();
    let mut n = n;
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[k..].iter().map(|&b| char::from(b)));
}

/// Split `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(&b0) = bytes.get(pos) {
        let i = pos;
        let (c, cl) = if b0 < 0x80 {
            let class = BYTE_CLASS[b0 as usize];
            if class & SPACE != 0 {
                pos += 1;
                continue;
            }
            if class & WORD == 0 {
                tokens.push(Token { start: i, end: i + 1, kind: TokenKind::Punct });
                pos += 1;
                continue;
            }
            (b0 as char, 1)
        } else {
            let Some(c) = text[i..].chars().next() else { break };
            let cl = c.len_utf8();
            if c.is_whitespace() {
                pos += cl;
                continue;
            }
            if !c.is_alphanumeric() {
                tokens.push(Token { start: i, end: i + cl, kind: TokenKind::Punct });
                pos += cl;
                continue;
            }
            (c, cl)
        };
        let mut end = i + cl;
        // Only ASCII digits (and kept `,`/`.` between digits) so far: a number.
        let mut all_digits = c.is_ascii_digit();
        let mut has_dot = false;
        loop {
            // Runs of ASCII word bytes, without decoding: digits while the token is a number,
            // then any word byte.
            if all_digits {
                while bytes.get(end).is_some_and(|&b| BYTE_CLASS[b as usize] & DIGIT != 0) {
                    end += 1;
                }
                if bytes.get(end).is_some_and(|&b| BYTE_CLASS[b as usize] & WORD != 0) {
                    all_digits = false;
                }
            }
            if !all_digits {
                while bytes.get(end).is_some_and(|&b| BYTE_CLASS[b as usize] & WORD != 0) {
                    end += 1;
                }
            }
            // Most words end at an ASCII byte that is no joiner (space, comma after a word...).
            match bytes.get(end) {
                None => break,
                Some(&b) if b < 0x80 && !matches!(b, b'-' | b'\'' | b'.' | b',') => break,
                _ => {}
            }
            let Some((d, dl)) = char_at(text, end) else { break };
            if is_word_char_fast(d) {
                all_digits &= d.is_ascii_digit();
                end += dl;
                continue;
            }
            // A joiner stays inside the token only when a word char follows it.
            let joiner = if all_digits { matches!(d, ',' | '.') } else { is_inner_joiner(d) };
            if !joiner {
                break;
            }
            let keep = match char_at(text, end + dl) {
                Some((a, _)) if all_digits => a.is_ascii_digit(),
                // "U.S." keeps its inner periods; a sentence-final "." does not join.
                Some((a, _)) if d == '.' => a.is_alphabetic() && end - i <= 3,
                Some((a, _)) => is_word_char_fast(a),
                None => false,
            };
            if !keep {
                break;
            }
            has_dot |= d == '.';
            end += dl;
        }
        // "U.S." : take the trailing period of a dotted initialism into the token.
        if has_dot && !all_digits && text.as_bytes().get(end) == Some(&b'.') {
            end += 1;
        }
        let kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
        tokens.push(Token { start: i, end, kind });
        pos = end;
    }
    tokens
}

/// Is the punctuation token `tok` one of `.`, `!`, `?`, `…`? (Byte tests: no slicing.)
#[inline]
fn is_final_punct(bytes: &[u8], tok: &Token) -> bool {
    match tok.end - tok.start {
        1 => matches!(bytes[tok.start], b'.' | b'!' | b'?'),
        3 => &bytes[tok.start..tok.end] == "…".as_bytes(),
        _ => false,
    }
}

fn is_closing(c: &str) -> bool {
    matches!(c, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

/// Split `text` into sentences and tokens.
pub fn segment(text: &str) -> Segmented {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut first = 0usize;
    let abbrevs = abbreviations();
    let starters = sentence_starters();
    let bytes = text.as_bytes();

    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        let mut boundary_after: Option<usize> = None; // index of last token in sentence

        // Line breaks between this token and the next.
        if let Some(next) = tokens.get(i + 1) {
            let gap = &bytes[tok.end..next.start];
            // Usually no gap or one space: no loop.
            let newlines = match gap {
                [] => 0,
                [b] => usize::from(*b == b'\n'),
                _ => gap.iter().filter(|&&b| b == b'\n').count(),
            };
            if newlines >= 2 {
                boundary_after = Some(i);
            } else if newlines == 1 {
                let ends_sentence = matches!(tok.kind, TokenKind::Punct)
                    && matches!(tok.text(text), "." | "!" | "?" | ":" | "\"" | "”" | ")");
                let next_lower = next.text(text).chars().next().is_some_and(char::is_lowercase);
                if ends_sentence || !next_lower {
                    boundary_after = Some(i);
                }
            }
        }

        if boundary_after.is_none() && tok.kind == TokenKind::Punct && is_final_punct(bytes, &tok) {
            let t = tok.text(text);
            // Extend over closing quotes/brackets.
            let mut last = i;
            while let Some(n) = tokens.get(last + 1) {
                if n.start == tokens[last].end && is_closing(n.text(text)) {
                    last += 1;
                } else {
                    break;
                }
            }
            let prev_word = (i > first).then(|| tokens[i - 1]).filter(|p| p.end == tok.start);
            let is_abbrev = t == "."
                && prev_word.is_some_and(|p| {
                    let w = p.text(text);
                    abbrevs.contains(w) || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                });
            // "1. First item": a number opening a line is a list marker, not a sentence.
            let list_marker = t == "."
                && i == first + 1
                && prev_word.is_some_and(|p| p.kind == TokenKind::Number && line_start(text, p.start));
            let next_starts = match tokens.get(last + 1) {
                None => true,
                Some(n) => {
                    let spaced = n.start > tokens[last].end;
                    let c = n.text(text).chars().next().unwrap_or(' ');
                    if spaced {
                        c.is_uppercase()
                            || c.is_ascii_digit()
                            || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '-' | '—')
                    } else {
                        // Scraped text often drops the space: "on Monday.More than ...".
                        missing_space_boundary(text, prev_word, n)
                    }
                }
            };
            if !is_abbrev && !list_marker && next_starts {
                boundary_after = Some(last);
            }
            // A dotted initialism that ends a sentence ("in the U.S. The …") is handled by
            // the token check below.
        } else if boundary_after.is_none() && tok.kind == TokenKind::Word && bytes[tok.end - 1] == b'.' {
            if let Some(n) = tokens.get(i + 1) {
                let c = n.text(text).chars().next().unwrap_or(' ');
                // "U.S. forces" vs "in the U.S. The": only break before a sentence starter.
                if c.is_uppercase() && n.start > tok.end && starters.contains(n.text(text)) {
                    boundary_after = Some(i);
                }
            }
        }

        let end_here = boundary_after.is_some() || i + 1 == tokens.len();
        let last = boundary_after.unwrap_or(i);
        if end_here {
            sentences.push(Sentence {
                start: tokens[first].start,
                end: tokens[last].end,
                first_token: first,
                end_token: last + 1,
            });
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    Segmented { tokens, sentences }
}

/// True when only spaces or tabs stand between the previous line break (or the text start)
/// and `pos`.
fn line_start(text: &str, pos: usize) -> bool {
    // Bounded look-back keeps segmentation linear.
    for (k, c) in text[..pos].chars().rev().enumerate() {
        match c {
            '\n' => return true,
            ' ' | '\t' if k < 8 => {}
            _ => return false,
        }
    }
    true
}

/// A period glued to the next word ends a sentence when a lower-case word of two or more
/// letters precedes it and a capitalised word follows ("feed.Soldiers"), not in "U.S.Army"
/// or "example.Com"-like tokens.
fn missing_space_boundary(text: &str, prev: Option<Token>, next: &Token) -> bool {
    let Some(prev) = prev else { return false };
    let (p, n) = (prev.text(text), next.text(text));
    let mut nc = n.chars();
    let prev_ok = prev.kind == TokenKind::Word
        && p.chars().count() >= 2
        && p.chars().last().is_some_and(char::is_lowercase);
    let next_ok = nc.next().is_some_and(char::is_uppercase) && nc.next().is_some_and(char::is_lowercase);
    prev_ok && next_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_word_char(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    /// The tokenizer as it was before the byte-level rewrite: the reference it must equal.
    fn tokenize_reference(text: &str) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            if is_word_char(c) {
                let numeric_start = c.is_ascii_digit();
                let mut end = i + c.len_utf8();
                let mut all_digits = numeric_start;
                while let Some(&(j, d)) = it.peek() {
                    if is_word_char(d) {
                        all_digits &= d.is_ascii_digit();
                        end = j + d.len_utf8();
                        it.next();
                        continue;
                    }
                    // A joiner stays inside the token only when a word char follows it.
                    let joiner = if all_digits { matches!(d, ',' | '.') } else { is_inner_joiner(d) };
                    if joiner {
                        let after = text[j + d.len_utf8()..].chars().next();
                        let keep = match after {
                            Some(a) if all_digits => a.is_ascii_digit(),
                            // "U.S." keeps its inner periods; a sentence-final "." does not join.
                            Some(a) if d == '.' => a.is_alphabetic() && end - i <= 3,
                            Some(a) => is_word_char(a),
                            None => false,
                        };
                        if keep {
                            it.next();
                            end = j + d.len_utf8();
                            continue;
                        }
                    }
                    break;
                }
                // "U.S." : take the trailing period of a dotted initialism into the token.
                let word = &text[i..end];
                if word.contains('.') && text[end..].starts_with('.') && !all_digits {
                    it.next();
                    end += 1;
                }
                let kind = if numeric_start
                    && text[i..end].chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                tokens.push(Token { start: i, end, kind });
            } else {
                tokens.push(Token { start: i, end: i + c.len_utf8(), kind: TokenKind::Punct });
            }
        }
        tokens
    }

    #[test]
    fn decimals_are_written_like_format() {
        for n in [0u64, 7, 10, 99, 100, 12_345, u64::MAX] {
            let mut s = String::from("x");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn tokenizer_equals_the_reference_tokenizer() {
        let samples = [
            "Hamam al-Alil, U.S.-backed forces; IS's last stand. 2,000 people, 3.5 km.",
            "U.S. The a.m. p.m. e.g. A.B.C.D. x.y 1.2.3 1,2,3 1, 2 1. 2 ..x .5 5. 5.x 5,x",
            "al‐Qaim — “quoted” ‘single’ 'plain' don't rock’n’roll _under_score_ a_1 1a a1 ٣٤ 10٣",
            "İstanbul ÉCOLE Straße ﬁne 𝔘nicode 😀 emoji\u{b}vt\u{c}ff\r\ncrlf\u{a0}nbsp\u{2003}em\u{1c}fs",
            "-5 - 5 --x x-- x-y- 'x' x' 'x x.' x.. x... A. B. Dr. St.Louis feed.Soldiers 12.30pm",
            "",
            "   ",
            ".",
            "a",
            "U.S.",
            "1,000.5.",
        ];
        for text in samples {
            assert_eq!(tokenize(text), tokenize_reference(text), "{text:?}");
        }
        // Every short combination of tricky characters.
        let alphabet = ['a', 'B', '1', '.', ',', '-', '\'', '’', ' ', 'é', '٣', '_', '\n'];
        let mut buf = String::new();
        for n in 0..alphabet.len().pow(4) {
            buf.clear();
            let mut k = n;
            for _ in 0..4 {
                buf.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            assert_eq!(tokenize(&buf), tokenize_reference(&buf), "{buf:?}");
        }
    }

    fn sents(text: &str) -> Vec<&str> {
        segment(text).sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokens_keep_inner_hyphens_numbers_and_initialisms() {
        assert_eq!(toks("Hamam al-Alil"), ["Hamam", "al-Alil"]);
        assert_eq!(toks("nearly 2,000 people."), ["nearly", "2,000", "people", "."]);
        assert_eq!(toks("U.S.-backed forces"), ["U.S.", "-", "backed", "forces"]);
        assert_eq!(toks("IS's last"), ["IS's", "last"]);
        assert_eq!(toks("3.5 km"), ["3.5", "km"]);
    }

    #[test]
    fn number_tokens_are_numbers() {
        let t = tokenize("at least 10 and 2,000");
        let kinds: Vec<_> = t.iter().map(|t| t.kind).collect();
        assert_eq!(kinds[2], TokenKind::Number);
        assert_eq!(kinds[4], TokenKind::Number);
        assert_eq!(kinds[0], TokenKind::Word);
    }

    #[test]
    fn abbreviations_do_not_split() {
        let s =
            sents("Lt. Gen. Abdulghani al-Assadi spoke. U.S. forces backed the No. 2 unit. Then it ended.");
        assert_eq!(
            s,
            ["Lt. Gen. Abdulghani al-Assadi spoke.", "U.S. forces backed the No. 2 unit.", "Then it ended."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let s = sents("\"The offensive is going according to plan,\" said Ahmed. \"We will win.\" He left.");
        assert_eq!(
            s,
            ["\"The offensive is going according to plan,\" said Ahmed.", "\"We will win.\"", "He left."]
        );
    }

    #[test]
    fn lines_and_paragraphs() {
        let s = sents("Headline without period\n\nFirst para ends here.\nSecond line\nwraps here.");
        assert_eq!(s, ["Headline without period", "First para ends here.", "Second line\nwraps here."]);
    }

    #[test]
    fn dashes_do_not_end_sentences() {
        let s =
            sents("SDF fighters were still far from Raqa -- on the Ain Issa front -- at least 30 km away.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn initialisms_split_only_before_sentence_starters() {
        let s =
            sents("Troops arrived from the U.S. The mission began. U.S. Army units and U.K. forces stayed.");
        assert_eq!(
            s,
            ["Troops arrived from the U.S.", "The mission began.", "U.S. Army units and U.K. forces stayed."]
        );
        let s = sents("The blast was at 9 a.m. Baghdad time, police said.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn missing_space_after_period() {
        let s =
            sents("Aid arrived on Monday.More than a million people remain. See kurdistan24.net for more.");
        assert_eq!(
            s,
            ["Aid arrived on Monday.", "More than a million people remain.", "See kurdistan24.net for more."]
        );
    }

    #[test]
    fn numbered_and_bulleted_lists() {
        let s = sents(
            "Demands:\n1. Open the corridors.\n2. Free the prisoners.\n- End the siege\n- Pay salaries",
        );
        assert_eq!(
            s,
            [
                "Demands:",
                "1. Open the corridors.",
                "2. Free the prisoners.",
                "- End the siege",
                "- Pay salaries"
            ]
        );
    }

    #[test]
    fn ranks_titles_months_and_ellipsis() {
        let s = sents("Maj. Gen. Najm al-Jabouri and Col. Ahmed met on Sept. 4 with Sheikh Ali… Talks failed. Mr. Smith left.");
        assert_eq!(
            s,
            [
                "Maj. Gen. Najm al-Jabouri and Col. Ahmed met on Sept. 4 with Sheikh Ali…",
                "Talks failed.",
                "Mr. Smith left."
            ]
        );
    }

    #[test]
    fn questions_exclamations_and_quoted_speech() {
        let s = sents("Who fired first? Nobody knows! “We will return,” he said. “Never!” she replied.");
        assert_eq!(
            s,
            ["Who fired first?", "Nobody knows!", "“We will return,” he said.", "“Never!” she replied."]
        );
    }

    #[test]
    fn datelines_and_headlines() {
        let text =
            "IS strikes back in Mosul\nBAGHDAD/BARTELLA, Iraq: IS militants hit back on Friday. Troops held.";
        assert_eq!(
            sents(text),
            [
                "IS strikes back in Mosul",
                "BAGHDAD/BARTELLA, Iraq: IS militants hit back on Friday.",
                "Troops held."
            ]
        );
    }

    #[test]
    fn every_token_is_in_exactly_one_sentence() {
        let text = "A. B. said “Go.” Then… U.S.-led 1,000.5 troops\n\n- x\n3. y. Z";
        let seg = segment(text);
        let mut covered = 0;
        for (i, s) in seg.sentences.iter().enumerate() {
            assert_eq!(s.first_token, covered);
            assert!(s.end_token > s.first_token);
            covered = s.end_token;
            assert_eq!(seg.sentence_tokens(i).first().unwrap().start, s.start);
        }
        assert_eq!(covered, seg.tokens.len());
    }

    #[test]
    fn sentence_at_finds_containing_sentence() {
        let text = "One two. Three four.";
        let seg = segment(text);
        assert_eq!(seg.sentence_at(0), Some(0));
        assert_eq!(seg.sentence_at(10), Some(1));
        assert_eq!(seg.sentence_at(100), None);
        assert_eq!(seg.sentence_tokens(1).len(), 3);
    }
}
