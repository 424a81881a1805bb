//! People: names the text uses for people are no places, wherever they recur in the text.

use super::place_tagger::PlaceTagger;
use super::tokens::Tok;
use super::words::{W_PERSON, W_TITLE};
use crate::gazetteer::TAG_EXACT;
use rustc_hash::FxHashSet;

impl PlaceTagger {
    /// Family names: the last word of "Given Family" runs whose first word is a known given
    /// name or that follow a title. A later lone "Flores" is then a person, not a place.
    #[inline(never)] // one frame per phase in profiles
    pub(super) fn surnames(&self, toks: &[Tok]) -> FxHashSet<String> {
        let mut out = FxHashSet::default();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            let mut r = i + 1;
            while r < toks.len() && toks[r].cap && r - i < 4 && !toks[r - 1].cut {
                r += 1;
            }
            let titled = || i > 0 && self.words(toks[i - 1].lower.trim_end_matches('.')).has(W_TITLE);
            if r - i >= 2 && (titled() || self.words(toks[i].key).has(W_PERSON)) {
                let whole: Vec<&str> = toks[i..r].iter().map(|t| t.key).collect();
                if self.lookup(TAG_EXACT, &whole.join(" ")).is_empty() {
                    out.insert(toks[r - 1].key.to_string());
                }
            }
            i = r;
        }
        out
    }
}
