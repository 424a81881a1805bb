//! People: a capitalised name is a person's when the text uses it as one, and then it is no
//! place anywhere in that text. Nothing here lists names of people; the evidence is how
//! reporters write about people:
//! - a title or a word that introduces a person before the name ("Gen. Okafor", "spokeswoman
//!   Lina Morales", "the 40-year-old Carl Morales": `titles.txt`);
//! - a known given name before it ("Paul Okafor": `person_names.txt`);
//! - a phrase that introduces a person ("a driver who gave his name as Harun": `person_phrases.txt`);
//! - an apposition that describes a person ("Okafor, 35, …", "Okafor, who …", "Okafor, a
//!   spokesman for …": `person_nouns.txt`, `person_relatives.txt`);
//! - a possessive before a noun only people have ("Okafor's wife": `kin_nouns.txt`);
//! - weaker, and only for names that are no well-known place: a verb of saying ("Okafor said",
//!   "said Okafor,": `speech_verbs.txt`) or a noun a leader's name qualifies ("the Okafor
//!   administration": `leader_nouns.txt`).
//!
//! The name's keys (the whole name after the given name or title, its last word, and that word
//! without an Arabic article: "Harun al-Dabbagh" gives "harun al dabbagh"… "al dabbagh",
//! "dabbagh") are the text's person names.

use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use super::words::{
    W_DETERMINER, W_KIN_NOUN, W_LEADER_NOUN, W_NAME_SUFFIX, W_ORG_HEAD, W_PERSON, W_PERSON_NAME_PARTICLE,
    W_PERSON_NOUN, W_PERSON_PHRASE_END, W_PERSON_RELATIVE, W_PREP, W_SPEECH_VERB, W_STOP, W_TITLE,
};
use crate::gazetteer::{TAG_DEMONYM, TAG_EXACT};
use crate::normalize::strip_articles;
use rustc_hash::FxHashSet;

/// Longest person's name, in tokens.
const MAX_NAME: usize = 6;
/// Weak evidence (a verb of saying, a leader noun) does not make a person of a name that has a
/// reading this important: a city of 100,000 people or more, a region or a country ("the
/// capital said" is its government).
const WEAK_EVIDENCE_MAX_IMPORTANCE: f64 = 5.0;
/// A title or an apposition does not make a person of a country's, a region's or a big city's
/// name ("Coach USA"; "Varna, the city their mother left").
const TITLED_MAX_IMPORTANCE: f64 = 6.0;
/// Tokens of an apposition searched for a person noun ("a former regional commander").
const APPOSITION_WORDS: usize = 6;
/// Letters of an abbreviated title ("Gen.", "Capt.").
const MAX_ABBREVIATED_TITLE: usize = 4;
/// Ages in an apposition ("Okafor, 35, …").
const AGES: std::ops::RangeInclusive<f64> = 1.0..=120.0;

/// How strongly the text says a name is a person's: the importance a reading of the name may
/// have for the evidence to count (a given name, a phrase or a kin noun always counts).
type Evidence = f64;
const STRONG: Evidence = f64::INFINITY;
/// A title or an apposition.
const TITLED: Evidence = TITLED_MAX_IMPORTANCE;
const WEAK: Evidence = WEAK_EVIDENCE_MAX_IMPORTANCE;

impl PlaceTagger {
    /// The keys of the names the text uses for people (see the module's documentation).
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn persons(&self, toks: &[Tok]) -> FxHashSet<String> {
        let mut out = FxHashSet::default();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            let end = self.name_end(toks, i);
            if end == i {
                i += 1;
                continue;
            }
            // A title inside a capitalised run ("Varna Police Chief Carl Morales"): the name
            // after it.
            let from = (i..end.saturating_sub(1))
                .find(|&k| self.is_title(&toks[k]) && !self.is_title(&toks[k + 1]))
                .map_or(i, |k| k + 1);
            if self.names_a_thing(toks, from, end) {
                i = end;
                continue;
            }
            if from > i {
                self.register(toks, from, end, TITLED, &mut out);
            } else if let Some((from, evidence)) = self.person_evidence(toks, i, end) {
                self.register(toks, from, end, evidence, &mut out);
            }
            i = end;
        }
        out
    }

    /// A title word ("Gen", "spokeswoman", "then-Mayor"): capitalised, or a noun that describes
    /// a person ("spokeswoman Lina Morales", but not "to miss Varna").
    fn is_title(&self, t: &Tok) -> bool {
        let w = self.words(t.lower.trim_end_matches('.'));
        if w.has(W_TITLE) {
            return t.word && (t.cap || w.has(W_PERSON_NOUN));
        }
        // "then-Mayor", "ex-President": a title after a hyphen.
        t.word && t.lower.rsplit_once('-').is_some_and(|(_, tail)| self.words(tail).has(W_TITLE))
    }

    /// The title that ends at `toks[k]` with an abbreviation's period ("Gen."), or `toks[k]`
    /// itself: abbreviated titles are short, and the period is joined to them ("the Queen. Now"
    /// is no title).
    pub(super) fn title_before(&self, toks: &[Tok], k: usize) -> bool {
        let t = &toks[k];
        if t.lower == "." && k > 0 {
            let a = &toks[k - 1];
            return a.end == t.start && a.lower.len() <= MAX_ABBREVIATED_TITLE && self.is_title(a);
        }
        self.is_title(t)
    }

    /// A title and a name in quotation marks are a nickname ("known as 'Mr. Varna'"), not a
    /// person's name: the quote opens before the title of the name `toks[i..end]` and closes
    /// after the name (or after a comma that follows it).
    fn quoted_nickname(&self, toks: &[Tok], i: usize, end: usize) -> bool {
        let is_quote = |t: &Tok| !t.word && matches!(t.lower, "'" | "\"" | "“" | "”" | "‘" | "’");
        let title = if i >= 2 && toks[i - 1].lower == "." { i - 2 } else { i - 1 };
        let opens = title > 0 && is_quote(&toks[title - 1]);
        let close = if toks.get(end).is_some_and(|t| t.lower == ",") { end + 1 } else { end };
        opens && toks.get(close).is_some_and(is_quote)
    }

    /// The capitalised run around the name `toks[i..end]` holds an organisation's head word
    /// ("Varna State University") or a place-type word ("Dorvel County"): it names no person.
    fn names_a_thing(&self, toks: &[Tok], i: usize, end: usize) -> bool {
        let mut r = end;
        while r < toks.len() && toks[r].cap && r - i < 2 * MAX_NAME {
            r += 1;
        }
        toks[i..r].iter().any(|t| {
            let w = self.words(t.lower);
            w.has(W_ORG_HEAD) || w.place_type.is_some()
        })
    }

    /// End of the person's name that starts at the capitalised `toks[i]`: capitalised words,
    /// initials ("D."), particles between capitalised words ("bin", "de"), at most `MAX_NAME`
    /// tokens; a possessive or a cut ends it, a stop name ("Tuesday") is not part of it.
    fn name_end(&self, toks: &[Tok], i: usize) -> usize {
        let mut r = i;
        while r < toks.len() && r - i < MAX_NAME {
            let t = &toks[r];
            if t.cap {
                if self.words(t.key).has(W_STOP) {
                    break;
                }
                r += 1;
                if t.cut {
                    break;
                }
                continue;
            }
            let cap_next = toks.get(r + 1).is_some_and(|n| n.cap);
            // "Carl D. Morales": the period of an initial.
            let initial =
                t.lower == "." && r > i && toks[r - 1].lower.len() == 1 && t.start == toks[r - 1].end;
            let particle = t.word && self.words(t.lower).has(W_PERSON_NAME_PARTICLE);
            if (initial || particle) && cap_next {
                r += 1;
                continue;
            }
            break;
        }
        r
    }

    /// Whether the text uses the name `toks[i..end]` for a person: where the name proper starts
    /// (after a given name it is the family name), and how strong the evidence is.
    fn person_evidence(&self, toks: &[Tok], i: usize, end: usize) -> Option<(usize, Evidence)> {
        let prev = |k: usize| (i >= k).then(|| &toks[i - k]);
        let next = toks.get(end);
        if i > 0 && self.title_before(toks, i - 1) {
            return (!self.quoted_nickname(toks, i, end)).then_some((i, TITLED));
        }
        // A noun that describes a person, before a name that does not qualify a noun in turn:
        // "the 40-year-old Carl Morales said", not "a 40-year-old Varna man".
        let qualifies_a_noun = next.is_some_and(|n| {
            let w = self.words(n.lower);
            n.word && !n.cap && !w.has(W_PREP) && !w.has(W_SPEECH_VERB) && !w.has(W_PERSON_RELATIVE)
        });
        if prev(1).is_some_and(|p| p.word && !p.cap && self.words(p.lower).has(W_PERSON_NOUN))
            && !qualifies_a_noun
        {
            return Some((i, TITLED));
        }
        // A given name heads a longer name that is no place name ("Paul Okafor", not "Victoria
        // Falls").
        // (Not after an article: "the George Hotel", "the Victoria Line".) The given name may
        // follow initials or other words of the run ("L. Paul Okafor", "Manager Paul Okafor").
        let article = prev(1).is_some_and(|p| self.words(p.lower).has(W_DETERMINER));
        let given =
            (i..end.saturating_sub(1)).find(|&k| toks[k].cap && self.words(toks[k].key).has(W_PERSON));
        if let Some(k) = given.filter(|&k| !(k == i && article)) {
            if self.lookup(TAG_EXACT, &key_of(&toks[k..end])).is_empty() {
                return Some((k + 1, STRONG));
            }
        }
        if self.after_person_phrase(toks, i) {
            return Some((i, STRONG));
        }
        let last = &toks[end - 1];
        if last.poss && next.is_some_and(|n| self.words(n.lower).has(W_KIN_NOUN)) {
            return Some((i, STRONG));
        }
        // The rest never after a place preposition ("doctors in Varna said", "in Varna, a
        // spokesman for …").
        if prev(1).is_some_and(|p| p.word && self.words(p.lower).has(W_PREP)) {
            return None;
        }
        // An apposition after a name that is itself an item of an address or a list ("…
        // Drive, Varna, who …") may describe the whole: only an age counts there.
        let after_comma = prev(1).is_some_and(|p| p.lower == ",");
        if self.apposition(toks, end, !after_comma) {
            return Some((i, TITLED));
        }
        let speaker = next.is_some_and(|n| self.words(n.lower).has(W_SPEECH_VERB))
            || prev(1).is_some_and(|p| self.words(p.lower).has(W_SPEECH_VERB))
                && next.is_none_or(|n| !n.word && matches!(n.lower, "," | "." | ";" | ")"));
        let leader =
            !last.cut && next.is_some_and(|n| n.word && !n.cap && self.words(n.lower).has(W_LEADER_NOUN));
        (speaker || leader).then_some((i, WEAK))
    }

    /// The name ending before `toks[end]` is described as a person by an apposition: ", 35,",
    /// and when `described` also ", who", ", a spokesman for …", ", spokesman for …".
    fn apposition(&self, toks: &[Tok], end: usize, described: bool) -> bool {
        if toks.get(end).is_none_or(|t| t.lower != ",") {
            return false;
        }
        let Some(first) = toks.get(end + 1) else { return false };
        let w = self.words(first.lower);
        let age = first.lower.parse::<f64>().is_ok_and(|n| AGES.contains(&n) && n.fract() == 0.0);
        if age && toks.get(end + 2).is_some_and(|t| matches!(t.lower, "," | ")")) {
            return true;
        }
        if !described {
            return false;
        }
        if w.has(W_PERSON_RELATIVE) || w.has(W_PERSON_NOUN) {
            return true;
        }
        if !w.has(W_DETERMINER) {
            return false;
        }
        // After the article, words up to the noun: no possessive, no punctuation but a hyphen,
        // no preposition and no other article before it.
        for t in toks.iter().skip(end + 2).take(APPOSITION_WORDS) {
            let tw = self.words(t.lower);
            if t.word && tw.has(W_PERSON_NOUN) {
                return true;
            }
            let modifier = t.word || t.lower == "-" || t.lower.parse::<f64>().is_ok();
            if t.cut || !modifier || tw.has(W_PREP) || tw.has(W_DETERMINER) {
                return false;
            }
        }
        false
    }

    /// The tokens before `toks[i]` are a phrase of `person_phrases.txt`.
    fn after_person_phrase(&self, toks: &[Tok], i: usize) -> bool {
        if i == 0 || !self.words(toks[i - 1].lower).has(W_PERSON_PHRASE_END) {
            return false;
        }
        self.g.lexicon.person_phrases.iter().any(|phrase| {
            phrase.len() <= i && phrase.iter().rev().zip(toks[..i].iter().rev()).all(|(w, t)| *w == t.lower)
        })
    }

    /// Add the keys of the person's name `toks[from..end]` to `out`: the whole name, its last
    /// word (not a suffix such as "Jr"), and that word without an Arabic article.
    fn register(
        &self,
        toks: &[Tok],
        from: usize,
        end: usize,
        evidence: Evidence,
        out: &mut FxHashSet<String>,
    ) {
        let mut end = end;
        while end > from + 1 && self.words(toks[end - 1].key).has(W_NAME_SUFFIX) {
            end -= 1;
        }
        let name = &toks[from..end];
        let Some(last) = name.iter().rev().find(|t| t.cap) else { return };
        let whole = key_of(name);
        let well_known = |k: &str| {
            !self.lookup(TAG_DEMONYM, k).is_empty()
                || self.lookup(TAG_EXACT, k).iter().any(|&x| self.imp(x) >= evidence)
        };
        if well_known(&whole) || (name.len() > 1 && well_known(last.key)) {
            return;
        }
        let stripped = strip_articles(last.key);
        out.insert(last.key.to_string());
        if !stripped.is_empty() && stripped != last.key {
            out.insert(stripped);
        }
        out.insert(whole);
    }
}

/// The name key of the words of `toks` (periods and particles without keys left out).
fn key_of(toks: &[Tok]) -> String {
    let mut key = String::new();
    for t in toks.iter().filter(|t| !t.key.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(t.key);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::super::place_tagger::PlaceTagger;
    use crate::gazetteer::{FeatureKind, Gazetteer, PlaceRecord};

    /// Towns named like the people of the texts below, and a city of 200,000.
    fn tagger() -> PlaceTagger {
        let town = |id: u64, name: &str, population: u64| PlaceRecord {
            id,
            name: name.into(),
            alt_names: vec![],
            lat: 40.0 + id as f64 / 10.0,
            lon: 20.0,
            country: "AA".into(),
            admin1: "01".into(),
            admin2: String::new(),
            kind: FeatureKind::Populated,
            population,
        };
        let records = [
            town(1, "Okafor", 20_000),
            town(2, "Morales", 15_000),
            town(3, "Harun", 10_000),
            town(4, "Lindau", 200_000),
            town(5, "Dorvel", 12_000),
        ];
        PlaceTagger::new(Gazetteer::from_records(&records, &[]))
    }

    /// The place mentions of `text` named `name`.
    fn places(t: &PlaceTagger, text: &str, name: &str) -> usize {
        t.tag_text(text).iter().filter(|m| m.text == name).count()
    }

    #[test]
    fn a_name_in_a_place_slot_is_a_place_without_other_evidence() {
        let t = tagger();
        for name in ["Okafor", "Morales", "Harun", "Lindau", "Dorvel"] {
            assert_eq!(places(&t, &format!("The convoy stopped in {name} on Monday."), name), 1, "{name}");
        }
    }

    #[test]
    fn a_title_makes_a_person_everywhere_in_the_text() {
        let t = tagger();
        for text in [
            "Gen. Okafor visited the front. Later the convoy stopped in Okafor.",
            "The spokeswoman Okafor spoke first. Later the convoy stopped in Okafor.",
            "Varna Police Chief Okafor spoke. Later the convoy stopped in Okafor.",
            "The then-Mayor Okafor spoke. Later the convoy stopped in Okafor.",
        ] {
            assert_eq!(places(&t, text, "Okafor"), 0, "{text}");
        }
        // A title in lower case that is no noun for a person is a verb here: both mentions are
        // the place.
        assert_eq!(places(&t, "Fans will miss Okafor. Later the convoy stopped in Okafor.", "Okafor"), 2);
        // A title and a place name in quotation marks are a nickname.
        let text = "He was known as 'Mr. Lindau,' and he died in Lindau on Monday.";
        assert_eq!(places(&t, text, "Lindau"), 1, "{text}");
    }

    #[test]
    fn a_given_name_makes_a_person_of_the_name_after_it() {
        let t = tagger();
        assert_eq!(places(&t, "Paul Okafor arrived. Later the convoy stopped in Okafor.", "Okafor"), 0);
        // Not after an article: a thing named after a person or a place.
        assert_eq!(places(&t, "They met at the George Dorvel. The convoy stopped in Dorvel.", "Dorvel"), 1);
    }

    #[test]
    fn phrases_and_appositions_make_a_person() {
        let t = tagger();
        for text in [
            "A driver who gave his name as Harun said the road was shut. Shelling hit Harun.",
            "Harun, 35, fled in March. Shelling hit Harun.",
            "Harun, who fled in March, spoke. Shelling hit Harun.",
            "Harun, a spokesman for the ministry, spoke. Shelling hit Harun.",
            "Harun, the ministry's regional coordinator, spoke. Shelling hit Harun.",
            "The 40-year-old Harun said nothing. Shelling hit Harun.",
            "Harun's wife fled. Shelling hit Harun.",
        ] {
            assert_eq!(places(&t, text, "Harun"), 0, "{text}");
        }
        // An apposition that describes a place, or describes a person after a place slot.
        for text in [
            "Fighting reached Harun, a town of 10,000, on Monday.",
            "In Harun, a spokesman for the ministry said the road was shut.",
            "A 40-year-old Harun man was hurt.",
        ] {
            assert_eq!(places(&t, text, "Harun"), 1, "{text}");
        }
        // A city's name after a comma, in an address: the apposition describes the whole.
        assert_eq!(places(&t, "They live at 4 Mill Road, Lindau, who knows why.", "Lindau"), 1);
        assert_eq!(places(&t, "Lindau, who fled in March, spoke.", "Lindau"), 0);
    }

    #[test]
    fn speakers_and_leaders_are_people_unless_the_name_is_a_big_city() {
        let t = tagger();
        for text in [
            "Morales said the road was shut. Shelling hit Morales.",
            "The road is shut, said Morales, and will stay so. Shelling hit Morales.",
            "Under the Morales administration the road was shut. Shelling hit Morales.",
        ] {
            assert_eq!(places(&t, text, "Morales"), 0, "{text}");
        }
        // A preposition before the speaker makes the name a place; a city speaks through its
        // authorities.
        assert_eq!(places(&t, "Doctors in Morales said the road was shut.", "Morales"), 1);
        assert_eq!(places(&t, "Lindau said the road was shut. Shelling hit Lindau.", "Lindau"), 1);
    }

    #[test]
    fn the_outlet_of_a_dateline_is_no_place() {
        let t = tagger();
        let ms = t.tag_text("LINDAU (Okafor News) - Troops entered Lindau on Monday.");
        assert_eq!(ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["LINDAU", "Lindau"], "{ms:?}");
    }
}
