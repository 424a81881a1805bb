//! Word lists that guide recognition: embedded defaults from `data/gazetteer/*.txt` and
//! `*.tsv`, extended by files of the same name in `data_dir/gazetteer/`. Each file's header says
//! what its words do, with an example.

use crate::error::PlacesError;
use eventwire_text::data_lines as lines;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::path::Path;

/// The recognition lexicon.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Countries whose places get transliteration skeleton keys.
    pub skeleton_countries: BTreeSet<String>,
    /// Place-type words ("province", "town") → `admin` or `settlement`.
    pub place_types: FxHashMap<String, String>,
    /// Place-type words → the kind reported for an unresolved place in their slot
    /// ("villages" → "village").
    pub unresolved_kinds: FxHashMap<String, String>,
    /// Words that often precede a place ("in", "near").
    pub prepositions: FxHashSet<String>,
    /// Titles that introduce a person ("President", "Gen").
    pub titles: FxHashSet<String>,
    /// Organisation head words ("Service", "Forces").
    pub org_heads: FxHashSet<String>,
    /// Head words of natural features named after a people ("Ocean" in "Indian Ocean").
    pub feature_heads: FxHashSet<String>,
    /// Lower-case nouns a place name qualifies ("native" in "a Varna native").
    pub qualified_nouns: FxHashSet<String>,
    /// Surface forms that are never places in running text.
    pub stop_names: FxHashSet<String>,
    /// Given names that are also place names.
    pub person_names: FxHashSet<String>,
    /// First words of Arabic/Kurdish/Persian place names ("Tal", "Deir", "Abu").
    pub toponym_heads: FxHashSet<String>,
    /// Common English words that are also place names ("Bank", "Delta").
    pub common_words: FxHashSet<String>,
    /// Lower-case words that join the words of a name ("of", "and", "de").
    pub connectors: FxHashSet<String>,
    /// Abbreviated first words of names, joined to the next word by their period ("st").
    pub name_abbreviations: FxHashSet<String>,
    /// Arabic articles joined to a word by a hyphen ("al", "ash").
    pub name_articles: FxHashSet<String>,
    /// Words after which an unknown name of transliterated form is a place ("entered").
    pub strong_place_cues: FxHashSet<String>,
    /// Verbs of saying ("said", "told").
    pub speech_verbs: FxHashSet<String>,
    /// Articles before a place that qualifies a noun ("a", "the").
    pub determiners: FxHashSet<String>,
    /// Words before a given name that make it a person's ("named").
    pub given_name_cues: FxHashSet<String>,
    /// Words before a place that make the mention a location near it ("near").
    pub near_words: FxHashSet<String>,
    /// Nouns of "<noun> of X" that name the surroundings of X ("outskirts").
    pub vicinity_nouns: FxHashSet<String>,
    /// Words that join the items of a list of places ("and", "or").
    pub list_conjunctions: FxHashSet<String>,
    /// Particles inside a person's name ("bin", "de").
    pub person_name_particles: FxHashSet<String>,
    /// Words that end a person's name without being the family name ("jr").
    pub name_suffixes: FxHashSet<String>,
    /// Nouns that describe a person in an apposition ("spokesman").
    pub person_nouns: FxHashSet<String>,
    /// Nouns only people have, after a possessive ("wife").
    pub kin_nouns: FxHashSet<String>,
    /// Relative pronouns that refer to people ("who").
    pub person_relatives: FxHashSet<String>,
    /// Nouns a leader's name qualifies ("administration").
    pub leader_nouns: FxHashSet<String>,
    /// Acronyms of news agencies: written in capitals, an organisation ("NAGA reported").
    pub news_agencies: FxHashSet<String>,
    /// Phrases before a name that introduce a person, word by word ("gave his name as").
    pub person_phrases: Vec<Vec<String>>,
    /// Compass directions and their bearings in degrees, in file order.
    pub directions: Vec<(String, f64)>,
    /// Units of distance → kilometres.
    pub distance_units: FxHashMap<String, f64>,
}

/// The data files of the lexicon and their built-in text.
const FILES: [(&str, &str); 31] = [
    ("common_words.txt", include_str!("../../../data/gazetteer/common_words.txt")),
    ("toponym_heads.txt", include_str!("../../../data/gazetteer/toponym_heads.txt")),
    ("skeleton_countries.txt", include_str!("../../../data/gazetteer/skeleton_countries.txt")),
    ("place_types.txt", include_str!("../../../data/gazetteer/place_types.txt")),
    ("place_prepositions.txt", include_str!("../../../data/gazetteer/place_prepositions.txt")),
    ("titles.txt", include_str!("../../../data/gazetteer/titles.txt")),
    ("org_heads.txt", include_str!("../../../data/gazetteer/org_heads.txt")),
    ("feature_heads.txt", include_str!("../../../data/gazetteer/feature_heads.txt")),
    ("qualified_nouns.txt", include_str!("../../../data/gazetteer/qualified_nouns.txt")),
    ("stop_names.txt", include_str!("../../../data/gazetteer/stop_names.txt")),
    ("person_names.txt", include_str!("../../../data/gazetteer/person_names.txt")),
    ("name_connectors.txt", include_str!("../../../data/gazetteer/name_connectors.txt")),
    ("name_abbreviations.txt", include_str!("../../../data/gazetteer/name_abbreviations.txt")),
    ("name_articles.txt", include_str!("../../../data/gazetteer/name_articles.txt")),
    ("strong_place_cues.txt", include_str!("../../../data/gazetteer/strong_place_cues.txt")),
    ("speech_verbs.txt", include_str!("../../../data/gazetteer/speech_verbs.txt")),
    ("determiners.txt", include_str!("../../../data/gazetteer/determiners.txt")),
    ("given_name_cues.txt", include_str!("../../../data/gazetteer/given_name_cues.txt")),
    ("near_words.txt", include_str!("../../../data/gazetteer/near_words.txt")),
    ("vicinity_nouns.txt", include_str!("../../../data/gazetteer/vicinity_nouns.txt")),
    ("list_conjunctions.txt", include_str!("../../../data/gazetteer/list_conjunctions.txt")),
    ("person_name_particles.txt", include_str!("../../../data/gazetteer/person_name_particles.txt")),
    ("name_suffixes.txt", include_str!("../../../data/gazetteer/name_suffixes.txt")),
    ("person_nouns.txt", include_str!("../../../data/gazetteer/person_nouns.txt")),
    ("kin_nouns.txt", include_str!("../../../data/gazetteer/kin_nouns.txt")),
    ("person_relatives.txt", include_str!("../../../data/gazetteer/person_relatives.txt")),
    ("leader_nouns.txt", include_str!("../../../data/gazetteer/leader_nouns.txt")),
    ("person_phrases.txt", include_str!("../../../data/gazetteer/person_phrases.txt")),
    ("news_agencies.txt", include_str!("../../../data/gazetteer/news_agencies.txt")),
    ("directions.tsv", include_str!("../../../data/gazetteer/directions.tsv")),
    ("distance_units.tsv", include_str!("../../../data/gazetteer/distance_units.tsv")),
];

impl Lexicon {
    /// The built-in lists only.
    pub fn builtin() -> Self {
        let mut l = Lexicon::default();
        for (name, text) in FILES {
            l.add_file(name, text);
        }
        l
    }

    /// Built-in lists plus additions from `data_dir/gazetteer/<same file name>`.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, PlacesError> {
        let mut l = Self::builtin();
        if let Some(dir) = data_dir {
            for (name, _) in FILES {
                let p = dir.join("gazetteer").join(name);
                if p.is_file() {
                    let text = std::fs::read_to_string(&p).map_err(|e| PlacesError::Gazetteer {
                        path: p.display().to_string(),
                        message: e.to_string(),
                    })?;
                    l.add_file(name, &text);
                }
            }
        }
        Ok(l)
    }

    fn add_file(&mut self, name: &str, text: &str) {
        let lower: fn(&str) -> String = str::to_lowercase;
        let key: fn(&str) -> String = crate::normalize::norm_key;
        let set = match name {
            "skeleton_countries.txt" => {
                self.skeleton_countries.extend(lines(text).map(str::to_uppercase));
                return;
            }
            "place_types.txt" => {
                for l in lines(text) {
                    let mut cols = l.split('\t').map(str::trim);
                    let w = lower(cols.next().unwrap_or_default());
                    let kind = cols.next().filter(|k| !k.is_empty()).unwrap_or("settlement");
                    self.place_types.insert(w.clone(), kind.to_string());
                    if let Some(reported) = cols.next().filter(|k| !k.is_empty()) {
                        self.unresolved_kinds.insert(w, reported.to_string());
                    }
                }
                return;
            }
            "directions.tsv" => {
                for (w, bearing) in lines(text).filter_map(number_column) {
                    match self.directions.iter_mut().find(|d| d.0 == w) {
                        Some(d) => d.1 = bearing,
                        None => self.directions.push((w, bearing)),
                    }
                }
                return;
            }
            "person_phrases.txt" => {
                for l in lines(text) {
                    let phrase: Vec<String> = l.split_whitespace().map(lower).collect();
                    if !phrase.is_empty() && !self.person_phrases.contains(&phrase) {
                        self.person_phrases.push(phrase);
                    }
                }
                return;
            }
            "distance_units.tsv" => {
                self.distance_units.extend(lines(text).filter_map(number_column));
                return;
            }
            "stop_names.txt" => (&mut self.stop_names, key),
            "person_names.txt" => (&mut self.person_names, key),
            "common_words.txt" => (&mut self.common_words, key),
            "toponym_heads.txt" => (&mut self.toponym_heads, key),
            "place_prepositions.txt" => (&mut self.prepositions, lower),
            "titles.txt" => (&mut self.titles, lower),
            "org_heads.txt" => (&mut self.org_heads, lower),
            "feature_heads.txt" => (&mut self.feature_heads, lower),
            "qualified_nouns.txt" => (&mut self.qualified_nouns, lower),
            "name_connectors.txt" => (&mut self.connectors, lower),
            "name_abbreviations.txt" => (&mut self.name_abbreviations, lower),
            "name_articles.txt" => (&mut self.name_articles, lower),
            "strong_place_cues.txt" => (&mut self.strong_place_cues, lower),
            "speech_verbs.txt" => (&mut self.speech_verbs, lower),
            "determiners.txt" => (&mut self.determiners, lower),
            "given_name_cues.txt" => (&mut self.given_name_cues, lower),
            "near_words.txt" => (&mut self.near_words, lower),
            "vicinity_nouns.txt" => (&mut self.vicinity_nouns, lower),
            "list_conjunctions.txt" => (&mut self.list_conjunctions, lower),
            "person_name_particles.txt" => (&mut self.person_name_particles, lower),
            "name_suffixes.txt" => (&mut self.name_suffixes, lower),
            "person_nouns.txt" => (&mut self.person_nouns, lower),
            "kin_nouns.txt" => (&mut self.kin_nouns, lower),
            "person_relatives.txt" => (&mut self.person_relatives, lower),
            "leader_nouns.txt" => (&mut self.leader_nouns, lower),
            "news_agencies.txt" => (&mut self.news_agencies, key),
            _ => return,
        };
        let (set, form) = set;
        set.extend(lines(text).map(form));
    }
}

/// A `word<TAB>number` line: the lower-case word and the number.
fn number_column(line: &str) -> Option<(String, f64)> {
    let (w, n) = line.split_once('\t')?;
    Some((w.trim().to_lowercase(), n.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let l = Lexicon::builtin();
        assert!(l.skeleton_countries.contains("IQ"));
        assert_eq!(l.place_types.get("governorate").map(String::as_str), Some("admin"));
        assert_eq!(l.place_types.get("villages").map(String::as_str), Some("settlement"));
        assert_eq!(l.unresolved_kinds.get("villages").map(String::as_str), Some("village"));
        assert!(!l.unresolved_kinds.contains_key("province"));
        assert!(l.org_heads.contains("service"));
        assert!(l.stop_names.contains("islamic state"));
        assert!(l.connectors.contains("of") && l.name_articles.contains("ash"));
        assert!(l.directions.contains(&("south-west".to_string(), 225.0)));
        assert_eq!(l.distance_units.get("miles"), Some(&1.609));
    }

    #[test]
    fn data_dir_adds_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("gazetteer")).unwrap();
        std::fs::write(dir.path().join("gazetteer/stop_names.txt"), "# extra\nFoobarville\n").unwrap();
        std::fs::write(dir.path().join("gazetteer/directions.tsv"), "# extra\nnorth-northeast\t22.5\n")
            .unwrap();
        std::fs::write(dir.path().join("gazetteer/place_types.txt"), "kibbutz\tsettlement\tvillage\n")
            .unwrap();
        let l = Lexicon::load(Some(dir.path())).unwrap();
        assert!(l.stop_names.contains("foobarville"));
        assert!(l.stop_names.contains("islamic state"));
        assert!(l.directions.contains(&("north-northeast".to_string(), 22.5)));
        assert!(l.directions.contains(&("north".to_string(), 0.0)));
        assert_eq!(l.unresolved_kinds.get("kibbutz").map(String::as_str), Some("village"));
    }

    #[test]
    fn every_data_file_has_a_header_with_an_example() {
        for (name, text) in FILES {
            let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
            assert!(!header.is_empty(), "{name}: no header comment");
            assert!(header.iter().any(|l| l.contains('"')), "{name}: no quoted example in its header");
        }
    }
}
