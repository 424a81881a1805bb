//! The tagger's public entry points and the order of its steps: tokens, recognition sentence
//! by sentence, containers and lists, agreement across the text, resolution, relative
//! locations, output.

use super::candidate::ACCEPT;
use super::matching::{Memo, Scratch};
use super::place_tagger::PlaceTagger;
use super::recognition::{dateline_credit, TextFacts};
use super::relative::localise_unresolved;
use super::tokens::{word_sig, Tok};
use eventwire_model::{OutletHome, PlaceMention};
use eventwire_text::Segmented;
use rustc_hash::FxHashSet;

impl PlaceTagger {
    /// Segment `text` and tag it (for callers without a segmentation).
    pub fn tag_text(&self, text: &str) -> Vec<PlaceMention> {
        let seg = eventwire_text::segment(text);
        self.tag(text, &seg)
    }

    /// Place mentions of `text`, byte offsets, in text order.
    pub fn tag(&self, text: &str, seg: &Segmented) -> Vec<PlaceMention> {
        self.tag_at_home(text, seg, None)
    }

    /// [`tag`](Self::tag) for an article from an outlet at home in `home` (see
    /// [`crate::home`]): an ambiguous name leans toward the reading near the outlet's home.
    pub fn tag_at_home(&self, text: &str, seg: &Segmented, home: Option<&OutletHome>) -> Vec<PlaceMention> {
        // Lower-case forms and keys of all tokens share one string (no allocation per token).
        let mut arena = String::with_capacity(text.len());
        let mut fixups = Vec::with_capacity(seg.tokens.len() / 4 + 8);
        let mut toks = self.prepare(text, seg, &mut arena, &mut fixups);
        Self::freeze(&arena, &mut toks, &fixups);
        // Sized from the token count: one candidate per few tokens at most, as a rule.
        let mut cands = Vec::with_capacity(toks.len() / 4 + 8);
        let persons = self.persons(&toks);
        let lower_words = lower_words_also_capitalised(&toks);
        let facts =
            TextFacts { persons: &persons, lower_words: &lower_words, credit: dateline_credit(&toks) };
        let mut memo = Memo::with_capacity(toks.len() / 4 + 8);
        let mut scratch = Scratch::default();
        // Sentences are expected in order and disjoint; never look at a token twice.
        let mut done = 0;
        for s in &seg.sentences {
            let (first, end) = (s.first_token.max(done), s.end_token.min(toks.len()));
            if first >= end {
                continue;
            }
            self.recognise(text, &toks, (first, end), &facts, (&mut memo, &mut scratch), &mut cands);
            done = end;
        }
        self.link_containers(&toks, &mut cands);
        self.hint_listed_regions(&toks, &mut cands);
        Self::propagate(&mut cands);
        self.resolve(&mut cands, home);
        self.check_skeletons(&mut cands);
        self.keep_minor_places_in_focus(&mut cands, home);
        Self::propagate_unresolved(&mut cands);
        self.relative(&toks, &mut cands);
        // The country of unresolved places without an anchor: found once, not once per place.
        let focus = self.focus_country(&cands);
        let mut out: Vec<PlaceMention> = cands
            .iter()
            .filter(|c| c.score >= ACCEPT)
            .filter_map(|c| self.mention(text, c, &cands, focus.as_deref()))
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        self.extend_article_names(text, &mut out);
        out.dedup_by(|b, a| b.start < a.end);
        let regions: Vec<bool> = out.iter().map(|m| self.named_as_region(text, m)).collect();
        localise_unresolved(seg, &mut out, &regions);
        for m in &mut out {
            m.country = m.country_code.as_ref().and_then(|cc| self.country_names.get(cc)).cloned();
        }
        out
    }
}

/// Lower-case words that the text also writes capitalised (only capitalised forms are asked
/// about): a bitmap of those capitalised forms spares hashing most words.
fn lower_words_also_capitalised<'a>(toks: &[Tok<'a>]) -> FxHashSet<&'a str> {
    let mut capital_sig = [0u64; 64];
    for t in toks.iter().filter(|t| t.cap) {
        let b = word_sig(t.lower);
        capital_sig[b / 64] |= 1 << (b % 64);
    }
    let mut lower_words: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(64, Default::default());
    lower_words.extend(
        toks.iter()
            .filter(|t| t.word && !t.cap)
            .filter(|t| {
                let b = word_sig(t.lower);
                capital_sig[b / 64] & (1 << (b % 64)) != 0
            })
            .map(|t| t.lower),
    );
    lower_words
}
