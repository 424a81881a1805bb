//! Recognition: is a capitalised span a place? Each candidate of lexical matching is scored
//! by its readings and by its context (place prepositions, place-type words, lists, titles,
//! speakers, organisation names, headlines), and mentions of one name agree across the text.

use super::candidate::{Cand, Source, ACCEPT};
use super::matching::{Memo, Scratch};
use super::place_tagger::PlaceTagger;
use super::tokens::{opens_sentence, Tok};
use super::words::{
    Words, W_COMMON, W_DETERMINER, W_FEATURE_HEAD, W_GIVEN_NAME_CUE, W_LIST_CONJUNCTION, W_NEWS_AGENCY,
    W_ORG_HEAD, W_PERSON, W_PERSON_NAME_PARTICLE, W_PREP, W_QUALIFIED_NOUN, W_SPEECH_VERB, W_STOP,
    W_STRONG_PLACE_CUE, W_TOPONYM_HEAD,
};
use crate::normalize::norm_key_eq;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};

/// Recognition bonus of a name that qualifies a noun ("a Varna man", "Lindau natives").
const QUALIFIER_BONUS: f64 = 1.0;

/// Per-text facts recognition reads in every sentence.
pub(super) struct TextFacts<'x, 'w> {
    /// Keys of the names the text uses for people (see `persons`).
    pub(super) persons: &'x FxHashSet<String>,
    /// Lower-case words that the text also writes capitalised.
    pub(super) lower_words: &'x FxHashSet<&'w str>,
    /// The tokens of the outlet credited in the text's dateline (see [`dateline_credit`]).
    pub(super) credit: Option<(usize, usize)>,
}

/// Tokens of a dateline's credit before this many tokens of the text.
const DATELINE_TOKENS: usize = 16;

/// "LINDAU (Wire Agency) —", "VARNA, Westmark (AP) -": the name in brackets after the place of
/// a dateline, before its dash, is the outlet or agency that reports, not a place. The range of
/// its tokens.
pub(super) fn dateline_credit(toks: &[Tok]) -> Option<(usize, usize)> {
    let head = &toks[..toks.len().min(DATELINE_TOKENS)];
    let open = head.iter().position(|t| t.lower == "(")?;
    let close = open + head[open..].iter().position(|t| t.lower == ")")?;
    let place_before = open > 0 && toks[open - 1].cap;
    let dash_after = toks.get(close + 1).is_some_and(|t| matches!(t.lower, "-" | "–" | "—"));
    (place_before && dash_after && close > open + 1).then_some((open + 1, close))
}

/// Where a candidate stands: its sentence (`first..end`) and capitalised run (`i..r`).
struct RunContext {
    first: usize,
    end: usize,
    i: usize,
    r: usize,
    /// The run holds an organisation's head word ("Service", "Forces").
    org_run: bool,
    /// The sentence is a headline in Title Case: its capitals say nothing.
    title_case: bool,
}

/// What a candidate's neighbours say about it.
struct Neighbours<'t> {
    prev: Option<&'t Tok<'t>>,
    next: Option<&'t Tok<'t>>,
    next_l: &'t str,
    /// The lists that hold the previous token's lower-case form without a final period
    /// ("Gen." → "gen").
    prev_w: Words,
    /// `admin` or `settlement` from a place-type word next to the name.
    type_hint: Option<String>,
    /// The place-type word of "the town of X", or "place" for a list item right after an
    /// accepted place in such a slot ("…, X", "… and X").
    unknown_kind: Option<String>,
}

/// The context facts that decide a candidate's score.
struct Facts {
    key_w: Words,
    stop: bool,
    title_before: bool,
    in_longer_name: bool,
    person: bool,
    sentence_initial: bool,
    /// After a place preposition ("in", "near").
    slot: bool,
    short: bool,
    said_after: bool,
    /// In a slot that makes even an unknown name a place.
    known_slot: bool,
}

impl PlaceTagger {
    /// Candidates of the sentence `toks[first..end]`, scored, appended to `out`.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn recognise<'s, 't>(
        &'s self,
        text: &str,
        toks: &[Tok<'t>],
        (first, end): (usize, usize),
        facts: &TextFacts,
        (memo, scratch): (&mut Memo, &mut Scratch<'s>),
        out: &mut Vec<Cand<'t>>,
    ) {
        // Headlines in Title Case: capitals there say nothing.
        let (mut n_long, mut n_long_cap) = (0usize, 0usize);
        for t in toks[first..end].iter().filter(|t| t.word && t.lower.len() >= 4) {
            n_long += 1;
            n_long_cap += usize::from(t.cap);
        }
        let title_case = n_long >= 3 && n_long_cap * 10 >= n_long * 6;
        let mut i = first;
        let mut last_slot_end: Option<usize> = None;
        while i < end {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            // The capitalised run.
            let mut r = self.run_end(toks, i, end, None);
            let mut poss_key = None;
            if let Some((r2, p)) = self.possessive_run_on(text, toks, (i, r, end), scratch) {
                r = r2;
                poss_key = p;
            }
            let org_run = r - i >= 2 && (i..r).any(|k| self.words(toks[k].lower).has(W_ORG_HEAD));
            let run_start_cands = out.len();
            self.match_run(toks, (i, r), &poss_key, memo, scratch, out);
            self.merge_unknown_names(toks, out, run_start_cands);
            let ctx = RunContext { first, end, i, r, org_run, title_case };
            for c in out.iter_mut().skip(run_start_cands) {
                self.score(toks, &ctx, facts, c, last_slot_end);
                if c.score >= ACCEPT && c.unknown_kind.is_some() {
                    last_slot_end = Some(c.t1 - 1);
                }
            }
            i = r;
        }
    }

    /// The neighbours of `c`, and the slots they make.
    fn neighbours<'n>(
        &self,
        toks: &'n [Tok<'n>],
        ctx: &RunContext,
        c: &Cand,
        last_slot_end: Option<usize>,
    ) -> Neighbours<'n> {
        let (t0, t1) = (c.t0, c.t1);
        let prev = (t0 > ctx.first).then(|| &toks[t0 - 1]);
        let prev2 = (t0 > ctx.first + 1).then(|| &toks[t0 - 2]);
        let next = (t1 < ctx.end).then(|| &toks[t1]);
        let prev_l: &str = prev.map(|p| p.lower.trim_end_matches('.')).unwrap_or_default();
        let next_l: &str = next.map(|n| n.lower).unwrap_or_default();
        let mut type_hint = None;
        let mut unknown_kind = None;
        let prev_w = self.words(prev_l);
        if let Some(k) = self.place_type(self.words(next_l)).filter(|_| next.is_some_and(|n| n.word)) {
            type_hint = Some(k.clone());
        }
        let prev2_type =
            if prev_l == "of" { prev2.and_then(|p| self.words(p.lower).place_type) } else { None };
        let slot_of = prev2_type.is_some();
        if slot_of {
            let w: &str = prev2.map(|p| p.lower).unwrap_or_default();
            type_hint = prev2_type.map(|k| self.kinds.place_kinds[k as usize].clone());
            unknown_kind = Some(w.to_string());
        }
        let list_slot = (prev_l == "," || prev_w.has(W_LIST_CONJUNCTION))
            && last_slot_end.is_some_and(|e| t0 >= 2 && e == t0 - 2);
        if list_slot && unknown_kind.is_none() {
            unknown_kind = Some("place".into());
        }
        Neighbours { prev, next, next_l, prev_w, type_hint, unknown_kind }
    }

    /// The context facts of `c` (whose key is `key`).
    fn facts(&self, toks: &[Tok], ctx: &RunContext, c: &Cand, key: &str, nb: &Neighbours) -> Facts {
        let (t0, t1) = (c.t0, c.t1);
        let (prev, next) = (nb.prev, nb.next);
        let run_len = ctx.r - ctx.i;
        let key_w = self.words(key);
        let stop = key_w.has(W_STOP);
        // "Gen. Okafor", "spokeswoman Okafor" (not "to miss Okafor").
        let title_before = t0 > ctx.first && self.title_before(toks, t0 - 1);
        // A capitalised neighbour in the same run: part of a longer name ("Lina Varna").
        let in_longer_name =
            run_len > t1 - t0 && ((t0 > ctx.i && toks[t0 - 1].cap) || (t1 < ctx.r && toks[t1].cap));
        // A given name next to another name ("Paul Okafor", "Harun el Dabbagh"), or a family
        // name after a given name ("Paul Varna").
        let particle_then_name = next
            .is_some_and(|n| n.word && self.words(n.lower).has(W_PERSON_NAME_PARTICLE))
            && toks.get(t1 + 1).is_some_and(|n| n.cap);
        let after_given_name = prev.is_some_and(|p| p.cap && self.words(p.key).has(W_PERSON));
        let person = (t1 - t0 == 1)
            && (key_w.has(W_PERSON)
                && (next.is_some_and(|n| n.cap)
                    || prev.is_some_and(|p| p.cap)
                    || nb.prev_w.has(W_GIVEN_NAME_CUE)
                    || particle_then_name)
                || after_given_name);
        let sentence_initial = t0 == ctx.first || prev.is_some_and(opens_sentence);
        let slot = nb.prev_w.has(W_PREP) && prev.is_some_and(|p| p.word);
        let short = key.len() <= 3 && !toks[t0..t1].iter().all(|t| t.allcaps);
        // "Morales said": a speaker, unless a preposition makes it a place ("doctors in
        // Varna said").
        let said_after = !slot && next.is_some_and(|n| self.words(n.lower).has(W_SPEECH_VERB));
        // "troops retook Kafr al-Marjaba", "after taking Tal Jabir north of Lindau".
        let arabic_form = toks[t0..t1].iter().any(|t| self.has_article(t.lower))
            || t1 - t0 > 1 && self.words(toks[t0].key).has(W_TOPONYM_HEAD);
        let strong_prep = prev.is_some_and(|p| p.word) && nb.prev_w.has(W_STRONG_PLACE_CUE);
        let relative_after = next.is_some_and(|n| self.bearing(n.lower).is_some())
            && toks.get(t1 + 1).is_some_and(|n| n.lower == "of");
        let known_slot = !ctx.org_run
            && (nb.unknown_kind.is_some()
                || (nb.type_hint.as_deref() == Some("admin") && !sentence_initial)
                || (arabic_form && (strong_prep || relative_after)));
        Facts {
            key_w,
            stop,
            title_before,
            in_longer_name,
            person,
            sentence_initial,
            slot,
            short,
            said_after,
            known_slot,
        }
    }

    /// Score `c`, set its veto, weak and slot flags, type hint and unknown kind.
    fn score(
        &self,
        toks: &[Tok],
        ctx: &RunContext,
        tf: &TextFacts,
        c: &mut Cand,
        last_slot_end: Option<usize>,
    ) {
        let nb = self.neighbours(toks, ctx, c, last_slot_end);
        c.type_hint = nb.type_hint.clone();
        // Taken out while scoring (put back below): no copy per candidate.
        let key = std::mem::take(&mut c.key);
        let f = self.facts(toks, ctx, c, &key, &nb);
        let (t0, t1) = (c.t0, c.t1);
        let mut score;
        let mut weak = false;
        match c.source {
            Source::Unknown => {
                score = if f.known_slot && !f.stop && !f.title_before && !f.person { 3.0 } else { 0.0 };
                if ctx.r - ctx.i > 1 && f.known_slot && t0 > ctx.i {
                    score = 0.0;
                }
            }
            Source::Demonym => {
                // "Indian Ocean": the name of a feature, not a mention of India.
                let feature = toks.get(t1).is_some_and(|n| n.cap && self.words(n.lower).has(W_FEATURE_HEAD));
                score = if ctx.org_run || feature { 0.0 } else { 3.0 };
            }
            Source::Exact | Source::Skeleton => {
                (score, weak) = self.score_match(toks, ctx, tf, c, &key, &nb, &f);
            }
        }
        // "Gulf of Aden", "Sea of Azov": the head of a feature's name, not the place
        // called "Gulf" (a province of Papua New Guinea).
        let feature_of = t1 - t0 == 1 && f.key_w.has(W_FEATURE_HEAD) && nb.next_l == "of";
        let credit = tf.credit.is_some_and(|(a, b)| t0 >= a && t1 <= b);
        // "NAGA reported": a news agency's acronym, unless it is the place of a dateline
        // ("NAGA, Westmark (AP) -").
        let dateline_place = f.sentence_initial && matches!(nb.next_l, "," | "(" | "-" | "–" | "—");
        let agency = f.key_w.has(W_NEWS_AGENCY) && toks[t0..t1].iter().all(|t| t.allcaps) && !dateline_place;
        let veto = f.stop
            || credit
            || agency
            || f.title_before
            || f.person
            || tf.persons.contains(&*key)
            || ctx.org_run && score <= 0.0
            || f.said_after
            || feature_of;
        if veto {
            score = f64::min(score, 0.0);
        }
        c.veto = veto;
        c.weak = weak;
        c.slot = f.known_slot && !veto;
        c.place_context =
            !veto && (f.known_slot || f.slot || nb.type_hint.is_some() || nb.unknown_kind.is_some());
        c.score = score;
        c.unknown_kind = nb.unknown_kind;
        c.key = key;
    }

    /// The score of a gazetteer match (exact or respelled) in its context, and whether the
    /// evidence is weak.
    #[allow(clippy::too_many_arguments)] // the facts of one candidate
    fn score_match(
        &self,
        toks: &[Tok],
        ctx: &RunContext,
        tf: &TextFacts,
        c: &Cand,
        key: &str,
        nb: &Neighbours,
        f: &Facts,
    ) -> (f64, bool) {
        let (t0, t1) = (c.t0, c.t1);
        let (prev, next) = (nb.prev, nb.next);
        let mut weak = false;
        // Judge an exact match by its exact readings only, not by respellings.
        let n = if c.source == Source::Exact { c.n_exact } else { c.ids.len() };
        let best = c.ids[..n].iter().map(|&i| self.imp(i)).fold(0.0, f64::max);
        let mut score = best / 2.0;
        if t1 - t0 > 1 {
            score += 1.0;
        }
        // "a Varna man", "the Lindau school fire", "Dorvel natives": a name
        // between an article and a lower-case word, or before a noun of
        // `qualified_nouns.txt`, qualifies a thing by its place. Not an acronym
        // ("the NGO") or a word the text also uses in lower case or that is
        // common ("the Royal visit").
        let article_before = nb.prev_w.has(W_DETERMINER) && prev.is_some_and(|p| p.word);
        let qualified_noun = next.is_some_and(|n| self.words(n.lower).has(W_QUALIFIED_NOUN));
        if (article_before || qualified_noun)
            && next.is_some_and(|n| n.word && !n.cap)
            && c.source == Source::Exact
            && !toks[t0..t1].iter().any(|t| t.allcaps)
            && !(t1 - t0 == 1 && (f.key_w.has(W_COMMON) || tf.lower_words.contains(toks[t0].lower)))
        {
            score += QUALIFIER_BONUS;
        }
        if f.slot {
            score += 2.0;
        }
        if nb.type_hint.is_some() || nb.unknown_kind.is_some() {
            score += 2.0;
        }
        if c.source == Source::Skeleton {
            score -= 0.75;
        }
        if ctx.org_run {
            // "Westmark Department of …", "Varna Public Utilities": only a
            // well-known place inside an organisation name counts.
            if (best < 4.0 && t1 - t0 == 1) || c.source == Source::Skeleton {
                score = 0.0;
            }
        } else if f.in_longer_name {
            // After a capitalised word it is likely a family name ("Lina
            // Varna"); before one, a place naming a thing ("Westmark Highway
            // Patrol", "Lindau Veterans Project").
            let after_cap = t0 > ctx.i && toks[t0 - 1].cap;
            score -= if after_cap || best < 4.0 { 1.5 } else { 0.5 };
        }
        if f.short {
            score -= 1.5;
        }
        if f.said_after && best < 6.0 {
            score = 0.0;
        }
        if c.source == Source::Skeleton && !f.slot && nb.type_hint.is_none() && nb.unknown_kind.is_none() {
            score = 0.0;
        }
        let common = t1 - t0 == 1
            && (f.key_w.has(W_COMMON)
                || tf.lower_words.contains(toks[t0].lower)
                || ctx.title_case
                || f.sentence_initial);
        // "Three Hurt in Van Explosion": in a Title Case headline every word is capitalised (and
        // so is a sentence's first word), so a common word (or one the text writes in lower
        // case) after "in" is no place slot, and
        // is a place only when a well-known place bears it as its own name (not as an acronym
        // or an old name of another).
        let headline_word = (ctx.title_case || f.sentence_initial)
            && t1 - t0 == 1
            && (f.key_w.has(W_COMMON) || tf.lower_words.contains(toks[t0].lower))
            && !toks[t0].allcaps;
        let own_best = c.ids[..n]
            .iter()
            .filter(|&&i| norm_key_eq(self.g.name(i), key))
            .map(|&i| self.imp(i))
            .fold(0.0, f64::max);
        if headline_word && own_best < 5.0 {
            score = 0.0;
            weak = true;
        }
        let context = (f.slot && !headline_word) || nb.type_hint.is_some() || nb.unknown_kind.is_some();
        if common && best < 5.0 && !context {
            score -= 2.0;
            weak = true;
        }
        if f.in_longer_name {
            weak = true;
        }
        if key.len() <= 1 {
            score = 0.0;
        }
        // "Dorvel, Westm." / "Dorvel, Westmark": a comma and a place after.
        if nb.next_l == "," && t1 + 1 < ctx.end && toks[t1 + 1].cap {
            score += 0.5;
        }
        (score, weak)
    }

    /// A name taken as a place once is a place wherever it recurs (unless vetoed there).
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn propagate(cands: &mut [Cand]) {
        Self::accept_recurrences(
            cands,
            |c| c.score >= ACCEPT + 0.5 && c.source != Source::Demonym,
            |c, first| c.source == first.source,
        );
    }

    /// A name that lost its gazetteer readings in resolution ("Marjaba", a respelling of a
    /// far-off place) and is an unresolved place in a slot ("the town of Marjaba") is that
    /// place where it recurs too ("around Marjaba"): `propagate` ran before the readings went.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn propagate_unresolved(cands: &mut [Cand]) {
        Self::accept_recurrences(
            cands,
            |c| c.source == Source::Unknown && c.slot && c.score >= ACCEPT,
            |c, _| c.source == Source::Unknown,
        );
    }

    /// Raise to `ACCEPT` every rejected, unvetoed mention whose key an accepted mention has
    /// (`accepted`, the first of each key decides) when `same_kind` allows; it inherits that
    /// mention's unknown kind. Weak candidates neither give nor take.
    fn accept_recurrences(
        cands: &mut [Cand],
        accepted: impl Fn(&Cand) -> bool,
        same_kind: impl Fn(&Cand, &Cand) -> bool,
    ) {
        // Key → first accepted candidate of that key (no string copied).
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (k, c) in cands.iter().enumerate() {
            if !c.weak && accepted(c) {
                first.entry(&*c.key).or_insert(k);
            }
        }
        if first.is_empty() {
            return;
        }
        let mut updates: Vec<(usize, usize)> = Vec::new();
        for (k, c) in cands.iter().enumerate() {
            if c.score < ACCEPT && !c.veto && !c.weak {
                if let Some(&a) = first.get(&*c.key) {
                    if same_kind(c, &cands[a]) {
                        updates.push((k, a));
                    }
                }
            }
        }
        drop(first);
        for (k, a) in updates {
            cands[k].score = ACCEPT;
            if cands[k].unknown_kind.is_none() {
                cands[k].unknown_kind = cands[a].unknown_kind.clone();
            }
        }
    }
}
