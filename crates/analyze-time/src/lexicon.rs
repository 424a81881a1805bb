//! Word lists, phrases and roles of the tagger, read from `data/time/` (embedded) plus user
//! files.

use crate::error::TimeError;
use crate::flags;
use crate::roles::{self, Roles};
use crate::tokens::tokenize;
use crate::words::{Lex, Phrase, PhraseKind, Unit};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../../data/time/lexicon.tsv");
const PHRASES: &str = include_str!("../../../data/time/phrases.tsv");
const ROLES: &str = include_str!("../../../data/time/roles.tsv");

/// The data files of the tagger, by name under `data/time/`.
#[derive(Clone, Copy)]
enum File {
    Lexicon,
    Phrases,
    Roles,
}

const FILES: [(File, &str, &str); 3] = [
    (File::Lexicon, "lexicon.tsv", LEXICON),
    (File::Phrases, "phrases.tsv", PHRASES),
    (File::Roles, "roles.tsv", ROLES),
];

/// What the tagger knows of a token's word, found with one lookup.
#[derive(Debug, Default)]
pub struct Entry {
    pub lx: Vec<Lex>,
    pub ph: Vec<Phrase>,
    pub roles: Roles,
    /// The tagger's token flags when the token is a word, and when it is punctuation.
    pub word_flags: u32,
    pub punct_flags: u32,
}

/// All word knowledge of the tagger.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub words: FxHashMap<String, Vec<Lex>>,
    /// Phrases by first word, longest first.
    pub phrases: FxHashMap<String, Vec<Phrase>>,
    /// The roles of each word of `roles.tsv`.
    pub roles: FxHashMap<String, Roles>,
    /// Words and phrases by word, for one lookup per token.
    pub index: FxHashMap<String, Entry>,
    /// Length of the longest indexed word.
    pub max_len: usize,
    /// Bits of [`filter_bit`] for the indexed words: a word whose bit is clear is not indexed.
    pub filter: Vec<u64>,
    /// Second words of the phrases that begin with "the".
    pub after_the: FxHashSet<String>,
}

impl Lexicon {
    /// Built-in lists plus `lexicon.tsv` / `phrases.tsv` / `roles.tsv` under `data_dir/time/`
    /// when present.
    pub fn load(data_dir: Option<&Path>) -> Result<Lexicon, TimeError> {
        let mut lex = Lexicon::default();
        for (file, name, text) in FILES {
            lex.add(file, text, &format!("data/time/{name}"))?;
        }
        if let Some(dir) = data_dir {
            for (file, name, _) in FILES {
                let path = dir.join("time").join(name);
                if !path.exists() {
                    continue;
                }
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| TimeError::Rules { path: shown.clone(), message: e.to_string() })?;
                lex.add(file, &text, &shown)?;
            }
        }
        lex.after_the =
            lex.phrases.get("the").into_iter().flatten().filter_map(|p| p.words.get(1).cloned()).collect();
        for list in lex.phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        let mut index: FxHashMap<String, Entry> = FxHashMap::default();
        for (w, l) in &lex.words {
            index.entry(w.clone()).or_default().lx = l.clone();
        }
        for (w, p) in &lex.phrases {
            index.entry(w.clone()).or_default().ph = p.clone();
        }
        for (w, r) in &lex.roles {
            index.entry(w.clone()).or_default().roles = *r;
        }
        // Words the grammar tests for by name get an entry too, for their flags.
        for w in flags::NAMED_WORDS.iter().copied().chain(lex.after_the.iter().map(String::as_str)) {
            index.entry(w.to_string()).or_default();
        }
        for (w, e) in index.iter_mut() {
            (e.word_flags, e.punct_flags) =
                flags::entry_flags(w, &e.lx, !e.ph.is_empty(), e.roles, &lex.after_the);
        }
        lex.max_len = index.keys().map(String::len).max().unwrap_or(0);
        lex.filter = vec![0; FILTER_WORDS];
        for w in index.keys() {
            let b = filter_bit(w);
            lex.filter[b / 64] |= 1 << (b % 64);
        }
        lex.index = index;
        Ok(lex)
    }

    fn add(&mut self, file: File, text: &str, path: &str) -> Result<(), TimeError> {
        match file {
            File::Lexicon => self.add_words(text, path),
            File::Phrases => self.add_phrases(text, path),
            File::Roles => self.add_roles(text, path),
        }
    }

    fn add_roles(&mut self, text: &str, path: &str) -> Result<(), TimeError> {
        for (n, line) in data_lines(text) {
            let err = |m: &str| TimeError::Rules { path: path.into(), message: format!("line {n}: {m}") };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [word, role] = cols[..] else {
                return Err(err("expected word<TAB>role"));
            };
            let role = roles::parse(role).ok_or_else(|| err("unknown role"))?;
            *self.roles.entry(word.to_lowercase()).or_default() |= role;
        }
        Ok(())
    }

    fn add_words(&mut self, text: &str, path: &str) -> Result<(), TimeError> {
        for (n, line) in data_lines(text) {
            let err = |m: &str| TimeError::Rules { path: path.into(), message: format!("line {n}: {m}") };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [word, class, value] = cols[..] else {
                return Err(err("expected word<TAB>class<TAB>value"));
            };
            let int = || value.parse::<i64>().map_err(|_| err("value must be a number"));
            let unit = || Unit::parse(value).ok_or_else(|| err("unknown unit"));
            let entry = match class {
                "month" => Lex::Month(int()? as u32),
                "weekday" => Lex::Weekday(int()? as u32),
                "weekdays" => Lex::Weekdays(int()? as u32),
                "number" => Lex::Number(int()? as u32),
                "ordinal" => Lex::Ordinal(int()? as u32),
                "unit" => Lex::Unit(unit()?),
                "units" => Lex::Units(unit()?),
                "season" => Lex::Season(value.to_string()),
                "partofday" => Lex::PartOfDay(value.to_string()),
                "deictic" => Lex::Deictic(int()? as i32),
                "decade" => Lex::Decade(int()? as u32),
                "ambiguous" => Lex::Ambiguous,
                "future" => Lex::Future,
                "past" => Lex::Past,
                "campaign" => Lex::Campaign,
                "start" => Lex::Start,
                _ => return Err(err("unknown class")),
            };
            let list = self.words.entry(word.to_lowercase()).or_default();
            // A user entry of the same class replaces the built-in one.
            list.retain(|e| std::mem::discriminant(e) != std::mem::discriminant(&entry));
            list.push(entry);
        }
        Ok(())
    }

    fn add_phrases(&mut self, text: &str, path: &str) -> Result<(), TimeError> {
        for (n, line) in data_lines(text) {
            let err = |m: &str| TimeError::Rules { path: path.into(), message: format!("line {n}: {m}") };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [phrase, ty, value] = cols[..] else {
                return Err(err("expected phrase<TAB>TYPE<TAB>value"));
            };
            let kind = match ty {
                "DATE" | "TIME" | "DURATION" | "SET" => PhraseKind::Timex(ty.into(), value.into()),
                "MOD" => PhraseKind::Mod(value.into()),
                "EDGE" => PhraseKind::Edge(value.into()),
                _ => return Err(err("unknown type")),
            };
            let lower = phrase.to_lowercase();
            let words: Vec<String> =
                tokenize(&lower).iter().map(|t| lower[t.start..t.end].to_string()).collect();
            let Some(first) = words.first().cloned() else {
                return Err(err("empty phrase"));
            };
            let list = self.phrases.entry(first).or_default();
            list.retain(|p| {
                p.words != words || std::mem::discriminant(&p.kind) != std::mem::discriminant(&kind)
            });
            list.push(Phrase { words, kind });
        }
        Ok(())
    }

    /// False when `word` (lower-case) is surely not in [`Lexicon::index`]: a cheap test
    /// before hashing it.
    pub fn may_have(&self, word: &str) -> bool {
        if word.len() > self.max_len || self.filter.is_empty() {
            return word.len() <= self.max_len;
        }
        let b = filter_bit(word);
        self.filter[b / 64] & (1 << (b % 64)) != 0
    }

    pub fn get(&self, word: &str) -> &[Lex] {
        self.words.get(word).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The roles `roles.tsv` gives `word` (lower case), built-in ones only: for callers without a
/// [`Lexicon`].
pub(crate) fn builtin_roles(word: &str) -> Roles {
    static BUILTIN: OnceLock<FxHashMap<String, Roles>> = OnceLock::new();
    let roles = BUILTIN.get_or_init(|| {
        let mut lex = Lexicon::default();
        // The embedded file is checked by the tests.
        lex.add_roles(ROLES, "data/time/roles.tsv").map_or_else(|_| FxHashMap::default(), |()| lex.roles)
    });
    roles.get(word).copied().unwrap_or(0)
}

const FILTER_WORDS: usize = 256;

/// A bit for `word` from its first two bytes and its length.
fn filter_bit(word: &str) -> usize {
    let b = word.as_bytes();
    let (x, y) = (b.first().copied().unwrap_or(0) as usize, b.get(1).copied().unwrap_or(0) as usize);
    (x.wrapping_mul(31).wrapping_add(y).wrapping_mul(37).wrapping_add(b.len())) % (FILTER_WORDS * 64)
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::load(None).unwrap();
        assert!(lex.get("sept").contains(&Lex::Month(9)));
        assert!(lex.get("weeks").contains(&Lex::Units(Unit::Week)));
        assert!(lex.phrases["the"].iter().any(|p| p.words == ["the", "end", "of"]));
        assert_eq!(
            lex.roles["since"],
            roles::YEAR_BEFORE | roles::MONTH_BEFORE | roles::BOUND | roles::ELAPSED_LINK
        );
        assert_eq!(lex.index["gmt"].roles, roles::TIME_ZONE);
        // The roles every role-holder reads without a lexicon are the built-in ones.
        assert!(lex.roles.iter().all(|(w, r)| builtin_roles(w) == *r));
        assert_eq!(builtin_roles("tarin"), 0);
    }

    #[test]
    fn the_filter_lets_every_indexed_word_through() {
        let lex = Lexicon::load(None).unwrap();
        assert!(lex.index.keys().all(|w| lex.may_have(w)));
        let passed =
            ["fighters", "reporters", "hospital", "government"].iter().filter(|w| lex.may_have(w)).count();
        assert!(passed < 4, "the filter should reject some ordinary words");
    }

    #[test]
    fn user_files_extend_and_bad_lines_are_errors() {
        let dir = std::env::temp_dir().join(format!("ew-time-lex-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("time")).unwrap();
        std::fs::write(dir.join("time/lexicon.tsv"), "septembre\tmonth\t9\n").unwrap();
        std::fs::write(dir.join("time/roles.tsv"), "WIB\ttime-zone\nsince\tlead\n").unwrap();
        let lex = Lexicon::load(Some(&dir)).unwrap();
        assert!(lex.get("septembre").contains(&Lex::Month(9)));
        assert_eq!(lex.index["wib"].roles, roles::TIME_ZONE);
        // A user role adds to the built-in ones.
        assert_eq!(lex.roles["since"] & (roles::LEAD | roles::BOUND), roles::LEAD | roles::BOUND);
        std::fs::write(dir.join("time/roles.tsv"), "soon\tsoonish\n").unwrap();
        let e = Lexicon::load(Some(&dir)).unwrap_err().to_string();
        assert!(e.contains("roles.tsv") && e.contains("unknown role"), "{e}");
        std::fs::remove_file(dir.join("time/roles.tsv")).unwrap();
        std::fs::write(dir.join("time/lexicon.tsv"), "oops\tmonth\n").unwrap();
        let e = Lexicon::load(Some(&dir)).unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
