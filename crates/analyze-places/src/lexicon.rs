//! Word lists that guide recognition: embedded defaults from `data/gazetteer/*.txt`, extended
//! by files of the same name in `data_dir/gazetteer/`.

use crate::PlacesError;
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
    /// Words that often precede a place ("in", "near").
    pub prepositions: FxHashSet<String>,
    /// Titles that introduce a person ("President", "Gen").
    pub titles: FxHashSet<String>,
    /// Organisation head words ("Service", "Forces").
    pub org_heads: FxHashSet<String>,
    /// Head words of natural features named after a people ("Ocean" in "Indian Ocean").
    pub feature_heads: FxHashSet<String>,
    /// Lower-case nouns a place name qualifies ("native" in "a Saratoga native").
    pub qualified_nouns: FxHashSet<String>,
    /// Surface forms that are never places in running text.
    pub stop_names: FxHashSet<String>,
    /// Given names that are also place names.
    pub person_names: FxHashSet<String>,
    /// First words of Arabic/Kurdish/Persian place names ("Tal", "Deir", "Abu").
    pub toponym_heads: FxHashSet<String>,
    /// Common English words that are also place names ("Bank", "Delta").
    pub common_words: FxHashSet<String>,
}

const FILES: [(&str, &str); 11] = [
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
        let lower = |s: &str| s.to_lowercase();
        match name {
            "skeleton_countries.txt" => self.skeleton_countries.extend(lines(text).map(str::to_uppercase)),
            "place_types.txt" => {
                for l in lines(text) {
                    let (w, k) = l.split_once('\t').unwrap_or((l, "settlement"));
                    self.place_types.insert(lower(w.trim()), k.trim().to_string());
                }
            }
            "place_prepositions.txt" => self.prepositions.extend(lines(text).map(lower)),
            "titles.txt" => self.titles.extend(lines(text).map(lower)),
            "org_heads.txt" => self.org_heads.extend(lines(text).map(lower)),
            "feature_heads.txt" => self.feature_heads.extend(lines(text).map(lower)),
            "qualified_nouns.txt" => self.qualified_nouns.extend(lines(text).map(lower)),
            "stop_names.txt" => self.stop_names.extend(lines(text).map(crate::normalize::norm_key)),
            "person_names.txt" => self.person_names.extend(lines(text).map(crate::normalize::norm_key)),
            "common_words.txt" => self.common_words.extend(lines(text).map(crate::normalize::norm_key)),
            "toponym_heads.txt" => self.toponym_heads.extend(lines(text).map(crate::normalize::norm_key)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let l = Lexicon::builtin();
        assert!(l.skeleton_countries.contains("IQ"));
        assert_eq!(l.place_types.get("governorate").map(String::as_str), Some("admin"));
        assert!(l.org_heads.contains("service"));
        assert!(l.stop_names.contains("islamic state"));
    }

    #[test]
    fn data_dir_adds_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("gazetteer")).unwrap();
        std::fs::write(dir.path().join("gazetteer/stop_names.txt"), "# extra\nFoobarville\n").unwrap();
        let l = Lexicon::load(Some(dir.path())).unwrap();
        assert!(l.stop_names.contains("foobarville"));
        assert!(l.stop_names.contains("islamic state"));
    }
}
