//! BERT's uncased WordPiece tokenizer, as the model was trained with it: clean the text, put
//! spaces around CJK ideographs, strip accents, lowercase, split on whitespace and around
//! punctuation, then cut each word into the longest vocabulary pieces (`##` marks a piece
//! that continues a word).

use crate::EncoderError;
use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Words longer than this (in characters) become `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary and the ids of its special tokens.
#[derive(Debug, Clone)]
pub struct WordPiece {
    ids: FxHashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
}

impl WordPiece {
    /// Read a `vocab.txt` (one token a line, the line number is the id). `origin` names it in errors.
    pub fn parse(vocab: &str, origin: &str) -> Result<WordPiece, EncoderError> {
        let ids: FxHashMap<String, u32> =
            vocab.lines().enumerate().map(|(i, t)| (t.to_string(), i as u32)).collect();
        let special = |t: &str| {
            ids.get(t).copied().ok_or_else(|| EncoderError::Format {
                origin: origin.into(),
                message: format!("the vocabulary has no {t} token"),
            })
        };
        Ok(WordPiece { unk: special("[UNK]")?, cls: special("[CLS]")?, sep: special("[SEP]")?, ids })
    }

    /// The ids of `text`: `[CLS]`, its pieces, `[SEP]`; at most `max_len` ids in all (the
    /// pieces past that are dropped, as the model's own tokenizer truncates).
    pub fn encode(&self, text: &str, max_len: usize) -> Vec<u32> {
        let mut out = vec![self.cls];
        let room = max_len.saturating_sub(2);
        for word in basic_words(text) {
            if out.len() > room {
                break;
            }
            self.pieces(&word, &mut out);
        }
        out.truncate(room + 1);
        out.push(self.sep);
        out
    }

    /// Greedy longest-match-first pieces of one word; the whole word is `[UNK]` when any part
    /// of it has no piece.
    fn pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let start_len = out.len();
        let mut start = 0;
        let mut candidate = String::new();
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while end > start {
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                candidate.push_str(&word[from..to]);
                if let Some(&id) = self.ids.get(candidate.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => out.push(id),
                None => {
                    out.truncate(start_len);
                    out.push(self.unk);
                    return;
                }
            }
            start = end;
        }
    }
}

/// BERT's basic tokenization: normalised, lowercased words and single punctuation marks.
fn basic_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    // Accents are stripped before lowercasing, as the model's tokenizer does.
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c == '\0' || c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut word, &mut words);
        } else if is_punctuation(c) || is_cjk(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else {
            word.extend(c.to_lowercase());
        }
    }
    flush(&mut word, &mut words);
    words
}

/// ASCII non-alphanumeric marks (BERT counts `$`, `+`, `^` … as punctuation too) and the
/// Unicode punctuation a news text carries: dashes, quotes, ellipses, guillemets.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF)
        || matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0x3008..=0x3011)
}

/// CJK ideographs, each a word of its own.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> WordPiece {
        let v = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n,\n.\nthe\nun\n##want\n##ed\nrunning\ncafe\n'\ns\n";
        WordPiece::parse(v, "test").unwrap()
    }

    #[test]
    fn splits_words_into_pieces_and_punctuation() {
        let v = vocab();
        // [CLS] un ##want ##ed , running [SEP]
        assert_eq!(v.encode("UNwanted, running", 64), [2, 7, 8, 9, 4, 10, 3]);
        // Accents are stripped; an unknown word is one [UNK].
        assert_eq!(v.encode("Café xyz.", 64), [2, 11, 1, 5, 3]);
        assert_eq!(basic_words("Don’t \u{7}stop—now"), ["don", "’", "t", "stop", "—", "now"]);
    }

    #[test]
    fn truncates_to_the_length_limit() {
        let v = vocab();
        let ids = v.encode("the the the the the the", 5);
        assert_eq!(ids, [2, 6, 6, 6, 3]);
        assert_eq!(v.encode("", 5), [2, 3]);
    }

    #[test]
    fn a_vocabulary_without_special_tokens_is_an_error() {
        let e = WordPiece::parse("a\nb\n", "v.txt").unwrap_err().to_string();
        assert!(e.contains("v.txt") && e.contains("[UNK]"), "{e}");
    }
}
