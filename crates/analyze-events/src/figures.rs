//! Figures: numbers in digits and words, with qualifier, category and what they count.

use crate::data::FiguresFile;
use crate::doc::{DocView, FirstWords, PhraseSet, WordSet};
use crate::error::EventsError;
use crate::vocab::{split_phrase, FxMap, FxSet, Lemmas, NO_WORD};
use eventwire_model::FigureCategory;

/// Compiled figure vocabulary.
#[derive(Debug, Default)]
pub struct FigureRules {
    words: FxMap<String, u64>,
    /// `words` and `scales` by word id.
    word_ids: FxMap<u32, u64>,
    scale_ids: FxMap<u32, u64>,
    /// Vague phrases (word ids; their name) with their lowest value, longest first.
    vague: Vec<(Box<[u32]>, String, u64)>,
    vague_first: FxSet<u32>,
    /// Bitset of word ids that can open a figure (number words, vague phrases' first words).
    openers: Vec<u64>,
    /// (qualifier, phrase as word ids), longest phrases first.
    qualifiers: Vec<(String, Box<[u32]>)>,
    killed: PhraseSet,
    wounded: PhraseSet,
    displaced: PhraseSet,
    returned: PhraseSet,
    fighters: PhraseSet,
    troops: PhraseSet,
    population: PhraseSet,
    /// First words of `killed`, `wounded`, `displaced` and `returned`.
    event_first: FirstWords,
    /// First words of `fighters`, `troops` and `population`.
    group_first: FirstWords,
    units: FxSet<String>,
    before: FxSet<String>,
    months: FxSet<String>,
    /// Names of the vague phrases that give a value ("a dozen").
    vague_about: FxSet<String>,
    /// Names of the vague phrases that count only the killed and wounded ("several").
    vague_uncounted: FxSet<String>,
    after_article: WordSet,
    weak: WordSet,
    range_connectors: WordSet,
    /// Lemmas.
    population_before: WordSet,
    window_stops: WordSet,
    /// Words that open a killing verb's object: "two gunmen killed *a* policeman" counts the
    /// killers, not the killed.
    object_starts: WordSet,
    /// Nouns of one person that "a"/"an" counts as one ("killed a policeman").
    person_after_article: PhraseSet,
    /// Lemmas of the auxiliaries of a passive ("were killed").
    passive_auxiliaries: WordSet,
    /// Lemmas.
    np_stop: WordSet,
    np_trailing: WordSet,
}

/// A number as written, before it becomes a figure.
struct Number<'s> {
    value: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    qualifier: &'s str,
    kind: Kind<'s>,
    /// "between 10 and 20".
    between: bool,
    /// End token of the number (of its range).
    num_end: usize,
}

/// How a figure's number was written.
#[derive(Debug, Clone, Copy)]
enum Kind<'a> {
    /// A vague phrase ("dozens"), by its name.
    Vague(&'a str),
    Year,
    Digits,
    Words,
}

/// A figure found in the text (token range `[start, end)` covers qualifier..noun phrase).
#[derive(Debug, Clone)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Token range of the number itself.
    pub num_start: usize,
    pub num_end: usize,
    pub value: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub qualifier: String,
    pub category: FigureCategory,
    pub what: String,
    /// Token range of the counted noun phrase.
    pub np: (usize, usize),
}

impl Hit {
    /// The number an event should use (ACLED takes the lowest of a range).
    pub fn lower_bound(&self) -> Option<u64> {
        self.value.or(self.min)
    }
}

fn phrases(l: &Lemmas, v: &[String]) -> Vec<Vec<String>> {
    let mut p: Vec<Vec<String>> = v.iter().map(|s| l.phrase(s)).filter(|p| !p.is_empty()).collect();
    // Regular plurals of nouns the lemma list does not know ("residents").
    let plurals: Vec<Vec<String>> = p
        .iter()
        .filter_map(|ph| {
            let last = ph.last()?;
            let pl = match last.strip_suffix('y') {
                Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
                _ if last.ends_with('s') => return None,
                _ => format!("{last}s"),
            };
            let mut v = ph.clone();
            *v.last_mut()? = pl;
            Some(v)
        })
        .collect();
    p.extend(plurals);
    p.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    p
}

impl FigureRules {
    pub fn new(f: &FiguresFile, l: &Lemmas) -> Result<Self, EventsError> {
        let word_set = |key: &str, v: &[String], lemmas: bool| {
            WordSet::new(l, v, lemmas).map_err(|m| EventsError::data("figures.toml", format!("{key}: {m}")))
        };
        let names = |v: &[String]| v.iter().map(|p| split_phrase(p).join(" ")).collect::<FxSet<String>>();
        let low = |m: &std::collections::BTreeMap<String, u64>| -> FxMap<String, u64> {
            m.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect()
        };
        let mut vague: Vec<(Vec<String>, u64)> =
            f.numbers.vague.iter().map(|(k, v)| (split_phrase(k), *v)).collect();
        vague.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut qualifiers: Vec<(String, Vec<String>)> = f
            .qualifiers
            .iter()
            .flat_map(|(q, ps)| ps.iter().map(move |p| (q.clone(), split_phrase(p))))
            .collect();
        qualifiers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.cmp(b)));
        let set = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<FxSet<_>>();
        let c = &f.categories;
        let vague_first = vague.iter().filter_map(|(p, _)| p.first()).map(|w| l.intern(w)).collect();
        let words = low(&f.numbers.words);
        let scales = low(&f.numbers.scales);
        let by_id = |m: &FxMap<String, u64>| m.iter().map(|(k, v)| (l.intern(k), *v)).collect();
        let word_ids: FxMap<u32, u64> = by_id(&words);
        let vague_first: FxSet<u32> = vague_first;
        let mut openers = Vec::new();
        for &id in word_ids.keys().chain(&vague_first) {
            let w = id as usize / 64;
            if openers.len() <= w {
                openers.resize(w + 1, 0u64);
            }
            openers[w] |= 1 << (id % 64);
        }
        let killed = PhraseSet::new(l, phrases(l, &c.killed_verbs)).flagged(l);
        let wounded = PhraseSet::new(l, phrases(l, &c.wounded_verbs)).flagged(l);
        let displaced = PhraseSet::new(l, phrases(l, &c.displaced_verbs)).flagged(l);
        let returned = PhraseSet::new(l, phrases(l, &c.returned_verbs)).flagged(l);
        let fighters = PhraseSet::new(l, phrases(l, &c.fighters_nouns)).flagged(l);
        let troops = PhraseSet::new(l, phrases(l, &c.troops_nouns)).flagged(l);
        let population = PhraseSet::new(l, phrases(l, &c.population_nouns)).flagged(l);
        Ok(FigureRules {
            event_first: FirstWords::of(&[&killed, &wounded, &displaced, &returned]),
            group_first: FirstWords::of(&[&fighters, &troops, &population]),
            killed,
            wounded,
            displaced,
            returned,
            fighters,
            troops,
            population,
            vague_first,
            openers,
            word_ids,
            scale_ids: by_id(&scales),
            words,
            vague: vague.into_iter().map(|(p, v)| (l.ids(&p), p.join(" "), v)).collect(),
            qualifiers: qualifiers.into_iter().map(|(q, p)| (q, l.ids(&p))).collect(),
            units: set(&f.ignore.units),
            before: set(&f.ignore.before),
            months: set(&f.ignore.months),
            vague_about: names(&f.numbers.vague_about),
            vague_uncounted: names(&f.numbers.vague_uncounted),
            after_article: word_set("numbers.after_article", &f.numbers.after_article, false)?,
            weak: word_set("numbers.weak", &f.numbers.weak, false)?,
            range_connectors: word_set("numbers.range_connectors", &f.numbers.range_connectors, false)?,
            population_before: word_set("categories.population_before", &c.population_before, true)?,
            window_stops: word_set("categories.window_stops", &c.window_stops, false)?,
            object_starts: word_set("categories.object_starts", &c.object_starts, false)?,
            person_after_article: PhraseSet::new(l, phrases(l, &c.person_after_article)),
            passive_auxiliaries: word_set("categories.passive_auxiliaries", &c.passive_auxiliaries, true)?,
            np_stop: word_set("noun_phrase.stop", &f.noun_phrase.stop, true)?,
            np_trailing: word_set("noun_phrase.trailing", &f.noun_phrase.trailing, false)?,
        })
    }

    fn word_value(&self, id: u32, w: &str) -> Option<u64> {
        if id != NO_WORD {
            if let Some(v) = self.word_ids.get(&id) {
                return Some(*v);
            }
        }
        // Most words: no hyphen, no compound number.
        if !w.as_bytes().contains(&b'-') {
            return None;
        }
        // "twenty-five"
        let (a, b) = w.split_once('-')?;
        let (x, y) = (self.words.get(a)?, self.words.get(b)?);
        (*x >= 20 && *x % 10 == 0 && *y < 10).then_some(x + y)
    }

    fn digits_value(s: &str) -> Option<(u64, f64)> {
        let f: f64 = if s.contains(',') {
            s.chars().filter(|c| *c != ',').collect::<String>().parse().ok()?
        } else {
            s.parse().ok()?
        };
        Some((f as u64, f))
    }

    /// Parse a number starting at token `i`; returns (value, end token, from_digits, year_like).
    fn number_at(&self, d: &DocView, i: usize, end: usize) -> Option<(u64, usize, bool, bool)> {
        let w = d.lower[i];
        let mut j = i + 1;
        let (mut value, digits, year_like, mut exact_f) = if d.is_number(i) {
            let (v, f) = Self::digits_value(w)?;
            let year_like = w.len() == 4 && !w.contains([',', '.']) && (1800..=2100).contains(&v);
            (v, true, year_like, Some(f))
        } else if let Some(v) = self.word_value(d.low_ids[i], w) {
            (v, false, false, None)
        } else if (w == "a" || w == "an") && j < end {
            match self.scale_ids.get(&d.low_ids[j]) {
                Some(&s) if d.lower_in(j, &self.after_article) => {
                    j += 1;
                    (s, false, false, None)
                }
                _ => {
                    // "a policeman", "a young woman": one person (counted only as killed or
                    // wounded, as "one" is).
                    self.person_after_article(d, j, end)?;
                    (1, false, false, None)
                }
            }
        } else {
            return None;
        };
        // "twenty five", "two hundred thousand", "2.5 million"
        while j < end {
            let n = d.lower[j];
            if let Some(s) = self.scale_ids.get(&d.low_ids[j]) {
                if n == "m" && !digits {
                    break;
                }
                value = match exact_f.take() {
                    Some(f) => (f * *s as f64).round() as u64,
                    None => value.saturating_mul(*s),
                };
                j += 1;
            } else if !digits && (20..100).contains(&value) && value % 10 == 0 {
                match self.word_ids.get(&d.low_ids[j]) {
                    Some(u) if *u < 10 => {
                        value += u;
                        j += 1;
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        Some((value, j, digits, year_like))
    }

    /// The end of a one-person noun at token `j`, or after one or two modifiers ("a young
    /// woman", "a local police officer").
    fn person_after_article(&self, d: &DocView, j: usize, end: usize) -> Option<usize> {
        (j..(j + 3).min(end))
            .take_while(|&k| !d.is_punct(k) && !d.is_number(k) && !d.lemma_in(k, &self.np_stop))
            .find_map(|k| self.person_after_article.match_at(d, k, end))
    }

    /// Whether the killing verb `[j, v_end)` after a counted noun phrase ending at `np_end` is
    /// active with an object after it: "two gunmen killed a policeman" (the figure counts the
    /// killers), not "two soldiers were killed" or "two soldiers killed, five wounded".
    fn verb_takes_object(&self, d: &DocView, np_end: usize, j: usize, v_end: usize, to: usize) -> bool {
        let passive = (np_end..j).any(|k| d.lemma_in(k, &self.passive_auxiliaries));
        if passive || v_end >= to || !d.lower[j].ends_with("ed") && !d.lower[j].ends_with('s') {
            return false;
        }
        d.is_number(v_end)
            || d.lower_in(v_end, &self.object_starts)
            || self.number_at(d, v_end, to).is_some()
            || self.vague_at(d, v_end, to).is_some()
            || self.qualifiers.iter().any(|(_, p)| d.match_at(v_end, to, p).is_some())
    }

    /// The category of a killing, wounding or displacing verb that ends right at `start`.
    fn verb_right_before(&self, d: &DocView, from: usize, start: usize) -> Option<FigureCategory> {
        let sets = [
            (&self.killed, FigureCategory::Killed),
            (&self.wounded, FigureCategory::Wounded),
            (&self.displaced, FigureCategory::Displaced),
        ];
        (start.saturating_sub(2).max(from)..start).find_map(|k| {
            sets.iter().find(|(ps, _)| ps.match_at(d, k, start) == Some(start)).map(|(_, cat)| *cat)
        })
    }

    fn vague_at(&self, d: &DocView, i: usize, end: usize) -> Option<(u64, usize, &str)> {
        if !self.vague_first.contains(&d.low_ids[i]) {
            return None;
        }
        for (p, name, v) in &self.vague {
            if let Some(e) = d.match_at(i, end, p) {
                return Some((*v, e, name.as_str()));
            }
        }
        None
    }

    /// Can a figure start at token `i`? A cheap filter that lets most tokens through untouched:
    /// `vague_at` and `number_at` find nothing where this is false.
    #[inline]
    fn may_open(&self, d: &DocView, i: usize) -> bool {
        let id = d.low_ids[i];
        d.is_number(i)
            || self.openers.get((id >> 6) as usize).is_some_and(|b| b >> (id & 63) & 1 != 0)
            || d.has_hyphen(i)
            || matches!(d.lower[i], "a" | "an")
    }

    #[inline]
    fn any_phrase(d: &DocView, i: usize, end: usize, ps: &PhraseSet) -> bool {
        ps.match_at(d, i, end).is_some()
    }

    /// Find the figures of one sentence `[from, to)`. `blocked(tok)` marks tokens inside time
    /// expressions; `place_end(tok)` gives the end token of a place mention starting at `tok`.
    pub fn find(
        &self,
        d: &DocView,
        from: usize,
        to: usize,
        blocked: &dyn Fn(usize) -> bool,
        place_end: &dyn Fn(usize) -> Option<usize>,
    ) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            if !self.may_open(d, i) || blocked(i) {
                i += 1;
                continue;
            }
            let Some(n) = self.number(d, from, to, i) else {
                i += 1;
                continue;
            };
            if let Some(hit) = self.count(d, from, to, i, &n, place_end) {
                out.push(hit);
            }
            i = n.num_end.max(i + 1);
        }
        out
    }

    /// The number opening at token `i`: a vague phrase or a number, with a range after it.
    fn number<'s>(&'s self, d: &DocView, from: usize, to: usize, i: usize) -> Option<Number<'s>> {
        let (value, mut e, kind) = if let Some((v, e, name)) = self.vague_at(d, i, to) {
            (Some(v), e, Kind::Vague(name))
        } else {
            let (v, e, digits, year_like) = self.number_at(d, i, to)?;
            let kind = if year_like {
                Kind::Year
            } else if digits {
                Kind::Digits
            } else {
                Kind::Words
            };
            (Some(v), e, kind)
        };
        let mut n =
            Number { value, min: None, max: None, qualifier: "exact", kind, between: false, num_end: e };
        if let Kind::Vague(name) = kind {
            n.qualifier = "vague";
            n.min = n.value.take();
            if self.vague_about.contains(name) {
                n.value = n.min.take();
                n.qualifier = "about";
            }
        }
        // Range: "200 to 300", "15-20", "between 10 and 20".
        n.between = i > from && d.lower[i - 1] == "between";
        if e + 1 < to && (d.lower_in(e, &self.range_connectors) || (n.between && d.lower[e] == "and")) {
            if let (Some((v2, e2, _, _)), Some(v1)) = (self.number_at(d, e + 1, to), n.value) {
                if v2 > v1 {
                    (n.min, n.max, n.value, n.qualifier) = (Some(v1), Some(v2), None, "range");
                    e = e2;
                }
            }
        }
        n.num_end = e;
        Some(n)
    }

    /// The figure of number `n` at token `i`, unless it measures something (a distance, an
    /// age, a date), is a year, or is too small or vague to count what it names.
    fn count(
        &self,
        d: &DocView,
        from: usize,
        to: usize,
        i: usize,
        n: &Number,
        place_end: &dyn Fn(usize) -> Option<usize>,
    ) -> Option<Hit> {
        let (num_end, mut e) = (n.num_end, n.num_end);
        // "120 out of 300 clinics"
        if e + 2 < to && d.lower[e] == "out" && d.lower[e + 1] == "of" {
            if let Some((_, e2, _, _)) = self.number_at(d, e + 2, to) {
                e = e2;
            }
        }
        if self.is_measure(d, from, i, e) || matches!(n.kind, Kind::Year) {
            return None;
        }
        let mut qualifier = n.qualifier;
        // Qualifier before the number (or before "between").
        let qstart = if n.between { i - 1 } else { i };
        let mut start = qstart;
        if qualifier != "range" || n.between {
            for (q, p) in &self.qualifiers {
                if qstart >= from + p.len() && d.match_at(qstart - p.len(), qstart, p).is_some() {
                    if qualifier != "range" {
                        qualifier = q;
                    }
                    start = qstart - p.len();
                    break;
                }
            }
        }
        if n.between {
            start = start.min(i - 1);
        }
        let (np_start, np_end) = self.noun_phrase(d, to, e);
        let mut what_end = np_end;
        // "militants in the town of X": the place is part of what they count
        if np_end > np_start && np_end + 1 < to && d.lower[np_end] == "in" {
            if let Some(pe) = place_end(np_end + 1) {
                what_end = pe;
            }
        }
        let category = self.category(d, from, to, start, np_start, np_end);
        let counted = matches!(category, FigureCategory::Killed | FigureCategory::Wounded);
        let small_other = category == FigureCategory::Other
            && (qualifier == "exact" && n.value.is_some_and(|v| v < 10) || np_end == np_start);
        let weak_word = num_end == i + 1 && d.lower_in(i, &self.weak) && !counted;
        let vague_small =
            matches!(n.kind, Kind::Vague(name) if self.vague_uncounted.contains(name)) && !counted;
        if small_other || weak_word || vague_small {
            return None;
        }
        let what = if np_end > np_start {
            let s = d.seg.tokens[np_start].start;
            let e = d.seg.tokens[what_end - 1].end;
            d.text[s..e].to_string()
        } else {
            String::new()
        };
        Some(Hit {
            start,
            end: what_end.max(num_end),
            num_start: i,
            num_end,
            value: n.value,
            min: n.min,
            max: n.max,
            qualifier: qualifier.to_string(),
            category,
            what,
            np: (np_start, np_end),
        })
    }

    /// What follows the number ending at `e` (at token `i`): a unit or a date means it is no
    /// count; so does a word before it that introduces a label ("aged", "No.").
    fn is_measure(&self, d: &DocView, from: usize, i: usize, e: usize) -> bool {
        let mut next = d.lower.get(e).copied().unwrap_or("");
        if next == "-" {
            next = d.lower.get(e + 1).copied().unwrap_or("");
        }
        let prev = if i > from { d.lower[i - 1] } else { "" };
        self.units.contains(next)
            || next.contains('-')
                && (self.units.contains(next.rsplit('-').next().unwrap_or(""))
                    || self.units.contains(next.split('-').next().unwrap_or("")))
            || self.months.contains(next)
            || self.months.contains(prev)
            || self.before.contains(prev)
            || (i > from && d.tok_text(i - 1) == "$")
    }

    /// The counted noun phrase after a number ending at `e` (an "of" skipped): up to 7 tokens,
    /// ending before punctuation, a number, a stop word, a participle or a killing verb.
    fn noun_phrase(&self, d: &DocView, to: usize, e: usize) -> (usize, usize) {
        let mut np_start = e;
        if np_start < to && d.lower[np_start] == "of" {
            np_start += 1;
        }
        let mut np_end = np_start;
        while np_end < to && np_end - np_start < 7 {
            let w = d.lower[np_end];
            if d.is_punct(np_end) && w != "-" {
                break;
            }
            if d.is_number(np_end) || d.lemma_in(np_end, &self.np_stop) {
                break;
            }
            if w.len() > 3 && w.ends_with("ed") && np_end > np_start {
                break;
            }
            if Self::any_phrase(d, np_end, to, &self.killed) && np_end > np_start {
                break;
            }
            np_end += 1;
        }
        while np_end > np_start && d.lower_in(np_end - 1, &self.np_trailing) {
            np_end -= 1;
        }
        (np_start, np_end)
    }

    /// The category of a figure starting at token `start` whose counted noun phrase is
    /// `[np_start, np_end)`, in sentence `[from, to)`.
    fn category(
        &self,
        d: &DocView,
        from: usize,
        to: usize,
        start: usize,
        np_start: usize,
        np_end: usize,
    ) -> FigureCategory {
        // A gerund right before the figure governs it: "killing one and injuring eight" (the verb
        // after the "and" belongs to the next figure). Only "-ing" forms: in "seven dead 20
        // wounded" the word before 20 closes the previous figure.
        if start > from && d.lower[start - 1].ends_with("ing") && self.event_first.may_start(d, start - 1) {
            for (ps, cat) in [
                (&self.killed, FigureCategory::Killed),
                (&self.wounded, FigureCategory::Wounded),
                (&self.displaced, FigureCategory::Displaced),
            ] {
                if Self::any_phrase(d, start - 1, start, ps) {
                    return cat;
                }
            }
        }
        // Verbs after the noun phrase (up to the next number or clause break).
        let mut j = np_end;
        let stop = (np_end + 7).min(to);
        while j < stop {
            if d.is_number(j) || j > np_end + 4 && d.lower_in(j, &self.window_stops) {
                break;
            }
            if d.lower[j] == "," {
                break;
            }
            if !self.event_first.may_start(d, j) {
                j += 1;
                continue;
            }
            // "killed three soldiers and wounded two others": a verb coordinated after the
            // figure is the next figure's; the verb right before this one governs it.
            if d.lower_in(j.saturating_sub(1), &self.window_stops) || d.lower[j.saturating_sub(1)] == "," {
                if let Some(cat) = self.verb_right_before(d, from, start) {
                    return cat;
                }
            }
            let mut agents = false;
            for (ps, cat) in [
                (&self.killed, FigureCategory::Killed),
                (&self.wounded, FigureCategory::Wounded),
                (&self.displaced, FigureCategory::Displaced),
                (&self.returned, FigureCategory::Returned),
            ] {
                if let Some(v_end) = ps.match_at(d, j, to) {
                    if cat != FigureCategory::Killed || !self.verb_takes_object(d, np_end, j, v_end, to) {
                        return cat;
                    }
                    agents = true;
                }
            }
            if agents {
                break;
            }
            j += 1;
        }
        // Words inside the noun phrase ("deaths", "dead", "refugees").
        for k in (np_start..np_end).filter(|&k| self.event_first.may_start(d, k)) {
            for (ps, cat) in [
                (&self.killed, FigureCategory::Killed),
                (&self.wounded, FigureCategory::Wounded),
                (&self.displaced, FigureCategory::Displaced),
            ] {
                if Self::any_phrase(d, k, np_end, ps) {
                    return cat;
                }
            }
        }
        // Verbs just before the figure: "killing 23", "death toll of 58", "wounded at least 12".
        let back = start.saturating_sub(4).max(from);
        for k in (back..start).rev() {
            if d.is_number(k) {
                break;
            }
            let sets = [
                (&self.killed, FigureCategory::Killed),
                (&self.wounded, FigureCategory::Wounded),
                (&self.displaced, FigureCategory::Displaced),
            ];
            if self.event_first.may_start(d, k) {
                for (ps, cat) in sets {
                    if Self::any_phrase(d, k, start, ps) {
                        return cat;
                    }
                }
            }
            if d.lemma_in(k, &self.population_before) {
                return FigureCategory::Population;
            }
        }
        for k in (np_start..np_end).filter(|&k| self.group_first.may_start(d, k)) {
            for (ps, cat) in [
                (&self.fighters, FigureCategory::Fighters),
                (&self.troops, FigureCategory::Troops),
                (&self.population, FigureCategory::Population),
            ] {
                if Self::any_phrase(d, k, np_end, ps) {
                    return cat;
                }
            }
        }
        FigureCategory::Other
    }
}
