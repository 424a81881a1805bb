//! The data files ingest needs: news agencies/outlets, dateline stop-words, language
//! stop-words. Built-in defaults are embedded; `<data_dir>/text/*` adds to or overrides them.

use crate::IngestError;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const AGENCIES: &str = include_str!("../../../data/text/agencies.tsv");
const DATELINE_STOPWORDS: &str = include_str!("../../../data/text/dateline_stopwords.txt");
const STOPWORDS: &str = include_str!("../../../data/text/stopwords.tsv");

/// What kind of source a known name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A news agency whose copy other outlets publish (AFP, Reuters).
    Wire,
    /// A publisher or broadcaster (Kurdistan 24, RFE/RL).
    Outlet,
    /// A named source that is neither (a monitor such as SOHR).
    Other,
}

/// A known agency or outlet.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub kind: SourceKind,
}

/// Loaded knowledge.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// Alias → index into `sources`.
    aliases: HashMap<String, usize>,
    /// Aliases sorted longest first, for scanning a line.
    alias_list: Vec<String>,
    /// Every alias of `alias_list` (pattern `i` is `alias_list[i]`): one pass over a text
    /// finds them all, instead of one search per alias.
    alias_matcher: Option<aho_corasick::AhoCorasick>,
    sources: Vec<Source>,
    pub dateline_stopwords: BTreeSet<String>,
    /// Word → languages using it.
    stopwords: FxHashMap<String, Vec<usize>>,
    pub langs: Vec<String>,
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

impl Knowledge {
    /// Load the built-in data plus the files under `data_dir/text/`, when given.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, IngestError> {
        let mut agencies: BTreeMap<String, (SourceKind, Vec<String>)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut stop = String::from(DATELINE_STOPWORDS);
        let mut words = String::from(STOPWORDS);
        let mut add_agencies = |text: &str, origin: &str| -> Result<(), IngestError> {
            for (n, line) in data_lines(text) {
                let cols: Vec<&str> = line.split('\t').collect();
                let bad = |m: &str| IngestError::at_line(origin, n, m.to_string());
                if cols.len() != 3 {
                    return Err(bad("expected canonical<TAB>kind<TAB>aliases"));
                }
                let kind = match cols[1].trim() {
                    "wire" => SourceKind::Wire,
                    "outlet" => SourceKind::Outlet,
                    "other" => SourceKind::Other,
                    k => return Err(bad(&format!("unknown kind {k:?} (wire, outlet, other)"))),
                };
                let name = cols[0].trim().to_string();
                let aliases =
                    cols[2].split('|').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
                if !agencies.contains_key(&name) {
                    order.push(name.clone());
                }
                agencies.insert(name, (kind, aliases));
            }
            Ok(())
        };
        add_agencies(AGENCIES, "data/text/agencies.tsv")?;
        if let Some(dir) = data_dir {
            let dir = dir.join("text");
            let read = |name: &str| -> Result<Option<String>, IngestError> {
                let p = dir.join(name);
                match std::fs::read_to_string(&p) {
                    Ok(s) => Ok(Some(s)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(IngestError::new(p.display().to_string(), e.to_string())),
                }
            };
            if let Some(s) = read("agencies.tsv")? {
                add_agencies(&s, &dir.join("agencies.tsv").display().to_string())?;
            }
            if let Some(s) = read("dateline_stopwords.txt")? {
                stop.push('\n');
                stop.push_str(&s);
            }
            if let Some(s) = read("stopwords.tsv")? {
                words.push('\n');
                words.push_str(&s);
            }
        }

        let mut k = Knowledge::default();
        for name in order {
            let (kind, aliases) = agencies.remove(&name).unwrap_or((SourceKind::Other, Vec::new()));
            let i = k.sources.len();
            k.sources.push(Source { name, kind });
            for a in aliases {
                k.aliases.insert(a, i);
            }
        }
        k.alias_list = k.aliases.keys().cloned().collect();
        k.alias_list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        k.alias_matcher = Some(
            aho_corasick::AhoCorasick::new(&k.alias_list)
                .map_err(|e| IngestError::new("agency aliases".to_string(), e.to_string()))?,
        );
        k.dateline_stopwords = data_lines(&stop).map(|(_, l)| l.trim().to_string()).collect();
        for (_, line) in data_lines(&words) {
            let Some((lang, list)) = line.split_once('\t') else { continue };
            let li = match k.langs.iter().position(|l| l == lang.trim()) {
                Some(i) => i,
                None => {
                    k.langs.push(lang.trim().to_string());
                    k.langs.len() - 1
                }
            };
            for w in list.split_whitespace() {
                let e = k.stopwords.entry(w.to_lowercase()).or_default();
                if !e.contains(&li) {
                    e.push(li);
                }
            }
        }
        Ok(k)
    }

    /// The source known under exactly this alias.
    pub fn source(&self, alias: &str) -> Option<&Source> {
        self.aliases.get(alias.trim()).map(|&i| &self.sources[i])
    }

    /// Known sources named in `s`, as `(byte start, byte end, source)`, left to right,
    /// longest alias first where they overlap.
    pub fn sources_in<'a>(&'a self, s: &str) -> Vec<(usize, usize, &'a Source)> {
        // Start -> (end, source) of the hits so far. They never overlap, so their ends rise
        // with their starts: the last one starting before `b` is the only one to check.
        let mut hits: BTreeMap<usize, (usize, &Source)> = BTreeMap::new();
        let Some(matcher) = &self.alias_matcher else { return Vec::new() };
        // Every occurrence of every alias, grouped by alias in `alias_list` order: the same
        // aliases are tried in the same order as one search per alias would.
        let mut found: Vec<(usize, usize)> =
            matcher.find_overlapping_iter(s).map(|m| (m.pattern().as_usize(), m.start())).collect();
        found.sort_unstable();
        let mut from = 0;
        for (i, &(pattern, a)) in found.iter().enumerate() {
            if i == 0 || found[i - 1].0 != pattern {
                from = 0;
            }
            // An alias's occurrences are taken left to right, each after the previous one's end.
            if a < from {
                continue;
            }
            let alias = &self.alias_list[pattern];
            let b = a + alias.len();
            let before_ok = !s[..a].chars().next_back().is_some_and(char::is_alphanumeric);
            let after_ok = !s[b..].chars().next().is_some_and(char::is_alphanumeric);
            let overlaps = hits.range(..b).next_back().is_some_and(|(_, h)| h.0 > a);
            if before_ok && after_ok && !overlaps {
                hits.insert(a, (b, &self.sources[self.aliases[alias]]));
            }
            from = b;
        }
        hits.into_iter().map(|(a, (b, src))| (a, b, src)).collect()
    }

    /// Languages whose stop-words include `word` (lower case).
    pub fn stopword_langs(&self, word: &str) -> &[usize] {
        self.stopwords.get(word).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_agencies_load() {
        let k = Knowledge::load(None).unwrap();
        assert_eq!(k.source("Agence France-Presse").unwrap().name, "AFP");
        assert_eq!(k.source("Kurdistan 24").unwrap().kind, SourceKind::Outlet);
        let hits = k.sources_in("Reprinted with the permission of Radio Free Europe/Radio Liberty, AFP");
        let names: Vec<_> = hits.iter().map(|h| h.2.name.as_str()).collect();
        assert_eq!(names, ["RFE/RL", "AFP"]);
        // Word boundaries: "MAPPING" does not contain the alias "AP".
        assert!(k.sources_in("MAPPING").is_empty());
        // Every occurrence, left to right; a longer alias wins over one inside it.
        let ap = k.source("Associated Press").unwrap().name.as_str();
        let hits = k.sources_in("AFP said, AFP said, and the Associated Press (AP) said");
        let names: Vec<_> = hits.iter().map(|h| h.2.name.as_str()).collect();
        assert_eq!(names, ["AFP", "AFP", ap, ap]);
        assert_eq!((hits[1].0, hits[1].1), (10, 13));
    }

    #[test]
    fn data_dir_adds_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("text")).unwrap();
        std::fs::write(
            dir.path().join("text/agencies.tsv"),
            "Zagros Wire\twire\tZagros Wire|ZW\nAFP\toutlet\tAFP\n",
        )
        .unwrap();
        let k = Knowledge::load(Some(dir.path())).unwrap();
        assert_eq!(k.source("ZW").unwrap().name, "Zagros Wire");
        assert_eq!(k.source("AFP").unwrap().kind, SourceKind::Outlet);
    }

    #[test]
    fn bad_data_file_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("text")).unwrap();
        std::fs::write(dir.path().join("text/agencies.tsv"), "# c\nX\tnewspaper\tX\n").unwrap();
        let e = Knowledge::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("agencies.tsv:2"), "{e}");
    }
}
