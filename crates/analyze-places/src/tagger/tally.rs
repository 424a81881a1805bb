//! Totals over a handful of keys.

/// Adds `v` to `key`'s total in a short list of (key, total): a handful of distinct keys,
/// where a linear scan beats hashing.
pub(super) fn tally<K: PartialEq, V: std::ops::AddAssign>(list: &mut Vec<(K, V)>, key: K, v: V) {
    match list.iter_mut().find(|x| x.0 == key) {
        Some(x) => x.1 += v,
        None => list.push((key, v)),
    }
}

/// `key`'s total in a list built by [`tally`]; zero when absent.
pub(super) fn tallied<K: PartialEq, V: Copy + Default>(list: &[(K, V)], key: K) -> V {
    list.iter().find(|x| x.0 == key).map_or(V::default(), |x| x.1)
}
