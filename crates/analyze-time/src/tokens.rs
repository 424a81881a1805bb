//! The tagger's tokens: runs of letters, runs of digits and single other characters, with
//! byte offsets into the text.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// A token of the tagger: letters, digits or one other character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
}

const C_OTHER: u8 = 0;
const C_SPACE: u8 = 1;
const C_DIGIT: u8 = 2;
const C_ALPHA: u8 = 3;
const C_HIGH: u8 = 4;

/// The class of each byte, for the tokeniser.
static CLASS: [u8; 256] = {
    let mut t = [C_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 128 {
            C_HIGH
        } else if c.is_ascii_whitespace() {
            C_SPACE
        } else if c.is_ascii_digit() {
            C_DIGIT
        } else if c.is_ascii_alphabetic() {
            C_ALPHA
        } else {
            C_OTHER
        };
        b += 1;
    }
    t
};

/// Split into letter runs, digit runs and single other characters.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    tokenize_with(text, |t| toks.push(t));
    toks
}

/// [`tokenize`], handing each token to `on` as it is found.
pub(crate) fn tokenize_with(text: &str, mut on: impl FnMut(Tok)) {
    let b = text.as_bytes();
    let class = |i: usize| b.get(i).map_or(C_SPACE, |&c| CLASS[c as usize]);
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = match CLASS[c as usize] {
            C_SPACE => {
                space = true;
                i += 1;
                continue;
            }
            C_DIGIT => {
                i += 1;
                while class(i) == C_DIGIT {
                    i += 1;
                }
                Kind::Num
            }
            C_ALPHA => {
                i += 1;
                while class(i) == C_ALPHA {
                    i += 1;
                }
                if class(i) == C_HIGH {
                    i = word_end(text, i);
                }
                Kind::Word
            }
            C_OTHER => {
                i += 1;
                Kind::Punct
            }
            _ => {
                // Non-ASCII: decode one character.
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    space = true;
                    i += ch.len_utf8();
                    continue;
                }
                let kind = if ch.is_alphabetic() {
                    i = word_end(text, i);
                    Kind::Word
                } else {
                    i += ch.len_utf8();
                    Kind::Punct
                };
                on(Tok { start, end: i, kind, cap: ch.is_uppercase(), space_before: space });
                space = false;
                continue;
            }
        };
        on(Tok { start, end: i, kind, cap: c.is_ascii_uppercase(), space_before: space });
        space = false;
    }
}

/// End of the run of letters starting at `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_alphabetic() {
            i += 1;
        } else if b[i] >= 128 {
            match text[i..].chars().next() {
                Some(ch) if ch.is_alphabetic() => i += ch.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    i
}
