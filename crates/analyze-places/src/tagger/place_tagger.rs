//! The tagger itself: the gazetteer and what is derived from it and from the lexicon once, at
//! construction, for every text.

use super::words::{
    WordTable, Words, W_COMMON, W_FEATURE_HEAD, W_ORG_HEAD, W_PERSON, W_PREP, W_QUALIFIED_NOUN, W_STOP,
    W_TITLE, W_TOPONYM_HEAD,
};
use crate::gazetteer::{importance, FeatureKind, Gazetteer, TAG_DEMONYM};
use rustc_hash::{FxHashMap as HashMap, FxHashSet};

/// Finds place mentions in text and resolves them against the gazetteer.
///
/// Recognition asks whether a capitalised span is a place (gazetteer matches weighed by their
/// context, demonyms, unknown names in place slots, people told apart by how the text uses
/// their names); resolution picks the gazetteer record of each (focus countries, the admin
/// hierarchy, proximity, population); relative locations ("10 km east of X", "near X") are
/// placed from their anchor.
///
/// ```
/// use eventwire_places::{Gazetteer, PlaceTagger};
///
/// let tagger = PlaceTagger::new(Gazetteer::fixture());
/// let places = tagger.tag_text("Troops entered Mosul on Monday, about 10 km west of Erbil.");
/// assert_eq!(places[0].text, "Mosul");
/// assert_eq!(places[0].country_code.as_deref(), Some("IQ"));
/// assert_eq!(places[1].text, "10 km west of Erbil");
/// ```
#[derive(Debug)]
pub struct PlaceTagger {
    pub(super) g: Gazetteer,
    /// Admin1 code index → the admin1 place.
    pub(super) admin1_place: HashMap<u32, u32>,
    /// Demonym keys: a few hundred, checked here before asking the FST.
    pub(super) demonym_keys: FxHashSet<String>,
    /// Country code → country name, for `PlaceMention::country`.
    pub(super) country_names: HashMap<String, String>,
    /// The two-letter codes of `lexicon.skeleton_countries`, as bytes.
    pub(super) skeleton_ccs: Vec<[u8; 2]>,
    /// The word lists of the lexicon in one table: one lookup answers them all.
    pub(super) words: WordTable,
    /// The kinds of `lexicon.place_types` (`Words::place_type` indexes them).
    pub(super) place_kinds: Vec<String>,
    /// `importance` of every entry, computed once (a log10 each).
    pub(super) imp: Vec<f64>,
}

impl PlaceTagger {
    /// A tagger over `gazetteer` and its lexicon.
    pub fn new(gazetteer: Gazetteer) -> Self {
        let mut admin1_place = HashMap::default();
        let mut country_names = HashMap::default();
        let mut imp = Vec::with_capacity(gazetteer.entries.len());
        for (i, e) in gazetteer.entries.iter().enumerate() {
            imp.push(importance(e.kind, e.pop as u64));
            if e.kind == FeatureKind::Admin1 && e.admin1 != 0 {
                admin1_place.entry(e.admin1).or_insert(i as u32);
            }
            if e.kind == FeatureKind::Country {
                let p = gazetteer.place(i as u32);
                country_names.entry(p.country_code).or_insert(p.name);
            }
        }
        let demonym_keys = gazetteer.keys_with_tag(TAG_DEMONYM).into_iter().collect();
        let skeleton_ccs = gazetteer
            .lexicon
            .skeleton_countries
            .iter()
            .filter_map(|c| <[u8; 2]>::try_from(c.as_bytes()).ok())
            .collect();
        let lex = &gazetteer.lexicon;
        let mut words: HashMap<String, Words> = HashMap::default();
        for (set, bit) in [
            (&lex.stop_names, W_STOP),
            (&lex.person_names, W_PERSON),
            (&lex.common_words, W_COMMON),
            (&lex.toponym_heads, W_TOPONYM_HEAD),
            (&lex.titles, W_TITLE),
            (&lex.prepositions, W_PREP),
            (&lex.org_heads, W_ORG_HEAD),
            (&lex.feature_heads, W_FEATURE_HEAD),
            (&lex.qualified_nouns, W_QUALIFIED_NOUN),
        ] {
            for w in set {
                words.entry(w.clone()).or_default().bits |= bit;
            }
        }
        let mut place_kinds: Vec<String> = Vec::new();
        for (w, kind) in &lex.place_types {
            let k = match place_kinds.iter().position(|x| x == kind) {
                Some(k) => k,
                None => {
                    place_kinds.push(kind.clone());
                    place_kinds.len() - 1
                }
            };
            words.entry(w.clone()).or_default().place_type = Some(k as u16);
        }
        PlaceTagger {
            g: gazetteer,
            admin1_place,
            demonym_keys,
            country_names,
            skeleton_ccs,
            words: WordTable::build(words),
            place_kinds,
            imp,
        }
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.g
    }

    /// The word lists holding `w`.
    pub(super) fn words(&self, w: &str) -> Words {
        self.words.get(w)
    }

    /// The kind ("admin", "settlement") of a place-type word.
    pub(super) fn place_type(&self, w: Words) -> Option<&String> {
        w.place_type.map(|k| &self.place_kinds[k as usize])
    }

    pub(super) fn lookup(&self, tag: u8, key: &str) -> &[u32] {
        if key.is_empty() {
            return &[];
        }
        self.g.get_tagged(tag, key)
    }

    pub(super) fn imp(&self, i: u32) -> f64 {
        self.imp[i as usize]
    }

    /// True when place `x` lies in region `y` (its admin1 or country).
    pub(super) fn within(&self, x: u32, y: u32) -> bool {
        let (ex, ey) = (&self.g.entries[x as usize], &self.g.entries[y as usize]);
        match ey.kind {
            FeatureKind::Country => ex.cc == ey.cc && ex.kind < FeatureKind::Country,
            FeatureKind::Admin1 => ex.admin1 == ey.admin1 && ex.admin1 != 0 && ex.kind < FeatureKind::Admin1,
            FeatureKind::Admin2 => ex.admin2 == ey.admin2 && ex.admin2 != 0 && ex.kind < FeatureKind::Admin2,
            _ => false,
        }
    }
}
