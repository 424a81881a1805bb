//! A candidate place mention: a span of tokens, its gazetteer readings and what recognition and
//! resolution learnt about it.

use std::borrow::Cow;

/// Readings considered per name.
pub(super) const MAX_CANDIDATES: usize = 24;
/// Recognition score a gazetteer match needs to be reported.
pub(super) const ACCEPT: f64 = 2.5;

/// Where a candidate's readings come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Source {
    /// The name's exact key (and respellings of it).
    Exact,
    /// Respellings only: the transliteration skeleton key.
    Skeleton,
    /// A demonym ("Iraqi") standing for its country.
    Demonym,
    /// No reading: a name the gazetteer lacks.
    Unknown,
}

/// A candidate's readings, inline (at most `MAX_CANDIDATES`: no allocation per candidate).
#[derive(Clone, Copy)]
pub(super) struct Ids {
    n: u8,
    a: [u32; MAX_CANDIDATES],
}

impl Ids {
    pub(super) const EMPTY: Ids = Ids { n: 0, a: [0; MAX_CANDIDATES] };

    /// The first `MAX_CANDIDATES` of `ids`.
    pub(super) fn from_slice(ids: &[u32]) -> Ids {
        let n = ids.len().min(MAX_CANDIDATES);
        let mut out = Ids::EMPTY;
        out.a[..n].copy_from_slice(&ids[..n]);
        out.n = n as u8;
        out
    }

    pub(super) fn clear(&mut self) {
        self.n = 0;
    }

    pub(super) fn retain(&mut self, mut keep: impl FnMut(&u32) -> bool) {
        let mut w = 0;
        for r in 0..self.n as usize {
            let x = self.a[r];
            if keep(&x) {
                self.a[w] = x;
                w += 1;
            }
        }
        self.n = w as u8;
    }
}

impl std::ops::Deref for Ids {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.a[..self.n as usize]
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A candidate place mention.
#[derive(Debug, Clone)]
pub(super) struct Cand<'t> {
    /// Token range in the sentence's token list (absolute indices).
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) ids: Ids,
    /// Normalised surface key (borrowed from the token for one-token names).
    pub(super) key: Cow<'t, str>,
    /// The first `n_exact` ids matched the exact key; the rest only the skeleton.
    pub(super) n_exact: usize,
    pub(super) source: Source,
    /// `admin` or `settlement` when a place-type word stands next to the name.
    pub(super) type_hint: Option<String>,
    /// Trigger word of an unknown place ("town", "villages").
    pub(super) unknown_kind: Option<String>,
    pub(super) score: f64,
    /// Rejected for a reason that holds everywhere in the text (person, organisation, stop word).
    pub(super) veto: bool,
    /// Only weak evidence (inside a longer name, a common word, a headline): other mentions
    /// of the name do not make this one a place.
    pub(super) weak: bool,
    /// In a place slot: reported as an unresolved place if the gazetteer has no reading.
    pub(super) slot: bool,
    /// After a place preposition or beside a place-type word ("in X", "X province"): if its
    /// readings go, an unresolved place rather than none.
    pub(super) place_context: bool,
    /// Relative location: (span start, distance km, bearing degrees).
    pub(super) relative: Option<(usize, Option<f64>, Option<f64>)>,
    /// For an unknown place: the anchor candidate it is located from, and the bearing.
    pub(super) anchor: Option<(usize, f64)>,
    /// Index of a following ", Container" candidate.
    pub(super) container: Option<usize>,
    /// Index of a following ", Region" candidate that holds none of this name's readings
    /// ("Dorvel, Westmark" where the gazetteer knows only other Dorvels): the place is somewhere
    /// in that region.
    pub(super) in_region: Option<usize>,
    pub(super) chosen: Option<u32>,
    pub(super) confidence: f64,
}

impl<'t> Cand<'t> {
    /// A candidate for `toks[t0..t1]` (bytes `start..end`) with its readings, not yet scored.
    pub(super) fn new(
        (t0, t1): (usize, usize),
        (start, end): (usize, usize),
        ids: Ids,
        key: Cow<'t, str>,
        n_exact: usize,
        source: Source,
    ) -> Self {
        Cand {
            t0,
            t1,
            start,
            end,
            ids,
            key,
            n_exact,
            source,
            type_hint: None,
            unknown_kind: None,
            score: 0.0,
            veto: false,
            weak: false,
            slot: false,
            place_context: false,
            relative: None,
            anchor: None,
            container: None,
            in_region: None,
            chosen: None,
            confidence: 0.0,
        }
    }

    /// No gazetteer reading survived: keep the name as an unresolved place if its slot says so.
    pub(super) fn make_unknown(&mut self) {
        self.ids.clear();
        self.n_exact = 0;
        self.chosen = None;
        self.source = Source::Unknown;
        self.score = if self.slot { ACCEPT } else { 0.0 };
    }
}
