//! One scan of the lexicon's DFA over a text: every non-overlapping leftmost-longest match.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored;

/// Every non-overlapping match of `dfa` (leftmost-longest, built without prefilter) in `hay`.
pub(super) fn dfa_matches<'t>(
    dfa: &'t DFA,
    hay: &'t [u8],
) -> impl Iterator<Item = (usize, usize, usize)> + 't {
    let mut from = 0;
    std::iter::from_fn(move || {
        let m = dfa_match_from(dfa, hay, from)?;
        from = m.2.max(m.1 + 1);
        Some(m)
    })
}

/// The leftmost-longest match starting at or after `from`: the crate's `try_find_fwd` for a
/// DFA without prefilter (only dead and match states are special).
#[inline]
fn dfa_match_from(dfa: &DFA, hay: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    if from > hay.len() {
        return None;
    }
    let mut sid = dfa.start_state(Anchored::No).ok()?;
    let found = |sid, end: usize| {
        let pid = dfa.match_pattern(sid, 0);
        (pid.as_usize(), end - dfa.pattern_len(pid), end)
    };
    let mut mat = dfa.is_match(sid).then(|| found(sid, from));
    let mut at = from;
    while let Some(&b) = hay.get(at) {
        sid = dfa.next_state(Anchored::No, sid, b);
        at += 1;
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                return mat;
            }
            if dfa.is_match(sid) {
                mat = Some(found(sid, at));
            }
        }
    }
    mat
}
