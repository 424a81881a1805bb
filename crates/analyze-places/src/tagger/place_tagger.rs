//! The tagger itself: the gazetteer and what is derived from it and from the lexicon once, at
//! construction, for every text.

use super::words::{word_table, WordKinds, WordTable, Words, W_CONNECTOR, W_NAME_ARTICLE};
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
///
/// A gazetteer of your own places, from records ([`Gazetteer::from_records`]); the full one is
/// [`Gazetteer::load`]ed from the index `scripts/setup` builds:
///
/// ```
/// use eventwire_places::{FeatureKind, Gazetteer, PlaceRecord, PlaceTagger};
///
/// let place = |id, name: &str, lat, lon, kind, population| PlaceRecord {
///     id,
///     name: name.into(),
///     alt_names: vec![],
///     lat,
///     lon,
///     country: "IQ".into(),
///     admin1: if kind == FeatureKind::Country { String::new() } else { "15".into() },
///     admin2: String::new(),
///     kind,
///     population,
/// };
/// let records = [
///     place(1, "Iraq", 33.0, 44.0, FeatureKind::Country, 38_000_000),
///     place(2, "Nineveh", 36.2, 42.8, FeatureKind::Admin1, 4_000_000),
///     place(3, "Qaraqosh", 36.27, 43.38, FeatureKind::Populated, 50_000),
/// ];
/// let gazetteer = Gazetteer::from_records(&records, &[("Iraqi".into(), "IQ".into())]);
/// let tagger = PlaceTagger::new(gazetteer);
///
/// let places = tagger.tag_text("Iraqi troops arrived in Qaraqosh on Friday.");
/// let town = places.iter().find(|p| p.text == "Qaraqosh").expect("the town is found");
/// assert_eq!(town.geonames_id, Some(3));
/// assert_eq!(town.admin1.as_deref(), Some("Nineveh"));
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
    /// The values its words carry (place kinds, bearings).
    pub(super) kinds: WordKinds,
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
        let (words, kinds) = word_table(&gazetteer.lexicon);
        PlaceTagger {
            g: gazetteer,
            admin1_place,
            demonym_keys,
            country_names,
            skeleton_ccs,
            words,
            kinds,
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
        w.place_type.map(|k| &self.kinds.place_kinds[k as usize])
    }

    /// The bearing of a compass direction ("north-east" → 45).
    pub(super) fn bearing(&self, w: &str) -> Option<f64> {
        self.words(w).direction.map(|k| self.kinds.bearings[k as usize])
    }

    /// A lower-case word that joins the words of a name ("of", "de").
    pub(super) fn is_connector(&self, lower: &str) -> bool {
        lower.len() <= self.kinds.max_connector_len && self.words(lower).has(W_CONNECTOR)
    }

    /// `s` is an Arabic article ("al", "Ash"), any ASCII case.
    pub(super) fn is_name_article(&self, s: &str) -> bool {
        let mut buf = [0u8; 16];
        let n = s.len();
        if n == 0 || n > self.kinds.max_article_len || n > buf.len() || !s.is_ascii() {
            return false;
        }
        buf[..n].copy_from_slice(s.as_bytes());
        buf[..n].make_ascii_lowercase();
        std::str::from_utf8(&buf[..n]).is_ok_and(|w| self.words(w).has(W_NAME_ARTICLE))
    }

    /// The length of the Arabic article and hyphen that start `s` ("al-Bab" → 3), if any.
    pub(super) fn article_prefix_len(&self, s: &str) -> Option<usize> {
        let h = s.as_bytes().iter().take(self.kinds.max_article_len + 1).position(|&b| b == b'-')?;
        self.is_name_article(&s[..h]).then_some(h + 1)
    }

    /// The readings of a tagged key (none for an empty key).
    pub(super) fn lookup(&self, tag: u8, key: &str) -> &[u32] {
        if key.is_empty() {
            return &[];
        }
        self.g.get_tagged(tag, key)
    }

    /// The importance of place `i` (see `gazetteer::importance`).
    pub(super) fn imp(&self, i: u32) -> f64 {
        self.imp[i as usize]
    }

    /// True when place `x` lies in region `y` ([`Self::within`]), or in the first-level region
    /// of town `y` (a neighbourhood or village "in" a town).
    pub(super) fn lies_in(&self, x: u32, y: u32) -> bool {
        let (ex, ey) = (&self.g.entries[x as usize], &self.g.entries[y as usize]);
        self.within(x, y)
            || (x != y
                && ey.kind < FeatureKind::Admin2
                && ex.kind < FeatureKind::Admin2
                && ex.cc == ey.cc
                && ex.admin1 == ey.admin1
                && ex.admin1 != 0)
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
